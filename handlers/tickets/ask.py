"""Asking a consultant: /ask_consultant (or the menu button), "didn't help / ask a consultant"
under an answer, then the confirmation with the guessed category."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandObject, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.filters import MenuButton
from bot.i18n import I18n
from bot.keyboards.search import EscalateCallback
from bot.keyboards.tickets import (
    MediaTicketCallback,
    TicketNewCallback,
    category_keyboard,
)
from bot.queries import message_of
from db.repositories.tickets import TicketRow
from db.repositories.users import User
from handlers.tickets.shared import (
    NOT_SLASH,
    PRIVATE,
    QUESTION_LIMIT,
    TEXT,
    AskForm,
    Desk,
    Refused,
    announce_created,
    error_text,
)
from services.text import trim
from services.tickets import Category, TicketError, TicketService, guess_category

CATEGORIES = [c.value for c in Category]


async def ask(
    message: Message,
    state: FSMContext,
    user: User,
    i18n: I18n,
    tickets: TicketService,
    command: CommandObject | None = None,
) -> None:
    ticket = await tickets.open_for(user.id)
    if ticket is not None:
        await message.answer(i18n("ticket-already-open", number=ticket.id))
        return
    question = (command.args or "").strip() if command else ""
    if question:
        await confirm_question(message, state, i18n, question)
        return
    await state.set_state(AskForm.question)
    await message.answer(i18n("ticket-ask-prompt"))


async def ask_question(message: Message, state: FSMContext, i18n: I18n) -> None:
    await confirm_question(message, state, i18n, message.text or "")


async def text_only(message: Message, i18n: I18n) -> None:
    """A form that waits for text got something else."""
    await message.answer(i18n("ticket-ask-text-only"))


async def confirm_question(message: Message, state: FSMContext, i18n: I18n, question: str) -> None:
    question = question.strip()
    if len(question) > QUESTION_LIMIT:
        await message.answer(i18n("text-too-long", length=len(question), limit=QUESTION_LIMIT))
        return
    await state.set_state(None)
    await state.update_data(ask_question=question)
    guessed, _ = guess_category(question)
    await message.answer(
        i18n("ticket-confirm", question=trim(question, 700)[0]),
        reply_markup=category_keyboard(i18n, 0, guessed.value, CATEGORIES),
    )


async def escalate(query: CallbackQuery, callback_data: EscalateCallback, desk: Desk) -> None:
    user, i18n = desk.user, desk.i18n
    offer = await desk.tickets.get_offer(callback_data.offer_id)
    if offer is None or offer.user_id != user.id:
        raise Refused("ticket.escalate")
    if offer.ticket_id is not None:
        desk.say(i18n("ticket-already-sent", number=offer.ticket_id), alert=True)
        return
    open_ticket = await desk.tickets.open_for(user.id)
    if open_ticket is not None:
        desk.say(i18n("ticket-already-open", number=open_ticket.id), alert=True)
        return
    guessed, _ = guess_category(offer.question, offer.categories)
    if message := message_of(query):
        await message.answer(
            i18n("ticket-confirm", question=trim(offer.question, 700)[0]),
            reply_markup=category_keyboard(i18n, offer.id, guessed.value, CATEGORIES),
        )


async def cancel_pending(
    query: CallbackQuery,
    callback_data: TicketNewCallback | MediaTicketCallback,
    state: FSMContext,
    i18n: I18n,
) -> None:
    """ "No" to a ticket about to be opened: forget what was kept for it and say so."""
    pending = "media_ticket" if isinstance(callback_data, MediaTicketCallback) else "ask_question"
    await state.update_data(**{pending: None})
    if message := message_of(query):
        await message.edit_text(i18n("ticket-cancelled"))


async def new_go(query: CallbackQuery, callback_data: TicketNewCallback, desk: Desk) -> None:
    category = callback_data.cat if callback_data.cat in Category.__members__ else None
    try:
        ticket = await _create(callback_data, desk, category)
    except TicketError as err:
        if err.code == "not_allowed":
            raise Refused("ticket.create") from err
        else:
            desk.say(error_text(desk.i18n, err), alert=True)
        return
    if ticket is None:
        desk.say(desk.i18n("callback-outdated"), alert=True)
    elif message := message_of(query):
        await announce_created(message, ticket, desk, edit=True)


async def _create(
    callback_data: TicketNewCallback, desk: Desk, category: str | None
) -> TicketRow | None:
    """The ticket from the offer under the button, or from the question /ask_consultant kept
    (None when nothing was kept: an old button)."""
    asker_id, language = desk.user.id, desk.i18n.lang
    if callback_data.offer_id:
        return await desk.tickets.create_from_offer(
            asker_id=asker_id, offer_id=callback_data.offer_id, language=language, category=category
        )
    question = (await desk.state.get_data()).get("ask_question")
    if not question:
        return None
    ticket = await desk.tickets.create(
        asker_id=asker_id, question=question, language=language, category=category
    )
    await desk.state.update_data(ask_question=None)
    return ticket


def router() -> Router:
    r = Router(name="tickets.ask")
    r.message.register(ask, PRIVATE, Command("ask_consultant"))
    r.message.register(ask, PRIVATE, MenuButton("menu-consultant"))
    r.message.register(ask_question, StateFilter(AskForm.question), TEXT, NOT_SLASH)
    r.message.register(text_only, StateFilter(AskForm.question))
    r.callback_query.register(escalate, EscalateCallback.filter())
    r.callback_query.register(cancel_pending, TicketNewCallback.filter(F.action == "no"))
    r.callback_query.register(new_go, TicketNewCallback.filter(F.action == "go"))
    return r
