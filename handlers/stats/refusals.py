"""The supervisor's buttons and the menu's 📊 pressed by someone without the role (or whose
role was taken away while writing a FAQ draft): the refusal names the role and is audited.

The commands (/stats, /gaps, /export) need nothing here: the fallback router refuses
privileged commands that no feature handled.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.filters import Magic, MenuButton, refuse
from bot.i18n import I18n
from bot.keyboards.stats import ExportCallback, GapDraftCallback, ReportCallback
from db.repositories.users import Role, UserRepository
from handlers.stats.gaps import GapDraftForm

# the action audited → the translated name of what was refused
ACTION_NAMES = {"stats": "cmd-stats", "gaps": "cmd-gaps", "export": "cmd-export"}


async def _refuse(
    event: Message | CallbackQuery, users: UserRepository, i18n: I18n, action: str
) -> None:
    what = i18n(ACTION_NAMES[action.split(".")[0]])
    await refuse(event, users, i18n, action, Role.supervisor, what=what)


async def menu_stats(message: Message, users: UserRepository, i18n: I18n) -> None:
    await _refuse(message, users, i18n, "stats")


async def report_button(
    query: CallbackQuery, callback_data: ReportCallback, users: UserRepository, i18n: I18n
) -> None:
    await _refuse(query, users, i18n, callback_data.report)


async def gaps_button(query: CallbackQuery, users: UserRepository, i18n: I18n) -> None:
    await _refuse(query, users, i18n, "gaps.draft")


async def export_button(query: CallbackQuery, users: UserRepository, i18n: I18n) -> None:
    await _refuse(query, users, i18n, "export")


async def draft_answer(
    message: Message, state: FSMContext, users: UserRepository, i18n: I18n
) -> None:
    await state.clear()
    await _refuse(message, users, i18n, "gaps.draft")


def router() -> Router:
    r = Router(name="stats.refusals")
    r.message.filter(Magic(F.chat.type == "private"))
    r.message.register(menu_stats, MenuButton("menu-stats"))
    r.message.register(draft_answer, StateFilter(GapDraftForm.answer))
    r.callback_query.register(report_button, ReportCallback.filter(F.report.in_(ACTION_NAMES)))
    r.callback_query.register(gaps_button, GapDraftCallback.filter())
    r.callback_query.register(export_button, ExportCallback.filter())
    return r
