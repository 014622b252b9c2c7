"""Lookup by article number: references parsed from questions, acts named by their titles'
words and abbreviations, and the engine answering with that article."""

from __future__ import annotations

import pytest

from knowledge.models import Document
from knowledge.search.articles import (
    abbreviations,
    article_variants,
    canonical_article,
    find_article_ref,
)
from knowledge.search.engine import SearchEngine
from tests.helpers.kb import act, article, engine_of


@pytest.mark.parametrize(
    ("text", "article", "point"),
    [
        ("Статья 33 Водного кодекса", "33", None),
        ("ст. 13 ЗК", "13", None),
        ("ЗК КР ст.13", "13", None),
        ("п. 2 ст. 13 Земельного кодекса", "13", "2"),
        ("13-берене", "13", None),
        ("Жер кодексинин 13-беренеси", "13", None),
        ("Суу кодексинин 56-беренесинин 3-пункту", "56", "3"),
        ("statya 12 vodnogo kodeksa", "12", None),
        ("ст 16.1 ВК", "16-1", None),
        ("статья 16¹ Водного кодекса", "16-1", None),
        ("в 13-й статье закона", "13", None),
        ("ГК ст. 1 098", "1098", None),
    ],
)
def test_article_references_are_parsed(text: str, article: str, point: str | None) -> None:
    ref = find_article_ref(text)
    assert ref is not None
    assert (ref.article, ref.point) == (article, point)


@pytest.mark.parametrize(
    "text", ["в 2018 году приняли 5 статей", "Как получить землю?", "№ 513 токтом", "13 июня"]
)
def test_no_article_reference(text: str) -> None:
    assert find_article_ref(text) is None


def test_article_numbers_and_variants() -> None:
    assert canonical_article("16.1") == canonical_article("16¹") == "16-1"
    assert canonical_article("1 098") == "1098"
    assert article_variants("161")[:2] == ["161", "16-1"]
    assert article_variants("16-1") == ["16-1", "161"]


def test_abbreviations_come_from_code_titles() -> None:
    assert abbreviations("Земельный кодекс Кыргызской Республики") == ["ЗК", "ЗККР"]
    assert abbreviations("Водный кодекс") == ["ВК", "ВККР"]
    # a law's long title gives no abbreviation anybody uses
    assert abbreviations("Закон о местном самоуправлении и местной администрации") == []


def _code(doc_id: str, title_ru: str, title_ky: str | None, headings: dict[str, str]) -> Document:
    """A code whose articles (number → heading) each say their heading."""
    passages = [article(n, f"{head}. Текст {n}.", heading=head) for n, head in headings.items()]
    return act(
        "code", "45", "1999-06-02", doc_id=doc_id, ru=title_ru, ky=title_ky, passages=passages
    )


@pytest.fixture(scope="module")
def engine() -> SearchEngine:
    land = _code(
        "land",
        "Земельный кодекс Кыргызской Республики",
        "Кыргыз Республикасынын Жер кодекси",
        {
            "1": "Задачи земельного законодательства",
            "13": "Компетенция айыл окмоту в сфере регулирования земельных отношений",
            "16-1": "Полномочия органов местного самоуправления по пастбищам",
        },
    )
    water = _code(
        "water",
        "Водный кодекс Кыргызской Республики",
        None,
        {
            "1": "Цель и задачи",
            "13": "Государственная водная администрация",
            "45": "Питьевое водоснабжение населения",
        },
    )
    water.passages.append(
        article(
            "86",
            "(Утратила силу в соответствии с Законом КР от 10 октября 2012 года № 170)",
            heading="Добыча гравия из водных объектов",
            repealed=True,
        )
    )
    return engine_of(land, water)


@pytest.mark.parametrize(
    ("question", "doc", "article"),
    [
        ("Статья 13 Земельного кодекса", "land", "13"),
        ("ст. 13 ЗК", "land", "13"),
        ("ЗК КР ст.13", "land", "13"),
        ("Жер кодексинин 13-беренеси", "land", "13"),
        ("статья 13 водного кодекса", "water", "13"),
        ("ВК КР ст. 45 питьевая вода", "water", "45"),
        ("статья 16.1 ЗК", "land", "16-1"),
        ("статья 45", "water", "45"),  # only one act has it
    ],
)
def test_lookup_answers_that_article(
    engine: SearchEngine, question: str, doc: str, article: str
) -> None:
    result = engine.search(question)
    assert result.status == "answered"
    top = result.results[0]
    assert (top.doc_id, top.article) == (doc, article)


def test_article_of_several_acts_is_offered(engine: SearchEngine) -> None:
    result = engine.search("статья 13")
    assert result.status == "suggest"
    assert {(h.doc_id, h.article) for h in result.results} == {("land", "13"), ("water", "13")}


def test_act_without_that_article_is_not_answered_from_another(engine: SearchEngine) -> None:
    result = engine.search("статья 16-1 Водного кодекса")  # only the Land Code has a 16-1
    assert result.status == "escalate" and result.results == []
    assert result.features["article_missing"] == 1.0


def test_repealed_article_is_never_the_answer(engine: SearchEngine) -> None:
    result = engine.search("Добыча гравия из водных объектов")
    assert result.results[0].article == "86"  # shown: the citation says it was repealed
    assert result.status != "answered"


def test_named_act_scopes_the_search(engine: SearchEngine) -> None:
    scoped = engine.search("задачи по Водному кодексу")
    assert scoped.results and scoped.results[0].doc_id == "water"
    scoped = engine.search("задачи по Земельному кодексу")
    assert scoped.results and scoped.results[0].doc_id == "land"


def test_how_much_is_not_answered_by_a_text_without_amounts() -> None:
    from knowledge.search.engine import _lacks_what_is_asked

    staff = "Өкмөттүн №383 токтому менен бекитилген штаттык саны, 2013-2020-жылдар"
    assert _lacks_what_is_asked("Айыл өкмөтүнүн кызматкерлеринин эмгек акысы канча?", staff)
    assert not _lacks_what_is_asked("Эмгек акы канча?", "Айлык 12 000 сом түзөт.")
    assert _lacks_what_is_asked("Агенттик качан түзүлгөн?", "Агенттикте борбор түзүлгөн.")
    assert not _lacks_what_is_asked("Агенттик качан түзүлгөн?", "2013-жылы түзүлгөн.")
    assert not _lacks_what_is_asked("Кто выдаёт разрешение?", "Государственная администрация.")


def test_salary_question_gets_no_confident_answer_without_amounts() -> None:
    from knowledge.loader import load_directory

    engine = SearchEngine.build(load_directory())
    result = engine.search("Айыл өкмөтүнүн кызматкерлеринин эмгек акысы канча?")
    assert result.status != "answered"


@pytest.mark.parametrize(
    ("question", "why"),
    [
        ("Статья 13 Гражданского кодекса", "act_missing"),
        ("ст. 13 НК", "act_missing"),
        ("Салык кодексинин 13-беренеси", "act_missing"),
        ("статья 300 Водного кодекса", "article_missing"),
    ],
)
def test_an_article_of_an_act_not_in_the_kb_is_never_another_acts(
    engine: SearchEngine, question: str, why: str
) -> None:
    result = engine.search(question)
    assert result.status == "escalate"
    assert result.results == []
    assert result.features[why] == 1.0


def test_the_answer_language_follows_the_question(engine: SearchEngine) -> None:
    assert engine.search("статья 45 Водного кодекса").query_lang == "ru"
    assert engine.search("Суу кодексинин 45-беренеси").query_lang == "ky"


def test_a_question_on_an_act_not_in_the_kb_is_not_answered_from_another(
    engine: SearchEngine,
) -> None:
    named = engine.search("Какие задачи земельного законодательства по Налоговому кодексу?")
    assert named.status != "answered"
    plain = engine.search("Какие задачи земельного законодательства?")
    assert plain.results[0].doc_id == "land"


def test_a_code_whose_name_starts_like_a_generic_word_is_named() -> None:
    # "Жилищный" folds to "жилишчн…", which must not be taken for "жыл" (year) and dropped
    housing = _code("housing", "Жилищный кодекс Кыргызской Республики", None, {"71": "Наём"})
    land = _code("land", "Земельный кодекс Кыргызской Республики", None, {"71": "Аренда"})
    engine = engine_of(housing, land)
    result = engine.search("ст. 71 жилищного кодекса")
    assert result.status == "answered" and result.results[0].doc_id == "housing"


@pytest.mark.parametrize(
    ("text", "article", "chapter"),
    [
        ("глава 2 статья 3", "3", "2"),  # the 2 is the chapter's, not "2 статья"
        ("статья 3 главы 2", "3", "2"),
        ("2-глава 3-берене", "3", "2"),
        ("3-беренеси 2-главанын", "3", "2"),
        ("раздел 2 статья 5", "5", None),
        ("2 статья", "2", None),
        ("ст. 13 ЗК", "13", None),
    ],
)
def test_the_chapter_named_beside_the_article(text: str, article: str, chapter: str | None) -> None:
    ref = find_article_ref(text)
    assert ref is not None and (ref.article, ref.chapter) == (article, chapter)
