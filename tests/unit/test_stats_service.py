"""Statistics on a seeded database with known answers: counts, shares, medians, p90, CSAT,
per consultant / oblast / category, chart points; period parsing in Asia/Bishkek."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from db.database import Database, to_db_time
from services.question_log import (
    get_question,
    link_ticket,
    log_question,
    purge_older_than,
    record_choice,
    record_feedback,
)
from services.stats import (
    Period,
    PeriodError,
    compute_stats,
    fmt_hours,
    median,
    parse_period,
    percentile,
)
from services.worktime import WorkCalendar

BISHKEK = ZoneInfo("Asia/Bishkek")
# Mon–Fri 09:00–18:00, no built-in holidays: the arithmetic below is by hand.
CALENDAR = WorkCalendar.build(use_builtin=False)
NOVEMBER = "2026-11-01..2026-11-15"

ASKER_CHUY, ASKER_NARYN, ASKER_NONE = 101, 102, 103
CONSULTANT_A, CONSULTANT_B = 201, 202


def local(day: int, hour: int, minute: int = 0, month: int = 11) -> dt.datetime:
    """An instant given in Bishkek time (2026)."""
    return dt.datetime(2026, month, day, hour, minute, tzinfo=BISHKEK)


def t(moment: dt.datetime | None) -> str | None:
    return to_db_time(moment)


async def add_user(db: Database, uid: int, name: str, *, oblast: str | None = None) -> None:
    now = t(local(1, 9))
    await db.execute(
        "INSERT INTO users(id, first_name, full_name, oblast, role, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (uid, name, name, oblast, "consultant" if uid >= 200 else "official", now, now),
    )


async def add_ticket(
    db: Database,
    *,
    asker: int,
    created: dt.datetime,
    category: str,
    owner: int | None = None,
    first_response: dt.datetime | None = None,
    closed: dt.datetime | None = None,
    reason: str = "resolved",
    rating: int | None = None,
    rated: dt.datetime | None = None,
    question: str = "Суроо",
) -> int:
    status = "closed" if closed else ("assigned" if owner else "new")
    return await db.execute(
        "INSERT INTO tickets(asker_id, status, category, language, question, owner_id,"
        " created_at, updated_at, taken_at, first_response_at, closed_at, close_reason,"
        " rating, rated_at) VALUES (?, ?, ?, 'ky', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            asker,
            status,
            category,
            question,
            owner,
            t(created),
            t(created),
            t(created + dt.timedelta(minutes=5)) if owner else None,
            t(first_response),
            t(closed),
            reason if closed else None,
            rating,
            t(rated),
        ),
    )


async def seed(db: Database) -> dict[str, int]:
    """Users, 13 questions (11 in November's first half) and 8 tickets with fixed times."""
    await add_user(db, ASKER_CHUY, "Асанов Асан", oblast="chuy")
    await add_user(db, ASKER_NARYN, "Бакирова Гүлнара", oblast="naryn")
    await add_user(db, ASKER_NONE, "Без Профиля")
    await add_user(db, CONSULTANT_A, "Консультант А")
    await add_user(db, CONSULTANT_B, "Консультант Б")
    land = [{"id": "faq:land-tax", "kind": "faq", "title": "Жер салыгы", "score": 0.9,
             "category": "land"}]  # fmt: skip
    budget = [{"id": "faq:budget", "kind": "faq", "title": "Бюджет", "score": 0.6,
               "category": "budget"}]  # fmt: skip
    q = []

    async def ask(when: dt.datetime, status: str, results: list, user: int, oblast: str | None):
        qid = await log_question(
            db,
            user_id=user,
            text=f"Суроо {len(q) + 1}",
            lang="ky",
            status=status,
            results=results,
            oblast=oblast,
            asked_at=when,
        )
        q.append(qid)
        return qid

    # outside the period: 31 Oct 23:30 local, 16 Nov 00:30 local
    await ask(local(31, 23, 30, month=10), "answered", land, ASKER_CHUY, "chuy")
    await ask(local(16, 0, 30), "escalate", [], ASKER_CHUY, "chuy")
    # inside: 1 Nov 00:30 local (= 31 Oct 18:30 UTC)
    await ask(local(1, 0, 30), "answered", land, ASKER_CHUY, "chuy")
    # 2 Nov: 3 answered (+ helped, helped, didn't help), 1 escalate
    a1 = await ask(local(2, 10), "answered", land, ASKER_CHUY, "chuy")
    a2 = await ask(local(2, 11), "answered", land, ASKER_NARYN, "naryn")
    a3 = await ask(local(2, 12), "answered", budget, ASKER_NARYN, "naryn")
    await ask(local(2, 13), "escalate", [], ASKER_CHUY, "chuy")
    # 3 Nov: 2 suggest (one didn't help), 1 escalate
    s1 = await ask(local(3, 10), "suggest", budget + land, ASKER_NARYN, "naryn")
    await ask(local(3, 11), "suggest", land, ASKER_NONE, None)
    await ask(local(3, 12), "escalate", [], ASKER_NONE, None)
    # 10 Nov: 1 answered (helped), 1 escalate
    a4 = await ask(local(10, 9), "answered", land, ASKER_CHUY, "chuy")
    await ask(local(10, 10), "escalate", [], ASKER_NARYN, "naryn")
    await ask(local(15, 23, 59), "answered", budget, ASKER_NARYN, "naryn")
    for qid, helped in ((a1, True), (a2, True), (a3, False), (s1, False), (a4, True)):
        await record_feedback(db, qid, helped)
    await record_choice(db, s1, "faq:budget")

    ids = {}
    # T1 Mon 2 Nov 10:00 → reply 10:30 (0.5 h) → closed 12:00 (2 h); ★5; owner A
    ids["t1"] = await add_ticket(
        db, asker=ASKER_CHUY, created=local(2, 10), category="land", owner=CONSULTANT_A,
        first_response=local(2, 10, 30), closed=local(2, 12), rating=5, rated=local(2, 13),
    )  # fmt: skip
    # T2 Mon 17:00 → Tue 10:00 (1 h + 1 h = 2 h) → closed Tue 17:00 (1 + 8 = 9 h); ★4; B
    ids["t2"] = await add_ticket(
        db, asker=ASKER_NARYN, created=local(2, 17), category="budget", owner=CONSULTANT_B,
        first_response=local(3, 10), closed=local(3, 17), rating=4, rated=local(3, 18),
    )  # fmt: skip
    # T3 Fri 6 Nov 16:00 → Mon 9 Nov 11:00 (2 + 2 = 4 h) → Mon 12:00 (2 + 3 = 5 h); ★2; A
    ids["t3"] = await add_ticket(
        db, asker=ASKER_CHUY, created=local(6, 16), category="land", owner=CONSULTANT_A,
        first_response=local(9, 11), closed=local(9, 12), rating=2, rated=local(9, 13),
    )  # fmt: skip
    # T4 Sat 7 Nov 12:00 (weekend) → Mon 09:30 (0.5 h); open; B
    ids["t4"] = await add_ticket(
        db, asker=ASKER_NARYN, created=local(7, 12), category="kenesh", owner=CONSULTANT_B,
        first_response=local(9, 9, 30),
    )  # fmt: skip
    # T5 Wed 4 Nov 09:00, no reply yet, not taken
    ids["t5"] = await add_ticket(db, asker=ASKER_NONE, created=local(4, 9), category="other")
    # T6 Thu 5 Nov 09:00 → 12:00 (3 h); closed by the bot (no reply from the asker); A
    ids["t6"] = await add_ticket(
        db, asker=ASKER_CHUY, created=local(5, 9), category="land", owner=CONSULTANT_A,
        first_response=local(5, 12), closed=local(10, 12), reason="no_reply",
    )  # fmt: skip
    # T7 opened Fri 30 Oct 16:00 (outside), closed Mon 2 Nov 10:00 (2 + 1 = 3 h); ★3; B
    ids["t7"] = await add_ticket(
        db, asker=ASKER_NARYN, created=local(30, 16, month=10), category="budget",
        owner=CONSULTANT_B, first_response=local(30, 17, month=10), closed=local(2, 10),
        rating=3, rated=local(2, 11),
    )  # fmt: skip
    # T8 entirely in October; ★1 in October: must not count
    ids["t8"] = await add_ticket(
        db, asker=ASKER_CHUY, created=local(1, 10, month=10), category="land",
        owner=CONSULTANT_A, first_response=local(1, 11, month=10),
        closed=local(2, 10, month=10), rating=1, rated=local(3, 10, month=10),
    )  # fmt: skip
    await link_ticket(db, q[6], ids["t1"])
    return ids


def november() -> Period:
    return parse_period(NOVEMBER, tz=BISHKEK)


# -- numbers -----------------------------------------------------------------------------------
async def test_question_counts_shares_and_helped_rate(db: Database) -> None:
    await seed(db)
    stats = await compute_stats(db, november(), calendar=CALENDAR)
    assert stats.questions == 11  # 13 logged, 2 outside by local time
    assert stats.by_status == {"answered": 6, "suggest": 2, "escalate": 3, "off_topic": 0}
    assert stats.share("answered") == pytest.approx(6 / 11)
    assert stats.share("escalate") == pytest.approx(3 / 11)
    assert (stats.feedback, stats.helped, stats.not_helped) == (5, 3, 2)
    assert stats.helped_rate == pytest.approx(0.6)


async def test_ticket_counts_and_working_hour_durations(db: Database) -> None:
    await seed(db)
    stats = await compute_stats(db, november(), calendar=CALENDAR)
    assert stats.tickets_available
    assert stats.tickets_opened == 6  # T1–T6
    assert stats.tickets_closed == 5  # T1, T2, T3, T6, T7
    assert stats.tickets_auto_closed == 1  # T6
    # first response of T1..T6: 0.5, 2, 4, 0.5, 3 (T5 none)
    assert stats.first_response.count == 5
    assert stats.first_response.median == pytest.approx(2.0)
    assert stats.first_response.p90 == pytest.approx(3.6)
    # resolution of T1, T2, T3, T7 (T6 was closed by the bot): 2, 9, 5, 3
    assert stats.resolution.count == 4
    assert stats.resolution.median == pytest.approx(4.0)
    assert stats.resolution.p90 == pytest.approx(7.8)
    # the same tickets in wall-clock time: 0.5, 17, 67 (Fri → Mon), 45.5 (Sat → Mon), 3
    assert stats.first_response_wall.count == 5
    assert stats.first_response_wall.median == pytest.approx(17.0)
    assert stats.first_response_wall.p90 == pytest.approx(45.5 + 0.6 * (67 - 45.5))
    # resolution: 2, 24, 68, 66 (T7: Fri 30 Oct 16:00 → Mon 2 Nov 10:00)
    assert stats.resolution_wall.median == pytest.approx(45.0)


async def test_sunday_evening_answer_is_zero_working_time_but_not_zero_wall_clock(
    db: Database,
) -> None:
    await add_user(db, ASKER_CHUY, "Асанов Асан", oblast="chuy")
    await add_user(db, CONSULTANT_A, "Консультант А")
    # Sun 8 Nov 18:00 → answered 20:30 the same evening, closed 21:00
    await add_ticket(
        db, asker=ASKER_CHUY, created=local(8, 18), category="land", owner=CONSULTANT_A,
        first_response=local(8, 20, 30), closed=local(8, 21),
    )  # fmt: skip
    stats = await compute_stats(db, november(), calendar=CALENDAR)
    assert stats.first_response.median == pytest.approx(0.0)
    assert stats.first_response_wall.median == pytest.approx(2.5)
    assert stats.resolution.median == pytest.approx(0.0)
    assert stats.resolution_wall.median == pytest.approx(3.0)


async def test_off_topic_questions_are_counted_apart(db: Database) -> None:
    await seed(db)
    for minute, text in enumerate(("Бишкекте аба ырайы кандай?", "Какая погода завтра?")):
        await log_question(
            db, user_id=ASKER_CHUY, text=text, lang="ky", status="off_topic", results=[],
            asked_at=local(11, 12, minute), oblast="chuy",
        )  # fmt: skip
    stats = await compute_stats(db, november(), calendar=CALENDAR)
    assert stats.questions == 13
    assert stats.by_status == {"answered": 6, "suggest": 2, "escalate": 3, "off_topic": 2}
    assert stats.in_scope == 11
    assert stats.answered_in_scope == pytest.approx(6 / 11)  # not 6 / 13
    assert stats.share("off_topic") == pytest.approx(2 / 13)
    chuy = next(g for g in stats.oblasts if g.key == "chuy")
    assert chuy.off_topic == 2 and chuy.escalate == 1
    day = next(p for p in stats.points if p.day == dt.date(2026, 11, 11))
    assert day.off_topic == 2 and day.total == 2


async def test_csat_and_per_consultant(db: Database) -> None:
    await seed(db)
    stats = await compute_stats(db, november(), calendar=CALENDAR)
    assert stats.csat_dist == {1: 0, 2: 1, 3: 1, 4: 1, 5: 1}
    assert stats.csat_count == 4 and stats.csat_avg == pytest.approx(3.5)
    rows = {c.user_id: c for c in stats.consultants}
    a, b = rows[CONSULTANT_A], rows[CONSULTANT_B]
    assert (a.name, a.taken, a.closed) == ("Консультант А", 3, 2)
    assert (b.name, b.taken, b.closed) == ("Консультант Б", 2, 2)
    assert a.first_response.median == pytest.approx(3.0)  # 0.5, 4, 3
    assert b.first_response.median == pytest.approx(1.25)  # 2, 0.5
    assert (a.csat_count, a.csat_avg) == (2, pytest.approx(3.5))
    assert (b.csat_count, b.csat_avg) == (2, pytest.approx(3.5))


async def test_per_oblast_and_category(db: Database) -> None:
    await seed(db)
    stats = await compute_stats(db, november(), calendar=CALENDAR)
    oblasts = {g.key: (g.questions, g.escalate, g.tickets) for g in stats.oblasts}
    assert oblasts == {"chuy": (4, 1, 3), "naryn": (5, 1, 2), "": (2, 1, 1)}
    assert sum(g.questions for g in stats.oblasts) == stats.questions
    assert sum(g.tickets for g in stats.oblasts) == stats.tickets_opened
    categories = {g.key: (g.questions, g.tickets) for g in stats.categories}
    assert categories == {
        "land": (5, 3),
        "budget": (3, 1),
        "": (3, 0),  # escalated questions have no result, hence no category
        "kenesh": (0, 1),
        "other": (0, 1),
    }
    assert [g.key for g in stats.oblasts] == ["chuy", "naryn", ""]  # biggest first
    assert [g.key for g in stats.categories][:2] == ["land", "budget"]


async def test_chart_points_per_local_day(db: Database) -> None:
    await seed(db)
    stats = await compute_stats(db, november(), calendar=CALENDAR)
    assert stats.bucket_days == 1 and len(stats.points) == 15
    by_day = {p.day.day: p for p in stats.points}
    assert (by_day[1].answered, by_day[1].total) == (1, 1)
    assert (by_day[2].answered, by_day[2].escalate) == (3, 1)
    assert (by_day[3].suggest, by_day[3].escalate) == (2, 1)
    assert by_day[15].answered == 1  # 23:59 local on the last day
    assert by_day[2].first_response_median == pytest.approx(1.25)  # T1 0.5, T2 2
    assert by_day[4].first_response_median is None  # T5: no reply
    assert sum(p.total for p in stats.points) == stats.questions


async def test_long_periods_are_charted_per_week(db: Database) -> None:
    await seed(db)
    period = parse_period("2026-01-01..2026-12-31", tz=BISHKEK)
    stats = await compute_stats(db, period, calendar=CALENDAR)
    assert stats.bucket_days == 7
    assert all(p.day.weekday() == 0 for p in stats.points)
    assert sum(p.total for p in stats.points) == stats.questions == 13


async def test_empty_period(db: Database) -> None:
    await seed(db)
    stats = await compute_stats(db, parse_period("2025-01", tz=BISHKEK), calendar=CALENDAR)
    assert stats.empty and stats.questions == 0 and stats.tickets_opened == 0
    assert stats.first_response.median is None and stats.csat_avg is None
    assert stats.helped_rate is None and stats.share("answered") is None
    assert all(p.total == 0 for p in stats.points)


# -- percentiles -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "values",
    [[1.0], [3.0, 1.0], [0.5, 0.5, 2, 3, 4], list(range(1, 11)), [7, 1, 9, 4, 4, 2.5, 100]],
)
def test_percentiles_match_numpy(values: list[float]) -> None:
    assert median(values) == pytest.approx(float(np.median(values)))
    for q in (10, 50, 90, 99):
        assert percentile(values, q) == pytest.approx(float(np.percentile(values, q)))
    assert median([]) is None


def test_fmt_hours() -> None:
    assert fmt_hours(1.5) == "1:30"
    assert fmt_hours(0.25) == "0:15"
    assert fmt_hours(26.0) == "26:00"
    assert fmt_hours(None) == "—"


# -- periods -----------------------------------------------------------------------------------
NOW = dt.datetime(2026, 11, 22, 19, 30, tzinfo=dt.UTC)  # Mon 23 Nov 01:30 in Bishkek


@pytest.mark.parametrize(
    ("spec", "first", "last", "key"),
    [
        (None, "2026-11-23", "2026-11-23", "today"),
        ("today", "2026-11-23", "2026-11-23", "today"),
        ("Бүгүн", "2026-11-23", "2026-11-23", "today"),
        ("вчера", "2026-11-22", "2026-11-22", "yesterday"),
        ("week", "2026-11-23", "2026-11-23", "week"),  # Monday
        ("last_week", "2026-11-16", "2026-11-22", "last_week"),
        ("месяц", "2026-11-01", "2026-11-23", "month"),
        ("last_month", "2026-10-01", "2026-10-31", "last_month"),
        ("30d", "2026-10-25", "2026-11-23", "30d"),
        ("2026-11-01..2026-11-15", "2026-11-01", "2026-11-15", "2026-11-01..2026-11-15"),
        ("01.11.2026 – 15.11.2026", "2026-11-01", "2026-11-15", "2026-11-01..2026-11-15"),
        ("2026-02", "2026-02-01", "2026-02-28", "2026-02-01..2026-02-28"),
        ("2026-11-05", "2026-11-05", "2026-11-05", "2026-11-05..2026-11-05"),
        ("2025", "2025-01-01", "2025-12-31", "2025-01-01..2025-12-31"),
    ],
)
def test_parse_period(spec: str | None, first: str, last: str, key: str) -> None:
    period = parse_period(spec, now=NOW, tz=BISHKEK)
    assert (period.first_day.isoformat(), period.last_day.isoformat(), period.key) == (
        first,
        last,
        key,
    )
    # the key parses back to the same days (callback data round trip)
    again = parse_period(period.key, now=NOW, tz=BISHKEK)
    assert (again.first_day, again.last_day) == (period.first_day, period.last_day)


def test_period_bounds_are_local_midnights() -> None:
    period = parse_period(NOVEMBER, tz=BISHKEK)
    assert period.start == dt.datetime(2026, 10, 31, 18, tzinfo=dt.UTC)
    assert period.end == dt.datetime(2026, 11, 15, 18, tzinfo=dt.UTC)
    assert period.label == "01.11.2026 – 15.11.2026"
    assert len(period.days) == 15


@pytest.mark.parametrize(
    ("spec", "code"),
    [
        ("fortnight", "unknown"),
        ("2026-13", "unknown"),
        ("2026-02-30", "unknown"),
        ("0d", "unknown"),
        ("all", "unknown"),  # exports only
        ("2026-11-15..2026-11-01", "reversed"),
        ("2000-01-01..2026-01-01", "too_long"),
        ("<b>x</b>", "unknown"),
    ],
)
def test_bad_periods(spec: str, code: str) -> None:
    with pytest.raises(PeriodError) as info:
        parse_period(spec, now=NOW, tz=BISHKEK)
    assert info.value.code == code and info.value.spec == spec


def test_all_is_for_exports() -> None:
    period = parse_period("all", now=NOW, tz=BISHKEK, allow_all=True)
    assert period.key == "all" and period.last_day == dt.date(2026, 11, 23)


# -- the question log --------------------------------------------------------------------------
async def test_question_log_contract(db: Database) -> None:
    await add_user(db, ASKER_CHUY, "Асанов Асан", oblast="chuy")
    qid = await log_question(
        db,
        user_id=ASKER_CHUY,
        text="Жер салыгын ким төлөйт?",
        lang="ky",
        status="suggest",
        results=[{"id": "faq:land-tax", "score": "0.7", "category": "land", "title": "Жер"}],
        oblast="chuy",
        position="head",
    )
    logged = await get_question(db, qid)
    assert logged is not None
    assert logged.normalized == "жер салигин ким толоит"  # knowledge.search.normalize
    assert (logged.category, logged.status, logged.helped) == ("land", "suggest", None)
    await record_choice(db, qid, "faq:land-tax")
    await record_feedback(db, qid, False)
    await record_feedback(db, qid, True)  # the last press counts
    await link_ticket(db, qid, 7)
    logged = await get_question(db, qid)
    assert logged is not None
    assert (logged.chosen_result_id, logged.helped, logged.ticket_id) == ("faq:land-tax", True, 7)
    row = await db.fetchone("SELECT top_result_id, top_score FROM questions WHERE id = ?", (qid,))
    assert (row[0], row[1]) == ("faq:land-tax", 0.7)
    with pytest.raises(ValueError, match="status"):
        await log_question(db, user_id=1, text="x", lang="ky", status="maybe", results=[])


async def test_retention_erases_text_keeps_counts(db: Database) -> None:
    await seed(db)
    now = dt.datetime(2027, 11, 5, tzinfo=dt.UTC)  # a year after: Oct and 1–4 Nov are old
    erased = await purge_older_than(db, 365, now=now)
    assert erased == 9  # 31 Oct, 1 Nov, 4 on 2 Nov, 3 on 3 Nov
    assert await purge_older_than(db, 365, now=now) == 0  # idempotent
    assert await db.fetchval("SELECT count(*) FROM questions") == 13
    left = await db.fetchall("SELECT text, user_id FROM questions WHERE erased_at IS NOT NULL")
    assert {(r[0], r[1]) for r in left} == {("", None)}
    stats = await compute_stats(db, november(), calendar=CALENDAR)
    assert stats.questions == 11 and stats.by_status["answered"] == 6
    with pytest.raises(ValueError):
        await purge_older_than(db, 0)
