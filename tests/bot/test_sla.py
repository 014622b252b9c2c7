"""The SLA component: re-announcement, escalation to supervisors, auto-close of tickets waiting
for the asker — computed from stored timestamps, fired once, across restarts and crashes."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from aiogram import Bot

from bot.app import Runtime, build_runtime, close_runtime
from bot.config import Settings
from bot.workers.relay import Relay
from bot.workers.sla import create_component
from db.repositories.users import Role, User, UserRepository
from services.tickets import Content, TicketService
from services.worktime import MovableClock
from tests.helpers.recording import RecordingSession

BISHKEK = ZoneInfo("Asia/Bishkek")
GROUP = -1001000000001
ASKER, C1, SUP = 1001, 2001, 2101


@pytest.fixture
async def cc(runtime: Runtime) -> Runtime:
    runtime.clock.use(MovableClock(dt.datetime(2026, 11, 27, 17, 40, tzinfo=BISHKEK)))
    users = UserRepository(runtime.db)
    for uid in (ASKER, C1, SUP):
        await users.touch(uid, first_name=f"u{uid}")
        await users.set_language(uid, "ru")
    await users.set_role(C1, Role.consultant)
    await users.set_role(SUP, Role.supervisor)
    return runtime


def texts(session: RecordingSession, chat_id: int) -> list[str]:
    return [r.text for r in session.sent(chat_id=chat_id)]


async def new_ticket(runtime: Runtime, bot: Bot, asker: int = ASKER) -> int:
    svc = runtime.tickets
    ticket = await svc.create(asker_id=asker, question="Жер тилкеси ижарага?", language="ky")
    await Relay.of(runtime, bot).flush(ticket.id)
    return ticket.id


async def taken_ticket(cc: Runtime, bot: Bot) -> tuple[MovableClock, int, TicketService, User]:
    """Wednesday 10:00: a new ticket, taken by the consultant C1."""
    clock: MovableClock = cc.clock.inner
    clock.set(dt.datetime(2026, 11, 25, 10, 0, tzinfo=BISHKEK))
    ticket_id = await new_ticket(cc, bot)
    svc = cc.tickets
    consultant = await UserRepository(cc.db).get(C1)
    assert consultant is not None
    await svc.take(ticket_id, consultant)
    return clock, ticket_id, svc, consultant


async def test_factory_is_registered(cc: Runtime) -> None:
    from bot.app import COMPONENT_FACTORIES

    assert create_component in COMPONENT_FACTORIES
    component = create_component(cc)
    assert component.name == "sla" and component.interval == cc.settings.sla_check_seconds


async def test_reannounce_once_in_working_time_and_across_restart(
    cc: Runtime, bot: Bot, session: RecordingSession
) -> None:
    clock: MovableClock = cc.clock.inner
    ticket_id = await new_ticket(cc, bot)  # Friday 17:40: 20 working minutes left today
    component = create_component(cc, loop=False)
    await component.start(cc, bot)
    try:
        clock.advance(hours=60)  # Monday 05:40 — the weekend does not count
        assert (await component.tick()).fired == []
        clock.set(dt.datetime(2026, 11, 30, 9, 10, tzinfo=BISHKEK))  # 20 + 10 working minutes
        session.clear()
        report = await component.tick()
        assert len(report.fired) == 1
        general = [r for r in session.sent() if r.chat_id == GROUP]
        assert len(general) == 1 and general[0].message_thread_id is None  # the General topic
        assert f"№{ticket_id}" in general[0].text
        take = general[0].reply_markup.inline_keyboard[0][0].callback_data
        assert take == f"tk:take:{ticket_id}"
        assert (await component.tick()).fired == []
    finally:
        await component.stop()
    # restart: a new component, then a whole new runtime on the same database file
    clock.advance(minutes=5)
    again = create_component(cc, loop=False)
    await again.start(cc, bot)
    assert (await again.tick()).fired == []
    await again.stop()
    rt2 = await build_runtime(cc.settings, load_knowledge=False)
    try:
        rt2.clock.use(clock)
        third = create_component(rt2, loop=False)
        await third.start(rt2, bot)
        assert (await third.tick()).fired == []
        await third.stop()
    finally:
        await close_runtime(rt2)
    announcements = await cc.db.fetchval(
        "SELECT count(*) FROM ticket_events WHERE kind = 'sla_take' AND notify_status = 'sent'"
    )
    assert announcements == 1
    assert (
        sum(1 for t in texts(session, GROUP) if "никто не взял" in t or "эч ким алган жок" in t)
        == 1
    )


async def test_fired_before_a_crash_is_announced_once_after_restart(
    cc: Runtime, bot: Bot, session: RecordingSession
) -> None:
    clock: MovableClock = cc.clock.inner
    clock.set(dt.datetime(2026, 11, 25, 10, 0, tzinfo=BISHKEK))
    ticket_id = await new_ticket(cc, bot)
    clock.advance(minutes=31)
    # the timer fires (flag + outbox event committed) and the process dies before announcing
    fired = await cc.tickets.fire_due_timers()
    assert len(fired) == 1
    await cc.db.execute("UPDATE ticket_events SET notify_status = 'sending' WHERE id = ?", fired)
    session.clear()
    component = create_component(cc, loop=False)
    await component.start(cc, bot)  # recovers the interrupted announcement
    try:
        await component.tick()
        await component.tick()
    finally:
        await component.stop()
    general = [t for t in texts(session, GROUP) if f"№{ticket_id}" in t]
    assert len(general) == 1


async def test_escalation_to_supervisors(cc: Runtime, bot: Bot, session: RecordingSession) -> None:
    clock, ticket_id, _, _ = await taken_ticket(cc, bot)
    await Relay.of(cc, bot).flush(ticket_id)
    component = create_component(cc, loop=False)
    await component.start(cc, bot)
    try:
        clock.advance(hours=3, minutes=59)
        assert (await component.tick()).fired == []
        clock.advance(minutes=2)
        session.clear()
        assert len((await component.tick()).fired) == 1
        assert (await component.tick()).fired == []
    finally:
        await component.stop()
    to_sup = texts(session, SUP)
    assert len(to_sup) == 1 and f"№{ticket_id}" in to_sup[0] and "4" in to_sup[0]
    in_topic = [r for r in session.sent() if r.chat_id == GROUP and r.message_thread_id]
    assert len(in_topic) == 1 and "tg://user?id=2101" in in_topic[0].text


async def test_waiting_for_user_closed_with_a_note(
    cc: Runtime, bot: Bot, session: RecordingSession
) -> None:
    clock, ticket_id, svc, consultant = await taken_ticket(cc, bot)
    ticket = await svc.get(ticket_id)
    await svc.record_out(
        ticket, consultant, Content(text="Ответ"), group_chat_id=GROUP, group_message_id=77
    )
    component = create_component(cc, loop=False)
    await component.start(cc, bot)
    try:
        clock.advance(days=3, minutes=1)
        session.clear()
        report = await component.tick()
    finally:
        await component.stop()
    assert len(report.fired) == 1 and report.delivered["messages"] == 1  # the pending reply too
    closed = await svc.get(ticket_id)
    assert closed.status == "closed" and closed.close_reason == "no_reply"
    to_asker = texts(session, ASKER)
    note = [t for t in to_asker if "закрыт" in t or "жабылды" in t]
    assert len(note) == 1
    markup = [r for r in session.sent() if r.chat_id == ASKER and r.reply_markup][-1].reply_markup
    assert markup.inline_keyboard[0][0].callback_data == f"rate:{ticket_id}:1"


async def test_interrupted_relay_is_retried_after_restart(
    cc: Runtime, bot: Bot, session: RecordingSession, settings: Settings
) -> None:
    clock: MovableClock = cc.clock.inner
    clock.set(dt.datetime(2026, 11, 25, 10, 0, tzinfo=BISHKEK))
    ticket_id = await new_ticket(cc, bot)
    svc = cc.tickets
    ticket = await svc.get(ticket_id)
    message_id, _ = await svc.record_in(
        ticket, ASKER, Content(text="Подробности"), private_message_id=5
    )
    await cc.db.execute(
        "UPDATE ticket_messages SET delivery_status = 'sending' WHERE id = ?", (message_id,)
    )
    session.clear()
    component = create_component(cc, loop=False)
    await component.start(cc, bot)
    try:
        await component.tick()
        await component.tick()
    finally:
        await component.stop()
    relayed = [t for t in texts(session, GROUP) if "Подробности" in t]
    assert len(relayed) == 1
    status = await cc.db.fetchval(
        "SELECT delivery_status FROM ticket_messages WHERE id = ?", (message_id,)
    )
    assert status == "sent"


async def test_component_loop_runs_and_stops(cc: Runtime, bot: Bot) -> None:
    import asyncio

    component = create_component(cc, interval=0.01)
    await component.start(cc, bot)
    await asyncio.sleep(0.1)
    await component.stop()
    ticks = component.ticks
    assert ticks >= 2
    await asyncio.sleep(0.05)
    assert component.ticks == ticks
