"""Last router: the one refusal path, and a clear, polite answer to whatever no feature handled.

Privileged routers carry ``HasRole``; updates from users without the role fall through to here.
:class:`bot.filters.Refused` recognises what they asked for (a privileged command, a staff menu
button, a staff inline button — see ``bot.filters``) and :func:`refuse_privileged` answers with
the role that may do it and audits the attempt.  Anything else gets "unknown command",
"unsupported content", "edits are ignored" or, for buttons, "this button is outdated".
"""

from __future__ import annotations

import logging

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.filters import Magic, Privilege, Refused, refuse
from bot.i18n import I18n
from db.repositories.users import UserRepository

log = logging.getLogger(__name__)


async def refuse_privileged(
    event: Message | CallbackQuery, privilege: Privilege, users: UserRepository, i18n: I18n
) -> None:
    what = i18n(privilege.what) if privilege.what else None
    await refuse(event, users, i18n, privilege.action, privilege.role, what=what)


async def unknown_command(message: Message, i18n: I18n) -> None:
    await message.answer(i18n("unknown-command"))


async def unsupported(message: Message, i18n: I18n) -> None:
    await message.answer(i18n("unsupported-content"))


async def edited(message: Message, i18n: I18n) -> None:
    await message.answer(i18n("edited-ignored"))


async def stale_button(
    query: CallbackQuery, callback_answer: CallbackAnswer, users: UserRepository, i18n: I18n
) -> None:
    """Forged or outdated callback data, or a button of a message that is gone: say so, log."""
    log.warning("unhandled callback %r from %s", query.data, query.from_user.id)
    await users.audit(query.from_user.id, "callback.unhandled", query.data, allowed=False)
    callback_answer.text = i18n("callback-outdated")
    callback_answer.show_alert = True


def router() -> Router:
    r = Router(name="fallback")
    private = Magic(F.chat.type == "private")
    r.message.register(refuse_privileged, Refused())
    r.callback_query.register(refuse_privileged, Refused())
    r.message.register(unknown_command, private, Magic(F.text.startswith("/")))
    r.message.register(unsupported, private, Magic(~F.text))
    r.edited_message.register(edited, private)
    r.callback_query.register(stale_button)
    return r
