"""A user talking to the bot in-process, in the spirit of aiogram_dialog's test tools.

``BotClient`` feeds updates from one Telegram user to the Dispatcher and reads what the bot sent
back through the :class:`RecordingSession`::

    client = BotClient(dp, bot, session, 555, language_code="ru")
    await client.send("/stats")
    assert "только для супервайзеров" in client.last_text()
    await client.click("Неделя")          # the inline button with that label
    assert client.last_answer().show_alert  # the callback query's answer

``press(data)`` sends raw callback data (a forged or outdated button).  For emulator message
dicts (end-to-end tests) :func:`buttons` and :func:`button` find inline buttons by label.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.methods import AnswerCallbackQuery, TelegramMethod
from aiogram.types import InlineKeyboardMarkup, Update, User

from tests.helpers.recording import RecordingSession
from tests.helpers.updates import callback_update, message_update, tg_user


class BotClient:
    def __init__(
        self,
        dp: Dispatcher,
        bot: Bot,
        session: RecordingSession,
        user_id: int,
        *,
        first_name: str = "Айбек",
        language_code: str | None = "ru",
        chat_id: int | None = None,
    ) -> None:
        self.dp, self.bot, self.session = dp, bot, session
        self.user: User = tg_user(user_id, first_name, language_code)
        self.chat_id = chat_id if chat_id is not None else user_id

    # -- acting -------------------------------------------------------------------------------
    async def feed(self, update: Update) -> list[TelegramMethod[Any]]:
        """Feed one update; returns the Bot API calls the bot made while handling it."""
        before = len(self.session.requests)
        await self.dp.feed_update(self.bot, update)
        return self.session.requests[before:]

    async def send(self, text: str | None = None, **fields: Any) -> list[TelegramMethod[Any]]:
        chat_type = "private" if self.chat_id > 0 else "supergroup"
        update = message_update(
            self.user, text, chat_id=self.chat_id, chat_type=chat_type, **fields
        )
        return await self.feed(update)

    async def press(self, data: str, message_id: int = 1) -> list[TelegramMethod[Any]]:
        """Press a button with this callback data (whether or not the bot ever sent it)."""
        return await self.feed(callback_update(self.user, data, message_id=message_id))

    async def click(self, label: str, message: Any = None) -> list[TelegramMethod[Any]]:
        """Press the inline button whose label contains ``label`` in ``message`` (by default the
        latest message to this chat that has inline buttons)."""
        message = message if message is not None else self.last_with_buttons()
        for text, data in self.buttons(message):
            if label in text:
                return await self.press(data, message_id=getattr(message, "message_id", 1) or 1)
        raise AssertionError(f"no button {label!r} in {self.buttons(message)}")

    # -- reading ------------------------------------------------------------------------------
    def messages(self) -> list[Any]:
        """Messages (and edits) the bot sent to this chat, oldest first."""
        return [
            r
            for r in self.session.requests
            if getattr(r, "chat_id", None) == self.chat_id and getattr(r, "text", None) is not None
        ]

    def last_text(self) -> str:
        found = self.messages()
        assert found, f"the bot sent nothing to {self.chat_id}"
        return str(found[-1].text)

    def texts(self) -> list[str]:
        return [str(m.text) for m in self.messages()]

    def last_with_buttons(self) -> Any:
        for message in reversed(self.messages()):
            if self.buttons(message):
                return message
        raise AssertionError(f"no message with inline buttons in chat {self.chat_id}")

    @staticmethod
    def buttons(message: Any) -> list[tuple[str, str]]:
        """(label, callback data) of a sent message's inline keyboard."""
        markup = getattr(message, "reply_markup", None)
        if not isinstance(markup, InlineKeyboardMarkup):
            return []
        return [(b.text, b.callback_data or "") for row in markup.inline_keyboard for b in row]

    def answers(self) -> list[AnswerCallbackQuery]:
        return [r for r in self.session.requests if isinstance(r, AnswerCallbackQuery)]

    def last_answer(self) -> AnswerCallbackQuery:
        found = self.answers()
        assert found, "no callback query was answered"
        return found[-1]


ClientFactory = Callable[..., BotClient]  # the ``client`` fixture: client(user_id, ...) → BotClient


# -- emulator messages (end-to-end tests) -------------------------------------------------------
def buttons(msg: dict[str, Any]) -> dict[str, str]:
    """Label → callback data of an emulator message's inline keyboard."""
    markup = msg.get("reply_markup") or {}
    return {
        b["text"]: b.get("callback_data", "")
        for row in markup.get("inline_keyboard", [])
        for b in row
    }


def button(msg: dict[str, Any], label: str) -> str:
    """The callback data of the button whose label contains ``label``."""
    for text, data in buttons(msg).items():
        if label in text:
            return data
    raise AssertionError(f"no button {label!r} in {list(buttons(msg))}")
