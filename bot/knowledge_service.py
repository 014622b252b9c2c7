"""The knowledge index as an app-wide object: built from the database, rebuilt on change.

Search runs in a worker thread so the event loop never waits on it.  An operator's ``kb import``
(or removal) while the bot runs bumps ``kb_version`` in the database; a question checks it at most
every :data:`VERSION_CHECK_SECONDS` and, when it changed, the index is rebuilt in the background
while the current one keeps answering.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from db.database import Database
from db.knowledge_bootstrap import ensure_knowledge
from db.repositories.knowledge import KnowledgeRepository
from knowledge.models import Document, Passage
from knowledge.search.citation import Citation, cite
from knowledge.search.engine import SearchEngine

log = logging.getLogger(__name__)

VERSION_CHECK_SECONDS = 5.0  # how stale the index may be after a ``kb import`` from the CLI
CACHED = 10_000  # documents, passages, articles and citations kept per index build (each)
_UNKNOWN = object()


class KnowledgeService:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.engine: Any = None
        self.version: Any = None
        self._lock = asyncio.Lock()
        self._checked = 0.0  # monotonic time of the last kb_version check
        self._reload: asyncio.Task[None] | None = None
        # what answers showed since the last build (documents, passages, articles, citations):
        # the stored knowledge base changes only with kb_version, and a rebuild forgets them
        self._documents: dict[str, Document | None] = {}
        self._passages: dict[tuple[str, str], Passage | None] = {}
        self._articles: dict[tuple[str, str, str], list[Passage]] = {}
        self._parallels: dict[tuple[str, str, str], Passage | None] = {}
        self._citations: dict[tuple[str, str | None, str | None, str], Citation] = {}

    async def _current_version(self) -> Any:
        return await KnowledgeRepository(self.db).version()

    async def load(self) -> None:
        """Load the bundled KB into a fresh database if needed and build the index."""
        async with self._lock:
            kb = await ensure_knowledge(self.db)
            version = await self._current_version()
            self.engine = await asyncio.to_thread(SearchEngine.build, kb)
            self.version = version
            self._forget()
            self._checked = time.monotonic()
            log.info(
                "knowledge index built: %d documents, %d FAQ entries",
                len(kb.documents),
                len(kb.faq),
            )

    async def refresh_if_changed(self) -> bool:
        if self.engine is None or await self._current_version() != self.version:
            await self.load()
            return True
        return False

    async def search(self, query: str, lang: str | None = None, limit: int = 5) -> Any:
        if self.engine is None:
            await self.load()
        else:
            await self._check_version()
        engine = self.engine
        return await asyncio.to_thread(engine.search, query, lang, limit)

    def _forget(self) -> None:
        self._documents, self._passages, self._articles = {}, {}, {}
        self._parallels, self._citations = {}, {}

    async def _check_version(self) -> None:
        """Start a background rebuild when the stored knowledge base changed (checked at most
        every VERSION_CHECK_SECONDS; the current index answers until the new one is built)."""
        now = time.monotonic()
        if now - self._checked < VERSION_CHECK_SECONDS or self._lock.locked():
            return
        self._checked = now
        if await self._current_version() != self.version:
            log.info("knowledge base changed (kb_version %s): rebuilding the index", self.version)
            self._reload = asyncio.create_task(self._rebuild())

    async def _rebuild(self) -> None:
        try:
            await self.load()
        except Exception:  # the current index keeps answering; the next check tries again
            log.exception("rebuilding the knowledge index failed")

    # --- what an answer shows beyond the hit (read from the stored knowledge base) ------------
    # Each is read (or computed) once per index build: an import or removal bumps kb_version,
    # and the rebuild forgets them (CACHED entries of each kind at most).
    async def document(self, doc_id: str) -> Document | None:
        """The document's metadata (no passages), or None if it is no longer there."""
        cached = self._documents.get(doc_id, _UNKNOWN)
        if cached is not _UNKNOWN:
            return cached  # type: ignore[return-value]
        row = await self.db.fetchone("SELECT * FROM kb_documents WHERE id = ?", (doc_id,))
        doc = None if row is None else KnowledgeRepository._document(row, [])
        return _remember(self._documents, doc_id, doc)

    async def passage(self, doc_id: str, passage_id: str) -> Passage | None:
        key = (doc_id, passage_id)
        cached = self._passages.get(key, _UNKNOWN)
        if cached is not _UNKNOWN:
            return cached  # type: ignore[return-value]
        row = await self.db.fetchone(
            "SELECT * FROM kb_passages WHERE doc_id = ? AND id = ?", (doc_id, passage_id)
        )
        return _remember(self._passages, key, None if row is None else _passage(row))

    async def article(self, doc_id: str, passage: Passage) -> list[Passage]:
        """All passages of the passage's article in its language, in document order (just the
        passage when it has no article number)."""
        if not passage.article:
            return [passage]
        key = (doc_id, passage.article, passage.lang)
        cached = self._articles.get(key)
        if cached is not None:
            return list(cached)
        rows = await self.db.fetchall(
            "SELECT * FROM kb_passages WHERE doc_id = ? AND article = ? AND lang = ? ORDER BY seq",
            key,
        )
        return list(_remember(self._articles, key, [_passage(row) for row in rows] or [passage]))

    async def parallel(self, doc_id: str, passage: Passage, lang: str) -> Passage | None:
        """The same article (or the translated paragraph: ``p1`` ↔ ``p1-ru``) in ``lang``."""
        if passage.lang == lang:
            return passage
        key = (doc_id, passage.id, lang)
        cached = self._parallels.get(key, _UNKNOWN)
        if cached is not _UNKNOWN:
            return cached  # type: ignore[return-value]
        return _remember(self._parallels, key, await self._parallel(doc_id, passage, lang))

    async def _parallel(self, doc_id: str, passage: Passage, lang: str) -> Passage | None:
        if passage.article:
            row = await self.db.fetchone(
                "SELECT * FROM kb_passages WHERE doc_id = ? AND article = ? AND lang = ?"
                " ORDER BY seq LIMIT 1",
                (doc_id, passage.article, lang),
            )
            if row is not None:
                return _passage(row)
        base = passage.id.removesuffix("-ru")
        twin = f"{base}-ru" if lang == "ru" else base
        found = await self.passage(doc_id, twin)
        return found if found is not None and found.lang == lang else None

    def cite(self, doc: Document, passage: Passage | None, lang: str) -> Citation:
        """:func:`knowledge.search.citation.cite` of a stored document (and passage), computed
        once per index build (a citation takes ~1-4 ms of regular expressions)."""
        key = (doc.id, passage.id if passage else None, passage.lang if passage else None, lang)
        cached = self._citations.get(key)
        if cached is None:
            cached = _remember(self._citations, key, cite(doc, passage, lang))
        return cached


def _remember(cache: dict[Any, Any], key: Any, value: Any) -> Any:
    if len(cache) < CACHED:
        cache[key] = value
    return value


def _passage(row: Any) -> Passage:
    data = KnowledgeRepository._passage(row)
    if "repealed" in row.keys() and row["repealed"]:
        data["repealed"] = True
    return Passage.model_validate(data)
