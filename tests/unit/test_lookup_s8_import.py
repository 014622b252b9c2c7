"""Session 8, import: a table of contents without "Статья N" lines (points, chapters or
sections with dotted leaders and page numbers) is dropped, and a page laid out in two columns
of one language is read column by column — in Russian and in Kyrgyz."""

from __future__ import annotations

import re
from pathlib import Path

from knowledge.importer import ImportOptions, import_file
from knowledge.legal.cleanup import clean_lines, unfold_columns
from tests.unit.test_lookup_s8_points import DECREE

CONTENTS_RU = (
    "СОДЕРЖАНИЕ\n1. Общие положения ............ 3\n2. Порядок подачи заявления ............ 4\n"
    "3. Заключительные положения .......... 5\n\n"
)
HEAD = "ПОЛОЖЕНИЕ\nо порядке выпаса скота\n\n"


def test_a_regulations_contents_of_points_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "decree.txt"
    path.write_text(DECREE.replace(HEAD, HEAD + CONTENTS_RU), encoding="utf-8")
    doc = import_file(path, ImportOptions()).documents[0]
    texts = "\n".join(p.text for p in doc.passages)
    assert "......" not in texts and "СОДЕРЖАНИЕ" not in texts
    assert all("Содержание" not in (p.source or "") for p in doc.passages)
    assert doc.passages[-1].text.startswith("3. Заявление подается")


def test_a_codes_contents_of_chapters_is_dropped(tmp_path: Path) -> None:
    text = (
        "ЗЕМЕЛЬНЫЙ КОДЕКС КЫРГЫЗСКОЙ РЕСПУБЛИКИ\nот 2 июня 1999 года № 45\n\nОглавление\n"
        "Глава 1. Общие положения ........ 3\nГлава 2. Права на землю ......... 7\n"
        "Глава 3. Аренда ........ 12\n\n"
        "Глава 1. Общие положения\nСтатья 1. Задачи\nТекст первой статьи.\n"
        "Глава 2. Права на землю\nСтатья 2. Право\nТекст второй.\n"
        "Глава 3. Аренда\nСтатья 3. Аренда земли\nТекст третьей.\n"
    )
    path = tmp_path / "code.txt"
    path.write_text(text, encoding="utf-8")
    result = import_file(path, ImportOptions())
    doc, report = result.documents[0], result.reports[0]
    assert [p.article for p in doc.passages] == ["1", "2", "3"]
    assert report.divisions == 3  # the chapters once, not listed again by the contents


def test_a_kyrgyz_contents_without_articles_is_dropped() -> None:
    lines = clean_lines(
        "МАЗМУНУ\n1-глава. Жалпы жоболор ....... 3\n2-глава. Жерге укук ....... 7\n"
        "3-глава. Ижара ........ 12\n\n1-глава. Жалпы жоболор\n"
    )
    assert [x for x in lines if x] == ["1-глава. Жалпы жоболор"]


def test_contents_of_articles_are_left_to_the_parser() -> None:
    text = "Статья 1. Задачи ..... 3\nСтатья 2. Цели ..... 3\nСтатья 3. Права ..... 4\n"
    assert [x for x in clean_lines(text) if x] == text.strip().split("\n")


def _two_columns(left: list[str], right: list[str], width: int = 48) -> str:
    return "\n".join(f"{a:<{width}}{b}".rstrip() for a, b in zip(left, right, strict=True)) + "\n"


def test_two_columns_of_one_language_are_read_column_by_column(tmp_path: Path) -> None:
    left = [
        "ЗЕМЕЛЬНЫЙ КОДЕКС",
        "от 2 июня 1999 года № 45",
        "Статья 1. Задачи",
        "Задачами земельного законодательства",
        "являются регулирование отношений",
        "по использованию земель.",
        "Статья 2. Цели",
        "Целью является охрана",
        "земель сельскохозяйственного назначения.",
    ]
    right = [
        "",
        "",
        "Статья 3. Права",
        "Граждане имеют право на",
        "земельный участок в порядке,",
        "установленном законом.",
        "Статья 4. Аренда",
        "Аренда земель осуществляется",
        "по договору аренды.",
    ]
    path = tmp_path / "columns.txt"
    path.write_text(_two_columns(left, right), encoding="utf-8")
    doc = import_file(path, ImportOptions()).documents[0]
    assert [(p.article, p.heading) for p in doc.passages] == [
        ("1", "Задачи"),
        ("2", "Цели"),
        ("3", "Права"),
        ("4", "Аренда"),
    ]
    third = doc.passages[2].text
    assert third.startswith("Граждане имеют право на земельный участок")


def test_kyrgyz_two_columns_are_read_column_by_column() -> None:
    left = [
        "1-берене. Максаты",
        "Бул кодекс жер мамилелерин",
        "жөнгө салат.",
        "2-берене. Түшүнүктөр",
    ]
    left += ["Ушул кодексте колдонулуучу", "түшүнүктөр төмөнкүлөр."]
    right = [
        "3-берене. Укуктар",
        "Жарандар жер тилкесине",
        "ээ болууга укуктуу.",
        "4-берене. Ижара",
    ]
    right += ["Жер ижарасы келишим боюнча", "ишке ашырылат."]
    text, split = unfold_columns(_two_columns(left, right)) or ("", 0)
    lines = [x for x in re.split(r"[\n\f]", text) if x]  # the column's end is a page's
    assert lines == left + right and split == 6


def test_a_table_among_the_text_is_no_columns() -> None:
    text = (
        "Статья 5. Ставки\nСтавки земельного налога устанавливаются по таблице:\n"
        "Пашня       2,5\nПастбища       0,5\nСенокосы       0,7\n"
        "Ставки пересматриваются ежегодно Кабинетом Министров.\n"
        "Статья 6. Льготы\nОт налога освобождаются ветераны и инвалиды.\n"
        "Льготы предоставляются органом местного самоуправления.\n"
        "Статья 7. Сроки\nНалог уплачивается до 1 октября.\n"
    )
    assert unfold_columns(text) is None


def test_a_heading_wrapped_at_a_narrow_column_is_one_heading(tmp_path: Path) -> None:
    text = (
        "ВОДНЫЙ КОДЕКС КЫРГЫЗСКОЙ РЕСПУБЛИКИ\nот 12 января 2005 года № 8\n"
        "Статья 3. Водное законодательство Кыргызской\nРеспублики\n"
        "1. Водные отношения регулируются Конституцией.\n"
        "Статья 7. Компетенция Жогорку Кенеша\nКыргызской Республики в области управления\n"
        "водными ресурсами\nВ компетенцию Жогорку Кенеша входит:\n- принятие законов.\n"
        "Статья 8. Права граждан\nКыргызской Республики принадлежат права на воду.\n"
        "Статья 99. Вступление в силу настоящего\nКодекса\n1. Настоящий Кодекс вступает в силу.\n"
    )
    path = tmp_path / "code.txt"
    path.write_text(text, encoding="utf-8")
    doc = import_file(path, ImportOptions()).documents[0]
    assert [p.heading for p in doc.passages] == [
        "Водное законодательство Кыргызской Республики",
        "Компетенция Жогорку Кенеша Кыргызской Республики в области управления водными ресурсами",
        "Права граждан",  # the text's sentence is not taken into the heading
        "Вступление в силу настоящего Кодекса",
    ]


def test_a_kyrgyz_heading_wrapped_after_jana_is_one_heading() -> None:
    lines = clean_lines(
        "5-берене. Жер участокторун ээлери жана\nпайдалануучулары\nТекст.\n"
        "6-берене. Кыргыз\nРеспубликасынын жер фонду\nТекст.\n"
        "7-берене. Жерди пайдалануунун тартиби жана\nЭрежелери\nТекст.\n"
    )
    assert next(x for x in lines if x) == "5-берене. Жер участокторун ээлери жана пайдалануучулары"
    assert "7-берене. Жерди пайдалануунун тартиби жана Эрежелери" in lines
