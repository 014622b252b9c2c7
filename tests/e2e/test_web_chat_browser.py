"""The emulator's web chat in a real headless Chromium: a person types as a user, a tiny aiogram
bot answers with HTML and an inline keyboard, the button press comes back as an edit."""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
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
# Screenshots are kept for a person to look at: $KENESHCHI_SCREENSHOTS or the system temp dir.
SCREENSHOTS = Path(os.environ.get("KENESHCHI_SCREENSHOTS") or tempfile.gettempdir())


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


async def no_horizontal_overflow(page) -> None:  # type: ignore[no-untyped-def]
    widths = await page.evaluate(
        "[document.documentElement.scrollWidth, document.body.scrollWidth, window.innerWidth]"
    )
    assert widths[0] <= widths[2] and widths[1] <= widths[2], widths


async def inside_viewport(page, locator) -> None:  # type: ignore[no-untyped-def]
    box = await locator.bounding_box()
    size = page.viewport_size
    assert box is not None, "not displayed"
    assert box["x"] >= 0 and box["y"] >= 0, box
    assert box["x"] + box["width"] <= size["width"], (box, size)
    assert box["y"] + box["height"] <= size["height"], (box, size)


async def phone_width_checks(page, head) -> None:  # type: ignore[no-untyped-def]
    """390×844 (a phone): no horizontal overflow, the send button on screen, the newest
    message in view, the page's own interface in Kyrgyz by default and in Russian on demand."""
    await page.set_viewport_size({"width": 390, "height": 844})
    assert await page.title() == "Кеңешчи — сыноо чөйрөсү"
    await page.locator("#people button", has_text="Айбек").click()
    assert await head.is_visible()
    assert await head.locator("textarea").get_attribute("placeholder") == "Билдирүү жазыңыз…"
    assert "айыл өкмөтүнүн башчысы" in await head.locator(".name").inner_text()
    for _ in range(6):  # enough messages to overflow a phone screen
        await head.locator("textarea").fill("Салам")
        await head.locator("textarea").press("Enter")
    await page.wait_for_function(
        """() => document.querySelectorAll('section.column[data-user-id="1001"] .msg').length
        >= 3 + 6 * 3"""
    )
    await page.wait_for_timeout(300)
    await no_horizontal_overflow(page)
    await inside_viewport(page, head.locator("button.send"))
    await inside_viewport(page, head.locator("textarea"))
    # always scrolled to the newest message
    await inside_viewport(page, head.locator(".msg").last)
    at_bottom = await head.locator(".messages").evaluate(
        "b => b.scrollHeight - b.scrollTop - b.clientHeight"
    )
    assert at_bottom < 2, at_bottom
    await page.screenshot(path=str(SCREENSHOTS / "web_chat_390_ky.png"))

    await page.locator("#langs button", has_text="Русский").click()
    assert await page.title() == "Кеңешчи — тестовая среда"
    assert await head.locator("textarea").get_attribute("placeholder") == "Напишите сообщение…"
    assert "глава айыл окмоту" in await head.locator(".name").inner_text()
    consultant_tab = page.locator("#people button", has_text="Нургуль")
    await consultant_tab.click()
    consultant = page.locator('section.column[data-user-id="2001"]')
    assert await consultant.is_visible() and not await head.is_visible()
    assert "консультант" in await consultant.locator(".name").inner_text()
    await no_horizontal_overflow(page)
    await inside_viewport(page, consultant.locator("button.send"))
    await page.screenshot(path=str(SCREENSHOTS / "web_chat_390_ru.png"))


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
                assert "оңдолгон" in await edited.locator(".meta").inner_text()  # "edited", ky

                consultant = page.locator('section.column[data-user-id="2001"]')
                await consultant.get_by_role("button", name="Тикет #7").click()
                await consultant.get_by_text("Жаңы суроо #7").wait_for()
                await consultant.locator("textarea").fill("Мен алам")
                await consultant.locator("textarea").press("Enter")
                await consultant.get_by_text("Кабыл алынды: Мен алам").wait_for()
                sent = await emu.client.messages(GROUP, thread_id=topic.message_thread_id)
                assert [m.get("text") for m in sent][-2:] == ["Мен алам", "Кабыл алынды: Мен алам"]

                # people are shown by name and role, never as "User 2001"
                assert "Нургуль" in await consultant.locator(".name").inner_text()
                assert "User" not in await page.locator("body").inner_text()
                await page.screenshot(path=str(tmp_path / "web_chat.png"))

                await phone_width_checks(page, head)
                assert errors == []
                await browser.close()
        finally:
            await dp.stop_polling()
            await asyncio.wait_for(polling, 10)
            await bot.session.close()
