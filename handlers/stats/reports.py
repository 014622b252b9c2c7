"""/stats and /gaps (and the menu's 📊 button): one command handler, one period-button
handler."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiogram.filters import CommandObject
from aiogram.types import CallbackQuery, Message

from bot.i18n import I18n
from bot.keyboards.stats import ReportCallback, periods_keyboard
from handlers.stats.context import Reports
from handlers.stats.dashboards import send_stats
from handlers.stats.gaps import send_gaps

Send = Callable[[Message, I18n, Reports, str], Awaitable[None]]
# how to send each report, and the period used when none is given (None: ask)
REPORTS: dict[str, tuple[Send, str | None]] = {
    "stats": (send_stats, None),
    "gaps": (send_gaps, "30d"),
}


async def report_command(
    message: Message, i18n: I18n, reports: Reports, command: CommandObject | None = None
) -> None:
    report = command.command.lower() if command else "stats"
    spec = (command.args or "").strip() if command else ""
    send, default = REPORTS[report]
    if not spec and default is None:  # /stats alone: choose the period
        await message.answer(i18n("stats-choose"), reply_markup=periods_keyboard(i18n, report))
        return
    await send(message, i18n, reports, spec or default or "")


async def report_button(
    query: CallbackQuery,
    callback_data: ReportCallback,
    message: Message,
    i18n: I18n,
    reports: Reports,
) -> None:
    await query.answer()
    send, _ = REPORTS[callback_data.report]
    await send(message, i18n, reports, callback_data.period)
