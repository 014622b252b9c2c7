"""CallbackData classes shared across features (each packs to at most 64 bytes).

Feature modules define their own CallbackData next to their handlers; prefixes must be unique
(checked by a test).
"""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData

# the search side's and the language picker's, where their keyboards are (importable from here)
from bot.keyboards.common import LangCallback
from bot.keyboards.search import EscalateCallback


class MenuCallback(CallbackData, prefix="menu"):
    action: str


__all__ = ["EscalateCallback", "LangCallback", "MenuCallback"]
