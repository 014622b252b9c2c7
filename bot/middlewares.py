"""Outer middleware: per-update user record, language and translator."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject
from aiogram.types import User as TgUser

from bot.i18n import Translator
from bot.workers.relay import Relay
from db.database import Database
from db.repositories.users import UserRepository
from services.language import guess_language

log = logging.getLogger(__name__)


class ContextMiddleware(BaseMiddleware):
    """Registers/refreshes the Telegram user and injects ``user``, ``users`` and ``i18n``.

    Runs as an outer middleware on ``update`` so every handler, filter and inner middleware
    sees the same per-update data.
    """

    def __init__(self, db: Database, translator: Translator, default_language: str) -> None:
        self.db = db
        self.translator = translator
        self.default_language = default_language

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        users = UserRepository(self.db)
        data["users"] = users
        tg_user: TgUser | None = data.get("event_from_user")
        lang = self.default_language
        if tg_user is not None and not tg_user.is_bot:
            user = await users.touch(
                tg_user.id,
                first_name=tg_user.first_name,
                last_name=tg_user.last_name,
                username=tg_user.username,
                telegram_lang=tg_user.language_code,
            )
            data["user"] = user
            lang = user.language or guess_language(tg_user.language_code, self.default_language)
        else:
            data["user"] = None
        data["i18n"] = self.translator.bind(lang)
        return await handler(event, data)


class RelayMiddleware(BaseMiddleware):
    """Injects ``relay``: the call-center relay bound to the update's bot (built once per bot)."""

    def __init__(self, runtime: Any) -> None:
        self.runtime = runtime

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        data["relay"] = Relay.of(self.runtime, data["bot"])
        return await handler(event, data)
