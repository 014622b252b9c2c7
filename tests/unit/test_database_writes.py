"""Database.execute: one write in its own transaction, with or without aiosqlite's one-hop call."""

from __future__ import annotations

import asyncio

import pytest

import db.database as database_module
from db.database import Database


@pytest.mark.parametrize("one_hop", [True, False])
async def test_execute_commits_each_write_and_reports_ids_and_counts(
    db: Database, monkeypatch: pytest.MonkeyPatch, one_hop: bool
) -> None:
    monkeypatch.setattr(database_module, "_ONE_HOP", one_hop)
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
