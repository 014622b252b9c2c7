"""Ranking among the articles of one long act: a heading the question names whole, the
competence article for "who / may a body …" questions, a heading word named by two words of
the question counted once, and a repealed article that never narrows a live answer's gap."""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge.models import Document, KnowledgeBase, Passage
from knowledge.search import SearchEngine
from knowledge.search import engine as engine_module
from knowledge.search.engine import PASSAGE, _asks_who


def _art(pid: str, number: str, heading: str, text: str, **extra: object) -> Passage:
    return Passage(id=pid, lang="ru", article=number, heading=heading, text=text, **extra)


def _code() -> Document:
    return Document.model_validate(
        {
            "id": "water-named",
            "kind": "code",
            "number": "8",
            "date": dt.date(2005, 1, 12),
            "title": {"ru": "Водный кодекс Кыргызской Республики"},
            "passages": [
                _art(
                    "a1-ru",
                    "1",
                    "Сервитут",
                    "Сервитут на землях водного фонда устанавливается для прохода к каналу "
                    "через участок.",
                ),
                _art(
                    "a2-ru",
                    "2",
                    "Использование земель водного фонда",
                    "Земли водного фонда используются для строительства каналов.",
                ),
                _art(
                    "a3-ru",
                    "3",
                    "Компетенция органов местного самоуправления",
                    "В компетенцию органов местного самоуправления входят: утверждение правил "
                    "полива внутри села; определение поставщика поливной воды.",
                ),
                _art(
                    "a4-ru",
                    "4",
                    "Правила полива",
                    "Правила полива внутри села устанавливают очередность полива и поставщика "
                    "поливной воды.",
                ),
                _art(
                    "a5-ru",
                    "5",
                    "Разрешение на бурение скважин",
                    "Утратила силу",
                    repealed=True,
                ),
                _art(
                    "a6-ru",
                    "6",
                    "Использование подземных вод",
                    "Бурение скважин для использования подземных вод ведется по проекту.",
                ),
            ],
        }
    )


@pytest.fixture(scope="module")
def engine() -> SearchEngine:
    return SearchEngine.build(KnowledgeBase(documents=[_code()]))


def _finals(engine: SearchEngine, query: str) -> dict[str, tuple[float, float, float]]:
    """Article → (final score, heading share, share of the heading named) of its best part."""
    ranked = engine.rank(query)
    assert ranked.heading is not None and ranked.whole is not None
    out: dict[str, tuple[float, float, float]] = {}
    for pos, item in enumerate(ranked.items.tolist()):
        kind, _, passage = engine.items[item]
        if kind == PASSAGE and passage.article not in out:
            out[passage.article] = (
                float(ranked.final[pos]),
                float(ranked.heading[pos]),
                float(ranked.whole[pos]),
            )
    return out


def test_a_heading_named_whole_gets_the_bonus(
    engine: SearchEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    question = "Что такое сервитут на землях водного фонда?"
    with_bonus = _finals(engine, question)
    monkeypatch.setattr(engine_module, "WHOLE_BONUS", 0.0)
    without = _finals(engine, question)
    final, share, whole = with_bonus["1"]  # «Сервитут»: named whole
    assert whole == 1.0
    boost = 1 + engine_module.HEADING_BONUS * share
    assert final / without["1"][0] == pytest.approx((boost + 0.5) / boost, rel=1e-4)
    # «Использование земель водного фонда»: three of its four words named, no bonus
    assert with_bonus["2"][2] == pytest.approx(0.75)
    assert with_bonus["2"][0] == pytest.approx(without["2"][0])
    assert max(with_bonus, key=lambda a: with_bonus[a][0]) == "1"


def test_head_whole_counts_heading_words_not_question_words(engine: SearchEngine) -> None:
    # "земель" and "землях" are one heading word: naming it twice does not name
    # «Использование земель водного фонда» whole (one word of four)
    finals = _finals(engine, "земли и земельные участки на землях")
    assert finals["2"][2] == pytest.approx(0.25)


def test_who_questions_raise_the_competence_article(
    engine: SearchEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    who = "Кто утверждает правила полива внутри села?"
    what = "Какие правила полива внутри села?"
    # the bonus alone (the line of powers naming the question counts as a heading too: see
    # tests/unit/test_engine_qtype.py)
    monkeypatch.setattr(engine_module, "COMPETENCE_LINE", False)
    with_bonus = {q: _finals(engine, q) for q in (who, what)}
    monkeypatch.setattr(engine_module, "COMPETENCE_BONUS", 0.0)
    without = {q: _finals(engine, q) for q in (who, what)}
    # «Компетенция органов местного самоуправления» × 1.15 on the "who" question only
    assert with_bonus[who]["3"][0] == pytest.approx(without[who]["3"][0] * 1.15, rel=1e-4)
    assert with_bonus[who]["4"][0] == pytest.approx(without[who]["4"][0])
    assert with_bonus[what]["3"][0] == pytest.approx(without[what]["3"][0])


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("Кто утверждает правила полива?", True),
        ("Может ли айыл окмоту определить поставщика воды?", True),
        ("Сугат суусунун акысын ким бекитет?", True),
        ("ayil okmotu suu beruuchunu ozu aniktay alaby?", True),
        ("Какие правила полива внутри села?", False),
        ("Суу пайдалануу уруксаты канча жылга берилет?", False),
    ],
)
def test_asks_who(engine: SearchEngine, question: str, asks: bool) -> None:
    assert _asks_who(engine.analyzer.analyze(question)) is asks


def test_a_repealed_runner_up_does_not_narrow_a_live_answers_gap(engine: SearchEngine) -> None:
    ranked = engine.rank("бурение скважин подземных вод")
    articles = [
        engine.items[item][2].article if engine.items[item][0] == PASSAGE else None
        for item in ranked.items.tolist()
    ]
    assert articles[:2] == ["6", "5"]  # the repealed article comes second …
    # … but the gap is measured to the best live article with another answer
    live = next(pos for pos, a in enumerate(articles) if a not in (None, "5", "6"))
    expected = 1 - float(ranked.final[live]) / float(ranked.final[0])
    assert engine.features(ranked)["gap"] == pytest.approx(expected, rel=1e-4)
    assert expected > 1 - float(ranked.final[1]) / float(ranked.final[0])
