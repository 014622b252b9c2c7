"""An imported act among the bundled documents: an article's heading does not beat a text of
another document that has the question's year span or explains every word of it, and the
bundled passages' weights do not move when a long act is imported."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pytest

from knowledge.models import Document, Passage
from knowledge.search import SearchEngine
from knowledge.search import engine as engine_module
from knowledge.search.index import FieldParams, IndexBuilder
from tests.helpers.kb import act, article, engine_of

STRATEGY = (
    "Национальная стратегия устойчивого развития Кыргызской Республики на период 2013-2017 "
    "годов утверждена Указом Президента Кыргызской Республики от 21 января 2013 года № 11."
)


def _decree() -> Document:
    return act(
        "presidential_decree",
        "11",
        dt.date(2013, 1, 21),
        doc_id="pd-11",
        ru="Указ Президента о Национальном совете по устойчивому развитию",
        passages=[
            Passage(id="p1-ru", lang="ru", text=STRATEGY),
            Passage(
                id="p2-ru",
                lang="ru",
                text="Совет рассматривает ход реализации программ развития регионов.",
            ),
        ],
    )


def _art(number: str, heading: str, text: str) -> Passage:
    return article(number, text, pid=f"a{number}-ru", heading=heading)


def _code(n_filler: int = 0) -> Document:
    filler = [
        _art(
            str(100 + i),
            f"Водопользование в бассейне {i}",
            "Водопользователи бассейна обязаны соблюдать правила водопользования, лимиты забора "
            "воды, требования к очистке сточных вод и порядок учета воды на гидропостах, "
            "установленные бассейновым советом и уполномоченным органом по воде. " * 3,
        )
        for i in range(n_filler)
    ]
    return act(
        "code",
        "8",
        dt.date(2005, 1, 12),
        doc_id="water",
        ru="Водный кодекс Кыргызской Республики",
        passages=[
            _art(
                "18",
                "Национальная водная стратегия",
                "Национальная водная стратегия устойчивого развития водного хозяйства на "
                "плановые годы утверждена Правительством.",
            ),
            _art(
                "19",
                "Государственные водные программы",
                "Государственные водные программы развития водного хозяйства утверждаются "
                "на основе национальной водной стратегии.",
            ),
            _art(
                "20",
                "Бассейновые планы",
                "Бассейновые планы по развитию водных ресурсов составляются по бассейнам.",
            ),
            *filler,
        ],
    )


@pytest.fixture(scope="module")
def engine() -> SearchEngine:
    return engine_of(_decree(), _code())


def _top(engine: SearchEngine, question: str) -> str:
    ranked = engine.rank(question)
    _, obj, passage = engine.items[int(ranked.items[0])]
    return f"{obj.id}#{passage.id}" if passage is not None else obj.id


def _without_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine_module, "SPECIFIC_NUMBER", re.compile(r"(?!)"))
    monkeypatch.setattr(engine_module, "OUTDONE_SHARE", 2.0)


def test_a_heading_does_not_beat_the_text_with_the_years_asked(
    engine: SearchEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    question = "Когда утверждена национальная стратегия развития на 2013-2017 годы?"
    assert _top(engine, question).startswith("pd-11")
    monkeypatch.setattr(engine_module, "OUTDONE_SHARE", 2.0)  # the years alone decide
    assert _top(engine, question).startswith("pd-11")
    _without_rules(monkeypatch)  # the heading bonus alone would give the code's article
    assert _top(engine, question) == "water#a18-ru"


def test_a_heading_does_not_beat_a_text_explaining_every_word(
    engine: SearchEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    question = "Каким указом утверждена национальная стратегия устойчивого развития?"
    assert _top(engine, question).startswith("pd-11")
    _without_rules(monkeypatch)
    assert _top(engine, question) == "water#a18-ru"


def test_within_one_act_the_heading_still_decides(engine: SearchEngine) -> None:
    # «Государственные водные программы» is named by the question; article 18 mentions more
    # of its words in the text, but it is an article of the same act: the heading wins
    assert _top(engine, "Государственные водные программы развития хозяйства") == "water#a19-ru"


def test_bundled_passages_keep_their_weights_when_a_long_act_is_imported() -> None:
    alone = engine_of(_decree())
    with_act = engine_of(_decree(), _code(n_filler=60))

    def tf_part(engine: SearchEngine, key: str) -> float:
        """The passage's BM25 weight of ``key`` without the idf (what the length changes)."""
        kid = engine.index.key_ids[key]
        item = next(
            i
            for i, (_, obj, passage) in enumerate(engine.items)
            if passage is not None and obj.id == "pd-11" and passage.id == "p1-ru"
        )
        weight = float(engine.index.lookup(kid, np.array([item]))[0])
        return weight / float(engine.index.idf[kid])

    for word in ("стратегия", "указом"):
        key = alone.analyzer.analyze(word, "ru").words[0].key
        assert tf_part(with_act, key) == pytest.approx(tf_part(alone, key), rel=1e-5)


def test_a_kind_normalised_by_other_kinds_average_length() -> None:
    params = {
        (0, 0): FieldParams(weight=1.0, b=0.75),
        (1, 0): FieldParams(weight=1.0, b=0.75, avg_kinds=(0,)),
    }
    builder = IndexBuilder(params)
    builder.add(0, [(0, ["a", "b"])])  # kind 0: average length 2
    builder.add(1, [(0, ["a"] + ["c"] * 9)])  # kind 1, length 10, normalised by 2
    index = builder.build()
    kid = index.key_ids["a"]
    norm = 1 - 0.75 + 0.75 * 10 / 2
    tfp = 1.0 / norm
    expected = float(index.idf[kid]) * tfp / (1.2 + tfp)
    assert float(index.lookup(kid, np.array([1]))[0]) == pytest.approx(expected, rel=1e-5)
    # without kind 0 items, kind 1 is normalised by its own average (length 10: norm 1)
    alone = IndexBuilder(params)
    alone.add(1, [(0, ["a"] + ["c"] * 9)])
    index = alone.build()
    kid = index.key_ids["a"]
    expected = float(index.idf[kid]) * 1.0 / (1.2 + 1.0)
    assert float(index.lookup(kid, np.array([0]))[0]) == pytest.approx(expected, rel=1e-5)


def test_outdone_by_a_text_explaining_more_of_the_same_words(
    engine: SearchEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    # no text explains every word ("зимой" is in none), but the decree's passage explains
    # every word article 18 does and more ("указом"): the article gets no heading bonus
    question = "Каким указом утверждена национальная стратегия? зимой"
    ranked = engine.rank(question)
    assert ranked.coverage.max() < 1.0
    assert _top(engine, question).startswith("pd-11")
    _without_rules(monkeypatch)
    assert _top(engine, question) == "water#a18-ru"


def test_outdone_only_by_a_text_scoring_as_well(engine: SearchEngine) -> None:
    """A text of another document explaining every word an article does and more takes the
    article's heading bonus away only when it scores at least as well on the words: one that
    names them in passing, scoring lower, leaves the bonus where it is."""
    article_18 = next(
        i
        for i, (_, obj, p) in enumerate(engine.items)
        if obj.id == "water" and p and p.id == "a18-ru"
    )
    decree = next(
        i
        for i, (_, obj, p) in enumerate(engine.items)
        if obj.id == "pd-11" and p and p.id == "p1-ru"
    )
    cands = np.array([article_18, decree], dtype=np.int32)
    units = engine.rank("национальная стратегия указом").units[:3]
    credit = np.array([[1.0, 1.0], [1.0, 1.0], [0.0, 1.0]], dtype=np.float32)  # words × cands
    shares = np.array([0.3, 0.3, 0.4], dtype=np.float32)
    stronger = engine._outdone(cands, units, credit, shares, np.array([1.0, 2.0]))
    weaker = engine._outdone(cands, units, credit, shares, np.array([2.0, 1.0]))
    assert stronger.tolist() == [True, False]
    assert weaker.tolist() == [False, False]
