"""Knowledge base storage on a real SQLite file: round trip, upserts, versions, bootstrap."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from db.database import Database
from db.knowledge_bootstrap import ensure_bundled, ensure_knowledge
from db.repositories.knowledge import KnowledgeRepository
from knowledge.loader import BUNDLED_DIR, load_directory
from knowledge.models import Bilingual, Document, FaqEntry, KnowledgeBase
from tests.helpers.kb import act, article


def make_doc(doc_id: str = "law-7", text: str = "Биринчи берене.", n: int = 2) -> Document:
    passages = [article(str(i), f"{text} {i}", lang="ky") for i in range(1, n + 1)]
    return act(
        "law", "7", doc_id=doc_id, ky="Сынак мыйзамы", ru="Тестовый закон", passages=passages
    )


def make_faq(faq_id: str = "q-test", status: str = "approved") -> FaqEntry:
    return FaqEntry(
        id=faq_id,
        category="legal_acts",
        questions={"ky": ["Сынак суроо?"], "ru": ["Тестовый вопрос?"]},
        answer=Bilingual(ky="Жооп.", ru="Ответ."),
        refs=[{"doc": "law-7"}],
        status=status,
    )


async def test_bundled_kb_round_trips_through_sqlite(db: Database) -> None:
    kb = load_directory(BUNDLED_DIR)
    repo = KnowledgeRepository(db)
    assert await repo.is_empty()
    await repo.replace_all(kb)
    assert not await repo.is_empty()
    assert await repo.load() == kb
    stats = await repo.stats()
    assert stats["documents"] == len(kb.documents)
    assert stats["passages"] == sum(len(d.passages) for d in kb.documents)
    assert stats["faq"] == len(kb.faq) and stats["glossary"] == len(kb.glossary)


async def test_data_survives_reopening_the_file(tmp_path: Path) -> None:
    path = tmp_path / "reopen.sqlite3"
    async with Database(path) as first:
        await KnowledgeRepository(first).upsert_document(make_doc())
    async with Database(path) as second:
        doc = await KnowledgeRepository(second).get_document("law-7")
    assert doc == make_doc()


async def test_reimport_replaces_without_duplicates_and_bumps_version(db: Database) -> None:
    repo = KnowledgeRepository(db)
    v0 = await repo.version()
    assert await repo.upsert_document(make_doc(n=3)) is False
    assert await repo.upsert_document(make_doc("law-8")) is False
    v1 = await repo.version()
    assert v1 > v0
    assert await repo.upsert_document(make_doc(text="Жаңы текст.", n=1)) is True
    assert await repo.version() > v1
    doc = await repo.get_document("law-7")
    assert [p.text for p in doc.passages] == ["Жаңы текст. 1"]
    listed = await repo.list_documents()
    assert [d.id for d in listed] == ["law-7", "law-8"]  # replaced in place, order kept
    assert listed[0].passages == 1
    rows = await db.fetchval("SELECT COUNT(*) FROM kb_passages WHERE doc_id = 'law-7'")
    assert rows == 1


async def test_remove_document_and_faq(db: Database) -> None:
    repo = KnowledgeRepository(db)
    await repo.upsert_many([make_doc()], [make_faq()])
    version = await repo.version()
    assert await repo.faq_referencing("law-7") == ["q-test"]
    assert await repo.remove_document("law-7") is True
    assert await repo.remove_document("law-7") is False
    assert await repo.get_document("law-7") is None
    assert await db.fetchval("SELECT COUNT(*) FROM kb_passages") == 0
    assert await repo.remove_faq("q-test") is True
    assert await repo.version() == version + 2
    assert await repo.is_empty()


async def test_drafts_are_loaded_only_on_request(db: Database) -> None:
    repo = KnowledgeRepository(db)
    await repo.upsert_many([make_doc()], [make_faq("q-ok"), make_faq("q-draft", "draft")])
    assert [f.id for f in (await repo.load()).faq] == ["q-ok"]
    assert [f.id for f in (await repo.load(include_drafts=True)).faq] == ["q-ok", "q-draft"]
    stats = await repo.stats()
    assert stats["faq_draft"] == 1 and stats["faq_approved"] == 1


async def test_failed_import_leaves_kb_unchanged(db: Database, monkeypatch) -> None:
    repo = KnowledgeRepository(db)
    await repo.upsert_document(make_doc(n=2))
    before, version = await repo.load(include_drafts=True), await repo.version()

    async def broken_write_faq(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(repo, "_write_faq", broken_write_faq)
    with pytest.raises(RuntimeError):
        await repo.upsert_many([make_doc(text="Өзгөргөн.", n=5), make_doc("law-9")], [make_faq()])
    assert await repo.load(include_drafts=True) == before
    assert await repo.version() == version


async def test_ensure_knowledge_fills_a_fresh_database_once(db: Database) -> None:
    kb = await ensure_knowledge(db)
    assert kb == load_directory(BUNDLED_DIR)
    repo = KnowledgeRepository(db)
    version = await repo.version()
    await repo.upsert_document(make_doc())
    again = await ensure_knowledge(db)
    assert len(again.documents) == len(kb.documents) + 1  # nothing reloaded over the import
    assert await repo.version() == version + 1


async def test_bundled_update_syncs_but_keeps_imports_and_removals(
    db: Database, tmp_path: Path
) -> None:
    bundle = tmp_path / "bundle"
    shutil.copytree(BUNDLED_DIR, bundle)
    extra = bundle / "documents" / "extra.yaml"
    extra.write_text(
        "id: extra\nkind: other\ntitle: {ky: Кошумча, ru: Дополнительный}\n", encoding="utf-8"
    )
    assert await ensure_bundled(db, bundled_dir=bundle) == "loaded"
    assert await ensure_bundled(db, bundled_dir=bundle) == "unchanged"
    repo = KnowledgeRepository(db)
    await repo.remove_document("gd-109-2013")  # an administrator's removal
    await repo.upsert_document(make_doc("gd-258-2013"))  # an administrator's replacement

    path = bundle / "documents" / "gd-513-2018.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("№513", "№ 513"), encoding="utf-8")
    extra.unlink()
    assert await ensure_bundled(db, bundled_dir=bundle) == "synced"

    ids = {d.id for d in await repo.list_documents()}
    assert "gd-109-2013" not in ids and "extra" not in ids and "gd-513-2018" in ids
    assert (await repo.get_document("gd-258-2013")).title.ru == "Тестовый закон"
    assert "№ 513" in (await repo.get_document("gd-513-2018")).title.ky


async def test_replace_all_with_empty_kb_empties_it(db: Database) -> None:
    repo = KnowledgeRepository(db)
    await repo.upsert_many([make_doc()], [make_faq()])
    await repo.replace_all(KnowledgeBase())
    assert await repo.is_empty()
    assert (await repo.load()).glossary == []


async def test_act_details_round_trip(tmp_path: Path) -> None:
    """Aliases, amendment notes, issuer, status and repealed articles survive the database."""
    in_force = article("21", "1. Текст.", pid="a21-ru", heading="Права")
    repealed = article(
        "22", "(Утратила силу)", pid="a22-ru", heading="Использование", repealed=True
    )
    doc = act(
        "code",
        "8",
        "2005-01-12",
        doc_id="code-8-2005-01-12",
        ru="Водный кодекс Кыргызской Республики",
        ky="Кыргыз Республикасынын Суу кодекси",
        issuer={"ru": "Жогорку Кенеш Кыргызской Республики"},
        status="amended",
        source_url="https://example.org/act/1",
        aliases=["ВК", "Суу кодекси"],
        amendments=["(В редакции Закона КР от 10 октября 2012 года № 170)"],
        passages=[in_force, repealed],
    )
    path = tmp_path / "act.sqlite3"
    async with Database(path) as first:
        await KnowledgeRepository(first).upsert_document(doc)
    async with Database(path) as second:
        repo = KnowledgeRepository(second)
        stored = await repo.get_document(doc.id)
        assert stored == doc
        assert [p.repealed for p in stored.passages] == [False, True]
        assert (await repo.load()).documents[-1] == doc
        version = await second.fetchval("SELECT MAX(version) FROM schema_version")
        assert version >= 6
