"""Number words ↔ digits (a shared key) and Russian verbs ↔ deverbal nouns (a question's word
looks up the stems of its family)."""

from __future__ import annotations

import pytest

from knowledge.search import SearchEngine
from knowledge.search.analyzer import Analyzer
from knowledge.search.derivation import derivation_root
from knowledge.search.normalize import fold, skeleton
from knowledge.search.numerals import number_value
from knowledge.search.russian import stem
from tests.helpers.kb import act, articles, engine_of


def _keys(analyzer: Analyzer, text: str, lang: str) -> set[str]:
    return set(analyzer.analyze(text, lang).keys())


# --- numbers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("три года", "ru"),
        ("трех лет", "ru"),
        ("трёх лет", "ru"),
        ("3 лет", "ru"),
        ("3 года", "ru"),
        ("үч жыл", "ky"),
        ("уч жылдын ичинде", "ky"),
    ],
)
def test_three_years_in_any_spelling_share_the_number_and_the_year(
    analyzer: Analyzer, text: str, lang: str
) -> None:
    keys = _keys(analyzer, text, lang)
    year = _keys(analyzer, "год", "ru") - {"год"}  # the year concept (год = жыл = лет)
    assert "#3" in keys
    assert year and year <= keys


@pytest.mark.parametrize(
    ("word", "lang", "value"),
    [
        ("десять", "ru", 10),
        ("десяти", "ru", 10),
        ("тридцать", "ru", 30),
        ("тридцати", "ru", 30),
        ("пяти", "ru", 5),
        ("пятью", "ru", 5),
        ("одного", "ru", 1),
        ("двух", "ru", 2),
        ("четырьмя", "ru", 4),
        ("сорока", "ru", 40),
        ("девяноста", "ru", 90),
        ("сто", "ru", 100),
        ("первого", "ru", 1),
        ("второй", "ru", 2),
        ("третьего", "ru", 3),
        ("седьмой", "ru", 7),
        ("двадцатый", "ru", 20),
        ("он", "ky", 10),
        ("жыйырма", "ky", 20),
        ("бир", "ky", 1),
        ("төрт", "ky", 4),
        ("торт", "ky", 4),
        ("элүү", "ky", 50),
        ("элуу", "ky", 50),
        ("жуз", "ky", 100),
        ("үчүнчү", "ky", 3),
        ("биринчи", "ky", 1),
    ],
)
def test_number_words_have_their_value(word: str, lang: str, value: int) -> None:
    assert number_value(skeleton(fold(word)), lang) == value


@pytest.mark.parametrize(
    ("word", "lang"),
    [("он", "ru"), ("семью", "ru"), ("бир", "ru"), ("три", "ky"), ("год", "ru"), ("жыл", "ky")],
)
def test_words_that_are_no_number_in_their_language_have_none(word: str, lang: str) -> None:
    assert number_value(skeleton(fold(word)), lang) is None


def test_kyrgyz_ten_is_a_number_and_russian_he_stays_a_stop_word(analyzer: Analyzer) -> None:
    assert "#10" in _keys(analyzer, "он күн", "ky")
    assert "#10" in _keys(analyzer, "10 күн", "ky")
    assert not any(k.startswith("#") for k in _keys(analyzer, "он сказал", "ru"))


def test_a_number_word_keeps_its_own_stem_key(analyzer: Analyzer) -> None:
    word = analyzer.analyze("тридцати", "ru").words[0]
    assert word.key == "тридцат"
    assert "#30" in word.index_keys


@pytest.mark.parametrize(
    ("text", "lang", "key", "parts"),
    [
        ("двадцать пять лет", "ru", "#25", {"#20", "#5"}),
        ("сто двадцать дней", "ru", "#120", {"#100", "#20"}),
        ("двадцать пятого числа", "ru", "#25", {"#20", "#5"}),
        ("он беш жыл", "ky", "#15", {"#10", "#5"}),
        ("жыйырма бешинчи", "ky", "#25", {"#20", "#5"}),
    ],
)
def test_compound_numbers_get_the_key_of_the_whole(
    analyzer: Analyzer, text: str, lang: str, key: str, parts: set[str]
) -> None:
    keys = analyzer.analyze(text, lang).keys()
    assert keys == analyzer.keys(text, lang)  # the indexing path agrees
    assert key in keys and not parts & set(keys)


def test_numbers_side_by_side_that_make_no_compound_stay_apart(analyzer: Analyzer) -> None:
    assert {"#5", "#10"} <= set(analyzer.keys("пять или десять дней", "ru"))
    assert {"#30", "#10"} <= set(analyzer.keys("тридцать десять", "ru"))


# --- Russian verbs and deverbal nouns ----------------------------------------------------------


def _root(word: str) -> str | None:
    low = word.casefold()
    return derivation_root(low, skeleton(fold(low)), skeleton(fold(stem(low))))


@pytest.mark.parametrize(
    "forms",
    [
        ("прекратить", "прекращается", "прекращение", "прекращения"),
        ("надзирать", "надзирает", "надзор"),
        ("согласовать", "согласовывается", "согласование"),
        ("продлить", "продлевается", "продление"),
        ("изъять", "изымается", "изъятие"),
        ("обжаловать", "обжалует", "обжалование"),
        ("утвердить", "утверждается", "утверждение"),
        ("представить", "представление"),
        ("проверить", "проверяет", "проверка"),
        ("запретить", "запрещается", "запрет"),
        ("регистрировать", "регистрирует", "регистрирование"),
        ("аннулировать", "аннулируют", "аннулирование"),
        ("рассмотреть", "рассмотрение"),
    ],
)
def test_a_verb_and_its_noun_share_a_root(forms: tuple[str, ...]) -> None:
    roots = {_root(f) for f in forms}
    assert len(roots) == 1 and None not in roots, roots


@pytest.mark.parametrize("word", ["совет", "город", "право", "кредит", "банка", "станция"])
def test_plain_nouns_have_no_root(word: str) -> None:
    assert _root(word) is None


def test_unrelated_pairs_stay_apart() -> None:
    assert _root("выделение") != _root("выдвижение")
    assert _root("продление") != _root("представление")


@pytest.mark.parametrize(
    ("question_word", "act_word"),
    [
        ("прекращается", "прекращение"),
        ("прекратить", "прекращение"),
        ("прекращение", "прекращается"),
        ("изъять", "изъятие"),
        ("надзирает", "надзор"),
        ("согласовать", "согласование"),
        ("утвердить", "утверждение"),
        ("проверить", "проверка"),
    ],
)
def test_a_question_word_looks_up_the_stems_of_its_family(
    analyzer: Analyzer, question_word: str, act_word: str
) -> None:
    asked = analyzer.analyze(question_word, "ru").words[0]
    written = analyzer.analyze(act_word, "ru").words[0]
    assert written.key in asked.loan
    assert asked.key not in asked.loan  # the word's own stem stays its main key
    assert not set(asked.loan) & set(written.index_keys) - {written.key}  # nothing else indexed


# --- the engine: number words and verbs find the article that has them -----------------------

CODES = {
    "water": (
        "Водный кодекс",
        {
            "1": "Разрешение на сброс выдается на срок не более 3 лет.",
            "2": "Разрешение на бурение скважин действует в течение пяти лет.",
            "3": "Оценка воздействия на водные объекты проводится по заявке владельца.",
            "4": "Контроль воздействия на водные объекты проводится по заявке владельца.",
        },
    ),
    "land": (
        "Земельный кодекс",
        {
            "1": "Изъятие земельного участка производится по решению суда.",
            "2": "Предоставление земельного участка производится по решению суда.",
            "3": "Надзор за использованием земельного участка ведет инспекция.",
            "4": "Учет использования земельного участка ведет инспекция.",
        },
    ),
}


@pytest.fixture(scope="module")
def engines() -> dict[str, SearchEngine]:
    """One engine per code, each code alone in its knowledge base."""
    return {
        code: engine_of(act("code", doc_id=code, ru=title, passages=articles(texts)))
        for code, (title, texts) in CODES.items()
    }


@pytest.mark.parametrize(
    ("code", "query", "article"),
    [
        # number words
        ("water", "разрешение на три года", "1"),
        ("water", "разрешение на 5 лет", "2"),
        # verbs: the article that names the action with its noun
        ("land", "могут ли изъять земельный участок", "1"),
        ("land", "кто надзирает за использованием земельного участка", "3"),
    ],
)
def test_number_words_and_verbs_find_the_article(
    engines: dict[str, SearchEngine], code: str, query: str, article: str
) -> None:
    result = engines[code].search(query)
    assert result.results and result.results[0].article == article
