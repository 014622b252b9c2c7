"""What the asker's and the consultants' handlers share: the :class:`Desk` they work with,
Telegram → :class:`Content`, the forms, the one refusal (audited), button answers, the notice
that a ticket exists."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from aiogram import BaseMiddleware, F
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message, TelegramObject
from aiogram.utils.callback_answer import CallbackAnswer

from bot.filters import Magic
from bot.i18n import I18n
from bot.workers.relay import Relay
from db.repositories.tickets import TicketRow
from db.repositories.users import UserRepository
from handlers.common.wiring import UpdateContext
from handlers.profile import offer_profile
from services.tickets import Content, TicketError, TicketService
from services.worktime import format_local

log = logging.getLogger(__name__)

QUESTION_LIMIT = 4000

PRIVATE = Magic(F.chat.type == "private")
TEXT = Magic(F.text)
NOT_SLASH = Magic(~F.text.startswith("/"))  # also passes messages without text


class AskForm(StatesGroup):
    question = State()


class RateForm(StatesGroup):
    comment = State()


class FollowUpForm(StatesGroup):
    question = State()


@dataclass(frozen=True, slots=True, kw_only=True)
class Desk(UpdateContext):
    """A call-center update's context with the ticket service and the relay (``Provide("desk",
    Desk.build)`` on the call-center routers), so the handlers take the event, the button's
    data and ``desk``."""

    tickets: TicketService
    relay: Relay


class Refused(Exception):
    """Raised by a call-center handler: the sender may not do ``action`` (a role or ownership
    is missing).  :class:`CallCenterMiddleware` answers and audits it — the one refusal path."""

    def __init__(self, action: str) -> None:
        super().__init__(action)
        self.action = action


class CallCenterMiddleware(BaseMiddleware):
    """On the call-center routers: :class:`Refused` becomes the refusal (answered through the
    dispatcher's ``callback_answer``, audited)."""

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        try:
            return await handler(event, data)
        except Refused as refused:
            assert isinstance(event, Message | CallbackQuery)
            answer = data.get("callback_answer")
            await refuse(event, data["users"], data["i18n"], refused.action, answer)
            return None
        except Exception:
            answer = data.get("callback_answer")
            if answer is not None and not answer.answered:
                answer.disable()  # the error handler answers with the apology
            raise


def say(answer: CallbackAnswer, text: str, *, alert: bool = False) -> None:
    """The text (or alert) the button press is answered with."""
    answer.text = text
    answer.show_alert = alert


def content_of(message: Message) -> Content | None:
    """What the bot can relay: text, photo, document, voice, video, audio (else None)."""
    html = message.html_text if (message.text or message.caption) else None
    if message.text is not None:
        return Content("text", message.text, html)
    caption = message.caption
    if message.photo:
        return Content("photo", caption, html, message.photo[-1].file_id)
    if message.document:
        doc = message.document
        return Content("document", caption, html, doc.file_id, doc.file_name)
    if message.voice:
        return Content("voice", caption, html, message.voice.file_id)
    if message.video:
        return Content("video", caption, html, message.video.file_id)
    if message.audio:
        return Content("audio", caption, html, message.audio.file_id, message.audio.file_name)
    return None


async def refuse(
    event: Message | CallbackQuery,
    users: UserRepository,
    i18n: I18n,
    action: str,
    answer: CallbackAnswer | None = None,
) -> None:
    """Refuse an action the sender may not do (role or ownership) and audit the attempt."""
    actor = event.from_user.id if event.from_user else None
    data = event.data if isinstance(event, CallbackQuery) else (event.text or "")
    log.warning("refused %s from %s: %r", action, actor, data)
    await users.audit(actor, action, data or "", allowed=False)
    if isinstance(event, Message):
        await event.reply(i18n("not-allowed"))
    elif answer is not None:
        say(answer, i18n("not-allowed"), alert=True)
    else:
        await event.answer(i18n("not-allowed"), show_alert=True)


ERROR_KEYS = {
    "already_open": "ticket-already-open",
    "not_allowed": "not-allowed",
    "closed": "ticket-is-closed",
    "not_closed": "ticket-not-closed",
    "too_old": "ticket-too-old",
    "not_found": "ticket-not-found",
    "empty_question": "ticket-empty-question",
}


def error_text(i18n: I18n, err: TicketError) -> str:
    number = err.ticket.id if err.ticket else err.info.get("number", "")
    return i18n(ERROR_KEYS.get(err.code, "error-generic"), number=number)


def background(relay: Relay, job: Coroutine[Any, Any, Any], name: str) -> None:
    """Send a one-off notice in the background, tracked with the relays (never awaited here)."""
    relay.courier.track(job, name)


async def announce_created(
    message: Message, ticket: TicketRow, desk: Desk, *, edit: bool = False
) -> None:
    """Tell the asker the ticket exists (and when to expect an answer), open its topic in the
    consultants' chat, then say what the profile still lacks (with a button to fill it in)."""
    i18n, tickets = desk.i18n, desk.tickets
    text = i18n(
        "ticket-created", number=ticket.id, category=i18n(f"ticket-category-{ticket.category}")
    )
    back = await tickets.claim_out_of_hours_notice(ticket.id)
    if back is not None:
        text += "\n\n" + i18n("ticket-out-of-hours", when=format_local(back, tickets.tz))
    if edit:
        await message.edit_text(text)
    else:
        await message.answer(text)
    desk.relay.kick(ticket.id)
    if not desk.user.is_registered:
        await offer_profile(message, desk.user, i18n, ticket.id)
