"""`main.py sandbox`: the emulator, its web chat page and the unmodified bot, in one process."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from bot.app import run_polling
from bot.cli import (
    SANDBOX_ADMIN_ID,
    SANDBOX_CONSULTANT_ID,
    SANDBOX_CONSULTANTS_CHAT,
    SANDBOX_TOKEN,
)
from bot.config import load_settings
from db.database import Database
from db.repositories.users import Role, UserRepository

log = logging.getLogger(__name__)

# The simulated people of the sandbox (listed in the README; the web page shows the same):
# (Telegram id, first name, last name, Telegram language, role given in the bot's database)
SANDBOX_HEAD_ID = 1001
SANDBOX_PEOPLE = (
    (SANDBOX_HEAD_ID, "Айбек", "Жумабеков", "ky", Role.official),  # head of an ayil okmotu
    (SANDBOX_CONSULTANT_ID, "Нургуль", "Асанова", "ru", Role.consultant),
    (SANDBOX_ADMIN_ID, "Бакыт", "Осмонов", "ky", Role.admin),  # also in ADMIN_IDS
)


async def run_sandbox(
    host: str = "127.0.0.1",
    port: int = 8080,
    overrides: dict[str, Any] | None = None,
    *,
    exit_after: float | None = None,
) -> None:
    from sandbox.config import EmulatorConfig
    from sandbox.emulator import run_emulator

    # the bot's display name as its users see it in the chat list and group messages
    config = EmulatorConfig(bot_name="Кеңешчи")
    async with run_emulator(host=host, port=port, config=config) as emulator:
        for user_id, first_name, last_name, language, _ in SANDBOX_PEOPLE:
            await emulator.client.create_user(
                user_id, first_name, last_name=last_name, language_code=language
            )
        await emulator.client.create_group(
            SANDBOX_CONSULTANTS_CHAT,
            "Кеңешчи — консультанттар",
            is_forum=True,
            member_ids=(SANDBOX_CONSULTANT_ID, SANDBOX_ADMIN_ID),
        )
        settings = load_settings(
            **{
                "bot_token": SANDBOX_TOKEN,
                "telegram_api_base": emulator.base_url,
                "consultants_chat_id": SANDBOX_CONSULTANTS_CHAT,
                "admin_ids": [SANDBOX_ADMIN_ID],
                **(overrides or {}),
            }
        )
        async with Database(settings.database_path) as db:
            users = UserRepository(db)
            consultant = await users.get(SANDBOX_CONSULTANT_ID)
            if consultant is None or consultant.role == Role.official:
                await users.set_role(SANDBOX_CONSULTANT_ID, Role.consultant)
        print(
            f"\n  Keneshchi sandbox: open http://{host}:{emulator.port}/ in a browser\n"
            f"  Bot API emulator: {emulator.base_url}   database: {settings.database_path}\n"
            "  Press Ctrl+C to stop.\n",
            flush=True,
        )
        stop = asyncio.Event()
        timer = None
        if exit_after is not None:
            timer = asyncio.get_running_loop().call_later(exit_after, stop.set)
        try:
            await run_polling(settings, stop_event=stop)
        finally:
            if timer is not None:
                timer.cancel()
            with contextlib.suppress(Exception):
                await emulator.client.close()
