"""The asker's messages relayed into the open ticket (stored first, sent in the background), a
reply to a closed ticket's message (reopens it, or opens a linked one after ``REOPEN_DAYS``),
and edits of relayed messages."""

from __future__ import annotations

import logging
from typing import Any

from aiogram import Router
from aiogram.filters import Filter, StateFilter
from aiogram.types import Message

from bot.filters import menu_labels
from bot.i18n import Translator
from bot.keyboards.common import MENU_BUTTONS
from bot.workers.relay import Relay
from db.repositories.tickets import MessageRow, TicketRow
from handlers.tickets.ask import text_only
from handlers.tickets.shared import (
    NOT_SLASH,
    PRIVATE,
    QUESTION_LIMIT,
    TEXT,
    Desk,
    FollowUpForm,
    announce_created,
    background,
    content_of,
    error_text,
)
from services.text import trim
from services.tickets import TicketError, TicketService
from services.worktime import format_local

log = logging.getLogger(__name__)


def is_menu_button(text: str, translator: Translator) -> bool:
    return bool(text) and any(text in menu_labels(translator, key) for key, _ in MENU_BUTTONS)


class AskerTicket(Filter):
    """A private message from an asker with an open ticket (→ ``ticket``), or a reply to a
    message of their closed ticket (→ ``closed_ticket``).  Commands and menu buttons pass by."""

    async def __call__(
        self, message: Message, tickets: TicketService, translator: Translator
    ) -> bool | dict[str, Any]:
        if message.chat.type != "private" or message.from_user is None:
            return False
        text = message.text or ""
        if text.startswith("/") or is_menu_button(text, translator):
            return False
        ticket = await tickets.open_for(message.from_user.id)
        if ticket is not None:
            return {"ticket": ticket}
        reply = message.reply_to_message
        if reply is not None and reply.from_user is not None and reply.from_user.is_bot:
            closed = await tickets.closed_ticket_of_reply(message.chat.id, reply.message_id)
            if closed is not None:
                return {"closed_ticket": closed}
        return False


class EditedTicketMessage(Filter):
    """An edited private message that was relayed into a ticket (→ ``stored``)."""

    async def __call__(self, message: Message, tickets: TicketService) -> bool | dict[str, Any]:
        stored = await tickets.message_by_private(message.chat.id, message.message_id)
        if stored is None or stored.direction != "in":
            return False
        return {"stored": stored}


async def relay_in(message: Message, ticket: TicketRow, desk: Desk) -> None:
    """Store the asker's message in the ticket, then let the background send it."""
    i18n, tickets = desk.i18n, desk.tickets
    content = content_of(message)
    if content is None:
        await message.answer(i18n("ticket-unsupported-content"))
        return
    try:
        message_id, created = await tickets.record_in(
            ticket, desk.user.id, content, private_message_id=message.message_id
        )
    except TicketError as err:
        await message.answer(error_text(i18n, err))
        return
    if created:  # stored: it is sent in the background, in order, at Telegram's pace
        desk.relay.kick(ticket.id)
    log.debug("ticket %s: message %s stored", ticket.id, message_id)
    back = await tickets.claim_out_of_hours_notice(ticket.id)
    if back is not None:  # in the background too: the next update is stored at once
        text = i18n("ticket-out-of-hours", when=format_local(back, tickets.tz))
        background(desk.relay, message.answer(text), "out-of-hours notice")


async def new_linked_ticket(
    message: Message, desk: Desk, parent: int | None, text: str | None
) -> None:
    """A new ticket linked to ``parent`` (closed too long ago to reopen)."""
    try:
        ticket = await desk.tickets.create(
            asker_id=desk.user.id,
            question=trim(text or "", QUESTION_LIMIT)[0],
            language=desk.i18n.lang,
            source="follow_up",
            parent_ticket_id=parent,
        )
    except TicketError as err:
        await message.answer(error_text(desk.i18n, err))
        return
    await announce_created(message, ticket, desk)


async def ask_for_new_question(message: Message, desk: Desk, parent: int) -> None:
    """Too late to reopen ``parent``: the next text becomes a new, linked ticket."""
    await desk.state.set_state(FollowUpForm.question)
    await desk.state.update_data(parent_ticket=parent)
    days = desk.tickets.reopen_days
    await message.answer(desk.i18n("ticket-reopen-too-old", number=parent, days=days))


async def follow_up_question(message: Message, desk: Desk) -> None:
    parent = (await desk.state.get_data()).get("parent_ticket")
    await desk.state.clear()
    await new_linked_ticket(message, desk, parent, message.text)


async def follow_up(
    message: Message,
    desk: Desk,
    ticket: TicketRow | None = None,
    closed_ticket: TicketRow | None = None,
) -> None:
    if ticket is not None:
        await relay_in(message, ticket, desk)
        return
    assert closed_ticket is not None
    content = content_of(message)
    if content is None:
        await message.answer(desk.i18n("ticket-unsupported-content"))
    elif desk.tickets.can_reopen(closed_ticket):
        await _reopen_by_reply(message, desk, closed_ticket)
    elif content.content_type != "text":
        await ask_for_new_question(message, desk, closed_ticket.id)
    else:
        await new_linked_ticket(message, desk, closed_ticket.id, content.text)


async def _reopen_by_reply(message: Message, desk: Desk, closed: TicketRow) -> None:
    try:
        ticket = await desk.tickets.reopen(closed.id, desk.user.id)
    except TicketError as err:
        await message.answer(error_text(desk.i18n, err))
        return
    await relay_in(message, ticket, desk)  # stored first
    notice = message.answer(desk.i18n("ticket-reopened-by-reply", number=ticket.id))
    background(desk.relay, notice, "reopened-by-reply notice")


async def edited(
    message: Message, stored: MessageRow, tickets: TicketService, relay: Relay
) -> None:
    content = content_of(message)
    if content is None:
        return
    await tickets.record_edit(stored, content)
    relay.kick(stored.ticket_id)


def router() -> Router:
    r = Router(name="tickets.follow_ups")
    r.message.register(follow_up_question, StateFilter(FollowUpForm.question), TEXT, NOT_SLASH)
    r.message.register(text_only, StateFilter(FollowUpForm.question), NOT_SLASH)
    r.message.register(follow_up, StateFilter(None), AskerTicket())
    r.edited_message.register(edited, PRIVATE, EditedTicketMessage())
    return r
