"""Events, registrations (with a waiting list) and the reminder rows of each participant."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from db.audience import Audience
from db.database import Database, from_db_time, to_db_time
from db.rows import Claims, FromRow, changed_a_row, changed_rows, fetch_all, through

__all__ = ["Audience", "Event", "EventRepository", "RegStatus", "ReminderRepository"]


class RegStatus(StrEnum):
    registered = "registered"
    waitlist = "waitlist"
    cancelled = "cancelled"


@dataclass(frozen=True, slots=True)
class Event(FromRow):
    id: int
    title_ky: str
    title_ru: str
    description_ky: str
    description_ru: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str | None
    online_url: str | None
    audience: Audience = field(metadata=through(Audience.from_json))
    capacity: int | None
    registration_deadline: dt.datetime | None
    status: str
    sequence: int
    created_by: int | None
    created_at: dt.datetime
    updated_at: dt.datetime
    place_ru: str | None = None  # the place in Russian; `place` is the Kyrgyz (or only) one

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"

    @property
    def deadline(self) -> dt.datetime:
        """Registration is open until this moment (the start unless set earlier)."""
        return self.registration_deadline or self.starts_at

    def title(self, lang: str) -> str:
        return self.title_ru if lang == "ru" else self.title_ky

    def description(self, lang: str) -> str:
        return self.description_ru if lang == "ru" else self.description_ky

    def place_in(self, lang: str) -> str | None:
        """The place in ``lang``, else in the other language (one was given)."""
        if lang == "ru":
            return self.place_ru or self.place
        return self.place or self.place_ru


# Columns an event is created with / may be changed (the form, the file import, edits).
EVENT_FIELDS = (
    "title_ky",
    "title_ru",
    "description_ky",
    "description_ru",
    "starts_at",
    "ends_at",
    "place",
    "place_ru",
    "online_url",
    "audience",
    "capacity",
    "registration_deadline",
)


def _column_value(name: str, value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return to_db_time(value)
    if isinstance(value, Audience):
        return value.to_json()
    return value


@dataclass(frozen=True, slots=True)
class Registration:
    event_id: int
    user_id: int
    status: RegStatus
    queued_at: dt.datetime


@dataclass(frozen=True, slots=True)
class Reminder(FromRow):
    id: int
    event_id: int
    user_id: int
    offset_minutes: int
    due_at: dt.datetime
    status: str
    late: bool = field(metadata=through(bool))
    claim_token: str | None = None
    note: str | None = None


@dataclass
class EventCounts:
    registered: int = 0
    waitlist: int = 0
    by_user: dict[int, RegStatus] = field(default_factory=dict)


class EventRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- events ----------------------------------------------------------------------------
    async def insert(
        self, values: dict[str, Any], *, created_by: int | None, now: dt.datetime
    ) -> int:
        cols = [c for c in EVENT_FIELDS if c in values]
        params = [_column_value(c, values[c]) for c in cols]
        stamp = to_db_time(now)
        sql = (
            f"INSERT INTO events({', '.join(cols)}, created_by, created_at, updated_at)"
            f" VALUES ({', '.join('?' for _ in cols)}, ?, ?, ?)"
        )
        return await self.db.execute(sql, (*params, created_by, stamp, stamp))

    async def update(self, event_id: int, values: dict[str, Any], *, now: dt.datetime) -> None:
        unknown = set(values) - set(EVENT_FIELDS)
        if unknown:
            raise ValueError(f"unknown event fields: {sorted(unknown)}")
        if not values:
            return
        assignments = ", ".join(f"{c} = ?" for c in values)
        params = [_column_value(c, v) for c, v in values.items()]
        await self.db.execute(
            f"UPDATE events SET {assignments}, sequence = sequence + 1, updated_at = ?"
            " WHERE id = ?",
            (*params, to_db_time(now), event_id),
        )

    async def set_cancelled(self, event_id: int, *, now: dt.datetime) -> bool:
        stamp = to_db_time(now)
        return await changed_a_row(
            self.db,
            "UPDATE events SET status = 'cancelled', cancelled_at = ?, updated_at = ?,"
            " sequence = sequence + 1 WHERE id = ? AND status = 'scheduled'",
            (stamp, stamp, event_id),
        )

    async def get(self, event_id: int) -> Event | None:
        return await Event.by_id(self.db, "events", event_id)

    async def upcoming(self, now: dt.datetime, *, include_cancelled: bool = False) -> list[Event]:
        """Events that have not ended yet, soonest first."""
        status = "" if include_cancelled else " AND status = 'scheduled'"
        return await Event.read_all(
            self.db,
            f"SELECT * FROM events WHERE ends_at > ?{status} ORDER BY starts_at, id",
            (to_db_time(now),),
        )

    # -- registrations ---------------------------------------------------------------------
    async def registration(self, event_id: int, user_id: int) -> Registration | None:
        row = await self.db.fetchone(
            "SELECT * FROM event_registrations WHERE event_id = ? AND user_id = ?",
            (event_id, user_id),
        )
        if row is None:
            return None
        return Registration(
            row["event_id"],
            row["user_id"],
            RegStatus(row["status"]),
            from_db_time(row["queued_at"]),  # type: ignore[arg-type]
        )

    async def set_registration(
        self, event_id: int, user_id: int, status: RegStatus, *, now: dt.datetime, requeue: bool
    ) -> None:
        """Insert or change a registration; ``requeue`` moves it to the end of the queue."""
        stamp = to_db_time(now)
        await self.db.execute(
            "INSERT INTO event_registrations(event_id, user_id, status, queued_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT(event_id, user_id) DO UPDATE SET"
            " status = excluded.status, updated_at = excluded.updated_at,"
            " queued_at = CASE WHEN ? THEN excluded.queued_at ELSE queued_at END",
            (event_id, user_id, status.value, stamp, stamp, int(requeue)),
        )

    async def count(self, event_id: int, status: RegStatus) -> int:
        return int(
            await self.db.fetchval(
                "SELECT count(*) FROM event_registrations WHERE event_id = ? AND status = ?",
                (event_id, status.value),
            )
        )

    async def counts(self, event_ids: Sequence[int]) -> dict[int, tuple[int, int]]:
        """event id -> (registered, waiting) for many events at once."""
        if not event_ids:
            return {}
        marks = ", ".join("?" for _ in event_ids)
        rows = await fetch_all(
            self.db,
            "SELECT event_id, sum(status = 'registered') AS r, sum(status = 'waitlist') AS w"
            f" FROM event_registrations WHERE event_id IN ({marks}) GROUP BY event_id",
            tuple(event_ids),
        )
        out = {i: (0, 0) for i in event_ids}
        for row in rows:
            out[row["event_id"]] = (int(row["r"] or 0), int(row["w"] or 0))
        return out

    async def first_waiting(self, event_id: int) -> int | None:
        return await self.db.fetchval(
            "SELECT user_id FROM event_registrations WHERE event_id = ? AND status = 'waitlist'"
            " ORDER BY queued_at, rowid LIMIT 1",
            (event_id,),
        )

    async def waitlist_position(self, event_id: int, user_id: int) -> int | None:
        row = await self.registration(event_id, user_id)
        if row is None or row.status != RegStatus.waitlist:
            return None
        ahead = await self.db.fetchval(
            "SELECT count(*) FROM event_registrations WHERE event_id = ? AND status = 'waitlist'"
            " AND queued_at < ?",
            (event_id, to_db_time(row.queued_at)),
        )
        return int(ahead) + 1

    async def participants(
        self, event_id: int, statuses: Iterable[RegStatus] = (RegStatus.registered,)
    ) -> list[int]:
        wanted = [s.value for s in statuses]
        marks = ", ".join("?" for _ in wanted)
        rows = await fetch_all(
            self.db,
            f"SELECT user_id FROM event_registrations WHERE event_id = ? AND status IN ({marks})"
            " ORDER BY status, queued_at, rowid",
            (event_id, *wanted),
        )
        return [r["user_id"] for r in rows]

    async def user_events(self, user_id: int, now: dt.datetime) -> list[tuple[Event, RegStatus]]:
        """A person's registrations and waiting-list places for events not yet ended."""
        rows = await fetch_all(
            self.db,
            "SELECT e.*, r.status AS reg_status FROM event_registrations r"
            " JOIN events e ON e.id = r.event_id"
            " WHERE r.user_id = ? AND r.status != 'cancelled' AND e.ends_at > ?"
            " ORDER BY e.starts_at, e.id",
            (user_id, to_db_time(now)),
        )
        return [(Event.from_row(r), RegStatus(r["reg_status"])) for r in rows]

    # -- reminders -------------------------------------------------------------------------
    async def arm_reminders(
        self,
        event_id: int,
        user_id: int,
        starts_at: dt.datetime,
        offsets: Iterable[int],
        *,
        now: dt.datetime,
    ) -> int:
        """Create the reminders of one participant whose moment is still ahead.

        A reminder cancelled earlier (the person unregistered) is armed again; one already
        sent stays sent — nobody gets the same reminder twice.
        """
        rows = []
        for minutes in offsets:
            due = starts_at - dt.timedelta(minutes=minutes)
            if due > now:
                rows.append((event_id, user_id, minutes, to_db_time(due)))
        if rows:
            await self.db.executemany(
                "INSERT INTO reminders(event_id, user_id, offset_minutes, due_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT(event_id, user_id, offset_minutes) DO UPDATE"
                " SET status = 'pending', due_at = excluded.due_at, note = NULL"
                " WHERE reminders.status = 'cancelled'",
                rows,
            )
        return len(rows)

    async def cancel_reminders(
        self, event_id: int, user_id: int | None = None, *, note: str
    ) -> int:
        where = "event_id = ? AND status = 'pending'"
        params: list[Any] = [note, event_id]
        if user_id is not None:
            where += " AND user_id = ?"
            params.append(user_id)
        return await changed_rows(
            self.db, f"UPDATE reminders SET status = 'cancelled', note = ? WHERE {where}", params
        )

    async def reschedule_reminders(
        self, event_id: int, starts_at: dt.datetime, *, now: dt.datetime
    ) -> None:
        """The event moved: pending reminders follow it; a reminder already sent (or skipped)
        for the old time is armed again when its new moment is still ahead — it is a new
        moment, not a repeat; reminders whose new moment has passed are skipped."""
        rows = await fetch_all(
            self.db,
            "SELECT id, offset_minutes, status FROM reminders WHERE event_id = ?"
            " AND status IN ('pending', 'sent', 'skipped', 'unknown', 'failed')",
            (event_id,),
        )
        updates = []
        for row in rows:
            due = starts_at - dt.timedelta(minutes=row["offset_minutes"])
            if due > now:
                updates.append(("pending", to_db_time(due), None, row["id"]))
            elif row["status"] == "pending":
                updates.append(("skipped", to_db_time(due), "moved: moment passed", row["id"]))
        if updates:
            await self.db.executemany(
                "UPDATE reminders SET status = ?, due_at = ?, note = ?, late = 0,"
                " claim_token = NULL, claimed_at = NULL WHERE id = ?",
                updates,
            )

    async def reminder_rows(self, event_id: int, user_id: int | None = None) -> list[Reminder]:
        sql = "SELECT * FROM reminders WHERE event_id = ?"
        params: list[Any] = [event_id]
        if user_id is not None:
            sql += " AND user_id = ?"
            params.append(user_id)
        return await Reminder.read_all(self.db, sql + " ORDER BY due_at, id", params)


@dataclass(frozen=True, slots=True)
class DueReminder(FromRow):
    """A pending reminder whose moment has come, with what deciding about it needs."""

    id: int
    event_id: int
    user_id: int
    offset_minutes: int
    due_at: dt.datetime
    starts_at: dt.datetime
    event_status: str
    reg_status: str | None
    language: str | None
    telegram_lang: str | None
    is_active: bool = field(metadata=through(bool))


_CLAIMS = Claims("reminders", "claim_token")


class ReminderRepository:
    """Claims and results of reminders: ``pending`` → ``sending`` (token) → sent / failed."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def due(self, now: dt.datetime, limit: int = 10_000) -> list[DueReminder]:
        return await DueReminder.read_all(
            self.db,
            "SELECT r.id, r.event_id, r.user_id, r.offset_minutes, r.due_at, e.starts_at,"
            " e.status AS event_status, g.status AS reg_status, u.language, u.telegram_lang,"
            " u.is_active FROM reminders r JOIN events e ON e.id = r.event_id"
            " JOIN users u ON u.id = r.user_id"
            " LEFT JOIN event_registrations g ON g.event_id = r.event_id AND g.user_id = r.user_id"
            " WHERE r.status = 'pending' AND r.due_at <= ? ORDER BY r.due_at, r.id LIMIT ?",
            (to_db_time(now), limit),
        )

    async def next_due(self) -> dt.datetime | None:
        return from_db_time(
            await self.db.fetchval("SELECT min(due_at) FROM reminders WHERE status = 'pending'")
        )

    async def skip(self, items: Sequence[tuple[int, str]]) -> None:
        """Mark pending reminders skipped, each with the reason."""
        if items:
            await self.db.executemany(
                "UPDATE reminders SET status = 'skipped', note = ? WHERE id = ?"
                " AND status = 'pending'",
                [(note, rid) for rid, note in items],
            )

    async def claim(self, reminder_id: int, token: str, *, late: bool, now: dt.datetime) -> bool:
        return await _CLAIMS.claim(
            self.db, reminder_id, token, "claimed_at = ?, late = ?", (to_db_time(now), int(late))
        )

    async def finish(
        self,
        reminder_id: int,
        token: str,
        status: str,
        now: dt.datetime,
        *,
        message_id: int | None = None,
        note: str | None = None,
    ) -> bool:
        sent_at = to_db_time(now) if status == "sent" else None
        return await _CLAIMS.settle(
            self.db,
            reminder_id,
            token,
            "status = ?, sent_at = ?, message_id = ?, note = ?",
            (status, sent_at, message_id, note),
        )

    async def release(self, reminder_id: int, token: str, note: str) -> bool:
        """Back to pending (a 429 outlasted the limiter's retries): tried again next run."""
        return await _CLAIMS.settle(
            self.db, reminder_id, token, "status = 'pending', claim_token = NULL, note = ?", (note,)
        )

    async def recover_interrupted(self) -> int:
        return await changed_rows(
            self.db,
            "UPDATE reminders SET status = 'unknown', note = 'interrupted during the send'"
            " WHERE status = 'sending'",
        )

    async def counts(self) -> dict[str, int]:
        rows = await fetch_all(
            self.db, "SELECT status, count(*) AS n FROM reminders GROUP BY status"
        )
        return {r["status"]: r["n"] for r in rows}
