"""Outer middlewares of the per-update path.

- :class:`ContextMiddleware` (``update``): injects ``user``, ``users``, ``i18n`` and ``relay``;
  registers or refreshes the Telegram user, writing only when Telegram's data changed, the user
  had blocked the bot, or the last write is older than :attr:`ContextMiddleware.touch_every`
  (otherwise one read and no write transaction per update).
- :class:`AutoCallbackAnswer` (``callback_query``): aiogram's ``CallbackAnswerMiddleware``
  used as an outer middleware, so every callback query is answered exactly once: handlers set
  ``callback_answer: CallbackAnswer`` (``.text``, ``.show_alert``) instead of calling
  ``query.answer()``; a handler that still answers by itself is noticed and not answered twice
  (Telegram refuses a second answer); a handler that fails is answered by the error handler.
"""

from __future__ import annotations

import contextvars
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.client.session.base import BaseSession
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import TelegramAPIError
from aiogram.methods import AnswerCallbackQuery, Response, TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import CallbackQuery, TelegramObject
from aiogram.types import User as TgUser
from aiogram.utils.callback_answer import CallbackAnswerMiddleware

from bot.i18n import Translator
from bot.workers.relay import Relay
from db.database import Database
from db.repositories.users import User, UserRepository
from services.language import guess_language

log = logging.getLogger(__name__)

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class ContextMiddleware(BaseMiddleware):
    """Registers/refreshes the Telegram user and injects ``user``, ``users``, ``i18n`` and
    ``relay`` (the call-center relay bound to the update's bot, built once per bot).

    Runs as an outer middleware on ``update`` so every handler, filter and inner middleware
    sees the same per-update data.  ``users.touch`` (a write transaction) runs on first
    contact, when the name/username/language Telegram sends differs from the stored one, when
    the user is marked as having blocked the bot, and at most once per ``touch_every`` seconds
    otherwise (``last_seen_at`` is kept to that precision); else the stored row is only read.
    """

    touch_every = 60.0
    remembered = 10_000  # users whose last write time is kept (least recently seen dropped)

    def __init__(self, runtime: Any) -> None:
        self.runtime = runtime  # bot.app.Runtime (the relays live in it)
        self.db: Database = runtime.db
        self.translator: Translator = runtime.translator
        self.default_language: str = runtime.settings.default_language
        self.users = UserRepository(self.db)  # stateless: one for every update
        self._written: OrderedDict[int, float] = OrderedDict()

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        users = data["users"] = self.users
        data["relay"] = Relay.of(self.runtime, data["bot"])
        tg_user: TgUser | None = data.get("event_from_user")
        lang = self.default_language
        if tg_user is not None and not tg_user.is_bot:
            user = await self.current_user(users, tg_user)
            data["user"] = user
            lang = user.language or guess_language(tg_user.language_code, self.default_language)
        else:
            data["user"] = None
        data["i18n"] = self.translator.bind(lang)
        return await handler(event, data)

    async def current_user(self, users: UserRepository, tg_user: TgUser) -> User:
        now = time.monotonic()
        written = self._written.get(tg_user.id)
        if written is not None and now - written < self.touch_every:
            stored = await users.get(tg_user.id)
            if stored is not None and _unchanged(stored, tg_user):
                return stored
        user = await users.touch(
            tg_user.id,
            first_name=tg_user.first_name,
            last_name=tg_user.last_name,
            username=tg_user.username,
            telegram_lang=tg_user.language_code,
        )
        self._written[tg_user.id] = now
        self._written.move_to_end(tg_user.id)
        if len(self._written) > self.remembered:
            self._written.popitem(last=False)
        return user


def _unchanged(stored: User, tg_user: TgUser) -> bool:
    """The stored row already says what ``touch`` would write (and the user is active)."""
    return (
        stored.is_active
        and stored.first_name == (tg_user.first_name or "")
        and stored.last_name == tg_user.last_name
        and stored.username == tg_user.username
        and stored.telegram_lang == tg_user.language_code
    )


class _Pending:
    """The callback query being handled in this context, and whether a handler answered it."""

    __slots__ = ("answered", "query_id")

    def __init__(self, query_id: str) -> None:
        self.query_id = query_id
        self.answered = False


_pending: contextvars.ContextVar[_Pending | None] = contextvars.ContextVar(
    "keneshchi_pending_callback", default=None
)


class SessionWatch(BaseRequestMiddleware):
    """Bot-session middleware that looks at each request and passes it on unchanged:

    - keeps each ``Response[<result type>]`` the session builds alive.  aiogram parametrizes
      ``Response[method.__returning__]`` on every call and pydantic caches the parametrized
      class only weakly; the class sits in reference cycles, so each full garbage collection
      drops it and the next call builds its schema again (~20-30 ms of CPU, about a hundred
      times in a burst of 2,000 questions).  One strong reference per result type ends that;
    - notes an ``answerCallbackQuery`` a handler sends by itself (:class:`AutoCallbackAnswer`
      then does not answer the query a second time).

    One per session (:func:`watch`)."""

    def __init__(self) -> None:
        self.pinned: dict[Any, Any] = {}

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        returning = method.__returning__
        if returning not in self.pinned:
            self.pinned[returning] = Response[returning]  # type: ignore[valid-type]
        if isinstance(method, AnswerCallbackQuery):
            pending = _pending.get()
            if pending is not None and pending.query_id == method.callback_query_id:
                pending.answered = True
        return await make_request(bot, method)


def watch(session: BaseSession) -> None:
    """Put a :class:`SessionWatch` on ``session`` unless it has one."""
    if not any(isinstance(m, SessionWatch) for m in session.middleware):
        session.middleware(SessionWatch())


class AutoCallbackAnswer(CallbackAnswerMiddleware):
    """Answers every handled callback query once, after its handler (see the module docstring).

    Used as an *outer* middleware on ``callback_query``: the fallback router's refusals and
    "outdated button" answers go through ``callback_answer`` too."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        if not isinstance(event, CallbackQuery):
            return await handler(event, data)
        watch(data["bot"].session)
        answer = data["callback_answer"] = self.construct_callback_answer(properties=None)
        pending = _Pending(event.id)
        token = _pending.set(pending)
        try:
            result = await handler(event, data)
        finally:
            _pending.reset(token)
        if not (answer.disabled or answer.answered or pending.answered):
            try:
                await self.answer(event, answer)
            except TelegramAPIError as exc:  # e.g. the query expired while the handler ran
                log.info("could not answer callback query %s: %s", event.id, exc)
        return result
