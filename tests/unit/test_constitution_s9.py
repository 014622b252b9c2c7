"""Session 9: the Constitution imported as published — no act number (none is expected, so no
warning asks for one), its title in normal case with the capital a proper name keeps, cited in
the reader's language by its standard name whichever language it was imported in, and its
articles, which have no headings, judged by the answer model like articles whose heading the
question names as often as a right answer's does."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.importer import ImportOptions, import_file
from knowledge.legal.metadata import normal_case
from knowledge.search.citation import cite
from knowledge.search.engine import HEADINGLESS
from tests.helpers.kb import act, article, engine_of

CONSTITUTION_KY = """КЫРГЫЗ РЕСПУБЛИКАСЫНЫН КОНСТИТУЦИЯСЫ

2021-жылдын 11-апрелинде бүткүл элдик референдумда (шайлоодо) кабыл алынган

I БӨЛҮМ. КОНСТИТУЦИЯЛЫК ТҮЗҮЛҮШТҮН НЕГИЗДЕРИ

1-берене.
1. Кыргыз Республикасы – эгемендүү, демократиялык, укуктук, светтик, унитардык, социалдык мамлекет.
2. Кыргыз Республикасында бийликтин жалгыз булагы анын эли болуп саналат.

12-берене.
1. Кыргыз Республикасы менчиктин бардык түрлөрүн бирдей коргойт.
2. Жер, анын жер казынасы, суулары мамлекеттин менчигинде болот.

13-берене.
1. Жайыттар жеке менчикте болушу мүмкүн эмес.

110-берене.
1. Жергиликтүү маанидеги маселелерди жергиликтүү өз алдынча башкаруу органдары чечет.
2. Жергиликтүү кеңештер жергиликтүү бюджетти бекитет жана анын аткарылышын көзөмөлдөйт.

111-берене.
1. Мамлекеттик органдар жергиликтүү өз алдынча башкаруунун ыйгарым укуктарына кийлигишпейт.
"""


def test_normal_case_keeps_the_constitution_capitalised() -> None:
    assert normal_case("КЫРГЫЗ РЕСПУБЛИКАСЫНЫН КОНСТИТУЦИЯСЫ") == (
        "Кыргыз Республикасынын Конституциясы"
    )
    assert normal_case("КОНСТИТУЦИЯ КЫРГЫЗСКОЙ РЕСПУБЛИКИ") == "Конституция Кыргызской Республики"


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    path = Path(tmp_path_factory.mktemp("const")) / "konstitutsiya_ky.txt"
    path.write_text(CONSTITUTION_KY, encoding="utf-8")
    return import_file(path, ImportOptions())


def test_a_constitution_has_no_number_to_ask_for(imported) -> None:  # type: ignore[no-untyped-def]
    doc, report = imported.documents[0], imported.reports[0]
    assert str(doc.kind) == "constitution" and doc.number is None
    # named by its date, not its file name: its other language's text, or the same text saved
    # under another name, is the same document
    assert doc.id == "constitution-2021-04-11"
    assert doc.title.ky == "Кыргыз Республикасынын Конституциясы"
    assert "number" not in report.missing
    assert not any("WARNING" in line for line in report.lines())


def test_a_constitution_is_cited_by_its_name_in_either_language() -> None:
    ky_only = act(
        "constitution", None, "2021-04-11", doc_id="k", ky="Кыргыз Республикасынын Конституциясы"
    )
    ru_only = act(
        "constitution", None, "2021-04-11", doc_id="k", ru="Конституция Кыргызской Республики"
    )
    ky_article, ru_article = article("12", "…", lang="ky"), article("12", "…")
    for doc, passage in ((ky_only, ky_article), (ru_only, ru_article)):
        assert cite(doc, passage, "ru").text == (
            "Конституция Кыргызской Республики от 11 апреля 2021 года, статья 12"
        )
        assert cite(doc, passage, "ky").text == (
            "Кыргыз Республикасынын 2021-жылдын 11-апрелиндеги Конституциясы, 12-берене"
        )


def test_an_article_without_a_heading_gets_neutral_heading_features(imported) -> None:  # type: ignore[no-untyped-def]
    engine = engine_of(imported.documents[0])
    result = engine.search("Жергиликтүү бюджетти ким бекитет?")
    assert result.results and result.results[0].article == "110"
    for name, value in HEADINGLESS.items():
        assert result.features[name] == value
    # an article with a heading keeps its own values
    headed = act("law", "1", "2020-01-01", doc_id="h", ky="Бюджет жөнүндө",
                 passages=[article("5", "Жергиликтүү бюджетти жергиликтүү кеңеш бекитет.",
                                   lang="ky", heading="Жергиликтүү бюджетти бекитүү")])  # fmt: skip
    features = engine_of(headed).search("Жергиликтүү бюджетти ким бекитет?").features
    assert features["head_whole"] != HEADINGLESS["head_whole"] or features["heading"] != 0.26


def test_the_rest_of_a_hyphenated_word_is_never_taken_for_a_running_line(tmp_path: Path) -> None:
    # an act that repeats a sentence hyphenated at the same place, page after page: the
    # repeated continuation "ет право …" is text, not a page header (it was dropped, leaving
    # "… который име-" in four articles)
    lines = ["НАЛОГОВЫЙ КОДЕКС КЫРГЫЗСКОЙ РЕСПУБЛИКИ", "от 18 января 2022 года № 3", ""]
    for number in (324, 325, 326, 327):
        lines += [
            f"Статья {number}. Заголовок статьи {number}",
            "1. Налогоплательщиком является субъект, который име-",
            "ет право на земельный участок.",
            f"2. Налог по статье {number} уплачивается в срок.",
            "",
            f"Стр. {number - 323} из 4",
            "",
        ]
    path = tmp_path / "code.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    passages = [p for p in import_file(path, ImportOptions()).documents[0].passages if p.article]
    assert len(passages) == 4
    for passage in passages:
        assert "который имеет право на земельный участок." in passage.text
        assert "име-" not in passage.text


def test_a_constitution_adopted_by_referendum_is_issued_by_the_people(imported) -> None:  # type: ignore[no-untyped-def]
    """Session 10: "… референдумда кабыл алынган" in its header — the people adopted it, not
    the Jogorku Kenesh (which adopts the codes and laws)."""
    issuer = imported.documents[0].issuer
    assert issuer is not None
    assert issuer.ru == "референдум (всенародное голосование)"
    assert issuer.ky == "референдум (бүткүл элдик добуш берүү)"
