"""The buttons of a ticket card in the consultants' chat (Take, Transfer, Close, Save to KB),
the transfer chooser, and "retry" under a relay that could not be delivered."""

from __future__ import annotations

import contextlib

from aiogram import F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery

from bot.i18n import Html
from bot.keyboards.tickets import (
    RelayRetryCallback,
    TicketCallback,
    TransferCallback,
    transfer_keyboard,
)
from bot.queries import message_of
from db.repositories.users import Role
from handlers.consultants.shared import ask_resolution
from handlers.tickets.shared import Desk, Refused
from services.relay import mention
from services.tickets import TicketError, can_manage


async def take(query: CallbackQuery, callback_data: TicketCallback, desk: Desk) -> None:
    try:
        result = await desk.tickets.take(callback_data.ticket_id, desk.user)
    except TicketError as err:
        if err.code != "not_found":
            raise
        raise Refused("ticket.take") from err
    number, i18n = result.ticket.id, desk.i18n
    if result.won:
        await desk.audit("ticket.take", str(number))
        desk.say(i18n("consultant-took", number=number))
        desk.relay.kick(number)
        return
    owner = await desk.users.get(result.ticket.owner_id) if result.ticket.owner_id else None
    if owner is not None and owner.id == desk.user.id:
        desk.say(i18n("consultant-already-yours", number=number))
    elif owner is not None:
        desk.say(i18n("consultant-taken-by", number=number, owner=owner.display_name), alert=True)
    else:
        desk.say(i18n("ticket-is-closed", number=number), alert=True)


async def transfer_start(query: CallbackQuery, callback_data: TicketCallback, desk: Desk) -> None:
    ticket = await desk.tickets.find(callback_data.ticket_id)
    if ticket is None or not (ticket.owner_id is None or can_manage(ticket, desk.user)):
        raise Refused("ticket.transfer")
    if not ticket.is_open:
        desk.say(desk.i18n("ticket-is-closed", number=ticket.id), alert=True)
        return
    staff = await desk.users.staff()
    candidates = [s for s in staff if s.id != ticket.owner_id and s.has_role(Role.consultant)]
    if not candidates:
        desk.say(desk.i18n("consultant-transfer-nobody"), alert=True)
    elif message := message_of(query):
        await message.reply(
            desk.i18n("consultant-transfer-choose", number=ticket.id),
            reply_markup=transfer_keyboard(candidates, ticket.id),
        )


async def transfer_to(query: CallbackQuery, callback_data: TransferCallback, desk: Desk) -> None:
    to_id = callback_data.to_id
    try:
        ticket = await desk.tickets.transfer(callback_data.ticket_id, desk.user, to_id)
    except TicketError as err:
        if err.code in ("not_allowed", "not_found", "bad_target"):
            raise Refused("ticket.transfer") from err
        else:
            desk.say(desk.i18n("consultant-action-failed"), alert=True)
        return
    await desk.audit("ticket.transfer", str(ticket.id), to=to_id)
    if message := message_of(query):
        target = await desk.users.get(to_id)
        name = target.display_name if target else to_id
        await message.edit_text(desk.i18n("consultant-transferred", number=ticket.id, owner=name))
    desk.relay.kick(ticket.id)


async def not_owner(query: CallbackQuery, desk: Desk, action: str) -> None:
    """A consultant pressed a button of a ticket someone else owns: say so, and audit it."""
    await desk.audit(action, query.data, allowed=False)
    desk.say(desk.i18n("consultant-not-owner-short"), alert=True)


async def close_start(query: CallbackQuery, callback_data: TicketCallback, desk: Desk) -> None:
    ticket = await desk.tickets.find(callback_data.ticket_id)
    if ticket is None:
        raise Refused("ticket.close")
    elif not can_manage(ticket, desk.user):
        await not_owner(query, desk, "ticket.close")
    elif not ticket.is_open:
        desk.say(desk.i18n("ticket-is-closed", number=ticket.id), alert=True)
    else:
        await ask_resolution(message_of(query), ticket, desk)


async def save_to_kb(query: CallbackQuery, callback_data: TicketCallback, desk: Desk) -> None:
    number = callback_data.ticket_id
    try:
        draft, created = await desk.tickets.save_to_kb(number, desk.user)
    except TicketError as err:
        if err.code not in ("not_allowed", "not_found"):
            desk.say(desk.i18n("consultant-kb-no-answer"), alert=True)
        elif err.ticket is not None:
            await not_owner(query, desk, "ticket.kb")
        else:
            raise Refused("ticket.kb") from err
        return
    await desk.audit("ticket.kb", str(number), draft=draft.id)
    key = "consultant-kb-saved" if created else "consultant-kb-updated"
    desk.say(desk.i18n(key, draft=draft.id), alert=True)
    ticket = await desk.tickets.get(number)
    name = Html(mention(desk.user))
    relay = desk.relay
    await relay.to_group(
        ticket, relay.g("ev-kb-draft", number=ticket.id, draft=draft.id, name=name)
    )


async def retry_relay(query: CallbackQuery, callback_data: RelayRetryCallback, desk: Desk) -> None:
    stored = await desk.tickets.find_message(callback_data.message_id)
    ticket = await desk.tickets.find(stored.ticket_id) if stored is not None else None
    if stored is None or ticket is None or not can_manage(ticket, desk.user):
        raise Refused("ticket.relay_retry")
    if not await desk.relay.retry_dead(stored.id):
        desk.say(desk.i18n("relay-retry-not-needed", number=ticket.id), alert=True)
        return
    await desk.audit("ticket.relay_retry", str(stored.id))
    desk.say(desk.i18n("relay-retry-queued", number=ticket.id))
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
