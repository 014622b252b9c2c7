"""PNG charts for supervisors (matplotlib, Agg backend, object API: no pyplot global state).

* :func:`render_overview` — questions per day stacked by outcome (answered / suggested /
  escalated / off-topic) and, below, the response-time trend (median and 90th percentile of
  the first response, working hours, by the day the ticket was opened).  An empty period gives
  a picture that says "no data" instead of failing.
* :func:`render_no_data` — that picture on its own.

Rendering is CPU work: call the ``*_async`` wrappers from handlers, they run in a thread.
matplotlib is imported on the first chart drawn (:mod:`services.chart_drawing`), not with
this module.
Texts come in as a :class:`ChartLabels` (already translated), so this module knows no i18n;
dates on the axis are numeric (``06.12``, ``06.12.2026`` across years), never English month
abbreviations.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import import_module
from types import ModuleType
from typing import Any

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
COLORS = {
    "answered": "#2e7d32",
    "suggest": "#f9a825",
    "escalate": "#c62828",
    "off_topic": "#9e9e9e",
}
DPI = 110


@dataclass(frozen=True, slots=True)
class DayPoint:
    day: dt.date
    answered: int = 0
    suggest: int = 0
    escalate: int = 0
    off_topic: int = 0
    first_response_median: float | None = None  # working hours
    first_response_p90: float | None = None

    @property
    def total(self) -> int:
        return self.answered + self.suggest + self.escalate + self.off_topic


@dataclass(frozen=True, slots=True)
class ChartLabels:
    title: str = "Questions per day"
    answered: str = "answered"
    suggest: str = "suggested"
    escalate: str = "escalated"
    off_topic: str = "off-topic"
    questions_axis: str = "questions"
    response_title: str = "First response, working hours"
    median: str = "median"
    p90: str = "90th percentile"
    hours_axis: str = "hours"
    no_data: str = "No data for this period"
    no_tickets: str = "No tickets with a response in this period"
    period: str = ""


def _drawing() -> ModuleType:
    """The matplotlib code, imported on first use (the one deliberate late import here)."""
    return import_module("services.chart_drawing")


def render_no_data(labels: ChartLabels | None = None) -> bytes:
    """A picture that says "no data" (and the period)."""
    return _drawing().render_no_data(labels)  # type: ignore[no-any-return]


def render_overview(
    points: Sequence[DayPoint], labels: ChartLabels | None = None, *, bucket_days: int = 1
) -> bytes:
    """``points`` are consecutive buckets of ``bucket_days`` days (1: days, 7: weeks)."""
    return _drawing().render_overview(points, labels, bucket_days=bucket_days)  # type: ignore[no-any-return]


def numeric_date_formatter(first: dt.date, last: dt.date) -> Any:
    """Axis dates as ``dd.mm`` (``dd.mm.yyyy`` across years): no month names to translate."""
    return _drawing().numeric_date_formatter(first, last)


async def render_overview_async(
    points: Sequence[DayPoint], labels: ChartLabels | None = None, *, bucket_days: int = 1
) -> bytes:
    return await asyncio.to_thread(
        lambda: render_overview(list(points), labels, bucket_days=bucket_days)
    )


async def render_no_data_async(labels: ChartLabels | None = None) -> bytes:
    return await asyncio.to_thread(render_no_data, labels)
