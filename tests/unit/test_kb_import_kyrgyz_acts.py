"""Kyrgyz acts as published: a code extracted from a PDF (tests/data/laws/zher_kodeksi_ky.txt,
a fragment written for these tests in the style of the Land Code's Kyrgyz text, not the real
text: page headers and "N-бет" footers, hyphenation, wrapped lines, points glued in one
paragraph, repealed articles, amendment notes), and a law in the style of the Law on local
self-government as text, .docx and a page saved from cbd.minjust.gov.kg."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from knowledge.cli_search import load_bundled_kb
from knowledge.importer import ImportOptions, import_file
from knowledge.legal.structure import lay_out_points, match_article, match_division, split_heading
from knowledge.models import DocKind
from knowledge.search.engine import SearchEngine
from tests.helpers.importing import write_docx

LAWS = Path(__file__).parents[1] / "data" / "laws"


@pytest.fixture(scope="module")
def land_code():
    return import_file(LAWS / "zher_kodeksi_ky.txt")


def by_article(doc) -> dict:
    return {p.article: p for p in doc.passages if p.article}


def test_land_code_metadata_and_articles(land_code) -> None:
    doc, report = land_code.documents[0], land_code.reports[0]
    assert (doc.kind, doc.number, doc.date) == (DocKind.code, "45", dt.date(1999, 6, 2))
    assert doc.title.ky == "Кыргыз Республикасынын Жер кодекси"
    assert [p.article for p in doc.passages] == [
        *map(str, range(1, 14)),
        "13-1",
        *map(str, range(14, 31)),
    ]
    assert report.headings == 29 and report.repealed == 2
    assert report.dropped_lines >= 27  # "N-бет", the running header and its second line
    for passage in doc.passages:
        assert "-бет" not in passage.text and "редакциясы)" not in passage.text
        assert "Жер кодекси" not in passage.text


def test_land_code_structure_words(land_code) -> None:
    a = by_article(land_code.documents[0])
    assert a["1"].source == "I бөлүм. Жалпы жоболор › 1-глава. Негизги жоболор"
    assert (
        a["13-1"].source == "I бөлүм. Жалпы жоболор › 2-глава. Жерге болгон укуктардын пайда болушу"
    )
    assert a["16"].source.endswith(
        "3-глава. Жер участогунун менчик ээсинин жана жер пайдалануучунун укуктары жана "
        "милдеттери › 1-параграф. Укуктар"
    )
    assert a["18"].source.endswith("› 2-параграф. Милдеттер")
    assert (
        a["22"].source == "II бөлүм. Жерге болгон укуктар › 4-глава. Жерге болгон укукту токтотуу"
    )


def test_land_code_hyphenation_and_wrapped_lines_are_joined(land_code) -> None:
    a = by_article(land_code.documents[0])
    assert a["7"].text == (
        "Жер участогунун чек аралары жерге жайгаштырууда аныкталат жана жер участогуна укукту "
        "күбөлөндүрүүчү документте көрсөтүлөт. Чек ара белгилерин сактоо жер участогунун менчик "
        "ээсинин жана жер пайдалануучунун милдети болуп саналат."
    )


def test_land_code_points_glued_in_one_paragraph_are_laid_out(land_code) -> None:
    a = by_article(land_code.documents[0])
    assert a["2"].text.splitlines() == [
        "Жер мыйзамдарынын милдеттери болуп төмөнкүлөр саналат:",
        "1) жерге болгон укуктарды коргоо жана жер мамилелеринин катышуучуларынын мыйзамдуу "
        "кызыкчылыктарын камсыз кылуу;",
        "2) жерди сарамжалдуу жана натыйжалуу пайдаланууну камсыз кылуу;",
        "3) жердин түшүмдүүлүгүн сактоо жана калыбына келтирүү;",
        "4) жер мамилелеринин чөйрөсүндө мыйзамдуулукту бекемдөө.",
    ]
    assert [line[:3] for line in a["3"].text.splitlines()] == ["1. ", "2. ", "3. "]
    assert a["3"].text.splitlines()[2] == (
        "3. Жер участогунун категориясы жер-кадастрдык документтерде көрсөтүлөт."
    )
    assert len(a["18"].text.splitlines()) == 5


def test_land_code_repealed_articles_and_amendment_notes(land_code) -> None:
    doc = land_code.documents[0]
    a = by_article(doc)
    for number in ("9", "21"):
        assert a[number].repealed and a[number].text == "Күчүн жоготту" and not a[number].heading
    assert not any(p.repealed for n, p in a.items() if n not in ("9", "21"))
    assert doc.amendments == [
        "(КР 2021-жылдын 20-октябрындагы № 123 Мыйзамынын редакциясына ылайык)",
        "5-берене: (КР 2021-жылдын 20-октябрындагы № 123 Мыйзамынын редакциясына ылайык)",
        "9-берене: (КР 2013-жылдын 8-августундагы № 180 Мыйзамына ылайык)",
        "12-берене: (КР 2021-жылдын 20-октябрындагы № 123 Мыйзамынын редакциясына ылайык)",
        "13-1-берене: (КР 2021-жылдын 20-октябрындагы № 123 Мыйзамынын редакциясына ылайык)",
        "21-берене: (КР 2017-жылдын 24-июлундагы № 140 Мыйзамына ылайык)",
    ]
    assert str(doc.status.value) == "amended"


def test_land_code_lookup_by_article(land_code) -> None:
    doc = land_code.documents[0]
    kb = load_bundled_kb()
    engine = SearchEngine.build(kb.model_copy(update={"documents": [*kb.documents, doc]}))
    for query, article in [
        ("12-берене", "12"),
        ("Жер кодексинин 13-беренеси", "13"),
        ("Жер кодексинин 13-1-беренеси", "13-1"),
        ("Жер кодексинин 30-беренеси эмне дейт", "30"),
    ]:
        result = engine.search(query, "ky")
        assert result.status == "answered", query
        top = result.results[0]
        assert (top.doc_id, top.article) == (doc.id, article), query


# -- structure words --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("1-берене. Жалпы жоболор", ("1", "Жалпы жоболор")),
        ("Берене 1. Жалпы жоболор", ("1", "Жалпы жоболор")),
        ("12 -берене. Акы", ("12", "Акы")),
        ("12-БЕРЕНЕ. ЖЕР", ("12", "ЖЕР")),
        ("Ушул Мыйзамдын 12-беренеси", None),
        ("12-беренесинде көрсөтүлгөн", None),
        ("Ушул Мыйзам жергиликтүү өз алдынча башкаруунун негиздерин аныктайт.", None),
    ],
)
def test_kyrgyz_article_words(line: str, expected) -> None:
    assert match_article(line) == expected


@pytest.mark.parametrize(
    ("line", "level"),
    [
        ("I бөлүм", 1),
        ("I БӨЛҮМ. ЖАЛПЫ ЖОБОЛОР", 1),
        ("1-бөлүм. Жалпы жоболор", 1),
        ("Биринчи бөлүк", 0),
        ("1-глава", 3),
        ("1-бап. Жалпы жоболор", 3),
        ("I бап", 3),
        ("1-параграф. Укуктар", 4),
        ("1-бап ушул Мыйзамдын", None),
        ("Ушул Мыйзам", None),
    ],
)
def test_kyrgyz_division_words(line: str, level) -> None:
    found = match_division(line)
    assert (found[0] if found else None) == level


def test_points_stay_unless_two_in_sequence() -> None:
    one = "Жер участогу 5 жылга чейин берилет: 1) ижарага; башка учурда мыйзам колдонулат."
    assert lay_out_points([one]) == [one]
    body = ["Кеңеш: 1) бюджетти бекитет; 2) отчетту угат; 3) салыктарды белгилейт жана башкалар."]
    assert lay_out_points(body) == [
        "Кеңеш:", "1) бюджетти бекитет;", "2) отчетту угат;",
        "3) салыктарды белгилейт жана башкалар.",
    ]  # fmt: skip


def test_heading_and_text_on_one_line_kyrgyz() -> None:
    # a one-word heading before a sentence
    assert split_heading(
        "Сервитут Жер участогунун менчик ээси коңшу жер участогунан жүрүү үчүн укуктуу.",
        sentence=True,
    ) == ("Сервитут", "Жер участогунун менчик ээси коңшу жер участогунан жүрүү үчүн укуктуу.")
    # the text's lead-in before the points is not the heading's
    assert split_heading(
        "Министрлер Кабинетинин ыйгарым укуктары Кыргыз Республикасынын Министрлер Кабинети: "
        "1) саясатты ишке ашырат; 2) жерлерди которот."
    ) == (
        "Министрлер Кабинетинин ыйгарым укуктары",
        "Кыргыз Республикасынын Министрлер Кабинети: 1) саясатты ишке ашырат; 2) жерлерди которот.",
    )
    # a short heading of two capitalised words stays whole
    assert split_heading("Жогорку Кеңеш") == ("Жогорку Кеңеш", "")


# -- a law: header, text, .docx, a saved page --------------------------------------------------

LSG_TITLE = "Жергиликтүү өз алдынча башкаруу жөнүндө"
LSG_ARTICLES = [
    ("Ушул Мыйзамдын максаты",
     "Ушул Мыйзам Кыргыз Республикасында жергиликтүү өз алдынча башкаруунун укуктук, "
     "уюштуруучулук жана экономикалык негиздерин аныктайт."),
    ("Негизги түшүнүктөр", "Ушул Мыйзамда төмөнкү түшүнүктөр колдонулат: 1) айыл аймагы – "
     "бир же бир нече айылды камтыган аймак; 2) айыл өкмөтү – айыл аймагынын аткаруу органы; "
     "3) жергиликтүү кеңеш – жергиликтүү өз алдынча башкаруунун өкүлчүлүктүү органы."),
]  # fmt: skip
for _n in range(3, 16):
    LSG_ARTICLES.append(
        (f"Жергиликтүү маанидеги маселе {_n}",
         f"1. Айыл өкмөтү {_n}-маселени өз алдынча чечет. 2. Жергиликтүү кеңеш анын "
         "аткарылышын көзөмөлдөйт.")
    )  # fmt: skip
LSG_ARTICLES[6] = ("Күчүн жоготту", "")
NOTE = "(КР 2023-жылдын 5-июлундагы № 140 Мыйзамынын редакциясына ылайык)"


def lsg_blocks() -> list[str]:
    blocks = ["КЫРГЫЗ РЕСПУБЛИКАСЫНЫН МЫЙЗАМЫ", LSG_TITLE, "I бөлүм. Жалпы жоболор",
              "1-глава. Негизги жоболор"]  # fmt: skip
    for n, (heading, text) in enumerate(LSG_ARTICLES, start=1):
        if n == 8:
            blocks.append("2-глава. Жергиликтүү маанидеги маселелер")
        blocks.append(f"{n}-берене. {heading}")
        if text:
            blocks.append(text)
        if n == 12:
            blocks.append(NOTE)
    blocks += ["Кыргыз Республикасынын Президенти", "С.Жапаров",
               "Бишкек шаары, 2021-жылдын 20-октябры № 123"]  # fmt: skip
    return blocks


def check_lsg(doc) -> None:
    assert (doc.kind, doc.number, doc.date) == (DocKind.law, "123", dt.date(2021, 10, 20))
    assert (
        doc.title.ky
        == f"2021-жылдын 20-октябрындагы №123 «{LSG_TITLE}» Кыргыз Республикасынын Мыйзамы"
    )
    a = by_article(doc)
    assert list(a) == [str(n) for n in range(1, 16)]
    assert a["7"].repealed and not any(p.repealed for n, p in a.items() if n != "7")
    assert a["2"].text.splitlines()[1].startswith("1) айыл аймагы")
    assert len(a["2"].text.splitlines()) == 4
    assert a["12"].text == (
        "1. Айыл өкмөтү 12-маселени өз алдынча чечет.\n"
        "2. Жергиликтүү кеңеш анын аткарылышын көзөмөлдөйт."
    )
    assert a["12"].source == "I бөлүм. Жалпы жоболор › 2-глава. Жергиликтүү маанидеги маселелер"
    assert doc.amendments == [f"12-берене: {NOTE}"]
    assert "Жапаров" not in a["15"].text


def test_lsg_law_as_text(tmp_path: Path) -> None:
    path = tmp_path / "myizam.txt"
    path.write_text("\n".join(lsg_blocks()) + "\n", encoding="utf-8")
    check_lsg(import_file(path, ImportOptions()).documents[0])


def test_lsg_law_as_docx(tmp_path: Path) -> None:
    path = write_docx(tmp_path / "myizam.docx", *lsg_blocks())
    check_lsg(import_file(path, ImportOptions()).documents[0])


def test_lsg_law_as_a_saved_minjust_page(tmp_path: Path) -> None:
    def p(cls: str, text: str) -> str:
        return f'<p class="{cls}">{text}</p>\n'

    rows = []
    for block in lsg_blocks():
        if block.startswith("КЫРГЫЗ"):
            rows.append(p("tkGrif", block))
        elif block == LSG_TITLE:
            rows.append(p("tkNazvanie", block))
        elif "-берене." in block:
            rows.append(p("tkZagolovok5", block))
        elif "бөлүм" in block or "глава" in block:
            rows.append(p("tkZagolovok3", block.replace(". ", "<br>", 1)))
        elif block.startswith(("Кыргыз Республикасынын Президенти", "С.", "Бишкек")):
            rows.append(p("tkPodpis", block))
        else:
            rows.append(p("tkTekst", block))
    page = (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Мыйзам</title></head><body>'
        '<div class="top"><a href="/">Укуктук маалыматтын борборлоштурулган маалымат банкы</a>'
        "<ul><li><a>Башкы бет</a></li><li><a>Издөө</a></li><li><a>Русский</a></li></ul></div>"
        '<div id="doc">' + "".join(rows) + "</div>"
        '<div class="bottom">© 2024 Кыргыз Республикасынын Юстиция министрлиги. '
        "Бардык укуктар корголгон.</div></body></html>"
    )
    path = tmp_path / "myizam.html"
    path.write_text(page, encoding="utf-8")
    doc = import_file(path, ImportOptions()).documents[0]
    check_lsg(doc)
    assert not any("Издөө" in p.text or "Бардык укуктар" in p.text for p in doc.passages)


# -- messier variants (benchmarks/messy_lookup.py writes them from the clean fragment) -----------

KY_CLEAN = LAWS / "zher_kodeksi_ky_clean.txt"


def _check_variant(path: Path) -> None:
    from benchmarks.messy_lookup import split_articles

    marks: list[str] = []
    expected = split_articles(KY_CLEAN.read_text(encoding="utf-8"), marks)
    doc = import_file(path, ImportOptions(title="Кыргыз Республикасынын Жер кодекси")).documents[0]
    got = {p.article: p for p in doc.passages if p.article}
    assert sorted(got) == sorted(n for n, _, _ in expected)  # chunks: in the markers' order
    for (number, heading, _), chapter in zip(expected, marks, strict=True):
        passage = got[number]
        if number not in ("9", "21"):  # repealed: "Күчүн жоготту" is their text
            assert passage.heading == heading, number
        assert f"{chapter}-глава" in (passage.source or ""), (number, passage.source)


def test_kyrgyz_converter_chunks(tmp_path: Path) -> None:
    """ "12-берене" marker lines, the whole article on one line, copies with broken words,
    chapter, section and paragraph titles glued to the end of the article before them."""
    from benchmarks.messy_lookup import messy_text, split_articles

    articles = split_articles(KY_CLEAN.read_text(encoding="utf-8"))
    path = tmp_path / "chunks.txt"
    path.write_text(messy_text(articles, 7, lang="ky"), encoding="utf-8")
    _check_variant(path)
    doc = import_file(path).documents[0]
    a = by_article(doc)
    assert a["1"].heading == "Кыргыз Республикасынын жер мыйзамдары"  # the text repeats it
    assert a["1"].text.startswith("Кыргыз Республикасынын жер мыйзамдары Кыргыз")
    assert a["16"].source.startswith("II бөлүм. Жерге болгон укуктар › 3-глава. Жер участогунун")
    assert a["16"].source.endswith("1-параграф. Укуктар")
    assert a["1"].source == "I бөлүм › 1-глава"  # no chunk carries their titles
    assert "бөлүм" not in a["15"].text and "параграф" not in a["15"].text


def test_kyrgyz_pdf_text_with_footnotes(tmp_path: Path) -> None:
    from benchmarks.messy_lookup import pdf_text

    path = tmp_path / "pdf.txt"
    text = pdf_text(
        KY_CLEAN.read_text(encoding="utf-8"), 3, header="Кыргыз Республикасынын Жер кодекси",
        lang="ky", width=60, page_lines=20,
    )  # fmt: skip
    assert "¹" in text and "\f" in text
    path.write_text(text, encoding="utf-8")
    _check_variant(path)


def test_kyrgyz_docx_with_word_list_numbering(tmp_path: Path) -> None:
    pytest.importorskip("docx")
    from benchmarks.messy_lookup import numbered_docx
    from knowledge.legal.readers import read_docx

    path = numbered_docx(KY_CLEAN.read_text(encoding="utf-8"), tmp_path / "n.docx", "ky")
    text = read_docx(path)
    assert "\n12-берене. Айыл өкмөтүнүн ыйгарым укуктары\n" in text
    assert "\n1. Айыл өкмөтү айыл чарба жерлерин" in text  # the points restart per article
    assert "\n13-1-берене. Жер участокторун аукцион аркылуу берүү\n" in text  # typed by hand
    assert "\n14-берене. " in text  # the list goes on after it
    _check_variant(path)
