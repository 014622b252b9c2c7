"""Personal data on request: ``forget_user`` (/forget_me) and ``export_user`` (export-user).

What /forget_me does (aggregate counts are kept: no row that a statistic counts is deleted):

* ``users`` — names, username, phone, full name, district and municipality are erased, the
  profile is marked unregistered; the id, role, language, oblast and position stay (an oblast
  and a position identify nobody, and the per-oblast statistics keep adding up).  Rows that
  point at the user (tickets, registrations, subscriptions) keep pointing at the id.
* ``questions`` — text, normalised form and the user link are erased (outcome, oblast,
  category stay).
* ``bot_offers`` (the call-center's record of what the bot offered) — the question is erased.
* ``tickets`` the user asked — question, resolution and rating comment are erased (status,
  times, category and the 1–5 rating stay); every message of those tickets loses its text,
  formatting, file and file name; so do messages the user wrote in other tickets (a
  consultant's replies).  FAQ drafts made from those tickets lose the question, and the
  user's name is cut out of their answer (the consultant's text, kept for the knowledge base).
* ``ticket_events`` of those tickets and ``audit_log`` rows by the user lose their details.
* ``fsm_storage`` — half-filled forms of the user are deleted.
* SQLite's ``secure_delete`` is on while this runs and the WAL is checkpointed and truncated
  afterwards, so the old bytes do not linger in free pages or in the write-ahead log.
* Finally every text column of every other table is swept for the user's phone, full name,
  "first last" name and username, and — outside the tables erased by owner above — for the
  texts the user typed; occurrences are replaced by ``[deleted]``, so a copy made elsewhere (a
  consultant's note, a draft, a JSON blob) does not survive either.  The knowledge base's own
  tables are never swept (editorial content).

Telegram sends a user's first name with every update, so it is stored again when the user
writes next: that is the same as a new user starting.  Messages already in Telegram chats
(the consultants' group) are outside the database and are not touched.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from db.database import Database, to_db_time, utcnow

log = logging.getLogger(__name__)

REDACTED = "[deleted]"
# Columns naming the person a row is about or by, in any table (used by export_user).  Work
# references (a consultant as a ticket's owner, an admin as an event's creator) are left out:
# those rows are about other people.
USER_COLUMNS = ("user_id", "asker_id", "author_id", "actor_id")
_MIN_SWEEP = {"phone": 6, "name": 5, "username": 5, "text": 8}
_SKIP_SWEEP = {"schema_version", "sqlite_sequence", "sqlite_stat1", "sqlite_stat4"}
# (table, column, owner column): text the user typed.
_TYPED_BY_USER = (
    ("questions", "text", "user_id"),
    ("bot_offers", "question", "user_id"),
    ("tickets", "question", "asker_id"),
    ("tickets", "rating_comment", "asker_id"),
    ("ticket_messages", "text", "author_id"),
)
# Tables erased by owner above: the sweep does not look for typed texts there (someone else
# may have typed the same words), only for the user's name / phone / username.
_OWNED_TABLES = frozenset({"users", "questions", "bot_offers", "tickets", "ticket_messages"})


def is_knowledge_table(name: str) -> bool:
    """The knowledge base's tables: editorial content, never swept."""
    return name.startswith(("kb_", "knowledge"))


@dataclass
class ForgetReport:
    user_id: int
    changed: dict[str, int] = field(default_factory=dict)  # table -> rows changed

    def add(self, table: str, count: int) -> None:
        if count > 0:
            self.changed[table] = self.changed.get(table, 0) + count

    @property
    def total(self) -> int:
        return sum(self.changed.values())


# -- schema discovery ---------------------------------------------------------------------------
async def table_columns(db: Database) -> dict[str, list[tuple[str, str]]]:
    """Ordinary tables → [(column, declared type)], without virtual tables and their shadows."""
    rows = await db.fetchall(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    )
    virtual = [r["name"] for r in rows if "VIRTUAL TABLE" in (r["sql"] or "").upper()]
    out: dict[str, list[tuple[str, str]]] = {}
    for row in rows:
        name = row["name"]
        if name in virtual or any(name.startswith(v + "_") for v in virtual):
            continue
        if name in _SKIP_SWEEP:
            continue
        info = await db.fetchall(f'PRAGMA table_info("{name}")')
        out[name] = [(c["name"], (c["type"] or "").upper()) for c in info]
    return out


def _has(schema: dict[str, list[tuple[str, str]]], table: str, *columns: str) -> bool:
    names = {c for c, _ in schema.get(table, [])}
    return table in schema and all(c in names for c in columns)


# -- what to look for ---------------------------------------------------------------------------
@dataclass
class PersonalValues:
    identity: list[str] = field(default_factory=list)  # phone, full name, username
    texts: list[str] = field(default_factory=list)  # what the user typed
    name_parts: list[str] = field(default_factory=list)  # words of the names, for redact_names

    @property
    def all(self) -> list[str]:
        return sorted({*self.identity, *self.texts}, key=len, reverse=True)


async def personal_values(db: Database, user_id: int) -> PersonalValues:
    """The strings that identify ``user_id`` or that they typed: looked for everywhere."""
    identity: set[str] = set()
    texts: set[str] = set()
    parts: set[str] = set()
    row = await db.fetchone("SELECT * FROM users WHERE id = ?", (user_id,))
    if row is not None:
        for name in (row["full_name"], row["first_name"], row["last_name"], row["username"]):
            parts.update(w for w in re.findall(r"[^\W\d_]+", name or "") if len(w) >= 3)

        def put(value: Any, kind: str) -> None:
            if isinstance(value, str) and len(value.strip()) >= _MIN_SWEEP[kind]:
                identity.add(value.strip())

        if row["phone"]:
            put(row["phone"], "phone")
            digits = re.sub(r"\D", "", row["phone"])
            put(digits, "phone")
            put("+" + digits, "phone")
        put(row["full_name"], "name")
        if row["last_name"]:
            put(" ".join(p for p in (row["first_name"], row["last_name"]) if p), "name")
        if row["username"]:
            put(row["username"], "username")
            put("@" + row["username"], "username")
    schema = await table_columns(db)
    for table, column, owner in _TYPED_BY_USER:
        if _has(schema, table, column, owner):
            for r in await db.fetchall(
                f"SELECT {column} FROM {table} WHERE {owner} = ? AND {column} IS NOT NULL",
                (user_id,),
            ):
                text = r[0]
                if isinstance(text, str) and len(text.strip()) >= _MIN_SWEEP["text"]:
                    texts.add(text.strip())
    longest_first = {"key": len, "reverse": True}
    return PersonalValues(
        sorted(identity, **longest_first),
        sorted(texts, **longest_first),
        sorted(parts, **longest_first),
    )


def redact_names(text: str, values: PersonalValues) -> str:
    """Cut the person's name words (with any suffix: ``Асановнага``) and identity values out
    of a text that is about them but worth keeping (a consultant's answer in a FAQ draft)."""
    for value in values.identity:
        text = text.replace(value, REDACTED)
    if values.name_parts:
        words = "|".join(re.escape(p) for p in values.name_parts)
        text = re.sub(rf"(?<!\w)(?:{words})\w*", REDACTED, text, flags=re.IGNORECASE)
    return text


# -- forget -------------------------------------------------------------------------------------
async def _update(conn: Any, sql: str, params: Iterable[Any]) -> int:
    cur = await conn.execute(sql, tuple(params))
    count = cur.rowcount
    await cur.close()
    return max(count, 0)


async def forget_user(
    db: Database, user_id: int, *, now: dt.datetime | None = None
) -> ForgetReport:
    """Erase ``user_id``'s personal data everywhere (see the module docs)."""
    report = ForgetReport(user_id)
    stamp = to_db_time(now or utcnow())
    schema = await table_columns(db)
    values = await personal_values(db, user_id)
    # Overwrite freed space instead of leaving the old bytes in free pages / cells.
    secure = await db.fetchval("PRAGMA secure_delete")
    await db.conn.execute("PRAGMA secure_delete = ON")
    try:
        await _forget(db, user_id, schema, values, stamp, report)
    finally:
        await db.conn.execute(f"PRAGMA secure_delete = {int(secure or 0)}")
    # Copy the new pages into the database file and empty the WAL, where old page images
    # (with the erased texts) would otherwise linger until the next checkpoint.
    if db.path != ":memory:":
        await db.fetchone("PRAGMA wal_checkpoint(TRUNCATE)")
    log.info("forgot user %s: %s", user_id, report.changed)
    return report


async def _forget(
    db: Database,
    user_id: int,
    schema: dict[str, list[tuple[str, str]]],
    values: PersonalValues,
    stamp: str | None,
    report: ForgetReport,
) -> None:
    async with db.transaction() as conn:
        if _has(schema, "users", "id"):
            report.add(
                "users",
                await _update(
                    conn,
                    "UPDATE users SET first_name = '', last_name = NULL, username = NULL,"
                    " full_name = NULL, phone = NULL, district = NULL, municipality = NULL,"
                    " show_name = 0, registered_at = NULL, updated_at = ? WHERE id = ?"
                    " AND (first_name != '' OR last_name IS NOT NULL OR username IS NOT NULL"
                    " OR full_name IS NOT NULL OR phone IS NOT NULL OR district IS NOT NULL"
                    " OR municipality IS NOT NULL OR registered_at IS NOT NULL)",
                    (stamp, user_id),
                ),
            )
        if _has(schema, "questions", "user_id"):
            report.add(
                "questions",
                await _update(
                    conn,
                    "UPDATE questions SET text = '', normalized = '', user_id = NULL,"
                    " erased_at = COALESCE(erased_at, ?) WHERE user_id = ?",
                    (stamp, user_id),
                ),
            )
        if _has(schema, "bot_offers", "user_id", "question"):
            report.add(
                "bot_offers",
                await _update(
                    conn,
                    "UPDATE bot_offers SET question = '' WHERE user_id = ? AND question != ''",
                    (user_id,),
                ),
            )
        if _has(schema, "tickets", "asker_id"):
            report.add(
                "tickets",
                await _update(
                    conn,
                    "UPDATE tickets SET question = '', resolution = NULL, rating_comment = NULL"
                    " WHERE asker_id = ? AND (question != '' OR resolution IS NOT NULL"
                    " OR rating_comment IS NOT NULL)",
                    (user_id,),
                ),
            )
            mine = "SELECT id FROM tickets WHERE asker_id = ?"
            if _has(schema, "ticket_messages", "ticket_id", "author_id"):
                report.add(
                    "ticket_messages",
                    await _update(
                        conn,
                        "UPDATE ticket_messages SET text = NULL, html = NULL, file_id = NULL,"
                        " file_name = NULL WHERE (ticket_id IN (" + mine + ") OR author_id = ?)"
                        " AND (text IS NOT NULL OR html IS NOT NULL OR file_id IS NOT NULL"
                        " OR file_name IS NOT NULL)",
                        (user_id, user_id),
                    ),
                )
            if _has(schema, "ticket_events", "ticket_id", "details"):
                report.add(
                    "ticket_events",
                    await _update(
                        conn,
                        "UPDATE ticket_events SET details = NULL WHERE details IS NOT NULL"
                        " AND (ticket_id IN (" + mine + ") OR actor_id = ?)",
                        (user_id, user_id),
                    ),
                )
            if _has(schema, "faq_drafts", "ticket_id", "question", "answer"):
                # The question is the user's; the answer is the consultant's, worth keeping
                # for the knowledge base, minus the user's name.
                async with conn.execute(
                    "SELECT id, question, answer FROM faq_drafts WHERE ticket_id IN (" + mine + ")",
                    (user_id,),
                ) as cur:
                    drafts = await cur.fetchall()
                for draft_id, question, answer in drafts:
                    new_answer = redact_names(answer or "", values)
                    if question != REDACTED or new_answer != answer:
                        await conn.execute(
                            "UPDATE faq_drafts SET question = ?, answer = ? WHERE id = ?",
                            (REDACTED, new_answer, draft_id),
                        )
                        report.add("faq_drafts", 1)
        if _has(schema, "audit_log", "actor_id", "details"):
            report.add(
                "audit_log",
                await _update(
                    conn,
                    "UPDATE audit_log SET details = NULL"
                    " WHERE actor_id = ? AND details IS NOT NULL",
                    (user_id,),
                ),
            )
        if _has(schema, "fsm_storage", "key"):
            uid = str(user_id)
            report.add(
                "fsm_storage",
                await _update(
                    conn,
                    "DELETE FROM fsm_storage WHERE key LIKE ? OR key LIKE ?",
                    (f"%:{uid}:%", f"%:{uid}"),
                ),
            )
        for table, count in (await _sweep(conn, schema, values)).items():
            report.add(table, count)
        if _has(schema, "audit_log", "actor_id", "action"):
            await conn.execute(
                "INSERT INTO audit_log(at, actor_id, action, target, details, allowed)"
                " VALUES (?, ?, 'privacy.forget', ?, NULL, 1)",
                (stamp, user_id, str(user_id)),
            )


def _text_columns(columns: list[tuple[str, str]]) -> list[str]:
    return [
        name
        for name, type_ in columns
        if type_ == "" or any(t in type_ for t in ("TEXT", "CHAR", "CLOB"))
    ]


async def _sweep(
    conn: Any, schema: dict[str, list[tuple[str, str]]], values: PersonalValues
) -> dict[str, int]:
    """Replace occurrences of the user's values in every text column of every table: the
    identity values everywhere but the users table, typed texts outside the owned tables."""
    changed: dict[str, int] = {}
    for table, columns in schema.items():
        if table == "users" or is_knowledge_table(table):
            continue
        wanted = values.identity if table in _OWNED_TABLES else values.all
        if not wanted:
            continue
        wanted = sorted(wanted, key=len, reverse=True)
        for column in _text_columns(columns):
            rows: dict[int, str] = {}
            for chunk in _chunks(wanted):
                where = " OR ".join(f'instr("{column}", ?) > 0' for _ in chunk)
                async with conn.execute(
                    f'SELECT rowid, "{column}" FROM "{table}" WHERE {where}', chunk
                ) as cur:
                    rows.update((r[0], r[1]) for r in await cur.fetchall())
            for rowid, cell in rows.items():
                if not isinstance(cell, str):
                    continue
                new = cell
                for value in wanted:
                    new = new.replace(value, REDACTED)
                if new != cell:
                    await conn.execute(
                        f'UPDATE "{table}" SET "{column}" = ? WHERE rowid = ?', (new, rowid)
                    )
                    changed[table] = changed.get(table, 0) + 1
    return changed


async def leftovers(db: Database, values: Iterable[str]) -> list[tuple[str, str, int]]:
    """(table, column, rows) where any of ``values`` still occurs — for checks and tests."""
    found: list[tuple[str, str, int]] = []
    values = [v for v in values if v]
    if not values:
        return found
    schema = await table_columns(db)
    for table, columns in schema.items():
        for column in _text_columns(columns):
            rowids: set[int] = set()
            for chunk in _chunks(values):
                where = " OR ".join(f'instr("{column}", ?) > 0' for _ in chunk)
                rows = await db.fetchall(f'SELECT rowid FROM "{table}" WHERE {where}', chunk)
                rowids.update(r[0] for r in rows)
            if rowids:
                found.append((table, column, len(rowids)))
    return found


def _chunks(values: list[str], size: int = 200) -> Iterable[list[str]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


# -- export -------------------------------------------------------------------------------------
def _jsonable(row: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in row.keys():
        value = row[key]
        if isinstance(value, bytes):
            value = value.hex()
        elif isinstance(value, str) and value[:1] in "[{":
            try:
                value = json.loads(value)
            except ValueError:
                pass
        out[key] = value
    return out


async def export_user(db: Database, user_id: int) -> dict[str, Any]:
    """Everything stored about ``user_id``: every row of every table that refers to them by a
    user column (``user_id``, ``asker_id``, ``author_id`` …), the messages of their tickets,
    and their saved form state.  JSON-serialisable."""
    schema = await table_columns(db)
    tables: dict[str, list[dict[str, Any]]] = {}

    async def collect(table: str, sql: str, params: tuple[Any, ...]) -> None:
        rows = await db.fetchall(sql, params)
        if rows:
            existing = tables.setdefault(table, [])
            seen = {json.dumps(r, sort_keys=True, default=str) for r in existing}
            for row in rows:
                item = _jsonable(row)
                key = json.dumps(item, sort_keys=True, default=str)
                if key not in seen:
                    seen.add(key)
                    existing.append(item)

    if "users" in schema:
        await collect("users", "SELECT * FROM users WHERE id = ?", (user_id,))
    for table, columns in schema.items():
        names = [c for c, _ in columns]
        refs = [c for c in USER_COLUMNS if c in names]
        if table == "users" or not refs:
            continue
        where = " OR ".join(f'"{c}" = ?' for c in refs)
        await collect(
            table, f'SELECT * FROM "{table}" WHERE {where} ORDER BY rowid', (user_id,) * len(refs)
        )
    if _has(schema, "ticket_messages", "ticket_id") and _has(schema, "tickets", "asker_id"):
        await collect(
            "ticket_messages",
            "SELECT * FROM ticket_messages WHERE ticket_id IN"
            " (SELECT id FROM tickets WHERE asker_id = ?) ORDER BY id",
            (user_id,),
        )
    if "fsm_storage" in schema:
        uid = str(user_id)
        await collect(
            "fsm_storage",
            "SELECT * FROM fsm_storage WHERE key LIKE ? OR key LIKE ?",
            (f"%:{uid}:%", f"%:{uid}"),
        )
    return {
        "user_id": user_id,
        "exported_at": to_db_time(utcnow()),
        "tables": tables,
    }
