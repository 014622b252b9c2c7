"""Kyrgyz word analysis beyond noun cases: verbs, 1st-person possessives, question particles,
question words under endings and Latin typing (session 4). Which forms of these conflate is in
the stemmer's table (test_search_stemmer.py)."""

from __future__ import annotations

import pytest

from knowledge.search.analyzer import Analyzer
from knowledge.search.kyrgyz import stem
from knowledge.search.normalize import fold, transliterate


def st(word: str) -> str:
    return stem(fold(word.casefold()))


@pytest.mark.parametrize(
    ("word", "lemma"),
    [
        # nouns that look like verb forms keep their stems
        ("талабы", "талап"),
        ("эсеби", "эсеп"),
        ("себеби", "себеп"),
        ("жообу", "жооп"),
        ("уруксат", "уруксат"),
        ("мөөнөт", "моонот"),
        ("мамлекет", "мамлекет"),
        ("органдары", "орган"),
        ("кеңешинин", "кенеш"),
        ("тартиби", "тартип"),
        ("жумушу", "жумуш"),
        ("кабинети", "кабинет"),
        ("мекенибиздин", "мекен"),
        # -Iм of the word itself is not a possessive
        ("чечими", "чечим"),
        ("келишим", "келишим"),
        ("билим", "билим"),
        ("төлөм", "толом"),
        ("жергиликтүү", "жергиликтуу"),
        # lookalike endings: -пы only after a voiceless sound; -Iш not after two consonants; a
        # vowel root of one letter
        ("жалпы", "жалпы"),  # not жал + -пы, nor жалп + -ы
        ("кылмыш", "кылмыш"),
        ("маалым", "маалым"),
        ("деген", "деген"),
    ],
)
def test_nouns_and_lookalike_endings_keep_their_stems(word: str, lemma: str) -> None:
    assert st(word) == lemma


def test_plain_spelling_reaches_the_same_stems() -> None:
    for proper, plain in [
        ("төлөнбөйт", "толонбойт"),
        ("төлөйт", "толойт"),
        ("бекитилет", "бекитилет"),
        ("өткөрүшү", "откорушу"),
        ("түзүлөт", "тузулот"),
        ("кеңешинин", "кенешинин"),
    ]:
        assert st(proper) == st(plain)


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("mönggü", "мөңгү"),
        ("monggu", "мөңгү"),
        ("kengesh", "кеңеш"),
        ("dotaciya", "дотация"),
        ("zhetkiruu", "жеткирүү"),
        ("jetkiruu", "жеткирүү"),
        ("chechim", "чечим"),
    ],
)
def test_latin_typing(latin: str, cyrillic: str) -> None:
    assert fold(transliterate(latin)) == fold(cyrillic)


def test_question_words_are_stop_words_under_any_ending(analyzer: Analyzer) -> None:
    words = analyzer.analyze("кимден уруксат алабыз, кайсынысы колдонулат, анын мөөнөтү").words
    stops = {w.surface for w in words if w.stop}
    assert {"кимден", "каисиниси", "анин"} <= stops
    assert not any(w.stop for w in words if w.surface in ("уруксат", "моонону"))


def test_latin_question_finds_the_same_keys_as_cyrillic(analyzer: Analyzer) -> None:
    latin = analyzer.analyze("jer kodeksinin 13-beren uruksattyn moonotun uzartuu", "ky")
    cyr = analyzer.analyze("жер кодексинин 13-берене уруксаттын мөөнөтүн узартуу", "ky")
    assert [w.key for w in latin.words][:3] == [w.key for w in cyr.words][:3]
    assert [w.key for w in latin.words][4:] == [w.key for w in cyr.words][4:]


def test_first_person_possessive_reaches_the_glossary(analyzer: Analyzer) -> None:
    mine, bare = analyzer.analyze("жерим", "ky"), analyzer.analyze("жер", "ky")
    assert mine.concepts[0] and mine.concepts[0] == bare.concepts[0]


def test_latin_ng_before_a_vowel_is_read_both_ways(analyzer: Analyzer) -> None:
    # "mongu" is мөңгү typed with ng for ңг: its second reading reaches the glossary
    latin = analyzer.analyze("mongu", "ky")
    cyr = analyzer.analyze("мөңгү", "ky")
    assert cyr.concepts[0] and cyr.concepts[0] <= latin.concepts[0]
    assert analyzer.analyze("kengesh", "ky").words[0].key == analyzer.analyze("кеңеш").words[0].key


def test_bol_has_no_passive() -> None:
    # бөлүнөт (is divided) must not fall together with болгон / болушу (be)
    assert st("бөлүнөт") != st("болгон")
    assert st("болушу") == st("болгон")


_PLAIN = str.maketrans({"ө": "о", "ү": "у", "ң": "н", "Ө": "О", "Ү": "У", "Ң": "Н"})


@pytest.mark.parametrize(
    "text",
    [
        "Жер салыгын төлөбөй жатабыз, айыл өкмөтү айып салабы?",
        "Мектептин жерин ижарага берүүгө кеңеш макулдук бериши керекпи же жокпу?",
        "Токтом күчүнө киреби же расмий жарыялангандан кийинби?",
        "Өкмөттүн токтомун бузгандарга кандай жаза колдонулат?",
        "Жайыт билетин ким берет жана ал канча күнгө түзүлөт?",
    ],
)
def test_plain_typing_gives_the_same_analysis(analyzer: Analyzer, text: str) -> None:
    proper, plain = analyzer.analyze(text), analyzer.analyze(text.translate(_PLAIN))
    assert proper.lang == plain.lang == "ky"
    assert [(w.key, w.stop) for w in proper.words] == [(w.key, w.stop) for w in plain.words]


def test_negative_reaches_the_terms_of_its_verb_but_not_the_reverse(analyzer: Analyzer) -> None:
    negative, positive = analyzer.analyze("бербейт", "ky"), analyzer.analyze("берилет", "ky")
    assert negative.words[0].key != positive.words[0].key
    assert positive.concepts[0] and positive.concepts[0] <= negative.concepts[0]
    assert (
        not analyzer.analyze("төлөйт", "ky").concepts[0]
        >= analyzer.analyze("төлөбөй", "ky").concepts[0]
    )


@pytest.mark.parametrize(
    ("ky", "ru"),
    [
        ("келишимди ким менен түзөбүз", "заключает договор"),
        ("кошумча көлөм", "дополнительный объем"),
        ("техникалык тейлөө", "техническое обслуживание"),
        ("жөлөк пул алабыз", "пособие"),
        ("табигый ресурстар", "природные ресурсы"),
    ],
)
def test_session4_lexicon_bridges_kyrgyz_to_russian(analyzer: Analyzer, ky: str, ru: str) -> None:
    ky_concepts = set().union(*analyzer.analyze(ky, "ky").concepts)
    ru_concepts = set().union(*analyzer.analyze(ru, "ru").concepts)
    assert ky_concepts & ru_concepts


def test_converb_of_a_content_verb_is_not_an_auxiliary(analyzer: Analyzer) -> None:
    # "бере алабы" (can give): бере carries the meaning, алабы is the auxiliary
    words = analyzer.analyze("ижарага бере алабы", "ky").words
    assert [w.stop for w in words] == [False, False, True]


def test_native_long_vowel_stems_get_no_russian_loan_key(analyzer: Analyzer) -> None:
    # берүүгө → берүү is a Kyrgyz verbal noun, not a Russian loan (its Snowball stem "беру"
    # would be a Russian word); зонасы → зона is one
    assert analyzer.analyze("берүүгө", "ky").words[0].loan == ()
    assert analyzer.analyze("каттоодон", "ky").words[0].loan == ()
    assert analyzer.analyze("зонасы", "ky").words[0].loan
