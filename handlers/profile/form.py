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
from handlers.common.query import QueryMessage
from handlers.profile.flow import ProfileFlow, ProfileForm
from services import geo
from services.audience import POSITIONS

_PHONE = re.compile(r"^\+?[\d\s()-]{9,20}$")
TEXT = Magic(F.text & ~F.text.startswith("/"))
NOT_COMMAND = Magic(~F.text.startswith("/"))


def _one_line(message: Message) -> str:
    return " ".join((message.text or "").split())


async def got_name(message: Message, i18n: I18n, flow: ProfileFlow) -> None:
    name = _one_line(message)
    if not 3 <= len(name) <= 100:
        await message.answer(i18n("profile-bad-name"))
        return
    await flow.save(full_name=name)
    await flow.next(message)


async def got_municipality(message: Message, i18n: I18n, flow: ProfileFlow) -> None:
    name = _one_line(message)
    if not 2 <= len(name) <= 100:
        await message.answer(i18n("profile-bad-municipality"))
        return
    await flow.save(municipality=name)
    await flow.next(message)


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


async def got_region(
    query: CallbackQuery,
    callback_data: GeoCallback,
    message: Message,
    i18n: I18n,
    flow: ProfileFlow,
) -> None:
    region = geo.region(callback_data.code)
    if region is None:
        await query.answer(i18n("callback-outdated"), show_alert=True)
        return
    await flow.save(oblast=region.code, district=None)
    await flow.state.update_data(profile_region=region.code)
    await query.answer()
    await message.edit_text(i18n("profile-chosen", value=region.name(i18n.lang)))
    await flow.next(message)


async def got_district(
    query: CallbackQuery,
    callback_data: GeoCallback,
    message: Message,
    i18n: I18n,
    flow: ProfileFlow,
) -> None:
    region_code = (await flow.state.get_data()).get("profile_region")
    district = geo.district(region_code, callback_data.code)
    if district is None:
        await query.answer(i18n("callback-outdated"), show_alert=True)
        return
    await flow.save(district=district.code)
    await query.answer()
    await message.edit_text(i18n("profile-chosen", value=district.name(i18n.lang)))
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
    query.register(
        got_region, StateFilter(form.region), GeoCallback.filter(F.level == "r"), QueryMessage()
    )
    query.register(
        got_district, StateFilter(form.district), GeoCallback.filter(F.level == "d"), QueryMessage()
    )
    return r
