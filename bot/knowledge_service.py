"""The knowledge index as an app-wide object: built from the database, rebuilt on change.

Search runs in a worker thread so the event loop never waits on it.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from db.database import Database

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
