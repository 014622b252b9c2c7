"""Language picker, the main menu, /forget_me's confirmation — and the bounded id type of every
numeric callback field."""

from __future__ import annotations

from collections.abc import Iterable

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, ReplyKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder, ReplyKeyboardBuilder

from bot.i18n import I18n
from db.repositories.users import Role


class LangCallback(CallbackData, prefix="lang"):
    code: str  # "ky" | "ru"


class ForgetCallback(CallbackData, prefix="fgt"):
    action: str  # "yes" | "no"


# (translation key of the button, minimal role).  Order = order on screen.
MENU_BUTTONS: tuple[tuple[str, Role], ...] = (
    ("menu-ask", Role.official),
    ("menu-consultant", Role.official),
    ("menu-my-tickets", Role.official),
    ("menu-events", Role.official),
    ("menu-subscriptions", Role.official),
    ("menu-profile", Role.official),
    ("menu-language", Role.official),
    ("menu-help", Role.official),
    ("menu-queue", Role.consultant),
    ("menu-stats", Role.supervisor),
)


def choices_keyboard(
    choices: Iterable[tuple[str, CallbackData]], width: int = 1
) -> InlineKeyboardMarkup:
    """Buttons (text, callback data), ``width`` a row."""
    builder = InlineKeyboardBuilder()
    for text, data in choices:
        builder.button(text=text, callback_data=data)
    builder.adjust(width)
    return builder.as_markup()


def language_keyboard() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text="🇰🇬 Кыргызча", callback_data=LangCallback(code="ky"))
    builder.button(text="🇷🇺 Русский", callback_data=LangCallback(code="ru"))
    builder.adjust(2)
    return builder.as_markup()


def main_menu(i18n: I18n, role: Role) -> ReplyKeyboardMarkup:
    builder = ReplyKeyboardBuilder()
    for key, min_role in MENU_BUTTONS:
        if role.at_least(min_role):
            builder.button(text=i18n(key))
    builder.adjust(2)
    return builder.as_markup(resize_keyboard=True, input_field_placeholder=i18n("menu-placeholder"))


def forget_keyboard(i18n: I18n) -> InlineKeyboardMarkup:
    """/forget_me's confirmation: erase (yes) or keep (no), one button a row."""
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(
                    text=i18n(f"forget-btn-{a}"), callback_data=ForgetCallback(action=a).pack()
                )
            ]
            for a in ("yes", "no")
        ]
    )
