"""The live progress message of a broadcast and its buttons: pause, resume, cancel (admins)."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message

from bot.config import Settings
from bot.i18n import I18n
from bot.keyboards.broadcasts import BroadcastCallback, confirm_bc_cancel_kb, progress_kb
from bot.queries import edit, message_of
from db.repositories.outbox import BcStatus, Broadcast
from handlers.common.office import Office
from services.broadcast import BroadcastService, progress_text
from services.event_views import fmt_datetime


async def status_text(i18n: I18n, broadcasts: BroadcastService, bc: Broadcast, tz: Any) -> str:
    if bc.status == BcStatus.scheduled and bc.scheduled_at is not None:
        return i18n("bc-scheduled", id=bc.shown_number, when=fmt_datetime(bc.scheduled_at, tz))
    return progress_text(i18n, bc, await broadcasts.progress(bc.id))


async def send_progress(
    message: Message, i18n: I18n, broadcasts: BroadcastService, bc: Broadcast, tz: Any
) -> None:
    """The live progress message of a broadcast (the sender edits it as it goes)."""
    sent = await message.answer(
        await status_text(i18n, broadcasts, bc, tz),
        reply_markup=progress_kb(i18n, bc.id, bc.status.value),
    )
    await broadcasts.set_progress_message(bc.id, sent.chat.id, sent.message_id)


async def refresh(
    query: CallbackQuery, i18n: I18n, broadcasts: BroadcastService, bc_id: int, tz: Any
) -> None:
    bc = await broadcasts.get(bc_id)
    if bc is not None:
        text = await status_text(i18n, broadcasts, bc, tz)
        await edit(query, text, progress_kb(i18n, bc.id, bc.status.value))


async def control(
    query: CallbackQuery, callback_data: BroadcastCallback, office: Office, settings: Settings
) -> None:
    """Pause, resume, cancel (confirmed) or just show the current figures."""
    action, bc_id, broadcasts = callback_data.action, callback_data.id, office.broadcasts
    done = True
    if action == "pause":
        done = await broadcasts.pause(bc_id)
    elif action == "resume":
        done = await broadcasts.resume(bc_id)
    elif action == "cancel_yes":
        done = await broadcasts.cancel(bc_id)
    if action != "show":
        await office.audit(f"broadcast.{action}", str(bc_id), allowed=done)
        office.wakeups.outbox(control=True)
    office.say(office.i18n(f"bc-{action.replace('_', '-')}-done" if done else "bc-not-now"))
    await refresh(query, office.i18n, broadcasts, bc_id, settings.tz)


async def cancel_ask(query: CallbackQuery, callback_data: BroadcastCallback, i18n: I18n) -> None:
    message = message_of(query)
    if message is not None:
        await message.edit_reply_markup(reply_markup=confirm_bc_cancel_kb(i18n, callback_data.id))


def router() -> Router:
    r = Router(name="broadcasts.control")
    actions = F.action.in_({"pause", "resume", "cancel_yes", "show"})
    r.callback_query.register(control, BroadcastCallback.filter(actions))
    r.callback_query.register(cancel_ask, BroadcastCallback.filter(F.action == "cancel"))
    return r
