"""Broadcasts through the outbox against the emulator: blocked users, injected 429/500s,
pacing, progress and the final report; the audience rules without Telegram."""

from __future__ import annotations

import pytest

from bot.config import Settings
from db.database import Database
from db.repositories.outbox import BroadcastRepository
from db.repositories.users import UserRepository
from services.broadcast import BroadcastService
from services.subscriptions import AnnouncementAudience, SubscriptionService
from tests.helpers.events_kit import (
    ADMIN_ID,
    add_users,
    delivered_per_chat,
    emulator_config,
    harness,
    paced_settings,
)

pytestmark = pytest.mark.e2e


async def test_audience_rules(tmp_path) -> None:
    async with Database(tmp_path / "a.sqlite3") as db:
        await add_users(db, range(1, 6), oblast="chuy", position="head", language="ky")
        await add_users(db, [6], oblast="osh-obl", position="specialist", language="ru")
        await add_users(db, [7], oblast="naryn", position="head", active=False)
        await add_users(db, [8], oblast="naryn", registered=False)  # never registered
        subs = SubscriptionService(db)
        everyone = AnnouncementAudience(topics=("lsg_news",))
        assert await subs.recipients(everyone) == [1, 2, 3, 4, 5, 6]
        await subs.unsubscribe(2, ["lsg_news"])
        await subs.toggle_region(3, "osh-obl")  # 3 follows Osh oblast besides Chüy
        osh = AnnouncementAudience(topics=("lsg_news",), regions=("osh-obl",))
        assert await subs.recipients(osh) == [3, 6]
        heads_ru = AnnouncementAudience(topics=("lsg_news", "laws_decrees"), languages=("ru",))
        assert await subs.recipients(heads_ru) == [6]
        specialists = AnnouncementAudience(topics=("laws_decrees",), positions=("specialist",))
        assert await subs.recipients(specialists) == [6]
        assert await subs.recipients(everyone) == [1, 3, 4, 5, 6]
        # an unregistered person who opened /subscribe is a subscriber (defaults made lazily)
        await subs.ensure(8)
        assert 8 in await subs.recipients(everyone)
        assert (await subs.get(8)).topics == frozenset({"laws_decrees", "events", "lsg_news"})


async def test_broadcast_with_blocked_users_and_injected_faults(settings: Settings) -> None:
    rate = 300.0
    recipients = list(range(10_001, 10_301))
    blocked = recipients[::20]  # 15 people blocked the bot after the broadcast was made
    config = emulator_config(rate, error_500=0.02, error_429=0.005, retry_after=1, seed=5)
    async with harness(paced_settings(settings, rate), config) as h:
        await h.people(recipients)
        service = BroadcastService(h.db)
        bc = await service.create_announcement(
            text_html="<b>Жаңы мыйзам</b> кабыл алынды", audience=AnnouncementAudience(),
            created_by=ADMIN_ID, progress_chat_id=ADMIN_ID,
        )  # fmt: skip
        assert bc.total == len(recipients)
        progress = await h.bot.send_message(ADMIN_ID, "…")
        await service.repo.set_progress_message(bc.id, ADMIN_ID, progress.message_id)
        for uid in blocked:
            await h.client.block(uid)
        h.component("broadcast").wake()

        report = await h.client.wait_for_bot_message(
            ADMIN_ID, contains="Итог рассылки", timeout=60, after_message_id=progress.message_id
        )
        repo = BroadcastRepository(h.db)
        done = await repo.progress(bc.id)
        assert done.sent == len(recipients) - len(blocked)
        assert done.blocked == len(blocked) and done.failed == 0 and done.unknown == 0
        assert f"Доставлено: {done.sent}" in report["text"]
        assert f"Заблокировали бота: {len(blocked)}" in report["text"]
        # every recipient exactly once, as the emulator saw it; nobody who blocked the bot
        per_chat = delivered_per_chat(await h.client.calls(), ["sendMessage"])
        assert {c: n for c, n in per_chat.items() if c in recipients} == {
            uid: 1 for uid in recipients if uid not in blocked
        }
        users = UserRepository(h.db)
        assert not (await users.get(blocked[0])).is_active
        assert (await users.get(recipients[1])).is_active
        # the limiter met injected 429s and 500s and paused / retried
        stats = await h.client.stats()
        assert stats["errors_429_injected"] > 0 and stats["errors_500"] > 0
        assert stats["errors_429_rate_limited"] == 0
        assert h.runtime.limiter.stats.retried_429 > 0 and h.runtime.limiter.stats.retried_5xx > 0
        # the progress message was edited into the final state
        (shown,) = [
            m
            for m in await h.client.bot_messages(ADMIN_ID)
            if m["message_id"] == progress.message_id
        ]
        assert "завершена" in shown["text"] and f"{done.sent} из {len(recipients)}" in shown["text"]
        # one-tap unsubscribe from the announcement
        first = recipients[1]
        (msg,) = await h.client.bot_messages(first)
        button = msg["reply_markup"]["inline_keyboard"][0][0]
        await h.client.press_button(first, first, msg["message_id"], button["callback_data"])
        await h.client.wait_for_bot_message(
            first, contains="🔕", after_message_id=msg["message_id"]
        )
        sub = await SubscriptionService(h.db).get(first)
        assert "lsg_news" not in sub.topics and "events" in sub.topics
