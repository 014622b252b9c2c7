"""Documents, articles and search engines built one way in every test: ``act(kind, number,
date, doc_id=…, ru=…, ky=…, passages=…)``, ``article(number, text, heading=…)``,
``articles({number: text})``, ``engine_of(*documents)``; the Water Code of the shared corpus
added to a knowledge base (``with_water_code``) and a question file scored on an engine
(``evaluate``) as ``main.py eval`` scores it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest

from knowledge import evaluation as ev
from knowledge.models import Document, KnowledgeBase, Passage
from knowledge.search import SearchEngine

DATA = Path(__file__).resolve().parents[1] / "data"  # question files, sample acts (laws/)
WATER_CODE = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "kg_water_code_ru.txt"


def act(
    kind: str = "law",
    number: str | None = None,
    date: dt.date | str | None = None,
    *,
    doc_id: str = "d",
    ru: str | None = None,
    ky: str | None = None,
    passages: Iterable[Passage] = (),
    **fields: Any,
) -> Document:
    """A document of ``kind`` titled ``ru`` and/or ``ky``; other fields (issuer, source_url,
    aliases …) as the model takes them."""
    return Document.model_validate(
        {
            "id": doc_id,
            "kind": kind,
            "number": number,
            "date": date,
            "title": {"ru": ru, "ky": ky},
            "passages": list(passages),
            **fields,
        }
    )


def article(
    number: str, text: str = "…", *, lang: str = "ru", pid: str | None = None, **fields: Any
) -> Passage:
    """Article ``number`` of an act, id ``a<number>`` unless ``pid`` is given; heading=,
    repealed= … as the model takes them."""
    return Passage(id=pid or f"a{number}", lang=lang, article=number, text=text, **fields)


def articles(texts: Mapping[str, str], lang: str = "ru") -> list[Passage]:
    """One passage per article: number → text."""
    return [article(n, text, lang=lang) for n, text in texts.items()]


def engine_of(*documents: Document, **kb: Any) -> SearchEngine:
    """A search engine over these documents (and any faq= / glossary= given)."""
    return SearchEngine.build(KnowledgeBase(documents=list(documents), **kb))


def evaluate(engine: SearchEngine, questions: Path) -> tuple[list[ev.Outcome], ev.Metrics]:
    """The outcomes of a question file on ``engine`` and their metrics, as ``main.py eval``
    computes them."""
    outcomes = ev.run(ev.engine_searcher(engine), ev.load_questions(questions))
    return outcomes, ev.metrics(outcomes)


def with_water_code(kb: KnowledgeBase) -> SearchEngine:
    """An engine over ``kb`` plus the Water Code of the shared corpus imported as an operator
    imports it (its FAQ items aside); the test is skipped where the corpus is absent."""
    if not WATER_CODE.exists():
        pytest.skip(f"{WATER_CODE} is absent")
    from knowledge.importer import import_file, iter_items

    docs = [d for d in iter_items([import_file(WATER_CODE)]) if not hasattr(d, "answer")]
    return SearchEngine.build(kb.model_copy(update={"documents": [*kb.documents, *docs]}))


def exam_engines(exams: Mapping[str, list[str]], questions: list[Any]) -> dict[str, SearchEngine]:
    """An engine per exam: the bundled KB (its FAQ phrasings that repeat one of ``questions``
    dropped) + the Water Code + the exam's own acts (file names in tests/data/laws), each act
    imported once, as ``main.py eval`` asks an exam after ``kb import``."""
    if not WATER_CODE.exists():
        pytest.skip(f"{WATER_CODE} is absent")
    from knowledge.loader import load_directory
    from knowledge.search import calibrate as cal

    clean_kb, _ = ev.decontaminate(load_directory(), questions)
    out = {}
    for exam, laws in exams.items():
        docs = cal._acts([WATER_CODE, *(DATA / "laws" / law for law in laws)])
        out[exam] = SearchEngine.build(
            clean_kb.model_copy(update={"documents": [*clean_kb.documents, *docs]})
        )
    return out
