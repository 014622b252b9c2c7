"""Numbers broken by a space inside an act's text ("статьями 595 и 5 97", "№ 2 07"): joined
only in references to articles and after "№", never real separate numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.importer import ImportOptions, ImportReport, import_file
from knowledge.legal.cleanup import repair_split_numbers

WATER_CODE = Path("/work/shared/corpus/kg_water_code_ru.txt")
NUMBERS = {str(n) for n in range(1, 120)} | {"595", "597", "598", "16-1", "23-1", "231"}


@pytest.mark.parametrize(
    ("line", "fixed"),
    [
        ("в соответствии со статьями 595 и 5 97 настоящего Кодекса",
         "в соответствии со статьями 595 и 597 настоящего Кодекса"),
        ("предусмотренных статьями 595, 5 97 и 598", "предусмотренных статьями 595, 597 и 598"),
        ("(ст. 5 98)", "(ст. 598)"),
        ("согласно статье 1 098 Гражданского кодекса", "согласно статье 1098 Гражданского кодекса"),
        ("нормы статьи 5 07", "нормы статьи 507"),  # "07" is never a number on its own
        ("Закон от 2 июня 2020 года № 2 07", "Закон от 2 июня 2020 года № 207"),
        ("(В редакции Закона КР от 12.05.2020 № 1 23)",
         "(В редакции Закона КР от 12.05.2020 № 123)"),
        ("Мыйзамы № 2 07-VI", "Мыйзамы № 207-VI"),
        ("595 жана 5 97-беренелеринде", "595 жана 597-беренелеринде"),
        ("ушул Кодекстин 1 098-беренеси", "ушул Кодекстин 1098-беренеси"),
        # an inserted article whose superscript became a space
        ("условий, указанных в статье 16 1 настоящего Кодекса",
         "условий, указанных в статье 16-1 настоящего Кодекса"),
        ("16 1-беренесинде", "16-1-беренесинде"),
    ],
)  # fmt: skip
def test_broken_numbers_in_references_are_joined(line: str, fixed: str) -> None:
    lines = [line]
    assert repair_split_numbers(lines, NUMBERS) == 1
    assert lines == [fixed]


@pytest.mark.parametrize(
    "line",
    [
        "не позднее 2 июня 2021 года",
        "в 3 5-дневный срок",  # a count, not an article
        "статьи 5 и 6 настоящего Закона",
        "статьей 3 10 дней",  # "10 дней" is a period
        "статьи 12 13",  # 1213 is no article of this act
        "№ 12 от 2 июня 2020 года",
        "№ 12 3 года",
        "№ 45 2005-жылдын",
        "статьи 5 2020 года",
        "в 1 2 пунктах",  # no article word before the numbers
        "2 июня 3 4",
        "5 10-күндүк мөөнөттө",
        "статье 23 1 настоящего Кодекса",  # 23-1 or 231: both are articles
    ],
)
def test_separate_numbers_stay_apart(line: str) -> None:
    lines = [line]
    assert repair_split_numbers(lines, NUMBERS) == 0
    assert lines == [line]


def test_the_heading_number_is_left_to_the_structure() -> None:
    """ "Статья 3 28." is the parser's (it knows the sequence); its text is repaired."""
    lines = ["Статья 3 28. Договор о залоге 1. Применяются статьи 5 97 и 598."]
    assert repair_split_numbers(lines, NUMBERS) == 1
    assert lines == ["Статья 3 28. Договор о залоге 1. Применяются статьи 597 и 598."]


def test_import_joins_references_and_the_act_number(tmp_path: Path) -> None:
    body = "\n\n".join(
        f"Статья {n}. Заголовок статьи {n}\n\nТекст статьи {n} о правилах пользования."
        for n in range(1, 13)
    )
    text = (
        "ЗАКОН КЫРГЫЗСКОЙ РЕСПУБЛИКИ\n\nО пастбищах\n\n"
        "от 26 января 2009 года № 3 0\n\n"  # "№ 30" broken by the converter
        + body.replace(
            "Текст статьи 4 о", "Текст статьи 4 (см. статьи 1 1 и 1 2, а также 3 5-дневный срок) о"
        )
    )
    path = tmp_path / "zakon.txt"
    path.write_text(text, encoding="utf-8")
    result = import_file(path, ImportOptions())
    doc = result.documents[0]
    assert doc.number == "30"
    a4 = next(p for p in doc.passages if p.article == "4")
    assert "статьи 11 и 12, а также 3 5-дневный срок" in a4.text
    assert any("3 numbers broken by spaces joined" in line for line in result.details())


def test_summary_uses_singular_and_plural() -> None:
    report = ImportReport(
        kind="law", title="T", number="1", date=None, lang="ru", issuer=None, status="unknown",
        articles=1, headings=1, divisions=1, repealed=0, amendments=1, passages=1,
        dropped_lines=1, empty_articles=1, duplicates=1, repaired_words=1, repaired_numbers=1,
    )  # fmt: skip
    text = "\n".join(report.lines())
    assert "1 article (1 with headings, 0 repealed), 1 chapter/section" in text
    assert "1 amendment note, 1 passage" in text
    assert "1 junk line dropped" in text and "1 article heading without text" in text
    assert "1 repeated copy of articles dropped, 1 word broken by spaces joined" in text
    assert "1 number broken by spaces joined" in text
    for wrong in ("1 articles", "1 passages", "1 repeated copies", "1 words", "1 junk lines"):
        assert wrong not in text
    report.articles = report.duplicates = report.passages = 2
    text = "\n".join(report.lines())
    assert "2 articles (" in text and "2 repeated copies of articles" in text
    assert "2 passages" in text


@pytest.mark.skipif(not WATER_CODE.exists(), reason="the real Water Code is not here")
def test_real_water_code_reference_to_an_inserted_article() -> None:
    """The Water Code writes article 16-1's heading "Статья 161" and refers to it as
    "статье 16 1": both are 16-1 once imported."""
    doc = import_file(WATER_CODE).documents[0]
    texts = "\n".join(p.text for p in doc.passages)
    assert "указанных в статье 16-1 настоящего Кодекса" in texts
    assert "статье 16 1 " not in texts and "статье 161 " not in texts
