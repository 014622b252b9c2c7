"""The consultants' side of the call-center, by what a consultant or supervisor does:

- ``cards``: the buttons of a ticket card (Take, Transfer, Close, Save to KB), relay retries;
- ``replies``: messages in a ticket's topic (or from the private chat) relayed to the asker,
  notes, canned replies, /close, /inbox, edits;
- ``commands``: /queue, /canned;
- ``drafts``: /drafts and their review (supervisors);
- ``history``: /ticket N (staff: any ticket; the asker: their own).

What the role-filtered routers pass by is refused by ``handlers/fallback.py`` (its tables:
``bot.filters.CALLCENTER_COMMANDS``, ``PRIVILEGED_CALLBACKS``).

The role is checked once, by the routers' :class:`~bot.filters.HasRole` filters.
"""

from __future__ import annotations

from aiogram import Router

from bot.filters import HasRole
from db.repositories.users import Role
from handlers.common.wiring import Provide
from handlers.consultants import cards, commands, drafts, history, replies
from handlers.tickets.shared import CallCenterMiddleware, Desk, content_of

__all__ = ["content_of", "router"]


def only(role: Role, *routers: Router) -> Router:
    r = Router(name=f"consultants.{role.value}")
    r.message.filter(HasRole(role))
    r.callback_query.filter(HasRole(role))
    r.include_routers(*routers)
    return r


def router() -> Router:
    r = Router(name="consultants")
    for observer in (r.message, r.callback_query):
        observer.middleware(CallCenterMiddleware())
        observer.middleware(Provide("desk", Desk.build))
    r.include_routers(
        only(Role.supervisor, drafts.router()),
        only(Role.consultant, cards.router(), commands.router(), replies.router()),
        history.router(),
        replies.edits_router(),
    )
    return r
