"""Errors raised by handlers: users who blocked the bot, Telegram errors, bugs."""

from __future__ import annotations

import logging

from aiogram import Router
from aiogram.exceptions import TelegramForbiddenError
from aiogram.types import ErrorEvent

from bot.i18n import Translator
from db.database import Database
from db.repositories.users import UserRepository

log = logging.getLogger(__name__)


def router() -> Router:
    r = Router(name="errors")

    @r.errors()
    async def on_error(event: ErrorEvent, db: Database, translator: Translator) -> bool:
        update = event.update
        user = None
        for candidate in (update.message, update.callback_query, update.edited_message):
            if candidate is not None and candidate.from_user is not None:
                user = candidate.from_user
                break
        if isinstance(event.exception, TelegramForbiddenError):
            if user is not None:
                await UserRepository(db).mark_blocked(user.id)
            log.info("user %s blocked the bot", user.id if user else "?")
            return True
        log.exception("error handling update %s", update.update_id, exc_info=event.exception)
        if update.callback_query is not None:
            try:
                lang = "ru" if (user and (user.language_code or "").startswith("ru")) else "ky"
                await update.callback_query.answer(translator.get(lang, "error-generic"))
            except Exception:
                log.debug("could not answer the failed callback", exc_info=True)
        elif update.message is not None and update.message.chat.type == "private":
            try:
                stored = await UserRepository(db).get(update.message.chat.id)
                lang = (stored.language if stored else None) or "ky"
                await update.message.answer(translator.get(lang, "error-generic"))
            except Exception:
                log.debug("could not tell the user about the error", exc_info=True)
        return True

    return r
