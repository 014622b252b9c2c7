"""Reminders of events: rows in the database, an in-process trigger, claimed before each send.

``ReminderComponent`` (``create_component(runtime)``), a :class:`bot.workers.base.Worker`;
what to send is decided by :func:`services.reminders.decide`:

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

import datetime as dt
import logging
import uuid
from typing import TYPE_CHECKING, Any

from aiogram import Bot

from bot.delivery import Content, deliver
from bot.keyboards.events import event_details_kb
from bot.workers.base import Clock, Sender, SendTally, find
from db.database import utcnow
from db.repositories.events import DueReminder, Event, EventRepository, ReminderRepository
from db.repositories.users import UserRepository
from services.event_views import reminder_text
from services.events import parse_offsets
from services.reminders import LATE_AFTER, decide
from services.subscriptions import effective_language

if TYPE_CHECKING:
    from bot.app import Runtime

log = logging.getLogger(__name__)
COMPONENT_NAME = "reminders"
POLL_SECONDS = 60.0


class ReminderComponent(Sender):
    name = COMPONENT_NAME
    interval = POLL_SECONDS  # a safety poll besides the timer at the next due row
    job_id = "reminders-next"

    def setup(self) -> None:
        db, settings = self.db, self.settings
        self.repo = ReminderRepository(db)
        self.events = EventRepository(db)
        self.grace = dt.timedelta(minutes=settings.reminder_grace_minutes)
        self.offsets = parse_offsets(settings.reminder_offsets)
        self.totals = SendTally()
        self.recovered_unknown = 0

    # -- lifecycle -------------------------------------------------------------------------------
    async def prepare(self, bot: Bot) -> None:
        await super().prepare(bot)
        self.recovered_unknown = await self.repo.recover_interrupted()
        if self.recovered_unknown:
            log.warning(
                "reminders: %d were mid-send when the process stopped; marked unknown, not resent",
                self.recovered_unknown,
            )

    def refresh(self) -> None:
        """Registrations or event times changed: look at the database again."""
        self.wake()

    async def poll(self) -> bool:
        await self.run_due()
        return False

    async def next_wakeup(self) -> dt.datetime | None:
        return await self.repo.next_due()

    # -- one run ---------------------------------------------------------------------------------
    async def run_due(self) -> SendTally:
        """Send every reminder whose moment has come (or skip it, with the reason)."""
        assert self.bot is not None, "prepare(bot) first"
        report = SendTally()
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
            if self.stopping:
                break
            if row.event_id not in events:
                events[row.event_id] = await self.events.get(row.event_id)
            event = events[row.event_id]
            if event is None:
                continue
            await self.window.acquire()
            self.spawn(self._send_one(row, event, late, report))
        await self.settle()
        self.totals.add(report)
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
        self, row: DueReminder, event: Event, late: bool, report: SendTally
    ) -> None:
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


def component(components: list[Any]) -> ReminderComponent | None:
    return find(components, COMPONENT_NAME)


def refresh(runtime: Runtime) -> None:
    """Handlers call this after registrations or event times change."""
    comp = component(runtime.components)
    if comp is not None:
        comp.refresh()


def create_component(runtime: Runtime, *, clock: Clock = utcnow) -> ReminderComponent:
    """The sender of the app ``runtime`` (:class:`bot.app.Runtime`)."""
    return ReminderComponent.of_app(runtime, clock=clock)
