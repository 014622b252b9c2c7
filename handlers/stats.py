"""The supervisor's view: /stats, /gaps, /export — and /forget_me for everyone.

/stats [PERIOD]            — summary text + PNG chart (period buttons without an argument)
/gaps [PERIOD]             — unanswered / "didn't help" questions grouped by similarity, with a
                             button per group that starts a FAQ draft (approved in /drafts)
/export KIND PERIOD [FMT]  — tickets | questions | subscribers | events → CSV (default) or XLSX
/forget_me                 — erase my personal data, after a confirmation

Supervisor commands check the role server-side; refusals go through ``bot.filters.refuse``
(they name the role needed and what to do, and are written to the audit log, ``allowed = 0``).
/stats and /gaps share one command handler and one period-button handler (``REPORTS``).
The rules live in services/ (stats, charts, gaps, exports, privacy); this module only talks
to Telegram.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Any

from aiogram import Bot, F, Router
from aiogram.enums import ChatAction
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command, CommandObject, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import BufferedInputFile, CallbackQuery, FSInputFile, Message

from bot.filters import MenuButton, has_role, refuse
from bot.i18n import Html, I18n
from bot.keyboards.stats import (
    ExportCallback,
    ForgetCallback,
    GapDraftCallback,
    ReportCallback,
    export_kinds_keyboard,
    export_periods_keyboard,
    forget_keyboard,
    gaps_keyboard,
    periods_keyboard,
)
from db.database import Database, to_db_time
from db.repositories.users import Role, User, UserRepository
from services import charts, exports, gaps, privacy
from services.geo import region_name
from services.stats import (
    Period,
    PeriodError,
    Stats,
    compute_stats,
    fmt_share,
    parse_period,
)
from services.text import split_html, trim
from services.worktime import WorkCalendar, clock_of

log = logging.getLogger(__name__)

TELEGRAM_FILE_LIMIT = 50 * 1024 * 1024  # sendDocument limit of the public Bot API
LIST_LIMIT = 8  # rows per group (consultants, oblasts, categories) in the summary
GAPS_LIMIT = 10


class GapDraftForm(StatesGroup):
    answer = State()


# -- shared helpers -----------------------------------------------------------------------------
ACTION_NAMES = {"stats": "cmd-stats", "gaps": "cmd-gaps", "export": "cmd-export"}

# /export kinds in the words the Kyrgyz and Russian usage texts show (English ones stay valid)
EXPORT_KIND_WORDS = {
    "кайрылуулар": "tickets", "обращения": "tickets",
    "суроолор": "questions", "вопросы": "questions",
    "жазылуучулар": "subscribers", "подписчики": "subscribers",
    "иш-чаралар": "events", "мероприятия": "events",
}  # fmt: skip


def is_supervisor(user: User | None) -> bool:
    return has_role(user, Role.supervisor)


async def supervisor_only(
    event: Message | CallbackQuery,
    user: User | None,
    users: UserRepository,
    i18n: I18n,
    action: str,
) -> bool:
    """True for supervisors and admins; everyone else gets the refusal (audited)."""
    if is_supervisor(user):
        return True
    what = i18n(ACTION_NAMES[action.split(".")[0]])
    await refuse(event, users, i18n, action, Role.supervisor, what=what)
    return False


def decimal(value: float, places: int) -> str:
    """``3.5`` → ``"3,50"``: Kyrgyz and Russian write a decimal comma."""
    return f"{value:.{places}f}".replace(".", ",")


def duration_text(i18n: I18n, hours: float | None) -> str:
    """``26.5`` → "1 дн. 2 ч 30 мин" / "1 күн 2 саат 30 мүн."; ``None`` → "—"."""
    if hours is None:
        return "—"
    minutes = round(hours * 60)
    days, rest = divmod(minutes, 24 * 60)
    if days:
        return i18n("stats-duration-days", d=days, h=rest // 60)
    return i18n("stats-duration", h=rest // 60, m=rest % 60)


async def work_calendar(runtime: Any) -> WorkCalendar:
    """The call-center's calendar with the admins' changes (``/admin hours`` …)."""
    try:
        from services.tickets import TicketService

        return await TicketService.from_runtime(runtime).calendar()
    except Exception:  # the call-center is optional; the settings alone still work
        log.debug("falling back to the calendar of the settings", exc_info=True)
        return WorkCalendar.from_settings(runtime.settings)


def period_of(spec: str | None, runtime: Any, *, allow_all: bool = False) -> Period:
    return parse_period(spec, now=clock_of(runtime)(), tz=runtime.settings.tz, allow_all=allow_all)


def is_period(spec: str, runtime: Any) -> bool:
    try:
        period_of(spec, runtime, allow_all=True)
    except PeriodError:
        return False
    return True


def period_error_text(i18n: I18n, err: PeriodError) -> str:
    return i18n(f"stats-period-error-{err.code.replace('_', '-')}", spec=err.spec)


def category_name(i18n: I18n, code: str | None) -> str:
    if not code:
        return i18n("stats-unknown")
    key = f"ticket-category-{code}"
    return i18n(key) if i18n.translator.has(key, i18n.lang) else code


# -- /stats -------------------------------------------------------------------------------------
def chart_labels(i18n: I18n, period: Period) -> charts.ChartLabels:
    return charts.ChartLabels(
        title=i18n("stats-chart-title"),
        answered=i18n("stats-chart-answered"),
        suggest=i18n("stats-chart-suggest"),
        escalate=i18n("stats-chart-escalate"),
        off_topic=i18n("stats-chart-off-topic"),
        questions_axis=i18n("stats-chart-questions-axis"),
        response_title=i18n("stats-chart-response-title"),
        median=i18n("stats-chart-median"),
        p90=i18n("stats-chart-p90"),
        hours_axis=i18n("stats-chart-hours-axis"),
        no_data=i18n("stats-chart-no-data"),
        no_tickets=i18n("stats-chart-no-tickets"),
        period=period.label,
    )


def _more(i18n: I18n, lines: list[str], total: int) -> None:
    if total > LIST_LIMIT:
        lines.append(i18n("stats-more", count=total - LIST_LIMIT))


def summary_text(i18n: I18n, stats: Stats) -> str:
    """The short text summary of :class:`Stats` (HTML; user data escaped by the translator)."""
    lines = [i18n("stats-header", period=stats.period.label)]
    if stats.empty:
        lines.append(i18n("stats-empty"))
        return "\n".join(lines)
    lines.append(i18n("stats-questions", count=stats.questions))
    for status in ("answered", "suggest", "escalate", "off_topic"):
        lines.append(
            i18n(
                f"stats-outcome-{status.replace('_', '-')}",
                count=stats.by_status[status],
                share=fmt_share(stats.share(status)),
            )
        )
    if stats.by_status["off_topic"] and stats.in_scope:
        lines.append(i18n("stats-answered-in-scope", share=fmt_share(stats.answered_in_scope)))
    if stats.feedback:
        lines.append(
            i18n(
                "stats-helped",
                helped=stats.helped,
                feedback=stats.feedback,
                rate=fmt_share(stats.helped_rate),
            )
        )
    else:
        lines.append(i18n("stats-helped-none"))
    lines.append("")
    if not stats.tickets_available:
        lines.append(i18n("stats-tickets-unavailable"))
        return "\n".join(lines)
    lines.append(
        i18n(
            "stats-tickets",
            opened=stats.tickets_opened,
            closed=stats.tickets_closed,
            auto=stats.tickets_auto_closed,
        )
    )
    for key, durations, wall in (
        ("stats-first-response", stats.first_response, stats.first_response_wall),
        ("stats-resolution", stats.resolution, stats.resolution_wall),
    ):
        if not durations.count:
            lines.append(i18n(f"{key}-none"))
            continue
        lines.append(
            i18n(
                key,
                median=duration_text(i18n, durations.median),
                p90=duration_text(i18n, durations.p90),
                median_wall=duration_text(i18n, wall.median),
                p90_wall=duration_text(i18n, wall.p90),
                count=durations.count,
            )
        )
    if stats.first_response.count or stats.resolution.count:
        lines.append(i18n("stats-worktime-note"))
    if stats.csat_count:
        dist = ", ".join(f"{score}★ {stats.csat_dist[score]}" for score in range(5, 0, -1))
        lines.append(
            i18n("stats-csat", avg=decimal(stats.csat_avg, 2), count=stats.csat_count, dist=dist)
        )
    else:
        lines.append(i18n("stats-csat-none"))
    if stats.consultants:
        lines += ["", i18n("stats-consultants")]
        for row in stats.consultants[:LIST_LIMIT]:
            lines.append(
                i18n(
                    "stats-consultant-line",
                    name=row.name or str(row.user_id),
                    taken=row.taken,
                    closed=row.closed,
                    median=duration_text(i18n, row.first_response.median),
                    csat="—" if row.csat_avg is None else decimal(row.csat_avg, 1),
                )
            )
        _more(i18n, lines, len(stats.consultants))
    for title, groups, name_of in (
        ("stats-oblasts", stats.oblasts, lambda k: region_name(k, i18n.lang)),
        ("stats-categories", stats.categories, lambda k: category_name(i18n, k)),
    ):
        if not groups:
            continue
        lines += ["", i18n(title)]
        for group in groups[:LIST_LIMIT]:
            lines.append(
                i18n(
                    "stats-group-line",
                    name=name_of(group.key) if group.key else i18n("stats-unknown"),
                    questions=group.questions,
                    escalated=group.escalate,
                    tickets=group.tickets,
                )
            )
        _more(i18n, lines, len(groups))
    return "\n".join(lines)


async def send_stats(message: Message, i18n: I18n, db: Database, runtime: Any, spec: str) -> None:
    try:
        period = period_of(spec, runtime)
    except PeriodError as err:
        await message.answer(
            period_error_text(i18n, err), reply_markup=periods_keyboard(i18n, "stats")
        )
        return
    stats = await compute_stats(db, period, calendar=await work_calendar(runtime))
    for part in split_html(summary_text(i18n, stats)):
        await message.answer(part)
    labels = chart_labels(i18n, period)
    if stats.empty:
        png = await charts.render_no_data_async(labels)
    else:
        png = await charts.render_overview_async(
            stats.points, labels, bucket_days=stats.bucket_days
        )
    await message.answer_photo(
        BufferedInputFile(png, filename=f"stats-{period.first_day}_{period.last_day}.png"),
        caption=i18n("stats-chart-caption", period=period.label),
        reply_markup=periods_keyboard(i18n, "stats"),
    )


# -- /gaps --------------------------------------------------------------------------------------
def gaps_text(
    i18n: I18n, period: Period, groups: list[gaps.GapGroup], total: int, off_topic: int = 0
) -> str:
    note = [i18n("gaps-off-topic", count=off_topic)] if off_topic else []
    if not groups:
        return "\n".join([i18n("gaps-none", period=period.label), *note])
    lines = [i18n("gaps-header", period=period.label, groups=len(groups), questions=total)]
    lines += note
    for n, group in enumerate(groups, start=1):
        lines.append("")
        lines.append(
            i18n(
                "gaps-group",
                n=n,
                count=group.count,
                askers=group.askers,
                escalated=group.escalated,
                not_helped=group.not_helped,
            )
        )
        for example in group.examples:
            lines.append(i18n("gaps-example", text=trim(example, 300)[0]))
    return "\n".join(lines)


async def send_gaps(target: Message, i18n: I18n, db: Database, runtime: Any, spec: str) -> None:
    try:
        period = period_of(spec, runtime)
    except PeriodError as err:
        await target.answer(
            period_error_text(i18n, err), reply_markup=periods_keyboard(i18n, "gaps")
        )
        return
    everything = await gaps.find_gaps(db, period, limit=0)
    shown = everything[:GAPS_LIMIT]
    off_topic = await gaps.count_off_topic(db, period)
    text = gaps_text(i18n, period, shown, sum(g.count for g in everything), off_topic)
    markup = gaps_keyboard(i18n, period.key, [g.leader_id for g in shown])
    parts = split_html(text)
    for n, part in enumerate(parts):
        await target.answer(part, reply_markup=markup if n == len(parts) - 1 else None)


# -- /export ------------------------------------------------------------------------------------
def column_header(i18n: I18n) -> Callable[[str], str]:
    def header(name: str) -> str:
        key = "export-col-" + name.replace("_", "-")
        return i18n(key) if i18n.translator.has(key, i18n.lang) else name

    return header


async def send_export(
    message: Message,
    i18n: I18n,
    db: Database,
    runtime: Any,
    kind: str,
    spec: str,
    fmt: str,
) -> None:
    if kind not in exports.KINDS:
        await message.answer(i18n("export-unknown-kind", kind=kind))
        return
    if fmt not in exports.FORMATS:
        await message.answer(i18n("export-unknown-format", fmt=fmt))
        return
    try:
        period = period_of(spec, runtime, allow_all=True)
    except PeriodError as err:
        await message.answer(period_error_text(i18n, err))
        return
    if message.bot is not None:  # "sending a file…" while a big export is written
        with contextlib.suppress(TelegramAPIError):
            await message.bot.send_chat_action(message.chat.id, ChatAction.UPLOAD_DOCUMENT)
    try:
        result = await exports.export(
            db,
            kind,
            period,
            fmt,
            header=column_header(i18n),
            calendar=await work_calendar(runtime),
        )
    except exports.ExportError as err:
        await message.answer(i18n("export-unavailable", detail=err.detail))
        return
    try:
        size = await asyncio.to_thread(lambda: result.size)
        if size > TELEGRAM_FILE_LIMIT:
            await message.answer(
                i18n(
                    "export-too-big",
                    size=f"{size / 1024 / 1024:.0f}",
                    kind=kind,
                    period=period.key,
                )
            )
            return
        label = i18n("stats-period-all") if period.key == "all" else period.label
        await message.answer_document(
            FSInputFile(result.path, filename=result.filename),
            caption=i18n(
                "export-caption", kind=i18n(f"export-kind-{kind}"), period=label, rows=result.rows
            ),
        )
    finally:
        await asyncio.to_thread(result.path.unlink, True)


# /stats and /gaps: how to send each, and the period used when none is given (None: ask)
REPORTS: dict[str, tuple[Callable[..., Any], str | None]] = {
    "stats": (send_stats, None),
    "gaps": (send_gaps, "30d"),
}


# -- router -------------------------------------------------------------------------------------
def router() -> Router:
    r = Router(name="stats")
    r.message.filter(F.chat.type == "private")

    # /stats and /gaps: one command handler, one period-button handler -----------------------
    @r.message(Command(*REPORTS))
    @r.message(MenuButton("menu-stats"))
    async def report_command(
        message: Message,
        user: User | None,
        users: UserRepository,
        i18n: I18n,
        db: Database,
        runtime: Any,
        command: CommandObject | None = None,
    ) -> None:
        report = command.command.lower() if command else "stats"
        if not await supervisor_only(message, user, users, i18n, report):
            return
        spec = (command.args or "").strip() if command else ""
        send, default = REPORTS[report]
        if not spec and default is None:  # /stats alone: choose the period
            await message.answer(i18n("stats-choose"), reply_markup=periods_keyboard(i18n, report))
            return
        await send(message, i18n, db, runtime, spec or default or "")

    @r.callback_query(ReportCallback.filter(F.report.in_(set(REPORTS))))
    async def report_button(
        query: CallbackQuery,
        callback_data: ReportCallback,
        user: User | None,
        users: UserRepository,
        i18n: I18n,
        db: Database,
        runtime: Any,
    ) -> None:
        if not await supervisor_only(query, user, users, i18n, callback_data.report):
            return
        await query.answer()
        if isinstance(query.message, Message):
            send, _ = REPORTS[callback_data.report]
            await send(query.message, i18n, db, runtime, callback_data.period)

    @r.callback_query(GapDraftCallback.filter())
    async def gaps_draft(
        query: CallbackQuery,
        callback_data: GapDraftCallback,
        state: FSMContext,
        user: User | None,
        users: UserRepository,
        i18n: I18n,
        db: Database,
        runtime: Any,
    ) -> None:
        if not await supervisor_only(query, user, users, i18n, "gaps.draft"):
            return
        try:
            period = period_of(callback_data.period, runtime)
        except PeriodError:
            await query.answer(i18n("callback-outdated"), show_alert=True)
            return
        group = gaps.group_of(await gaps.find_gaps(db, period, limit=0), callback_data.qid)
        if group is None:
            await query.answer(i18n("gaps-draft-gone"), show_alert=True)
            return
        await state.set_state(GapDraftForm.answer)
        await state.update_data(
            question=group.examples[0],
            examples=group.examples,
            category=group.category or "other",
            language=group.lang if group.lang in ("ky", "ru") else i18n.lang,
            count=group.count,
        )
        await query.answer()
        if isinstance(query.message, Message):
            others = "\n".join(
                i18n("gaps-example", text=trim(e, 300)[0]) for e in group.examples[1:]
            )
            await query.message.answer(
                i18n(
                    "gaps-draft-prompt",
                    question=trim(group.examples[0], 500)[0],
                    count=group.count,
                    others=Html(others or "—"),
                )
            )

    @r.message(StateFilter(GapDraftForm.answer), F.text, ~F.text.startswith("/"))
    async def gaps_draft_answer(
        message: Message,
        state: FSMContext,
        user: User | None,
        users: UserRepository,
        i18n: I18n,
        db: Database,
        runtime: Any,
    ) -> None:
        if not is_supervisor(user):  # the role was taken away meanwhile
            await state.clear()
            await supervisor_only(message, user, users, i18n, "gaps.draft")
            return
        assert user is not None
        data = await state.get_data()
        from db.repositories.tickets import TicketRepository

        draft_id, _ = await TicketRepository(db).add_draft(
            {
                "ticket_id": None,
                "question": data.get("question") or "",
                "answer": (message.text or "").strip(),
                "category": data.get("category") or "other",
                "language": data.get("language") or i18n.lang,
                "created_by": user.id,
                "created_at": to_db_time(clock_of(runtime)()),
            }
        )
        await state.clear()
        await users.audit(user.id, "gaps.draft", str(draft_id), questions=data.get("count"))
        await message.answer(i18n("gaps-draft-saved", id=draft_id))

    @r.message(StateFilter(GapDraftForm.answer), ~F.text)
    async def gaps_draft_not_text(message: Message, i18n: I18n) -> None:
        await message.answer(i18n("gaps-draft-not-text"))

    # /export -----------------------------------------------------------------------------
    @r.message(Command("export"))
    async def export_command(
        message: Message,
        command: CommandObject,
        user: User | None,
        users: UserRepository,
        i18n: I18n,
        db: Database,
        runtime: Any,
    ) -> None:
        if not await supervisor_only(message, user, users, i18n, "export"):
            return
        args = (command.args or "").split()
        if not args:
            await message.answer(i18n("export-usage"), reply_markup=export_kinds_keyboard(i18n))
            return
        kind = EXPORT_KIND_WORDS.get(args[0].lower(), args[0].lower())
        if len(args) == 1 and kind in exports.KINDS:
            await message.answer(
                i18n("export-choose-period", kind=i18n(f"export-kind-{kind}")),
                reply_markup=export_periods_keyboard(i18n, kind),
            )
            return
        fmt = "csv"
        rest = args[1:]
        if rest and rest[-1].lower() in exports.FORMATS:
            fmt = rest.pop().lower()
        elif len(rest) == 2 and rest[-1].isalpha() and not is_period(" ".join(rest), runtime):
            fmt = rest.pop().lower()  # "/export tickets month pdf", not "… прошлый месяц"
        await send_export(message, i18n, db, runtime, kind, " ".join(rest) or "month", fmt)
        if user is not None:
            await users.audit(user.id, "export", kind, period=" ".join(rest), fmt=fmt)

    @r.callback_query(ExportCallback.filter())
    async def export_button(
        query: CallbackQuery,
        callback_data: ExportCallback,
        user: User | None,
        users: UserRepository,
        i18n: I18n,
        db: Database,
        runtime: Any,
    ) -> None:
        if not await supervisor_only(query, user, users, i18n, "export"):
            return
        if callback_data.kind not in exports.KINDS or callback_data.fmt not in exports.FORMATS:
            await query.answer(i18n("callback-outdated"), show_alert=True)
            return
        await query.answer()
        if not isinstance(query.message, Message):
            return
        if not callback_data.period:
            await query.message.answer(
                i18n("export-choose-period", kind=i18n(f"export-kind-{callback_data.kind}")),
                reply_markup=export_periods_keyboard(i18n, callback_data.kind),
            )
            return
        await send_export(
            query.message,
            i18n,
            db,
            runtime,
            callback_data.kind,
            callback_data.period,
            callback_data.fmt,
        )
        assert user is not None
        await users.audit(
            user.id,
            "export",
            callback_data.kind,
            period=callback_data.period,
            fmt=callback_data.fmt,
        )

    # /forget_me --------------------------------------------------------------------------
    @r.message(Command("forget_me"))
    async def forget_me(message: Message, i18n: I18n) -> None:
        await message.answer(i18n("forget-confirm"), reply_markup=forget_keyboard(i18n))

    @r.callback_query(ForgetCallback.filter(F.action == "yes"))
    async def forget_yes(
        query: CallbackQuery,
        state: FSMContext,
        i18n: I18n,
        db: Database,
        runtime: Any,
        bot: Bot,
    ) -> None:
        await state.clear()
        report = await privacy.forget_user(db, query.from_user.id, now=clock_of(runtime)())
        await query.answer()
        text = i18n("forget-done", rows=report.total)
        if isinstance(query.message, Message):
            await query.message.edit_text(text)
        else:
            await bot.send_message(query.from_user.id, text)

    @r.callback_query(ForgetCallback.filter(F.action == "no"))
    async def forget_no(query: CallbackQuery, i18n: I18n) -> None:
        await query.answer()
        if isinstance(query.message, Message):
            await query.message.edit_text(i18n("forget-cancelled"))

    return r
