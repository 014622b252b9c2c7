"""Citations of knowledge-base sources a lawyer would accept, in Kyrgyz and Russian.

``format_citation(doc, passage, "ru")`` →
``Земельный кодекс Кыргызской Республики от 2 июня 1999 года № 45, статья 13 «Компетенция айыл
окмоту в сфере регулирования земельных отношений»``;
``format_citation(doc, passage, "ky")`` →
``Кыргыз Республикасынын 1999-жылдын 2-июнундагы № 45 Жер кодекси, 13-берене «…»``.

What a document is decides the form: an act (constitution, code, law, decrees, order) is cited
by its kind, issuer, date, number and name; a draft is a draft («Проект закона …», «… мыйзамынын
долбоору») and its date is not an act's date; a letter, a program, a regulation by their own
names; an organisation or a news item is not an act and is labelled as what it is.

Titles come as people wrote them: some are bare names («О муниципальных услугах»), some are
already whole citations («Закон Кыргызской Республики от … № … «О …»»).  The kind words, the date
and the number are added only when the title does not already say them, nested quotes become
„…“ inside «…», and every citation is written in one language: :func:`cite` says which, so
the caller can tell the reader when the document is not available in theirs.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from knowledge.models import DocKind, Document, FaqEntry, Passage
from knowledge.search.articles import chapter_number

_KY_MONTH_ATTR = {  # "…-июнундагы № 45 …" (attributive: the date of something)
    1: "январындагы",
    2: "февралындагы",
    3: "мартындагы",
    4: "апрелиндеги",
    5: "майындагы",
    6: "июнундагы",
    7: "июлундагы",
    8: "августундагы",
    9: "сентябрындагы",
    10: "октябрындагы",
    11: "ноябрындагы",
    12: "декабрындагы",
}
_KY_MONTH_POSS = {  # "2021-жылдын 8-декабры" (a date on its own)
    1: "январы",
    2: "февралы",
    3: "марты",
    4: "апрели",
    5: "майы",
    6: "июну",
    7: "июлу",
    8: "августу",
    9: "сентябры",
    10: "октябры",
    11: "ноябры",
    12: "декабры",
}
_KY_MONTH_STEM = {
    1: "январ",
    2: "феврал",
    3: "март",
    4: "апрел",
    5: "май",
    6: "июн",
    7: "июл",
    8: "август",
    9: "сентябр",
    10: "октябр",
    11: "ноябр",
    12: "декабр",
}
_RU_MONTH_GEN = {
    1: "января",
    2: "февраля",
    3: "марта",
    4: "апреля",
    5: "мая",
    6: "июня",
    7: "июля",
    8: "августа",
    9: "сентября",
    10: "октября",
    11: "ноября",
    12: "декабря",
}

_VOWELS = "аеёиоуыэюяөү"
_VOICELESS = "кпстфхцчшщ"
_KY_ONLY = re.compile(r"[өүңӨҮҢ]")
_RU_FUNCTION = re.compile(r"(?<![\w-])(от|года|статья|о|об|в|на|по|и|при|для)(?![\w-])", re.I)
_LATIN = re.compile(r"[A-Za-z]")
_SPACES = re.compile(r"\s+")

# The day the 2021 Constitution came into force: government decrees after it are the
# Cabinet of Ministers'.
_CABINET_SINCE = dt.date(2021, 5, 5)

ACTS = frozenset(
    {
        DocKind.constitution,
        DocKind.code,
        DocKind.law,
        DocKind.government_decree,
        DocKind.presidential_decree,
        DocKind.parliament_decree,
        DocKind.order,
    }
)


# --- small language helpers ----------------------------------------------------------------


def ky_genitive(phrase: str) -> str:
    """Genitive of the last word of a Kyrgyz noun phrase (``Өкмөтү`` → ``Өкмөтүнүн``)."""
    phrase = phrase.strip()
    if not phrase:
        return phrase
    if re.search(r"(н|д|т)[ыиуү]н$", phrase):
        return phrase  # already a genitive
    last = phrase[-1].lower()
    vowel = next((ch for ch in reversed(phrase.lower()) if ch in _VOWELS), "а")
    high = {"а": "ы", "ы": "ы", "я": "ы", "е": "и", "и": "и", "э": "и", "о": "у", "у": "у"}
    high.update({"ө": "ү", "ү": "ү", "ю": "у", "ё": "у"})
    i = high.get(vowel, "ы")
    if last in _VOWELS:
        return f"{phrase}н{i}н"
    if last in _VOICELESS:
        return f"{phrase}т{i}н"
    return f"{phrase}д{i}н"


_RU_GEN_KNOWN = {
    "правительство": "Правительства",
    "кабинет министров": "Кабинета Министров",
    "президент": "Президента",
    "жогорку кенеш": "Жогорку Кенеша",
}


def ru_genitive(phrase: str) -> str:
    """Genitive of a Russian issuer's head words (``Государственное агентство по …`` →
    ``Государственного агентства по …``); the dependent words after the head noun stay."""
    phrase = _SPACES.sub(" ", phrase).strip()
    low = phrase.casefold()
    for known, gen in _RU_GEN_KNOWN.items():
        if low.startswith(known):
            return gen + phrase[len(known) :]
    words = phrase.split(" ")
    out: list[str] = []
    for n, word in enumerate(words):
        w = word.casefold()
        if w.endswith(("ое", "ый", "ий")) and len(w) > 3:
            out.append(word[:-2] + ("его" if w[-3] in "кгхжшчщ" and w.endswith("ий") else "ого"))
            continue
        if w.endswith("ая") and len(w) > 3:
            out.append(word[:-2] + "ой")
            continue
        # the head noun: decline it and keep the rest as it is
        if w.endswith("ство") or w.endswith("ие") or w.endswith("о"):
            out.append(word[:-1] + "а" if not w.endswith("ие") else word[:-1] + "я")
        elif w.endswith("ия"):
            out.append(word[:-1] + "и")
        elif w.endswith("а"):
            out.append(word[:-1] + ("и" if w[-2:-1] in "кгхжшчщ" else "ы"))
        elif w[-1:] in "бвгджзклмнпрстфхцчшщ":
            out.append(word + "а")
        else:
            out.append(word)
        return " ".join(out + words[n + 1 :])
    return " ".join(out)


def ky_date(date: dt.date) -> str:
    """Attributive Kyrgyz date: ``2021-жылдын 20-октябрындагы``."""
    return f"{date.year}-жылдын {date.day}-{_KY_MONTH_ATTR[date.month]}"


def ky_date_plain(date: dt.date) -> str:
    """A Kyrgyz date on its own: ``2021-жылдын 8-декабры``."""
    return f"{date.year}-жылдын {date.day}-{_KY_MONTH_POSS[date.month]}"


def ru_date(date: dt.date) -> str:
    return f"{date.day} {_RU_MONTH_GEN[date.month]} {date.year} года"


def _has_date(text: str, date: dt.date) -> bool:
    """Whether ``text`` already states ``date`` (in Russian, Kyrgyz or numeric form)."""
    low = text.casefold()
    patterns = (
        rf"(?<!\d){date.day}\s+{_RU_MONTH_GEN[date.month]}\s+{date.year}",
        rf"{date.year}\s*-\s*ж\w*\.?\s+{date.day}\s*-\s*{_KY_MONTH_STEM[date.month]}",
        rf"(?<!\d)0?{date.day}\.0?{date.month}\.{date.year}",
    )
    return any(re.search(p, low) for p in patterns)


def _has_number(text: str, number: str) -> bool:
    return re.search(rf"№\s*{re.escape(number)}(?![\w/-])", text, re.I) is not None


# --- quotes ----------------------------------------------------------------------------------


def normalize_quotes(text: str) -> str:
    """«…» outside, „…“ inside, balanced; “…” and "…" pairs become «…»."""
    text = re.sub(r"[“”]", '"', text)
    # straight double quotes: opening after a space/start/bracket, closing otherwise
    chars: list[str] = []
    for i, ch in enumerate(text):
        if ch == '"':
            prev = text[i - 1] if i else " "
            chars.append("«" if prev.isspace() or prev in "(«„[-—" else "»")
        else:
            chars.append(ch)
    text = "".join(chars)
    out: list[str] = []
    depth = 0
    for ch in text:
        if ch in "«„":
            out.append("«" if depth == 0 else "„")
            depth += 1
        elif ch in "»“":
            if depth == 0:
                continue  # a closing quote without an opening one
            depth -= 1
            out.append("»" if depth == 0 else "“")
        else:
            out.append(ch)
    while depth > 0:
        depth -= 1
        out.append("»" if depth == 0 else "“")
    return "".join(out)


def _quote(name: str) -> str:
    """``name`` in «», its own quotes turned into inner „“."""
    return normalize_quotes(f"«{name.strip()}»")


def _unwrap(text: str) -> str:
    """Drop quotes that wrap the whole text."""
    text = normalize_quotes(text.strip())
    if text.startswith("«") and text.endswith("»") and _top_quote(text) == (0, len(text) - 1):
        return text[1:-1].replace("„", "«").replace("“", "»").strip()
    return text


def _top_quote(text: str) -> tuple[int, int] | None:
    """Start and end index of the first top-level «…» (after :func:`normalize_quotes`)."""
    start = text.find("«")
    if start < 0:
        return None
    end = text.find("»", start)
    return (start, end) if end > 0 else None


def _bare_name(title: str, lang: str) -> str:
    """The name alone of a full title: «О местном самоуправлении» of "Закон Кыргызской
    Республики «О местном самоуправлении»"."""
    title = normalize_quotes(title)
    span = _top_quote(title)
    if span is not None and _names_kind(title, lang):
        return title[span[0] + 1 : span[1]].strip()
    return _unwrap(title)


def _outside_quotes(text: str) -> str:
    return re.sub(r"«[^»]*»", " ", normalize_quotes(text))


def _clean(text: str) -> str:
    text = _SPACES.sub(" ", text).strip()
    text = re.sub(r"\s+([,.;:)])", r"\1", text)
    text = re.sub(r"\(\s+", "(", text)
    # a parenthetical in Latin letters (an English name of an organisation) is dropped
    text = re.sub(r"\s*\([^()]*[A-Za-z][^()]*\)", "", text)
    text = re.sub(r",\s*[A-Za-z][A-Za-z .-]*(?=\))", "", text)
    return text


# --- what a document is ------------------------------------------------------------------------

_RU_KIND_WORDS = (
    "закон",
    "кодекс",
    "конституци",
    "постановлени",
    "указ",
    "распоряжени",
    "решени",
    "приказ",
    "проект",
    "программ",
    "концепци",
    "стратеги",
    "план",
    "положени",
    "порядок",
    "регламент",
    "устав",
    "типов",
    "правил",
    "инструкци",
    "письм",
)
_KY_KIND_WORDS = (
    "мыйзам",
    "кодекс",
    "конституция",
    "токтом",
    "жарлы",
    "тескеме",
    "чечим",
    "буйру",
    "долбоор",
    "программа",
    "концепция",
    "стратегия",
    "план",
    "жобо",
    "тартиб",
    "тартип",
    "регламент",
    "устав",
    "эреже",
    "нускама",
    "каты",
)


def _names_kind(title: str, lang: str) -> bool:
    """Whether the title already says what kind of act it is (outside its quoted name)."""
    outside = _outside_quotes(title).casefold()
    outside = re.sub(r"\([^()]*\)", " ", outside)
    words = re.findall(r"[^\W\d_]+", outside)
    if not words:
        return False
    if lang == "ru":
        if words[0] in ("о", "об"):  # a bare name: «О местном самоуправлении»
            return False
        return any(w.startswith(_RU_KIND_WORDS) for w in words[:3]) or "кодекс" in outside
    if words[-1] == "жөнүндө":  # a bare name: «Жергиликтүү өз алдынча башкаруу жөнүндө»
        return False
    return any(w.startswith(_KY_KIND_WORDS) for w in words[-2:])  # the act word ends it


def act_kind(doc: Document) -> DocKind:
    """The document's kind, corrected by what its titles say (a "law" titled «Проект …» is a
    draft, a "law" titled «… кодекс …» is a code)."""
    ru = re.sub(r"\([^()]*\)", " ", _outside_quotes(doc.title.ru or "")).casefold().strip()
    ky = re.sub(r"\([^()]*\)", " ", _outside_quotes(doc.title.ky or "")).casefold().strip()
    if doc.kind in (DocKind.draft, DocKind.letter, DocKind.news, DocKind.organization):
        return doc.kind
    if ru.startswith("проект") or re.search(r"долбоору\s*$", ky):
        return DocKind.draft
    if doc.kind in (DocKind.law, DocKind.other):
        if ru.startswith("конституция") or ky.endswith("конституциясы"):
            return DocKind.constitution
        if re.search(r"(^|\s)кодекс(\s|$)", ru) or re.search(r"кодекси\s*$", ky):
            return DocKind.code
    return doc.kind


_KEEP_UPPER = frozenset("КР МСУ ЖӨБ ЖК АӨ ГАМСУМО ООН ПРООН".split())
_PROPER = (
    (r"кыргызской республики", "Кыргызской Республики"),
    (r"кыргызская республика", "Кыргызская Республика"),
    (r"кыргыз республикасы", "Кыргыз Республикасы"),
    (r"жогорку кене", "Жогорку Кене"),
    (r"жогорку кеңе", "Жогорку Кеңе"),
    (r"кабинет(а|ом|е)? министров", "Кабинет\\1 Министров"),
    (r"министрлер кабинет", "Министрлер Кабинет"),
)


def normal_case(title: str) -> str:
    """An ALL-CAPITALS title (as printed in headers) in normal case: "ВОДНЫЙ КОДЕКС КЫРГЫЗСКОЙ
    РЕСПУБЛИКИ" → "Водный кодекс Кыргызской Республики"; other titles are left as they are."""
    letters = [ch for ch in title if ch.isalpha()]
    if len(letters) < 8 or any(ch.islower() for ch in letters):
        return title
    words = []
    for word in title.split(" "):
        core = word.strip('«»„“"(),.;:')
        words.append(word if core in _KEEP_UPPER else word.lower())
    text = " ".join(words)
    for pattern, proper in _PROPER:
        text = re.sub(pattern, proper, text)
    # the first letter, and the first letter inside quotes, are capitals
    upper = lambda m: m.group(1) + m.group(2).upper()  # noqa: E731
    text = re.sub(r"(^|[«„\"]\s*)([^\W\d_])", upper, text)
    # Kyrgyz: the word after the state's name is a name too ("… Республикасынын Жер кодекси")
    text = re.sub(r"(Республикасынын\s+)([^\W\d_])", upper, text)
    return text


# Standard names of the codes in both languages (a code's name is a fixed term, so a code
# available in one language is still named correctly in the other).
_CODES = (
    ("Земельный", "Жер"),
    ("Водный", "Суу"),
    ("Бюджетный", "Бюджеттик"),
    ("Налоговый", "Салык"),
    ("Гражданский", "Жарандык"),
    ("Трудовой", "Эмгек"),
    ("Лесной", "Токой"),
    ("Семейный", "Үй-бүлө"),
    ("Уголовный", "Кылмыш-жаза"),
)


def _code_title(doc: Document, lang: str) -> str | None:
    """The standard title of a code in ``lang`` from its title in the other language."""
    other = getattr(doc.title, other_lang(lang), None) or ""
    low = normal_case(other).casefold()
    for ru, ky in _CODES:
        if lang == "ky" and re.match(rf"{ru.casefold()}\s+кодекс", low):
            return f"Кыргыз Республикасынын {ky} кодекси"
        if lang == "ru" and re.search(rf"(^|\s){ky.casefold()}\s+кодекси", low):
            return f"{ru} кодекс Кыргызской Республики"
    return None


def _title_in(doc: Document, lang: str) -> str | None:
    """The title in ``lang`` if the document has one that really is in that language."""
    value = getattr(doc.title, lang, None)
    if not value or not value.strip():
        return None
    if lang == "ru" and _KY_ONLY.search(value):
        return None
    if lang == "ky" and not _KY_ONLY.search(value) and len(_RU_FUNCTION.findall(value)) >= 1:
        return None
    return normal_case(_SPACES.sub(" ", value).strip())


def _issuer(doc: Document, lang: str) -> str | None:
    if doc.issuer is None:
        return None
    value = getattr(doc.issuer, lang, None)
    if not value or (lang == "ru" and _KY_ONLY.search(value)):
        return None
    return _SPACES.sub(" ", value).strip()


# --- forms per kind ------------------------------------------------------------------------------


def _ru_act_phrase(doc: Document, kind: DocKind) -> str:
    """«Закон Кыргызской Республики», «Постановление Правительства Кыргызской Республики», …"""
    issuer = _issuer(doc, "ru")
    if kind is DocKind.constitution:
        return "Конституция Кыргызской Республики"
    if kind is DocKind.code:
        return "Кодекс Кыргызской Республики"
    if kind is DocKind.law:
        return "Закон Кыргызской Республики"
    if kind is DocKind.presidential_decree:
        return "Указ Президента Кыргызской Республики"
    if kind is DocKind.parliament_decree:
        return "Постановление Жогорку Кенеша Кыргызской Республики"
    if kind is DocKind.government_decree:
        low = (issuer or "").casefold()
        if "кабинет" in low or (not issuer and doc.date and doc.date >= _CABINET_SINCE):
            return "Постановление Кабинета Министров Кыргызской Республики"
        if not issuer or "правительств" in low:
            return "Постановление Правительства Кыргызской Республики"
        return f"Постановление {ru_genitive(issuer)}"
    if kind is DocKind.order:
        return f"Приказ {ru_genitive(issuer)}" if issuer else "Приказ"
    raise ValueError(kind)


def _ky_act_parts(doc: Document, kind: DocKind) -> tuple[str, str]:
    """(issuer in the genitive, act word): ("Кыргыз Республикасынын", "Мыйзамы"), …"""
    issuer = _issuer(doc, "ky")
    republic = "Кыргыз Республикасынын"
    if kind is DocKind.constitution:
        return republic, "Конституциясы"
    if kind is DocKind.code:
        return republic, "кодекси"
    if kind is DocKind.law:
        return republic, "Мыйзамы"
    if kind is DocKind.presidential_decree:
        return f"{republic} Президентинин", "Жарлыгы"
    if kind is DocKind.parliament_decree:
        return f"{republic} Жогорку Кеңешинин", "токтому"
    if kind is DocKind.government_decree:
        low = (issuer or "").casefold()
        if "кабинет" in low or (not issuer and doc.date and doc.date >= _CABINET_SINCE):
            return f"{republic} Министрлер Кабинетинин", "токтому"
        if not issuer or "өкмөт" in low:
            return f"{republic} Өкмөтүнүн", "токтому"
        return ky_genitive(issuer), "токтому"
    if kind is DocKind.order:
        return (ky_genitive(issuer) if issuer else ""), "буйругу"
    raise ValueError(kind)


_KY_KIND_WORD = {  # what a bare name of this kind is followed by
    DocKind.program: "программасы",
    DocKind.concept: "концепциясы",
    DocKind.regulation: "жобосу",
    DocKind.letter: "каты",
}
_RU_KIND_WORD = {
    DocKind.program: "Программа",
    DocKind.concept: "Концепция",
    DocKind.regulation: "Положение",
    DocKind.letter: "Письмо",
}


def _is_constitution(doc: Document) -> bool:
    return act_kind(doc) is DocKind.constitution


def _meta_ru(doc: Document, title: str, *, prep: str = "от") -> str:
    parts = []
    if doc.date and not _has_date(title, doc.date):
        parts.append(f"{prep} {ru_date(doc.date)}")
    if doc.number and not _has_number(title, doc.number) and not _is_constitution(doc):
        parts.append(f"№ {doc.number}")
    return " ".join(parts)


def _meta_ky(doc: Document, title: str) -> str:
    parts = []
    if doc.date and not _has_date(title, doc.date):
        parts.append(ky_date(doc.date))
    if doc.number and not _has_number(title, doc.number) and not _is_constitution(doc):
        parts.append(f"№ {doc.number}")
    return " ".join(parts)


def _insert_ru(title: str, meta: str) -> str:
    """Put "от … № …" where Russian puts it: before the quoted name, before a trailing
    parenthetical, or at the end (before a stated number when only the date is missing)."""
    if not meta:
        return title
    title = normalize_quotes(title)
    quote = _top_quote(title)
    if meta.startswith("от") and "№" not in meta:
        m = re.search(r"\s(УП\s+)?№\s*\S", title[: quote[0]] if quote else title)
        if m:
            return f"{title[: m.start()]} {meta}{title[m.start() :]}"
    if quote:
        return f"{title[: quote[0]].rstrip()} {meta} {title[quote[0] :]}"
    m = re.search(r"\s*\([^()]*\)\s*$", title)
    if m:
        return f"{title[: m.start()]} {meta}{title[m.start() :]}"
    return f"{title} {meta}"


_KY_META_FORM = re.compile(
    r"^(?P<date>\d{4}\s*-\s*жыл\w*\s+\d{1,2}\s*-\s*\w+)?\s*"
    r"(?P<num>№\s*\S+)?\s*"
    r"(?P<name>«[^»]*»)\s*"
    r"(?P<post>[^«»()]*)$"
)


def _is_genitive(word: str) -> bool:
    return re.search(r"(н|д|т)[ыиуү]н$", word) is not None


def _issuer_run(words: list[str]) -> int:
    """How many leading words form a Kyrgyz issuer in the genitive ("Кыргыз Республикасынын
    Өкмөтүнүн", "Айыл өкмөтүнүн"); the last word is never counted."""
    n = 0
    while n < len(words) - 1:
        if _is_genitive(words[n]):
            n += 1
        elif words[n][:1].isupper() and n + 1 < len(words) - 1 and _is_genitive(words[n + 1]):
            n += 2
        else:
            break
    return n


def _insert_ky(title: str, meta: str) -> str:
    """Put "2021-жылдын 20-октябрындагы № 123" where Kyrgyz puts it: after the issuer in the
    genitive, before the act's name («name» Кыргыз Республикасынын Мыйзамы → Кыргыз
    Республикасынын <date> № <n> «name» Мыйзамы); an importer's "<date> № «name» Кыргыз
    Республикасынын Мыйзамы" is put in that order too."""
    title = normalize_quotes(title)
    m = _KY_META_FORM.match(title)
    if m is not None:
        post = m.group("post").split()
        run = _issuer_run(post)
        if run and run < len(post):  # "… «name» Кыргыз Республикасынын Мыйзамы"
            stated = " ".join(x for x in (m.group("date"), m.group("num")) if x)
            stated = re.sub(r"№\s*", "№ ", stated)
            head = " ".join(x for x in (*post[:run], stated, meta) if x)
            return f"{head} {m.group('name')} {' '.join(post[run:])}"
    if not meta:
        return title
    words = title.split(" ")
    n = _issuer_run(words)
    return " ".join([*words[:n], meta, *words[n:]])


def _act_ru(doc: Document, kind: DocKind, title: str | None) -> str:
    if title is None:  # no Russian title: kind, date and number identify the act
        return _clean(f"{_ru_act_phrase(doc, kind)} {_meta_ru(doc, '')}")
    if _names_kind(title, "ru"):
        return _insert_ru(title, _meta_ru(doc, title))
    if kind in (DocKind.constitution, DocKind.code):  # "Земельный" — a name without the kind
        return _insert_ru(f"{title} {_ru_act_phrase(doc, kind).split(' ', 1)[1]}", "")
    name = _unwrap(title)
    return f"{_ru_act_phrase(doc, kind)} {_meta_ru(doc, name)} {_quote(name)}"


def _act_ky(doc: Document, kind: DocKind, title: str | None) -> str:
    issuer, word = _ky_act_parts(doc, kind)
    if title is None:
        return _clean(f"{issuer} {_meta_ky(doc, '')} {word}")
    if _names_kind(title, "ky"):
        return _insert_ky(title, _meta_ky(doc, title))
    name = _unwrap(title)
    if kind in (DocKind.constitution, DocKind.code):
        return _clean(f"{issuer} {_meta_ky(doc, name)} {name} {word}")
    return _clean(f"{issuer} {_meta_ky(doc, name)} {_quote(name)} {word}")


def _draft_ru(doc: Document, title: str) -> str:
    if not re.match(r"проект", title, re.I):
        low = title.casefold()
        if "постановлени" in low:
            head = "Проект постановления"
        elif "указ" in low:
            head = "Проект указа"
        else:
            head = "Проект закона"
        title = f"{head} {_quote(_unwrap(title))}"
    if doc.date and not _has_date(title, doc.date):
        title += f" (по состоянию на {ru_date(doc.date)})"
    return title


def _draft_ky(doc: Document, title: str) -> str:
    if "долбоор" not in _outside_quotes(title).casefold():
        low = title.casefold()
        word = "токтомунун" if "токтом" in low else "мыйзамынын"
        title = f"{_quote(_unwrap(title))} {word} долбоору"
    if doc.date and not _has_date(title, doc.date):
        title += f" ({ky_date(doc.date)} абал боюнча)"
    return title


def _letter_ru(doc: Document, title: str) -> str:
    if re.match(r"письм", title, re.I):
        return _insert_ru(title, _meta_ru(doc, title))
    issuer = _issuer(doc, "ru")
    head = f"Письмо {ru_genitive(issuer)}" if issuer else "Письмо"
    return _clean(f"{head} {_meta_ru(doc, title)} {_quote(_unwrap(title))}")


def _letter_ky(doc: Document, title: str) -> str:
    if re.search(r"(^|\s)каты(\s|$)", _outside_quotes(title).casefold()):
        return _insert_ky(title, _meta_ky(doc, title))
    issuer = _issuer(doc, "ky")
    head = ky_genitive(issuer) if issuer else ""
    return _clean(f"{head} {_meta_ky(doc, title)} {_quote(_unwrap(title))} каты")


def _named_ru(doc: Document, kind: DocKind, title: str) -> str:
    """Programs, concepts, regulations and other documents: their own title."""
    word = _RU_KIND_WORD.get(kind)
    if word and not _names_kind(title, "ru"):
        title = f"{word} {_quote(_unwrap(title))}"
    return _insert_ru(title, _meta_ru(doc, title))


# the last word of a Kyrgyz issuer in the genitive ("… Министрлер Кабинетинин", "… Өкмөтүнүн")
_KY_ISSUER_END = re.compile(
    r"(?:республикасынын|кабинетинин|өкмөтүнүн|окмотунун|кеңешинин|кенешинин|министрлигинин"
    r"|башчысынын|президентинин|агенттигинин|кызматынын|комитетинин|мэриясынын|бийлигинин"
    r"|палатасынын|банкынын|фондунун|инспекциясынын|департаментинин)$",
    re.IGNORECASE,
)


def _named_ky(doc: Document, kind: DocKind, title: str) -> str:
    word = _KY_KIND_WORD.get(kind)
    if word and not _names_kind(title, "ky"):
        title = f"{_quote(_unwrap(title))} {word}"
    words = title.split(" ")
    run = _issuer_run(words)
    if run and _KY_ISSUER_END.search(words[run - 1]):  # not "Жарандардын жыйындары …"
        return _insert_ky(title, _meta_ky(doc, title))
    parts = []
    if doc.date and not _has_date(title, doc.date):
        parts.append(ky_date_plain(doc.date))
    if doc.number and not _has_number(title, doc.number):
        parts.append(f"№ {doc.number}")
    return ", ".join([title, *parts])


@dataclass(frozen=True, slots=True)
class _DocumentForms:
    """How one language writes a document that is not an article: a news item (dated or
    not), an organization, and the functions for drafts, letters and named acts."""

    news_dated: str  # {date} {title}
    news: str  # {title}
    organization: str  # {title}
    date: Callable[[dt.date], str]
    draft: Callable[[Document, str], str]
    letter: Callable[[Document, str], str]
    named: Callable[[Document, DocKind, str], str]


_DOCUMENT_FORMS = {
    "ru": _DocumentForms(
        "Новость от {date}: {title}",
        "Новость: {title}",
        "Сведения об организации: {title}",
        ru_date,
        _draft_ru,
        _letter_ru,
        _named_ru,
    ),
    "ky": _DocumentForms(
        "{date} жаңылык: {title}",
        "Жаңылык: {title}",
        "Уюм жөнүндө маалымат: {title}",
        ky_date,
        _draft_ky,
        _letter_ky,
        _named_ky,
    ),
}


def _document_line(doc: Document, kind: DocKind, title: str, lang: str) -> str:
    forms = _DOCUMENT_FORMS[lang]
    if kind is DocKind.news:
        if doc.date and not _has_date(title, doc.date):
            return forms.news_dated.format(date=forms.date(doc.date), title=title)
        return forms.news.format(title=title)
    if kind is DocKind.organization:
        return forms.organization.format(title=title)
    if kind is DocKind.draft:
        return forms.draft(doc, title)
    if kind is DocKind.letter:
        return forms.letter(doc, title)
    return forms.named(doc, kind, title)


# --- articles ------------------------------------------------------------------------------------


def _article_number(passage: Any) -> str:
    article = str(getattr(passage, "article", None) or "").strip()
    article = re.sub(r"^(статья|ст\.?|берене)\s*", "", article, flags=re.I)
    article = re.sub(r"-?берене(си)?$", "", article, flags=re.I)
    return article.strip(" .")


def _article(passage: Any, lang: str) -> str:
    """ ", статья 13 «heading»" / ", 13-берене «heading»": the heading in ``lang``; a Kyrgyz
    citation also quotes a Russian-only act's heading as the act has it."""
    if passage is None:
        return ""
    article = _article_number(passage)
    if not article:
        return _appendix(passage, lang)
    point = "." in article and not article.endswith(".")
    if lang == "ky":
        text = f", {article}-пункт" if point else f", {article}-берене"
    else:
        text = f", пункт {article}" if point else f", статья {article}"
    text = _scope(passage, lang) + text
    heading = getattr(passage, "heading", None)
    if heading:
        # an asker answered from an act imported in the other language only still gets the
        # article's heading, quoted as the act's official wording (the answer says the text is
        # the act's own, untranslated)
        heading = _SPACES.sub(" ", heading).strip().rstrip(".;:")
        heading = re.sub(r"^(статья|берене)\s*[\d.-]+\s*[.:]?\s*", "", heading, flags=re.I)
        if heading:
            text += f" {_quote(_unwrap(heading))}"
    if getattr(passage, "repealed", False):
        text += " (утратила силу)" if lang == "ru" else " (күчүн жоготкон)"
    return text


_APPENDIX_SOURCE = re.compile(
    r"^(?:приложение(?:\s*(?:№|N)?\s*(\d{1,3}))?|(?:(\d{1,3})\s*-\s*)?тиркеме)"
    r"(?:\s+(?:к|ко|кошумча)\s[^.›]*)?(?:\.\s*([^›]+?))?\s*(?:›|$)",
    re.IGNORECASE,
)


def _appendix(passage: Any, lang: str) -> str:
    """ ", приложение 1 «Положение о …»" / ", 1-тиркеме «…»": a passage of an act's appendix
    (the importer's source "Приложение 1 к … . Положение о … › 2. …")."""
    found = _APPENDIX_SOURCE.match(str(getattr(passage, "source", None) or ""))
    if not found:
        return ""
    number = found.group(1) or found.group(2)
    if lang == "ky":
        text = f", {number}-тиркеме" if number else ", тиркеме"
    else:
        text = f", приложение {number}" if number else ", приложение"
    name = (found.group(3) or "").strip()
    if name and getattr(passage, "lang", lang) == lang:
        text += f" {_quote(_unwrap(name))}"
    return text


_PART_ID = re.compile(r"^pt(\d+)-")
_PART_LABEL = re.compile(r"^\s*(?:часть|раздел\s+\S+\s+часть)\b|^\s*\S+\s*-?\s*бөлүк\b", re.I)


def _scope(passage: Any, lang: str) -> str:
    """ ", часть 2" / ", 2-бөлүк" before the article of a code's second part, ", глава 3" /
    ", 3-глава" in an act that numbers its articles anew in each chapter: what tells apart two
    articles of one act that share a number (the importer gives them "pt2-…" ids)."""
    found = _PART_ID.match(str(getattr(passage, "id", "") or ""))
    if not found:
        return ""
    source = str(getattr(passage, "source", None) or "")
    if _PART_LABEL.match(source) or not chapter_number(source):
        part = found.group(1)
        return f", {part}-бөлүк" if lang == "ky" else f", часть {part}"
    chapter = chapter_number(source)
    return f", {chapter}-глава" if lang == "ky" else f", глава {chapter}"


# --- public API ------------------------------------------------------------------------------


def point_citation(point: str, kind: str | None, lang: str, sub: str | None = None) -> str:
    """ ", пункт 2" / ", часть 2" / ", 2-пункт" / ", 2-бөлүк": the point or part of an article
    (or of a decree) a lookup asked for, put after the article's citation; with the item
    asked inside it: ", часть 1, пункт 5" / ", пункт 2, подпункт а" / ", 1-бөлүк, 5-пункт" /
    ", 2-пункт, а-пунктча"."""
    part = kind == "part"
    if lang == "ru":
        out = f", {'часть' if part else 'пункт'} {point}"
        if sub:
            out += f", {'пункт' if part else 'подпункт'} {sub if sub.isdigit() else f'«{sub}»'}"
        return out
    out = f", {point}-{'бөлүк' if part else 'пункт'}"
    if sub:
        word = "пункт" if part else "пунктча"
        out += f", {sub}-{word}" if sub.isdigit() else f", «{sub}» {word}"
    return out


def code_name(doc: Document, lang: str) -> str | None:
    """A code's standard title in ``lang`` when the document has none in that language
    ("Кыргыз Республикасынын Суу кодекси" for the Russian-only Water Code), else None."""
    lang = "ru" if lang == "ru" else "ky"
    if (getattr(doc.title, lang, None) or "").strip() or act_kind(doc) is not DocKind.code:
        return None
    return _code_title(doc, lang)


def article_label(passage: Any, lang: str = "ky") -> str | None:
    """The article part of a citation alone — "статья 69 «Водоохранные зоны»" / "69-берене
    «…»" — for a list of articles to choose from; None for a passage that is no article."""
    return _article_label(
        str(getattr(passage, "article", None) or ""),
        getattr(passage, "heading", None),
        getattr(passage, "lang", lang),
        bool(getattr(passage, "repealed", False)),
        "ru" if lang == "ru" else "ky",
    )


@functools.lru_cache(maxsize=4096)
def _article_label(
    article: str, heading: str | None, text_lang: str, repealed: bool, lang: str
) -> str | None:
    passage = SimpleNamespace(article=article, heading=heading, lang=text_lang, repealed=repealed)
    return _article(passage, lang).removeprefix(", ") or None


@dataclass(frozen=True, slots=True)
class Citation:
    text: str
    lang: str  # the language the citation is written in
    requested: str  # the language asked for (differs when the document lacks it)

    @property
    def fallback(self) -> bool:
        return self.lang != self.requested


def other_lang(lang: str) -> str:
    return "ky" if lang == "ru" else "ru"


def cite(doc: Document, passage: Any = None, lang: str = "ky") -> Citation:
    """The citation of ``doc`` (and of the passage's article) in ``lang`` if the document has
    that language; otherwise an act with a date and number is still cited in ``lang`` by them,
    and anything else in the language the document has (``Citation.lang`` says which)."""
    lang = "ru" if lang == "ru" else "ky"
    issuer = doc.issuer
    key = (
        lang, str(doc.kind), doc.number, doc.date, doc.title.ru, doc.title.ky,
        getattr(issuer, "ru", None), getattr(issuer, "ky", None),
    )  # fmt: skip
    found = _DOCUMENT_LINES.get(key)
    if found is None:
        if len(_DOCUMENT_LINES) >= _DOCUMENT_LINES_MAX:
            _DOCUMENT_LINES.clear()
        found = _DOCUMENT_LINES[key] = _document_citation(doc, lang)
    text, write = found
    return Citation(text=text + _article(passage, write), lang=write, requested=lang)


# the document part of a citation by what it is made of: every search result is cited, and
# the act's line (titles, kind words, dates, quotes) cost a quarter of a search's time
_DOCUMENT_LINES: dict[tuple[Any, ...], tuple[str, str]] = {}
_DOCUMENT_LINES_MAX = 4096


def _document_citation(doc: Document, lang: str) -> tuple[str, str]:
    """The citation of ``doc`` without an article, and the language it is written in."""
    kind = act_kind(doc)
    title = _title_in(doc, lang)
    if kind in ACTS and title and len(re.findall(r"[^\W\d_]+", title)) == 1:
        title = None  # a placeholder title ("Жарлык", "Закон"): the act is cited by its data
    write = lang
    if title is None and kind is DocKind.code:
        title = _code_title(doc, lang)
    constitution = kind is DocKind.constitution  # named by its kind alone, no number
    named_by_data = (
        kind in ACTS and kind is not DocKind.code and doc.date and (doc.number or constitution)
    )
    if title is None and named_by_data and not constitution:
        # an act in the other language only: its own name, quoted as the act has it (as its
        # article's heading is below), tells the reader which law "№ 123 Мыйзамы" / "Закон … №
        # 67" is
        own = _title_in(doc, other_lang(lang))
        if own is not None and len(re.findall(r"[^\W\d_]+", own)) > 1:  # not "Жарлык"
            title = _bare_name(own, other_lang(lang))
    if title is None and not named_by_data:
        other = other_lang(lang)
        if _title_in(doc, other) is not None:
            write, title = other, _title_in(doc, other)
        else:  # neither title passes the language check: use what there is
            title = normal_case(_SPACES.sub(" ", doc.title.get(lang)).strip())
    if kind in ACTS:
        text = _act_ru(doc, kind, title) if write == "ru" else _act_ky(doc, kind, title)
    else:
        assert title is not None
        text = _document_line(doc, kind, title, "ru" if write == "ru" else "ky")
    return _clean(normalize_quotes(text)), write


def format_citation(doc: Document, passage: Any = None, lang: str = "ky") -> str:
    """The citation of ``doc`` (and of the passage's article) as text; see :func:`cite`.

    ``passage`` is a :class:`~knowledge.models.Passage` (or anything with ``article``,
    ``heading``, ``lang``)."""
    return cite(doc, passage, lang).text


def faq_citation(
    entry: FaqEntry,
    documents: dict[str, Document],
    lang: str = "ky",
    passages: Mapping[tuple[str, str], Any] | None = None,
) -> str:
    """Citation of an FAQ answer: the citations of its references, or a plain FAQ label.

    ``passages`` maps (document id, passage id) to passages (anything with ``article``) when
    the documents are kept without theirs (as the search engine does)."""
    cites: list[str] = []
    for ref in entry.refs:
        doc = documents.get(ref.doc)
        if doc is None:
            continue
        passage: Any = None
        if ref.passage:
            if passages is not None:
                passage = passages.get((doc.id, ref.passage))
            if passage is None:
                passage = next((p for p in doc.passages if p.id == ref.passage), None)
        if passage is None and ref.article:
            passage = Passage(id="ref", text="-", article=ref.article, lang=lang)
        cite_text = format_citation(doc, passage, lang)
        if cite_text not in cites:
            cites.append(cite_text)
    if cites:
        return "; ".join(cites)
    return (
        "«Кеңешчи» билим базасы: көп берилүүчү суроолор"
        if lang == "ky"
        else ("База знаний «Кенешчи»: частые вопросы")
    )
