"""Working-time arithmetic in Asia/Bishkek: hours, weekends, Kyrgyz holidays, lunch breaks."""

from __future__ import annotations

import datetime as dt
import random
import time
from zoneinfo import ZoneInfo

import pytest

from bot.config import load_settings
from services.worktime import (
    CalendarOverrides,
    MovableClock,
    WorkCalendar,
    format_duration,
    parse_days,
    parse_hours,
)

BISHKEK = ZoneInfo("Asia/Bishkek")
UTC = dt.UTC


def bishkek(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=BISHKEK)


@pytest.fixture
def cal() -> WorkCalendar:
    return WorkCalendar.build()


@pytest.fixture(autouse=True)
def foreign_machine_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    """The machine runs in UTC; a process TZ far from Bishkek must not change anything."""
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_working_hours_and_weekends(cal: WorkCalendar) -> None:
    wed = (2026, 11, 25)
    assert cal.is_working(bishkek(*wed, 9, 0))
    assert cal.is_working(bishkek(*wed, 17, 59))
    assert not cal.is_working(bishkek(*wed, 8, 59))
    assert not cal.is_working(bishkek(*wed, 18, 0))
    assert not cal.is_working(bishkek(2026, 11, 28, 11))  # Saturday
    assert not cal.is_working(bishkek(2026, 11, 29, 11))  # Sunday
    # 03:30 UTC is 09:30 in Bishkek: working, though it is night in UTC terms
    assert cal.is_working(dt.datetime(2026, 11, 25, 3, 30, tzinfo=UTC))
    assert not cal.is_working(dt.datetime(2026, 11, 25, 12, 30, tzinfo=UTC))  # 18:30 Bishkek


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (dt.date(2026, 1, 5), False),  # New Year holidays 1–6 January
        (dt.date(2026, 1, 7), False),  # Christmas
        (dt.date(2026, 1, 8), True),
        (dt.date(2026, 2, 23), True),  # Defender's Day is a working day since 2025
        (dt.date(2026, 3, 9), True),  # 8 March fell on Sunday: no day moved
        (dt.date(2026, 3, 20), False),  # Orozo Ait (expected date)
        (dt.date(2026, 4, 7), True),
        (dt.date(2026, 5, 4), False),  # May holidays 1–9 May
        (dt.date(2026, 5, 11), True),
        (dt.date(2026, 8, 31), False),  # Independence Day
        (dt.date(2026, 11, 9), True),
    ],
)
def test_kyrgyz_holidays(cal: WorkCalendar, day: dt.date, working: bool) -> None:
    assert cal.is_workday(day) is working


def test_add_working_over_weekend_and_holidays(cal: WorkCalendar) -> None:
    # Friday 17:45 + 30 working minutes → Monday 09:15
    due = cal.add_working(bishkek(2026, 11, 27, 17, 45), dt.timedelta(minutes=30))
    assert due == bishkek(2026, 11, 30, 9, 15)
    assert due.tzinfo == UTC and due.hour == 3  # stored and compared in UTC
    # Thursday 30 April 17:00 + 4 h: 1 h that day, then 1–10 May are off (holidays + weekend)
    due = cal.add_working(bishkek(2026, 4, 30, 17), dt.timedelta(hours=4))
    assert due == bishkek(2026, 5, 11, 12)
    # Created on Sunday night: the clock starts Monday 09:00
    due = cal.add_working(bishkek(2026, 11, 22, 23, 50), dt.timedelta(minutes=30))
    assert due == bishkek(2026, 11, 23, 9, 30)
    # Exactly at the end of a day: the next working morning
    due = cal.add_working(bishkek(2026, 11, 25, 17, 30), dt.timedelta(minutes=30))
    assert due == bishkek(2026, 11, 25, 18, 0)
    assert cal.add_working(bishkek(2026, 11, 25, 17, 31), dt.timedelta(minutes=30)) == bishkek(
        2026, 11, 26, 9, 1
    )


def test_next_working_start_from_utc_evening(cal: WorkCalendar) -> None:
    # Tuesday 20:00 UTC = Wednesday 02:00 in Bishkek → Wednesday 09:00 Bishkek = 03:00 UTC
    start = cal.next_working_start(dt.datetime(2026, 11, 24, 20, 0, tzinfo=UTC))
    assert start == dt.datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
    inside = bishkek(2026, 11, 25, 10, 0)
    assert cal.next_working_start(inside) == inside
    # Friday evening before the May holidays → Monday 11 May
    assert cal.next_working_start(bishkek(2026, 4, 30, 18, 5)) == bishkek(2026, 5, 11, 9)


def test_lunch_break_and_custom_days() -> None:
    cal = WorkCalendar.build(hours="09:00-12:30, 13:30-18:00", days="1-6")
    assert not cal.is_working(bishkek(2026, 11, 25, 13, 0))
    assert cal.add_working(bishkek(2026, 11, 25, 12, 20), dt.timedelta(minutes=30)) == bishkek(
        2026, 11, 25, 13, 50
    )
    assert cal.is_working(bishkek(2026, 11, 28, 10))  # Saturday is a working day here
    assert cal.working_between(bishkek(2026, 11, 25, 0), bishkek(2026, 11, 26, 0)) == (
        dt.timedelta(hours=8)
    )


def test_overrides_holiday_and_worked_saturday() -> None:
    settings = load_settings(holidays="2026-11-25", extra_workdays="2026-11-28")
    cal = WorkCalendar.from_settings(settings)
    assert not cal.is_workday(dt.date(2026, 11, 25))
    assert cal.is_workday(dt.date(2026, 11, 28))
    cal2 = WorkCalendar.from_settings(
        settings, CalendarOverrides(hours="10:00-16:00", holidays=(dt.date(2026, 11, 26),))
    )
    assert not cal2.is_working(bishkek(2026, 11, 27, 9, 30))
    assert cal2.is_working(bishkek(2026, 11, 27, 10, 0))
    assert not cal2.is_workday(dt.date(2026, 11, 26))
    no_builtin = WorkCalendar.build(use_builtin=False)
    assert no_builtin.is_workday(dt.date(2026, 5, 4))


def test_working_between_inverts_add_working(cal: WorkCalendar) -> None:
    rng = random.Random(4)
    base = bishkek(2026, 1, 1)
    for _ in range(300):
        start = base + dt.timedelta(minutes=rng.randrange(0, 365 * 24 * 60))
        duration = dt.timedelta(minutes=rng.randrange(1, 3 * 9 * 60))
        due = cal.add_working(start, duration)
        assert cal.working_between(start, due) == duration
        assert cal.is_working(due - dt.timedelta(seconds=1))


def test_parsing_errors() -> None:
    assert parse_hours("9:00-18:00") == ((dt.time(9), dt.time(18)),)
    assert parse_days("1-5,7") == frozenset({1, 2, 3, 4, 5, 7})
    for bad in ("18:00-09:00", "nine-five", "09:00-13:00,12:00-18:00", ""):
        with pytest.raises(ValueError):
            parse_hours(bad)
    with pytest.raises(ValueError):
        parse_days("0-8")


def test_clock_and_durations() -> None:
    clock = MovableClock(bishkek(2026, 11, 25, 10))
    assert clock() == dt.datetime(2026, 11, 25, 4, tzinfo=UTC)
    clock.advance(minutes=90)
    assert clock().hour == 5 and clock().minute == 30
    assert format_duration(dt.timedelta(minutes=75), "ru") == "1 ч 15 мин"
    assert format_duration(dt.timedelta(days=2, hours=3), "ky") == "2 күн 3 саат"
