"""The one wake-and-poll loop every background sender of the bot runs on.

The database is the truth (pending relays, timers, reminders, outbox rows); a worker only looks
at it.  It looks:

* at start (after :meth:`Worker.prepare`, which attaches the bot and settles what a crash left
  half-done), then every :attr:`Worker.interval` seconds — a periodic poll catches anything no
  one announced;
* at once when something calls :meth:`Worker.wake` (a handler stored work for it), and again at
  once while :meth:`Worker.poll` says it is busy (more is waiting);
* at the moment the database names (:meth:`Worker.next_wakeup`): one APScheduler date job per
  worker (``job_id``), replaced each time, never set in the past, still run when missed.

A poll that raises is logged and retried after 1, 2, 4 … seconds (at most :attr:`interval`);
the next good poll resets the pause.  :meth:`Worker.stop` takes no new work, cancels the loop
and lets the sends already started (:meth:`Worker.spawn`) finish for a bounded time.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any, Self

from aiogram import Bot
from apscheduler.schedulers.base import BaseScheduler

from bot.config import Settings
from bot.delivery import RateLimiter, SendWindow
from bot.i18n import Translator
from db.database import Database, utcnow

if TYPE_CHECKING:
    from bot.app import Runtime

log = logging.getLogger(__name__)

Clock = Callable[[], dt.datetime]
MIN_TIMER_DELAY = dt.timedelta(milliseconds=10)


def schedule_wakeup(
    scheduler: BaseScheduler | None,
    job_id: str,
    when: dt.datetime | None,
    clock: Clock,
    callback: Callable[[], Awaitable[None]],
) -> bool:
    """Arm ``job_id`` to call ``callback`` at ``when`` (or at once if it passed).  False when
    there is nothing to wait for or the scheduler is not running."""
    if when is None or scheduler is None or not scheduler.running:
        return False
    scheduler.add_job(
        callback,
        "date",
        run_date=max(when, clock() + MIN_TIMER_DELAY),
        id=job_id,
        replace_existing=True,
        misfire_grace_time=None,
        coalesce=True,
    )
    return True


def tracked(
    tasks: set[asyncio.Task[Any]], job: Coroutine[Any, Any, Any], name: str | None = None
) -> asyncio.Task[Any]:
    """``job`` started as a task that stays in ``tasks`` until it is done."""
    task = asyncio.create_task(job, name=name)
    tasks.add(task)
    task.add_done_callback(tasks.discard)
    return task


@dataclass
class SendTally:
    """What a sender's sends came to: of one run, or since the start (:meth:`add`)."""

    sent: int = 0
    late: int = 0
    blocked: int = 0
    failed: int = 0
    retried: int = 0
    skipped: int = 0
    lost_claims: int = 0  # another sender claimed the row first
    recovered_unknown: int = 0  # found mid-send at start: not resent
    skipped_reasons: dict[str, int] = field(default_factory=dict)

    def add(self, other: SendTally) -> None:
        for name in (f.name for f in fields(self) if f.name != "skipped_reasons"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for reason, count in other.skipped_reasons.items():
            self.skipped_reasons[reason] = self.skipped_reasons.get(reason, 0) + count


class Worker:
    """Base of the background senders: subclasses set :attr:`name` and :attr:`interval` and
    implement :meth:`poll` (and, when the database knows the next moment, :meth:`next_wakeup`).
    """

    name = "worker"
    interval: float = 60.0  # seconds between polls when nobody wakes the worker
    job_id: str | None = None  # the APScheduler job that wakes it at :meth:`next_wakeup`
    stop_grace: float = 10.0  # seconds the sends under way get to finish at stop
    poll_at_start = True  # False: the first poll comes one interval after start

    def __init__(
        self,
        *,
        scheduler: BaseScheduler | None = None,
        clock: Clock = utcnow,
        interval: float | None = None,
        loop: bool = True,
    ) -> None:
        """``loop=False``: no background task; the owner calls :meth:`poll` (tests, tools)."""
        self.scheduler = scheduler
        self.clock = clock
        if interval is not None:
            self.interval = interval
        self.loop = loop
        self.bot: Bot | None = None
        self.polls = 0
        self.errors = 0
        self._wake = asyncio.Event()
        self._stopping = False
        self._task: asyncio.Task[None] | None = None
        self._inflight: set[asyncio.Task[Any]] = set()

    # -- to implement ------------------------------------------------------------------------------
    async def prepare(self, bot: Bot) -> None:
        """Attach the bot and settle what a crash left behind (no background task)."""
        self.bot = bot

    async def poll(self) -> bool:
        """Do what is due now; True when more is waiting (poll again at once)."""
        raise NotImplementedError

    async def next_wakeup(self) -> dt.datetime | None:
        """The next moment the database says something becomes due (None: none known)."""
        return None

    # -- lifecycle ---------------------------------------------------------------------------------
    async def start(self, runtime: object, bot: Bot) -> None:
        """:class:`bot.app.Component` start: ``runtime`` is not used (what the worker needs
        was given to its constructor)."""
        await self.prepare(bot)
        self._stopping = False
        if self.loop:
            self._task = asyncio.create_task(self._run(), name=self.name)

    def wake(self) -> None:
        """Something was stored for this worker: poll now (no-op when nothing runs)."""
        self._wake.set()

    @property
    def stopping(self) -> bool:
        return self._stopping

    async def stop(self) -> None:
        """Take no new work; let the sends under way finish (bounded) and be recorded."""
        self._stopping = True
        self._wake.set()
        if self.job_id and self.scheduler is not None:
            with contextlib.suppress(Exception):
                self.scheduler.remove_job(self.job_id)
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        if self._inflight:
            _, late = await asyncio.wait(set(self._inflight), timeout=self.stop_grace)
            for pending in late:  # left mid-send: the next start settles them
                pending.cancel()
            await asyncio.gather(*late, return_exceptions=True)

    def spawn(self, job: Coroutine[Any, Any, Any], name: str | None = None) -> asyncio.Task[Any]:
        """Run one send in the background, tracked so :meth:`stop` and :meth:`settle` wait."""
        return tracked(self._inflight, job, name)

    @property
    def in_flight(self) -> int:
        return len(self._inflight)

    async def settle(self) -> None:
        """Wait until every send started with :meth:`spawn` has finished."""
        while self._inflight:
            await asyncio.wait(set(self._inflight))

    # -- the loop ----------------------------------------------------------------------------------
    async def _run(self) -> None:
        failures = 0
        if not self.poll_at_start:
            await self._sleep(self.interval)
        while not self._stopping:
            self._wake.clear()
            try:
                self.polls += 1
                busy = await self.poll()
                if not busy and not self._stopping:
                    await self._arm_timer()
            except Exception:
                failures += 1
                self.errors += 1
                pause = min(self.interval, float(2 ** min(failures - 1, 16)))
                log.exception("%s: poll failed; next try in %ss", self.name, pause)
                await self._sleep(pause)
                continue
            failures = 0
            if not busy:
                await self._sleep(self.interval)

    async def _sleep(self, seconds: float) -> None:
        """Wait ``seconds`` or until :meth:`wake`, whichever comes first."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), timeout=seconds)

    async def _arm_timer(self) -> None:
        if self.job_id is None or self.scheduler is None:
            return
        schedule_wakeup(
            self.scheduler, self.job_id, await self.next_wakeup(), self.clock, self._on_timer
        )

    async def _on_timer(self) -> None:
        self._wake.set()


class Sender(Worker):
    """A worker that sends to many people at Telegram's pace (reminders, broadcasts): the
    app's database, settings and translator, the shared limiter, and a :class:`SendWindow`
    over it.  Subclasses build the rest in :meth:`setup`."""

    def __init__(
        self,
        db: Database,
        settings: Settings,
        translator: Translator,
        limiter: RateLimiter,
        scheduler: BaseScheduler | None = None,
        *,
        clock: Clock = utcnow,
    ) -> None:
        super().__init__(scheduler=scheduler, clock=clock)
        self.db = db
        self.settings = settings
        self.translator = translator
        self.limiter = limiter
        self.window = SendWindow(limiter, fixed=settings.broadcast_window)
        self.setup()

    def setup(self) -> None:
        """Build the sender's own parts (repositories, counters)."""

    @classmethod
    def of_app(cls, runtime: Runtime, *, clock: Clock = utcnow) -> Self:
        """The sender of the app ``runtime`` (:class:`bot.app.Runtime`)."""
        return cls(
            runtime.db,
            runtime.settings,
            runtime.translator,
            runtime.limiter,
            runtime.scheduler,
            clock=clock,
        )


def find(components: list[Any], name: str) -> Any | None:
    """The running component called ``name`` (handlers wake it after storing work)."""
    for component in components:
        if getattr(component, "name", None) == name:
            return component
    return None
