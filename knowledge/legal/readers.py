"""Bounded readers for the files an operator imports: text, Markdown, .docx, .pdf, .rtf, .html.

Every outside file is bounded: its size (:data:`MAX_FILE_BYTES`); for a .docx (a zip) the number
of entries, the unpacked size and the compression ratio of each entry and of the whole (a zip
bomb is refused from its directory, before anything is unpacked), then the number of body
elements; the number of PDF pages; and the time spent extracting text (:data:`READ_TIME_BUDGET`
seconds).
Problems raise :class:`knowledge.loader.KnowledgeFileError` with a reason an operator can act on.

Text files are UTF-8 (with or without BOM), UTF-16 with a BOM, or Windows-1251 (what the
Ministry of Justice's database and older Windows editors save); text that is neither is refused
with the line of the first bad byte.
"""

from __future__ import annotations

import re
import time
import zipfile
from html.parser import HTMLParser
from pathlib import Path

from knowledge.loader import KnowledgeFileError

MAX_FILE_BYTES = 20 * 1024 * 1024  # 20 MB: the Civil Code as text is ~4 MB, as .docx ~2 MB
# A .docx is a zip: Word's own files of a 700-page code unpack to ~15 MB at a ratio of ~5-15.
MAX_DOCX_UNPACKED = 40 * 1024 * 1024  # all entries together, as the zip's directory says
MAX_DOCX_ENTRIES = 1000  # Word writes ~15-40 (plus one per embedded image)
MAX_DOCX_RATIO = 100  # unpacked / packed, per entry over 1 MB and for the whole archive
_RATIO_FROM = 1024 * 1024  # small entries may compress better (runs of spaces): harmless
MAX_DOCX_ELEMENTS = 200_000  # paragraphs and tables in the body (the Civil Code: ~15,000)
PDF_MAX_PAGES = 2000
READ_TIME_BUDGET = 60.0  # seconds for extracting the text of one file (PDF, RTF, HTML)

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
RICH_SUFFIXES = (".docx", ".pdf", ".rtf", ".html", ".htm")
PAGE_BREAK = "\f"  # readers separate pages with a form feed: cleanup finds running headers


def check_size(path: Path, limit: int | None = None) -> None:
    limit = MAX_FILE_BYTES if limit is None else limit
    size = path.stat().st_size
    if size > limit:
        raise KnowledgeFileError(
            path,
            None,
            None,
            f"the file is {size / 1048576:.1f} MB; files over {limit // 1048576} MB are not "
            "imported (split the act or remove embedded images)",
        )


_UTF8_CYRILLIC = re.compile(rb"[\xd0\xd1\xd2\xd3][\x80-\xbf]")
_CP1251_LETTERS = re.compile(r"[А-Яа-яЁёӨөҮүҢң]")


def decode_text(data: bytes, path: Path) -> str:
    """UTF-8 / UTF-16 (BOM) / Windows-1251 text; anything else is refused with its line."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise KnowledgeFileError(path, None, None, "not valid UTF-16 text") from None
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        high = sum(1 for b in data[:200000] if b >= 0x80)
        utf8_pairs = len(_UTF8_CYRILLIC.findall(data[:200000]))
        if high and utf8_pairs * 2 * 2 < high:  # not UTF-8 with a few broken bytes
            text = data.decode("cp1251", errors="replace")
            letters = sum(ch.isalpha() for ch in text[:200000])
            cyrillic = len(_CP1251_LETTERS.findall(text[:200000]))
            if letters and cyrillic / letters > 0.5 and "\ufffd" not in text:
                return text
        raise KnowledgeFileError(
            path, line, None, "not valid UTF-8 text (nor Windows-1251 Cyrillic); save it as UTF-8"
        ) from None


def read_text(path: Path) -> str:
    check_size(path)
    return decode_text(path.read_bytes(), path)


# -- .docx --------------------------------------------------------------------------------------


def _zip_declared_entries(path: Path) -> int | None:
    """The entry count of a zip's end-of-directory record (None if not found); 0xFFFF (zip64)
    counts as too many: a .docx never needs it."""
    size = path.stat().st_size
    with path.open("rb") as handle:
        handle.seek(max(0, size - 65558))  # the record (22 bytes) + the longest comment
        tail = handle.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + 22 > len(tail):
        return None
    total = int.from_bytes(tail[at + 10 : at + 12], "little")
    return 1 << 31 if total == 0xFFFF else total


def check_docx_archive(path: Path) -> None:
    """Refuse a zip bomb from the zip's directory alone: too many entries, too big unpacked, or
    compressed suspiciously well.  (Python's zipfile never unpacks an entry beyond the size the
    directory gives, so the checked sizes are the ones read later.)"""
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as err:
        raise KnowledgeFileError(path, None, None, f"not a readable .docx file: {err}") from None

    def refuse(reason: str) -> KnowledgeFileError:
        return KnowledgeFileError(
            path, None, None, f"{reason}; refused (a damaged or hostile file?)"
        )

    if len(entries) > MAX_DOCX_ENTRIES:
        raise refuse(f"the .docx holds {len(entries)} files, over {MAX_DOCX_ENTRIES}")
    unpacked = packed = 0
    for info in entries:
        unpacked += info.file_size
        packed += info.compress_size
        if unpacked > MAX_DOCX_UNPACKED:
            raise refuse(
                f"the .docx unpacks to over {MAX_DOCX_UNPACKED // 1048576} MB"
                f" ({info.filename} and before)"
            )
        if info.file_size > _RATIO_FROM and info.file_size > MAX_DOCX_RATIO * max(
            info.compress_size, 1
        ):
            raise refuse(
                f"{info.filename} in the .docx unpacks"
                f" {info.file_size // max(info.compress_size, 1)} times its packed size"
                f" (at most {MAX_DOCX_RATIO})"
            )
    if unpacked > _RATIO_FROM and unpacked > MAX_DOCX_RATIO * max(packed, 1):
        raise refuse(f"the .docx unpacks {unpacked // max(packed, 1)} times its size")


def read_docx(path: Path, *, is_structural=lambda line: False, budget: float | None = None) -> str:
    """Paragraphs and tables of a .docx in body order; headings become Markdown headings."""
    budget = READ_TIME_BUDGET if budget is None else budget
    check_size(path)
    check_docx_archive(path)
    started = time.monotonic()
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
    body = document.element.body
    if len(body) > MAX_DOCX_ELEMENTS:
        raise KnowledgeFileError(
            path,
            None,
            None,
            f"the .docx has {len(body)} paragraphs and tables, over {MAX_DOCX_ELEMENTS}; refused",
        )
    numbering = _DocxNumbering(document)
    style_names: dict[str, str] = {}
    out: list[str] = []
    for number, child in enumerate(body.iterchildren(), start=1):
        if number % 512 == 0 and time.monotonic() - started > budget:
            raise KnowledgeFileError(
                path,
                None,
                None,
                f"reading the .docx took over {budget:.0f} s (stopped at paragraph {number});"
                " save it as text first",
            )
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(child, document)
            text = paragraph.text.strip()
            label = numbering.label(child, paragraph) if text else ""
            if label:
                text = f"{label} {text}"  # "Статья 5." or "1)" written by Word's list numbering
            key = style_id(child)
            if key not in style_names:  # python-docx looks a style up slowly: once per id
                style_names[key] = (
                    paragraph.style.name if paragraph.style is not None else ""
                ) or ""
            style = style_names[key]
            lowered = style.lower()
            if text and lowered.startswith(("heading", "title", "заголовок")):
                if not is_structural(text):
                    text = f"# {text}" if lowered.startswith("title") else f"## {text}"
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


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_RU_LETTERS = "абвгдежзиклмнопрстуфхцчшщэюя"


def _roman(n: int) -> str:
    out = ""
    for value, digits in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"),
                          (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                          (4, "IV"), (1, "I")):  # fmt: skip
        while n >= value:
            out, n = out + digits, n - value
    return out


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        text = chr(ord("a") + (n - 1) % 26) * (1 + (n - 1) // 26)
        return text.upper() if fmt == "upperLetter" else text
    if fmt in ("russianLower", "russianUpper"):
        text = _RU_LETTERS[(n - 1) % len(_RU_LETTERS)] * (1 + (n - 1) // len(_RU_LETTERS))
        return text.upper() if fmt == "russianUpper" else text
    if fmt in ("lowerRoman", "upperRoman"):
        return _roman(n).lower() if fmt == "lowerRoman" else _roman(n)
    return str(n)  # decimal, decimalZero and the rest


def style_id(element) -> str:
    """A paragraph's style id as written in it ("" for the default style)."""
    ppr = element.find(f"{_W}pPr")
    style = ppr.find(f"{_W}pStyle") if ppr is not None else None
    return style.get(f"{_W}val", "") if style is not None else ""


class _DocxNumbering:
    """Word's list numbering, which is not in the paragraphs' text: "Статья %1." before each
    article, "%1)" before each point.  Counters run per list definition (abstractNum) and
    level, a level's counter restarts when a higher level advances, and a list instance with a
    start override starts again; bullets become "-"."""

    def __init__(self, document) -> None:
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}  # abstract → lvl → spec
        self.abstract_of: dict[str, str] = {}  # numId → abstractNumId
        self.overrides: dict[str, dict[int, int]] = {}  # numId → lvl → start
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()
        self.style_num: dict[str, tuple[str, int] | None] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        for abstract in root.iter(f"{_W}abstractNum"):
            levels: dict[int, tuple[int, str, str]] = {}
            for lvl in abstract.iter(f"{_W}lvl"):
                start = lvl.find(f"{_W}start")
                fmt = lvl.find(f"{_W}numFmt")
                text = lvl.find(f"{_W}lvlText")
                levels[int(lvl.get(f"{_W}ilvl", "0"))] = (
                    int(start.get(f"{_W}val", "1")) if start is not None else 1,
                    fmt.get(f"{_W}val", "decimal") if fmt is not None else "decimal",
                    text.get(f"{_W}val", "") if text is not None else "",
                )
            self.levels[abstract.get(f"{_W}abstractNumId", "")] = levels
        for num in root.iter(f"{_W}num"):
            num_id = num.get(f"{_W}numId", "")
            ref = num.find(f"{_W}abstractNumId")
            if ref is not None:
                self.abstract_of[num_id] = ref.get(f"{_W}val", "")
            for override in num.iter(f"{_W}lvlOverride"):
                start = override.find(f"{_W}startOverride")
                if start is not None:
                    level = int(override.get(f"{_W}ilvl", "0"))
                    self.overrides.setdefault(num_id, {})[level] = int(start.get(f"{_W}val", "1"))

    def _num_pr(self, element) -> tuple[str, int] | None:
        ppr = element.find(f"{_W}pPr")
        num_pr = ppr.find(f"{_W}numPr") if ppr is not None else None
        if num_pr is None:
            return None
        num_id = num_pr.find(f"{_W}numId")
        ilvl = num_pr.find(f"{_W}ilvl")
        if num_id is None:
            return None
        level = int(ilvl.get(f"{_W}val", "0")) if ilvl is not None else 0
        return num_id.get(f"{_W}val", ""), level

    def _style_num_pr(self, element, paragraph) -> tuple[str, int] | None:
        key = style_id(element)
        if key not in self.style_num:
            style = paragraph.style
            found = None
            while style is not None and found is None:
                found = self._num_pr(style.element)
                style = style.base_style
            self.style_num[key] = found
        return self.style_num[key]

    def label(self, element, paragraph) -> str:
        """The number Word shows before this paragraph ("" when it is not in a list)."""
        if not self.levels:
            return ""
        found = self._num_pr(element) or self._style_num_pr(element, paragraph)
        if found is None or found[0] in ("", "0"):
            return ""
        num_id, level = found
        abstract = self.abstract_of.get(num_id)
        levels = self.levels.get(abstract or "")
        if not levels or level not in levels:
            return ""
        counters = self.counters.setdefault(abstract or "", {})
        if num_id not in self.started:
            self.started.add(num_id)
            for lvl, start in self.overrides.get(num_id, {}).items():
                counters[lvl] = start - 1
        start, fmt, text = levels[level]
        counters[level] = counters.get(level, start - 1) + 1
        for deeper in [lv for lv in counters if lv > level]:
            del counters[deeper]
        if fmt == "bullet":
            return "-"
        if fmt == "none":
            return text.strip()

        def value(match: re.Match[str]) -> str:
            lvl = int(match[1]) - 1
            spec = levels.get(lvl, (1, "decimal", ""))
            return _format_number(counters.get(lvl, spec[0]), spec[1])

        return re.sub(r"%(\d)", value, text).strip()


# -- .pdf ---------------------------------------------------------------------------------------


def read_pdf(path: Path, *, max_pages: int | None = None, budget: float | None = None) -> str:
    """Text of every page, pages separated by :data:`PAGE_BREAK`; bounded in pages and time."""
    max_pages = PDF_MAX_PAGES if max_pages is None else max_pages
    budget = READ_TIME_BUDGET if budget is None else budget
    check_size(path)
    try:
        from pypdf import PdfReader
        from pypdf.errors import PyPdfError
    except ImportError as err:  # pragma: no cover
        raise KnowledgeFileError(path, None, None, f"pypdf is not installed: {err}") from None
    started = time.monotonic()
    try:
        reader = PdfReader(str(path))
        count = len(reader.pages)
        if count > max_pages:
            raise KnowledgeFileError(
                path, None, None, f"the PDF has {count} pages; at most {max_pages} are imported"
            )
        pages = []
        for number, page in enumerate(reader.pages, start=1):
            if time.monotonic() - started > budget:
                raise KnowledgeFileError(
                    path,
                    None,
                    None,
                    f"reading the PDF took over {budget:.0f} s (stopped at page {number} of "
                    f"{count}); convert it to text first",
                )
            pages.append(page.extract_text() or "")
    except KnowledgeFileError:
        raise
    except (PyPdfError, ValueError, OSError, KeyError, TypeError, AttributeError) as err:
        raise KnowledgeFileError(path, None, None, f"not a readable PDF: {err}") from None
    text = f"\n{PAGE_BREAK}\n".join(pages)
    if not text.strip(PAGE_BREAK + " \n"):
        raise KnowledgeFileError(
            path, None, None, "the PDF has no text layer (a scan?); convert it to text first"
        )
    return text


# -- .rtf ---------------------------------------------------------------------------------------


def read_rtf(path: Path) -> str:
    """RTF as saved by Word or the Ministry of Justice's database (code pages, \\uN escapes)."""
    check_size(path)
    data = path.read_bytes()
    if not data.lstrip().startswith(b"{\\rtf"):
        raise KnowledgeFileError(path, 1, None, "not an RTF file (it does not start with {\\rtf)")
    try:
        from striprtf.striprtf import rtf_to_text
    except ImportError as err:  # pragma: no cover - dependency declared in pyproject
        raise KnowledgeFileError(path, None, None, f"striprtf is not installed: {err}") from None
    # RTF is 7-bit (8-bit text is written as \'xx escapes); latin-1 maps any stray byte.
    raw = data.decode("latin-1")
    match = re.search(r"\\ansicpg(\d+)", raw[:4000])
    encoding = f"cp{match[1]}" if match else "cp1251"
    try:
        text = rtf_to_text(raw, encoding=encoding, errors="replace")
    except (LookupError, ValueError, IndexError, KeyError) as err:
        raise KnowledgeFileError(path, None, None, f"not a readable RTF file: {err}") from None
    return text.replace("\xad", "")


# -- .html --------------------------------------------------------------------------------------

_BLOCK_TAGS = frozenset(
    {
        "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol",
        "section", "article", "blockquote", "pre", "hr", "center", "dd", "dt", "dl", "header",
        "footer", "title",
    }
)  # fmt: skip
# page furniture of a site, never an act's text: menus, forms, the site's footer
_SKIP_TAGS = frozenset(
    {"script", "style", "head", "noscript", "template", "svg", "button", "nav", "footer",
     "aside", "form", "select", "iframe"}
)  # fmt: skip
_CELL_TAGS = frozenset({"td", "th"})
_VOID_TAGS = frozenset({"br", "hr", "img", "input", "meta", "link", "wbr", "col", "area", "base"})
# The Ministry of Justice's database writes an act's paragraphs with classes "tkGrif" (kind),
# "tkRekvizit" (date, number), "tkNazvanie" (title), "tkZagolovok…" (headings), "tkTekst" …;
# on such a page the act runs from the first of those paragraphs to the last (what comes
# before and after is the site's menus and footer)
_ACT_CLASS = re.compile(r"(?:^|\s)tk[A-Z]\w*")
MIN_ACT_PARAGRAPHS = 3


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.act_span: list[int] = []  # first and last of ``parts`` inside "tk…" paragraphs
        self.act_paragraphs = 0
        self.open: list[tuple[str, bool]] = []  # open elements: (tag, in an act paragraph)

    def _emit(self, text: str) -> None:
        self.parts.append(text)
        if self.open and self.open[-1][1]:
            end = len(self.parts)
            self.act_span = [self.act_span[0] if self.act_span else end - 1, end]

    def handle_starttag(self, tag: str, attrs) -> None:  # type: ignore[no-untyped-def]
        if tag in _SKIP_TAGS:
            self.skip += 1
        if tag not in _VOID_TAGS:
            if tag == "p" and self.open and self.open[-1][0] == "p":
                self.open.pop()  # "<p>a<p>b": a paragraph closes the one before it
            inside = bool(self.open and self.open[-1][1])
            if not inside and _ACT_CLASS.search(dict(attrs).get("class") or ""):
                inside = True
                self.act_paragraphs += 1
            self.open.append((tag, inside))
        if tag in _SKIP_TAGS:
            return
        if tag in _BLOCK_TAGS:
            self._emit("\n")
        elif tag in _CELL_TAGS:
            self._emit(" | ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK_TAGS:
            self._emit("\n")
        if any(open_tag == tag for open_tag, _ in self.open):  # a stray end tag closes nothing
            while self.open and self.open.pop()[0] != tag:
                pass

    def handle_startendtag(self, tag: str, attrs) -> None:  # type: ignore[no-untyped-def]
        if tag in ("br", "hr"):
            self._emit("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self._emit(data.replace("\n", " "))

    def text(self) -> str:
        if self.act_paragraphs >= MIN_ACT_PARAGRAPHS and len(self.act_span) == 2:
            first, last = self.act_span
            return "".join(self.parts[first:last])
        return "".join(self.parts)


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.IGNORECASE)


def read_html(path: Path) -> str:
    """Visible text of an HTML page (a saved page of the legal database), blocks as lines."""
    check_size(path)
    data = path.read_bytes()
    declared = _META_CHARSET.search(data[:4096])
    html = None
    if declared:
        try:
            html = data.decode(declared[1].decode("ascii").lower(), errors="replace")
        except LookupError:
            html = None
    if html is None:
        html = decode_text(data, path)
    parser = _TextExtractor()
    try:
        parser.feed(html)
        parser.close()
    except (AssertionError, ValueError) as err:  # pragma: no cover - html.parser is lenient
        raise KnowledgeFileError(path, None, None, f"not a readable HTML file: {err}") from None
    lines = (re.sub(r"[ \t]+", " ", line).strip(" |") for line in parser.text().split("\n"))
    return "\n".join(lines)
