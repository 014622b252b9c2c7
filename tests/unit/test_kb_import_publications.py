"""Acts as operators get them from the legal database and from offices: a table of contents at
the top (or the end) of the act, a Word file whose headings are Word's heading styles, a PDF
printed from a browser (the page's address and the time on every page).  The texts are small
acts written for these tests in the style of the published ones (not real acts)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from knowledge.importer import ImportOptions, import_file
from knowledge.legal.cleanup import clean_lines

HEAD = "ЗЕМЕЛЬНЫЙ КОДЕКС КЫРГЫЗСКОЙ РЕСПУБЛИКИ\nот 2 июня 1999 года № 45\n"
BODY = """Глава 1
Общие положения
Статья 1. Земельное законодательство
Земельное законодательство состоит из настоящего Кодекса и иных актов.
Статья 2. Задачи земельного законодательства
Задачами земельного законодательства являются охрана прав на землю.
Глава 2
Права на землю
Статья 3. Утратила силу
Статья 4. Сервитут
1. Сервитут устанавливается по соглашению сторон.
2. Сервитут подлежит государственной регистрации.
"""
CONTENTS = """Содержание
Глава 1. Общие положения
Статья 1. Земельное законодательство
Статья 2. Задачи земельного законодательства
Глава 2. Права на землю
Статья 3. Утратила силу
Статья 4. Сервитут
"""


def _articles(doc) -> dict[str, tuple[str | None, str, str | None]]:
    return {p.article: (p.heading, p.text, p.source) for p in doc.passages if p.article}


def _check_act(path: Path) -> None:
    result = import_file(path, ImportOptions())
    (doc,), report = result.documents, result.reports[0]
    articles = _articles(doc)
    assert list(articles) == ["1", "2", "3", "4"]
    assert len(doc.passages) == 4  # no "Содержание" passage, no contents' lines as text
    assert articles["4"] == (
        "Сервитут",
        "1. Сервитут устанавливается по соглашению сторон.\n"
        "2. Сервитут подлежит государственной регистрации.",
        "Глава 2. Права на землю",  # not "Часть 2 › …": the contents did not open a part
    )
    assert doc.passages[2].repealed
    assert (report.kind, report.number, report.parts, report.divisions) == ("code", "45", 1, 2)
    assert report.contents == 6 and report.empty_articles == 0
    assert any("a table of contents (6 lines) dropped" in line for line in report.lines())


def test_table_of_contents_before_the_act_is_not_articles(tmp_path: Path) -> None:
    path = tmp_path / "code.txt"
    path.write_text(HEAD + CONTENTS + BODY, encoding="utf-8")
    _check_act(path)


def test_table_of_contents_after_the_act_with_page_numbers(tmp_path: Path) -> None:
    # a PDF's contents at its end: dotted leaders and page numbers
    contents = "\n".join(
        line if line == "Содержание" else f"{line} ........ {n}"
        for n, line in enumerate(CONTENTS.splitlines(), start=2)
    )
    path = tmp_path / "code.txt"
    path.write_text(HEAD + BODY + "\nПрезидент Кыргызской Республики\n\n" + contents, "utf-8")
    result = import_file(path, ImportOptions())
    articles = _articles(result.documents[0])
    assert list(articles) == ["1", "2", "3", "4"]
    assert articles["4"][1].endswith("регистрации.")  # neither the contents nor its title
    assert result.reports[0].parts == 1 and result.reports[0].divisions == 2


def test_repealed_articles_in_a_row_are_not_a_table_of_contents(tmp_path: Path) -> None:
    body = BODY.replace(
        "Статья 3. Утратила силу\n",
        "Статья 3. Утратила силу\nСтатья 3-1. Утратила силу\nСтатья 3-2. Утратила силу\n",
    )
    path = tmp_path / "code.txt"
    path.write_text(HEAD + body, encoding="utf-8")
    doc = import_file(path, ImportOptions()).documents[0]
    assert [p.article for p in doc.passages if p.repealed] == ["3", "3-1", "3-2"]
    # with a table of contents listing them too, the table goes and they stay
    contents = CONTENTS.replace(
        "Статья 3. Утратила силу\n",
        "Статья 3. Утратила силу\nСтатья 3-1. Утратила силу\nСтатья 3-2. Утратила силу\n",
    )
    path.write_text(HEAD + contents + body, encoding="utf-8")
    doc = import_file(path, ImportOptions()).documents[0]
    assert [p.article for p in doc.passages if p.repealed] == ["3", "3-1", "3-2"]
    assert [p.article for p in doc.passages] == ["1", "2", "3", "3-1", "3-2", "4"]


def test_kyrgyz_table_of_contents(tmp_path: Path) -> None:
    text = (
        "КЫРГЫЗ РЕСПУБЛИКАСЫНЫН ЖЕР КОДЕКСИ\nБишкек шаары, 1999-жылдын 2-июну № 45\nМазмуну\n"
        "1-берене. Жер мыйзамдары\n2-берене. Күчүн жоготту\n3-берене. Сервитут\n"
        "1-глава\nЖалпы жоболор\n"
        "1-берене. Жер мыйзамдары\nЖер мыйзамдары ушул Кодекстен турат.\n"
        "2-берене. Күчүн жоготту\n"
        "3-берене. Сервитут\nСервитут тараптардын макулдашуусу боюнча белгиленет.\n"
    )
    path = tmp_path / "kodeks.txt"
    path.write_text(text, encoding="utf-8")
    result = import_file(path, ImportOptions())
    doc = result.documents[0]
    assert [(p.article, p.repealed) for p in doc.passages] == [
        ("1", False),
        ("2", True),
        ("3", False),
    ]
    assert {p.source for p in doc.passages} == {"1-глава. Жалпы жоболор"}
    assert doc.title.ky == "Кыргыз Республикасынын Жер кодекси"


def _styled_docx(path: Path, paragraphs: list[tuple[str, str | None]]) -> Path:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for text, style in paragraphs:
        document.add_paragraph(text, style=style)
    document.save(str(path))
    return path


def test_word_heading_styles(tmp_path: Path) -> None:
    path = _styled_docx(
        tmp_path / "code.docx",
        [
            ("ЗЕМЕЛЬНЫЙ КОДЕКС КЫРГЫЗСКОЙ РЕСПУБЛИКИ", "Title"),
            ("от 2 июня 1999 года № 45", None),
            ("Глава 1", "Heading 1"),
            ("Общие положения", "Heading 1"),  # the chapter's title, a paragraph of its own
            ("Статья 1.", "Heading 2"),
            ("Земельное законодательство", "Heading 3"),  # the article's heading
            ("Земельное законодательство состоит из настоящего Кодекса.", None),
            ("Статья 2. Сервитут", "Heading 2"),
            ("Сервитут устанавливается по соглашению сторон.", None),
        ],
    )
    result = import_file(path, ImportOptions())
    doc, report = result.documents[0], result.reports[0]
    assert (report.kind, report.title, report.number) == (
        "code",
        "Земельный кодекс Кыргызской Республики",  # no "# " of the Title style
        "45",
    )
    assert _articles(doc) == {
        "1": (
            "Земельное законодательство",
            "Земельное законодательство состоит из настоящего Кодекса.",
            "Глава 1. Общие положения",
        ),
        "2": (
            "Сервитут",
            "Сервитут устанавливается по соглашению сторон.",
            "Глава 1. Общие положения",
        ),
    }


def test_a_markdown_title_names_the_kind(tmp_path: Path) -> None:
    path = tmp_path / "code.md"
    path.write_text("# Земельный кодекс Кыргызской Республики\n\n" + BODY, encoding="utf-8")
    report = import_file(path, ImportOptions()).reports[0]
    assert (report.kind, report.title) == ("code", "Земельный кодекс Кыргызской Республики")


@pytest.mark.parametrize(
    "line",
    [
        "http://cbd.minjust.gov.kg/act/view/ru-ru/1592?cl=ru-ru",
        "cbd.minjust.gov.kg",
        "www.minjust.gov.kg/ru/content/1",
        "20.03.2024, 15:22",
    ],
)
def test_what_a_browser_prints_on_every_page_is_dropped(line: str) -> None:
    text = f"Земельный кодекс Кыргызской Республики\n{line}\nСтатья 1. Сервитут\nТекст.\n"
    assert clean_lines(text) == [
        "Земельный кодекс Кыргызской Республики",
        "",
        "Статья 1. Сервитут",
        "Текст.",
        "",
    ]


def test_a_date_in_the_text_is_kept() -> None:
    assert clean_lines("Срок истек 20.03.2024.\n") == ["Срок истек 20.03.2024.", ""]


DECREE_RU = """ПОСТАНОВЛЕНИЕ КАБИНЕТА МИНИСТРОВ КЫРГЫЗСКОЙ РЕСПУБЛИКИ

от 15 марта 2022 года № 150

Об утверждении Положения о порядке выпаса скота

В соответствии со статьей 13 Закона Кыргызской Республики "О пастбищах" Кабинет Министров \
Кыргызской Республики постановляет:

1. Утвердить Положение о порядке выпаса скота согласно приложению.
2. Настоящее постановление вступает в силу по истечении десяти дней со дня опубликования.
"""
DECREE_KY = """КЫРГЫЗ РЕСПУБЛИКАСЫНЫН МИНИСТРЛЕР КАБИНЕТИНИН ТОКТОМУ

2022-жылдын 15-марты № 150

Мал жаюунун тартиби жөнүндө жобону бекитүү тууралуу

"Жайыттар жөнүндө" Кыргыз Республикасынын Мыйзамынын 13-беренесине ылайык Кыргыз \
Республикасынын Министрлер Кабинети токтом кылат:

1. Мал жаюунун тартиби жөнүндө жобо тиркемеге ылайык бекитилсин.
2. Ушул токтом расмий жарыяланган күндөн тартып он күн өткөндөн кийин күчүнө кирет.
"""


def test_a_decree_is_named_by_its_title_not_by_the_act_its_preamble_quotes(
    tmp_path: Path,
) -> None:
    path = tmp_path / "decree.txt"
    path.write_text(DECREE_RU, encoding="utf-8")
    report = import_file(path, ImportOptions()).reports[0]
    assert (report.kind, report.number, str(report.date)) == (
        "government_decree",
        "150",
        "2022-03-15",
    )
    assert report.title == (
        "Постановление Кабинета Министров Кыргызской Республики от 15 марта 2022 года № 150 "
        "«Об утверждении Положения о порядке выпаса скота»"
    )
    path.write_text(DECREE_KY, encoding="utf-8")
    report = import_file(path, ImportOptions()).reports[0]
    assert (report.kind, report.lang, report.number) == ("government_decree", "ky", "150")
    assert report.title == (
        "Кыргыз Республикасынын Министрлер Кабинетинин 2022-жылдын 15-мартындагы №150 "
        "«Мал жаюунун тартиби жөнүндө жобону бекитүү тууралуу» токтому"
    )


def test_an_amending_law_keeps_its_whole_name(tmp_path: Path) -> None:
    path = tmp_path / "law.txt"
    path.write_text(
        "ЗАКОН КЫРГЫЗСКОЙ РЕСПУБЛИКИ\n"
        'О внесении изменений в Закон Кыргызской Республики "О местном самоуправлении"\n'
        "от 20 октября 2021 года № 124\n"
        "Статья 1.\nВнести в Закон следующие изменения.\n"
        "Статья 2.\nНастоящий Закон вступает в силу со дня опубликования.\n",
        encoding="utf-8",
    )
    report = import_file(path, ImportOptions()).reports[0]
    assert report.title == (
        "Закон Кыргызской Республики от 20 октября 2021 года № 124 «О внесении изменений в "
        "Закон Кыргызской Республики "
        '"О местном самоуправлении"»'
    )


def test_the_date_line_under_the_name_is_not_part_of_it() -> None:
    lines = clean_lines("О водных отношениях (извлечение)\nот 1 марта 2001 года № 11\n")
    assert lines[:2] == ["О водных отношениях (извлечение)", "от 1 марта 2001 года № 11"]
    # a sentence wrapped before "от" still is one line
    assert clean_lines("В соответствии с Законом\nот 1 марта 2001 года № 11 о водах.\n")[0] == (
        "В соответствии с Законом от 1 марта 2001 года № 11 о водах."
    )


def test_articles_numbered_anew_in_each_chapter(tmp_path: Path) -> None:
    from knowledge.search.citation import format_citation
    from tests.helpers.kb import engine_of

    chapters = {
        1: ("Общие положения", ["Цели закона", "Понятия"]),
        2: ("Права пастбищепользователей", ["Право на выпас", "Пастбищный билет"]),
        3: ("Плата за пастбища", ["Размер платы", "Зачисление платы"]),
    }
    text = "ЗАКОН КЫРГЫЗСКОЙ РЕСПУБЛИКИ\nО пастбищах\nот 1 марта 2001 года № 11\n"
    for n, (title, headings) in chapters.items():
        text += f"Глава {n}. {title}\n"
        for k, heading in enumerate(headings, start=1):
            text += f"Статья {k}. {heading}\nТекст о том, что {heading.lower()} (глава {n}).\n"
    path = tmp_path / "law.txt"
    path.write_text(text, encoding="utf-8")
    result = import_file(path, ImportOptions())
    doc, report = result.documents[0], result.reports[0]
    assert [p.article for p in doc.passages] == ["1", "2"] * 3
    assert report.in_chapters and report.parts == 3
    assert not any(p.source.startswith("Часть") for p in doc.passages)  # no "parts" invented
    line = next(x for x in report.lines() if "chapters/sections" in x)
    assert "numbered anew in each chapter" in line and "parts" not in line
    second = next(p for p in doc.passages if p.heading == "Пастбищный билет")
    assert format_citation(doc, second, "ru").endswith(", глава 2, статья 2 «Пастбищный билет»")
    assert ", 2-глава, 2-берене" in format_citation(doc, second, "ky")
    engine = engine_of(doc)
    for question in ("статья 2 главы 2", "глава 2 статья 2", "2-глава 2-берене"):
        found = engine.search(question)
        assert found.status == "answered" and found.results[0].passage_id == second.id
    found = engine.search("статья 2")  # which chapter's? all three are offered
    assert found.status == "suggest"
    assert {h.passage_id for h in found.results} == {"pt1-a2-ru", "pt2-a2-ru", "pt3-a2-ru"}


def test_the_second_part_of_a_code_is_cited_with_its_part(tmp_path: Path) -> None:
    from knowledge.search.citation import format_citation

    text = (
        "ГРАЖДАНСКИЙ КОДЕКС КЫРГЫЗСКОЙ РЕСПУБЛИКИ\nот 8 мая 1996 года № 15\n"
        "ЧАСТЬ ПЕРВАЯ\nСтатья 1. Отношения\nТекст первой части.\n"
        "Статья 2. Участники\nТекст первой части.\n"
        "ЧАСТЬ ВТОРАЯ\nСтатья 1. Договор\nТекст второй части.\n"
    )
    path = tmp_path / "code.txt"
    path.write_text(text, encoding="utf-8")
    doc = import_file(path, ImportOptions()).documents[0]
    first, second = (p for p in doc.passages if p.article == "1")
    assert format_citation(doc, first, "ru").endswith(", статья 1 «Отношения»")
    assert format_citation(doc, second, "ru").endswith(", часть 2, статья 1 «Договор»")
    assert ", 2-бөлүк, 1-берене" in format_citation(doc, second, "ky")


REGULATION = """
Председатель Кабинета Министров
Кыргызской Республики А.Жапаров

Приложение

ПОЛОЖЕНИЕ
о порядке выпаса скота

1. Общие положения

1. Настоящее Положение определяет порядок выпаса скота.
2. Участки для выпаса предоставляет айыл окмоту.

2. Порядок подачи заявления

3. Заявление подается в айыл окмоту в письменной форме.
4. Айыл окмоту рассматривает заявление в течение 15 рабочих дней.
"""


def test_a_decree_of_points_with_its_regulation_attached(tmp_path: Path) -> None:
    from knowledge.search.citation import format_citation

    path = tmp_path / "decree.txt"
    path.write_text(DECREE_RU + REGULATION, encoding="utf-8")
    result = import_file(path, ImportOptions())
    doc, report = result.documents[0], result.reports[0]
    assert report.kind == "government_decree" and report.articles == 0
    texts = [p.text for p in doc.passages]
    assert not any("Жапаров" in text for text in texts)  # the signature is no passage
    regulation = "Приложение. Положение о порядке выпаса скота"
    assert [(p.source, p.text.split("\n")[0]) for p in doc.passages[2:]] == [
        (regulation, "ПОЛОЖЕНИЕ о порядке выпаса скота"),  # the title stays searchable
        (
            f"{regulation} › 1. Общие положения",
            "1. Настоящее Положение определяет порядок выпаса скота.",
        ),
        (
            f"{regulation} › 2. Порядок подачи заявления",
            "3. Заявление подается в айыл окмоту в письменной форме.",
        ),
    ]
    assert doc.passages[-1].text.endswith("в течение 15 рабочих дней.")
    assert format_citation(doc, doc.passages[-1], "ru") == (
        "Постановление Кабинета Министров Кыргызской Республики от 15 марта 2022 года № 150 "
        "«Об утверждении Положения о порядке выпаса скота», "
        "приложение «Положение о порядке выпаса скота»"
    )
    assert ", тиркеме" in format_citation(doc, doc.passages[-1], "ky")


def test_the_appendix_of_a_code_is_cited_and_its_table_keeps_its_rows(tmp_path: Path) -> None:
    from knowledge.search.citation import format_citation

    text = (
        HEAD
        + BODY
        + "Президент Кыргызской Республики\nА.Акаев\n\nПриложение 2\nк Земельному кодексу\n\n"
        + "Таблица ставок\nВид земель | Ставка\nПашня | 2,5\nПастбища | 0,5\n"
    )
    path = tmp_path / "code.txt"
    path.write_text(text, encoding="utf-8")
    doc = import_file(path, ImportOptions()).documents[0]
    table = doc.passages[-1]
    assert table.source == "Приложение 2 к Земельному кодексу"
    assert table.text == "Таблица ставок\nВид земель | Ставка\nПашня | 2,5\nПастбища | 0,5"
    assert format_citation(doc, table, "ru").endswith("№ 45, приложение 2")
    assert format_citation(doc, table, "ky").endswith("№ 45 Жер кодекси, 2-тиркеме")


@pytest.mark.parametrize(
    ("header", "title"),
    [
        (
            "НАЛОГОВЫЙ КОДЕКС КЫРГЫЗСКОЙ РЕСПУБЛИКИ\n(Общая часть)\nот 18 января 2022 года № 3",
            "Налоговый кодекс Кыргызской Республики (Общая часть)",
        ),
        (
            "НАЛОГОВЫЙ КОДЕКС КЫРГЫЗСКОЙ РЕСПУБЛИКИ\n(ОСОБЕННАЯ ЧАСТЬ)\nот 18 января 2022 года № 4",
            "Налоговый кодекс Кыргызской Республики (Особенная часть)",
        ),
        (
            "БЮДЖЕТНЫЙ КОДЕКС КЫРГЫЗСКОЙ РЕСПУБЛИКИ\n(В редакции Закона КР от 8 августа 2019 года "
            "№ 113)\nг.Бишкек\nот 16 мая 2016 года № 59",
            "Бюджетный кодекс Кыргызской Республики",
        ),
    ],
)
def test_a_code_keeps_the_part_it_is(tmp_path: Path, header: str, title: str) -> None:
    # the general and the special part of the Tax Code are two acts: their titles tell them apart
    path = tmp_path / "code.txt"
    path.write_text(header + "\n" + BODY, encoding="utf-8")
    report = import_file(path, ImportOptions()).reports[0]
    assert (report.kind, report.title) == ("code", title)


def test_letters_that_are_no_words_are_refused(tmp_path: Path) -> None:
    from tests.helpers.importing import refused

    # a scan's text recognition gone wrong: letters mixed with signs and digits
    rng = random.Random(3)
    garbage = "\n".join(
        "".join(rng.choice("оаеитнсрвл ,.;'ьъ1lI| ") for _ in range(70)) for _ in range(20)
    )
    error = refused(tmp_path / "scan.txt", garbage, match="are words")
    assert "text recognition" in str(error)
    # the right text in the wrong encoding (Windows-1251 read as Latin-1)
    text = HEAD + BODY * 5
    refused(tmp_path / "latin.txt", text.encode("cp1251").decode("latin-1"), "cannot structure")
    assert import_file(_write(tmp_path / "ok.txt", text)).documents  # the same text, readable


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path
