"""/stats: the summary of a period as text (HTML; user data escaped by the translator) and a
PNG chart, with period buttons."""

from __future__ import annotations

from collections.abc import Callable

from aiogram.types import BufferedInputFile, Message

from bot.i18n import I18n
from bot.keyboards.stats import periods_keyboard
from handlers.stats.context import Reports, period_or_error
from services import charts
from services.geo import region_name
from services.stats import Period, Stats, compute_stats, fmt_share
from services.text import split_html

LIST_LIMIT = 8  # rows per group (consultants, oblasts, categories) in the summary


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


def category_name(i18n: I18n, code: str | None) -> str:
    if not code:
        return i18n("stats-unknown")
    key = f"ticket-category-{code}"
    return i18n(key) if i18n.translator.has(key, i18n.lang) else code


def chart_labels(i18n: I18n, period: Period) -> charts.ChartLabels:
    keys = charts.ChartLabels.__dataclass_fields__
    texts = {
        name: i18n(f"stats-chart-{name.replace('_', '-')}") for name in keys if name != "period"
    }
    return charts.ChartLabels(**texts, period=period.label)


def _more(i18n: I18n, total: int) -> list[str]:
    return [i18n("stats-more", count=total - LIST_LIMIT)] if total > LIST_LIMIT else []


def _questions(i18n: I18n, stats: Stats) -> list[str]:
    lines = [i18n("stats-questions", count=stats.questions)]
    for status in ("answered", "suggest", "escalate", "off_topic"):
        share = fmt_share(stats.share(status))
        key = f"stats-outcome-{status.replace('_', '-')}"
        lines.append(i18n(key, count=stats.by_status[status], share=share))
    if stats.by_status["off_topic"] and stats.in_scope:
        lines.append(i18n("stats-answered-in-scope", share=fmt_share(stats.answered_in_scope)))
    if not stats.feedback:
        return [*lines, i18n("stats-helped-none")]
    rate = fmt_share(stats.helped_rate)
    return [*lines, i18n("stats-helped", helped=stats.helped, feedback=stats.feedback, rate=rate)]


def _times(i18n: I18n, stats: Stats) -> list[str]:
    lines = []
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
    return lines


def _tickets(i18n: I18n, stats: Stats) -> list[str]:
    opened, closed, auto = stats.tickets_opened, stats.tickets_closed, stats.tickets_auto_closed
    lines = [i18n("stats-tickets", opened=opened, closed=closed, auto=auto), *_times(i18n, stats)]
    if not stats.csat_count:
        return [*lines, i18n("stats-csat-none")]
    dist = ", ".join(f"{score}★ {stats.csat_dist[score]}" for score in range(5, 0, -1))
    avg = decimal(stats.csat_avg, 2)
    return [*lines, i18n("stats-csat", avg=avg, count=stats.csat_count, dist=dist)]


def _consultants(i18n: I18n, stats: Stats) -> list[str]:
    if not stats.consultants:
        return []
    lines = ["", i18n("stats-consultants")]
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
    return lines + _more(i18n, len(stats.consultants))


def _groups(i18n: I18n, stats: Stats) -> list[str]:
    lines: list[str] = []
    named: tuple[tuple[str, list, Callable[[str], str | None]], ...] = (
        ("stats-oblasts", stats.oblasts, lambda key: region_name(key, i18n.lang)),
        ("stats-categories", stats.categories, lambda key: category_name(i18n, key)),
    )
    for title, groups, name_of in named:
        if groups:
            lines += ["", i18n(title)]
        for group in groups[:LIST_LIMIT]:
            name = name_of(group.key) if group.key else None
            lines.append(
                i18n(
                    "stats-group-line",
                    name=name or i18n("stats-unknown"),
                    questions=group.questions,
                    escalated=group.escalate,
                    tickets=group.tickets,
                )
            )
        lines += _more(i18n, len(groups)) if groups else []
    return lines


def summary_text(i18n: I18n, stats: Stats) -> str:
    """The short text summary of :class:`Stats` (HTML; user data escaped by the translator)."""
    lines = [i18n("stats-header", period=stats.period.label)]
    if stats.empty:
        return "\n".join([*lines, i18n("stats-empty")])
    lines += [*_questions(i18n, stats), ""]
    if not stats.tickets_available:
        return "\n".join([*lines, i18n("stats-tickets-unavailable")])
    lines += _tickets(i18n, stats) + _consultants(i18n, stats) + _groups(i18n, stats)
    return "\n".join(lines)


async def send_stats(message: Message, i18n: I18n, reports: Reports, spec: str) -> None:
    period = await period_or_error(message, i18n, reports, spec, "stats")
    if period is None:
        return
    stats = await compute_stats(reports.db, period, calendar=await reports.calendar())
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
