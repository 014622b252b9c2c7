"""Session 9: the learned reorder of the first candidates (knowledge.search.rerank)."""

from __future__ import annotations

import numpy as np
import pytest

from knowledge import evaluation as ev
from knowledge.loader import load_directory
from knowledge.search import SearchEngine, rerank_fit
from knowledge.search import calibrate as cal
from knowledge.search.engine import RERANK_WEIGHTS
from knowledge.search.rerank import RERANK_FEATURES, RERANK_GATE, rerank_order
from tests.helpers.kb import DATA, WATER_CODE

# a question's right article and its neighbour the hand-built ranking put first
FIXED = [
    # the money for municipal servants' pay: the article on financing the service (52), not
    # the one on their pay (38)
    (
        "exam7",
        "В местном бюджете не хватает денег на зарплату муниципальным служащим. Откуда могут "
        "выделить средства?",
        "52",
    ),
    # may people see the single water information system: the public's access to it (96), not
    # what it consists of (93)
    (
        "water",
        "Карапайым элдин суу боюнча бирдиктуу маалымат системасындагы маалыматтарды коруп "
        "билууго укугу барбы?",
        "96",
    ),
    # who plants the protective forest strips along canals: the powers of the water body (11)
    (
        "water",
        "Каналдардын боюна коргоочу токой тилкелерин отургузуу жана аларды кутуу кимдин "
        "милдетине кирет?",
        "11",
    ),
]


@pytest.fixture(scope="module")
def engines() -> dict[str, SearchEngine]:
    if not WATER_CODE.exists():
        pytest.skip(f"{WATER_CODE} is absent")
    kb, _ = ev.decontaminate(load_directory(), [ev.Question("q", "ru", q, []) for _, q, _ in FIXED])
    laws = DATA / "laws"
    built = {}
    for name, acts in {
        "water": [WATER_CODE],
        "exam7": [
            WATER_CODE,
            laws / "exam7_civil_service_law_ru.txt",
            laws / "exam7_civil_service_law_ky.txt",
        ],
    }.items():
        docs = cal._acts(acts)
        built[name] = SearchEngine.build(
            kb.model_copy(update={"documents": [*kb.documents, *docs]})
        )
    return built


def test_the_model_has_one_weight_per_feature() -> None:
    assert RERANK_WEIGHTS is not None
    assert len(RERANK_WEIGHTS) == len(RERANK_FEATURES)


def test_only_close_candidates_are_reordered() -> None:
    # rows: log_ratio, bm_rel, chapter, same_lang
    x = np.array(
        [
            [0.0, 0.4, 0.0, 1.0],
            [-0.1, 1.0, 0.0, 1.0],  # close, the best bm25: goes first
            [RERANK_GATE - 0.01, 1.0, 1.0, 1.0],  # far: stays where it is, and so does the rest
            [-2.0, 1.0, 1.0, 1.0],
        ]
    )
    assert rerank_order(x, (10.0, 2.0, 5.0, 0.0)).tolist() == [1, 0, 2, 3]
    # equal scores keep the ranking's order
    assert rerank_order(x, (0.0, 0.0, 0.0, 1.0)).tolist() == [0, 1, 2, 3]


@pytest.mark.parametrize(("group", "question", "expected"), FIXED)
def test_the_right_article_goes_before_its_neighbour(
    group: str, question: str, expected: str, engines: dict[str, SearchEngine]
) -> None:
    engine = engines[group]
    result = engine.search(question)
    assert result.results
    assert ev.result_cites_article(result.results[0].as_dict(), expected), result.results[0].text
    engine.rerank_weights = None
    try:  # the hand-built ranking put another article first
        before = engine.search(question)
        assert not ev.result_cites_article(before.results[0].as_dict(), expected)
    finally:
        engine.rerank_weights = RERANK_WEIGHTS


@pytest.mark.parametrize(("group", "question", "expected"), FIXED)
def test_the_reorder_keeps_the_scores_in_place(
    group: str, question: str, expected: str, engines: dict[str, SearchEngine]
) -> None:
    engine = engines[group]
    after = engine.rank(question)
    engine.rerank_weights = None
    try:
        before = engine.rank(question)
    finally:
        engine.rerank_weights = RERANK_WEIGHTS
    # the same candidates and scores (the top score and the gaps the decision reads), the first
    # ones in another order
    assert np.array_equal(after.final, before.final)
    assert sorted(after.items.tolist()) == sorted(before.items.tolist())
    assert after.items[0] != before.items[0]
    moved = before.items.tolist().index(int(after.items[0]))
    assert moved < 8 and after.final[moved] >= before.final[0] * np.exp(RERANK_GATE)


def test_an_faq_entry_first_is_not_reordered(engines: dict[str, SearchEngine]) -> None:
    engine = engines["water"]
    question = "Кто такой айыл башчысы?"
    ranked = engine.rank(question)
    if not len(ranked.items) or engine._is_article(int(ranked.items[0])):
        pytest.skip("the first result is an article")
    engine.rerank_weights = None
    try:
        before = engine.rank(question)
    finally:
        engine.rerank_weights = RERANK_WEIGHTS
    assert ranked.items[0] == before.items[0]


def test_the_fit_prefers_the_signal_that_finds_the_right_candidate() -> None:
    rng = np.random.default_rng(0)
    samples = []
    for _ in range(200):
        x = np.zeros((4, len(RERANK_FEATURES)))
        x[:, 0] = [0.0, -0.05, -0.1, -0.15]
        x[:, 1] = rng.random(4)
        y = x[:, 1] == x[:, 1].max()  # the best bm25 is the right one
        samples.append((x, y))
    weights = rerank_fit.fit(samples, prior=1.0, lam=0.01)
    assert weights[1] > 1.0
    assert rerank_fit.hits(samples, weights) > rerank_fit.hits(samples, None)
