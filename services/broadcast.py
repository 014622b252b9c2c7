"""Announcements and event notices: the rules (audience, recipients, create, pause / resume /
cancel) and the texts of their progress and final report.  Database only, no Telegram types.

The sending (the persistent outbox drained at Telegram's pace, progress messages, the final
report) is :class:`bot.workers.broadcast.BroadcastComponent`.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from db.database import Database, utcnow
from db.repositories.events import EventRepository
from db.repositories.outbox import (
    ACTIVE,
    BcStatus,
    Broadcast,
    BroadcastRepository,
    Kind,
    Progress,
)
from services.subscriptions import AnnouncementAudience, SubscriptionService
from services.text import Html, I18nLike

log = logging.getLogger(__name__)
Clock = Callable[[], dt.datetime]


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
        # a scheduled one gets its recipients when it starts (activate_due), a running one now
        scheduled = scheduled_at is not None and scheduled_at > now
        bc_id = await self.repo.create(
            Kind.announcement,
            payload=payload,
            audience=audience.to_dict(),
            recipients=None if scheduled else await self.subscriptions.recipients(audience),
            status=BcStatus.scheduled if scheduled else BcStatus.running,
            scheduled_at=scheduled_at if scheduled else None,
            created_by=created_by,
            progress_chat_id=progress_chat_id,
            now=now,
        )
        return await self._created(bc_id)

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
        return await self._created(bc_id)

    async def _created(self, bc_id: int) -> Broadcast:
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


def _clock_text(seconds: float) -> str:
    minutes, rest = divmod(max(0, int(seconds)), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{rest:02d}" if hours else f"{minutes}:{rest:02d}"


def _elapsed(bc: Broadcast, now: dt.datetime) -> str:
    """Sending time: from the start to the end, without the time the bot was down."""
    start = bc.started_at or bc.created_at
    end = bc.finished_at or now
    return _clock_text((end - start).total_seconds() - bc.downtime_seconds)


def _counts(i18n: I18nLike, bc: Broadcast, progress: Progress) -> dict[str, Any]:
    """What the progress message and the final report both say."""
    return {
        "id": bc.shown_number,
        "status": Html(i18n(f"bc-status-{bc.status.value}")),
        "sent": progress.sent,
        "failed": progress.failed,
        "blocked": progress.blocked,
        "total": progress.total,
    }


def progress_text(i18n: I18nLike, bc: Broadcast, progress: Progress) -> str:
    pending = progress.pending + progress.sending
    text = i18n("bc-progress", pending=pending, **_counts(i18n, bc, progress))
    if progress.unknown:  # neither delivered nor left: said, not hidden in the report only
        text += "\n" + i18n("bc-progress-unknown", count=progress.unknown)
    return text


def report_text(i18n: I18nLike, bc: Broadcast, progress: Progress) -> str:
    text = i18n(
        "bc-report",
        cancelled=progress.cancelled,
        elapsed=_elapsed(bc, utcnow()),
        **_counts(i18n, bc, progress),
    )
    if bc.downtime_seconds >= 1:
        text += "\n" + i18n("bc-elapsed-downtime", downtime=_clock_text(bc.downtime_seconds))
    if progress.unknown:
        text += "\n" + i18n("bc-report-unknown", count=progress.unknown)
    return text
