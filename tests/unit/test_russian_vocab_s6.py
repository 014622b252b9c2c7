"""Russian questions in everyday words (session 6): one stem for the forms of a word that
Snowball split, verb ↔ noun families through participles, the ст/щ and о/а alternations, and
everyday words ↔ the legal terms of acts."""

from __future__ import annotations

import pytest

from knowledge.search.analyzer import Analyzer
from knowledge.search.russian import stem
from tests.helpers.words import key, keys


@pytest.mark.parametrize(
    "forms",
    [
        ("охрана", "охраны", "охране", "охрану"),
        ("орган", "органа", "органы", "органов", "органом"),
        ("замена", "замены", "замену"),
        ("разрешено", "разрешение", "разрешенный"),
        ("согласовано", "согласование", "согласованный", "согласованного"),
        ("определены", "определение"),
    ],
)
def test_snowball_split_forms_share_one_stem(forms: tuple[str, ...]) -> None:
    assert len({stem(form) for form in forms}) == 1, {form: stem(form) for form in forms}


@pytest.mark.parametrize("word", ["цена", "стена", "член", "страна", "должна"])
def test_words_without_a_participle_suffix_keep_their_stem(word: str) -> None:
    import snowballstemmer

    assert stem(word) == snowballstemmer.stemmer("russian").stemWord(word)


@pytest.mark.parametrize(
    ("question_word", "act_word"),
    [
        ("возместит", "возмещение"),  # ст / щ
        ("перегородили", "перегораживание"),  # о / а of the imperfective, д / ж
        ("сбрасывать", "сброс"),
        ("сбросил", "сбрасывание"),
        ("рассмотрели", "рассматривание"),
        ("владеющий", "владение"),  # present active participle
        ("используемых", "использование"),  # present passive participle
        ("загрязняющие", "загрязнение"),
        ("запрещено", "запрет"),
        ("подаётся", "поданные"),  # a verb and its short participle, ё written
        ("подана", "подается"),
    ],
)
def test_question_word_reaches_the_act_word(
    analyzer: Analyzer, question_word: str, act_word: str
) -> None:
    assert key(analyzer, act_word) in keys(analyzer, question_word)


@pytest.mark.parametrize(
    ("question_word", "unrelated"),
    [
        ("владеющий", "вложение"),  # влад- is not влож- (о/а only in -ыва- imperfectives)
        ("правила", "правление"),  # a noun, not a past verb
        ("кредит", "кредитование"),
    ],
)
def test_family_does_not_reach_an_unrelated_word(
    analyzer: Analyzer, question_word: str, unrelated: str
) -> None:
    assert key(analyzer, unrelated) not in keys(analyzer, question_word)


def concepts_of(analyzer: Analyzer, text: str) -> set[str]:
    analysis = analyzer.analyze(text, "ru")
    out: set[str] = set()
    for word, concepts in zip(analysis.words, analysis.concepts, strict=True):
        if not word.stop:
            out |= set(concepts)
    return out


@pytest.mark.parametrize(
    ("asked", "written"),
    [
        ("годится ли вода", "пригодность поверхностных вод"),
        ("берёт воду из реки", "забор воды из водного объекта"),
        ("кому принадлежит", "собственность"),
        ("могут ли забрать разрешение", "аннулирование разрешения"),
        ("разрешено ли сбрасывать", "сброс запрещается"),
        ("если не хватит воды", "объем недостаточен"),
        ("кто возместит", "возмещение ущерба"),
        ("соседи перегородили арык", "запруживание"),
        ("кто ухаживает за каналом", "обслуживание каналов"),
        ("когда заканчивается срок", "истечение срока"),
        ("кто готовит правила", "разработка правил"),
        ("какая цена за воду", "тариф"),
        ("продлить разрешение", "обновление разрешения"),
        ("сколько берут за подачу", "плата за подачу"),
        ("запасы не восполняются", "невозобновляемых зон"),
        ("скважина", "подземные воды"),
        ("частная компания", "предприятие"),
    ],
)
def test_everyday_word_meets_the_legal_term(analyzer: Analyzer, asked: str, written: str) -> None:
    assert concepts_of(analyzer, asked) & concepts_of(analyzer, written)


def test_permission_question_is_not_a_permit(analyzer: Analyzer) -> None:
    # "разрешено ли" meets "запрещается", but the prohibition is not the permit's concept
    prohibition = concepts_of(analyzer, "запрещается")
    permit = concepts_of(analyzer, "разрешение")
    assert prohibition & concepts_of(analyzer, "разрешено")
    assert not prohibition & permit
