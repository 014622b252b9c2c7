"""Webhook mode over real HTTP (issue 12, items 1 and 7): no forged updates, bad bodies refused
without a traceback, updates handled a bounded number at a time, the token never logged."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import json
import logging
import socket
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from aiogram import Bot, Dispatcher
from aiogram.types import Message

from bot.app import Runtime
from bot.config import Settings, SettingsError, load_settings
from bot.log_redaction import MASK, TokenRedactingFilter, install, redact
from bot.webhook import SECRET_HEADER, build_webhook_app, run_webhook, webhook_secret
from db.repositories.users import Role, UserRepository
from sandbox import EmulatorConfig, RateLimits, run_emulator
from tests.helpers.live import serve

SECRET = "test-webhook-secret-0123456789"
ADMIN = 9001  # ADMIN_IDS of the test settings


def forged_grant(update_id: int = 77) -> dict[str, Any]:
    """What the issue's attacker posted: '/admin grant 666 admin' from an admin's id."""
    now = int(dt.datetime.now(dt.UTC).timestamp())
    return {
        "update_id": update_id,
        "message": {
            "message_id": 5,
            "date": now,
            "chat": {"id": ADMIN, "type": "private"},
            "from": {"id": ADMIN, "is_bot": False, "first_name": "Admin"},
            "text": "/admin grant 666 admin",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }


async def role_of(runtime: Runtime, user_id: int) -> Role | None:
    user = await UserRepository(runtime.db).get(user_id)
    return None if user is None else user.role


async def test_forged_update_without_the_secret_changes_nothing(
    runtime: Runtime, dp: Dispatcher, bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    app, handler = build_webhook_app(dp, bot, SECRET, path="/hook")
    async with serve(app) as url, aiohttp.ClientSession() as http:
        body = json.dumps(forged_grant())
        headers = {"Content-Type": "application/json"}
        async with http.post(url, data=body, headers=headers) as resp:
            assert resp.status == 401
        async with http.post(url, data=body, headers=headers | {SECRET_HEADER: "guess"}) as resp:
            assert resp.status == 401
        await handler._drain()
        assert await role_of(runtime, 666) in (None, Role.official)  # nobody granted

        # malformed JSON / not an update, even with the right secret: 400, no traceback
        caplog.clear()
        good = headers | {SECRET_HEADER: SECRET}
        for bad in ('{"update_id": 1, "message": ', "[1, 2]", '{"update_id": "x"}', "\xff"):
            async with http.post(url, data=bad.encode("utf-8", "surrogatepass"), headers=good) as r:
                assert r.status == 400, bad
        assert not [rec for rec in caplog.records if rec.exc_info], "a traceback was logged"

        # over the body limit: 413, whether announced by Content-Length or streamed
        big = b'{"update_id": 1, "pad": "' + b"x" * (1024 * 1024) + b'"}'
        async with http.post(url, data=big, headers=good) as resp:
            assert resp.status == 413

        async def chunks() -> AsyncIterator[bytes]:
            for _ in range(20):
                yield b"x" * 65536

        async with http.post(url, data=chunks(), headers=good) as resp:
            assert resp.status == 413

        # the same update with the secret is handled: the route really works
        async with http.post(url, data=body, headers=good) as resp:
            assert resp.status == 200
        await handler._drain()
        assert await role_of(runtime, 666) == Role.admin


async def test_updates_are_handled_a_bounded_number_at_a_time(bot: Bot) -> None:
    dp = Dispatcher()
    handled: list[int] = []

    @dp.message()
    async def slow(message: Message) -> None:
        await asyncio.sleep(0.05)
        handled.append(message.message_id)

    app, handler = build_webhook_app(dp, bot, SECRET, path="/hook", concurrency=3)
    async with serve(app) as url, aiohttp.ClientSession() as http:

        async def post(n: int) -> int:
            update = forged_grant(update_id=n)
            update["message"]["message_id"] = n
            update["message"]["text"] = "hi"
            del update["message"]["entities"]
            async with http.post(url, json=update, headers={SECRET_HEADER: SECRET}) as resp:
                return resp.status

        statuses = await asyncio.gather(*(post(n) for n in range(1, 21)))
        await handler._drain()
    assert statuses == [200] * 20
    assert sorted(handled) == list(range(1, 21))
    assert handler.peak == 3  # never more than UPDATES_CONCURRENCY at once


def test_webhook_secret_is_validated_or_generated(settings: Settings) -> None:
    with pytest.raises(SettingsError, match="WEBHOOK_SECRET"):
        load_settings(webhook_secret="short")
    with pytest.raises(SettingsError, match="WEBHOOK_SECRET"):
        load_settings(webhook_secret="has spaces and is long enough")
    assert webhook_secret(load_settings(webhook_secret=SECRET)) == (SECRET, False)
    first, generated = webhook_secret(settings)
    second, _ = webhook_secret(settings)
    assert generated and first != second and len(first) >= 43
    assert all(c.isalnum() or c in "-_" for c in first)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_run_webhook_registers_a_generated_secret(settings: Settings) -> None:
    """No WEBHOOK_SECRET: run_webhook makes one, registers it with setWebhook, and the Bot API
    emulator (which sends the secret like Telegram) gets the bot's answer; a POST without the
    secret is refused."""
    async with run_emulator(config=EmulatorConfig(limits=RateLimits(enabled=False))) as emu:
        port = _free_port()
        url = f"http://127.0.0.1:{port}/tg/hook"
        cfg = settings.model_copy(
            update={
                "telegram_api_base": emu.base_url,
                "webhook_url": url,
                "webhook_host": "127.0.0.1",
                "webhook_port": port,
                "webhook_secret": None,
            }
        )
        stop = asyncio.Event()
        task = asyncio.create_task(run_webhook(cfg, stop_event=stop))
        try:
            for _ in range(200):
                if emu.state.webhook is not None or task.done():  # type: ignore[attr-defined]
                    break
                await asyncio.sleep(0.05)
            assert not task.done(), task.exception()
            hook = emu.state.webhook  # type: ignore[attr-defined]
            assert hook["url"] == url and len(hook["secret_token"]) >= 43
            await emu.client.send_message(4242, "/start", first_name="Айбек")
            reply = await emu.client.wait_for_bot_message(4242)
            assert reply["text"]
            async with aiohttp.ClientSession() as http:
                async with http.post(url, json=forged_grant()) as resp:
                    assert resp.status == 401
        finally:
            stop.set()
            await asyncio.wait_for(task, 10)


# -- the token in logs ----------------------------------------------------------------------
REAL_LOOKING = "7123456789:AAH3kP9x-Qw2zR_tY7uI0oPaSdFgHjKlZxC"


def test_redact_masks_tokens_in_any_shape() -> None:
    text = (
        f"POST https://api.telegram.org/bot{REAL_LOOKING}/sendMessage failed; "
        f"token={REAL_LOOKING}; sandbox bot1000000001:test-token/getMe"
    )
    clean = redact(text, ["1000000001:test-token"])
    assert REAL_LOOKING not in clean and "test-token" not in clean
    assert clean.count(MASK) == 3
    assert redact("12:30 ticket 1234:5 at 2026-01-01T10:00:00") == (
        "12:30 ticket 1234:5 at 2026-01-01T10:00:00"
    )


def test_logging_filter_redacts_messages_args_and_exception_text() -> None:
    from aiogram.exceptions import TelegramNetworkError
    from aiogram.methods import GetMe

    stream = io.StringIO()
    logger = logging.getLogger("keneshchi.test.redaction")
    logger.propagate = False
    handler = logging.StreamHandler(stream)
    logger.addHandler(handler)
    try:
        flt = install([REAL_LOOKING], logger=logger)
        assert isinstance(flt, TokenRedactingFilter) and flt in handler.filters
        assert install([], logger=logger) is flt and handler.filters.count(flt) == 1
        logger.error("calling %s", f"https://api.telegram.org/bot{REAL_LOOKING}/getMe")
        try:
            # aiogram's error text echoing the request path (a Bot API error page)
            raise TelegramNetworkError(
                method=GetMe(), message=f"404 at /bot{REAL_LOOKING}/getMe: not found"
            )
        except TelegramNetworkError:
            logger.exception("request failed")
        try:
            raise RuntimeError(f"{REAL_LOOKING}")
        except RuntimeError:
            logger.warning("again", stack_info=True, exc_info=True)
    finally:
        logger.removeHandler(handler)
    out = stream.getvalue()
    assert "request failed" in out and "Traceback" in out  # the record is kept, only masked
    assert REAL_LOOKING not in out and "AAH3kP9x" not in out
    assert out.count(MASK) >= 3


def test_main_installs_the_filter_on_the_root_handlers(monkeypatch: pytest.MonkeyPatch) -> None:
    import main

    root = logging.getLogger()
    saved = root.handlers[:]
    monkeypatch.setenv("BOT_TOKEN", REAL_LOOKING)
    try:
        root.handlers = []
        main.configure_logging()
        assert root.handlers
        for handler in root.handlers:
            flt = next(f for f in handler.filters if isinstance(f, TokenRedactingFilter))
            assert REAL_LOOKING in flt.tokens
        record = logging.LogRecord(
            "aiogram", logging.ERROR, __file__, 1, "x %s", (REAL_LOOKING,), None
        )
        assert all(h.filter(record) for h in root.handlers)
        assert REAL_LOOKING not in record.getMessage()
    finally:
        for handler in root.handlers:
            handler.close()
        root.handlers = saved
