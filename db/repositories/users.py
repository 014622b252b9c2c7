"""Users, roles and the audit log."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from db.database import Database, to_db_time, utcnow
from db.rows import FromRow, through


class Role(StrEnum):
    official = "official"
    consultant = "consultant"
    supervisor = "supervisor"
    admin = "admin"

    @property
    def rank(self) -> int:
        return _RANK[self]

    def at_least(self, other: Role) -> bool:
        return self.rank >= other.rank


_RANK = {Role.official: 0, Role.consultant: 1, Role.supervisor: 2, Role.admin: 3}

PROFILE_FIELDS = ("full_name", "position", "oblast", "district", "municipality", "phone")


@dataclass(frozen=True, slots=True)
class User(FromRow):
    id: int
    first_name: str
    last_name: str | None
    username: str | None
    telegram_lang: str | None
    language: str | None
    role: Role = field(metadata=through(Role))
    full_name: str | None
    position: str | None
    oblast: str | None
    district: str | None
    municipality: str | None
    phone: str | None
    show_name: bool = field(metadata=through(bool))
    is_active: bool = field(metadata=through(bool))
    registered_at: dt.datetime | None
    created_at: dt.datetime

    @property
    def display_name(self) -> str:
        return self.full_name or " ".join(p for p in (self.first_name, self.last_name) if p)

    @property
    def is_registered(self) -> bool:
        return self.registered_at is not None

    def has_role(self, role: Role) -> bool:
        return self.role.at_least(role)


class UserRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def get(self, user_id: int) -> User | None:
        return await User.by_id(self.db, "users", user_id)

    async def touch(
        self,
        user_id: int,
        *,
        first_name: str,
        last_name: str | None = None,
        username: str | None = None,
        telegram_lang: str | None = None,
    ) -> User:
        """Create the user on first contact or refresh Telegram's data; reactivates a user
        who had blocked the bot and now writes again."""
        now = to_db_time(utcnow())
        row = await self.db.execute_returning(  # one write, the row as it is now
            "INSERT INTO users(id, first_name, last_name, username, telegram_lang,"
            " created_at, updated_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT(id) DO UPDATE SET first_name = excluded.first_name,"
            " last_name = excluded.last_name, username = excluded.username,"
            " telegram_lang = excluded.telegram_lang, last_seen_at = excluded.last_seen_at,"
            " is_active = 1, blocked_at = NULL RETURNING *",
            (user_id, first_name or "", last_name, username, telegram_lang, now, now, now),
        )
        return User.from_row(row)

    async def ensure(self, user_id: int) -> None:
        """Make sure a row exists (e.g. for `main.py admin` on someone who never wrote)."""
        now = to_db_time(utcnow())
        await self.db.execute(
            "INSERT OR IGNORE INTO users(id, created_at, updated_at) VALUES (?, ?, ?)",
            (user_id, now, now),
        )

    async def set_language(self, user_id: int, language: str) -> None:
        await self.db.execute(
            "UPDATE users SET language = ?, updated_at = ? WHERE id = ?",
            (language, to_db_time(utcnow()), user_id),
        )

    async def set_role(self, user_id: int, role: Role) -> None:
        await self.ensure(user_id)
        await self.db.execute(
            "UPDATE users SET role = ?, updated_at = ? WHERE id = ?",
            (role.value, to_db_time(utcnow()), user_id),
        )

    async def update_profile(self, user_id: int, **fields: Any) -> User:
        unknown = set(fields) - set(PROFILE_FIELDS) - {"show_name"}
        if unknown:
            raise ValueError(f"unknown profile fields: {sorted(unknown)}")
        async with self.db.transaction() as conn:
            if fields:
                assignments = ", ".join(f"{name} = ?" for name in fields)
                await conn.execute(
                    f"UPDATE users SET {assignments}, updated_at = ? WHERE id = ?",
                    (*fields.values(), to_db_time(utcnow()), user_id),
                )
            # The profile is complete once the required fields are there.
            await conn.execute(
                "UPDATE users SET registered_at = ? WHERE id = ? AND registered_at IS NULL"
                " AND full_name IS NOT NULL AND position IS NOT NULL AND oblast IS NOT NULL"
                " AND municipality IS NOT NULL",
                (to_db_time(utcnow()), user_id),
            )
            async with conn.execute("SELECT * FROM users WHERE id = ?", (user_id,)) as cur:
                row = await cur.fetchone()
        return User.from_row(row)

    async def mark_blocked(self, user_id: int) -> None:
        await self.db.execute(
            "UPDATE users SET is_active = 0, blocked_at = ? WHERE id = ?",
            (to_db_time(utcnow()), user_id),
        )

    async def mark_active(self, user_id: int) -> None:
        await self.db.execute(
            "UPDATE users SET is_active = 1, blocked_at = NULL WHERE id = ?", (user_id,)
        )

    async def with_role(self, role: Role) -> list[User]:
        return await User.where(self.db, "users", "role", role)

    async def staff(self) -> list[User]:
        return await User.read_all(
            self.db, "SELECT * FROM users WHERE role != 'official' ORDER BY role, id"
        )

    async def audit(
        self,
        actor_id: int | None,
        action: str,
        target: str | None = None,
        *,
        allowed: bool = True,
        **details: Any,
    ) -> None:
        await self.db.execute(
            "INSERT INTO audit_log(at, actor_id, action, target, details, allowed)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                to_db_time(utcnow()),
                actor_id,
                action,
                target,
                json.dumps(details, ensure_ascii=False, default=str) if details else None,
                int(allowed),
            ),
        )
