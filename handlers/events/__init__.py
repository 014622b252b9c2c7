"""Events: officials browse and register (:mod:`.browse`); supervisors and admins create
(:mod:`.form`), import (:mod:`.importing`), manage (:mod:`.manage`) and announce
(:mod:`.announce`) them.  The organisers' routers carry ``HasRole``: whoever lacks the role falls
through to the refusal in ``handlers.fallback``."""

from __future__ import annotations

from aiogram import F, Router

from bot.filters import Magic
from handlers.common.office import Office
from handlers.common.wiring import Provide
from handlers.events import announce, browse, form, importing, manage


def router() -> Router:
    r = Router(name="events")
    r.message.filter(Magic(F.chat.type == "private"))
    for observer in (r.message, r.callback_query):
        observer.middleware(Provide("office", Office.build))
    # order: the list answers in any state; a file in the form's first step is an import; the
    # form's "text, please" comes last
    r.include_routers(
        browse.router(), manage.router(), announce.router(), importing.router(), form.router()
    )
    return r
