"""Pacing and retrying of everything the bot sends, as an aiogram session middleware.

All outgoing message traffic (replies, ticket relays, reminders, broadcasts) passes through one
:class:`RateLimiter` so Telegram's limits hold for the sum of it: a global rate, a rate per
private chat and a rate per group.  The buckets are GCRA (virtual scheduling): with rate ``r`` and
burst ``b`` no window of length ``w`` carries more than ``b + r*w`` messages.  A 429 pauses the
whole sender for ``retry_after`` seconds; nothing is retried inside the penalty.  Server errors
and network failures are retried a bounded number of times with exponential backoff.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import TelegramNetworkError, TelegramRetryAfter, TelegramServerError
from aiogram.methods import TelegramMethod
from aiogram.methods.base import Response, TelegramType

log = logging.getLogger(__name__)

# Methods that produce or change a message and count against Telegram's flood limits.
_COUNTED_PREFIXES = ("Send", "Copy", "Forward", "EditMessage")
# Set by :meth:`RateLimiter.prepaid`: the next counted request already holds its slot.
_PREPAID: contextvars.ContextVar[bool] = contextvars.ContextVar("limiter_prepaid", default=False)


@dataclass
class Bucket:
    interval: float  # seconds between messages at the sustained rate
    burst: int = 1
    tat: float = 0.0  # theoretical arrival time

    def earliest(self, now: float) -> float:
        tolerance = (self.burst - 1) * self.interval
        return max(now, self.tat - tolerance)

    def take(self, at: float) -> None:
        self.tat = max(self.tat, at) + self.interval


@dataclass
class RateLimits:
    global_per_sec: float = 29.0
    private_per_sec: float = 0.95
    private_burst: int = 3
    group_per_min: float = 19.0
    group_burst: int = 1


@dataclass
class DeliveryStats:
    sent: int = 0
    retried_429: int = 0
    retried_5xx: int = 0
    retried_network: int = 0
    failed: int = 0
    waited_seconds: float = 0.0
    by_method: dict[str, int] = field(default_factory=dict)


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
        self._global = Bucket(1.0 / self.limits.global_per_sec)
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

    def reserve(self, chat_id: int | str | None, now: float) -> float:
        """Reserve the earliest slot for a message to ``chat_id``; returns its time."""
        chat = self._chat_bucket(chat_id) if chat_id is not None else None
        at = max(now, self._paused_until, self._global.earliest(now))
        if chat is not None:
            at = max(at, chat.earliest(now))
        self._global.take(at)
        if chat is not None:
            chat.take(at)
        if len(self._chats) > 50_000:  # forget idle chats
            self._chats = {k: b for k, b in self._chats.items() if b.tat > now}
        return at

    def pause(self, seconds: float) -> None:
        loop = asyncio.get_running_loop()
        self._paused_until = max(self._paused_until, loop.time() + seconds)

    @contextmanager
    def prepaid(self) -> Iterator[None]:
        """Requests made inside already waited for their slot with :meth:`wait_turn`.

        A sender that must record "about to send" right before the request (the broadcast
        outbox) waits for its turn first, writes, then sends inside ``prepaid()`` so the slot is
        not taken twice.  Retries after an error wait for a new slot as usual.
        """
        token = _PREPAID.set(True)
        try:
            yield
        finally:
            _PREPAID.reset(token)

    async def wait_turn(self, chat_id: int | str | None) -> None:
        """Wait for this message's slot: first its chat's, then a global one (then any 429
        penalty).  The global slot is taken only once the chat's slot has come, so a message
        queued behind its own busy chat (three replies in a row, progress edits) never holds
        a global slot in the future and never delays the other chats' messages."""
        loop = asyncio.get_running_loop()
        if chat_id is not None:
            chat = self._chat_bucket(chat_id)
            at = chat.earliest(loop.time())
            chat.take(at)
            await self._sleep_until(at)
            if len(self._chats) > 50_000:  # forget idle chats
                now = loop.time()
                self._chats = {k: b for k, b in self._chats.items() if b.tat > now}
        now = loop.time()
        at = max(now, self._paused_until, self._global.earliest(now))
        self._global.take(at)
        await self._sleep_until(at)

    async def _sleep_until(self, at: float) -> None:
        loop = asyncio.get_running_loop()
        while True:
            delay = max(at, self._paused_until) - loop.time()
            if delay <= 0:
                return
            self.stats.waited_seconds += delay
            await asyncio.sleep(delay)

    # -- middleware ------------------------------------------------------------------------
    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        name = type(method).__name__
        counted = name.startswith(_COUNTED_PREFIXES)
        chat_id: Any = getattr(method, "chat_id", None)
        attempt = 0
        while True:
            if counted and not (attempt == 0 and _PREPAID.get()):
                await self.wait_turn(chat_id)
            else:
                await self._wait_penalty()
            try:
                result = await make_request(bot, method)
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
