"""Lookup by article number on codes as another public legal bot's PDF converter writes them.

``python -m benchmarks.messy_lookup [--articles 1300] [--part-two 300] [--queries 400]``

The format (one chunk per article, chunks between lines of "=====")::

    Статья 3
    Статья 3 28. Договор о залоге 1. В договоре о залоге должны быть указаны: - стороны …

a marker line "Статья N" cut where a space broke the number (only "3" of 328), then ONE line
with the number broken by a space, the heading and the article's whole text; about half of the
chunks given twice, the second copy with spaces inside words ("уч астников", some words in
three pieces: "тре бова ния"); chunks sorted by the marker's number (so 328 comes right after
3); inserted articles flattened ("73848" for 738-48, "231" for 23-1 in a code that also has an
article 231); a chapter's "Глава N" and title glued to the end of the article before it; in a
two-part code the same number in both parts.

Besides the converter's chunks, each act small enough is also written as text extracted from a
PDF (:func:`pdf_text`: pages with their number, running header and an edition line in
brackets, lines wrapped with hyphenation, footnote marks and footnotes) and as a Word file
whose article numbers and points are Word's list numbering (:func:`numbered_docx`), as published
by the legal database and kept by offices — a saved page with the header's lines apart and a table
of contents of every heading (:func:`minjust_html`), the same as .rtf (:func:`rtf_text`), a Word
file whose structure is heading styles (:func:`styled_docx`), a browser's PDF print with the
contents, page titles and addresses and every heading on the line after "Статья N."
(:func:`printed_pdf_text`); the
Kyrgyz fragment (tests/data/laws/zher_kodeksi_ky_clean.txt, written for the tests in the style
of the Land Code) is looked up as "12-берене", "12-беренеси", "Жер кодексинин 12-беренеси".

Made from (1) the real Water Code (``../shared/corpus/kg_water_code_ru.txt``) and (2) a long
synthetic code (``benchmarks.legal_codes.code_text`` with ``topical=True``: its articles follow
the Water Code's order, so neighbours share their subject as in a real code; 1,300 articles in
part one, 300 in part two, numbers up to 4 digits).  Each messy file and its clean source (the
baseline, in the same run) are imported; printed: articles found / expected, with the expected
heading / expected, in its part (part, number and heading right), in its chapter (the chapter
number of its passage's path right), and lookups by number ("Статья N", "ст. N", "статья N
Водного кодекса") answered with that article / asked — an article whose number both parts
have counts as right when the article of the right part is among those offered.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from benchmarks.legal_codes import WATER, code_text

SEPARATOR = "\n\n" + "=" * 80 + "\n\n"
# a Kyrgyz code fragment written for the tests in the style of the Land Code (not the real text)
KY_LAND = Path(__file__).resolve().parents[1] / "tests/data/laws/zher_kodeksi_ky_clean.txt"
_ARTICLE_LINE = re.compile(r"^(?:Статья\s+(\d+(?:-\d+)?)|(\d+(?:-\d+)?)-берене)\.\s*(.*)$")
_JUNK_LINE = re.compile(r"^[-\s\d]*$|^Страница\b")


_CHAPTER_LINE = re.compile(r"^(?:Глава\s+(\d+)|(\d+)-глава)\b")
_CHAPTER_IN_PATH = re.compile(r"(?:Глава (\d+)|(\d+)-глава)\b")
WORD = {"ru": "Статья {}", "ky": "{}-берене"}  # an article's heading word


def _article(line: str) -> tuple[str, str] | None:
    found = _ARTICLE_LINE.match(line)
    return (found[1] or found[2], found[3]) if found else None


def _chapter(line: str) -> str | None:
    found = _CHAPTER_LINE.match(line)
    return (found[1] or found[2]) if found else None


def split_articles(text: str, chapters: list[str] | None = None) -> list[tuple[str, str, str]]:
    """(number, heading, text on one line) of every article of a clean act; a chapter's
    "Глава N" line and title stay glued to the end of the article before it, as converters
    write them.  ``chapters`` gets each article's chapter number ("" before the first)."""
    out: list[tuple[str, str, str]] = []
    chapter = ""
    for line in text.splitlines():
        line = line.strip()
        found = _article(line)
        chapter = _chapter(line) or chapter
        if found:
            out.append((found[0], found[1], ""))
            if chapters is not None:
                chapters.append(chapter)
        elif out and line and not _JUNK_LINE.match(line):
            number, heading, body = out[-1]
            out[-1] = (number, heading, f"{body} {line}".strip())
    for i in range(1, len(out) - 1):  # "161" between 16 and 17 is 16-1 (a flattened ¹)
        number, prev, nxt = out[i][0], out[i - 1][0], out[i + 1][0]
        if number.isdigit() and prev.isdigit() and nxt.isdigit() and int(nxt) == int(prev) + 1:
            if number.startswith(prev) and len(number) > len(prev):
                out[i] = (f"{prev}-{int(number[len(prev) :])}", *out[i][1:])
    return out


def _spaced(text: str, rng: random.Random, rate: float = 0.004) -> str:
    """Spaces inside words as converters leave them; some long words in three pieces."""
    out = []
    for word in text.split(" "):
        if len(word) >= 9 and word.isalpha() and rng.random() < rate * 5:
            a, b = sorted(rng.sample(range(2, len(word) - 1), 2))
            if b - a >= 2:
                word = f"{word[:a]} {word[a:b]} {word[b:]}"  # "тре бова ния"
        else:
            chars = []
            for ch in word:
                chars.append(ch)
                if ch.isalpha() and rng.random() < rate:
                    chars.append(" ")
            word = "".join(chars)
        out.append(word)
    return " ".join(out)


def messy_text(
    articles: list[tuple[str, str, str]], seed: int, *, sort: bool = True, lang: str = "ru"
) -> str:
    """The converter's chunks of ``articles`` (see the module's docstring); in Kyrgyz the
    marker line is "12-берене" and the article's line "1 2-берене. Heading text…"."""
    word = WORD[lang]
    rng = random.Random(seed)
    chunks: list[tuple[int, int, str]] = []
    for order, (number, heading, body) in enumerate(articles):
        written = number
        if "-" in number and rng.random() < 0.5:
            written = number.replace("-", "")  # "738-48" flattened to "73848"
        elif number.isdigit() and len(number) >= 3 and rng.random() < 0.5:
            cut = rng.randint(1, len(number) - 2)
            written = f"{number[:cut]} {number[cut:]}"  # "3 28", "1 098", "10 98"
        marker = written.split(" ")[0]
        line = f"{word.format(written)}. {heading} {body}".strip()
        key = int(re.sub(r"\D.*", "", marker) or 0)
        head = word.format(marker)
        chunks.append((key if sort else order, order, f"{head}\n{line}"))
        if rng.random() < 0.5:
            chunks.append((key if sort else order, order, f"{head}\n{_spaced(line, rng)}"))
    chunks.sort(key=lambda c: (c[0], c[1]))
    return SEPARATOR.join(c for _, _, c in chunks) + "\n"


def prefixed_text(messy: str, size: int = 1000) -> str:
    """The same chunks as a second converter writes them: each piece of at most ``size``
    characters of the article's line on a line of its own after "Статья N (часть): " (or
    "Статья N: " when the article fits in one piece), cut anywhere, even inside a word."""
    out = []
    for chunk in messy.strip().split(SEPARATOR.strip("\n")):
        marker, _, line = chunk.strip().partition("\n")
        pieces = [line[i : i + size] for i in range(0, len(line), size)]
        label = f"{marker} (часть): " if len(pieces) > 1 else f"{marker}: "
        out += [label + piece.strip() for piece in pieces if piece.strip()]
    return "\n\n".join(out) + "\n"


_W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_POINT_LINE = re.compile(r"^(\d{1,2})([.)])\s+(.*)$")


def _abstract_num(abstract_id: int, levels: list[tuple[str, str]]) -> str:
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    return f'<w:abstractNum {_W_NS} w:abstractNumId="{abstract_id}">{lvls}</w:abstractNum>'


def numbered_docx(clean: str, path: Path, lang: str = "ru") -> Path:
    """The act as a Word file whose article numbers ("Статья %1.") and points ("%1.", "%2)")
    are Word's list numbering, not text: a paragraph holds only "Цель и задачи" and Word shows
    "Статья 1." before it.  An article out of the list's sequence (16-1 written "161") is typed
    by hand, as editors do; chapters are "Heading 1" paragraphs."""
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    numbering = document.part.numbering_part.element
    first_num = next(iter(numbering.iterchildren("{*}num")), None)
    for xml in (_abstract_num(90, [("decimal", WORD[lang].format("%1") + ".")]),
                _abstract_num(91, [("decimal", "%1."), ("decimal", "%2)")])):  # fmt: skip
        element = parse_xml(xml)
        if first_num is not None:
            first_num.addprevious(element)
        else:
            numbering.append(element)
    numbering.append(
        parse_xml(f'<w:num {_W_NS} w:numId="90"><w:abstractNumId w:val="90"/></w:num>')
    )

    def numbered(text: str, num_id: int, level: int) -> None:
        paragraph = document.add_paragraph(text)
        ppr = paragraph._p.get_or_add_pPr()
        ppr.append(parse_xml(
            f'<w:numPr {_W_NS}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'
        ))  # fmt: skip

    lines = [line.strip() for line in clean.splitlines()]
    article_counter, points_id, expected_point = 0, 0, {".": 1, ")": 1}
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line:
            continue
        if _chapter(line) and _CHAPTER_LINE.match(line)[0] == line and i < len(lines):  # type: ignore[index]
            document.add_heading(f"{line}. {lines[i]}", level=1)
            i += 1
            continue
        article = _article(line)
        if article:
            if article[0] == str(article_counter + 1):
                article_counter += 1
                numbered(article[1], 90, 0)
            else:
                document.add_paragraph(line)
            points_id += 1
            numbering.append(parse_xml(
                f'<w:num {_W_NS} w:numId="{1000 + points_id}"><w:abstractNumId w:val="91"/>'
                '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'
                '<w:lvlOverride w:ilvl="1"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
            ))  # fmt: skip
            expected_point = {".": 1, ")": 1}
            continue
        point = _POINT_LINE.match(line)
        if point and points_id and int(point[1]) == expected_point[point[2]]:
            expected_point[point[2]] += 1
            if point[2] == ".":
                expected_point[")"] = 1
            numbered(point[3], 1000 + points_id, 0 if point[2] == "." else 1)
            continue
        document.add_paragraph(line)
    document.save(str(path))
    return path


_EDITION = {
    "ru": ("(с изменениями и дополнениями по состоянию на 10.12.2021)",
           "¹ Примечание издателя: текст приводится по официальной публикации."),
    "ky": ("(2021-жылдын 20-октябрына карата өзгөртүүлөрү жана толуктоолору менен)",
           "¹ Басып чыгаруучунун эскертүүсү: текст расмий басылмага ылайык берилди."),
}  # fmt: skip


def pdf_text(
    clean: str, seed: int, *, header: str, lang: str = "ru", width: int = 90, page_lines: int = 48
) -> str:
    """The act as text extracted from a PDF: lines wrapped at ``width`` (a third of the cut
    words hyphenated), pages of ``page_lines`` lines, each ending with its number ("- 3 -") and
    a form feed and starting with the running header and the edition line; footnote marks
    after some words ("объекты¹", a heading's too) and the footnote's text at the page's foot;
    non-breaking spaces and soft hyphens here and there."""
    rng = random.Random(seed)
    rows: list[str] = []
    for line in clean.splitlines():
        line = line.strip()
        if rng.random() < 0.03 and len(line.split()) > 3:  # a footnote mark on a word
            words = line.split(" ")
            k = rng.randrange(1, len(words))
            if words[k].isalpha() and len(words[k]) > 3:
                words[k] += "¹"
                line = " ".join(words)
        while len(line) > width:
            cut = line.rfind(" ", 0, width)
            if cut <= 0:
                break
            head, rest = line[:cut], line[cut + 1 :]
            word = rest.split(" ", 1)[0]
            if len(word) >= 8 and word.isalpha() and rng.random() < 0.35:
                at = rng.randint(3, len(word) - 3)
                head, rest = f"{head} {word[:at]}-", word[at:] + rest[len(word) :]
            rows.append(head)
            line = rest
        rows.append(line.replace(" ", "\u00a0", 1) if rng.random() < 0.05 else line)
    out: list[str] = []
    for page, start in enumerate(range(0, len(rows), page_lines), start=1):
        if page > 1:
            out += [header, _EDITION[lang][0], ""]
        body = rows[start : start + page_lines]
        out += body
        if any("¹" in row for row in body):
            out += ["", _EDITION[lang][1]]
        out += ["", f"- {page} -", "\f"]
    return "\n".join(out) + "\n"


# -- the act as published by the legal database and as offices keep it ------------------------

_CONTENTS = {"ru": "Содержание", "ky": "Мазмуну"}


def _split_header(clean: str) -> tuple[list[str], list[str]]:
    """(header lines, body lines) of a clean act: the body starts at its first chapter,
    section or article line."""
    from knowledge.legal.structure import is_structural

    lines = [line.strip() for line in clean.splitlines() if line.strip()]
    first = next((i for i, line in enumerate(lines) if is_structural(line)), len(lines))
    return lines[:first], lines[first:]


def _contents(body: list[str]) -> list[str]:
    """A table of contents: every chapter ("Глава 1. Общие положения") and article heading."""
    from knowledge.legal.structure import match_division

    out = []
    for i, line in enumerate(body):
        division = match_division(line)
        if division and i + 1 < len(body) and division[1] == line and not _article(body[i + 1]):
            out.append(f"{line}. {body[i + 1]}")  # "Глава 1" + its title on the next line
        elif division or _article(line):
            out.append(line)
    return out


def minjust_html(clean: str, lang: str = "ru") -> str:
    """The act as a page saved from the Ministry of Justice's database: the header's lines
    (kind, place, date, number, edition) each a paragraph of its own, a table of contents of
    every heading at the top, chapters "Глава 1<br>Title", the site's menus and footer."""
    from html import escape

    header, body = _split_header(clean)
    out = ['<html><head><meta charset="utf-8"><title>ЦБД</title></head><body>',
           '<div class="menu"><a>Главная</a> <a>Поиск</a></div><div id="doc">']  # fmt: skip
    for line in header:  # "от 12 января 2005 года № 8" → two lines, as the database shows it
        dated = not line.startswith("(") and re.search(r"\d{4}.*№", line)
        parts = re.split(r",\s+|\s+(?=№)", line) if dated else [line]  # place, date, number
        out += [f'<p class="tkRekvizit">{escape(part)}</p>' for part in parts]
    out.append(f'<p class="tkZagolovok1">{_CONTENTS[lang]}</p>')
    out += [f'<p class="tkTekst"><a href="#">{escape(x)}</a></p>' for x in _contents(body)]
    i = 0
    while i < len(body):
        line = body[i]
        if _chapter(line) and _CHAPTER_LINE.match(line)[0] == line and i + 1 < len(body):  # type: ignore[index]
            out.append(f'<p class="tkZagolovok3">{escape(line)}<br>{escape(body[i + 1])}</p>')
            i += 2
            continue
        cls = "tkZagolovok5" if _article(line) else "tkTekst"
        out.append(f'<p class="{cls}">{escape(line)}</p>')
        i += 1
    out.append('</div><div class="footer">© Министерство юстиции. Все права защищены.</div>')
    return "\n".join(out) + "</body></html>\n"


def rtf_text(clean: str, lang: str = "ru") -> str:
    """The same act (contents included) as an .rtf saved from the database: Windows-1251
    escapes, \\uN for the Kyrgyz letters the code page lacks, a paragraph per line."""
    header, body = _split_header(clean)

    def esc(text: str) -> str:
        out = []
        for ch in text:
            if ch in "\\{}":
                out.append("\\" + ch)
            elif ord(ch) < 128:
                out.append(ch)
            else:
                try:
                    out.append(f"\\'{ch.encode('cp1251')[0]:02x}")
                except UnicodeEncodeError:
                    out.append(f"\\u{ord(ch)}?")
        return "".join(out)

    lines = [*header, _CONTENTS[lang], *_contents(body), *body]
    head = "{\\rtf1\\ansi\\ansicpg1251\\deff0{\\fonttbl{\\f0 Times New Roman;}}\\uc1\\f0\\fs24 "
    return head + "".join(f"\\pard {esc(line)}\\par\n" for line in lines) + "}"


def styled_docx(clean: str, path: Path) -> Path:
    """The act as a Word file whose structure is Word's heading styles: the act's name in
    "Title", "Глава 1" and its title two "Heading 1" paragraphs, "Статья 1." in "Heading 2"
    and its heading in "Heading 3"."""
    import docx

    header, body = _split_header(clean)
    document = docx.Document()
    document.add_paragraph(header[0], style="Title")
    for line in header[1:]:
        document.add_paragraph(line)
    for line in body:
        found = _article(line)
        if found and found[1]:
            number = line[: len(line) - len(found[1])].strip()
            document.add_paragraph(number, style="Heading 2")
            document.add_paragraph(found[1], style="Heading 3")
        elif _chapter(line) or re.match(r"^[IVX]+\s+БӨЛҮМ$", line):
            document.add_paragraph(line, style="Heading 1")
        elif document.paragraphs[-1].style.name == "Heading 1" and len(line) < 120:
            document.add_paragraph(line, style="Heading 1")  # the chapter's title
        else:
            document.add_paragraph(line)
    document.save(str(path))
    return path


def printed_pdf_text(clean: str, *, title: str, lang: str = "ru", page_lines: int = 45) -> str:
    """The act printed to PDF from a browser and extracted: the contents with dotted leaders
    and page numbers, every article's heading on the line after "Статья N.", lines wrapped at
    95 characters; each page starts with the page's title and address and ends with
    "Страница N из M"."""
    header, body = _split_header(clean)
    rows = [*header, _CONTENTS[lang].upper()]
    rows += [f"{x} {'.' * 12} {3 + n // 8}" for n, x in enumerate(_contents(body))]
    for line in body:
        found = _article(line)
        if found and found[1]:
            rows += [line[: len(line) - len(found[1])].strip(), found[1]]
            continue
        while len(line) > 95:
            cut = line.rfind(" ", 0, 95)
            if cut <= 0:
                break
            rows.append(line[:cut])
            line = line[cut + 1 :]
        rows.append(line)
    pages = range(0, len(rows), page_lines)
    out: list[str] = []
    for page, start in enumerate(pages, start=1):
        out += [title, "http://cbd.minjust.gov.kg/act/view/ru-ru/1592", ""]
        out += rows[start : start + page_lines]
        out += ["", f"Страница {page} из {len(pages)}", "\f"]
    return "\n".join(out) + "\n"


def two_column_text(clean: str, *, lang: str = "ru", width: int = 46, page_lines: int = 40) -> str:
    """The act as a PDF laid out in two columns extracts it line by line: a contents of the
    chapters only (dotted leaders, page numbers, no "Статья N" lines), then each page's left
    and right column side by side on one line, lines wrapped at ``width`` characters, pages
    apart by form feeds."""
    header, body = _split_header(clean)
    chapters = [x for x in _contents(body) if not _article(x)]
    rows: list[str] = [_CONTENTS[lang].upper()]
    rows += [f"{x[: width - 14]} {'.' * 6} {3 + n}" for n, x in enumerate(chapters)]
    for line in body:
        while len(line) > width:
            cut = line.rfind(" ", 0, width)
            if cut <= 0:
                break
            rows.append(line[:cut])
            line = line[cut + 1 :]
        rows.append(line)
    out = list(header)
    for start in range(0, len(rows), 2 * page_lines):
        left = rows[start : start + page_lines]
        right = rows[start + page_lines : start + 2 * page_lines]
        right += [""] * (len(left) - len(right))
        out += [f"{a:<{width + 4}}{b}".rstrip() for a, b in zip(left, right, strict=True)]
        out.append("\f")
    return "\n".join(out) + "\n"


def _letters(text: str | None) -> str:
    """A heading compared by its letters; a repealed article's "Күчүн жоготту" / "Утратила
    силу" is its text (the importer gives it no heading)."""
    from knowledge.legal.structure import is_repealed_text

    if text and is_repealed_text(text):
        return ""
    return re.sub(r"\W+", "", (text or "").lower())


def measure(
    path: Path,
    title: str,
    expected: list[tuple[int, str, str, str]],
    genitive: str,
    n_queries: int,
    seed: int,
    lang: str = "ru",
) -> dict[str, float]:
    """Import ``path`` and check its articles, headings and lookups against ``expected``
    ((part, number, heading, chapter) of every article)."""
    from knowledge.cli_search import load_bundled_kb
    from knowledge.importer import ImportOptions, import_file
    from knowledge.search.engine import SearchEngine

    t0 = time.perf_counter()
    result = import_file(path, ImportOptions(title=title))
    import_s = time.perf_counter() - t0
    doc = result.documents[0]
    # which of two articles sharing a number is in which part cannot be known from chunks
    # sorted by number, so articles and headings are matched per number (a multiset)
    found: dict[str, list[str]] = {}
    placed: Counter[tuple[int, str, str]] = Counter()  # (part, number, heading)
    chapters: dict[tuple[int, str, str], list[str]] = {}
    for passage in doc.passages:
        if passage.article and "-part" not in passage.id:
            found.setdefault(passage.article, []).append(_letters(passage.heading))
            part = int((re.match(r"^pt(\d+)-", passage.id) or [0, "1"])[1])
            key = (part, passage.article, _letters(passage.heading))
            placed[key] += 1
            chapter = _CHAPTER_IN_PATH.search(passage.source or "")
            chapters.setdefault(key, []).append((chapter[1] or chapter[2]) if chapter else "")
    wanted: dict[str, list[str]] = {}
    for _, number, heading, _ in expected:
        wanted.setdefault(number, []).append(_letters(heading))
    wanted_placed = Counter((p, n, _letters(h)) for p, n, h, _ in expected)
    in_part = sum(min(placed[k], c) for k, c in wanted_placed.items())
    in_chapter = 0
    for part, number, heading, chapter in expected:
        got = chapters.get((part, number, _letters(heading)), [])
        if chapter in got:
            got.remove(chapter)
            in_chapter += 1
    articles = sum(min(len(found.get(n, [])), len(hs)) for n, hs in wanted.items())
    headings = sum(
        min(Counter(found.get(n, []))[h], Counter(hs)[h])
        for n, hs in wanted.items()
        for h in set(hs)
    )
    kb = load_bundled_kb().model_copy(update={"documents": [doc], "faq": []})
    engine = SearchEngine.build(kb)
    rng = random.Random(seed)
    sample = rng.sample(expected, min(n_queries, len(expected)))
    shared = {n for p, n, _, _ in expected if p > 1}
    asked = right = 0
    for part, number, _, _ in sample:
        forms = (f"Статья {number}", f"ст. {number}", f"статья {number} {genitive}")
        if lang == "ky":  # "12-берене", "12-беренеси", "Жер кодексинин 12-беренеси"
            forms = (f"{number}-берене", f"{number}-беренеси", f"{genitive} {number}-беренеси")
        for form in forms:
            res = engine.search(form, lang)
            asked += 1
            hits = [h for h in res.results if h.article == number and h.doc_id == doc.id]
            if number in shared:  # offered beside the other part's article
                ok = any((re.match(r"^pt(\d+)-", h.passage_id or "") or [0, "1"])[1] == str(part)
                         for h in hits)  # fmt: skip
            else:
                ok = res.status == "answered" and bool(res.results) and res.results[0] in hits
            right += ok
    return {
        "articles": articles,
        "headings": headings,
        "expected": len(expected),
        "asked": asked,
        "right": right,
        "in_part": in_part,
        "in_chapter": in_chapter,
        "passages": len(doc.passages),
        "import_s": import_s,
    }


def _row(name: str, res: dict[str, float]) -> str:
    exp = res["expected"]
    return (
        f"| {name} | {res['articles']} / {exp} ({res['articles'] / exp:.3f}) "
        f"| {res['headings']} / {exp} ({res['headings'] / exp:.3f}) "
        f"| {res['in_part']} / {exp} ({res['in_part'] / exp:.3f}) "
        f"| {res['in_chapter']} / {exp} ({res['in_chapter'] / exp:.3f}) "
        f"| {res['right']} / {res['asked']} ({res['right'] / max(1, res['asked']):.3f}) "
        f"| {res['passages']} | {res['import_s']:.2f} s |"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Lookup by number on messy converter output.")
    parser.add_argument("--articles", type=int, default=1300, help="part one of the long code")
    parser.add_argument("--part-two", type=int, default=300, help="part two of the long code")
    parser.add_argument("--queries", type=int, default=400, help="articles asked per file")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    rows: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        sets = []  # (name, title, genitive, clean text, expected, articles, lang)
        for source, name, title, genitive, lang in (
            (WATER, "Водный кодекс (real)", "Водный кодекс Кыргызской Республики",
             "Водного кодекса", "ru"),
            (KY_LAND, "Жер кодекси (ky fragment, tests/data)",
             "Кыргыз Республикасынын Жер кодекси", "Жер кодексинин", "ky"),
        ):  # fmt: skip
            if not source.exists():
                continue
            clean = source.read_text(encoding="utf-8")
            marks: list[str] = []
            arts = split_articles(clean, marks)
            exp = [(1, n, h, c) for (n, h, _), c in zip(arts, marks, strict=True)]
            sets.append((name, title, genitive, clean, exp, arts, lang))
        one, _ = code_text(0, args.articles, seed=args.seed, topical=True)
        two, _ = code_text(1, args.part_two, seed=args.seed, topical=True)
        marks_one: list[str] = []
        marks_two: list[str] = []
        first, second = split_articles(one, marks_one), split_articles(two, marks_two)
        body = one.split("\n", 3)[3]
        clean = one.split("\n", 3)[0] + "\n\nЧАСТЬ ПЕРВАЯ\n" + body + "\nЧАСТЬ ВТОРАЯ\n"
        clean += two.split("\n", 3)[3]
        expected = [(1, n, h, c) for (n, h, _), c in zip(first, marks_one, strict=True)]
        expected += [(2, n, h, c) for (n, h, _), c in zip(second, marks_two, strict=True)]
        sets.append(("synthetic code, 2 parts", "Земельный кодекс Кыргызской Республики",
                     "Земельного кодекса", clean, expected, first + second, "ru"))  # fmt: skip
        for name, title, genitive, clean_text, expected, articles, lang in sets:
            clean_path = Path(tmp) / "clean.txt"
            clean_path.write_text(clean_text, encoding="utf-8")
            messy_path = Path(tmp) / "messy.txt"
            messy_path.write_text(messy_text(articles, args.seed, lang=lang), encoding="utf-8")
            size = messy_path.stat().st_size / 2**20
            files = [("clean (baseline)", clean_path), (f"messy {size:.1f} MB", messy_path)]
            if len(articles) < 500 and lang == "ru":  # the chunks as "Статья N (часть): …"
                prefixed = Path(tmp) / "prefixed.txt"
                prefixed.write_text(prefixed_text(messy_path.read_text("utf-8")), "utf-8")
                files.append(("messy, 'Статья N (часть):' pieces", prefixed))
            if len(articles) < 500:  # as a PDF gives it, and as a Word file with list numbering
                pdf = Path(tmp) / "pdf.txt"
                pdf.write_text(pdf_text(clean_text, args.seed, header=title, lang=lang), "utf-8")
                files.append(("PDF text (pages, wrapped lines, footnotes)", pdf))
                try:
                    docx_path = numbered_docx(clean_text, Path(tmp) / "numbered.docx", lang)
                    files.append(("docx, Word list numbering", docx_path))
                    styled = styled_docx(clean_text, Path(tmp) / "styled.docx")
                    files.append(("docx, Word heading styles", styled))
                except ImportError:
                    pass
                page = Path(tmp) / "minjust.html"
                page.write_text(minjust_html(clean_text, lang), "utf-8")
                files.append(("minjust HTML, header lines apart, contents", page))
                rtf = Path(tmp) / "minjust.rtf"
                rtf.write_text(rtf_text(clean_text, lang), "ascii")
                files.append(("RTF with contents", rtf))
                printed = Path(tmp) / "printed.txt"
                printed.write_text(printed_pdf_text(clean_text, title=title, lang=lang), "utf-8")
                files.append(("printed PDF text, heading on next line, contents", printed))
                columns = Path(tmp) / "columns.txt"
                columns.write_text(two_column_text(clean_text, lang=lang), "utf-8")
                files.append(("PDF in two columns, contents of chapters only", columns))
            for label, path in files:
                res = measure(path, title, expected, genitive, args.queries, args.seed, lang)
                rows.append(_row(f"{name}: {label}", res))
    print("| file | articles found / expected | with heading / expected | in its part "
          "| in its chapter | lookups right / asked | passages | import |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        print(row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
