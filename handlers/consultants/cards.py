"""The buttons of a ticket card in the consultants' chat (Take, Transfer, Close, Save to KB),
the transfer chooser, and "retry" under a relay that could not be delivered."""

from __future__ import annotations

import contextlib

from aiogram import F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery
from aiogram.utils.callback_answer import CallbackAnswer

from bot.i18n import Html, I18n
from bot.keyboards.tickets import (
    RelayRetryCallback,
    TicketCallback,
    TransferCallback,
    transfer_keyboard,
)
from bot.queries import message_of
from bot.workers.relay import Relay
from db.repositories.users import Role, User, UserRepository
from handlers.consultants.shared import CloseForm
from handlers.tickets.shared import Refused, say
from services.relay import mention
from services.tickets import TicketError, TicketService, can_manage


async def take(
    query: CallbackQuery,
    callback_data: TicketCallback,
    callback_answer: CallbackAnswer,
    user: User,
    users: UserRepository,
    i18n: I18n,
    tickets: TicketService,
    relay: Relay,
) -> None:
    try:
        result = await tickets.take(callback_data.ticket_id, user)
    except TicketError as err:
        if err.code != "not_found":
            raise
        raise Refused("ticket.take") from err
    number = result.ticket.id
    if result.won:
        await users.audit(user.id, "ticket.take", str(number))
        say(callback_answer, i18n("consultant-took", number=number))
        relay.kick(number)
        return
    owner = await users.get(result.ticket.owner_id) if result.ticket.owner_id else None
    if owner is not None and owner.id == user.id:
        say(callback_answer, i18n("consultant-already-yours", number=number))
    elif owner is not None:
        text = i18n("consultant-taken-by", number=number, owner=owner.display_name)
        say(callback_answer, text, alert=True)
    else:
        say(callback_answer, i18n("ticket-is-closed", number=number), alert=True)


async def transfer_start(
    query: CallbackQuery,
    callback_data: TicketCallback,
    callback_answer: CallbackAnswer,
    user: User,
    users: UserRepository,
    i18n: I18n,
    tickets: TicketService,
) -> None:
    ticket = await tickets.find(callback_data.ticket_id)
    if ticket is None or not (ticket.owner_id is None or can_manage(ticket, user)):
        raise Refused("ticket.transfer")
    if not ticket.is_open:
        say(callback_answer, i18n("ticket-is-closed", number=ticket.id), alert=True)
        return
    staff = await users.staff()
    candidates = [s for s in staff if s.id != ticket.owner_id and s.has_role(Role.consultant)]
    if not candidates:
        say(callback_answer, i18n("consultant-transfer-nobody"), alert=True)
    elif message := message_of(query):
        await message.reply(
            i18n("consultant-transfer-choose", number=ticket.id),
            reply_markup=transfer_keyboard(candidates, ticket.id),
        )


async def transfer_to(
    query: CallbackQuery,
    callback_data: TransferCallback,
    callback_answer: CallbackAnswer,
    user: User,
    users: UserRepository,
    i18n: I18n,
    tickets: TicketService,
    relay: Relay,
) -> None:
    try:
        ticket = await tickets.transfer(callback_data.ticket_id, user, callback_data.to_id)
    except TicketError as err:
        if err.code in ("not_allowed", "not_found", "bad_target"):
            raise Refused("ticket.transfer") from err
        else:
            say(callback_answer, i18n("consultant-action-failed"), alert=True)
        return
    await users.audit(user.id, "ticket.transfer", str(ticket.id), to=callback_data.to_id)
    if message := message_of(query):
        target = await users.get(callback_data.to_id)
        name = target.display_name if target else callback_data.to_id
        await message.edit_text(i18n("consultant-transferred", number=ticket.id, owner=name))
    relay.kick(ticket.id)


async def not_owner(
    query: CallbackQuery, answer: CallbackAnswer, users: UserRepository, i18n: I18n, action: str
) -> None:
    """A consultant pressed a button of a ticket someone else owns: say so, and audit it."""
    await users.audit(query.from_user.id, action, query.data, allowed=False)
    say(answer, i18n("consultant-not-owner-short"), alert=True)


async def close_start(
    query: CallbackQuery,
    callback_data: TicketCallback,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    user: User,
    users: UserRepository,
    i18n: I18n,
    tickets: TicketService,
) -> None:
    ticket = await tickets.find(callback_data.ticket_id)
    if ticket is None:
        raise Refused("ticket.close")
    elif not can_manage(ticket, user):
        await not_owner(query, callback_answer, users, i18n, "ticket.close")
    elif not ticket.is_open:
        say(callback_answer, i18n("ticket-is-closed", number=ticket.id), alert=True)
    else:
        await state.set_state(CloseForm.resolution)
        await state.update_data(close_ticket=ticket.id)
        if message := message_of(query):
            name = Html(mention(user))
            await message.reply(i18n("consultant-close-prompt", number=ticket.id, name=name))


async def save_to_kb(
    query: CallbackQuery,
    callback_data: TicketCallback,
    callback_answer: CallbackAnswer,
    user: User,
    users: UserRepository,
    i18n: I18n,
    tickets: TicketService,
    relay: Relay,
) -> None:
    try:
        draft, created = await tickets.save_to_kb(callback_data.ticket_id, user)
    except TicketError as err:
        if err.code not in ("not_allowed", "not_found"):
            say(callback_answer, i18n("consultant-kb-no-answer"), alert=True)
        elif err.ticket is not None:
            await not_owner(query, callback_answer, users, i18n, "ticket.kb")
        else:
            raise Refused("ticket.kb") from err
        return
    await users.audit(user.id, "ticket.kb", str(callback_data.ticket_id), draft=draft.id)
    key = "consultant-kb-saved" if created else "consultant-kb-updated"
    say(callback_answer, i18n(key, draft=draft.id), alert=True)
    ticket = await tickets.get(callback_data.ticket_id)
    name = Html(mention(user))
    await relay.to_group(
        ticket, relay.g("ev-kb-draft", number=ticket.id, draft=draft.id, name=name)
    )


async def retry_relay(
    query: CallbackQuery,
    callback_data: RelayRetryCallback,
    callback_answer: CallbackAnswer,
    user: User,
    users: UserRepository,
    i18n: I18n,
    tickets: TicketService,
    relay: Relay,
) -> None:
    stored = await tickets.find_message(callback_data.message_id)
    ticket = await tickets.find(stored.ticket_id) if stored is not None else None
    if stored is None or ticket is None or not can_manage(ticket, user):
        raise Refused("ticket.relay_retry")
    if not await relay.retry_dead(stored.id):
        say(callback_answer, i18n("relay-retry-not-needed", number=ticket.id), alert=True)
        return
    await users.audit(user.id, "ticket.relay_retry", str(stored.id))
    say(callback_answer, i18n("relay-retry-queued", number=ticket.id))
    if message := message_of(query):
        with contextlib.suppress(TelegramBadRequest):
            await message.edit_reply_markup(reply_markup=None)


def router() -> Router:
    r = Router(name="consultants.cards")
    r.callback_query.register(take, TicketCallback.filter(F.action == "take"))
    r.callback_query.register(transfer_start, TicketCallback.filter(F.action == "transfer"))
    r.callback_query.register(transfer_to, TransferCallback.filter())
    r.callback_query.register(close_start, TicketCallback.filter(F.action == "close"))
    r.callback_query.register(save_to_kb, TicketCallback.filter(F.action == "kb"))
    r.callback_query.register(retry_relay, RelayRetryCallback.filter())
    return r
