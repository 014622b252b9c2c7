"""Typed access to the message under a pressed button, once per handler, as a filter."""

from __future__ import annotations

from typing import Any

from aiogram.filters import Filter
from aiogram.types import CallbackQuery, Message


class QueryMessage(Filter):
    """Passes a callback query whose message is accessible and injects it as ``message``
    (a button under a message too old to edit falls through to the "outdated button")."""

    async def __call__(self, query: CallbackQuery) -> bool | dict[str, Any]:
        message = query.message
        return {"message": message} if isinstance(message, Message) else False
