"""Composing an announcement: the text (Kyrgyz, or one for everyone) with an optional photo or
document, the Russian text, the audience with a live recipient count, the preview exactly as
recipients will see it, then send now or at a set time."""

from __future__ import annotations

import datetime as dt
from typing import Any

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.config import Settings
from bot.delivery import Content, send_content
from bot.filters import Magic
from bot.i18n import I18n
from bot.keyboards.broadcasts import (
    BroadcastCallback,
    audience_bc_kb,
    confirm_bc_kb,
    one_text_kb,
)
from bot.keyboards.subscriptions import announcement_kb
from bot.queries import alert, edit, message_of, reply
from handlers.broadcasts.control import send_progress
from handlers.common.office import Office
from services import geo
from services.broadcast import BroadcastService
from services.event_views import LANGUAGE_KEYS, POSITION_KEYS, TOPIC_KEYS
from services.events import EventError, parse_future
from services.subscriptions import AnnouncementAudience
from services.text import TELEGRAM_CAPTION_LIMIT, TELEGRAM_TEXT_LIMIT

# the kinds of audience buttons ("tog"): t = topic, r = region, p = position, l = language
KINDS = {"t": "topics", "r": "regions", "p": "positions", "l": "languages"}


class BroadcastForm(StatesGroup):
    content = State()
    content_ru = State()  # the Russian text (or "one text for everyone")
    audience = State()
    confirm = State()
    schedule = State()


def audience_summary(i18n: I18n, audience: AnnouncementAudience, count: int) -> str:
    every = i18n("bc-everyone")
    return i18n(
        "bc-audience",
        topics=", ".join(i18n(TOPIC_KEYS[t]) for t in audience.topics) or i18n("bc-no-topic"),
        regions=", ".join(geo.region_name(r, i18n.lang) for r in audience.regions) or every,
        positions=", ".join(i18n(POSITION_KEYS.get(p, p)) for p in audience.positions) or every,
        languages=", ".join(i18n(LANGUAGE_KEYS[lang]) for lang in audience.languages) or every,
        count=count,
    )


def languages_line(i18n: I18n, data: dict[str, Any]) -> str:
    """Both texts, or one for everyone (with the warning that one language group gets a text
    that is not in theirs)."""
    return i18n("bc-texts-two") if data.get("text_ru") else i18n("bc-texts-one")


def _audience(data: dict[str, Any]) -> AnnouncementAudience:
    return AnnouncementAudience.from_dict(data.get("audience") or {"topics": ["lsg_news"]})


async def audience_text(
    i18n: I18n, data: dict[str, Any], audience: AnnouncementAudience, broadcasts: BroadcastService
) -> str:
    count = await broadcasts.recipient_count(audience)
    return audience_summary(i18n, audience, count) + "\n" + languages_line(i18n, data)


# -- the texts ----------------------------------------------------------------------------------
async def start(
    message: Message,
    state: FSMContext,
    i18n: I18n,
    broadcasts: BroadcastService,
    settings: Settings,
) -> None:
    await state.clear()
    for bc in (await broadcasts.active())[-5:]:  # running ones continue in a fresh message
        await send_progress(message, i18n, broadcasts, bc, settings.tz)
    await state.set_state(BroadcastForm.content)
    await message.answer(i18n("bc-compose"))


async def content(message: Message, state: FSMContext, i18n: I18n) -> None:
    media_type = file_id = None
    if message.photo:
        media_type, file_id = "photo", message.photo[-1].file_id
    elif message.document:
        media_type, file_id = "document", message.document.file_id
    elif not message.text:
        await message.answer(i18n("bc-compose-unsupported"))
        return
    text = message.html_text if (message.text or message.caption) else ""
    limit = TELEGRAM_CAPTION_LIMIT if media_type else TELEGRAM_TEXT_LIMIT
    if len(message.text or message.caption or "") > limit:
        await message.answer(i18n("bc-too-long", limit=limit))
        return
    await state.update_data(
        text=text,
        text_ru=None,
        media_type=media_type,
        file_id=file_id,
        audience=AnnouncementAudience().to_dict(),
    )
    await state.set_state(BroadcastForm.content_ru)
    await message.answer(i18n("bc-compose-ru"), reply_markup=one_text_kb(i18n))


async def show_audience(
    message: Message, state: FSMContext, i18n: I18n, broadcasts: BroadcastService
) -> None:
    data = await state.get_data()
    audience = _audience(data)
    await state.set_state(BroadcastForm.audience)
    await message.answer(
        await audience_text(i18n, data, audience, broadcasts),
        reply_markup=audience_bc_kb(i18n, audience, "main"),
    )


async def content_ru(
    message: Message, state: FSMContext, i18n: I18n, broadcasts: BroadcastService
) -> None:
    if not message.text:
        await content_ru_needs_text(message, i18n)
        return
    data = await state.get_data()
    limit = TELEGRAM_CAPTION_LIMIT if data.get("media_type") else TELEGRAM_TEXT_LIMIT
    if len(message.text) > limit:
        await message.answer(i18n("bc-too-long", limit=limit))
        return
    await state.update_data(text_ru=message.html_text)
    await show_audience(message, state, i18n, broadcasts)


async def content_ru_needs_text(message: Message, i18n: I18n) -> None:
    await message.answer(i18n("bc-compose-ru-text-only"), reply_markup=one_text_kb(i18n))


async def one_text(
    query: CallbackQuery, state: FSMContext, i18n: I18n, broadcasts: BroadcastService
) -> None:
    message = message_of(query)
    if message is not None:
        await show_audience(message, state, i18n, broadcasts)


# -- the audience -------------------------------------------------------------------------------
async def _redraw(
    query: CallbackQuery, office: Office, audience: AnnouncementAudience, page: str
) -> None:
    await office.state.set_state(BroadcastForm.audience)
    data = await office.state.get_data()
    text = await audience_text(office.i18n, data, audience, office.broadcasts)
    await edit(query, text, audience_bc_kb(office.i18n, audience, page))


async def audience_toggle(
    query: CallbackQuery, callback_data: BroadcastCallback, office: Office
) -> None:
    kind = KINDS[callback_data.kind]
    current = _audience(await office.state.get_data()).toggle(kind, callback_data.value)
    await office.state.update_data(audience=current.to_dict())
    page = kind if kind in ("regions", "positions") else "main"
    await _redraw(query, office, current, page)


async def audience_page(
    query: CallbackQuery, callback_data: BroadcastCallback, office: Office
) -> None:
    page = callback_data.value if callback_data.value in ("regions", "positions") else "main"
    await _redraw(query, office, _audience(await office.state.get_data()), page)


async def preview(
    query: CallbackQuery,
    state: FSMContext,
    bot: Bot,
    i18n: I18n,
    broadcasts: BroadcastService,
    callback_answer: CallbackAnswer,
) -> None:
    data = await state.get_data()
    current = _audience(data)
    if not current.topics:
        alert(callback_answer, i18n("bc-no-topic"))
        return
    chat_id = query.from_user.id
    # the copies exactly as recipients will see them, then one message that says so and asks
    # (no separate header: Telegram allows one message a second per chat, the limiter spaces
    # these)
    texts = [data.get("text") or ""] + ([data["text_ru"]] if data.get("text_ru") else [])
    for text in texts:
        copy = Content(
            text=text,
            markup=announcement_kb(i18n, 0),
            media_type=data.get("media_type"),
            file_id=data.get("file_id"),
        )
        await send_content(bot, chat_id, copy)
    await state.set_state(BroadcastForm.confirm)
    summary = await audience_text(i18n, data, current, broadcasts)
    parts = [i18n("bc-preview-above", count=len(texts)), summary, i18n("bc-confirm")]
    await bot.send_message(chat_id, "\n\n".join(parts), reply_markup=confirm_bc_kb(i18n))


# -- send -----------------------------------------------------------------------------------------
async def create(
    target: Message | None,
    office: Office,
    settings: Settings,
    scheduled_at: dt.datetime | None = None,
) -> None:
    """Store the broadcast (now, or scheduled), audit it, post its live progress message."""
    data = await office.state.get_data()
    user, broadcasts = office.user, office.broadcasts
    bc = await broadcasts.create_announcement(
        text_html=data.get("text") or "",
        text_ru=data.get("text_ru"),
        media_type=data.get("media_type"),
        file_id=data.get("file_id"),
        audience=_audience(data),
        created_by=user.id,
        scheduled_at=scheduled_at,
        progress_chat_id=user.id,
    )
    await office.state.clear()
    if scheduled_at is None:
        await office.audit("broadcast.create", str(bc.id), total=bc.total, status=bc.status.value)
    else:
        await office.audit("broadcast.schedule", str(bc.id), at=scheduled_at.isoformat())
    if target is not None:
        await send_progress(target, office.i18n, broadcasts, bc, settings.tz)
    office.wakeups.outbox()


async def send_now(query: CallbackQuery, office: Office, settings: Settings) -> None:
    office.say(office.i18n("bc-started"))
    await create(message_of(query), office, settings)


async def ask_time(query: CallbackQuery, state: FSMContext, i18n: I18n) -> None:
    await state.set_state(BroadcastForm.schedule)
    await reply(query, i18n("bc-schedule-prompt"))


async def schedule(message: Message, office: Office, settings: Settings) -> None:
    try:
        when = parse_future(message.text or "", settings.tz, office.broadcasts.clock())
    except EventError as exc:
        await message.answer(office.i18n(exc.code, **exc.args_))
        return
    await create(message, office, settings, when)


async def schedule_needs_text(message: Message, i18n: I18n) -> None:
    await message.answer(i18n("bc-schedule-prompt"))


async def abort(query: CallbackQuery, state: FSMContext, i18n: I18n) -> None:
    await state.clear()
    message = message_of(query)
    if message is not None:
        await message.edit_text(i18n("bc-aborted"))


def router() -> Router:
    r = Router(name="broadcasts.compose")
    on = BroadcastCallback.filter
    r.message.register(start, Command("broadcast"))
    r.message.register(content, StateFilter(BroadcastForm.content))
    r.message.register(content_ru, StateFilter(BroadcastForm.content_ru))
    r.callback_query.register(
        one_text, StateFilter(BroadcastForm.content_ru), on(F.action == "one")
    )
    choosing = StateFilter(BroadcastForm.audience, BroadcastForm.confirm)
    # a toggle of an unknown kind falls through to the refusal of outdated buttons
    toggle = on((F.action == "tog") & F.kind.in_(KINDS))
    r.callback_query.register(audience_toggle, choosing, toggle)
    r.callback_query.register(audience_page, choosing, on(F.action == "page"))
    audience = StateFilter(BroadcastForm.audience)
    r.callback_query.register(preview, audience, on(F.action == "preview"))
    confirm = StateFilter(BroadcastForm.confirm)
    r.callback_query.register(send_now, confirm, on(F.action == "now"))
    r.callback_query.register(ask_time, confirm, on(F.action == "at"))
    r.message.register(schedule, StateFilter(BroadcastForm.schedule), Magic(F.text))
    r.callback_query.register(abort, StateFilter(BroadcastForm), on(F.action == "abort"))
    r.message.register(schedule_needs_text, StateFilter(BroadcastForm.schedule))
    return r
