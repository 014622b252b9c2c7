"""Small pieces of aiogram wiring shared by the features: typed access to the message under a
pressed button, and a middleware that injects a per-update object built from what the
dispatcher already injects."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.filters import Filter
from aiogram.types import CallbackQuery, Message, TelegramObject

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class QueryMessage(Filter):
    """Passes a callback query whose message is accessible and injects it as ``message``
    (a button under a message too old to edit falls through to the "outdated button")."""

    async def __call__(self, query: CallbackQuery) -> bool | dict[str, Any]:
        message = query.message
        return {"message": message} if isinstance(message, Message) else False


class Provide(BaseMiddleware):
    """Injects ``name`` = ``build(data)`` (nothing when it gives None), e.g. a feature's
    context object bundling the services its handlers all need."""

    def __init__(self, name: str, build: Callable[[dict[str, Any]], Any]) -> None:
        self.name, self.build = name, build

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        value = self.build(data)
        if value is not None:
            data[self.name] = value
        return await handler(event, data)
