"""A draft is not the law in force: a question its text answers well is offered that text, but
never given it as the answer (the same text in an adopted law is answered)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.helpers.kb import act, article, engine_of

TEXT = (
    "Глава айыл окмоту назначается акимом района с согласия айылного кенеша сроком на пять лет "
    "из числа кандидатов, прошедших конкурсный отбор."
)


def _engine(kind: str, title: str):
    return engine_of(
        act(
            kind,
            "12" if kind == "law" else None,
            dt.date(2024, 3, 1) if kind == "law" else None,
            doc_id="x",
            ru=title,
            passages=[
                article("5", TEXT, heading="Назначение главы айыл окмоту"),
                article("6", "Настоящий Закон вступает в силу со дня официального опубликования."),
            ],
        )
    )


@pytest.mark.parametrize(
    ("kind", "title"),
    [
        ("draft", "О внесении изменений в Закон «О местном самоуправлении»"),
        ("law", "Проект закона «О внесении изменений в Закон «О местном самоуправлении»»"),
    ],
)
def test_a_draft_is_offered_not_answered(kind: str, title: str) -> None:
    question = "Кто назначает главу айыл окмоту и на какой срок, с чьего согласия?"
    adopted = _engine("law", "О назначении глав айыл окмоту").search(question)
    assert adopted.status == "answered" and adopted.results[0].article == "5"
    draft = _engine(kind, title).search(question)
    assert draft.status == "suggest"
    assert draft.results[0].article == "5"


def _faq_engine(kind: str, title: str):
    from knowledge.models import FaqEntry

    entry = FaqEntry.model_validate(
        {
            "id": "head-appointment",
            "questions": {"ru": ["Кто назначает главу айыл окмоту и на какой срок?"]},
            "answer": {"ru": TEXT, "ky": TEXT},
            "refs": [{"doc": "x"}],
        }
    )
    doc = _engine(kind, title).documents["x"]
    return engine_of(doc, faq=[entry])


@pytest.mark.parametrize(
    ("kind", "title", "status"),
    [
        ("law", "О назначении глав айыл окмоту", "answered"),
        ("draft", "О внесении изменений в Закон «О местном самоуправлении»", "suggest"),
        ("law", "Проект закона «О внесении изменений в Закон «О МСУ»»", "suggest"),
    ],
)
def test_an_faq_entry_telling_a_draft_is_offered_not_answered(
    kind: str, title: str, status: str
) -> None:
    """An FAQ entry whose every source is a draft says what was proposed, not the law: asked in
    its own words, it is offered first, never given as the answer."""
    result = _faq_engine(kind, title).search("Кто назначает главу айыл окмоту и на какой срок?")
    assert result.results[0].id == "faq:head-appointment"
    assert result.status == status
