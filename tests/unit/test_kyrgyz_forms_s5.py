"""Kyrgyz forms added in session 5: the bare present -Aт of common verbs, nouns in vowel + с
under the possessive, Latin spellings (ue/oe for ү/ө, i for й) and a verb reaching the
glossary terms of its verbal noun."""

from __future__ import annotations

import pytest

from knowledge.search.analyzer import Analyzer
from knowledge.search.kyrgyz import stem
from knowledge.search.normalize import fold, skeleton, transliterate, word_token


def st(word: str) -> str:
    return stem(fold(word.casefold()))


# (forms that must share one stem, the stem)
SAME_STEM = [
    (["берет", "берилет", "берүү"], "беруу"),
    (["сатат", "сатуу"], "сатуу"),
    (["курат", "куруу"], "куруу"),
    (["чыгат", "чыгуу"], "чыгуу"),
    (["бузат", "бузуу"], "бузуу"),
    # the possessive of a noun ending in vowel + с is -ы, not -сы
    (["мурас", "мурасы", "мурасын", "мураска"], "мурас"),
    # nouns in -Iм are not a 1st-person possessive (тутум is not тут + -ум)
    (["тутум", "тутуму", "тутумдун"], "тутум"),
    (["бүтүм", "бүтүмү"], "бутум"),
    (["түшүм", "түшүмү"], "тушум"),
]
# nouns in -Aт are not the bare present of a verb
SAME_STEM += [
    ([noun], fold(noun))
    for noun in ("уруксат", "мөөнөт", "мамлекет", "кызмат", "депутат", "салат", "билет", "бекет")
]


@pytest.mark.parametrize(("forms", "lemma"), SAME_STEM, ids=[forms[0] for forms, _ in SAME_STEM])
def test_stems(forms: list[str], lemma: str) -> None:
    assert set(map(st, forms)) == {lemma}


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("oekmoetue", "окмоту"),  # өкмөтү
        ("jergiliktueue", "жергиликтуу"),
        ("toloit", "толойт"),  # й after a vowel before a consonant or at the end
        ("kandai", "кандай"),
        ("proekt", "проект"),  # one "oe" is Russian
        ("novoe", "новое"),
    ],
)
def test_transliteration(latin: str, cyrillic: str) -> None:
    assert transliterate(latin) == cyrillic


@pytest.mark.parametrize("latin", ["aiyl", "ayil", "ayyl"])
def test_latin_spellings_of_ayil_meet(latin: str) -> None:
    assert skeleton(fold(transliterate(latin))) == skeleton(fold("айыл"))


def test_single_oe_keeps_the_o_umlaut_as_the_other_reading() -> None:
    token = word_token("koel")
    assert token.text == "коел"
    assert token.alt == "кол"  # көл, folded


def test_latin_kyrgyz_with_umlaut_digraphs_finds_the_same_keys_as_cyrillic() -> None:
    analyzer = Analyzer()
    latin = analyzer.analyze("oekmoetuenuen", "ky").words[0]
    cyrillic = analyzer.analyze("өкмөтүнүн", "ky").words[0]
    assert latin.key == cyrillic.key
    berbeit = analyzer.analyze("berilbeit", "ky").words[0]
    assert berbeit.key == analyzer.analyze("берилбейт", "ky").words[0].key


def test_a_verb_reaches_the_prefix_terms_of_its_verbal_noun() -> None:
    analyzer = Analyzer()
    # "куруу*" is a glossary prefix (строительство): "курат" (builds) reaches it too
    verb = analyzer.analyze("курат", "ky")
    noun = analyzer.analyze("куруу", "ky")
    assert noun.concepts[0]
    assert noun.concepts[0] <= verb.concepts[0]
