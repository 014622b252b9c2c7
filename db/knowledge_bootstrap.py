"""Fill a fresh database with the bundled knowledge base; keep it in step with bundle updates.

``ensure_knowledge(db)`` runs at every start and for every ``ask`` on a fresh database, so it is
cheap when nothing changed: one hash over the bundled YAML files (a few milliseconds) and one read
of the stored knowledge base.
"""

from __future__ import annotations

import logging
from pathlib import Path

from db.database import Database
from db.repositories.knowledge import KnowledgeRepository
from knowledge.loader import BUNDLED_DIR, directory_fingerprint, load_directory
from knowledge.models import KnowledgeBase

log = logging.getLogger(__name__)

FINGERPRINT_KEY = "bundled_fingerprint"


async def ensure_bundled(db: Database, *, bundled_dir: Path = BUNDLED_DIR) -> str:
    """Load the bundled data into an empty database, or sync it after an update.

    Returns what happened: ``"loaded"``, ``"synced"`` or ``"unchanged"``.
    """
    repo = KnowledgeRepository(db)
    fingerprint = directory_fingerprint(bundled_dir)
    empty = await repo.is_empty()
    if not empty and await repo.get_meta(FINGERPRINT_KEY) == fingerprint:
        return "unchanged"
    kb = load_directory(bundled_dir)
    async with db.transaction():
        # Re-check inside the write lock: another process may have filled it meanwhile.
        if await repo.is_empty():
            await repo.replace_all(kb, origin="bundled")
            outcome = "loaded"
        elif await repo.get_meta(FINGERPRINT_KEY) != fingerprint:
            counts = await repo.sync_bundled(kb)
            log.info("bundled knowledge base synced: %s", counts)
            outcome = "synced"
        else:
            outcome = "unchanged"
        await repo.set_meta(FINGERPRINT_KEY, fingerprint)
    if outcome == "loaded":
        log.info(
            "bundled knowledge base loaded: %d documents, %d FAQ entries",
            len(kb.documents),
            len(kb.faq),
        )
    return outcome


async def ensure_knowledge(db: Database, *, bundled_dir: Path = BUNDLED_DIR) -> KnowledgeBase:
    """Make sure the database holds the knowledge base and return it (approved FAQ only)."""
    await ensure_bundled(db, bundled_dir=bundled_dir)
    return await KnowledgeRepository(db).load()
