"""Messier published files: Word list numbering, footnote marks, headings and sentences
broken by a page, an edition line in brackets on every page, a text that repeats its heading.
The texts here are written for these tests (no real law text)."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.importer import ImportOptions, import_file
from knowledge.legal.cleanup import clean_lines
from knowledge.legal.readers import _format_number, read_docx
from knowledge.legal.structure import split_heading

CLEAN = """ЗАКОН КЫРГЫЗСКОЙ РЕСПУБЛИКИ
О пастбищах
Глава 1
Общие положения
Статья 1. Цель Закона
1. Настоящий Закон регулирует пользование пастбищами.
2. Пастбища используются по плану:
1) летние пастбища;
2) зимние пастбища.
Статья 2. Пастбищный комитет
1. Комитет избирается собранием.
Статья 21. Вставленная статья
Текст вставленной статьи.
Статья 3. Плата за пастбища
Плата вносится в местный бюджет.
Глава 2
Заключительные положения
Статья 4. Вступление в силу
Настоящий Закон вступает в силу со дня опубликования.
"""


def test_word_list_numbering_is_read(tmp_path: Path) -> None:
    pytest.importorskip("docx")
    from benchmarks.messy_lookup import numbered_docx

    path = numbered_docx(CLEAN, tmp_path / "zakon.docx")
    lines = [line for line in read_docx(path).splitlines() if line]
    assert lines[lines.index("Статья 1. Цель Закона") + 1 :][:4] == [
        "1. Настоящий Закон регулирует пользование пастбищами.",
        "2. Пастбища используются по плану:",
        "1) летние пастбища;",
        "2) зимние пастбища.",
    ]
    # points restart per article; 21 (typed by hand) does not move the list on
    assert "1. Комитет избирается собранием." in lines
    assert "Статья 21. Вставленная статья" in lines
    assert "Статья 3. Плата за пастбища" in lines and "Статья 4. Вступление в силу" in lines
    doc = import_file(path, ImportOptions()).documents[0]
    by_article = {p.article: p for p in doc.passages if p.article}
    assert list(by_article) == ["1", "2", "2-1", "3", "4"]
    assert by_article["1"].text.splitlines()[2] == "1) летние пастбища;"
    assert by_article["4"].source == "Глава 2. Заключительные положения"


@pytest.mark.parametrize(
    ("n", "fmt", "text"),
    [
        (3, "decimal", "3"),
        (3, "lowerLetter", "c"),
        (28, "lowerLetter", "bb"),
        (3, "russianLower", "в"),
        (2, "russianUpper", "Б"),
        (14, "upperRoman", "XIV"),
        (4, "lowerRoman", "iv"),
    ],
)
def test_list_number_formats(n: int, fmt: str, text: str) -> None:
    assert _format_number(n, fmt) == text


def test_footnote_marks_are_dropped_after_words_only() -> None:
    lines = clean_lines("Статья 5. Водные объекты¹\nОбъем 5 м³ на 2 км², статья 23¹ и 23² Кодекса.")
    assert lines == ["Статья 5. Водные объекты", "Объем 5 м³ на 2 км², статья 23¹ и 23² Кодекса."]


def test_heading_broken_before_proper_nouns_and_sentences_across_a_page() -> None:
    text = (
        "Статья 92. Недействительность сделок, совершенных с нарушением законодательства\n"
        "Кыргызской Республики\n"
        "Сделки, совершенные с нарушением законодательства, признаются\n"
        "\n- 7 -\n\fЗакон о пастбищах\n(с изменениями по состоянию на 10.12.2021)\n\n"
        "недействительными в судебном порядке.\n"
        "Статья 93. Ответственность\n"
        "Текст статьи.\n"
    )
    pages = "".join(
        f"Статья {n}. Заголовок {n}\nТекст статьи {n}.\n\n- {n} -\n\fЗакон о пастбищах\n"
        "(с изменениями по состоянию на 10.12.2021)\n"
        for n in range(1, 8)
    )
    lines = [line for line in clean_lines(pages + text) if line]
    assert (
        "Статья 92. Недействительность сделок, совершенных с нарушением законодательства "
        "Кыргызской Республики"
    ) in lines
    assert (
        "Сделки, совершенные с нарушением законодательства, признаются недействительными в "
        "судебном порядке."
    ) in lines
    assert not any("изменениями" in line or "Закон о пастбищах" in line for line in lines)


def test_a_sentence_after_a_real_blank_line_is_not_joined() -> None:
    lines = clean_lines("Статья 1. Цель\nпервый абзац без точки\n\nвторой абзац с маленькой буквы.")
    assert [line for line in lines if line] == [
        "Статья 1. Цель",
        "первый абзац без точки",
        "второй абзац с маленькой буквы.",
    ]


def test_text_that_repeats_its_heading() -> None:
    assert split_heading(
        "Кыргыз Республикасынын жер мыйзамдары Кыргыз Республикасынын жер мыйзамдары "
        "Конституцияга негизделет.",
        sentence=True,
    ) == (
        "Кыргыз Республикасынын жер мыйзамдары",
        "Кыргыз Республикасынын жер мыйзамдары Конституцияга негизделет.",
    )


# -- the Kyrgyz and Russian texts in one file (two columns) --------------------------------------

LAWS = Path(__file__).parents[1] / "data" / "laws"


def _pair() -> tuple[list[str], list[str]]:
    ky = (LAWS / "pasture_act_ky.txt").read_text(encoding="utf-8").splitlines()
    ru = (LAWS / "pasture_act_ru.txt").read_text(encoding="utf-8").splitlines()
    n = max(len(ky), len(ru))
    return ky + [""] * (n - len(ky)), ru + [""] * (n - len(ru))


def _check_bilingual(path: Path) -> None:
    result = import_file(path, ImportOptions())
    (doc,) = result.documents
    assert doc.id == "law-31-2022-03-15" and doc.number == "31"
    assert doc.title.ky.endswith("Кыргыз Республикасынын Мыйзамы")
    assert doc.title.ru.endswith("«О сельскохозяйственных пастбищах»")
    by_lang: dict[str, dict] = {"ky": {}, "ru": {}}
    for p in doc.passages:
        if p.article:
            by_lang[p.lang][p.article] = p
    for lang in ("ky", "ru"):
        assert list(by_lang[lang]) == ["1", "2", "2-1", "3", "4"], lang
    assert by_lang["ky"]["1"].text == (
        "Ушул Мыйзам айыл чарба жайыттарын пайдалануунун тартибин аныктайт."
    )
    assert by_lang["ru"]["1"].text == (
        "Настоящий Закон определяет порядок пользования сельскохозяйственными пастбищами."
    )
    assert by_lang["ru"]["4"].source == (
        "Раздел II. Пользование пастбищами › Глава 2. Порядок пользования"
    )
    assert by_lang["ky"]["3"].repealed and by_lang["ru"]["3"].repealed
    assert [r.lang for r in result.reports] == ["ky", "ru"]


def test_two_columns_side_by_side(tmp_path: Path) -> None:
    ky, ru = _pair()
    lines = []
    for a, b in zip(ky, ru, strict=True):
        if a and b:
            lines.append(f"{a:<75}   {b}")
        else:
            lines.append(a or (" " * 78 + b if b else ""))
    path = tmp_path / "columns.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _check_bilingual(path)


def test_two_columns_one_after_the_other_on_each_page(tmp_path: Path) -> None:
    ky, ru = _pair()
    pages = ["\n".join(ky[a:b] + ru[a:b]) for a, b in ((0, 14), (14, 26), (26, len(ky)))]
    path = tmp_path / "pages.txt"
    path.write_text("\n\f".join(pages) + "\n", encoding="utf-8")
    _check_bilingual(path)


def test_two_columns_as_a_word_table(tmp_path: Path) -> None:
    from tests.helpers.importing import write_docx

    ky, ru = _pair()
    rows = [(a, b) if a and b else (a or b) for a, b in zip(ky, ru, strict=True) if a or b]
    _check_bilingual(write_docx(tmp_path / "table.docx", *rows))


def test_one_language_with_a_few_references_stays_one_text(tmp_path: Path) -> None:
    body = "\n".join(
        f"{n}-берене. Жайыт маселеси {n}\nБул берене Статья {n} деп орусча аталат." for n in (1, 2)
    )
    text = (
        "КЫРГЫЗ РЕСПУБЛИКАСЫНЫН МЫЙЗАМЫ\nЖайыттар жөнүндө\n"
        + body
        + "\n"
        + "\n".join(
            f"{n}-берене. Жайыт маселеси {n}\nАйыл өкмөтү жайытты көзөмөлдөйт." for n in range(3, 9)
        )
    )
    path = tmp_path / "ky.txt"
    path.write_text(text, encoding="utf-8")
    (doc,) = import_file(path, ImportOptions()).documents
    assert {p.lang for p in doc.passages} == {"ky"}
    assert [p.article for p in doc.passages if p.article] == [str(n) for n in range(1, 9)]


@pytest.mark.parametrize(
    ("line", "lang"),
    [
        ("1-берене. Ушул Мыйзамдын максаты", "ky"),
        ("Статья 1. Цель настоящего Закона", "ru"),
        ("Жайыт билетин айыл өкмөтү берет.", "ky"),
        ("Пастбищный билет выдает айыл окмоту и комитет.", "ru"),
        ("II бөлүм", "ky"),
        ("Раздел II", "ru"),
        ("2-глава. Пайдалануунун тартиби", "ky"),
        ("Глава 2. Порядок пользования", "ru"),
        ("Жалпы жоболор", None),  # too little to tell: goes with the line before it
        ("45", None),
    ],
)
def test_line_language(line: str, lang: str | None) -> None:
    from knowledge.legal.cleanup import line_language

    assert line_language(line) == lang


@pytest.mark.parametrize(
    ("line", "label"),
    [
        ("II БӨЛҮМ ЖЕРГЕ БОЛГОН УКУКТАР", "II БӨЛҮМ. ЖЕРГЕ БОЛГОН УКУКТАР"),
        ("Глава 2 Порядок пользования", "Глава 2. Порядок пользования"),
        ("2-глава Пайдалануу", "2-глава. Пайдалануу"),
        ("Глава 2. Порядок пользования", "Глава 2. Порядок пользования"),
        ("Глава 2: Порядок", "Глава 2: Порядок"),
        ("Раздел I", "Раздел I"),
    ],
)
def test_division_label_has_its_title_after_a_period(line: str, label: str) -> None:
    """The same label whether the title is on the division's line or on the next one."""
    from knowledge.legal.structure import match_division

    assert match_division(line)[1] == label


def test_heading_broken_before_a_bracket() -> None:
    lines = clean_lines(
        "Статья 12. Права собственника земельного участка и его законного\n(владельца)\n"
        "Текст.\nСтатья 14. Длинный заголовок статьи без точки в конце строки\n"
        "(в редакции Закона КР от 1 мая 2020 года № 5)\nТекст."
    )
    assert lines == [
        "Статья 12. Права собственника земельного участка и его законного (владельца)",
        "Текст.",
        "Статья 14. Длинный заголовок статьи без точки в конце строки",
        "(в редакции Закона КР от 1 мая 2020 года № 5)",  # a note, not the heading's
        "Текст.",
    ]


def test_bilingual_file_is_described_once(tmp_path: Path) -> None:
    ky, ru = _pair()
    pages = ["\n".join(ky[a:b] + ru[a:b]) for a, b in ((0, 14), (14, 26), (26, len(ky)))]
    path = tmp_path / "pages.txt"
    path.write_text("\n\f".join(pages) + "\n", encoding="utf-8")
    described = import_file(path, ImportOptions()).describe()
    assert described == "pages.txt: document law-31-2022-03-15 (law, 10 passages, 5 articles)"


def test_footnote_at_a_page_foot_is_dropped_and_the_sentence_goes_on() -> None:
    text = (
        "Статья 5. Водные объекты¹\nВодные объекты находятся в собственности\n\n"
        "¹ Примечание издателя: текст приводится по официальной публикации.\n\n- 3 -\n\f"
        "государства и используются для нужд населения.\n"
        "¹ Это не сноска: далеко от конца страницы и остается в тексте.\n"
    )
    lines = [line for line in clean_lines(text) if line]
    assert lines == [
        "Статья 5. Водные объекты",
        "Водные объекты находятся в собственности государства и используются для нужд населения.",
        "¹ Это не сноска: далеко от конца страницы и остается в тексте.",
    ]
