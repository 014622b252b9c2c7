"""Messages of consultants relayed to askers: in a ticket's topic (or under its card) in the
consultants' chat, or from the private chat (``/inbox on``); notes ("//"), canned replies
("!name"), /close with the resolution, and edits that follow to the asker."""

from __future__ import annotations

from typing import Any

from aiogram import Bot, Router
from aiogram.filters import Command, CommandObject, Filter, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from bot.i18n import I18n
from bot.workers.relay import Relay
from db.repositories.tickets import TicketRow
from db.repositories.users import User
from handlers.consultants.shared import (
    NOT_COMMAND,
    CloseForm,
    InConsultantsChat,
    ask_resolution,
    close_ticket,
    reply_in_ticket,
    ticket_here,
    ticket_of,
)
from handlers.tickets.shared import PRIVATE, TEXT, Desk, Refused, content_of
from services.tickets import TicketService, can_manage


class PrivateConsultant(Filter):
    """A consultant working from the private chat (``/inbox on``): their message belongs to
    the ticket whose relay it replies to, or to their only open ticket (→ ``private_ticket``);
    with several tickets and no reply → ``owned`` (the list, to ask which one)."""

    async def __call__(
        self, message: Message, user: User | None, tickets: TicketService
    ) -> bool | dict[str, Any]:
        if user is None or not await tickets.works_in_private(user.id):
            return False
        reply = message.reply_to_message
        if reply is not None and reply.from_user is not None and reply.from_user.is_bot:
            found = await tickets.by_group_message(message.chat.id, reply.message_id)
            if found is not None:
                return {"private_ticket": found}
        owned = await tickets.owned_open(user.id)
        if len(owned) == 1:
            return {"private_ticket": owned[0]}
        if owned:
            return {"private_ticket": None, "owned": owned}
        return False


async def group_message(message: Message, bot: Bot, desk: Desk) -> None:
    if message.from_user is None or message.from_user.is_bot:
        return
    ticket = await ticket_here(message, desk.i18n, desk.tickets, bot.id)
    if ticket is not None:
        await reply_in_ticket(message, ticket, desk)


async def close_command(message: Message, command: CommandObject, desk: Desk) -> None:
    ticket = await ticket_of(message, desk.tickets)
    resolution = (command.args or "").strip()
    if ticket is None:
        await message.reply(desk.i18n("consultant-outside-ticket"))
    elif resolution:
        await close_ticket(message, ticket, desk, resolution)
    elif not can_manage(ticket, desk.user):
        raise Refused("ticket.close")
    else:
        await ask_resolution(message, ticket, desk)


async def close_cancel(message: Message, state: FSMContext, i18n: I18n) -> None:
    await state.clear()
    await message.reply(i18n("cancelled"))


async def close_resolution(message: Message, bot: Bot, desk: Desk) -> None:
    ticket_id = (await desk.state.get_data()).get("close_ticket")
    here = await ticket_of(message, desk.tickets)
    text = message.text or ""
    if here is None or here.id != ticket_id or text.startswith("//"):
        # written somewhere else: an ordinary message; the close prompt stays open
        await group_message(message, bot, desk)
        return
    await close_ticket(message, here, desk, text)


async def inbox(message: Message, command: CommandObject, desk: Desk) -> None:
    arg = (command.args or "").strip().lower()
    if arg not in ("on", "off", ""):
        await message.answer(desk.i18n("inbox-usage"))
        return
    user_id = desk.user.id
    on = (not await desk.tickets.works_in_private(user_id)) if arg == "" else arg == "on"
    await desk.tickets.set_work_in_private(user_id, on)
    await desk.audit("ticket.inbox", "on" if on else "off")
    await message.answer(desk.i18n("inbox-on" if on else "inbox-off"))


def which_ticket(i18n: I18n, owned: list[TicketRow]) -> str:
    return i18n("inbox-which-ticket", numbers=", ".join(f"№{t.id}" for t in owned))


async def private_close(
    message: Message,
    command: CommandObject,
    desk: Desk,
    private_ticket: TicketRow | None = None,
    owned: list[TicketRow] | None = None,
) -> None:
    resolution = (command.args or "").strip()
    if private_ticket is None:
        await message.answer(which_ticket(desk.i18n, owned or []))
    elif not resolution:
        await message.answer(desk.i18n("inbox-close-usage", number=private_ticket.id))
    else:
        await close_ticket(message, private_ticket, desk, resolution)


async def private_message(
    message: Message,
    desk: Desk,
    private_ticket: TicketRow | None = None,
    owned: list[TicketRow] | None = None,
) -> None:
    if private_ticket is None:
        await message.answer(which_ticket(desk.i18n, owned or []))
        return
    await reply_in_ticket(message, private_ticket, desk)


async def edited(message: Message, user: User | None, tickets: TicketService, relay: Relay) -> None:
    """A consultant's reply or note edited: stored, and the asker's copy follows."""
    stored = await tickets.message_by_group(message.chat.id, message.message_id)
    if stored is None or stored.direction not in ("out", "note"):
        return
    if stored.author_id != (user.id if user else None):
        return
    content = content_of(message)
    if content is None:
        return
    await tickets.record_edit(stored, content)
    if stored.direction == "out":
        relay.kick(stored.ticket_id)


def router() -> Router:
    """Staff only (the package sets the role filter)."""
    r = Router(name="consultants.replies")
    here = InConsultantsChat()
    r.message.register(close_command, here, Command("close"))
    r.message.register(close_cancel, here, Command("cancel"), StateFilter(CloseForm.resolution))
    r.message.register(close_resolution, here, StateFilter(CloseForm.resolution), TEXT, NOT_COMMAND)
    r.message.register(group_message, here, NOT_COMMAND)
    r.message.register(inbox, PRIVATE, Command("inbox"))
    r.message.register(private_close, PRIVATE, Command("close"), PrivateConsultant())
    r.message.register(private_message, PRIVATE, NOT_COMMAND, PrivateConsultant())
    return r


def edits_router() -> Router:
    """Edits, for anyone: only the author's own stored replies and notes are followed (other
    private edits stop here, as before)."""
    r = Router(name="consultants.edits")
    r.edited_message.register(edited, InConsultantsChat())
    r.edited_message.register(edited, PRIVATE)
    return r
