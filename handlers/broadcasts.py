"""/broadcast for admins: compose (text with the admin's own formatting, optional photo or
document), choose the audience, preview with the recipient count, send now or at a set time;
pause, resume or cancel a running broadcast from its live progress message."""

from __future__ import annotations

import logging
from typing import Any

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.app import Runtime
from bot.delivery import Content, send_content
from bot.filters import HasRole
from bot.i18n import I18n
from bot.keyboards.events import (
    BcCb,
    announcement_kb,
    audience_bc_kb,
    confirm_bc_cancel_kb,
    confirm_bc_kb,
    one_text_kb,
    progress_kb,
)
from bot.workers import broadcast as broadcasting
from db.repositories.outbox import BcStatus, Broadcast
from db.repositories.users import Role, User, UserRepository
from services import geo
from services.broadcast import BroadcastService, progress_text
from services.event_views import LANGUAGE_KEYS, POSITION_KEYS, TOPIC_KEYS, fmt_datetime
from services.events import EventError, parse_local_datetime
from services.subscriptions import AnnouncementAudience
from services.text import TELEGRAM_CAPTION_LIMIT, TELEGRAM_TEXT_LIMIT

log = logging.getLogger(__name__)


class BroadcastForm(StatesGroup):
    content = State()
    content_ru = State()  # the Russian text (or "one text for everyone")
    audience = State()
    confirm = State()
    schedule = State()


def broadcast_service(runtime: Runtime) -> BroadcastService:
    return runtime.broadcasts


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


async def send_progress(
    message: Message, i18n: I18n, service: BroadcastService, bc: Broadcast, tz: Any
) -> None:
    """The live progress message of a broadcast (the sender edits it as it goes)."""
    sent = await message.answer(
        await status_text(i18n, service, bc, tz),
        reply_markup=progress_kb(i18n, bc.id, bc.status.value),
    )
    await service.repo.set_progress_message(bc.id, sent.chat.id, sent.message_id)


async def status_text(i18n: I18n, service: BroadcastService, bc: Broadcast, tz: Any) -> str:
    if bc.status == BcStatus.scheduled and bc.scheduled_at is not None:
        return i18n("bc-scheduled", id=bc.shown_number, when=fmt_datetime(bc.scheduled_at, tz))
    return progress_text(i18n, bc, await service.repo.progress(bc.id))


def router() -> Router:
    r = Router(name="broadcasts")
    admin = HasRole(Role.admin)

    @r.message(Command("broadcast"), F.chat.type == "private", admin)
    async def start(message: Message, state: FSMContext, i18n: I18n, runtime: Runtime) -> None:
        service = broadcast_service(runtime)
        await state.clear()
        for bc in (await service.active())[-5:]:  # running ones continue in a fresh message
            await send_progress(message, i18n, service, bc, runtime.settings.tz)
        await state.set_state(BroadcastForm.content)
        await message.answer(i18n("bc-compose"))

    @r.message(BroadcastForm.content, F.chat.type == "private", admin)
    async def content(message: Message, state: FSMContext, i18n: I18n, runtime: Runtime) -> None:
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
        message: Message, state: FSMContext, i18n: I18n, runtime: Runtime
    ) -> None:
        data = await state.get_data()
        audience = _audience(data)
        await state.set_state(BroadcastForm.audience)
        count = await broadcast_service(runtime).recipient_count(audience)
        await message.answer(
            audience_summary(i18n, audience, count) + "\n" + languages_line(i18n, data),
            reply_markup=audience_bc_kb(i18n, audience, "main"),
        )

    @r.message(BroadcastForm.content_ru, F.chat.type == "private", admin)
    async def content_ru(message: Message, state: FSMContext, i18n: I18n, runtime: Runtime) -> None:
        if not message.text:
            await message.answer(i18n("bc-compose-ru-text-only"), reply_markup=one_text_kb(i18n))
            return
        data = await state.get_data()
        limit = TELEGRAM_CAPTION_LIMIT if data.get("media_type") else TELEGRAM_TEXT_LIMIT
        if len(message.text) > limit:
            await message.answer(i18n("bc-too-long", limit=limit))
            return
        await state.update_data(text_ru=message.html_text)
        await show_audience(message, state, i18n, runtime)

    @r.callback_query(BroadcastForm.content_ru, BcCb.filter(F.action == "one"), admin)
    async def one_text(
        query: CallbackQuery, state: FSMContext, i18n: I18n, runtime: Runtime
    ) -> None:
        await query.answer()
        if isinstance(query.message, Message):
            await show_audience(query.message, state, i18n, runtime)

    audience_states = StateFilter(BroadcastForm.audience, BroadcastForm.confirm)

    @r.callback_query(audience_states, BcCb.filter(F.action.in_({"tog", "page"})), admin)
    async def audience(
        query: CallbackQuery,
        callback_data: BcCb,
        state: FSMContext,
        i18n: I18n,
        runtime: Runtime,
    ) -> None:
        data = await state.get_data()
        current = _audience(data)
        page = "main"
        if callback_data.action == "tog":
            kind = {"t": "topics", "r": "regions", "p": "positions", "l": "languages"}.get(
                callback_data.kind
            )
            if kind is None:
                await query.answer(i18n("callback-outdated"), show_alert=True)
                return
            current = current.toggle(kind, callback_data.value)
            page = {"regions": "regions", "positions": "positions"}.get(kind, "main")
            await state.update_data(audience=current.to_dict())
        else:
            page = (
                callback_data.value if callback_data.value in ("regions", "positions") else "main"
            )
        await state.set_state(BroadcastForm.audience)
        count = await broadcast_service(runtime).recipient_count(current)
        await query.answer()
        if isinstance(query.message, Message):
            try:
                await query.message.edit_text(
                    audience_summary(i18n, current, count) + "\n" + languages_line(i18n, data),
                    reply_markup=audience_bc_kb(i18n, current, page),
                )
            except Exception:
                log.debug("audience message not edited", exc_info=True)

    @r.callback_query(BroadcastForm.audience, BcCb.filter(F.action == "preview"), admin)
    async def preview(
        query: CallbackQuery, state: FSMContext, bot: Bot, i18n: I18n, runtime: Runtime
    ) -> None:
        data = await state.get_data()
        current = _audience(data)
        if not current.topics:
            await query.answer(i18n("bc-no-topic"), show_alert=True)
            return
        count = await broadcast_service(runtime).recipient_count(current)
        await query.answer()
        chat_id = query.from_user.id
        # the copies exactly as recipients will see them, then one message that says so and
        # asks (no separate header: Telegram allows one message a second per chat, and the
        # limiter spaces these)
        texts = [data.get("text") or ""]
        if data.get("text_ru"):
            texts.append(data["text_ru"])
        for text in texts:
            await send_content(
                bot,
                chat_id,
                Content(
                    text=text,
                    markup=announcement_kb(i18n, 0),
                    media_type=data.get("media_type"),
                    file_id=data.get("file_id"),
                ),
            )
        await state.set_state(BroadcastForm.confirm)
        await bot.send_message(
            chat_id,
            "\n\n".join(
                [
                    i18n("bc-preview-above", count=len(texts)),
                    audience_summary(i18n, current, count) + "\n" + languages_line(i18n, data),
                    i18n("bc-confirm"),
                ]
            ),
            reply_markup=confirm_bc_kb(i18n),
        )

    async def create(
        query: CallbackQuery,
        state: FSMContext,
        user: User,
        i18n: I18n,
        runtime: Runtime,
        scheduled_at: Any = None,
        message: Message | None = None,
    ) -> None:
        data = await state.get_data()
        service = broadcast_service(runtime)
        bc = await service.create_announcement(
            text_html=data.get("text") or "",
            text_ru=data.get("text_ru"),
            media_type=data.get("media_type"),
            file_id=data.get("file_id"),
            audience=_audience(data),
            created_by=user.id,
            scheduled_at=scheduled_at,
            progress_chat_id=user.id,
        )
        await state.clear()
        await UserRepository(runtime.db).audit(
            user.id, "broadcast.create", str(bc.id), total=bc.total, status=bc.status.value
        )
        target = message or (query.message if isinstance(query.message, Message) else None)
        if target is not None:
            await send_progress(target, i18n, service, bc, runtime.settings.tz)
        broadcasting.wake(runtime)

    @r.callback_query(BroadcastForm.confirm, BcCb.filter(F.action == "now"), admin)
    async def send_now(
        query: CallbackQuery, state: FSMContext, user: User, i18n: I18n, runtime: Runtime
    ) -> None:
        await query.answer(i18n("bc-started"))
        await create(query, state, user, i18n, runtime)

    @r.callback_query(BroadcastForm.confirm, BcCb.filter(F.action == "at"), admin)
    async def ask_time(query: CallbackQuery, state: FSMContext, i18n: I18n) -> None:
        await query.answer()
        await state.set_state(BroadcastForm.schedule)
        if isinstance(query.message, Message):
            await query.message.answer(i18n("bc-schedule-prompt"))

    @r.message(BroadcastForm.schedule, F.text, admin)
    async def schedule(
        message: Message, state: FSMContext, user: User, i18n: I18n, runtime: Runtime
    ) -> None:
        service = broadcast_service(runtime)
        try:
            when = parse_local_datetime(message.text or "", runtime.settings.tz)
            if when <= service.clock():
                raise EventError("event-err-in-past")
        except EventError as exc:
            await message.answer(i18n(exc.code, **exc.args_))
            return
        data = await state.get_data()
        bc = await service.create_announcement(
            text_html=data.get("text") or "",
            text_ru=data.get("text_ru"),
            media_type=data.get("media_type"),
            file_id=data.get("file_id"),
            audience=_audience(data),
            created_by=user.id,
            scheduled_at=when,
            progress_chat_id=user.id,
        )
        await state.clear()
        await UserRepository(runtime.db).audit(
            user.id, "broadcast.schedule", str(bc.id), at=when.isoformat()
        )
        await send_progress(message, i18n, service, bc, runtime.settings.tz)
        broadcasting.wake(runtime)

    @r.message(BroadcastForm.content_ru, F.chat.type == "private", admin)
    async def content_ru_needs_text(message: Message, i18n: I18n) -> None:
        await message.answer(i18n("bc-compose-ru-text-only"), reply_markup=one_text_kb(i18n))

    @r.callback_query(StateFilter(BroadcastForm), BcCb.filter(F.action == "abort"), admin)
    async def abort(query: CallbackQuery, state: FSMContext, i18n: I18n) -> None:
        await state.clear()
        await query.answer()
        if isinstance(query.message, Message):
            await query.message.edit_text(i18n("bc-aborted"))

    @r.message(StateFilter(BroadcastForm.schedule), admin)
    async def schedule_needs_text(message: Message, i18n: I18n) -> None:
        await message.answer(i18n("bc-schedule-prompt"))

    # -- control of a running broadcast -------------------------------------------------------
    async def refresh(
        query: CallbackQuery, i18n: I18n, service: BroadcastService, bc_id: int, tz: Any
    ) -> None:
        bc = await service.repo.get(bc_id)
        if bc is None or not isinstance(query.message, Message):
            return
        text = await status_text(i18n, service, bc, tz)
        try:
            await query.message.edit_text(
                text, reply_markup=progress_kb(i18n, bc.id, bc.status.value)
            )
        except Exception:
            log.debug("progress message not edited", exc_info=True)

    @r.callback_query(BcCb.filter(F.action.in_({"pause", "resume", "cancel_yes", "show"})), admin)
    async def control(
        query: CallbackQuery, callback_data: BcCb, user: User, i18n: I18n, runtime: Runtime
    ) -> None:
        service = broadcast_service(runtime)
        action, bc_id = callback_data.action, callback_data.id
        done = True
        if action == "pause":
            done = await service.pause(bc_id)
        elif action == "resume":
            done = await service.resume(bc_id)
        elif action == "cancel_yes":
            done = await service.cancel(bc_id)
        if action != "show":
            await UserRepository(runtime.db).audit(
                user.id, f"broadcast.{action}", str(bc_id), allowed=done
            )
            broadcasting.wake(runtime, control=True)
        await query.answer(i18n(f"bc-{action.replace('_', '-')}-done" if done else "bc-not-now"))
        await refresh(query, i18n, service, bc_id, runtime.settings.tz)

    @r.callback_query(BcCb.filter(F.action == "cancel"), admin)
    async def cancel_ask(query: CallbackQuery, callback_data: BcCb, i18n: I18n) -> None:
        await query.answer()
        if isinstance(query.message, Message):
            await query.message.edit_reply_markup(
                reply_markup=confirm_bc_cancel_kb(i18n, callback_data.id)
            )

    return r
