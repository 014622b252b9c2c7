"""Human citations of knowledge-base sources, in Kyrgyz and Russian.

``format_citation(doc, passage, "ky")`` →
``Кыргыз Республикасынын Өкмөтүнүн 2018-жылдын 31-октябрындагы №513 токтому, 3-берене``;
``format_citation(doc, passage, "ru")`` →
``Постановление Правительства КР от 31 октября 2018 года № 513, статья 3``.
Acts without a standard form (programs, organisations, news) are cited by their title, number
and date, followed by where the knowledge base knows them from (``doc.source``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from knowledge.models import DocKind, Document, FaqEntry, Passage

_KY_MONTH_ATTR = {
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

# kind -> (default Kyrgyz issuer in the genitive, Kyrgyz act word, Russian act phrase)
_ACTS: dict[DocKind, tuple[str, str, str]] = {
    DocKind.law: ("Кыргыз Республикасынын", "Мыйзамы", "Закон Кыргызской Республики"),
    DocKind.government_decree: (
        "Кыргыз Республикасынын Өкмөтүнүн",
        "токтому",
        "Постановление Правительства КР",
    ),
    DocKind.presidential_decree: (
        "Кыргыз Республикасынын Президентинин",
        "Жарлыгы",
        "Указ Президента КР",
    ),
    DocKind.parliament_decree: (
        "Кыргыз Республикасынын Жогорку Кеңешинин",
        "токтому",
        "Постановление Жогорку Кенеша КР",
    ),
    DocKind.order: ("", "буйругу", "Приказ"),
}

_VOWELS = "аеёиоуыэюяөү"
_VOICELESS = "кпстфхцчшщ"


def ky_genitive(phrase: str) -> str:
    """Genitive of the last word of a Kyrgyz noun phrase (``Өкмөтү`` → ``Өкмөтүнүн``)."""
    phrase = phrase.strip()
    if not phrase:
        return phrase
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


def ky_date(date: dt.date) -> str:
    return f"{date.year}-жылдын {date.day}-{_KY_MONTH_ATTR[date.month]}"


def ru_date(date: dt.date) -> str:
    return f"{date.day} {_RU_MONTH_GEN[date.month]} {date.year} года"


def _article(passage: Any, lang: str) -> str:
    if passage is None or not passage.article:
        return ""
    article = passage.article.strip()
    if "." in article:  # a point: "2.1"
        return f", {article}-пункт" if lang == "ky" else f", пункт {article}"
    return f", {article}-берене" if lang == "ky" else f", статья {article}"


def _number(doc: Document, lang: str) -> str:
    if not doc.number:
        return ""
    return f"№{doc.number}" if lang == "ky" else f"№ {doc.number}"


def _ru_issuer(default: str, issuer: str) -> str:
    """Russian act phrase for an explicit issuer (no general declension: known bodies only)."""
    low = issuer.casefold()
    head = default.split()[0]
    if "кабинет" in low:
        return f"{head} Кабинета Министров КР"
    if any(word in low for word in ("правительств", "президент", "жогорку")):
        return default
    return f"{default} ({issuer})"


def format_citation(doc: Document, passage: Any = None, lang: str = "ky") -> str:
    """The citation of ``doc`` (and of the passage's article) in ``lang`` (``ky``/``ru``).

    ``passage`` is a :class:`~knowledge.models.Passage` (or anything with ``article``)."""
    lang = "ru" if lang == "ru" else "ky"
    act = _ACTS.get(doc.kind)
    number = _number(doc, lang)
    if act is not None and (doc.number or doc.date):
        issuer_ky, word_ky, phrase_ru = act
        if doc.issuer is not None and doc.kind is not DocKind.law:
            if lang == "ky" and doc.issuer.ky:
                issuer_ky = ky_genitive(doc.issuer.ky)
            elif lang == "ru" and doc.issuer.ru:
                phrase_ru = _ru_issuer(phrase_ru, doc.issuer.ru)
        if lang == "ky":
            parts = [issuer_ky]
            if doc.date:
                parts.append(ky_date(doc.date) + ("" if doc.number else "ы"))
            if number:
                parts.append(number)
            if doc.kind is DocKind.law:
                parts.append(f"«{doc.title.get('ky')}»")
            parts.append(word_ky)
            text = " ".join(p for p in parts if p)
        else:
            parts = [phrase_ru]
            if doc.date:
                parts.append(f"от {ru_date(doc.date)}")
            if number:
                parts.append(number)
            if doc.kind is DocKind.law:
                parts.append(f"«{doc.title.get('ru')}»")
            text = " ".join(p for p in parts if p)
        return text + _article(passage, lang)
    # programs, concepts, organisations, news: title, number, date, then the source
    title = doc.title.get(lang)
    parts = [f"«{title}»" if title else ""]
    if number:
        parts.append(number)
    if doc.date:
        parts.append(ky_date(doc.date) if lang == "ky" else f"от {ru_date(doc.date)}")
    text = " ".join(p for p in parts if p)
    text += _article(passage, lang)
    if doc.source:
        text += f" — {doc.source}"
    return text


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
            passage = Passage(id="ref", text="-", article=ref.article)
        cite = format_citation(doc, passage, lang)
        if cite not in cites:
            cites.append(cite)
    if cites:
        return "; ".join(cites)
    return "Keneshchi: көп берилүүчү суроолор" if lang == "ky" else "Keneshchi: частые вопросы"
