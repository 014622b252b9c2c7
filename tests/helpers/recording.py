"""A recording Bot API session for in-process Dispatcher tests (feed_update).

Every request is recorded; results are synthesised from the method's own fields so handlers get
realistic objects back (a sent Message with the text and markup that was sent).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import AsyncGenerator
from typing import Any

from aiogram import Bot
from aiogram.client.session.base import BaseSession
from aiogram.methods import TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import Chat, InlineKeyboardMarkup, Message, User

BOT_USER = User(id=1000000001, is_bot=True, first_name="Keneshchi", username="keneshchi_bot")


def _inline_only(markup: Any) -> Any:
    """A sent Message carries only inline keyboards, as in Telegram."""
    return markup if isinstance(markup, InlineKeyboardMarkup) else None


class RecordingSession(BaseSession):
    def __init__(self) -> None:
        super().__init__()
        self.requests: list[TelegramMethod[Any]] = []
        self._ids = itertools.count(1000)
        self.fail_with: dict[str, Exception] = {}

    async def close(self) -> None:
        return None

    async def stream_content(self, *args: Any, **kwargs: Any) -> AsyncGenerator[bytes, None]:
        yield b""

    async def make_request(
        self, bot: Bot, method: TelegramMethod[TelegramType], timeout: int | None = None
    ) -> TelegramType:
        self.requests.append(method)
        name = type(method).__name__
        if name in self.fail_with:
            raise self.fail_with[name]
        returning = method.__returning__
        if returning is Message or name.startswith(("Send", "Forward", "Copy", "EditMessage")):
            if name.startswith("Copy"):
                from aiogram.types import MessageId

                return MessageId(message_id=next(self._ids))  # type: ignore[return-value]
            chat_id = getattr(method, "chat_id", 0) or 0
            chat_type = "private" if isinstance(chat_id, int) and chat_id > 0 else "supergroup"
            return Message(  # type: ignore[return-value]
                message_id=getattr(method, "message_id", None) or next(self._ids),
                date=dt.datetime.now(dt.UTC),
                chat=Chat(id=chat_id, type=chat_type),
                from_user=BOT_USER,
                text=getattr(method, "text", None),
                caption=getattr(method, "caption", None),
                reply_markup=_inline_only(getattr(method, "reply_markup", None)),
                message_thread_id=getattr(method, "message_thread_id", None),
            )
        if name == "GetMe":
            return BOT_USER  # type: ignore[return-value]
        if name == "CreateForumTopic":
            from aiogram.types import ForumTopic

            return ForumTopic(  # type: ignore[return-value]
                message_thread_id=next(self._ids), name=method.name, icon_color=0x6FB9F0
            )
        return True  # type: ignore[return-value]

    # -- helpers for assertions --------------------------------------------------------------
    def sent(self, name: str = "SendMessage", chat_id: int | None = None) -> list[Any]:
        """Requests of one method (``SendMessage`` by default), to one chat if given."""
        return [
            r
            for r in self.requests
            if type(r).__name__ == name
            and (chat_id is None or getattr(r, "chat_id", None) == chat_id)
        ]

    def texts(self, chat_id: int | None = None) -> list[str]:
        out = []
        for r in self.requests:
            text = getattr(r, "text", None)
            if text is None:
                continue
            if chat_id is not None and getattr(r, "chat_id", None) != chat_id:
                continue
            out.append(text)
        return out

    def clear(self) -> None:
        self.requests.clear()
