"""Announcements and event notices through the persistent outbox, paced by the shared limiter.

The rules (audience, recipient count, create, pause / resume / cancel) are
:class:`services.broadcast.BroadcastService`; :class:`BroadcastComponent` is the background
sender (``create_component(runtime)``), a :class:`bot.workers.base.Worker`:

* One worker takes the running broadcast with the highest priority (event notices before
  announcements), fetches a batch of ``pending`` rows and, for each, takes a place in the send
  window, claims the row (``sending`` + attempt token, committed), then calls the Bot API; the
  shared :class:`bot.delivery.RateLimiter` takes the rate slot right before the HTTP request
  (after the claim, so a slow claim never releases stored-up slots at once), and replies to
  people interleave with the broadcast.  The result is recorded with the Telegram message id.
  The window (:class:`bot.delivery.SendWindow`) keeps ``rate × round-trip`` calls in flight, so
  a crash leaves at most that many rows ambiguous.
* A 429 pauses the whole limiter for ``retry_after`` (nothing is retried inside the penalty);
  403 marks the row ``blocked`` and the person inactive (they are reactivated when they write
  again); 5xx / network errors are retried by the limiter, then the row is re-queued with a
  back-off up to ``broadcast_max_attempts`` times before it is ``failed``; other 4xx fail at once.
* At start-up, rows left in ``sending`` by a crash become ``unknown``: never resent (Telegram
  has no idempotency key, so "maybe delivered" must not become "delivered twice"); they are
  counted in the final report.  Scheduled broadcasts wait in the database; the worker's timer
  (``broadcast-wakeup``, rebuilt at start) wakes it when the next one is due.
* Progress (sent / failed / blocked / total) is shown in one message, edited at most every
  ``broadcast_progress_seconds``, and a final report is sent when the broadcast ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import time
import uuid
from typing import TYPE_CHECKING, Any

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError

from bot.delivery import Content, Outcome, deliver
from bot.i18n import I18n
from bot.keyboards.broadcasts import progress_kb
from bot.keyboards.events import event_details_kb
from bot.keyboards.subscriptions import announcement_kb
from bot.workers.base import Clock, Sender, SendTally, Worker, find
from db.database import utcnow
from db.repositories.events import EventRepository
from db.repositories.outbox import (
    BcStatus,
    Broadcast,
    BroadcastRepository,
    Kind,
    OutboxRow,
    Progress,
)
from db.repositories.users import Role, UserRepository
from services.broadcast import BroadcastService, progress_text, report_text
from services.event_views import notice_text
from services.events import parse_offsets
from services.ics import event_ics, ics_filename
from services.subscriptions import effective_language

if TYPE_CHECKING:
    from bot.app import Runtime

log = logging.getLogger(__name__)
COMPONENT_NAME = "broadcast"


class BroadcastComponent(Sender):
    name = COMPONENT_NAME
    interval = 30.0  # a look at the outbox when nothing woke the sender
    job_id = "broadcast-wakeup"

    def setup(self) -> None:
        db, settings = self.db, self.settings
        self.repo = BroadcastRepository(db)
        self.service = BroadcastService(
            db, default_language=settings.default_language, clock=self.clock
        )
        self.events = EventRepository(db)
        self.progress = ProgressRefresher(self, settings.broadcast_progress_seconds)
        self.stats = SendTally()
        self._control = asyncio.Event()
        self._inflight_rows: set[int] = set()
        self._render_cache: dict[tuple[int, str], Content | None] = {}
        self._last_progress: dict[int, tuple[tuple[Any, ...], float]] = {}
        self._interrupted: dict[int, int] = {}

    # -- lifecycle -------------------------------------------------------------------------------
    async def prepare(self, bot: Bot) -> None:
        """Attach the bot and resolve what a crash left behind (no background tasks)."""
        await super().prepare(bot)
        downtime = await self.repo.add_downtime(self.clock())
        if downtime:
            log.warning("broadcasts under way while the bot was down (seconds): %s", downtime)
        self._interrupted = await self.repo.recover_interrupted(self.clock())
        total = sum(self._interrupted.values())
        self.stats.recovered_unknown += total
        if total:
            log.warning(
                "outbox: %d row(s) were mid-send when the process stopped; marked unknown, not"
                " resent: %s",
                total,
                self._interrupted,
            )

    async def start(self, runtime: object, bot: Bot) -> None:
        await super().start(runtime, bot)
        await self.progress.start(runtime, bot)

    async def stop(self) -> None:
        """Take no new rows; let calls already made finish and be recorded (rows left in
        'sending' become 'unknown' at the next start)."""
        self._control.set()
        await self.progress.stop()
        await super().stop()

    def control_changed(self) -> None:
        """A pause or cancel: stop taking rows of the current batch at once."""
        self._control.set()
        self._wake.set()

    # -- the worker --------------------------------------------------------------------------------
    async def poll(self) -> bool:
        return await self.step()

    async def next_wakeup(self) -> dt.datetime | None:
        return await self.repo.next_wakeup()

    async def step(self) -> bool:
        """Start the sends of one batch of the most urgent running broadcast.  False when idle.

        The sends of a batch are not waited for before the next batch is fetched (waiting
        would drain the window at every batch boundary: one round-trip lost per batch); rows
        still in flight are skipped when the next batch is read."""
        assert self.bot is not None, "prepare(bot) first"
        for bc in await self.service.activate_due():
            log.info("scheduled broadcast %s started", bc.id)
        now = self.clock()
        bc = await self.repo.next_running(now)
        rows: list[OutboxRow] = []
        if bc is not None:
            limit = self.settings.broadcast_batch + len(self._inflight_rows)
            rows = [
                r
                for r in await self.repo.pending_batch(bc.id, now, limit)
                if r.id not in self._inflight_rows
            ]
        if bc is None or not rows:
            if self.in_flight:  # the last sends: their results decide what comes next
                await self.settle()
                await self._finish_completed()
                return True
            await self._finish_completed()
            return False
        self._control.clear()
        for row in rows[: self.settings.broadcast_batch]:
            if self._control.is_set() or self.stopping:
                break
            await self.window.acquire()
            if self._control.is_set() or self.stopping:
                self.window.release()
                break
            self._inflight_rows.add(row.id)
            task = self.spawn(self._send_one(bc, row))
            task.add_done_callback(lambda _t, rid=row.id: self._inflight_rows.discard(rid))
        await self._finish_completed()
        return True

    async def drain(self, *, max_steps: int = 1_000_000) -> None:
        """Run until nothing is left to send now (tests and tools)."""
        for _ in range(max_steps):
            if not await self.step():
                return

    async def _send_one(self, bc: Broadcast, row: OutboxRow) -> None:
        assert self.bot is not None
        try:
            token = uuid.uuid4().hex[:16]
            started = time.monotonic()
            if not await self.repo.claim(row.id, token, self.clock()):
                self.stats.lost_claims += 1
                return
            lang = effective_language(
                row.language, row.telegram_lang, self.settings.default_language
            )
            content = await self._render(bc, lang)
            if content is None:
                await self.repo.finish(
                    row.id, token, "failed", self.clock(), error="nothing to send"
                )
                self.stats.failed += 1
                return
            work = time.monotonic() - started
            outcome = await deliver(self.bot, row.user_id, content)
            started = time.monotonic()
            await self._record(row, token, outcome)
            self.window.observe_work(work + time.monotonic() - started)
        except Exception:
            log.exception("outbox row %s failed unexpectedly", row.id)
        finally:
            self.window.release()

    async def _record(self, row: OutboxRow, token: str, outcome: Outcome) -> None:
        now = self.clock()
        if outcome.status == "sent":
            await self.repo.finish(row.id, token, "sent", now, message_id=outcome.message_id)
            self.stats.sent += 1
        elif outcome.status == "blocked":
            await self.repo.finish(row.id, token, "blocked", now, error=outcome.error)
            await UserRepository(self.db).mark_blocked(row.user_id)
            self.stats.blocked += 1
        elif outcome.status == "retry" and not outcome.transient:
            # 429 after the limiter's own retries: not an attempt; the limiter is paused.
            wait = dt.timedelta(seconds=outcome.retry_after or 1)
            await self.repo.retry_later(
                row.id, token, now + wait, outcome.error or "429", now, count_attempt=False
            )
            self.stats.retried += 1
        elif outcome.status == "retry" and row.attempts + 1 < self.settings.broadcast_max_attempts:
            backoff = dt.timedelta(seconds=min(300, 5 * 2**row.attempts))
            await self.repo.retry_later(row.id, token, now + backoff, outcome.error or "", now)
            self.stats.retried += 1
        else:
            await self.repo.finish(row.id, token, "failed", now, error=outcome.error)
            self.stats.failed += 1
            log.info("outbox row %s (user %s) failed: %s", row.id, row.user_id, outcome.error)

    async def _finish_completed(self) -> None:
        """Running broadcasts with nothing left become done; ended ones get their report."""
        for bc in await self.repo.with_status([BcStatus.running]):
            await self.repo.finish_if_complete(bc.id, self.clock())
        for bc in await self.repo.unreported():
            if await self.repo.mark_reported(bc.id, self.clock()):
                await self._report(bc.id)

    # -- content -------------------------------------------------------------------------------
    async def _render(self, bc: Broadcast, lang: str) -> Content | None:
        key = (bc.id, lang)
        if key not in self._render_cache:
            self._render_cache[key] = await self._build(bc, lang)
        return self._render_cache[key]

    async def _build(self, bc: Broadcast, lang: str) -> Content | None:
        i18n = self.translator.bind(lang)
        if bc.kind == Kind.announcement:
            text = bc.payload.get("text") or ""
            if lang == "ru" and bc.payload.get("text_ru"):
                text = bc.payload["text_ru"]
            return Content(
                text=text,
                markup=announcement_kb(i18n, bc.id),
                media_type=bc.payload.get("media_type"),
                file_id=bc.payload.get("file_id"),
            )
        event = await self.events.get(int(bc.payload.get("event_id", 0)))
        if event is None:
            return None
        text = notice_text(
            i18n, bc.kind.value, event, self.settings.tz, changes=bc.payload.get("changes", ())
        )
        unsubscribe = bc.id if bc.kind == Kind.event_new else None
        markup = None
        if bc.kind != Kind.event_cancelled:
            markup = event_details_kb(i18n, event.id, unsubscribe_from=unsubscribe)
        upload = None
        if bc.kind == Kind.waitlist_promoted:  # "a place is free" comes with the calendar file
            offsets = parse_offsets(self.settings.reminder_offsets)
            upload = (
                event_ics(event, lang, now=self.clock(), alarms_minutes=offsets),
                ics_filename(event),
            )
        return Content(text=text, markup=markup, upload=upload)

    # -- progress --------------------------------------------------------------------------------
    async def update_progress(self, *, force: bool = False) -> None:
        interval = self.settings.broadcast_progress_seconds
        for bc in await self.repo.with_status([BcStatus.running, BcStatus.paused]):
            if bc.progress_chat_id is None or bc.progress_message_id is None:
                continue
            progress = await self.repo.progress(bc.id)
            state = (bc.status, progress.sent, progress.failed, progress.blocked, progress.total)
            last = self._last_progress.get(bc.id)
            now = time.monotonic()
            if not force and last is not None and (last[0] == state or now - last[1] < interval):
                continue
            self._last_progress[bc.id] = (state, now)
            await self._edit_progress(bc, progress)

    async def _admin_i18n(self, bc: Broadcast) -> I18n:
        lang = self.settings.default_language
        if bc.created_by is not None:
            admin = await UserRepository(self.db).get(bc.created_by)
            if admin is not None:
                lang = effective_language(admin.language, admin.telegram_lang, lang)
        return self.translator.bind(lang)

    async def _edit_progress(self, bc: Broadcast, progress: Progress) -> None:
        assert self.bot is not None
        i18n = await self._admin_i18n(bc)
        text = progress_text(i18n, bc, progress)
        author = await UserRepository(self.db).get(bc.created_by) if bc.created_by else None
        # pause / stop are for admins (a supervisor announcing an event sees the progress only)
        controls = author is None or author.has_role(Role.admin)
        with contextlib.suppress(TelegramAPIError):
            await self.bot.edit_message_text(
                text=text,
                chat_id=bc.progress_chat_id,
                message_id=bc.progress_message_id,
                reply_markup=progress_kb(i18n, bc.id, bc.status.value) if controls else None,
            )

    async def _report(self, bc_id: int) -> None:
        """The final report: the progress message shows the end state; a new message tells."""
        bc = await self.repo.get(bc_id)
        if bc is None:
            return
        self._render_cache = {k: v for k, v in self._render_cache.items() if k[0] != bc_id}
        self._last_progress.pop(bc_id, None)
        if bc.progress_chat_id is None or self.bot is None:
            return
        progress = await self.repo.progress(bc_id)
        i18n = await self._admin_i18n(bc)
        if bc.progress_message_id is not None:
            await self._edit_progress(bc, progress)
        with contextlib.suppress(TelegramAPIError):
            await self.bot.send_message(bc.progress_chat_id, report_text(i18n, bc, progress))


class ProgressRefresher(Worker):
    """Edits the progress messages of running broadcasts (at most every
    ``broadcast_progress_seconds`` each, see :meth:`BroadcastComponent.update_progress`)."""

    name = "broadcast-progress"
    poll_at_start = False

    def __init__(self, sender: BroadcastComponent, every: float) -> None:
        super().__init__(interval=min(1.0, every))
        self.sender = sender

    async def poll(self) -> bool:
        await self.sender.update_progress()
        return False


def component(components: list[Any]) -> BroadcastComponent | None:
    """The running sender among the app's components (handlers wake it after changes)."""
    return find(components, COMPONENT_NAME)


def wake(runtime: Runtime, *, control: bool = False) -> None:
    """A broadcast was created or resumed (``control``: paused or cancelled): look again."""
    comp = component(runtime.components)
    if comp is not None:
        (comp.control_changed if control else comp.wake)()


def create_component(runtime: Runtime, *, clock: Clock = utcnow) -> BroadcastComponent:
    """The sender of the app ``runtime`` (:class:`bot.app.Runtime`)."""
    return BroadcastComponent.of_app(runtime, clock=clock)
