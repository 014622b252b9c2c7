"""Documents, articles and search engines built one way in every test::

land = act("code", "45", "1999-06-02", doc_id="land", ru="Земельный кодекс …",
           passages=articles({"13": "Компетенция айыл окмоту …"}))
engine = engine_of(land)
outcomes, m = evaluate(engine, DATA / "questions-rank-probe.jsonl")
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from knowledge import evaluation as ev
from knowledge.models import Document, KnowledgeBase, Passage
from knowledge.search import SearchEngine


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
