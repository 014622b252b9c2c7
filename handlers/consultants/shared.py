"""What the consultants' handlers share: where a message belongs (the consultants' chat, a
ticket's topic or card), closing a ticket, sending a reply, a note or a canned reply."""

from __future__ import annotations

import re
from typing import Any

from aiogram import F
from aiogram.filters import Filter
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import Message

from bot.filters import Magic
from bot.i18n import Html, I18n
from bot.keyboards.tickets import take_keyboard
from bot.workers.relay import Relay
from db.repositories.tickets import TicketRow
from db.repositories.users import User, UserRepository
from handlers.tickets.shared import Desk, Refused, content_of
from services.relay import mention
from services.text import escape, trim
from services.tickets import Content, TicketError, TicketService

CANNED_USE = re.compile(r"^!([\w-]{1,32})$")
NOT_COMMAND = Magic(~F.text.regexp(r"^/(?!/)"))  # "//" starts a note, not a command


class CloseForm(StatesGroup):
    resolution = State()


class InConsultantsChat(Filter):
    """A message in one of the consultants' groups (CONSULTANTS_CHAT_ID, CONSULTANTS_GROUPS)."""

    async def __call__(self, message: Message, tickets: TicketService) -> bool:
        return message.chat.id in tickets.consultants_chats()


async def ticket_of(message: Message, tickets: TicketService) -> TicketRow | None:
    """The ticket a message in the consultants' chat belongs to: its forum topic, or (where
    topics are off) the card or relayed message it replies to."""
    chat_id = message.chat.id
    if message.is_topic_message and message.message_thread_id:
        found = await tickets.by_thread(chat_id, message.message_thread_id)
        if found is not None:
            return found
    reply = message.reply_to_message
    if reply is not None and reply.forum_topic_created is None:
        found = await tickets.by_group_message(chat_id, reply.message_id)
        if found is not None:
            return found
    if message.message_thread_id and not message.is_topic_message:
        return await tickets.by_group_message(chat_id, message.message_thread_id)
    return None


async def ticket_here(
    message: Message, i18n: I18n, tickets: TicketService, bot_id: int, *, explain: bool = False
) -> TicketRow | None:
    """:func:`ticket_of`; outside any ticket, a reply to the bot (or ``explain``) is told so."""
    ticket = await ticket_of(message, tickets)
    if ticket is None:
        reply = message.reply_to_message
        to_bot = (
            reply is not None
            and reply.from_user is not None
            and reply.from_user.id == bot_id
            and reply.forum_topic_created is None
        )
        if to_bot or explain:
            await message.reply(i18n("consultant-outside-ticket"))
    return ticket


async def ask_resolution(message: Message | None, ticket: TicketRow, desk: Desk) -> None:
    """Closing without a resolution: the next message in the ticket is it (the close prompt,
    under ``message``)."""
    await desk.state.set_state(CloseForm.resolution)
    await desk.state.update_data(close_ticket=ticket.id)
    if message is not None:
        name = Html(mention(desk.user))
        await message.reply(desk.i18n("consultant-close-prompt", number=ticket.id, name=name))


async def close_ticket(message: Message, ticket: TicketRow, desk: Desk, resolution: str) -> None:
    await desk.state.clear()
    try:
        closed = await desk.tickets.close(ticket.id, desk.user, trim(resolution.strip(), 3000)[0])
    except TicketError as err:
        if err.code == "not_allowed":
            raise Refused("ticket.close") from err
        elif err.code == "closed":
            await message.reply(desk.i18n("ticket-is-closed", number=ticket.id))
        else:
            await message.reply(desk.i18n("consultant-close-empty"))
        return
    await desk.audit("ticket.close", str(closed.id))
    desk.relay.kick(closed.id)


async def reply_in_ticket(
    message: Message, ticket: TicketRow, desk: Desk, canned_name: str | None = None
) -> None:
    """A staff message in a ticket: a note ("//"), a canned reply ("!name"), or a reply stored
    for the asker (sent in the background, in order, at Telegram's pace)."""
    text = message.text or ""
    if canned_name is None and (match := CANNED_USE.match(text.strip())):
        canned_name = match.group(1)
    if canned_name is None and text.startswith("//"):
        where: dict[str, Any] = {"group_chat_id": message.chat.id}
        note_id = message.message_id
        await desk.tickets.record_note(ticket, desk.user, text, group_message_id=note_id, **where)
        return
    if not ticket.is_open:
        await message.reply(desk.i18n("consultant-ticket-closed", number=ticket.id))
        return
    content = await _content(message, desk, ticket, canned_name)
    if content is None:
        return
    try:
        _, created = await desk.tickets.record_out(
            ticket,
            desk.user,
            content,
            group_chat_id=message.chat.id,
            group_message_id=message.message_id,
        )
    except TicketError as err:
        await _not_sent(message, err, ticket, desk)
        return
    if created:
        desk.relay.kick(ticket.id)


async def _content(
    message: Message, desk: Desk, ticket: TicketRow, canned: str | None
) -> Content | None:
    """What to send: the canned reply named, or the message itself (None: told why not)."""
    if canned is not None:
        item = await desk.tickets.canned_use(canned, ticket.language)
        if item is None:
            await message.reply(desk.i18n("canned-not-found", name=canned))
            return None
        return Content("text", item.text, escape(item.text))
    content = content_of(message)
    if content is None:
        await message.reply(desk.i18n("consultant-unsupported"))
    return content


async def _not_sent(message: Message, err: TicketError, ticket: TicketRow, desk: Desk) -> None:
    i18n = desk.i18n
    if err.code == "not_taken":
        await message.reply(
            i18n("consultant-take-first", number=ticket.id),
            reply_markup=take_keyboard(i18n.translator, i18n.lang, ticket),
        )
    elif err.code == "not_owner":
        owner = await desk.users.get(ticket.owner_id) if ticket.owner_id else None
        await desk.audit("ticket.reply", str(ticket.id), allowed=False)
        owner_html = Html(mention(owner))
        await message.reply(i18n("consultant-not-owner", number=ticket.id, owner=owner_html))
    else:
        await message.reply(i18n("consultant-ticket-closed", number=ticket.id))


async def refuse_command(
    message: Message, user: User | None, users: UserRepository, relay: Relay, action: str
) -> None:
    """Refuse a command (audited); an anonymous group admin is asked, in the consultants'
    language, to write as themselves."""
    if user is None:
        where = message.sender_chat.id if message.sender_chat else message.chat.id
        await users.audit(None, action, message.text or "", allowed=False, anonymous=where)
        await message.reply(relay.g("consultant-anonymous-admin"))
        return
    raise Refused(action)
