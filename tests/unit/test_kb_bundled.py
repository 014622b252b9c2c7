"""The bundled knowledge base (knowledge/data/) is valid, complete and bilingual."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from knowledge.loader import BUNDLED_DIR, load_directory
from knowledge.models import DocKind, KnowledgeBase

SEEDS_DIR = Path("/work/shared/seeds")
# Which bundled document holds each seed text (by the seed file's number prefix).
SEED_DOCS = {
    "000": "news-2018-11-07-law-news",
    "001": "org-gamsumo",
    "002": "news-2021-12-08-working-meeting",
    "003": "news-2024-01-31-coalition-new-year",
    "004": "news-2017-11-20-ao-trainings",
}
# Web-page navigation lines of the seeds, not content.
NAVIGATION = {"Жаңылыктар түрмөгүнө кайра баруу", "Вверх", "Окшош материалы:"}
ACT_KINDS = {
    DocKind.law,
    DocKind.government_decree,
    DocKind.presidential_decree,
    DocKind.parliament_decree,
    DocKind.order,
    DocKind.program,
    DocKind.concept,
    DocKind.regulation,
}


def norm(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("•", " ").split())


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_directory(BUNDLED_DIR)


def test_bundled_kb_loads_with_expected_size(kb: KnowledgeBase) -> None:
    assert len(kb.documents) >= 60
    assert 60 <= len(kb.faq) <= 130
    assert len(kb.glossary) >= 100
    kinds = {d.kind for d in kb.documents}
    assert {DocKind.law, DocKind.government_decree, DocKind.presidential_decree} <= kinds
    assert {DocKind.parliament_decree, DocKind.program, DocKind.organization} <= kinds


@pytest.mark.parametrize("prefix", sorted(SEED_DOCS))
def test_every_seed_paragraph_is_in_a_passage(kb: KnowledgeBase, prefix: str) -> None:
    seeds = sorted(SEEDS_DIR.glob(f"{prefix}_*.txt"))
    if not seeds:
        pytest.skip("shared seeds are not available here")
    doc = next(d for d in kb.documents if d.id == SEED_DOCS[prefix])
    ky = [p for p in doc.passages if p.lang == "ky"]
    # Passage texts in order (a long paragraph may span consecutive passages), then headings.
    haystack = norm(" ".join(p.text for p in ky)) + " | " + norm(doc.title.ky or "")
    haystack += " | " + " | ".join(norm(p.heading or "") for p in ky)
    missing = []
    for line in seeds[0].read_text(encoding="utf-8").splitlines():
        paragraph = norm(line)
        if paragraph and paragraph not in NAVIGATION and paragraph not in haystack:
            missing.append(paragraph[:80])
    assert not missing, f"{len(missing)} paragraphs of seed {prefix} are missing: {missing[:3]}"


def test_seed_passages_are_short_and_translated(kb: KnowledgeBase) -> None:
    for doc_id in SEED_DOCS.values():
        doc = next(d for d in kb.documents if d.id == doc_id)
        ids = {p.id for p in doc.passages}
        for passage in doc.passages:
            assert len(passage.text) <= 1300, (doc_id, passage.id)
            if passage.lang == "ky":
                assert f"{passage.id}-ru" in ids, (doc_id, passage.id)
                assert passage.source, (doc_id, passage.id)


def test_every_document_is_bilingual(kb: KnowledgeBase) -> None:
    for doc in kb.documents:
        assert doc.title.ky and doc.title.ru, doc.id
        langs = {p.lang for p in doc.passages}
        assert langs == {"ky", "ru"}, doc.id
        if doc.summary is not None:
            assert doc.summary.ky and doc.summary.ru, doc.id


def test_acts_have_metadata_and_russian_titles_name_the_act(kb: KnowledgeBase) -> None:
    acts = [d for d in kb.documents if d.kind in ACT_KINDS]
    assert len(acts) >= 35
    for doc in acts:
        assert doc.summary is not None, doc.id
        assert doc.keywords, doc.id
        if doc.number and doc.kind in (DocKind.government_decree, DocKind.presidential_decree):
            assert doc.date is not None, doc.id
            assert doc.number in doc.title.ru, doc.id  # "… от 31 октября 2018 года № 513 …"
    by_id = {d.id: d for d in kb.documents}
    assert by_id["gd-513-2018"].number == "513"
    assert by_id["gd-513-2018"].date.isoformat() == "2018-10-31"
    assert by_id["jk-2377-vi-2018"].number == "2377-VI"
    assert by_id["pd-189-2018"].kind is DocKind.presidential_decree


def test_faq_entries_are_bilingual_and_cite_acts(kb: KnowledgeBase) -> None:
    categories = {"budget", "land", "property", "staff", "kenesh", "legal_acts", "other"}
    docs = {d.id: d for d in kb.documents}
    for entry in kb.faq:
        assert entry.category in categories, entry.id
        assert len(entry.questions.get("ky", [])) >= 2, entry.id
        assert len(entry.questions.get("ru", [])) >= 2, entry.id
        assert entry.answer.ky and entry.answer.ru, entry.id
        assert entry.refs and all(r.doc in docs for r in entry.refs), entry.id
        # An answer citing a numbered act names its number in both languages.
        for ref in entry.refs:
            act = docs[ref.doc]
            if act.number and act.kind in ACT_KINDS:
                assert act.number in entry.answer.ky, (entry.id, act.id)
                assert act.number in entry.answer.ru, (entry.id, act.id)
    with_number = [e for e in kb.faq if re.search(r"№\s?\d", e.answer.ru or "")]
    assert len(with_number) >= len(kb.faq) // 3
    assert {e.category for e in kb.faq} == categories


def test_glossary_groups_link_kyrgyz_and_russian(kb: KnowledgeBase) -> None:
    groups = [(set(g.ky), set(g.ru), set(g.abbr)) for g in kb.glossary]
    assert all(ky and ru for ky, ru, _ in groups)

    def group_with(term: str) -> tuple[set[str], set[str], set[str]]:
        return next(g for g in groups if term in g[0] | g[1] | g[2])

    assert "МСУ" in group_with("ЖӨБ")[2]
    assert "постановление" in group_with("токтом")[1]
    assert "указ" in group_with("жарлык")[1]
    assert "Кабинет Министров" in group_with("Министрлер Кабинети")[1]
    assert "АО" in group_with("айыл өкмөтү")[2]
