"""After the answer: /my (the asker's tickets), rating with an optional comment, reopening."""

from __future__ import annotations

import contextlib

from aiogram import F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.filters import MenuButton
from bot.i18n import I18n
from bot.keyboards.tickets import (
    AskerTicketCallback,
    RateCallback,
    comment_keyboard,
    reopen_keyboard,
)
from bot.queries import message_of
from db.repositories.users import User
from handlers.tickets.ask import text_only
from handlers.tickets.follow_ups import ask_for_new_question, relay_in
from handlers.tickets.shared import (
    NOT_SLASH,
    PRIVATE,
    TEXT,
    Desk,
    RateForm,
    Refused,
    error_text,
    say,
)
from services.text import trim
from services.tickets import TicketError, TicketService
from services.worktime import format_local


async def my_tickets(message: Message, user: User, i18n: I18n, tickets: TicketService) -> None:
    mine = await tickets.for_asker(user.id, limit=10)
    if not mine:
        await message.answer(i18n("my-empty"))
        return
    lines = [i18n("my-header")]
    for t in mine:
        line = i18n(
            "my-line",
            number=t.id,
            status=i18n(f"ticket-status-{t.status.replace('_', '-')}"),
            category=i18n(f"ticket-category-{t.category}"),
            date=format_local(t.created_at, tickets.tz, with_date=True),
            question=trim(t.question, 80)[0],
        )
        lines.append(f"{line} {'⭐' * t.rating}" if t.rating else line)
    reopenable = [t for t in mine if tickets.can_reopen(t)]
    await message.answer("\n".join(lines), reply_markup=reopen_keyboard(i18n, reopenable))


async def rate(query: CallbackQuery, callback_data: RateCallback, desk: Desk) -> None:
    i18n = desk.i18n
    try:
        ticket = await desk.tickets.rate(callback_data.ticket_id, desk.user.id, callback_data.stars)
    except TicketError as err:
        if err.code in ("not_allowed", "not_found", "bad_rating"):
            raise Refused("ticket.rate") from err
        else:
            desk.say(error_text(i18n, err), alert=True)
        return
    stars = "⭐" * (ticket.rating or 0)
    desk.say(i18n("ticket-rated", stars=stars))
    if message := message_of(query):
        await desk.state.set_state(RateForm.comment)
        await desk.state.update_data(rate_ticket=ticket.id)
        await message.answer(
            i18n("ticket-rate-thanks", number=ticket.id, stars=stars),
            reply_markup=comment_keyboard(i18n, ticket.id),
        )
    desk.relay.kick(ticket.id)


async def rate_comment(message: Message, desk: Desk) -> None:
    ticket_id = (await desk.state.get_data()).get("rate_ticket")
    await desk.state.clear()
    if not ticket_id:
        return
    current = await desk.tickets.find(int(ticket_id))
    open_ticket = await desk.tickets.open_for(desk.user.id)
    if open_ticket is not None and (current is None or current.is_open):
        # reopened meanwhile (from /my or a reply): this is a message for the consultant
        await relay_in(message, open_ticket, desk)
        return
    comment = trim(message.text or "", 2000)[0]
    try:
        await desk.tickets.comment(int(ticket_id), desk.user.id, comment)
    except TicketError as err:
        await message.answer(error_text(desk.i18n, err))
        return
    await message.answer(desk.i18n("ticket-comment-thanks"))
    desk.relay.kick(int(ticket_id))


async def no_comment(
    query: CallbackQuery, callback_answer: CallbackAnswer, state: FSMContext, i18n: I18n
) -> None:
    if await state.get_state() == RateForm.comment.state:
        await state.clear()
    say(callback_answer, i18n("ticket-comment-skipped"))
    if message := message_of(query):
        await message.edit_reply_markup(reply_markup=None)


async def reopen(query: CallbackQuery, callback_data: AskerTicketCallback, desk: Desk) -> None:
    message = message_of(query)
    try:
        ticket = await desk.tickets.reopen(callback_data.ticket_id, desk.user.id)
    except TicketError as err:
        if err.code in ("not_allowed", "not_found"):
            raise Refused("ticket.reopen") from err
        elif err.code == "too_old" and message is not None:
            await ask_for_new_question(message, desk, callback_data.ticket_id)
        elif err.code != "too_old":
            desk.say(error_text(desk.i18n, err), alert=True)
        return
    if await desk.state.get_state() == RateForm.comment.state:
        await desk.state.clear()  # the rating step ends: the next message goes to the ticket
    if message is not None:
        with contextlib.suppress(TelegramBadRequest):
            await message.edit_reply_markup(reply_markup=None)
        await message.answer(desk.i18n("ticket-reopened", number=ticket.id))
    desk.relay.kick(ticket.id)


def router() -> Router:
    r = Router(name="tickets.rating")
    r.message.register(my_tickets, PRIVATE, Command("my"))
    r.message.register(my_tickets, PRIVATE, MenuButton("menu-my-tickets"))
    r.callback_query.register(rate, RateCallback.filter())
    r.message.register(rate_comment, StateFilter(RateForm.comment), TEXT, NOT_SLASH)
    r.message.register(text_only, StateFilter(RateForm.comment), NOT_SLASH)
    r.callback_query.register(no_comment, AskerTicketCallback.filter(F.action == "nocomment"))
    r.callback_query.register(reopen, AskerTicketCallback.filter(F.action == "reopen"))
    return r
