"""The SLA component: a periodic check that fires due ticket timers and retries deliveries.

Every ``SLA_CHECK_SECONDS`` it (1) fires the SLA timers that are due — computed from the
tickets' timestamps and the working calendar, each marked fired in the same transaction as its
event, so a timer fires once across restarts and concurrent checks — and (2) lets the relay
announce pending events and retry relays and edits that failed.  On start it first marks
deliveries interrupted by a crash for retry.  Registered in ``bot.app.COMPONENT_FACTORIES`` as
``services.sla:create_component``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field
from typing import Any

from aiogram import Bot

from services.relay import Relay
from services.tickets import TicketService

log = logging.getLogger(__name__)


@dataclass
class TickReport:
    fired: list[int] = field(default_factory=list)
    delivered: dict[str, int] = field(default_factory=dict)


class SlaComponent:
    name = "sla"

    def __init__(self, runtime: Any, interval: float | None = None, *, loop: bool = True) -> None:
        """``loop=False``: no periodic task; the owner calls :meth:`tick` (tests, tools)."""
        self.runtime = runtime
        self.interval = interval if interval is not None else runtime.settings.sla_check_seconds
        self.loop = loop
        self.bot: Bot | None = None
        self._task: asyncio.Task[None] | None = None
        self._lock = asyncio.Lock()
        self.ticks = 0

    async def start(self, runtime: Any, bot: Bot) -> None:
        self.runtime, self.bot = runtime, bot
        recovered = await TicketService.from_runtime(runtime).repo.recover_interrupted()
        if recovered:
            log.info("%d interrupted relay(s)/announcement(s) will be retried", recovered)
        if self.loop:
            self._task = asyncio.create_task(self._run(), name="sla-timers")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        courier = self.runtime.extra.get("courier") if self.runtime is not None else None
        if courier is not None:
            await courier.stop()

    async def _run(self) -> None:
        while True:
            try:
                await self.tick()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("SLA check failed; next try in %ss", self.interval)
            await asyncio.sleep(self.interval)

    async def tick(self) -> TickReport:
        """One check: fire due timers, then announce and retry whatever is pending."""
        assert self.bot is not None, "start() first"
        async with self._lock:
            self.ticks += 1
            report = TickReport()
            report.fired = await TicketService.from_runtime(self.runtime).fire_due_timers()
            if report.fired:
                log.info("SLA: %d timer(s) fired", len(report.fired))
            report.delivered = await Relay(self.bot, self.runtime).sweep()
            return report


def create_component(runtime: Any) -> SlaComponent:
    return SlaComponent(runtime)
