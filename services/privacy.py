"""Personal data on request: ``forget_user`` (/forget_me) and ``export_user`` (export-user).

/forget_me erases **by ownership**: only rows that belong to the user, found by ids (the user's
id, the ids of the tickets they asked), are changed.  No text is ever searched for and replaced
in other people's rows: a profile name such as "Семинар по бюджету" must not wipe an event of
that title, another user's question or a consultant's canned reply.  Aggregate counts are kept:
no row that a statistic counts is deleted.

* ``users`` — names, username, phone, full name, district and municipality are erased, the
  profile is marked unregistered; the id, role, language, oblast and position stay (an oblast
  and a position identify nobody, and the per-oblast statistics keep adding up).  Rows that
  point at the user (tickets, event registrations, subscriptions) keep pointing at the id and
  hold no text of theirs.
* ``questions`` of the user — text, normalised form and the user link are erased (outcome,
  oblast, category stay).
* ``bot_offers`` of the user (the call-center's record of what the bot offered) — the question
  is erased.
* ``tickets`` the user asked — question, resolution and rating comment are erased (status,
  times, category and the 1–5 rating stay); every message of those tickets (the user's and the
  consultants' replies to them) loses its text, formatting, file and file name; so do messages
  the user wrote in other tickets (a consultant's replies are theirs).
* FAQ drafts made from the user's tickets lose the question, and the user's name, phone,
  username and village are cut out of their answer (the consultant's text, worth keeping).  A
  FAQ entry already approved from such a ticket is anonymised the same way **and taken out of
  the knowledge base** (``kb_faq.status = 'draft'``, the draft back to ``draft``) until a
  supervisor approves it again.
* ``ticket_events`` of those tickets and ``audit_log`` rows by the user lose their details.
* ``fsm_storage`` — half-filled forms of the user are deleted.
* SQLite's ``secure_delete`` is on while this runs and the WAL is checkpointed and truncated
  afterwards, so the old bytes do not linger in free pages or in the write-ahead log.  The
  erasure is one committed transaction; a checkpoint that fails afterwards (the database is
  busy) is logged and retried by SQLite's next automatic checkpoint — it never turns a done
  erasure into a reported failure (``ForgetReport.checkpointed``).

What is kept: other people's rows, even when they quote the user (a consultant's note in
someone else's ticket, a /gaps draft combining several people's wording): those rows are the
other people's records, and text matching cannot tell a name from the same words used for
something else.  Telegram sends a user's first name with every update, so it is stored again
when the user writes next: that is the same as a new user starting.  Messages already in
Telegram chats (the consultants' group) are outside the database and are not touched.
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
_MIN_VALUE = {"phone": 6, "name": 5, "username": 5, "place": 5}
_SKIP_TABLES = {"schema_version", "sqlite_sequence", "sqlite_stat1", "sqlite_stat4"}
# Words of a municipality's name that name no place by themselves ("Кочкор айыл аймагы":
# only "Кочкор" identifies the village).
_PLACE_GENERIC = frozenset(
    "айыл аймак аймагы аймагынын айылы шаар шаары шаарынын кыштак поселок посёлок село селе"
    " сельский сельская сельское округ город города городской мэрия өкмөтү өкмөт okmotu"
    " ayil aimak aimagy shaary".split()
)


def is_knowledge_table(name: str) -> bool:
    """The knowledge base's tables: editorial content."""
    return name.startswith(("kb_", "knowledge"))


@dataclass
class ForgetReport:
    user_id: int
    changed: dict[str, int] = field(default_factory=dict)  # table -> rows changed
    # False when the WAL checkpoint after the (committed) erasure could not run at once
    checkpointed: bool = True

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
        if name in _SKIP_TABLES:
            continue
        info = await db.fetchall(f'PRAGMA table_info("{name}")')
        out[name] = [(c["name"], (c["type"] or "").upper()) for c in info]
    return out


def _has(schema: dict[str, list[tuple[str, str]]], table: str, *columns: str) -> bool:
    names = {c for c, _ in schema.get(table, [])}
    return table in schema and all(c in names for c in columns)


# -- what identifies the person (for texts derived from their own tickets) -------------------
@dataclass
class PersonalValues:
    identity: list[str] = field(default_factory=list)  # phone, full name, username, village
    name_parts: list[str] = field(default_factory=list)  # words of the names and of the village


async def personal_values(db: Database, user_id: int) -> PersonalValues:
    """The strings that identify ``user_id``: cut out of the texts derived from their tickets
    (FAQ drafts and entries), never searched for in other people's rows."""
    identity: set[str] = set()
    parts: set[str] = set()
    row = await db.fetchone("SELECT * FROM users WHERE id = ?", (user_id,))
    if row is None:
        return PersonalValues()
    keys = row.keys()

    def put(value: Any, kind: str) -> None:
        if isinstance(value, str) and len(value.strip()) >= _MIN_VALUE[kind]:
            identity.add(value.strip())

    for name in (row["full_name"], row["first_name"], row["last_name"], row["username"]):
        parts.update(w for w in re.findall(r"[^\W\d_]+", name or "") if len(w) >= 3)
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
    if "municipality" in keys and row["municipality"]:
        put(row["municipality"], "place")
        words = re.findall(r"[^\W\d_]+", row["municipality"])
        parts.update(w for w in words if len(w) >= 4 and w.lower() not in _PLACE_GENERIC)
    return PersonalValues(
        sorted(identity, key=len, reverse=True), sorted(parts, key=len, reverse=True)
    )


def redact_names(text: str, values: PersonalValues) -> str:
    """Cut the person's name words (with any suffix: ``Асановнага``), village and identity
    values out of a text derived from their own ticket that is worth keeping (a consultant's
    answer in a FAQ draft)."""
    for value in values.identity:
        text = text.replace(value, REDACTED)
    if values.name_parts:
        words = "|".join(re.escape(p) for p in values.name_parts)
        text = re.sub(rf"(?<!\w)(?:{words})\w*", REDACTED, text, flags=re.IGNORECASE)
    return text


# -- forget -------------------------------------------------------------------------------------
async def _update(conn: Any, sql: str, params: Iterable[Any] | dict[str, Any]) -> int:
    cur = await conn.execute(sql, params if isinstance(params, dict) else tuple(params))
    count = cur.rowcount
    await cur.close()
    return max(count, 0)


async def _rows(conn: Any, sql: str, params: Iterable[Any] = ()) -> list[Any]:
    """Execute and fetch in one hop, the cursor closed (no statement left pending)."""
    return list(await conn.execute_fetchall(sql, tuple(params)))


async def forget_user(
    db: Database, user_id: int, *, now: dt.datetime | None = None
) -> ForgetReport:
    """Erase ``user_id``'s personal data: the rows they own, by ids (see the module docs)."""
    report = ForgetReport(user_id)
    stamp = to_db_time(now or utcnow())
    schema = await table_columns(db)
    values = await personal_values(db, user_id)
    async with db.transaction() as conn:
        # Overwrite freed space instead of leaving the old bytes in free pages / cells.
        secure = (await _rows(conn, "PRAGMA secure_delete"))[0][0]
        await _rows(conn, "PRAGMA secure_delete = ON")
        try:
            await _forget(conn, user_id, schema, values, stamp, report)
        finally:
            await _rows(conn, f"PRAGMA secure_delete = {int(secure or 0)}")
    # The erasure is committed.  Copy the new pages into the database file and empty the WAL,
    # where old page images would otherwise linger until the next automatic checkpoint; a
    # failure here is not a failed erasure.
    if db.path != ":memory:":
        report.checkpointed = await db.checkpoint()
    log.info("forgot user %s: %s", user_id, report.changed)
    return report


# What is erased in place, table by table: (table, the columns the statement needs, the
# statement).  Parameters by name: :user (the id), :stamp (now), :key_mid / :key_end (the
# user's FSM keys).  MINE: the tickets the user asked.
_MINE = "SELECT id FROM tickets WHERE asker_id = :user"
_ERASE_OWN_ROWS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    (
        "users",
        ("id",),
        "UPDATE users SET first_name = '', last_name = NULL, username = NULL,"
        " full_name = NULL, phone = NULL, district = NULL, municipality = NULL,"
        " show_name = 0, registered_at = NULL, updated_at = :stamp WHERE id = :user"
        " AND (first_name != '' OR last_name IS NOT NULL OR username IS NOT NULL"
        " OR full_name IS NOT NULL OR phone IS NOT NULL OR district IS NOT NULL"
        " OR municipality IS NOT NULL OR registered_at IS NOT NULL)",
    ),
    (
        "questions",
        ("user_id",),
        "UPDATE questions SET text = '', normalized = '', user_id = NULL,"
        " erased_at = COALESCE(erased_at, :stamp) WHERE user_id = :user",
    ),
    (
        "bot_offers",
        ("user_id", "question"),
        "UPDATE bot_offers SET question = '' WHERE user_id = :user AND question != ''",
    ),
    (
        "tickets",
        ("asker_id",),
        "UPDATE tickets SET question = '', resolution = NULL, rating_comment = NULL"
        " WHERE asker_id = :user AND (question != '' OR resolution IS NOT NULL"
        " OR rating_comment IS NOT NULL)",
    ),
    (
        "ticket_messages",
        ("ticket_id", "author_id"),
        "UPDATE ticket_messages SET text = NULL, html = NULL, file_id = NULL,"
        f" file_name = NULL WHERE (ticket_id IN ({_MINE}) OR author_id = :user)"
        " AND (text IS NOT NULL OR html IS NOT NULL OR file_id IS NOT NULL"
        " OR file_name IS NOT NULL)",
    ),
    (
        "ticket_events",
        ("ticket_id", "details"),
        "UPDATE ticket_events SET details = NULL WHERE details IS NOT NULL"
        f" AND (ticket_id IN ({_MINE}) OR actor_id = :user)",
    ),
)
# ... then the FAQ drafts of the user's tickets (:func:`_forget_faq`), then:
_ERASE_TRACES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    (
        "audit_log",
        ("actor_id", "details"),
        "UPDATE audit_log SET details = NULL WHERE actor_id = :user AND details IS NOT NULL",
    ),
    (
        "fsm_storage",
        ("key",),
        "DELETE FROM fsm_storage WHERE key LIKE :key_mid OR key LIKE :key_end",
    ),
)


async def _erase(
    conn: Any,
    schema: dict[str, list[tuple[str, str]]],
    report: ForgetReport,
    statements: tuple[tuple[str, tuple[str, ...], str], ...],
    names: dict[str, Any],
) -> None:
    """Run each statement whose table has the columns it needs; count what it changed."""
    for table, needs, sql in statements:
        if _has(schema, table, *needs):
            report.add(table, await _update(conn, sql, names))


async def _forget(
    conn: Any,
    user_id: int,
    schema: dict[str, list[tuple[str, str]]],
    values: PersonalValues,
    stamp: str | None,
    report: ForgetReport,
) -> None:
    uid = str(user_id)
    names = {"user": user_id, "stamp": stamp, "key_mid": f"%:{uid}:%", "key_end": f"%:{uid}"}
    ticket_ids: list[int] = []
    if _has(schema, "tickets", "asker_id"):
        rows = await _rows(conn, "SELECT id FROM tickets WHERE asker_id = ?", (user_id,))
        ticket_ids = [r[0] for r in rows]
    await _erase(conn, schema, report, _ERASE_OWN_ROWS, names)
    if ticket_ids and _has(schema, "faq_drafts", "ticket_id", "question", "answer", "status"):
        await _forget_faq(conn, ticket_ids, schema, values, stamp, report)
    await _erase(conn, schema, report, _ERASE_TRACES, names)
    if _has(schema, "audit_log", "actor_id", "action"):
        await _update(
            conn,
            "INSERT INTO audit_log(at, actor_id, action, target, details, allowed)"
            " VALUES (?, ?, 'privacy.forget', ?, NULL, 1)",
            (stamp, user_id, uid),
        )


def _redact_json(value: Any, values: PersonalValues) -> Any:
    if isinstance(value, str):
        return redact_names(value, values)
    if isinstance(value, list):
        return [_redact_json(v, values) for v in value]
    if isinstance(value, dict):
        return {k: _redact_json(v, values) for k, v in value.items()}
    return value


async def _forget_faq(
    conn: Any,
    ticket_ids: list[int],
    schema: dict[str, list[tuple[str, str]]],
    values: PersonalValues,
    stamp: str | None,
    report: ForgetReport,
) -> None:
    """FAQ drafts and entries made from the user's tickets: the question is the user's (erased),
    the answer the consultant's (kept, minus the user's name, phone and village); an approved
    entry leaves the knowledge base until a supervisor approves it again."""
    marks = ", ".join("?" for _ in ticket_ids)
    drafts = await _rows(
        conn,
        "SELECT id, ticket_id, question, answer, status, faq_id FROM faq_drafts"
        f" WHERE ticket_id IN ({marks})",
        ticket_ids,
    )
    faq_ids: set[str] = {f"ticket-{t}" for t in ticket_ids}
    for draft_id, ticket_id, question, answer, status, faq_id in drafts:
        if faq_id:
            faq_ids.add(faq_id)
        new_answer = redact_names(answer or "", values)
        new_status = status
        if status == "approved":
            open_draft = await _rows(
                conn,
                "SELECT 1 FROM faq_drafts WHERE ticket_id = ? AND status = 'draft'",
                (ticket_id,),
            )
            new_status = "approved" if open_draft else "draft"
        if question != REDACTED or new_answer != answer or new_status != status:
            await _update(
                conn,
                "UPDATE faq_drafts SET question = ?, answer = ?, status = ?,"
                " reviewed_by = CASE WHEN ? = status THEN reviewed_by END,"
                " reviewed_at = CASE WHEN ? = status THEN reviewed_at END WHERE id = ?",
                (REDACTED, new_answer, new_status, new_status, new_status, draft_id),
            )
            report.add("faq_drafts", 1)
    if not _has(schema, "kb_faq", "id", "questions", "answer", "status"):
        return
    changed = 0
    for faq_id in sorted(faq_ids):
        found = await _rows(
            conn, "SELECT questions, answer, status FROM kb_faq WHERE id = ?", (faq_id,)
        )
        if not found:
            continue
        questions, answer, status = found[0]
        try:
            asked = json.loads(questions or "{}")
            said = json.loads(answer or "{}")
        except ValueError:
            asked, said = {}, {}
        if isinstance(asked, dict):
            asked = {lang: [REDACTED] for lang in asked}
        new_questions = json.dumps(asked, ensure_ascii=False)
        new_answer = json.dumps(_redact_json(said, values), ensure_ascii=False)
        if (new_questions, new_answer, status) != (questions, answer, "draft"):
            await _update(
                conn,
                "UPDATE kb_faq SET questions = ?, answer = ?, status = 'draft', updated_at = ?"
                " WHERE id = ?",
                (new_questions, new_answer, stamp, faq_id),
            )
            changed += 1
    if changed:
        report.add("kb_faq", changed)
        if _has(schema, "kb_meta", "key", "value"):  # the running bot rebuilds its index
            await _update(
                conn,
                "UPDATE kb_meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'kb_version'",
                (),
            )


def _text_columns(columns: list[tuple[str, str]]) -> list[str]:
    return [
        name
        for name, type_ in columns
        if type_ == "" or any(t in type_ for t in ("TEXT", "CHAR", "CLOB"))
    ]


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
