"""Clean the lines of an act as extracted from PDFs, Word files and web pages.

* characters: non-breaking and other odd spaces, zero-width characters, soft hyphens, tabs;
* junk lines: separators ("=====", "-----", "* * *"), page numbers ("12", "- 12 -",
  "Страница 3 из 40"), running page headers and footers (short lines repeated on many pages);
* hyphenation across lines ("регули-" + "рования" → "регулирования");
* lines wrapped at a fixed width (a line not ending a sentence followed by one starting in
  lower case) are re-joined, so that points ("1.", "1)", "а)", "-") stay one per line.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from knowledge.legal.metadata import is_mostly_upper
from knowledge.legal.readers import PAGE_BREAK
from knowledge.legal.structure import (
    is_note_start,
    is_point,
    is_structural,
    match_article_spaced,
)

_SPACES = str.maketrans(
    {
        "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ",
        "\u2002": " ", "\u2003": " ", "\u2005": " ", "\u3000": " ", "\t": " ",
        "\u200b": None, "\u200c": None, "\u200d": None, "\ufeff": None, "\u00ad": None,
        "\u2060": None, "\u2011": "-", "\u2010": "-", "\u0000": None,
    }
)  # fmt: skip
_MULTISPACE = re.compile(r" {2,}")
_SEPARATOR = re.compile(r"^[=\-_*~.·•#+—–\s]{3,}$|^(?:\*\s*){3,}$")
_PAGE_NUMBER = re.compile(
    r"^[-–—\s]*\d{1,4}[-–—\s]*$"
    r"|^(?:стр\.?|страница|бет|page)\s*\d{1,4}(?:\s*(?:из|of|/)\s*\d{1,4})?\.?$"
    r"|^\d{1,4}\s*(?:из|/|of)\s*\d{1,4}$"
    r"|^\d{1,4}\s*-?\s*бет$",
    re.IGNORECASE,
)
# what a browser prints on every page of a saved act: the page's address, the time of printing
# ("http://cbd.minjust.gov.kg/act/view/ru-ru/1592", "20.03.2024, 15:22"); never the act's text
_PRINT_FURNITURE = re.compile(
    r"^(?:(?:https?://|www\.)\S+|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:kg|ru|com|org|net)(?:/\S*)?"
    r"|\d{1,2}[./]\d{1,2}[./]\d{2,4},?\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AP]M)?)$",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d+")
_HYPHEN_END = re.compile(r"[а-яёөүңa-z]-$", re.IGNORECASE)
_SENTENCE_END = (".", ";", ":", "!", "?", "»", '"', "”")
_LOWER_POINT = re.compile(r"^[а-яa-zөүң]\)\s", re.IGNORECASE)
_PLACE = re.compile(r"^(?:г\.|гор\.|с\.|пос\.)\s?[А-ЯӨҮҢ]")
# a header's date line under the act's name ("О …" / "от 20 октября 2021 года № 123")
_DATE_LINE = re.compile(
    r"^от\s+(?:\d{1,2}\s+[а-я]+\s+\d{4}|\d{1,2}\.\d{1,2}\.\d{4})[^.;:]{0,40}$", re.IGNORECASE
)
_KEEP_REPEATED = re.compile(r"утратил|күчүн\s+жогот|исключен|^статья|берене", re.IGNORECASE)


_FOOTNOTE_MARKS = "¹²³⁴⁵⁶⁷⁸⁹"
# a footnote's mark after a word of three letters or more ("объекты¹"); "м³", "км²" and an
# inserted article's "23¹" stay
_FOOTNOTE_LINE = re.compile(r"^[¹²³⁴⁵⁶⁷⁸⁹]{1,2}\s*[^\W\d_]")
_FOOTNOTE_MARK = re.compile(r"[¹²³⁴⁵⁶⁷⁸⁹⁰]{1,2}(?![\w-])")  # found fast; the word is checked after


def _drop_footnote_marks(text: str) -> str:
    parts: list[str] = []
    start = 0
    for match in _FOOTNOTE_MARK.finditer(text):
        before = text[max(0, match.start() - 3) : match.start()]
        if len(before) == 3 and all(ch.isalpha() for ch in before):
            parts.append(text[start : match.start()])
            start = match.end()
    parts.append(text[start:])
    return "".join(parts)


@dataclass
class CleanStats:
    separators: int = 0
    page_numbers: int = 0
    running_lines: int = 0  # page header/footer lines dropped
    hyphenations: int = 0
    joined: int = 0
    footnotes: int = 0  # a publisher's footnotes at a page's foot ("¹ Примечание …") dropped
    contents: int = 0  # lines of a table of contents without articles ("1. Общие … 3") dropped
    columns: int = 0  # lines holding two columns of one language, read column by column


def normalise_line(line: str) -> str:
    return _MULTISPACE.sub(" ", line.translate(_SPACES)).strip()


_ODD_CHARS = re.compile("[" + "".join(chr(c) for c in _SPACES) + "]")


def _normalise_text(text: str) -> str:
    """:func:`normalise_line`'s character mapping for a whole text in one pass."""
    return _ODD_CHARS.sub(lambda m: _SPACES.get(ord(m[0])) or "", text)


def clean_lines(text: str, stats: CleanStats | None = None) -> list[str]:
    """Cleaned lines of ``text``; removed lines become "" so blank-line structure is kept."""
    stats = stats if stats is not None else CleanStats()
    text = _normalise_text(text.replace("\r\n", "\n").replace("\r", "\n"))
    footnotes = any(mark in text for mark in _FOOTNOTE_MARKS)
    if footnotes:
        text = _drop_footnote_marks(text)  # "объекты¹" → "объекты"
    lines: list[str] = []
    boundaries: list[int] = []  # page breaks and page-number lines
    for line in text.split("\n"):
        if PAGE_BREAK in line:
            boundaries.append(len(lines))
            line = line.replace(PAGE_BREAK, "")
        line = line.strip()
        if "  " in line:
            line = _MULTISPACE.sub(" ", line)
        if line and _SEPARATOR.match(line):
            stats.separators += 1
            line = ""
        elif line and len(line) <= 30 and _PAGE_NUMBER.match(line):
            stats.page_numbers += 1
            boundaries.append(len(lines))
            line = ""
        elif line and len(line) <= 300 and _PRINT_FURNITURE.match(line):
            stats.running_lines += 1
            line = ""
        lines.append(line)
    _drop_plain_contents(lines, stats)
    had_text = [bool(line) for line in lines]
    _drop_running_lines(lines, boundaries, stats)
    for boundary in boundaries if footnotes else ():
        for index in range(max(0, boundary - 6), boundary):
            if _FOOTNOTE_LINE.match(lines[index]):
                lines[index] = ""  # not the act's text: it would cut a sentence in two
                stats.footnotes += 1
    # blank lines a page leaves (its number, running lines, the break and blanks around them):
    # a sentence or a heading goes on across them
    page_gap = {i for i, line in enumerate(lines) if had_text[i] and not line}
    for boundary in boundaries:
        page_gap.update(i for i in range(boundary - 3, boundary + 4) if 0 <= i < len(lines))
    return _join_broken_lines(lines, stats, page_gap)


# a line of a table of contents: its entry, a dotted leader and the page number
_CONTENTS_LINE = re.compile(r"(?:(?:\.\s?){3,}|…+)\s*\d{1,4}$")
_CONTENTS_HEAD = re.compile(r"^(?:содержание|оглавление|мазмуну|мазмун)\s*:?$", re.IGNORECASE)
_ARTICLE_ENTRY = re.compile(r"^\W*(?:статья\s+\d|\d{1,4}(?:-\d{1,2})?\s*-\s*берене\b)", re.I)
CONTENTS_LINES = 3  # dotted-leader lines in a row that are a table of contents


def _drop_plain_contents(lines: list[str], stats: CleanStats) -> None:
    """Blank out a table of contents whose entries are no articles — points, chapters or
    sections with dotted leaders and page numbers ("1. Общие положения ...... 3"), three or
    more in a row (blank lines between) — and its title when none of its entries is an
    article.  Entries "Статья N. …" stay: the parser drops such a table against the articles
    it lists again."""
    i = 0
    while i < len(lines):
        if not (lines[i] and len(lines[i]) < 200 and _CONTENTS_LINE.search(lines[i])):
            i += 1
            continue
        j, entries = i, []
        while j < len(lines) and (
            not lines[j] or (len(lines[j]) < 200 and _CONTENTS_LINE.search(lines[j]))
        ):
            if lines[j]:
                entries.append(j)
            j += 1
        if len(entries) >= CONTENTS_LINES:
            articles = [k for k in entries if _ARTICLE_ENTRY.match(lines[k])]
            for k in entries:
                if k not in articles:
                    lines[k] = ""
                    stats.contents += 1
            head = i - 1
            while head >= 0 and not lines[head]:
                head -= 1
            if not articles and head >= 0 and _CONTENTS_HEAD.match(lines[head]):
                lines[head] = ""
                stats.contents += 1
        i = j


def _drop_running_lines(lines: list[str], boundaries: list[int], stats: CleanStats) -> None:
    """Blank out running page headers/footers: short lines repeated next to page boundaries.

    Without page breaks or page numbers in the text, only lines repeated very often (10+) are
    taken for running lines.  A line right after a heading ("Глава 5" / "Общие положения") or
    an article's points are never dropped.
    """
    keys = [_DIGITS.sub("#", line.lower()) if 0 < len(line) <= 120 else "" for line in lines]
    counts = Counter(k for k in keys if k)
    pages = len(boundaries) + 1
    threshold = max(3, pages // 3) if boundaries else 10
    candidates = {
        key
        for key, count in counts.items()
        if count >= threshold and sum(ch.isalpha() for ch in key) >= 3
    }
    if not candidates:
        return
    near: set[int] = set()
    for boundary in boundaries:
        near.update(range(boundary - 3, boundary + 4))
    occurrences: Counter[str] = Counter()
    near_boundary: Counter[str] = Counter()
    for index, key in enumerate(keys):
        if key in candidates:
            occurrences[key] += 1
            near_boundary[key] += index in near
    running = {
        key for key in candidates if not boundaries or near_boundary[key] >= 0.6 * occurrences[key]
    }
    # The title lines above the first article or chapter stay even if they repeat later.
    body_start = next((i for i, line in enumerate(lines) if line and is_structural(line)), 0)
    previous = ""
    for index, line in enumerate(lines):
        key = keys[index]
        if not line:
            continue
        after_heading = bool(previous) and len(previous) < 40 and is_structural(previous)
        # the rest of a word hyphenated at the end of the line before ("име-" + "ет право …"):
        # text, however often the act repeats it, never a page's running line
        continues = bool(_HYPHEN_END.search(previous)) and line[:1].islower()
        previous = line
        if key not in running or index < body_start or (after_heading and index not in near):
            continue
        if continues:
            continue
        if is_structural(line) or is_point(line):
            continue
        if (line.startswith("(") or is_note_start(line)) and not (boundaries and index in near):
            continue  # a bracket repeated at every page's top is the edition line, not a note
        if line.endswith((":", ";")) or _KEEP_REPEATED.search(line):
            continue
        lines[index] = ""
        stats.running_lines += 1


def _join_broken_lines(
    lines: list[str], stats: CleanStats, page_gap: set[int] | None = None
) -> list[str]:
    out: list[str] = []
    blanks_since = 0  # blank lines since the last text line (page breaks leave some)
    soft = True  # every one of them is a page's (see clean_lines)
    page_gap = page_gap or set()
    for index, line in enumerate(lines):
        if not line:
            out.append("")
            soft = soft and index in page_gap
            blanks_since += 1
            continue
        across_page = 0 < blanks_since <= 8 and soft
        soft = True
        prev_index = len(out) - 1 - blanks_since
        prev = out[prev_index] if prev_index >= 0 else ""
        starts_lower = line[:1].isalpha() and line[:1].islower()
        if prev and starts_lower and _HYPHEN_END.search(prev) and blanks_since <= 6:
            out[prev_index] = prev[:-1] + line
            del out[prev_index + 1 :]
            stats.hyphenations += 1
            blanks_since = 0
            continue
        if (
            prev
            and (blanks_since == 0 or across_page)
            and _heading_goes_on(prev, line, _next_text(lines, index))
        ):
            out[prev_index] = f"{prev} {line}"  # "… водного законодательства" + "Кыргызской
            del out[prev_index + 1 :]  # Республики": a heading wrapped before a proper noun
            stats.joined += 1
            blanks_since = 0
            continue
        if (
            prev
            and (blanks_since == 0 or across_page)
            and starts_lower
            and not prev.endswith(_SENTENCE_END)
            and not _LOWER_POINT.match(line)
            and not _ends_structural(prev)
            and not _PLACE.match(line)
            and not _DATE_LINE.match(line)
            and not (len(prev) < 300 and is_mostly_upper(prev))
        ):
            out[prev_index] = f"{prev} {line}"
            del out[prev_index + 1 :]
            stats.joined += 1
            blanks_since = 0
            continue
        out.append(line)
        blanks_since = 0
    return out


_PROPER_LINE = re.compile(
    r"^(?:Кыргызской\s+Республики|Кыргызской\s+Республике|Кыргыз\s+Республикасынын"
    r"|Кыргыз\s+Республикасында|Жогорку\s+Кенеша|Жогорку\s+Кеңешинин|Кабинета\s+Министров"
    r"|Министрлер\s+Кабинетинин)(?:\s+(?:Кыргызской\s+Республики|Кыргыз\s+Республикасынын))?$"
)


# "… Кыргызской" + "Республики": the proper noun itself broken
_REPUBLIC_CUT = re.compile(r"\b(?:Кыргызской|Кыргыз)$")
_REPUBLIC_REST = re.compile(r"^(?:Республики|Республике|Республикасынын|Республикасында)$")
# a word no heading ends with: a preposition, a conjunction, "настоящего" (… Кодекса)
_OPEN_END = re.compile(
    r"\s(?:в|во|и|за|по|о|об|от|с|со|для|на|к|из|при|как|или|между|настоящ(?:его|ей|их|ему)|жана|же)$",
    re.IGNORECASE,
)
_PROPER_START = re.compile(r"^(?:Кыргызской\s+Республики|Кыргыз\s+Республикасынын)\s+[а-яёөүң(]")
_LOWER_BRACKET = re.compile(r"^\([а-яёөүң][^()]{0,80}\)$")


def _next_text(lines: list[str], index: int) -> tuple[str, str]:
    """What follows line ``index``: the lower-case lines that continue it (joined), and the
    first line after them that does not (within a few blank lines each)."""
    rest: list[str] = []
    blanks = 0
    for line in lines[index + 1 : index + 40]:
        if not line:
            blanks += 1
            if blanks > 5:
                break
            continue
        blanks = 0
        if line[:1].isalpha() and line[:1].islower():
            rest.append(line)
            continue
        return " ".join(rest), line
    return " ".join(rest), ""


def _heading_goes_on(prev: str, line: str, after: tuple[str, str] = ("", "")) -> bool:
    """An article's heading line broken before "Кыргызской Республики" (a line of proper
    nouns alone, which no article's text is, or with the heading's rest when a sentence
    starts after it), inside it ("… Кыргызской" + "Республики"),
    after a word no heading ends with ("… вступление в силу настоящего" + "Кодекса и …") or
    before "(владельца)" (a short bracket in lower case, which no editorial note is)."""
    return (
        not is_structural(line)
        and len(line) < (120 if _OPEN_END.search(prev) or _PROPER_START.match(line) else 60)
        and bool(
            _PROPER_LINE.match(line)
            or _OPEN_END.search(prev)
            or (_REPUBLIC_CUT.search(prev) and _REPUBLIC_REST.match(line))
            or (  # "… Кенеша" + "Кыргызской Республики в области …" + "В компетенцию …"
                _PROPER_START.match(line)
                and len(f"{line} {after[0]}") < 120
                and not f"{line} {after[0]}".rstrip().endswith((".", ";", ":", ","))
                and (after[1][:1].isupper() or is_point(after[1]))
            )
            or (_LOWER_BRACKET.match(line) and not is_note_start(line) and "утрат" not in line)
        )
        and len(prev) > 20
        and not prev.endswith((".", ";", ":", ","))
        and bool(match_article_spaced(prev))
    )


def _ends_structural(line: str) -> bool:
    """A bare "Статья 5" / "Глава 2" line is not continued by the next line."""
    return len(line) < 25 and is_structural(line)


# -- words broken by spaces ("уч астников", "регули рует") ----------------------------------------

_WORD = re.compile(r"[^\W\d_]+")
_HYPHENED = re.compile(r"[^\W\d_]+-[^\W\d_]+")
_SPACED_HYPHEN = re.compile(r"([^\W\d_]+)(?: -|- )([^\W\d_]+)")
_SPACE_BEFORE_PUNCT = re.compile(r"(?<=[\w)]) +(?=[,;)]|\.(?:\s|$))")
_SHORT_PAIR = re.compile(r"(?<![^\W\d_])([^\W\d_]{1,4}) ([^\W\d_]{2,})")
_PAIR_WHOLE = 10  # a pair is looked at when the joined word is written this often
RARE = 2  # a fragment seen at most this often (or 50 times less than the joined word) is
# not a word of its own


def _three_pieces(line: str, words: list[re.Match[str]], i: int, counts: Counter[str]) -> bool:
    a, b, c = words[i], words[i + 1], words[i + 2]
    if c.start() - b.end() != 1 or line[b.end()] != " " or not (b[0] + c[0]).islower():
        return False
    pieces = [a[0].lower(), b[0].lower(), c[0].lower()]
    whole = counts.get("".join(pieces), 0)
    commoner = sorted(counts[p] for p in pieces)[1]
    return whole > commoner and (commoner <= RARE or commoner * 50 <= whole)


def repair_split_words(lines: list[str]) -> int:
    """Join words that a converter broke with a space, in place; returns how many.

    Two adjacent fragments are joined when the joined word occurs elsewhere in the document as
    a whole word and at least one fragment is (nearly) never seen on its own; "кого -либо" →
    "кого-либо" when "кого-либо" occurs; "№ 216 ," → "№ 216,".  Linear in the text.
    """
    counts: Counter[str] = Counter()
    hyphened: Counter[str] = Counter()
    for line in lines:
        if line:
            counts.update(w.lower() for w in _WORD.findall(line))
            if "-" in line:
                hyphened.update(w.lower() for w in _HYPHENED.findall(line))
    # two common words that are one word broken ("под лежит", "со стоит"): the pair is
    # (nearly) never written so while the whole word is written many times
    pairs: Counter[str] = Counter()
    for line in lines:
        if line:
            for m in _SHORT_PAIR.finditer(line):
                if counts.get((m[1] + m[2]).lower(), 0) >= _PAIR_WHOLE:
                    pairs[m[0].lower()] += 1
    repaired = 0

    def join_hyphen(match: re.Match[str]) -> str:
        nonlocal repaired
        whole = f"{match[1]}-{match[2]}"
        if hyphened[whole.lower()] >= 1:
            repaired += 1
            return whole
        return match[0]

    for index, line in enumerate(lines):
        if not line:
            continue
        words = list(_WORD.finditer(line))
        cuts: list[int] = []  # positions of spaces to remove
        i = 0
        left = ""  # the word so far, pieces joined ("тре" + "бова" + "ния")
        while i + 1 < len(words):
            a, b = words[i], words[i + 1]
            left = left or a[0].lower()
            if b.start() - a.end() == 1 and line[a.end()] == " ":
                right = b[0].lower()
                whole = counts.get(left + right, 0)
                rarer = min(counts.get(left, 0), counts[right])
                if whole >= 1 and (
                    (
                        rarer <= RARE
                        or rarer * 50 <= whole
                        or pairs.get(f"{left} {right}", whole) * 20 <= whole
                    )
                    and whole > rarer
                    and not (right[:1] != b[0][:1])  # "… Автор": a capital starts a word
                ):
                    cuts.append(a.end())
                    left += right
                    i += 1
                    continue
                if (
                    not whole
                    and i + 2 < len(words)
                    and min(counts.get(left, 0), counts[right]) <= RARE  # a piece, not words
                    and _three_pieces(line, words, i, counts)
                ):
                    cuts += [a.end(), b.end()]  # "тре бова ния": no two of them make a word
                    left = ""
                    i += 3
                    continue
            left = ""
            i += 1
        if cuts:
            parts, start = [], 0
            for cut in cuts:
                parts.append(line[start:cut])
                start = cut + 1
            parts.append(line[start:])
            line = "".join(parts)
            repaired += len(cuts)
        if " -" in line or "- " in line:
            line = _SPACED_HYPHEN.sub(join_hyphen, line)
        if " ," in line or " )" in line or " ;" in line or " ." in line:
            line = _SPACE_BEFORE_PUNCT.sub("", line)
        lines[index] = line
    return repaired


# -- chunks prefixed by their article ("Статья 3 (часть): …text…") ---------------------------------

_PREFIXED = re.compile(
    r"^(Статья\s+\d{1,5}(?:-\d{1,2})?)\s*(?:\((?:часть|part|бөлүк)\))?\s*:\s+(\S.*)$",
    re.IGNORECASE,
)


def unprefix_chunks(lines: list[str]) -> list[str]:
    """Another converter's chunks: every line "Статья 3 (часть): " or "Статья 3: " then a piece
    of at most ~1,000 characters of the article's one-line text, the first piece starting with
    the article's heading line ("Статья 3 28. Договор о залоге …"), the next ones continuing it
    (cut anywhere, even inside a word).  Written back as the marker line and the whole article
    on one line, as the "=====" chunks are; other files are returned as they are."""
    found = [_PREFIXED.match(line) if line else None for line in lines]
    texts = sum(1 for line in lines if line)
    hits = sum(1 for m in found if m)
    if hits < 5 or hits * 2 < texts:
        return lines
    out: list[str] = []
    for line, match in zip(lines, found, strict=True):
        if match is None:
            out.append(line)
            continue
        marker, piece = match[1], match[2]
        if piece[:7].lower() == "статья " or not out or not any(out):
            out += ["", marker, piece]  # the article's first piece
            continue
        last = len(out) - 1
        while last > 0 and not out[last]:
            last -= 1
        out[last] = f"{out[last]} {piece}"  # a word cut between pieces is joined later
    return out


# -- numbers broken by a space inside the text ("статьями 595 и 5 97", "№ 2 07") -----------------

_NUM_TOKEN = r"\d{1,4}(?:-\d{1,2})?"
_LIST_SEP = r"(?:\s*,\s*|\s+(?:и|или|жана|же|а\s+также)\s+|\s*[-–—]\s*| )"
_NUM_RUN = rf"{_NUM_TOKEN}(?:{_LIST_SEP}{_NUM_TOKEN})*"
# Russian: the word first ("статьями 595 и 5 97", "ст. 5 97", "ст.ст. 12, 1 3")
_ARTICLE_REF_RU = re.compile(
    rf"(?<![^\W\d_])(?:стать(?:я|и|е|ю|ей|ёй|ям|ями|ях)|статей|ст\.(?:\s?ст\.)?)\s*({_NUM_RUN})",
    re.IGNORECASE,
)
# Kyrgyz: the numbers first ("595 жана 5 97-беренелеринде", "1 098-берене")
_ARTICLE_REF_KY = re.compile(
    rf"(?<![\d-])({_NUM_RUN})\s*-\s*(?=(?:берене|статья))",
    re.IGNORECASE,
)
# the act's number: "№ 2 07", "N 1 23" (the year, a date or a count never follows this way)
_ACT_NUMBER = re.compile(r"(?:№|(?<![^\W\d_])N)\s?(\d{1,4}) (\d{1,3})(?!\d)(?![.,]\d|\s*-\s*ж)")
_DIGIT_SPACE_DIGIT = re.compile(r"\d \d")
_SPACED_PAIR = re.compile(r"(?<![\d-])(\d{1,3}) (\d{1,3})(?![\d])")
# what a count is followed by: "3 5-дневный", "статьей 3 10 дней", "№ 12 3 года"
_UNIT_AFTER = re.compile(
    r"^\s*(?:-\s*[а-яёөүңa-z]|%|(?i:(?:дн|день|дня|лет|год|месяц|недел|час|минут|сут|процент"
    r"|сом|раз|км|га\b|метр|тонн|жыл|күн|ай\b|ай[дл]|саат|пайыз|пункт|част|абзац"
    r"|январ|феврал|март|апрел|ма[яй]|июн|июл|август|сентябр|октябр|ноябр|декабр)\w*))"
)  # a lower-case word after a dash is a count's ("5-дневный"); "№ 2 07-VI" is an act's number


def _joined(a: str, b: str, numbers: frozenset[str] | set[str]) -> str | None:
    """What "a b" inside a reference to articles stands for, or None when it may be two
    numbers: the article "a-b" of this act whose superscript became a space ("статье 16 1"
    for 16-1), the article "ab", a number whose "b" cannot stand alone ("5 07"), or a thousand
    written with a space ("1 098")."""
    inserted, whole = f"{a}-{b}" in numbers, a + b in numbers
    if inserted and whole:
        return None  # 23-1 and 231 both exist: cannot tell
    if inserted:
        return f"{a}-{b}"
    if whole or b.startswith("0") or (len(b) == 3 and len(a) <= 2):
        return a + b
    return None


def repair_split_numbers(lines: list[str], numbers: frozenset[str] | set[str]) -> int:
    """Join numbers broken by a space inside the text, in place; returns how many.

    Only in references to articles ("статьями 595 и 5 97", "ст. 1 098", "5 97-беренеси") and
    after "№" ("№ 2 07" → "№ 207"); ``numbers`` are the act's article numbers as the parser
    read them ("16-1" for an inserted article).  Separate
    numbers stay apart: "2 июня", "в 3 5-дневный срок", "статьи 5 и 6", "№ 12 от 2 июня",
    a count after the pair ("статьей 3 10 дней").  The heading line's own number ("Статья 3 28.")
    is left to the structure parser, which knows the sequence.
    """
    repaired = 0

    def fix_run(run: str, tail: str) -> str:
        nonlocal repaired
        for m in reversed(list(_SPACED_PAIR.finditer(run))):
            if m.end() == len(run) and _UNIT_AFTER.match(tail):
                continue  # "статьей 3 10 дней": a count follows
            joined = _joined(m[1], m[2], numbers)
            if joined:
                run = run[: m.start()] + joined + run[m.end() :]
                repaired += 1
        return run

    def fix_ru(match: re.Match[str]) -> str:
        run = match[1]
        if " " not in run:
            return match[0]
        tail = match.string[match.end() : match.end() + 20]
        return match[0][: match.start(1) - match.start()] + fix_run(run, tail)

    def fix_ky(match: re.Match[str]) -> str:
        run = match[1]
        if " " not in run:
            return match[0]
        return fix_run(run, "") + match[0][len(run) :]

    def fix_number(match: re.Match[str]) -> str:
        nonlocal repaired
        after = match.string[match.end() : match.end() + 20]
        if _UNIT_AFTER.match(after):
            return match[0]
        repaired += 1
        return match[0].replace(f"{match[1]} {match[2]}", match[1] + match[2])

    for index, line in enumerate(lines):
        if not line or not _DIGIT_SPACE_DIGIT.search(line):
            continue  # nothing broken here (most lines)
        offset = _heading_number_end(line)
        head, rest = line[:offset], line[offset:]
        lower = rest.lower()
        if "ст" in lower:
            rest = _ARTICLE_REF_RU.sub(fix_ru, rest)
        if "-берене" in lower or "-статья" in lower:
            rest = _ARTICLE_REF_KY.sub(fix_ky, rest)
        if "№" in rest or "N " in rest:
            rest = _ACT_NUMBER.sub(fix_number, rest)
        lines[index] = head + rest
    return repaired


_HEADING_NUMBER = re.compile(
    r"^[#*_ ]*(?:стать[яи]\s*\d[\d ]*(?:[-.]\d{1,2})?|берене\s+\d[\d ]*"
    r"|\d[\d ]*(?:-\d{1,2})?\s*-\s*(?:берене|статья))",
    re.IGNORECASE,
)


def _heading_number_end(line: str) -> int:
    """Where an article heading's own number ends ("Статья 3 28" of "Статья 3 28. …"), else 0."""
    match = _HEADING_NUMBER.match(line)
    return match.end() if match and match_article_spaced(line) else 0


# -- the Kyrgyz and Russian texts of an act in one file (two columns of a PDF) ---------------------

_KY_LINE = re.compile(
    r"[өүңӨҮҢ]|^\W*\d{1,4}(?:-\d{1,2})?\s*-\s*(?:берене|глава|бап|бөлүм|бөлүк|параграф)"
    r"|\b(?:жана|же|менен|үчүн|боюнча|тарабынан|ушул|болуп|анын|алар|деп|эмес|мыйзам\w*"
    r"|кыргыз|республикасынын|берене\w*|токтом\w*|жол|салынат|саналат|турат)\b",
    re.IGNORECASE,
)
_RU_LINE = re.compile(
    r"^\W*(?:статья|глава|раздел|часть|параграф|подраздел)\s+[\dIVXLC]"
    r"|\b(?:и|в|на|по|от|для|не|что|с|к|из|или|при|закон\w*|кодекс\w*|настоящ\w*|кыргызской"
    r"|республики|которы\w*|является|устанавлива\w*|утратил\w*|общие|положения|понятия)\b",
    re.IGNORECASE,
)
_COLUMN_GAP = re.compile(r"\S(?: {3,}|\t+| \| )\S")  # " | ": a .docx table row's cells
_COLUMNS = re.compile(r" {3,}|\t+| \| ")
_KY_HEADING = re.compile(r"^\W*\d{1,4}(?:-\d{1,2})?\s*-\s*берене\b", re.IGNORECASE)
_RU_HEADING = re.compile(r"^\W*статья\s+\d", re.IGNORECASE)


def line_language(line: str) -> str | None:
    """ "ky", "ru" or None (a number, a name, too short to tell) for one line of an act."""
    ky = len(_KY_LINE.findall(line))
    ru = len(_RU_LINE.findall(line))
    if ky == ru:
        return None
    return "ky" if ky > ru else "ru"


def split_bilingual(text: str) -> dict[str, str] | None:
    """The Kyrgyz and the Russian text of a file holding both, as a two-column PDF gives them:
    side by side on each line ("1-берене. Максаты      Статья 1. Цель", or the cells of a
    Word table's row), or one column after the other on each page.  None for a file in one
    language (fewer than three article headings in one of them, or one language with less
    than half the other's headings)."""
    lower = text[:2_000_000].lower()
    if "берене" not in lower or "статья" not in lower:
        return None
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    ky_heads = ru_heads = 0
    for line in raw:
        for part in _COLUMNS.split(line.strip()):
            ky_heads += bool(_KY_HEADING.match(part))
            ru_heads += bool(_RU_HEADING.match(part))
    if min(ky_heads, ru_heads) < 3 or min(ky_heads, ru_heads) * 2 < max(ky_heads, ru_heads):
        return None
    streams: dict[str, list[str]] = {"ky": [], "ru": []}
    texts = [line for line in raw if line.strip()]
    side_by_side = sum(1 for line in texts if _COLUMN_GAP.search(line.strip())) >= 0.3 * len(texts)
    if side_by_side:
        left: list[str] = []
        right: list[str] = []
        for line in raw:
            stripped = line.strip()
            parts = _COLUMNS.split(stripped)
            if len(parts) >= 2:
                left.append(parts[0])
                right.append(" ".join(parts[1:]))
            elif not stripped or PAGE_BREAK in line:
                left.append(line.strip(" "))
                right.append(line.strip(" "))
            elif len(line) - len(line.lstrip(" ")) >= 10:  # the right column only
                right.append(stripped)
            else:
                left.append(stripped)
        votes = Counter(line_language(line) for line in left)
        left_lang = "ky" if votes["ky"] >= votes["ru"] else "ru"
        streams[left_lang] = left
        streams["ru" if left_lang == "ky" else "ky"] = right
    else:
        current = None  # a line that does not tell goes with the one before it
        for line in raw:
            if PAGE_BREAK in line:  # page breaks go to both texts, the line's text to its own
                streams["ky"].append(PAGE_BREAK)
                streams["ru"].append(PAGE_BREAK)
                line = line.replace(PAGE_BREAK, "")
            current = (line_language(line) if line.strip() else None) or current
            if not line.strip() or current is None:
                streams["ky"].append(line)  # blank lines and the lines before any text
                streams["ru"].append(line)
            else:
                streams[current].append(line)
    return {lang: "\n".join(lines) for lang, lines in streams.items()}


# -- two columns of one language (a PDF laid out in columns, extracted line by line) ----------

_SPACE_RUN = re.compile(r" {3,}")
COLUMN_SHARE = 0.4  # of the text lines holding two columns side by side
COLUMN_MIN_LINES = 5


def unfold_columns(text: str) -> tuple[str, int] | None:
    """The text of a page laid out in two columns of one language, each line holding both
    ("Статья 1. Задачи          Статья 3. Права"), read as a reader reads it: the left column
    of each page, then its right column.  Columns are told by where the right one starts — the
    same place (±2 characters) on most of the lines that have a run of spaces inside, at least
    :data:`COLUMN_SHARE` of the text lines, both sides words.  Returns the text and the
    number of lines split, or None for a text in one column (a table's rows among the text
    are not columns)."""
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    texts = [line for line in raw if line.strip()]
    starts: Counter[int] = Counter()
    for line in texts:
        body = line.rstrip()
        lead = len(body) - len(body.lstrip(" "))
        gap = _SPACE_RUN.search(body, lead)
        if gap and lead < 3 and gap.end() < len(body):
            starts[gap.end()] += 1
    if not starts or len(texts) < COLUMN_MIN_LINES:
        return None
    best = max(starts, key=lambda pos: sum(starts[p] for p in range(pos - 2, pos + 3)))
    near = sum(starts[p] for p in range(best - 2, best + 3))
    if near < COLUMN_MIN_LINES or near < COLUMN_SHARE * len(texts):
        return None
    cut = min(p for p in range(best - 2, best + 3) if starts[p])

    def across(line: str) -> bool:  # a line of the page's whole width (a title above)
        return len(line.rstrip()) > cut + 3 and bool(line[cut - 3 : cut - 1].strip())

    if sum(map(across, texts)) > max(3, 0.05 * len(texts)):
        return None  # text runs across the cut: not two columns
    rights: list[str] = []
    for line in texts:
        tail = line[cut - 2 :].strip() if len(line) > cut - 2 and not across(line) else ""
        if tail:
            rights.append(tail)
    words = re.compile(r"[^\W\d_]{3,}")
    if sum(bool(words.search(x)) for x in rights) < 0.6 * len(rights) or len(rights) < 3:
        return None
    out: list[str] = []
    split = 0
    for page in "\n".join(raw).split(PAGE_BREAK):
        left: list[str] = []
        right: list[str] = []
        for line in page.split("\n"):
            body = line.rstrip()
            if not body.strip():
                left.append("")
                right.append("")
                continue
            lead = len(body) - len(body.lstrip(" "))
            if across(body):
                left.append(body.strip())
                continue
            if lead >= cut - 4:  # the right column alone
                right.append(body.strip())
                continue
            left.append(body[:cut].strip())
            tail = body[cut - 2 :].strip() if len(body) > cut - 2 else ""
            if tail:
                right.append(tail)
                split += 1
        # the column's end is a page's: a sentence or a heading goes on at the right's top
        out.append("\n".join(left) + PAGE_BREAK + "\n".join(right))
    return PAGE_BREAK.join(out), split
