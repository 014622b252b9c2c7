"""Ticket rules without Telegram: state machine, the Take race, permissions, offers, reopen,
SLA due times and timers that fire once across restarts."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.config import Settings, load_settings
from db.database import Database
from db.repositories.users import Role, User, UserRepository
from services.tickets import (
    Category,
    Content,
    Status,
    TicketError,
    TicketService,
    can_transition,
    guess_category,
    record_bot_offer,
)
from services.worktime import MovableClock

BISHKEK = ZoneInfo("Asia/Bishkek")
ASKER, ASKER2, C1, C2, SUP, OFFICIAL = 1001, 1002, 2001, 2002, 2101, 1500


def bishkek(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=BISHKEK)


@pytest.fixture
def cc_settings(tmp_path: Path) -> Settings:
    return load_settings(
        database_url=f"sqlite:///{tmp_path / 'cc.sqlite3'}", consultants_chat_id=-100123
    )


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(bishkek(2026, 11, 25, 10, 0))  # a Wednesday morning


@pytest.fixture
async def db(cc_settings: Settings) -> AsyncIterator[Database]:
    async with Database(cc_settings.database_path) as database:
        users = UserRepository(database)
        for uid in (ASKER, ASKER2, OFFICIAL):
            await users.touch(uid, first_name=f"u{uid}")
        for uid in (C1, C2):
            await users.touch(uid, first_name=f"c{uid}")
            await users.set_role(uid, Role.consultant)
        await users.touch(SUP, first_name="sup")
        await users.set_role(SUP, Role.supervisor)
        yield database


@pytest.fixture
def svc(db: Database, cc_settings: Settings, clock: MovableClock) -> TicketService:
    return TicketService(db, cc_settings, clock)


async def user(db: Database, uid: int) -> User:
    found = await UserRepository(db).get(uid)
    assert found is not None
    return found


async def users_of(db: Database, *uids: int) -> list[User]:
    return [await user(db, uid) for uid in uids]


def test_state_machine() -> None:
    assert can_transition("new", "assigned")
    assert can_transition("assigned", "waiting_user")
    assert can_transition("waiting_user", "assigned")
    assert can_transition("closed", "reopened")
    assert not can_transition("closed", "assigned")
    assert not can_transition("new", "waiting_user")
    assert not can_transition("reopened", "new")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Жер тилкесин ижарага берүү тартиби кандай?", Category.land),
        ("Как утвердить местный бюджет на следующий год?", Category.budget),
        ("Айылдык кеңештин сессиясын ким чакырат?", Category.kenesh),
        ("Муниципальное имущество можно приватизировать?", Category.property),
        ("Муниципалдык кызматкерлердин аттестациясы", Category.staff),
        ("Жергиликтүү өз алдынча башкаруу жөнүндө", Category.other),
    ],
)
def test_guess_category(text: str, expected: Category) -> None:
    assert guess_category(text)[0] == expected


def test_guess_prefers_search_hints() -> None:
    assert guess_category("что-то непонятное", ["other", "kenesh"]) == (Category.kenesh, True)
    assert guess_category("что-то непонятное") == (Category.other, False)


async def test_lifecycle_create_take_reply_close_rate_reopen(
    svc: TicketService, db: Database, clock: MovableClock
) -> None:
    ticket = await svc.create(asker_id=ASKER, question="Жер тилкеси?", language="ky")
    assert ticket.status == Status.new and ticket.category == "land"
    assert ticket.category_source == "guess" and ticket.chat_id == -100123
    with pytest.raises(TicketError) as err:
        await svc.create(asker_id=ASKER, question="second", language="ky")
    assert err.value.code == "already_open" and err.value.ticket.id == ticket.id

    c1, c2, sup, official = await users_of(db, C1, C2, SUP, OFFICIAL)
    with pytest.raises(TicketError, match="not_allowed"):
        await svc.take(ticket.id, official)
    with pytest.raises(TicketError, match="not_taken"):
        await svc.record_out(
            ticket, c1, Content(text="x"), group_chat_id=-100123, group_message_id=5
        )
    taken = await svc.take(ticket.id, c1)
    assert taken.won and taken.ticket.owner_id == C1 and taken.ticket.status == "assigned"
    again = await svc.take(ticket.id, c2)
    assert not again.won and again.ticket.owner_id == C1

    ticket = taken.ticket
    with pytest.raises(TicketError, match="not_owner"):
        await svc.record_out(
            ticket, c2, Content(text="x"), group_chat_id=-100123, group_message_id=6
        )
    clock.advance(minutes=20)
    _, created = await svc.record_out(
        ticket, c1, Content(text="Жооп"), group_chat_id=-100123, group_message_id=7
    )
    assert created
    _, dup = await svc.record_out(
        ticket, c1, Content(text="Жооп"), group_chat_id=-100123, group_message_id=7
    )
    assert not dup  # the same Telegram message twice is stored once
    ticket = await svc.get(ticket.id)
    assert ticket.status == "waiting_user" and ticket.first_response_at == clock()
    # a supervisor may reply to someone else's ticket
    await svc.record_out(
        ticket, sup, Content(text="Кошумча"), group_chat_id=-100123, group_message_id=8
    )

    in_id, _ = await svc.record_in(ticket, ASKER, Content(text="Рахмат"), private_message_id=3)
    assert (await svc.get(ticket.id)).status == "assigned"
    await svc.record_note(ticket, c1, "// ички", group_chat_id=-100123, group_message_id=9)
    messages = await svc.repo.messages(ticket.id)
    assert [m.direction for m in messages] == ["out", "out", "in", "note"]
    assert [m.delivery_status for m in messages] == ["pending", "pending", "pending", "none"]
    assert in_id == messages[2].id

    with pytest.raises(TicketError, match="not_allowed"):
        await svc.close(ticket.id, c2, "нет")
    closed = await svc.close(ticket.id, c1, "Жооп берилди")
    assert closed.status == "closed" and closed.resolution == "Жооп берилди"
    with pytest.raises(TicketError, match="not_allowed"):
        await svc.rate(ticket.id, ASKER2, 5)
    rated = await svc.rate(ticket.id, ASKER, 4)
    assert rated.rating == 4
    await svc.comment(ticket.id, ASKER, "Жакшы")

    clock.advance(days=6)
    reopened = await svc.reopen(ticket.id, ASKER)
    assert reopened.status == "reopened" and reopened.reopened_count == 1
    assert reopened.owner_id == C1 and reopened.closed_at is None
    await svc.close(ticket.id, c1, "Дагы жооп")
    clock.advance(days=7, minutes=1)
    with pytest.raises(TicketError, match="too_old"):
        await svc.reopen(ticket.id, ASKER)
    follow = await svc.create(
        asker_id=ASKER,
        question="Дагы суроо",
        language="ky",
        source="follow_up",
        parent_ticket_id=ticket.id,
    )
    assert follow.parent_ticket_id == ticket.id and follow.id != ticket.id
    kinds = [e.kind for e in await svc.repo.events(ticket.id)]
    assert kinds == [
        "created",
        "taken",
        "closed",
        "rated",
        "rating_comment",
        "reopened",
        "closed",
    ]


async def test_take_race_same_connection(svc: TicketService, db: Database) -> None:
    c1, c2, sup = await users_of(db, C1, C2, SUP)
    for _ in range(5):
        ticket = await svc.create(asker_id=ASKER, question="Бюджет?", language="ru")
        results = await asyncio.gather(*(svc.take(ticket.id, c) for c in (c1, c2, sup) * 3))
        winners = [r for r in results if r.won]
        assert len(winners) == 1
        owner = (await svc.get(ticket.id)).owner_id
        assert all(r.ticket.owner_id == owner for r in results)
        taken_events = [e for e in await svc.repo.events(ticket.id) if e.kind == "taken"]
        assert len(taken_events) == 1
        await svc.close(ticket.id, await user(db, owner), "ok")


async def test_take_race_separate_connections(
    cc_settings: Settings, db: Database, clock: MovableClock
) -> None:
    """Two processes (two connections to the same file) press Take at the same moment."""
    svc = TicketService(db, cc_settings, clock)
    async with Database(cc_settings.database_path) as other:
        svc2 = TicketService(other, cc_settings, clock)
        c1, c2 = await user(db, C1), await user(other, C2)
        for round_ in range(10):
            ticket = await svc.create(asker_id=ASKER2, question=f"Жер {round_}?", language="ky")
            first, second = await asyncio.gather(svc.take(ticket.id, c1), svc2.take(ticket.id, c2))
            assert first.won != second.won
            final = await svc.get(ticket.id)
            assert final.owner_id == (C1 if first.won else C2)
            assert first.ticket.owner_id == second.ticket.owner_id == final.owner_id
            taken = await db.fetchval(
                "SELECT count(*) FROM ticket_events WHERE ticket_id = ? AND kind = 'taken'",
                (ticket.id,),
            )
            assert taken == 1
            await svc.close(ticket.id, await user(db, final.owner_id), "ok")  # type: ignore[arg-type]


async def test_transfer_rules(svc: TicketService, db: Database) -> None:
    c1, c2, sup, official = await users_of(db, C1, C2, SUP, OFFICIAL)
    ticket = await svc.create(asker_id=ASKER, question="Кадрлар?", language="ky")
    await svc.take(ticket.id, c1)
    with pytest.raises(TicketError, match="not_allowed"):
        await svc.transfer(ticket.id, c2, C2)
    with pytest.raises(TicketError, match="bad_target"):
        await svc.transfer(ticket.id, c1, OFFICIAL)
    moved = await svc.transfer(ticket.id, c1, C2)
    assert moved.owner_id == C2
    moved = await svc.transfer(ticket.id, sup, C1)  # a supervisor reassigns
    assert moved.owner_id == C1
    with pytest.raises(TicketError, match="not_allowed"):
        await svc.transfer(ticket.id, official, C2)


async def test_offer_contract_and_forgery(svc: TicketService, db: Database) -> None:
    offer_id = await record_bot_offer(
        db,
        user_id=ASKER,
        question="Айыл өкмөтүнүн башчысы кантип шайланат?",
        offer="Мыйзамдын 12-беренеси…",
        language="ky",
        categories=["kenesh"],
        refs=["doc:law-lsg"],
    )
    with pytest.raises(TicketError, match="not_allowed"):
        await svc.create_from_offer(asker_id=ASKER2, offer_id=offer_id, language="ky")
    first, second = await asyncio.gather(
        svc.create_from_offer(asker_id=ASKER, offer_id=offer_id, language="ru"),
        svc.create_from_offer(asker_id=ASKER, offer_id=offer_id, language="ru"),
    )
    assert first.id == second.id  # a double press makes one ticket
    assert first.bot_offer == "Мыйзамдын 12-беренеси…" and first.category == "kenesh"
    assert first.language == "ky" and first.source == "didnt_help"
    assert await db.fetchval("SELECT count(*) FROM tickets WHERE asker_id = ?", (ASKER,)) == 1


async def test_sla_due_times_in_working_time(svc: TicketService, clock: MovableClock) -> None:
    clock.set(bishkek(2026, 11, 27, 17, 45))  # Friday evening
    ticket = await svc.create(asker_id=ASKER, question="Жер?", language="ky")
    state = await svc.sla(ticket)
    assert state.take_due == bishkek(2026, 11, 30, 9, 15)
    assert state.response_due == bishkek(2026, 11, 30, 12, 45)  # 15 min Fri + 3h45 Mon
    clock.set(bishkek(2026, 11, 29, 20))  # Sunday: 2 days later, still not due
    assert await svc.fire_due_timers() == []
    assert await svc.claim_out_of_hours_notice(ticket.id) == bishkek(2026, 11, 30, 9)
    assert await svc.claim_out_of_hours_notice(ticket.id) is None  # once per ticket
    clock.set(bishkek(2026, 11, 30, 9, 15))
    fired = await svc.fire_due_timers()
    assert len(fired) == 1
    assert (await svc.repo.get_event(fired[0])).kind == "sla_take"  # type: ignore[union-attr]


async def test_sla_timers_fire_once_across_restart(
    cc_settings: Settings, db: Database, clock: MovableClock
) -> None:
    svc = TicketService(db, cc_settings, clock)
    t1 = await svc.create(asker_id=ASKER, question="Жер?", language="ky")
    t2 = await svc.create(asker_id=ASKER2, question="Бюджет?", language="ru")
    c1 = await user(db, C1)
    await svc.take(t2.id, c1)
    clock.advance(minutes=31)
    first = await svc.fire_due_timers()
    assert [(await svc.repo.get_event(e)).kind for e in first] == ["sla_take"]  # type: ignore[union-attr]
    assert await svc.fire_due_timers() == []
    await db.close()  # the bot stops …
    clock.advance(hours=4)
    async with Database(cc_settings.database_path) as restarted:  # … and starts again
        svc2 = TicketService(restarted, cc_settings, clock)
        concurrent = await asyncio.gather(svc2.fire_due_timers(), svc2.fire_due_timers())
        events = [e for batch in concurrent for e in batch]
        kinds = sorted([(await svc2.repo.get_event(e)).kind for e in events])  # type: ignore[union-attr]
        assert kinds == ["sla_response", "sla_response"]  # one per ticket, not per run
        assert await svc2.fire_due_timers() == []
        rows = await restarted.fetchall(
            "SELECT ticket_id, kind FROM ticket_events WHERE kind LIKE 'sla_%' ORDER BY id"
        )
        assert sorted((r[0], r[1]) for r in rows) == [
            (t1.id, "sla_response"),
            (t1.id, "sla_take"),
            (t2.id, "sla_response"),
        ]


async def test_waiting_for_user_closes_after_three_days(
    svc: TicketService, db: Database, clock: MovableClock
) -> None:
    c1 = await user(db, C1)
    ticket = await svc.create(asker_id=ASKER, question="Жер?", language="ky")
    await svc.take(ticket.id, c1)
    ticket = await svc.get(ticket.id)
    await svc.record_out(
        ticket, c1, Content(text="Жооп"), group_chat_id=-100123, group_message_id=1
    )
    clock.advance(days=2, hours=23)
    assert await svc.fire_due_timers() == []
    # the asker writes: no longer waiting; the consultant answers again: the wait restarts
    ticket = await svc.get(ticket.id)
    await svc.record_in(ticket, ASKER, Content(text="?"), private_message_id=2)
    ticket = await svc.get(ticket.id)
    await svc.record_out(
        ticket, c1, Content(text="Жооп 2"), group_chat_id=-100123, group_message_id=3
    )
    clock.advance(days=2)
    assert await svc.fire_due_timers() == []
    clock.advance(days=1, minutes=1)
    fired = await svc.fire_due_timers()
    assert len(fired) == 1
    closed = await svc.get(ticket.id)
    assert closed.status == "closed" and closed.close_reason == "no_reply"
    assert closed.closed_by is None
    assert await svc.fire_due_timers() == []


async def test_reopen_rearms_take_timer_for_untaken(
    svc: TicketService, db: Database, clock: MovableClock
) -> None:
    sup = await user(db, SUP)
    ticket = await svc.create(asker_id=ASKER, question="Жер?", language="ky")
    clock.advance(minutes=40)
    assert len(await svc.fire_due_timers()) == 1
    await svc.close(ticket.id, sup, "Кайталанган суроо")
    reopened = await svc.reopen(ticket.id, ASKER)
    assert reopened.sla_take_fired_at is None and reopened.owner_id is None
    clock.advance(minutes=31)
    fired = await svc.fire_due_timers()
    kinds = [(await svc.repo.get_event(e)).kind for e in fired]  # type: ignore[union-attr]
    assert "sla_take" in kinds
    result = await svc.take(ticket.id, await user(db, C2))
    assert result.won and result.ticket.status == "assigned"


async def test_faq_draft_review(svc: TicketService, db: Database) -> None:
    c1, sup = await user(db, C1), await user(db, SUP)
    ticket = await svc.create(asker_id=ASKER, question="Сессияны ким чакырат?", language="ky")
    await svc.take(ticket.id, c1)
    with pytest.raises(TicketError, match="no_answer"):
        await svc.save_to_kb(ticket.id, c1)
    ticket = await svc.get(ticket.id)
    await svc.record_out(
        ticket, c1, Content(text="Төрага чакырат."), group_chat_id=-1, group_message_id=1
    )
    draft, created = await svc.save_to_kb(ticket.id, c1)
    assert created and draft.answer == "Төрага чакырат." and draft.question.startswith("Сессия")
    _, created_again = await svc.save_to_kb(ticket.id, c1)
    assert not created_again
    with pytest.raises(TicketError, match="not_allowed"):
        await svc.review_draft(draft.id, c1, approve=True)
    reviewed = await svc.review_draft(draft.id, sup, approve=True)
    assert reviewed.status == "approved" and reviewed.faq_id == f"ticket-{ticket.id}"
    with pytest.raises(TicketError, match="already_reviewed"):
        await svc.review_draft(draft.id, sup, approve=False)
