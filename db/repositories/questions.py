"""The question log's rows: one per question, carrying what the bot offered and the ticket.

A question is written once, with its offer, in one statement (:meth:`QuestionRepository.insert`);
a suggestion the user opens later replaces the offer (:meth:`set_offer`, with the choice).  The
"ask a consultant" button carries the question's id; :meth:`get_offer` reads it back as an
:class:`Offer` for the call-center, and :meth:`link_ticket` records the ticket made from it
(once: a second press finds the ticket).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import aiosqlite

from db.database import Database, from_db_time, to_db_time

OFFER_SOURCES = ("answer", "escalate", "none")
# the columns of one question row as log_question writes them, in this order
QUESTION_COLUMNS = (
    "asked_at",
    "user_id",
    "text",
    "normalized",
    "lang",
    "oblast",
    "position",
    "status",
    "category",
    "results",
    "top_result_id",
    "top_score",
    "offer",
    "offer_source",
    "offer_categories",
    "offer_refs",
    "offer_score",
    "offered_at",
)
_INSERT = (
    f"INSERT INTO questions({', '.join(QUESTION_COLUMNS)})"
    f" VALUES ({', '.join('?' for _ in QUESTION_COLUMNS)})"
)
_OFFER_SET = (
    "offer = ?, offer_source = ?, offer_categories = ?, offer_refs = ?, offer_score = ?,"
    " offered_at = ?"
)


@dataclass(frozen=True, slots=True)
class OfferFields:
    """What the bot offered for a question: ``text`` is plain (what the user saw), ``source``
    "answer" (an answer was shown), "escalate" (the search gave up) or "none" (suggestions)."""

    text: str | None
    source: str
    categories: Sequence[str] = ()
    refs: Sequence[str] = ()
    score: float | None = None

    def __post_init__(self) -> None:
        if self.source not in OFFER_SOURCES:
            raise ValueError(f"unknown offer source {self.source!r}")

    def values(self, at: dt.datetime) -> tuple[Any, ...]:
        """The offer columns (``_OFFER_SET`` / the end of ``QUESTION_COLUMNS``)."""
        return (
            self.text,
            self.source,
            json.dumps([c for c in self.categories if c], ensure_ascii=False),
            json.dumps([r for r in self.refs if r], ensure_ascii=False),
            self.score,
            to_db_time(at),
        )


NO_OFFER: tuple[Any, ...] = (None, None, "[]", "[]", None, None)


@dataclass(frozen=True, slots=True)
class Offer:
    """A question's offer as the call-center sees it; ``id`` is the question's id."""

    id: int
    user_id: int | None
    question: str
    offer: str | None
    source: str
    language: str | None
    categories: list[str]
    refs: list[str]
    score: float | None
    created_at: dt.datetime
    ticket_id: int | None

    @property
    def question_id(self) -> int:
        return self.id

    @classmethod
    def from_row(cls, row: Any) -> Offer:
        lang = row["lang"]
        return cls(
            id=row["id"],
            user_id=row["user_id"],
            question=row["text"],
            offer=row["offer"],
            source=row["offer_source"],
            language=lang if lang in ("ky", "ru") else None,
            categories=json.loads(row["offer_categories"] or "[]"),
            refs=json.loads(row["offer_refs"] or "[]"),
            score=row["offer_score"],
            created_at=from_db_time(row["offered_at"] or row["asked_at"]),  # type: ignore[arg-type]
            ticket_id=row["ticket_id"],
        )


class QuestionRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def insert(self, values: Sequence[Any]) -> int:
        """One question row (``QUESTION_COLUMNS`` in order), offer included: one write."""
        return await self.db.execute(_INSERT, tuple(values))

    async def set_offer(
        self,
        question_id: int,
        offer: OfferFields,
        at: dt.datetime,
        *,
        chosen: str | None = None,
    ) -> None:
        """Replace the question's offer (and record the suggestion chosen): one write."""
        choice = ", chosen_result_id = ?, chosen_at = ?" if chosen is not None else ""
        extra = (chosen, to_db_time(at)) if chosen is not None else ()
        await self.db.execute(
            f"UPDATE questions SET {_OFFER_SET}{choice} WHERE id = ?",
            (*offer.values(at), *extra, question_id),
        )

    async def latest(self, user_id: int, text: str) -> int | None:
        """The id of the user's latest question with this text."""
        value = await self.db.fetchval(
            "SELECT id FROM questions WHERE user_id = ? AND text = ? ORDER BY id DESC LIMIT 1",
            (user_id, text),
        )
        return None if value is None else int(value)

    async def get_offer(self, question_id: int) -> Offer | None:
        row = await self.db.fetchone(
            "SELECT * FROM questions WHERE id = ? AND offer_source IS NOT NULL", (question_id,)
        )
        return Offer.from_row(row) if row else None

    @staticmethod
    async def link_ticket(conn: aiosqlite.Connection, question_id: int, ticket_id: int) -> bool:
        """Inside the caller's transaction: the question's ticket, unless one is linked."""
        cur = await conn.execute(
            "UPDATE questions SET ticket_id = ? WHERE id = ? AND ticket_id IS NULL",
            (ticket_id, question_id),
        )
        linked = cur.rowcount == 1
        await cur.close()
        return linked
