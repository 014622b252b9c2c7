"""Language picker and the main menu."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup, ReplyKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder, ReplyKeyboardBuilder

from bot.callbacks import LangCallback
from bot.i18n import I18n
from db.repositories.users import Role

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
