"""Reminders of events: rows in the database, an in-process trigger, claimed before each send.

``ReminderComponent`` (``services.reminders:create_component``):

* The database is the truth: one ``reminders`` row per (event, person, offset), made when the
  person registers (or moves up from the waiting list) and moved when the event moves.
* APScheduler is only the trigger: one date job, ``reminders-next``, at the earliest pending
  moment, rebuilt from the database at start and after every run (plus a one-minute safety
  poll).  The worker then takes every due row:

  - of several due rows of one person and event (after downtime) only the nearest to the
    start is sent, the others are skipped as superseded;
  - a row whose moment passed less than ``reminder_grace_minutes`` ago is sent, marked late;
    older ones, or ones whose event already started, are skipped and logged;
  - each row to send is claimed (``pending`` → ``sending`` with a token, committed) before
    the Bot API call (the shared limiter takes the rate slot right before the HTTP request,
    after the claim), and marked ``sent`` with the message id after it; a late one says by
    how much, measured when it is sent.  A second worker, a second trigger or a restart can
    never send it again; a row found in ``sending`` at start (crash mid-call) becomes
    ``unknown`` and is not resent.
* Messages are in each person's language with times in Asia/Bishkek, paced by the shared
  limiter like every other message of the bot.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from aiogram import Bot

from bot.delivery import SendWindow
from db.database import utcnow
from db.repositories.events import DueReminder, Event, EventRepository, ReminderRepository
from db.repositories.users import UserRepository
from services.broadcast import Content, deliver
from services.events import parse_offsets
from services.subscriptions import effective_language
from services.wakeup import schedule_wakeup

if TYPE_CHECKING:
    from bot.app import Runtime

log = logging.getLogger(__name__)
Clock = Callable[[], dt.datetime]
COMPONENT_NAME = "reminders"
# Sent this much after its moment = "late", said with the real delay.  Half a minute: from
# there the delay reads as at least "1 minute" in the text (times are rounded to minutes).
LATE_AFTER = dt.timedelta(seconds=30)
POLL_SECONDS = 60.0


@dataclass
class Decision:
    send: list[tuple[DueReminder, bool]] = field(default_factory=list)  # (row, late)
    skip: list[tuple[int, str]] = field(default_factory=list)  # (row id, reason)


def decide(rows: Sequence[DueReminder], now: dt.datetime, grace: dt.timedelta) -> Decision:
    """What to do with due rows: a pure function of the rows and the clock."""
    out = Decision()
    latest: dict[tuple[int, int], DueReminder] = {}

    def nearness(r: DueReminder) -> tuple[dt.datetime, int]:  # nearer to the start = bigger
        return (r.due_at, -r.offset_minutes)

    for row in rows:
        key = (row.event_id, row.user_id)
        best = latest.get(key)
        if best is None or nearness(row) > nearness(best):
            if best is not None:
                out.skip.append((best.id, "superseded by a later reminder"))
            latest[key] = row
        else:
            out.skip.append((row.id, "superseded by a later reminder"))
    for row in latest.values():
        overdue = now - row.due_at
        if row.event_status != "scheduled":
            out.skip.append((row.id, "event cancelled"))
        elif row.reg_status != "registered":
            out.skip.append((row.id, "not registered"))
        elif not row.is_active:
            out.skip.append((row.id, "blocked the bot"))
        elif now >= row.starts_at:
            out.skip.append((row.id, "event already started"))
        elif overdue > grace:
            out.skip.append((row.id, f"too late: moment passed {overdue} ago"))
        else:
            out.send.append((row, overdue > LATE_AFTER))
    out.send.sort(key=lambda item: (item[0].due_at, item[0].id))
    return out


@dataclass
class RunReport:
    sent: int = 0
    late: int = 0
    skipped: int = 0
    failed: int = 0
    lost_claims: int = 0
    skipped_reasons: dict[str, int] = field(default_factory=dict)


class ReminderComponent:
    name = COMPONENT_NAME

    def __init__(self, runtime: Runtime, *, clock: Clock = utcnow) -> None:
        self.runtime = runtime
        self.db = runtime.db
        self.settings = runtime.settings
        self.translator = runtime.translator
        self.limiter = runtime.limiter
        self.clock = clock
        self.repo = ReminderRepository(self.db)
        self.events = EventRepository(self.db)
        self.grace = dt.timedelta(minutes=self.settings.reminder_grace_minutes)
        self.offsets = parse_offsets(self.settings.reminder_offsets)
        self.window = SendWindow(self.limiter, fixed=self.settings.broadcast_window)
        self.bot: Bot | None = None
        self.totals = RunReport()
        self.recovered_unknown = 0
        self._wake = asyncio.Event()
        self._stopping = False
        self._task: asyncio.Task[None] | None = None
        self._inflight: set[asyncio.Task[None]] = set()

    # -- lifecycle -------------------------------------------------------------------------------
    async def prepare(self, bot: Bot) -> None:
        self.bot = bot
        self.recovered_unknown = await self.repo.recover_interrupted()
        if self.recovered_unknown:
            log.warning(
                "reminders: %d were mid-send when the process stopped; marked unknown, not resent",
                self.recovered_unknown,
            )

    async def start(self, runtime: Runtime, bot: Bot) -> None:
        await self.prepare(bot)
        self._task = asyncio.create_task(self._run(), name="reminders")

    async def stop(self) -> None:
        self._stopping = True
        self._wake.set()
        with contextlib.suppress(Exception):
            self.runtime.scheduler.remove_job("reminders-next")
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
        if self._inflight:
            _, late = await asyncio.wait(set(self._inflight), timeout=10)
            for task in late:
                task.cancel()

    def refresh(self) -> None:
        """Registrations or event times changed: look at the database again."""
        self._wake.set()

    async def _run(self) -> None:
        while not self._stopping:
            self._wake.clear()
            try:
                await self.run_due()
                await self._schedule_next()
            except Exception:
                log.exception("reminder run failed")
                await asyncio.sleep(1)
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=POLL_SECONDS)

    async def _schedule_next(self) -> None:
        when = await self.repo.next_due()
        schedule_wakeup(self.runtime.scheduler, "reminders-next", when, self.clock, self._on_timer)

    async def _on_timer(self) -> None:
        self._wake.set()

    # -- one run ---------------------------------------------------------------------------------
    async def run_due(self) -> RunReport:
        """Send every reminder whose moment has come (or skip it, with the reason)."""
        assert self.bot is not None, "prepare(bot) first"
        report = RunReport()
        now = self.clock()
        rows = await self.repo.due(now)
        if not rows:
            return report
        decision = decide(rows, now, self.grace)
        await self.repo.skip(decision.skip)
        for rid, reason in decision.skip:
            key = reason.split(":")[0]
            report.skipped_reasons[key] = report.skipped_reasons.get(key, 0) + 1
            if key == "too late":
                log.warning("reminder %s skipped: %s", rid, reason)
        report.skipped = len(decision.skip)
        events: dict[int, Event | None] = {}
        for row, late in decision.send:
            if self._stopping:
                break
            if row.event_id not in events:
                events[row.event_id] = await self.events.get(row.event_id)
            event = events[row.event_id]
            if event is None:
                continue
            await self.window.acquire()
            task = asyncio.create_task(self._send_one(row, event, late, report))
            self._inflight.add(task)
            task.add_done_callback(self._inflight.discard)
        if self._inflight:
            await asyncio.wait(set(self._inflight))
        for name in ("sent", "late", "skipped", "failed", "lost_claims"):
            setattr(self.totals, name, getattr(self.totals, name) + getattr(report, name))
        if report.sent or report.skipped:
            log.info(
                "reminders: %d sent (%d late), %d skipped, %d failed",
                report.sent,
                report.late,
                report.skipped,
                report.failed,
            )
        return report

    async def _send_one(
        self, row: DueReminder, event: Event, late: bool, report: RunReport
    ) -> None:
        from bot.keyboards.events import event_details_kb
        from services.event_views import reminder_text

        assert self.bot is not None
        try:
            token = uuid.uuid4().hex[:16]
            now = self.clock()
            delay = now - row.due_at  # the real delay, at the moment of sending
            late = late or delay > LATE_AFTER
            if not await self.repo.claim(row.id, token, late=late, now=now):
                report.lost_claims += 1
                return
            lang = effective_language(
                row.language, row.telegram_lang, self.settings.default_language
            )
            i18n = self.translator.bind(lang)
            content = Content(
                text=reminder_text(i18n, event, self.settings.tz, now=now, late=late, delay=delay),
                markup=event_details_kb(i18n, event.id),
            )
            outcome = await deliver(self.bot, row.user_id, content)
            done = self.clock()
            if outcome.status == "sent":
                await self.repo.finish(
                    row.id,
                    token,
                    "sent",
                    done,
                    message_id=outcome.message_id,
                    note="late" if late else None,
                )
                report.sent += 1
                report.late += int(late)
            elif outcome.status == "blocked":
                await self.repo.finish(row.id, token, "failed", done, note="blocked the bot")
                await UserRepository(self.db).mark_blocked(row.user_id)
                report.failed += 1
            elif outcome.status == "retry" and not outcome.transient:
                await self.repo.release(row.id, token, note=outcome.error or "429")
            else:
                await self.repo.finish(row.id, token, "failed", done, note=outcome.error)
                report.failed += 1
        except Exception:
            log.exception("reminder %s failed unexpectedly", row.id)
        finally:
            self.window.release()


def component(runtime: Runtime) -> ReminderComponent | None:
    for comp in runtime.components:
        if getattr(comp, "name", None) == COMPONENT_NAME:
            return comp  # type: ignore[return-value]
    return None


def refresh(runtime: Runtime) -> None:
    """Handlers call this after registrations or event times change."""
    comp = component(runtime)
    if comp is not None:
        comp.refresh()


def create_component(runtime: Runtime) -> ReminderComponent:
    return ReminderComponent(runtime)
