"""/forget_me — erase my personal data, after a confirmation (services.privacy does it)."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.filters import Magic
from bot.i18n import I18n
from bot.keyboards.common import ForgetCallback, forget_keyboard
from db.database import Database
from services import privacy
from services.worktime import AppClock


async def forget_me(message: Message, i18n: I18n) -> None:
    await message.answer(i18n("forget-confirm"), reply_markup=forget_keyboard(i18n))


async def forget_yes(
    query: CallbackQuery, state: FSMContext, i18n: I18n, db: Database, clock: AppClock, bot: Bot
) -> None:
    await state.clear()
    report = await privacy.forget_user(db, query.from_user.id, now=clock())
    await query.answer()
    text = i18n("forget-done", rows=report.total)
    if isinstance(query.message, Message):
        await query.message.edit_text(text)
    else:  # a confirmation too old to edit: the answer comes as a new message
        await bot.send_message(query.from_user.id, text)


async def forget_no(query: CallbackQuery, i18n: I18n) -> None:
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_text(i18n("forget-cancelled"))


def router() -> Router:
    r = Router(name="common.privacy")
    r.message.register(forget_me, Magic(F.chat.type == "private"), Command("forget_me"))
    r.callback_query.register(forget_yes, ForgetCallback.filter(F.action == "yes"))
    r.callback_query.register(forget_no, ForgetCallback.filter(F.action == "no"))
    return r
