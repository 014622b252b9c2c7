"""Importing acts as they are published: messy PDF extractions, Kyrgyz/Russian pairs, metadata.

The fixtures in tests/data/laws are small texts written for these tests (not real law text);
the real Water Code in /work/shared/corpus is used when present.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from benchmarks.import_speed import article_counts, messy_code_text
from knowledge import importer
from knowledge.importer import ImportOptions, import_file, import_files, merge_by_id
from knowledge.legal import readers
from knowledge.legal.metadata import guess_kind, normal_case, number_and_date
from knowledge.legal.structure import match_article, match_division
from knowledge.loader import KnowledgeFileError
from knowledge.models import DocKind, DocStatus
from tests.helpers.importing import imported, refused, write_docx
from tests.unit.test_kb_importer import make_pdf

LAWS = Path(__file__).parents[1] / "data" / "laws"
WATER_CODE = Path("/work/shared/corpus/kg_water_code_ru.txt")


def article_list(doc) -> list[str]:
    return [p.article for p in doc.passages if p.article and "-part" not in p.id]


def assert_no_junk(doc) -> None:
    for passage in doc.passages:
        text = passage.text
        assert any(ch.isalpha() for ch in text), passage
        assert "=====" not in text and "Страница" not in text, passage
        assert not text.startswith("(В редакции"), passage
        assert not match_article(text.splitlines()[0]), passage  # no heading line in the text


# -- structure ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Статья 13. Компетенция айыл окмоту", ("13", "Компетенция айыл окмоту")),
        ("Статья 13", ("13", "")),
        ("Статья 13.", ("13", "")),
        ("**Статья 7.** Сессии", ("7", "Сессии")),
        ("Статья 1 098. Возмещение вреда", ("1098", "Возмещение вреда")),
        ("Статья 23-1. Вставная", ("23-1", "Вставная")),
        ("Статья 23.1. Вставная", ("23-1", "Вставная")),
        ("Статья 23¹. Вставная", ("23-1", "Вставная")),
        ("СТАТЬЯ 5. ОБЩИЕ ПОЛОЖЕНИЯ", ("5", "ОБЩИЕ ПОЛОЖЕНИЯ")),
        ("13-берене. Айыл өкмөтүнүн компетенциясы", ("13", "Айыл өкмөтүнүн компетенциясы")),
        ("13-берене", ("13", "")),
        ("16-1-берене. Кошумча", ("16-1", "Кошумча")),
        ("Берене 4. Акы", ("4", "Акы")),
        ("Статья 5 настоящего Закона применяется", None),  # a reference, not a heading
        ("Статьями 5 и 6 установлено", None),
        ("13-беренесинде көрсөтүлгөн", None),
        ("1. Настоящий Кодекс регулирует", None),
    ],
)
def test_article_headings(line: str, expected) -> None:
    assert match_article(line) == expected


@pytest.mark.parametrize(
    ("line", "level"),
    [
        ("Глава 2", 3),
        ("ГЛАВА 2. ОБЩИЕ ПОЛОЖЕНИЯ", 3),
        ("2-глава. Жалпы жоболор", 3),
        ("3-бап. Жер", 3),
        ("РАЗДЕЛ I. ОБЩИЕ ПОЛОЖЕНИЯ", 1),
        ("I бөлүм", 1),
        ("II бөлүм. Жайыттар", 1),
        ("Подраздел 2. Сделки", 2),
        ("ЧАСТЬ ВТОРАЯ", 0),
        ("Экинчи бөлүк", 0),
        ("Параграф 1. Общие правила", 4),
        ("§ 3. Аренда", 4),
        ("Часть 2 статьи 5 не применяется", None),
        ("глава айыл окмоту", None),
        ("Главой 3 настоящего Кодекса", None),
    ],
)
def test_division_headings(line: str, level) -> None:
    found = match_division(line)
    assert (found[0] if found else None) == level


def test_messy_pdf_style_code() -> None:
    result = import_file(LAWS / "messy_pasture_code_ru.txt")
    doc = result.documents[0]
    assert doc.kind is DocKind.code
    assert doc.title.ru == "Пастбищный кодекс Кыргызской Республики" and doc.title.ky is None
    assert (doc.number, doc.date) == ("27", dt.date(2019, 3, 14))
    assert doc.id == "code-27-2019-03-14"
    assert doc.issuer and doc.issuer.ru == "Жогорку Кенеш Кыргызской Республики"
    assert doc.status is DocStatus.amended
    assert doc.amendments == [
        "(В редакции Законов КР от 5 мая 2020 года № 51, 12 августа 2022 года № 88)",
        "Статья 4: (В редакции Закона КР от 12 августа 2022 года № 88)",
    ]
    assert doc.source is None  # never the file name
    assert article_list(doc) == [
        *("1", "2", "3", "4", "4-1", "5", "5-1", "6"),  # 4-1 written so, 5-1 flattened to "51"
        *("1", "2", "1098", "1099"),  # part two restarts; "1 098" broken by a space
    ]
    by_id = {p.id: p for p in doc.passages}
    assert len(by_id) == len(doc.passages) == 12
    first = by_id["a1-ru"]
    assert first.heading == "Отношения, регулируемые настоящим Кодексом"  # from the repeated line
    assert first.text == (
        "1. Настоящий Кодекс регулирует отношения по использованию пастбищ, находящихся в ведении "
        "айыл окмоту.\n2. Отношения, не урегулированные настоящим Кодексом, регулируются иными "
        "нормативными правовыми актами."
    )  # hyphenation and the hard wrap joined, points kept one per line
    assert first.source == "Часть первая › Раздел I. Общие положения › Глава 1. Основные начала"
    assert by_id["a2-ru"].text.splitlines() == [
        "Пастбищный комитет:",
        "1) составляет план использования пастбищ;",
        "2) выдает пастбищные билеты;",
        "а) на летние пастбища;",
        "б) на зимние пастбища.",
    ]
    assert (by_id["a3-ru"].repealed, by_id["a3-ru"].text) == (True, "Утратила силу")
    assert by_id["a4-ru"].text == "Размер платы устанавливается местным кенешем ежегодно."
    assert by_id["a5-ru"].repealed and by_id["a5-ru"].heading is None
    assert by_id["a5.1-ru"].heading == "Электронный реестр пастбищных билетов"
    assert by_id["a6-ru"].text == "Споры о пользовании пастбищами разрешаются в судебном порядке."
    second = by_id["pt2-a1-ru"]
    assert second.heading == "Отгонные пастбища"
    assert second.source == (
        "Часть вторая › Раздел II. Отдельные виды пастбищ › Глава 2. Летние пастбища"
    )
    assert by_id["pt2-a2-ru"].text.endswith("с учетом состояния травостоя.")
    last = by_id["pt2-a1099-ru"]
    assert last.text == "Настоящий Кодекс вступает в силу со дня официального опубликования."
    assert sum(p.repealed for p in doc.passages) == 2
    assert_no_junk(doc)

    report = result.reports[0]
    assert (report.articles, report.headings, report.repealed, report.parts) == (12, 10, 2, 2)
    assert report.divisions == 6 and report.amendments == 2 and report.dropped_lines >= 10
    assert report.missing == ["url"]


def test_kyrgyz_act_with_berene_and_bolum() -> None:
    result = import_file(LAWS / "pasture_act_ky.txt")
    doc = result.documents[0]
    assert (doc.kind, doc.number, doc.date) == (DocKind.law, "31", dt.date(2022, 3, 15))
    assert doc.title.ky == (
        "2022-жылдын 15-мартындагы №31 «Айыл чарба жайыттары жөнүндө» "
        "Кыргыз Республикасынын Мыйзамы"
    )
    assert [(p.article, p.heading) for p in doc.passages] == [
        ("1", "Ушул Мыйзамдын максаты"),
        ("2", "Негизги түшүнүктөр"),  # heading on the line after "2-берене"
        ("2-1", "Жайыт билети"),
        ("3", None),
        ("4", "Жайыт үчүн акы"),
    ]
    by_article = {p.article: p for p in doc.passages}
    assert by_article["3"].repealed and by_article["3"].text == "Күчүн жоготту"
    assert by_article["1"].source == "I бөлүм. Жалпы жоболор › 1-глава. Негизги жоболор"
    assert (
        by_article["4"].source == "II бөлүм. Жайыттарды пайдалануу › 2-глава. Пайдалануунун тартиби"
    )
    assert by_article["4"].text == (
        "1. Акынын өлчөмүн жергиликтүү кеңеш белгилейт.\n2. Акы жергиликтүү бюджетке түшөт."
    )  # the President's signature is cut
    assert doc.amendments == [
        "(КР 2023-жылдын 5-июлундагы № 140 Мыйзамынын редакциясында)",
        "2-1-берене: (КР 2023-жылдын 5-июлундагы № 140 Мыйзамынын редакциясында)",
    ]
    assert all(p.lang == "ky" for p in doc.passages)
    assert_no_junk(doc)


def test_kyrgyz_and_russian_texts_of_one_act_become_one_document() -> None:
    results = import_files([LAWS / "pasture_act_ky.txt", LAWS / "pasture_act_ru.txt"])
    (doc,) = merge_by_id(d for r in results for d in r.documents)
    assert doc.id == "law-31-2022-03-15"
    assert doc.title.ky.endswith("Кыргыз Республикасынын Мыйзамы")
    assert doc.title.ru == (
        "Закон Кыргызской Республики от 15 марта 2022 года № 31 «О сельскохозяйственных пастбищах»"
    )
    langs = Counter(p.lang for p in doc.passages)
    assert langs == {"ky": 5, "ru": 5}
    assert len({p.id for p in doc.passages}) == 10
    ru = {p.article: p for p in doc.passages if p.lang == "ru"}
    assert ru["2"].heading == "Основные понятия"  # "Статья 2." with the heading on the next line
    assert ru["3"].repealed
    assert len(doc.amendments) == 4  # the notes of both texts


def test_file_without_title_line(tmp_path: Path) -> None:
    result = import_file(LAWS / "no_title_ru.txt")
    doc = result.documents[0]
    assert doc.title.ru == "Документ без названия"  # never "Раздел I. Общие положения"
    assert result.reports[0].missing == ["title", "kind", "number", "date", "url"]
    assert "not found: title, kind, number, date, url" in "\n".join(result.details())
    assert [p.source for p in doc.passages] == [
        "Раздел I. Общие положения",
        "Раздел I. Общие положения",
        "Раздел II. Заключительные положения",
    ]
    given = ImportOptions(
        title="Положение о сходах граждан",
        kind=DocKind.regulation,
        number="5",
        date=dt.date(2020, 2, 3),
        url="https://example.org/act/5",
        aliases=["Положение о сходах", " "],
    )
    result = import_file(LAWS / "no_title_ru.txt", given)
    doc = result.documents[0]
    assert (doc.title.ru, doc.kind, doc.id) == (
        "Положение о сходах граждан",
        DocKind.regulation,
        "reg-5-2020-02-03",
    )
    assert doc.source_url == "https://example.org/act/5" and doc.aliases == ["Положение о сходах"]
    assert result.reports[0].missing == []


def test_junk_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeFileError, match="cannot structure the text"):
        import_file(LAWS / "junk_only.txt")
    headings_only = "Статья 1\n=====\nСтатья 2\n45\nСтатья 3\n"
    refused(tmp_path / "headings.txt", headings_only, "no article has any text")
    refused(tmp_path / "few.txt", "Лист 1\n\n-----\n12\n", "cannot structure")


def test_synthetic_messy_code_article_recall() -> None:
    text, expected = messy_code_text([260, 140], seed=11)
    doc, report = importer.parse_act(
        text, path=Path("synthetic.txt"), options=ImportOptions(lang="ru")
    )
    counts = article_counts(doc)
    found_once = sum(counts.get(key) == 1 for key in expected)
    assert found_once / len(expected) >= 0.98
    assert set(counts) <= set(expected)  # no invented article numbers
    assert report.parts == 2 and doc.kind is DocKind.code
    assert_no_junk(doc)
    assert all(p.article for p in doc.passages)  # nothing outside the articles
    assert not any("Учебный документ" in f"{p.text} {p.source}" for p in doc.passages)
    assert all(p.heading for p in doc.passages if p.article and not p.repealed)


# -- metadata -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        (["ВОДНЫЙ КОДЕКС КЫРГЫЗСКОЙ РЕСПУБЛИКИ"], DocKind.code),
        (["КЫРГЫЗ РЕСПУБЛИКАСЫНЫН СУУ КОДЕКСИ"], DocKind.code),
        (["ЗАКОН КЫРГЫЗСКОЙ РЕСПУБЛИКИ", "О введении в действие Земельного кодекса"], DocKind.law),
        (["Кыргыз Республикасынын Мыйзамы"], DocKind.law),
        (["КОНСТИТУЦИЯ КЫРГЫЗСКОЙ РЕСПУБЛИКИ"], DocKind.constitution),
        (["ПОСТАНОВЛЕНИЕ", "КАБИНЕТА МИНИСТРОВ КЫРГЫЗСКОЙ РЕСПУБЛИКИ"], DocKind.government_decree),
        (["ПОСТАНОВЛЕНИЕ ЖОГОРКУ КЕНЕША КЫРГЫЗСКОЙ РЕСПУБЛИКИ"], DocKind.parliament_decree),
        (["Кыргыз Республикасынын Өкмөтүнүн токтому"], DocKind.government_decree),
        (["УКАЗ ПРЕЗИДЕНТА КЫРГЫЗСКОЙ РЕСПУБЛИКИ"], DocKind.presidential_decree),
        (["Кыргыз Республикасынын Президентинин Жарлыгы"], DocKind.presidential_decree),
        (["ПОЛОЖЕНИЕ", "о порядке созыва схода"], DocKind.regulation),
        (["Жергиликтүү кеңеш жөнүндө жобо"], DocKind.other),
        (["ПРИКАЗ", "О мерах"], DocKind.order),
        (["Буйрук № 5"], DocKind.order),
        (["Проект", "ЗАКОН КЫРГЫЗСКОЙ РЕСПУБЛИКИ"], DocKind.draft),
        (["Кыргыз Республикасынын Мыйзам долбоору"], DocKind.draft),
    ],
)
def test_kinds(header: list[str], kind: DocKind) -> None:
    assert guess_kind(header)[0] is kind


@pytest.mark.parametrize(
    ("header", "trailer", "expected"),
    [
        (["от 12 января 2005 года № 8"], [], ("8", dt.date(2005, 1, 12))),
        (["№ 8 от 12.01.2005"], [], ("8", dt.date(2005, 1, 12))),
        (["2021-жылдын 20-октябры № 123"], [], ("123", dt.date(2021, 10, 20))),
        (["Бишкек шаары, 2021-жылдын 20-октябры, № 123"], [], ("123", dt.date(2021, 10, 20))),
        (["г.Бишкек, 12 января 2005 года, № 8"], [], ("8", dt.date(2005, 1, 12))),
        (["N 2377-VI от 20.04.2018"], [], ("2377-VI", dt.date(2018, 4, 20))),
        (
            ["Принят Жогорку Кенешем 15 декабря 2004 года"],
            ["Президент", "г.Бишкек, 12 января 2005 года, № 8"],
            ("8", dt.date(2005, 1, 12)),
        ),
    ],
)
def test_number_and_date(header, trailer, expected) -> None:
    assert number_and_date(header, trailer) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ВОДНЫЙ КОДЕКС КЫРГЫЗСКОЙ РЕСПУБЛИКИ", "Водный кодекс Кыргызской Республики"),
        ("КЫРГЫЗ РЕСПУБЛИКАСЫНЫН ЖЕР КОДЕКСИ", "Кыргыз Республикасынын Жер кодекси"),
        (
            "О МЕСТНОМ САМОУПРАВЛЕНИИ В КЫРГЫЗСКОЙ РЕСПУБЛИКЕ",
            "О местном самоуправлении в Кыргызской Республике",
        ),
        ("РАЗДЕЛ II. ОРГАНЫ МСУ", "Раздел II. Органы МСУ"),
        ("Земельный кодекс Кыргызской Республики", "Земельный кодекс Кыргызской Республики"),
    ],
)
def test_normal_case(text: str, expected: str) -> None:
    assert normal_case(text) == expected


def test_all_caps_law_header_and_signature_block(tmp_path: Path) -> None:
    doc = imported(
        tmp_path / "law.txt",
        "ЗАКОН КЫРГЫЗСКОЙ РЕСПУБЛИКИ\n\nО МЕСТНЫХ КЕНЕШАХ\n\n"
        "(В редакции Закона КР от 3 мая 2021 года № 60)\n\n"
        "Статья 1. Местный кенеш\nМестный кенеш является представительным органом.\n\n"
        "Статья 2. Сессии\nСессии созываются не реже одного раза в квартал.\n\n"
        "Президент Кыргызской Республики\nА.Асанов\n\n"
        "Принят Жогорку Кенешем Кыргызской Республики 1 марта 2020 года\n\n"
        "г.Бишкек, 20 марта 2020 года, № 33\n",
    )
    assert (doc.kind, doc.number, doc.date) == (DocKind.law, "33", dt.date(2020, 3, 20))
    assert doc.title.ru == (
        "Закон Кыргызской Республики от 20 марта 2020 года № 33 «О местных кенешах»"
    )
    assert doc.amendments == ["(В редакции Закона КР от 3 мая 2021 года № 60)"]
    last = next(p for p in doc.passages if p.article == "2")
    assert last.text == "Сессии созываются не реже одного раза в квартал."
    assert [p.article for p in doc.passages] == ["1", "2"]  # no preamble made of the note


# -- readers and bounds -------------------------------------------------------------------------


def test_windows_1251_text_is_read(tmp_path: Path) -> None:
    path = tmp_path / "cp1251.txt"
    path.write_bytes(
        "ЗАКОН КЫРГЫЗСКОЙ РЕСПУБЛИКИ\nО сходах\nот 1 марта 2020 года № 3\n"
        "Статья 1. Сход\nСход проводится ежегодно.\n".encode("cp1251")
    )
    doc = import_file(path).documents[0]
    assert doc.id == "law-3-2020-03-01" and doc.passages[0].text == "Сход проводится ежегодно."


def test_html_as_saved_from_the_legal_database(tmp_path: Path) -> None:
    path = tmp_path / "act.html"
    html = (
        '<html><head><meta charset="windows-1251"><title>Закон</title>'
        "<style>p {color: red}</style><script>var x = 1;</script></head><body>"
        '<p class="tkNazvanie">ЗАКОН КЫРГЫЗСКОЙ РЕСПУБЛИКИ</p>'
        '<p class="tkRedakcija">от 2 июня 2021 года № 70</p>'
        '<p class="tkNazvanie">О сельских сходах</p>'
        '<p class="tkZagolovok3">Статья&nbsp;1. Сход</p>'
        "<p>Сход&nbsp;граждан созывается главой айыл окмоту.</p>"
        "<table><tr><td>Айыл</td><td>1 раз в год</td></tr></table>"
        '<p class="tkZagolovok3">Статья 2. Решения схода</p>'
        "<p>Решения схода носят рекомендательный характер.</p></body></html>"
    )
    path.write_bytes(html.encode("cp1251"))
    doc = import_file(path).documents[0]
    assert doc.id == "law-70-2021-06-02"
    assert (
        doc.title.ru == "Закон Кыргызской Республики от 2 июня 2021 года № 70 «О сельских сходах»"
    )
    by_article = {p.article: p for p in doc.passages}
    assert by_article["1"].heading == "Сход"
    assert by_article["1"].text == "Сход граждан созывается главой айыл окмоту.\nАйыл | 1 раз в год"
    assert "var x" not in " ".join(p.text for p in doc.passages)


def test_rtf_with_code_page_and_unicode_escapes(tmp_path: Path) -> None:
    pytest.importorskip("striprtf")

    def rtf_escape(text: str) -> str:
        out = []
        for ch in text:
            if ch in "өүңӨҮҢ":
                out.append(f"\\u{ord(ch)}?")
            elif ord(ch) > 127:
                out.append("\\'" + ch.encode("cp1251").hex())
            else:
                out.append(ch)
        return "".join(out)

    paragraphs = [
        "КЫРГЫЗ РЕСПУБЛИКАСЫНЫН МЫЙЗАМЫ",
        "Айылдык чогулуштар жөнүндө",
        "2021-жылдын 2-июну № 70",
        "1-берене. Чогулуш",
        "Чогулушту айыл өкмөтүнүн башчысы чакырат.",
    ]
    body = "".join(rtf_escape(p) + "\\par\n" for p in paragraphs)
    rtf = (
        "{\\rtf1\\ansi\\ansicpg1251\\deff0{\\fonttbl{\\f0\\fcharset204 Times New Roman;}}"
        "{\\header {\\pard " + rtf_escape("Колонтитул") + "\\par}}\n" + body + "}"
    )
    path = tmp_path / "act.rtf"
    path.write_bytes(rtf.encode("ascii"))
    doc = import_file(path).documents[0]
    assert doc.id == "law-70-2021-06-02" and doc.title.ky.startswith("2021-жылдын 2-июнундагы")
    assert [(p.article, p.heading, p.text) for p in doc.passages] == [
        ("1", "Чогулуш", "Чогулушту айыл өкмөтүнүн башчысы чакырат.")
    ]
    refused(tmp_path / "fake.rtf", "Статья 1. Текст", "not an RTF file")


def test_outside_files_are_bounded(tmp_path: Path, monkeypatch) -> None:
    big = tmp_path / "big.txt"
    big.write_text("Статья 1. Текст\nТекст статьи.\n" * 50, encoding="utf-8")
    monkeypatch.setattr(readers, "MAX_FILE_BYTES", 1000)
    with pytest.raises(KnowledgeFileError, match="files over 0 MB are not imported"):
        import_file(big)
    monkeypatch.undo()
    pdf = tmp_path / "act.pdf"
    pdf.write_bytes(make_pdf(["Статья 1. Текст", "Текст статьи."]))
    monkeypatch.setattr(readers, "PDF_MAX_PAGES", 0)
    with pytest.raises(KnowledgeFileError, match="the PDF has 1 pages; at most 0"):
        import_file(pdf)
    monkeypatch.setattr(readers, "PDF_MAX_PAGES", 10)
    monkeypatch.setattr(readers, "READ_TIME_BUDGET", -1.0)
    with pytest.raises(KnowledgeFileError, match="reading the PDF took over"):
        import_file(pdf)


# -- the real Water Code ------------------------------------------------------------------------


@pytest.mark.skipif(not WATER_CODE.exists(), reason="the shared corpus is not here")
def test_real_water_code() -> None:
    result = import_file(WATER_CODE)
    doc = result.documents[0]
    assert doc.kind is DocKind.code
    assert doc.title.ru == "Водный кодекс Кыргызской Республики"
    assert (doc.number, doc.date) == ("8", dt.date(2005, 1, 12))
    assert doc.amendments and doc.amendments[0].startswith("(В редакции Законов КР от 10 октября")
    numbers = article_list(doc)
    assert len(set(numbers)) == len({(p.article) for p in doc.passages if p.article})
    assert [n for n in dict.fromkeys(numbers)] == [
        *(str(n) for n in range(1, 17)),
        "16-1",
        *(str(n) for n in range(17, 100)),
    ]
    assert all(p.heading for p in doc.passages if p.article)
    assert not any(p.text.startswith("(В редакции") for p in doc.passages)
    assert not any("В редакции" in p.text for p in doc.passages)
    by_article = {p.article: p for p in doc.passages if p.article}
    assert by_article["16-1"].heading == "Компетенция органов местного самоуправления"
    assert by_article["33"].heading == "Контракт на поставку воды"
    assert by_article["22"].repealed and not by_article["21"].repealed
    assert by_article["7"].source == (
        "Глава 2. Компетенция государственных органов по управлению водными ресурсами"
    )
    assert "Акаев" not in by_article["99"].text
    assert result.reports[0].articles == 100 and result.reports[0].repealed == 7


def test_more_real_file_shapes(tmp_path: Path) -> None:
    """Chunks repeating their article heading, inline bodies, appendices, bare notes."""
    doc = imported(
        tmp_path / "shapes.txt",
        "ЗАКОН КЫРГЫЗСКОЙ РЕСПУБЛИКИ\nО сходах\nот 1 марта 2020 года № 3\n"
        "В редакции Закона КР от 2 апреля 2021 года № 40\n"
        "Статья 1. Сход\nПервая часть текста статьи.\n=====\n"
        "Статья 1. Сход\nВторая часть текста статьи.\n"
        "Статья 2. 1. Сход созывается ежегодно.\n2. Сход правомочен при кворуме.\n"
        "Статья 12.1. Вставная статья\nТекст вставной статьи.\n"
        "Статья 13. (Утратила силу в соответствии с Законом КР от 2 апреля 2021 года № 40)\n"
        "Статья 14. Заключительные положения\nЗакон вступает в силу со дня опубликования.\n"
        "Президент Кыргызской Республики\n"
        "Приложение 1 к Закону\nФорма протокола схода граждан.\n",
    )
    assert doc.amendments == ["В редакции Закона КР от 2 апреля 2021 года № 40"]
    assert [(p.article, p.heading, p.text) for p in doc.passages] == [
        ("1", "Сход", "Первая часть текста статьи.\nВторая часть текста статьи."),
        (
            "2",
            None,
            "1. Сход созывается ежегодно.\n2. Сход правомочен при кворуме.",
        ),
        ("12-1", "Вставная статья", "Текст вставной статьи."),
        ("13", None, "(Утратила силу в соответствии с Законом КР от 2 апреля 2021 года № 40)"),
        ("14", "Заключительные положения", "Закон вступает в силу со дня опубликования."),
        (None, None, "Форма протокола схода граждан."),
    ]
    assert doc.passages[3].repealed and not doc.passages[4].repealed
    assert doc.passages[-1].source == "Приложение 1 к Закону"


def test_kyrgyz_pdf_extraction(tmp_path: Path) -> None:
    """Kyrgyz code as a PDF gives it: running header, "N-бет" footers, "13-берене" + heading."""
    page_header = "Кыргыз Республикасынын Жайыт кодекси (окуу үчүн)"
    lines = ["КЫРГЫЗ РЕСПУБЛИКАСЫНЫН ЖАЙЫТ КОДЕКСИ", "2019-жылдын 14-марты № 27", ""]
    lines += ["I БӨЛҮМ", "ЖАЛПЫ ЖОБОЛОР", "1-глава", "Негизги жоболор"]
    for n in range(1, 13):
        if n == 7:
            lines += ["2-глава. Жайыттарды пайдалануу"]
        lines += [f"{n}-берене", f"Жайыт маселеси {n}"]
        lines += [
            f"1. Айыл өкмөтү жайыттарды пайдаланууну {n}-тартипте жөнгө са-",
            "лат жана көзөмөлдөйт.",
            "2. Жайыт комитети жыл сайын отчет берет.",
        ]
        if n % 3 == 0:
            lines += [f"{n // 3}-бет", "\f", page_header, "\u00a0"]
    path = tmp_path / "jaiyt.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = import_file(path)
    doc = result.documents[0]
    assert (doc.kind, doc.number, doc.date) == (DocKind.code, "27", dt.date(2019, 3, 14))
    assert doc.title.ky == "Кыргыз Республикасынын Жайыт кодекси"
    assert doc.id == "code-27-2019-03-14"  # the same id as the Russian text would get
    assert article_list(doc) == [str(n) for n in range(1, 13)]
    by_article = {p.article: p for p in doc.passages}
    assert by_article["4"].heading == "Жайыт маселеси 4"
    assert by_article["4"].text == (
        "1. Айыл өкмөтү жайыттарды пайдаланууну 4-тартипте жөнгө салат жана көзөмөлдөйт.\n"
        "2. Жайыт комитети жыл сайын отчет берет."
    )
    assert by_article["1"].source == "I бөлүм. Жалпы жоболор › 1-глава. Негизги жоболор"
    assert by_article["7"].source == "I бөлүм. Жалпы жоболор › 2-глава. Жайыттарды пайдалануу"
    assert all(p.lang == "ky" for p in doc.passages)
    assert not any("окуу үчүн" in p.text or "бет" in p.text.split() for p in doc.passages)
    assert result.reports[0].dropped_lines >= 7


def test_title_repeated_where_part_two_begins(tmp_path: Path) -> None:
    path = tmp_path / "civil.txt"
    path.write_text(
        "ГРАЖДАНСКИЙ КОДЕКС КЫРГЫЗСКОЙ РЕСПУБЛИКИ (часть первая)\n"
        "от 8 мая 1996 года № 15\n"
        "Статья 1. Отношения\nТекст первой статьи.\n"
        "Статья 2. Участники\nТекст второй статьи.\n"
        "Статья 2 1. Вставная\nТекст вставной статьи.\n"
        "ГРАЖДАНСКИЙ КОДЕКС КЫРГЫЗСКОЙ РЕСПУБЛИКИ (часть вторая)\n"
        "Статья 3. Договор\nТекст статьи о договоре.\n"
        "СТАТЬЯ 4. ОБЩИЕ ПОЛОЖЕНИЯ О ДОГОВОРЕ\nТекст.\n",
        encoding="utf-8",
    )
    result = import_file(path)
    doc = result.documents[0]
    assert doc.title.ru == "Гражданский кодекс Кыргызской Республики (часть первая)"
    assert [(p.id, p.article, p.heading) for p in doc.passages] == [
        ("a1-ru", "1", "Отношения"),
        ("a2-ru", "2", "Участники"),
        ("a2.1-ru", "2-1", "Вставная"),
        ("a3-ru", "3", "Договор"),
        ("a4-ru", "4", "Общие положения о договоре"),
    ]
    assert doc.passages[2].text == "Текст вставной статьи."  # the title line is not its text


def test_final_provisions_listing_other_laws_are_kept(tmp_path: Path) -> None:
    doc = imported(
        tmp_path / "law.txt",
        "ЗАКОН КЫРГЫЗСКОЙ РЕСПУБЛИКИ\nО сходах граждан\nот 1 марта 2020 года № 3\n"
        "Статья 1. Сход\nСход проводится ежегодно.\n"
        "Статья 2. Признание утратившими силу\nПризнать утратившими силу:\n"
        "Закон Кыргызской Республики\n"
        "Закон Кыргызской Республики «О курултаях» от 5 мая 2005 года № 70.\n",
    )
    last = next(p for p in doc.passages if p.article == "2")
    assert last.text == (
        "Признать утратившими силу:\nЗакон Кыргызской Республики\n"
        "Закон Кыргызской Республики «О курултаях» от 5 мая 2005 года № 70."
    )
    assert not last.repealed


def test_multipage_pdf_with_running_header_and_page_numbers(tmp_path: Path) -> None:
    from tests.unit.test_kb_importer import make_pdf_pages

    running = "Учебный кодекс Кыргызской Республики - редакция для проверки"
    pages = [
        [
            "УЧЕБНЫЙ КОДЕКС КЫРГЫЗСКОЙ РЕСПУБЛИКИ",
            "от 3 апреля 2018 года № 40",
            "Глава 1",
            "Общие положения",
            "Статья 1. Предмет кодекса",
            "Настоящий Кодекс регулирует проведение учебных",
            "мероприятий в айыл окмоту.",
            "1",
        ],
        [
            running,
            "Статья 2",
            "Статья 2. Участники",
            "Участниками являются работники органов местного самоуправ-",
            "ления.",
            "2",
        ],
        [running, "Статья 3. Сроки", "Мероприятия проводятся ежегодно.", "3"],
        [running, "Статья 4. Отчет", "Отчет представляется местному кенешу.", "4"],
    ]
    path = tmp_path / "code.pdf"
    path.write_bytes(make_pdf_pages(pages))
    result = import_file(path)
    doc = result.documents[0]
    assert (doc.kind, doc.title.ru, doc.id) == (
        DocKind.code,
        "Учебный кодекс Кыргызской Республики",
        "code-40-2018-04-03",
    )
    assert [(p.article, p.heading, p.text) for p in doc.passages] == [
        (
            "1",
            "Предмет кодекса",
            "Настоящий Кодекс регулирует проведение учебных мероприятий в айыл окмоту.",
        ),
        ("2", "Участники", "Участниками являются работники органов местного самоуправления."),
        ("3", "Сроки", "Мероприятия проводятся ежегодно."),
        ("4", "Отчет", "Отчет представляется местному кенешу."),
    ]
    assert {p.source for p in doc.passages} == {"Глава 1. Общие положения"}
    assert result.reports[0].dropped_lines == 7  # 4 page numbers, 3 running headers


def test_docx_heading_styles_after_articles(tmp_path: Path) -> None:
    path = write_docx(
        tmp_path / "ky.docx",
        "КЫРГЫЗ РЕСПУБЛИКАСЫНЫН МЫЙЗАМЫ",
        "Айылдык чогулуштар жөнүндө",
        "2021-жылдын 2-июну № 70",
        "# Негизги жоболор",
        "1-берене. Чогулуш",
        "Чогулушту айыл өкмөтүнүн башчысы чакырат.",
        "# Корутунду жоболор",
        "2-берене",
        "Күчүнө кирүү",
        "Ушул Мыйзам расмий жарыяланган күндөн тартып күчүнө кирет.",
    )
    doc = import_file(path).documents[0]
    assert doc.id == "law-70-2021-06-02"
    assert [(p.article, p.heading, p.source) for p in doc.passages] == [
        ("1", "Чогулуш", "Негизги жоболор"),
        ("2", "Күчүнө кирүү", "Корутунду жоболор"),
    ]


def test_minjust_shape_number_and_date_in_the_signature(tmp_path: Path) -> None:
    """Date and number only at the end, a long wrapped amendment list in the header."""
    laws = ", ".join(f"{d} мая 20{10 + d} года N {d}" for d in range(1, 20))
    wrapped = [laws[i : i + 70] for i in range(0, len(laws), 70)]
    path = tmp_path / "land.txt"
    path.write_text(
        "УЧЕБНЫЙ КОДЕКС КЫРГЫЗСКОЙ РЕСПУБЛИКИ\n\n"
        + "(В редакции Законов КР от "
        + "\n".join(wrapped)
        + ")\n\nРаздел I\nОбщие положения\n\nГлава 1\nОсновные положения\n\n"
        "Статья 13. Компетенция айыл окмоту в сфере регулирования земельных отношений\n"
        "К компетенции айыл окмоту относятся:\n- учет земель;\n- контроль.\n\n"
        "Президент Кыргызской Республики А.Акаев\n\n"
        "Принят Законодательным собранием Жогорку Кенеша Кыргызской Республики 4 мая 1999 года\n\n"
        "г.Бишкек, от 2 июня 1999 года N 45\n",
        encoding="utf-8",
    )
    result = import_file(path)
    doc = result.documents[0]
    assert (doc.id, doc.number, doc.date) == ("code-45-1999-06-02", "45", dt.date(1999, 6, 2))
    assert len(doc.amendments) == 1 and doc.amendments[0].endswith("2029 года N 19)")
    (passage,) = doc.passages
    assert passage.heading == "Компетенция айыл окмоту в сфере регулирования земельных отношений"
    assert passage.text == "К компетенции айыл окмоту относятся:\n- учет земель;\n- контроль."
    assert passage.source == "Раздел I. Общие положения › Глава 1. Основные положения"


def test_references_at_line_start_are_not_articles(tmp_path: Path) -> None:
    path = tmp_path / "refs.txt"
    lines = ["ЗАКОН КЫРГЫЗСКОЙ РЕСПУБЛИКИ", "О сходах", "от 1 марта 2020 года № 3"]
    for n in range(1, 7):
        lines += [f"Статья {n}. Заголовок {n}", f"Текст статьи {n}."]
        if n == 3:
            lines.append("Статья 5 Закона «О местном самоуправлении» применяется к сходам.")
        if n == 4:
            lines.append("Статья 40 Земельного кодекса применяется к спорам.")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    doc = import_file(path).documents[0]
    assert article_list(doc) == ["1", "2", "3", "4", "5", "6"]
    by_article = {p.article: p for p in doc.passages}
    assert by_article["3"].text == (
        "Текст статьи 3.\nСтатья 5 Закона «О местном самоуправлении» применяется к сходам."
    )
    assert by_article["4"].text.endswith("Статья 40 Земельного кодекса применяется к спорам.")
    assert all("pt" not in p.id for p in doc.passages)


def test_kyrgyz_title_wrapped_over_two_lines(tmp_path: Path) -> None:
    doc = imported(
        tmp_path / "ky.txt",
        "КЫРГЫЗ РЕСПУБЛИКАСЫНЫН МЫЙЗАМЫ\nАЙЫЛ ЧАРБА\nЖАЙЫТТАРЫ ЖӨНҮНДӨ\n"
        "2022-жылдын 15-марты № 31\n1-берене. Максат\nЖайыттарды пайдалануу тартиби.\n",
    )
    assert doc.title.ky == (
        "2022-жылдын 15-мартындагы №31 «Айыл чарба жайыттары жөнүндө» "
        "Кыргыз Республикасынын Мыйзамы"
    )


def test_preamble_and_text_under_chapters_get_distinct_ids(tmp_path: Path) -> None:
    doc = imported(
        tmp_path / "decree.txt",
        "ПОСТАНОВЛЕНИЕ ПРАВИТЕЛЬСТВА КЫРГЫЗСКОЙ РЕСПУБЛИКИ\nот 5 мая 2015 года № 250\n"
        "О порядке проведения сходов\n\n=====\n\n"
        "В целях развития местного самоуправления Правительство постановляет:\n\n"
        "Глава 1. Общие положения\n1. Сход проводится ежегодно.\n\n2. Сход созывает глава.\n\n"
        "Глава 2. Решения\n3. Решения схода носят рекомендательный характер.\n",
    )
    assert (doc.kind, doc.id) == (DocKind.government_decree, "gd-250-2015-05-05")
    assert doc.issuer and doc.issuer.ru == "Правительство Кыргызской Республики"
    assert [(p.id, p.source, p.text) for p in doc.passages] == [
        ("p1-ru", None, "В целях развития местного самоуправления Правительство постановляет:"),
        ("p2-ru", "Глава 1. Общие положения", "1. Сход проводится ежегодно."),
        ("p3-ru", "Глава 1. Общие положения", "2. Сход созывает глава."),
        ("p4-ru", "Глава 2. Решения", "3. Решения схода носят рекомендательный характер."),
    ]
