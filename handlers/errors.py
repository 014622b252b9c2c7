"""Errors raised by handlers: users who blocked the bot, Telegram errors, bugs.

A user who blocked the bot is marked (no more sends to them); any other error is logged and the
user told, in their language, that something went wrong (a failed button gets that as its
answer: ``AutoCallbackAnswer`` leaves a failed query to this handler).
"""

from __future__ import annotations

import logging

from aiogram import Router
from aiogram.exceptions import TelegramForbiddenError
from aiogram.types import ErrorEvent
from aiogram.types import User as TgUser

from bot.config import Settings
from bot.i18n import I18n, Translator
from db.database import Database
from db.repositories.users import UserRepository
from services.language import guess_language

log = logging.getLogger(__name__)


def sender(event: ErrorEvent) -> TgUser | None:
    update = event.update
    for candidate in (update.message, update.callback_query, update.edited_message):
        if candidate is not None and candidate.from_user is not None:
            return candidate.from_user
    return None


async def on_error(
    event: ErrorEvent,
    db: Database,
    translator: Translator,
    settings: Settings,
    i18n: I18n | None = None,
) -> bool:
    update, user = event.update, sender(event)
    if isinstance(event.exception, TelegramForbiddenError):
        if user is not None:
            await UserRepository(db).mark_blocked(user.id)
        log.info("user %s blocked the bot", user.id if user else "?")
        return True
    log.exception("error handling update %s", update.update_id, exc_info=event.exception)
    if i18n is None:  # the error came before the context middleware bound the language
        lang = guess_language(user.language_code if user else None, settings.default_language)
        i18n = translator.bind(lang)
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(i18n("error-generic"))
        elif update.message is not None and update.message.chat.type == "private":
            await update.message.answer(i18n("error-generic"))
    except Exception:
        log.debug("could not tell the user about the error", exc_info=True)
    return True


def router() -> Router:
    r = Router(name="errors")
    r.errors.register(on_error)
    return r
