"""The shared rate limiter: a busy chat does not hold up other chats, one message a second per
private chat, the slot is taken when the request starts, a 429 pauses every sender and the
waiters then leave at the pace (no herd), and the send window is sized from rate × round-trip."""

from __future__ import annotations

import asyncio
import itertools
import time

from aiogram import Bot
from aiogram.exceptions import TelegramRetryAfter
from aiogram.methods import SendMessage

from bot.delivery import RateLimiter, RateLimits, SendWindow
from tests.conftest import TEST_TOKEN


def limiter(
    global_per_sec: float = 100.0, private_per_sec: float = 1.0, global_burst: int = 3
) -> RateLimiter:
    return RateLimiter(
        RateLimits(
            global_per_sec=global_per_sec,
            private_per_sec=private_per_sec,
            private_burst=1,
            global_burst=global_burst,
        ),
        base_backoff=0.01,
    )


def most_in_window(times: list[float], width: float) -> int:
    times = sorted(times)
    return max(
        (sum(1 for t in times[i:] if t - start < width) for i, start in enumerate(times)),
        default=0,
    )


async def test_a_busy_chat_does_not_delay_other_chats() -> None:
    lim = limiter()
    start = time.monotonic()
    done: dict[str, float] = {}
    busy_times: list[float] = []

    async def busy() -> None:  # three replies to one chat: 0 s, 1 s, 2 s
        for _ in range(3):
            await lim.acquire(1)
            busy_times.append(time.monotonic())
        done["busy"] = time.monotonic() - start

    async def others() -> None:  # meanwhile 20 other people, one message each
        await asyncio.sleep(0.05)
        for chat in range(100, 120):
            await lim.acquire(chat)
        done["others"] = time.monotonic() - start

    await asyncio.gather(busy(), others())
    assert done["busy"] >= 1.95
    # one message a second to a private chat, no burst
    assert all(b - a >= 0.99 for a, b in itertools.pairwise(busy_times))
    assert done["others"] < 1.2  # ~0.25 s at 100/s, not behind chat 1's third reply (2 s)


async def test_global_rate_holds_for_many_chats() -> None:
    lim = limiter(global_per_sec=200.0)
    start = time.monotonic()
    for chat in range(1, 101):
        await lim.acquire(chat)
    elapsed = time.monotonic() - start
    assert 0.45 <= elapsed < 1.5  # 100 messages at 200/s: never faster than the rate


async def test_the_slot_is_taken_when_the_request_starts_not_before_a_stall() -> None:
    """Senders that stall between asking to send and sending (an outbox claim waiting for the
    database) do not fire stored-up slots together: the requests themselves keep the pace."""
    lim = limiter(global_per_sec=50.0, global_burst=1)
    bot = Bot(TEST_TOKEN)
    starts: list[float] = []

    async def make_request(bot: Bot, method: SendMessage):  # type: ignore[no-untyped-def]
        starts.append(time.monotonic())
        return True

    async def sender(chat: int) -> None:
        await asyncio.sleep(0.3 if chat % 2 else 0.0)  # half of them stall in their "claim"
        await lim(make_request, bot, SendMessage(chat_id=chat, text="x"))

    await asyncio.gather(*(sender(chat) for chat in range(1, 31)))
    await bot.session.close()
    assert len(starts) == 30
    # at 50/s with no burst: no two requests fired together (stored-up slots would give gaps of
    # ~0); half an interval of slack for the event loop's scheduling on a loaded machine (a run
    # measured 0.016 s between two starts the limiter had spaced 0.020 s apart)
    gaps = [b - a for a, b in itertools.pairwise(sorted(starts))]
    assert min(gaps) >= 0.010
    assert most_in_window(starts, 0.1) <= 6


async def test_a_429_pauses_everyone_and_the_waiters_leave_at_the_pace() -> None:
    """20 senders are waiting for their turn while a request is in flight; it comes back 429.
    Nobody sends during the penalty, and afterwards they leave at the pace, not at once."""
    lim = limiter(global_per_sec=20.0, global_burst=3)
    bot = Bot(TEST_TOKEN)
    calls: list[float] = []
    paused: dict[str, float] = {}

    async def make_request(bot: Bot, method: SendMessage):  # type: ignore[no-untyped-def]
        if method.chat_id == 7 and not paused:
            await asyncio.sleep(0.2)  # the round-trip of the request that gets the 429
            paused["at"] = time.monotonic()
            raise TelegramRetryAfter(method=method, message="Too Many Requests", retry_after=1)
        calls.append(time.monotonic())
        return True

    async def send(chat: int) -> None:
        await lim(make_request, bot, SendMessage(chat_id=chat, text="x"))

    await asyncio.gather(send(7), *(send(chat) for chat in range(100, 120)))
    await bot.session.close()
    assert lim.stats.retried_429 == 1
    during = [t for t in calls if paused["at"] < t < paused["at"] + 0.99]
    assert during == []  # nobody went inside the penalty
    after = [t for t in calls if t >= paused["at"] + 0.99]
    assert len(after) >= 10
    # released at the pace (20/s, slack 3), not all at the instant the pause ended
    assert most_in_window(after, 0.1) <= 5


def test_the_window_is_sized_from_rate_and_round_trip() -> None:
    lim = limiter(global_per_sec=29.0)
    window = SendWindow(lim)
    lim.stats.rtt = 0.150
    window.observe_work(0.004)
    # 29/s × 0.154 s × 1.25 + 1 → 7 in flight: 7 / 0.154 s = 45/s ≥ 29/s
    assert window.size == 7
    assert window.size / (lim.stats.rtt + window.work) >= 29
    lim.stats.rtt = 0.005
    assert window.size == 4  # never below the floor
    assert SendWindow(lim, fixed=3).size == 3


async def test_the_window_bounds_the_sends_in_flight() -> None:
    lim = limiter()
    window = SendWindow(lim, fixed=3)
    active = {"now": 0, "peak": 0}

    async def job() -> None:
        await window.acquire()
        try:
            active["now"] += 1
            active["peak"] = max(active["peak"], active["now"])
            await asyncio.sleep(0.01)
            active["now"] -= 1
        finally:
            window.release()

    await asyncio.gather(*(job() for _ in range(20)))
    assert active["peak"] == 3 and window.in_flight == 0


async def test_messages_to_one_chat_leave_in_the_order_they_were_asked_for() -> None:
    lim = limiter(private_per_sec=20.0)
    order: list[int] = []

    async def send(n: int) -> None:
        await asyncio.sleep(n * 0.001)  # asked for in the order 0, 1, 2, …
        await lim.acquire(5)
        order.append(n)

    await asyncio.gather(*(send(n) for n in reversed(range(8))))
    assert order == list(range(8))


async def test_a_chats_next_message_starts_an_interval_after_the_answer() -> None:
    """Telegram counts a message when it arrives (between our request and its answer): the
    next one to the chat waits a full interval after the answer, so a slow or jittery network
    cannot bring two arrivals closer than the limit.  Other chats are not held up."""
    lim = limiter(global_per_sec=100.0, private_per_sec=5.0)  # 0.2 s per chat
    bot = Bot(TEST_TOKEN)
    spans: dict[int, list[tuple[float, float]]] = {}

    async def make_request(bot: Bot, method: SendMessage):  # type: ignore[no-untyped-def]
        start = time.monotonic()
        await asyncio.sleep(0.15)  # the round-trip
        spans.setdefault(int(method.chat_id), []).append((start, time.monotonic()))
        return True

    async def send(chat: int) -> None:
        await lim(make_request, bot, SendMessage(chat_id=chat, text="x"))

    await asyncio.gather(*(send(1) for _ in range(3)), send(2), send(3))
    await bot.session.close()
    ones = spans[1]
    assert all(b[0] - a[1] >= 0.199 for a, b in itertools.pairwise(ones))  # after the answer
    assert spans[2][0][0] - ones[0][0] < 0.1 and spans[3][0][0] - ones[0][0] < 0.1


async def test_a_typing_action_does_not_hold_up_the_reply() -> None:
    from aiogram.enums import ChatAction
    from aiogram.methods import SendChatAction

    lim = limiter(private_per_sec=1.0)
    bot = Bot(TEST_TOKEN)

    async def make_request(bot: Bot, method):  # type: ignore[no-untyped-def]
        return True

    start = time.monotonic()
    await lim(make_request, bot, SendChatAction(chat_id=9, action=ChatAction.TYPING))
    await lim(make_request, bot, SendMessage(chat_id=9, text="the answer"))
    await bot.session.close()
    assert time.monotonic() - start < 0.2  # not a message: the answer does not wait 1 s
