"""Builders of Telegram updates for feed_update tests."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from aiogram.types import CallbackQuery, Chat, Message, Update, User

_update_ids = itertools.count(1)
_message_ids = itertools.count(1)


def tg_user(user_id: int, first_name: str = "Айбек", language_code: str | None = "ky") -> User:
    return User(id=user_id, is_bot=False, first_name=first_name, language_code=language_code)


def message_update(
    user: User,
    text: str | None = None,
    *,
    chat_id: int | None = None,
    chat_type: str = "private",
    thread_id: int | None = None,
    edited: bool = False,
    **fields: Any,
) -> Update:
    chat = Chat(id=chat_id if chat_id is not None else user.id, type=chat_type)
    message = Message(
        message_id=next(_message_ids),
        date=dt.datetime.now(dt.UTC),
        chat=chat,
        from_user=user,
        text=text,
        message_thread_id=thread_id,
        edit_date=int(dt.datetime.now(dt.UTC).timestamp()) if edited else None,
        **fields,
    )
    if edited:
        return Update(update_id=next(_update_ids), edited_message=message)
    return Update(update_id=next(_update_ids), message=message)


def callback_update(
    user: User, data: str, *, message_id: int = 1, chat_id: int | None = None
) -> Update:
    """A press of a button with ``data`` under message ``message_id`` in the user's private chat
    (or in the group ``chat_id``: a negative id is a forum supergroup)."""
    chat_id = chat_id if chat_id is not None else user.id
    chat = (
        Chat(id=chat_id, type="private")
        if chat_id > 0
        else Chat(id=chat_id, type="supergroup", is_forum=True)
    )
    message = Message(message_id=message_id, date=dt.datetime.now(dt.UTC), chat=chat, text="…")
    return Update(
        update_id=next(_update_ids),
        callback_query=CallbackQuery(
            id=str(next(_update_ids)),
            from_user=user,
            chat_instance="ci",
            message=message,
            data=data,
        ),
    )
