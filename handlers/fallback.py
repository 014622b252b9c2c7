"""Last router: whatever no feature handled gets a clear, polite answer."""

from __future__ import annotations

import logging

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message

from bot.i18n import I18n
from db.repositories.users import User, UserRepository

log = logging.getLogger(__name__)


def router() -> Router:
    r = Router(name="fallback")

    @r.message(F.chat.type == "private", F.text.startswith("/"))
    async def unknown_command(message: Message, i18n: I18n) -> None:
        await message.answer(i18n("unknown-command"))

    @r.message(F.chat.type == "private", ~F.text)
    async def unsupported(message: Message, i18n: I18n) -> None:
        await message.answer(i18n("unsupported-content"))

    @r.edited_message(F.chat.type == "private")
    async def edited(message: Message, i18n: I18n) -> None:
        await message.answer(i18n("edited-ignored"))

    @r.callback_query()
    async def stale_button(
        query: CallbackQuery, i18n: I18n, user: User | None, users: UserRepository
    ) -> None:
        """Forged, outdated or foreign callback data: refuse and log."""
        log.warning("unhandled callback %r from %s", query.data, query.from_user.id)
        await users.audit(query.from_user.id, "callback.unhandled", query.data, allowed=False)
        await query.answer(i18n("callback-outdated"), show_alert=True)

    return r
