"""The knowledge index as an app-wide object: built from the database, rebuilt on change.

Search runs in a worker thread so the event loop never waits on it.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from db.database import Database
from knowledge.models import Document, Passage

log = logging.getLogger(__name__)


class KnowledgeService:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.engine: Any = None
        self.version: Any = None
        self._lock = asyncio.Lock()

    async def _current_version(self) -> Any:
        from db.repositories.knowledge import KnowledgeRepository

        repo = KnowledgeRepository(self.db)
        getter = getattr(repo, "version", None)
        return await getter() if getter else None

    async def load(self) -> None:
        """Load the bundled KB into a fresh database if needed and build the index."""
        from knowledge.bootstrap import ensure_knowledge
        from knowledge.search.engine import SearchEngine

        async with self._lock:
            kb = await ensure_knowledge(self.db)
            self.engine = await asyncio.to_thread(SearchEngine.build, kb)
            self.version = await self._current_version()
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
        engine = self.engine
        return await asyncio.to_thread(engine.search, query, lang, limit)

    # --- what an answer shows beyond the hit (read from the stored knowledge base) ------------
    async def document(self, doc_id: str) -> Document | None:
        """The document's metadata (no passages), or None if it is no longer there."""
        from db.repositories.knowledge import KnowledgeRepository

        row = await self.db.fetchone("SELECT * FROM kb_documents WHERE id = ?", (doc_id,))
        if row is None:
            return None
        return KnowledgeRepository._document(row, [])

    async def passage(self, doc_id: str, passage_id: str) -> Passage | None:
        row = await self.db.fetchone(
            "SELECT * FROM kb_passages WHERE doc_id = ? AND id = ?", (doc_id, passage_id)
        )
        return None if row is None else _passage(row)

    async def article(self, doc_id: str, passage: Passage) -> list[Passage]:
        """All passages of the passage's article in its language, in document order (just the
        passage when it has no article number)."""
        if not passage.article:
            return [passage]
        rows = await self.db.fetchall(
            "SELECT * FROM kb_passages WHERE doc_id = ? AND article = ? AND lang = ? ORDER BY seq",
            (doc_id, passage.article, passage.lang),
        )
        return [_passage(row) for row in rows] or [passage]

    async def parallel(self, doc_id: str, passage: Passage, lang: str) -> Passage | None:
        """The same article (or the translated paragraph: ``p1`` ↔ ``p1-ru``) in ``lang``."""
        if passage.lang == lang:
            return passage
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


def _passage(row: Any) -> Passage:
    from db.repositories.knowledge import KnowledgeRepository

    data = KnowledgeRepository._passage(row)
    if "repealed" in row.keys() and row["repealed"]:
        data["repealed"] = True
    return Passage.model_validate(data)
