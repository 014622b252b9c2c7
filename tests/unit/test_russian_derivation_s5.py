"""Russian verb families (session 5): the past of -овать/-ировать verbs, perfective за-/о-
verbs whose prefix only completes the action, reach the noun an act uses."""

from __future__ import annotations

import pytest

from knowledge.search.analyzer import Analyzer
from tests.helpers.words import key, keys


@pytest.mark.parametrize(
    ("question_word", "act_word"),
    [
        ("оштрафовали", "штраф"),
        ("заплатить", "плата"),
        ("зарегистрировать", "регистрировать"),
        ("зарегистрировали", "регистрировать"),
        ("зарегистрировать", "регистрация"),
        ("приватизировать", "приватизация"),
        ("согласовали", "согласование"),
        ("финансировал", "финансирование"),
    ],
)
def test_question_verb_reaches_the_act_word(
    analyzer: Analyzer, question_word: str, act_word: str
) -> None:
    assert key(analyzer, act_word) in keys(analyzer, question_word)


@pytest.mark.parametrize("noun", ["материал", "правил", "заявление"])
def test_nouns_that_end_like_a_past_verb_get_no_family(analyzer: Analyzer, noun: str) -> None:
    # "материал", "правил" are not verbs; "заявление" keeps its own family (заяв-), not явление
    assert "явлен" not in keys(analyzer, noun)
    if noun != "заявление":
        assert analyzer.analyze(noun, "ru").words[0].loan == ()
