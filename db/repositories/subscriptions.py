"""Subscriptions: topics switched on and regions followed, one row per person (made lazily)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from db.database import Database, to_db_time
from db.rows import FromRow, changed_rows, through


def _split(value: str | None) -> frozenset[str]:
    return frozenset(p for p in (value or "").split(",") if p)


def _topics(value: str | None) -> frozenset[str] | None:
    """NULL only where the user has no subscription row (the column is NOT NULL): defaults."""
    return None if value is None else _split(value)


def _join(values: Iterable[str]) -> str:
    return ",".join(sorted(set(values)))


@dataclass(frozen=True, slots=True)
class SubscriptionRow(FromRow):
    user_id: int
    topics: frozenset[str] = field(metadata=through(_split))
    regions: frozenset[str] = field(metadata=through(_split))


@dataclass(frozen=True, slots=True)
class Candidate(FromRow):
    """A possible recipient with what selection needs to know."""

    user_id: int
    language: str | None
    telegram_lang: str | None
    oblast: str | None
    district: str | None
    position: str | None
    topics: frozenset[str] | None = field(metadata=through(_topics))  # None: defaults
    regions: frozenset[str] = field(metadata=through(_split))


class SubscriptionRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def get(self, user_id: int) -> SubscriptionRow | None:
        row = await self.db.fetchone("SELECT * FROM subscriptions WHERE user_id = ?", (user_id,))
        if row is None:
            return None
        return SubscriptionRow.from_row(row)

    async def save(
        self, user_id: int, topics: Iterable[str], regions: Iterable[str], now: dt.datetime
    ) -> None:
        stamp = to_db_time(now)
        await self.db.execute(
            "INSERT INTO subscriptions(user_id, topics, regions, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT(user_id) DO UPDATE SET"
            " topics = excluded.topics, regions = excluded.regions,"
            " updated_at = excluded.updated_at",
            (user_id, _join(topics), _join(regions), stamp, stamp),
        )

    async def create_if_missing(
        self, user_id: int, topics: Iterable[str], now: dt.datetime
    ) -> bool:
        stamp = to_db_time(now)
        created = await changed_rows(
            self.db,
            "INSERT OR IGNORE INTO subscriptions(user_id, topics, regions, created_at, updated_at)"
            " VALUES (?, ?, '', ?, ?)",
            (user_id, _join(topics), stamp, stamp),
        )
        return created > 0

    async def candidates(self) -> list[Candidate]:
        """Active people who are subscribers: registered (defaults) or with a row."""
        return await Candidate.read_all(
            self.db,
            "SELECT u.id AS user_id, u.language, u.telegram_lang, u.oblast, u.district,"
            " u.position, s.topics, s.regions FROM users u"
            " LEFT JOIN subscriptions s ON s.user_id = u.id"
            " WHERE u.is_active = 1 AND (u.registered_at IS NOT NULL OR s.user_id IS NOT NULL)"
            " ORDER BY u.id",
        )
