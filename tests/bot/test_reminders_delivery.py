"""Reminders: at the right Bishkek moment on a UTC machine, in each person's language, late but
sent within the grace after downtime, skipped when too old, never twice."""

from __future__ import annotations

import asyncio
import datetime as dt
import time

import pytest
from aiogram import Bot

from bot.app import Runtime
from bot.workers.reminders import create_component
from db.repositories.users import UserRepository
from services.events import EventDraft, EventService
from services.reminders import decide
from tests.helpers.events_kit import FakeClock, add_users, bishkek
from tests.helpers.recording import RecordingSession


@pytest.fixture(autouse=True)
def utc_machine(monkeypatch: pytest.MonkeyPatch):
    """The server runs in UTC: nothing may depend on the machine's zone."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.delenv("TZ")
    time.tzset()


def training(start: dt.datetime, **changes) -> EventDraft:
    d = EventDraft(
        title_ky="Бюджет боюнча окуу",
        title_ru="Обучение по бюджету",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=7),
        place="Бишкек",
    )
    for key, value in changes.items():
        setattr(d, key, value)
    return d


async def setup(runtime: Runtime, clock: FakeClock, start: dt.datetime, people: dict[int, str]):
    for uid, lang in people.items():
        await add_users(runtime.db, [uid], language=lang)
    svc = EventService(runtime.db, tz=runtime.settings.tz, reminder_offsets="1d,1h", clock=clock)
    event = await svc.create(training(start), created_by=None)
    users = UserRepository(runtime.db)
    for uid in people:
        await svc.register(event.id, await users.get(uid))
    return svc, event


async def test_reminder_at_the_right_bishkek_time_in_each_language(
    runtime: Runtime, bot: Bot, session: RecordingSession
) -> None:
    clock = FakeClock(bishkek(2027, 3, 1, 12, 0))
    _, event = await setup(runtime, clock, bishkek(2027, 3, 10, 10, 0), {501: "ky", 502: "ru"})
    comp = create_component(runtime, clock=clock)
    await comp.prepare(bot)

    clock.set(bishkek(2027, 3, 9, 9, 59))  # one minute before the 1-day reminder
    assert (await comp.run_due()).sent == 0 and session.sent() == []
    clock.set(bishkek(2027, 3, 9, 10, 0))  # = 04:00 UTC
    assert clock() == dt.datetime(2027, 3, 9, 4, 0, tzinfo=dt.UTC)
    report = await comp.run_due()
    assert report.sent == 2 and report.late == 0
    texts = {m.chat_id: m.text for m in session.sent()}
    assert "башталышына 1 күн калды" in texts[501] and "Бюджет боюнча окуу" in texts[501]
    assert "через 1 день" in texts[502] and "Обучение по бюджету" in texts[502]
    assert "10.03.2027, 10:00–17:00" in texts[502]  # Bishkek time, not UTC 04:00
    buttons = session.sent()[0].reply_markup.inline_keyboard
    assert buttons[0][0].callback_data == f"ev:show:{event.id}:"
    session.clear()
    assert (await comp.run_due()).sent == 0  # never twice

    clock.set(bishkek(2027, 3, 10, 9, 0))
    assert (await comp.run_due()).sent == 2
    assert "через 1 час" in {m.chat_id: m.text for m in session.sent()}[502]
    statuses = await runtime.db.fetchall("SELECT status, late FROM reminders")
    assert {(r["status"], r["late"]) for r in statuses} == {("sent", 0)}


async def test_restart_with_pending_overdue_and_too_old_reminders(
    runtime: Runtime, bot: Bot, session: RecordingSession
) -> None:
    clock = FakeClock(bishkek(2027, 3, 1, 12, 0))
    _, soon = await setup(runtime, clock, bishkek(2027, 3, 10, 10, 0), {601: "ru"})
    _, later = await setup(runtime, clock, bishkek(2027, 3, 10, 11, 0), {602: "ru"})
    _, far = await setup(runtime, clock, bishkek(2027, 3, 20, 10, 0), {603: "ru"})
    db = runtime.db
    # the bot was down from 07:00 until 10:20 on 9 March; at 08:10 it had claimed one reminder
    # and died in the middle of the Bot API call
    crashed = await db.fetchval(
        "SELECT id FROM reminders WHERE user_id = 601 AND offset_minutes = 60"
    )
    await db.execute(
        "UPDATE reminders SET status = 'sending', claim_token = 'x' WHERE id = ?", (crashed,)
    )

    clock.set(bishkek(2027, 3, 9, 10, 20))
    comp = create_component(runtime, clock=clock)  # grace: 30 minutes (default)
    await comp.prepare(bot)  # the restart
    assert comp.recovered_unknown == 1
    report = await comp.run_due()
    # 601's 1-day reminder (due 10:00, 20 min ago) is sent late; 602's is not due yet (11:00)
    assert report.sent == 1 and report.late == 1
    (msg,) = session.sent()
    assert (
        msg.chat_id == 601
        and "опоздало на 20 минут" in msg.text  # its real delay
        and "через 23 часа 40 минут" in msg.text
    )

    # the bot goes down again until 11:45: 602's reminder (due 11:00) is 45 min old → skipped
    clock.set(bishkek(2027, 3, 9, 11, 45))
    session.clear()
    report = await comp.run_due()
    assert report.sent == 0 and report.skipped_reasons == {"too late": 1}
    rows = {
        (r["user_id"], r["offset_minutes"]): (r["status"], r["late"])
        for r in await db.fetchall("SELECT user_id, offset_minutes, status, late FROM reminders")
    }
    assert rows[(601, 1440)] == ("sent", 1)
    assert rows[(601, 60)] == ("unknown", 0)  # interrupted mid-call: not sent again
    assert rows[(602, 1440)] == ("skipped", 0)
    assert rows[(602, 60)] == ("pending", 0)
    assert rows[(603, 1440)] == ("pending", 0)  # far in the future: untouched

    # 10:00 next day: the unknown one is never resent; 602's 1-hour reminder goes out
    clock.set(bishkek(2027, 3, 10, 10, 0))
    report = await comp.run_due()
    assert report.sent == 1 and [m.chat_id for m in session.sent()] == [602]
    assert soon.id != later.id != far.id


async def test_coinciding_reminders_and_two_workers_send_once(
    runtime: Runtime, bot: Bot, session: RecordingSession
) -> None:
    clock = FakeClock(bishkek(2027, 3, 1, 12, 0))
    people = {700 + i: "ky" for i in range(20)}
    svc, event = await setup(runtime, clock, bishkek(2027, 3, 10, 10, 0), people)
    # two offsets that fall due together after a short outage: only the nearer one is sent
    await runtime.db.execute(
        "UPDATE reminders SET due_at = (SELECT due_at FROM reminders r2 WHERE r2.user_id ="
        " reminders.user_id AND r2.offset_minutes = 60) WHERE offset_minutes = 1440"
    )
    clock.set(bishkek(2027, 3, 10, 9, 5))
    first = create_component(runtime, clock=clock)
    second = create_component(runtime, clock=clock)
    await first.prepare(bot)
    await second.prepare(bot)
    a, b = await asyncio.gather(first.run_due(), second.run_due())
    assert a.sent + b.sent == 20
    chats = sorted(m.chat_id for m in session.sent())
    assert chats == sorted(people)  # each person exactly once
    statuses = await runtime.db.fetchall(
        "SELECT offset_minutes, status, note FROM reminders ORDER BY id"
    )
    assert {(r["offset_minutes"], r["status"]) for r in statuses} == {
        (60, "sent"),
        (1440, "skipped"),
    }
    assert event.id and svc


def test_decide_is_pure() -> None:
    from db.repositories.events import DueReminder

    now = bishkek(2027, 3, 9, 10, 0)

    def row(rid, due, **kw):
        base = dict(
            id=rid, event_id=1, user_id=rid, offset_minutes=60, due_at=due,
            starts_at=bishkek(2027, 3, 9, 11), event_status="scheduled",
            reg_status="registered", language="ky", telegram_lang=None, is_active=True,
        )  # fmt: skip
        base.update(kw)
        return DueReminder(**base)

    rows = [
        row(1, now),
        row(2, now - dt.timedelta(minutes=5)),
        row(3, now - dt.timedelta(hours=2)),
        row(4, now, reg_status="cancelled"),
        row(5, now, is_active=False),
        row(6, now, starts_at=now),
    ]
    out = decide(rows, now, dt.timedelta(minutes=30))
    assert [(r.id, late) for r, late in out.send] == [(2, True), (1, False)]
    # late from the moment its delay shows in the text (40 s reads "1 minute"), not after a
    # fixed minute
    (sent,) = decide([row(7, now - dt.timedelta(seconds=40))], now, dt.timedelta(minutes=30)).send
    assert sent[1] is True
    reasons = dict(out.skip)
    assert reasons[4] == "not registered" and reasons[5] == "blocked the bot"
    assert reasons[6] == "event already started" and reasons[3].startswith("too late")


async def test_trigger_rebuilt_from_the_database_at_start(
    runtime: Runtime, bot: Bot, session: RecordingSession
) -> None:
    """With the real clock: the APScheduler job made at start fires at the row's moment."""
    from db.database import utcnow

    now = utcnow()
    await setup(runtime, FakeClock(now), now + dt.timedelta(hours=1, seconds=1), {801: "ru"})
    runtime.scheduler.start()
    comp = create_component(runtime)
    await comp.start(runtime, bot)
    try:
        job = None
        for _ in range(50):
            job = runtime.scheduler.get_job("reminders-next")
            if job is not None:
                break
            await asyncio.sleep(0.02)
        assert job is not None
        for _ in range(300):
            if session.sent():
                break
            await asyncio.sleep(0.05)
        assert [m.chat_id for m in session.sent()] == [801]
    finally:
        await comp.stop()
