"""Structure of an act: article headings, divisions (part/section/chapter/paragraph), notes.

Recognised article headings (Russian and Kyrgyz, Markdown/bold decoration allowed)::

    Статья 13. Heading          Статья 13 (heading on the next line)     Статья 1 098. Heading
    Статья 23-1. / 23.1. / 23¹.  13-берене. Heading    13-берене (heading on the next line)
    Берене 13. Heading           16-1-берене.

Divisions: "Часть первая" / "Биринчи бөлүк" (part), "Раздел I" / "I бөлүм" (section),
"Подраздел 2" (subsection), "Глава 2" / "2-глава" / "2-бап" (chapter), "Параграф 1" / "§ 1"
(paragraph), with the title on the same line or on the next one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_DECOR = r"(?:#{1,6}\s*)?(?:\*\*|__|\*)?\s*"
_DECOR_END = r"\s*(?:\*\*|__|\*)?\s*$"
# 13 | 1 098 (thousands broken by a space) | 23-1 | 23.1 | 23¹ | 23 ¹
_NUM = (
    r"(\d{1,3}(?:[ \u00a0]\d{3})+|\d{1,4})"
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
        digits = re.sub(r"\D", "", suffix.translate(_SUPERSCRIPT))
        if digits:
            number = f"{number}-{int(digits)}"
    return number


def _starts_lower(text: str) -> bool:
    first = text[:1]
    return first.isalpha() and first.islower()


def match_article(line: str) -> tuple[str, str] | None:
    """``(number, heading)`` when ``line`` is an article heading, else None."""
    if len(line) > 600 or not line:
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
    return normalise_article_number(match[1], match[2]), heading


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
    return _WORD_LEVEL[word], label


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
    r"|менен\s+өзгөртүлгөн))",
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
    want_heading: Article | None = None  # "Статья 13." whose heading may be on the next line

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
        found = match_article(line)
        if found:
            number, heading = found
            pending_title = None
            inline_body = None
            if heading and is_point(heading):
                inline_body, heading = heading, ""  # "Статья 5. 1. Настоящий Закон ..."
            last = articles[-1] if articles else None
            if last and last.number == number and not part_seen and last.path == current_path():
                # "Статья 45" then "Статья 45. Heading": one article, the heading from the
                # second; a repeated heading over a later chunk of the same article continues it
                if not any(last.body):
                    last.heading = heading or last.heading
                    want_heading = None if last.heading else last
                if inline_body:
                    last.body.append(inline_body)
                continue
            article = Article(number, heading or None, current_path(), 1, index + 1, raw=line)
            article.after_part_heading = part_seen
            part_seen = False
            articles.append(article)
            want_heading = None if heading or inline_body else article
            if inline_body:
                article.body.append(inline_body)
            continue
        division = regular = match_division(line)
        if division is None and articles and len(line) < 200 and _APPENDIX.match(line):
            division = (LEVEL_PART, line)  # an appendix after the articles
            path.clear()
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
            want_heading = None
            continue
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
    for article in articles:
        if article.body and article.body[0] == "\x00":
            rest = [b for b in article.body[1:] if b]
            if not rest and article.heading:
                # the "heading" was the only text: it is the article's body
                article.body = [article.heading]
                article.heading = None
            else:
                article.body = article.body[1:]
    _unflatten(articles)
    articles = _drop_out_of_sequence(articles)
    _number_parts(articles)
    return ParsedBody(lines[:first], articles, divisions, loose, first)


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
        if next_base is None or next_base < num:
            article.number = f"{base}-{int(rest)}"


def _number_parts(articles: list[Article]) -> None:
    """Numbering restarts (Civil Code part II after part I) open a new part."""
    part = 1
    last_base: int | None = None
    for article in articles:
        base = _int_base(article.number)
        if base is not None and last_base is not None and base < last_base:
            if article.after_part_heading or base <= max(1, last_base // 2):
                part += 1
        article.part = part
        if base is not None:
            last_base = base


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
