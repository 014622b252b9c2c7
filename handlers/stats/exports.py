"""/export KIND PERIOD [FMT]: tickets | questions | subscribers | events → CSV (default) or
XLSX, as a document; without arguments, buttons to choose the kind and the period."""

from __future__ import annotations

import asyncio
import contextlib

from aiogram.enums import ChatAction
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import CommandObject
from aiogram.types import CallbackQuery, FSInputFile, Message

from bot.i18n import I18n
from bot.keyboards.stats import ExportCallback, export_kinds_keyboard, export_periods_keyboard
from db.repositories.users import User, UserRepository
from handlers.stats.context import Reports, period_error_text
from services import exports
from services.stats import Period, PeriodError

TELEGRAM_FILE_LIMIT = 50 * 1024 * 1024  # sendDocument limit of the public Bot API

# /export kinds in the words the Kyrgyz and Russian usage texts show (English ones stay valid)
EXPORT_KIND_WORDS = {
    "кайрылуулар": "tickets", "обращения": "tickets",
    "суроолор": "questions", "вопросы": "questions",
    "жазылуучулар": "subscribers", "подписчики": "subscribers",
    "иш-чаралар": "events", "мероприятия": "events",
}  # fmt: skip


class ColumnHeader:
    """A column's name in the reader's language (the raw name when there is no translation)."""

    def __init__(self, i18n: I18n) -> None:
        self.i18n = i18n

    def __call__(self, name: str) -> str:
        key = "export-col-" + name.replace("_", "-")
        return self.i18n(key) if self.i18n.translator.has(key, self.i18n.lang) else name


async def _upload(
    message: Message, i18n: I18n, result: exports.ExportResult, period: Period
) -> None:
    size = await asyncio.to_thread(lambda: result.size)
    if size > TELEGRAM_FILE_LIMIT:
        mb = f"{size / 1024 / 1024:.0f}"
        await message.answer(i18n("export-too-big", size=mb, kind=result.kind, period=period.key))
        return
    label = i18n("stats-period-all") if period.key == "all" else period.label
    kind = i18n(f"export-kind-{result.kind}")
    await message.answer_document(
        FSInputFile(result.path, filename=result.filename),
        caption=i18n("export-caption", kind=kind, period=label, rows=result.rows),
    )


async def send_export(
    message: Message, i18n: I18n, reports: Reports, kind: str, spec: str, fmt: str
) -> None:
    if kind not in exports.KINDS:
        await message.answer(i18n("export-unknown-kind", kind=kind))
        return
    if fmt not in exports.FORMATS:
        await message.answer(i18n("export-unknown-format", fmt=fmt))
        return
    try:
        period = reports.period(spec, allow_all=True)
    except PeriodError as err:
        await message.answer(period_error_text(i18n, err))
        return
    if message.bot is not None:  # "sending a file…" while a big export is written
        with contextlib.suppress(TelegramAPIError):
            await message.bot.send_chat_action(message.chat.id, ChatAction.UPLOAD_DOCUMENT)
    calendar = await reports.calendar()
    try:
        result = await exports.export(
            reports.db, kind, period, fmt, header=ColumnHeader(i18n), calendar=calendar
        )
    except exports.ExportError as err:
        await message.answer(i18n("export-unavailable", detail=err.detail))
        return
    try:
        await _upload(message, i18n, result, period)
    finally:
        await asyncio.to_thread(result.path.unlink, True)


def parse_export_args(args: list[str], reports: Reports) -> tuple[str, str, str]:
    """(kind, period, format) of "/export KIND PERIOD [FMT]"."""
    kind = EXPORT_KIND_WORDS.get(args[0].lower(), args[0].lower())
    fmt, rest = "csv", args[1:]
    if rest and rest[-1].lower() in exports.FORMATS:
        fmt = rest.pop().lower()
    elif len(rest) == 2 and rest[-1].isalpha() and not reports.is_period(" ".join(rest)):
        fmt = rest.pop().lower()  # "/export tickets month pdf", not "… прошлый месяц"
    return kind, " ".join(rest), fmt


async def export_command(
    message: Message,
    command: CommandObject,
    user: User,
    users: UserRepository,
    i18n: I18n,
    reports: Reports,
) -> None:
    args = (command.args or "").split()
    if not args:
        await message.answer(i18n("export-usage"), reply_markup=export_kinds_keyboard(i18n))
        return
    kind, spec, fmt = parse_export_args(args, reports)
    if len(args) == 1 and kind in exports.KINDS:
        await message.answer(
            i18n("export-choose-period", kind=i18n(f"export-kind-{kind}")),
            reply_markup=export_periods_keyboard(i18n, kind),
        )
        return
    await send_export(message, i18n, reports, kind, spec or "month", fmt)
    await users.audit(user.id, "export", kind, period=spec, fmt=fmt)


async def export_button(
    query: CallbackQuery,
    callback_data: ExportCallback,
    message: Message,
    user: User,
    users: UserRepository,
    i18n: I18n,
    reports: Reports,
) -> None:
    kind, period, fmt = callback_data.kind, callback_data.period, callback_data.fmt
    if kind not in exports.KINDS or fmt not in exports.FORMATS:
        await query.answer(i18n("callback-outdated"), show_alert=True)
        return
    await query.answer()
    if not period:
        await message.answer(
            i18n("export-choose-period", kind=i18n(f"export-kind-{kind}")),
            reply_markup=export_periods_keyboard(i18n, kind),
        )
        return
    await send_export(message, i18n, reports, kind, period, fmt)
    await users.audit(user.id, "export", kind, period=period, fmt=fmt)
