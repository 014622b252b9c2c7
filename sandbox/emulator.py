"""The Telegram Bot API emulator: an aiohttp app serving the Bot API, the control API and
the web chat, plus runners for tests (``run_emulator``) and standalone use (``serve``).

The bot talks to it through ``TelegramAPIServer.from_base(base_url)`` exactly as to Telegram.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from aiohttp import web

from sandbox import control
from sandbox.botapi import Params, Upload, call
from sandbox.client import EmulatorClient
from sandbox.config import EmulatorConfig
from sandbox.control import WORLD
from sandbox.state import ApiError, World, bad_request

log = logging.getLogger(__name__)
WEB_DIR = Path(__file__).parent / "web"
_TOKEN = re.compile(r"(\d{1,20}):([A-Za-z0-9_-]{1,100})")


def _error(exc: ApiError) -> web.Response:
    return web.json_response(exc.payload(), status=exc.code)


async def read_params(request: web.Request) -> Params:
    """Parameters from the query string and a urlencoded, multipart or JSON body."""
    values: dict[str, object] = dict(request.query)
    if request.method == "POST" and request.body_exists:
        if request.content_type == "application/json":
            try:
                body = await request.json()
            except ValueError:
                raise bad_request("can't parse JSON object") from None
            if not isinstance(body, dict):
                raise bad_request("the request body must be a JSON object")
            values.update(body)
        elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            for key, value in (await request.post()).items():
                if isinstance(value, web.FileField):
                    value = Upload(value.filename, value.content_type, value.file.read())
                values[key] = value
    return Params(values)


async def handle_api(request: web.Request) -> web.Response:
    world = request.app[WORLD]
    token = _TOKEN.fullmatch(request.match_info["token"])
    if token is None:
        return _error(ApiError(401, "Unauthorized"))
    if world.bot.id != int(token.group(1)):
        world.bot.id = int(token.group(1))
    try:
        params = await read_params(request)
    except ApiError as exc:
        return _error(exc)
    except web.HTTPRequestEntityTooLarge:
        return _error(ApiError(413, "Request Entity Too Large"))
    status, body = await call(world, request.match_info["method"], params)
    return web.json_response(body, status=status)


async def handle_file(request: web.Request) -> web.StreamResponse:
    world = request.app[WORLD]
    if _TOKEN.fullmatch(request.match_info["token"]) is None:
        return _error(ApiError(401, "Unauthorized"))
    rec = world.paths.get(request.match_info["path"])
    if rec is None:
        return _error(ApiError(404, "Not Found"))
    return web.Response(body=rec.data, content_type=rec.mime_type or "application/octet-stream")


async def index(request: web.Request) -> web.FileResponse:
    return web.FileResponse(WEB_DIR / "index.html", headers={"Cache-Control": "no-cache"})


def create_app(config: EmulatorConfig | None = None) -> web.Application:
    config = config or EmulatorConfig()
    app = web.Application(client_max_size=config.max_upload_mb * 1024 * 1024 + 65536)
    world = World(config)
    app[WORLD] = world
    app.router.add_route("*", "/bot{token}/{method}", handle_api)
    app.router.add_get("/file/bot{token}/{path:.+}", handle_file)
    control.setup(app)
    app.router.add_get("/", index)
    app.router.add_static("/web/", WEB_DIR)

    async def on_shutdown(app: web.Application) -> None:
        world.closing = True  # long polls return at once
        world.wake_pollers()
        world.bump()
        if world.webhook_task is not None:
            world.webhook_task.cancel()

    app.on_shutdown.append(on_shutdown)
    return app


@dataclass
class RunningEmulator:
    app: web.Application
    base_url: str
    port: int
    state: World
    client: EmulatorClient


@asynccontextmanager
async def run_emulator(
    host: str = "127.0.0.1", port: int = 0, config: EmulatorConfig | None = None
) -> AsyncIterator[RunningEmulator]:
    """Serve the emulator in this event loop; ``port=0`` picks a free port."""
    app = create_app(config)
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    port = runner.addresses[0][1]
    base_url = f"http://{host}:{port}"
    client = EmulatorClient(base_url)
    try:
        yield RunningEmulator(app, base_url, port, app[WORLD], client)
    finally:
        await client.close()
        await runner.cleanup()


async def serve(
    host: str = "127.0.0.1", port: int = 8081, config: EmulatorConfig | None = None
) -> None:
    """Run the emulator until cancelled."""
    async with run_emulator(host, port, config) as emu:
        log.info("Bot API emulator at %s (web chat at %s/)", emu.base_url, emu.base_url)
        print(
            f"Keneshchi sandbox: Bot API at {emu.base_url}  web chat at {emu.base_url}/", flush=True
        )
        await asyncio.Event().wait()
