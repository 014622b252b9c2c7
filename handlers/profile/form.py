"""The registration form's answers: name, position, oblast → district, municipality, phone.

Each answer is saved at once (a half-finished form loses nothing), then the next step is asked.
"""

from __future__ import annotations

import re

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.types import CallbackQuery, Message

from bot.filters import Magic
from bot.i18n import I18n
from bot.keyboards.profile import GeoCallback, PositionCallback, phone_keyboard
from db.audience import POSITIONS
from handlers.common.wiring import QueryMessage
from handlers.profile.flow import ProfileFlow, ProfileForm
from services import geo

_PHONE = re.compile(r"^\+?[\d\s()-]{9,20}$")
TEXT = Magic(F.text & ~F.text.startswith("/"))
NOT_COMMAND = Magic(~F.text.startswith("/"))
# a typed field → (its shortest length, the hint when it does not fit)
LINE_FIELDS = {
    "full_name": (3, "profile-bad-name"),
    "municipality": (2, "profile-bad-municipality"),
}


async def _got_line(message: Message, i18n: I18n, flow: ProfileFlow, field: str) -> None:
    """A one-line answer (spaces collapsed) of ``field`` if its length fits, else the hint."""
    value = " ".join((message.text or "").split())
    shortest, bad = LINE_FIELDS[field]
    if not shortest <= len(value) <= 100:
        await message.answer(i18n(bad))
        return
    await flow.save(**{field: value})
    await flow.next(message)


async def got_name(message: Message, i18n: I18n, flow: ProfileFlow) -> None:
    await _got_line(message, i18n, flow, "full_name")


async def got_municipality(message: Message, i18n: I18n, flow: ProfileFlow) -> None:
    await _got_line(message, i18n, flow, "municipality")


async def got_position(
    query: CallbackQuery,
    callback_data: PositionCallback,
    message: Message,
    i18n: I18n,
    flow: ProfileFlow,
) -> None:
    await flow.save(position=callback_data.code)
    await query.answer()
    position = i18n(f"profile-position-{callback_data.code}")
    await message.edit_text(i18n("profile-chosen", value=position))
    await flow.next(message)


async def got_place(
    query: CallbackQuery,
    callback_data: GeoCallback,
    message: Message,
    i18n: I18n,
    flow: ProfileFlow,
) -> None:
    """An oblast (level "r": its districts come next) or a district of the oblast chosen."""
    region_code = (await flow.state.get_data()).get("profile_region")
    if callback_data.level == "r":
        place: geo.Region | geo.District | None = geo.region(callback_data.code)
        changes = {"oblast": callback_data.code, "district": None}
    else:
        place = geo.district(region_code, callback_data.code)
        changes = {"district": callback_data.code}
    if place is None:
        await query.answer(i18n("callback-outdated"), show_alert=True)
        return
    await flow.save(**changes)
    if callback_data.level == "r":
        await flow.state.update_data(profile_region=place.code)
    await query.answer()
    await message.edit_text(i18n("profile-chosen", value=place.name(i18n.lang)))
    await flow.next(message)


async def got_contact(message: Message, i18n: I18n, flow: ProfileFlow) -> None:
    contact = message.contact
    if contact is None:
        return
    if contact.user_id is not None and contact.user_id != flow.user.id:
        await message.answer(i18n("profile-foreign-contact"))
        return
    phone = contact.phone_number
    await flow.save(phone=phone if phone.startswith("+") else "+" + phone)
    await flow.next(message)


async def got_phone_text(message: Message, i18n: I18n, flow: ProfileFlow) -> None:
    text = (message.text or "").strip()
    translator = i18n.translator
    if text in {translator.get(lang, "profile-btn-skip") for lang in translator.languages}:
        await flow.next(message)
        return
    if not _PHONE.match(text):
        await message.answer(i18n("profile-bad-phone"), reply_markup=phone_keyboard(i18n))
        return
    await flow.save(phone=re.sub(r"[\s()-]", "", text))
    await flow.next(message)


async def not_text(message: Message, i18n: I18n) -> None:
    await message.answer(i18n("profile-text-please"))


async def use_buttons(message: Message, i18n: I18n) -> None:
    await message.answer(i18n("profile-use-buttons"))


def router() -> Router:
    r = Router(name="profile.form")
    r.message.filter(Magic(F.chat.type == "private"))
    form = ProfileForm
    r.message.register(got_name, StateFilter(form.full_name), TEXT)
    r.message.register(got_municipality, StateFilter(form.municipality), TEXT)
    r.message.register(got_contact, StateFilter(form.phone), Magic(F.contact))
    r.message.register(got_phone_text, StateFilter(form.phone), TEXT)
    r.message.register(
        not_text, StateFilter(form.full_name, form.municipality, form.phone), NOT_COMMAND
    )
    r.message.register(
        use_buttons, StateFilter(form.position, form.region, form.district), NOT_COMMAND
    )
    query = r.callback_query
    query.register(
        got_position,
        StateFilter(form.position),
        PositionCallback.filter(F.code.in_(POSITIONS)),
        QueryMessage(),
    )
    for state, level in ((form.region, "r"), (form.district, "d")):
        query.register(
            got_place, StateFilter(state), GeoCallback.filter(F.level == level), QueryMessage()
        )
    return r
