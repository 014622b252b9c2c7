"""What the keyboards share: the row-id field of callback data, a builder of simple keyboards."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder
from pydantic import BeforeValidator, Field

from services.numbers import DB_ID_MAX, parse_int


def _strict_id(value: Any) -> Any:
    """Callback text → int by :func:`services.numbers.parse_int` (ASCII digits, in range)."""
    if isinstance(value, str):
        parsed = parse_int(value)
        if parsed is None:
            raise ValueError("not a row id")
        return parsed
    return value


# A row id in callback data: a forged one (≥ 2^63, "¹²³", "+5", " 5") fails the CallbackData
# filter (the update falls through to the "outdated button" answer) and never reaches SQLite.
RowId = Annotated[int, BeforeValidator(_strict_id), Field(ge=0, le=DB_ID_MAX)]


def inline(
    *buttons: tuple[str, CallbackData], adjust: Sequence[int] = (1,)
) -> InlineKeyboardMarkup:
    """Buttons (text, callback data) in rows of ``adjust`` (one a row by default)."""
    b = InlineKeyboardBuilder()
    for text, data in buttons:
        b.button(text=text, callback_data=data)
    b.adjust(*adjust)
    return b.as_markup()
