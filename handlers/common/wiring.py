"""Small pieces of aiogram wiring shared by the features: typed access to the message under a
pressed button, a middleware that injects a per-update object built from what the dispatcher
already injects, and the base of those objects."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import MISSING, dataclass, fields
from typing import Any, Self

from aiogram import BaseMiddleware
from aiogram.filters import Filter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message, TelegramObject
from aiogram.utils.callback_answer import CallbackAnswer

from bot.i18n import I18n
from db.repositories.users import User, UserRepository

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


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateContext:
    """Who acts in an update, in which language, the FSM context and, for a button, its answer;
    a feature's subclass adds the services its handlers all need (``Provide(name,
    Feature.build)`` builds it from the dispatcher's data of the same names)."""

    user: User
    users: UserRepository
    i18n: I18n
    state: FSMContext
    callback_answer: CallbackAnswer | None = None

    @classmethod
    def build(cls, data: dict[str, Any]) -> Self | None:
        """The update's context (none without a known user)."""
        if data.get("user") is None:
            return None
        values = {
            f.name: data[f.name] if f.default is MISSING else data.get(f.name, f.default)
            for f in fields(cls)
        }
        return cls(**values)

    async def audit(self, action: str, target: str | None, **details: Any) -> None:
        """The acting user's action, in the audit log."""
        await self.users.audit(self.user.id, action, target, **details)

    def say(self, text: str, *, alert: bool = False) -> None:
        """The text (or, with ``alert``, the alert to close) the pressed button is answered
        with."""
        assert self.callback_answer is not None, "only a button is answered"
        self.callback_answer.text = text
        self.callback_answer.show_alert = alert
