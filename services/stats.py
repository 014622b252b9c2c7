"""Call-center statistics for a period (no Telegram types).

Definitions (what each number counts):

* **questions** — rows of the question log asked in the period, by outcome ``answered`` (the bot
  answered), ``suggest`` (it offered suggestions), ``escalate`` (it could not answer),
  ``off_topic`` (outside local self-government: weather, small talk — told so plainly); shares
  are of all questions, and ``answered`` is also given as a share of the *in-scope* questions
  (all but off-topic).  **helped rate** = "helped" / (questions with feedback).
* **tickets opened** — created in the period; **closed** — closed in the period (and still
  closed); ``auto_closed`` of them were closed by the bot after waiting for the asker.
* **first response** — working time from a ticket's creation to its first reply relayed to
  the asker, for tickets opened in the period that got one.  **resolution** — working time
  from creation to closing, for tickets closed in the period by a person (``resolved``).
  Working time follows the call-center's calendar (hours, weekends, Kyrgyz holidays,
  ``services/worktime.py``).  Both are also given in wall-clock time (``*_wall``): a ticket
  answered on Sunday evening has 0 working hours but, say, 30 wall-clock hours.  Reported in
  hours: median and 90th percentile (linear interpolation between closest ranks, like
  ``numpy.percentile``'s default).
* **CSAT** — ratings 1–5 given in the period: count, average, distribution.
* **per consultant** — by ticket owner: tickets taken and closed in the period, the first
  response of the tickets they own among those opened in the period, their CSAT.
* **per oblast** — questions by the asker's oblast at the time of asking; tickets by the
  asker's current profile.  **per category** — questions by the category of the top search
  result, tickets by their category.
* **chart points** — per local day (per week for periods longer than 62 days): questions by
  outcome, and the first-response median / p90 of the tickets opened that day.

Period parsing lives in :mod:`services.stats_period` and is re-exported here.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from db.database import Database, from_db_time, to_db_time
from services.charts import DayPoint
from services.stats_period import Period, PeriodError, parse_period
from services.worktime import WorkCalendar

__all__ = [
    "ConsultantRow",
    "Durations",
    "GroupRow",
    "Period",
    "PeriodError",
    "Stats",
    "compute_stats",
    "median",
    "parse_period",
    "percentile",
]

STATUSES = ("answered", "suggest", "escalate", "off_topic")
DAILY_LIMIT = 62  # longer periods are charted per week
UNKNOWN = ""  # key of the "not given" oblast / category group


def percentile(values: Sequence[float], q: float) -> float | None:
    """The ``q``-th percentile (0–100) by linear interpolation between closest ranks."""
    if not values:
        return None
    data = sorted(values)
    position = (len(data) - 1) * q / 100
    low = math.floor(position)
    high = min(low + 1, len(data) - 1)
    return data[low] + (data[high] - data[low]) * (position - low)


def median(values: Sequence[float]) -> float | None:
    return percentile(values, 50)


@dataclass(frozen=True, slots=True)
class Durations:
    """Durations in hours."""

    count: int = 0
    median: float | None = None
    p90: float | None = None

    @classmethod
    def of(cls, hours: Sequence[float]) -> Durations:
        return cls(len(hours), median(hours), percentile(hours, 90))


@dataclass(slots=True)
class ConsultantRow:
    user_id: int
    name: str
    taken: int = 0
    closed: int = 0
    first_response: Durations = field(default_factory=Durations)
    csat_count: int = 0
    csat_avg: float | None = None


@dataclass(slots=True)
class GroupRow:
    key: str  # oblast code / category; UNKNOWN when not given
    questions: int = 0
    answered: int = 0
    suggest: int = 0
    escalate: int = 0
    off_topic: int = 0
    tickets: int = 0


@dataclass(slots=True)
class Stats:
    period: Period
    questions: int = 0
    by_status: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))
    feedback: int = 0
    helped: int = 0
    not_helped: int = 0
    tickets_available: bool = False  # the call-center tables exist
    tickets_opened: int = 0
    tickets_closed: int = 0
    tickets_auto_closed: int = 0
    first_response: Durations = field(default_factory=Durations)  # working hours
    resolution: Durations = field(default_factory=Durations)
    first_response_wall: Durations = field(default_factory=Durations)  # wall-clock hours
    resolution_wall: Durations = field(default_factory=Durations)
    csat_dist: dict[int, int] = field(default_factory=lambda: dict.fromkeys(range(1, 6), 0))
    consultants: list[ConsultantRow] = field(default_factory=list)
    oblasts: list[GroupRow] = field(default_factory=list)
    categories: list[GroupRow] = field(default_factory=list)
    points: list[DayPoint] = field(default_factory=list)
    bucket_days: int = 1

    def share(self, status: str) -> float | None:
        return self.by_status[status] / self.questions if self.questions else None

    @property
    def in_scope(self) -> int:
        """Questions about local self-government (all but off-topic)."""
        return self.questions - self.by_status["off_topic"]

    @property
    def answered_in_scope(self) -> float | None:
        """Share of the in-scope questions the bot answered by itself."""
        return self.by_status["answered"] / self.in_scope if self.in_scope else None

    @property
    def helped_rate(self) -> float | None:
        return self.helped / self.feedback if self.feedback else None

    @property
    def csat_count(self) -> int:
        return sum(self.csat_dist.values())

    @property
    def csat_avg(self) -> float | None:
        count = self.csat_count
        if not count:
            return None
        return sum(score * n for score, n in self.csat_dist.items()) / count

    @property
    def empty(self) -> bool:
        return not (self.questions or self.tickets_opened or self.tickets_closed or self.csat_count)


# -- helpers ----------------------------------------------------------------------------------
def _hours(calendar: WorkCalendar, start: str, end: str) -> float:
    a, b = from_db_time(start), from_db_time(end)
    return calendar.working_between(a, b).total_seconds() / 3600  # type: ignore[arg-type]


def _wall_hours(start: str, end: str) -> float:
    a, b = from_db_time(start), from_db_time(end)
    return max((b - a).total_seconds(), 0.0) / 3600  # type: ignore[operator]


class _Spans:
    """Spans of time (database stamps) measured both in working hours and by the calendar."""

    def __init__(self, calendar: WorkCalendar) -> None:
        self.calendar = calendar
        self.working: list[float] = []
        self.wall: list[float] = []

    def add(self, start: str, end: str) -> float:
        """Count the span from ``start`` to ``end``; its working hours."""
        hours = _hours(self.calendar, start, end)
        self.working.append(hours)
        self.wall.append(_wall_hours(start, end))
        return hours

    def durations(self) -> tuple[Durations, Durations]:
        """(in working hours, by the calendar)."""
        return Durations.of(self.working), Durations.of(self.wall)


def _bucket_start(day: dt.date, bucket_days: int) -> dt.date:
    return day if bucket_days == 1 else day - dt.timedelta(days=day.weekday())


def _buckets(period: Period) -> tuple[list[dt.date], int]:
    days = period.days
    if len(days) <= DAILY_LIMIT:
        return days, 1
    starts: list[dt.date] = []
    for day in days:
        start = _bucket_start(day, 7)
        if not starts or starts[-1] != start:
            starts.append(start)
    return starts, 7


def _sorted_groups(groups: dict[str, GroupRow]) -> list[GroupRow]:
    return sorted(
        groups.values(), key=lambda g: (-(g.questions + g.tickets), g.key == UNKNOWN, g.key)
    )


# -- computation -------------------------------------------------------------------------------
async def compute_stats(
    db: Database, period: Period, *, calendar: WorkCalendar | None = None
) -> Stats:
    calendar = calendar or WorkCalendar(tz=period.tz)  # type: ignore[arg-type]
    stats = Stats(period)
    start, end = to_db_time(period.start), to_db_time(period.end)
    tables = await db.tables()
    buckets, stats.bucket_days = _buckets(period)
    per_bucket: dict[dt.date, Counter[str]] = {b: Counter() for b in buckets}
    response_by_bucket: dict[dt.date, list[float]] = defaultdict(list)
    oblasts: dict[str, GroupRow] = {}
    categories: dict[str, GroupRow] = {}

    async def in_period(sql: str) -> list[Any]:
        """The rows of ``sql``, whose two ``?`` are the period's start and end."""
        return await db.fetchall(sql, (start, end))

    def group(groups: dict[str, GroupRow], key: str | None) -> GroupRow:
        key = key or UNKNOWN
        if key not in groups:
            groups[key] = GroupRow(key)
        return groups[key]

    if "questions" in tables:
        rows = await in_period(
            "SELECT asked_at, status, helped, oblast, category FROM questions"
            " WHERE asked_at >= ? AND asked_at < ?"
        )
        for row in rows:
            status = row["status"]
            if status not in stats.by_status:  # an outcome this report does not know
                continue
            stats.questions += 1
            stats.by_status[status] += 1
            if row["helped"] is not None:
                stats.feedback += 1
                if row["helped"]:
                    stats.helped += 1
                else:
                    stats.not_helped += 1
            day = period.local_day(from_db_time(row["asked_at"]))  # type: ignore[arg-type]
            per_bucket[_bucket_start(day, stats.bucket_days)][status] += 1
            for groups, key in ((oblasts, row["oblast"]), (categories, row["category"])):
                g = group(groups, key)
                g.questions += 1
                setattr(g, status, getattr(g, status) + 1)

    if "tickets" in tables:
        stats.tickets_available = True
        consultants: dict[int, ConsultantRow] = {}
        consultant_response: dict[int, list[float]] = defaultdict(list)
        consultant_ratings: dict[int, list[int]] = defaultdict(list)

        def consultant(user_id: int) -> ConsultantRow:
            if user_id not in consultants:
                consultants[user_id] = ConsultantRow(user_id, "")
            return consultants[user_id]

        opened = await in_period(
            "SELECT t.created_at, t.first_response_at, t.category, t.owner_id, u.oblast"
            " FROM tickets t LEFT JOIN users u ON u.id = t.asker_id"
            " WHERE t.created_at >= ? AND t.created_at < ?"
        )
        first_response = _Spans(calendar)
        for row in opened:
            stats.tickets_opened += 1
            group(oblasts, row["oblast"]).tickets += 1
            group(categories, row["category"]).tickets += 1
            if row["first_response_at"]:
                hours = first_response.add(row["created_at"], row["first_response_at"])
                day = period.local_day(from_db_time(row["created_at"]))  # type: ignore[arg-type]
                response_by_bucket[_bucket_start(day, stats.bucket_days)].append(hours)
                if row["owner_id"] is not None:
                    consultant_response[row["owner_id"]].append(hours)
        stats.first_response, stats.first_response_wall = first_response.durations()

        closed = await in_period(
            "SELECT created_at, closed_at, close_reason, owner_id FROM tickets"
            " WHERE status = 'closed' AND closed_at >= ? AND closed_at < ?"
        )
        resolution = _Spans(calendar)
        for row in closed:
            stats.tickets_closed += 1
            if row["close_reason"] == "no_reply":
                stats.tickets_auto_closed += 1
                continue
            resolution.add(row["created_at"], row["closed_at"])
            if row["owner_id"] is not None:
                consultant(row["owner_id"]).closed += 1
        stats.resolution, stats.resolution_wall = resolution.durations()

        for row in await in_period(
            "SELECT owner_id, count(*) AS n FROM tickets"
            " WHERE owner_id IS NOT NULL AND taken_at >= ? AND taken_at < ? GROUP BY owner_id"
        ):
            consultant(row["owner_id"]).taken += row["n"]

        for row in await in_period(
            "SELECT rating, owner_id FROM tickets"
            " WHERE rating IS NOT NULL AND rated_at >= ? AND rated_at < ?"
        ):
            stats.csat_dist[int(row["rating"])] += 1
            if row["owner_id"] is not None:
                consultant_ratings[row["owner_id"]].append(int(row["rating"]))

        for user_id, hours in consultant_response.items():
            consultant(user_id).first_response = Durations.of(hours)
        for user_id, ratings in consultant_ratings.items():
            row_ = consultant(user_id)
            row_.csat_count = len(ratings)
            row_.csat_avg = sum(ratings) / len(ratings)
        if consultants:
            marks = ",".join("?" * len(consultants))
            for row in await db.fetchall(
                f"SELECT id, full_name, first_name, last_name FROM users WHERE id IN ({marks})",
                tuple(consultants),
            ):
                name = row["full_name"] or " ".join(
                    p for p in (row["first_name"], row["last_name"]) if p
                )
                consultants[row["id"]].name = name
        stats.consultants = sorted(
            consultants.values(), key=lambda c: (-c.closed, -c.taken, c.name, c.user_id)
        )

    stats.oblasts = _sorted_groups(oblasts)
    stats.categories = _sorted_groups(categories)
    for bucket in buckets:
        counts = per_bucket[bucket]
        hours = response_by_bucket.get(bucket, [])
        stats.points.append(
            DayPoint(
                bucket,
                answered=counts["answered"],
                suggest=counts["suggest"],
                escalate=counts["escalate"],
                off_topic=counts["off_topic"],
                first_response_median=median(hours),
                first_response_p90=percentile(hours, 90),
            )
        )
    return stats


def fmt_hours(value: float | None) -> str:
    """``1.5`` → ``"1:30"`` (hours:minutes); ``None`` → ``"—"``."""
    if value is None:
        return "—"
    minutes = round(value * 60)
    return f"{minutes // 60}:{minutes % 60:02d}"


def fmt_share(part: float | None) -> str:
    return "—" if part is None else f"{part * 100:.0f}%"


def top(rows: Iterable[Any], limit: int) -> list[Any]:
    return list(rows)[:limit]
