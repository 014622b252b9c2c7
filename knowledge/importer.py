"""Import laws and FAQ into the knowledge base: text, Markdown, .docx, .pdf, .rtf, .html, YAML/JSON.

Text-like files become one :class:`Document` whose passages are the articles ("Статья 13." /
"13-берене.") with their normalised number ("23-1" for 23-1, 23¹, 23.1 or a flattened 231),
their heading and their text; paragraphs before the first article (the preamble) are passages
too; parts, sections, chapters and paragraphs ("Часть первая", "Раздел I", "Глава 2", "2-глава",
"I бөлүм", "§ 1") make the passages' ``source`` path.  Files as published are cleaned first
(:mod:`knowledge.legal.cleanup`): page headers/footers, page numbers, separators, hyphenation.
Editorial notes ("(В редакции Закона КР от ...)") go to ``Document.amendments``, never into a
passage; repealed articles ("Утратила силу") are kept and marked.  Metadata (kind, title in
normal case, number, date, issuer, language) comes from the header and signature lines unless
given (:class:`ImportOptions`); :class:`ImportReport` says what was found and what was not.

A table of contents (every article heading listed without text, before or after the act) is
dropped; an appendix ("Приложение", "Тиркеме", also after a decree's points) is a division named
by its title lines ("Положение о …").  A file that cannot be structured (mostly separators or
numbers, no text, letters that are no words) is refused with the reason.

YAML/JSON files hold FAQ entries (a list, or ``{"faq": [...]}``) and/or documents in the
editable format (a mapping with ``kind``/``passages``, or ``{"documents": [...]}``).

Every problem raises :class:`knowledge.loader.KnowledgeFileError` with the file, the line when
known, and the reason; nothing is written to the database by this module.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
import re
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from knowledge.legal import metadata as meta
from knowledge.legal.cleanup import (
    CleanStats,
    clean_lines,
    repair_split_numbers,
    repair_split_words,
    split_bilingual,
    unfold_columns,
    unprefix_chunks,
)
from knowledge.legal.metadata import detect_lang, guess_date, guess_number  # noqa: F401
from knowledge.legal.readers import (
    RICH_SUFFIXES,
    TEXT_SUFFIXES,
    check_size,
    read_docx,
    read_html,
    read_pdf,
    read_rtf,
    read_text,
)
from knowledge.legal.structure import (
    Article,
    ParsedBody,
    is_point,
    is_repealed_text,
    is_structural,
    parse_body,
    split_inline,
    take_notes,
)
from knowledge.loader import (
    KnowledgeFileError,
    parse_yaml_text,
    read_text_file,
    validate_items,
    validate_one,
)
from knowledge.models import Bilingual, DocKind, DocStatus, Document, FaqEntry, Passage

DATA_SUFFIXES = (".yaml", ".yml", ".json")
SUPPORTED_SUFFIXES = (*TEXT_SUFFIXES, *RICH_SUFFIXES, *DATA_SUFFIXES)

ARTICLE_MAX_CHARS = 2500  # longer articles are split into parts at line boundaries
PARAGRAPH_MAX_CHARS = 1200
HEADER_LINES = 20  # metadata is looked for in the first lines only
PARSE_TIME_BUDGET = 60.0  # seconds for finding the articles of one file (after reading it)
UNTITLED = {"ru": "Документ без названия", "ky": "Аталышы жок документ"}

KIND_PREFIX = {
    DocKind.constitution: "constitution",
    DocKind.code: "code",
    DocKind.law: "law",
    DocKind.government_decree: "gd",
    DocKind.presidential_decree: "pd",
    DocKind.parliament_decree: "jk",
    DocKind.order: "order",
    DocKind.program: "program",
    DocKind.concept: "concept",
    DocKind.regulation: "reg",
    DocKind.draft: "draft",
    DocKind.letter: "letter",
    DocKind.organization: "org",
    DocKind.news: "news",
    DocKind.other: "doc",
}


def count(n: int, one: str, many: str | None = None) -> str:
    """ "1 article", "2 articles", "1 FAQ entry" (the operator's console, in English)."""
    return f"{n} {one if n == 1 else many or one + 's'}"


@dataclass
class ImportOptions:
    """Metadata given on the command line; ``None`` means "guess from the text"."""

    kind: DocKind | None = None
    number: str | None = None
    date: dt.date | None = None
    title: str | None = None
    lang: str | None = None
    id: str | None = None
    url: str | None = None
    aliases: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    """What the parser detected in one act, and what it could not find."""

    kind: str
    title: str
    number: str | None
    date: dt.date | None
    lang: str
    issuer: str | None
    status: str
    articles: int
    headings: int
    divisions: int
    repealed: int
    amendments: int
    passages: int
    parts: int = 1
    dropped_lines: int = 0  # separators, page numbers, running headers/footers
    empty_articles: int = 0  # article headings without any text (not imported)
    duplicates: int = 0  # repeated copies of an article dropped (chunked converter output)
    contents: int = 0  # lines of a table of contents dropped (its articles are the act's)
    in_chapters: bool = False  # articles numbered anew in each chapter
    repaired_words: int = 0  # words broken by a space joined again ("уч астников")
    repaired_numbers: int = 0  # numbers broken by a space joined again ("статьями 5 97")
    missing: list[str] = field(default_factory=list)  # "title", "number", "date", "kind", "url"
    doc_id: str = ""

    def lines(self) -> list[str]:
        date = self.date.isoformat() if self.date else "-"
        out = [
            f"  kind {self.kind}; language {self.lang}; number {self.number or '-'}; date {date}",
            f"  title: {self.title}",
            f"  issuer: {self.issuer or '-'}; status {self.status}",
            f"  {count(self.articles, 'article')} ({self.headings} with headings, "
            f"{self.repealed} repealed), "
            f"{count(self.divisions, 'chapter/section', 'chapters/sections')}"
            + (
                " (articles numbered anew in each chapter)"
                if self.in_chapters
                else f" in {self.parts} parts"
                if self.parts > 1
                else ""
            )
            + f", {count(self.amendments, 'amendment note')}, {count(self.passages, 'passage')}",
        ]
        if self.dropped_lines or self.empty_articles or self.contents:
            out.append(
                f"  cleaned: {count(self.dropped_lines, 'junk line')} dropped (separators, page "
                f"numbers, page headers/footers, footnotes); "
                f"{count(self.empty_articles, 'article heading')} without text"
                + (
                    f"; a table of contents ({count(self.contents, 'line')}) dropped"
                    if self.contents
                    else ""
                )
            )
        options = {
            "title": "--title",
            "kind": "--kind",
            "number": "--number",
            "date": "--date YYYY-MM-DD",
            "url": "--url",
        }
        if self.duplicates or self.repaired_words or self.repaired_numbers:
            repairs = [
                f"{count(self.duplicates, 'repeated copy', 'repeated copies')} of articles dropped",
                f"{count(self.repaired_words, 'word')} broken by spaces joined",
            ]
            if self.repaired_numbers:
                repairs.append(f"{count(self.repaired_numbers, 'number')} broken by spaces joined")
            out.append("  repaired: " + ", ".join(repairs))
        if self.missing:
            hints = ", ".join(options[m] for m in self.missing if m in options)
            out.append(f"  not found: {', '.join(self.missing)} (give them with {hints})")
        absent = [m for m in ("number", "date") if m in self.missing]
        if absent:
            # converter output (chunks of articles) never carries them: say what it costs
            again = " ".join(
                {"number": "--number N", "date": "--date YYYY-MM-DD"}[m] for m in absent
            )
            out.append(
                f"  WARNING: no act {' and '.join(absent)} in the file: citations will name the "
                f"act without {'them' if len(absent) > 1 else 'it'}. Import it again with "
                f"{again}"
                + (f" --id {self.doc_id}" if self.doc_id else "")
                + " to fix that"
                + (" (the same --id replaces this document)" if self.doc_id else "")
            )
        return out


@dataclass
class ImportResult:
    path: Path
    documents: list[Document] = field(default_factory=list)
    faq: list[FaqEntry] = field(default_factory=list)
    reports: list[ImportReport] = field(default_factory=list)

    def describe(self) -> str:
        parts = []
        for doc in self.documents:
            per_lang: dict[str, set[tuple[str, str | None]]] = {}
            for p in doc.passages:
                if p.article:
                    per_lang.setdefault(p.lang, set()).add((p.article, p.source))
            # the Kyrgyz and Russian texts of one file hold the same articles
            articles = max((len(found) for found in per_lang.values()), default=0)
            parts.append(
                f"document {doc.id} ({doc.kind.value}, {count(len(doc.passages), 'passage')}, "
                f"{count(articles, 'article')})"
            )
        if self.faq:
            parts.append(count(len(self.faq), "FAQ entry", "FAQ entries"))
        return f"{self.path.name}: " + ", ".join(parts)

    def details(self) -> list[str]:
        return [line for report in self.reports for line in report.lines()]


# -- small helpers ------------------------------------------------------------------------------

_TRANSLIT = str.maketrans(
    {
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
        "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "ң": "ng",
        "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ү": "u",
        "ф": "f", "х": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sch", "ъ": "", "ы": "y",
        "ь": "", "э": "e", "ю": "yu", "я": "ya",
    }
)  # fmt: skip


def slugify(text: str, *, max_len: int = 60) -> str:
    """An id-safe slug (``[a-z0-9][a-z0-9_.-]*``) with Cyrillic transliterated."""
    value = text.lower().translate(_TRANSLIT)
    value = re.sub(r"[^a-z0-9]+", "-", value).strip("-")
    value = value[:max_len].rstrip("-")
    return value or "doc"


def document_id(kind: DocKind, number: str | None, date: dt.date | None, fallback: str) -> str:
    """Stable id: ``<kind>-<number>-<date>`` when known, else the slug of ``fallback``.

    The Kyrgyz and Russian texts of one act get the same id, so they end up as one document.
    """
    prefix = KIND_PREFIX.get(kind, "doc")
    if number:
        parts = [prefix, slugify(number, max_len=30)]
        if date:
            parts.append(date.isoformat())
        return "-".join(parts)
    if kind is DocKind.constitution and date:
        # no number: its date (of the referendum) names it, so that its Kyrgyz and Russian
        # texts, and a second import under another file name, are one document
        return f"{prefix}-{date.isoformat()}"
    return slugify(fallback)


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_date(value: str) -> dt.date:
    """``YYYY-MM-DD`` (or ``DD.MM.YYYY`` in files); raises ValueError."""
    value = value.strip()
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"invalid date {value!r}: use YYYY-MM-DD")


def parse_iso_date(value: str) -> dt.date:
    """Strict ``YYYY-MM-DD`` (command-line options); raises ValueError."""
    value = value.strip()
    if not _ISO_DATE.match(value):
        raise ValueError(f"invalid date {value!r}: use YYYY-MM-DD, e.g. 2005-01-12")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"invalid date {value!r}: no such day (use YYYY-MM-DD)") from None


def _paragraphs(lines: Sequence[str]) -> list[str]:
    """Paragraphs of a block: blank-line separated blocks; hard-wrapped lines are re-joined."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            blocks[-1].append(line.strip())
        elif blocks[-1]:
            blocks.append([])
    return [" ".join(b) if _looks_wrapped(b) else "\n".join(b) for b in blocks if b]


def _looks_wrapped(block: Sequence[str]) -> bool:
    """Lines of one paragraph broken at a fixed width (rather than separate items/sentences)."""
    if len(block) < 2:
        return False
    if any(is_point(line) or " | " in line for line in block[1:]):
        return False  # points, or the rows of a table
    ends_sentence = sum(line.rstrip().endswith((".", ";", ":", "!", "?")) for line in block[:-1])
    return ends_sentence * 2 < len(block) - 1


def _split_long(text: str, limit: int) -> list[str]:
    """Split at line boundaries (then sentence boundaries) into chunks of at most ``limit``."""
    if len(text) <= limit:
        return [text]
    pieces: list[str] = []
    for line in text.split("\n"):
        if len(line) <= limit:
            pieces.append(line)
            continue
        pieces.extend(re.split(r"(?<=[.!?;])\s+", line))
    chunks: list[str] = []
    current = ""
    for piece in pieces:
        candidate = f"{current}\n{piece}" if current else piece
        if current and len(candidate) > limit:
            chunks.append(current)
            current = piece
        else:
            current = candidate
    if current:
        chunks.append(current)
    return chunks


_JUNK_TEXT = re.compile(r"^[\W\d_]*$")


def _is_junk(text: str) -> bool:
    """Only digits, punctuation and separators ("45", "=====", "- 3 -")."""
    return bool(_JUNK_TEXT.match(text))


_SIGNATURE = re.compile(
    r"^(президент|председател\w*|торага\w*|премьер-министр\w*|руководител\w*|министр\b"
    r"|кыргыз\s+республикасынын\s+президенти|г\.\s*бишкек|бишкек\s+шаары|м\.\s*п\.)",
    re.IGNORECASE,
)
_SIGNATURE_META = re.compile(
    r"^(?:г\.|город|бишкек|ош\b|принят|одобрен|кабыл|от\s|№|n\s?\d|\d{1,2}\s+[а-я]+\s+\d{4}"
    r"|\d{1,2}\.\d{1,2}\.\d{4}|\d{4}\s*-\s*ж)",
    re.IGNORECASE,
)
# a signature as one paragraph: "Председатель Кабинета Министров Кыргызской Республики А.Жапаров"
_SIGNED = re.compile(
    r"^(?i:президент|председател\w*|премьер-министр\w*|торага\w*|руководител\w*|министр\b"
    r"|кыргыз\s+республикасынын\s+(?:президенти|министрлер\s+кабинетинин\s+төрагасы"
    r"|жогорку\s+кеңешинин\s+төрагасы))[^.;:]{0,150}?\s"
    r"(?:[А-ЯӨҮҢ]\.\s?){1,2}[А-ЯӨҮҢ][а-яөүң]+(?:-[А-ЯӨҮҢ][а-яөүң]+)?$"
)
_INITIALS = re.compile(r"^[А-ЯӨҮҢA-Z]\.\s?(?:[А-ЯӨҮҢA-Z]\.\s?)?[А-ЯӨҮҢA-Z][а-яөүңa-z-]+$")


# a saved web page's footer: "© 2024 Министерство юстиции …. Все права защищены."
_SITE_LINE = re.compile(r"^(?:©|\(c\)\s)|все\s+права\s+защищены|бардык\s+укуктар\s+корголгон", re.I)


def _is_trailer_line(line: str) -> bool:
    """Signature, place and date lines after the last article."""
    if not line:
        return True
    if _SIGNATURE.match(line) or _INITIALS.match(line) or _SITE_LINE.search(line):
        return True
    if len(line) < 100 and _SIGNATURE_META.match(line) and meta.is_meta_line(line):
        return True
    return (
        len(line) < 60
        and not line.endswith((".", ";", ":"))
        and not is_point(line)
        and not line.startswith("(")
    )


def _cut_trailer(body: list[str]) -> list[str]:
    """Remove the signature block from the end of ``body``; returns the removed lines."""
    cut = len(body)
    first_text = next((i for i, line in enumerate(body) if line), len(body))
    while cut - 1 > first_text and _is_trailer_line(body[cut - 1]):
        cut -= 1
    trailer = body[cut:]
    if not any(
        _SIGNATURE.match(line) or meta.is_meta_line(line) or _SITE_LINE.search(line)
        for line in trailer
        if line
    ):
        # No signature: only drop blank lines, keep short real text lines.
        while len(body) > first_text + 1 and not body[-1]:
            body.pop()
        return []
    del body[cut:]
    return [line for line in trailer if line]


def _is_header_line(line: str, title_words: set[str]) -> bool:
    """Is this a line of the act's heading block (kind, title, date, number, place)?"""
    if meta.is_meta_line(line):
        return True
    if meta.guess_kind([line])[0] is not DocKind.other and len(line) < 120:
        return True
    words = set(re.findall(r"\w+", line.lower()))
    if title_words and words and len(words & title_words) >= max(1, len(words) * 2 // 3):
        return True
    return meta.is_mostly_upper(line) and len(line) < 120


@functools.lru_cache(maxsize=4096)
def _label(text: str) -> str:
    return meta.normal_case(text) if meta.is_mostly_upper(text) else text


def _part_label(part: int, lang: str) -> str:
    return f"{part}-бөлүк" if lang == "ky" else f"Часть {part}"


def _article_label(number: str, lang: str) -> str:
    return f"{number}-берене" if lang == "ky" else f"Статья {number}"


# -- the act ------------------------------------------------------------------------------------


def _title_of(
    kind: DocKind,
    kind_index: int | None,
    header: list[str],
    number: str | None,
    date: dt.date | None,
    lang: str,
) -> str | None:
    named_kinds = (
        DocKind.code,
        DocKind.constitution,
        DocKind.regulation,
        DocKind.program,
        DocKind.concept,
        DocKind.letter,
    )
    if kind in named_kinds and kind_index is not None:
        return meta.named_act_title(header, kind_index)
    name = meta.guess_name(header)
    if name:
        issuer = meta.guess_issuer(header[:6])
        return meta.compose_title(kind, name, number, date, lang, issuer)
    if kind_index is not None:
        return meta.named_act_title(header, kind_index)
    for line in header:
        if meta.is_meta_line(line) or is_structural(line) or len(line.split()) < 2:
            continue
        if len(line) <= 300 and not _is_junk(line):
            return _label(line)
    return None


def parse_act(text: str, *, path: Path, options: ImportOptions) -> tuple[Document, ImportReport]:
    """Turn the text of a law (or any act) into a Document with article passages."""
    started = time.monotonic()

    def check_time(where: str) -> None:
        if time.monotonic() - started > PARSE_TIME_BUDGET:
            raise KnowledgeFileError(
                path,
                None,
                None,
                f"finding the articles took over {PARSE_TIME_BUDGET:.0f} s ({where}); refused —"
                " is it really one act?",
            )

    stats = CleanStats()
    columns = unfold_columns(text)  # a page in two columns: the left one, then the right
    if columns:
        text, stats.columns = columns
    lines = clean_lines(text, stats)
    if not any(lines):
        raise KnowledgeFileError(path, None, None, "the file contains no text")
    lines = unprefix_chunks(lines)
    repaired = repair_split_words(lines)
    parsed = parse_body(lines)
    # the title and header lines without Markdown's marks (a Word file's Title and Heading
    # styles are read as "# ВОДНЫЙ КОДЕКС …", a .md file writes them so)
    parsed.header = [_MD_MARKS.sub("", line).strip() for line in parsed.header]
    repaired_numbers = _repair_numbers(parsed)
    check_time("after the structure")

    header_all = [line for line in parsed.header if line]
    header_kept, header_notes = take_notes(header_all)
    header = header_kept[:HEADER_LINES]

    articles = parsed.articles
    trailer: list[str] = []
    if articles:
        trailer = _cut_trailer(articles[-1].body)

    lang = options.lang or detect_lang(text)
    kind, kind_index = meta.guess_kind(header[:15])
    if options.kind:
        kind = options.kind
    elif kind is DocKind.other and options.title:
        kind = meta.guess_kind([options.title])[0]  # --title "Водный кодекс …" names a code
    number, date = meta.number_and_date(header, trailer)
    number = options.number or number
    date = options.date or date
    title = options.title or _title_of(kind, kind_index, header, number, date, lang)

    # Preamble: lines before the body that are not the header's metadata/title lines.
    title_words = set(re.findall(r"\w+", (title or "").lower()))
    preamble_lines: list[str] = []
    consumed_header = True
    # a saved web page's menu lines above the act's kind line ("ЗАКОН КЫРГЫЗСКОЙ РЕСПУБЛИКИ")
    # are not the act's text
    start = 0
    if kind_index is not None:
        kind_line = header[kind_index]
        start = next((i for i, x in enumerate(parsed.header) if x == kind_line), 0)
        if any(len(x) >= 100 for x in parsed.header[:start]):
            start = 0
    for line in parsed.header[start:]:
        if not line:
            preamble_lines.append("")
            continue
        if consumed_header and _is_header_line(line, title_words):
            continue
        consumed_header = False
        preamble_lines.append(line)
    preamble_lines, more_notes = take_notes(preamble_lines)
    header_notes += more_notes

    sfx = "-ru" if lang == "ru" else ""
    passages: list[Passage] = []
    used: set[str] = set()
    for index, paragraph in enumerate(_paragraphs(preamble_lines), start=1):
        if _is_junk(paragraph) or _SIGNED.match(" ".join(paragraph.split())):
            continue
        for part_no, part in enumerate(_split_long(paragraph, PARAGRAPH_MAX_CHARS), start=1):
            pid = (f"p{index}" if part_no == 1 else f"p{index}-{part_no}") + sfx
            used.add(pid)
            passages.append(Passage(id=pid, lang=lang, text=part))

    # Text under divisions outside any article (and appendices): runs of lines per division.
    runs: list[tuple[int, tuple[str, ...], list[str]]] = []
    for where, line, index in parsed.loose:
        if runs and runs[-1][1] == where:
            runs[-1][2].append(line)
        else:
            runs.append((index, where, [line]))
    placed: list[tuple[int, Passage]] = []  # (line index, passage): text order after preamble
    for index, where, group in runs:
        group, notes = take_notes(group)
        header_notes += notes
        source = " › ".join(_label(x) for x in where) or None
        for paragraph in _paragraphs(group):
            if _is_junk(paragraph) or _SIGNED.match(" ".join(paragraph.split())):
                continue
            for part in _split_long(paragraph, PARAGRAPH_MAX_CHARS):
                n = len(used) + 1
                while f"p{n}{sfx}" in used:
                    n += 1
                used.add(f"p{n}{sfx}")
                passage = Passage(id=f"p{n}{sfx}", lang=lang, text=part, source=source)
                placed.append((index, passage))

    parts = max((a.part for a in articles), default=1)
    article_notes: list[str] = []
    empty = repealed = headings = 0
    seen_articles: set[tuple[int, str]] = set()
    counters: dict[str, int] = {}
    for count, article in enumerate(articles):
        if count % 256 == 0:
            check_time(f"at article {count + 1} of {len(articles)}")
        made = _article_passages(
            article, lang, sfx, parts, used, article_notes, counters, parsed.in_chapters
        )
        if not made:
            empty += 1
            continue
        seen_articles.add((article.part, article.number))
        headings += bool(made[0].heading)
        repealed += made[0].repealed
        placed.extend((article.line - 1, p) for p in made)
    placed.sort(key=lambda item: item[0])  # stable: an article's parts stay in order
    passages.extend(p for _, p in placed)

    if articles and not seen_articles:
        raise KnowledgeFileError(
            path, None, None, "article headings were found but no article has any text"
        )
    _refuse_junk(path, text, lines, passages, bool(articles))

    missing = []
    if not title:
        missing.append("title")
        title = UNTITLED[lang]
    if kind is DocKind.other:
        missing.append("kind")
    for name, value in (("number", number), ("date", date), ("url", options.url)):
        if not value and not (name == "number" and kind is DocKind.constitution):
            missing.append(name)  # (a constitution, adopted by referendum, has no number)

    amendments = list(dict.fromkeys(header_notes + article_notes))
    status = DocStatus.unknown
    if any(is_repealed_text(n.strip("() ")) for n in header_notes):
        status = DocStatus.repealed
    elif amendments:
        status = DocStatus.amended
    issuer = meta.issuer_for(kind, header)
    doc_id = options.id or document_id(kind, number, date, path.stem)
    try:
        document = Document(
            id=doc_id,
            kind=kind,
            number=number,
            date=date,
            issuer=issuer,
            title=Bilingual(**{lang: title}),
            status=status,
            source_url=options.url,
            aliases=list(dict.fromkeys(a.strip() for a in options.aliases if a.strip())),
            amendments=amendments,
            passages=passages,
        )
    except ValueError as err:
        raise KnowledgeFileError(path, None, None, f"cannot build a document: {err}") from None
    report = ImportReport(
        kind=kind.value,
        title=title,
        number=number,
        date=date,
        lang=lang,
        issuer=issuer.get(lang) if issuer else None,
        status=status.value,
        articles=len(seen_articles),
        headings=headings,
        divisions=len(parsed.divisions),
        repealed=repealed,
        amendments=len(amendments),
        passages=len(passages),
        parts=parts,
        dropped_lines=stats.separators
        + stats.page_numbers
        + stats.running_lines
        + stats.footnotes
        + stats.contents,
        empty_articles=empty,
        duplicates=parsed.duplicates,
        contents=parsed.contents,
        in_chapters=parsed.in_chapters,
        repaired_words=repaired,
        repaired_numbers=repaired_numbers,
        missing=missing,
        doc_id=doc_id,
    )
    return document, report


def _repair_numbers(parsed: ParsedBody) -> int:
    """Join the numbers a space broke in the act's text ("статьями 595 и 5 97", "№ 2 07"),
    knowing its article numbers (see :func:`repair_split_numbers`); returns how many."""
    numbers = {a.number for a in parsed.articles}
    repaired = repair_split_numbers(parsed.header, numbers)
    for article in parsed.articles:
        repaired += repair_split_numbers(article.body, numbers)
        if article.heading:
            heading = [article.heading]
            repaired += repair_split_numbers(heading, numbers)
            article.heading = heading[0]
    loose = [line for _, line, _ in parsed.loose]
    repaired += repair_split_numbers(loose, numbers)
    parsed.loose = [(w, line, i) for (w, _, i), line in zip(parsed.loose, loose, strict=True)]
    return repaired


def build_document(text: str, *, path: Path, options: ImportOptions) -> Document:
    return parse_act(text, path=path, options=options)[0]


def _article_passages(
    article: Article,
    lang: str,
    sfx: str,
    parts: int,
    used: set[str],
    notes_out: list[str],
    counters: dict[str, int],
    in_chapters: bool = False,
) -> list[Passage]:
    body, notes = take_notes(article.body)
    label = _article_label(article.number, lang)
    notes_out.extend(f"{label}: {note}" for note in notes)
    heading = article.heading
    if heading and meta.is_mostly_upper(heading):
        heading = meta.normal_case(heading)
    repealed = False
    if heading and is_repealed_text(heading):
        repealed = True
        if not any(body):
            # "Күчүн жоготту (КР 2013-жылдын … № 180 Мыйзамына ылайык)": the note is history
            body, more = take_notes(split_inline(heading))
            notes_out.extend(f"{label}: {note}" for note in more)
            heading = None
    text = "\n".join(p for p in _paragraphs(body) if not _is_junk(p)).strip()
    if not text:
        return []
    if is_repealed_text(text):
        repealed = True
    where = [_label(x) for x in article.path]
    if (
        parts > 1
        and not in_chapters
        and not any(re.match(r"(?i)^(часть|\S+\s+бөлүк|\d+-бөлүк)", w) for w in where)
    ):
        where.insert(0, _part_label(article.part, lang))
    source = " › ".join(where) or None
    base = "a" + slugify(article.number, max_len=20).replace("-", ".")
    if parts > 1 and (article.part > 1 or in_chapters):  # pt1-a3: chapter 1's article 3
        base = f"pt{article.part}-{base}"
    # base, base-2, base-3 …: the first free id.  ``counters`` remembers where the search for a
    # base stopped (ids are never freed), so 8,000 articles numbered alike stay linear.
    n = counters.get(base + sfx, 1)
    pid = base if n == 1 else f"{base}-{n}"
    while pid + sfx in used:
        n += 1
        pid = f"{base}-{n}"
    counters[base + sfx] = n
    out = []
    for part_no, chunk in enumerate(_split_long(text, ARTICLE_MAX_CHARS), start=1):
        part_id = (pid if part_no == 1 else f"{pid}-part{part_no}") + sfx
        used.add(part_id)
        out.append(
            Passage(
                id=part_id,
                lang=lang,
                article=article.number,
                heading=heading,
                text=chunk,
                source=source,
                repealed=repealed,
            )
        )
    return out


_SPACES = re.compile(r"\s+")
# a word as acts write it (with the punctuation around it), a number or a date
_WORD_TOKEN = re.compile(
    r"^[«\"“(\[]*(?:[а-яёөүң]+(?:-[а-яёөүң]+)*|[a-z]+(?:-[a-z]+)*|[№§]|[-–—]"
    r"|\d+(?:[.,:/-]\d+)*(?:-[а-яёөүң]+)?)[»\"”)\]]*[.,;:!?]*[»\"”)\]]*$",
    re.IGNORECASE,
)
_MD_MARKS = re.compile(r"^#{1,6}\s+|^(?:\*\*|__)(?=\S)|(?<=\S)(?:\*\*|__)$")
_LETTERS = re.compile(r"[^\W\d_]+")


def _refuse_junk(
    path: Path, text: str, lines: list[str], passages: list[Passage], has_articles: bool
) -> None:
    """Refuse text the parser cannot structure instead of importing it as garbage."""
    sample = text[:500000]
    visible = len(_SPACES.sub("", sample))
    letters = visible - len(_LETTERS.sub("", sample)) + (len(sample) - visible)
    if visible and letters < 0.5 * visible:
        raise KnowledgeFileError(
            path,
            None,
            None,
            f"cannot structure the text: only {100 * letters // visible} % of it are "
            "letters (mostly separators, numbers or symbols); check the file or convert it again",
        )
    words = sum(len(p.text.split()) for p in passages)
    tokens = [t for p in passages[:400] for t in p.text.split()][:20000]
    if len(tokens) >= 50:
        clean = sum(1 for t in tokens if _WORD_TOKEN.match(t))
        if clean < 0.5 * len(tokens):
            # letters, but not words: a scan's bad text recognition, a wrong encoding
            raise KnowledgeFileError(
                path,
                None,
                None,
                f"cannot structure the text: only {100 * clean // len(tokens)} % of it are "
                "words (letters mixed with signs and digits, or a wrong encoding: a scan's "
                "text recognition?); check the file or convert it again",
            )
    if not passages or (not has_articles and words < 5):
        raise KnowledgeFileError(
            path,
            None,
            None,
            "cannot structure the text: no articles ('Статья 1.', '1-берене.') and no "
            "paragraphs of text were found; nothing to import",
        )
    raw_lines = sum(1 for line in text.splitlines() if line.strip())
    kept = sum(1 for line in lines if line)
    if not has_articles and raw_lines >= 20 and kept < 0.2 * raw_lines:
        raise KnowledgeFileError(
            path,
            None,
            None,
            f"cannot structure the text: {raw_lines - kept} of {raw_lines} lines are page "
            "numbers, separators or repeated page headers, and no articles were found",
        )


def merge_documents(existing: Document, new: Document) -> Document:
    """Combine two texts of one act: ``new`` replaces the passages of its language(s) only.

    Re-importing the Russian text of a law keeps its Kyrgyz passages (and vice versa); metadata
    given by ``new`` wins, the rest (summary, keywords, related, the other title, aliases,
    amendment notes) is kept.
    """
    langs = {p.lang for p in new.passages}
    kept = [p for p in existing.passages if p.lang not in langs]
    new_ids = {p.id for p in new.passages}
    if any(p.id in new_ids for p in kept):
        return new  # ids collide: cannot keep both, the new text replaces the old one
    title = existing.title.model_copy(update={k: v for k, v in new.title.model_dump().items() if v})
    issuer = existing.issuer or new.issuer
    if existing.issuer and new.issuer:
        issuer = existing.issuer.model_copy(
            update={k: v for k, v in new.issuer.model_dump().items() if v}
        )
    order = {"ky": 0, "ru": 1}
    passages = sorted(
        [*kept, *new.passages], key=lambda p: order.get(p.lang, 2)
    )  # stable: keeps each language's own order
    return existing.model_copy(
        update={
            "kind": new.kind,
            "number": new.number or existing.number,
            "date": new.date or existing.date,
            "title": title,
            "issuer": issuer,
            "status": new.status if new.status is not DocStatus.unknown else existing.status,
            "source_url": new.source_url or existing.source_url,
            "source": new.source or existing.source,
            "aliases": list(dict.fromkeys([*existing.aliases, *new.aliases])),
            "amendments": list(dict.fromkeys([*existing.amendments, *new.amendments])),
            "passages": passages,
        }
    )


def merge_by_id(documents: Iterable[Document]) -> list[Document]:
    """Merge documents of one import that share an id (e.g. the ky and ru texts of a law)."""
    merged: dict[str, Document] = {}
    for doc in documents:
        merged[doc.id] = merge_documents(merged[doc.id], doc) if doc.id in merged else doc
    return list(merged.values())


# -- files --------------------------------------------------------------------------------------


def read_act(path: Path) -> str:
    """The text of a law file of any supported text-like format (bounded in size and time)."""
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return read_text(path)
    if suffix == ".docx":
        return read_docx(path, is_structural=is_structural)
    if suffix == ".pdf":
        return read_pdf(path)
    if suffix == ".rtf":
        return read_rtf(path)
    if suffix in (".html", ".htm"):
        return read_html(path)
    supported = ", ".join(SUPPORTED_SUFFIXES)
    raise KnowledgeFileError(
        path, None, None, f"unsupported file type {suffix or '(none)'}; use {supported}"
    )


def _parse_data_file(path: Path) -> tuple[Any, str]:
    text = read_text_file(path)
    if path.suffix.lower() == ".json":
        try:
            return json.loads(text), text
        except json.JSONDecodeError as err:
            raise KnowledgeFileError(path, err.lineno, None, f"JSON error: {err.msg}") from None
    return parse_yaml_text(text, path), text


def _looks_like_document(item: Any) -> bool:
    return (
        isinstance(item, dict)
        and "questions" not in item
        and ("passages" in item or "kind" in item)
    )


def import_data_file(path: Path) -> ImportResult:
    """FAQ entries and/or documents from a YAML or JSON file."""
    data, text = _parse_data_file(path)
    result = ImportResult(path)
    if data is None:
        raise KnowledgeFileError(path, 1, None, "the file is empty")
    if isinstance(data, list):
        if data and all(_looks_like_document(item) for item in data):
            result.documents = validate_items(Document, data, file=path, text=text)
        else:
            result.faq = validate_items(FaqEntry, data, file=path, text=text)
    elif isinstance(data, dict):
        known = {"faq", "documents"}
        if known & data.keys():
            unknown = set(data) - known - {"glossary"}
            if unknown:
                raise KnowledgeFileError(
                    path, 1, sorted(unknown)[0], "unknown top-level key (use faq/documents)"
                )
            if "faq" in data:
                result.faq = validate_items(
                    FaqEntry, data["faq"], file=path, text=text, base=("faq",)
                )
            if "documents" in data:
                result.documents = validate_items(
                    Document, data["documents"], file=path, text=text, base=("documents",)
                )
        elif "questions" in data:
            result.faq = [validate_one(FaqEntry, data, file=path, text=text)]
        else:
            result.documents = [validate_one(Document, data, file=path, text=text)]
    else:
        raise KnowledgeFileError(path, 1, None, "expected a list of FAQ entries or a mapping")
    _check_unique(path, text, result)
    if not result.faq and not result.documents:
        raise KnowledgeFileError(path, 1, None, "nothing to import")
    return result


def _check_unique(path: Path, text: str, result: ImportResult) -> None:
    for label, items in (("FAQ", result.faq), ("document", result.documents)):
        seen: set[str] = set()
        for item in items:
            if item.id in seen:
                line = next(
                    (
                        n
                        for n, ln in enumerate(text.splitlines(), 1)
                        if item.id in ln and "id" in ln
                    ),
                    None,
                )
                raise KnowledgeFileError(path, line, "id", f"duplicate {label} id {item.id!r}")
            seen.add(item.id)


def import_file(path: Path, options: ImportOptions | None = None) -> ImportResult:
    """Parse one file into documents/FAQ; raises KnowledgeFileError on any problem."""
    path = Path(path)
    options = options or ImportOptions()
    if not path.exists():
        raise KnowledgeFileError(path, None, None, "no such file")
    if path.is_dir():
        raise KnowledgeFileError(path, None, None, "is a directory; give the files to import")
    suffix = path.suffix.lower()
    if suffix in DATA_SUFFIXES:
        check_size(path)
        return import_data_file(path)
    text = read_act(path)
    streams = split_bilingual(text) if options.lang is None else None
    if streams:
        return _import_bilingual(path, streams, options)
    document, report = parse_act(text, path=path, options=options)
    return ImportResult(path, documents=[document], reports=[report])


def _import_bilingual(path: Path, streams: dict[str, str], options: ImportOptions) -> ImportResult:
    """A file holding the Kyrgyz and the Russian text (two columns): each text is parsed as
    its own, both become one document (the id, number and date of the text that has them)."""
    parsed = [
        parse_act(text, path=path, options=dataclasses.replace(options, lang=lang))
        for lang, text in streams.items()
    ]
    primary = max(parsed, key=lambda item: (bool(item[0].number), bool(item[0].date)))[0]
    documents = []
    for document, report in parsed:
        update = {"id": primary.id, "number": document.number or primary.number}
        update["date"] = document.date or primary.date
        documents.append(document.model_copy(update=update))
        report.doc_id = primary.id
        report.missing = [m for m in report.missing if not (m in ("number", "date")
                                                           and update[m])]  # fmt: skip
    return ImportResult(path, documents=merge_by_id(documents), reports=[r for _, r in parsed])


def import_files(paths: Iterable[Path], options: ImportOptions | None = None) -> list[ImportResult]:
    """Parse every file first (all or nothing); duplicate ids across files are rejected."""
    results = [import_file(Path(p), options) for p in paths]
    seen: dict[str, Path] = {}
    for result in results:
        for item in (*result.documents, *result.faq):
            key = f"{type(item).__name__}:{item.id}"
            if isinstance(item, Document):
                key += ":" + ",".join(sorted({p.lang for p in item.passages}))
            if key in seen:
                raise KnowledgeFileError(
                    result.path, None, "id", f"{item.id!r} is also imported from {seen[key].name}"
                )
            seen[key] = result.path
    return results


def iter_items(results: Iterable[ImportResult]) -> Iterator[Document | FaqEntry]:
    for result in results:
        yield from result.documents
        yield from result.faq
