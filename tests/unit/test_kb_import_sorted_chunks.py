"""Importing a code as another legal bot's PDF converter writes it, chunks SORTED BY THEIR
MARKER LINE: "Статья 3" holds articles 3, 328 ("Статья 3 28. …") and 370 of part one, then 3
and 328 of part two; a flattened inserted article ("Статья 231" for 23-1) sits beside the real
231; a chapter's title is glued to the end of the article before it.

The codes here are generated (make_* helpers): pseudo-words stand for each chapter's subject,
so that neighbouring articles share their words as in a real code. No real law text.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from knowledge.importer import ImportOptions, import_file
from knowledge.legal.cleanup import repair_split_words
from knowledge.legal.structure import cut_trailing_division

SEPARATOR = "\n\n" + "=" * 80 + "\n\n"
_SYL = "ба ве го ду жа зи ко лу ма не по ру са ту фе ха".split()
TITLE = "Учебный кодекс Кыргызской Республики"


def _subject(topic: int) -> list[str]:
    """Five words of one chapter's subject ("бавебация" …), distinct per topic."""
    stem = _SYL[topic % 16] + _SYL[topic // 16 % 16]
    return [stem + _SYL[j] + "ция" for j in range(5)]


def _unique(key: int) -> str:
    """A word of one article only."""
    return "у" + "".join(_SYL[int(d)] for d in f"{key:04d}") + "ность"


def make_article(key: int, topic: int) -> tuple[str, str]:
    """(heading, text on one line) of an article about ``topic``."""
    w = _subject(topic)
    heading = f"{w[0].capitalize()} и {w[1]} {_unique(key)}"
    text = (
        f"1. {w[2].capitalize()} {w[3]} осуществляется в порядке, установленном настоящим "
        f"Кодексом. 2. Требования о {w[4]} {w[0]} подлежат исполнению {_unique(key)}."
    )
    return heading, text


def make_sorted_chunks(entries: list[tuple[str, str, str]]) -> str:
    """Converter chunks of (number as written, heading, text), in the act's order, then sorted
    by the marker's number (stable: the act's order within one marker)."""
    chunks = []
    for order, (written, heading, text) in enumerate(entries):
        marker = written.split(" ")[0]
        chunk = f"Статья {marker}\nСтатья {written}. {heading} {text}"
        chunks.append((int(re.sub(r"\D.*", "", marker)), order, chunk))
    chunks.sort(key=lambda c: (c[0], c[1]))
    return SEPARATOR.join(c for _, _, c in chunks) + "\n"


def _passages(path: Path) -> dict[tuple[int, str], list]:
    doc = import_file(path, ImportOptions(title=TITLE)).documents[0]
    out: dict[tuple[int, str], list] = {}
    for p in doc.passages:
        part = int(m[1]) if (m := re.match(r"^pt(\d+)-", p.id)) else 1
        out.setdefault((part, p.article), []).append(p)
    return out


def test_same_number_in_two_parts_each_in_its_part(tmp_path: Path) -> None:
    # part two's 12 and 25 are written "1 2" / "2 5": sorted under markers 1 and 2, before part
    # one's 12 and 25, so counting occurrences would swap the parts
    entries, expected = [], {}
    for part, count, first_topic in ((1, 60, 0), (2, 30, 40)):
        for n in range(1, count + 1):
            heading, text = make_article(part * 1000 + n, first_topic + n // 10)
            written = str(n)
            if (part, n) in {(2, 12), (2, 25), (1, 37), (2, 17)}:
                written = f"{str(n)[0]} {str(n)[1:]}"
            entries.append((written, heading, text))
            expected[(part, str(n))] = heading
    path = tmp_path / "two_parts.txt"
    path.write_text(make_sorted_chunks(entries), encoding="utf-8")
    found = _passages(path)
    got = {key: [p.heading for p in ps] for key, ps in found.items()}
    wrong = {key: (got.get(key), heading) for key, heading in expected.items()
             if got.get(key) != [heading]}  # fmt: skip
    assert not wrong
    assert len(found) == 90


def test_flattened_inserted_article_beside_the_real_one_is_renamed(tmp_path: Path) -> None:
    # a code of 240 articles in chapters of 10; 23-1 (chapter 3's subject) lost its dash:
    # "Статья 231" sits beside the real 231 (chapter 24's), 5-1 written "51" beside the real 51
    entries, expected = [], {}
    for n in range(1, 241):
        heading, text = make_article(n, n // 10)
        entries.append((str(n), heading, text))
        expected[str(n)] = heading
        if n in (5, 23):
            heading, text = make_article(5000 + n, n // 10)
            entries.append((f"{n}1", heading, text))
            expected[f"{n}-1"] = heading
    path = tmp_path / "flattened.txt"
    path.write_text(make_sorted_chunks(entries), encoding="utf-8")
    found = _passages(path)
    assert [p.heading for p in found[(1, "23-1")]] == [expected["23-1"]]
    assert [p.heading for p in found[(1, "231")]] == [expected["231"]]
    assert [p.heading for p in found[(1, "5-1")]] == [expected["5-1"]]
    assert (1, "51") in found and [p.heading for p in found[(1, "51")]] == [expected["51"]]
    assert not any(part > 1 for part, _ in found)  # no second part made up


def test_a_number_read_on_purpose_is_not_split(tmp_path: Path) -> None:
    # 231 alone in a 240-article code, its words far from 23's: stays 231
    entries = []
    for n in range(1, 241):
        heading, text = make_article(n, n // 10)
        entries.append((str(n), heading, text))
    path = tmp_path / "plain.txt"
    path.write_text(make_sorted_chunks(entries), encoding="utf-8")
    found = _passages(path)
    assert sorted(found) == sorted((1, str(n)) for n in range(1, 241))


def test_glued_chapter_titles_apply_in_numbering_order(tmp_path: Path) -> None:
    entries = []
    for n in range(1, 41):
        heading, text = make_article(n, n // 10)
        if n == 10:
            text += " Глава 2. Порядок учебных отношений"
        if n == 20:
            text += " Глава 3. Особые учебные отношения § 1. Общие положения"
        written = f"2 {str(n)[1:]}" if n in (24, 27) else str(n)  # under marker "2"
        entries.append((written, heading, text))
    path = tmp_path / "glued.txt"
    path.write_text(make_sorted_chunks(entries), encoding="utf-8")
    found = _passages(path)
    assert found[(1, "10")][0].text.endswith("исполнению " + _unique(10) + ".")
    assert "Глава 2. Порядок учебных отношений" in (found[(1, "11")][0].source or "")
    assert "Глава 2" in (found[(1, "20")][0].source or "")
    for n in (21, 24, 27, 40):  # 24 and 27 stand right after article 2 in the file
        source = found[(1, str(n))][0].source or ""
        assert "Глава 3. Особые учебные отношения" in source, (n, source)
        assert "§ 1. Общие положения" in source
    # no chunk carries "Глава 1": the articles before "Глава 2" are in chapter 1, title unknown
    assert found[(1, "3")][0].source == found[(1, "10")][0].source == "Глава 1"


def test_cut_trailing_division_takes_titles_in_a_row() -> None:
    text, title = cut_trailing_division(
        "Текст статьи заканчивается здесь. (В редакции Закона КР от 1 мая 2016 года № 207) "
        "Глава 47. Договор иджара § 1. Общие положения"
    )
    assert text.endswith("№ 207)")
    assert title == "Глава 47. Договор иджара § 1. Общие положения"
    assert cut_trailing_division("Текст без заголовка в конце.") == (
        "Текст без заголовка в конце.",
        None,
    )


def test_words_broken_in_three_pieces_or_into_two_common_words() -> None:
    base = [
        "Требования кредитора подлежат удовлетворению членами общества.",
        "Договор подлежит регистрации и состоит из частей.",
    ] * 12
    lines = [
        *base,
        "Эти тре бова ния подлежат учету члена ми общества.",
        "Договор под лежит регистрации и со стоит из частей.",
        "Это не может быть по том же основанию. Тре бова ния.",
    ]
    repaired = repair_split_words(lines)
    assert lines[-3] == "Эти требования подлежат учету членами общества."
    assert lines[-2] == "Договор подлежит регистрации и состоит из частей."
    # words that are words on their own stay apart; a sentence's first word is joined too
    assert lines[-1] == "Это не может быть по том же основанию. Требования."
    assert repaired == 7


def test_summary_warns_when_number_and_date_are_missing(tmp_path: Path) -> None:
    entries = [(str(n), *make_article(n, n // 10)) for n in range(1, 31)]
    path = tmp_path / "civil_chunks.txt"
    path.write_text(make_sorted_chunks(entries), encoding="utf-8")
    report = import_file(path, ImportOptions(title=TITLE)).reports[0]
    assert report.missing == ["number", "date", "url"]
    warning = [line for line in report.lines() if "WARNING" in line]
    assert warning == [
        "  WARNING: no act number and date in the file: citations will name the act without "
        "them. Import it again with --number N --date YYYY-MM-DD --id civil-chunks to fix that "
        "(the same --id replaces this document)"
    ]
    given = ImportOptions(title=TITLE, number="1", date=dt.date(1996, 5, 8))
    lines = import_file(path, given).reports[0].lines()
    assert not [line for line in lines if "WARNING" in line]


def test_a_copy_not_recognised_does_not_move_the_next_articles_to_part_two(tmp_path: Path) -> None:
    # "Статья 1" holds 1, a second copy of 1 with another last sentence, and 1 098
    entries = [(str(n), *make_article(n, n // 10)) for n in range(1, 31)]
    heading, text = make_article(1, 0)
    entries.insert(1, ("1", heading, text.replace("подлежат", "должны быть")))
    entries.append(("1 098", *make_article(1098, 40)))
    path = tmp_path / "copies.txt"
    path.write_text(make_sorted_chunks(entries), encoding="utf-8")
    found = _passages(path)
    assert (1, "1098") in found and (2, "1098") not in found
    assert (1, "2") in found and (2, "2") not in found


def make_prefixed(chunks_text: str, size: int = 120) -> str:
    """The same chunks as "Статья N (часть): <piece>" lines, pieces cut anywhere."""
    out = []
    for chunk in chunks_text.strip().split(SEPARATOR.strip("\n")):
        marker, _, line = chunk.strip().partition("\n")
        pieces = [line[i : i + size].strip() for i in range(0, len(line), size)]
        label = f"{marker} (часть): " if len(pieces) > 1 else f"{marker}: "
        out += [label + piece for piece in pieces if piece]
    return "\n\n".join(out) + "\n"


def test_chunks_prefixed_with_their_article_are_joined_back(tmp_path: Path) -> None:
    entries, expected = [], {}
    for n in range(1, 41):
        heading, text = make_article(n, n // 10)
        written = f"{str(n)[0]} {str(n)[1:]}" if n in (24, 37) else str(n)
        entries.append((written, heading, text))
        expected[str(n)] = (heading, text.replace(" 2. ", "\n2. "))
    path = tmp_path / "prefixed.txt"
    path.write_text(make_prefixed(make_sorted_chunks(entries)), encoding="utf-8")
    assert "Статья 2 (часть): " in path.read_text(encoding="utf-8")
    found = _passages(path)
    assert sorted(found) == sorted((1, str(n)) for n in range(1, 41))
    for number, (heading, text) in expected.items():
        [passage] = found[(1, number)]
        assert passage.heading == heading
        assert passage.text == text  # the pieces joined, words cut between them whole again


def test_first_division_without_its_title_line(tmp_path: Path) -> None:
    # no chunk carries "Раздел I" or "Глава 1" (they stood above article 1): the articles before
    # the first glued "Раздел II" / "Глава 2" are in section I / chapter 1, titles unknown
    entries = []
    for n in range(1, 31):
        heading, text = make_article(n, n // 10)
        if n == 10:
            text += " Глава 2. Порядок учебных отношений"
        if n == 20:
            text += " Раздел II. Особенная часть Глава 3. Особые учебные отношения"
        entries.append((str(n), heading, text))
    path = tmp_path / "no_first_chapter.txt"
    path.write_text(make_sorted_chunks(entries), encoding="utf-8")
    found = _passages(path)
    assert found[(1, "1")][0].source == "Раздел I › Глава 1"
    assert found[(1, "10")][0].source == "Раздел I › Глава 1"
    assert found[(1, "11")][0].source == "Раздел I › Глава 2. Порядок учебных отношений"
    assert found[(1, "21")][0].source == (
        "Раздел II. Особенная часть › Глава 3. Особые учебные отношения"
    )


def test_first_glued_chapter_not_two_adds_nothing(tmp_path: Path) -> None:
    entries = []
    for n in range(1, 21):
        heading, text = make_article(n, n // 10)
        if n == 10:
            text += " Глава 5. Порядок учебных отношений"  # a fragment starting at chapter 4?
        entries.append((str(n), heading, text))
    path = tmp_path / "fragment.txt"
    path.write_text(make_sorted_chunks(entries), encoding="utf-8")
    found = _passages(path)
    assert found[(1, "3")][0].source is None
    assert found[(1, "11")][0].source == "Глава 5. Порядок учебных отношений"


def test_lone_flattened_article_of_part_two_beside_part_ones_number(tmp_path: Path) -> None:
    # part one: 1-150; part two: 1-60 and 14-1 written "141" (part one has a real 141): the
    # parts share 1..60, not 1..141, so "141" given twice is one too many and is renamed
    entries, expected = [], {}
    for part, count, first_topic in ((1, 150, 0), (2, 60, 20)):
        for n in range(1, count + 1):
            heading, text = make_article(part * 1000 + n, first_topic + n // 10)
            entries.append((str(n), heading, text))
            expected[(part, str(n))] = heading
            if (part, n) == (2, 14):
                heading, text = make_article(2900, first_topic + 1)
                entries.append(("141", heading, text))
                expected[(2, "14-1")] = heading
    path = tmp_path / "lone_inserted.txt"
    path.write_text(make_sorted_chunks(entries), encoding="utf-8")
    found = _passages(path)
    assert [p.heading for p in found[(2, "14-1")]] == [expected[(2, "14-1")]]
    assert [p.heading for p in found[(1, "141")]] == [expected[(1, "141")]]
    assert (2, "141") not in found
