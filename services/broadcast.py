"""Announcements and event notices through the persistent outbox, paced by the shared limiter.

``BroadcastService`` holds the rules (audience, recipient count, create, pause / resume /
cancel) and touches only the database.  ``BroadcastComponent`` is the background sender
(``services.broadcast:create_component``):

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
  counted in the final report.  Scheduled broadcasts wait in the database; an APScheduler date
  job (rebuilt at start) wakes the worker when the next one is due.
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
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiogram import Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import BufferedInputFile, InlineKeyboardMarkup

from bot.delivery import RateLimiter, SendWindow
from bot.i18n import Html, Translator
from db.database import Database, utcnow
from db.repositories.events import EventRepository
from db.repositories.outbox import (
    ACTIVE,
    BcStatus,
    Broadcast,
    BroadcastRepository,
    Kind,
    OutboxRow,
    Progress,
)
from db.repositories.users import Role, UserRepository
from services.subscriptions import AnnouncementAudience, SubscriptionService, effective_language
from services.wakeup import schedule_wakeup

if TYPE_CHECKING:
    from bot.app import Runtime

log = logging.getLogger(__name__)
Clock = Callable[[], dt.datetime]
COMPONENT_NAME = "broadcast"


# -- rules (database only) -----------------------------------------------------------------------
class BroadcastService:
    def __init__(
        self, db: Database, *, default_language: str = "ky", clock: Clock = utcnow
    ) -> None:
        self.db = db
        self.repo = BroadcastRepository(db)
        self.subscriptions = SubscriptionService(db, default_language=default_language, clock=clock)
        self.clock = clock

    async def recipient_count(self, audience: AnnouncementAudience) -> int:
        return len(await self.subscriptions.recipients(audience))

    async def create_announcement(
        self,
        *,
        text_html: str,
        audience: AnnouncementAudience,
        created_by: int | None,
        text_ru: str | None = None,
        media_type: str | None = None,
        file_id: str | None = None,
        scheduled_at: dt.datetime | None = None,
        progress_chat_id: int | None = None,
    ) -> Broadcast:
        # ``text`` is the Kyrgyz text (or the one text for everyone); ``text_ru`` the Russian one
        payload = {
            "text": text_html,
            "text_ru": text_ru or None,
            "media_type": media_type,
            "file_id": file_id,
        }
        now = self.clock()
        if scheduled_at is not None and scheduled_at > now:
            bc_id = await self.repo.create(
                Kind.announcement,
                payload=payload,
                audience=audience.to_dict(),
                status=BcStatus.scheduled,
                scheduled_at=scheduled_at,
                created_by=created_by,
                progress_chat_id=progress_chat_id,
                now=now,
            )
        else:
            recipients = await self.subscriptions.recipients(audience)
            bc_id = await self.repo.create(
                Kind.announcement,
                payload=payload,
                audience=audience.to_dict(),
                recipients=recipients,
                created_by=created_by,
                progress_chat_id=progress_chat_id,
                now=now,
            )
        found = await self.repo.get(bc_id)
        assert found is not None
        return found

    async def announce_event(
        self, event_id: int, *, created_by: int | None, progress_chat_id: int | None
    ) -> Broadcast:
        event = await EventRepository(self.db).get(event_id)
        if event is None or event.cancelled:
            raise LookupError(f"event {event_id} not found")
        recipients = await self.subscriptions.event_recipients(event)
        bc_id = await self.repo.create(
            Kind.event_new,
            payload={"event_id": event_id},
            audience={"topics": ["events"]},
            recipients=recipients,
            created_by=created_by,
            progress_chat_id=progress_chat_id,
            now=self.clock(),
        )
        found = await self.repo.get(bc_id)
        assert found is not None
        return found

    async def activate_due(self) -> list[Broadcast]:
        """Scheduled broadcasts whose moment came: fix their recipients and start them."""
        started = []
        now = self.clock()
        for bc in await self.repo.due_scheduled(now):
            audience = AnnouncementAudience.from_dict(bc.audience)
            recipients = await self.subscriptions.recipients(audience)
            if await self.repo.activate(bc.id, recipients, now):
                late = now - (bc.scheduled_at or now)
                if late > dt.timedelta(minutes=1):
                    log.warning("broadcast %s started %s late (downtime)", bc.id, late)
                started.append(bc)
        return started

    async def pause(self, bc_id: int) -> bool:
        return await self.repo.set_status(bc_id, [BcStatus.running], BcStatus.paused, self.clock())

    async def resume(self, bc_id: int) -> bool:
        return await self.repo.set_status(bc_id, [BcStatus.paused], BcStatus.running, self.clock())

    async def cancel(self, bc_id: int) -> bool:
        return await self.repo.set_status(bc_id, ACTIVE, BcStatus.cancelled, self.clock())

    async def active(self) -> list[Broadcast]:
        return await self.repo.with_status(ACTIVE, kind=Kind.announcement)

    async def get(self, bc_id: int) -> Broadcast | None:
        return await self.repo.get(bc_id)

    async def progress(self, bc_id: int) -> Progress:
        return await self.repo.progress(bc_id)

    async def set_progress_message(self, bc_id: int, chat_id: int, message_id: int) -> None:
        """Where the live progress message is (the sender edits it as it goes)."""
        await self.repo.set_progress_message(bc_id, chat_id, message_id)


# -- sending -------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Content:
    text: str
    markup: InlineKeyboardMarkup | None = None
    media_type: str | None = None  # photo | document
    file_id: str | None = None
    upload: tuple[bytes, str] | None = None  # a file made here (data, name): the .ics


async def send_content(bot: Bot, chat_id: int, content: Content) -> int:
    """Send and return the Telegram message id."""
    if content.upload is not None:
        data, filename = content.upload
        msg = await bot.send_document(
            chat_id,
            BufferedInputFile(data, filename=filename),
            caption=content.text or None,
            reply_markup=content.markup,
        )
    elif content.media_type == "photo" and content.file_id:
        msg = await bot.send_photo(
            chat_id, content.file_id, caption=content.text or None, reply_markup=content.markup
        )
    elif content.media_type == "document" and content.file_id:
        msg = await bot.send_document(
            chat_id, content.file_id, caption=content.text or None, reply_markup=content.markup
        )
    else:
        msg = await bot.send_message(
            chat_id, content.text, reply_markup=content.markup, disable_web_page_preview=True
        )
    return msg.message_id


@dataclass
class Outcome:
    status: str  # sent | blocked | retry | failed
    message_id: int | None = None
    error: str | None = None
    retry_after: float | None = None
    transient: bool = False


async def deliver(bot: Bot, chat_id: int, content: Content) -> Outcome:
    """One Bot API call, classified.  The shared limiter (the bot session's middleware) takes
    the rate slot right before the HTTP request, i.e. after the caller's outbox claim."""
    try:
        message_id = await send_content(bot, chat_id, content)
    except TelegramForbiddenError as exc:
        return Outcome("blocked", error=exc.message)
    except TelegramRetryAfter as exc:
        return Outcome("retry", error=exc.message, retry_after=float(exc.retry_after))
    except (TelegramServerError, TelegramNetworkError) as exc:
        return Outcome("retry", error=str(exc)[:300], transient=True)
    except TelegramBadRequest as exc:
        return Outcome("failed", error=exc.message[:300])
    except TelegramAPIError as exc:
        return Outcome("failed", error=str(exc)[:300])
    return Outcome("sent", message_id=message_id)


@dataclass
class SenderStats:
    sent: int = 0
    blocked: int = 0
    failed: int = 0
    retried: int = 0
    claims_lost: int = 0
    recovered_unknown: int = 0
    first_send: float | None = None
    last_send: float | None = None
    by_broadcast: dict[int, int] = field(default_factory=dict)


class BroadcastComponent:
    name = COMPONENT_NAME

    def __init__(self, runtime: Runtime, *, clock: Clock = utcnow) -> None:
        self.runtime = runtime
        self.db = runtime.db
        self.settings = runtime.settings
        self.translator: Translator = runtime.translator
        self.limiter: RateLimiter = runtime.limiter
        self.clock = clock
        self.repo = BroadcastRepository(self.db)
        self.service = BroadcastService(
            self.db, default_language=self.settings.default_language, clock=clock
        )
        self.events = EventRepository(self.db)
        self.window = SendWindow(self.limiter, fixed=self.settings.broadcast_window)
        self.bot: Bot | None = None
        self.stats = SenderStats()
        self._wake = asyncio.Event()
        self._control = asyncio.Event()
        self._stopping = False
        self._inflight: set[asyncio.Task[None]] = set()
        self._inflight_rows: set[int] = set()
        self._tasks: list[asyncio.Task[None]] = []
        self._render_cache: dict[tuple[int, str], Content | None] = {}
        self._last_progress: dict[int, tuple[tuple[Any, ...], float]] = {}
        self._interrupted: dict[int, int] = {}

    # -- lifecycle -------------------------------------------------------------------------------
    async def prepare(self, bot: Bot) -> None:
        """Attach the bot and resolve what a crash left behind (no background tasks)."""
        self.bot = bot
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

    async def start(self, runtime: Runtime, bot: Bot) -> None:
        await self.prepare(bot)
        self._tasks = [
            asyncio.create_task(self._run(), name="broadcast-sender"),
            asyncio.create_task(self._progress_loop(), name="broadcast-progress"),
        ]
        await self._schedule_wakeup()

    async def stop(self) -> None:
        """Take no new rows; let calls already made finish and be recorded."""
        self._stopping = True
        self._wake.set()
        self._control.set()
        with contextlib.suppress(Exception):
            self.runtime.scheduler.remove_job("broadcast-wakeup")
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        if self._inflight:
            _, late = await asyncio.wait(set(self._inflight), timeout=10)
            for task in late:  # left in 'sending': 'unknown' at the next start
                task.cancel()

    def wake(self) -> None:
        """Something changed (new broadcast, resume): look at the database again."""
        self._wake.set()

    def control_changed(self) -> None:
        """A pause or cancel: stop taking rows of the current batch at once."""
        self._control.set()
        self._wake.set()

    # -- the worker --------------------------------------------------------------------------------
    async def _run(self) -> None:
        while not self._stopping:
            self._wake.clear()
            try:
                worked = await self.step()
            except Exception:
                log.exception("broadcast sender step failed")
                worked = False
                await asyncio.sleep(1)
            if worked or self._stopping:
                continue
            await self._schedule_wakeup()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=30)

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
            if self._inflight:  # the last sends: their results decide what comes next
                await asyncio.wait(set(self._inflight))
                await self._finish_completed()
                return True
            await self._finish_completed()
            return False
        self._control.clear()
        for row in rows[: self.settings.broadcast_batch]:
            if self._control.is_set() or self._stopping:
                break
            await self.window.acquire()
            if self._control.is_set() or self._stopping:
                self.window.release()
                break
            self._inflight_rows.add(row.id)
            task = asyncio.create_task(self._send_one(bc, row))
            self._inflight.add(task)
            task.add_done_callback(self._inflight.discard)
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
                self.stats.claims_lost += 1
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
            self.stats.by_broadcast[row.broadcast_id] = (
                self.stats.by_broadcast.get(row.broadcast_id, 0) + 1
            )
            stamp = time.monotonic()
            self.stats.first_send = self.stats.first_send or stamp
            self.stats.last_send = stamp
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
        from bot.keyboards.events import event_details_kb
        from bot.keyboards.subscriptions import announcement_kb
        from services.event_views import notice_text

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
            from services.events import parse_offsets
            from services.ics import event_ics, ics_filename

            offsets = parse_offsets(self.settings.reminder_offsets)
            upload = (
                event_ics(event, lang, now=self.clock(), alarms_minutes=offsets),
                ics_filename(event),
            )
        return Content(text=text, markup=markup, upload=upload)

    # -- progress --------------------------------------------------------------------------------
    async def _progress_loop(self) -> None:
        interval = self.settings.broadcast_progress_seconds
        while not self._stopping:
            await asyncio.sleep(min(1.0, interval))
            try:
                await self.update_progress()
            except Exception:
                log.exception("broadcast progress update failed")

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

    async def _admin_i18n(self, bc: Broadcast):  # type: ignore[no-untyped-def]
        lang = self.settings.default_language
        if bc.created_by is not None:
            admin = await UserRepository(self.db).get(bc.created_by)
            if admin is not None:
                lang = effective_language(admin.language, admin.telegram_lang, lang)
        return self.translator.bind(lang)

    async def _edit_progress(self, bc: Broadcast, progress: Progress) -> None:
        from bot.keyboards.broadcasts import progress_kb

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

    # -- the trigger -------------------------------------------------------------------------------
    async def _schedule_wakeup(self) -> None:
        when = await self.repo.next_wakeup()
        schedule_wakeup(
            self.runtime.scheduler, "broadcast-wakeup", when, self.clock, self._on_timer
        )

    async def _on_timer(self) -> None:
        self._wake.set()


def _clock_text(seconds: float) -> str:
    minutes, rest = divmod(max(0, int(seconds)), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{rest:02d}" if hours else f"{minutes}:{rest:02d}"


def _elapsed(bc: Broadcast, now: dt.datetime) -> str:
    """Sending time: from the start to the end, without the time the bot was down."""
    start = bc.started_at or bc.created_at
    end = bc.finished_at or now
    return _clock_text((end - start).total_seconds() - bc.downtime_seconds)


def progress_text(i18n: Any, bc: Broadcast, progress: Progress) -> str:
    text = i18n(
        "bc-progress",
        id=bc.shown_number,
        status=Html(i18n(f"bc-status-{bc.status.value}")),
        sent=progress.sent,
        failed=progress.failed,
        blocked=progress.blocked,
        pending=progress.pending + progress.sending,
        total=progress.total,
    )
    if progress.unknown:  # neither delivered nor left: said, not hidden in the report only
        text += "\n" + i18n("bc-progress-unknown", count=progress.unknown)
    return text


def report_text(i18n: Any, bc: Broadcast, progress: Progress) -> str:
    text = i18n(
        "bc-report",
        id=bc.shown_number,
        status=Html(i18n(f"bc-status-{bc.status.value}")),
        sent=progress.sent,
        failed=progress.failed,
        blocked=progress.blocked,
        cancelled=progress.cancelled,
        total=progress.total,
        elapsed=_elapsed(bc, utcnow()),
    )
    if bc.downtime_seconds >= 1:
        text += "\n" + i18n("bc-elapsed-downtime", downtime=_clock_text(bc.downtime_seconds))
    if progress.unknown:
        text += "\n" + i18n("bc-report-unknown", count=progress.unknown)
    return text


def component(runtime: Runtime) -> BroadcastComponent | None:
    """The running sender of this app, if started (handlers wake it after changes)."""
    for comp in runtime.components:
        if getattr(comp, "name", None) == COMPONENT_NAME:
            return comp  # type: ignore[return-value]
    return None


def wake(runtime: Runtime, *, control: bool = False) -> None:
    comp = component(runtime)
    if comp is not None:
        (comp.control_changed if control else comp.wake)()


def create_component(runtime: Runtime) -> BroadcastComponent:
    return BroadcastComponent(runtime)
