"""Honest progress and report: announcements numbered among themselves, unconfirmed rows shown
in the progress message too, the elapsed time without the bot's downtime; each recipient gets
the text in their language."""

from __future__ import annotations

import datetime as dt

from bot.i18n import Translator
from db.database import Database, to_db_time
from db.repositories.outbox import BroadcastRepository, Kind
from services.broadcast import BroadcastService, progress_text, report_text
from services.events import EventDraft, EventService
from services.subscriptions import AnnouncementAudience
from tests.helpers.events_kit import FakeClock, add_users, bishkek

NOW = bishkek(2027, 3, 1, 9, 0)


async def test_announcements_are_numbered_among_themselves(db: Database) -> None:
    clock = FakeClock(NOW)
    await add_users(db, [1, 2])
    events = EventService(db, clock=clock)
    start = bishkek(2027, 3, 10, 10)
    event = await events.create(
        EventDraft(
            title_ky="A", title_ru="A", starts_at=start, ends_at=start + dt.timedelta(hours=1),
            place="X", capacity=1,
        ),
        created_by=None,
    )  # fmt: skip
    # notices to participants come first (a registration, then a place freed)...
    users = {u: await _user(db, u) for u in (1, 2)}
    await events.register(event.id, users[1])
    await events.register(event.id, users[2])  # waiting list
    await events.unregister(event.id, 1)  # 2 moves up: a notice is queued
    repo = BroadcastRepository(db)
    (notice,) = await repo.with_status(["running"])
    assert notice.kind == Kind.waitlist_promoted and notice.number is None
    # ...the admin's first announcement is still №1, the event announcement №2
    service = BroadcastService(db, clock=clock)
    first = await service.create_announcement(
        text_html="x", audience=AnnouncementAudience(), created_by=None
    )
    second = await service.announce_event(event.id, created_by=None, progress_chat_id=None)
    assert (first.id, first.shown_number) == (2, 1)
    assert (second.id, second.shown_number) == (3, 2)
    i18n = Translator().bind("ru")
    assert "Рассылка №1<" in progress_text(i18n, first, await repo.progress(first.id))


async def test_unconfirmed_rows_and_downtime_are_said_plainly(db: Database) -> None:
    clock = FakeClock(NOW)
    await add_users(db, range(1, 6))
    service = BroadcastService(db, clock=clock)
    bc = await service.create_announcement(
        text_html="x", audience=AnnouncementAudience(), created_by=None
    )
    repo = BroadcastRepository(db)
    # 2 delivered in the first minute, 1 mid-call when the process was killed
    minute = to_db_time(NOW + dt.timedelta(minutes=1))
    await db.execute(
        "UPDATE outbox SET status = 'sent', updated_at = ? WHERE user_id IN (1, 2)", (minute,)
    )
    await db.execute(
        "UPDATE outbox SET status = 'sending', updated_at = ? WHERE user_id = 3", (minute,)
    )
    # the bot comes back 20 minutes later
    restart = NOW + dt.timedelta(minutes=21)
    assert await repo.add_downtime(restart) == {bc.id: 20 * 60.0}
    assert await repo.recover_interrupted(restart) == {bc.id: 1}
    # the rest is sent within the next minute and the broadcast ends
    await db.execute("UPDATE outbox SET status = 'sent' WHERE status = 'pending'")
    await repo.finish_if_complete(bc.id, restart + dt.timedelta(minutes=1))
    done = await repo.get(bc.id)
    assert done is not None and done.downtime_seconds == 1200
    progress = await repo.progress(bc.id)
    i18n = Translator().bind("ru")
    shown = progress_text(i18n, done, progress)
    # the final progress message does not say "4 of 5 … 0 left" and nothing else
    assert "Доставлено: 4 из 5" in shown and "Осталось: 0" in shown
    assert "Без подтверждения: 1" in shown
    report = report_text(i18n, done, progress)
    # 22 minutes from start to end, 20 of them the bot was down: 2:00 of sending
    assert "(завершена, 2:00)" in report
    assert "без 20:00 простоя" in report
    assert "Без подтверждения" in report


async def _user(db: Database, uid: int):  # type: ignore[no-untyped-def]
    from db.repositories.users import UserRepository

    return await UserRepository(db).get(uid)
