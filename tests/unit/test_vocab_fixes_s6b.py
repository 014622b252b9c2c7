"""Word analysis and lexicon defects found by the session-6 review: a prefix with "э" that
swallowed Russian words with "е" (мэр* ~ меры), Kyrgyz words on a Russian loan stem with ъ
taken for Russian, and groups of the same meaning counted twice."""

from __future__ import annotations

import pytest

from knowledge.search.analyzer import Analyzer
from knowledge.search.russian import word_lang


def concepts(analyzer: Analyzer, text: str, lang: str) -> set[str]:
    return set(analyzer.analyze(text, lang).concepts[0])


def mayor_concepts(analyzer: Analyzer) -> set[str]:
    return concepts(analyzer, "мэр", "ru")


@pytest.mark.parametrize("word", ["мэр", "мэра", "мэру", "мэрия", "мэрии", "мэрией"])
def test_mayor_words_reach_the_mayor_group(analyzer: Analyzer, word: str) -> None:
    assert concepts(analyzer, word, "ru") & mayor_concepts(analyzer)


@pytest.mark.parametrize("word", ["меры", "мерах", "мера", "мерам", "мерой", "мерило"])
def test_measures_do_not_reach_the_mayor_group(analyzer: Analyzer, word: str) -> None:
    assert not concepts(analyzer, word, "ru") & mayor_concepts(analyzer)


def test_kyrgyz_and_latin_mayor_words_still_reach_it(analyzer: Analyzer) -> None:
    mayor = mayor_concepts(analyzer)
    assert concepts(analyzer, "мэриясы", "ky") & mayor
    # Latin typing has no э: "meriya" is read as the mayor's office
    assert concepts(analyzer, "meriya", "ky") & mayor


@pytest.mark.parametrize(
    ("word", "ru_key"),
    [("объектисинде", "обект"), ("субъектиси", "субект"), ("объекттердин", "обект")],
)
def test_kyrgyz_ending_on_a_loan_with_hard_sign_is_kyrgyz(
    analyzer: Analyzer, word: str, ru_key: str
) -> None:
    assert word_lang(word, "ru") == "ky"
    found = analyzer.analyze(word, "ru").words[0]
    # and the loan stem still reaches the Russian word's key (объект → обект)
    assert ru_key in {found.key, *found.loan}
    loan_word = "объект" if ru_key == "обект" else "субъект"
    assert analyzer.analyze(loan_word, "ru").words[0].key == ru_key


@pytest.mark.parametrize("word", ["объекте", "объекта", "компьютер", "съезде", "подъезда"])
def test_russian_words_with_hard_or_soft_sign_stay_russian(word: str) -> None:
    assert word_lang(word, "ky") == "ru"


def test_mayor_and_measures_are_two_meanings(analyzer: Analyzer) -> None:
    # "мэр" and "меры" share the stem key "мер" after folding; their glossary terms do not
    measures = concepts(analyzer, "меры", "ru")
    assert measures
    assert not mayor_concepts(analyzer) & measures
    assert not concepts(analyzer, "мэрия", "ky") & measures


def test_kyrgyz_term_with_e_is_matched_in_latin_too(analyzer: Analyzer) -> None:
    shore = concepts(analyzer, "жээги", "ky")
    assert shore
    assert concepts(analyzer, "jeegi", "ky") & shore


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [("aiyl", "айыл"), ("saiyn", "сайын"), ("aiyldyk", "айылдык"), ("iurist", "юрист")],
)
def test_latin_iy_and_initial_iu(analyzer: Analyzer, latin: str, cyrillic: str) -> None:
    assert (
        analyzer.analyze(latin, "ky").words[0].key == analyzer.analyze(cyrillic, "ky").words[0].key
    )


@pytest.mark.parametrize("word", ["коё", "коёт", "боёк", "жоёт"])
def test_kyrgyz_yo_verbs_are_kyrgyz(word: str) -> None:
    assert word_lang(word, "ru") == "ky"


@pytest.mark.parametrize("word", ["моё", "своё", "поём", "её", "объём"])
def test_russian_yo_words_stay_russian(word: str) -> None:
    assert word_lang(word, "ky") == "ru"


@pytest.mark.parametrize("text", ["в тот же день", "день подачи заявления", "через один день"])
def test_den_is_a_day(analyzer: Analyzer, text: str) -> None:
    day = concepts(analyzer, "дней", "ru")
    analysis = analyzer.analyze(text, "ru")
    found = [
        c for w, c in zip(analysis.words, analysis.concepts, strict=True) if w.surface == "ден"
    ]
    assert found and set(found[0]) & day


def test_den_of_a_greeting_is_a_stop_word(analyzer: Analyzer) -> None:
    words = analyzer.analyze("Добрый день, через сколько дней выдают разрешение", "ru").words
    assert [w.stop for w in words if w.surface == "ден"] == [True]
    assert [w.stop for w in words if w.surface == "днеи"] == [False]


def test_family_prefix_does_not_swallow_seminar_or_filming(analyzer: Analyzer) -> None:
    family = concepts(analyzer, "семья", "ru")
    assert family and concepts(analyzer, "семьи", "ru") & family
    assert concepts(analyzer, "семей", "ru") & family
    assert concepts(analyzer, "үй-бүлө", "ky") & family
    for word in ("семинар", "съёмок"):
        assert not concepts(analyzer, word, "ru") & family


def test_during_is_not_a_flow(analyzer: Analyzer) -> None:
    flow = concepts(analyzer, "сток", "ru")
    assert concepts(analyzer, "течения", "ru") & flow
    assert concepts(analyzer, "течет", "ru") & flow
    assert not concepts(analyzer, "течение", "ru") & flow  # "в течение месяца"


def test_debt_prefix_does_not_swallow_long_term(analyzer: Analyzer) -> None:
    debt = concepts(analyzer, "карызы", "ky")
    assert concepts(analyzer, "долги", "ru") & debt
    assert not concepts(analyzer, "долгосрочный", "ru") & debt


def test_kyrgyz_year_is_not_housing(analyzer: Analyzer) -> None:
    housing = concepts(analyzer, "жилище", "ru")
    assert concepts(analyzer, "жилье", "ru") & housing
    assert concepts(analyzer, "жильем", "ru") & housing
    for word in ("жыл", "жылы", "жылдары", "жылга"):
        assert not concepts(analyzer, word, "ky") & housing


@pytest.mark.parametrize("word", ["коёт", "коёбуз", "koyot", "koyobuz"])
def test_kyrgyz_yo_is_y_plus_o(analyzer: Analyzer, word: str) -> None:
    # коёт = кой-от (puts): the verb коюу, in Cyrillic (ё) and in Latin (yo)
    found = analyzer.analyze(word, "ky").words[0]
    assert "коюу" in {found.key, *found.loan}


def test_latin_yo_after_a_vowel_reads_y_plus_o_first() -> None:
    # session 9: "yo" after a vowel is й + о first (koyot, rayon: район in both languages),
    # the ё reading is the other one
    from knowledge.search.normalize import word_token

    token = word_token("koyot")
    assert (token.text, token.alt) == ("койот", "коет")


@pytest.mark.parametrize(
    ("word", "kind", "other"),
    [("особый", "өзгөчө", "особенно"), ("приём", "кабыл алуу", "приемлемый")],
)
def test_prefixes_do_not_swallow_neighbours(
    analyzer: Analyzer, word: str, kind: str, other: str
) -> None:
    meaning = concepts(analyzer, kind, "ky")
    assert concepts(analyzer, word, "ru") & meaning
    assert not concepts(analyzer, other, "ru") & meaning
