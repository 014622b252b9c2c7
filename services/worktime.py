"""Working hours and public holidays of the call-center (Asia/Bishkek), and time arithmetic.

Everything is computed in the configured time zone (``TIMEZONE``, Asia/Bishkek = UTC+6, no DST)
and returned as aware UTC datetimes, so the machine's own zone never matters.

Kyrgyz non-working public holidays (Labour Code of 2025): 1–6 January (New Year holidays),
7 January (Christmas), 8 March, 21 March (Nooruz), 1–9 May (May holidays: Labour Day,
Constitution Day, Victory Day), 31 August (Independence Day), plus Orozo Ait and Kurman Ait,
whose dates follow the lunar calendar and are announced each year.  The 2025 code no longer moves
a holiday that falls on a weekend, and 23 February, 7 April and 7–8 November are working days.
The lunar dates below are the expected ones; admins correct them with ``/admin holiday`` or the
``HOLIDAYS`` / ``EXTRA_WORKDAYS`` settings (transferred working Saturdays go there too).

The clock is injectable everywhere: services take a ``now`` callable returning an aware UTC
datetime (the app's :class:`AppClock`, injected as ``clock``).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from db.database import utcnow

Clock = Callable[[], dt.datetime]

# (month, day) of the fixed-date non-working holidays.
FIXED_HOLIDAYS: tuple[tuple[int, int], ...] = (
    *((1, d) for d in range(1, 8)),  # New Year holidays 1–6 January, Christmas 7 January
    (3, 8),  # International Women's Day
    (3, 21),  # Nooruz
    *((5, d) for d in range(1, 10)),  # May holidays 1–9 May
    (8, 31),  # Independence Day
)
# Orozo Ait (Eid al-Fitr) and Kurman Ait (Eid al-Adha): expected dates, confirmed yearly.
LUNAR_HOLIDAYS: tuple[dt.date, ...] = (
    dt.date(2025, 3, 30),
    dt.date(2025, 6, 6),
    dt.date(2026, 3, 20),
    dt.date(2026, 5, 27),
    dt.date(2027, 3, 10),
    dt.date(2027, 5, 16),
    dt.date(2028, 2, 27),
    dt.date(2028, 5, 5),
)

_INTERVAL = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")
_MAX_SCAN_DAYS = 400  # a calendar with no working day in a year is a configuration error


def parse_hours(spec: str) -> tuple[tuple[dt.time, dt.time], ...]:
    """``"09:00-12:30, 13:30-18:00"`` → sorted, non-overlapping (start, end) pairs."""
    intervals: list[tuple[dt.time, dt.time]] = []
    for part in spec.split(","):
        if not part.strip():
            continue
        match = _INTERVAL.match(part)
        if not match:
            raise ValueError(f"working hours {part.strip()!r}: expected HH:MM-HH:MM")
        h1, m1, h2, m2 = (int(x) for x in match.groups())
        if h2 == 24 and m2 == 0:
            h2, m2 = 23, 59
        start, end = dt.time(h1, m1), dt.time(h2, m2)
        if end <= start:
            raise ValueError(f"working hours {part.strip()!r}: the end must be after the start")
        intervals.append((start, end))
    if not intervals:
        raise ValueError("working hours are empty")
    intervals.sort()
    for (_, end), (start, _) in itertools.pairwise(intervals):
        if start < end:
            raise ValueError("working hours overlap")
    return tuple(intervals)


def parse_days(spec: str) -> frozenset[int]:
    """``"1-5"`` or ``"1,2,3,4,5,6"`` → ISO weekdays (1 = Monday … 7 = Sunday)."""
    days: set[int] = set()
    for part in spec.replace(" ", "").split(","):
        if not part:
            continue
        lo, _, hi = part.partition("-")
        a, b = int(lo), int(hi or lo)
        if not (1 <= a <= 7 and 1 <= b <= 7 and a <= b):
            raise ValueError(f"working days {part!r}: use ISO weekdays 1 (Mon) … 7 (Sun)")
        days.update(range(a, b + 1))
    if not days:
        raise ValueError("working days are empty")
    return frozenset(days)


def builtin_holidays(years: Iterable[int]) -> set[dt.date]:
    out: set[dt.date] = set()
    for year in years:
        out.update(dt.date(year, m, d) for m, d in FIXED_HOLIDAYS)
    out.update(LUNAR_HOLIDAYS)
    return out


@dataclass(frozen=True)
class WorkCalendar:
    """Working intervals of each working day, in ``tz``; holidays and transferred workdays."""

    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Bishkek"))
    hours: tuple[tuple[dt.time, dt.time], ...] = ((dt.time(9), dt.time(18)),)
    workdays: frozenset[int] = frozenset({1, 2, 3, 4, 5})
    holidays: frozenset[dt.date] = frozenset()
    extra_workdays: frozenset[dt.date] = frozenset()
    use_builtin: bool = True

    @classmethod
    def build(
        cls,
        *,
        timezone: str = "Asia/Bishkek",
        hours: str = "09:00-18:00",
        days: str = "1-5",
        holidays: Iterable[dt.date] = (),
        extra_workdays: Iterable[dt.date] = (),
        use_builtin: bool = True,
    ) -> WorkCalendar:
        return cls(
            tz=ZoneInfo(timezone),
            hours=parse_hours(hours),
            workdays=parse_days(days),
            holidays=frozenset(holidays),
            extra_workdays=frozenset(extra_workdays),
            use_builtin=use_builtin,
        )

    @classmethod
    def from_settings(
        cls, settings: Any, overrides: CalendarOverrides | None = None
    ) -> WorkCalendar:
        overrides = overrides or CalendarOverrides()
        return cls.build(
            timezone=settings.timezone,
            hours=overrides.hours or settings.work_hours,
            days=overrides.days or settings.work_days,
            holidays=[*settings.holidays, *overrides.holidays],
            extra_workdays=[*settings.extra_workdays, *overrides.workdays],
            use_builtin=settings.builtin_holidays,
        )

    # -- days ------------------------------------------------------------------------------
    def is_holiday(self, day: dt.date) -> bool:
        if day in self.holidays:
            return True
        if self.use_builtin:
            return (day.month, day.day) in FIXED_HOLIDAYS or day in LUNAR_HOLIDAYS
        return False

    def is_workday(self, day: dt.date) -> bool:
        if day in self.extra_workdays:
            return True
        return day.isoweekday() in self.workdays and not self.is_holiday(day)

    def _intervals(self, day: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
        """The working intervals of ``day`` as aware datetimes in ``tz``."""
        if not self.is_workday(day):
            return []
        return [
            (
                dt.datetime.combine(day, start, self.tz),
                dt.datetime.combine(day, end, self.tz),
            )
            for start, end in self.hours
        ]

    # -- instants --------------------------------------------------------------------------
    def local(self, when: dt.datetime) -> dt.datetime:
        return _aware(when).astimezone(self.tz)

    def is_working(self, when: dt.datetime) -> bool:
        local = self.local(when)
        return any(a <= local < b for a, b in self._intervals(local.date()))

    def next_working_start(self, when: dt.datetime) -> dt.datetime:
        """``when`` itself when it is working time, else the start of the next working period
        (aware UTC)."""
        local = self.local(when)
        day = local.date()
        for _ in range(_MAX_SCAN_DAYS):
            for a, b in self._intervals(day):
                if local < b:
                    return max(a, local).astimezone(dt.UTC)
            day += dt.timedelta(days=1)
        raise ValueError("the working calendar has no working time within a year")

    def add_working(self, start: dt.datetime, duration: dt.timedelta) -> dt.datetime:
        """The instant when ``duration`` of working time has passed since ``start`` (UTC)."""
        if duration <= dt.timedelta(0):
            return _aware(start).astimezone(dt.UTC)
        left = duration
        local = self.local(start)
        day = local.date()
        for _ in range(_MAX_SCAN_DAYS):
            for a, b in self._intervals(day):
                if local >= b:
                    continue
                begin = max(a, local)
                available = b - begin
                if left <= available:
                    return (begin + left).astimezone(dt.UTC)
                left -= available
                local = b
            day += dt.timedelta(days=1)
        raise ValueError("the working calendar has no working time within a year")

    def working_between(self, start: dt.datetime, end: dt.datetime) -> dt.timedelta:
        """Working time inside [start, end)."""
        a_local, b_local = self.local(start), self.local(end)
        if b_local <= a_local:
            return dt.timedelta(0)
        total = dt.timedelta(0)
        day = a_local.date()
        while day <= b_local.date():
            for a, b in self._intervals(day):
                lo, hi = max(a, a_local), min(b, b_local)
                if hi > lo:
                    total += hi - lo
            day += dt.timedelta(days=1)
        return total


@dataclass(frozen=True)
class CalendarOverrides:
    """What admins changed in the bot (``/admin hours``, ``/admin holiday``), kept in the DB."""

    hours: str | None = None
    days: str | None = None
    holidays: tuple[dt.date, ...] = ()
    workdays: tuple[dt.date, ...] = ()


def _aware(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None:
        raise ValueError("naive datetime: use an aware (UTC) datetime")
    return value


class AppClock:
    """The app's one clock, built at start-up and injected as ``clock``: real UTC now, unless a
    test or the sandbox put another clock in with :meth:`use` (applies at once, everywhere)."""

    def __init__(self, inner: Clock | None = None) -> None:
        self.inner: Clock | None = inner

    def __call__(self) -> dt.datetime:
        return self.inner() if self.inner is not None else utcnow()

    def use(self, inner: Clock | None) -> None:
        self.inner = inner


class MovableClock:
    """A clock for tests and the sandbox: starts at ``start`` and moves only when told — or,
    with ``running=True``, also flows with real time (so retry delays elapse)."""

    def __init__(self, start: dt.datetime, *, running: bool = False) -> None:
        self.value = _aware(start).astimezone(dt.UTC)
        self.running = running
        self._t0 = time.monotonic()

    def _elapsed(self) -> dt.timedelta:
        return dt.timedelta(seconds=time.monotonic() - self._t0) if self.running else dt.timedelta()

    def __call__(self) -> dt.datetime:
        return self.value + self._elapsed()

    def advance(self, delta: dt.timedelta | None = None, **kwargs: float) -> dt.datetime:
        self.value += delta if delta is not None else dt.timedelta(**kwargs)
        return self()

    def set(self, value: dt.datetime) -> None:
        self.value = _aware(value).astimezone(dt.UTC)
        self._t0 = time.monotonic()


def format_local(when: dt.datetime, tz: ZoneInfo, *, with_date: bool = True) -> str:
    local = _aware(when).astimezone(tz)
    return local.strftime("%d.%m.%Y %H:%M" if with_date else "%H:%M")


def format_duration(delta: dt.timedelta, lang: str) -> str:
    """Short duration: "2 сут 3 ч" / "2 күн 3 саат", "45 мин"."""
    minutes = max(0, int(delta.total_seconds() // 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    unit = {"ky": ("күн", "саат", "мүн"), "ru": ("д", "ч", "мин")}.get(lang, ("d", "h", "min"))
    if days:
        return f"{days} {unit[0]} {hours} {unit[1]}"
    if hours:
        return f"{hours} {unit[1]} {mins} {unit[2]}"
    return f"{mins} {unit[2]}"
