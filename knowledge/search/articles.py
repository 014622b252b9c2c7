"""Article references in questions and the acts they name.

"статья 13 Земельного кодекса", "ст. 13 ЗК", "ЗК КР ст.13", "п. 2 ст. 13", "13-берене",
"Жер кодексинин 13-беренеси", "statya 13" → :class:`ArticleRef` (article "13", point "2").
Inserted articles are canonical "16-1" whether written 16-1, 16.1, 16¹ or (as PDF
extractions flatten them) 161; :func:`article_variants` gives what a written number may mean.

:class:`ActNames` knows every act's names: the stems and glossary concepts of its titles (the
Kyrgyz word «суу» names the «Водный кодекс» through the concept суу = вода), abbreviations made
from the titles automatically («Земельный кодекс Кыргызской Республики» → ЗК, ЗК КР) and the
operator's aliases.  It scores which act a question names.  No Telegram types, no database.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from knowledge.search.normalize import (
    SUPERSCRIPT_CHARS,
    SUPERSCRIPT_DIGITS,
    is_latin_word,
    transliterate,
)

# a number as written: "13", "1 098" (thousands broken by a space), "16-1", "16.1", "16¹"
_NUM = rf"(\d{{1,4}}(?:\s\d{{3}})?)(?:\s*[-.‐–]\s*(\d{{1,3}})(?!\d)|([{SUPERSCRIPT_CHARS}]+))?"
_RU_ARTICLE_WORD = r"(?:стат[ьъ]?[яиеюй][а-я]*|ст)\.?"
_KY_ARTICLE_WORD = r"берене[а-я]*"
_POINT_WORD = r"(?:пункт[а-я]*|п|бөлүк[а-я]*|болук[а-я]*|часть|част[иьюя]|ч)\.?"
_SUBPOINT_WORD = r"(?:подпункт[а-я]*|подп|пп|пунктча[а-я]*)(?![а-я])\.?"

_PATTERNS = [
    # статья 13 / ст. 13 / ст.13 / statya 13
    re.compile(rf"(?<![а-яa-z]){_RU_ARTICLE_WORD}\s*№?\s*{_NUM}", re.IGNORECASE),
    # 13-я статья / 13 статья / в 13-й статье (not "5 статей": a count)
    re.compile(
        rf"(?<![\d.]){_NUM}\s*-?\s*(?:[яй]\s+)?стат[ьъ]?(?:я|ье|ью)(?![а-я])", re.IGNORECASE
    ),
    # 13-берене / 13-беренеси / 16-1-берене
    re.compile(rf"(?<![\d.]){_NUM}\s*-?\s*{_KY_ARTICLE_WORD}", re.IGNORECASE),
    # берене 13
    re.compile(rf"(?<![а-яa-z]){_KY_ARTICLE_WORD}\s*{_NUM}", re.IGNORECASE),
]
_POINT_PATTERNS = [  # the word first ("пункт 2", "ч. 4"), the number first ("2-бөлүгү", "1 часть")
    re.compile(rf"(?<![а-яa-z]){_POINT_WORD}\s*(\d{{1,3}})(?!\d)", re.IGNORECASE),
    re.compile(
        r"(?<![\d.])(\d{1,3})\s*-?\s*(?:[яй]\s+)?"
        r"(?:пункт(?!ча)[а-я]*|бөлү[гк][а-я]*|болу[гк][а-я]*|част(?:ь|и|ью)(?![а-я]))",
        re.I,
    ),
]
# a subpoint ("пп. 3 п. 2", "подпункт 3 пункта 2", "3-пунктчасы") is not the point
_SUBPOINT_PATTERNS = [
    re.compile(rf"(?<![а-яa-z]){_SUBPOINT_WORD}\s*(\d{{1,3}}|[а-я])(?![\dа-я])", re.I),
    re.compile(r"(?<![\d.])(\d{1,3})\s*-?\s*пунктча[а-я]*", re.I),
]
_ORDINAL_END = re.compile(r"^[\s.-]*(?:[яй]\s+)?")  # "-я " of "2-я часть"
_COUNTED = re.compile(r"^пункт(?:ов|ах|ами|ы)$", re.IGNORECASE)
# what the asker calls the numbered paragraph: a part ("часть 2", "2-бөлүгү") or a point
_PART_WORD = re.compile(r"^(?:ч\b|част|бөлү|болу)", re.IGNORECASE)
_LATIN_RUN = re.compile(r"[A-Za-z]+(?:['’ʼ][A-Za-z]+)*'?")  # "stat'ia": one word
# a number that belongs to the word before it: "глава 2 статья 3" is article 3 (of chapter 2)
_OWNED_NUMBER = re.compile(
    r"(?:глав\w*|гл|раздел\w*|разд|част\w*|ч|пункт\w*|п|пп|подпункт\w*|параграф\w*|§|абзац\w*)"
    r"\.?\s*$",
    re.IGNORECASE,
)
# the chapter named beside the article ("статья 3 главы 2", "2-глава 3-берене"): in the rare
# act that numbers its articles anew in each chapter, it tells which article 3
_CHAPTER_PATTERNS = [  # the Kyrgyz form first: "2-глава 3-берене"
    re.compile(r"(?<![\d.])(\d{1,3})\s*-\s*(?:глава|бап)\w*", re.IGNORECASE),
    re.compile(r"(?<![а-яa-z])(?:глав[аыеуй]\w*|гл\.)\s*(\d{1,3})(?!\d)", re.IGNORECASE),
]


@dataclass(frozen=True, slots=True)
class ArticleRef:
    """An article named in a question."""

    article: str  # canonical: "13", "16-1"
    written: str  # the digits as written, spaces removed: "13", "161", "16-1"
    point: str | None
    start: int
    end: int
    chapter: str | None = None  # "2" of "статья 3 главы 2"
    point_kind: str | None = None  # "part" ("часть 2", "2-бөлүгү") or "point" ("п. 2")
    # the item asked inside the point: "5" of "подпункт 5 пункта 1" / "пункт 5 части 1" /
    # "1-бөлүгүнүн 5-пункту", "а" of "пп. а п. 2"
    sub: str | None = None


def canonical_article(number: str | None) -> str | None:
    """ "16.1" / "16¹" / "16 - 1" → "16-1"; "1 098" → "1098"; None for no digits."""
    if not number:
        return None
    text = number.strip().translate(str.maketrans({"–": "-", "‐": "-"}))
    sup = re.fullmatch(rf"(\d+)\s*([{SUPERSCRIPT_CHARS}]+)", text)
    if sup:
        return f"{sup.group(1)}-{sup.group(2).translate(SUPERSCRIPT_DIGITS)}"
    m = re.fullmatch(r"(\d{1,4}(?:\s\d{3})?)(?:\s*[-.]\s*(\d{1,3}))?\.?", text)
    if not m:
        digits = re.sub(r"\s+", "", text)
        return digits or None
    main = m.group(1).replace(" ", "")
    return f"{main}-{m.group(2)}" if m.group(2) else main


def article_variants(written: str) -> list[str]:
    """What a written article number may mean, best first: "161" → ["161", "16-1", "1-61"];
    "16-1" → ["16-1", "161"] (an act whose inserted articles were flattened in extraction)."""
    canon = canonical_article(written) or written
    out = [canon]
    if "-" in canon:
        out.append(canon.replace("-", ""))
    if canon.isdigit() and len(canon) >= 2:
        for cut in range(len(canon) - 1, 0, -1):
            head, tail = canon[:cut], canon[cut:]
            if tail.startswith("0"):
                continue
            out.append(f"{head}-{tail}")
    return out


def _prepare(text: str) -> str:
    """Latin words transliterated (``statya`` → ``статя``), so one set of patterns serves."""

    def tr(m: re.Match[str]) -> str:
        word = m.group(0)
        low = re.sub("[’ʼ]", "'", word.casefold())
        return transliterate(low) if is_latin_word(low) else word

    return _LATIN_RUN.sub(tr, text)


def find_article_ref(text: str) -> ArticleRef | None:
    """The first article named in ``text``, with the point when one is named too."""
    prepared = _prepare(text)
    best: ArticleRef | None = None
    number_first = False  # "25 статья", "25-берене": its points are written so too
    for pattern in _PATTERNS:
        for m in pattern.finditer(prepared):
            written = _written_number(m)
            if written is None:
                continue
            if pattern is _PATTERNS[1] and _OWNED_NUMBER.search(prepared[: m.start()]):
                continue  # "глава 2 статья 3": the 2 is the chapter's
            ref = ArticleRef(canonical_article(written) or written, written, None, *m.span())
            if best is None or ref.start < best.start:
                best = ref
                number_first = pattern is _PATTERNS[1] or pattern is _PATTERNS[2]
            break
    if best is None:
        return None
    point, point_kind, sub = _find_point(prepared, best.start, best.end, number_first)
    chapter = None
    for pattern in _CHAPTER_PATTERNS:
        found = pattern.search(prepared)
        if found:
            chapter = found.group(1)
            break
    return ArticleRef(
        best.article, best.written, point, best.start, best.end, chapter, point_kind, sub
    )


def _written_number(m: re.Match[str]) -> str | None:
    """The article number a :data:`_NUM` match writes ("13", "1098", "16-1" of "16.1" / "16¹"),
    None for 0."""
    main = m.group(1).replace(" ", "")
    if not main or int(main) == 0:
        return None
    if m.group(2):
        return f"{main}-{m.group(2)}"
    if m.group(3):
        return f"{main}-{m.group(3).translate(SUPERSCRIPT_DIGITS)}"
    return main


_BARE_NUMBER = re.compile(rf"(?<![\w.\-]){_NUM}(?![\w\-])")


def bare_article_ref(text: str) -> ArticleRef | None:
    """The one number of a short question with no article word ("БК 22-1", "ЗК 13", "ТК КР
    83"): an article, when the rest of the question names an act (the caller checks that)."""
    prepared = _prepare(text)
    words = re.findall(r"[^\W\d_]+", prepared)
    numbers = list(_BARE_NUMBER.finditer(prepared))
    if len(numbers) != 1 or not 1 <= len(words) <= 4:
        return None
    m = numbers[0]
    written = _written_number(m)
    if written is None or (written.isdigit() and 1900 <= int(written) <= 2100):
        return None  # no article, or a year ("бюджет 2024")
    return ArticleRef(canonical_article(written) or written, written, None, *m.span())


def _find_point(
    prepared: str, start: int = -1, end: int = -1, number_first: bool = False
) -> tuple[str | None, str | None, str | None]:
    """The point (or part) named in ``prepared`` outside ``start:end`` (the article
    reference), what it is called ("part" or "point"), and the item asked inside it: the
    subpoint of "пп. 3 п. 2" / "подпункт 3 пункта 2", the point of "пункт 5 части 1" /
    "1-бөлүгүнүн 5-пункту".  A subpoint named alone ("подпункт 5 статьи 25") is the point."""
    subs: list[tuple[int, str]] = []
    masked = prepared
    for pattern in _SUBPOINT_PATTERNS:  # "пп. 3" is no point 3
        for m in pattern.finditer(masked):
            if not start <= m.start() < end:
                subs.append((m.start(), m.group(1).casefold()))
        masked = pattern.sub(lambda m: " " * len(m.group(0)), masked)
    points: list[tuple[int, str, str]] = []
    # a number between two point words ("1 часть 3 пункт", "пункт 3 части 1") is read in the
    # order the article's own number is written in; the other order only when that finds none
    order = _POINT_PATTERNS[::-1] if number_first else _POINT_PATTERNS
    for pattern in order:
        if points:
            break
        for m in pattern.finditer(masked):
            if start <= m.start() < end:
                continue  # "ст" inside the article reference itself
            word = m.group(0)
            word = word[len(m.group(1)) :] if word.startswith(m.group(1)) else word
            kind = "part" if _PART_WORD.match(_ORDINAL_END.sub("", word)) else "point"
            points.append((m.start(), m.group(1), kind))
    subs.sort()
    first = min(points) if points else None
    if first is None:
        return (subs[0][1], "point", None) if subs else (None, None, None)
    if subs:
        return first[1], first[2], subs[0][1]
    parts = [p for p in points if p[2] == "part"]
    inner = [p for p in points if p[2] == "point"]
    if parts and inner:  # "пункт 5 части 1": point 5 of part 1
        return parts[0][1], "part", inner[0][1]
    return first[1], first[2], None


@dataclass(frozen=True, slots=True)
class PointRef:
    """A point of an act named without an article: "пункт 5 Положения о …",
    "Жобонун 5-пункту"."""

    point: str
    point_kind: str  # "point" | "part"
    start: int
    end: int


def find_point_ref(text: str) -> PointRef | None:
    """The point named in ``text`` when no article is (a decree or a Положение of points)."""
    prepared = _prepare(text)
    if find_article_ref(text) is not None:
        return None
    masked = prepared
    for pattern in _SUBPOINT_PATTERNS:
        masked = pattern.sub(lambda m: " " * len(m.group(0)), masked)
    for pattern in _POINT_PATTERNS:
        found = pattern.search(masked)
        if found:
            word = found.group(0)
            word = word[len(found.group(1)) :] if word.startswith(found.group(1)) else word
            if _PART_WORD.match(word.strip(" -.")):
                continue  # "часть 5 …" with no article: a code's part, not a point
            if _COUNTED.match(word.strip(" -.")):
                continue  # "в 5 пунктах": a count, not point 5
            return PointRef(found.group(1), "point", *found.span())
    return None


def strip_point(text: str, ref: PointRef) -> str:
    """``text`` without the point reference (what is left names the act)."""
    prepared = _prepare(text)
    return prepared[: ref.start] + " " + prepared[ref.end :]


_SUB_ITEM = re.compile(r"^\s*(?:[-–—•]|[а-яa-z]\))")


def point_text(text: str, point: str) -> str | None:
    """The lines of point (or part) ``point`` of an article's or decree's text: from the line
    "2." (else "2)", after the sentence ending in ":" that introduces its list) to the line
    before the next point of the same style; a point glued to the
    end of the one before ("… за нее.4. Если …", as published) is found after it.  None when
    the text has no such point."""
    lines = text.split("\n")
    lettered = not point.isdigit()  # "а)": a subpoint, ended by the next one or a point
    for close in (")",) if lettered else (".", ")"):
        marker = re.compile(rf"^\s*{re.escape(point)}\s*\{close}(?!\d)")
        other = re.compile(r"^\s*[а-яa-z]\s*\)" if lettered else rf"^\s*\d{{1,3}}\s*\{close}(?!\d)")
        stop = re.compile(r"^\s*(?:[а-яa-z]|\d{1,3})\s*[.)]") if lettered else other
        for i, line in enumerate(lines):
            if not marker.match(line):
                continue
            j = i + 1
            while j < len(lines) and not stop.match(lines[j]):
                j += 1
            text = _unglue("\n".join(lines[i:j]), point)
            if close == ")":  # "2) …" of a list: with the sentence that introduces it
                k = i - 1
                while k >= 0 and (other.match(lines[k]) or _SUB_ITEM.match(lines[k])):
                    k -= 1
                if k >= 0 and lines[k].rstrip().endswith(":"):
                    text = f"{lines[k].strip()}\n{text}"
            return text
    if not point.isdigit() or point == "1":
        return None
    before = re.search(rf"(?m)^\s*{int(point) - 1}\.\s", text)
    glued = re.compile(rf"(?<=[.;:])\s*{point}\.\s*(?=[^\W\d_])")
    found = glued.search(text, before.end()) if before else None
    if not found:
        return None
    rest = text[found.end() :]
    stop = re.search(r"(?m)^\s*\d{1,3}\s*\.(?!\d)", rest)
    return _unglue(f"{point}. " + rest[: stop.start() if stop else len(rest)], point)


def asked_text(text: str, point: str, sub: str | None = None) -> tuple[str, str | None] | None:
    """The text of the point asked, or of the item inside it when one is asked too ("5)" of
    part 1, with the sentence that introduces its list), and that item (None when the point
    has no such item: its whole text then); None when the text has no such point."""
    outer = point_text(text, point)
    if outer is None:
        return None
    inner = point_text(outer, sub) if sub else None
    return (inner, sub) if inner else (outer, None)


def _unglue(text: str, point: str) -> str:
    """A point's text without the next point glued to its end ("… за нее.4. Если …")."""
    if point.isdigit():
        nxt = re.search(rf"(?<=[.;:])\s*{int(point) + 1}\.\s*(?=[^\W\d_])", text)
        if nxt:
            text = text[: nxt.start()]
    return text.strip()


_CHAPTER_IN_SOURCE = re.compile(
    r"(?:^|›\s*)(?:глава\s*(\d{1,3})|(\d{1,3})\s*-\s*(?:глава|бап))(?!\d)", re.IGNORECASE
)


def chapter_number(source: str | None) -> str | None:
    """The chapter's number in an imported article's source path ("Раздел I › Глава 2. …" →
    "2"), else None."""
    found = _CHAPTER_IN_SOURCE.search(source or "")
    return (found.group(1) or found.group(2)) if found else None


def strip_refs(text: str, ref: ArticleRef) -> str:
    """``text`` without the article reference and point words (what is left names the act)."""
    prepared = _prepare(text)
    rest = prepared[: ref.start] + " " + prepared[ref.end :]
    for pattern in (*_POINT_PATTERNS, *_CHAPTER_PATTERNS):
        rest = pattern.sub(" ", rest)
    return rest


# --- act names -------------------------------------------------------------------------------

# words of titles that name no act in particular
_GENERIC_TITLE = re.compile(
    r"^(?:кыргыз\w*|республик\w*|о|об|жөнүндө|жонундо|и|в|на|по|жана|боюнча|"
    r"от|года?|жылд\w*|№)$",
    re.IGNORECASE,
)
_CODE_WORDS = ("кодекс", "кодекси", "кодексы")
_REPUBLIC_TAIL = re.compile(
    r"\s+(?:Кыргызской\s+Республики|КР)\s*$|^\s*Кыргыз\s+Республикасынын\s+", re.IGNORECASE
)


def abbreviations(title: str) -> list[str]:
    """Abbreviations people make of a code's or law's title.

    «Земельный кодекс Кыргызской Республики» → ЗК, ЗККР (written "ЗК КР" too: the question's
    "ЗК" and "КР" are separate words); «Кыргыз Республикасынын Жер кодекси» → ЖК (but
    only for short titles: the initials of a long title are no name anybody uses).
    """
    core = _REPUBLIC_TAIL.sub("", title.strip()).strip(' «»"')
    words = [w for w in re.findall(r"[^\W\d_]+", core) if len(w) > 1]
    if not 2 <= len(words) <= 4:
        return []
    if not any(w.casefold() in _CODE_WORDS or w.casefold().startswith("кодекс") for w in words):
        return []
    initials = "".join(w[0] for w in words).upper()
    return [initials, initials + "КР"]


@dataclass(slots=True)
class NamedAct:
    doc_id: str
    score: float
    distinctive: bool  # matched something more than a kind word ("кодекс", "закон")
    # named only by the abbreviation of its title in the other language than the question's:
    # Russian "ЖК" is the Жилищный кодекс, the Kyrgyz "ЖК" the Жер кодекси — offered, never
    # answered
    foreign: bool = False


TRUNCATED_MIN = 4  # "бюдж", "налог": a shorter cut ("зем", "вод") names too many words


class ActNames:
    """Which act a question names.

    ``keys_of`` maps a text to the name keys of its words (stems, prefixes and glossary
    concepts: the analyzer's), ``abbr`` the abbreviations per document.  A query word naming
    an act weighs ``1 / (number of acts it names)``: "кодекс" names every code a little,
    "водный" the Water Code a lot.
    """

    def __init__(self) -> None:
        self._by_key: dict[str, set[str]] = defaultdict(set)  # name key → doc ids
        self._abbr: dict[str, set[str]] = defaultdict(set)  # abbreviation → doc ids
        # abbreviations of the Kyrgyz titles (Жер кодекси → ЖК): Kyrgyz questions' only
        self._abbr_ky: dict[str, set[str]] = defaultdict(set)
        self._docs: set[str] = set()
        self._kind_keys: set[str] = set()
        self.names_of: dict[str, frozenset[str]] = {}

    @property
    def kind_keys(self) -> set[str]:
        return self._kind_keys

    def add(
        self,
        doc_id: str,
        name_keys: Iterable[str],
        abbrs: Iterable[str],
        abbrs_ky: Iterable[str] = (),
    ) -> None:
        self._docs.add(doc_id)
        name_keys = frozenset(name_keys)
        self.names_of[doc_id] = name_keys
        for key in name_keys:
            self._by_key[key].add(doc_id)
        for abbr in abbrs:
            self._abbr[abbr.casefold()].add(doc_id)
        for abbr in abbrs_ky:
            self._abbr_ky[abbr.casefold()].add(doc_id)

    def truncated(self, key: str, least: int = TRUNCATED_MIN, kinds: bool = False) -> set[str]:
        """The acts with a name word beginning with ``key``, a word of at least ``least``
        letters cut short ("бюдж" of Бюджетный); kind words (кодекс, закон) too with
        ``kinds``."""
        if len(key) < least or not key.isalpha():
            return set()
        out: set[str] = set()
        for name_key, docs in self._by_key.items():
            if name_key.startswith(key) and (kinds or name_key not in self._kind_keys):
                out |= docs
        return out

    def set_kind_keys(self, keys: Iterable[str]) -> None:
        """Keys of words that say what kind of act, not which one (кодекс, закон, мыйзам)."""
        self._kind_keys = set(keys)

    def __contains__(self, doc_id: str) -> bool:
        return doc_id in self._docs

    def abbr_docs(self, word: str) -> set[str]:
        return self._abbr.get(word.casefold(), set())

    def score(
        self,
        word_keys: Sequence[Sequence[str]],
        upper_words: Sequence[str],
        lang: str | None = None,
    ) -> dict[str, NamedAct]:
        """Score every act against the question's words (each given as its keys).

        With ``lang`` the abbreviations of the Kyrgyz titles count too: in a Kyrgyz question
        beside the Russian ones (an abbreviation both name different acts by: all of them,
        equally); in a Russian question only when no Russian title gives it, the acts so named
        marked ``foreign``."""
        out: dict[str, NamedAct] = {}
        for keys in word_keys:
            hits: set[str] = set()
            distinctive = False
            for key in keys:
                docs = self._by_key.get(key)
                if docs:
                    hits |= docs
                    distinctive = distinctive or key not in self._kind_keys
            if not hits and keys:
                # a title word cut short ("ст 117 бюдж. кодекса", "налог. кодекс"): the acts
                # whose name words begin so
                hits = self.truncated(keys[0])
                distinctive = bool(hits)
            if not hits:
                continue
            weight = 1.0 / len(hits)
            for doc_id in hits:
                act = out.setdefault(doc_id, NamedAct(doc_id, 0.0, False))
                act.score += weight
                act.distinctive = act.distinctive or distinctive
        for word in upper_words:
            docs = self._abbr.get(word.casefold(), set())
            foreign: set[str] = set()
            if lang in ("ky", "ru"):
                ky_docs = self._abbr_ky.get(word.casefold(), set())
                if lang == "ky":
                    docs = docs | ky_docs
                elif not docs:
                    docs = foreign = ky_docs
            for doc_id in docs:
                fresh = doc_id not in out
                act = out.setdefault(doc_id, NamedAct(doc_id, 0.0, False))
                act.score += 2.0 / len(docs)
                act.foreign = (fresh or act.foreign) and doc_id in foreign
                act.distinctive = True
        return out
