"""The shared rate limiter as the broadcast sender uses it: a busy chat does not hold up other
chats, a prepaid slot is not taken twice, a 429 pauses every sender."""

from __future__ import annotations

import asyncio
import time

from aiogram import Bot
from aiogram.exceptions import TelegramRetryAfter
from aiogram.methods import SendMessage

from bot.delivery import RateLimiter, RateLimits
from tests.conftest import TEST_TOKEN


def limiter(global_per_sec: float = 100.0, private_per_sec: float = 1.0) -> RateLimiter:
    return RateLimiter(
        RateLimits(global_per_sec=global_per_sec, private_per_sec=private_per_sec, private_burst=1),
        base_backoff=0.01,
    )


async def test_a_busy_chat_does_not_delay_other_chats() -> None:
    lim = limiter()
    start = time.monotonic()
    done: dict[str, float] = {}

    async def busy() -> None:  # three replies to one chat: 0 s, 1 s, 2 s
        for _ in range(3):
            await lim.wait_turn(1)
        done["busy"] = time.monotonic() - start

    async def others() -> None:  # meanwhile 20 other people, one message each
        await asyncio.sleep(0.05)
        for chat in range(100, 120):
            await lim.wait_turn(chat)
        done["others"] = time.monotonic() - start

    await asyncio.gather(busy(), others())
    assert done["busy"] >= 1.95
    # ~0.25 s at 100/s; before the fix they queued behind chat 1's third reply (2 s)
    assert done["others"] < 1.2


async def test_global_rate_holds_for_many_chats() -> None:
    lim = limiter(global_per_sec=200.0)
    start = time.monotonic()
    for chat in range(1, 101):
        await lim.wait_turn(chat)
    elapsed = time.monotonic() - start
    assert 0.45 <= elapsed < 1.5  # 100 messages at 200/s: never faster than the rate


async def test_prepaid_slot_is_not_taken_twice_and_429_pauses_everyone() -> None:
    lim = limiter(global_per_sec=10.0)
    bot = Bot(TEST_TOKEN)
    calls: list[float] = []
    fail_once = {"armed": True}
    others: list[asyncio.Task[float]] = []

    async def another_chat() -> float:
        await lim.wait_turn(8)
        return time.monotonic()

    async def make_request(bot: Bot, method: SendMessage):  # type: ignore[no-untyped-def]
        calls.append(time.monotonic())
        if method.chat_id == 7 and fail_once["armed"]:
            fail_once["armed"] = False
            others.append(asyncio.create_task(another_chat()))  # someone else sends now
            raise TelegramRetryAfter(method=method, message="Too Many Requests", retry_after=1)
        return True

    start = time.monotonic()
    for chat in (1, 2, 3):
        await lim.wait_turn(chat)
        with lim.prepaid():
            await lim(make_request, bot, SendMessage(chat_id=chat, text="x"))
    # three messages at 10/s: slots 0, 0.1, 0.2 — the prepaid calls did not wait again
    assert time.monotonic() - start < 0.3
    # a 429 pauses the whole sender for retry_after; the retry and others wait it out
    t429 = time.monotonic()
    await lim(make_request, bot, SendMessage(chat_id=7, text="x"))
    other_sent = await others[0]
    assert calls[-1] - t429 >= 0.99  # the retry came after the penalty
    assert other_sent - t429 >= 0.99  # and so did the other chat's message
    assert lim.stats.retried_429 == 1
    await bot.session.close()
