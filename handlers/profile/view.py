"""/profile: the profile card, its edit buttons, the "fill in" button under a ticket, and the
consultants' "show my name to askers" switch."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from bot.filters import HasRole, Magic, MenuButton
from bot.i18n import I18n
from bot.keyboards.profile import ProfileCallback, fill_keyboard, profile_keyboard
from db.repositories.users import Role, User, UserRepository
from handlers.common.wiring import QueryMessage
from handlers.profile.flow import FIELD_KEYS, STEPS, ProfileFlow, missing, profile_text
from services.numbers import parse_id


def registration_invite(user: User, i18n: I18n) -> str | None:
    """Registration at first use: a paragraph of the welcome after /start (one message, not
    two back to back: Telegram allows one message a second to a chat).  It points to the
    menu's profile button, which starts the form."""
    if user.is_registered:
        return None
    return i18n("profile-invite-menu", button=i18n("menu-profile"))


async def offer_profile(message: Message, user: User, i18n: I18n, ticket_id: int) -> None:
    """After a ticket from someone not yet registered: say what is missing and offer a button.

    The form only starts when they press it, so what they write next still goes to the ticket."""
    names = [i18n(FIELD_KEYS[step]) for step in missing(user) if step != "phone"]
    if names:
        await message.answer(
            i18n("profile-for-ticket", number=ticket_id, missing=", ".join(names)),
            reply_markup=fill_keyboard(i18n, ticket_id),
        )


async def show_profile(message: Message, user: User, i18n: I18n, flow: ProfileFlow) -> None:
    started = (user.full_name, user.position, user.oblast, user.municipality)
    if not user.is_registered and not any(started):
        await flow.start(message)
        return
    await message.answer(profile_text(i18n, user), reply_markup=profile_keyboard(i18n, user))


async def edit_field(
    query: CallbackQuery, callback_data: ProfileCallback, message: Message, flow: ProfileFlow
) -> None:
    await query.answer()
    if callback_data.field in STEPS:
        await flow.start(message, only=callback_data.field)


async def fill_missing(
    query: CallbackQuery,
    callback_data: ProfileCallback,
    message: Message,
    user: User,
    users: UserRepository,
    i18n: I18n,
    flow: ProfileFlow,
) -> None:
    ticket_id = parse_id(callback_data.field)
    if callback_data.field and ticket_id is None:  # forged: "¹²³", 2^63, …
        await users.audit(user.id, "profile.fill", query.data, allowed=False)
        await query.answer(i18n("callback-outdated"), show_alert=True)
        return
    await query.answer()
    await message.edit_reply_markup(reply_markup=None)
    if not missing(user):
        await message.answer(i18n("profile-saved"))
        return
    await flow.start(message, missing_only=True, ticket_id=ticket_id)


async def toggle_show_name(
    query: CallbackQuery, message: Message, user: User, users: UserRepository, i18n: I18n
) -> None:
    fresh = await users.update_profile(user.id, show_name=int(not user.show_name))
    await query.answer(i18n("profile-show-name-on" if fresh.show_name else "profile-show-name-off"))
    await message.edit_text(profile_text(i18n, fresh), reply_markup=profile_keyboard(i18n, fresh))


def router() -> Router:
    r = Router(name="profile.view")
    private = Magic(F.chat.type == "private")
    r.message.register(show_profile, private, Command("profile"))
    r.message.register(show_profile, private, MenuButton("menu-profile"))
    r.callback_query.register(
        edit_field, ProfileCallback.filter(F.action == "edit"), QueryMessage()
    )
    r.callback_query.register(
        fill_missing, ProfileCallback.filter(F.action == "fill"), QueryMessage()
    )
    # consultants only: an official's press falls through to the refusal (audited)
    r.callback_query.register(
        toggle_show_name,
        ProfileCallback.filter(F.action == "show_name"),
        HasRole(Role.consultant),
        QueryMessage(),
    )
    return r
