"""Call-center rules: tickets, their state machine, who may do what, SLA timers, FAQ drafts.

No Telegram types here.  Handlers (handlers/tickets/, handlers/consultants/) and the
relay (services/relay.py) call :class:`TicketService`; everything is stored before anything is
sent, and every state change is a conditional UPDATE in a ``BEGIN IMMEDIATE`` transaction.

Contract for the search side ("didn't help / ask a consultant" and ``escalate`` results)
-----------------------------------------------------------------------------------------
1. When the bot shows an answer (or says it cannot answer), record what it offered::

       from services.tickets import record_bot_offer
       offer_id = await record_bot_offer(
           db, user_id=user.id, question=text, offer=plain_text_of_the_answer_or_None,
           language=i18n.lang, source="answer",      # or "escalate" when search gave up
           categories=["land", ...],                 # FaqEntry.category of the hits, best first
           refs=["faq:land-lease", "doc:law-101"],   # what was cited (free strings), optional
           score=best_score,                         # optional
       )

2. Put a button under the answer::

       from bot.keyboards.search import EscalateCallback
       InlineKeyboardButton(text=i18n("ticket-escalate-button"),
                            callback_data=EscalateCallback(offer_id=offer_id).pack())

   (``ticket-escalate-button`` = "🙋 Не помогло — спросить консультанта"; for an ``escalate``
   result use ``ticket-escalate-confirm-button`` = "👩‍💼 Передать консультанту".  Or take the
   ready keyboard: ``bot.keyboards.search.escalate_keyboard(i18n, offer_id, confirm=False)``.)
   handlers/tickets/ handles the press: it checks the offer belongs to the presser, lets the
   user confirm and pick/accept the guessed category, and creates the ticket with the question
   and what the bot offered.  A second press never makes a second ticket.

Statuses: new → assigned (Take) → waiting_user (a consultant replied) → assigned (the asker
wrote) … → closed; closed → reopened (by the asker within ``reopen_days``).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from db.database import Database, to_db_time
from db.repositories.knowledge import KnowledgeRepository
from db.repositories.questions import OfferFields, QuestionRepository
from db.repositories.tickets import (
    OPEN_STATUSES,
    CannedReply,
    EventRow,
    FaqDraft,
    MessageRow,
    Offer,
    TicketRepository,
    TicketRow,
)
from db.repositories.users import Role, User, UserRepository
from knowledge.models import Bilingual, FaqEntry
from services.question_log import log_question
from services.worktime import CalendarOverrides, Clock, WorkCalendar, utcnow

log = logging.getLogger(__name__)

Ticket = TicketRow
__all__ = [
    "OPEN_STATUSES",
    "Category",
    "EventRow",
    "MessageRow",
    "Offer",
    "Status",
    "Ticket",
    "TicketError",
    "TicketService",
    "guess_category",
    "record_bot_offer",
]


class Status(StrEnum):
    new = "new"
    assigned = "assigned"
    waiting_user = "waiting_user"
    reopened = "reopened"
    closed = "closed"


class Category(StrEnum):
    budget = "budget"
    land = "land"
    property = "property"
    staff = "staff"
    kenesh = "kenesh"
    legal_acts = "legal_acts"
    other = "other"


# Allowed status changes (assigned → assigned is a transfer).
TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.new: frozenset({Status.assigned, Status.closed}),
    Status.assigned: frozenset({Status.assigned, Status.waiting_user, Status.closed}),
    Status.waiting_user: frozenset({Status.assigned, Status.waiting_user, Status.closed}),
    Status.reopened: frozenset({Status.assigned, Status.waiting_user, Status.closed}),
    Status.closed: frozenset({Status.reopened}),
}


def can_transition(old: str, new: str) -> bool:
    return Status(new) in TRANSITIONS[Status(old)]


CONTENT_TYPES = ("text", "photo", "document", "voice", "video", "audio")
TAKEABLE = ("new", "reopened")


class TicketError(Exception):
    """A refused action; ``code`` names the reason (handlers map it to a message)."""

    def __init__(self, code: str, ticket: TicketRow | None = None, **info: Any) -> None:
        super().__init__(code)
        self.code = code
        self.ticket = ticket
        self.info = info


# -- category guess -----------------------------------------------------------------------------
_STEMS: dict[Category, tuple[str, ...]] = {
    Category.budget: (
        "бюджет",
        "салык",
        "налог",
        "каражат",
        "средств",
        "финанс",
        "казыналык",
        "казначей",
        "трансферт",
        "киреше",
        "доход",
        "чыгаша",
        "расход",
        "смета",
        "сметал",
        "акча",
        "тариф",
        "төлөм",
        "платеж",
        "субвенц",
        "дотац",
    ),
    Category.land: (
        "жер",
        "земл",
        "участк",
        "участок",
        "тилке",
        "аренд",
        "ижара",
        "пастбищ",
        "жайыт",
        "кадастр",
        "фпс",
        "айдоо",
        "пахот",
        "огород",
        "межа",
        "чек ара",
    ),
    Category.property: (
        "мүлк",
        "мулк",
        "имуществ",
        "менчик",
        "собственност",
        "приватизац",
        "объект",
        "имарат",
        "здани",
        "балансы",
        "коммунал",
        "унаа",
        "транспорт",
    ),
    Category.staff: (
        "кызматкер",
        "сотрудник",
        "штат",
        "кадр",
        "аттестац",
        "ротац",
        "эмгек акы",
        "зарплат",
        "жалак",
        "айлык",
        "отпуск",
        "өргүү",
        "конкурс",
        "муниципалдык кызмат",
        "муниципальн служ",
        "кызмат орд",
        "должност",
        "увольн",
        "бошотуу",
        "ишке алуу",
    ),
    Category.kenesh: (
        "кеңеш",
        "кенеш",
        "депутат",
        "сессия",
        "сессиясы",
        "шайлоо",
        "выбор",
        "төрага",
        "торага",
        "мандат",
    ),
    Category.legal_acts: (
        "мыйзам",
        "закон",
        "токтом",
        "постановлен",
        "жарлык",
        "указ",
        "ченемдик",
        "норматив",
        "устав",
        "жобо",
        "положени",
        "регламент",
        "буйрук",
        "приказ",
    ),
}
# Prefixes that look like a stem but mean something else ("жергиликтүү" = local).
_NOT_STEMS = ("жергиликт", "жерде", "жерге", "жерин", "кызматташ", "указан")
_WORD = re.compile(r"[\w-]+", re.UNICODE)


def guess_category(text: str, hints: Sequence[str] = ()) -> tuple[Category, bool]:
    """The category of a question: the first meaningful hint from the search results, else a
    keyword vote over the text.  Returns (category, guessed) — guessed is False only when
    nothing pointed anywhere and ``other`` is a default."""
    for hint in hints:
        if hint in Category.__members__ and hint != Category.other:
            return Category(hint), True
    lowered = text.lower().replace("ё", "е")
    words = _WORD.findall(lowered)
    scores: dict[Category, int] = {}
    for category, stems in _STEMS.items():
        score = 0
        for stem in stems:
            if " " in stem:
                score += 2 * lowered.count(stem)
                continue
            score += sum(1 for w in words if w.startswith(stem) and not w.startswith(_NOT_STEMS))
        if score:
            scores[category] = score
    if not scores:
        return Category.other, False
    best = max(scores.values())
    for category in _STEMS:  # deterministic tie-break in declaration order
        if scores.get(category) == best:
            return category, True
    return Category.other, False  # pragma: no cover


# -- offers (the search side) -------------------------------------------------------------------
# a question's outcome when its offer is recorded without a logged question (``question_id``)
_STATUS_OF_SOURCE = {"answer": "answered", "none": "suggest", "escalate": "escalate"}


async def record_bot_offer(
    db: Database,
    *,
    user_id: int,
    question: str,
    offer: str | None,
    language: str | None = None,
    source: str = "answer",
    categories: Sequence[str] = (),
    refs: Sequence[str] = (),
    score: float | None = None,
    now: dt.datetime | None = None,
    question_id: int | None = None,
) -> int:
    """Record what the bot offered a user; returns the id for ``EscalateCallback(offer_id=)``:
    the question's id (``questions`` holds one row per question, offer included).

    With ``question_id`` the logged question gets the offer; without, the user's latest
    question with this text does, else the question is logged with it.  ``offer`` is plain
    text (no HTML), what the user saw; it is shown to consultants (escaped) and stored on the
    ticket.  ``source``: "answer" (an answer was shown), "escalate" (the search gave up and
    suggests a consultant) or "none"."""
    fields = OfferFields(offer, source, categories, refs, score)  # checks ``source``
    questions = QuestionRepository(db)
    question = question.strip()
    question_id = question_id or await questions.latest(user_id, question)
    if question_id is not None:
        await questions.set_offer(question_id, fields, now or utcnow())
        return question_id
    return await log_question(
        db,
        user_id=user_id,
        text=question,
        lang=language if language in ("ky", "ru") else None,
        status=_STATUS_OF_SOURCE[source],
        results=[],
        category=next((c for c in categories if c), None),
        asked_at=now,
        offer=fields,
    )


# -- SLA ----------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class SlaState:
    take_due: dt.datetime | None  # when an untaken ticket is re-announced
    response_due: dt.datetime | None  # when a ticket with no first reply is escalated
    waiting_due: dt.datetime | None  # when a ticket waiting for the asker is closed
    take_overdue: bool
    response_overdue: bool
    waiting_overdue: bool

    @property
    def overdue(self) -> bool:
        return self.take_overdue or self.response_overdue


def awaiting_reply_since(ticket: TicketRow) -> dt.datetime | None:
    """Since when the ticket waits for a consultant's reply (None: it does not): from its
    creation until the first reply, and again from a reopening until the next reply."""
    if not ticket.is_open:
        return None
    if ticket.first_response_at is None:
        return ticket.created_at
    if ticket.reopened_at is not None and (
        ticket.replied_at is None or ticket.replied_at < ticket.reopened_at
    ):
        return ticket.reopened_at
    return None


def sla_state(
    ticket: TicketRow, calendar: WorkCalendar, settings: Any, now: dt.datetime
) -> SlaState:
    """Due times computed from the ticket's timestamps and the working calendar."""
    take_due = response_due = waiting_due = None
    if ticket.is_open and ticket.owner_id is None and ticket.status in TAKEABLE:
        start = ticket.reopened_at if ticket.status == Status.reopened else ticket.created_at
        take_due = calendar.add_working(
            start or ticket.created_at, dt.timedelta(minutes=settings.sla_take_minutes)
        )
    awaiting = awaiting_reply_since(ticket)
    if awaiting is not None:
        response_due = calendar.add_working(
            awaiting, dt.timedelta(minutes=settings.sla_first_response_minutes)
        )
    if ticket.status == Status.waiting_user and ticket.waiting_since is not None:
        waiting_due = ticket.waiting_since + dt.timedelta(days=settings.waiting_user_close_days)
    return SlaState(
        take_due=take_due,
        response_due=response_due,
        waiting_due=waiting_due,
        take_overdue=take_due is not None and now >= take_due,
        response_overdue=response_due is not None and now >= response_due,
        waiting_overdue=waiting_due is not None and now >= waiting_due,
    )


@dataclass(frozen=True, slots=True)
class SlaTimer:
    """A due SLA timer of a ticket: the conditional UPDATE that fires it once (``changes``
    where ``condition`` holds, with ``params``) and the event that announces it."""

    changes: dict[str, Any]
    condition: str
    params: tuple[Any, ...]
    event: str
    details: dict[str, Any]


def due_timers(ticket: TicketRow, state: SlaState, stamp: str | None) -> list[SlaTimer]:
    """The SLA timers of ``ticket`` that are overdue and not fired yet."""
    timers: list[SlaTimer] = []
    if state.take_overdue and ticket.sla_take_fired_at is None:
        changes = {"sla_take_fired_at": stamp}
        when = "sla_take_fired_at IS NULL AND owner_id IS NULL"
        timers.append(SlaTimer(changes, when, (), "sla_take", {"due": state.take_due}))
    if state.response_overdue and ticket.sla_response_fired_at is None:
        changes = {"sla_response_fired_at": stamp}
        when = "sla_response_fired_at IS NULL"
        timers.append(SlaTimer(changes, when, (), "sla_response", {"due": state.response_due}))
    if state.waiting_overdue and ticket.sla_waiting_fired_at is None:
        changes = {"sla_waiting_fired_at": stamp, "status": Status.closed.value}
        changes |= {"closed_at": stamp, "closed_by": None, "close_reason": "no_reply"}
        changes["updated_at"] = stamp
        when = "sla_waiting_fired_at IS NULL AND status = 'waiting_user' AND waiting_since = ?"
        since = (to_db_time(ticket.waiting_since),)  # this wait's timer, not a later wait's
        details = {"reason": "no_reply", "due": state.waiting_due}
        timers.append(SlaTimer(changes, when, since, "closed", details))
    return timers


@dataclass(frozen=True, slots=True)
class TakeResult:
    won: bool
    ticket: TicketRow


@dataclass(frozen=True, slots=True)
class Content:
    """A message's content, independent of Telegram."""

    content_type: str = "text"
    text: str | None = None  # plain text or caption
    html: str | None = None  # the same as Telegram HTML (formatting kept, user text escaped)
    file_id: str | None = None
    file_name: str | None = None

    def __post_init__(self) -> None:
        if self.content_type not in CONTENT_TYPES:
            raise ValueError(f"unsupported content type {self.content_type!r}")

    def message_columns(self, ticket_id: int, direction: str, author_id: int) -> dict[str, Any]:
        """The columns of a ticket message holding this content."""
        names = ("content_type", "text", "html", "file_id", "file_name")
        own = {name: getattr(self, name) for name in names}
        return {"ticket_id": ticket_id, "direction": direction, "author_id": author_id, **own}


def is_staff(user: User | None) -> bool:
    return user is not None and user.has_role(Role.consultant)


def can_manage(ticket: TicketRow, user: User | None) -> bool:
    """Reply, close, transfer, save to KB: the owner or a supervisor (or admin)."""
    if user is None or not user.has_role(Role.consultant):
        return False
    return ticket.owner_id == user.id or user.has_role(Role.supervisor)


def consultants_chat_for(settings: Any, category: str | None, oblast: str | None) -> int | None:
    """The consultants' group a ticket goes to: its category's (CONSULTANTS_GROUPS), else its
    asker's oblast's, else CONSULTANTS_CHAT_ID."""
    groups: dict[str, int] = getattr(settings, "consultants_groups", None) or {}
    for key in (category, oblast):
        if key and key.lower() in groups:
            return groups[key.lower()]
    return settings.consultants_chat_id


def consultants_chats(settings: Any) -> set[int]:
    """Every consultants' group the bot serves."""
    chats = set((getattr(settings, "consultants_groups", None) or {}).values())
    if settings.consultants_chat_id is not None:
        chats.add(settings.consultants_chat_id)
    return chats


@dataclass
class _AskerIndex:
    """Askers who may have a ticket: every asker in the table (read once) and everyone a
    ticket was created for since.  Most people never had one, and the bot asks for each private
    message (``TicketService.open_for``): they need no read.  A superset costs one read."""

    known: set[int] | None = None
    new: set[int] = field(default_factory=set)


_ASKERS: weakref.WeakKeyDictionary[Database, _AskerIndex] = weakref.WeakKeyDictionary()


def _askers_of(db: Database) -> _AskerIndex:
    """One index per database, shared by every TicketService on it."""
    index = _ASKERS.get(db)
    if index is None:
        index = _ASKERS[db] = _AskerIndex()
    return index


class TicketService:
    def __init__(self, db: Database, settings: Any, now: Clock | None = None) -> None:
        self.db = db
        self.settings = settings
        self.now: Clock = now or utcnow
        self.repo = TicketRepository(db)
        self.users = UserRepository(db)
        self._askers = _askers_of(db)

    def _stamp(self) -> tuple[dt.datetime, str]:
        now = self.now()
        return now, to_db_time(now)  # type: ignore[return-value]

    # -- calendar ------------------------------------------------------------------------------
    async def calendar(self) -> WorkCalendar:
        days = await self.repo.calendar_days()
        values = await self.repo.calendar_settings()
        overrides = CalendarOverrides(
            hours=values.get("hours"),
            days=values.get("days"),
            holidays=tuple(d for d, kind, _ in days if kind == "holiday"),
            workdays=tuple(d for d, kind, _ in days if kind == "workday"),
        )
        return WorkCalendar.from_settings(self.settings, overrides)

    # -- reading -------------------------------------------------------------------------------
    async def get(self, ticket_id: int) -> TicketRow:
        ticket = await self.repo.get(ticket_id)
        if ticket is None:
            raise TicketError("not_found", number=ticket_id)
        return ticket

    async def open_for(self, asker_id: int) -> TicketRow | None:
        if not await self._may_have_tickets(asker_id):
            return None
        return await self.repo.open_for_asker(asker_id)

    async def _may_have_tickets(self, asker_id: int) -> bool:
        index = self._askers
        if asker_id in index.new:
            return True
        if index.known is None:
            rows = await self.db.fetchall("SELECT DISTINCT asker_id FROM tickets")
            index.known = {int(row[0]) for row in rows}
        return asker_id in index.known

    async def latest_closed_for(self, asker_id: int) -> TicketRow | None:
        for ticket in await self.repo.for_asker(asker_id, limit=1):
            return ticket if ticket.status == Status.closed else None
        return None

    def can_reopen(self, ticket: TicketRow) -> bool:
        if ticket.status != Status.closed or ticket.closed_at is None:
            return False
        return self.now() - ticket.closed_at <= dt.timedelta(days=self.settings.reopen_days)

    # -- creation ------------------------------------------------------------------------------
    async def create(
        self,
        *,
        asker_id: int,
        question: str,
        language: str,
        category: str | None = None,
        hints: Sequence[str] = (),
        offer_id: int | None = None,
        source: str = "command",
        parent_ticket_id: int | None = None,
    ) -> TicketRow:
        """Open a ticket.  One open ticket per asker (``already_open``); an offer makes at most
        one ticket (a second call returns the first)."""
        question = question.strip()
        if not question:
            raise TicketError("empty_question")
        offer: Offer | None = None
        if offer_id is not None:
            offer = await self.repo.get_offer(offer_id)
            if offer is None or offer.user_id != asker_id:
                raise TicketError("not_allowed")
            if offer.ticket_id is not None:
                return await self.get(offer.ticket_id)
            hints = [*hints, *offer.categories]
        if category is None or category not in Category.__members__:
            guessed, _ = guess_category(question, hints)
            category, category_source = guessed.value, "guess"
        else:
            category_source = "user"
        ticket: dict[str, Any] = {
            "asker_id": asker_id,
            "status": Status.new.value,
            "category": category,
            "category_source": category_source,
            "language": language if language in ("ky", "ru") else "ky",
            "question": question,
            "bot_offer": offer.offer if offer else None,
            "offer_id": offer.id if offer else None,
            "source": source,
            "parent_ticket_id": parent_ticket_id,
        }
        try:
            return await self._insert(ticket, offer)
        except _Retry:  # a concurrent press made the ticket from this offer first
            assert offer is not None
            fresh = await self.repo.get_offer(offer.id)
            assert fresh is not None and fresh.ticket_id is not None
            return await self.get(fresh.ticket_id)

    async def _insert(self, ticket: dict[str, Any], offer: Offer | None) -> TicketRow:
        """Insert the ticket's row (its consultants' chat and times added here) in one
        transaction with its "created" event and the link from its question."""
        asker_id, category, source = ticket["asker_id"], ticket["category"], ticket["source"]
        _, stamp = self._stamp()
        asker = await self.users.get(asker_id)
        async with self.db.transaction() as conn:
            if offer is not None:
                current = await self.repo.get_offer(offer.id)
                if current is not None and current.ticket_id is not None:
                    raise _Retry
            existing = await self.repo.open_for_asker(asker_id)
            if existing is not None:
                raise TicketError("already_open", existing)
            self._askers.new.add(asker_id)  # before the row exists: open_for reads from now on
            ticket_id = await self.repo.insert(
                ticket
                | {
                    "chat_id": consultants_chat_for(
                        self.settings, category, asker.oblast if asker else None
                    ),
                    "created_at": stamp,
                    "updated_at": stamp,
                    "last_asker_message_at": stamp,
                }
            )
            # the question escalated links to its ticket (once: a concurrent press lost)
            if offer is not None and not await QuestionRepository.link_ticket(
                conn, offer.id, ticket_id
            ):
                raise _Retry
            await self.repo.add_event(
                ticket_id, "created", self.now(), actor_id=asker_id, source=source
            )
        return await self.get(ticket_id)

    async def create_from_offer(
        self, *, asker_id: int, offer_id: int, language: str, category: str | None = None
    ) -> TicketRow:
        offer = await self.repo.get_offer(offer_id)
        if offer is None or offer.user_id != asker_id:
            raise TicketError("not_allowed")
        return await self.create(
            asker_id=asker_id,
            question=offer.question,
            language=offer.language or language,
            category=category,
            offer_id=offer_id,
            source="escalate" if offer.source == "escalate" else "didnt_help",
        )

    async def get_offer(self, offer_id: int) -> Offer | None:
        return await self.repo.get_offer(offer_id)

    async def attach_group(
        self, ticket_id: int, *, thread_id: int | None = None, card_message_id: int | None = None
    ) -> None:
        changes: dict[str, Any] = {}
        if thread_id is not None:
            changes["thread_id"] = thread_id
        if card_message_id is not None:
            changes["card_message_id"] = card_message_id
        if changes:
            await self.repo.update_where(ticket_id, changes)

    # -- consultants' actions ------------------------------------------------------------------
    async def take(self, ticket_id: int, actor: User) -> TakeResult:
        """Make ``actor`` the owner — exactly one winner however many press at once."""
        if not is_staff(actor):
            raise TicketError("not_allowed")
        now, stamp = self._stamp()
        async with self.db.transaction():
            won = await self.repo.update_where(
                ticket_id,
                {
                    "owner_id": actor.id,
                    "status": Status.assigned.value,
                    "taken_at": stamp,
                    "updated_at": stamp,
                },
                "owner_id IS NULL AND status IN ('new', 'reopened')",
            )
            if won:
                await self.repo.add_event(ticket_id, "taken", now, actor_id=actor.id)
        ticket = await self.get(ticket_id)
        return TakeResult(won, ticket)

    async def transfer(self, ticket_id: int, actor: User, to_id: int) -> TicketRow:
        ticket = await self.get(ticket_id)
        if not ticket.is_open:
            raise TicketError("closed", ticket)
        if not (can_manage(ticket, actor) or (ticket.owner_id is None and is_staff(actor))):
            raise TicketError("not_allowed", ticket)
        target = await self.users.get(to_id)
        if target is None or not target.has_role(Role.consultant):
            raise TicketError("bad_target", ticket)
        if target.id == ticket.owner_id:
            return ticket
        now, stamp = self._stamp()
        async with self.db.transaction():
            previous = ticket.owner_id
            owner_clause = "owner_id IS NULL" if previous is None else "owner_id = ?"
            moved = await self.repo.update_where(
                ticket_id,
                {
                    "owner_id": target.id,
                    "status": Status.assigned.value if ticket.status in TAKEABLE else ticket.status,
                    "taken_at": to_db_time(ticket.taken_at) if ticket.taken_at else stamp,
                    "updated_at": stamp,
                },
                f"{owner_clause} AND status IN ('new', 'assigned', 'waiting_user', 'reopened')",
                () if previous is None else (previous,),
            )
            if not moved:
                raise TicketError("conflict", ticket)
            await self.repo.add_event(
                ticket_id, "transferred", now, actor_id=actor.id, previous=previous, to=target.id
            )
        return await self.get(ticket_id)

    async def close(
        self, ticket_id: int, actor: User | None, resolution: str, *, reason: str = "resolved"
    ) -> TicketRow:
        """Close with a resolution; ``actor`` None = the bot (SLA)."""
        ticket = await self.get(ticket_id)
        if actor is not None and not can_manage(ticket, actor):
            raise TicketError("not_allowed", ticket)
        if not ticket.is_open:
            raise TicketError("closed", ticket)
        resolution = resolution.strip()
        if not resolution:
            raise TicketError("empty_resolution", ticket)
        now, stamp = self._stamp()
        async with self.db.transaction():
            closed = await self.repo.update_where(
                ticket_id,
                {
                    "status": Status.closed.value,
                    "closed_at": stamp,
                    "closed_by": actor.id if actor else None,
                    "close_reason": reason,
                    "resolution": resolution,
                    "updated_at": stamp,
                },
                "status IN ('new', 'assigned', 'waiting_user', 'reopened')",
            )
            if not closed:
                raise TicketError("closed", ticket)
            await self.repo.add_event(
                ticket_id, "closed", now, actor_id=actor.id if actor else None, reason=reason
            )
        return await self.get(ticket_id)

    # -- the asker's actions -------------------------------------------------------------------
    async def rate(self, ticket_id: int, asker_id: int, rating: int) -> TicketRow:
        if not 1 <= rating <= 5:
            raise TicketError("bad_rating")
        ticket = await self.get(ticket_id)
        if ticket.asker_id != asker_id:
            raise TicketError("not_allowed", ticket)
        if ticket.status != Status.closed:
            raise TicketError("not_closed", ticket)
        now, stamp = self._stamp()
        async with self.db.transaction():
            await self.repo.update_where(
                ticket_id, {"rating": rating, "rated_at": stamp, "updated_at": stamp}
            )
            await self.repo.add_event(ticket_id, "rated", now, actor_id=asker_id, rating=rating)
        return await self.get(ticket_id)

    async def comment(self, ticket_id: int, asker_id: int, text: str) -> TicketRow:
        ticket = await self.get(ticket_id)
        if ticket.asker_id != asker_id:
            raise TicketError("not_allowed", ticket)
        now, stamp = self._stamp()
        async with self.db.transaction():
            await self.repo.update_where(
                ticket_id, {"rating_comment": text.strip(), "updated_at": stamp}
            )
            await self.repo.add_event(ticket_id, "rating_comment", now, actor_id=asker_id)
        return await self.get(ticket_id)

    async def reopen(self, ticket_id: int, asker_id: int) -> TicketRow:
        """Reopen a closed ticket within ``reopen_days`` (``too_old`` after that)."""
        ticket = await self.get(ticket_id)
        if ticket.asker_id != asker_id:
            raise TicketError("not_allowed", ticket)
        if ticket.status != Status.closed:
            raise TicketError("not_closed", ticket)
        if not self.can_reopen(ticket):
            raise TicketError("too_old", ticket)
        now, stamp = self._stamp()
        async with self.db.transaction():
            other = await self.repo.open_for_asker(asker_id)
            if other is not None:
                raise TicketError("already_open", other)
            done = await self.repo.update_where(
                ticket_id,
                {
                    "status": Status.reopened.value,
                    "reopened_count": ticket.reopened_count + 1,
                    "reopened_at": stamp,
                    "closed_at": None,
                    "closed_by": None,
                    "close_reason": None,
                    "waiting_since": None,
                    "sla_waiting_fired_at": None,
                    "sla_response_fired_at": None,  # the first-reply timer runs again
                    "sla_take_fired_at": None
                    if ticket.owner_id is None
                    else to_db_time(ticket.sla_take_fired_at),
                    "last_asker_message_at": stamp,
                    "updated_at": stamp,
                },
                "status = 'closed'",
            )
            if not done:
                raise TicketError("not_closed", ticket)
            await self.repo.add_event(ticket_id, "reopened", now, actor_id=asker_id)
        return await self.get(ticket_id)

    # -- messages ------------------------------------------------------------------------------
    async def record_in(
        self, ticket: TicketRow, author_id: int, content: Content, *, private_message_id: int
    ) -> tuple[int, bool]:
        """The asker's message, stored before it is relayed.  Returns (id, newly stored)."""
        if not ticket.is_open:
            raise TicketError("closed", ticket)
        _, stamp = self._stamp()
        async with self.db.transaction():
            message_id, created = await self.repo.add_message(
                {
                    **content.message_columns(ticket.id, "in", author_id),
                    "private_message_id": private_message_id,
                    "group_chat_id": ticket.chat_id,
                    "delivery_status": "pending" if ticket.chat_id else "none",
                    "created_at": stamp,
                }
            )
            if created:
                changes: dict[str, Any] = {"last_asker_message_at": stamp, "updated_at": stamp}
                if ticket.status == Status.waiting_user:
                    changes.update(status=Status.assigned.value, waiting_since=None)
                await self.repo.update_where(ticket.id, changes)
        return message_id, created

    async def record_out(
        self,
        ticket: TicketRow,
        actor: User,
        content: Content,
        *,
        group_chat_id: int,
        group_message_id: int,
    ) -> tuple[int, bool]:
        """A consultant's reply, stored before it is relayed to the asker."""
        if not ticket.is_open:
            raise TicketError("closed", ticket)
        if ticket.owner_id is None and ticket.status in TAKEABLE:
            raise TicketError("not_taken", ticket)
        if not can_manage(ticket, actor):
            raise TicketError("not_owner", ticket)
        _, stamp = self._stamp()
        async with self.db.transaction():
            message_id, created = await self.repo.add_message(
                {
                    **content.message_columns(ticket.id, "out", actor.id),
                    "group_chat_id": group_chat_id,
                    "group_message_id": group_message_id,
                    "delivery_status": "pending",
                    "created_at": stamp,
                }
            )
            if created:
                await self.repo.update_where(
                    ticket.id,
                    {
                        "status": Status.waiting_user.value,
                        "waiting_since": stamp,
                        "sla_waiting_fired_at": None,
                        "replied_at": stamp,
                        "first_response_at": to_db_time(ticket.first_response_at)
                        if ticket.first_response_at
                        else stamp,
                        "updated_at": stamp,
                    },
                )
        return message_id, created

    async def record_note(
        self,
        ticket: TicketRow,
        actor: User,
        text: str,
        *,
        group_chat_id: int,
        group_message_id: int,
    ) -> int:
        if not is_staff(actor):
            raise TicketError("not_allowed", ticket)
        _, stamp = self._stamp()
        message_id, _ = await self.repo.add_message(
            {
                "ticket_id": ticket.id,
                "direction": "note",
                "author_id": actor.id,
                "content_type": "text",
                "text": text,
                "group_chat_id": group_chat_id,
                "group_message_id": group_message_id,
                "delivery_status": "none",
                "created_at": stamp,
            }
        )
        return message_id

    async def record_edit(self, message: MessageRow, content: Content) -> None:
        await self.repo.record_edit(
            message.id, text=content.text, html=content.html, now=self.now()
        )

    async def history(self, ticket_id: int) -> tuple[TicketRow, list[MessageRow], list[EventRow]]:
        ticket = await self.get(ticket_id)
        return ticket, await self.repo.messages(ticket_id), await self.repo.events(ticket_id)

    # -- time ----------------------------------------------------------------------------------
    async def claim_out_of_hours_notice(self, ticket_id: int) -> dt.datetime | None:
        """Outside working time: the first call per ticket returns when consultants are back
        (and marks the ticket told); later calls and calls in working time return None."""
        calendar = await self.calendar()
        now, stamp = self._stamp()
        if calendar.is_working(now):
            return None
        if await self.repo.update_where(
            ticket_id, {"out_of_hours_notified_at": stamp}, "out_of_hours_notified_at IS NULL"
        ):
            return calendar.next_working_start(now)
        return None

    async def sla(self, ticket: TicketRow, calendar: WorkCalendar | None = None) -> SlaState:
        return sla_state(ticket, calendar or await self.calendar(), self.settings, self.now())

    async def fire_due_timers(self) -> list[int]:
        """Fire every SLA timer that is due and not fired yet; returns the new event ids.

        Each timer's fired timestamp is set in the same transaction as its event (the outbox the
        relay announces), so a timer fires once however often this runs or the bot restarts."""
        calendar = await self.calendar()
        now, stamp = self._stamp()
        fired: list[int] = []
        for ticket in await self.repo.candidates_for_sla():
            timers = due_timers(ticket, sla_state(ticket, calendar, self.settings, now), stamp)
            if not timers:
                continue
            async with self.db.transaction():
                for t in timers:
                    if await self.repo.update_where(ticket.id, t.changes, t.condition, t.params):
                        fired.append(
                            await self.repo.add_event(ticket.id, t.event, now, **t.details)
                        )
        return fired

    async def queue(self) -> list[tuple[TicketRow, SlaState]]:
        calendar = await self.calendar()
        now = self.now()
        return [
            (t, sla_state(t, calendar, self.settings, now)) for t in await self.repo.open_tickets()
        ]

    # -- FAQ drafts ----------------------------------------------------------------------------
    async def save_to_kb(self, ticket_id: int, actor: User) -> tuple[FaqDraft, bool]:
        ticket = await self.get(ticket_id)
        if not can_manage(ticket, actor):
            raise TicketError("not_allowed", ticket)
        answer = await self.repo.last_out_text(ticket_id) or ticket.resolution
        if not answer:
            raise TicketError("no_answer", ticket)
        now, stamp = self._stamp()
        draft_id, created = await self.repo.add_draft(
            {
                "ticket_id": ticket_id,
                "question": ticket.question,
                "answer": answer,
                "category": ticket.category,
                "language": ticket.language,
                "created_by": actor.id,
                "created_at": stamp,
            }
        )
        await self.repo.add_event(ticket_id, "kb_draft", now, actor_id=actor.id, notify=False)
        draft = await self.repo.get_draft(draft_id)
        assert draft is not None
        return draft, created

    async def drafts(self) -> list[FaqDraft]:
        return await self.repo.drafts()

    async def review_draft(self, draft_id: int, actor: User, approve: bool) -> FaqDraft:
        """A supervisor approves (→ a searchable FAQ entry) or rejects a draft."""
        if not actor.has_role(Role.supervisor):
            raise TicketError("not_allowed")
        draft = await self.repo.get_draft(draft_id)
        if draft is None:
            raise TicketError("not_found", number=draft_id)
        if draft.status != "draft":
            raise TicketError("already_reviewed")
        faq_id = None
        if approve:
            faq_id = f"ticket-{draft.ticket_id}" if draft.ticket_id else f"draft-{draft.id}"
            await upsert_faq_entry(self.db, faq_id, draft)
        if not await self.repo.review_draft(
            draft_id, "approved" if approve else "rejected", actor.id, self.now(), faq_id
        ):
            raise TicketError("already_reviewed")
        reviewed = await self.repo.get_draft(draft_id)
        assert reviewed is not None
        return reviewed

    # -- canned replies ------------------------------------------------------------------------
    async def canned_add(self, actor: User, name: str, text: str, language: str = "*") -> None:
        if not is_staff(actor):
            raise TicketError("not_allowed")
        if not re.fullmatch(r"[\w-]{1,32}", name):
            raise TicketError("bad_name")
        await self.repo.canned_upsert(name.lower(), language, text.strip(), actor.id, self.now())

    async def canned_list(self) -> list[CannedReply]:
        return await self.repo.canned_list()

    async def canned_delete(self, name: str) -> bool:
        return bool(await self.repo.canned_delete(name.lower()))

    async def canned_find(self, name: str, language: str) -> CannedReply | None:
        return await self.repo.canned_get(name.lower(), language)

    async def canned_use(self, name: str, language: str) -> CannedReply | None:
        """The canned reply ``name`` in ``language`` (or for any language), counted as used."""
        item = await self.repo.canned_get(name.lower(), language)
        if item is not None:
            await self.repo.canned_used(item.id)
        return item

    # -- lookups for the handlers (they never reach into the repository) -----------------------
    def consultants_chats(self) -> set[int]:
        """The consultants' groups under the current settings."""
        return consultants_chats(self.settings)

    @property
    def reopen_days(self) -> int:
        return int(self.settings.reopen_days)

    @property
    def tz(self) -> Any:
        """The time zone local times are shown in (Asia/Bishkek)."""
        return self.settings.tz

    async def find(self, ticket_id: int) -> TicketRow | None:
        return await self.repo.get(ticket_id)

    async def for_asker(self, asker_id: int, limit: int = 10) -> list[TicketRow]:
        return await self.repo.for_asker(asker_id, limit=limit)

    async def find_message(self, message_id: int) -> MessageRow | None:
        return await self.repo.get_message(message_id)

    async def message_by_private(self, chat_id: int, message_id: int) -> MessageRow | None:
        """A stored ticket message by its copy (or original) in a private chat."""
        return await self.repo.message_by_private(chat_id, message_id)

    async def message_by_group(self, chat_id: int, message_id: int) -> MessageRow | None:
        return await self.repo.message_by_group(chat_id, message_id)

    async def closed_ticket_of_reply(self, chat_id: int, message_id: int) -> TicketRow | None:
        """The closed ticket whose relayed message (in a private chat) is ``message_id``."""
        stored = await self.repo.message_by_private(chat_id, message_id)
        if stored is None:
            return None
        ticket = await self.repo.get(stored.ticket_id)
        return ticket if ticket is not None and ticket.status == Status.closed else None

    async def by_thread(self, chat_id: int, thread_id: int) -> TicketRow | None:
        return await self.repo.by_thread(chat_id, thread_id)

    async def by_group_message(self, chat_id: int, message_id: int) -> TicketRow | None:
        return await self.repo.by_group_message(chat_id, message_id)

    async def owned_open(self, owner_id: int) -> list[TicketRow]:
        return await self.repo.owned_open(owner_id)

    async def works_in_private(self, user_id: int) -> bool:
        return await self.repo.works_in_private(user_id)

    async def set_work_in_private(self, user_id: int, on: bool) -> None:
        await self.repo.set_work_in_private(user_id, on, self.now())

    async def recent_dead_messages(self, days: int = 7) -> list[MessageRow]:
        """Relays that could not be delivered, of open tickets or of the last ``days`` days."""
        return await self.repo.dead_messages(since=self.now() - dt.timedelta(days=days))

    # -- the working calendar (admins) ---------------------------------------------------------
    async def set_calendar_setting(self, key: str, value: str, actor_id: int) -> None:
        await self.repo.set_calendar_setting(key, value, actor_id, self.now())

    async def set_calendar_day(
        self, day: dt.date, kind: str | None, note: str | None, actor_id: int
    ) -> None:
        """Mark ``day`` a holiday or a worked day (``kind``), or clear it (``kind=None``)."""
        await self.repo.set_calendar_day(day, kind, note, actor_id, self.now())


class _Retry(Exception):
    """Internal: a concurrent creation from the same offer won."""


async def upsert_faq_entry(db: Database, faq_id: str, draft: FaqDraft) -> bool:
    """Write an approved draft into the knowledge base; False when the stored entry was already
    the same (``KnowledgeRepository.upsert_faq``)."""
    entry = FaqEntry(
        id=faq_id,
        category=draft.category,
        questions={draft.language: [draft.question]},
        answer=Bilingual(**{draft.language: draft.answer}),
        status="approved",
    )
    return await KnowledgeRepository(db).upsert_faq(entry)
