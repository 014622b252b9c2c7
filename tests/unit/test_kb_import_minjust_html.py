"""An act saved as a web page from the Ministry of Justice's legal database: the act's
paragraphs carry classes "tkGrif", "tkRekvizit", "tkNazvanie", "tkZagolovok…", "tkTekst",
"tkPodpis"; the page around them has the site's menus, buttons and footer.  The pages here
are written for these tests (no real page)."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.importer import ImportOptions, import_file
from knowledge.legal.readers import read_html


def make_page(*, classes: bool = True, articles: int = 6, closed: bool = True) -> str:
    def p(cls: str, text: str) -> str:
        attr = f' class="{cls}"' if classes else ""
        return f"<p{attr}>{text}" + ("</p>" if closed else "") + "\n"

    body = "".join(
        p("tkZagolovok5", f"Статья {n}. Порядок выпаса скота {n}")
        + p("tkTekst", f'1. Выпас ведется по плану <a href="/act/1">айыл окмоту</a> № {n}.')
        + p("tkTekst", "2. План утверждается местным кенешем.")
        for n in range(1, articles + 1)
    )
    return (
        '<!DOCTYPE html><html><head><meta charset="windows-1251"><title>Сайт</title>'
        '<script>var a = "Статья 99. Не текст";</script></head><body>'
        '<div class="top"><a href="/">Централизованный банк данных правовой информации</a>'
        "<ul><li><a>Главная</a></li><li><a>Поиск</a></li><li><a>Кыргызча</a></li></ul></div>"
        '<div class="tools"><a>Версия для печати</a> <a>Скачать</a></div><div id="doc">'
        + p("tkGrif", "ЗАКОН КЫРГЫЗСКОЙ РЕСПУБЛИКИ")
        + p("tkRekvizit", "от 14 марта 2011 года № 52")
        + p("tkNazvanie", "О выпасе скота")
        + p("tkRedakcijaSpisok", "(В редакции Закона КР от 4 мая 2015 года № 98)")
        + p("tkZagolovok3", "Глава 1<br>Общие положения")
        + body
        + p("tkPodpis", "Президент Кыргызской Республики")
        + p("tkPodpis", "Р.Отунбаева")
        + '</div><div class="bottom">© 2024 Министерство юстиции Кыргызской Республики. '
        "Все права защищены.</div><nav><a>Статья 1. Ссылка меню</a></nav></body></html>"
    )


@pytest.mark.parametrize("closed", [True, False])
def test_only_the_acts_paragraphs_are_read(tmp_path: Path, closed: bool) -> None:
    path = tmp_path / "act.html"
    path.write_bytes(make_page(closed=closed).encode("cp1251"))
    text = read_html(path)
    assert text.split()[:3] == ["ЗАКОН", "КЫРГЫЗСКОЙ", "РЕСПУБЛИКИ"]
    for chrome in ("Главная", "Поиск", "Версия для печати", "©", "Ссылка меню", "Не текст"):
        assert chrome not in text
    result = import_file(path, ImportOptions())
    doc, report = result.documents[0], result.reports[0]
    assert (report.number, report.date.isoformat(), report.kind) == ("52", "2011-03-14", "law")
    assert report.title.endswith("«О выпасе скота»")
    assert [p.article for p in doc.passages] == [str(n) for n in range(1, 7)]
    assert doc.passages[-1].text == (
        "1. Выпас ведется по плану айыл окмоту № 6.\n2. План утверждается местным кенешем."
    )
    assert doc.amendments == ["(В редакции Закона КР от 4 мая 2015 года № 98)"]


def test_page_without_the_databases_classes_loses_its_menus_and_footer(tmp_path: Path) -> None:
    path = tmp_path / "act.html"
    path.write_bytes(make_page(classes=False).encode("cp1251"))
    result = import_file(path, ImportOptions())
    doc = result.documents[0]
    assert [p.article for p in doc.passages] == [str(n) for n in range(1, 7)]
    last = doc.passages[-1].text
    assert "Все права защищены" not in last and "Отунбаева" not in last
    assert "Ссылка меню" not in " ".join(p.text for p in doc.passages)  # <nav> skipped


def test_a_few_classed_paragraphs_do_not_hide_the_rest(tmp_path: Path) -> None:
    # a page with one or two "tk…" paragraphs is not the database's act layout
    html = (
        '<html><body><p class="tkTekst">Закон</p><p>Статья 1. Цель</p><p>1. Текст статьи.</p>'
        "<p>Статья 2. Задачи</p><p>1. Другой текст.</p></body></html>"
    )
    path = tmp_path / "few.html"
    path.write_text(html, encoding="utf-8")
    assert "Статья 2. Задачи" in read_html(path)
