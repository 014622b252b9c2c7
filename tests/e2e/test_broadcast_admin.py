"""The admin's side of a broadcast, played through the emulator: compose, audience with a live
recipient count, preview, send now, pause, resume, final report; scheduling for later."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from bot.config import Settings
from db.repositories.outbox import BroadcastRepository
from tests.helpers.client import button, buttons
from tests.helpers.events_kit import (
    ADMIN_ID,
    delivered_per_chat,
    emulator_config,
    harness,
    paced_settings,
    wait_until,
)

pytestmark = pytest.mark.e2e


async def current(client, chat_id: int, message_id: int) -> dict:  # type: ignore[no-untyped-def]
    (msg,) = [m for m in await client.bot_messages(chat_id) if m["message_id"] == message_id]
    return msg


async def test_compose_preview_send_pause_resume(settings: Settings) -> None:
    rate = 60.0
    ky = list(range(20_001, 20_121))
    ru = list(range(20_121, 20_241))
    # the admin's own chat gets 5 messages/s here (Telegram: 1/s) to keep the test short
    async with harness(paced_settings(settings, rate, 5), emulator_config(rate, 5)) as h:
        c = h.client
        await h.people(ky, language_code=None, language="ky")
        await h.people(ru, language_code=None, language="ru")

        await c.send_message(ADMIN_ID, "/broadcast")
        await c.wait_for_bot_message(ADMIN_ID, contains="Новое объявление")
        text = "Жаңы токтом <№ 5> & түшүндүрмө"
        await c.send_message(ADMIN_ID, text)
        await c.wait_for_bot_message(ADMIN_ID, contains="тот же текст на русском")
        text_ru = "Новое постановление <№ 5> & разъяснение"
        await c.send_message(ADMIN_ID, text_ru)
        aud = await c.wait_for_bot_message(ADMIN_ID, contains="Кому отправить")
        assert "Тексты: кыргызский и русский" in aud["text"]
        assert "Получателей сейчас: 240" in aud["text"]
        await c.press_button(ADMIN_ID, ADMIN_ID, aud["message_id"], button(aud, "русский"))
        aud = await c.wait_for_bot_message(
            ADMIN_ID,
            predicate=lambda m: "Получателей сейчас: 120" in (m.get("text") or ""),
            after_message_id=aud["message_id"] - 1,
        )
        await c.press_button(ADMIN_ID, ADMIN_ID, aud["message_id"], button(aud, "русский"))
        aud = await c.wait_for_bot_message(
            ADMIN_ID,
            predicate=lambda m: "Получателей сейчас: 240" in (m.get("text") or ""),
            after_message_id=aud["message_id"] - 1,
        )
        await c.press_button(ADMIN_ID, ADMIN_ID, aud["message_id"], button(aud, "Предпросмотр"))
        confirm = await c.wait_for_bot_message(ADMIN_ID, contains="Отправить сейчас или")
        # the copies exactly as each language's recipients will see them (safely escaped),
        # then one message that says so, with the count, and asks
        mine = await c.bot_messages(ADMIN_ID)
        assert [m.get("text") for m in mine[-3:-1]] == [text, text_ru]
        assert "Предпросмотр" in confirm["text"] and "Получателей сейчас: 240" in confirm["text"]

        await c.press_button(ADMIN_ID, ADMIN_ID, confirm["message_id"], button(confirm, "сейчас"))
        progress = await c.wait_for_bot_message(ADMIN_ID, contains="Рассылка №")
        assert "Рассылка №1 " in progress["text"]  # the first announcement is №1
        repo = BroadcastRepository(h.db)
        (bc,) = await repo.with_status(["running"])

        await wait_until(lambda: _sent(repo, bc.id, 40), timeout=20)
        await c.press_button(ADMIN_ID, ADMIN_ID, progress["message_id"], button(progress, "Пауза"))
        await wait_until(lambda: _status(repo, bc.id, "paused"))

        async def settled():  # type: ignore[no-untyped-def]
            """Calls already in flight at the pause have finished."""
            before = await repo.progress(bc.id)
            await asyncio.sleep(0.5)
            after = await repo.progress(bc.id)
            return after if after.sending == 0 and after.sent == before.sent else None

        at_pause = (await wait_until(settled)).sent
        await asyncio.sleep(1.5)
        assert (await repo.progress(bc.id)).sent == at_pause < 240  # nothing while paused
        shown = await wait_until(lambda: _shown(c, progress["message_id"], "на паузе"), timeout=10)
        await c.press_button(
            ADMIN_ID, ADMIN_ID, progress["message_id"], button(shown, "Продолжить")
        )

        report = await c.wait_for_bot_message(
            ADMIN_ID, contains="Итог рассылки", timeout=30, after_message_id=progress["message_id"]
        )
        assert "Доставлено: 240" in report["text"]
        per_chat = delivered_per_chat(await c.calls(), ["sendMessage"])
        assert {u: per_chat.get(u, 0) for u in ky + ru} == {u: 1 for u in ky + ru}
        (msg,) = await c.bot_messages(ky[0])
        assert msg["text"] == text and "🔕" in next(iter(buttons(msg)))
        (msg,) = await c.bot_messages(ru[0])  # each gets the text in their language
        assert msg["text"] == text_ru
        stats = await c.stats()
        assert stats["errors_429"] == 0  # paced under the emulator's limits all along


async def _sent(repo: BroadcastRepository, bc_id: int, at_least: int) -> bool:
    return (await repo.progress(bc_id)).sent >= at_least


async def _status(repo: BroadcastRepository, bc_id: int, status: str) -> bool:
    bc = await repo.get(bc_id)
    return bc is not None and bc.status == status


async def _shown(client, message_id: int, text: str):  # type: ignore[no-untyped-def]
    msg = await current(client, ADMIN_ID, message_id)
    return msg if text in (msg.get("text") or "") else None


async def test_scheduled_broadcast_and_cancel(settings: Settings) -> None:
    rate = 200.0
    people = list(range(30_001, 30_021))
    # the admin's own chat gets 5 messages/s here (Telegram: 1/s) to keep the test short
    async with harness(paced_settings(settings, rate, 5), emulator_config(rate, 5)) as h:
        c = h.client
        await h.people(people, language_code=None, language="ru", oblast="talas")
        await c.send_message(ADMIN_ID, "/broadcast")
        await c.wait_for_bot_message(ADMIN_ID, contains="Новое объявление")
        await c.send_message(ADMIN_ID, "Тест")
        ask = await c.wait_for_bot_message(ADMIN_ID, contains="тот же текст")
        await c.press_button(ADMIN_ID, ADMIN_ID, ask["message_id"], button(ask, "Один текст"))
        aud = await c.wait_for_bot_message(ADMIN_ID, contains="Кому отправить")
        assert "Текст один: его получат все" in aud["text"]  # allowed, with a warning
        await c.press_button(ADMIN_ID, ADMIN_ID, aud["message_id"], button(aud, "Предпросмотр"))
        confirm = await c.wait_for_bot_message(ADMIN_ID, contains="Отправить сейчас или")
        await c.press_button(
            ADMIN_ID, ADMIN_ID, confirm["message_id"], button(confirm, "Запланировать")
        )
        await c.wait_for_bot_message(ADMIN_ID, contains="Когда отправить")
        soon = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=2)
        local = soon.astimezone(h.settings.tz)
        await c.send_message(ADMIN_ID, local.strftime("%d.%m.%Y %H:%M"))
        note = await c.wait_for_bot_message(ADMIN_ID, contains="запланирована")
        repo = BroadcastRepository(h.db)
        (bc,) = await repo.with_status(["scheduled"])
        assert bc.scheduled_at is not None and bc.scheduled_at > dt.datetime.now(dt.UTC)
        # the trigger for it is an APScheduler job at its moment (rebuilt from the database)
        job = await wait_until(lambda: h.runtime.scheduler.get_job("broadcast-wakeup"))
        assert abs((job.next_run_time - bc.scheduled_at).total_seconds()) < 1
        # the admin cancels it before its time: nothing is ever sent
        await c.press_button(ADMIN_ID, ADMIN_ID, note["message_id"], button(note, "Остановить"))
        note = await wait_until(lambda: _shown_confirm(c, note["message_id"]))
        await c.press_button(ADMIN_ID, ADMIN_ID, note["message_id"], button(note, "Да, остановить"))
        await wait_until(lambda: _status(repo, bc.id, "cancelled"))
        await c.wait_for_bot_message(
            ADMIN_ID, contains="Итог рассылки", after_message_id=note["message_id"]
        )
        assert (await repo.progress(bc.id)).total == 0
        for uid in people[:3]:
            assert await c.bot_messages(uid) == []


async def _shown_confirm(client, message_id: int):  # type: ignore[no-untyped-def]
    msg = await current(client, ADMIN_ID, message_id)
    return msg if any("Да, остановить" in t for t in buttons(msg)) else None
