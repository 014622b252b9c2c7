"""The SLA worker: fires due ticket timers and retries the call-center's deliveries.

Every ``SLA_CHECK_SECONDS`` it (1) fires the SLA timers that are due — computed from the
tickets' timestamps and the working calendar by :meth:`services.tickets.TicketService.
fire_due_timers`, each marked fired in the same transaction as its event, so a timer fires once
across restarts and concurrent checks — and (2) lets the relay announce pending events and retry
relays and edits that failed.  On start it first marks deliveries interrupted by a crash for
retry.  ``create_component(runtime)`` builds it for :mod:`bot.app`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from aiogram import Bot

from bot.workers.base import Worker
from bot.workers.relay import Relay
from services.tickets import TicketService

if TYPE_CHECKING:
    from bot.app import Runtime

log = logging.getLogger(__name__)


@dataclass
class TickReport:
    fired: list[int] = field(default_factory=list)
    delivered: dict[str, int] = field(default_factory=dict)


class SlaComponent(Worker):
    name = "sla"

    def __init__(
        self,
        tickets: TicketService,
        relay_for: Callable[[Bot], Relay],
        *,
        interval: float,
        loop: bool = True,
    ) -> None:
        """``relay_for(bot)``: the app's relay of that bot (:meth:`Relay.of`)."""
        super().__init__(interval=interval, loop=loop)
        self.tickets = tickets
        self.relay_for = relay_for
        self._lock = asyncio.Lock()
        self.ticks = 0

    async def prepare(self, bot: Bot) -> None:
        await super().prepare(bot)
        recovered = await self.tickets.repo.recover_interrupted()
        if recovered:
            log.info("%d interrupted relay(s)/announcement(s) will be retried", recovered)

    async def stop(self) -> None:
        await super().stop()
        if self.bot is not None:
            await self.relay_for(self.bot).courier.stop()

    async def poll(self) -> bool:
        await self.tick()
        return False

    async def tick(self) -> TickReport:
        """One check: fire due timers, then announce and retry whatever is pending."""
        assert self.bot is not None, "start() first"
        async with self._lock:
            self.ticks += 1
            report = TickReport()
            report.fired = await self.tickets.fire_due_timers()
            if report.fired:
                log.info("SLA: %d timer(s) fired", len(report.fired))
            report.delivered = await self.relay_for(self.bot).sweep()
            return report


def create_component(
    runtime: Runtime, *, interval: float | None = None, loop: bool = True
) -> SlaComponent:
    """The SLA worker of the app ``runtime`` (:class:`bot.app.Runtime`)."""
    return SlaComponent(
        runtime.tickets,
        lambda bot: Relay.of(runtime, bot),
        interval=runtime.settings.sla_check_seconds if interval is None else interval,
        loop=loop,
    )
