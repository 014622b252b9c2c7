"""A number beside an act's name alone, with no article word ("БК 22-1", "ТК КР 83", "Бюджеттик
кодекс 87"), is that act's article, as lawyers write it; a question with other words ("бюджетный
кодекс 10 процентов") or a year ("бюджет 2024") is no article reference.  An inserted article
written with a superscript ("22¹", as printed codes write it) is article 22-1 wherever a number
is read; "м²" (a unit, no digit before it) stays as written."""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge.search.normalize import repair
from tests.helpers.kb import act, article, engine_of


def test_repair_reads_a_superscript_after_digits_as_an_inserted_number() -> None:
    assert repair("ст. 22¹ и 16¹² БК") == "ст. 22-1 и 16-12 БК"
    assert repair("площадью 100 м²") == "площадью 100 м²"


@pytest.fixture(scope="module")
def engine():
    return engine_of(
        act(
            "code",
            "59",
            dt.date(2016, 5, 16),
            doc_id="budget",
            ru="Бюджетный кодекс Кыргызской Республики",
            passages=[
                article("22", "Доходы местных бюджетов составляют налоговые и неналоговые доходы."),
                article(
                    "22-1",
                    "Отчисления недропользователей на развитие инфраструктуры местного значения.",
                    heading="Отчисления на развитие инфраструктуры",
                ),
                article("23", "Расходы местных бюджетов утверждаются местным кенешем."),
                article(
                    "87", "Если бюджет не утвержден до начала года, расходы ведутся помесячно."
                ),
            ],
        )
    )


@pytest.mark.parametrize(
    ("question", "number"),
    [
        ("БК 22¹", "22-1"),
        ("БК 22-1", "22-1"),
        ("ст. 22¹ БК", "22-1"),
        ("22¹-берене", "22-1"),
        ("БК КР 87", "87"),
        ("87 Бюджетный кодекс", "87"),
    ],
)
def test_a_number_beside_the_act_name_is_its_article(engine, question: str, number: str) -> None:
    result = engine.search(question)
    assert result.features.get("article_lookup") == 1.0, result.status
    assert result.results[0].article == number


@pytest.mark.parametrize("question", ["бюджетный кодекс 10 процентов", "бюджет 2024", "87"])
def test_a_number_in_a_question_is_no_article_reference(engine, question: str) -> None:
    assert not engine.search(question).features.get("article_lookup")
