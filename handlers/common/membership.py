"""The bot blocked / unblocked in a private chat: the user is marked so (broadcasts skip them)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import ChatMemberUpdatedFilter
from aiogram.filters.chat_member_updated import KICKED, MEMBER
from aiogram.types import ChatMemberUpdated

from bot.filters import Magic
from db.repositories.users import UserRepository


async def blocked(event: ChatMemberUpdated, users: UserRepository) -> None:
    await users.mark_blocked(event.from_user.id)


async def unblocked(event: ChatMemberUpdated, users: UserRepository) -> None:
    await users.mark_active(event.from_user.id)


def router() -> Router:
    r = Router(name="common.membership")
    private = Magic(F.chat.type == "private")
    r.my_chat_member.register(blocked, private, ChatMemberUpdatedFilter(KICKED))
    r.my_chat_member.register(unblocked, private, ChatMemberUpdatedFilter(MEMBER))
    return r
