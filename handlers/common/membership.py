"""The bot's own membership: blocked / unblocked in a private chat (the user is marked so, and
broadcasts skip them); added to or removed from a group (logged for the operator, with the
setting that makes a group the consultants' one)."""

from __future__ import annotations

import logging

from aiogram import F, Router
from aiogram.filters import ChatMemberUpdatedFilter
from aiogram.filters.chat_member_updated import IS_MEMBER, IS_NOT_MEMBER, KICKED, MEMBER
from aiogram.types import ChatMemberUpdated

from bot.config import Settings
from bot.filters import Magic
from db.repositories.users import UserRepository

log = logging.getLogger(__name__)


async def blocked(event: ChatMemberUpdated, users: UserRepository) -> None:
    await users.mark_blocked(event.from_user.id)


async def unblocked(event: ChatMemberUpdated, users: UserRepository) -> None:
    await users.mark_active(event.from_user.id)


def _consultants_chats(settings: Settings) -> set[int]:
    chats = set(settings.consultants_groups.values())
    if settings.consultants_chat_id is not None:
        chats.add(settings.consultants_chat_id)
    return chats


async def added_to_group(event: ChatMemberUpdated, settings: Settings) -> None:
    chat = event.chat
    if chat.id in _consultants_chats(settings):
        log.info("added to the consultants' group %d (%r)", chat.id, chat.title)
    else:
        log.warning(
            "added to group %d (%r) by user %d; it is not a consultants' group "
            "(CONSULTANTS_CHAT_ID=%d makes it one), so the bot stays silent there",
            chat.id,
            chat.title,
            event.from_user.id,
            chat.id,
        )


async def removed_from_group(event: ChatMemberUpdated, settings: Settings) -> None:
    chat = event.chat
    if chat.id in _consultants_chats(settings):
        log.error(
            "removed from the consultants' group %d (%r) by user %d: tickets routed there "
            "cannot reach consultants until the bot is added back",
            chat.id,
            chat.title,
            event.from_user.id,
        )
    else:
        log.info("removed from group %d (%r)", chat.id, chat.title)


def router() -> Router:
    r = Router(name="common.membership")
    private = Magic(F.chat.type == "private")
    group = Magic(F.chat.type.in_({"group", "supergroup"}))
    r.my_chat_member.register(blocked, private, ChatMemberUpdatedFilter(KICKED))
    r.my_chat_member.register(unblocked, private, ChatMemberUpdatedFilter(MEMBER))
    r.my_chat_member.register(
        added_to_group, group, ChatMemberUpdatedFilter(IS_NOT_MEMBER >> IS_MEMBER)
    )
    r.my_chat_member.register(
        removed_from_group, group, ChatMemberUpdatedFilter(IS_MEMBER >> IS_NOT_MEMBER)
    )
    return r
