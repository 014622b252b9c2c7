"""What the events and broadcasts handlers work with, as one injected object."""

from __future__ import annotations

from dataclasses import dataclass

from bot.wakeups import Wakeups
from handlers.common.wiring import UpdateContext
from services.broadcast import BroadcastService
from services.events import EventService


@dataclass(frozen=True, slots=True, kw_only=True)
class Office(UpdateContext):
    """An events or broadcasts update's context with the events and broadcast services and the
    workers to wake (``Provide("office", Office.build)`` on the events and broadcasts
    routers)."""

    events: EventService
    broadcasts: BroadcastService
    wakeups: Wakeups
