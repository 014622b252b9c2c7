"""Act metadata from its header (and signature) lines, in Russian or Kyrgyz.

kind (Кодекс/кодекси, Закон/Мыйзамы, Постановление/токтому by issuer, Указ/Жарлыгы,
Положение/Жобо, Приказ/Буйрук, Проект/долбоору, Конституция, ...), title in normal case, number
and date ("от 12 января 2005 года № 8", "2021-жылдын 20-октябры № 123", "№ 8 от 12.01.2005",
"г.Бишкек, 12 января 2005 года, № 8"), issuer and language.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from knowledge.models import Bilingual, DocKind

_RU_MONTHS = {
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7,
    "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
}  # fmt: skip
_KY_MONTHS = {
    "январ": 1, "феврал": 2, "март": 3, "апрел": 4, "май": 5, "июн": 6, "июл": 7,
    "август": 8, "сентябр": 9, "октябр": 10, "ноябр": 11, "декабр": 12,
}  # fmt: skip
KY_MONTH_DAGY = {
    1: "январындагы", 2: "февралындагы", 3: "мартындагы", 4: "апрелиндеги", 5: "майындагы",
    6: "июнундагы", 7: "июлундагы", 8: "августундагы", 9: "сентябрындагы", 10: "октябрындагы",
    11: "ноябрындагы", 12: "декабрындагы",
}  # fmt: skip
RU_DATE = re.compile(
    r"\b(\d{1,2})\s*(" + "|".join(_RU_MONTHS) + r")\s*(\d{4})\s*(?:года|г\.?)?", re.IGNORECASE
)
KY_DATE = re.compile(
    r"\b(\d{4})\s*-?\s*ж(?:ыл|\.)\w*\s*(\d{1,2})\s*-\s*(" + "|".join(_KY_MONTHS) + r")\w*",
    re.IGNORECASE,
)
NUM_DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")
NUMBER = re.compile(
    r"(?:№|\bN(?=\s*\d)|\bNo\.?(?=\s*\d))\s*(\d+(?:\s*[-/]\s*[0-9A-Za-zА-Яа-яIVXӨҮҢөүң]+)*)"
)
_PLACE = re.compile(r"^(г\.|город|шаары|бишкек|ош\b)", re.IGNORECASE)
_ADOPTED = re.compile(r"^(принят|одобрен|кабыл\s+алынган|жактырылган)", re.IGNORECASE)

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


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def find_dates(text: str) -> list[tuple[int, dt.date]]:
    found: list[tuple[int, dt.date | None]] = []
    for match in RU_DATE.finditer(text):
        day, month, year = int(match[1]), _RU_MONTHS[match[2].lower()], int(match[3])
        found.append((match.start(), _safe_date(year, month, day)))
    for match in KY_DATE.finditer(text):
        month = next(v for k, v in _KY_MONTHS.items() if match[3].lower().startswith(k))
        found.append((match.start(), _safe_date(int(match[1]), month, int(match[2]))))
    for match in NUM_DATE.finditer(text):
        found.append((match.start(), _safe_date(int(match[3]), int(match[2]), int(match[1]))))
    return sorted((pos, d) for pos, d in found if d is not None and 1900 < d.year < 2100)


def guess_date(text: str) -> dt.date | None:
    dates = find_dates(text)
    return dates[0][1] if dates else None


def guess_number(text: str) -> str | None:
    match = NUMBER.search(text)
    return re.sub(r"\s+", "", match[1]) if match else None


def is_meta_line(line: str) -> bool:
    return bool(
        RU_DATE.search(line)
        or KY_DATE.search(line)
        or NUM_DATE.search(line)
        or NUMBER.search(line)
        or _PLACE.match(line)
    )


def number_and_date(
    header: Sequence[str], trailer: Sequence[str]
) -> tuple[str | None, dt.date | None]:
    """The act's own number and date: from a header line holding both, else the signature
    block ("г.Бишкек, 12 января 2005 года, № 8"), else the first of each in the header."""
    for lines in (header, list(reversed(trailer))):
        for line in lines:
            if _ADOPTED.match(line):
                continue
            number, dates = guess_number(line), find_dates(line)
            if number and dates:
                return number, dates[0][1]
    usable = [h for h in header if not _ADOPTED.match(h)]
    text = "\n".join(usable)
    number = guess_number(text)
    date = guess_date(text)
    tail = "\n".join(trailer)
    if number is None:
        number = guess_number(tail)
    if date is None:
        date = guess_date(tail) or guess_date("\n".join(header))
    return number, date


# -- kind and issuer ----------------------------------------------------------------------------

_ISSUERS = {
    "parliament": Bilingual(
        ky="Кыргыз Республикасынын Жогорку Кеңеши", ru="Жогорку Кенеш Кыргызской Республики"
    ),
    "president": Bilingual(
        ky="Кыргыз Республикасынын Президенти", ru="Президент Кыргызской Республики"
    ),
    "government": Bilingual(
        ky="Кыргыз Республикасынын Өкмөтү", ru="Правительство Кыргызской Республики"
    ),
    "cabinet": Bilingual(
        ky="Кыргыз Республикасынын Министрлер Кабинети",
        ru="Кабинет Министров Кыргызской Республики",
    ),
    # the people: the constitutions of 2010 and 2021 were adopted by referendum
    "referendum": Bilingual(
        ky="референдум (бүткүл элдик добуш берүү)", ru="референдум (всенародное голосование)"
    ),
}
_REFERENDUM = re.compile(r"референдум", re.I)

_ISSUER_PATTERNS = [
    (re.compile(r"жогорку\s+ке[ңн]еш", re.I), "parliament"),
    (re.compile(r"кабинет\w*\s+министров|министрлер\s+кабинет", re.I), "cabinet"),
    (re.compile(r"правительств|өкмөт|окмот", re.I), "government"),
    (re.compile(r"президент", re.I), "president"),
]

# (pattern, kind) in priority order, applied line by line to the header.
_KIND_PATTERNS: list[tuple[re.Pattern[str], DocKind | str]] = [
    (re.compile(r"^\s*проект\b|\bдолбоор", re.I), DocKind.draft),
    (re.compile(r"^\s*конституци|конституциясы\b", re.I), DocKind.constitution),
    (re.compile(r"^\s*(указ|жарлы[гк])|\bжарлыгы\b|\bуказ\s+президента", re.I), "presidential"),
    (re.compile(r"^\s*(постановлени|токтом)|\bтоктому\b", re.I), "decree"),
    (re.compile(r"^\s*(распоряжени|тескеме)|\bтескемеси\b", re.I), DocKind.order),
    (
        re.compile(
            r"^\s*(?:[\w-]+\s+){0,3}кодекс\w*(?:\s+кыргызской\s+республики)?"
            r"(?:\s*\(.*\))?(?:\s+от\s.*|\s*№.*)?\s*$"
            r"|^\s*кыргыз\s+республикасынын\s+[\w\s-]{0,40}кодекси\b|^\s*кодекс\b",
            re.I,
        ),
        DocKind.code,
    ),
    (re.compile(r"^\s*закон\b|\bзакон\s+кыргызской|\bмыйзам(ы)?\b", re.I), DocKind.law),
    (re.compile(r"^\s*(приказ|буйру[кг])", re.I), DocKind.order),
    (re.compile(r"^\s*(положение|порядок|регламент|правила|жобо|тартиби?|эрежел)", re.I), "reg"),
    (re.compile(r"^\s*программа\b|\bпрограммасы\b", re.I), DocKind.program),
    (re.compile(r"^\s*концепци", re.I), DocKind.concept),
    (re.compile(r"^\s*(письмо|кат)\b", re.I), DocKind.letter),
]


def guess_issuer(lines: Sequence[str]) -> str | None:
    for line in lines:
        for pattern, issuer in _ISSUER_PATTERNS:
            if pattern.search(line):
                return issuer
    return None


def guess_kind(lines: Sequence[str]) -> tuple[DocKind, int | None]:
    """The kind and the index of the header line that names it."""
    for index, line in enumerate(lines):
        if len(line) > 200:
            continue
        for pattern, kind in _KIND_PATTERNS:
            if not pattern.search(line):
                continue
            if kind == "presidential":
                return DocKind.presidential_decree, index
            if kind == "reg":
                return DocKind.regulation, index
            if kind == "decree":
                issuer = guess_issuer(lines[index : index + 3])
                if issuer == "parliament":
                    return DocKind.parliament_decree, index
                if issuer == "president":
                    return DocKind.presidential_decree, index
                return DocKind.government_decree, index
            return kind, index  # type: ignore[return-value]
    return DocKind.other, None


def issuer_for(kind: DocKind, header: Sequence[str]) -> Bilingual | None:
    named = guess_issuer(header[:6])
    if kind is DocKind.constitution and any(_REFERENDUM.search(line) for line in header[:6]):
        return _ISSUERS["referendum"]  # "принята референдумом", "референдумда кабыл алынган"
    if kind in (DocKind.code, DocKind.law, DocKind.constitution, DocKind.parliament_decree):
        return _ISSUERS["parliament"]
    if kind is DocKind.presidential_decree:
        return _ISSUERS["president"]
    if kind is DocKind.government_decree:
        return _ISSUERS["cabinet" if named == "cabinet" else "government"]
    return _ISSUERS.get(named) if named else None


# -- titles -------------------------------------------------------------------------------------

_PROPER = [
    # (lower-case form, as written); longest first so that phrases win
    ("кыргызской республики", "Кыргызской Республики"),
    ("кыргызская республика", "Кыргызская Республика"),
    ("кыргызской республике", "Кыргызской Республике"),
    ("кыргызскую республику", "Кыргызскую Республику"),
    ("кыргыз республикасынын", "Кыргыз Республикасынын"),
    ("кыргыз республикасы", "Кыргыз Республикасы"),
    ("жогорку кенеш", "Жогорку Кенеш"),
    ("жогорку кеңеш", "Жогорку Кеңеш"),
    ("кабинета министров", "Кабинета Министров"),
    ("кабинет министров", "Кабинет Министров"),
    ("министрлер кабинет", "Министрлер Кабинет"),
    ("президента", "Президента"),
    ("президентинин", "Президентинин"),
    ("правительства", "Правительства"),
    ("өкмөтүнүн", "Өкмөтүнүн"),
    ("кыргызстан", "Кыргызстан"),
    ("конституци", "Конституци"),  # Конституция / Конституциясы / Конституционный Закон
    ("бишкек", "Бишкек"),
]
_ABBREVIATIONS = {
    "кр", "мсу", "омсу", "жөб", "жк", "жма", "мга", "еаэс", "оон", "снг", "нпа", "ооо", "оао",
    "чуа", "ао", "ссср", "рф", "ндс", "гкнб", "мвд", "ия", "ээб",
}  # fmt: skip
_ROMAN = re.compile(r"^[IVXLC]+[.,]?$")


_LETTERS = re.compile(r"[^\W\d_]+")
_LOWERS = re.compile(r"[a-zа-яёөүң]+")


def is_mostly_upper(text: str) -> bool:
    """At least 70 % of the letters are capitals ("ВОДНЫЙ КОДЕКС КЫРГЫЗСКОЙ РЕСПУБЛИКИ")."""
    text = text[:300]
    letters = len(text) - len(_LETTERS.sub("", text))
    lowers = len(text) - len(_LOWERS.sub("", text))
    return letters > 0 and lowers <= 0.3 * letters


def normal_case(text: str) -> str:
    """ "ВОДНЫЙ КОДЕКС КЫРГЫЗСКОЙ РЕСПУБЛИКИ" → "Водный кодекс Кыргызской Республики"."""
    text = re.sub(r"\s+", " ", text).strip()
    if not is_mostly_upper(text):
        return text
    words = []
    for word in text.split(" "):
        core = word.strip("«»\"'()[],.;:")
        if _ROMAN.match(core) or core.lower() in _ABBREVIATIONS:
            words.append(word)
        else:
            words.append(word.lower())
    result = " ".join(words)
    for lower, proper in _PROPER:
        result = re.sub(rf"(?<![а-яөүң]){lower}", proper, result)
    first = next((i for i, ch in enumerate(result) if ch.isalpha()), None)
    if first is not None:
        result = result[:first] + result[first].upper() + result[first + 1 :]
    # "Раздел I. общие положения" → "Раздел I. Общие положения"
    result = re.sub(r"([.!?]\s+)([а-яөүңa-z])", lambda m: m[1] + m[2].upper(), result)
    # Kyrgyz code titles: "Кыргыз Республикасынын жер кодекси" → "... Жер кодекси"
    result = re.sub(
        r"(Кыргыз Республикасынын )([а-яөүң])(\w* кодекси)",
        lambda m: m[1] + m[2].upper() + m[3],
        result,
    )
    return result


_QUOTED = re.compile(r"[«“\"]([^»”\"]{4,300})[»”\"]")
_RU_TITLE_START = re.compile(r"^(о|об|обо|по|вопросы)\s", re.IGNORECASE)
_KY_TITLE_END = re.compile(r"(жөнүндө|жонундо|тууралуу)\s*[»”\"]?\s*$", re.IGNORECASE)


# a sentence of the preamble ("В соответствии со статьей 13 Закона … "О пастбищах" …
# постановляет:"): the acts it quotes are not this act's name
_PREAMBLE = re.compile(
    r"в\s+соответствии|согласно|на\s+основании|в\s+целях|ылайык|негизинде|максатында"
    r"|[:;]\s*$",
    re.IGNORECASE,
)


def guess_name(header: Sequence[str]) -> str | None:
    """The act's name: the "О ..." / "... жөнүндө" lines of the header, or a quoted phrase of a
    title line (not of the preamble, which quotes other acts: "В соответствии с Законом "О …"")
    — whichever comes first."""
    titled = [line for line in header if not (len(line) > 200 or _PREAMBLE.search(line))]
    quoted = _QUOTED.search(" ".join(titled))
    for index, line in enumerate(header):
        if not (_RU_TITLE_START.match(line) or _KY_TITLE_END.search(line)):
            if quoted and _QUOTED.search(line) and line in titled:
                break  # "Закон Кыргызской Республики "О местном самоуправлении"" on top
            continue
        words = [line]
        if not _RU_TITLE_START.match(line):
            # A Kyrgyz title wrapped over lines ends with "жөнүндө": take its first lines.
            for previous in reversed(header[max(0, index - 2) : index]):
                if is_meta_line(previous) or previous.startswith("(") or len(previous) > 150:
                    break
                if guess_kind([previous])[0] is not DocKind.other:
                    break
                words.insert(0, previous)
        if not _KY_TITLE_END.search(line):
            # A title wrapped over lines continues in lower case ("и органах ...").
            for following in header[index + 1 : index + 4]:
                if is_meta_line(following):
                    break
                if not (following[:1].islower() or is_mostly_upper(line + following)):
                    break
                words.append(following)
                if _KY_TITLE_END.search(following):
                    break
        name = normal_case(" ".join(words))
        return name[:1].upper() + name[1:]
    if quoted:
        return normal_case(quoted[1].strip())
    return None


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


_DECREE_ISSUER = {  # whose decree: "Постановление Кабинета Министров …", "… Өкмөтүнүн токтому"
    "ru": {
        "cabinet": "Постановление Кабинета Министров Кыргызской Республики",
        "government": "Постановление Правительства Кыргызской Республики",
    },
    "ky": {
        "cabinet": "Кыргыз Республикасынын Министрлер Кабинетинин",
        "government": "Кыргыз Республикасынын Өкмөтүнүн",
    },
}


def compose_title(
    kind: DocKind,
    name: str,
    number: str | None,
    date: dt.date | None,
    lang: str,
    issuer: str | None = None,
) -> str:
    """A full title: «Закон Кыргызской Республики от 20 октября 2021 года № 123 «О ...»»;
    a government decree names its issuer (``guess_issuer``: "cabinet", "government")."""
    by = _DECREE_ISSUER[lang].get(issuer or "") if kind is DocKind.government_decree else None
    if lang == "ru":
        prefix = by or _KIND_TITLE["ru"].get(kind)
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
    when = f"{date.year}-жылдын {date.day}-{KY_MONTH_DAGY[date.month]} " if date else ""
    num = f"№{number} " if number else ""
    return f"{by + ' ' if by else ''}{when}{num}«{name}» {suffix}".strip()


_COUNTRY_LINE = re.compile(r"^(кыргызской\s+республики|кыргыз\s+республикасынын)$", re.IGNORECASE)
_STRIP_META = re.compile(
    r"\s*(?:от\s+)?(?:\d{1,2}\s*(?:" + "|".join(_RU_MONTHS) + r")\s*\d{4}\s*(?:года|г\.?)?"
    r"|\d{1,2}\.\d{1,2}\.\d{4})?\s*(?:№|N)\s*\S+.*$",
    re.IGNORECASE,
)


# the part of a code a separate act holds: "(Общая часть)", "(часть вторая)", "(Өзгөчө бөлүк)"
_CODE_PART = re.compile(
    r"^\(\s*(?:общая|особенная|[а-яё]+ая)\s+часть\s*\)$|^\(\s*часть\s+[а-яё]+\s*\)$"
    r"|^\(\s*[а-яөүң]+\s+бөлүк\s*\)$",
    re.IGNORECASE,
)


_KY_NAME_END = re.compile(r"(?:жөнүндө|жонундо)$", re.IGNORECASE)
_PROPER_START = re.compile(r"^(?:Кыргыз|Жогорку|Министрлер|Президент)")


def named_act_title(header: Sequence[str], index: int) -> str:
    """Title of an act named by its kind line: codes, the Constitution, a "Положение о ..."."""
    line = _STRIP_META.sub("", header[index]).strip(" ,")
    parts = [line]
    following = header[index + 1] if index + 1 < len(header) else ""
    previous = header[index - 1] if index > 0 else ""
    if _COUNTRY_LINE.match(following):
        parts.append(following)
        following = header[index + 2] if index + 2 < len(header) else ""
    elif _COUNTRY_LINE.match(previous):
        parts.insert(0, previous)
    elif _KY_NAME_END.search(previous) and not is_meta_line(previous) and len(line.split()) <= 2:
        parts.insert(0, previous)  # "Жарандардын жыйындары жөнүндө" / "ЖОБО"
    if _CODE_PART.match(following) and not _CODE_PART.search(line):
        # "НАЛОГОВЫЙ КОДЕКС …" / "(Общая часть)": the two parts of a code are two acts
        named = following.strip("() ")
        named = normal_case(named) if is_mostly_upper(named) else named
        return f"{normal_case(' '.join(parts))} ({named[:1].upper()}{named[1:]})"
    elif following and (following[:1].islower() or _RU_TITLE_START.match(following)):
        if not is_meta_line(following) and len(line.split()) <= 3:
            parts.append(following)  # "ПОЛОЖЕНИЕ" / "о порядке ..."
    joined = " ".join(parts)
    if len(parts) > 1 and not is_mostly_upper(joined):
        # "ПОЛОЖЕНИЕ" + "о сходах граждан" → "Положение о сходах граждан", "… жөнүндө" +
        # "ЖОБО" → "… жөнүндө жобо": the capitals' line in normal case, the kind in lower
        # case after the name
        out = []
        for i, part in enumerate(parts):
            if is_mostly_upper(part):
                part = normal_case(part)
                if i and not _PROPER_START.match(part):
                    part = part[:1].lower() + part[1:]
            out.append(part)
        return " ".join(out)
    return normal_case(joined)
