"""aiogram FSM storage in SQLite, so half-filled forms survive a restart.

aiogram reads the state of every update; most users are in no form.  The keys known to have no
state are remembered (one set per database, shared by every storage on it), so their updates
need no read: a key leaves the set when a state is written, and a row deleted elsewhere
(``services.privacy``) only ever means "no state", which the set already says."""

from __future__ import annotations

import json
import weakref
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder, KeyBuilder, StorageKey

from db.database import Database, to_db_time, utcnow


@dataclass
class _Stateless:
    """Keys with no state; ``writes`` counts state writes (a read that overlapped one is not
    remembered)."""

    keys: set[str] = field(default_factory=set)
    writes: int = 0
    limit: int = 100_000


_STATELESS: weakref.WeakKeyDictionary[Database, _Stateless] = weakref.WeakKeyDictionary()


class SQLiteStorage(BaseStorage):
    def __init__(self, db: Database, key_builder: KeyBuilder | None = None) -> None:
        self.db = db
        self.key_builder = key_builder or DefaultKeyBuilder(with_destiny=True)
        self._stateless = _STATELESS.setdefault(db, _Stateless())

    async def set_state(self, key: StorageKey, state: str | State | None = None) -> None:
        value = state.state if isinstance(state, State) else state
        built = self.key_builder.build(key)
        known = self._stateless
        known.writes += 1
        known.keys.discard(built)
        await self.db.execute(
            "INSERT INTO fsm_storage(key, state, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT(key) DO UPDATE SET state = excluded.state,"
            " updated_at = excluded.updated_at",
            (built, value, to_db_time(utcnow())),
        )

    async def get_state(self, key: StorageKey) -> str | None:
        built = self.key_builder.build(key)
        known = self._stateless
        if built in known.keys:
            return None
        writes = known.writes
        state = await self.db.fetchval("SELECT state FROM fsm_storage WHERE key = ?", (built,))
        if state is None and known.writes == writes:
            if len(known.keys) >= known.limit:
                known.keys.clear()
            known.keys.add(built)
        return state

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
