"""What a handler nudges after it changed rows a background sender works from.

One object, put into Dispatcher data as ``wakeups`` and injected by type
(``wakeups: Wakeups``), so handlers need neither ``runtime`` nor the components' modules: a new
registration refreshes the reminders, a new or resumed broadcast (or an event notice) wakes the
outbox sender, a pause or cancel tells it to stop taking rows of the current batch.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.workers import broadcast as broadcasting
from bot.workers import reminders as reminding

if TYPE_CHECKING:
    from bot.app import Runtime


class Wakeups:
    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime  # its components start after the Dispatcher is built

    def outbox(self, *, control: bool = False) -> None:
        """New rows in the outbox (``control``: a pause or cancel of a running broadcast)."""
        broadcasting.wake(self._runtime, control=control)

    def reminders(self) -> None:
        """Registrations or event times changed."""
        reminding.refresh(self._runtime)
