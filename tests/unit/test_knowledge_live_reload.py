"""A law imported while the bot runs (``kb import`` from another process) is found without a
restart: a question checks ``kb_version`` at most every VERSION_CHECK_SECONDS and the index is
rebuilt in the background while the current one keeps answering."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

import bot.knowledge_service as knowledge_service
from bot.knowledge_service import KnowledgeService
from db.database import Database
from db.repositories.knowledge import KnowledgeRepository
from knowledge.importer import import_files

ACT = """ПАСТБИЩНЫЙ КОДЕКС КЫРГЫЗСКОЙ РЕСПУБЛИКИ
от 14 марта 2019 года № 27

Статья 1. Пастбищный билет
Пастбищный билет выдается пастбищным комитетом на один сезон выпаса скота.

Статья 2. Плата за выпас
Размер платы за выпас скота на пастбищах устанавливается местным кенешем ежегодно.
"""


async def _import(path: Path, tmp_path: Path) -> None:
    """What `kb import` does, on its own connection (another process in real life)."""
    law = tmp_path / "pasture.txt"
    law.write_text(ACT, encoding="utf-8")
    async with Database(path) as other:
        docs = [d for r in import_files([law]) for d in r.documents]
        await KnowledgeRepository(other).upsert_many(docs, [], origin="import")


async def test_an_act_imported_while_running_is_found_after_the_check_interval(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "kb.sqlite3"
    async with Database(path) as db:
        knowledge = KnowledgeService(db)
        await knowledge.load()
        before = await knowledge.search("статья 2 Пастбищного кодекса", "ru")
        assert not any("Пастбищн" in (h.title or "") for h in before.results)

        await _import(path, tmp_path)
        monkeypatch.setattr(knowledge_service, "VERSION_CHECK_SECONDS", 3600.0)
        stale = await knowledge.search("статья 2 Пастбищного кодекса", "ru")
        assert knowledge._reload is None  # checked recently: the old index answers, no read
        assert stale.status == before.status

        monkeypatch.setattr(knowledge_service, "VERSION_CHECK_SECONDS", 0.0)
        await knowledge.search("статья 2 Пастбищного кодекса", "ru")  # notices the change
        assert knowledge._reload is not None
        await asyncio.wait_for(knowledge._reload, 30)
        after = await knowledge.search("статья 2 Пастбищного кодекса", "ru")
        assert after.status == "answered"
        top = after.results[0]
        assert top.article == "2"
        doc = await knowledge.document(top.doc_id)
        assert doc is not None and doc.number == "27"


async def test_what_answers_showed_is_kept_per_index_build(tmp_path: Path) -> None:
    """Passages, articles and citations are read once per build, and a rebuild (after an
    import) forgets them."""
    path = tmp_path / "kb.sqlite3"
    async with Database(path) as db:
        knowledge = KnowledgeService(db)
        await knowledge.load()
        await _import(path, tmp_path)
        await knowledge.load()
        hit = (await knowledge.search("статья 2 Пастбищного кодекса", "ru")).results[0]
        doc = await knowledge.document(hit.doc_id)
        passage_id = hit.id.partition("#")[2]  # "doc:<id>#<passage>"
        passage = await knowledge.passage(hit.doc_id, passage_id)
        assert doc is not None and passage is not None
        citation = knowledge.cite(doc, passage, "ru")
        assert "статья 2" in citation.text
        assert knowledge.cite(doc, passage, "ru") is citation  # computed once
        assert await knowledge.passage(hit.doc_id, passage.id) is passage  # read once
        article = await knowledge.article(hit.doc_id, passage)
        assert [p.article for p in article] == ["2"]
        article.clear()  # a caller's list is its own
        assert len(await knowledge.article(hit.doc_id, passage)) == 1
        await knowledge.load()  # a rebuild forgets them
        assert knowledge.cite(doc, passage, "ru") is not citation
        assert await knowledge.passage(hit.doc_id, passage.id) is not passage
