"""Importing laws (text, Markdown, .docx, .pdf) and FAQ files into documents and entries."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from knowledge.importer import (
    ImportOptions,
    document_id,
    import_file,
    import_files,
    merge_by_id,
    slugify,
)
from knowledge.loader import KnowledgeFileError
from knowledge.models import DocKind
from tests.helpers.importing import imported, refused, write_docx

LAWS = Path(__file__).parents[1] / "data" / "laws"
RU_LAW = LAWS / "zakon_municipal_services_ru.txt"
KY_LAW = LAWS / "myizam_municipal_services_ky.txt"


def articles(doc) -> dict[str, str | None]:
    return {p.article: p.heading for p in doc.passages if p.article}


def test_russian_law_articles_and_metadata() -> None:
    doc = import_file(RU_LAW).documents[0]
    assert doc.kind is DocKind.law
    assert doc.number == "45" and doc.date == dt.date(2024, 3, 12)
    assert doc.id == "law-45-2024-03-12"
    assert (
        doc.title.ru
        == "Закон Кыргызской Республики от 12 марта 2024 года № 45 «О муниципальных услугах»"
    )
    assert articles(doc) == {
        "1": "Основные понятия, используемые в настоящем Законе",
        "2": "Сфера действия настоящего Закона",
        "3": "Базовый реестр муниципальных услуг",
        "4": "Плата за муниципальные услуги",
        "5": "Вступление в силу настоящего Закона",
    }
    by_article = {p.article: p for p in doc.passages if p.article}
    assert all(p.lang == "ru" for p in doc.passages)
    assert by_article["3"].source == "Глава 2. Предоставление муниципальных услуг"
    assert by_article["1"].text.splitlines()[1].startswith("1) муниципальная услуга")
    assert "Президент" not in by_article["5"].text  # the signature is not part of the article
    preamble = [p for p in doc.passages if not p.article]
    assert len(preamble) == 1 and preamble[0].text.startswith("Настоящий Закон определяет")


def test_kyrgyz_law_articles_and_metadata() -> None:
    doc = import_file(KY_LAW).documents[0]
    assert doc.kind is DocKind.law and doc.number == "45"
    assert doc.date == dt.date(2024, 3, 12)
    assert doc.title.ky == (
        "2024-жылдын 12-мартындагы №45 «Муниципалдык кызмат көрсөтүүлөр жөнүндө» "
        "Кыргыз Республикасынын Мыйзамы"
    )
    assert list(articles(doc)) == ["1", "2", "3", "4"]
    assert articles(doc)["4"] == "Муниципалдык кызмат көрсөтүүлөр үчүн акы"
    assert all(p.lang == "ky" for p in doc.passages)
    assert {p.source for p in doc.passages if p.article == "3"} == {
        "2-глава. Муниципалдык кызмат көрсөтүүлөрдү көрсөтүү"
    }


def test_kyrgyz_and_russian_texts_merge_into_one_document() -> None:
    results = import_files([KY_LAW, RU_LAW])
    (doc,) = merge_by_id(d for r in results for d in r.documents)
    assert doc.title.ky and doc.title.ru
    assert {p.lang for p in doc.passages} == {"ky", "ru"}
    assert len({p.id for p in doc.passages}) == len(doc.passages) == 11


def test_options_override_guesses(tmp_path: Path) -> None:
    path = tmp_path / "any name.md"
    path.write_text("# Положение\n\nСтатья 1. Общие\n\nТекст.\n", encoding="utf-8")
    options = ImportOptions(
        kind=DocKind.regulation,
        number="12",
        date=dt.date(2020, 1, 2),
        title="Положение о X",
        lang="ru",
        id="reg-x",
    )
    doc = import_file(path, options).documents[0]
    assert (doc.id, doc.kind, doc.number, doc.title.ru) == (
        "reg-x",
        DocKind.regulation,
        "12",
        "Положение о X",
    )
    assert doc.date == dt.date(2020, 1, 2)
    fallback = import_file(path).documents[0]
    assert fallback.id == "any-name"  # no number: the id comes from the file name


def test_markdown_headings_and_kyrgyz_decree(tmp_path: Path) -> None:
    doc = imported(
        tmp_path / "tokt.md",
        "# Кыргыз Республикасынын Өкмөтүнүн токтому\n\n"
        "2019-жылдын 5-апрелиндеги № 150\n\n"
        "## I бөлүм. Жалпы жоболор\n\n"
        "**1-берене. Максат**\n\n"
        "Бул токтом айыл өкмөттөрүнүн ишин жөнгө салат жана\nалардын милдеттерин аныктайт.\n\n"
        "2-берене. Күчүнө кирүү\n\nКол коюлган күндөн тартып күчүнө кирет.\n",
    )
    assert doc.kind is DocKind.government_decree
    assert (doc.number, doc.date) == ("150", dt.date(2019, 4, 5))
    assert doc.id == "gd-150-2019-04-05"
    assert articles(doc) == {"1": "Максат", "2": "Күчүнө кирүү"}
    first = next(p for p in doc.passages if p.article == "1")
    assert (
        first.text
        == "Бул токтом айыл өкмөттөрүнүн ишин жөнгө салат жана алардын милдеттерин аныктайт."
    )
    assert first.source == "I бөлүм. Жалпы жоболор"


def test_long_articles_are_split_into_parts(tmp_path: Path) -> None:
    body = "\n".join(f"{i}) " + "сөз " * 60 for i in range(1, 40))
    doc = imported(
        tmp_path / "long.txt", f"Закон о длинной статье\n\nСтатья 1. Длинная\n\n{body}\n"
    )
    parts = [p for p in doc.passages if p.article == "1"]
    assert len(parts) > 1 and all(len(p.text) <= 2500 for p in parts)
    assert " ".join(p.text for p in parts).split() == body.split()


def test_docx_import(tmp_path: Path) -> None:
    path = write_docx(
        tmp_path / "kenesh.docx",
        "ЗАКОН КЫРГЫЗСКОЙ РЕСПУБЛИКИ",
        "от 1 июня 2022 года № 60",
        "О местных кенешах",
        "Настоящий Закон регулирует деятельность местных кенешей.",
        "# Глава 1. Общие положения",
        "Статья 1. Местный кенеш",
        "Местный кенеш является представительным органом.",
        ("Айыльный кенеш", "до 21 депутата"),
        "Статья 2. Сессии",
        "Сессии созываются не реже одного раза в квартал.",
    )

    doc = import_file(path).documents[0]
    assert doc.id == "law-60-2022-06-01"
    assert (
        doc.title.ru == "Закон Кыргызской Республики от 1 июня 2022 года № 60 «О местных кенешах»"
    )
    assert articles(doc) == {"1": "Местный кенеш", "2": "Сессии"}
    first = next(p for p in doc.passages if p.article == "1")
    assert "Айыльный кенеш | до 21 депутата" in first.text
    assert first.source == "Глава 1. Общие положения"


def make_pdf(lines: list[str]) -> bytes:
    """A minimal one-page PDF whose text (any Unicode) pypdf can extract (ToUnicode identity)."""
    return make_pdf_pages([lines])


def make_pdf_pages(pages: list[list[str]]) -> bytes:
    """A minimal PDF, one page per list of lines, with extractable Unicode text."""
    cmap = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        b"/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        b"1 beginbfrange <0000> <FFFF> <0000> endbfrange\n"
        b"endcmap CMapName currentdict /CMap defineresource pop end end"
    )
    n = len(pages)
    page_ids = [6 + 2 * i for i in range(n)]  # page object, then its content stream
    objects: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (b" ".join(b"%d 0 R" % i for i in page_ids), n),
        3: b"<< /Type /Font /Subtype /Type0 /BaseFont /Helvetica /Encoding /Identity-H"
        b" /DescendantFonts [4 0 R] /ToUnicode 5 0 R >>",
        4: b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Helvetica"
        b" /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> >>",
        5: b"<< /Length %d >>\nstream\n%s\nendstream" % (len(cmap), cmap),
    }
    for page_id, lines in zip(page_ids, pages, strict=True):
        content = ["BT", "/F1 12 Tf", "14 TL", "50 780 Td"]
        content += ["<" + "".join(f"{ord(c):04X}" for c in line) + "> Tj T*" for line in lines]
        content.append("ET")
        stream = "\n".join(content).encode("ascii")
        objects[page_id] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R"
            b" /Resources << /Font << /F1 3 0 R >> >> >>" % (page_id + 1)
        )
        objects[page_id + 1] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream)
    out = bytearray(b"%PDF-1.4\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, objects[number])
    size = max(objects) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    out += b"".join(b"%010d 00000 n \n" % offsets[i] for i in range(1, size))
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    return bytes(out)


def test_pdf_import(tmp_path: Path) -> None:
    path = tmp_path / "ukaz.pdf"
    path.write_bytes(
        make_pdf(
            [
                "УКАЗ ПРЕЗИДЕНТА КЫРГЫЗСКОЙ РЕСПУБЛИКИ",
                "О мерах по развитию регионов",
                "от 24 сентября 2018 года № 189",
                "Статья 1. Рабочая группа",
                "Образовать рабочую группу по реформе.",
                "Статья 2. Срок",
                "Утвердить дорожную карту до 31 декабря 2018 года.",
            ]
        )
    )
    doc = import_file(path).documents[0]
    assert doc.kind is DocKind.presidential_decree
    assert doc.id == "pd-189-2018-09-24"
    assert doc.title.ru.startswith(
        "Указ Президента Кыргызской Республики от 24 сентября 2018 года № 189"
    )
    assert articles(doc) == {"1": "Рабочая группа", "2": "Срок"}
    assert next(p for p in doc.passages if p.article == "2").text.startswith("Утвердить дорожную")


def test_broken_pdf_and_docx_are_rejected(tmp_path: Path) -> None:
    bad_pdf = tmp_path / "bad.pdf"
    bad_pdf.write_bytes(b"%PDF-1.4 this is not a pdf")
    with pytest.raises(KnowledgeFileError, match="PDF"):
        import_file(bad_pdf)
    bad_docx = tmp_path / "bad.docx"
    bad_docx.write_bytes(b"not a zip")
    with pytest.raises(KnowledgeFileError, match="docx"):
        import_file(bad_docx)


FAQ_YAML = """\
- id: faq-one
  category: budget
  questions:
    ky: [Жергиликтүү бюджет кантип бекитилет?]
    ru: [Как утверждается местный бюджет?]
  answer:
    ky: Жергиликтүү кеңеш бекитет.
    ru: Утверждает местный кенеш.
- id: faq-two
  questions:
    ru: [Что такое МСУ?]
  answer:
    ru: Местное самоуправление.
"""


def test_faq_yaml_and_json_import(tmp_path: Path) -> None:
    path = tmp_path / "faq.yaml"
    path.write_text(FAQ_YAML, encoding="utf-8")
    result = import_file(path)
    assert [f.id for f in result.faq] == ["faq-one", "faq-two"] and not result.documents
    assert result.faq[1].category == "other"
    json_path = tmp_path / "faq.json"
    json_path.write_text(
        '{"faq": [{"id": "j1", "questions": {"ky": ["Суроо?"]}, "answer": {"ky": "Жооп."}}]}',
        encoding="utf-8",
    )
    assert [f.id for f in import_file(json_path).faq] == ["j1"]


def test_malformed_faq_file_reports_line(tmp_path: Path) -> None:
    path = tmp_path / "faq.yaml"
    error = refused(path, FAQ_YAML.replace("    ru: Местное самоуправление.\n", "    ru: 12\n"))
    assert error.line == 13 and error.field == "[1].answer.ru"

    twice = FAQ_YAML.replace("- id: faq-two", "- id: faq-one")
    assert refused(path, twice, "duplicate FAQ id").line == 1

    broken_json = '[\n  {"id": "x",\n   "questions": }\n]'
    assert refused(tmp_path / "faq.json", broken_json, "JSON error").line == 3


def test_rejects_empty_unknown_and_invalid_text(tmp_path: Path) -> None:
    refused(tmp_path / "empty.txt", "\n\n", "no text")
    refused(tmp_path / "law.odt", "PK", "unsupported file type")
    latin1 = tmp_path / "law.txt"
    latin1.write_bytes("Статья 1. Текст\n".encode() + b"\n\xe9t\xe9\n")
    with pytest.raises(KnowledgeFileError) as info:
        import_file(latin1)
    assert info.value.line == 3 and "UTF-8" in info.value.reason


def test_ids_are_stable_and_safe() -> None:
    assert document_id(DocKind.parliament_decree, "2377-VI", dt.date(2018, 4, 20), "x") == (
        "jk-2377-vi-2018-04-20"
    )
    assert document_id(DocKind.law, None, None, "Мыйзам ЖӨБ жөнүндө") == "myizam-zhob-zhonundo"
    assert slugify("!!!") == "doc"
