"""The call-center end to end: the real bot polling the Bot API emulator over loopback HTTP,
users and consultants played through the emulator's control API.

Several askers at once → tickets in the consultants' forum → two consultants press Take at the
same moment, one wins → a reply with a document → the asker follows up (and edits) → close →
rating → reopen; a forged Take; a blocked asker; 429/500 injected on relays with every message
delivered exactly once; the SLA re-announcement across a full bot restart, exactly once.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from collections.abc import AsyncIterator, Callable
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.app import build_runtime
from bot.config import Settings
from db.repositories.users import UserRepository
from services.tickets import TicketService, record_bot_offer
from services.worktime import MovableClock
from tests.helpers.events_kit import wait_until
from tests.helpers.live import (
    CONSULTANT_IDS,
    CONSULTANTS_CHAT,
    SUPERVISOR_ID,
    Live,
    live_bot,
    polling,
)

pytestmark = pytest.mark.e2e

GROUP = CONSULTANTS_CHAT
C1, C2 = CONSULTANT_IDS
OFFICIAL = 1500
WEDNESDAY_10 = dt.datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Asia/Bishkek"))


def text_of(msg: dict[str, Any]) -> str:
    return msg.get("text") or msg.get("caption") or ""


def buttons(msg: dict[str, Any]) -> list[str]:
    rows = (msg.get("reply_markup") or {}).get("inline_keyboard", [])
    return [b.get("callback_data", "") for row in rows for b in row]


@pytest.fixture
async def cc(settings: Settings) -> AsyncIterator[Live]:
    fast = settings.model_copy(update={"sla_check_seconds": 0.2, "consultants_language": "ru"})
    async with live_bot(fast, load_knowledge=False) as live:
        live.runtime.clock.use(MovableClock(WEDNESDAY_10, running=True))
        live.runtime.limiter.base_backoff = 0.02
        for uid in (*CONSULTANT_IDS, SUPERVISOR_ID, OFFICIAL):
            await live.client.create_user(uid, f"Staff{uid}", language_code="ru")
        yield live


def svc_of(live: Live) -> TicketService:
    return live.runtime.tickets


async def ask(live: Live, uid: int, question: str, lang: str = "ru") -> int:
    """The asker opens a ticket with /ask_consultant; returns its number."""
    c = live.client
    await c.create_user(uid, f"Asker{uid}", language_code=lang)
    await c.send_message(uid, "/ask_consultant")
    await c.wait_for_bot_message(uid)
    await c.send_message(uid, question)
    confirm = await c.wait_for_bot_message(
        uid, predicate=lambda m: any(b.startswith("tnew:go") for b in buttons(m))
    )
    await c.press_button(uid, uid, confirm["message_id"], buttons(confirm)[0])

    async def opened() -> Any:
        return await svc_of(live).open_for(uid)

    ticket = await wait_until(opened)
    return ticket.id


async def card_of(live: Live, number: int) -> dict[str, Any]:
    """The ticket's card in its forum topic (waits for it)."""

    async def found() -> Any:
        ticket = await svc_of(live).get(number)
        if not ticket.card_message_id:
            return None
        msgs = await live.client.bot_messages(GROUP, thread_id=ticket.thread_id)
        return next((m for m in msgs if m["message_id"] == ticket.card_message_id), None)

    return await wait_until(found)


async def answer_of(live: Live, query: dict[str, Any]) -> dict[str, Any]:
    return await live.client.callback_answer(query["id"], timeout=15)


async def take(live: Live, uid: int, number: int) -> dict[str, Any]:
    card = await card_of(live, number)
    query = await live.client.press_button(uid, GROUP, card["message_id"], f"tk:take:{number}")
    return await answer_of(live, query)


async def test_whole_loop_with_several_users(cc: Live) -> None:
    c = cc.client
    numbers = await asyncio.gather(
        ask(cc, 1001, "Как передать в аренду земельный участок фонда перераспределения?"),
        ask(cc, 1002, "Айыл кеңешинин сессиясын ким чакырат?", lang="ky"),
        ask(cc, 1003, "Можно ли премировать муниципальных служащих из местного бюджета?"),
    )
    assert len(set(numbers)) == 3
    for number in numbers:
        await card_of(cc, number)
    topics = (await c.chat(GROUP))["topics"]
    assert sorted(t["name"].split(" ·")[0] for t in topics) == sorted(f"№{n}" for n in numbers)
    t1, t2, t3 = numbers

    # two consultants press Take on the same card at the same moment: one wins
    card = await card_of(cc, t1)
    assert buttons(card) == [f"tk:{a}:{t1}" for a in ("take", "transfer", "close", "kb")]
    q1, q2 = await asyncio.gather(
        c.press_button(C1, GROUP, card["message_id"], f"tk:take:{t1}"),
        c.press_button(C2, GROUP, card["message_id"], f"tk:take:{t1}"),
    )
    a1, a2 = await answer_of(cc, q1), await answer_of(cc, q2)
    winners = [uid for uid, a in ((C1, a1), (C2, a2)) if "Вы взяли" in (a["text"] or "")]
    assert len(winners) == 1
    winner = winners[0]
    loser = C2 if winner == C1 else C1
    lost = a2 if winner == C1 else a1
    assert "уже взял" in lost["text"] and lost["show_alert"]
    ticket1 = await svc_of(cc).get(t1)
    assert ticket1.owner_id == winner and ticket1.status == "assigned"
    card = await wait_until(
        lambda: _card_without_take(cc, t1)
    )  # the card shows the owner and no Take button
    assert f"Staff{winner}" in text_of(card) and f"tk:take:{t1}" not in buttons(card)
    await c.wait_for_bot_message(1001, contains=f"взял ваше обращение №{t1}", after_message_id=0)

    # the other consultant takes the second ticket, the first one the third; both answer
    assert "Вы взяли" in (await take(cc, loser, t2))["text"]
    assert "Вы взяли" in (await take(cc, winner, t3))["text"]
    thread = {n: (await svc_of(cc).get(n)).thread_id for n in numbers}
    await asyncio.gather(
        c.send_message(loser, "Сессияны төрага чакырат (31-берене).", GROUP, thread[t2]),
        c.send_message(winner, "Да, в пределах фонда оплаты труда.", GROUP, thread[t3]),
    )
    got2 = await c.wait_for_bot_message(1002, contains="төрага чакырат", after_message_id=0)
    assert "Консультант" in text_of(got2)
    await c.wait_for_bot_message(1003, contains="фонда оплаты труда", after_message_id=0)

    # the winner answers the first asker with a document
    await c.send_document(
        winner,
        "порядок_аренды.pdf",
        b"%PDF-1.4 lease procedure",
        chat_id=GROUP,
        caption="Порядок аренды земель ФПС <важно>",
        thread_id=thread[t1],
    )
    doc = await c.wait_for_bot_message(
        1001, predicate=lambda m: "document" in m, after_message_id=0
    )
    assert doc["document"]["file_name"] == "порядок_аренды.pdf"
    assert "Консультант" in text_of(doc) and "<важно>" in text_of(doc)
    assert f"Staff{winner}" not in text_of(doc)  # no name unless the consultant opted in
    # an internal note stays in the group
    await c.send_message(winner, "// проверить решение кенеша", GROUP, thread[t1])

    async def note_stored() -> bool:
        return bool(
            await cc.runtime.db.fetchval(
                "SELECT count(*) FROM ticket_messages WHERE direction = 'note'"
            )
        )

    await wait_until(note_stored)

    # the asker follows up, then corrects the message: the copy in the topic follows
    follow = await c.send_message(1001, "А на какой срок?")
    copy = await c.wait_for_bot_message(GROUP, contains="А на какой срок?", thread_id=thread[t1])
    await c.edit_message(1001, 1001, follow["message_id"], "А на какой срок аренда?")
    await c.wait_for_bot_message(
        GROUP,
        contains="А на какой срок аренда?",
        thread_id=thread[t1],
        after_message_id=copy["message_id"] - 1,
    )

    # a photo and a voice message reach the topic too
    png = bytes.fromhex(
        "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
        "0000000d4944415478da63f8cf00000301010018dd8db00000000049454e44ae426082"
    )
    await c.send_photo(1001, png, caption="Схема участка")
    await c.send_voice(1001, b"OggS voice", duration=3)

    async def media_in_topic() -> bool:
        msgs = await c.bot_messages(GROUP, thread_id=thread[t1])
        return any("photo" in m and "Схема участка" in text_of(m) for m in msgs) and any(
            "voice" in m for m in msgs
        )

    await wait_until(media_in_topic)

    # close with a resolution → the asker rates 5 with a comment → reopens
    card = await card_of(cc, t1)
    query = await c.press_button(winner, GROUP, card["message_id"], f"tk:close:{t1}")
    await answer_of(cc, query)
    await c.wait_for_bot_message(GROUP, contains="итог", thread_id=thread[t1], after_message_id=0)
    await c.send_message(winner, "Аренда до 5 лет по решению айылного кенеша.", GROUP, thread[t1])
    closed = await c.wait_for_bot_message(1001, contains="закрыто", after_message_id=0)
    assert "Аренда до 5 лет" in text_of(closed)
    assert buttons(closed)[:5] == [f"rate:{t1}:{s}" for s in range(1, 6)]
    await c.press_button(1001, 1001, closed["message_id"], f"rate:{t1}:5")
    await c.wait_for_bot_message(1001, contains="Спасибо за оценку", after_message_id=0)
    await c.send_message(1001, "Всё понятно, спасибо!")
    await c.wait_for_bot_message(GROUP, contains="Всё понятно, спасибо!", thread_id=thread[t1])
    rated = await svc_of(cc).get(t1)
    assert (rated.status, rated.rating, rated.rating_comment) == (
        "closed",
        5,
        "Всё понятно, спасибо!",
    )
    await c.press_button(1001, 1001, closed["message_id"], f"tka:reopen:{t1}")
    await c.wait_for_bot_message(1001, contains="открыто снова", after_message_id=0)
    await c.wait_for_bot_message(GROUP, contains="снова открыл", thread_id=thread[t1])
    reopened = await svc_of(cc).get(t1)
    assert reopened.status == "reopened" and reopened.owner_id == winner

    # everything is on the record and was delivered exactly once
    rows = await cc.runtime.db.fetchall(
        "SELECT ticket_id, direction, text, delivery_status FROM ticket_messages ORDER BY id"
    )
    assert all(r["delivery_status"] in ("sent", "none") for r in rows)
    assert sorted(r["direction"] for r in rows if r["ticket_id"] == t1) == [
        "in",
        "in",
        "in",
        "note",
        "out",
    ]
    to_1001 = [text_of(m) for m in await c.bot_messages(1001)]
    assert sum("Порядок аренды земель" in t for t in to_1001) == 1
    in_topic = [text_of(m) for m in await c.bot_messages(GROUP, thread_id=thread[t1])]
    assert sum("А на какой срок" in t for t in in_topic) == 1
    assert not any("проверить решение кенеша" in t for t in to_1001)


async def _card_without_take(live: Live, number: int) -> dict[str, Any] | None:
    card = await card_of(live, number)
    return None if f"tk:take:{number}" in buttons(card) else card


async def test_forged_buttons_are_refused_and_logged(cc: Live) -> None:
    c = cc.client
    number = await ask(cc, 1011, "Кто утверждает смету айыл окмоту?")
    card = await card_of(cc, number)
    # an official forges the consultants' Take button
    query = await c.press_button(
        OFFICIAL, GROUP, card["message_id"], f"tk:take:{number}", forge=True
    )
    answer = await answer_of(cc, query)
    assert answer["show_alert"] and "недоступно" in answer["text"]
    # a consultant forges Close on a ticket someone else owns, and Take on a missing one
    assert "Вы взяли" in (await take(cc, C1, number))["text"]
    query = await c.press_button(C2, GROUP, card["message_id"], f"tk:close:{number}", forge=True)
    assert (await answer_of(cc, query))["show_alert"]
    query = await c.press_button(C2, GROUP, card["message_id"], "tk:take:999999", forge=True)
    assert (await answer_of(cc, query))["show_alert"]
    # the asker's escalate button with someone else's offer id
    offer_id = await record_bot_offer(
        cc.runtime.db, user_id=1011, question="Чужой вопрос", offer=None, source="escalate"
    )
    await c.send_message(OFFICIAL, "/help")
    shown = await c.wait_for_bot_message(OFFICIAL)
    query = await c.press_button(
        OFFICIAL, OFFICIAL, shown["message_id"], f"esc:{offer_id}", forge=True
    )
    assert (await answer_of(cc, query))["show_alert"]
    ticket = await svc_of(cc).get(number)
    assert ticket.owner_id == C1 and ticket.status == "assigned"
    refused = await cc.runtime.db.fetchall(
        "SELECT actor_id, action FROM audit_log WHERE allowed = 0 ORDER BY id"
    )
    assert [tuple(r) for r in refused] == [
        (OFFICIAL, "ticket.take"),
        (C2, "ticket.close"),
        (C2, "ticket.take"),
        (OFFICIAL, "ticket.escalate"),
    ]


async def test_blocked_asker_is_marked_and_the_consultant_told(cc: Live) -> None:
    c = cc.client
    number = await ask(cc, 1021, "Как созвать сход граждан?")
    await take(cc, C1, number)
    await c.wait_for_bot_message(1021, contains="взял ваше обращение")
    thread = (await svc_of(cc).get(number)).thread_id
    await c.block(1021)
    await c.send_message(C1, "Сход созывает глава айыл окмоту.", GROUP, thread)
    notice = await c.wait_for_bot_message(
        GROUP, contains="заблокировал", thread_id=thread, after_message_id=0
    )
    assert f"№{number}" in text_of(notice)

    async def marked_blocked() -> bool:
        asker = await UserRepository(cc.runtime.db).get(1021)
        return asker is not None and not asker.is_active

    await wait_until(marked_blocked)

    async def relay_blocked() -> bool:
        status = await cc.runtime.db.fetchval(
            "SELECT delivery_status FROM ticket_messages WHERE ticket_id = ? AND direction = 'out'",
            (number,),
        )
        return status == "blocked"

    await wait_until(relay_blocked)
    # the history stays available to consultants
    await c.send_message(C1, f"/ticket {number}", GROUP, thread)
    history = await c.wait_for_bot_message(GROUP, contains="Сход созывает", thread_id=thread)
    assert "не доставлено" in text_of(history)


async def test_relays_survive_429_and_500_nothing_lost_or_doubled(
    cc: Live, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bot.workers.relay

    c = cc.client
    number = await ask(cc, 1031, "Как провести аттестацию муниципальных служащих?")
    await take(cc, C2, number)
    thread = (await svc_of(cc).get(number)).thread_id
    # few retries inside a request, so some relays fail for good and the sweeper takes over
    cc.runtime.limiter.max_retries = 1
    monkeypatch.setattr(
        bot.workers.relay, "retry_delay", lambda attempts: dt.timedelta(seconds=0.1)
    )
    await c.set_faults(error_500=0.35, error_429=0.06, seed=20261125, methods=["sendMessage"])
    sends = [c.send_message(C2, f"Ответ-{i}: шаг {i}", GROUP, thread) for i in range(8)]
    sends += [c.send_message(1031, f"Вопрос-{i}: уточнение {i}") for i in range(8)]
    await asyncio.gather(*sends)

    async def all_sent() -> bool:
        rows = await cc.runtime.db.fetchall(
            "SELECT delivery_status FROM ticket_messages WHERE ticket_id = ?", (number,)
        )
        return len(rows) == 16 and all(r[0] == "sent" for r in rows)

    await wait_until(all_sent, timeout=30)
    stats = await c.stats()
    await c.set_faults()
    assert stats["errors_500"] >= 3 and stats["errors_429_injected"] >= 1
    retried = await cc.runtime.db.fetchval(
        "SELECT count(*) FROM ticket_messages WHERE ticket_id = ? AND attempts > 1", (number,)
    )
    assert retried >= 1  # some went through the sweeper, not only the in-request retries
    to_asker = [text_of(m) for m in await c.bot_messages(1031)]
    in_topic = [text_of(m) for m in await c.bot_messages(GROUP, thread_id=thread)]
    for i in range(8):
        assert sum(f"Ответ-{i}:" in t for t in to_asker) == 1
        assert sum(f"Вопрос-{i}:" in t for t in in_topic) == 1


@contextlib.asynccontextmanager
async def restarted_bot(live: Live, clock: MovableClock) -> AsyncIterator[Any]:
    """A new process: a new runtime on the same database file, a new bot polling the emulator."""
    runtime = await build_runtime(live.settings, load_knowledge=False)
    runtime.clock.use(clock)
    async with polling(runtime):
        await wait_until(lambda: _started(runtime))
        yield runtime


async def _started(runtime: Any) -> bool:
    return any(getattr(c, "name", "") == "sla" for c in runtime.components)


async def test_sla_reannounced_exactly_once_across_restarts(cc: Live) -> None:
    c = cc.client
    clock: MovableClock = cc.runtime.clock.inner
    number = await ask(cc, 1041, "Кто ведёт реестр муниципального имущества?")
    await card_of(cc, number)
    await asyncio.sleep(0.5)  # a few SLA checks: nothing is due yet
    assert (await svc_of(cc).get(number)).sla_take_fired_at is None

    # the bot stops; time passes (31 working minutes); the bot starts again
    await cc.dp.stop_polling()

    async def stopped() -> bool:
        return not cc.runtime.components

    await wait_until(stopped)
    clock.advance(minutes=31)

    def reannouncements(msgs: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [
            m
            for m in msgs
            if "никто не взял" in text_of(m)
            and f"№{number}" in text_of(m)
            and "message_thread_id" not in m
        ]

    async with restarted_bot(cc, clock):
        announced = await wait_until(
            lambda: _first(reannouncements, c)
        )  # in the General topic, with a Take button
        assert buttons(announced) == [f"tk:take:{number}"]
        await asyncio.sleep(1.0)  # five more checks
    async with restarted_bot(cc, clock) as third:
        await asyncio.sleep(1.0)
        # the re-announced ticket can be taken from the announcement in the new process
        query = await c.press_button(C1, GROUP, announced["message_id"], f"tk:take:{number}")
        assert "Вы взяли" in (await answer_of(cc, query))["text"]
        owner = (await third.tickets.get(number)).owner_id
        assert owner == C1
    assert len(reannouncements(await c.bot_messages(GROUP))) == 1
    fired = await cc.runtime.db.fetchval(
        "SELECT count(*) FROM ticket_events WHERE ticket_id = ? AND kind = 'sla_take'", (number,)
    )
    assert fired == 1


async def _first(select: Callable[[list[dict[str, Any]]], list[dict[str, Any]]], c: Any) -> Any:
    found = select(await c.bot_messages(GROUP))
    return found[0] if found else None
