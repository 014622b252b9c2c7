"""The emulator's simulated world and control API: users, groups and forums, buttons, blocking,
rate limits, fault injection, counters, webhooks, and a real aiogram Dispatcher against it."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import pytest
from aiogram import Bot, Dispatcher, F
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramConflictError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web

from sandbox import (
    BotMessageTimeout,
    EmulatorConfig,
    EmulatorError,
    RateLimits,
    RunningEmulator,
    run_emulator,
)
from tests.helpers.live import serve

TOKEN = "4242:emulator-test-token"
USER = 1001
GROUP = -1001000000001


@pytest.fixture
async def emu() -> AsyncIterator[RunningEmulator]:
    async with run_emulator(config=EmulatorConfig(limits=RateLimits(enabled=False))) as running:
        yield running


def make_bot(emu: RunningEmulator) -> Bot:
    return Bot(TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(emu.base_url)))


@pytest.fixture
async def bot(emu: RunningEmulator) -> AsyncIterator[Bot]:
    bot = make_bot(emu)
    yield bot
    await bot.session.close()


def keyboard(*data: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text=d, callback_data=d) for d in data]]
    )


# --- users, buttons, blocking ----------------------------------------------------------------
async def test_press_button_and_answer_callback(bot: Bot, emu: RunningEmulator) -> None:
    await emu.client.send_message(USER, "hi", first_name="Айбек", language_code="ky")
    sent = await bot.send_message(USER, "Тандаңыз", reply_markup=keyboard("lang:ky", "lang:ru"))
    query = await emu.client.press_button(USER, USER, sent.message_id, "lang:ru")
    updates = await bot.get_updates()
    cq = updates[-1].callback_query
    assert cq is not None and cq.data == "lang:ru" and cq.id == query["id"]
    assert cq.from_user.language_code == "ky"
    assert cq.message and cq.message.message_id == sent.message_id
    assert await bot.answer_callback_query(cq.id, text="Сакталды")
    assert await emu.client.callback_answer(cq.id) == {
        "text": "Сакталды",
        "show_alert": False,
        "url": None,
    }
    with pytest.raises(TelegramBadRequest, match="query ID is invalid"):
        await bot.answer_callback_query(cq.id)
    with pytest.raises(EmulatorError, match="no inline button"):
        await emu.client.press_button(USER, USER, sent.message_id, "admin:delete_all")
    forged = await emu.client.press_button(
        USER, USER, sent.message_id, "admin:delete_all", forge=True
    )
    last = (await bot.get_updates(offset=updates[-1].update_id + 1))[-1]
    assert last.callback_query and last.callback_query.data == "admin:delete_all"
    assert last.callback_query.id == forged["id"]


async def test_user_edit_produces_edited_message(bot: Bot, emu: RunningEmulator) -> None:
    msg = await emu.client.send_message(USER, "Жер салыгы канча")
    edited = await emu.client.edit_message(USER, USER, msg["message_id"], "Жер салыгы канча?")
    assert edited["edit_date"]
    updates = await bot.get_updates()
    assert [u.event_type for u in updates] == ["message", "edited_message"]
    assert updates[1].edited_message and updates[1].edited_message.text == "Жер салыгы канча?"
    assert updates[0].message and updates[0].message.text == "Жер салыгы канча"  # a snapshot


async def test_block_and_unblock_send_my_chat_member(bot: Bot, emu: RunningEmulator) -> None:
    await emu.client.send_message(USER, "/start")
    await emu.client.block(USER)
    await emu.client.unblock(USER)
    await emu.client.block(USER)
    await emu.client.send_message(USER, "/start")  # writing again restarts the bot
    updates = await bot.get_updates()
    changes = [
        (u.my_chat_member.old_chat_member.status, u.my_chat_member.new_chat_member.status)
        for u in updates
        if u.my_chat_member
    ]
    assert changes == [("member", "kicked"), ("kicked", "member")] * 2
    assert [u.event_type for u in updates][-2:] == ["my_chat_member", "message"]


async def test_wait_for_bot_message(bot: Bot, emu: RunningEmulator) -> None:
    await emu.client.send_message(USER, "one")
    await bot.send_message(USER, "old answer")
    await emu.client.send_message(USER, "two")

    async def answer_later() -> None:
        await asyncio.sleep(0.2)
        await bot.send_message(USER, "first new")
        await bot.send_message(USER, "second new answer")

    task = asyncio.create_task(answer_later())
    # Only messages after the client's last message count: "old answer" is not taken.
    found = await emu.client.wait_for_bot_message(USER, contains="answer", timeout=5)
    await task
    assert found["text"] == "second new answer"
    first = await emu.client.wait_for_bot_message(USER)
    assert first["text"] == "first new"
    old = await emu.client.wait_for_bot_message(USER, contains="old", after_message_id=0)
    assert old["text"] == "old answer"
    with pytest.raises(BotMessageTimeout, match="second new answer"):
        await emu.client.wait_for_bot_message(USER, contains="never", timeout=0.3)


# --- groups and forums -----------------------------------------------------------------------
async def test_forum_topics(bot: Bot, emu: RunningEmulator) -> None:
    chat = await emu.client.create_group(GROUP, "Консультанттар", True, member_ids=(2001,))
    assert chat["type"] == "supergroup" and chat["is_forum"] is True
    topic = await bot.create_forum_topic(GROUP, "Тикет #1")
    assert topic.name == "Тикет #1" and topic.icon_color
    thread = topic.message_thread_id
    in_topic = await bot.send_message(GROUP, "Жаңы суроо", message_thread_id=thread)
    assert in_topic.message_thread_id == thread and in_topic.is_topic_message
    # Like Telegram: a topic message that is no reply still "replies" to the topic's creation.
    assert in_topic.reply_to_message and in_topic.reply_to_message.forum_topic_created
    answer = await emu.client.send_message(2001, "Жооп", chat_id=GROUP, thread_id=thread)
    assert answer["message_thread_id"] == thread
    assert [m["text"] for m in await emu.client.bot_messages(GROUP, thread_id=thread)] == [
        "Жаңы суроо"
    ]
    assert await bot.edit_forum_topic(GROUP, thread, name="Тикет #1 ✅")
    with pytest.raises(TelegramBadRequest, match="TOPIC_NOT_MODIFIED"):
        await bot.edit_forum_topic(GROUP, thread, name="Тикет #1 ✅")
    assert await bot.close_forum_topic(GROUP, thread)
    info = await emu.client.chat(GROUP)
    assert info["topics"] == [
        {
            "message_thread_id": thread,
            "name": "Тикет #1 ✅",
            "icon_color": topic.icon_color,
            "closed": True,
        }
    ]
    services = [m for m in await emu.client.messages(GROUP, thread_id=thread) if "text" not in m]
    assert [next(k for k in m if k.startswith("forum_topic")) for m in services] == [
        "forum_topic_created",
        "forum_topic_edited",
        "forum_topic_closed",
    ]
    with pytest.raises(TelegramBadRequest, match="message thread not found"):
        await bot.send_message(GROUP, "x", message_thread_id=9999)
    updates = await bot.get_updates()
    group_msgs = [u.message for u in updates if u.message]
    assert [m.text for m in group_msgs] == ["Жооп"]
    assert group_msgs[0].chat.is_forum and group_msgs[0].message_thread_id == thread


async def test_plain_groups_and_privacy_mode(bot: Bot, emu: RunningEmulator) -> None:
    await emu.client.create_group(-4001, "Айыл өкмөтү", member_ids=(USER,), bot_status="member")
    with pytest.raises(TelegramBadRequest, match="the chat is not a forum"):
        await bot.create_forum_topic(-4001, "x")
    sent = await bot.send_message(-4001, "Салам")
    assert sent.chat.type == "group"
    await emu.client.send_message(USER, "just chatting", chat_id=-4001)
    await emu.client.send_message(USER, "/help", chat_id=-4001)
    await emu.client.send_message(USER, "reply to bot", chat_id=-4001, reply_to=sent.message_id)
    await emu.client.send_message(2002, "hi @keneshchi_sandbox_bot", chat_id=-4001)
    texts = [u.message.text for u in await bot.get_updates() if u.message]
    assert texts == ["/help", "reply to bot", "hi @keneshchi_sandbox_bot"]


async def test_group_creation_notifies_the_bot(bot: Bot, emu: RunningEmulator) -> None:
    await emu.client.create_group(GROUP, "Консультанттар", True, member_ids=(2001,))
    again = await emu.client.create_group(GROUP, "Консультанттар", True, member_ids=(2002,))
    assert set(again["members"]) == {"2001", "2002"}  # creating twice updates the group
    [update] = await bot.get_updates()
    assert update.my_chat_member and update.my_chat_member.new_chat_member.status == "administrator"


# --- rate limits, faults, counters -----------------------------------------------------------
async def test_default_rate_limits_per_private_chat() -> None:
    async with run_emulator() as emu:  # Telegram's defaults: 1/s per private chat, burst 3
        bot = make_bot(emu)
        try:
            await emu.client.send_message(USER, "hi")
            for i in range(3):
                await bot.send_message(USER, f"burst {i}")
            with pytest.raises(TelegramRetryAfter) as info:
                await bot.send_message(USER, "one too many")
            assert info.value.retry_after >= 1
            assert "Too Many Requests: retry after" in info.value.message
            await emu.client.send_message(2001, "hi")
            assert await bot.send_message(2001, "another chat is not limited")
            stats = await emu.client.stats()
            assert stats["errors_429"] == 1 and stats["errors_429_rate_limited"] == 1
            assert [m["text"] for m in await emu.client.bot_messages(USER)] == [
                "burst 0",
                "burst 1",
                "burst 2",
            ]
        finally:
            await bot.session.close()


async def test_group_and_global_limits(bot: Bot, emu: RunningEmulator) -> None:
    await emu.client.set_limits(group_per_min=2, enabled=True, per_chat_per_sec=0)
    await emu.client.create_group(GROUP, "G", True, member_ids=(2001,))
    await bot.send_message(GROUP, "1")
    await bot.send_message(GROUP, "2")
    with pytest.raises(TelegramRetryAfter) as info:
        await bot.send_message(GROUP, "3")
    assert info.value.retry_after >= 25  # 20/min refills one message every 30 s here
    await emu.client.set_limits(global_per_sec=2, group_per_min=0)
    await emu.client.send_message(USER, "hi")
    await emu.client.send_message(2001, "hi")
    await bot.send_message(USER, "a")
    await bot.send_message(2001, "b")
    with pytest.raises(TelegramRetryAfter):
        await bot.send_message(USER, "c")
    assert (await emu.client.stats())["errors_429"] == 2


async def test_edits_count_only_when_configured(bot: Bot, emu: RunningEmulator) -> None:
    await emu.client.set_limits(enabled=True, per_chat_per_sec=1, burst=1)
    await emu.client.send_message(USER, "hi")
    sent = await bot.send_message(USER, "v0")
    for i in range(3):
        await bot.edit_message_text(f"v{i + 1}", chat_id=USER, message_id=sent.message_id)
    await emu.client.set_limits(count_edits=True)
    await bot.edit_message_text("v4", chat_id=USER, message_id=sent.message_id)
    with pytest.raises(TelegramRetryAfter):
        await bot.edit_message_text("v5", chat_id=USER, message_id=sent.message_id)


async def test_fault_injection_is_seeded(bot: Bot, emu: RunningEmulator) -> None:
    await emu.client.send_message(USER, "hi")

    async def outcomes() -> list[str]:
        await emu.client.set_faults(error_500=0.2, error_429=0.1, seed=7)
        result = []
        for _ in range(60):
            try:
                await bot.send_chat_action(USER, "typing")
                result.append("ok")
            except TelegramServerError:
                result.append("500")
            except TelegramRetryAfter as exc:
                assert exc.retry_after == 1
                result.append("429")
        return result

    first, second = await outcomes(), await outcomes()
    assert first == second  # the same seed replays the same faults
    assert 3 <= first.count("500") <= 25 and 1 <= first.count("429") <= 15
    assert await bot.get_updates()  # polling is spared by default
    stats = await emu.client.stats()
    assert stats["errors_500"] == 2 * first.count("500")
    assert stats["errors_429_injected"] == 2 * first.count("429")
    await emu.client.set_faults(latency_ms=60)
    await bot.get_me()
    [call] = await emu.client.calls("getMe", limit=1)
    assert call["duration_ms"] >= 60
    await emu.client.set_faults(error_500=1.0, methods=["getMe"])
    with pytest.raises(TelegramServerError, match="Internal Server Error"):
        await bot.get_me()
    await emu.client.set_faults()
    assert await bot.get_me()


async def test_counters_and_call_log(bot: Bot, emu: RunningEmulator) -> None:
    await emu.client.send_message(USER, "hi")
    await emu.client.send_message(2001, "hi")
    for _ in range(3):
        await bot.send_message(USER, "x")
    await bot.send_message(2001, "y")
    with contextlib.suppress(TelegramBadRequest):
        await bot.send_message(USER, "")
    stats = await emu.client.stats()
    assert stats["by_method"]["sendMessage"] == 5
    assert stats["by_chat"] == {str(USER): 4, "2001": 1}
    assert stats["messages_sent"] == 4 and stats["by_status"]["400"] == 1
    calls = await emu.client.calls("sendmessage")
    assert [c["status"] for c in calls] == [200, 200, 200, 200, 400]
    assert calls[0]["params"]["text"] == "x" and calls[-1]["description"].startswith("Bad Request")
    await emu.client.reset()
    assert (await emu.client.stats())["calls_total"] == 0
    assert await emu.client.chats() == []


# --- webhooks --------------------------------------------------------------------------------
async def test_webhook_delivery_with_secret_and_reply(bot: Bot, emu: RunningEmulator) -> None:
    dp = Dispatcher()

    @dp.message(F.text)
    async def echo(message: Message):
        return message.answer(f"echo: {message.text}")

    app = web.Application()
    SimpleRequestHandler(dp, bot, secret_token="s3cret", handle_in_background=False).register(
        app, path="/hook"
    )
    async with serve(app, "/hook") as url:
        await emu.client.send_message(USER, "queued before")
        assert await bot.set_webhook(url, secret_token="s3cret")
        with pytest.raises(TelegramConflictError, match="webhook is active"):
            await bot.get_updates()
        reply = await emu.client.wait_for_bot_message(USER, contains="queued before")
        assert reply["text"] == "echo: queued before"
        await emu.client.send_message(USER, "салам")
        assert (await emu.client.wait_for_bot_message(USER))["text"] == "echo: салам"
        info = await bot.get_webhook_info()
        assert info.url.endswith("/hook") and info.pending_update_count == 0

        # A wrong secret makes aiogram answer 401: Telegram keeps the update and retries.
        assert await bot.set_webhook(url, secret_token="wrong")
        await emu.client.send_message(USER, "lost?")
        for _ in range(50):
            info = await bot.get_webhook_info()
            if info.last_error_message:
                break
            await asyncio.sleep(0.05)
        assert info.pending_update_count == 1 and "401" in (info.last_error_message or "")
        assert await bot.delete_webhook()
        [pending] = await bot.get_updates()
        assert pending.message and pending.message.text == "lost?"


# --- a real Dispatcher polling the emulator --------------------------------------------------
async def test_dispatcher_polling_end_to_end(bot: Bot, emu: RunningEmulator) -> None:
    dp = Dispatcher()

    @dp.message(F.text == "/start")
    async def start(message: Message) -> None:
        await message.answer(
            "<b>Саламатсызбы!</b>", parse_mode="HTML", reply_markup=keyboard("menu:faq")
        )

    @dp.callback_query(F.data == "menu:faq")
    async def faq(query: CallbackQuery) -> None:
        assert isinstance(query.message, Message)
        await query.message.edit_text("<i>Көп берилүүчү суроолор</i>", parse_mode="HTML")
        await query.answer("ok")

    polling = asyncio.create_task(
        dp.start_polling(bot, handle_signals=False, close_bot_session=False, polling_timeout=1)
    )
    try:
        await emu.client.send_message(USER, "/start")
        menu = await emu.client.wait_for_bot_message(USER, contains="Саламатсызбы")
        assert menu["entities"] == [{"offset": 0, "length": 13, "type": "bold"}]
        query = await emu.client.press_button(USER, USER, menu["message_id"], "menu:faq")
        edited = await emu.client.wait_for_bot_message(
            USER, predicate=lambda m: m.get("edit_date") is not None
        )
        assert edited["text"] == "Көп берилүүчү суроолор" and "reply_markup" not in edited
        assert (await emu.client.callback_answer(query["id"]))["text"] == "ok"
    finally:
        await dp.stop_polling()
        await asyncio.wait_for(polling, 10)
