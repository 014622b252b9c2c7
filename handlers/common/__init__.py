"""What every user can do: /start, /help, /lang, /cancel, the main menu, /forget_me, and the
bot's membership in private chats."""

from __future__ import annotations

from aiogram import Router

from handlers.common import membership, menu, privacy
from handlers.common.menu import help_text, send_welcome

__all__ = ["help_text", "router", "send_welcome"]


def router() -> Router:
    r = Router(name="common")
    r.include_routers(menu.router(), privacy.router(), membership.router())
    return r
