"""The command menus Telegram shows, per language and per role."""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import BotCommand, BotCommandScopeChat, BotCommandScopeDefault

from bot.i18n import Translator
from db.database import Database
from db.repositories.users import Role, UserRepository

log = logging.getLogger(__name__)

# (command, translation key, minimal role)
COMMANDS: tuple[tuple[str, str, Role], ...] = (
    ("start", "cmd-start", Role.official),
    ("ask_consultant", "cmd-ask-consultant", Role.official),
    ("my", "cmd-my", Role.official),
    ("events", "cmd-events", Role.official),
    ("subscribe", "cmd-subscribe", Role.official),
    ("profile", "cmd-profile", Role.official),
    ("lang", "cmd-lang", Role.official),
    ("cancel", "cmd-cancel", Role.official),
    ("forget_me", "cmd-forget-me", Role.official),
    ("help", "cmd-help", Role.official),
    ("queue", "cmd-queue", Role.consultant),
    ("ticket", "cmd-ticket", Role.consultant),
    ("canned", "cmd-canned", Role.consultant),
    ("inbox", "cmd-inbox", Role.consultant),
    ("stats", "cmd-stats", Role.supervisor),
    ("gaps", "cmd-gaps", Role.supervisor),
    ("export", "cmd-export", Role.supervisor),
    ("drafts", "cmd-drafts", Role.supervisor),
    ("broadcast", "cmd-broadcast", Role.admin),
    ("event_new", "cmd-event-new", Role.admin),
    ("admin", "cmd-admin", Role.admin),
)


def commands_for(translator: Translator, lang: str, role: Role) -> list[BotCommand]:
    return [
        BotCommand(command=command, description=translator.get(lang, key))
        for command, key, min_role in COMMANDS
        if role.at_least(min_role)
    ]


async def set_commands(bot: Bot, db: Database, translator: Translator, default: str) -> None:
    """The default menus (per language) and each staff member's menu for their role."""
    await bot.set_my_commands(
        commands_for(translator, default, Role.official), scope=BotCommandScopeDefault()
    )
    for lang in translator.languages:
        await bot.set_my_commands(
            commands_for(translator, lang, Role.official),
            scope=BotCommandScopeDefault(),
            language_code=lang,
        )
    for user in await UserRepository(db).staff():
        await set_user_commands(bot, translator, user.id, user.language or default, user.role)


async def set_user_commands(
    bot: Bot, translator: Translator, user_id: int, lang: str, role: Role
) -> None:
    try:
        await bot.set_my_commands(
            commands_for(translator, lang, role), scope=BotCommandScopeChat(chat_id=user_id)
        )
    except TelegramAPIError as exc:  # e.g. the user never opened a chat with the bot
        log.info("could not set commands for %s: %s", user_id, exc)
