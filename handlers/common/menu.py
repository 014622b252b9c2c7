"""/start, /help, /lang, /cancel and the main menu's plain buttons."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandStart, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.filters import Magic, MenuButton
from bot.i18n import I18n, Translator
from bot.keyboards.common import LangCallback, language_keyboard, main_menu
from db.repositories.users import Role, User, UserRepository
from handlers.common.wiring import QueryMessage
from handlers.profile.view import registration_invite
from services.text import address_name


def help_text(i18n: I18n, role: Role) -> str:
    parts = [i18n("help-header"), i18n("help-official")]
    for min_role in (Role.consultant, Role.supervisor, Role.admin):
        if role.at_least(min_role):
            parts.append(i18n(f"help-{min_role.value}"))
    return "\n\n".join(parts)


async def send_welcome(message: Message, user: User, i18n: I18n) -> None:
    text = i18n("start-welcome", name=address_name(user.full_name, user.first_name, i18n.lang))
    invite = registration_invite(user, i18n)  # one message: one a second per chat
    await message.answer(
        text + ("\n\n" + invite if invite else ""), reply_markup=main_menu(i18n, user.role)
    )


async def start(message: Message, state: FSMContext, user: User, i18n: I18n) -> None:
    await state.clear()
    if user.language is None:
        await message.answer(i18n("choose-language"), reply_markup=language_keyboard())
        return
    await send_welcome(message, user, i18n)


async def choose_language(message: Message, i18n: I18n) -> None:
    await message.answer(i18n("choose-language"), reply_markup=language_keyboard())


async def set_language(
    query: CallbackQuery,
    callback_data: LangCallback,
    message: Message,
    user: User,
    users: UserRepository,
    translator: Translator,
) -> None:
    await users.set_language(user.id, callback_data.code)
    i18n = translator.bind(callback_data.code)
    await query.answer(i18n("language-set"))
    await message.edit_text(i18n("language-set"))
    await send_welcome(message, await users.get(user.id) or user, i18n)


async def show_help(message: Message, user: User, i18n: I18n) -> None:
    await message.answer(help_text(i18n, user.role), reply_markup=main_menu(i18n, user.role))


async def cancel(message: Message, state: FSMContext, user: User, i18n: I18n) -> None:
    key = "nothing-to-cancel" if await state.get_state() is None else "cancelled"
    await state.clear()
    await message.answer(i18n(key), reply_markup=main_menu(i18n, user.role))


async def ask_prompt(message: Message, i18n: I18n) -> None:
    await message.answer(i18n("ask-prompt"))


def router() -> Router:
    r = Router(name="common.menu")
    r.message.filter(Magic(F.chat.type == "private"))
    r.message.register(start, CommandStart())
    r.message.register(choose_language, Command("lang"))
    r.message.register(choose_language, MenuButton("menu-language"))
    r.message.register(show_help, Command("help"))
    r.message.register(show_help, MenuButton("menu-help"))
    r.message.register(cancel, Command("cancel"), StateFilter("*"))
    r.message.register(ask_prompt, MenuButton("menu-ask"))
    r.callback_query.register(
        set_language, LangCallback.filter(F.code.in_({"ky", "ru"})), QueryMessage()
    )
    return r
