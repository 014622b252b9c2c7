"""/broadcast for admins: compose (text with the admin's own formatting, optional photo or
document), choose the audience, preview with the recipient count, send now or at a set time
(:mod:`.compose`); pause, resume or cancel a running broadcast from its live progress message
(:mod:`.control`).  The router carries ``HasRole(admin)``: others fall through to the refusal in
``handlers.fallback``."""

from __future__ import annotations

from aiogram import F, Router

from bot.filters import HasRole, Magic
from db.repositories.users import Role
from handlers.broadcasts import compose, control
from handlers.common.office import Office
from handlers.common.wiring import Provide


def router() -> Router:
    r = Router(name="broadcasts")
    admin = HasRole(Role.admin)
    r.message.filter(Magic(F.chat.type == "private"), admin)
    r.callback_query.filter(admin)
    for observer in (r.message, r.callback_query):
        observer.middleware(Provide("office", Office.build))
    r.include_routers(compose.router(), control.router())
    return r
