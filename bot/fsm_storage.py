"""aiogram FSM storage in SQLite, so half-filled forms survive a restart."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder, KeyBuilder, StorageKey

from db.database import Database, to_db_time, utcnow


class SQLiteStorage(BaseStorage):
    def __init__(self, db: Database, key_builder: KeyBuilder | None = None) -> None:
        self.db = db
        self.key_builder = key_builder or DefaultKeyBuilder(with_destiny=True)

    async def set_state(self, key: StorageKey, state: str | State | None = None) -> None:
        value = state.state if isinstance(state, State) else state
        await self.db.execute(
            "INSERT INTO fsm_storage(key, state, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT(key) DO UPDATE SET state = excluded.state,"
            " updated_at = excluded.updated_at",
            (self.key_builder.build(key), value, to_db_time(utcnow())),
        )

    async def get_state(self, key: StorageKey) -> str | None:
        return await self.db.fetchval(
            "SELECT state FROM fsm_storage WHERE key = ?", (self.key_builder.build(key),)
        )

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        await self.db.execute(
            "INSERT INTO fsm_storage(key, data, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT(key) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at",
            (
                self.key_builder.build(key),
                json.dumps(dict(data), ensure_ascii=False, default=str),
                to_db_time(utcnow()),
            ),
        )

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        raw = await self.db.fetchval(
            "SELECT data FROM fsm_storage WHERE key = ?", (self.key_builder.build(key),)
        )
        return json.loads(raw) if raw else {}

    async def close(self) -> None:  # the Database is closed by its owner
        return None
