"""Kyrgyz word analysis, session 8 (second wave): Kyrgyz words that read as Russian by an
ending (a loanword in ё under rounded endings, nouns in -ам, adjectives in -ий/-ый), the 1st
person of the present (алам, тапшырам, сурайм), a term of several words carrying its own sense
(жерди кайтарып алуу = изъятие земли)."""

from __future__ import annotations

import pytest

from knowledge.search.analyzer import Analyzer
from knowledge.search.kyrgyz import stem
from knowledge.search.normalize import fold
from knowledge.search.russian import word_lang


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer()


def keys(analyzer: Analyzer, text: str, lang: str = "ky") -> list[tuple[str, str]]:
    return [(w.lang, w.key) for w in analyzer.words(text, lang)]


@pytest.mark.parametrize(
    "word", ["отчётун", "отчётунун", "отчётту", "отчёттун", "объекттин", "съездди"]
)
def test_loan_stem_in_yo_under_kyrgyz_endings_is_kyrgyz(word: str) -> None:
    # rounded endings and consonant-initial ones after the stem's consonant
    assert word_lang(word, "ru") == "ky"


@pytest.mark.parametrize(
    "word",
    ["отчёту", "отчёта", "счёту", "съёмку", "объёмы", "подъёмник", "объекты", "съезды", "объекта"],
)
def test_russian_words_with_yo_stay_russian(word: str) -> None:
    assert word_lang(word, "ky") == "ru"


def test_adjective_in_lik_of_a_loan_with_soft_sign_is_kyrgyz() -> None:
    assert word_lang("консультативдик", "ru") == "ky"


def test_loan_in_yo_takes_off_rounded_endings(analyzer: Analyzer) -> None:
    # отчёт + -у-н / -ту / -тун: one stem with the bare loanword (which stays Russian)
    assert keys(analyzer, "отчётун отчётту отчёттун") == [("ky", "отчет")] * 3
    assert keys(analyzer, "отчёт", "ru") == [("ru", "отчет")]


def test_nouns_in_am_in_a_kyrgyz_text_are_kyrgyz(analyzer: Analyzer) -> None:
    # адам / адамдар, жардам / жардамы share their stem (Snowball gave "ад", "жард")
    assert keys(analyzer, "адам адамдар") == [("ky", "адам")] * 2
    assert keys(analyzer, "жардам жардамы") == [("ky", "жардам")] * 2


def test_russian_dative_plurals_in_a_kyrgyz_text_stay_russian(analyzer: Analyzer) -> None:
    # their vowels break Kyrgyz harmony
    assert [lang for lang, _ in keys(analyzer, "вопросам органам депутатам")] == ["ru"] * 3
    # in a Russian text nothing changes
    assert keys(analyzer, "жардам", "ru")[0][0] == "ru"


def test_arabic_adjectives_in_a_kyrgyz_text_are_kyrgyz(analyzer: Analyzer) -> None:
    assert [lang for lang, _ in keys(analyzer, "табигый тарыхый расмий")] == ["ky"] * 3


@pytest.mark.parametrize(
    ("word", "lemma"),
    [
        ("алам", "алуу"),
        ("тапшырам", "тапшыруу"),
        ("жазылам", "жазуу"),
        ("берем", "беруу"),
        ("сатам", "сатуу"),
        ("сурайм", "суроо"),
        # nouns in -ам / -Iм and the greeting keep their stems
        ("адам", "адам"),
        ("мыйзам", "мыйзам"),
        ("жардам", "жардам"),
        ("салам", "салам"),
        ("төлөм", "толом"),
        ("чечим", "чечим"),
    ],
)
def test_first_person_present_comes_to_its_verbal_noun(word: str, lemma: str) -> None:
    assert stem(fold(word)) == lemma


def _concepts(analyzer: Analyzer, text: str) -> set[str]:
    analysis = analyzer.analyze(text, "ky")
    return {c for found in analysis.concepts for c in found}


def _group_of(analyzer: Analyzer, ru_term: str) -> str:
    return next(f"§{i}" for i, g in enumerate(analyzer.groups) if ru_term in g.ru)


def test_taking_land_back_is_seizure_of_land(analyzer: Analyzer) -> None:
    seizure = _group_of(analyzer, "изъяти* земельн*")
    assert seizure in _concepts(analyzer, "Ал жерди кайтарып алса болобу?")
    assert seizure in _concepts(analyzer, "жер участогун кайтарып алуу тартиби")
    # the Russian act's words carry it too
    assert seizure in {
        c for found in analyzer.analyze("изъятие земельного участка", "ru").concepts for c in found
    }
    # getting land, a permit taken back: not a seizure of land
    assert seizure not in _concepts(analyzer, "жер алуу үчүн кайда кайрылам?")
    assert seizure not in _concepts(analyzer, "уруксатты кайтарып алуу")
