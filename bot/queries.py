"""What callback-query handlers share: the answer, and the message the button was under.

Handlers never call ``query.answer()``: the dispatcher's outer
:class:`bot.middlewares.AutoCallbackAnswer` answers every query after its handler, with the text
a handler set on ``callback_answer: CallbackAnswer`` (see :func:`alert`); when a handler fails it
leaves the answer to the errors router (the user reads "something went wrong", not an empty
answer).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message, TelegramObject
from aiogram.utils.callback_answer import CallbackAnswer

log = logging.getLogger(__name__)


Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


def alert(callback_answer: CallbackAnswer, text: str) -> None:
    """Answer the query with an alert the user must close (a refusal, an outcome to read)."""
    callback_answer.text = text
    callback_answer.show_alert = True


def message_of(query: CallbackQuery) -> Message | None:
    """The message the button was under, if the bot can still touch it."""
    return query.message if isinstance(query.message, Message) else None


async def reply(
    query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None = None
) -> None:
    """Send ``text`` to the chat of the button (nothing when its message is gone)."""
    message = message_of(query)
    if message is not None:
        await message.answer(text, reply_markup=markup)


async def edit(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None) -> bool:
    """Edit the text of the message the button was under; False if it cannot be (a file, too
    old, or the text and buttons are the same)."""
    message = message_of(query)
    if message is None or message.text is None:
        return False
    try:
        await message.edit_text(text, reply_markup=markup, disable_web_page_preview=True)
    except Exception:
        log.debug("message not edited", exc_info=True)
        return False
    return True


async def show(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None) -> None:
    """Put ``text`` in place of the message the button was under, or send it anew."""
    if await edit(query, text, markup):
        return
    if query.message is not None and query.bot is not None:
        await query.bot.send_message(
            query.message.chat.id, text, reply_markup=markup, disable_web_page_preview=True
        )
