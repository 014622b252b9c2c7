"""The one refusal path, and a clear, polite answer to whatever no feature handled.

Privileged routers carry ``HasRole``; updates from users without the role fall through to here.
:class:`bot.filters.Refused` recognises what they asked for from its tables (a privileged
command, a staff menu button, a staff inline button — see ``bot.filters``) and
:func:`refuse_privileged` answers and audits the attempt: the role that may do it, or for the
call-center's own actions its "not allowed" (an anonymous group admin is asked to write as
themselves).  Two routers:

- :func:`refusals_router`, right before the search (whose catch-all would take a staff menu
  button's label as a question): the table-driven refusals, a non-staff message in the
  consultants' chat (refused inside a ticket, else ignored: nothing answers there), and the
  answer to a FAQ draft of someone whose supervisor role was taken away meanwhile;
- :func:`router`, last: "unknown command", "unsupported content", "edits are ignored" and, for
  buttons, "this button is outdated".
"""

from __future__ import annotations

import logging

from aiogram import Bot, F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.filters import Magic, Privilege, Refused, refuse
from bot.i18n import I18n
from bot.workers.relay import Relay
from db.repositories.users import Role, User, UserRepository
from handlers.consultants.shared import NOT_COMMAND, InConsultantsChat, ticket_here
from handlers.stats.gaps import GapDraftForm
from handlers.tickets.shared import refuse as refuse_callcenter
from services.tickets import TicketService

log = logging.getLogger(__name__)


async def refuse_privileged(
    event: Message | CallbackQuery,
    privilege: Privilege,
    user: User | None,
    users: UserRepository,
    i18n: I18n,
    relay: Relay,
    callback_answer: CallbackAnswer | None = None,
) -> None:
    if not privilege.callcenter:
        what = i18n(privilege.what) if privilege.what else None
        await refuse(event, users, i18n, privilege.action, privilege.role, what=what)
    elif user is None and isinstance(event, Message):  # an anonymous group admin
        where = event.sender_chat.id if event.sender_chat else event.chat.id
        await users.audit(None, privilege.action, event.text or "", allowed=False, anonymous=where)
        await event.reply(relay.g("consultant-anonymous-admin"))
    else:
        await refuse_callcenter(event, users, i18n, privilege.action, callback_answer)


async def outsider_message(
    message: Message,
    bot: Bot,
    user: User | None,
    users: UserRepository,
    i18n: I18n,
    tickets: TicketService,
) -> None:
    """Someone without the role writes in the consultants' chat: refused inside a ticket."""
    if message.from_user is None or message.from_user.is_bot or user is None:
        return
    if await ticket_here(message, i18n, tickets, bot.id) is not None:
        await refuse_callcenter(message, users, i18n, "ticket.reply")


async def draft_answer(
    message: Message, state: FSMContext, users: UserRepository, i18n: I18n
) -> None:
    """The answer to a FAQ draft from someone no longer a supervisor."""
    await state.clear()
    await refuse(message, users, i18n, "gaps.draft", Role.supervisor, what=i18n("cmd-gaps"))


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


PRIVATE = Magic(F.chat.type == "private")


def refusals_router() -> Router:
    r = Router(name="refusals")
    r.message.register(outsider_message, InConsultantsChat(), NOT_COMMAND)
    r.message.register(refuse_privileged, Refused())
    r.message.register(draft_answer, PRIVATE, StateFilter(GapDraftForm.answer))
    r.callback_query.register(refuse_privileged, Refused())
    return r


def router() -> Router:
    r = Router(name="fallback")
    r.message.register(unknown_command, PRIVATE, Magic(F.text.startswith("/")))
    r.message.register(unsupported, PRIVATE, Magic(~F.text))
    r.edited_message.register(edited, PRIVATE)
    r.callback_query.register(stale_button)
    return r
