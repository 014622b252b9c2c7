"""Telegram-like flood limits (token buckets) and seeded fault injection."""

from __future__ import annotations

import math
import random
import time

from sandbox.config import Faults, RateLimits

# Housekeeping calls never get injected faults unless listed explicitly in Faults.methods.
FAULT_EXEMPT = frozenset({"getupdates", "getme", "setwebhook", "deletewebhook", "getwebhookinfo"})


class TokenBucket:
    __slots__ = ("capacity", "rate", "stamp", "tokens")

    def __init__(self, rate: float, capacity: float, now: float) -> None:
        self.rate, self.capacity, self.tokens, self.stamp = rate, capacity, capacity, now

    def wait(self, now: float) -> float:
        """Seconds until one token is available (0 when one is available now)."""
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        return 0.0 if self.tokens >= 1 else (1 - self.tokens) / self.rate


class RateLimiter:
    def __init__(self, limits: RateLimits) -> None:
        self.limits = limits
        self.reset()

    def reset(self) -> None:
        self._global: TokenBucket | None = None
        self._chats: dict[int, TokenBucket] = {}
        # 429s by the limit that was broken: per_chat (private), group, global
        self.causes: dict[str, int] = {"per_chat": 0, "group": 0, "global": 0}

    def configure(self, limits: RateLimits) -> None:
        self.limits = limits
        self.reset()

    def check(self, chat_id: int, now: float | None = None) -> int:
        """Take one message slot for ``chat_id``; return 0, or retry_after seconds if over."""
        lim = self.limits
        if not lim.enabled:
            return 0
        now = time.monotonic() if now is None else now
        buckets = []
        if lim.global_per_sec:
            if self._global is None:
                self._global = TokenBucket(lim.global_per_sec, max(1.0, lim.global_per_sec), now)
            buckets.append(self._global)
        bucket = self._chats.get(chat_id)
        if bucket is None:
            if chat_id > 0 and lim.per_chat_per_sec:
                bucket = TokenBucket(lim.per_chat_per_sec, max(1, lim.burst), now)
            elif chat_id < 0 and lim.group_per_min:
                bucket = TokenBucket(lim.group_per_min / 60, max(1.0, lim.group_per_min), now)
            if bucket is not None:
                self._chats[chat_id] = bucket
        if bucket is not None:
            buckets.append(bucket)
        waits = [b.wait(now) for b in buckets]
        wait = max(waits, default=0.0)
        if wait > 0:
            if bucket is not None and waits[-1] > 0:
                self.causes["per_chat" if chat_id > 0 else "group"] += 1
            else:
                self.causes["global"] += 1
            return max(1, math.ceil(wait))
        for b in buckets:
            b.tokens -= 1
        return 0


class FaultInjector:
    def __init__(self, faults: Faults) -> None:
        self.configure(faults)

    def configure(self, faults: Faults) -> None:
        self.faults = faults
        self.rng = random.Random(faults.seed)

    def roll(self, method: str) -> int:
        """Return 500 or 429 when this call must fail, else 0."""
        f = self.faults
        if not (f.error_500 or f.error_429):
            return 0
        key = method.lower()
        if f.methods is not None:
            if key not in {m.lower() for m in f.methods}:
                return 0
        elif key in FAULT_EXEMPT:
            return 0
        x = self.rng.random()
        if x < f.error_500:
            return 500
        if x < f.error_500 + f.error_429:
            return 429
        return 0
