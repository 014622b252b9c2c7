"""Report periods: "today", "week", "month", custom "2026-11-01..2026-11-15", in local time.

A :class:`Period` is a half-open interval ``[start, end)`` of aware UTC datetimes covering whole
local days (Asia/Bishkek by default) from ``first_day`` to ``last_day`` inclusive.

Accepted specs (case-insensitive, Kyrgyz and Russian words too):

* ``today`` / ``бүгүн`` / ``сегодня``; ``yesterday`` / ``кечээ`` / ``вчера``
* ``week`` / ``апта`` / ``неделя`` — this calendar week, Monday to today
* ``month`` / ``ай`` / ``месяц`` — this calendar month, the 1st to today
* ``last_week`` / ``өткөн апта`` / ``прошлая неделя``, ``last_month`` / ``өткөн ай`` /
  ``прошлый месяц`` — the previous calendar week / month
* ``7d``, ``30d``, ``30 күн``, ``30 дней``, ``30д`` … — the last N days including today
* ``all`` / ``баары`` / ``все`` — everything up to today (exports only)
* ``2026-11-01..2026-11-15`` (also ``01.11.2026..15.11.2026`` and ``–``/``—``/`` - ``
  between), ``2026-11-01`` (one day), ``2026-11`` (a whole month), ``2026`` (a whole year)
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

DEFAULT_TZ = ZoneInfo("Asia/Bishkek")
MAX_DAYS = 3660
ALL_FROM = dt.date(2000, 1, 1)  # "all" (exports only) starts here

_ALIASES = {
    "today": "today",
    "бүгүн": "today",
    "бугун": "today",
    "сегодня": "today",
    "yesterday": "yesterday",
    "кечээ": "yesterday",
    "вчера": "yesterday",
    "week": "week",
    "апта": "week",
    "неделя": "week",
    "month": "month",
    "ай": "month",
    "месяц": "month",
    "last_week": "last_week",
    "last-week": "last_week",
    "өткөн апта": "last_week",
    "откон апта": "last_week",
    "прошлая неделя": "last_week",
    "last_month": "last_month",
    "last-month": "last_month",
    "өткөн ай": "last_month",
    "откон ай": "last_month",
    "прошлый месяц": "last_month",
    "бул апта": "week",
    "ушул апта": "week",
    "эта неделя": "week",
    "бул ай": "month",
    "ушул ай": "month",
    "этот месяц": "month",
    "all": "all",
    "баары": "all",
    "бардыгы": "all",
    "все": "all",
    "всё": "all",
}
_DATE = r"([0-9]{4}-[0-9]{1,2}-[0-9]{1,2}|[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{4})"
_RANGE = re.compile(rf"^{_DATE}\s*(?:\.\.|–|—|\s-\s|-{{2}}|/)\s*{_DATE}$")
_DAYS = re.compile(r"^([0-9]{1,4})\s*(?:d|days?|д|дн|дня|дней|день|күн|кун)\.?$")
_MONTH = re.compile(r"^([0-9]{4})-([0-9]{1,2})$")
_YEAR = re.compile(r"^([0-9]{4})$")


class PeriodError(ValueError):
    """A period that cannot be used; ``code`` names the reason for the user's message."""

    def __init__(self, code: str, spec: str) -> None:
        super().__init__(f"{code}: {spec!r}")
        self.code = code  # "unknown" | "reversed" | "too_long"
        self.spec = spec


@dataclass(frozen=True, slots=True)
class Period:
    first_day: dt.date
    last_day: dt.date  # inclusive
    tz: dt.tzinfo
    key: str  # canonical spec; fits in callback data

    @property
    def start(self) -> dt.datetime:
        return local_midnight(self.first_day, self.tz)

    @property
    def end(self) -> dt.datetime:
        return local_midnight(self.last_day + dt.timedelta(days=1), self.tz)

    @property
    def days(self) -> list[dt.date]:
        count = (self.last_day - self.first_day).days + 1
        return [self.first_day + dt.timedelta(days=i) for i in range(count)]

    @property
    def label(self) -> str:
        if self.first_day == self.last_day:
            return self.first_day.strftime("%d.%m.%Y")
        return f"{self.first_day:%d.%m.%Y} – {self.last_day:%d.%m.%Y}"

    def local_day(self, moment: dt.datetime) -> dt.date:
        return moment.astimezone(self.tz).date()


def local_midnight(day: dt.date, tz: dt.tzinfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=tz).astimezone(dt.UTC)


def _date(text: str, spec: str) -> dt.date:
    try:
        if "." in text:
            d, m, y = (int(p) for p in text.split("."))
            return dt.date(y, m, d)
        y, m, d = (int(p) for p in text.split("-"))
        return dt.date(y, m, d)
    except ValueError:
        raise PeriodError("unknown", spec) from None


def _month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def _make(first: dt.date, last: dt.date, tz: dt.tzinfo, key: str, spec: str) -> Period:
    if last < first:
        raise PeriodError("reversed", spec)
    if (last - first).days + 1 > MAX_DAYS:
        raise PeriodError("too_long", spec)
    return Period(first, last, tz, key)


def parse_period(
    spec: str | None,
    *,
    now: dt.datetime | None = None,
    tz: dt.tzinfo = DEFAULT_TZ,
    allow_all: bool = False,
) -> Period:
    """Parse a period spec (see the module docs); ``None``/empty means ``today``.

    ``all`` (everything up to today) is accepted only with ``allow_all`` (exports)."""
    raw = (spec or "today").strip()
    text = " ".join(raw.casefold().replace("_", " ").split())
    text = {"last week": "last_week", "last month": "last_month"}.get(text, text)
    today = (now or dt.datetime.now(dt.UTC)).astimezone(tz).date()
    alias = _ALIASES.get(text)
    if alias == "all":
        if not allow_all:
            raise PeriodError("unknown", raw)
        return Period(ALL_FROM, today, tz, "all")
    if alias == "today":
        return _make(today, today, tz, "today", raw)
    if alias == "yesterday":
        day = today - dt.timedelta(days=1)
        return _make(day, day, tz, "yesterday", raw)
    if alias == "week":
        return _make(today - dt.timedelta(days=today.weekday()), today, tz, "week", raw)
    if alias == "month":
        return _make(today.replace(day=1), today, tz, "month", raw)
    if alias == "last_week":
        monday = today - dt.timedelta(days=today.weekday() + 7)
        return _make(monday, monday + dt.timedelta(days=6), tz, "last_week", raw)
    if alias == "last_month":
        last = today.replace(day=1) - dt.timedelta(days=1)
        return _make(last.replace(day=1), last, tz, "last_month", raw)
    if match := _DAYS.match(text):
        count = int(match[1])
        if count < 1:
            raise PeriodError("unknown", raw)
        if count > MAX_DAYS:
            raise PeriodError("too_long", raw)
        return _make(today - dt.timedelta(days=count - 1), today, tz, f"{count}d", raw)
    if match := _RANGE.match(text):
        first, last = _date(match[1], raw), _date(match[2], raw)
        return _make(first, last, tz, f"{first.isoformat()}..{last.isoformat()}", raw)
    if re.fullmatch(_DATE, text):
        day = _date(text, raw)
        return _make(day, day, tz, f"{day.isoformat()}..{day.isoformat()}", raw)
    if match := _MONTH.match(text):
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12:
            raise PeriodError("unknown", raw)
        first, last = dt.date(year, month, 1), _month_end(year, month)
        return _make(first, last, tz, f"{first.isoformat()}..{last.isoformat()}", raw)
    if match := _YEAR.match(text):
        year = int(match[1])
        if year < 1:
            raise PeriodError("unknown", raw)
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        return _make(first, last, tz, f"{first.isoformat()}..{last.isoformat()}", raw)
    raise PeriodError("unknown", raw)
