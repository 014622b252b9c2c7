"""Rows of a query as frozen dataclasses: one mapping instead of a ``from_row`` per class;
the one-hop fetch and the changed-rows count the repositories share.

Each field is read from the column of the same name (``None`` where the query has no such
column); a field annotated as a datetime is parsed from the database's text
(:func:`db.database.from_db_time`); ``convert`` names what else a field is passed through
(an enum, ``bool``, JSON).
"""

from __future__ import annotations

import dataclasses
import functools
import json
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from db.database import Database, from_db_time

T = TypeVar("T")


@functools.cache
def _columns(cls: type) -> tuple[tuple[str, bool], ...]:
    """(field name, is a datetime) of each field of the dataclass ``cls``."""
    return tuple((f.name, "datetime" in str(f.type)) for f in dataclasses.fields(cls))


def row_values(
    cls: type, row: Any, convert: dict[str, Callable[[Any], Any]] | None = None
) -> dict[str, Any]:
    """The keyword arguments that build ``cls`` from ``row`` (see the module's note)."""
    keys = row.keys()
    values: dict[str, Any] = {}
    for name, is_time in _columns(cls):
        value = row[name] if name in keys else None
        if convert is not None and name in convert:
            value = convert[name](value)
        elif is_time and isinstance(value, str):
            value = from_db_time(value)
        values[name] = value
    return values


def row_to(cls: type[T], row: Any, **convert: Callable[[Any], Any]) -> T:
    """``cls`` built from ``row``: each field from its column, through ``convert[field]``."""
    return cls(**row_values(cls, row, convert))


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
