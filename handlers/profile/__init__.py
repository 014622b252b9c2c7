"""Registration and /profile: full name, position, oblast → district, municipality, phone.

A ticket opened before the profile is complete asks only for what is missing (the "fill in"
button, :func:`offer_profile`) and the ticket card in the consultants' chat is refreshed when
the profile changes.
"""

from __future__ import annotations

from aiogram import Router

from bot.keyboards.profile import GeoCallback, PositionCallback, ProfileCallback, position_keyboard
from db.audience import POSITIONS
from handlers.common.wiring import Provide
from handlers.profile import form, view
from handlers.profile.flow import ProfileFlow
from handlers.profile.view import offer_profile, registration_invite

__all__ = [
    "POSITIONS", "GeoCallback", "PositionCallback", "ProfileCallback", "offer_profile",
    "position_keyboard", "registration_invite", "router",
]  # fmt: skip


def router() -> Router:
    r = Router(name="profile")
    r.message.middleware(Provide("flow", ProfileFlow.build))
    r.callback_query.middleware(Provide("flow", ProfileFlow.build))
    r.include_routers(view.router(), form.router())
    return r
