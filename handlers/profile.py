"""Registration and /profile: full name, position, oblast → district, municipality, phone.

Each answer is saved at once, so a half-finished form loses nothing.  A ticket opened before
the profile is complete asks only for what is missing (``start_profile(missing_only=True)``) and
the ticket card in the consultants' chat is refreshed when the profile changes.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
)
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.filters import MenuButton
from bot.i18n import I18n
from bot.keyboards.common import main_menu
from db.repositories.users import Role, User, UserRepository
from services import geo
from services.audience import POSITIONS  # the one vocabulary of positions

log = logging.getLogger(__name__)

STEPS = ("full_name", "position", "region", "district", "municipality", "phone")
_PHONE = re.compile(r"^\+?[\d\s()-]{9,20}$")


class ProfileForm(StatesGroup):
    full_name = State()
    position = State()
    region = State()
    district = State()
    municipality = State()
    phone = State()


class ProfileCallback(CallbackData, prefix="prof"):
    action: str  # edit | fill | show_name
    field: str = ""


class PositionCallback(CallbackData, prefix="pos"):
    code: str


class GeoCallback(CallbackData, prefix="geo"):
    level: str  # r (region) | d (district)
    code: str


# -- keyboards ----------------------------------------------------------------------------------
def position_keyboard(i18n: I18n) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    for code in POSITIONS:
        b.button(text=i18n(f"profile-position-{code}"), callback_data=PositionCallback(code=code))
    b.adjust(1)
    return b.as_markup()


def region_keyboard(i18n: I18n) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    for region in geo.REGIONS:
        b.button(
            text=region.name(i18n.lang), callback_data=GeoCallback(level="r", code=region.code)
        )
    b.adjust(2)
    return b.as_markup()


def district_keyboard(i18n: I18n, region: geo.Region) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    for district in region.districts:
        b.button(
            text=district.name(i18n.lang), callback_data=GeoCallback(level="d", code=district.code)
        )
    b.adjust(2)
    return b.as_markup()


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
    for field, key in (
        ("full_name", "profile-btn-edit-name"),
        ("position", "profile-btn-edit-position"),
        ("region", "profile-btn-edit-place"),
        ("municipality", "profile-btn-edit-municipality"),
        ("phone", "profile-btn-edit-phone"),
    ):
        b.button(text=i18n(key), callback_data=ProfileCallback(action="edit", field=field))
    if user.has_role(Role.consultant):
        key = "profile-btn-hide-name" if user.show_name else "profile-btn-show-name"
        b.button(text=i18n(key), callback_data=ProfileCallback(action="show_name"))
    b.adjust(2)
    return b.as_markup()


def profile_text(i18n: I18n, user: User) -> str:
    dash = "—"
    lines = [
        i18n("profile-header"),
        i18n("profile-line-name", value=user.full_name or dash),
        i18n(
            "profile-line-position",
            value=i18n(f"profile-position-{user.position}") if user.position else dash,
        ),
        i18n("profile-line-region", value=geo.region_name(user.oblast, i18n.lang) or dash),
        i18n(
            "profile-line-district",
            value=geo.district_name(user.oblast, user.district, i18n.lang) or dash,
        ),
        i18n("profile-line-municipality", value=user.municipality or dash),
        i18n("profile-line-phone", value=user.phone or dash),
    ]
    if user.has_role(Role.consultant):
        lines.append(
            i18n("profile-line-show-name-on" if user.show_name else "profile-line-show-name-off")
        )
    if not user.is_registered:
        lines.append("")
        lines.append(i18n("profile-incomplete"))
    return "\n".join(lines)


# -- the form -----------------------------------------------------------------------------------
_FIELD_KEYS = {
    "full_name": "profile-field-name",
    "position": "profile-field-position",
    "region": "profile-field-region",
    "municipality": "profile-field-municipality",
    "phone": "profile-field-phone",
}


async def offer_profile(message: Message, user: User, i18n: I18n, ticket_id: int) -> None:
    """After a ticket from someone not yet registered: say what is missing and offer a button.

    The form only starts when they press it, so what they write next still goes to the ticket."""
    missing = [i18n(_FIELD_KEYS[step]) for step in _missing(user) if step != "phone"]
    if not missing:
        return
    b = InlineKeyboardBuilder()
    b.button(
        text=i18n("profile-btn-fill"),
        callback_data=ProfileCallback(action="fill", field=str(ticket_id)),
    )
    await message.answer(
        i18n("profile-for-ticket", number=ticket_id, missing=", ".join(missing)),
        reply_markup=b.as_markup(),
    )


def registration_invite(user: User, i18n: I18n) -> str | None:
    """Registration at first use: a paragraph of the welcome after /start (one message, not
    two back to back: Telegram allows one message a second to a chat).  It points to the
    menu's profile button, which starts the form."""
    if user.is_registered:
        return None
    return i18n("profile-invite-menu", button=i18n("menu-profile"))


def _missing(user: User) -> list[str]:
    steps = []
    if not user.full_name:
        steps.append("full_name")
    if not user.position:
        steps.append("position")
    if not user.oblast:
        steps.append("region")
    if not user.municipality:
        steps.append("municipality")
    if not user.phone:
        steps.append("phone")
    return steps


async def start_profile(
    message: Message,
    state: FSMContext,
    user: User,
    i18n: I18n,
    *,
    missing_only: bool = False,
    ticket_id: int | None = None,
    only: str | None = None,
    runtime: Any = None,
    bot: Bot | None = None,
) -> None:
    """Start the form: every step, only the missing ones, or one field (``only``)."""
    if only is not None:
        queue = [only]
    elif missing_only:
        queue = _missing(user)
    else:
        queue = ["full_name", "position", "region", "municipality", "phone"]
    if not queue:
        return
    await state.set_data({"profile_queue": queue, "profile_ticket": ticket_id})
    # the introduction and the first question are one message (one a second per chat)
    lead = i18n("profile-intro") + "\n\n" if not user.is_registered and only is None else ""
    await _ask(message, state, i18n, queue[0], (user, runtime, bot), lead=lead)


Context = tuple[User | None, Any, Bot | None]


async def _ask(
    message: Message, state: FSMContext, i18n: I18n, step: str, ctx: Context, *, lead: str = ""
) -> None:
    markup: Any = None
    if step == "full_name":
        await state.set_state(ProfileForm.full_name)
        text = i18n("profile-ask-name")
    elif step == "position":
        await state.set_state(ProfileForm.position)
        text, markup = i18n("profile-ask-position"), position_keyboard(i18n)
    elif step == "region":
        await state.set_state(ProfileForm.region)
        text, markup = i18n("profile-ask-region"), region_keyboard(i18n)
    elif step == "district":
        region = geo.region((await state.get_data()).get("profile_region"))
        if region is None or not region.districts:
            await _next(message, state, i18n, *ctx)
            return
        await state.set_state(ProfileForm.district)
        text = i18n("profile-ask-district", region=region.name(i18n.lang))
        markup = district_keyboard(i18n, region)
    elif step == "municipality":
        await state.set_state(ProfileForm.municipality)
        text = i18n("profile-ask-municipality")
    elif step == "phone":
        await state.set_state(ProfileForm.phone)
        text, markup = i18n("profile-ask-phone"), phone_keyboard(i18n)
    else:
        return
    await message.answer(lead + text, reply_markup=markup)


async def _next(
    message: Message,
    state: FSMContext,
    i18n: I18n,
    user: User | None,
    runtime: Any,
    bot: Bot | None,
) -> None:
    """Drop the finished step from the queue and ask the next one, or finish."""
    data = await state.get_data()
    queue: list[str] = list(data.get("profile_queue") or [])
    if queue:
        done = queue.pop(0)
        if done == "region":
            queue.insert(0, "district")
    await state.update_data(profile_queue=queue)
    if queue:
        await _ask(message, state, i18n, queue[0], (user, runtime, bot))
        return
    ticket_id = data.get("profile_ticket")
    await state.clear()
    if user is None:
        return
    users = UserRepository(runtime.db)
    fresh = await users.get(user.id) or user
    await message.answer(
        i18n("profile-saved") + "\n\n" + profile_text(i18n, fresh),
        reply_markup=main_menu(i18n, fresh.role),
    )
    await _refresh_ticket_card(runtime, bot, fresh.id, ticket_id)


async def _refresh_ticket_card(runtime: Any, bot: Bot | None, user_id: int, ticket_id: Any) -> None:
    if runtime is None or bot is None:
        return
    from bot.workers.relay import Relay
    from services.tickets import TicketService

    svc = TicketService.from_runtime(runtime)
    ticket = await svc.open_for(user_id)
    if ticket is None and ticket_id:
        ticket = await svc.repo.get(int(ticket_id))
    if ticket is None:
        return
    try:
        await Relay.of(runtime, bot).refresh_card(ticket)
    except Exception:  # the card is a convenience; the profile is saved
        log.warning("could not refresh the card of ticket %s", ticket.id, exc_info=True)


async def _save(users: UserRepository, user: User, **fields: Any) -> User:
    return await users.update_profile(user.id, **fields)


def router() -> Router:
    r = Router(name="profile")
    r.message.filter(F.chat.type == "private")

    @r.message(Command("profile"))
    @r.message(MenuButton("menu-profile"))
    async def show_profile(
        message: Message, state: FSMContext, user: User, i18n: I18n, runtime: Any, bot: Bot
    ) -> None:
        if not user.is_registered and not any(
            (user.full_name, user.position, user.oblast, user.municipality)
        ):
            await start_profile(message, state, user, i18n, runtime=runtime, bot=bot)
            return
        await message.answer(profile_text(i18n, user), reply_markup=profile_keyboard(i18n, user))

    @r.callback_query(ProfileCallback.filter(F.action == "edit"))
    async def edit_field(
        query: CallbackQuery,
        callback_data: ProfileCallback,
        state: FSMContext,
        user: User,
        i18n: I18n,
        runtime: Any,
        bot: Bot,
    ) -> None:
        await query.answer()
        if callback_data.field not in STEPS or not isinstance(query.message, Message):
            return
        await start_profile(
            query.message, state, user, i18n, only=callback_data.field, runtime=runtime, bot=bot
        )

    @r.callback_query(ProfileCallback.filter(F.action == "fill"))
    async def fill_missing(
        query: CallbackQuery,
        callback_data: ProfileCallback,
        state: FSMContext,
        user: User,
        i18n: I18n,
        runtime: Any,
        bot: Bot,
    ) -> None:
        await query.answer()
        if not isinstance(query.message, Message):
            return
        await query.message.edit_reply_markup(reply_markup=None)
        ticket_id = int(callback_data.field) if callback_data.field.isdigit() else None
        if not _missing(user):
            await query.message.answer(i18n("profile-saved"))
            return
        await start_profile(
            query.message,
            state,
            user,
            i18n,
            missing_only=True,
            ticket_id=ticket_id,
            runtime=runtime,
            bot=bot,
        )

    @r.callback_query(ProfileCallback.filter(F.action == "show_name"))
    async def toggle_show_name(
        query: CallbackQuery, user: User, users: UserRepository, i18n: I18n
    ) -> None:
        if not user.has_role(Role.consultant):
            await users.audit(user.id, "profile.show_name", query.data, allowed=False)
            await query.answer(i18n("not-allowed"), show_alert=True)
            return
        fresh = await users.update_profile(user.id, show_name=int(not user.show_name))
        await query.answer(
            i18n("profile-show-name-on" if fresh.show_name else "profile-show-name-off")
        )
        if isinstance(query.message, Message):
            await query.message.edit_text(
                profile_text(i18n, fresh), reply_markup=profile_keyboard(i18n, fresh)
            )

    @r.message(ProfileForm.full_name, F.text, ~F.text.startswith("/"))
    async def got_name(
        message: Message,
        state: FSMContext,
        user: User,
        users: UserRepository,
        i18n: I18n,
        runtime: Any,
        bot: Bot,
    ) -> None:
        name = " ".join((message.text or "").split())
        if not 3 <= len(name) <= 100:
            await message.answer(i18n("profile-bad-name"))
            return
        await _save(users, user, full_name=name)
        await _next(message, state, i18n, user, runtime, bot)

    @r.callback_query(ProfileForm.position, PositionCallback.filter(F.code.in_(POSITIONS)))
    async def got_position(
        query: CallbackQuery,
        callback_data: PositionCallback,
        state: FSMContext,
        user: User,
        users: UserRepository,
        i18n: I18n,
        runtime: Any,
        bot: Bot,
    ) -> None:
        await _save(users, user, position=callback_data.code)
        await query.answer()
        if isinstance(query.message, Message):
            await query.message.edit_text(
                i18n("profile-chosen", value=i18n(f"profile-position-{callback_data.code}"))
            )
            await _next(query.message, state, i18n, user, runtime, bot)

    @r.callback_query(ProfileForm.region, GeoCallback.filter(F.level == "r"))
    async def got_region(
        query: CallbackQuery,
        callback_data: GeoCallback,
        state: FSMContext,
        user: User,
        users: UserRepository,
        i18n: I18n,
        runtime: Any,
        bot: Bot,
    ) -> None:
        region = geo.region(callback_data.code)
        if region is None:
            await query.answer(i18n("callback-outdated"), show_alert=True)
            return
        await _save(users, user, oblast=region.code, district=None)
        await state.update_data(profile_region=region.code)
        await query.answer()
        if isinstance(query.message, Message):
            await query.message.edit_text(i18n("profile-chosen", value=region.name(i18n.lang)))
            await _next(query.message, state, i18n, user, runtime, bot)

    @r.callback_query(ProfileForm.district, GeoCallback.filter(F.level == "d"))
    async def got_district(
        query: CallbackQuery,
        callback_data: GeoCallback,
        state: FSMContext,
        user: User,
        users: UserRepository,
        i18n: I18n,
        runtime: Any,
        bot: Bot,
    ) -> None:
        region_code = (await state.get_data()).get("profile_region")
        district = geo.district(region_code, callback_data.code)
        if district is None:
            await query.answer(i18n("callback-outdated"), show_alert=True)
            return
        await _save(users, user, district=district.code)
        await query.answer()
        if isinstance(query.message, Message):
            await query.message.edit_text(i18n("profile-chosen", value=district.name(i18n.lang)))
            await _next(query.message, state, i18n, user, runtime, bot)

    @r.message(ProfileForm.municipality, F.text, ~F.text.startswith("/"))
    async def got_municipality(
        message: Message,
        state: FSMContext,
        user: User,
        users: UserRepository,
        i18n: I18n,
        runtime: Any,
        bot: Bot,
    ) -> None:
        name = " ".join((message.text or "").split())
        if not 2 <= len(name) <= 100:
            await message.answer(i18n("profile-bad-municipality"))
            return
        await _save(users, user, municipality=name)
        await _next(message, state, i18n, user, runtime, bot)

    @r.message(ProfileForm.phone, F.contact)
    async def got_contact(
        message: Message,
        state: FSMContext,
        user: User,
        users: UserRepository,
        i18n: I18n,
        runtime: Any,
        bot: Bot,
    ) -> None:
        contact = message.contact
        assert contact is not None
        if contact.user_id is not None and contact.user_id != user.id:
            await message.answer(i18n("profile-foreign-contact"))
            return
        phone = (
            contact.phone_number
            if contact.phone_number.startswith("+")
            else "+" + contact.phone_number
        )
        await _save(users, user, phone=phone)
        await _next(message, state, i18n, user, runtime, bot)

    @r.message(ProfileForm.phone, F.text, ~F.text.startswith("/"))
    async def got_phone_text(
        message: Message,
        state: FSMContext,
        user: User,
        users: UserRepository,
        i18n: I18n,
        runtime: Any,
        bot: Bot,
    ) -> None:
        text = (message.text or "").strip()
        skips = {
            i18n.translator.get(lang, "profile-btn-skip") for lang in i18n.translator.languages
        }
        if text in skips:
            await _next(message, state, i18n, user, runtime, bot)
            return
        if not _PHONE.match(text):
            await message.answer(i18n("profile-bad-phone"), reply_markup=phone_keyboard(i18n))
            return
        await _save(users, user, phone=re.sub(r"[\s()-]", "", text))
        await _next(message, state, i18n, user, runtime, bot)

    @r.message(ProfileForm.full_name, ~F.text.startswith("/"))
    @r.message(ProfileForm.municipality, ~F.text.startswith("/"))
    @r.message(ProfileForm.phone, ~F.text.startswith("/"))
    async def not_text(message: Message, i18n: I18n) -> None:
        await message.answer(i18n("profile-text-please"))

    @r.message(ProfileForm.position, ~F.text.startswith("/"))
    @r.message(ProfileForm.region, ~F.text.startswith("/"))
    @r.message(ProfileForm.district, ~F.text.startswith("/"))
    async def use_buttons(message: Message, i18n: I18n) -> None:
        await message.answer(i18n("profile-use-buttons"))

    return r
