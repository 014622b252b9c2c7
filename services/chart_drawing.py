"""The matplotlib side of :mod:`services.charts` (Agg backend, object API: no pyplot global
state).  Imported only when a chart is drawn: matplotlib costs ~0.3 s and ~30 MB to import,
which the bot's start and every process that never draws a chart are spared."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg", force=False)

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.dates import AutoDateLocator, date2num, num2date
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from services.charts import COLORS, DPI, ChartLabels, DayPoint


def _png(fig: Figure) -> bytes:
    FigureCanvasAgg(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def render_no_data(labels: ChartLabels | None = None) -> bytes:
    labels = labels or ChartLabels()
    fig = Figure(figsize=(6.4, 3.2))
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.text(0.5, 0.58, "∅", ha="center", va="center", fontsize=40, color="#9e9e9e")
    ax.text(0.5, 0.3, labels.no_data, ha="center", va="center", fontsize=14, color="#424242")
    if labels.period:
        ax.text(0.5, 0.14, labels.period, ha="center", va="center", fontsize=10, color="#757575")
    return _png(fig)


def render_overview(
    points: Sequence[DayPoint], labels: ChartLabels | None = None, *, bucket_days: int = 1
) -> bytes:
    """``points`` are consecutive buckets of ``bucket_days`` days (1: days, 7: weeks)."""
    labels = labels or ChartLabels()
    has_questions = any(p.total for p in points)
    trend = [p for p in points if p.first_response_median is not None]
    if not points or (not has_questions and not trend):
        return render_no_data(labels)
    fig = Figure(figsize=(9.0, 6.4), layout="constrained")
    top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=(3, 2))
    x = date2num([p.day for p in points])
    width = bucket_days * (0.8 if len(points) < 200 else 1.0)
    base = [0] * len(points)
    for key, label in (
        ("answered", labels.answered),
        ("suggest", labels.suggest),
        ("escalate", labels.escalate),
        ("off_topic", labels.off_topic),
    ):
        values = [getattr(p, key) for p in points]
        if key == "off_topic" and not any(values):
            continue  # no legend entry for a series that is not there
        top.bar(x, values, width, bottom=base, label=label, color=COLORS[key])
        base = [b + v for b, v in zip(base, values, strict=True)]
    top.set_title(f"{labels.title}  {labels.period}".strip())
    top.set_ylabel(labels.questions_axis)
    top.yaxis.get_major_locator().set_params(integer=True)
    top.set_ylim(0, max(base, default=0) * 1.25 + 1)  # headroom: the legend never hides a bar
    top.legend(loc="upper left", fontsize=9, ncol=4)
    top.grid(axis="y", alpha=0.3)
    bottom.set_title(labels.response_title, fontsize=11)
    bottom.set_ylabel(labels.hours_axis)
    if trend:
        tx = date2num([p.day for p in trend])
        bottom.plot(tx, [p.first_response_median for p in trend], marker="o", label=labels.median)
        p90 = [(d, p.first_response_p90) for d, p in zip(tx, trend, strict=True)]
        bottom.plot(
            [d for d, v in p90 if v is not None],
            [v for _, v in p90 if v is not None],
            marker=".",
            linestyle="--",
            label=labels.p90,
        )
        bottom.set_ylim(bottom=0)
        bottom.legend(loc="upper left", fontsize=9)
    else:
        bottom.text(
            0.5,
            0.5,
            labels.no_tickets,
            ha="center",
            va="center",
            transform=bottom.transAxes,
            color="#757575",
        )
        bottom.set_yticks([])
    bottom.grid(alpha=0.3)
    locator = AutoDateLocator(minticks=3, maxticks=10)
    bottom.xaxis.set_major_locator(locator)
    bottom.xaxis.set_major_formatter(numeric_date_formatter(points[0].day, points[-1].day))
    half = 0.6 * bucket_days
    bottom.set_xlim(x[0] - half, x[-1] + half)
    return _png(fig)


def numeric_date_formatter(first: dt.date, last: dt.date) -> FuncFormatter:
    """Axis dates as ``dd.mm`` (``dd.mm.yyyy`` when the chart spans two years): the same in
    Kyrgyz and Russian, no month names to translate."""
    pattern = "%d.%m" if first.year == last.year else "%d.%m.%Y"
    return FuncFormatter(lambda value, _pos: num2date(value).strftime(pattern))
