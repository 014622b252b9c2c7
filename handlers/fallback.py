"""Last router: whatever no feature handled gets a clear, polite answer."""

from __future__ import annotations

import logging

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message

from bot.commands import COMMANDS
from bot.filters import refuse
from bot.i18n import I18n
from db.repositories.users import Role, User, UserRepository

log = logging.getLogger(__name__)

# Privileged commands guarded by a HasRole filter reach this router when the sender lacks the
# role: they get the refusal that names the role, not "no such command".  The role is the one
# the feature's filter checks (events: supervisors may create events too).
PRIVILEGED: dict[str, tuple[Role, str]] = {
    command: (role, key) for command, key, role in COMMANDS if role != Role.official
}
PRIVILEGED.update(
    event_new=(Role.supervisor, "cmd-event-new"),
    event_import=(Role.supervisor, "cmd-event-new"),
)


def router() -> Router:
    r = Router(name="fallback")

    @r.message(F.chat.type == "private", F.text.startswith("/"))
    async def unknown_command(
        message: Message, i18n: I18n, user: User | None, users: UserRepository
    ) -> None:
        name = (message.text or "").split()[0][1:].split("@")[0].lower()
        if name in PRIVILEGED:
            role, key = PRIVILEGED[name]
            if user is None or not user.has_role(role):
                await refuse(message, users, i18n, name, role, what=i18n(key))
                return
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
