"""The question log: every question asked, what the bot offered and what came of it.

Contract (called by the search handler and the call-center; no Telegram types)::

    async def log_question(
        db, *, user_id: int | None, text: str, normalized: str | None = None,
        lang: str | None, status: str,            # "answered" | "suggest" | "escalate" |
                                                  # "off_topic"
        results: list[dict],                      # what was offered, best first; each dict may
                                                  # carry "id", "kind", "title", "score",
                                                  # "category" (other keys are kept as is)
        oblast: str | None = None, position: str | None = None,
        category: str | None = None,              # default: results[0]["category"]
        asked_at: datetime | None = None,         # default: now (UTC)
        offer: OfferFields | None = None,         # what the bot offered: the same row
    ) -> int                                      # the question id
    async def record_choice(db, question_id: int, result_id: str, *, offer=None) -> None
    async def record_feedback(db, question_id: int, helped: bool) -> None   # last one wins
    async def link_ticket(db, question_id: int, ticket_id: int) -> None
    async def get_question(db, question_id: int) -> LoggedQuestion | None
    async def purge_older_than(db, days: int, *, now=None) -> int   # retention, see below

``normalized`` may be omitted: :func:`normalize_question` (the search module's normaliser,
tokens joined by spaces) is used then.  Unknown ``status`` raises ``ValueError``.

Retention (``QUESTION_RETENTION_DAYS``, default 365): :func:`purge_older_than` erases the
personal content of older questions (text, normalised form, the user link) but keeps the row
and its outcome, so yearly counts still add up.  :class:`bot.workers.retention.RetentionWorker`
runs it daily.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass, field
from typing import Any

from db.database import Database, to_db_time, utcnow
from db.repositories.questions import NO_OFFER, OfferFields, QuestionRepository
from db.rows import FromRow, json_or, through
from knowledge.search.normalize import normalize

log = logging.getLogger(__name__)

STATUSES = ("answered", "suggest", "escalate", "off_topic")
# "off_topic": a question outside what the bot answers (weather, football, …), kept apart from
# knowledge gaps (migration 0009 admits the status); its category says so too.
OFF_TOPIC = "off_topic"
DEFAULT_RETENTION_DAYS = 365


def normalize_question(text: str) -> str:
    """Normalised form of a question for grouping: the search module's normaliser
    (look-alike repair, Latin transliteration, ө/ү/ң folding)."""
    return normalize(text)


def _yes_no(helped: int | None) -> bool | None:
    return None if helped is None else bool(helped)


@dataclass(frozen=True, slots=True)
class LoggedQuestion(FromRow):
    id: int
    asked_at: dt.datetime
    user_id: int | None
    text: str
    normalized: str
    lang: str | None
    oblast: str | None
    position: str | None
    status: str
    category: str | None
    results: list[dict[str, Any]] = field(metadata=through(json_or(list)))
    chosen_result_id: str | None
    helped: bool | None = field(metadata=through(_yes_no))
    ticket_id: int | None


def _score(value: Any) -> float | None:
    try:
        return None if value is None else float(value)
    except (TypeError, ValueError):
        return None


async def log_question(
    db: Database,
    *,
    user_id: int | None,
    text: str,
    normalized: str | None = None,
    lang: str | None,
    status: str,
    results: list[dict[str, Any]],
    oblast: str | None = None,
    position: str | None = None,
    category: str | None = None,
    asked_at: dt.datetime | None = None,
    offer: OfferFields | None = None,
) -> int:
    """Log a question and what the bot offered for it (``offer``) in one write; its id is
    the id the "ask a consultant" button carries."""
    if status not in STATUSES:
        raise ValueError(f"unknown question status {status!r}; expected one of {STATUSES}")
    results = [dict(r) for r in results or []]
    top = results[0] if results else {}
    if normalized is None or not normalized.strip():
        normalized = normalize_question(text)
    if category is None:
        category = top.get("category") or None
    if status == OFF_TOPIC:
        category = OFF_TOPIC
    at = asked_at or utcnow()
    return await QuestionRepository(db).insert(
        (
            to_db_time(at),
            user_id,
            text,
            normalized,
            lang,
            oblast,
            position,
            status,
            category,
            json.dumps(results, ensure_ascii=False, default=str),
            None if top.get("id") is None else str(top["id"]),
            _score(top.get("score")),
            *(offer.values(at) if offer is not None else NO_OFFER),
        )
    )


async def record_choice(
    db: Database,
    question_id: int,
    result_id: str,
    *,
    at: dt.datetime | None = None,
    offer: OfferFields | None = None,
) -> None:
    """The suggestion the user opened, and (``offer``) the answer then shown: one write."""
    at = at or utcnow()
    if offer is not None:
        await QuestionRepository(db).set_offer(question_id, offer, at, chosen=str(result_id))
        return
    await db.execute(
        "UPDATE questions SET chosen_result_id = ?, chosen_at = ? WHERE id = ?",
        (str(result_id), to_db_time(at), question_id),
    )


async def record_feedback(
    db: Database, question_id: int, helped: bool, *, at: dt.datetime | None = None
) -> None:
    await db.execute(
        "UPDATE questions SET helped = ?, feedback_at = ? WHERE id = ?",
        (int(bool(helped)), to_db_time(at or utcnow()), question_id),
    )


async def link_ticket(db: Database, question_id: int, ticket_id: int) -> None:
    await db.execute("UPDATE questions SET ticket_id = ? WHERE id = ?", (ticket_id, question_id))


async def get_question(db: Database, question_id: int) -> LoggedQuestion | None:
    row = await db.fetchone("SELECT * FROM questions WHERE id = ?", (question_id,))
    return LoggedQuestion.from_row(row) if row else None


async def purge_older_than(db: Database, days: int, *, now: dt.datetime | None = None) -> int:
    """Erase the personal content of questions asked more than ``days`` ago; returns how many
    rows were erased now (rows erased before are not counted again)."""
    if days < 1:
        raise ValueError("retention must be at least one day")
    now = now or utcnow()
    cutoff = to_db_time(now - dt.timedelta(days=days))
    async with db.transaction() as conn:
        cur = await conn.execute(
            "UPDATE questions SET text = '', normalized = '', user_id = NULL, results = '[]',"
            " erased_at = ? WHERE asked_at < ? AND erased_at IS NULL",
            (to_db_time(now), cutoff),
        )
        count = cur.rowcount
        await cur.close()
    return count


def retention_days(settings: Any) -> int:
    return int(getattr(settings, "question_retention_days", DEFAULT_RETENTION_DAYS))
