"""Session 9, lookups: the item asked inside a point — "подпункт 5 пункта 1 статьи 25",
"пункт 5 части 1 статьи 25", "пп. «а» п. 2", "25-берененин 1-бөлүгүнүн 5-пункту" — is shown
alone, with the sentence that introduces its list, and the citation names both levels."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.search.articles import asked_text, find_article_ref
from knowledge.search.citation import point_citation
from knowledge.search.engine import SearchEngine
from tests.helpers.kb import act, article, engine_of

POWERS = (
    "1. К исключительным полномочиям айылного кенеша относятся:\n"
    "1) утверждение местного бюджета и отчета о его исполнении;\n"
    "2) установление местных налогов и ставок в пределах налогового законодательства;\n"
    "3) утверждение устава местного сообщества;\n"
    "2. Айылный кенеш также вправе:\n"
    "1) заслушивать отчеты главы айыл окмоту;\n"
    "2) создавать постоянные комиссии:\n"
    "а) по бюджету;\n"
    "б) по земельным вопросам.\n"
    "3. Решения принимаются большинством голосов."
)


@pytest.mark.parametrize(
    ("text", "point", "kind", "sub"),
    [
        ("подпункт 3 пункта 1 статьи 25", "1", "point", "3"),
        ("пп. 3 п. 1 ст. 25", "1", "point", "3"),
        ("пп. а п. 2 ст. 25", "2", "point", "а"),
        ("пункт 3 части 1 статьи 25", "1", "part", "3"),
        ("ст. 25 ч. 2 п. 1", "2", "part", "1"),
        ("25-берененин 1-бөлүгүнүн 2-пункту", "1", "part", "2"),
        ("25-берененин 2-пунктунун 1-пунктчасы", "2", "point", "1"),
        # the number between two point words belongs to the one the article's style says
        ("25 статья 1 часть 3 пункт", "1", "part", "3"),
        ("25-я статья, 2-я часть", "2", "part", None),
        ("пункт 3 части 1 статьи 25", "1", "part", "3"),
        ("подпункт 2 статьи 25", "2", "point", None),  # a subpoint alone is the point asked
        ("п. 2 ст. 25", "2", "point", None),
        ("часть 3 статьи 25", "3", "part", None),
    ],
)
def test_the_point_and_the_item_inside_it(
    text: str, point: str, kind: str, sub: str | None
) -> None:
    ref = find_article_ref(text)
    assert ref is not None and ref.article == "25"
    assert (ref.point, ref.point_kind, ref.sub) == (point, kind, sub)


def test_the_item_comes_with_the_sentence_that_introduces_it() -> None:
    assert asked_text(POWERS, "1", "2") == (
        "1. К исключительным полномочиям айылного кенеша относятся:\n"
        "2) установление местных налогов и ставок в пределах налогового законодательства;",
        "2",
    )
    # item 1 of part 2 is not item 1 of part 1
    assert asked_text(POWERS, "2", "1") == (
        "2. Айылный кенеш также вправе:\n1) заслушивать отчеты главы айыл окмоту;",
        "1",
    )
    assert asked_text(POWERS, "2", "а") == (
        "2) создавать постоянные комиссии:\nа) по бюджету;",
        "а",
    )
    # no such item: the point's whole text, and no item named
    whole, sub = asked_text(POWERS, "3", "4") or ("", "?")
    assert whole == "3. Решения принимаются большинством голосов." and sub is None
    assert asked_text(POWERS, "7", "1") is None


@pytest.mark.parametrize(
    ("kind", "lang", "sub", "tail"),
    [
        ("part", "ru", "5", ", часть 1, пункт 5"),
        ("point", "ru", "5", ", пункт 1, подпункт 5"),
        ("point", "ru", "а", ", пункт 1, подпункт «а»"),
        ("part", "ky", "5", ", 1-бөлүк, 5-пункт"),
        ("point", "ky", "5", ", 1-пункт, 5-пунктча"),
        ("point", "ky", "а", ", 1-пункт, «а» пунктча"),
        ("part", "ru", None, ", часть 1"),
    ],
)
def test_the_citation_names_both_levels(kind: str, lang: str, sub: str | None, tail: str) -> None:
    assert point_citation("1", kind, lang, sub) == tail


@pytest.fixture(scope="module")
def lsg() -> SearchEngine:
    return engine_of(
        act(
            "law",
            "123",
            "2021-10-20",
            doc_id="lsg",
            ru="Закон Кыргызской Республики «О местной государственной администрации и органах "
            "местного самоуправления»",
            passages=[
                article("24", "Статья о сессиях.", heading="Сессии"),
                article("25", POWERS, heading="Полномочия айылного кенеша"),
            ],
        )
    )


@pytest.mark.parametrize(
    ("question", "start", "tail"),
    [
        ("подпункт 2 пункта 1 статьи 25", "2) установление", ", пункт 1, подпункт 2"),
        ("пункт 2 части 1 статьи 25", "2) установление", ", часть 1, пункт 2"),
        ("ст. 25 ч. 2 п. 1", "1) заслушивать", ", часть 2, пункт 1"),
        ("25-берененин 1-бөлүгүнүн 3-пункту", "3) утверждение устава", ", 1-бөлүк, 3-пункт"),
    ],
)
def test_the_item_asked_is_answered_alone_and_cited(
    lsg: SearchEngine, question: str, start: str, tail: str
) -> None:
    result = lsg.search(question)
    assert result.status == "answered"
    hit = result.results[0]
    intro, item = hit.text.split("\n")
    assert intro.endswith(":") and item.startswith(start)
    assert hit.source.endswith(tail) and "«Полномочия айылного кенеша»" in hit.source
    assert hit.sub is not None


def test_an_item_the_point_lacks_shows_the_point_and_names_it_alone(lsg: SearchEngine) -> None:
    hit = lsg.search("подпункт 9 пункта 3 статьи 25").results[0]
    assert hit.text == "3. Решения принимаются большинством голосов."
    assert hit.source.endswith("«Полномочия айылного кенеша», пункт 3") and hit.sub is None


@pytest.mark.parametrize(
    ("text", "article", "point"),
    [
        ("stat'ia 16-1 vodnogo kodeksa", "16-1", None),  # the passport style: ' for ь
        ("stat’ya 5", "5", None),
        ("p. 2 stat'i 33", "33", "2"),
    ],
)
def test_an_article_typed_in_latin_with_a_soft_sign(
    text: str, article: str, point: str | None
) -> None:
    ref = find_article_ref(text)
    assert ref is not None and (ref.article, ref.point) == (article, point)


# --- the evaluation asks for the right act, not only the article number ----------------------


def test_an_article_of_another_act_with_the_same_number_is_no_hit(tmp_path: Path) -> None:
    from knowledge import evaluation as ev

    path = tmp_path / "q.jsonl"
    path.write_text(
        '{"id": "a", "lang": "ru", "q": "?", "expect_article": "25", "expect_act": "lsg"}\n'
        '{"id": "b", "lang": "ru", "q": "?", "expect_article": "25"}\n',
        encoding="utf-8",
    )
    with_act, without = ev.load_questions(path)
    assert with_act.expect_act == "lsg" and without.expect_act is None
    mine = {"id": "doc:lsg#a25", "doc_id": "lsg", "article": "25", "source": "…, статья 25"}
    other = {"id": "doc:water#a25", "doc_id": "water", "article": "25", "source": "…, статья 25"}
    assert ev.result_ok(mine, with_act) and not ev.result_ok(other, with_act)
    assert ev.result_ok({"id": "doc:lsg#a25", "article": "25"}, with_act)  # the id alone
    assert ev.result_ok(other, without)  # no act named: the number decides, as before
    assert not ev.judge(with_act, "answered", [other]).hit1
    assert ev.judge(with_act, "answered", [other]).false_confident


# --- an act named by a word cut short -----------------------------------------------------------


@pytest.fixture(scope="module")
def codes() -> SearchEngine:
    budget = act(
        "code",
        "59",
        "2016-05-16",
        doc_id="budget",
        ru="Бюджетный кодекс Кыргызской Республики",
        passages=[article("117", "Гражданский бюджет составляется…", heading="Гражданский бюджет")],
    )
    tax = act(
        "code",
        "3",
        "2022-01-18",
        doc_id="tax",
        ru="Налоговый кодекс Кыргызской Республики",
        passages=[article("117", "Налоговая проверка…", heading="Налоговая проверка")],
    )
    return engine_of(budget, tax)


@pytest.mark.parametrize(
    ("question", "doc"),
    [
        ("ст 117 бюдж кодекса", "budget"),
        ("Бюдж. кодекс ст. 117", "budget"),
        ("ст. 117 налог. кодекса", "tax"),
        ("117-берене бюдж. кодекс", "budget"),
    ],
)
def test_a_code_named_by_a_word_cut_short(codes: SearchEngine, question: str, doc: str) -> None:
    result = codes.search(question)
    assert result.status == "answered" and result.results[0].doc_id == doc


def test_a_cut_too_short_to_name_an_act_offers_the_acts_with_that_article(
    codes: SearchEngine,
) -> None:
    # "нал." names no act for sure (three letters begin too many words), but it is no unknown
    # code either: the codes having article 117 are offered
    result = codes.search("ст. 117 нал. кодекса")
    assert result.status == "suggest"
    assert {hit.doc_id for hit in result.results} == {"budget", "tax"}
    # a code the knowledge base does not have is still said to be missing
    assert codes.search("ст. 117 Земельного кодекса").features.get("act_missing") == 1.0
