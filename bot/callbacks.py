"""CallbackData classes shared across features (each packs to at most 64 bytes).

Feature modules define their own CallbackData next to their handlers; prefixes must be unique
(checked by a test).
"""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class LangCallback(CallbackData, prefix="lang"):
    code: str  # "ky" | "ru"


class MenuCallback(CallbackData, prefix="menu"):
    action: str
