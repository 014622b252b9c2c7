"""/start, /help, /lang, /cancel, the main menu and the bot's membership in private chats."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import ChatMemberUpdatedFilter, Command, CommandStart, StateFilter
from aiogram.filters.chat_member_updated import KICKED, MEMBER
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, ChatMemberUpdated, Message

from bot.callbacks import LangCallback
from bot.filters import MenuButton
from bot.i18n import I18n, Translator
from bot.keyboards.common import language_keyboard, main_menu
from db.repositories.users import Role, User, UserRepository
from services.text import address_name


def help_text(i18n: I18n, role: Role) -> str:
    parts = [i18n("help-header"), i18n("help-official")]
    if role.at_least(Role.consultant):
        parts.append(i18n("help-consultant"))
    if role.at_least(Role.supervisor):
        parts.append(i18n("help-supervisor"))
    if role.at_least(Role.admin):
        parts.append(i18n("help-admin"))
    return "\n\n".join(parts)


async def send_welcome(message: Message, user: User, i18n: I18n) -> None:
    from handlers.profile import registration_invite  # registration at first use

    text = i18n("start-welcome", name=address_name(user.full_name, user.first_name, i18n.lang))
    invite = registration_invite(user, i18n)  # one message: one a second per chat
    await message.answer(
        text + ("\n\n" + invite if invite else ""), reply_markup=main_menu(i18n, user.role)
    )


def router() -> Router:
    r = Router(name="common")
    r.message.filter(F.chat.type == "private")

    @r.message(CommandStart())
    async def start(message: Message, state: FSMContext, user: User, i18n: I18n) -> None:
        await state.clear()
        if user.language is None:
            await message.answer(i18n("choose-language"), reply_markup=language_keyboard())
            return
        await send_welcome(message, user, i18n)

    @r.message(Command("lang"))
    @r.message(MenuButton("menu-language"))
    async def choose_language(message: Message, i18n: I18n) -> None:
        await message.answer(i18n("choose-language"), reply_markup=language_keyboard())

    @r.callback_query(LangCallback.filter(F.code.in_({"ky", "ru"})))
    async def set_language(
        query: CallbackQuery,
        callback_data: LangCallback,
        user: User,
        users: UserRepository,
        translator: Translator,
    ) -> None:
        await users.set_language(user.id, callback_data.code)
        i18n = translator.bind(callback_data.code)
        await query.answer(i18n("language-set"))
        if isinstance(query.message, Message):
            await query.message.edit_text(i18n("language-set"))
            refreshed = await users.get(user.id) or user
            await send_welcome(query.message, refreshed, i18n)

    @r.message(Command("help"))
    @r.message(MenuButton("menu-help"))
    async def show_help(message: Message, user: User, i18n: I18n) -> None:
        await message.answer(help_text(i18n, user.role), reply_markup=main_menu(i18n, user.role))

    @r.message(Command("cancel"), StateFilter("*"))
    async def cancel(message: Message, state: FSMContext, user: User, i18n: I18n) -> None:
        if await state.get_state() is None:
            await message.answer(i18n("nothing-to-cancel"), reply_markup=main_menu(i18n, user.role))
            return
        await state.clear()
        await message.answer(i18n("cancelled"), reply_markup=main_menu(i18n, user.role))

    @r.message(MenuButton("menu-ask"))
    async def ask_prompt(message: Message, i18n: I18n) -> None:
        await message.answer(i18n("ask-prompt"))

    @r.my_chat_member(ChatMemberUpdatedFilter(KICKED))
    async def blocked(event: ChatMemberUpdated, users: UserRepository) -> None:
        if event.chat.type == "private":
            await users.mark_blocked(event.from_user.id)

    @r.my_chat_member(ChatMemberUpdatedFilter(MEMBER))
    async def unblocked(event: ChatMemberUpdated, users: UserRepository) -> None:
        if event.chat.type == "private":
            await users.mark_active(event.from_user.id)

    return r
