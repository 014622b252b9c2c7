"""Callback data and keyboards of registration and /profile."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup, KeyboardButton, ReplyKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.i18n import I18n
from bot.keyboards.common import choices_keyboard
from db.audience import POSITIONS  # the one vocabulary of positions
from db.repositories.users import Role, User
from services import geo

# (field, button key) of the profile's edit buttons, in order on screen
EDIT_BUTTONS = (
    ("full_name", "profile-btn-edit-name"),
    ("position", "profile-btn-edit-position"),
    ("region", "profile-btn-edit-place"),
    ("municipality", "profile-btn-edit-municipality"),
    ("phone", "profile-btn-edit-phone"),
)


class ProfileCallback(CallbackData, prefix="prof"):
    action: str  # edit | fill | show_name
    field: str = ""  # the field to edit; for "fill", the ticket's id (services.numbers)


class PositionCallback(CallbackData, prefix="pos"):
    code: str


class GeoCallback(CallbackData, prefix="geo"):
    level: str  # r (region) | d (district)
    code: str


def position_keyboard(i18n: I18n) -> InlineKeyboardMarkup:
    return choices_keyboard(
        (i18n(f"profile-position-{code}"), PositionCallback(code=code)) for code in POSITIONS
    )


def region_keyboard(i18n: I18n) -> InlineKeyboardMarkup:
    choices = ((r.name(i18n.lang), GeoCallback(level="r", code=r.code)) for r in geo.REGIONS)
    return choices_keyboard(choices, 2)


def district_keyboard(i18n: I18n, region: geo.Region) -> InlineKeyboardMarkup:
    choices = ((d.name(i18n.lang), GeoCallback(level="d", code=d.code)) for d in region.districts)
    return choices_keyboard(choices, 2)


def phone_keyboard(i18n: I18n) -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(
        keyboard=[
            [KeyboardButton(text=i18n("profile-btn-share-phone"), request_contact=True)],
            [KeyboardButton(text=i18n("profile-btn-skip"))],
        ],
        resize_keyboard=True,
        one_time_keyboard=True,
    )


def profile_keyboard(i18n: I18n, user: User) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    for field, key in EDIT_BUTTONS:
        b.button(text=i18n(key), callback_data=ProfileCallback(action="edit", field=field))
    if user.has_role(Role.consultant):
        key = "profile-btn-hide-name" if user.show_name else "profile-btn-show-name"
        b.button(text=i18n(key), callback_data=ProfileCallback(action="show_name"))
    b.adjust(2)
    return b.as_markup()


def fill_keyboard(i18n: I18n, ticket_id: int) -> InlineKeyboardMarkup:
    """ "Fill in the profile" under a ticket opened by someone not yet registered."""
    b = InlineKeyboardBuilder()
    b.button(
        text=i18n("profile-btn-fill"),
        callback_data=ProfileCallback(action="fill", field=str(ticket_id)),
    )
    return b.as_markup()
