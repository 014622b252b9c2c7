"""CallbackData classes shared across features (each packs to at most 64 bytes).

Feature modules define their own CallbackData next to their handlers; prefixes must be unique
(checked by a test).
"""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData

# The call-center's callbacks (tk, tkx, tka, rate, esc, tnew, kbd, rlr, tkm) live in
# bot/keyboards/tickets.py with their keyboards.  EscalateCallback stays importable from here
# for handlers/search.py until that module imports it from there.
from bot.keyboards.tickets import EscalateCallback


class LangCallback(CallbackData, prefix="lang"):
    code: str  # "ky" | "ru"


class MenuCallback(CallbackData, prefix="menu"):
    action: str


__all__ = ["EscalateCallback", "LangCallback", "MenuCallback"]
