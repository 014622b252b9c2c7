"""SQLite access through aiosqlite: WAL, busy timeout, short write transactions, migrations.

One connection per process, used by one statement sequence at a time.  Writes go through
:meth:`Database.transaction`, which takes an asyncio lock and opens ``BEGIN IMMEDIATE`` so that
a transaction that reads then writes never loses a race to another process (WAL + busy timeout
make other processes wait, not fail).  Nested ``transaction()`` calls in the same task (and the
tasks it starts) join the outer transaction.

Reads (:meth:`fetchall`, :meth:`fetchone`, :meth:`fetchval`) take the same lock unless the
caller is inside the transaction: each executes, fetches every row and closes its cursor in one
hop of aiosqlite's thread.  So with many tasks at once no read sees another task's half-done
transaction, no statement is left pending on the shared connection ("another row available"),
and :meth:`checkpoint` never runs while a transaction is open ("database table is locked").
"""

from __future__ import annotations

import asyncio
import contextvars
import datetime as dt
import logging
import re
import sqlite3
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import aiosqlite

log = logging.getLogger(__name__)

MIGRATIONS_PACKAGE = "db.migrations"
_MIGRATION_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")
_in_transaction: contextvars.ContextVar[Database | None] = contextvars.ContextVar(
    "keneshchi_db_tx", default=None
)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def to_db_time(value: dt.datetime | None) -> str | None:
    """UTC ISO-8601 text with seconds precision and a 'Z'; sorts lexicographically."""
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError("naive datetime given to the database; use an aware datetime")
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def from_db_time(value: str | None) -> dt.datetime | None:
    if value is None:
        return None
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


class Migration:
    def __init__(self, version: int, name: str, sql: str) -> None:
        self.version, self.name, self.sql = version, name, sql


def discover_migrations() -> list[Migration]:
    found: list[Migration] = []
    for entry in resources.files(MIGRATIONS_PACKAGE).iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append(Migration(int(match[1]), match[2], entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if len(versions) != len(set(versions)):
        raise RuntimeError(f"duplicate migration versions in {MIGRATIONS_PACKAGE}: {versions}")
    return found


def _write_one(
    conn: sqlite3.Connection, sql: str, params: Sequence[Any] | dict[str, Any], result: str
) -> Any:
    """One write statement in its own ``BEGIN IMMEDIATE`` transaction (in the connection's
    thread); ``result``: see :func:`_result`."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        cur = conn.execute(sql, params)
        value = _result(cur, result)
        cur.close()
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return value


def _result(cur: sqlite3.Cursor, result: str) -> Any:
    """What a write statement gives back: ``"id"`` the new row id (an INSERT), ``"count"`` the
    number of changed rows, ``"row"`` the first row of its ``RETURNING`` clause (or None)."""
    # every row: a statement in progress would block the COMMIT
    return _chosen(cur, cur.fetchall() if result == "row" else [], result)


async def _result_async(cur: aiosqlite.Cursor, result: str) -> Any:
    """:func:`_result` of an aiosqlite cursor."""
    return _chosen(cur, list(await cur.fetchall()) if result == "row" else [], result)


def _chosen(cur: sqlite3.Cursor | aiosqlite.Cursor, rows: list[Any], result: str) -> Any:
    """:func:`_result` of a cursor whose rows (for ``"row"``) are fetched."""
    if result == "row":
        return rows[0] if rows else None
    return int((cur.lastrowid if result == "id" else cur.rowcount) or 0)


# ``Connection._execute`` (aiosqlite 0.17–0.22) runs a function in the connection's thread; it is
# not public API, so the one-hop write is used only where it exists (pyproject pins < 0.23).
_ONE_HOP = callable(getattr(aiosqlite.Connection, "_execute", None))


class Database:
    def __init__(self, path: str | Path, *, busy_timeout_ms: int = 5000) -> None:
        self.path = str(path)
        self.busy_timeout_ms = busy_timeout_ms
        self._conn: aiosqlite.Connection | None = None
        self._lock = asyncio.Lock()

    # -- lifecycle -------------------------------------------------------------------------
    async def connect(self, *, migrate: bool = True) -> Database:
        if self._conn is not None:
            return self
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        conn = await aiosqlite.connect(self.path, isolation_level=None)
        conn.row_factory = aiosqlite.Row
        await conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout_ms)}")
        await conn.execute("PRAGMA journal_mode = WAL")
        await conn.execute("PRAGMA synchronous = NORMAL")
        await conn.execute("PRAGMA foreign_keys = ON")
        self._conn = conn
        if migrate:
            await self.migrate()
        return self

    async def close(self) -> None:
        if self._conn is not None:
            conn, self._conn = self._conn, None
            await conn.close()

    async def __aenter__(self) -> Database:
        return await self.connect()

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    @property
    def conn(self) -> aiosqlite.Connection:
        if self._conn is None:
            raise RuntimeError("Database is not connected; call await db.connect() first")
        return self._conn

    # -- migrations ------------------------------------------------------------------------
    async def applied_versions(self) -> set[int]:
        await self.conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_version ("
            " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        async with self.conn.execute("SELECT version FROM schema_version") as cur:
            return {row[0] for row in await cur.fetchall()}

    async def migrate(self) -> list[int]:
        """Apply every migration not yet recorded in ``schema_version``; each runs once."""
        applied_now: list[int] = []
        async with self._lock:
            done = await self.applied_versions()
            for migration in discover_migrations():
                if migration.version in done:
                    continue
                script = (
                    "BEGIN IMMEDIATE;\n"
                    f"{migration.sql}\n;\n"
                    "INSERT INTO schema_version(version, name, applied_at) VALUES "
                    f"({migration.version}, '{migration.name}', '{to_db_time(utcnow())}');\n"
                    "COMMIT;"
                )
                try:
                    await self.conn.executescript(script)
                except Exception:
                    if self.conn.in_transaction:
                        await self.conn.execute("ROLLBACK")
                    if migration.version in await self.applied_versions():
                        continue  # another process applied it meanwhile
                    raise
                log.info("applied migration %04d_%s", migration.version, migration.name)
                applied_now.append(migration.version)
        return applied_now

    # -- queries ---------------------------------------------------------------------------
    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """A short write transaction (``BEGIN IMMEDIATE``); nested calls join the outer one."""
        async with self._serial() as conn:
            if _in_transaction.get() is self:  # nested: part of the outer transaction
                yield conn
                return
            token = _in_transaction.set(self)
            await conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                await conn.execute("ROLLBACK")
                raise
            else:
                await conn.execute("COMMIT")
            finally:
                _in_transaction.reset(token)

    async def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> int:
        """Run one write statement in its own transaction (or the caller's).

        Returns the new row id for an INSERT, the number of changed rows otherwise.
        """
        is_insert = sql.lstrip().upper().startswith(("INSERT", "REPLACE"))
        return int(await self._write(sql, params, "id" if is_insert else "count"))

    async def execute_returning(
        self, sql: str, params: Sequence[Any] | dict[str, Any] = ()
    ) -> aiosqlite.Row | None:
        """Run one write statement with a ``RETURNING`` clause in its own transaction (or the
        caller's); the first row it returns (e.g. the row an upsert left)."""
        row: aiosqlite.Row | None = await self._write(sql, params, "row")
        return row

    async def _write(self, sql: str, params: Sequence[Any] | dict[str, Any], result: str) -> Any:
        if _in_transaction.get() is self:  # a statement of the caller's transaction
            async with self.conn.execute(sql, params) as cur:
                return await _result_async(cur, result)
        if not _ONE_HOP:
            async with self.transaction() as tx:  # BEGIN, the statement, COMMIT: four hand-overs
                async with tx.execute(sql, params) as cur:
                    return await _result_async(cur, result)
        async with self._lock:
            # its own transaction in one call to the connection's thread (BEGIN, the
            # statement, COMMIT) instead of four hand-overs: a write per question stays cheap
            conn = self.conn
            return await conn._execute(_write_one, conn._conn, sql, params, result)

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        async with self.transaction() as conn:
            await conn.executemany(sql, rows)

    @asynccontextmanager
    async def _serial(self) -> AsyncIterator[aiosqlite.Connection]:
        """The connection, for one statement sequence at a time (joins the caller's transaction)."""
        if _in_transaction.get() is self:
            yield self.conn
            return
        async with self._lock:
            yield self.conn

    async def fetchone(
        self, sql: str, params: Sequence[Any] | dict[str, Any] = ()
    ) -> aiosqlite.Row | None:
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None

    async def fetchall(
        self, sql: str, params: Sequence[Any] | dict[str, Any] = ()
    ) -> list[aiosqlite.Row]:
        # one call in the connection's thread (execute, fetch every row, close the cursor),
        # and never in the middle of another task's transaction
        async with self._serial() as conn:
            return list(await conn.execute_fetchall(sql, params))

    async def fetchval(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Any:
        row = await self.fetchone(sql, params)
        return None if row is None else row[0]

    async def tables(self) -> set[str]:
        """The names of the database's tables."""
        rows = await self.fetchall("SELECT name FROM sqlite_master WHERE type = 'table'")
        return {r[0] for r in rows}

    async def checkpoint(self, mode: str = "TRUNCATE") -> bool:
        """Copy the WAL into the database file (and empty it, for TRUNCATE).

        Runs between transactions; returns False instead of raising when SQLite cannot do it now
        (another process reading, a busy or locked table): the data is committed either way and
        SQLite's automatic checkpoints finish the job later."""
        if mode not in ("PASSIVE", "FULL", "RESTART", "TRUNCATE"):
            raise ValueError(f"unknown checkpoint mode {mode!r}")
        if self.path == ":memory:":
            return True
        try:
            async with self._serial() as conn:
                if conn.in_transaction:
                    return False
                rows = await conn.execute_fetchall(f"PRAGMA wal_checkpoint({mode})")
        except sqlite3.Error as exc:
            log.warning("WAL checkpoint (%s) not done now: %s", mode, exc)
            return False
        busy = bool(rows and rows[0][0])
        if busy:
            log.warning("WAL checkpoint (%s) not done now: the database is busy", mode)
        return not busy
