"""Import laws and FAQ into the knowledge base: plain text, Markdown, .docx, .pdf, YAML/JSON.

Text-like files (``.txt``, ``.md``, ``.docx``, ``.pdf``) become one :class:`Document` whose
passages are the articles ("Статья 13." / "13-берене.") with their number and heading; paragraphs
before the first article (the preamble) are passages too, and chapters/sections ("Глава 2",
"2-глава", "Раздел I", "I бөлүм", Markdown headings) are recorded as the passages' ``source``.
Metadata (kind, number, date, title, language) is guessed from the first lines unless given.

YAML/JSON files hold FAQ entries (a list, or ``{"faq": [...]}``) and/or documents in the
editable format (a mapping with ``kind``/``passages``, or ``{"documents": [...]}``).

Every problem raises :class:`knowledge.loader.KnowledgeFileError` with the file, the line when
known, and the reason; nothing is written to the database by this module.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from knowledge.loader import (
    KnowledgeFileError,
    parse_yaml_text,
    read_text_file,
    validate_items,
    validate_one,
)
from knowledge.models import DocKind, Document, FaqEntry, Passage

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
DATA_SUFFIXES = (".yaml", ".yml", ".json")
SUPPORTED_SUFFIXES = (*TEXT_SUFFIXES, ".docx", ".pdf", *DATA_SUFFIXES)

ARTICLE_MAX_CHARS = 2500  # longer articles are split into parts at line boundaries
PARAGRAPH_MAX_CHARS = 1200
HEADER_LINES = 20  # metadata is looked for in the first lines only

KIND_PREFIX = {
    DocKind.law: "law",
    DocKind.government_decree: "gd",
    DocKind.presidential_decree: "pd",
    DocKind.parliament_decree: "jk",
    DocKind.order: "order",
    DocKind.program: "program",
    DocKind.concept: "concept",
    DocKind.regulation: "reg",
    DocKind.organization: "org",
    DocKind.news: "news",
    DocKind.other: "doc",
}


@dataclass
class ImportOptions:
    """Metadata given on the command line; ``None`` means "guess from the text"."""

    kind: DocKind | None = None
    number: str | None = None
    date: dt.date | None = None
    title: str | None = None
    lang: str | None = None
    id: str | None = None


@dataclass
class ImportResult:
    path: Path
    documents: list[Document] = field(default_factory=list)
    faq: list[FaqEntry] = field(default_factory=list)

    def describe(self) -> str:
        parts = []
        for doc in self.documents:
            articles = len({p.article for p in doc.passages if p.article})
            parts.append(
                f"document {doc.id} ({doc.kind.value}, {len(doc.passages)} passages, "
                f"{articles} articles)"
            )
        if self.faq:
            parts.append(f"{len(self.faq)} FAQ entries")
        return f"{self.path.name}: " + ", ".join(parts)


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
    """Stable id: ``<kind>-<number>-<date>`` when known, else the slug of ``fallback``."""
    prefix = KIND_PREFIX.get(kind, "doc")
    if number:
        parts = [prefix, slugify(number, max_len=30)]
        if date:
            parts.append(date.isoformat())
        return "-".join(parts)
    return slugify(fallback)


def parse_date(value: str) -> dt.date:
    """``YYYY-MM-DD`` or ``DD.MM.YYYY``; raises ValueError."""
    value = value.strip()
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"invalid date {value!r}: use YYYY-MM-DD or DD.MM.YYYY")


_KY_LETTERS = set("өүңӨҮҢ")
_KY_WORDS = re.compile(
    r"\b(жана|жөнүндө|боюнча|берене|беренеси|мыйзам\w*|токтом\w*|үчүн|менен|тарабынан)\b",
    re.IGNORECASE,
)
_RU_WORDS = re.compile(
    r"\b(и|в|на|по|от|для|статья|закон\w*|постановлени\w*|которые|является)\b", re.IGNORECASE
)


def detect_lang(text: str) -> str:
    """``ky`` or ``ru`` from letters and frequent words (Kyrgyz typed without ө/ү/ң too)."""
    sample = text[:20000]
    ky = sum(ch in _KY_LETTERS for ch in sample) + 3 * len(_KY_WORDS.findall(sample))
    ru = 3 * len(_RU_WORDS.findall(sample))
    return "ky" if ky > ru else "ru"


# -- metadata guessing --------------------------------------------------------------------------

_RU_MONTHS = {
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7,
    "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
}  # fmt: skip
_KY_MONTHS = {
    "январ": 1, "феврал": 2, "март": 3, "апрел": 4, "май": 5, "июн": 6, "июл": 7,
    "август": 8, "сентябр": 9, "октябр": 10, "ноябр": 11, "декабр": 12,
}  # fmt: skip
_KY_MONTH_DAGY = {
    1: "январындагы", 2: "февралындагы", 3: "мартындагы", 4: "апрелиндеги", 5: "майындагы",
    6: "июнундагы", 7: "июлундагы", 8: "августундагы", 9: "сентябрындагы", 10: "октябрындагы",
    11: "ноябрындагы", 12: "декабрындагы",
}  # fmt: skip
_RU_DATE = re.compile(
    r"\b(\d{1,2})\s+(" + "|".join(_RU_MONTHS) + r")\s+(\d{4})\s*(?:года|г\.?)?", re.IGNORECASE
)
_KY_DATE = re.compile(
    r"\b(\d{4})\s*-?\s*жыл\w*\s+(\d{1,2})\s*-\s*(" + "|".join(_KY_MONTHS) + r")\w*",
    re.IGNORECASE,
)
_NUM_DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")
_NUMBER = re.compile(r"(?:№|N)\s*([0-9]+(?:[-/][0-9A-Za-zА-Яа-яIVX]+)*)")

_KIND_PATTERNS: list[tuple[re.Pattern[str], DocKind]] = [
    (re.compile(r"постановлени\w*\s+жогорку\s+кенеш", re.I), DocKind.parliament_decree),
    (re.compile(r"жогорку\s+ке[ңн]еш\w*\s+токтому", re.I), DocKind.parliament_decree),
    (re.compile(r"указ\s+президента", re.I), DocKind.presidential_decree),
    (re.compile(r"жарлыгы|\bжарлык\b", re.I), DocKind.presidential_decree),
    (re.compile(r"постановлени\w*\s+(правительства|кабинета)", re.I), DocKind.government_decree),
    (re.compile(r"(өкмөтүнүн|окмотунун|кабинетинин)\s+токтому", re.I), DocKind.government_decree),
    (re.compile(r"^\s*(закон|кодекс)\b|\bзакон\s+кыргызской", re.I), DocKind.law),
    (re.compile(r"\bмыйзам(ы)?\b|\bкодекси\b", re.I), DocKind.law),
    (re.compile(r"^\s*(приказ|буйру[кг])", re.I), DocKind.order),
    (re.compile(r"^\s*(положение|порядок|регламент|жобо|тартиби?)\b", re.I), DocKind.regulation),
    (re.compile(r"^\s*программа\b|\bпрограммасы\b", re.I), DocKind.program),
    (re.compile(r"^\s*концепци", re.I), DocKind.concept),
]

_KIND_TITLE = {
    "ru": {
        DocKind.law: "Закон Кыргызской Республики",
        DocKind.government_decree: "Постановление",
        DocKind.presidential_decree: "Указ Президента Кыргызской Республики",
        DocKind.parliament_decree: "Постановление Жогорку Кенеша Кыргызской Республики",
        DocKind.order: "Приказ",
    },
    "ky": {
        DocKind.law: "Кыргыз Республикасынын Мыйзамы",
        DocKind.government_decree: "токтому",
        DocKind.presidential_decree: "Кыргыз Республикасынын Президентинин Жарлыгы",
        DocKind.parliament_decree: "Кыргыз Республикасынын Жогорку Кеңешинин токтому",
        DocKind.order: "буйругу",
    },
}


def guess_kind(lines: Sequence[str]) -> DocKind:
    for line in lines:
        for pattern, kind in _KIND_PATTERNS:
            if pattern.search(line):
                return kind
    return DocKind.other


def guess_date(text: str) -> dt.date | None:
    candidates: list[tuple[int, dt.date]] = []
    for match in _RU_DATE.finditer(text):
        day, month, year = int(match[1]), _RU_MONTHS[match[2].lower()], int(match[3])
        candidates.append((match.start(), _safe_date(year, month, day)))
    for match in _KY_DATE.finditer(text):
        month = next(v for k, v in _KY_MONTHS.items() if match[3].lower().startswith(k))
        candidates.append((match.start(), _safe_date(int(match[1]), month, int(match[2]))))
    for match in _NUM_DATE.finditer(text):
        candidates.append((match.start(), _safe_date(int(match[3]), int(match[2]), int(match[1]))))
    valid = sorted((pos, d) for pos, d in candidates if d is not None)
    return valid[0][1] if valid else None


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def guess_number(text: str) -> str | None:
    match = _NUMBER.search(text)
    return match[1] if match else None


_QUOTED = re.compile(r"[«“\"]([^»”\"]{4,300})[»”\"]")
_RU_TITLE_START = re.compile(r"^(о|об|обо|по|вопросы)\s", re.IGNORECASE)
_KY_TITLE_END = re.compile(r"(жөнүндө|жонундо|тууралуу)\s*[»”\"]?\s*$", re.IGNORECASE)


def guess_title(header: Sequence[str], lang: str) -> str | None:
    """The act's name: a quoted phrase, or the "О ..." / "... жөнүндө" lines of the header."""
    text = " ".join(header)
    quoted = _QUOTED.search(text)
    if quoted:
        return quoted[1].strip()
    for index, line in enumerate(header):
        if _RU_TITLE_START.match(line) or _KY_TITLE_END.search(line):
            words = [line]
            if not _KY_TITLE_END.search(line):
                # A title wrapped over lines continues in lower case ("и органах ...").
                for following in header[index + 1 : index + 4]:
                    if _is_meta_line(following) or not following[:1].islower():
                        break
                    words.append(following)
                    if _KY_TITLE_END.search(following):
                        break
            return " ".join(words).strip()
    return None


def _is_meta_line(line: str) -> bool:
    return bool(
        _RU_DATE.search(line)
        or _KY_DATE.search(line)
        or _NUM_DATE.search(line)
        or _NUMBER.search(line)
        or re.match(r"^(г\.|город|шаары|бишкек)", line, re.IGNORECASE)
    )


def compose_title(
    kind: DocKind,
    name: str | None,
    number: str | None,
    date: dt.date | None,
    lang: str,
    fallback: str,
) -> str:
    """A full title: «Закон Кыргызской Республики от 20 октября 2021 года № 123 «О ...»»."""
    if not name:
        return fallback
    if lang == "ru":
        prefix = _KIND_TITLE["ru"].get(kind)
        if not prefix:
            return name
        when = ""
        if date:
            month = next(k for k, v in _RU_MONTHS.items() if v == date.month)
            when = f" от {date.day} {month} {date.year} года"
        num = f" № {number}" if number else ""
        return f"{prefix}{when}{num} «{name}»"
    suffix = _KIND_TITLE["ky"].get(kind)
    if not suffix:
        return name
    when = f"{date.year}-жылдын {date.day}-{_KY_MONTH_DAGY[date.month]} " if date else ""
    num = f"№{number} " if number else ""
    return f"{when}{num}«{name}» {suffix}".strip()


# -- structure: headings, articles, chapters ----------------------------------------------------

_MD_PREFIX = r"(?:#{1,6}\s*)?(?:\*\*|__)?\s*"
_ARTICLE_RU = re.compile(
    rf"^{_MD_PREFIX}стать[яи]\s+(\d+(?:[.\-]\d+)*)\s*\.?\s*(.*?)\s*(?:\*\*|__)?$", re.IGNORECASE
)
_ARTICLE_KY = re.compile(
    rf"^{_MD_PREFIX}(\d+(?:[.\-]\d+)*)\s*-\s*(?:берене|статья)\s*\.?\s*(.*?)\s*(?:\*\*|__)?$",
    re.IGNORECASE,
)
_ARTICLE_KY_AFTER = re.compile(
    rf"^{_MD_PREFIX}берене\s+(\d+(?:[.\-]\d+)*)\s*\.?\s*(.*?)\s*(?:\*\*|__)?$", re.IGNORECASE
)
_CHAPTER = re.compile(
    rf"^{_MD_PREFIX}(?:(глава|раздел|бөлүм|болум)\s+([0-9IVXLC]+)"
    rf"|([0-9IVXLC]+)\s*-?\s*(глава|бөлүм|болум|раздел))\s*\.?\s*(.*?)\s*(?:\*\*|__)?$",
    re.IGNORECASE,
)
_MD_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*$")


@dataclass
class _Article:
    number: str
    heading: str | None
    chapter: str | None
    line: int
    body: list[str] = field(default_factory=list)


def _match_article(line: str) -> tuple[str, str] | None:
    for pattern in (_ARTICLE_RU, _ARTICLE_KY, _ARTICLE_KY_AFTER):
        match = pattern.match(line)
        if match:
            return match[1], match[2].strip(" .")
    return None


def _match_chapter(line: str) -> str | None:
    match = _CHAPTER.match(line)
    if match:
        return re.sub(r"^#+\s*", "", line).strip(" *_")
    return None


def _split_long(text: str, limit: int) -> list[str]:
    """Split at line boundaries (then sentence boundaries) into chunks of at most ``limit``."""
    if len(text) <= limit:
        return [text]
    pieces: list[str] = []
    for line in text.split("\n"):
        if len(line) <= limit:
            pieces.append(line)
            continue
        sentences = re.split(r"(?<=[.!?;])\s+", line)
        pieces.extend(sentences)
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


def _paragraphs(lines: Sequence[str]) -> list[str]:
    """Paragraphs of a block: blank-line separated blocks; hard-wrapped lines are re-joined."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            blocks[-1].append(line.strip())
        elif blocks[-1]:
            blocks.append([])
    return [" ".join(b) if _looks_wrapped(b) else "\n".join(b) for b in blocks if b]


_ITEM_START = re.compile(r"^(\d+(\.\d+)*[).]|[а-яa-zөүң]\)|[-•*–—])\s", re.IGNORECASE)


def _looks_wrapped(block: Sequence[str]) -> bool:
    """Lines of one paragraph broken at a fixed width (rather than separate items/sentences)."""
    if len(block) < 2:
        return False
    if any(_ITEM_START.match(line) for line in block[1:]):
        return False
    ends_sentence = sum(line.rstrip().endswith((".", ";", ":", "!", "?")) for line in block[:-1])
    return ends_sentence * 2 < len(block) - 1


_SIGNATURE = re.compile(
    r"^(президент\s+кыргызской\s+республики|кыргыз\s+республикасынын\s+президенти"
    r"|торага\w*|председатель\w*|г\.\s*бишкек|бишкек\s+шаары|м\.\s*п\.)\b.{0,60}$",
    re.IGNORECASE,
)


def build_document(
    text: str, *, path: Path, options: ImportOptions, line_offset: int = 0
) -> Document:
    """Turn the text of a law (or any act) into a Document with article passages."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    if not any(line.strip() for line in lines):
        raise KnowledgeFileError(path, None, None, "the file contains no text")

    # Where does the body start?  At the first article or chapter heading.
    first_structural = next(
        (
            i
            for i, line in enumerate(lines)
            if _match_article(line.strip()) or _match_chapter(line.strip())
        ),
        len(lines),
    )
    nonblank = [(i, line.strip()) for i, line in enumerate(lines) if line.strip()]
    header = [line for i, line in nonblank[:HEADER_LINES] if i < first_structural] or [
        nonblank[0][1]
    ]
    header_text = "\n".join(header)

    lang = options.lang or detect_lang(text)
    kind = options.kind or guess_kind(header[:6])
    date = options.date or guess_date(header_text)
    number = options.number or guess_number(header_text)
    name = guess_title([re.sub(r"^#+\s*", "", h) for h in header], lang)
    fallback_title = options.title or re.sub(r"^#+\s*", "", header[0]).strip(" *_") or path.stem
    title = options.title or compose_title(kind, name, number, date, lang, fallback_title)

    # Preamble: lines before the body that are not the header's metadata/title lines.
    title_words = set((name or "").split())
    preamble_lines: list[str] = []
    consumed_header = True
    for line in lines[:first_structural]:
        stripped = line.strip()
        if not stripped:
            preamble_lines.append("")
            continue
        if consumed_header and _is_header_line(stripped, kind, title_words):
            continue
        consumed_header = False
        preamble_lines.append(stripped)

    # Passage ids: "a13" for Kyrgyz, "a13-ru" for Russian, as in the bundled data, so that the
    # Kyrgyz and Russian texts of one act can live in one document.
    sfx = "-ru" if lang == "ru" else ""
    passages: list[Passage] = []
    for index, paragraph in enumerate(_paragraphs(preamble_lines), start=1):
        for part_no, part in enumerate(_split_long(paragraph, PARAGRAPH_MAX_CHARS), start=1):
            pid = f"p{index}" if part_no == 1 else f"p{index}-{part_no}"
            passages.append(Passage(id=pid + sfx, lang=lang, text=part))

    # Body: articles, grouped under chapters.
    articles: list[_Article] = []
    chapter: str | None = None
    loose: list[str] = []  # text under a chapter heading before its first article
    for i in range(first_structural, len(lines)):
        stripped = lines[i].strip()
        article = _match_article(stripped)
        if article:
            articles.append(_Article(article[0], article[1] or None, chapter, i + 1))
            continue
        chapter_title = _match_chapter(stripped)
        if chapter_title is None and _MD_HEADING.match(stripped) and not articles:
            chapter_title = _MD_HEADING.match(stripped)[1]  # type: ignore[index]
        if chapter_title:
            chapter = chapter_title
            continue
        if articles and articles[-1].chapter == chapter:
            articles[-1].body.append(stripped)
        elif stripped:
            loose.append(stripped)

    if loose:
        for index, paragraph in enumerate(_paragraphs(loose), start=len(passages) + 1):
            passages.append(Passage(id=f"p{index}{sfx}", lang=lang, text=paragraph, source=chapter))

    if articles:
        tail = articles[-1].body
        while tail and (not tail[-1] or _is_trailer_line(tail[-1])):
            tail.pop()

    used: set[str] = {p.id for p in passages}
    for article in articles:
        body = "\n".join(_paragraphs(article.body))
        if not body.strip():
            body = article.heading or f"{article.number}"
        base = "a" + slugify(article.number, max_len=20).replace("-", ".")
        pid = base
        suffix = 2
        while pid + sfx in used:
            pid = f"{base}-{suffix}"
            suffix += 1
        for part_no, part in enumerate(_split_long(body, ARTICLE_MAX_CHARS), start=1):
            part_id = (pid if part_no == 1 else f"{pid}-part{part_no}") + sfx
            used.add(part_id)
            passages.append(
                Passage(
                    id=part_id,
                    lang=lang,
                    article=article.number,
                    heading=article.heading,
                    text=part,
                    source=article.chapter,
                )
            )

    if not passages:
        raise KnowledgeFileError(
            path, line_offset + 1, None, "no text found besides the title; nothing to import"
        )
    doc_id = options.id or document_id(kind, number, date, path.stem)
    try:
        return Document(
            id=doc_id,
            kind=kind,
            number=number,
            date=date,
            title={lang: title},  # type: ignore[arg-type]
            source=path.name,
            passages=passages,
        )
    except ValueError as err:
        raise KnowledgeFileError(path, None, None, f"cannot build a document: {err}") from None


def _is_trailer_line(line: str) -> bool:
    """Signature, place and date lines after the last article."""
    if _SIGNATURE.match(line):
        return True
    return len(line) < 70 and _is_meta_line(line) and not line.rstrip().endswith(".")


def _is_header_line(line: str, kind: DocKind, title_words: set[str]) -> bool:
    """Is this a line of the act's heading block (kind, title, date, number, place)?"""
    if _is_meta_line(line):
        return True
    if guess_kind([line]) != DocKind.other and len(line) < 120:
        return True
    words = set(line.strip('«»“”"').split())
    if title_words and words and len(words & title_words) >= max(1, len(words) * 2 // 3):
        return True
    return line.isupper() and len(line) < 120


def merge_documents(existing: Document, new: Document) -> Document:
    """Combine two texts of one act: ``new`` replaces the passages of its language(s) only.

    Re-importing the Russian text of a law keeps its Kyrgyz passages (and vice versa); metadata
    given by ``new`` wins, the rest (summary, keywords, related, the other title) is kept.
    """
    langs = {p.lang for p in new.passages}
    kept = [p for p in existing.passages if p.lang not in langs]
    new_ids = {p.id for p in new.passages}
    if any(p.id in new_ids for p in kept):
        return new  # ids collide: cannot keep both, the new text replaces the old one
    title = existing.title.model_copy(update={k: v for k, v in new.title.model_dump().items() if v})
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
            "source": new.source or existing.source,
            "passages": passages,
        }
    )


def merge_by_id(documents: Iterable[Document]) -> list[Document]:
    """Merge documents of one import that share an id (e.g. the ky and ru texts of a law)."""
    merged: dict[str, Document] = {}
    for doc in documents:
        merged[doc.id] = merge_documents(merged[doc.id], doc) if doc.id in merged else doc
    return list(merged.values())


# -- file readers -------------------------------------------------------------------------------


def read_docx(path: Path) -> str:
    """Paragraphs and tables of a .docx in body order; headings become Markdown headings."""
    try:
        import docx  # python-docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph
    except ImportError as err:  # pragma: no cover - dependency declared in pyproject
        raise KnowledgeFileError(path, None, None, f"python-docx is not installed: {err}") from None
    try:
        document = docx.Document(str(path))
    except Exception as err:  # python-docx raises several unrelated types
        raise KnowledgeFileError(path, None, None, f"not a readable .docx file: {err}") from None
    out: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(child, document)
            text = paragraph.text.strip()
            style = (paragraph.style.name if paragraph.style is not None else "") or ""
            if text and style.lower().startswith(("heading", "title", "заголовок")):
                if not (_match_article(text) or _match_chapter(text)):
                    text = f"## {text}"
            out.extend((text, ""))  # paragraphs are separated by blank lines
        elif tag == "tbl":
            table = Table(child, document)
            for row in table.rows:
                cells = [c.text.strip() for c in row.cells]
                unique = list(dict.fromkeys(c for c in cells if c))
                if unique:
                    out.append(" | ".join(unique))
            out.append("")
    return "\n".join(out)


def read_pdf(path: Path) -> str:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PyPdfError
    except ImportError as err:  # pragma: no cover
        raise KnowledgeFileError(path, None, None, f"pypdf is not installed: {err}") from None
    try:
        reader = PdfReader(str(path))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PyPdfError, ValueError, OSError, KeyError, TypeError) as err:
        raise KnowledgeFileError(path, None, None, f"not a readable PDF: {err}") from None
    text = "\n".join(pages)
    if not text.strip():
        raise KnowledgeFileError(
            path, None, None, "the PDF has no text layer (a scan?); convert it to text first"
        )
    return text


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
        return import_data_file(path)
    if suffix in TEXT_SUFFIXES:
        text = read_text_file(path)
    elif suffix == ".docx":
        text = read_docx(path)
    elif suffix == ".pdf":
        text = read_pdf(path)
    else:
        supported = ", ".join(SUPPORTED_SUFFIXES)
        raise KnowledgeFileError(
            path, None, None, f"unsupported file type {suffix or '(none)'}; use {supported}"
        )
    return ImportResult(path, documents=[build_document(text, path=path, options=options)])


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
