"""Tickets, their messages and events, bot offers (read from questions), canned replies,
FAQ drafts, calendar changes.

Plain data access; the rules (who may do what, state transitions, SLA) live in
:mod:`services.tickets`.  Every state change is a conditional UPDATE inside a ``BEGIN IMMEDIATE``
transaction, so concurrent callers (two consultants pressing Take) cannot both win.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from db.database import Database, to_db_time
from db.repositories.questions import Offer, QuestionRepository
from db.rows import FromRow, changed_a_row, changed_rows, json_or, through

OPEN_STATUSES = ("new", "assigned", "waiting_user", "reopened")
EVENT_MAX_ATTEMPTS = 10  # an announcement still failing after this many tries is given up


@dataclass(frozen=True, slots=True)
class TicketRow(FromRow):
    id: int
    asker_id: int
    status: str
    category: str
    category_source: str
    language: str
    question: str
    bot_offer: str | None
    offer_id: int | None
    source: str
    parent_ticket_id: int | None
    owner_id: int | None
    chat_id: int | None
    thread_id: int | None
    card_message_id: int | None
    created_at: dt.datetime
    updated_at: dt.datetime
    taken_at: dt.datetime | None
    first_response_at: dt.datetime | None
    last_asker_message_at: dt.datetime | None
    waiting_since: dt.datetime | None
    closed_at: dt.datetime | None
    closed_by: int | None
    close_reason: str | None
    resolution: str | None
    rating: int | None
    rating_comment: str | None
    rated_at: dt.datetime | None
    reopened_count: int = field(metadata=through(lambda count: count or 0))  # NULL: 0
    reopened_at: dt.datetime | None
    out_of_hours_notified_at: dt.datetime | None
    sla_take_fired_at: dt.datetime | None
    sla_response_fired_at: dt.datetime | None
    sla_waiting_fired_at: dt.datetime | None
    replied_at: dt.datetime | None = None

    @property
    def number(self) -> int:
        return self.id

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


@dataclass(frozen=True, slots=True)
class MessageRow(FromRow):
    id: int
    ticket_id: int
    direction: str
    author_id: int | None
    content_type: str
    text: str | None
    html: str | None
    file_id: str | None
    file_name: str | None
    private_message_id: int | None
    group_chat_id: int | None
    group_message_id: int | None
    extra_message_ids: list[int] = field(metadata=through(json_or(list)))
    delivery_status: str
    attempts: int
    next_attempt_at: dt.datetime | None
    last_error: str | None
    delivered_at: dt.datetime | None
    edit_status: str | None
    created_at: dt.datetime
    edited_at: dt.datetime | None
    dead_alerted_at: dt.datetime | None = None
    combined_with: int | None = None


@dataclass(frozen=True, slots=True)
class EventRow(FromRow):
    id: int
    ticket_id: int
    kind: str
    actor_id: int | None
    at: dt.datetime
    details: dict[str, Any] = field(metadata=through(json_or(dict)))
    notify_status: str
    attempts: int
    notified_at: dt.datetime | None
    group_message_id: int | None
    next_attempt_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class CannedReply:
    id: int
    name: str
    language: str
    text: str
    uses: int


@dataclass(frozen=True, slots=True)
class FaqDraft(FromRow):
    id: int
    ticket_id: int | None
    question: str
    answer: str
    category: str
    language: str
    status: str
    created_by: int | None
    created_at: dt.datetime
    faq_id: str | None


class TicketRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- offers: a question's offer (one row per question, db.repositories.questions) --------
    async def get_offer(self, offer_id: int) -> Offer | None:
        return await QuestionRepository(self.db).get_offer(offer_id)

    # -- tickets ---------------------------------------------------------------------------
    async def get(self, ticket_id: int) -> TicketRow | None:
        return await TicketRow.by_id(self.db, "tickets", ticket_id)

    async def insert(self, fields: dict[str, Any]) -> int:
        names = ", ".join(fields)
        marks = ", ".join("?" for _ in fields)
        return await self.db.execute(
            f"INSERT INTO tickets({names}) VALUES ({marks})", tuple(fields.values())
        )

    async def update_where(
        self, ticket_id: int, changes: dict[str, Any], where: str = "", params: Sequence[Any] = ()
    ) -> bool:
        """``UPDATE tickets SET changes WHERE id = ? [AND where]``; True when a row changed."""
        assignments = ", ".join(f"{name} = ?" for name in changes)
        sql = f"UPDATE tickets SET {assignments} WHERE id = ?"
        if where:
            sql += f" AND ({where})"
        return await changed_a_row(self.db, sql, (*changes.values(), ticket_id, *params))

    async def open_for_asker(self, asker_id: int) -> TicketRow | None:
        return await TicketRow.read_one(
            self.db,
            "SELECT * FROM tickets WHERE asker_id = ? AND status IN"
            " ('new', 'assigned', 'waiting_user', 'reopened') ORDER BY id DESC LIMIT 1",
            (asker_id,),
        )

    async def for_asker(self, asker_id: int, limit: int = 20) -> list[TicketRow]:
        return await TicketRow.read_all(
            self.db,
            "SELECT * FROM tickets WHERE asker_id = ? ORDER BY id DESC LIMIT ?",
            (asker_id, limit),
        )

    async def open_tickets(self) -> list[TicketRow]:
        return await TicketRow.read_all(
            self.db,
            "SELECT * FROM tickets WHERE status IN ('new', 'assigned', 'waiting_user',"
            " 'reopened') ORDER BY created_at, id",
        )

    async def by_thread(self, chat_id: int, thread_id: int) -> TicketRow | None:
        return await TicketRow.read_one(
            self.db,
            "SELECT * FROM tickets WHERE chat_id = ? AND thread_id = ? ORDER BY id DESC LIMIT 1",
            (chat_id, thread_id),
        )

    async def by_group_message(self, chat_id: int, message_id: int) -> TicketRow | None:
        """The ticket a message in the consultants' chat belongs to (card, relayed copies,
        announcements) — used where topics are off and consultants reply to messages."""
        return await TicketRow.read_one(
            self.db,
            "SELECT t.* FROM tickets t WHERE t.chat_id = ? AND t.card_message_id = ?"
            " UNION ALL SELECT t.* FROM ticket_messages m JOIN tickets t ON t.id = m.ticket_id"
            " WHERE m.group_chat_id = ? AND m.group_message_id = ?"
            " UNION ALL SELECT t.* FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id"
            " WHERE t.chat_id = ? AND e.group_message_id = ? LIMIT 1",
            (chat_id, message_id, chat_id, message_id, chat_id, message_id),
        )

    async def candidates_for_sla(self) -> list[TicketRow]:
        return await TicketRow.read_all(
            self.db,
            "SELECT * FROM tickets WHERE status IN ('new', 'assigned', 'waiting_user',"
            " 'reopened') AND (sla_take_fired_at IS NULL OR sla_response_fired_at IS NULL"
            " OR status = 'waiting_user')",
        )

    # -- messages --------------------------------------------------------------------------
    async def add_message(self, fields: dict[str, Any]) -> tuple[int, bool]:
        """Insert a ticket message; a duplicate of an already stored Telegram message returns
        the existing row's id and ``False``."""
        names = ", ".join(fields)
        marks = ", ".join("?" for _ in fields)
        async with self.db.transaction() as conn:
            cur = await conn.execute(
                f"INSERT INTO ticket_messages({names}) VALUES ({marks}) ON CONFLICT DO NOTHING",
                tuple(fields.values()),
            )
            new_id, changed = cur.lastrowid, cur.rowcount
            await cur.close()
            if changed == 1 and new_id:
                return int(new_id), True
            if fields.get("direction") == "in":
                sql = (
                    "SELECT id FROM ticket_messages WHERE ticket_id = ? AND direction = 'in'"
                    " AND private_message_id = ?"
                )
                params: tuple[Any, ...] = (fields["ticket_id"], fields.get("private_message_id"))
            else:
                sql = (
                    "SELECT id FROM ticket_messages WHERE direction IN ('out', 'note')"
                    " AND group_chat_id = ? AND group_message_id = ?"
                )
                params = (fields.get("group_chat_id"), fields.get("group_message_id"))
            async with conn.execute(sql, params) as cur2:
                row = await cur2.fetchone()
        if row is None:
            raise RuntimeError("ticket message neither inserted nor found")
        return int(row[0]), False

    async def get_message(self, message_id: int) -> MessageRow | None:
        return await MessageRow.by_id(self.db, "ticket_messages", message_id)

    async def messages(self, ticket_id: int) -> list[MessageRow]:
        return await MessageRow.where(self.db, "ticket_messages", "ticket_id", ticket_id)

    async def message_by_private(self, chat_id: int, message_id: int) -> MessageRow | None:
        """A ticket message by its id in the asker's chat (source of 'in' or copy of 'out')."""
        return await MessageRow.read_one(
            self.db,
            "SELECT m.* FROM ticket_messages m JOIN tickets t ON t.id = m.ticket_id"
            " WHERE t.asker_id = ? AND m.private_message_id = ? ORDER BY m.id DESC LIMIT 1",
            (chat_id, message_id),
        )

    async def message_by_group(self, chat_id: int, message_id: int) -> MessageRow | None:
        return await MessageRow.read_one(
            self.db,
            "SELECT * FROM ticket_messages WHERE group_chat_id = ? AND group_message_id = ?"
            " ORDER BY id DESC LIMIT 1",
            (chat_id, message_id),
        )

    async def last_out_text(self, ticket_id: int) -> str | None:
        return await self.db.fetchval(
            "SELECT text FROM ticket_messages WHERE ticket_id = ? AND direction = 'out'"
            " AND text IS NOT NULL AND text != '' ORDER BY id DESC LIMIT 1",
            (ticket_id,),
        )

    async def claim_delivery(self, message_id: int, now: dt.datetime) -> bool:
        """pending/failed → sending (one claimer wins); counts the attempt."""
        _ = now
        return await changed_a_row(
            self.db,
            "UPDATE ticket_messages SET delivery_status = 'sending',"
            " attempts = attempts + 1, next_attempt_at = NULL WHERE id = ?"
            " AND delivery_status IN ('pending', 'failed')",
            (message_id,),
        )

    async def finish_delivery(
        self,
        message_id: int,
        status: str,
        now: dt.datetime,
        *,
        private_message_id: int | None = None,
        group_chat_id: int | None = None,
        group_message_id: int | None = None,
        extra_ids: Iterable[int] = (),
        error: str | None = None,
        retry_at: dt.datetime | None = None,
    ) -> None:
        changes: dict[str, Any] = {"delivery_status": status}
        if status == "sent":
            changes["delivered_at"] = to_db_time(now)
            changes["last_error"] = None
        if private_message_id is not None:
            changes["private_message_id"] = private_message_id
        if group_chat_id is not None:
            changes["group_chat_id"] = group_chat_id
        if group_message_id is not None:
            changes["group_message_id"] = group_message_id
        extra = list(extra_ids)
        if extra:
            changes["extra_message_ids"] = json.dumps(extra)
        if error is not None:
            changes["last_error"] = error[:500]
        if retry_at is not None:
            changes["next_attempt_at"] = to_db_time(retry_at)
        assignments = ", ".join(f"{k} = ?" for k in changes)
        await self.db.execute(
            f"UPDATE ticket_messages SET {assignments} WHERE id = ?",
            (*changes.values(), message_id),
        )

    async def drop_html(self, message_id: int) -> None:
        """Forget a message's formatting (Telegram refused it) and make it deliverable again."""
        await self.db.execute(
            "UPDATE ticket_messages SET html = NULL, delivery_status = 'failed',"
            " next_attempt_at = NULL WHERE id = ? AND delivery_status = 'sending'",
            (message_id,),
        )

    async def due_deliveries(self, now: dt.datetime, limit: int = 50) -> list[MessageRow]:
        return await MessageRow.read_all(
            self.db,
            "SELECT * FROM ticket_messages WHERE delivery_status = 'pending'"
            " OR (delivery_status = 'failed' AND (next_attempt_at IS NULL"
            " OR next_attempt_at <= ?)) ORDER BY id LIMIT ?",
            (to_db_time(now), limit),
        )

    async def recover_interrupted(self) -> int:
        """After a restart: relays and announcements caught mid-send are retried."""
        async with self.db.transaction() as conn:
            cur = await conn.execute(
                "UPDATE ticket_messages SET delivery_status = 'failed',"
                " last_error = 'interrupted' WHERE delivery_status = 'sending'"
            )
            n = cur.rowcount
            await cur.close()
            cur = await conn.execute(
                "UPDATE ticket_messages SET edit_status = 'failed' WHERE edit_status = 'sending'"
            )
            await cur.close()
            cur = await conn.execute(
                "UPDATE ticket_events SET notify_status = 'failed' WHERE notify_status = 'sending'"
            )
            n += cur.rowcount
            await cur.close()
        return n

    async def record_edit(
        self, message_id: int, *, text: str | None, html: str | None, now: dt.datetime
    ) -> None:
        await self.db.execute(
            "UPDATE ticket_messages SET text = ?, html = ?, edited_at = ?,"
            " edit_status = CASE WHEN delivery_status IN ('sent', 'sending', 'pending', 'failed')"
            " THEN 'pending' ELSE edit_status END WHERE id = ?",
            (text, html, to_db_time(now), message_id),
        )

    async def claim_edit(self, message_id: int) -> bool:
        return await changed_a_row(
            self.db,
            "UPDATE ticket_messages SET edit_status = 'sending' WHERE id = ?"
            " AND edit_status IN ('pending', 'failed') AND delivery_status = 'sent'",
            (message_id,),
        )

    async def finish_edit(self, message_id: int, status: str) -> None:
        await self.db.execute(
            "UPDATE ticket_messages SET edit_status = ? WHERE id = ?", (status, message_id)
        )

    async def due_edits(self, limit: int = 50, ticket_id: int | None = None) -> list[MessageRow]:
        return await MessageRow.read_all(
            self.db,
            "SELECT * FROM ticket_messages WHERE edit_status IN ('pending', 'failed')"
            " AND delivery_status = 'sent' AND (? IS NULL OR ticket_id = ?) ORDER BY id LIMIT ?",
            (ticket_id, ticket_id, limit),
        )

    # -- events ----------------------------------------------------------------------------
    async def add_event(
        self,
        ticket_id: int,
        kind: str,
        now: dt.datetime,
        *,
        actor_id: int | None = None,
        notify: bool = True,
        **details: Any,
    ) -> int:
        return await self.db.execute(
            "INSERT INTO ticket_events(ticket_id, kind, actor_id, at, details, notify_status)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                ticket_id,
                kind,
                actor_id,
                to_db_time(now),
                json.dumps(details, ensure_ascii=False, default=str) if details else None,
                "pending" if notify else "none",
            ),
        )

    async def get_event(self, event_id: int) -> EventRow | None:
        return await EventRow.by_id(self.db, "ticket_events", event_id)

    async def events(self, ticket_id: int) -> list[EventRow]:
        return await EventRow.where(self.db, "ticket_events", "ticket_id", ticket_id)

    async def claim_event(self, event_id: int) -> bool:
        return await changed_a_row(
            self.db,
            "UPDATE ticket_events SET notify_status = 'sending', attempts = attempts + 1"
            " WHERE id = ? AND notify_status IN ('pending', 'failed')",
            (event_id,),
        )

    async def save_event_progress(
        self, event_id: int, details: dict[str, Any], group_message_id: int | None = None
    ) -> None:
        await self.db.execute(
            "UPDATE ticket_events SET details = ?,"
            " group_message_id = COALESCE(?, group_message_id) WHERE id = ?",
            (json.dumps(details, ensure_ascii=False, default=str), group_message_id, event_id),
        )

    async def finish_event(
        self,
        event_id: int,
        status: str,
        now: dt.datetime,
        retry_at: dt.datetime | None = None,
    ) -> None:
        await self.db.execute(
            "UPDATE ticket_events SET notify_status = ?, next_attempt_at = ?,"
            " notified_at = CASE WHEN ? = 'sent' THEN ? ELSE notified_at END WHERE id = ?",
            (status, to_db_time(retry_at), status, to_db_time(now), event_id),
        )

    async def due_events(self, limit: int = 50, now: dt.datetime | None = None) -> list[EventRow]:
        return await EventRow.read_all(
            self.db,
            "SELECT * FROM ticket_events WHERE notify_status IN ('pending', 'failed')"
            " AND attempts < ? AND (next_attempt_at IS NULL OR ? IS NULL OR next_attempt_at <= ?)"
            " ORDER BY id LIMIT ?",
            (EVENT_MAX_ATTEMPTS, to_db_time(now), to_db_time(now), limit),
        )

    # -- the background sender (services.relay.Courier) ------------------------------------
    async def undelivered_events(self, ticket_id: int) -> list[EventRow]:
        return await EventRow.read_all(
            self.db,
            "SELECT * FROM ticket_events WHERE ticket_id = ? AND notify_status IN"
            " ('pending', 'failed') AND attempts < ? ORDER BY id",
            (ticket_id, EVENT_MAX_ATTEMPTS),
        )

    async def undelivered_messages(self, ticket_id: int, limit: int = 20) -> list[MessageRow]:
        """The ticket's relays still to send (pending, or failed and waiting to retry), oldest
        first: they go out in this order."""
        return await MessageRow.read_all(
            self.db,
            "SELECT * FROM ticket_messages WHERE ticket_id = ?"
            " AND delivery_status IN ('pending', 'failed') ORDER BY id LIMIT ?",
            (ticket_id, limit),
        )

    async def tickets_with_due_work(self, now: dt.datetime, limit: int = 200) -> list[int]:
        """Tickets with a relay or announcement due now (the sweeper hands them to the
        background sender)."""
        stamp = to_db_time(now)
        rows = await self.db.fetchall(
            "SELECT ticket_id FROM ticket_messages WHERE delivery_status = 'pending'"
            " OR (delivery_status = 'failed' AND (next_attempt_at IS NULL OR next_attempt_at <= ?))"
            " UNION SELECT ticket_id FROM ticket_events WHERE notify_status IN"
            " ('pending', 'failed') AND attempts < ? AND (next_attempt_at IS NULL"
            " OR next_attempt_at <= ?) ORDER BY 1 LIMIT ?",
            (stamp, EVENT_MAX_ATTEMPTS, stamp, limit),
        )
        return [int(r[0]) for r in rows]

    async def claim_deliveries(self, message_ids: Sequence[int]) -> list[int]:
        """Claim several relays at once (a combined send); returns those claimed."""
        won: list[int] = []
        async with self.db.transaction() as conn:
            for message_id in message_ids:
                cur = await conn.execute(
                    "UPDATE ticket_messages SET delivery_status = 'sending',"
                    " attempts = attempts + 1, next_attempt_at = NULL WHERE id = ?"
                    " AND delivery_status IN ('pending', 'failed')",
                    (message_id,),
                )
                if cur.rowcount == 1:
                    won.append(message_id)
                await cur.close()
        return won

    async def finish_combined(
        self,
        message_ids: Sequence[int],
        now: dt.datetime,
        *,
        group_chat_id: int,
        group_message_id: int,
    ) -> None:
        """Several relays went out as one message: each row records that copy."""
        lead = message_ids[0]
        async with self.db.transaction() as conn:
            for message_id in message_ids:
                await conn.execute(
                    "UPDATE ticket_messages SET delivery_status = 'sent', delivered_at = ?,"
                    " last_error = NULL, group_chat_id = ?, group_message_id = ?,"
                    " combined_with = ? WHERE id = ?",
                    (
                        to_db_time(now),
                        group_chat_id,
                        group_message_id,
                        lead if message_id != lead else None,
                        message_id,
                    ),
                )

    async def shares_copy(self, message: MessageRow) -> bool:
        """Whether the message's copy in the consultants' chat carries other messages too."""
        if message.group_message_id is None:
            return False
        value = await self.db.fetchval(
            "SELECT count(*) FROM ticket_messages WHERE direction = 'in' AND group_chat_id = ?"
            " AND group_message_id = ?",
            (message.group_chat_id, message.group_message_id),
        )
        return int(value or 0) > 1

    # -- relays that failed for good -------------------------------------------------------
    async def dead_messages(
        self, limit: int = 20, since: dt.datetime | None = None
    ) -> list[MessageRow]:
        """Relays that could not be delivered, of open tickets or written since ``since``,
        newest first."""
        return await MessageRow.read_all(
            self.db,
            "SELECT m.* FROM ticket_messages m JOIN tickets t ON t.id = m.ticket_id"
            " WHERE m.delivery_status = 'dead' AND (t.status != 'closed' OR ? IS NULL"
            " OR m.created_at >= ?) ORDER BY m.id DESC LIMIT ?",
            (to_db_time(since), to_db_time(since), limit),
        )

    async def dead_unalerted(self, limit: int = 20) -> list[MessageRow]:
        return await MessageRow.read_all(
            self.db,
            "SELECT * FROM ticket_messages WHERE delivery_status = 'dead'"
            " AND dead_alerted_at IS NULL ORDER BY id LIMIT ?",
            (limit,),
        )

    async def mark_dead_alerted(self, message_id: int, now: dt.datetime) -> bool:
        """Claim the one alert about a dead relay (False: someone already sent it)."""
        return await changed_a_row(
            self.db,
            "UPDATE ticket_messages SET dead_alerted_at = ? WHERE id = ?"
            " AND dead_alerted_at IS NULL",
            (to_db_time(now), message_id),
        )

    async def retry_dead(self, message_id: int) -> bool:
        """A person asked to try a dead relay again: it is pending with fresh attempts."""
        return await changed_a_row(
            self.db,
            "UPDATE ticket_messages SET delivery_status = 'pending', attempts = 0,"
            " next_attempt_at = NULL, dead_alerted_at = NULL WHERE id = ?"
            " AND delivery_status = 'dead'",
            (message_id,),
        )

    # -- consultants' preferences ----------------------------------------------------------
    async def works_in_private(self, user_id: int) -> bool:
        value = await self.db.fetchval(
            "SELECT work_in_private FROM consultant_prefs WHERE user_id = ?", (user_id,)
        )
        return bool(value)

    async def set_work_in_private(self, user_id: int, on: bool, now: dt.datetime) -> None:
        await self.db.execute(
            "INSERT INTO consultant_prefs(user_id, work_in_private, updated_at) VALUES (?, ?, ?)"
            " ON CONFLICT(user_id) DO UPDATE SET work_in_private = excluded.work_in_private,"
            " updated_at = excluded.updated_at",
            (user_id, int(on), to_db_time(now)),
        )

    async def owned_open(self, owner_id: int) -> list[TicketRow]:
        return await TicketRow.read_all(
            self.db,
            "SELECT * FROM tickets WHERE owner_id = ? AND status IN ('new', 'assigned',"
            " 'waiting_user', 'reopened') ORDER BY id",
            (owner_id,),
        )

    # -- canned replies --------------------------------------------------------------------
    async def canned_upsert(
        self, name: str, language: str, text: str, author_id: int, now: dt.datetime
    ) -> None:
        stamp = to_db_time(now)
        await self.db.execute(
            "INSERT INTO canned_replies(name, language, text, created_by, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(name, language) DO UPDATE SET"
            " text = excluded.text, updated_at = excluded.updated_at",
            (name, language, text, author_id, stamp, stamp),
        )

    async def canned_get(self, name: str, language: str) -> CannedReply | None:
        row = await self.db.fetchone(
            "SELECT * FROM canned_replies WHERE name = ? AND language IN (?, '*')"
            " ORDER BY language = '*' LIMIT 1",
            (name, language),
        )
        if row is None:
            row = await self.db.fetchone(
                "SELECT * FROM canned_replies WHERE name = ? ORDER BY language LIMIT 1", (name,)
            )
        return (
            CannedReply(row["id"], row["name"], row["language"], row["text"], row["uses"])
            if row
            else None
        )

    async def canned_used(self, canned_id: int) -> None:
        await self.db.execute(
            "UPDATE canned_replies SET uses = uses + 1 WHERE id = ?", (canned_id,)
        )

    async def canned_list(self) -> list[CannedReply]:
        rows = await self.db.fetchall("SELECT * FROM canned_replies ORDER BY name, language")
        return [CannedReply(r["id"], r["name"], r["language"], r["text"], r["uses"]) for r in rows]

    async def canned_delete(self, name: str) -> int:
        return await changed_rows(self.db, "DELETE FROM canned_replies WHERE name = ?", (name,))

    # -- FAQ drafts ------------------------------------------------------------------------
    async def add_draft(self, fields: dict[str, Any]) -> tuple[int, bool]:
        """A draft for a ticket; an open draft of the same ticket is updated instead."""
        async with self.db.transaction() as conn:
            async with conn.execute(
                "SELECT id FROM faq_drafts WHERE ticket_id = ? AND status = 'draft'",
                (fields.get("ticket_id"),),
            ) as cur:
                row = await cur.fetchone()
            if row is not None:
                await conn.execute(
                    "UPDATE faq_drafts SET question = ?, answer = ?, category = ? WHERE id = ?",
                    (fields["question"], fields["answer"], fields["category"], row[0]),
                )
                return int(row[0]), False
            names = ", ".join(fields)
            marks = ", ".join("?" for _ in fields)
            cur2 = await conn.execute(
                f"INSERT INTO faq_drafts({names}) VALUES ({marks})", tuple(fields.values())
            )
            new_id = cur2.lastrowid
            await cur2.close()
        return int(new_id or 0), True

    async def get_draft(self, draft_id: int) -> FaqDraft | None:
        return await FaqDraft.by_id(self.db, "faq_drafts", draft_id)

    async def drafts(self, status: str = "draft", limit: int = 20) -> list[FaqDraft]:
        return await FaqDraft.read_all(
            self.db,
            "SELECT * FROM faq_drafts WHERE status = ? ORDER BY id LIMIT ?",
            (status, limit),
        )

    async def review_draft(
        self, draft_id: int, status: str, reviewer: int, now: dt.datetime, faq_id: str | None
    ) -> bool:
        return await changed_a_row(
            self.db,
            "UPDATE faq_drafts SET status = ?, reviewed_by = ?, reviewed_at = ?, faq_id = ?"
            " WHERE id = ? AND status = 'draft'",
            (status, reviewer, to_db_time(now), faq_id, draft_id),
        )

    # -- working calendar ------------------------------------------------------------------
    async def calendar_days(self) -> list[tuple[dt.date, str, str | None]]:
        rows = await self.db.fetchall("SELECT day, kind, note FROM work_calendar_days ORDER BY day")
        return [(dt.date.fromisoformat(r["day"]), r["kind"], r["note"]) for r in rows]

    async def set_calendar_day(
        self, day: dt.date, kind: str | None, note: str | None, actor: int, now: dt.datetime
    ) -> None:
        if kind is None:
            await self.db.execute(
                "DELETE FROM work_calendar_days WHERE day = ?", (day.isoformat(),)
            )
            return
        await self.db.execute(
            "INSERT INTO work_calendar_days(day, kind, note, created_by, created_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT(day) DO UPDATE SET kind = excluded.kind,"
            " note = excluded.note",
            (day.isoformat(), kind, note, actor, to_db_time(now)),
        )

    async def calendar_settings(self) -> dict[str, str]:
        rows = await self.db.fetchall("SELECT key, value FROM work_calendar_settings")
        return {r["key"]: r["value"] for r in rows}

    async def set_calendar_setting(
        self, key: str, value: str, actor: int, now: dt.datetime
    ) -> None:
        await self.db.execute(
            "INSERT INTO work_calendar_settings(key, value, updated_by, updated_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value,"
            " updated_by = excluded.updated_by, updated_at = excluded.updated_at",
            (key, value, actor, to_db_time(now)),
        )
