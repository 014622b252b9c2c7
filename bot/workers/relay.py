"""The Telegram-facing half of the call-center: ticket topics and cards in the consultants'
chat, relays in both directions, edits, and announcements of ticket events.

The rules live in :mod:`services.tickets` and :mod:`services.relay` (texts, retry times); this
module only reads what is stored and sends it.  Every relay was stored first
(``ticket_messages.delivery_status = 'pending'``); sending claims it (``sending``), and the
result is written back (``sent``, ``failed`` with a retry time, ``blocked``, ``dead``).
Announcements are ``ticket_events`` rows used as an outbox, and each finished step of one is
recorded, so a retry never repeats a step that went out.  Multi-part relays record every part
sent.  Telegram's 429/5xx are retried by the session middleware (bot/delivery.py); what still
fails is retried by :meth:`Relay.sweep` (run by the SLA worker, :mod:`bot.workers.sla`).

Handlers only store and call :meth:`Relay.kick`: the relay's :class:`Courier` drains each
ticket in the background, one drain per ticket, oldest first, and one relay at a time per
destination chat, so a ticket's messages waiting for a busy group are composed into one message
when its turn comes.  A relay that fails for good is kept (``dead``), alerted once to
supervisors and retryable.  One :class:`Relay` per bot (:meth:`Relay.of`), injected into
handlers as ``relay: Relay``.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable, Coroutine
from typing import TYPE_CHECKING, Any

from aiogram import Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
)
from aiogram.types import Message, ReplyParameters

from bot.config import Settings
from bot.delivery import TRANSIENT
from bot.i18n import Translator
from bot.keyboards.tickets import (
    card_keyboard,
    rating_keyboard,
    relay_retry_keyboard,
    take_keyboard,
)
from bot.workers.base import tracked
from db.repositories.tickets import EventRow, MessageRow, TicketRepository, TicketRow
from db.repositories.users import Role, User, UserRepository
from services.relay import (
    COMBINE_MAX,
    MAX_ATTEMPTS,
    category_label,
    combine_batch,
    event_due,
    format_days,
    format_hours,
    mention,
    render_card,
    retry_delay,
    topic_link,
    topic_name,
)
from services.text import TELEGRAM_CAPTION_LIMIT, Html, escape, split_html, trim, visible_length
from services.tickets import Status, TicketService, awaiting_reply_since, is_staff
from services.worktime import format_duration, format_local

if TYPE_CHECKING:
    from bot.app import Runtime

log = logging.getLogger(__name__)

SWEEP_WAIT_SECONDS = 20.0  # the sweeper waits this long for drains, which then go on alone


class Relay:
    def __init__(
        self, bot: Bot, tickets: TicketService, translator: Translator, settings: Settings
    ) -> None:
        self.bot = bot
        self.settings = settings  # replaced by Runtime.reconfigure when the settings change
        self.t = translator
        self.svc = tickets
        self.repo: TicketRepository = tickets.repo
        self.users = UserRepository(tickets.db)
        self.courier = Courier(self)

    @classmethod
    def of(cls, runtime: Runtime, bot: Bot) -> Relay:
        """The app's relay for ``bot`` (``runtime``: :class:`bot.app.Runtime`): built once, then
        injected into handlers as ``relay``."""
        relays: dict[int, Relay] = runtime.extra.setdefault("relays", {})
        relay = relays.get(id(bot))
        if relay is None or relay.bot is not bot:
            relay = relays[id(bot)] = cls(
                bot, runtime.tickets, runtime.translator, runtime.settings
            )
        return relay

    @property
    def group_lang(self) -> str:
        return self.settings.consultants_language or self.settings.default_language

    def g(self, key: str, **kwargs: Any) -> str:
        return self.t.get(self.group_lang, key, **kwargs)

    async def asker_lang(self, ticket: TicketRow) -> str:
        asker = await self.users.get(ticket.asker_id)
        return (asker.language if asker else None) or ticket.language

    # -- sending helpers -----------------------------------------------------------------------
    def _group_target(self, ticket: TicketRow, general: bool = False) -> dict[str, Any]:
        if general:
            return {}
        if ticket.thread_id:
            return {"message_thread_id": ticket.thread_id}
        if ticket.card_message_id:
            return {
                "reply_parameters": ReplyParameters(
                    message_id=ticket.card_message_id, allow_sending_without_reply=True
                )
            }
        return {}

    async def to_group(
        self,
        ticket: TicketRow,
        text: str,
        *,
        reply_markup: Any = None,
        general: bool = False,
    ) -> int | None:
        """Send (split if long) into the ticket's topic / under its card; first message id."""
        chat_id = ticket.chat_id or self.settings.consultants_chat_id
        if chat_id is None:
            log.warning("no CONSULTANTS_CHAT_ID: ticket %s announcement dropped", ticket.id)
            return None
        target = self._group_target(ticket, general)
        first: int | None = None
        parts = split_html(text)
        for index, part in enumerate(parts):
            markup = reply_markup if index == len(parts) - 1 else None
            try:
                sent = await self.bot.send_message(chat_id, part, reply_markup=markup, **target)
            except TelegramBadRequest as exc:
                if not target:
                    raise
                log.warning(
                    "ticket %s: topic/card unusable (%s), posting in the chat", ticket.id, exc
                )
                target = {}
                sent = await self.bot.send_message(chat_id, part, reply_markup=markup)
            first = first or sent.message_id
        return first

    async def to_asker(
        self, ticket: TicketRow, text: str, *, reply_markup: Any = None
    ) -> int | None:
        """Send to the asker; a blocked bot marks the asker and tells the consultants."""
        first: int | None = None
        try:
            for part in split_html(text):
                sent = await self.bot.send_message(ticket.asker_id, part, reply_markup=reply_markup)
                first = first or sent.message_id
        except TelegramForbiddenError:
            await self._asker_blocked(ticket)
            return None
        return first

    async def _asker_blocked(self, ticket: TicketRow) -> None:
        await self.users.mark_blocked(ticket.asker_id)
        log.info("ticket %s: asker %s blocked the bot", ticket.id, ticket.asker_id)
        try:
            await self.to_group(ticket, self.g("relay-asker-blocked", number=ticket.id))
        except TelegramAPIError:
            log.warning("could not tell the consultants that asker %s blocked", ticket.asker_id)

    # -- cards and topics ----------------------------------------------------------------------
    async def card(self, ticket: TicketRow) -> tuple[str, bool]:
        asker = await self.users.get(ticket.asker_id)
        owner = await self.users.get(ticket.owner_id) if ticket.owner_id else None
        sla = await self.svc.sla(ticket) if ticket.is_open else None
        return render_card(self.t, self.group_lang, ticket, asker, owner, sla)

    async def refresh_card(self, ticket: TicketRow) -> None:
        if not ticket.card_message_id or not ticket.chat_id:
            return
        text, _ = await self.card(ticket)
        try:
            await self.bot.edit_message_text(
                text=text,
                chat_id=ticket.chat_id,
                message_id=ticket.card_message_id,
                reply_markup=card_keyboard(self.t, self.group_lang, ticket),
            )
        except TelegramBadRequest as exc:
            if "not modified" not in str(exc):
                log.warning("ticket %s: card not updated: %s", ticket.id, exc)

    async def rename_topic(self, ticket: TicketRow) -> None:
        if not ticket.thread_id or not ticket.chat_id:
            return
        asker = await self.users.get(ticket.asker_id)
        try:
            await self.bot.edit_forum_topic(
                ticket.chat_id,
                ticket.thread_id,
                name=topic_name(self.t, self.group_lang, ticket, asker),
            )
        except TelegramBadRequest as exc:
            log.info("ticket %s: topic not renamed: %s", ticket.id, exc)

    async def _step_topic(self, ticket: TicketRow, event: EventRow) -> int | None:
        chat_id = ticket.chat_id or self.settings.consultants_chat_id
        if chat_id is None or ticket.thread_id or event.details.get("card_mode"):
            return None
        asker = await self.users.get(ticket.asker_id)
        try:
            topic = await self.bot.create_forum_topic(
                chat_id, topic_name(self.t, self.group_lang, ticket, asker)
            )
        except TelegramBadRequest as exc:  # not a forum, or no right to manage topics
            log.info("ticket %s: no forum topic (%s); using a card with replies", ticket.id, exc)
            event.details["card_mode"] = True
            return None
        await self.svc.attach_group(ticket.id, thread_id=topic.message_thread_id)
        return None

    async def _step_card(self, ticket: TicketRow, event: EventRow) -> int | None:
        chat_id = ticket.chat_id or self.settings.consultants_chat_id
        if chat_id is None:
            return None
        text, cut = await self.card(ticket)
        target = {"message_thread_id": ticket.thread_id} if ticket.thread_id else {}
        sent = await self.bot.send_message(
            chat_id, text, reply_markup=card_keyboard(self.t, self.group_lang, ticket), **target
        )
        await self.svc.attach_group(ticket.id, card_message_id=sent.message_id)
        if cut:
            fresh = await self.svc.get(ticket.id)
            await self.to_group(
                fresh, self.g("card-question-full", number=ticket.id, question=ticket.question)
            )
        return sent.message_id

    # -- events --------------------------------------------------------------------------------
    def _steps(self, kind: str, event: EventRow) -> list[tuple[str, Callable[..., Awaitable[Any]]]]:
        card = ("card", lambda t, e: self.refresh_card(t))
        topic = ("topic_name", lambda t, e: self.rename_topic(t))
        steps: dict[str, list[tuple[str, Callable[..., Awaitable[Any]]]]] = {
            "created": [("topic", self._step_topic), ("card", self._step_card)],
            "taken": [card, ("group", self._ev_taken_group), ("asker", self._ev_taken_asker)],
            "transferred": [card, ("group", self._ev_transferred), ("owner", self._ev_owner)],
            "closed": [  # independent steps: one that fails does not hold the others
                ("asker", self._ev_closed_asker),
                ("group", self._ev_closed_group),
                card,
                topic,
            ],
            "reopened": [card, topic, ("group", self._ev_reopened), ("owner", self._ev_owner)],
            "rated": [("group", self._ev_rated), ("owner", self._ev_owner)],
            "rating_comment": [("group", self._ev_rating_comment), ("owner", self._ev_owner)],
            "sla_take": [("group", self._ev_sla_take)],
            "sla_response": [
                card,
                ("group", self._ev_sla_response),
                ("supervisors", self._ev_sla_sup),
            ],
            "profile": [card],
        }
        return steps.get(kind, [])

    async def deliver_event(self, event_id: int) -> str:
        """Announce one event.  Its steps (card, topic name, notices, rating prompt) run one
        by one and each is retried on its own: a step that fails does not stop the next, and a
        retry repeats only the steps that have not gone out."""
        if not await self.repo.claim_event(event_id):
            return "busy"
        event = await self.repo.get_event(event_id)
        assert event is not None
        done = set(event.details.get("done", []))
        failed: dict[str, str] = {}
        try:
            ticket = await self.svc.get(event.ticket_id)
        except Exception:
            log.exception("event %s: ticket %s unreadable", event_id, event.ticket_id)
            await self.repo.finish_event(event_id, "failed", self.svc.now())
            return "failed"
        for name, step in self._steps(event.kind, event):
            if name in done:
                continue
            try:
                group_message_id = await step(ticket, event)
            except TRANSIENT as exc:
                log.warning("event %s (%s) step %s will be retried: %r", event_id, event.kind,
                            name, exc)  # fmt: skip
                failed[name] = repr(exc)[:200]
                continue
            except Exception as exc:
                log.exception("event %s (%s) step %s failed", event_id, event.kind, name)
                failed[name] = repr(exc)[:200]
                continue
            done.add(name)
            details = {**event.details, "done": sorted(done)}
            details.pop("failed", None)
            await self.repo.save_event_progress(event_id, details, group_message_id)
            ticket = await self.svc.get(event.ticket_id)
        now = self.svc.now()
        if failed:
            details = {**event.details, "done": sorted(done), "failed": failed}
            await self.repo.save_event_progress(event_id, details)
            await self.repo.finish_event(
                event_id, "failed", now, retry_at=now + retry_delay(event.attempts)
            )
            return "failed"
        await self.repo.finish_event(event_id, "sent", now)
        return "sent"

    async def flush(self, ticket_id: int) -> None:
        """Send the ticket's pending announcements and relays now, in order, and wait."""
        await self.courier.drain_now(ticket_id)

    def kick(self, ticket_id: int) -> None:
        """Send the ticket's pending announcements and relays in the background."""
        self.courier.kick(ticket_id)

    async def drain(self, ticket_id: int) -> dict[str, int]:
        """Send what is stored and due for one ticket, oldest first (announcements and relays
        interleaved by time).  A relay that failed holds the later ones until its retry, so a
        ticket's messages arrive in order; messages waiting for the consultants' chat go as one
        combined message.  Call it through :class:`Courier` (one drain per ticket at a time)."""
        counts = {"events": 0, "messages": 0}
        tried: set[int] = set()
        while True:
            now = self.svc.now()
            undelivered = await self.repo.undelivered_events(ticket_id)
            events = [e for e in undelivered if e.id not in tried and event_due(e, now)]
            card_pending = any(e.kind == "created" for e in undelivered)
            messages = await self.repo.undelivered_messages(ticket_id, COMBINE_MAX)
            first = messages[0] if messages else None
            if first is not None and first.delivery_status == "failed":
                if first.next_attempt_at is not None and first.next_attempt_at > now:
                    first = None  # waits for its retry, and the later ones wait behind it
            event = events[0] if events else None
            if event is not None and (
                first is None or event.kind == "created" or event.at <= first.created_at
            ):
                tried.add(event.id)
                if await self.deliver_event(event.id) == "sent":
                    counts["events"] += 1
                continue
            if first is None or (first.direction == "in" and card_pending):
                break  # nothing due, or relays wait for the ticket's card/topic
            if first.direction == "in":
                # one relay at a time per destination chat: while one waits for the chat's
                # turn, the others wait here, before they are composed, and then take all
                # that came in meanwhile (a busy group gets fewer, fuller messages)
                ticket = await self.svc.get(ticket_id)
                chat_id, _, _ = await self.in_destination(ticket)
                if chat_id is not None:
                    status, sent = await self._relay_in_turn(ticket_id, chat_id)
                    if status == "sent":
                        counts["messages"] += sent
                    elif status not in ("dead", "blocked", "again"):
                        break
                    continue
            batch = combine_batch(messages, self.settings.relay_combine)
            status = await self._deliver_batch(batch)
            if status == "sent":
                counts["messages"] += len(batch)
            elif status not in ("dead", "blocked"):
                break  # failed (retried later, in order) or being sent elsewhere
        for msg in await self.repo.due_edits(ticket_id=ticket_id):
            await self.deliver_edit(msg.id)
        return counts

    async def _actor(self, event: EventRow) -> User | None:
        return await self.users.get(event.actor_id) if event.actor_id else None

    async def _ev_taken_group(self, ticket: TicketRow, event: EventRow) -> int | None:
        actor = await self._actor(event)
        return await self.to_group(
            ticket, self.g("ev-taken", number=ticket.id, owner=Html(mention(actor)))
        )

    async def _ev_taken_asker(self, ticket: TicketRow, event: EventRow) -> None:
        lang = await self.asker_lang(ticket)
        await self.to_asker(ticket, self.t.get(lang, "ticket-taken-asker", number=ticket.id))

    async def _ev_transferred(self, ticket: TicketRow, event: EventRow) -> int | None:
        actor = await self._actor(event)
        target = await self.users.get(int(event.details.get("to") or 0))
        return await self.to_group(
            ticket,
            self.g(
                "ev-transferred",
                number=ticket.id,
                actor=Html(mention(actor)),
                owner=Html(mention(target)),
            ),
        )

    async def _ev_closed_group(self, ticket: TicketRow, event: EventRow) -> int | None:
        if event.details.get("reason") == "no_reply":
            text = self.g(
                "ev-closed-no-reply",
                number=ticket.id,
                days=format_days(self.settings.waiting_user_close_days),
            )
        else:
            actor = await self._actor(event)
            text = self.g(
                "ev-closed",
                number=ticket.id,
                actor=Html(mention(actor)),
                resolution=ticket.resolution or "",
            )
        return await self.to_group(ticket, text)

    async def _ev_closed_asker(self, ticket: TicketRow, event: EventRow) -> None:
        lang = await self.asker_lang(ticket)
        if ticket.status != Status.closed:  # reopened meanwhile: nothing to rate yet
            return
        if event.details.get("reason") == "no_reply":
            text = self.t.get(
                lang,
                "ticket-closed-no-reply",
                number=ticket.id,
                days=format_days(self.settings.waiting_user_close_days),
                reopen_days=self.settings.reopen_days,
            )
        else:
            text = self.t.get(
                lang,
                "ticket-closed-asker",
                number=ticket.id,
                resolution=ticket.resolution or "",
                reopen_days=self.settings.reopen_days,
            )
        await self.to_asker(
            ticket, text, reply_markup=rating_keyboard(self.t, lang, ticket, reopen=True)
        )

    async def _ev_reopened(self, ticket: TicketRow, event: EventRow) -> int | None:
        owner = await self.users.get(ticket.owner_id) if ticket.owner_id else None
        key = "ev-reopened-owner" if owner else "ev-reopened"
        markup = None if owner else take_keyboard(self.t, self.group_lang, ticket)
        return await self.to_group(
            ticket,
            self.g(key, number=ticket.id, owner=Html(mention(owner))),
            reply_markup=markup,
        )

    async def _ev_owner(self, ticket: TicketRow, event: EventRow) -> None:
        """The owner working from the private chat hears of it there, in their language."""
        if ticket.owner_id is None or not await self.repo.works_in_private(ticket.owner_id):
            return
        owner = await self.users.get(ticket.owner_id)
        if owner is None or not owner.is_active:
            return
        lang = owner.language or self.group_lang
        if event.kind == "reopened":
            text = self.t.get(lang, "ev-reopened-owner", number=ticket.id,
                              owner=Html(mention(owner)))  # fmt: skip
        elif event.kind == "rated":
            stars = int(event.details.get("rating") or 0)
            text = self.t.get(lang, "ev-rated", number=ticket.id, stars="⭐" * stars,
                              rating=stars)  # fmt: skip
        elif event.kind == "rating_comment":
            text = self.t.get(lang, "ev-rating-comment", number=ticket.id,
                              comment=ticket.rating_comment or "")  # fmt: skip
        else:  # transferred: the new owner
            actor = await self._actor(event)
            text = self.t.get(lang, "ev-transferred", number=ticket.id,
                              actor=Html(mention(actor)), owner=Html(mention(owner)))  # fmt: skip
        await self.bot.send_message(owner.id, text)

    async def _ev_rated(self, ticket: TicketRow, event: EventRow) -> int | None:
        stars = int(event.details.get("rating") or 0)
        return await self.to_group(
            ticket, self.g("ev-rated", number=ticket.id, stars="⭐" * stars, rating=stars)
        )

    async def _ev_rating_comment(self, ticket: TicketRow, event: EventRow) -> int | None:
        return await self.to_group(
            ticket,
            self.g("ev-rating-comment", number=ticket.id, comment=ticket.rating_comment or ""),
        )

    async def _ev_sla_take(self, ticket: TicketRow, event: EventRow) -> int | None:
        if ticket.owner_id is not None or not ticket.is_open:
            return None  # taken meanwhile: nothing to re-announce
        question, _ = trim(ticket.question, 300)
        age = self.svc.now() - (ticket.reopened_at or ticket.created_at)
        link = topic_link(ticket.chat_id, ticket.thread_id)
        text = self.g(
            "ev-sla-take",
            number=ticket.id,
            minutes=self.settings.sla_take_minutes,
            age=format_duration(age, self.group_lang),
            question=question,
            category=category_label(self.t, self.group_lang, ticket.category),
        )
        if link:
            text += "\n" + self.g("ev-open-topic", link=Html(escape(link)))
        return await self.to_group(
            ticket,
            text,
            general=bool(ticket.thread_id),
            reply_markup=take_keyboard(self.t, self.group_lang, ticket),
        )

    async def _supervisors(self) -> list[User]:
        found = await self.users.with_role(Role.supervisor)
        return found or await self.users.with_role(Role.admin)

    async def _ev_sla_response(self, ticket: TicketRow, event: EventRow) -> int | None:
        if awaiting_reply_since(ticket) is None:
            return None
        supervisors = await self._supervisors()
        names = ", ".join(mention(s) for s in supervisors) or "—"
        return await self.to_group(
            ticket,
            self.g(
                "ev-sla-response",
                number=ticket.id,
                hours=format_hours(self.settings.sla_first_response_minutes),
                supervisors=Html(names),
            ),
        )

    async def _ev_sla_sup(self, ticket: TicketRow, event: EventRow) -> None:
        if awaiting_reply_since(ticket) is None:
            return
        owner = await self.users.get(ticket.owner_id) if ticket.owner_id else None
        link = topic_link(ticket.chat_id, ticket.thread_id)
        for supervisor in await self._supervisors():
            lang = supervisor.language or self.group_lang
            text = self.t.get(
                lang,
                "sla-supervisor-dm",
                number=ticket.id,
                hours=format_hours(self.settings.sla_first_response_minutes),
                owner=Html(mention(owner, self.t.get(lang, "ticket-nobody"))),
                question=trim(ticket.question, 300)[0],
            )
            if link:
                text += "\n" + self.t.get(lang, "ev-open-topic", link=Html(escape(link)))
            try:
                await self.bot.send_message(supervisor.id, text)
            except (TelegramForbiddenError, TelegramBadRequest) as exc:
                log.info("supervisor %s not reachable: %s", supervisor.id, exc)

    # -- message relays ------------------------------------------------------------------------
    async def header_for(self, ticket: TicketRow, msg: MessageRow, lang: str) -> str:
        author = await self.users.get(msg.author_id) if msg.author_id else None
        if msg.direction == "in":
            name = author.display_name if author else str(msg.author_id)
            return self.t.get(lang, "relay-in-header", number=ticket.id, name=name)
        if author is not None and author.show_name:
            return self.t.get(
                lang, "relay-out-header-named", number=ticket.id, name=author.display_name
            )
        return self.t.get(lang, "relay-out-header", number=ticket.id)

    async def deliver_message(self, message_id: int) -> str:
        """Send one stored relay (if nobody else is); returns its delivery status."""
        now = self.svc.now()
        if not await self.repo.claim_delivery(message_id, now):
            current = await self.repo.get_message(message_id)
            return current.delivery_status if current else "missing"
        msg = await self.repo.get_message(message_id)
        assert msg is not None
        ticket = await self.svc.get(msg.ticket_id)
        try:
            if msg.direction == "in":
                await self._send_in(ticket, msg)
            else:
                await self._send_out(ticket, msg)
        except TelegramForbiddenError as exc:
            if msg.direction == "out":
                await self.repo.finish_delivery(message_id, "blocked", now, error=str(exc))
                await self._asker_blocked(ticket)
                return "blocked"
            return await self._failed(ticket, msg, exc)
        except TelegramBadRequest as exc:
            if "parse entities" in str(exc) and msg.html is not None:
                # the author's formatting did not survive: send the same text, plainly escaped
                log.warning("relay %s: formatting rejected (%s), sending plain text", msg.id, exc)
                await self.repo.drop_html(message_id)
                return await self.deliver_message(message_id)
            log.warning("relay %s rejected: %s", message_id, exc)
            await self.repo.finish_delivery(message_id, "dead", now, error=str(exc))
            await self._report_dead(ticket, msg, str(exc))
            return "dead"
        except TRANSIENT as exc:
            return await self._failed(ticket, msg, exc)
        except Exception as exc:
            log.exception("relay %s failed", message_id)
            return await self._failed(ticket, msg, exc)
        await self.repo.finish_delivery(message_id, "sent", self.svc.now())
        return "sent"

    async def _deliver_batch(self, batch: list[MessageRow]) -> str:
        if len(batch) > 1:
            return await self.deliver_combined([m.id for m in batch])
        return await self.deliver_message(batch[0].id)

    async def _relay_in_turn(self, ticket_id: int, chat_id: int) -> tuple[str, int]:
        """Send the ticket's waiting relays to ``chat_id`` when it is this ticket's turn; the
        status and how many relays went."""
        async with self.courier.chat_lock(chat_id):
            now = self.svc.now()
            messages = await self.repo.undelivered_messages(ticket_id, COMBINE_MAX)
            if not messages or messages[0].direction != "in":
                return "again", 0  # the order changed meanwhile: look again
            first = messages[0]
            if first.delivery_status == "failed" and (
                first.next_attempt_at is not None and first.next_attempt_at > now
            ):
                return "failed", 0
            batch = combine_batch(messages, self.settings.relay_combine)
            return await self._deliver_batch(batch), len(batch)

    async def combined_text(self, ticket: TicketRow, msgs: list[MessageRow], lang: str) -> str:
        """Several waiting messages as one: a header, then each with its author and time."""
        lines = [self.t.get(lang, "relay-in-combined", number=ticket.id, count=len(msgs))]
        for msg in msgs:
            author = await self.users.get(msg.author_id) if msg.author_id else None
            name = author.display_name if author else str(msg.author_id)
            when = format_local(msg.created_at, self.settings.tz)
            body = msg.html if msg.html is not None else escape(msg.text or "")
            lines.append("")
            lines.append(self.t.get(lang, "relay-in-combined-item", name=name, time=when))
            lines.append(body)
        return "\n".join(lines)

    async def deliver_combined(self, message_ids: list[int]) -> str:
        """Send several of the asker's waiting text messages as one message."""
        claimed = await self.repo.claim_deliveries(message_ids)
        if not claimed:
            return "busy"
        msgs = [m for m in [await self.repo.get_message(i) for i in claimed] if m is not None]
        ticket = await self.svc.get(msgs[0].ticket_id)
        chat_id, target, lang = await self.in_destination(ticket)
        if chat_id is None:
            for msg in msgs:
                await self.repo.finish_delivery(msg.id, "none", self.svc.now())
            return "none"
        text = await self.combined_text(ticket, msgs, lang)
        try:
            try:
                sent = await self.bot.send_message(chat_id, text, **target)
            except TelegramBadRequest as exc:
                if "parse entities" in str(exc):  # someone's formatting: all of it plainly
                    for msg in msgs:
                        await self.repo.drop_html(msg.id)
                    msgs = [m for m in [await self.repo.get_message(i) for i in claimed] if m]
                    await self.repo.claim_deliveries(claimed)
                    text = await self.combined_text(ticket, msgs, lang)
                    sent = await self.bot.send_message(chat_id, text, **target)
                elif target:
                    log.warning("ticket %s: topic unusable (%s), posting in the chat", ticket.id,
                                exc)  # fmt: skip
                    sent = await self.bot.send_message(chat_id, text)
                else:
                    raise
        except TelegramForbiddenError as exc:  # the consultant blocked the bot: back to the group
            if chat_id > 0:
                await self.users.mark_blocked(chat_id)
            return await self._failed_all(ticket, msgs, exc)
        except TelegramBadRequest as exc:  # refused for good (e.g. chat not found)
            log.warning("combined relay of %s rejected: %s", claimed, exc)
            for msg in msgs:
                await self.repo.finish_delivery(msg.id, "dead", self.svc.now(), error=str(exc))
            await self.alert_dead()
            return "dead"
        except Exception as exc:
            if not isinstance(exc, (*TRANSIENT, TelegramAPIError)):
                log.exception("combined relay of %s failed", claimed)
            return await self._failed_all(ticket, msgs, exc)
        await self.repo.finish_combined(
            claimed, self.svc.now(), group_chat_id=chat_id, group_message_id=sent.message_id
        )
        return "sent"

    async def _failed_all(
        self, ticket: TicketRow, msgs: list[MessageRow], exc: BaseException
    ) -> str:
        statuses = [await self._failed(ticket, m, exc) for m in msgs]
        return statuses[0] if statuses else "failed"

    async def _failed(self, ticket: TicketRow, msg: MessageRow, exc: BaseException) -> str:
        now = self.svc.now()
        if msg.attempts >= MAX_ATTEMPTS:
            await self.repo.finish_delivery(msg.id, "dead", now, error=repr(exc))
            await self._report_dead(ticket, msg, repr(exc))
            return "dead"
        await self.repo.finish_delivery(
            msg.id, "failed", now, error=repr(exc), retry_at=now + retry_delay(msg.attempts)
        )
        log.warning("relay %s failed (attempt %s), will retry: %r", msg.id, msg.attempts, exc)
        if msg.direction == "out" and msg.attempts == 1 and msg.group_chat_id:
            await self._tell_retrying(msg)
        return "failed"

    async def _tell_retrying(self, msg: MessageRow) -> None:
        """The consultant learns (once, under their message) that the bot keeps trying."""
        assert msg.group_chat_id is not None
        lang = self.group_lang
        if msg.group_chat_id > 0:  # working from the private chat: their own language
            author = await self.users.get(msg.group_chat_id)
            lang = (author.language if author else None) or lang
        try:
            await self.bot.send_message(
                msg.group_chat_id,
                self.t.get(lang, "consultant-relay-retrying"),
                reply_parameters=ReplyParameters(
                    message_id=msg.group_message_id or 0, allow_sending_without_reply=True
                ),
            )
        except TelegramAPIError as exc:
            log.info("could not tell that relay %s is retried: %s", msg.id, exc)

    async def _report_dead(self, ticket: TicketRow, msg: MessageRow, error: str) -> None:
        """A relay given up: said in the ticket's topic (for a reply that did not reach the
        asker) and, once, to the supervisors with a button to try again."""
        if msg.direction == "out":
            try:
                await self.to_group(
                    ticket,
                    self.g("relay-dead", number=ticket.id, error=error[:200]),
                    reply_markup=relay_retry_keyboard(self.t, self.group_lang, msg.id),
                )
            except TelegramAPIError:
                log.warning("could not report the failed relay %s", msg.id)
        await self.alert_dead()

    async def alert_dead(self) -> int:
        """Tell the supervisors (each in their language, once per relay) about relays that
        could not be delivered; returns how many relays were alerted."""
        alerted = 0
        for msg in await self.repo.dead_unalerted():
            if not await self.repo.mark_dead_alerted(msg.id, self.svc.now()):
                continue
            alerted += 1
            ticket = await self.svc.get(msg.ticket_id)
            for supervisor in await self._supervisors():
                lang = supervisor.language or self.group_lang
                key = "relay-dead-alert-in" if msg.direction == "in" else "relay-dead-alert-out"
                text = self.t.get(
                    lang,
                    key,
                    number=ticket.id,
                    error=(msg.last_error or "")[:200],
                    text=trim(msg.text or "", 200)[0],
                )
                try:
                    await self.bot.send_message(
                        supervisor.id,
                        text,
                        reply_markup=relay_retry_keyboard(self.t, lang, msg.id),
                    )
                except TelegramAPIError as exc:
                    log.info("supervisor %s not reachable: %s", supervisor.id, exc)
        return alerted

    async def retry_dead(self, message_id: int) -> bool:
        """A person pressed "try again": the dead relay is pending again and sent now."""
        msg = await self.repo.get_message(message_id)
        if msg is None or not await self.repo.retry_dead(message_id):
            return False
        self.kick(msg.ticket_id)
        return True

    async def in_destination(self, ticket: TicketRow) -> tuple[int | None, dict[str, Any], str]:
        """Where the asker's messages go: the owner's private chat when they chose to work
        from it (in their own language), else the ticket's topic in the consultants' chat."""
        if ticket.owner_id is not None and await self.repo.works_in_private(ticket.owner_id):
            owner = await self.users.get(ticket.owner_id)
            if owner is not None and owner.is_active and is_staff(owner):
                return owner.id, {}, owner.language or self.group_lang
        chat_id = ticket.chat_id or self.settings.consultants_chat_id
        return chat_id, self._group_target(ticket), self.group_lang

    async def _send_in(self, ticket: TicketRow, msg: MessageRow) -> None:
        chat_id, target, lang = await self.in_destination(ticket)
        if chat_id is None:
            return
        header = await self.header_for(ticket, msg, lang)

        async def progress(ids: list[int]) -> None:
            await self.repo.finish_delivery(
                msg.id, "sending", self.svc.now(), group_chat_id=chat_id,
                group_message_id=ids[0], extra_ids=ids[1:],
            )  # fmt: skip

        already = [i for i in [msg.group_message_id, *msg.extra_message_ids] if i]
        await self._send_content(chat_id, header, msg, target, already, progress)

    async def _send_out(self, ticket: TicketRow, msg: MessageRow) -> None:
        lang = await self.asker_lang(ticket)
        header = await self.header_for(ticket, msg, lang)

        async def progress(ids: list[int]) -> None:
            await self.repo.finish_delivery(
                msg.id, "sending", self.svc.now(), private_message_id=ids[0], extra_ids=ids[1:]
            )

        already = [i for i in [msg.private_message_id, *msg.extra_message_ids] if i]
        await self._send_content(ticket.asker_id, header, msg, {}, already, progress)

    async def _send_content(
        self,
        chat_id: int,
        header: str,
        msg: MessageRow,
        target: dict[str, Any],
        already: list[int],
        progress: Callable[[list[int]], Awaitable[None]],
    ) -> None:
        """Send header + content as one or more messages, skipping parts already sent."""
        body = msg.html if msg.html is not None else escape(msg.text or "")
        ids = list(already)
        jobs: list[Callable[[], Awaitable[Message]]] = []
        if msg.content_type == "text":
            for part in split_html(f"{header}\n{body}"):
                jobs.append(lambda p=part: self.bot.send_message(chat_id, p, **target))
        else:
            caption = f"{header}\n{body}" if body else header
            rest = ""
            if visible_length(caption) > TELEGRAM_CAPTION_LIMIT:
                caption, rest = header, body
            jobs.append(lambda: self._send_media(chat_id, msg, caption, target))
            if rest:
                for part in split_html(rest):
                    jobs.append(lambda p=part: self.bot.send_message(chat_id, p, **target))
        for job in jobs[len(ids) :]:
            sent = await job()
            ids.append(sent.message_id)
            await progress(ids)

    async def _send_media(
        self, chat_id: int, msg: MessageRow, caption: str, target: dict[str, Any]
    ) -> Message:
        file_id = msg.file_id or ""
        kind = msg.content_type
        if kind == "photo":
            return await self.bot.send_photo(chat_id, file_id, caption=caption, **target)
        if kind == "document":
            return await self.bot.send_document(chat_id, file_id, caption=caption, **target)
        if kind == "voice":
            return await self.bot.send_voice(chat_id, file_id, caption=caption, **target)
        if kind == "video":
            return await self.bot.send_video(chat_id, file_id, caption=caption, **target)
        if kind == "audio":
            return await self.bot.send_audio(chat_id, file_id, caption=caption, **target)
        raise ValueError(f"cannot relay {kind}")

    # -- edits ---------------------------------------------------------------------------------
    async def deliver_edit(self, message_id: int) -> str:
        if not await self.repo.claim_edit(message_id):
            return "busy"
        msg = await self.repo.get_message(message_id)
        assert msg is not None
        ticket = await self.svc.get(msg.ticket_id)
        if msg.direction == "in":
            chat_id, copy_id, lang = msg.group_chat_id, msg.group_message_id, self.group_lang
        else:
            chat_id, copy_id = ticket.asker_id, msg.private_message_id
            lang = await self.asker_lang(ticket)
        if chat_id is None or copy_id is None:
            await self.repo.finish_edit(message_id, "sent")
            return "sent"
        header = await self.header_for(ticket, msg, lang) + " ✏️"
        body = msg.html if msg.html is not None else escape(msg.text or "")
        try:
            if msg.content_type == "text":
                parts = split_html(f"{header}\n{body}")
                if msg.direction == "in" and await self.repo.shares_copy(msg):
                    await self._send_edited_copy(ticket, msg, chat_id, header, body)
                elif len(parts) == 1 + len(msg.extra_message_ids):
                    for mid, part in zip([copy_id, *msg.extra_message_ids], parts, strict=True):
                        await self._edit_text(chat_id, mid, part)
                else:
                    await self._send_edited_copy(ticket, msg, chat_id, header, body)
            else:
                caption = f"{header}\n{body}" if body else header
                if visible_length(caption) <= TELEGRAM_CAPTION_LIMIT:
                    await self._edit_caption(chat_id, copy_id, caption)
                else:
                    await self._send_edited_copy(ticket, msg, chat_id, header, body)
        except TelegramForbiddenError:
            await self.repo.finish_edit(message_id, "sent")
            if msg.direction == "out":
                await self._asker_blocked(ticket)
            return "blocked"
        except TelegramBadRequest as exc:
            log.warning("edit of relay %s rejected: %s", message_id, exc)
            await self.repo.finish_edit(message_id, "sent")
            return "dead"
        except Exception as exc:
            log.warning("edit of relay %s failed, will retry: %r", message_id, exc)
            await self.repo.finish_edit(message_id, "failed")
            return "failed"
        await self.repo.finish_edit(message_id, "sent")
        return "sent"

    async def _edit_text(self, chat_id: int, message_id: int, text: str) -> None:
        try:
            await self.bot.edit_message_text(text=text, chat_id=chat_id, message_id=message_id)
        except TelegramBadRequest as exc:
            if "not modified" not in str(exc):
                raise

    async def _edit_caption(self, chat_id: int, message_id: int, caption: str) -> None:
        try:
            await self.bot.edit_message_caption(
                chat_id=chat_id, message_id=message_id, caption=caption
            )
        except TelegramBadRequest as exc:
            if "not modified" not in str(exc):
                raise

    async def _send_edited_copy(
        self, ticket: TicketRow, msg: MessageRow, chat_id: int, header: str, body: str
    ) -> None:
        target = self._group_target(ticket) if msg.direction == "in" else {}
        for part in split_html(f"{header}\n{body}"):
            await self.bot.send_message(chat_id, part, **target)

    # -- the sweeper ---------------------------------------------------------------------------
    async def sweep(self) -> dict[str, int]:
        """Retry whatever is still pending or failed: announcements, relays, edits."""
        counts = {"events": 0, "messages": 0, "edits": 0}
        courier = self.courier
        due = await self.repo.tickets_with_due_work(self.svc.now())
        # tickets in parallel (each waits for its own chat's pace), each in order; a ticket
        # whose drain is running already is left to it, and the sweep waits a bounded time
        # (a busy group can take minutes: the timers must not wait for it)
        tasks = [courier.track(courier.drain_now(t)) for t in due if not courier.busy(t)]
        for t in due:
            if courier.busy(t):
                courier.kick(t)
        if tasks:
            done, _ = await asyncio.wait(tasks, timeout=SWEEP_WAIT_SECONDS)
            for task in done:
                if not task.cancelled() and task.exception() is None:
                    counts["events"] += task.result()["events"]
                    counts["messages"] += task.result()["messages"]
        await self.alert_dead()
        for msg in await self.repo.due_edits():
            if await self.deliver_edit(msg.id) == "sent":
                counts["edits"] += 1
        return counts


class Courier:
    """The background sender of the call-center: handlers store a message and call
    :meth:`kick`; one drain per ticket at a time sends what is stored, in order.  A handler
    never waits for Telegram's pacing, so a burst is stored as fast as it arrives."""

    def __init__(self, relay: Relay) -> None:
        self.relay = relay
        self._locks: defaultdict[int, asyncio.Lock] = defaultdict(asyncio.Lock)  # per ticket
        self._chat_locks: defaultdict[int, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._queued: set[int] = set()
        self._tasks: set[asyncio.Task[Any]] = set()

    @classmethod
    def of(cls, runtime: Runtime, bot: Bot) -> Courier:
        """The courier of the app's relay for ``bot`` (:meth:`Relay.of`)."""
        return Relay.of(runtime, bot).courier

    def busy(self, ticket_id: int) -> bool:
        """A drain of the ticket is running or queued."""
        lock = self._locks.get(ticket_id)
        return ticket_id in self._queued or (lock is not None and lock.locked())

    def track(self, job: Coroutine[Any, Any, Any], name: str | None = None) -> asyncio.Task[Any]:
        return tracked(self._tasks, job, name)

    def chat_lock(self, chat_id: int) -> asyncio.Lock:
        """One relay at a time per destination chat (FIFO among tickets)."""
        return self._chat_locks[chat_id]

    def kick(self, ticket_id: int) -> None:
        if ticket_id in self._queued:
            return  # a drain that has not started yet will see what was just stored
        self._queued.add(ticket_id)
        self.track(self._run(ticket_id), name=f"relay-{ticket_id}")

    async def _run(self, ticket_id: int) -> None:
        async with self._locks[ticket_id]:
            self._queued.discard(ticket_id)
            try:
                await self.relay.drain(ticket_id)
            except Exception:
                log.exception("relays of ticket %s: the sweeper will retry", ticket_id)

    def spawn(self, job: Awaitable[Any], name: str = "relay-job") -> None:
        """Run a one-off send (a notice to the asker) in the background, tracked like drains."""

        async def guarded() -> None:
            try:
                await job
            except Exception:
                log.exception("%s failed", name)

        self.track(guarded(), name=name)

    async def drain_now(self, ticket_id: int) -> dict[str, int]:
        async with self._locks[ticket_id]:
            return await self.relay.drain(ticket_id)

    async def idle(self, timeout: float = 30.0) -> None:
        """Wait until no drain is running or queued (tests, shutdown)."""
        async with asyncio.timeout(timeout):
            while self._tasks:
                await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def stop(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*list(self._tasks), return_exceptions=True)
