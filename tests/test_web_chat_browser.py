"""The emulator's web chat in a real headless Chromium: a person types as a user, a tiny aiogram
bot answers with HTML and an inline keyboard, the button press comes back as an edit."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest
from aiogram import Bot, Dispatcher, F
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from sandbox import EmulatorConfig, RateLimits, run_emulator

CHROMIUM = next(
    (p for p in ("/usr/bin/chromium", shutil.which("chromium") or "") if p and Path(p).exists()),
    None,
)
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary"),
]
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
GROUP = -1001000000001


def build_dispatcher() -> Dispatcher:
    dp = Dispatcher()

    @dp.message(F.chat.type == "private", F.text == "Салам")
    async def hello(message: Message) -> None:
        await message.answer(
            "<b>Саламатсызбы</b>, <i>Айбек</i>! <code>/help</code>",
            parse_mode="HTML",
            reply_markup=InlineKeyboardMarkup(
                inline_keyboard=[[InlineKeyboardButton(text="Суроо берүү", callback_data="ask")]]
            ),
        )
        # A hostile text must show up as text, never as markup.
        await message.answer('<img src=x onerror="window.__xss=1">')

    @dp.callback_query(F.data == "ask")
    async def ask(query: CallbackQuery) -> None:
        assert isinstance(query.message, Message)
        await query.message.edit_text("Суроону <u>жазыңыз</u>:", parse_mode="HTML")
        await query.answer("Жазыңыз")

    @dp.message(F.chat.id == GROUP)
    async def consultant(message: Message) -> None:
        await message.answer(f"Кабыл алынды: {message.text}")

    return dp


async def test_web_chat_plays_users_against_a_bot(tmp_path: Path) -> None:
    playwright_api = pytest.importorskip("playwright.async_api")
    config = EmulatorConfig(demo=True, limits=RateLimits(enabled=False))
    async with run_emulator(config=config) as emu:
        bot = Bot("5555:web", session=AiohttpSession(api=TelegramAPIServer.from_base(emu.base_url)))
        topic = await bot.create_forum_topic(GROUP, "Тикет #7")
        await bot.send_message(GROUP, "Жаңы суроо #7", message_thread_id=topic.message_thread_id)
        dp = build_dispatcher()
        polling = asyncio.create_task(
            dp.start_polling(bot, handle_signals=False, close_bot_session=False, polling_timeout=1)
        )
        try:
            async with playwright_api.async_playwright() as pw:
                browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = await browser.new_page(viewport={"width": 1280, "height": 760})
                errors: list[str] = []
                page.on("pageerror", lambda exc: errors.append(str(exc)))
                await page.goto(emu.base_url + "/")

                head = page.locator('section.column[data-user-id="1001"]')
                await head.locator(".name").get_by_text("Айбек").wait_for()
                await head.locator("textarea").fill("Салам")
                await head.locator("textarea").press("Enter")

                greeting = head.locator(".bubble", has_text="Саламатсызбы")
                await greeting.locator("b", has_text="Саламатсызбы").wait_for()
                assert await greeting.locator("i").inner_text() == "Айбек"
                assert await greeting.locator("code").inner_text() == "/help"
                hostile = head.locator(".bubble", has_text="onerror")
                await hostile.wait_for()
                assert await hostile.locator("img").count() == 0
                assert await page.evaluate("window.__xss") is None

                await head.get_by_role("button", name="Суроо берүү").click()
                edited = head.locator(".bubble", has_text="Суроону жазыңыз")
                await edited.locator("u", has_text="жазыңыз").wait_for()
                await head.locator(".toast", has_text="Жазыңыз").wait_for()
                assert await head.get_by_role("button", name="Суроо берүү").count() == 0
                assert await edited.locator(".meta").inner_text() != ""
                assert "edited" in await edited.locator(".meta").inner_text()

                consultant = page.locator('section.column[data-user-id="2001"]')
                await consultant.get_by_role("button", name="Тикет #7").click()
                await consultant.get_by_text("Жаңы суроо #7").wait_for()
                await consultant.locator("textarea").fill("Мен алам")
                await consultant.locator("textarea").press("Enter")
                await consultant.get_by_text("Кабыл алынды: Мен алам").wait_for()
                sent = await emu.client.messages(GROUP, thread_id=topic.message_thread_id)
                assert [m.get("text") for m in sent][-2:] == ["Мен алам", "Кабыл алынды: Мен алам"]

                await page.screenshot(path=str(tmp_path / "web_chat.png"))
                assert errors == []
                await browser.close()
        finally:
            await dp.stop_polling()
            await asyncio.wait_for(polling, 10)
            await bot.session.close()
