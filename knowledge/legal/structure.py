"""Structure of an act: article headings, divisions (part/section/chapter/paragraph), notes.

Recognised article headings (Russian and Kyrgyz, Markdown/bold decoration allowed)::

    Статья 13. Heading          Статья 13 (heading on the next line)     Статья 1 098. Heading
    Статья 23-1. / 23.1. / 23¹.  13-берене. Heading    13-берене (heading on the next line)
    Берене 13. Heading           16-1-берене.

Divisions: "Часть первая" / "Биринчи бөлүк" (part), "Раздел I" / "I бөлүм" (section),
"Подраздел 2" (subsection), "Глава 2" / "2-глава" / "2-бап" (chapter), "Параграф 1" / "§ 1"
(paragraph), with the title on the same line or on the next one (also as a Word heading style,
read as "## Title").  A table of contents listing the articles is not articles; an act that
numbers its articles anew in each chapter is told from a code in two parts.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise, permutations

from knowledge.search.normalize import SUPERSCRIPT_DIGITS

_DECOR = r"(?:#{1,6}\s*)?(?:\*\*|__|\*)?\s*"
_DECOR_END = r"\s*(?:\*\*|__|\*)?\s*$"
# 13 | 1 098 (thousands broken by a space) | 23-1 | 23.1 | 23¹ | 23 ¹
_NUM = (
    r"(\d{1,3}(?:[ \u00a0]\d{3})+|\d{1,5})"  # 73848: 738-48 flattened
    r"((?:\s?[-‑–]\s?\d{1,2}(?!\d))|\.\d{1,2}(?![\d)])|\s?[⁰¹²³⁴⁵⁶⁷⁸⁹]+"
    r"|\s\d{1,2}(?=\.\s*[А-ЯӨҮҢA-Z]|-\s*берене))?"  # "23 1." : a superscript on its own
)

_ARTICLE_RU = re.compile(
    rf"^{_DECOR}стать[яи]\s*{_NUM}\s*(?:[.:]|\)|(?=\s)|$)\s*(.*?){_DECOR_END}", re.IGNORECASE
)
_ARTICLE_KY = re.compile(
    rf"^{_DECOR}{_NUM}\s*-\s*(?:берене|статья)(?:си)?(?![а-яөүң])\s*[.:]?\s*(.*?){_DECOR_END}",
    re.IGNORECASE,
)
# a long line "Статья 2. Heading text…" / "Статья 1 098. …" / "13-берене. …"
_LONG_ARTICLE = re.compile(
    r"^(?:стать[яи]\s*\d{1,5}(?:\s\d{1,3})?(?:-\d{1,2})?\.\s+[А-ЯЁӨҮҢA-Z(]"
    r"|\d{1,5}(?:-\d{1,2})?-берене\.\s+[А-ЯЁӨҮҢA-Z(])",
    re.IGNORECASE,
)
_ARTICLE_KY_AFTER = re.compile(
    rf"^{_DECOR}берене\s+{_NUM}\s*[.:]?\s*(.*?){_DECOR_END}", re.IGNORECASE
)

_ORDINALS = {
    # Russian (feminine: часть первая) and Kyrgyz ordinals used for parts
    "первая": 1, "вторая": 2, "третья": 3, "четвертая": 4, "четвёртая": 4, "пятая": 5,
    "биринчи": 1, "экинчи": 2, "үчүнчү": 3, "учунчу": 3, "төртүнчү": 4, "торт": 4,
    "бешинчи": 5, "алтынчы": 6, "жетинчи": 7, "сегизинчи": 8,
}  # fmt: skip
_ORD = "|".join(sorted(_ORDINALS, key=len, reverse=True))

LEVEL_PART, LEVEL_SECTION, LEVEL_SUBSECTION, LEVEL_CHAPTER, LEVEL_PARAGRAPH = range(5)
_LEVEL_WORDS = [
    (LEVEL_SUBSECTION, r"подраздел|бөлүмчө|болумчо"),
    (LEVEL_PART, r"часть|бөлүк|болук"),
    (LEVEL_SECTION, r"раздел|бөлүм|болум"),
    (LEVEL_CHAPTER, r"глава|бап"),
    (LEVEL_PARAGRAPH, r"параграф|§"),
]
_WORD_LEVEL: dict[str, int] = {}
for _level, _words in _LEVEL_WORDS:
    for _word in _words.split("|"):
        _WORD_LEVEL[_word] = _level
_WORDS = "|".join(sorted(_WORD_LEVEL, key=len, reverse=True))
_DIV_NUM = rf"(?:\d{{1,3}}(?:[-.]\d{{1,2}})?|[IVXLCІ]{{1,7}}|{_ORD})"
_DIVISION = re.compile(
    rf"^{_DECOR}(?:"
    rf"(?P<w1>{_WORDS})\s*(?P<n1>{_DIV_NUM})"  # Глава 2, Раздел I, § 3, Часть первая
    rf"|(?P<n2>{_DIV_NUM})\s*-?\s*(?P<w2>{_WORDS})"  # 2-глава, I бөлүм, Биринчи бөлүк
    rf")(?![а-яөүңa-z0-9])\s*[.:]?\s*(?P<title>.*?){_DECOR_END}",
    re.IGNORECASE,
)
# a section of an appendix's regulation: "1. Общие положения", "II. Порядок подачи заявления"
_SECTION_TITLE = re.compile(r"^(?:[IVX]{1,6}|\d{1,2})\.\s+[А-ЯЁӨҮҢ][^.;:!?]{2,100}$")
_ARTICLE_HINT = re.compile(r"^\W*(?:стат|\d{1,4}(?:[-.]\d{1,2})?\s*-\s*берене)", re.IGNORECASE)
_APPENDIX_TITLE = re.compile(
    r"^(?:к\s|ко\s|кошумча|положение|порядок|правила|инструкция|регламент|форма|перечень"
    r"|типов\w+|жобо|тартиби?|эреже\w*|нускама|тизме\w*|о\s|об\s)",
    re.IGNORECASE,
)
_MD_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*$")
_MD_SUBHEADING = re.compile(r"^#{2,6}\s+\S")  # "## Жалпы жоболор"; "# Title" is the act's
_APPENDIX = re.compile(
    r"^(?:приложение|\d+\s*-\s*тиркеме|тиркеме)(?:\s*(?:№|N)?\s*\d{1,3})?"
    r"(?:\s+(?:к|кошумча|ге|га)\s.*)?$",
    re.IGNORECASE,
)

_POINT = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3})*[.)]|[а-яa-zөүң]\)|[-•–—*])\s", re.IGNORECASE)


def normalise_article_number(main: str, suffix: str | None) -> str:
    """ "1 098" → "1098"; "23.1", "23-1", "23¹" → "23-1"."""
    number = re.sub(r"\D", "", main)
    number = str(int(number)) if number else main
    if suffix:
        digits = re.sub(r"\D", "", suffix.translate(SUPERSCRIPT_DIGITS))
        if digits:
            number = f"{number}-{int(digits)}"
    return number


def _starts_lower(text: str) -> bool:
    first = text[:1]
    return first.isalpha() and first.islower()


def match_article(line: str) -> tuple[str, str] | None:
    """``(number, heading)`` when ``line`` is an article heading, else None."""
    found = match_article_spaced(line)
    return (found[0], found[1]) if found else None


_SPACED_SUFFIX = re.compile(r"^\s\d{1,2}$")


def match_article_spaced(line: str) -> tuple[str, str, str | None] | None:
    """``(number, heading, joined)``: ``joined`` is the number read with its space removed when
    a space broke it ("Статья 3 28." → "3-28" as written, "328" joined), else None.

    A long line is an article heading only with its heading and text on it ("Статья 2.
    Гражданское законодательство 1. Гражданское …", as extracted by some PDF converters).
    """
    if not line or (len(line) > 600 and not _LONG_ARTICLE.match(line)):
        return None
    first = line.lstrip("#*_ ")[:1]
    if first.isdigit():
        match = _ARTICLE_KY.match(line)
    elif first in "Сс":
        match = _ARTICLE_RU.match(line)
    elif first in "Бб":
        match = _ARTICLE_KY_AFTER.match(line)
    else:
        return None
    if not match:
        return None
    heading = match[3].strip(" *_")
    if not _POINT.match(heading):
        heading = heading.strip(" .")
    if _starts_lower(heading):
        return None  # "Статья 5 настоящего Закона ..." is a reference, not a heading
    joined = None
    if match[2] and _SPACED_SUFFIX.match(match[2]):
        joined = str(int(re.sub(r"\D", "", match[1] + match[2])))
        if match[2].strip().startswith("0"):  # "Статья 1 00." is 100, never "1-0"
            return joined, heading, joined
    return normalise_article_number(match[1], match[2]), heading, joined


def match_division(line: str) -> tuple[int, str] | None:
    """``(level, label)`` when ``line`` opens a part/section/chapter/paragraph, else None."""
    if len(line) > 300 or not line:
        return None
    match = _DIVISION.match(line)
    if not match:
        return None
    word = (match["w1"] or match["w2"]).lower()
    title = match["title"]
    if _starts_lower(title) or (title[:1].isdigit() and word != "§"):
        return None  # "Часть 2 статьи 5 ...", "глава 3 настоящего Кодекса ..."
    if word == "часть" and title and title.endswith((";", ",")):
        return None
    label = re.sub(r"^#+\s*", "", line).strip(" *_")
    head = re.sub(r"^#+\s*", "", line[: match.start("title")]).strip(" *_")
    if title and head and not head.endswith((".", ":")):
        # "II БӨЛҮМ ЖЕРГЕ БОЛГОН УКУКТАР", "Глава 2 Порядок …": the title after a period, as
        # when it stands on the next line ("Глава 2" / "Порядок …" → "Глава 2. Порядок …")
        label = f"{head}. {title.strip(' *_')}"
    return _WORD_LEVEL[word], label


# -- a heading and its article's text on one line ------------------------------------------------

HEADING_MAX_WORDS = 25
# words written with a capital inside sentences: not the start of the article's text
_PROPER = frozenset(
    """кыргызской кыргызская кыргызскую кыргызстан кыргызстана республики республика республикой
    республике кодекса кодексом кодексу кодекс закона законом законами законов закону
    конституции конституцией кабинета кабинетом министров жогорку кенеша кенешем кенеш
    президента президентом президент правительства правительством национального национальной
    национальный национального банка центральной избирательной бишкек бишкека ош оша
    торага кыргыз республикасынын республикасы республикасынын кеңеши кеңешинин кенешинин
    министрлер кабинети кабинетинин кодекси кодексинин мыйзамы мыйзамынын конституциясы
    конституциясынын президенти президентинин""".split()
)
_NEVER_FIRST = frozenset({"кодек", "закон", "респу"})  # rarely the first word of a text
_PROPER_STEMS = frozenset({"кодек", "закон", "респу", "кыргы", "конст", "мыйза"})  # Кодексе…
_WORD_CHARS = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_CAPITAL_MID = re.compile(r"(?<=[а-яёөүңa-z,] )([А-ЯЁӨҮҢ][а-яёөүң]+)")
_LOWER_WORD = re.compile(r"(?<![\w-])([а-яёөүң]+)(?![\w-])")
_POINT_WORD = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3})*[.)]|[а-яa-zөүң]\))$")
_SENTENCE_WORD = re.compile(r"^[«\"(]?[А-ЯЁӨҮҢA-Z][а-яёөүңa-z]*[,:;]?$")


def proper_words(lines: list[str]) -> frozenset[str]:
    """Words this document writes with a capital inside sentences at least as often as in lower
    case ("Республики", "Кодекса"): a heading may contain them without its text starting."""
    capital: dict[str, int] = {}
    lower: dict[str, int] = {}
    for line in lines:
        if len(line) < 80:
            continue
        if match_article(line[:600]):  # not where a heading meets its text
            line = line.split(" ", HEADING_MAX_WORDS + 2)[-1]
        for word in _CAPITAL_MID.findall(line):
            key = word.lower()
            capital[key] = capital.get(key, 0) + 1
    if not capital:
        return _PROPER
    for line in lines:
        for word in _LOWER_WORD.findall(line):
            if word in capital:
                lower[word] = lower.get(word, 0) + 1
    found = {w for w, n in capital.items() if n >= 3 and n > lower.get(w, 0)}
    return _PROPER | found


def split_heading(
    text: str, proper: frozenset[str] = _PROPER, *, sentence: bool = False
) -> tuple[str, str]:
    """``(heading, article text)`` of a heading line that carries the article's text too.

    The heading ends at the first point ("1.", "1)", "а)") or where a sentence starts (a
    capitalised word that is not a proper noun, once the heading has two words), within
    :data:`HEADING_MAX_WORDS` words; when no end is found, the text is not split.
    """
    if not text or text[0] in '(«"' or is_repealed_text(text) or is_point(text):
        return text, ""
    words = text.split(" ")
    if len(words) < 3:
        return text, ""
    for k in range(2, min(HEADING_MAX_WORDS, (len(words) - 1) // 2) + 1):
        if words[:k] == words[k : 2 * k]:
            # the text repeats the heading ("Кыргыз Республикасынын жер мыйзамдары Кыргыз
            # Республикасынын жер мыйзамдары …"): it starts with proper nouns, found anyway
            return _heading_part(words[:k]), " ".join(words[k:])
    sentence = sentence or text.endswith((".", ";"))
    for i, word in enumerate(words[1 : HEADING_MAX_WORDS + 1], start=1):
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if _POINT_WORD.match(word) and (
            word in ("1.", "1)", "а)")
            or (nxt[:1] and not nxt[:1].islower())
            or _POINT_WORD.match(nxt)
            or (word.endswith(")") and nxt[:1].isalpha())
        ):
            return _lead_in(words, i)
        if not _SENTENCE_WORD.match(word) or (i < 2 and not (sentence and len(words) >= 8)):
            continue  # a one-word heading ("Сервитут Жер участогунун …") only before a sentence
        key = word.strip('«"(,:;').lower()
        if key in proper or key[:5] in _PROPER_STEMS:
            continue
        if words[i - 1][-1:] in "-–—":
            continue
        rest = " ".join(words[i:])
        if len(words) - i < 4 or (not sentence and len(text) < 200):
            return text, ""  # a short tail, no sentence: more likely still the heading
        return _heading_part(words[:i]), rest
    if len(words) > HEADING_MAX_WORDS or (sentence and len(words) >= 14):
        # too long for a heading and no sentence start: the text starts with a proper noun
        # ("… на водных объектах Президент Кыргызской Республики может …")
        for i, word in enumerate(words[2 : HEADING_MAX_WORDS + 1], start=2):
            if _SENTENCE_WORD.match(word) and not _SENTENCE_WORD.match(words[i - 1]):
                key = word.strip('«"(,:;').lower()
                if key[:5] in _NEVER_FIRST or words[i - 1].lower().startswith("настоящ"):
                    continue  # "… настоящего Кодекса и …" is still the heading
                if words[i - 1][-1:] not in "-–—":
                    return _heading_part(words[:i]), " ".join(words[i:])
    return text, ""


def _lead_in(words: list[str], i: int) -> tuple[str, str]:
    """Heading and text split at the first point (``words[i]``); a heading never ends with
    ":", so "… ыйгарым укуктары Кыргыз Республикасынын Министрлер Кабинети: 1) …" has the
    text's lead-in glued to it: the text starts at the first capital after a lower-case word."""
    head = words[:i]
    if head[-1].endswith(":") and len(head) >= 4:
        for j in range(2, len(head)):
            before = head[j - 1]
            if _SENTENCE_WORD.match(head[j]) and before[:1].islower() and before[-1] not in "-–—":
                return _heading_part(head[:j]), " ".join(words[j:])
    return _heading_part(head), " ".join(words[i:])


def _heading_part(words: list[str]) -> str:
    return " ".join(words).strip(" .")


_INLINE_NOTE = re.compile(
    r"\((?:В\s+редакци|С\s+изменени|Изложен|Дополнен|КР\s|Кыргыз\s+Республикасынын\s)"
    r"[^()]{0,600}?(?:\([^()]{0,200}\)[^()]{0,600}?)*\)",
)
_DIV_WORD = (
    r"(?:§\s*\d{1,3}|параграф\s+\d{1,3}|глава\s+\d{1,3}(?:-\d{1,2})?"
    r"|раздел\s+[IVXLC\d]{1,6}|подраздел\s+\d{1,3}|\d{1,3}-(?:глава|бап|бөлүм|параграф)"
    r"|[IVXLC]{1,6}\s+бөлүм)\.?"
)
# one title, or several in a row ("Глава 47. Договор иджара § 1. Общие положения")
_TRAILING_DIVISION = re.compile(
    rf"(?:(?<=[.;:)])|(?<=\.\)))\s+({_DIV_WORD}\s+[^.;]{{2,200}}?"
    rf"(?:\.?\s+{_DIV_WORD}\s+[^.;]{{2,200}}?)*)$",
    re.IGNORECASE,
)
_DIVISION_START = re.compile(rf"(?<=[^\W\d_])\.?\s+(?={_DIV_WORD}\s)", re.IGNORECASE)
_AFTER_NOTE_TITLE = re.compile(r"(?<=\))\s+(\d{1,2}\.\s+[А-ЯЁӨҮҢ][^.;:()]{2,150})$")
_NOTE_AT_END = re.compile(r"\((?:В\s+редакци|С\s+изменени|Утратил|Дополнен)[^()]*\)$")
_NUMBERED = re.compile(r"(?<=[.;:!?»\")]) (\d{1,3})([.)]) (?=[«\"(А-ЯЁӨҮҢA-Zа-яёөүң-])")
_DASH_ITEM = re.compile(r"(?<=[;:]) - (?=[«\"а-яёөүңА-ЯЁӨҮҢ])")


def cut_trailing_division(text: str) -> tuple[str, str | None]:
    """``(text, division title)``: the title of the next division glued to the end of an
    article's one-line text ("… № 207) § 9. Договор салам"), else ``(text, None)``."""
    match = _TRAILING_DIVISION.search(text[-260:])
    if match is None:
        match = _AFTER_NOTE_TITLE.search(text[-200:])
        before = text[: len(text) - len(match[0])] if match else ""
        if match and not _NOTE_AT_END.search(before[-700:]):
            match = None  # "(лесной) 1. Text" is a heading's bracket and a point
    if match is None:
        return text, None
    return text[: len(text) - len(match[0])].rstrip(), match[1].strip()


def split_inline(text: str) -> list[str]:
    """The lines of an article's text written on one line: its points one per line ("1.",
    "2." … and "1)", "2)" … in sequence, "- " items), editorial notes on lines of their own."""
    text = _INLINE_NOTE.sub(lambda m: "\n" + m[0] + "\n", text)
    out: list[str] = []
    for chunk in text.split("\n"):
        chunk = chunk.strip()
        if not chunk:
            continue
        if chunk.startswith("("):
            out.append(chunk)
            continue
        cuts: list[int] = []
        expected = {".": 2 if re.match(r"^1\.\s", chunk) else 1, ")": 2 if chunk[:2] == "1)" else 1}
        for m in _NUMBERED.finditer(chunk):
            number, kind = int(m[1]), m[2]
            if number == expected[kind]:
                cuts.append(m.start() + 1)
                expected[kind] = number + 1
            elif kind == ")" and number == 1:  # a new list of sub-points
                cuts.append(m.start() + 1)
                expected[kind] = 2
        cuts += [m.start() + 1 for m in _DASH_ITEM.finditer(chunk)]
        start = 0
        for cut in sorted(cuts):
            out.append(chunk[start:cut].strip())
            start = cut
        out.append(chunk[start:].strip())
    return [line for line in out if line]


def lay_out_points(body: list[str]) -> list[str]:
    """An article's lines with the points glued in one paragraph ("…: 1) a; 2) b; 3) c." or
    "1. Text. 2. Text.", as PDF extraction and some Word files leave them) one per line; a
    line with fewer than two points in sequence stays as it is."""
    out: list[str] = []
    for line in body:
        if len(line) > 40 and not line.startswith("(") and _NUMBERED.search(line):
            parts = split_inline(line)
            if sum(1 for part in parts if _POINT.match(part)) >= 2:
                out.extend(parts)
                continue
        out.append(line)
    return out


def is_structural(line: str) -> bool:
    return bool(match_article(line) or match_division(line))


def is_point(line: str) -> bool:
    return bool(_POINT.match(line))


# -- editorial notes and repealed articles --------------------------------------------------------

_NOTE_START = re.compile(
    r"^\(?\s*(?:в\s+редакци\w*|с\s+изменени\w*|изменен\w*\s+(?:в\s+соответствии|законом)"
    r"|изложен\w*\s+в\s+(?:новой\s+)?редакции"
    r"|дополнен\w*\s+(?:в\s+соответствии|законом)|внесены\s+изменени\w*"
    r"|редакциясы|(?:кр|кыргыз\s+республикасынын)\s.{0,200}(?:редакциясында|редакцияларында"
    r"|менен\s+өзгөртүлгөн)"
    # "(КР 2013-жылдын 8-августундагы № 180 Мыйзамына ылайык)" after a repealed article
    r"|(?:кр|кыргыз\s+республикасынын)\s+\d{4}\s*-\s*ж.{0,200}?"
    r"(?:мыйзам|токтом|жарлы)\w*\s+ылайык\s*\)\s*$)",
    re.IGNORECASE,
)
_NOTE_KY_END = re.compile(
    r"(?:редакциясында|редакцияларында|редакциясына\s+ылайык|редакцияларына\s+ылайык)\s*\)?\s*$",
    re.IGNORECASE,
)
_BARE_NOTE = re.compile(r"^в\s+редакции\s+закон\w*\s+(?:кр|кыргызской)", re.IGNORECASE)
_REPEALED = re.compile(
    r"^\(?\s*(?:утратил[аио]?\s+силу|исключен[аоы]?\b|күчүн\s+жоготту|күчүн\s+жоготкон"
    r"|кучун\s+жоготту|алып\s+салынды)",
    re.IGNORECASE,
)
_REPEALED_END = re.compile(
    r"(?:утратил[аио]?\s+силу|күчүн\s+жоготту|кучун\s+жоготту|алып\s+салынды)[\s.)]*$",
    re.IGNORECASE,
)


def is_note_start(line: str) -> bool:
    if line.startswith("("):
        if is_repealed_text(line):
            return False  # "(КР … Мыйзамына ылайык күчүн жоготту)" is the article's text
        return bool(_NOTE_START.match(line) or _NOTE_KY_END.search(line))
    return bool(_BARE_NOTE.match(line)) and len(line) < 600


def is_repealed_text(text: str) -> bool:
    text = text.strip()
    if len(text) >= 400:
        return False
    return bool(_REPEALED.match(text) or (text.startswith("(") and _REPEALED_END.search(text)))


def take_notes(lines: list[str]) -> tuple[list[str], list[str]]:
    """Split ``lines`` into (lines without editorial notes, the notes); notes may span lines."""
    kept: list[str] = []
    notes: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line and is_note_start(line):
            if not line.startswith("("):  # "В редакции Закона КР от ..." without brackets
                notes.append(line)
                i += 1
                continue
            parts = [line]
            depth = line.count("(") - line.count(")")
            j = i + 1
            while depth > 0 and j < len(lines) and j - i < 40 and lines[j]:
                parts.append(lines[j])
                depth += lines[j].count("(") - lines[j].count(")")
                j += 1
            if depth <= 0:
                notes.append(" ".join(parts))
                i = j
                continue
        kept.append(line)
        i += 1
    return kept, notes


# -- the parse ------------------------------------------------------------------------------------


@dataclass
class Article:
    number: str
    heading: str | None
    path: tuple[str, ...]  # division labels, outermost first
    part: int  # 1 + how many times the numbering restarted (Civil Code part I / part II)
    line: int
    body: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    repealed: bool = False
    after_part_heading: bool = False  # a "Часть вторая" heading came since the last article
    raw: str = ""  # the heading line as written
    joined: str | None = None  # the number read without the space that broke it ("3 28")
    bare: bool = False  # a line "Статья 45" and nothing else
    marked: bool = False  # came after a bare "Статья 3" line that announced it (chunked files)
    marker: str | None = None  # that line's number ("3" for "Статья 3 28. …")
    # the titles of divisions glued to its end ("… № 207) Глава 47. Договор иджара")
    division_after: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class Division:
    level: int
    label: str
    line: int


@dataclass
class ParsedBody:
    header: list[str]  # lines before the first article/division
    articles: list[Article]
    divisions: list[Division]
    loose: list[tuple[tuple[str, ...], str, int]]  # (path, line, index): text outside articles
    first_structural: int
    chunked: bool = False  # "Статья N" + "Статья N. Heading text…" chunks (see parse_body)
    duplicates: int = 0  # repeated copies of an article dropped
    contents: int = 0  # lines of a table of contents dropped
    in_chapters: bool = False  # articles numbered anew in each chapter ("part" is the chapter)


def _int_base(number: str) -> int | None:
    head = number.split("-", 1)[0]
    return int(head) if head.isdigit() else None


def _looks_like_heading(line: str) -> bool:
    """Can this line (after "Статья 13." alone) be the article's heading?"""
    if not line or is_point(line) or is_note_start(line) or is_structural(line):
        return False
    if len(line) > 250 or _starts_lower(line):
        return False
    return not line.endswith((";", ",", ":")) and (not line.endswith(".") or len(line) <= 160)


def _key(line: str) -> str:
    return re.sub(r"[^\w]+", "", line.lower())


def parse_body(lines: list[str]) -> ParsedBody:
    """Find the act's articles and divisions in cleaned ``lines``."""
    top = next((i for i, line in enumerate(lines) if line), 0)  # "## Title" on top is a title
    first = next(
        (
            i
            for i, line in enumerate(lines)
            if is_structural(line) or (i > top and _MD_SUBHEADING.match(line))
        ),
        len(lines),
    )
    # an act without articles (a decree of points) with its appendix ("Приложение" /
    # "ПОЛОЖЕНИЕ о …"): the appendix is a division of its own, not the decree's preamble
    texts = 0
    appendix_from = len(lines)
    for i, line in enumerate(lines[:first]):
        if line and len(line) < 200 and _APPENDIX.match(line) and texts >= 3:
            appendix_from = first = i
            break
        texts += bool(line)
    if first == len(lines):
        # a Положение of points alone, in sections ("1. Общие положения" + "1. …"): the body
        # starts at its first section
        first = next(
            (
                i
                for i, line in enumerate(lines)
                if line and _SECTION_TITLE.match(line) and _next_is_point(lines, i)
            ),
            first,
        )
    # A code's title repeated inside the body ("ГРАЖДАНСКИЙ КОДЕКС ... (часть вторая)" where
    # a second part or file begins) is a boundary, not article text.
    title_lines = [x for x in lines[:first] if x][:3]
    title_keys = [
        _key(re.sub(r"\(.*?\)", "", x))
        for x in title_lines
        if "кодекс" in x.lower() and not x.startswith("(") and not any(c.isdigit() for c in x)
    ]
    title_keys = [k for k in title_keys if len(k) >= 15]
    articles: list[Article] = []
    divisions: list[Division] = []
    loose: list[tuple[tuple[str, ...], str, int]] = []
    path: dict[int, str] = {}
    part_seen = False  # a "Часть вторая" heading since the last article
    pending_title: Division | None = None  # "Глава 1" whose title is on the next line
    pending_appendix: Division | None = None  # "Приложение" whose title lines follow
    in_appendix = False  # in an appendix's text (its sections: "1. Общие положения")
    # an act of points alone (a Положение, a decree): its sections are those of an appendix
    points_only = not any(_ARTICLE_HINT.match(x) for x in lines[first:] if x)
    want_heading: Article | None = None  # "Статья 13." whose heading may be on the next line
    previous_text = -2  # index of the last non-blank line
    repeat_marker: tuple[int, str] | None = None  # a bare "Статья 45" inside article 45
    proper: frozenset[str] | None = None  # capitalised words of this act (see proper_words)
    glued = 0  # divisions whose title was glued to the end of an article's text

    def current_path() -> tuple[str, ...]:
        return tuple(path[level] for level in sorted(path))

    for index in range(first, len(lines)):
        line = lines[index]
        if not line:
            if articles and articles[-1].path == current_path():
                if articles[-1].body:
                    articles[-1].body.append("")
            elif loose and loose[-1][1]:
                loose.append((current_path(), "", index))  # paragraphs outside articles
            continue
        if title_keys and len(line) < 200 and _key(re.sub(r"\(.*?\)", "", line)) in title_keys:
            part_seen = True
            continue
        found = match_article_spaced(line)
        if found:
            number, heading, joined = found
            pending_title = None
            inline_body = None
            marked = False
            marker: str | None = None  # the bare "Статья 3" line that announced this one
            last = articles[-1] if articles else None
            digits = joined or re.sub(r"\D", "", number)
            if (
                repeat_marker is not None
                and repeat_marker[0] == previous_text
                and digits.startswith(re.sub(r"\D", "", repeat_marker[1]))
                and (heading or "").strip()
            ):
                # "Статья 45" again after article 45's text, then "Статья 45. …" again: a
                # repeated copy (or another article 45) — decided after the parse
                if joined and joined != repeat_marker[1] and joined.startswith(repeat_marker[1]):
                    number = joined
                marked = True
                marker = repeat_marker[1]
            elif (
                last is not None
                and last.bare
                and last.heading is None
                and not any(last.body)
                and last.line == previous_text + 1
                and digits.startswith(re.sub(r"\D", "", last.number))
            ):
                # "Статья 3" announcing "Статья 3 28. Договор о залоге …": one article, 328
                if joined and joined != last.number and joined.startswith(last.number):
                    number = joined
                marker = last.number
                articles.pop()
                part_seen = part_seen or last.after_part_heading
                marked = True
                last = articles[-1] if articles else None
            division_after = None
            if heading and len(heading) > 60 and not line.rstrip(" *_").endswith("."):
                heading, division_after = cut_trailing_division(heading)
            if heading and is_point(heading):
                inline_body, heading = heading, ""  # "Статья 5. 1. Настоящий Закон ..."
            elif heading and " " in heading and len(heading) > 30:
                if proper is None:
                    proper = proper_words(lines)
                # the text is on the line: it ends a sentence, or a marker line announced it
                sentence = (
                    marked
                    or line.rstrip(" *_").endswith((".", ";"))
                    or bool(division_after and heading.endswith((".", ";", ")")))
                )
                heading, inline_body = split_heading(heading, proper, sentence=sentence)
                ends = line.rstrip(" *_").endswith(".") and not division_after
                if inline_body and ends and not inline_body.endswith((".", ";", ")")):
                    inline_body += "."  # the heading's stripped final period was the text's
                inline_body = inline_body or None
            inline_lines = split_inline(inline_body) if inline_body else []
            repeat_marker = None
            previous_text = index
            if (
                last
                and not marked
                and last.number == number
                and not part_seen
                and last.path == current_path()
            ):
                # "Статья 45" then "Статья 45. Heading": one article, the heading from the
                # second; a repeated heading over a later chunk of the same article continues it
                if not heading and not inline_lines and any(last.body) and len(line) < 40:
                    repeat_marker = (index, number)
                if not any(last.body):
                    last.heading = heading or last.heading
                    want_heading = None if last.heading else last
                last.body.extend(inline_lines)
                continue
            article = Article(number, heading or None, current_path(), 1, index + 1, raw=line)
            article.after_part_heading = part_seen
            article.joined = joined
            article.bare = not heading and not inline_body and len(line) < 40
            article.marked = marked and bool(inline_lines)  # the one-line chunk format
            article.marker = marker
            part_seen = False
            articles.append(article)
            want_heading = None if heading or inline_body else article
            article.body.extend(inline_lines)
            if division_after:
                # "§ 9. Договор салам" at the end of the text; a numbered title after the
                # editorial note ("… № 49) 5. Общество с дополнительной ответственностью")
                # is a paragraph's
                for title in _DIVISION_START.split(division_after):
                    if not title.strip():
                        continue
                    level, label = match_division(title) or (LEVEL_PARAGRAPH, title.strip())
                    article.division_after.append((level, label))
                    if path.get(level) != label:  # not again after the article's second copy
                        for deeper in [lv for lv in path if lv >= level]:
                            del path[deeper]
                        path[level] = label
                        divisions.append(Division(level, label, index + 1))
                        glued += 1
            continue
        previous_text = index
        if (pending_title is not None or want_heading is not None) and _MD_HEADING.match(line):
            if not match_division(line):
                # a Word heading style under "Статья 1." / "Глава 1" (read as "## Цель и задачи")
                # is that article's heading or that chapter's title, not a division of its own
                line = _MD_HEADING.match(line)[1]  # type: ignore[index]
        division = regular = match_division(line)
        appendix = None
        if (
            division is None
            and (articles or index >= appendix_from)
            and len(line) < 200
            and _APPENDIX.match(line)
        ):
            division = (LEVEL_PART, line)  # an appendix after the articles
            path.clear()
            appendix = True
        elif pending_appendix is not None and division is None and _appendix_title(line):
            # "Приложение" / "к постановлению …" / "ПОЛОЖЕНИЕ" / "о порядке …": its title
            joiner = " " if line[:2].lower() in ("к ", "ко") or _starts_lower(line) else ". "
            before = current_path()
            pending_appendix.label = f"{pending_appendix.label}{joiner}{_title_case(line)}"
            path[LEVEL_PART] = pending_appendix.label
            for k in range(len(loose) - 1, -1, -1):  # its title lines so far: the same source
                if loose[k][0] != before:
                    break
                loose[k] = (current_path(), loose[k][1], loose[k][2])
            appendix = False  # the title stays searchable text too
        elif (
            division is None
            and (in_appendix or points_only)
            and _SECTION_TITLE.match(line)
            and _next_is_point(lines, index)
        ):
            division = (LEVEL_CHAPTER, line)  # "1. Общие положения" of the appendix
        if division is None and _MD_HEADING.match(line):
            division = (LEVEL_CHAPTER, _MD_HEADING.match(line)[1])  # type: ignore[index]
        if division:
            level, label = division
            for deeper in [lv for lv in path if lv >= level]:
                del path[deeper]
            path[level] = label
            if level == LEVEL_PART:
                part_seen = True
            record = Division(level, label, index + 1)
            divisions.append(record)
            pending_title = record if regular and not _division_has_title(line) else None
            pending_appendix = record if appendix else None
            if level == LEVEL_PART:
                in_appendix = bool(appendix)
            want_heading = None
            continue
        if appendix is None:
            pending_appendix = None
        if pending_title is not None:
            if _looks_like_heading(line) and not line.endswith("."):
                pending_title.label = f"{pending_title.label}. {line}"
                path[pending_title.level] = pending_title.label
                pending_title = None
                continue
            pending_title = None
        if want_heading is not None:
            article = want_heading
            want_heading = None
            if _looks_like_heading(line) and not is_repealed_text(line):
                article.heading = line.rstrip(" .")
                article.body.append("\x00")  # marker: the heading was taken from the body
                continue
        if articles and articles[-1].path == current_path():
            articles[-1].body.append(line)
        else:
            loose.append((current_path(), line, index))
    articles, contents = _drop_contents(articles, divisions, lines, first)
    for article in articles:
        heading = article.heading or ""
        if not any(article.body) and heading.count(" ") >= HEADING_MAX_WORDS:
            article.body, article.heading = split_inline(heading), None  # text, not a heading
        if article.body and article.body[0] == "\x00":
            rest = [b for b in article.body[1:] if b]
            if not rest and article.heading:
                # the "heading" was the only text: it is the article's body
                article.body = [article.heading]
                article.heading = None
            else:
                article.body = article.body[1:]
    for article in articles:
        if any(len(line) > 40 for line in article.body):
            article.body = lay_out_points(article.body)
    marked = sum(a.marked for a in articles)
    chunked = marked >= 3 and marked * 2 >= len(articles)
    duplicates = 0
    in_chapters = False
    if chunked:
        # chunks of a converter's output: each article stands on its own, often twice, in no
        # reliable order — the numbering is not a sequence to repair
        articles, duplicates = drop_duplicate_chunks(articles, lines)
        # "1 4-берене" whose marker line was lost (a bare "1" reads as a page number): the
        # sequence decides, as in a file of articles
        _join_spaced_numbers(articles, unmarked_only=True)
        bases = [b for b in (_int_base(a.number) for a in articles) if b is not None]
        rising = sum(b >= a for a, b in pairwise(bases))
        if rising >= 0.97 * (len(bases) - 1):  # chunks in article order: "161" is 16-1
            _unflatten(articles)
        _unflatten_outliers(articles)
        _unflatten_by_context(articles)
        if not _number_by_marker_groups(articles):
            _number_by_occurrence(articles)
        if glued and glued == len(divisions):  # every division came glued to an article
            _paths_by_number(articles)
    else:
        _join_spaced_numbers(articles)
        _unflatten(articles)
        articles = _drop_out_of_sequence(articles)
        in_chapters = _number_parts(articles)
    header = lines[:first]
    if contents and articles and articles[0].line > contents[1]:
        # the contents' own title ("Содержание", "Мазмуну") ends the header
        last = next((i for i in range(len(header) - 1, -1, -1) if header[i]), None)
        if last is not None and _CONTENTS_TITLE.match(header[last]):
            header = header[:last]
    return ParsedBody(
        header,
        articles,
        divisions,
        loose,
        first,
        chunked=chunked,
        duplicates=duplicates,
        contents=contents[2] if contents else 0,
        in_chapters=in_chapters,
    )


_CONTENTS_TITLE = re.compile(r"^(?:содержание|оглавление|мазмуну|мазмун)\s*:?$", re.IGNORECASE)
# a line of a table of contents after its heading: a dotted leader and the page number
_CONTENTS_PAGE = re.compile(r"(?:\.{3,}|…+)\s*\d{1,4}$")
CONTENTS_MIN = 3  # article headings in a row, without text, that may be a table of contents


def _only_headings(article: Article) -> bool:
    """An article heading line with no text of its own (a table of contents' line): nothing
    under it but blank lines, page numbers and dotted leaders."""
    return all(
        not line or _JUNK_LINE.match(line) or (_CONTENTS_PAGE.search(line) and len(line) < 120)
        for line in article.body
    )


_JUNK_LINE = re.compile(r"^[\W\d_]*$")


def _drop_contents(
    articles: list[Article], divisions: list[Division], lines: list[str], first: int
) -> tuple[list[Article], tuple[int, int, int] | None]:
    """Drop a table of contents: article headings in a row without any text (at least
    :data:`CONTENTS_MIN`), nearly all of whose numbers the act has again as articles elsewhere
    — every article listed before (or after) the act itself.  The chapters listed with them
    go too, and so does the contents' title.  Returns the articles left and, when a table was
    found, (its first line, its last line, the lines it took)."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(articles):
        j = i
        while j < len(articles) and _only_headings(articles[j]):
            j += 1
        if j - i >= CONTENTS_MIN:
            runs.append((i, j))
        i = max(j, i + 1)
    if not runs:
        return articles, None
    drop: set[int] = set()
    span: tuple[int, int] | None = None
    left = Counter(a.number for a in articles)  # numbers of the articles not dropped
    for start, end in sorted(runs, key=lambda run: run[0] - run[1]):  # the longest first
        listed = [articles[k].number for k in range(start, end)]
        mine = Counter(listed)
        again = sum(1 for number in listed if left[number] > mine[number])
        if again < CONTENTS_MIN or again < 0.8 * len(listed):
            continue
        drop.update(range(start, end))
        left.subtract(mine)
        # the chapters listed among (and just before) the articles of the table
        low = articles[start - 1].line if start else first
        high = articles[end - 1].line
        divisions[:] = [d for d in divisions if not low < d.line <= high]
        if start:  # a table after the act: its title is the end of the last article's text
            body = articles[start - 1].body
            while body and (not body[-1] or _CONTENTS_TITLE.match(body[-1])):
                body.pop()
        span = (low + 1, high) if span is None else (min(span[0], low + 1), max(span[1], high))
    if not drop:
        return articles, None
    assert span is not None
    taken = sum(1 for line in lines[span[0] - 1 : span[1]] if line)
    return [a for k, a in enumerate(articles) if k not in drop], (*span, taken)


def _letters(text: str) -> str:
    return re.sub(r"\W+", "", text.lower())


def _rare_words(article: Article, counts: Counter[str]) -> int:
    text = " ".join([article.heading or "", *article.body])
    return sum(counts[w.lower()] <= 1 for w in _WORD_CHARS.findall(text))


def drop_duplicate_chunks(articles: list[Article], lines: list[str]) -> tuple[list[Article], int]:
    """Keep one copy of an article given twice (the cleaner one: fewer words found nowhere
    else in the document); different articles sharing a number are all kept."""
    counts: Counter[str] = Counter(
        w.lower() for line in lines if line for w in _WORD_CHARS.findall(line)
    )
    kept: list[Article] = []
    keys: list[tuple[str, str]] = []
    by_number: dict[str, list[int]] = {}
    dropped = 0
    for article in articles:
        head, body = _letters(article.heading or ""), _letters(" ".join(article.body))
        for k in by_number.get(article.number, []):
            other_head, other_body = keys[k]
            same = head + body == other_head + other_body or (
                head == other_head
                and body[:200] == other_body[:200]
                and body[-200:] == other_body[-200:]
                and min(len(body), len(other_body)) >= 0.99 * max(len(body), len(other_body))
            )
            if not same:
                continue
            dropped += 1
            other = kept[k]
            if _rare_words(article, counts) < _rare_words(other, counts):
                article.line, article.path = other.line, other.path
                article.marker = other.marker
                article.after_part_heading = other.after_part_heading
                kept[k], keys[k] = article, (head, body)
            break
        else:
            by_number.setdefault(article.number, []).append(len(kept))
            kept.append(article)
            keys.append((head, body))
    return kept, dropped


def _written_in_thousands(article: Article) -> bool:
    number = article.number
    return len(number) >= 4 and f"{number[:-3]} {number[-3:]}" in article.raw


def _unflatten_outliers(articles: list[Article]) -> None:
    """ "Статья 73848" in a code of ~1,200 articles is 738-48 (738 with a superscript 48 lost in
    extraction): a number far above the others whose longest prefix is an article of the act."""
    plain = sorted(int(a.number) for a in articles if a.number.isdigit())
    if len(plain) < 20:
        return
    ceiling = 1.5 * plain[int(0.97 * (len(plain) - 1))]
    numbers = {a.number for a in articles}
    for article in articles:
        text = article.number
        if not text.isdigit() or int(text) <= ceiling or article.number == article.joined:
            continue
        if _written_in_thousands(article):
            continue  # "Статья 1 098" is article 1098
        for cut in (len(text) - 1, len(text) - 2):
            head, tail = text[:cut], text[cut:]
            if cut > 0 and head in numbers and not tail.startswith("0"):
                article.number = f"{head}-{int(tail)}"
                break


_STEM_WORD = re.compile(r"[^\W\d_]{4,}")


def _stems(article: Article) -> set[str]:
    text = " ".join([article.heading or "", article.heading or "", *article.body])[:700]
    return {w[:6] for w in _STEM_WORD.findall(text.lower())}


class _Context:
    """How much an article's words (heading and opening text) share with its would-be
    neighbours': rare shared words weigh more (idf over the act's articles)."""

    def __init__(self, articles: list[Article]) -> None:
        self.articles = articles
        self.stems = [_stems(a) for a in articles]
        df: Counter[str] = Counter()
        for stems in self.stems:
            df.update(stems)
        n = max(1, len(articles))
        self.weight = {w: math.log(n / c) for w, c in df.items() if c * 5 <= n}
        self.by_number: dict[str, list[int]] = {}
        for i, a in enumerate(articles):
            self.by_number.setdefault(a.number, []).append(i)

    def near(self, i: int, numbers: list[str], part: int | None = None) -> float:
        mine = self.stems[i]
        best = 0.0
        for number in numbers:
            for j in self.by_number.get(number, []):
                if j != i and (part is None or self.articles[j].part == part):
                    shared = mine & self.stems[j]
                    best = max(best, sum(self.weight.get(w, 0.0) for w in shared))
        return best


def _splits(number: str, numbers: set[str]) -> list[tuple[str, int]]:
    """ "231" → [("23", 1)] when 23 is an article: the ways ``number`` reads as base + a lost
    superscript."""
    out = []
    for cut in (len(number) - 1, len(number) - 2):
        head, tail = number[:cut], number[cut:]
        if cut > 0 and head in numbers and not tail.startswith("0"):
            out.append((head, int(tail)))
    return out


def _shared_range(groups: dict[str, list[int]]) -> int:
    """The numbers 1..K that a second part of the code also has: the largest K with at least
    half of 1..K given by two different articles, and half of the numbers just below K too
    (0 for a code in one part): a part two of 100 articles and a flattened "141" (its 14-1,
    beside part one's 141) do not make the parts share 1..141."""
    shared = sorted(int(n) for n, members in groups.items() if len(members) >= 2)
    top = 0
    for count, value in enumerate(shared, start=1):
        if count >= 0.5 * value and count >= 5:
            low = value - max(5, value // 10)
            if count - bisect_left(shared, low + 1) >= 0.5 * (value - low):
                top = value
    return top


def _unflatten_by_context(articles: list[Article]) -> None:
    """ "Статья 231" given twice with different texts in a code that has articles 23 and 231:
    one is 23-1 with its superscript lost (one too many for the parts the code has there).
    The one whose words are closest to articles 23 and 24 rather than to 230 and 232 is
    renamed.  An article with no neighbour of its own number (231 where there is no 230 or
    232) is renamed when its words are much closer to 23's."""
    numbers = {a.number for a in articles}
    groups: dict[str, list[int]] = {}
    for i, a in enumerate(articles):
        if a.number.isdigit():
            groups.setdefault(a.number, []).append(i)
    two_parts = _shared_range(groups)
    # the end of the numbering: an article past it with no neighbour may be a flattened one
    last = max(
        (int(n) for n in groups if str(int(n) - 1) in numbers or str(int(n) + 1) in numbers),
        default=0,
    )
    context: _Context | None = None
    renamed: list[tuple[int, str]] = []
    for number, members in groups.items():
        value = int(number)
        own = [str(value - 1), str(value + 1)]
        excess = len(members) - (2 if value <= two_parts else 1)
        isolated = len(members) == 1 and value > last and not any(n in numbers for n in own)
        if (excess <= 0 and not isolated) or len(number) < 2:
            continue
        splits = _splits(number, numbers)
        if not splits:
            continue
        context = context or _Context(articles)
        options: list[tuple[float, int, str]] = []
        for i in members:
            if articles[i].number == articles[i].joined or _written_in_thousands(articles[i]):
                continue  # "23 1." read as 231 on purpose; "1 098" is a thousand and 98
            for head, tail in splits:
                around = [head, str(int(head) + 1), f"{head}-{tail - 1}", f"{head}-{tail + 1}"]
                flat, mine = context.near(i, around), context.near(i, own)
                if flat > mine and (not isolated or flat >= 2 * mine + 1.0):
                    options.append((flat - mine, i, f"{head}-{tail}"))
                    break  # 177-1 before 17-71: a one-digit insertion is the usual one
        taken: set[int] = set()
        for _, i, new_number in sorted(options, reverse=True):
            if i not in taken and len(taken) < max(1, excess):
                taken.add(i)
                renamed.append((i, new_number))
    for i, number in renamed:
        articles[i].number = number


def _number_by_marker_groups(articles: list[Article]) -> bool:
    """Chunks sorted by their marker line's number ("Статья 3" holds 3, 328 and 370 of part
    one, then 3 and 328 of part two): within one marker's chunks the act's order is kept, so
    a number not above the one before it opens the next part.  False when the chunks are not
    sorted by marker (then parts go by occurrence)."""
    keys = [_int_base(a.marker) if a.marker else None for a in articles]
    known = [k for k in keys if k is not None]
    if len(known) < 20 or len(known) < 0.8 * len(articles):
        return False
    rising = sum(b >= a for a, b in pairwise(known))
    if rising < 0.97 * (len(known) - 1):
        return False
    if not any(b < a for a, b in pairwise(int(a.number) for a in articles if a.number.isdigit())):
        # sorted by number (every marker whole): the n-th of a number is in part n, and an
        # article only one part has (part two's 14-1) goes where its neighbours' words are
        _number_by_occurrence(articles)
        _settle_parts(articles)
        return True
    group: int | None = None
    part, last, previous = 1, -1, ""
    for article, key in zip(articles, keys, strict=True):
        base = _int_base(article.number)
        if key != group and key is not None:
            group, part, last = key, 1, -1
        if base is not None:
            if base < last or (base == last and article.number == previous):
                part += 1  # 23-1 after 23 is not a new part
            last = base
        previous = article.number
        article.part = part
    _settle_parts(articles)
    return True


def _settle_parts(articles: list[Article]) -> None:
    """Two different articles N given the same part (the part-two one alone under its marker,
    the part-one one under another): each goes to the part whose articles N-1, N+1 (N-2, N+2)
    its words are closer to."""
    members: dict[str, list[int]] = {}
    for i, a in enumerate(articles):
        members.setdefault(a.number, []).append(i)
    clashes = [
        group
        for group in members.values()
        if 1 < len(group) <= 3 and len({articles[i].part for i in group}) < len(group)
    ]
    top = _shared_range({n: g for n, g in members.items() if n.isdigit()})
    alone = [  # 129-1 of part two, by itself: which part has the articles around it?
        group[0]
        for group in members.values()
        if len(group) == 1 and (_int_base(articles[group[0]].number) or top + 1) <= top
    ]
    for group in members.values():
        if len(group) == 1 and (_int_base(articles[group[0]].number) or 0) > top:
            # only one article has this number and no second part reaches it: part one
            # (after a copy that was not recognised as one under the same marker)
            articles[group[0]].part = 1
    if not clashes and not alone:
        return
    context = _Context(articles)
    for group in clashes:
        base = _int_base(articles[group[0]].number)
        if base is None:
            continue
        around = [str(base + d) for d in (-2, -1, 1, 2)]
        group.sort(key=lambda i: (articles[i].part, i))
        best: tuple[float, tuple[int, ...]] | None = None
        for order in permutations(range(1, len(group) + 1)):
            score = sum(context.near(i, around, p) for i, p in zip(group, order, strict=True))
            if best is None or score > best[0] + 1e-9:
                best = (score, order)
        for i, p in zip(group, best[1] if best else (), strict=False):
            articles[i].part = p
    for i in alone:  # once the pairs are settled
        base = _int_base(articles[i].number) or 0
        around = [str(base + d) for d in (-1, 0, 1, 2)]
        scores = [(context.near(i, around, p), -p) for p in (1, 2)]
        articles[i].part = -max(scores)[1] if scores[0][0] != scores[1][0] else articles[i].part


def _number_key(article: Article) -> tuple[int, int, int]:
    head, _, tail = article.number.partition("-")
    return (
        article.part,
        int(head) if head.isdigit() else 0,
        int(tail) if tail.isdigit() else 0,
    )


def _paths_by_number(articles: list[Article]) -> None:
    """A division's title glued to the end of article N's text (chunks of a converter) opens
    that division at the article after N in the act's numbering, wherever the chunks stand in
    the file (sorted by marker, 328 comes right after 3)."""
    if not any(a.division_after for a in articles):
        return
    path: dict[int, str] = {}
    part = 0
    ordered = sorted(articles, key=_number_key)
    for article in ordered:
        if article.part != part:
            part, path = article.part, _opening_path(ordered, article.part)
        article.path = tuple(path[level] for level in sorted(path))
        for level, label in article.division_after:
            for deeper in [lv for lv in path if lv >= level]:
                del path[deeper]
            path[level] = label


def _opening_path(ordered: list[Article], part: int) -> dict[int, str]:
    """The divisions the first articles of ``part`` are in when no chunk carries their title:
    the first chapter glued to an article is "Глава 2", so the articles before it are in
    chapter 1 ("Глава 1", its title unknown); the same for "Раздел II", "2-глава", "§ 2"."""
    first: dict[int, str] = {}
    for article in ordered:
        if article.part == part:
            for level, label in article.division_after:
                first.setdefault(level, label)
    opening: dict[int, str] = {}
    for level, label in first.items():
        match = _DIVISION.match(label)
        if not match:
            continue
        number = match["n1"] or match["n2"]
        one = {"2": "1", "II": "I"}.get(number.upper())
        if one is None:
            continue
        if match["n1"]:
            head = label[match.start("w1") : match.end("n1")]
        else:
            head = label[match.start("n2") : match.end("w2")]
        opening[level] = head.replace(number, one, 1)
    return opening


def _number_by_occurrence(articles: list[Article]) -> None:
    """Different articles sharing a number (the two parts of a code): the n-th is in part n."""
    seen: Counter[str] = Counter()
    for article in articles:
        seen[article.number] += 1
        article.part = seen[article.number]


def _join_spaced_numbers(articles: list[Article], *, unmarked_only: bool = False) -> None:
    """ "Статья 3 28." between articles 327 and 329 is 328 (a space broke the number), while
    "Статья 23 1." between 23 and 24 stays 23-1."""
    for i, article in enumerate(articles):
        if not article.joined or article.number == article.joined:
            continue
        if unmarked_only and article.marker is not None:
            continue
        value = int(article.joined)
        prev = _int_base(articles[i - 1].number) if i else None
        nxt = next((_int_base(a.number) for a in articles[i + 1 : i + 4] if not a.joined), None)
        if prev is not None and prev < value and (nxt is None or value < nxt):
            article.number = article.joined


def _appendix_title(line: str) -> bool:
    """A line of an appendix's title: "к постановлению …", "ПОЛОЖЕНИЕ", "о порядке …",
    "… жөнүндө ЖОБО"."""
    if len(line) > 200 or is_point(line) or line.endswith((".", ";", ":")):
        return False
    return (
        bool(_APPENDIX_TITLE.match(line))
        or _starts_lower(line)  # "мал жаюу … жөнүндө", a title wrapped over lines
        or (len(line) < 120 and line.upper() == line and any(ch.isalpha() for ch in line))
    )


def _title_case(line: str) -> str:
    """ "ПОЛОЖЕНИЕ" → "Положение" (a title line in capitals), other lines as written."""
    letters = [ch for ch in line if ch.isalpha()]
    if letters and all(ch.isupper() for ch in letters):
        return line[:1] + line[1:].lower()
    return line


def _next_is_point(lines: list[str], index: int) -> bool:
    following = next((x for x in lines[index + 1 : index + 4] if x), "")
    return bool(re.match(r"^\d{1,3}(?:\.\d{1,3})*[.)]\s", following))


def _division_has_title(line: str) -> bool:
    match = _DIVISION.match(line)
    return bool(match and match["title"])


def _unflatten(articles: list[Article]) -> None:
    """ "Статья 161" between 16 and 17 is article 16-1 whose dash was lost in extraction."""
    for i, article in enumerate(articles):
        if not article.number.isdigit() or i == 0:
            continue
        num = int(article.number)
        prev = articles[i - 1]
        base = _int_base(prev.number)
        if article.number == article.joined and base is not None:
            # a number joined from "1 61" is 16-1 only right between 16 and 17; "10 20" among
            # 1021, 1027 … (chunks sorted by their marker) is 1020
            nxt = _int_base(articles[i + 1].number) if i + 1 < len(articles) else None
            if nxt != base + 1:
                continue
        if base is None or article.after_part_heading or num <= base + 1:
            continue
        text, prefix = article.number, str(base)
        rest = text[len(prefix) :]
        if not text.startswith(prefix) or not rest or rest[0] == "0" or len(rest) > 2:
            continue
        following = next(
            (
                a
                # the next article proper is close by; a bounded look keeps this linear
                for a in (articles[j] for j in range(i + 1, min(len(articles), i + 65)))
                if _int_base(a.number) is not None
                and not (
                    a.number.isdigit()
                    and a.number.startswith(prefix)
                    and len(a.number) > len(prefix)
                )
            ),
            None,
        )
        next_base = _int_base(following.number) if following else None
        # (no article after it but those of its own prefix — "1", then "12", "13", "110" of an
        # extract — says nothing: it stays as written)
        if next_base is not None and next_base < num:
            article.number = f"{base}-{int(rest)}"


def _number_parts(articles: list[Article]) -> bool:
    """Numbering restarts (Civil Code part II after part I) open a new part.  Returns whether
    the act numbers its articles anew in each chapter (rare): it restarts at two chapters or
    more, at most of its chapters, and never after a "Часть" heading."""
    part = 1
    last_base: int | None = None
    restarts = at_chapter = changes = 0
    previous: Article | None = None
    for article in articles:
        base = _int_base(article.number)
        new_chapter = previous is not None and _chapter_of(article) != _chapter_of(previous)
        changes += new_chapter
        if base is not None and last_base is not None and base < last_base:
            if article.after_part_heading or base <= max(1, last_base // 2):
                part += 1
                restarts += 1
                at_chapter += new_chapter and not article.after_part_heading
        article.part = part
        if base is not None:
            last_base = base
        previous = article
    return restarts >= 2 and at_chapter == restarts and restarts * 2 >= changes


def _chapter_of(article: Article) -> str | None:
    return next((label for label in reversed(article.path) if _CHAPTER_LABEL.match(label)), None)


_CHAPTER_LABEL = re.compile(r"^(?:глава\s*\d|\d{1,3}\s*-\s*(?:глава|бап))", re.IGNORECASE)


def _drop_out_of_sequence(articles: list[Article]) -> list[Article]:
    """A line "Статья 5 Закона ..." in the middle of article 40 is a reference, not article 5:
    an out-of-sequence number between two consecutive ones goes back into the text."""
    kept: list[Article] = []
    for i, article in enumerate(articles):
        prev = kept[-1] if kept else None
        nxt = articles[i + 1] if i + 1 < len(articles) else None
        base = _int_base(article.number)
        if prev is None or nxt is None or base is None or article.after_part_heading:
            kept.append(article)
            continue
        prev_base, next_base = _int_base(prev.number), _int_base(nxt.number)
        if prev_base is None or next_base is None or nxt.after_part_heading:
            kept.append(article)
            continue
        continues = prev_base < next_base <= prev_base + 2
        outside = not prev_base <= base <= next_base
        if continues and outside and article.path == prev.path:
            prev.body.extend([article.raw, *article.body])
            continue
        kept.append(article)
    return kept
