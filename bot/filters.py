"""Custom filters: menu buttons in either language, roles — and the one refusal path.

A privileged handler either carries :class:`HasRole` (users without the role fall through to
the fallback router, which refuses known privileged commands with :func:`refuse`), or checks
the role itself and calls :func:`refuse`.  Every refusal names the role that may do the action
and what to do to get it, and is written to the audit log (``allowed = 0``).
"""

from __future__ import annotations

import html
import logging
import re
from typing import Any

from aiogram.filters import Filter
from aiogram.types import CallbackQuery, Message, TelegramObject
from magic_filter import MagicFilter

from bot.i18n import Html, I18n, Translator
from db.repositories.users import Role, User, UserRepository

log = logging.getLogger(__name__)


class MenuButton(Filter):
    """Matches a reply-keyboard button by its translation key, in any language."""

    def __init__(self, key: str) -> None:
        self.key = key

    async def __call__(self, message: Message, translator: Translator) -> bool:
        if not message.text:
            return False
        return any(message.text == translator.get(lang, self.key) for lang in translator.languages)


class Magic(Filter):
    """An async wrapper of a magic filter (``Magic(F.chat.type == "private")``).

    aiogram runs a bare ``F.…`` filter (a sync callable) through a worker thread on every update;
    resolving it here costs microseconds instead."""

    def __init__(self, magic: MagicFilter) -> None:
        self.magic = magic

    async def __call__(self, event: TelegramObject) -> bool:
        return bool(self.magic.resolve(event))


class HasRole(Filter):
    """Passes users with at least ``role``.  Refusals are handled by the caller's fallback."""

    def __init__(self, role: Role) -> None:
        self.role = role

    async def __call__(
        self, event: Message | CallbackQuery, user: User | None
    ) -> bool | dict[str, Any]:
        return user is not None and user.has_role(self.role)


def has_role(user: User | None, role: Role) -> bool:
    return user is not None and user.has_role(role)


def refusal_text(i18n: I18n, role: Role, user_id: int | None, what: str | None = None) -> str:
    """ "<what> is only for <role and above>; ask your administrator, giving your id"."""
    if role == Role.official:  # nothing to name: ownership, not a role, was missing
        return i18n("not-allowed")
    return i18n(
        f"not-allowed-{role.value}",
        what=Html(what) if what else i18n("not-allowed-this"),
        id=str(user_id or "—"),
    )


async def refuse(
    event: Message | CallbackQuery,
    users: UserRepository,
    i18n: I18n,
    action: str,
    role: Role,
    *,
    what: str | None = None,
) -> None:
    """Answer that ``role`` (or higher) is needed for ``action`` and audit the attempt.

    ``what`` is the translated name of the action ("Statistics"), shown in the refusal."""
    actor = event.from_user.id if event.from_user else None
    detail = event.data if isinstance(event, CallbackQuery) else (event.text or "")
    log.warning("refused %s from %s: %r", action, actor, detail)
    await users.audit(actor, action, detail or "", allowed=False, role=role.value)
    text = refusal_text(i18n, role, actor, what)
    if isinstance(event, CallbackQuery):
        await event.answer(alert_text(text, i18n("not-allowed-ask")), show_alert=True)
    else:
        await event.answer(text)


ALERT_LIMIT = 200  # answerCallbackQuery text: plain, 0-200 characters


def alert_text(text: str, short_advice: str = "") -> str:
    """Plain text for a callback alert: tags removed; over 200 characters, the first line and
    ``short_advice`` (who gives access)."""
    plain = html.unescape(re.sub(r"<[^>]+>", "", text)).strip()
    if len(plain) > ALERT_LIMIT:
        plain = f"{plain.split(chr(10), 1)[0]} {short_advice}".strip()
    return plain[:ALERT_LIMIT]
