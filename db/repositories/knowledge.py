"""Knowledge base storage: documents, passages, FAQ entries, glossary, version counter.

Every write runs in one transaction and bumps ``kb_version`` (read it with :meth:`version`),
so an import that fails part-way leaves the stored knowledge base exactly as it was, and the bot
can cheaply notice that its search index is stale.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import aiosqlite

from db.database import Database, to_db_time, utcnow
from knowledge.models import Document, FaqEntry, GlossaryEntry, KnowledgeBase

Origin = Literal["bundled", "import"]


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _loads(value: str | None) -> Any:
    return None if value is None else json.loads(value)


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """One line of ``kb list``: a document without its passages."""

    id: str
    kind: str
    number: str | None
    date: dt.date | None
    status: str
    title: dict[str, str | None]
    passages: int
    origin: str

    def title_in(self, lang: str) -> str:
        return self.title.get(lang) or self.title.get("ky") or self.title.get("ru") or ""


@dataclass(frozen=True, slots=True)
class FaqInfo:
    id: str
    category: str
    status: str
    question: str
    origin: str


class KnowledgeRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- meta -------------------------------------------------------------------------------
    async def version(self) -> int:
        value = await self.db.fetchval("SELECT value FROM kb_meta WHERE key = 'kb_version'")
        return int(value or 0)

    async def get_meta(self, key: str) -> str | None:
        return await self.db.fetchval("SELECT value FROM kb_meta WHERE key = ?", (key,))

    async def set_meta(self, key: str, value: str) -> None:
        await self.db.execute(
            "INSERT INTO kb_meta(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    @staticmethod
    async def _bump(conn: aiosqlite.Connection) -> None:
        await conn.execute(
            "UPDATE kb_meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'kb_version'"
        )

    async def is_empty(self) -> bool:
        row = await self.db.fetchone(
            "SELECT (SELECT COUNT(*) FROM kb_documents) + (SELECT COUNT(*) FROM kb_faq)"
        )
        return not row or row[0] == 0

    # -- writes -----------------------------------------------------------------------------
    async def replace_all(self, kb: KnowledgeBase, *, origin: Origin = "bundled") -> None:
        """Replace everything (documents, FAQ, glossary) by ``kb`` in one transaction."""
        async with self.db.transaction() as conn:
            await conn.execute("DELETE FROM kb_passages")
            await conn.execute("DELETE FROM kb_documents")
            await conn.execute("DELETE FROM kb_faq")
            await conn.execute("DELETE FROM kb_tombstones")
            for doc in kb.documents:
                await self._write_document(conn, doc, origin)
            for entry in kb.faq:
                await self._write_faq(conn, entry, origin)
            await self._write_glossary(conn, kb.glossary)
            await self._bump(conn)

    async def upsert_document(self, doc: Document, *, origin: Origin = "import") -> bool:
        """Insert or replace one document (same id → replaced); True if it existed."""
        return (await self.upsert_many([doc], [], origin=origin))[0] > 0

    async def upsert_faq(self, entry: FaqEntry, *, origin: Origin = "import") -> bool:
        return (await self.upsert_many([], [entry], origin=origin))[1] > 0

    async def upsert_many(
        self,
        documents: Sequence[Document],
        faq: Sequence[FaqEntry],
        *,
        origin: Origin = "import",
    ) -> tuple[int, int]:
        """Upsert documents and FAQ entries atomically; returns how many replaced existing ones."""
        replaced_docs = replaced_faq = 0
        async with self.db.transaction() as conn:
            for doc in documents:
                replaced_docs += await self._write_document(conn, doc, origin)
                await conn.execute(
                    "DELETE FROM kb_tombstones WHERE item = 'document' AND id = ?", (doc.id,)
                )
            for entry in faq:
                replaced_faq += await self._write_faq(conn, entry, origin)
                await conn.execute(
                    "DELETE FROM kb_tombstones WHERE item = 'faq' AND id = ?", (entry.id,)
                )
            if documents or faq:
                await self._bump(conn)
        return replaced_docs, replaced_faq

    async def remove_document(self, doc_id: str) -> bool:
        return await self._remove("document", "kb_documents", doc_id)

    async def remove_faq(self, faq_id: str) -> bool:
        return await self._remove("faq", "kb_faq", faq_id)

    async def _remove(self, item: str, table: str, ident: str) -> bool:
        async with self.db.transaction() as conn:
            cur = await conn.execute(f"SELECT origin FROM {table} WHERE id = ?", (ident,))
            row = await cur.fetchone()
            await cur.close()
            if row is None:
                return False
            await conn.execute(f"DELETE FROM {table} WHERE id = ?", (ident,))
            if row[0] == "bundled":
                await conn.execute(
                    "INSERT OR REPLACE INTO kb_tombstones(item, id, removed_at) VALUES (?, ?, ?)",
                    (item, ident, to_db_time(utcnow())),
                )
            await self._bump(conn)
        return True

    async def replace_glossary(self, entries: Iterable[GlossaryEntry]) -> None:
        async with self.db.transaction() as conn:
            await self._write_glossary(conn, list(entries))
            await self._bump(conn)

    async def sync_bundled(self, kb: KnowledgeBase) -> dict[str, int]:
        """Bring a used database up to date with new bundled data.

        Bundled documents/FAQ are inserted or replaced unless an administrator replaced them by
        an import (origin ``import``) or removed them (tombstone); bundled items that are no longer
        bundled are removed; the glossary is replaced.  Imported items are left alone.
        """
        counts = {"updated": 0, "removed": 0}
        async with self.db.transaction() as conn:
            tombstones = {
                (row[0], row[1])
                for row in await (
                    await conn.execute("SELECT item, id FROM kb_tombstones")
                ).fetchall()
            }
            for item, table, entries in (
                ("document", "kb_documents", kb.documents),
                ("faq", "kb_faq", kb.faq),
            ):
                cur = await conn.execute(f"SELECT id, origin FROM {table}")
                existing = {row[0]: row[1] for row in await cur.fetchall()}
                await cur.close()
                wanted = {e.id for e in entries}
                for entry in entries:
                    if (item, entry.id) in tombstones or existing.get(entry.id) == "import":
                        continue
                    if item == "document":
                        await self._write_document(conn, entry, "bundled")  # type: ignore[arg-type]
                    else:
                        await self._write_faq(conn, entry, "bundled")  # type: ignore[arg-type]
                    counts["updated"] += 1
                for ident, origin in existing.items():
                    if origin == "bundled" and ident not in wanted:
                        await conn.execute(f"DELETE FROM {table} WHERE id = ?", (ident,))
                        counts["removed"] += 1
            await self._write_glossary(conn, kb.glossary)
            await self._bump(conn)
        return counts

    async def _next_position(self, conn: aiosqlite.Connection, table: str) -> int:
        cur = await conn.execute(f"SELECT COALESCE(MAX(position), 0) + 1 FROM {table}")
        row = await cur.fetchone()
        await cur.close()
        return int(row[0]) if row else 1

    async def _place(
        self, conn: aiosqlite.Connection, table: str, item_id: str, now: str | None
    ) -> tuple[int, str | None, bool]:
        """Where an item written again stays: its list position and creation time (a new one
        goes last, created ``now``), and whether it existed."""
        cur = await conn.execute(
            f"SELECT position, created_at FROM {table} WHERE id = ?", (item_id,)
        )
        row = await cur.fetchone()
        await cur.close()
        if row is not None:
            return row[0], row[1], True
        return await self._next_position(conn, table), now, False

    async def _write_document(
        self, conn: aiosqlite.Connection, doc: Document, origin: Origin
    ) -> int:
        """Insert or replace ``doc`` keeping its list position; returns 1 if it existed."""
        now = to_db_time(utcnow())
        position, created_at, existed = await self._place(conn, "kb_documents", doc.id, now)
        if existed:
            await conn.execute("DELETE FROM kb_documents WHERE id = ?", (doc.id,))
        await conn.execute(
            "INSERT INTO kb_documents(id, kind, number, date, status, issuer, title, summary,"
            " source_url, source, keywords, related, aliases, amendments, origin, position,"
            " created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                doc.id,
                doc.kind.value,
                doc.number,
                doc.date.isoformat() if doc.date else None,
                doc.status.value,
                _dumps(doc.issuer.model_dump()) if doc.issuer else None,
                _dumps(doc.title.model_dump()),
                _dumps(doc.summary.model_dump()) if doc.summary else None,
                doc.source_url,
                doc.source,
                _dumps(doc.keywords),
                _dumps(doc.related),
                _dumps(doc.aliases),
                _dumps(doc.amendments),
                origin,
                position,
                created_at,
                now,
            ),
        )
        await conn.executemany(
            "INSERT INTO kb_passages(doc_id, seq, id, lang, article, heading, text, source,"
            " repealed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (doc.id, seq, p.id, p.lang, p.article, p.heading, p.text, p.source, int(p.repealed))
                for seq, p in enumerate(doc.passages)
            ],
        )
        return int(existed)

    async def _write_faq(self, conn: aiosqlite.Connection, entry: FaqEntry, origin: Origin) -> int:
        now = to_db_time(utcnow())
        position, created_at, existed = await self._place(conn, "kb_faq", entry.id, now)
        await conn.execute(
            "INSERT OR REPLACE INTO kb_faq(id, category, status, questions, answer, refs, origin,"
            " position, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                entry.id,
                entry.category,
                entry.status,
                _dumps(entry.questions),
                _dumps(entry.answer.model_dump()),
                _dumps([r.model_dump(exclude_none=True) for r in entry.refs]),
                origin,
                position,
                created_at,
                now,
            ),
        )
        return int(existed)

    @staticmethod
    async def _write_glossary(conn: aiosqlite.Connection, entries: Sequence[GlossaryEntry]) -> None:
        await conn.execute("DELETE FROM kb_glossary")
        await conn.executemany(
            "INSERT INTO kb_glossary(seq, ky, ru, abbr) VALUES (?, ?, ?, ?)",
            [(i, _dumps(g.ky), _dumps(g.ru), _dumps(g.abbr)) for i, g in enumerate(entries)],
        )

    # -- reads ------------------------------------------------------------------------------
    @staticmethod
    def _document(row: aiosqlite.Row, passages: list[dict[str, Any]]) -> Document:
        return Document.model_validate(
            {
                "id": row["id"],
                "kind": row["kind"],
                "number": row["number"],
                "date": row["date"],
                "status": row["status"],
                "issuer": _loads(row["issuer"]),
                "title": _loads(row["title"]),
                "summary": _loads(row["summary"]),
                "source_url": row["source_url"],
                "source": row["source"],
                "keywords": _loads(row["keywords"]) or [],
                "related": _loads(row["related"]) or [],
                "aliases": _loads(row["aliases"]) or [],
                "amendments": _loads(row["amendments"]) or [],
                "passages": passages,
            }
        )

    @staticmethod
    def _passage(row: aiosqlite.Row) -> dict[str, Any]:
        data = {"id": row["id"], "lang": row["lang"], "text": row["text"]}
        for key in ("article", "heading", "source"):
            if row[key] is not None:
                data[key] = row[key]
        if row["repealed"]:
            data["repealed"] = True
        return data

    @staticmethod
    def _faq(row: aiosqlite.Row) -> FaqEntry:
        return FaqEntry.model_validate(
            {
                "id": row["id"],
                "category": row["category"],
                "status": row["status"],
                "questions": _loads(row["questions"]),
                "answer": _loads(row["answer"]),
                "refs": _loads(row["refs"]) or [],
            }
        )

    async def get_document(self, doc_id: str) -> Document | None:
        row = await self.db.fetchone("SELECT * FROM kb_documents WHERE id = ?", (doc_id,))
        if row is None:
            return None
        passages = await self.db.fetchall(
            "SELECT * FROM kb_passages WHERE doc_id = ? ORDER BY seq", (doc_id,)
        )
        return self._document(row, [self._passage(p) for p in passages])

    async def get_faq(self, faq_id: str) -> FaqEntry | None:
        row = await self.db.fetchone("SELECT * FROM kb_faq WHERE id = ?", (faq_id,))
        return None if row is None else self._faq(row)

    async def list_documents(self, *, kind: str | None = None) -> list[DocumentInfo]:
        sql = (
            "SELECT d.id, d.kind, d.number, d.date, d.status, d.title, d.origin,"
            " (SELECT COUNT(*) FROM kb_passages p WHERE p.doc_id = d.id) AS n"
            " FROM kb_documents d"
        )
        params: tuple[Any, ...] = ()
        if kind:
            sql += " WHERE d.kind = ?"
            params = (kind,)
        rows = await self.db.fetchall(sql + " ORDER BY d.position", params)
        return [
            DocumentInfo(
                id=r["id"],
                kind=r["kind"],
                number=r["number"],
                date=dt.date.fromisoformat(r["date"]) if r["date"] else None,
                status=r["status"],
                title=_loads(r["title"]),
                passages=int(r["n"]),
                origin=r["origin"],
            )
            for r in rows
        ]

    async def list_faq(self) -> list[FaqInfo]:
        rows = await self.db.fetchall(
            "SELECT id, category, status, questions, origin FROM kb_faq ORDER BY position"
        )
        out = []
        for r in rows:
            questions = _loads(r["questions"]) or {}
            first = next((q for qs in questions.values() for q in qs if q.strip()), "")
            out.append(FaqInfo(r["id"], r["category"], r["status"], first, r["origin"]))
        return out

    async def faq_referencing(self, doc_id: str) -> list[str]:
        rows = await self.db.fetchall("SELECT id, refs FROM kb_faq ORDER BY position")
        return [r["id"] for r in rows if any(ref.get("doc") == doc_id for ref in _loads(r["refs"]))]

    async def load(self, *, include_drafts: bool = False) -> KnowledgeBase:
        """The stored knowledge base (approved FAQ only unless ``include_drafts``)."""
        doc_rows = await self.db.fetchall("SELECT * FROM kb_documents ORDER BY position")
        passages: dict[str, list[dict[str, Any]]] = {}
        for row in await self.db.fetchall("SELECT * FROM kb_passages ORDER BY doc_id, seq"):
            passages.setdefault(row["doc_id"], []).append(self._passage(row))
        documents = [self._document(r, passages.get(r["id"], [])) for r in doc_rows]
        sql = "SELECT * FROM kb_faq"
        if not include_drafts:
            sql += " WHERE status = 'approved'"
        faq = [self._faq(r) for r in await self.db.fetchall(sql + " ORDER BY position")]
        glossary = [
            GlossaryEntry(ky=_loads(r["ky"]), ru=_loads(r["ru"]), abbr=_loads(r["abbr"]))
            for r in await self.db.fetchall("SELECT * FROM kb_glossary ORDER BY seq")
        ]
        return KnowledgeBase(documents=documents, faq=faq, glossary=glossary)

    async def _counts(self, sql: str) -> dict[Any, int]:
        """``{value: count}`` of a ``SELECT value, COUNT(*) … GROUP BY value``."""
        return {r[0]: r[1] for r in await self.db.fetchall(sql)}

    async def stats(self) -> dict[str, Any]:
        kinds = await self._counts("SELECT kind, COUNT(*) FROM kb_documents GROUP BY kind")
        origins = await self._counts("SELECT origin, COUNT(*) FROM kb_documents GROUP BY origin")
        langs = await self._counts("SELECT lang, COUNT(*) FROM kb_passages GROUP BY lang")
        faq_rows = await self.db.fetchall("SELECT status, questions FROM kb_faq")
        faq_status = Counter(r["status"] for r in faq_rows)
        questions = Counter()
        for r in faq_rows:
            for lang, qs in (_loads(r["questions"]) or {}).items():
                questions[lang] += len(qs)
        return {
            "kb_version": await self.version(),
            "documents": sum(kinds.values()),
            "documents_by_kind": dict(sorted(kinds.items())),
            "documents_bundled": origins.get("bundled", 0),
            "documents_imported": origins.get("import", 0),
            "passages": sum(langs.values()),
            "passages_ky": langs.get("ky", 0),
            "passages_ru": langs.get("ru", 0),
            "faq": len(faq_rows),
            "faq_approved": faq_status.get("approved", 0),
            "faq_draft": faq_status.get("draft", 0),
            "faq_questions_ky": questions.get("ky", 0),
            "faq_questions_ru": questions.get("ru", 0),
            "glossary": int(await self.db.fetchval("SELECT COUNT(*) FROM kb_glossary") or 0),
        }
