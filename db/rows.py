"""Rows of a query as frozen dataclasses: one mapping instead of a ``from_row`` per class;
the one-hop fetch and the changed-rows count the repositories share.

A dataclass that subclasses :class:`FromRow` gets ``from_row``: each field is read from the
column of the same name (``None`` where the query has no such column); a field annotated as a
datetime is parsed from the database's text (:func:`db.database.from_db_time`); a field
declared with :func:`through` is passed through its converter (an enum, ``bool``, JSON).
"""

from __future__ import annotations

import dataclasses
import functools
import json
from collections.abc import Callable, Sequence
from typing import Any, Self, TypeVar

from db.database import Database, from_db_time

T = TypeVar("T")


Convert = Callable[[Any], Any]


def through(convert: Convert) -> dict[str, Convert]:
    """The metadata of a dataclass field whose column value is passed through ``convert``:
    ``role: Role = field(metadata=through(Role))``."""
    return {"convert": convert}


@functools.cache
def _columns(cls: type) -> tuple[tuple[str, bool, Convert | None], ...]:
    """(field name, is a datetime, its converter) of each field of the dataclass ``cls``."""
    return tuple(
        (f.name, "datetime" in str(f.type), f.metadata.get("convert"))
        for f in dataclasses.fields(cls)
    )


def row_to(cls: type[T], row: Any, **convert: Convert) -> T:
    """``cls`` built from ``row`` (see the module's note); ``convert`` adds converters."""
    keys = set(row.keys())
    values: dict[str, Any] = {}
    for name, is_time, declared in _columns(cls):
        value = row[name] if name in keys else None
        converter = convert.get(name, declared) if convert else declared
        if converter is not None:
            value = converter(value)
        elif is_time and isinstance(value, str):
            value = from_db_time(value)
        values[name] = value
    return cls(**values)


class FromRow:
    """Gives a dataclass ``from_row``: the dataclass built from a row of a query."""

    __slots__ = ()

    @classmethod
    def from_row(cls, row: Any) -> Self:
        return row_to(cls, row)

    @classmethod
    async def read_one(cls, db: Database, sql: str, params: Sequence[Any] = ()) -> Self | None:
        """The first row of the query as this class (None: no row)."""
        row = await db.fetchone(sql, params)
        return None if row is None else row_to(cls, row)

    @classmethod
    async def read_all(cls, db: Database, sql: str, params: Sequence[Any] = ()) -> list[Self]:
        """Every row of the query as this class."""
        return [row_to(cls, row) for row in await db.fetchall(sql, params)]

    @classmethod
    async def by_id(cls, db: Database, table: str, row_id: int) -> Self | None:
        """The row of ``table`` with this id (None: there is none)."""
        return await cls.read_one(db, f"SELECT * FROM {table} WHERE id = ?", (row_id,))

    @classmethod
    async def where(cls, db: Database, table: str, column: str, value: Any) -> list[Self]:
        """The rows of ``table`` whose ``column`` is ``value``, in the order of their ids."""
        sql = f"SELECT * FROM {table} WHERE {column} = ? ORDER BY id"
        return await cls.read_all(db, sql, (value,))


def json_or(empty: Callable[[], Any]) -> Callable[[str | None], Any]:
    """A converter: the column's JSON, or ``empty()`` (``dict``, ``list``) where it is empty."""

    def parse(value: str | None) -> Any:
        return json.loads(value) if value else empty()

    return parse


async def fetch_all(db: Database, sql: str, params: Sequence[Any] = ()) -> list[Any]:
    """All rows of a query, executed and fetched in one hop of aiosqlite's thread.

    ``Database.fetchall`` executes and fetches in two hops; another statement of the same
    connection (an UPDATE of the table being read) may run in between and tear the result.
    """
    return list(await db.conn.execute_fetchall(sql, params))


async def changed_rows(db: Database, sql: str, params: Sequence[Any] = ()) -> int:
    """Run one UPDATE/DELETE in its own (or the current) transaction; rows it changed.

    (``Database.execute`` returns ``lastrowid`` when the connection has one, which after an
    earlier INSERT is not the count of an UPDATE.)
    """
    async with db.transaction() as conn:
        cur = await conn.execute(sql, params)
        count = cur.rowcount
        await cur.close()
    return int(count)


async def changed_a_row(db: Database, sql: str, params: Sequence[Any] = ()) -> bool:
    """:func:`changed_rows` for a conditional UPDATE of one row by id: True when it matched
    (a claim won, a state moved on), False when another caller got there first."""
    return await changed_rows(db, sql, params) > 0


@dataclasses.dataclass(frozen=True, slots=True)
class Claims:
    """Rows that senders claim one at a time (the outbox, reminders): ``pending`` → ``sending``
    under the claimer's token, committed before the Bot API call; then only the holder of that
    token moves the row on (a result, or back to ``pending``).  Each method takes the rest of
    the SET clause and its parameters; True when the row was there to move."""

    table: str
    token: str  # the column that holds the claim's token

    async def claim(
        self, db: Database, row_id: int, token: str, sets: str, params: Sequence[Any]
    ) -> bool:
        """``pending`` → ``sending`` under ``token``, and ``sets`` (committed before the call)."""
        sets = f"status = 'sending', {self.token} = ?, {sets}"
        return await self._update(db, sets, "status = 'pending'", (token, *params, row_id))

    async def settle(
        self, db: Database, row_id: int, token: str, sets: str, params: Sequence[Any]
    ) -> bool:
        """The holder of ``token`` moves its ``sending`` row on: ``sets``."""
        where = f"status = 'sending' AND {self.token} = ?"
        return await self._update(db, sets, where, (*params, row_id, token))

    async def _update(self, db: Database, sets: str, where: str, params: Sequence[Any]) -> bool:
        sql = f"UPDATE {self.table} SET {sets} WHERE id = ? AND {where}"
        return await changed_a_row(db, sql, params)
