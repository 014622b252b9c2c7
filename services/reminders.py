"""Reminders of events: which due reminder rows to send now and which to skip (pure rules).

The sending (claim, send, record; the trigger) is :class:`bot.workers.reminders.
ReminderComponent`.  Of several due rows of one person and event (after downtime) only the
nearest to the start is sent, the others are skipped as superseded; a row whose moment passed
less than ``reminder_grace_minutes`` ago is sent, marked late; older ones, or ones whose event
already started, are skipped with the reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from db.repositories.events import DueReminder

# Sent this much after its moment = "late", said with the real delay.  Half a minute: from
# there the delay reads as at least "1 minute" in the text (times are rounded to minutes).
LATE_AFTER = dt.timedelta(seconds=30)


@dataclass
class Decision:
    send: list[tuple[DueReminder, bool]] = field(default_factory=list)  # (row, late)
    skip: list[tuple[int, str]] = field(default_factory=list)  # (row id, reason)


def decide(rows: Sequence[DueReminder], now: dt.datetime, grace: dt.timedelta) -> Decision:
    """What to do with due rows: a pure function of the rows and the clock."""
    out = Decision()
    latest: dict[tuple[int, int], DueReminder] = {}

    def nearness(r: DueReminder) -> tuple[dt.datetime, int]:  # nearer to the start = bigger
        return (r.due_at, -r.offset_minutes)

    for row in rows:
        key = (row.event_id, row.user_id)
        best = latest.get(key)
        if best is None or nearness(row) > nearness(best):
            if best is not None:
                out.skip.append((best.id, "superseded by a later reminder"))
            latest[key] = row
        else:
            out.skip.append((row.id, "superseded by a later reminder"))
    for row in latest.values():
        overdue = now - row.due_at
        if row.event_status != "scheduled":
            out.skip.append((row.id, "event cancelled"))
        elif row.reg_status != "registered":
            out.skip.append((row.id, "not registered"))
        elif not row.is_active:
            out.skip.append((row.id, "blocked the bot"))
        elif now >= row.starts_at:
            out.skip.append((row.id, "event already started"))
        elif overdue > grace:
            out.skip.append((row.id, f"too late: moment passed {overdue} ago"))
        else:
            out.send.append((row, overdue > LATE_AFTER))
    out.send.sort(key=lambda item: (item[0].due_at, item[0].id))
    return out
