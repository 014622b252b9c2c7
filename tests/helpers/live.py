"""End-to-end harness: the Bot API emulator on loopback and the real bot polling it over HTTP.

Use the ``live`` fixture (see conftest): ``live.client`` plays users through the emulator's
control API, ``live.runtime.db`` is the bot's real SQLite database.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from aiogram import Bot, Dispatcher
from aiohttp import web

from bot.app import (
    Runtime,
    build_runtime,
    close_runtime,
    create_bot,
    create_dispatcher,
    polling_options,
)
from bot.config import Settings

CONSULTANTS_CHAT = -1001000000001
CONSULTANT_IDS = (2001, 2002)
SUPERVISOR_ID = 2101
ADMIN_ID = 3001

# Fast limits for tests; tests of pacing set their own.
FAST_BOT_LIMITS = {
    "rate_global_per_sec": 2000.0,
    "rate_private_per_sec": 500.0,
    "rate_private_burst": 50,
    "rate_group_per_min": 60000.0,
}


@dataclass
class Live:
    emulator: Any
    client: Any
    runtime: Runtime
    bot: Bot
    dp: Dispatcher
    settings: Settings


@contextlib.asynccontextmanager
async def live_bot(
    settings: Settings, *, emulator_config: Any = None, load_knowledge: bool = True
) -> AsyncIterator[Live]:
    from db.repositories.users import Role, UserRepository
    from sandbox.emulator import run_emulator

    async with run_emulator(host="127.0.0.1", port=0, config=emulator_config) as emulator:
        client = emulator.client
        if emulator_config is None:
            await client.set_limits(
                global_per_sec=100000, per_chat_per_sec=100000, group_per_min=1000000
            )
        await client.create_group(
            CONSULTANTS_CHAT,
            "Консультанттар",
            is_forum=True,
            member_ids=(*CONSULTANT_IDS, SUPERVISOR_ID, ADMIN_ID),
        )
        settings = settings.model_copy(
            update={
                "telegram_api_base": emulator.base_url,
                "consultants_chat_id": CONSULTANTS_CHAT,
                "admin_ids": [ADMIN_ID],
                **FAST_BOT_LIMITS,
            }
        )
        runtime = await build_runtime(settings, load_knowledge=load_knowledge)
        users = UserRepository(runtime.db)
        for consultant in CONSULTANT_IDS:
            await users.set_role(consultant, Role.consultant)
        await users.set_role(SUPERVISOR_ID, Role.supervisor)
        async with polling(runtime) as (bot, dp):
            yield Live(emulator, client, runtime, bot, dp, settings)


@contextlib.asynccontextmanager
async def polling(runtime: Runtime) -> AsyncIterator[tuple[Bot, Dispatcher]]:
    """A bot polling the runtime's Bot API as ``main.py run`` does; on exit it stops and the
    runtime is closed."""
    bot = create_bot(runtime.settings, runtime.limiter)
    dp = create_dispatcher(runtime)
    options = polling_options(runtime.settings)
    task = asyncio.create_task(
        dp.start_polling(bot, handle_signals=False, polling_timeout=1, **options)
    )
    try:
        yield bot, dp
    finally:
        with contextlib.suppress(RuntimeError):
            await dp.stop_polling()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(task, timeout=10)
        await bot.session.close()
        await close_runtime(runtime)


@contextlib.asynccontextmanager
async def serve(app: web.Application, path: str = "/hook") -> AsyncIterator[str]:
    """``app`` served on a free loopback port while the block runs: the URL of ``path``."""
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        yield f"http://127.0.0.1:{port}{path}"
    finally:
        await runner.cleanup()
