"""Staff actions from people without the role, after the role-filtered routers passed them by:
refused with the call-center's own text (the one the tests pin), and audited (``allowed = 0``).

An anonymous group admin (a message "from" the group, no user behind it) cannot be checked:
they are told to write as themselves, and the attempt is audited too.  Non-staff messages in
the consultants' chat stop here (nothing else answers in that chat), refused inside a ticket.
"""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, Message

from bot.filters import MenuButton
from bot.i18n import I18n
from bot.keyboards.tickets import (
    DraftCallback,
    RelayRetryCallback,
    TicketCallback,
    TransferCallback,
)
from bot.workers.relay import Relay
from db.repositories.users import User, UserRepository
from handlers.consultants.shared import NOT_COMMAND, InConsultantsChat, ticket_here
from handlers.tickets.shared import PRIVATE, Refused
from services.tickets import TicketService

COMMAND_ACTIONS = {
    "queue": "ticket.queue",
    "canned": "canned",
    "drafts": "drafts",
    "inbox": "ticket.inbox",
    "close": "ticket.close",
}
BUTTON_ACTIONS: dict[type[CallbackData], str] = {
    TransferCallback: "ticket.transfer",
    RelayRetryCallback: "ticket.relay_retry",
    DraftCallback: "drafts.review",
}
CARD_ACTIONS = {"take", "transfer", "close", "kb"}


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


async def staff_command(
    message: Message,
    user: User | None,
    users: UserRepository,
    relay: Relay,
    command: CommandObject | None = None,
) -> None:
    name = command.command.lower() if command is not None else "queue"  # or the menu button
    await refuse_command(message, user, users, relay, COMMAND_ACTIONS[name])


async def staff_button(query: CallbackQuery, callback_data: CallbackData) -> None:
    if isinstance(callback_data, TicketCallback):
        raise Refused(f"ticket.{callback_data.action}")
    raise Refused(BUTTON_ACTIONS[type(callback_data)])


async def outsider_message(
    message: Message,
    bot: Bot,
    user: User | None,
    i18n: I18n,
    tickets: TicketService,
) -> None:
    """Someone without the role writes in the consultants' chat: refused inside a ticket."""
    if message.from_user is None or message.from_user.is_bot or user is None:
        return
    if await ticket_here(message, i18n, tickets, bot.id) is not None:
        raise Refused("ticket.reply")


def router() -> Router:
    r = Router(name="consultants.refusals")
    for name in ("queue", "canned", "drafts"):
        r.message.register(staff_command, Command(name))
    r.message.register(staff_command, PRIVATE, MenuButton("menu-queue"))
    r.message.register(staff_command, PRIVATE, Command("inbox"))
    r.message.register(staff_command, InConsultantsChat(), Command("close"))
    r.message.register(outsider_message, InConsultantsChat(), NOT_COMMAND)
    r.callback_query.register(staff_button, TicketCallback.filter(F.action.in_(CARD_ACTIONS)))
    r.callback_query.register(staff_button, TransferCallback.filter())
    r.callback_query.register(staff_button, RelayRetryCallback.filter())
    r.callback_query.register(staff_button, DraftCallback.filter(F.action.in_({"ok", "no"})))
    return r
