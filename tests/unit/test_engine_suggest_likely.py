"""A question told in everyday words explains little of itself (coverage under the suggestion
floor) even when its top article is the one: it is offered as a choice when the answer model
rates the top result likely right, and still refused when the model does not or when almost
nothing of the question is explained."""

from __future__ import annotations

from knowledge.search.engine import (
    DEFAULT_THRESHOLDS,
    SUGGEST_COV_FLOOR,
    SUGGEST_LIKELY,
    SearchEngine,
)

# The features of "при очистке канала надо вырубить кусты и деревья вдоль него нужно ли
# согласововать с лесхозом или экологами" on the Water Code: its top article (80, works on
# irrigation systems, felling without agreement) leads on coverage and on term weight, far ahead
# of any other answer, but the question's everyday words explain only 0.28 of it.
EVERYDAY = {
    "faq_sim": 0.0,
    "coverage": 0.28,
    "ns": 0.131,
    "gap": 0.449,
    "matched": 3.0,
    "firm": 3.0,
    "units": 10.0,
    "unknown": 0.269,
    "unknown_words": 2.0,
    "heading": 0.0,
    "head_whole": 0.0,
    "is_article": 1.0,
    "xlang": 0.0,
    "head_lead": -0.077,
    "cov_lead": 1.0,
    "bm_lead": 1.0,
}


def test_likely_right_top_is_offered_below_the_coverage_floor() -> None:
    model = DEFAULT_THRESHOLDS.model
    assert model is not None
    assert SUGGEST_COV_FLOOR <= EVERYDAY["coverage"] < DEFAULT_THRESHOLDS.suggest_cov
    assert SUGGEST_LIKELY <= model.probability(EVERYDAY) < model.threshold
    assert SearchEngine.decide(EVERYDAY, False, DEFAULT_THRESHOLDS) == "suggest"


def test_unlikely_or_barely_explained_top_is_still_refused() -> None:
    model = DEFAULT_THRESHOLDS.model
    assert model is not None
    # a close runner-up with another answer, leading on nothing: the model does not trust it
    doubtful = EVERYDAY | {"gap": 0.02, "cov_lead": 0.0, "bm_lead": 0.0}
    assert model.probability(doubtful) < SUGGEST_LIKELY
    assert SearchEngine.decide(doubtful, False, DEFAULT_THRESHOLDS) == "escalate"
    barely = EVERYDAY | {"coverage": SUGGEST_COV_FLOOR / 2}
    assert SearchEngine.decide(barely, False, DEFAULT_THRESHOLDS) == "escalate"
    unknown = EVERYDAY | {"unknown": DEFAULT_THRESHOLDS.suggest_unknown + 0.1}
    assert SearchEngine.decide(unknown, False, DEFAULT_THRESHOLDS) == "escalate"
