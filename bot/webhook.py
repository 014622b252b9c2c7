"""Webhook mode: Telegram POSTs updates to WEBHOOK_URL; an aiohttp server feeds them in.

Every request must carry the secret in ``X-Telegram-Bot-Api-Secret-Token`` (compared in
constant time): without it, or with a wrong one, the answer is 401 and the body is not even
read, so a forged update ("/admin grant 666 admin" from an admin's id) changes nothing.  When
``WEBHOOK_SECRET`` is not set, a strong random secret (256 bits) is generated at each start and
registered with ``setWebhook`` — Telegram then sends it, nobody else knows it.

Bodies over :data:`MAX_BODY_BYTES` get 413, a body that is not JSON or not an Update gets 400
(one warning line, no traceback).  Accepted updates are answered 200 at once and handled in the
background, at most ``UPDATES_CONCURRENCY`` at a time: the next request waits for a free slot
before it is answered, so Telegram (which keeps at most ``max_connections`` requests open) slows
down instead of the bot piling up tasks.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import re
import secrets
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.types import Update
from aiohttp import web
from pydantic import ValidationError

from bot.config import Settings

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY_BYTES = 1024 * 1024  # Telegram's updates are far smaller (a message is ≤ 4096 chars)
# Telegram's rule for secret_token: 1-256 characters A-Z, a-z, 0-9, _ and -.
SECRET_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


def generate_secret() -> str:
    """A random secret Telegram accepts (43 characters, 256 bits)."""
    return secrets.token_urlsafe(32)


def webhook_secret(settings: Settings) -> tuple[str, bool]:
    """(secret, generated): WEBHOOK_SECRET, or a fresh random one when it is not set."""
    if settings.webhook_secret is not None and settings.webhook_secret.get_secret_value():
        return settings.webhook_secret.get_secret_value(), False
    return generate_secret(), True


def webhook_path(url: str) -> str:
    """The path part of WEBHOOK_URL ("/" when it has none)."""
    rest = url.split("://", 1)[-1]
    path = "/" + rest.partition("/")[2] if "/" in rest else "/"
    return path.split("?", 1)[0] or "/"


class WebhookHandler:
    """The aiohttp handler: secret, size, JSON and Update checks, then bounded handling."""

    def __init__(
        self,
        dispatcher: Dispatcher,
        bot: Bot,
        secret: str,
        *,
        concurrency: int = 32,
        max_body: int = MAX_BODY_BYTES,
        **feed_kwargs: Any,
    ) -> None:
        if not secret:
            raise ValueError("a webhook needs a secret")
        self.dispatcher = dispatcher
        self.bot = bot
        self._secret = secret.encode()
        self.max_body = max_body
        self.concurrency = concurrency
        self._slots = asyncio.Semaphore(concurrency)
        self._tasks: set[asyncio.Task[None]] = set()
        self._feed_kwargs = feed_kwargs
        self.active = 0  # updates being handled now
        self.peak = 0  # the most handled at once

    def register(self, app: web.Application, path: str) -> None:
        app.router.add_post(path, self.handle)
        app.on_shutdown.append(self._drain)

    async def handle(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self._secret):
            log.warning("webhook: request without the right secret from %s", request.remote)
            return web.Response(status=401, text="Unauthorized")
        if request.content_length is not None and request.content_length > self.max_body:
            return web.Response(status=413, text="Request Entity Too Large")
        body = await self._read_body(request)
        if body is None:
            return web.Response(status=413, text="Request Entity Too Large")
        try:
            data = json.loads(body)
            if not isinstance(data, dict):
                raise ValueError("not a JSON object")
            update = Update.model_validate(data, context={"bot": self.bot})
        except (ValueError, ValidationError) as exc:
            reason = type(exc).__name__
            log.warning("webhook: bad update (%s, %d bytes) refused", reason, len(body))
            return web.Response(status=400, text="Bad Request")
        await self._slots.acquire()  # wait for a free slot: back-pressure on Telegram
        task = asyncio.create_task(self._process(update))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return web.json_response({})

    async def _read_body(self, request: web.Request) -> bytes | None:
        """The body, or None as soon as it grows past the limit (chunked uploads too)."""
        parts: list[bytes] = []
        size = 0
        while chunk := await request.content.read(65536):
            size += len(chunk)
            if size > self.max_body:
                return None
            parts.append(chunk)
        return b"".join(parts)

    async def _process(self, update: Update) -> None:
        self.active += 1
        self.peak = max(self.peak, self.active)
        try:
            await self.dispatcher.feed_update(self.bot, update, **self._feed_kwargs)
        except Exception:
            log.exception("update %s failed", update.update_id)
        finally:
            self.active -= 1
            self._slots.release()

    async def _drain(self, app: web.Application | None = None) -> None:
        """Let the updates being handled finish (on shutdown)."""
        if self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)


def build_webhook_app(
    dispatcher: Dispatcher,
    bot: Bot,
    secret: str,
    *,
    path: str = "/",
    concurrency: int = 32,
    max_body: int = MAX_BODY_BYTES,
) -> tuple[web.Application, WebhookHandler]:
    """The aiohttp application serving ``path`` (without the dispatcher's start-up hooks)."""
    # aiohttp's own limit too, for any other reader of the body
    app = web.Application(client_max_size=max_body)
    handler = WebhookHandler(dispatcher, bot, secret, concurrency=concurrency, max_body=max_body)
    handler.register(app, path)
    return app, handler


async def run_webhook(settings: Settings, *, stop_event: asyncio.Event | None = None) -> None:
    """Serve updates posted by Telegram to WEBHOOK_URL, checking the secret token."""
    from aiogram.webhook.aiohttp_server import setup_application

    from bot.app import build_runtime, close_runtime, create_bot, create_dispatcher

    if not settings.webhook_url:
        raise ValueError("run_webhook needs WEBHOOK_URL")
    secret, generated = webhook_secret(settings)
    url = settings.webhook_url
    path = webhook_path(url)
    runtime = await build_runtime(settings)
    bot = create_bot(settings, runtime.limiter)
    dp = create_dispatcher(runtime)

    async def register_webhook(bot: Bot) -> None:
        await bot.set_webhook(url, secret_token=secret, drop_pending_updates=False)
        if generated:
            log.info("webhook: WEBHOOK_SECRET not set; a random secret was registered")

    dp.startup.register(register_webhook)
    app, _ = build_webhook_app(dp, bot, secret, path=path, concurrency=settings.updates_concurrency)
    setup_application(app, dp, bot=bot)
    runner = web.AppRunner(app)
    await runner.setup()
    try:
        site = web.TCPSite(runner, settings.webhook_host, settings.webhook_port)
        await site.start()
        log.info("webhook listening on %s:%s%s", settings.webhook_host, settings.webhook_port, path)
        await (stop_event or asyncio.Event()).wait()
    finally:
        await runner.cleanup()
        await bot.session.close()
        await close_runtime(runtime)
