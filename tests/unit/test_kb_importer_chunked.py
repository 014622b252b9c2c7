"""Importing a code as another legal bot's PDF converter writes it: chunks of a marker line
"Статья 3" and one line "Статья 3 28. Heading text…", each often twice, "=====" between.

The fixture tests/data/laws/chunked_study_code_ru.txt is a small text written for these tests
in that format (not real law text).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.importer import ImportOptions, import_file
from knowledge.legal.cleanup import repair_split_words
from knowledge.legal.structure import (
    match_article_spaced,
    parse_body,
    split_heading,
    split_inline,
)
from knowledge.models import DocKind, KnowledgeBase
from knowledge.search.engine import SearchEngine

LAWS = Path(__file__).parents[1] / "data" / "laws"
TITLE = "Учебный кодекс Кыргызской Республики"


@pytest.fixture(scope="module")
def imported():
    return import_file(LAWS / "chunked_study_code_ru.txt", ImportOptions(title=TITLE))


def by_id(result) -> dict:
    return {p.id: p for p in result.documents[0].passages}


def test_marker_line_and_full_line_are_one_article_with_the_full_number(imported) -> None:
    doc = imported.documents[0]
    assert [p.article for p in doc.passages] == [
        *("1", "1098", "2", "3", "328", "329", "4", "5", "5"),
    ]  # "Статья 1\nСтатья 1 098" is 1098, "Статья 3\nСтатья 3 28" is 328
    report = imported.reports[0]
    assert report.empty_articles == 0  # no marker line became an article without text
    assert (report.articles, report.duplicates, report.parts) == (9, 2, 2)
    assert doc.kind is DocKind.code  # from --title


def test_heading_is_split_from_the_text_on_the_same_line(imported) -> None:
    passages = by_id(imported)
    assert passages["a1-ru"].heading == "Отношения, регулируемые настоящим Кодексом"
    assert passages["a1-ru"].text.splitlines()[0].startswith("1. Настоящий Кодекс определяет")
    # a sentence start, not a point, ends the heading; the text keeps its final period
    assert passages["a1098-ru"].heading == "Права автора учебного достижения на вознаграждение"
    assert passages["a1098-ru"].text.startswith("Автор учебного достижения")
    assert passages["a1098-ru"].text.endswith("от владельца патента.")
    # proper nouns inside a heading do not end it; the text may start with one
    assert passages["a5-ru"].heading == "Полномочия Кабинета Министров Кыргызской Республики"
    assert passages["a5-ru"].text.startswith("Кабинет Министров Кыргызской Республики утверждает")
    # points, "- " items on lines of their own
    assert passages["a328-ru"].text.splitlines() == [
        "1. В договоре о залоге должны быть указаны:",
        "- стороны договора;",
        "- описание обеспеченного залогом обязательства;",
        "- срок действия договора.",
        "2. Договор о залоге должен быть заключен в письменной форме.",
    ]


def test_repeated_copies_keep_the_cleaner_one_and_words_are_repaired(imported) -> None:
    passages = by_id(imported)
    text = passages["a1-ru"].text + passages["a2-ru"].text
    assert "участников учебного оборота и регулирует" in text
    assert "кого-либо" in text and "законодательству" in text
    assert "уч астников" not in text and "кого -либо" not in text
    assert sum(p.article == "1" for p in imported.documents[0].passages) == 1
    assert imported.reports[0].repaired_words >= 2


def test_same_number_different_articles_are_both_kept_and_offered(imported) -> None:
    passages = by_id(imported)
    assert passages["pt2-a5-ru"].heading == "Учебный реестр договоров второй части"
    assert passages["a5-ru"].heading != passages["pt2-a5-ru"].heading
    engine = SearchEngine.build(KnowledgeBase(documents=imported.documents))
    res = engine.search("Статья 5", "ru")
    assert res.status == "suggest"
    assert {h.passage_id for h in res.results} == {"a5-ru", "pt2-a5-ru"}
    one = engine.search("статья 328 Учебного кодекса", "ru")
    assert one.status == "answered" and one.results[0].passage_id == "a328-ru"


def test_notes_go_to_the_history_and_repealed_parts_are_marked(imported) -> None:
    doc = imported.documents[0]
    passages = by_id(imported)
    assert "Статья 2: (В редакции Закона КР от 14 марта 2014 года № 49)" in doc.amendments
    assert "Статья 328: (В редакции Законов КР от 21 июля 1999 года № 83, 15 июля 2016 года " \
        "№ 117)" in doc.amendments  # fmt: skip
    assert all("(В редакции" not in p.text for p in doc.passages)
    assert passages["a4-ru"].repealed and passages["a4-ru"].heading is None
    # a repealed point stays in the text of an article in force
    assert not passages["a2-ru"].repealed
    assert "3. (Утратил силу в соответствии с Законом КР от 14 марта 2014 года № 49)" in (
        passages["a2-ru"].text.splitlines()
    )
    # a paragraph title glued to the end of an article's text is a division, not text
    assert "§ 3" not in passages["a328-ru"].text
    assert passages["a329-ru"].source.endswith("§ 3. Учебная аренда")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Гражданское законодательство 1. Гражданское законодательство основывается на",
         ("Гражданское законодательство", "1. Гражданское законодательство основывается на")),
        ("Ссудодатель 1) вещь передает собственник",
         ("Ссудодатель", "1) вещь передает собственник")),
        ("Выход участника из общества Участник вправе в любое время выйти из общества.",
         ("Выход участника из общества", "Участник вправе в любое время выйти из общества.")),
        ("Полномочия Кабинета Министров Кыргызской Республики", None),
        ("Компетенция айыл окмоту в сфере регулирования земельных отношений", None),
        ("Утратила силу в соответствии с Законом КР от 5 мая 2020 года № 51", None),
        ("Айыл өкмөтүнүн ыйгарым укуктары 1. Айыл өкмөтү жергиликтүү маанидеги маселелерди",
         ("Айыл өкмөтүнүн ыйгарым укуктары", "1. Айыл өкмөтү жергиликтүү маанидеги маселелерди")),
    ],
)  # fmt: skip
def test_split_heading(text: str, expected) -> None:
    assert split_heading(text) == (expected or (text, ""))


def test_kyrgyz_one_line_article() -> None:
    line = "13-берене. Айыл өкмөтүнүн ыйгарым укуктары 1. Айыл өкмөтү бюджетти түзөт."
    parsed = parse_body(["13-берене", line])
    [article] = parsed.articles
    assert (article.number, article.heading) == ("13", "Айыл өкмөтүнүн ыйгарым укуктары")
    assert article.body == ["1. Айыл өкмөтү бюджетти түзөт."]


def test_broken_numbers_are_joined_only_where_the_context_says_so() -> None:
    assert match_article_spaced("Статья 3 28. Договор о залоге") == (
        "3-28",
        "Договор о залоге",
        "328",
    )
    assert match_article_spaced("Статья 1 00. Вступление в силу")[0] == "100"
    assert match_article_spaced("Статья 5 (Утратила силу)")[:2] == ("5", "(Утратила силу)")
    assert match_article_spaced("Статьи 1 и 2 настоящего Кодекса") is None
    # the sequence says 328 (between 327 and 329) …
    lines = [
        "Статья 327. Один",
        "Текст.",
        "Статья 3 28. Два",
        "Текст.",
        "Статья 329. Три",
        "Текст.",
    ]
    assert [a.number for a in parse_body(lines).articles] == ["327", "328", "329"]
    # … and 23-1 (a superscript) between 23 and 24
    lines = ["Статья 23. Один", "Текст.", "Статья 23 1. Два", "Текст.", "Статья 24. Три", "Текст."]
    assert [a.number for a in parse_body(lines).articles] == ["23", "23-1", "24"]


def test_repair_split_words() -> None:
    lines = [
        "участников участников участников регулирует регулирует кого-либо",
        "правовое положение уч астников оборота, регули рует договоры кого -либо № 216 , а",
        "в ходе работы, на стоящем месте",  # ordinary words stay apart
    ]
    assert repair_split_words(lines) == 3
    assert lines[1] == (
        "правовое положение участников оборота, регулирует договоры кого-либо № 216, а"
    )
    assert lines[2] == "в ходе работы, на стоящем месте"


def test_split_inline_notes_and_points() -> None:
    text = (
        "1. Арендатор вправе: 1) требовать; 2) отказаться. 2. Если иное не предусмотрено "
        "статьями 1 и 2. (В редакции Закона КР от 14 марта 2014 года № 49)"
    )
    assert split_inline(text) == [
        "1. Арендатор вправе:",
        "1) требовать;",
        "2) отказаться.",
        "2. Если иное не предусмотрено статьями 1 и 2.",
        "(В редакции Закона КР от 14 марта 2014 года № 49)",
    ]


def test_flattened_inserted_article_in_chunks() -> None:
    """ "Статья 73848" among articles 730…760 is 738-48 (its superscript lost)."""
    lines: list[str] = []
    for number in [*range(730, 761), 73848]:
        lines += [
            f"Статья {number}",
            f"Статья {number}. Заголовок статьи {number} 1. Текст статьи номер {number}.",
            "",
        ]
    numbers = [a.number for a in parse_body(lines).articles]
    assert numbers[-1] == "738-48" and numbers[:2] == ["730", "731"]


def chunk(marker: str, written: str) -> list[str]:
    return [f"Статья {marker}", f"Статья {written}. Заголовок 1. Текст статьи {written}.", ""]


def test_joined_number_read_by_its_neighbours() -> None:
    # chunks in article order: "1 61" between 16 and 17 is 16-1 flattened, then broken
    lines = [x for n in range(1, 31) for x in chunk(str(n), str(n))]
    at = lines.index("Статья 17")
    lines[at:at] = chunk("1", "1 61")
    numbers = [a.number for a in parse_body(lines).articles]
    assert numbers[15:18] == ["16", "16-1", "17"]
    # chunks sorted by marker: "10 20", "10 21" after 10-1 are 1020, 1021
    lines = [x for n in range(1, 31) for x in chunk(str(n), str(n))]
    at = lines.index("Статья 11")
    lines[at:at] = chunk("10-1", "10-1") + chunk("10", "10 20") + chunk("10", "10 21")
    numbers = [a.number for a in parse_body(lines).articles]
    assert numbers[9:14] == ["10", "10-1", "1020", "1021", "11"]


def test_numbered_title_after_the_note_opens_a_paragraph() -> None:
    lines = [
        "Статья 137",
        "Статья 137. Расчеты с участником 1. Участнику выплачивается стоимость доли. "
        "(В редакции Закона КР от 14 марта 2014 года № 49) 5. Общество с дополнительной "
        "ответственностью",
        "",
        "Статья 138",
        "Статья 138. Основные положения 1. Обществом признается учрежденное общество.",
    ]
    first, second = parse_body(lines).articles
    assert first.body == [
        "1. Участнику выплачивается стоимость доли.",
        "(В редакции Закона КР от 14 марта 2014 года № 49)",
    ]
    assert second.path == ("5. Общество с дополнительной ответственностью",)
