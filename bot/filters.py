"""Custom filters: menu buttons in either language, roles."""

from __future__ import annotations

from typing import Any

from aiogram.filters import Filter
from aiogram.types import CallbackQuery, Message

from bot.i18n import Translator
from db.repositories.users import Role, User


class MenuButton(Filter):
    """Matches a reply-keyboard button by its translation key, in any language."""

    def __init__(self, key: str) -> None:
        self.key = key

    async def __call__(self, message: Message, translator: Translator) -> bool:
        if not message.text:
            return False
        return any(message.text == translator.get(lang, self.key) for lang in translator.languages)


class HasRole(Filter):
    """Passes users with at least ``role``.  Refusals are handled by the caller's fallback."""

    def __init__(self, role: Role) -> None:
        self.role = role

    async def __call__(
        self, event: Message | CallbackQuery, user: User | None
    ) -> bool | dict[str, Any]:
        return user is not None and user.has_role(self.role)
