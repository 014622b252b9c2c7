"""The asker's side of the call-center (private chat), by what the asker does:

- ``ask``: /ask_consultant, "didn't help / ask a consultant" under answers, the confirmation;
- ``rating``: /my, rating with an optional comment, reopening;
- ``follow_ups``: messages relayed into the open ticket, replies to a closed one, edits;
- ``media``: a photo, voice note or document outside a ticket opens one (after a confirmation).
"""

from __future__ import annotations

from aiogram import Router

from handlers.common.wiring import Provide
from handlers.tickets import ask, follow_ups, media, rating
from handlers.tickets.shared import (
    AskForm,
    CallCenterMiddleware,
    Desk,
    FollowUpForm,
    RateForm,
    announce_created,
    content_of,
)

__all__ = ["AskForm", "FollowUpForm", "RateForm", "announce_created", "content_of", "router"]


def router() -> Router:
    r = Router(name="tickets")
    for observer in (r.message, r.callback_query):
        observer.middleware(CallCenterMiddleware())
        observer.middleware(Provide("desk", Desk.build))
    # Order matters: an open ticket takes the asker's files before ``media`` offers a new one.
    r.include_routers(ask.router(), rating.router(), follow_ups.router(), media.router())
    return r
