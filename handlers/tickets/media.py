"""A photo, voice note or document sent outside a ticket opens one, after a confirmation (what
was sent is kept in the FSM storage, i.e. the database, until then)."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.filters import Filter, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.filters import Magic
from bot.i18n import I18n
from bot.keyboards.tickets import MediaTicketCallback, media_ticket_keyboard
from bot.queries import message_of
from db.repositories.users import User
from handlers.tickets.ask import cancel_pending
from handlers.tickets.shared import (
    PRIVATE,
    QUESTION_LIMIT,
    Desk,
    announce_created,
    content_of,
    error_text,
)
from services.text import trim
from services.tickets import Content, TicketError, is_staff

MEDIA = Magic(F.photo | F.voice | F.document | F.video | F.audio)


class NotStaff(Filter):
    """Officials (and unknown users); staff sending files are not opening tickets."""

    async def __call__(self, message: Message, user: User | None = None) -> bool:
        return not is_staff(user)


async def media_before_ticket(message: Message, state: FSMContext, i18n: I18n) -> None:
    content = content_of(message)
    if content is None:
        return
    kept: dict[str, Any] = {
        "content_type": content.content_type,
        "text": content.text,
        "html": content.html,
        "file_id": content.file_id,
        "file_name": content.file_name,
        "message_id": message.message_id,
    }
    await state.update_data(media_ticket=kept)
    kind = i18n(f"history-file-{content.content_type}")
    await message.answer(
        i18n("media-ticket-confirm", kind=kind),
        reply_markup=media_ticket_keyboard(i18n.translator, i18n.lang),
    )


async def media_go(query: CallbackQuery, desk: Desk) -> None:
    i18n, user = desk.i18n, desk.user
    data = (await desk.state.get_data()).get("media_ticket")
    if not data:
        desk.say(i18n("callback-outdated"), alert=True)
        return
    content = Content(
        data["content_type"], data.get("text"), data.get("html"), data.get("file_id"),
        data.get("file_name"),
    )  # fmt: skip
    kind = i18n(f"history-file-{content.content_type}")
    question = (content.text or "").strip() or i18n("media-ticket-question", kind=kind)
    try:
        ticket = await desk.tickets.create(
            asker_id=user.id, question=trim(question, QUESTION_LIMIT)[0], language=i18n.lang
        )
        await desk.tickets.record_in(
            ticket, user.id, content, private_message_id=data["message_id"]
        )
    except TicketError as err:
        desk.say(error_text(i18n, err), alert=True)
        return
    await desk.state.update_data(media_ticket=None)
    if message := message_of(query):
        await announce_created(message, ticket, desk, edit=True)
    else:
        desk.relay.kick(ticket.id)


def router() -> Router:
    r = Router(name="tickets.media")
    r.message.register(media_before_ticket, PRIVATE, StateFilter(None), MEDIA, NotStaff())
    r.callback_query.register(cancel_pending, MediaTicketCallback.filter(F.action == "no"))
    r.callback_query.register(media_go, MediaTicketCallback.filter(F.action == "go"))
    return r
