"""Database.execute: one write in its own transaction, with or without aiosqlite's one-hop call."""

from __future__ import annotations

import asyncio

import pytest

import db.database as database_module
from db.database import Database


@pytest.fixture(params=[True, False], ids=["one_hop", "two_hops"])
def writes(
    db: Database, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> Database:
    """The database with aiosqlite's one-hop write in use, then with the plain fallback."""
    monkeypatch.setattr(database_module, "_ONE_HOP", request.param)
    return db


async def test_execute_commits_each_write_and_reports_ids_and_counts(writes: Database) -> None:
    db = writes
    await db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
    first = await db.execute("INSERT INTO t (v) VALUES (?)", ("a",))
    second = await db.execute("INSERT INTO t (v) VALUES (:v)", {"v": "b"})
    assert (first, second) == (1, 2)
    assert await db.execute("UPDATE t SET v = 'c'") == 2
    # concurrent writers are serialised, none lost
    await asyncio.gather(
        *(db.execute("INSERT INTO t (v) VALUES (?)", (str(i),)) for i in range(20))
    )
    assert await db.fetchval("SELECT count(*) FROM t") == 22
    # a failing statement leaves no transaction open and loses nothing committed
    with pytest.raises(Exception, match="no such table"):
        await db.execute("INSERT INTO missing VALUES (1)")
    assert not db.conn.in_transaction
    assert await db.fetchval("SELECT count(*) FROM t") == 22


async def test_execute_returning_gives_the_row_an_upsert_left(writes: Database) -> None:
    db = writes
    await db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT, n INTEGER DEFAULT 0)")
    upsert = (
        "INSERT INTO t (id, v) VALUES (?, ?)"
        " ON CONFLICT(id) DO UPDATE SET v = excluded.v, n = n + 1 RETURNING *"
    )
    first = await db.execute_returning(upsert, (5, "a"))
    again = await db.execute_returning(upsert, (5, "b"))
    assert first is not None and dict(first) == {"id": 5, "v": "a", "n": 0}
    assert again is not None and dict(again) == {"id": 5, "v": "b", "n": 1}
    assert not db.conn.in_transaction  # committed
    assert await db.execute_returning("DELETE FROM t WHERE id = 6 RETURNING *") is None
    async with db.transaction():  # inside the caller's transaction: part of it
        inner = await db.execute_returning(upsert, (5, "c"))
        assert inner is not None and inner["v"] == "c"
    assert await db.fetchval("SELECT v FROM t WHERE id = 5") == "c"
