"""Citations: the lawyer's form per kind of document, in Kyrgyz and Russian, and a check of both
languages' citations over every document of the bundled knowledge base and of imported samples
(doubled suffixes and quotes, Latin letters, mixed languages, repeated titles, unbalanced «»)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from knowledge.importer import import_file
from knowledge.loader import load_directory
from knowledge.models import Document, Passage
from knowledge.search.citation import act_kind, cite, faq_citation, format_citation, ky_date
from tests.helpers.kb import act, article

LAWS = Path(__file__).parents[1] / "data" / "laws"


def assert_cited(document: Document, passage: Passage | None, **expected: str) -> None:
    """``document`` (at ``passage``) is cited exactly so in each language given (ru=…, ky=…)."""
    for lang, text in expected.items():
        assert format_citation(document, passage, lang) == text, lang


LAND_CODE = act(
    "code",
    "45",
    "1999-06-02",
    doc_id="zk",
    ru="Земельный кодекс Кыргызской Республики",
    ky="Кыргыз Республикасынын Жер кодекси",
)
ART13_RU = article(
    "13", pid="a13-ru", heading="Компетенция айыл окмоту в сфере регулирования земельных отношений"
)
ART13_KY = article(
    "13", lang="ky", heading="Жер мамилелерин жөнгө салуу чөйрөсүндөгү айыл өкмөтүнүн компетенциясы"
)


def test_code_article_with_its_heading() -> None:
    assert format_citation(LAND_CODE, ART13_RU, "ru") == (
        "Земельный кодекс Кыргызской Республики от 2 июня 1999 года № 45, статья 13 "
        "«Компетенция айыл окмоту в сфере регулирования земельных отношений»"
    )
    assert format_citation(LAND_CODE, ART13_KY, "ky") == (
        "Кыргыз Республикасынын 1999-жылдын 2-июнундагы № 45 Жер кодекси, 13-берене "
        "«Жер мамилелерин жөнгө салуу чөйрөсүндөгү айыл өкмөтүнүн компетенциясы»"
    )
    # a heading the text has in the other language only is still cited, quoted as written
    assert format_citation(LAND_CODE, ART13_RU, "ky").endswith(
        "Жер кодекси, 13-берене «Компетенция айыл окмоту в сфере регулирования земельных отношений»"
    )


def test_repealed_article_says_so() -> None:
    gone = article("7", "Утратила силу", repealed=True)
    assert format_citation(LAND_CODE, gone, "ru").endswith("статья 7 (утратила силу)")
    gone_ky = article("7", "Күчүн жоготту", lang="ky", pid="a7k", repealed=True)
    assert format_citation(LAND_CODE, gone_ky, "ky").endswith("7-берене (күчүн жоготкон)")


def test_law_from_a_bare_name_and_from_a_full_title() -> None:
    bare = act(
        "law",
        "101",
        "2011-07-15",
        ru="О местном самоуправлении",
        ky="Жергиликтүү өз алдынча башкаруу жөнүндө",
    )
    expected_ru = (
        "Закон Кыргызской Республики от 15 июля 2011 года № 101 «О местном самоуправлении»"
    )
    expected_ky = (
        "Кыргыз Республикасынын 2011-жылдын 15-июлундагы № 101 "
        "«Жергиликтүү өз алдынча башкаруу жөнүндө» Мыйзамы"
    )
    full = act(
        "law",
        "101",
        "2011-07-15",
        ru="Закон Кыргызской Республики «О местном самоуправлении»",
        ky="«Жергиликтүү өз алдынча башкаруу жөнүндө» Кыргыз Республикасынын Мыйзамы",
    )
    for law in (bare, full):  # the full title: "Закон …" not prepended again
        assert_cited(law, None, ru=expected_ru, ky=expected_ky)
    imported = act(
        "law",
        "45",
        "2024-03-12",
        ky="2024-жылдын 12-мартындагы №45 «Муниципалдык кызмат көрсөтүүлөр жөнүндө» "
        "Кыргыз Республикасынын Мыйзамы",
    )
    assert format_citation(imported, None, "ky") == (
        "Кыргыз Республикасынын 2024-жылдын 12-мартындагы № 45 "
        "«Муниципалдык кызмат көрсөтүүлөр жөнүндө» Мыйзамы"
    )


def test_decrees_and_orders() -> None:
    gd = act("government_decree", "513", "2018-10-31", ru="О Программе", ky="Программа жөнүндө")
    assert format_citation(gd, Passage(id="p", article="3", text="…"), "ky") == (
        "Кыргыз Республикасынын Өкмөтүнүн 2018-жылдын 31-октябрындагы № 513 "
        "«Программа жөнүндө» токтому, 3-берене"
    )
    assert format_citation(gd, None, "ru") == (
        "Постановление Правительства Кыргызской Республики от 31 октября 2018 года № 513 "
        "«О Программе»"
    )
    cabinet = act("government_decree", "7", "2022-05-04", ru="О")
    assert format_citation(cabinet, None, "ru").startswith(
        "Постановление Кабинета Министров Кыргызской Республики от 4 мая 2022 года № 7"
    )
    order = act(
        "order",
        "12",
        "2023-03-01",
        ru="Об утверждении формы отчета",
        ky="Отчеттун формасын бекитүү жөнүндө",
        issuer={"ru": "Министерство финансов Кыргызской Республики",
                "ky": "Кыргыз Республикасынын Финансы министрлиги"},
    )  # fmt: skip
    assert_cited(
        order,
        None,
        ru="Приказ Министерства финансов Кыргызской Республики от 1 марта 2023 года № 12 "
        "«Об утверждении формы отчета»",
        ky="Кыргыз Республикасынын Финансы министрлигинин 2023-жылдын 1-мартындагы № 12 "
        "«Отчеттун формасын бекитүү жөнүндө» буйругу",
    )


def test_a_draft_is_never_called_a_law_and_a_letter_date_is_the_letters() -> None:
    draft = act(
        "draft",
        date="2014-06-09",
        ru="О внесении изменений в Закон Кыргызской Республики «О местном самоуправлении»",
        ky="«Жергиликтүү өз алдынча башкаруу жөнүндө» Кыргыз Республикасынын Мыйзамына "
        "өзгөртүүлөрдү киргизүү жөнүндө",
    )
    ru, ky = format_citation(draft, None, "ru"), format_citation(draft, None, "ky")
    assert ru.startswith("Проект закона «О внесении изменений в Закон Кыргызской Республики „О ")
    assert "от 9 июня" not in ru and "(по состоянию на 9 июня 2014 года)" in ru
    assert ky.endswith("мыйзамынын долбоору (2014-жылдын 9-июнундагы абал боюнча)")
    assert not ky.endswith("Мыйзамы")
    # a "law" titled as a draft is a draft
    mislabelled = act("law", date="2014-06-09", ru="Проект закона «О …»")
    assert act_kind(mislabelled).value == "draft"
    assert not format_citation(mislabelled, None, "ru").startswith("Закон")
    letter = act(
        "letter",
        "01-31/283",
        "2014-06-09",
        ru="О проекте закона",
        issuer={"ru": "Государственное агентство по делам местного самоуправления"},
    )
    assert format_citation(letter, None, "ru") == (
        "Письмо Государственного агентства по делам местного самоуправления от 9 июня 2014 года "
        "№ 01-31/283 «О проекте закона»"
    )


def test_news_and_organisations_are_not_acts() -> None:
    news = act("news", date="2021-12-08", ru="Семинар", ky="Семинар")
    assert_cited(
        news,
        None,
        ru="Новость от 8 декабря 2021 года: Семинар",
        ky="2021-жылдын 8-декабрындагы жаңылык: Семинар",
    )
    org = act(
        "organization",
        ru="Институт политики развития (Development Policy Institute)",
        ky="Өнүктүрүү саясат институту",
    )
    assert format_citation(org, None, "ru") == "Сведения об организации: Институт политики развития"


def test_missing_language_falls_back_whole() -> None:
    ky_only = act("program", ky="Айыл чарба программасы")
    c = cite(ky_only, None, "ru")
    assert c.lang == "ky" and c.fallback and c.text == "Айыл чарба программасы"
    # an act with a date and number is still cited in the reader's language; the name and
    # the article's heading it has in the other language only are quoted as the act has them
    # (the reader must know which law and which article; the answer says the text is the
    # act's own, untranslated)
    law = act("law", "45", "2024-03-12", ky="Мыйзам жөнүндө")
    c = cite(law, ART13_KY, "ru")
    assert c.lang == "ru"
    assert c.text == (
        "Закон Кыргызской Республики от 12 марта 2024 года № 45 «Мыйзам жөнүндө», статья 13 "
        "«Жер мамилелерин жөнгө салуу чөйрөсүндөгү айыл өкмөтүнүн компетенциясы»"
    )


@pytest.mark.parametrize(
    ("month", "form"),
    [(1, "январындагы"), (2, "февралындагы"), (3, "мартындагы"), (4, "апрелиндеги"),
     (5, "майындагы"), (6, "июнундагы"), (7, "июлундагы"), (8, "августундагы"),
     (9, "сентябрындагы"), (10, "октябрындагы"), (11, "ноябрындагы"), (12, "декабрындагы")],
)  # fmt: skip
def test_kyrgyz_month_forms(month: int, form: str) -> None:
    assert ky_date(dt.date(2021, month, 20)) == f"2021-жылдын 20-{form}"


def test_faq_label_has_no_latin() -> None:
    from knowledge.models import FaqEntry

    entry = FaqEntry(id="f", questions={"ru": ["?"]}, answer={"ru": "!"})
    for lang in ("ky", "ru"):
        assert not re.search(r"[A-Za-z]", faq_citation(entry, {}, lang))


# --- every document of the knowledge base and of imported samples -----------------------------

_DOUBLED_SUFFIX = re.compile(
    r"(ындагы|индеги|ундагы|үндөгү)[а-яөүң]|(нын|нин|нун|нүн)(нын|нин|нун|нүн)(?![а-яөүң])"
    r"|(?<!\w)(\w{3,})\s+\4(?!\w)"
)
_RU_ONLY_WORDS = re.compile(r"(?<![\w-])(от|года|статья|пункт)(?![\w-])", re.I)


def _documents() -> list[Document]:
    """The bundled documents and every sample act the importer accepts (a sample it refuses,
    kept to test refusals, is not an act to cite)."""
    docs = list(load_directory().documents)
    imported = 0
    for path in sorted(LAWS.iterdir()):
        try:
            found = import_file(path).documents
        except Exception:  # a refused sample is the importer tests' business
            continue
        docs += found
        imported += len(found)
    assert imported >= 2
    return docs


def _core(title: str) -> str:
    """The part of a title that must not appear twice: its quoted name, else the title."""
    m = re.search(r"«([^«»]{12,})»", title)
    return m.group(1) if m else title


def problems(document: Document, passage: Passage | None, lang: str) -> list[str]:
    c = cite(document, passage, lang)
    text, out = c.text, []
    if _DOUBLED_SUFFIX.search(text):
        out.append("doubled suffix or word")
    if any(q in text for q in ("««", "»»", "„„", "““")):
        out.append("doubled quotes")
    if text.count("«") != text.count("»") or text.count("„") != text.count("“"):
        out.append("unbalanced quotes")
    # act numbers may carry a Roman convocation number: "№ 2377-VI"
    if re.search(r"[A-Za-z]", re.sub(r"№\s*\S+", "", text)):
        out.append("Latin letters")
    # (a name or heading the act has in Kyrgyz only is quoted as it is)
    if c.lang == "ru" and re.search(r"[өүңӨҮҢ]", re.sub(r"«[^»]*»", "", text)):
        out.append("Kyrgyz letters in a Russian citation")
    if c.lang == "ky" and _RU_ONLY_WORDS.search(text):
        out.append("Russian words in a Kyrgyz citation")
    title = getattr(document.title, c.lang) or ""
    core = _core(title.replace("“", "»").replace("”", "»"))
    # in the act's line: an article's heading may name the act ("3-берене «Жайыттар жөнүндө
    # Кыргыз Республикасынын мыйзамдары»")
    act_line = cite(document, None, lang).text
    if len(core) >= 12 and act_line.count(core[:40]) > 1:
        out.append("title repeated")
    for word in ("Закон Кыргызской Республики", "Постановление", "Указ", "Мыйзамы", "токтому"):
        if text.count(word) > max(1, title.count(word)):
            out.append(f"{word!r} repeated")
    if "  " in text or text != text.strip():
        out.append("spacing")
    return [f"{document.id} [{lang}→{c.lang}] {p}: {text}" for p in out]


def test_every_document_is_cited_well_in_both_languages() -> None:
    docs = _documents()
    found: list[str] = []
    checked = 0
    for document in docs:
        passages: list[Passage | None] = [None]
        passages += [p for p in document.passages if p.article][:3]
        passages += [p for p in document.passages if not p.article][:1]
        for passage in passages:
            for lang in ("ky", "ru"):
                found += problems(document, passage, lang)
                checked += 1
    print(f"citations checked: {checked} over {len(docs)} documents, problems: {len(found)}")
    assert len(docs) >= 79
    assert not found, "\n".join(found[:20])


def test_the_check_catches_the_old_defects() -> None:
    """The checker itself fails on the garbled citations of issue 10."""
    bad = [
        "Кыргыз Республикасынын 2014-жылдын 9-июнундагыы ««долбоор» Мыйзамы",
        "Закон Кыргызской Республики от 9 июня 2014 года «Проект закона» — Агенттик жөнүндө",
        "Кыргыз Республикасынын Жер кодекси, 13-берене, статья 13",
    ]
    assert _DOUBLED_SUFFIX.search(bad[0]) and "««" in bad[0]
    assert re.search(r"[өүң]", bad[1])
    assert _RU_ONLY_WORDS.search(bad[2])


def test_every_faq_citation_is_in_one_language() -> None:
    kb = load_directory()
    documents = {d.id: d for d in kb.documents}
    found: list[str] = []
    for entry in kb.faq:
        for lang in ("ky", "ru"):
            text = faq_citation(entry, documents, lang)
            if any(q in text for q in ("««", "»»")) or text.count("«") != text.count("»"):
                found.append(f"{entry.id} [{lang}] quotes: {text}")
            if re.search(r"[A-Za-z]", re.sub(r"№\s*\S+", "", text)):
                found.append(f"{entry.id} [{lang}] Latin: {text}")
            for part in text.split("; "):
                # each reference is one citation in one language (a reference whose document
                # lacks the language is cited whole in the other)
                ky_letters = bool(re.search(r"[өүң]", part))
                ru_words = bool(_RU_ONLY_WORDS.search(part))
                if ky_letters and ru_words:
                    found.append(f"{entry.id} [{lang}] mixed: {part}")
    print(f"FAQ citations checked: {2 * len(kb.faq)}, problems: {len(found)}")
    assert not found, "\n".join(found[:10])


def test_capitals_titles_and_codes_named_in_both_languages() -> None:
    # kind "other", as an importer may leave it
    water = act("other", "8", "2005-01-12", ru="ВОДНЫЙ КОДЕКС КЫРГЫЗСКОЙ РЕСПУБЛИКИ")
    art = article("33", pid="a33-ru", heading="Водопользование")
    assert format_citation(water, art, "ru") == (
        "Водный кодекс Кыргызской Республики от 12 января 2005 года № 8, статья 33 "
        "«Водопользование»"
    )
    ky = cite(water, art, "ky")  # the code's standard Kyrgyz name; the heading as the act has it
    assert ky.lang == "ky"
    assert ky.text == (
        "Кыргыз Республикасынын 2005-жылдын 12-январындагы № 8 Суу кодекси, 33-берене "
        "«Водопользование»"
    )
    unknown = act("code", "1", "2020-01-01", ru="Кодекс о ...")
    c = cite(unknown, None, "ky")  # no standard name known: cited whole in Russian
    assert c.lang == "ru" and c.text.startswith("Кодекс о")
    ky_only = act("code", ky="КЫРГЫЗ РЕСПУБЛИКАСЫНЫН ЖЕР КОДЕКСИ")
    assert_cited(
        ky_only,
        None,
        ky="Кыргыз Республикасынын Жер кодекси",
        ru="Земельный кодекс Кыргызской Республики",
    )
