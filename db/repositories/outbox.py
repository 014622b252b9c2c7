"""Broadcasts and their persistent outbox: one row per recipient, claimed before each send.

Row life: ``pending`` → ``sending`` (claimed with a fresh attempt token right before the Bot API
call, committed) → ``sent`` (with the Telegram message id) / ``blocked`` (403) / ``failed``
(bounded retries exhausted, or a permanent error) — or back to ``pending`` with a later
``next_attempt_at`` after a transient error.  ``UNIQUE(broadcast_id, user_id)`` guarantees one row,
hence at most one message, per person.  Rows found in ``sending`` at start-up were interrupted
mid-call by a crash: they become ``unknown`` and are never sent again (see EVENTS_README).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from db.database import Database, from_db_time, to_db_time
from db.rows import Claims, FromRow, changed_a_row, changed_rows, fetch_all, json_or, through


class Kind(StrEnum):
    announcement = "announcement"
    event_new = "event_new"
    event_changed = "event_changed"
    event_cancelled = "event_cancelled"
    waitlist_promoted = "waitlist_promoted"


class BcStatus(StrEnum):
    scheduled = "scheduled"
    running = "running"
    paused = "paused"
    done = "done"
    cancelled = "cancelled"


ACTIVE = (BcStatus.scheduled, BcStatus.running, BcStatus.paused)
NUMBERED = (Kind.announcement, Kind.event_new)  # what admins send and see numbered


@dataclass(frozen=True, slots=True)
class Broadcast(FromRow):
    id: int
    kind: Kind = field(metadata=through(Kind))
    priority: int
    payload: dict[str, Any] = field(metadata=through(json_or(dict)))
    audience: dict[str, Any] = field(metadata=through(json_or(dict)))
    status: BcStatus = field(metadata=through(BcStatus))
    scheduled_at: dt.datetime | None
    created_by: int | None
    progress_chat_id: int | None
    progress_message_id: int | None
    total: int
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    number: int | None = None  # among announcements (the first is №1); None for notices
    # the bot was not running while this was under way (NULL: none)
    downtime_seconds: float = field(default=0.0, metadata=through(lambda s: float(s or 0)))

    @property
    def shown_number(self) -> int:
        return self.number or self.id


@dataclass(frozen=True, slots=True)
class OutboxRow:
    id: int
    broadcast_id: int
    user_id: int
    attempts: int
    language: str | None
    telegram_lang: str | None


@dataclass
class Progress:
    total: int = 0
    pending: int = 0
    sending: int = 0
    sent: int = 0
    failed: int = 0
    blocked: int = 0
    unknown: int = 0
    cancelled: int = 0

    @property
    def finished(self) -> bool:
        return self.pending == 0 and self.sending == 0

    @property
    def processed(self) -> int:
        return self.sent + self.failed + self.blocked + self.unknown


_CLAIMS = Claims("outbox", "attempt_token")


class BroadcastRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- broadcasts ------------------------------------------------------------------------
    async def create(
        self,
        kind: Kind,
        *,
        payload: dict[str, Any],
        now: dt.datetime,
        recipients: Iterable[int] | None = None,
        audience: dict[str, Any] | None = None,
        status: BcStatus = BcStatus.running,
        scheduled_at: dt.datetime | None = None,
        priority: int = 0,
        created_by: int | None = None,
        progress_chat_id: int | None = None,
    ) -> int:
        """A broadcast; a running one gets its outbox rows (``recipients``) in the same
        transaction."""
        stamp = to_db_time(now)
        async with self.db.transaction():
            number = None
            if kind in NUMBERED:
                marks = ", ".join("?" for _ in NUMBERED)
                number = 1 + int(
                    await self.db.fetchval(
                        f"SELECT COALESCE(max(number), 0) FROM broadcasts WHERE kind IN ({marks})",
                        tuple(k.value for k in NUMBERED),
                    )
                )
            bc_id = await self.db.execute(
                "INSERT INTO broadcasts(kind, priority, payload, audience, status, scheduled_at,"
                " created_by, progress_chat_id, created_at, updated_at, started_at, number)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    kind.value,
                    priority,
                    json.dumps(payload, ensure_ascii=False),
                    json.dumps(audience or {}, ensure_ascii=False),
                    status.value,
                    to_db_time(scheduled_at),
                    created_by,
                    progress_chat_id,
                    stamp,
                    stamp,
                    stamp if status == BcStatus.running else None,
                    number,
                ),
            )
            if status == BcStatus.running:
                await self._add_rows(bc_id, recipients or (), now)
        return bc_id

    async def _add_rows(self, bc_id: int, recipients: Iterable[int], now: dt.datetime) -> int:
        stamp = to_db_time(now)
        await self.db.executemany(
            "INSERT OR IGNORE INTO outbox(broadcast_id, user_id, updated_at) VALUES (?, ?, ?)",
            ((bc_id, int(user_id), stamp) for user_id in recipients),
        )
        total = int(
            await self.db.fetchval("SELECT count(*) FROM outbox WHERE broadcast_id = ?", (bc_id,))
        )
        await self.db.execute("UPDATE broadcasts SET total = ? WHERE id = ?", (total, bc_id))
        return total

    async def activate(self, bc_id: int, recipients: Iterable[int], now: dt.datetime) -> bool:
        """A scheduled broadcast starts: its recipients are fixed now, in one transaction."""
        async with self.db.transaction():
            changed = await changed_rows(
                self.db,
                "UPDATE broadcasts SET status = 'running', started_at = ?, updated_at = ?"
                " WHERE id = ? AND status = 'scheduled'",
                (to_db_time(now), to_db_time(now), bc_id),
            )
            if not changed:
                return False
            await self._add_rows(bc_id, recipients, now)
        return True

    async def get(self, bc_id: int) -> Broadcast | None:
        return await Broadcast.by_id(self.db, "broadcasts", bc_id)

    async def set_progress_message(self, bc_id: int, chat_id: int, message_id: int) -> None:
        await self.db.execute(
            "UPDATE broadcasts SET progress_chat_id = ?, progress_message_id = ? WHERE id = ?",
            (chat_id, message_id, bc_id),
        )

    async def set_status(
        self, bc_id: int, allowed_from: Iterable[BcStatus], to: BcStatus, now: dt.datetime
    ) -> bool:
        wanted = [str(s) for s in allowed_from]
        marks = ", ".join("?" for _ in wanted)
        finished = to_db_time(now) if to in (BcStatus.done, BcStatus.cancelled) else None
        async with self.db.transaction():
            changed = await changed_rows(
                self.db,
                f"UPDATE broadcasts SET status = ?, updated_at = ?,"
                f" finished_at = COALESCE(?, finished_at) WHERE id = ? AND status IN ({marks})",
                (to.value, to_db_time(now), finished, bc_id, *wanted),
            )
            if changed and to == BcStatus.cancelled:
                await self.db.execute(
                    "UPDATE outbox SET status = 'cancelled', updated_at = ?"
                    " WHERE broadcast_id = ? AND status = 'pending'",
                    (to_db_time(now), bc_id),
                )
        return changed > 0

    async def with_status(
        self, statuses: Iterable[BcStatus], *, kind: Kind | None = None
    ) -> list[Broadcast]:
        wanted = [str(s) for s in statuses]
        marks = ", ".join("?" for _ in wanted)
        sql = f"SELECT * FROM broadcasts WHERE status IN ({marks})"
        params: list[Any] = list(wanted)
        if kind is not None:
            sql += " AND kind = ?"
            params.append(kind.value)
        return await Broadcast.read_all(self.db, sql + " ORDER BY id", params)

    async def next_running(self, now: dt.datetime) -> Broadcast | None:
        """The running broadcast to work on: highest priority, then oldest, with a row ready."""
        return await Broadcast.read_one(
            self.db,
            "SELECT b.* FROM broadcasts b WHERE b.status = 'running' AND EXISTS ("
            " SELECT 1 FROM outbox o WHERE o.broadcast_id = b.id AND o.status = 'pending'"
            " AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= ?))"
            " ORDER BY b.priority DESC, b.id LIMIT 1",
            (to_db_time(now),),
        )

    async def due_scheduled(self, now: dt.datetime) -> list[Broadcast]:
        return await Broadcast.read_all(
            self.db,
            "SELECT * FROM broadcasts WHERE status = 'scheduled' AND scheduled_at <= ?"
            " ORDER BY scheduled_at, id",
            (to_db_time(now),),
        )

    async def next_wakeup(self) -> dt.datetime | None:
        """The earliest moment something becomes due: a scheduled start or a row's retry."""
        value = await self.db.fetchval(
            "SELECT min(t) FROM ("
            " SELECT scheduled_at AS t FROM broadcasts WHERE status = 'scheduled'"
            " UNION ALL SELECT o.next_attempt_at FROM outbox o JOIN broadcasts b"
            " ON b.id = o.broadcast_id WHERE b.status = 'running' AND o.status = 'pending'"
            " AND o.next_attempt_at IS NOT NULL)"
        )
        return from_db_time(value)

    async def unreported(self) -> list[Broadcast]:
        """Ended broadcasts (done / cancelled) whose final report is still due; a broadcast
        with calls still in flight is left for later."""
        return await Broadcast.read_all(
            self.db,
            "SELECT * FROM broadcasts b WHERE status IN ('done', 'cancelled')"
            " AND reported_at IS NULL AND NOT EXISTS (SELECT 1 FROM outbox o"
            " WHERE o.broadcast_id = b.id AND o.status = 'sending') ORDER BY id",
        )

    async def mark_reported(self, bc_id: int, now: dt.datetime) -> bool:
        return await changed_a_row(
            self.db,
            "UPDATE broadcasts SET reported_at = ? WHERE id = ? AND reported_at IS NULL",
            (to_db_time(now), bc_id),
        )

    async def finish_if_complete(self, bc_id: int, now: dt.datetime) -> bool:
        async with self.db.transaction():
            left = await self.db.fetchval(
                "SELECT count(*) FROM outbox WHERE broadcast_id = ?"
                " AND status IN ('pending', 'sending')",
                (bc_id,),
            )
            if left:
                return False
            changed = await changed_rows(
                self.db,
                "UPDATE broadcasts SET status = 'done', finished_at = ?, updated_at = ?"
                " WHERE id = ? AND status = 'running'",
                (to_db_time(now), to_db_time(now), bc_id),
            )
        return changed > 0

    # -- outbox rows -----------------------------------------------------------------------
    async def pending_batch(self, bc_id: int, now: dt.datetime, limit: int) -> list[OutboxRow]:
        rows = await fetch_all(
            self.db,
            "SELECT o.id, o.broadcast_id, o.user_id, o.attempts, u.language, u.telegram_lang"
            " FROM outbox o JOIN users u ON u.id = o.user_id"
            " WHERE o.broadcast_id = ? AND o.status = 'pending'"
            " AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= ?)"
            " ORDER BY o.id LIMIT ?",
            (bc_id, to_db_time(now), limit),
        )
        return [
            OutboxRow(
                r["id"],
                r["broadcast_id"],
                r["user_id"],
                r["attempts"],
                r["language"],
                r["telegram_lang"],
            )
            for r in rows
        ]

    async def claim(self, row_id: int, token: str, now: dt.datetime) -> bool:
        """``pending`` → ``sending`` with this attempt's token, committed before the call."""
        return await _CLAIMS.claim(
            self.db, row_id, token, "attempts = attempts + 1, updated_at = ?", (to_db_time(now),)
        )

    async def finish(
        self,
        row_id: int,
        token: str,
        status: str,
        now: dt.datetime,
        *,
        message_id: int | None = None,
        error: str | None = None,
    ) -> bool:
        """Record the result of the attempt holding ``token`` (sent / blocked / failed)."""
        return await _CLAIMS.settle(
            self.db,
            row_id,
            token,
            "status = ?, message_id = ?, error = ?, updated_at = ?",
            (status, message_id, error, to_db_time(now)),
        )

    async def retry_later(
        self,
        row_id: int,
        token: str,
        at: dt.datetime,
        error: str,
        now: dt.datetime,
        *,
        count_attempt: bool = True,
    ) -> bool:
        return await _CLAIMS.settle(
            self.db,
            row_id,
            token,
            "status = 'pending', next_attempt_at = ?, error = ?, updated_at = ?,"
            " attempts = attempts - ?",
            (to_db_time(at), error, to_db_time(now), 0 if count_attempt else 1),
        )

    async def add_downtime(self, now: dt.datetime, *, min_gap: float = 5.0) -> dict[int, float]:
        """At start: broadcasts under way when the process stopped get the time since their
        last outbox activity added to ``downtime_seconds`` (excluded from their elapsed time)."""
        rows = await fetch_all(
            self.db,
            "SELECT b.id, b.started_at, (SELECT max(o.updated_at) FROM outbox o"
            " WHERE o.broadcast_id = b.id AND o.status != 'pending') AS last"
            " FROM broadcasts b WHERE b.status = 'running'",
        )
        added: dict[int, float] = {}
        for row in rows:
            last = from_db_time(row["last"]) or from_db_time(row["started_at"])
            if last is None:
                continue
            gap = (now - last).total_seconds()
            if gap >= min_gap:
                added[row["id"]] = gap
        if added:
            await self.db.executemany(
                "UPDATE broadcasts SET downtime_seconds = downtime_seconds + ? WHERE id = ?",
                [(gap, bc_id) for bc_id, gap in added.items()],
            )
        return added

    async def recover_interrupted(self, now: dt.datetime) -> dict[int, int]:
        """Rows left in ``sending`` by a crash → ``unknown`` (never resent).  Per broadcast."""
        rows = await fetch_all(
            self.db,
            "SELECT broadcast_id, count(*) AS n FROM outbox WHERE status = 'sending'"
            " GROUP BY broadcast_id",
        )
        if rows:
            await self.db.execute(
                "UPDATE outbox SET status = 'unknown', updated_at = ?,"
                " error = 'interrupted during the send (process stopped)'"
                " WHERE status = 'sending'",
                (to_db_time(now),),
            )
        return {r["broadcast_id"]: r["n"] for r in rows}

    async def progress(self, bc_id: int) -> Progress:
        rows = await fetch_all(
            self.db,
            "SELECT status, count(*) AS n FROM outbox WHERE broadcast_id = ? GROUP BY status",
            (bc_id,),
        )
        out = Progress()
        for row in rows:
            setattr(out, row["status"], row["n"])
            out.total += row["n"]
        return out

    async def sent_message_ids(self, bc_id: int) -> dict[int, int]:
        rows = await fetch_all(
            self.db,
            "SELECT user_id, message_id FROM outbox WHERE broadcast_id = ? AND status = 'sent'",
            (bc_id,),
        )
        return {r["user_id"]: r["message_id"] for r in rows}
