"""Callback data and keyboards of the supervisor's view: /stats, /gaps, /export."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.i18n import I18n
from bot.keyboards.base import RowId
from bot.keyboards.common import choices_keyboard

STATS_PERIODS = ("today", "week", "month", "last_month")
GAPS_PERIODS = ("7d", "30d", "90d")
REPORT_PERIODS = {"stats": STATS_PERIODS, "gaps": GAPS_PERIODS}  # period buttons per report
EXPORT_PERIODS = ("month", "last_month", "all")
EXPORT_KINDS = ("tickets", "questions", "subscribers", "events")


class ReportCallback(CallbackData, prefix="rpt"):
    """A period button of /stats or /gaps: one handler serves both reports."""

    report: str  # "stats" | "gaps"
    period: str  # a period key (services.stats_period): "week", "2026-11-01..2026-11-15"


class GapDraftCallback(CallbackData, prefix="gpd"):
    period: str
    qid: RowId  # a question of the group


class ExportCallback(CallbackData, prefix="exp"):
    kind: str
    period: str = ""  # "" = choose the period next
    fmt: str = "csv"


def _period_label(i18n: I18n, key: str) -> str:
    return i18n(f"stats-period-{key.replace('_', '-')}")


def _period_buttons(
    builder: InlineKeyboardBuilder, i18n: I18n, report: str, current: str | None = None
) -> int:
    """Adds the period buttons of ``report`` (but ``current``); returns how many."""
    keys = [k for k in REPORT_PERIODS[report] if k != current]
    for key in keys:
        builder.button(
            text=_period_label(i18n, key), callback_data=ReportCallback(report=report, period=key)
        )
    return len(keys)


def periods_keyboard(i18n: I18n, report: str, current: str | None = None) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    _period_buttons(builder, i18n, report, current)
    builder.adjust(2 if report == "stats" else 3)
    return builder.as_markup()


def stats_periods_keyboard(i18n: I18n) -> InlineKeyboardMarkup:
    return periods_keyboard(i18n, "stats")


def gaps_keyboard(
    i18n: I18n, period_key: str, leader_ids: list[int] | None = None
) -> InlineKeyboardMarkup:
    """A "start a KB entry" button per group (numbered as in the text), then other periods."""
    builder = InlineKeyboardBuilder()
    sizes: list[int] = []
    leaders = leader_ids or []
    for n, qid in enumerate(leaders, start=1):
        builder.button(
            text=i18n("gaps-btn-draft", n=n),
            callback_data=GapDraftCallback(period=period_key, qid=qid),
        )
    sizes += [2] * ((len(leaders) + 1) // 2)
    sizes.append(_period_buttons(builder, i18n, "gaps", period_key))
    builder.adjust(*sizes)
    return builder.as_markup()


def export_kinds_keyboard(i18n: I18n) -> InlineKeyboardMarkup:
    kinds = ((i18n(f"export-kind-{kind}"), ExportCallback(kind=kind)) for kind in EXPORT_KINDS)
    return choices_keyboard(kinds, 2)


def export_periods_keyboard(i18n: I18n, kind: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for key in EXPORT_PERIODS:
        for fmt in ("csv", "xlsx"):
            builder.button(
                text=f"{_period_label(i18n, key)} · {fmt.upper()}",
                callback_data=ExportCallback(kind=kind, period=key, fmt=fmt),
            )
    builder.adjust(2)
    return builder.as_markup()
