"""Pacing and retrying of everything the bot sends, as an aiogram session middleware.

All outgoing message traffic (replies, ticket relays, reminders, broadcasts) passes through one
:class:`RateLimiter` so Telegram's limits hold for the sum of it: a global rate, a rate per
private chat and a rate per group.  The buckets are GCRA: with rate ``r`` and burst ``b`` no
window of length ``w`` carries more than ``b + r*w`` messages.

* **The slot is taken when the request really starts.**  A sender asks for a slot right before
  its HTTP call (:meth:`RateLimiter.acquire`); nothing is reserved ahead of time, so a sender held
  up by anything else (a database write, an outbox claim) cannot fire a stored-up slot later
  together with others.
* **No thundering herd.**  A 429 pauses the whole sender for ``retry_after``; every waiter then
  takes its slot one by one at the pace (a small global burst absorbs timer lateness only), never
  all at the instant the pause ends.
* **One message a second per private chat** (``burst`` 1 by default): several messages meant to
  arrive together are composed as one by the handlers, or come spaced.
* Server errors and network failures are retried a bounded number of times with backoff.

:class:`SendWindow` bounds the calls a background sender keeps in flight: enough to reach the
global rate over the measured round-trip (``rate × round-trip``), no more (a crash can leave at
most that many calls unconfirmed).

:func:`deliver` makes one Bot API call of a background sender (reminders, broadcasts) and
classifies what came of it (:class:`Outcome`).
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import math
import random
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import TelegramMethod
from aiogram.methods.base import Response, TelegramType
from aiogram.types import BufferedInputFile, InlineKeyboardMarkup

log = logging.getLogger(__name__)

# Failures worth trying again later (the limiter already retried them a few times).
TRANSIENT = (TelegramRetryAfter, TelegramServerError, TelegramNetworkError, TimeoutError)

# Methods that produce or change a message and count against Telegram's flood limits.
_COUNTED_PREFIXES = ("Send", "Copy", "Forward", "EditMessage")
_NOT_COUNTED = frozenset({"SendChatAction"})  # "typing…" is not a message
# Set by :meth:`RateLimiter.prepaid`: the next counted request already holds its slot.
_PREPAID: contextvars.ContextVar[bool] = contextvars.ContextVar("limiter_prepaid", default=False)


@dataclass
class Bucket:
    interval: float  # seconds between messages at the sustained rate
    burst: int = 1
    tat: float = 0.0  # theoretical arrival time
    # Senders waiting to send to this chat, in the order they asked: messages to one chat
    # leave in that order (a stale progress edit never overtakes the final one).
    queue: deque[asyncio.Future[None]] = field(default_factory=deque)

    def earliest(self, now: float) -> float:
        tolerance = (self.burst - 1) * self.interval
        return max(now, self.tat - tolerance)

    def take(self, at: float) -> None:
        self.tat = max(self.tat, at) + self.interval


@dataclass
class RateLimits:
    global_per_sec: float = 29.0
    private_per_sec: float = 0.95
    private_burst: int = 1
    group_per_min: float = 19.0
    group_burst: int = 1
    # Slack of the global bucket: a waiter woken a millisecond late does not lose its slot (so
    # the sustained rate stays the configured one); Telegram's own 30/s tolerates far more.
    global_burst: int = 3


@dataclass
class DeliveryStats:
    sent: int = 0
    retried_429: int = 0
    retried_5xx: int = 0
    retried_network: int = 0
    failed: int = 0
    waited_seconds: float = 0.0
    by_method: dict[str, int] = field(default_factory=dict)
    rtt: float = 0.0  # moving average of a counted request's round-trip (seconds)


class RateLimiter(BaseRequestMiddleware):
    def __init__(
        self,
        limits: RateLimits | None = None,
        *,
        max_retries: int = 5,
        base_backoff: float = 0.5,
        max_backoff: float = 30.0,
    ) -> None:
        self.limits = limits or RateLimits()
        self.max_retries = max_retries
        self.base_backoff = base_backoff
        self.max_backoff = max_backoff
        self._global = Bucket(1.0 / self.limits.global_per_sec, max(1, self.limits.global_burst))
        self._chats: dict[int | str, Bucket] = {}
        self._paused_until = 0.0
        self.stats = DeliveryStats()

    # -- pacing ----------------------------------------------------------------------------
    def _chat_bucket(self, chat_id: int | str) -> Bucket:
        bucket = self._chats.get(chat_id)
        if bucket is None:
            is_private = isinstance(chat_id, int) and chat_id > 0
            if is_private:
                bucket = Bucket(1.0 / self.limits.private_per_sec, self.limits.private_burst)
            else:
                bucket = Bucket(60.0 / self.limits.group_per_min, self.limits.group_burst)
            self._chats[chat_id] = bucket
        return bucket

    def pause(self, seconds: float) -> None:
        loop = asyncio.get_running_loop()
        self._paused_until = max(self._paused_until, loop.time() + seconds)

    @contextmanager
    def prepaid(self) -> Iterator[None]:
        """Requests made inside already took their slot with :meth:`acquire` (right before)."""
        token = _PREPAID.set(True)
        try:
            yield
        finally:
            _PREPAID.reset(token)

    async def acquire(self, chat_id: int | str | None) -> None:
        """Wait until a message to ``chat_id`` may start now, and take its slot (the chat's and
        a global one) at that moment.  (The middleware does this itself for every counted
        request; this is for senders that call the Bot API some other way.)"""
        chat = self._chat_bucket(chat_id) if chat_id is not None else None
        turn = await self._enter(chat)
        try:
            await self._take(chat)
        finally:
            self._leave(chat, turn)

    async def _enter(self, chat: Bucket | None) -> asyncio.Future[None] | None:
        """Wait for this chat's turn: messages to one chat go one at a time, in the order they
        were asked for (a stale progress edit never overtakes the final one)."""
        if chat is None:
            return None
        turn: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        chat.queue.append(turn)
        if chat.queue[0] is turn:
            turn.set_result(None)
        try:
            await turn
        except BaseException:
            self._leave(chat, turn)
            raise
        return turn

    def _leave(self, chat: Bucket | None, turn: asyncio.Future[None] | None) -> None:
        if chat is None or turn is None or turn not in chat.queue:
            return
        head = chat.queue[0] is turn
        chat.queue.remove(turn)
        if head and chat.queue and not chat.queue[0].done():
            chat.queue[0].set_result(None)

    async def _take(self, chat: Bucket | None) -> None:
        """Sleep until the chat, the global bucket and any 429 penalty allow a message now,
        check again and take the slot only then.  Nothing is reserved while waiting: a message
        behind its own busy chat never holds a global slot, and after a pause the waiters leave
        at the pace, one by one."""
        loop = asyncio.get_running_loop()
        while True:
            now = loop.time()
            at = max(now, self._paused_until, self._global.earliest(now))
            if chat is not None:
                at = max(at, chat.earliest(now))
            if at <= now:
                self._global.take(now)
                if chat is not None:
                    chat.take(now)
                break
            self.stats.waited_seconds += at - now
            await asyncio.sleep(at - now)
        if len(self._chats) > 50_000:  # forget idle chats
            self._chats = {k: b for k, b in self._chats.items() if b.tat > now or b.queue}

    # The name the senders used before; same behaviour.
    wait_turn = acquire

    # -- middleware ------------------------------------------------------------------------
    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        name = type(method).__name__
        counted = name.startswith(_COUNTED_PREFIXES) and name not in _NOT_COUNTED
        chat_id: Any = getattr(method, "chat_id", None)
        chat = self._chat_bucket(chat_id) if counted and chat_id is not None else None
        turn = await self._enter(chat)
        try:
            return await self._send(make_request, bot, method, name, counted, chat)
        finally:
            self._leave(chat, turn)

    async def _send(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
        name: str,
        counted: bool,
        chat: Bucket | None,
    ) -> Response[TelegramType]:
        loop = asyncio.get_running_loop()
        attempt = 0
        while True:
            if counted and not (attempt == 0 and _PREPAID.get()):
                await self._take(chat)
            else:
                await self._wait_penalty()
            started = time.monotonic()
            try:
                try:
                    result = await make_request(bot, method)
                finally:
                    # Telegram counts a message when it receives it: somewhere between our
                    # request and its answer.  The chat's next message starts a full interval
                    # after the answer, so network jitter never brings two closer than that.
                    if chat is not None:
                        chat.tat = max(chat.tat, loop.time() + chat.interval)
            except TelegramRetryAfter as exc:
                self.stats.retried_429 += 1
                log.warning("429 on %s, whole sender pauses %ss", name, exc.retry_after)
                self.pause(exc.retry_after)
                error: Exception = exc
            except TelegramServerError as exc:
                self.stats.retried_5xx += 1
                error = exc
            except TelegramNetworkError as exc:
                self.stats.retried_network += 1
                error = exc
            else:
                self.stats.sent += 1
                self.stats.by_method[name] = self.stats.by_method.get(name, 0) + 1
                if counted:
                    rtt = time.monotonic() - started
                    self.stats.rtt = rtt if not self.stats.rtt else 0.8 * self.stats.rtt + 0.2 * rtt
                return result
            attempt += 1
            if attempt > self.max_retries:
                self.stats.failed += 1
                raise error
            if not isinstance(error, TelegramRetryAfter):
                backoff = min(self.max_backoff, self.base_backoff * 2 ** (attempt - 1))
                await asyncio.sleep(backoff * (0.5 + random.random() / 2))

    async def _wait_penalty(self) -> None:
        loop = asyncio.get_running_loop()
        delay = self._paused_until - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)


class SendWindow:
    """At most :attr:`size` sends of one background sender in flight at once.

    ``fixed`` > 0 pins the size.  Otherwise it follows Little's law: to keep the global rate
    ``r`` with each send occupying its place for ``t`` seconds (the Bot API round-trip measured
    by the limiter plus the sender's own database work), ``r × t`` places are needed; the window
    is that with a quarter of margin plus one, between ``low`` and ``high``.  With 150 ms
    round-trips at 29/s that is 7 (the old fixed 4 capped the rate at 4 / 0.15 s = 26.7/s).
    """

    def __init__(
        self,
        limiter: RateLimiter,
        *,
        fixed: int = 0,
        low: int = 4,
        high: int = 32,
    ) -> None:
        self.limiter = limiter
        self.fixed = fixed
        self.low, self.high = low, high
        self.work = 0.0  # moving average of the sender's own time per send (database)
        self.in_flight = 0
        self.peak = 0
        self._waiters: deque[asyncio.Future[None]] = deque()

    @property
    def size(self) -> int:
        if self.fixed > 0:
            return self.fixed
        hold = (self.limiter.stats.rtt or 0.1) + self.work
        wanted = math.ceil(self.limiter.limits.global_per_sec * hold * 1.25) + 1
        return max(self.low, min(self.high, wanted))

    def observe_work(self, seconds: float) -> None:
        self.work = seconds if not self.work else 0.8 * self.work + 0.2 * seconds

    async def acquire(self) -> None:
        loop = asyncio.get_running_loop()
        while self.in_flight >= self.size:
            waiter: asyncio.Future[None] = loop.create_future()
            self._waiters.append(waiter)
            try:
                await waiter
            finally:
                if waiter in self._waiters:
                    self._waiters.remove(waiter)
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)

    def release(self) -> None:
        self.in_flight -= 1
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)
                return


# -- one send of a background sender, classified --------------------------------------------------
@dataclass(frozen=True, slots=True)
class Content:
    text: str
    markup: InlineKeyboardMarkup | None = None
    media_type: str | None = None  # photo | document
    file_id: str | None = None
    upload: tuple[bytes, str] | None = None  # a file made here (data, name): the .ics


async def send_content(bot: Bot, chat_id: int, content: Content) -> int:
    """Send and return the Telegram message id."""
    if content.upload is not None:
        data, filename = content.upload
        msg = await bot.send_document(
            chat_id,
            BufferedInputFile(data, filename=filename),
            caption=content.text or None,
            reply_markup=content.markup,
        )
    elif content.media_type == "photo" and content.file_id:
        msg = await bot.send_photo(
            chat_id, content.file_id, caption=content.text or None, reply_markup=content.markup
        )
    elif content.media_type == "document" and content.file_id:
        msg = await bot.send_document(
            chat_id, content.file_id, caption=content.text or None, reply_markup=content.markup
        )
    else:
        msg = await bot.send_message(
            chat_id, content.text, reply_markup=content.markup, disable_web_page_preview=True
        )
    return msg.message_id


@dataclass
class Outcome:
    status: str  # sent | blocked | retry | failed
    message_id: int | None = None
    error: str | None = None
    retry_after: float | None = None
    transient: bool = False


async def deliver(bot: Bot, chat_id: int, content: Content) -> Outcome:
    """One Bot API call, classified.  The shared limiter (the bot session's middleware) takes
    the rate slot right before the HTTP request, i.e. after the caller's outbox claim."""
    try:
        message_id = await send_content(bot, chat_id, content)
    except TelegramForbiddenError as exc:
        return Outcome("blocked", error=exc.message)
    except TelegramRetryAfter as exc:
        return Outcome("retry", error=exc.message, retry_after=float(exc.retry_after))
    except (TelegramServerError, TelegramNetworkError) as exc:
        return Outcome("retry", error=str(exc)[:300], transient=True)
    except TelegramBadRequest as exc:
        return Outcome("failed", error=exc.message[:300])
    except TelegramAPIError as exc:
        return Outcome("failed", error=str(exc)[:300])
    return Outcome("sent", message_id=message_id)
