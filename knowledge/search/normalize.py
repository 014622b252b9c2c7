"""One normalisation pipeline for documents and queries (Kyrgyz and Russian).

Steps, in order (the same for indexed text and for questions):

1. NFC, then look-alike repair: ``ѳ``→``ө``, ``ӊ``/``ҥ``→``ң``, Latin ``a c e o p x y`` (and
   upper-case look-alikes) inside a word that also has Cyrillic letters.
2. Tokenising into number references (``№ 513``, ``2377-VI``, ``2018-2023``, ``20.10.2021``)
   and words; an upper-case abbreviation with a glued suffix is split (``ЖӨБдүн`` → ``ЖӨБ``).
3. ``casefold``; all-Latin words are transliterated to Cyrillic (``jergiliktuu`` →
   ``жергиликтуу``, ``net vody`` → ``нет воды``).
4. Folding ``ө→о``, ``ү→у``, ``ң→н``, ``ё→е``, dropping ``ъ``/``ь`` (:func:`fold`); the index
   keys are additionally folded by :func:`skeleton` (``ы/й→и``, ``э→е``) after stemming, which
   absorbs the ``y``/``i`` ambiguity of Latin typing.

Language detection per word (:func:`word_lang`) and stemming live in :mod:`.analyzer`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# --- look-alikes -----------------------------------------------------------------------------

_LOOKALIKE_TABLE = str.maketrans(
    {
        "ѳ": "ө",
        "Ѳ": "Ө",
        "ӊ": "ң",
        "Ӊ": "Ң",
        "ҥ": "ң",
        "Ҥ": "Ң",
        "ӯ": "ү",  # Tajik u-macron seen in copy-pasted text
        "Ӯ": "Ү",
    }
)
# Latin letters that look like Cyrillic ones (used only inside words with Cyrillic letters).
_LATIN_TO_CYR_LOOKALIKE = str.maketrans(
    {
        "a": "а",
        "c": "с",
        "e": "е",
        "o": "о",
        "p": "р",
        "x": "х",
        "y": "у",
        "A": "А",
        "B": "В",
        "C": "С",
        "E": "Е",
        "H": "Н",
        "K": "К",
        "M": "М",
        "O": "О",
        "P": "Р",
        "T": "Т",
        "X": "Х",
        "Y": "У",
    }
)
_CYR = re.compile(r"[\u0400-\u04ff]")
_LAT = re.compile(r"[A-Za-z]")
_MIXED_HINT = re.compile(r"[A-Za-z][\u0400-\u04ff]|[\u0400-\u04ff][A-Za-z]")
_ANY_WORD = re.compile(r"[^\W\d_]+")


def _fix_mixed(match: re.Match[str]) -> str:
    word = match.group(0)
    if _MIXED_HINT.search(word):
        return word.translate(_LATIN_TO_CYR_LOOKALIKE)
    return word


_LOOKALIKE_CHARS = re.compile("[ѳѲӊӉҥҤӯӮ]")


# superscript digits, as printed codes number an inserted article ("23¹" is 23-1)
SUPERSCRIPT_CHARS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
SUPERSCRIPT_DIGITS = str.maketrans(SUPERSCRIPT_CHARS, "0123456789")
_SUPERSCRIPT_AFTER_DIGIT = re.compile(rf"(\d)([{SUPERSCRIPT_CHARS}]+)")


def _inserted_number(match: re.Match[str]) -> str:
    return f"{match.group(1)}-{match.group(2).translate(SUPERSCRIPT_DIGITS)}"


def repair(text: str) -> str:
    """NFC and look-alike repair; case and letters otherwise untouched."""
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
        if _LOOKALIKE_CHARS.search(text):
            text = text.translate(_LOOKALIKE_TABLE)
        if _SUPERSCRIPT_AFTER_DIGIT.search(text):  # "22¹" is the inserted article 22-1
            text = _SUPERSCRIPT_AFTER_DIGIT.sub(_inserted_number, text)
    if _LAT.search(text) and _MIXED_HINT.search(text):  # Latin glued to Cyrillic
        text = _ANY_WORD.sub(_fix_mixed, text)
    return text


# --- folding ---------------------------------------------------------------------------------

_FOLD_TABLE = str.maketrans({"ө": "о", "ү": "у", "ң": "н", "ё": "е", "ъ": "", "ь": "", "һ": "х"})
_SKELETON_TABLE = str.maketrans({"ы": "и", "й": "и", "э": "е", "щ": "шч"})


def fold(word: str) -> str:
    """Fold a case-folded word: ө→о, ү→у, ң→н, ё→е, drop ъ/ь."""
    return word.translate(_FOLD_TABLE)


def skeleton(word: str) -> str:
    """Extra folding for index keys (after stemming): ы/й→и, э→е, щ→шч."""
    return word.translate(_SKELETON_TABLE)


def fold_text(text: str) -> str:
    """Folding used to compare answers with expected strings: case, ө/ү/ң/ё and spaces."""
    text = repair(text).casefold().translate(_FOLD_TABLE)
    return re.sub(r"\s+", "", text)


# --- transliteration (Latin-typed Kyrgyz and Russian) ------------------------------------------

_LAT_VOWELS = set("aeiouyöüı")
# Latin letter groups read as one Cyrillic letter ("latin=cyrillic", longest first)
_DIGRAPHS = dict(
    pair.split("=")
    for pair in (
        "shch=шч sch=шч dzh=дж zh=ж dj=ж kh=х ch=ч sh=ш ts=ц yu=ю ya=я yo=е ye=е"
        " 'ia=ья 'iu=ью 'ya=ья 'yu=ью 'e=ье"
    ).split()
)
# the German-style spelling of the Kyrgyz vowels (oekmoetue = өкмөтү): "ue" is ү wherever it
# stands; "oe" is ө when the word also has another "oe"/"ue" (Russian has "oe" in проект,
# поезд, новое: a word with one "oe" keeps it, and gets the ө reading as its other reading)
_KY_DIGRAPHS = {"ue": "у", "oe": "о"}
_OE_UE = re.compile("oe|ue")
_SINGLE = {
    "a": "а",
    "b": "б",
    "c": "к",
    "d": "д",
    "e": "е",
    "f": "ф",
    "g": "г",
    "h": "х",
    "i": "и",
    "j": "ж",
    "k": "к",
    "l": "л",
    "m": "м",
    "n": "н",
    "o": "о",
    "p": "п",
    "q": "к",
    "r": "р",
    "s": "с",
    "t": "т",
    "u": "у",
    "v": "в",
    "w": "в",
    "x": "кс",
    "z": "з",
    "ö": "о",
    "ü": "у",
    "ñ": "н",
    "ŋ": "н",
    "ğ": "г",
    "ı": "ы",
    "ç": "ч",
    "ş": "ш",
    "'": "ь",  # skol'ko, sdelat'
}
_NG_VOWEL = re.compile(r"ng([aeiouyöü])")  # "n|g" + vowel transliterates as нг + vowel
# "ng" + vowel is ң (kengesh, jangy) unless a г-suffix follows a stem in н: the dative -GA
# (kachanga, jongo, kunge), the participle -GAn (salyngan, saylangandan) and -GAchA (until).
# The folded ң is н, so the нг reading is right for the ң + г of the same suffixes too.
_NG_SUFFIX = re.compile(r"g(?:oe|[aeoöu])(?:$|n|ch(?:oe|[aeoö])$)")
# "ia"/"iu": я/ю in the passport transliteration of Russian (dlia, priamo, iavliaetsia)
_RU_IA = re.compile(r"(?<!i)i([au])(?![ln])")
# Russian endings whose final ь Latin typing drops (infinitives in -овать/-ивать, nouns in
# -тель and -ность): no Russian word ends in them without the ь
_RU_NO_SOFT = re.compile(r"(?:[oeiy]vat|[ai]tel|nost)$")
_NG_POLITE = re.compile(r"[iyuü]z(?:$|ch|b|d|g|k|n)")  # -ңIз (beringiz, kylyngyzchy)
_NG_ANY = re.compile(r"n(g(?:oe|[aeoöu])(?:$|n|ch(?:oe|[aeoö])$))")
# Russian loans whose Latin spelling drops a letter or reads "dj" as дж (budjet: бюджет, a
# "dj" elsewhere is the Kyrgyz ж: djer, djana)
_LATIN_LOANS = (
    ("byudzh", "бюдж"),
    ("biudzh", "бюдж"),
    ("budzh", "бюдж"),
    ("byudj", "бюдж"),
    ("biudj", "бюдж"),
    ("budj", "бюдж"),
    ("menedj", "менедж"),
)
# a root of a consonant and a long u typed once (su: суу, tu: туу) alone or under the endings
# a long-vowel noun takes (plural, possessive -су, accusative, genitive, dative; not the
# -да/-дан endings: suda, kuda are Russian words)
_SHORT_LONG_U = re.compile(
    r"^(?:s|t|j|zh|k)u(?:lar(?:dy|ga|dyn|y|yn)?|su(?:n|nun|na|nan)?|nu|nun|ga)?$"
)
# an apostrophe inside or after a Latin word is the soft sign (skol'ko, sdelat', stat'ya)
_LATIN_WORD = re.compile(r"^[a-zöüñŋğıçş]+(?:'[a-zöüñŋğıçş]*)*$")
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'"})


@lru_cache(maxsize=65536)
def transliterate(word: str, *, oe: bool | None = None, yo: bool = False, ru: bool = False) -> str:
    """Phonetic Latin→Cyrillic for one case-folded all-Latin word.

    ``oe``: read "oe" as ө (None: when the word has two "oe"/"ue", see :data:`_KY_DIGRAPHS`).
    ``yo``: read every "yo" as ё; else a "yo" between a vowel and a letter is й + о (rayon,
    rayonnyy, mayor, koyot: район, районный, майор, коёт), as it is in most words of both
    languages (Russian ё after a vowel is mostly word-final: svoyo, moyo).
    ``ru``: the Russian reading — an "i" between a vowel and a consonant is и (stoit,
    postroit), "ia"/"iu" are я/ю as the passport transliteration writes them (dlia,
    sleduiushchii; not before l, n: materialy, variant; "iia" is ия), "c" is ц (mesiaca),
    "ue" is у + е (reguliruetsia), the ь dropped from -ovat, -atel, -nost' is put back.
    """
    if ru:
        word = _RU_IA.sub(lambda m: "ya" if m.group(1) == "a" else "yu", word)
        if _RU_NO_SOFT.search(word):
            word += "'"  # remontirovat, polzovatel, sobstvennost: the ь typed without
    if oe is None:
        oe = not ru and len(_OE_UE.findall(word)) >= 2
    if not ru and _SHORT_LONG_U.match(word):
        word = word[:2] + "u" + word[2:]  # su, sunu, suga: суу, сууну, сууга
    out: list[str] = []
    i, n = 0, len(word)
    for latin, cyrillic in _LATIN_LOANS:
        if word.startswith(latin):
            out.append(cyrillic)
            i = len(latin)
            break
    while i < n:
        for size in (4, 3, 2):
            chunk = word[i : i + size]
            if len(chunk) == size and chunk in _DIGRAPHS:
                if chunk == "yo" and 0 < i < n - 2 and word[i - 1] in _LAT_VOWELS and not yo:
                    out.append("йо")  # rayon, mayor, koyot: район, майор, коёт (кой-от)
                    i += size
                    break
                if (
                    chunk == "ts"
                    and i > 1
                    and (word.startswith("k", i + 2) or (i == n - 4 and word.endswith("tsya")))
                ):
                    # the Russian reflexive -тся (izbiraetsya, nakhoditsya) and the adjectives
                    # in -тский (deputatskiy, detskiy, sovetskiy)
                    out.append("тс")
                    i += size
                    break
                # "ya"/"yu" after a consonant is usually ы + а (e.g. "aldyyar" is rare; keep it)
                out.append(_DIGRAPHS[chunk])
                i += size
                break
        else:
            ch = word[i]
            if ch == "n" and word[i + 1 : i + 2] == "g":
                # ng → ң (folded н) before a vowel or at the end, except in "-ing" loans
                # (тренинг); "ngg" is ң + г (mönggü → мөңгү); before a consonant but r, l
                # (kongress, angliya) it is ң too (ongdoo, mynday: оңдоо); the polite -ңIз
                # after и as well (beringiz: бериңиз)
                nxt = word[i + 2 : i + 3]
                prev = word[i - 1 : i]
                if (
                    (nxt == "g" and prev != "i")
                    or (
                        (nxt == "" or nxt in _LAT_VOWELS)
                        and prev != "i"
                        and not (i >= 2 and _NG_SUFFIX.match(word, i + 1))
                    )
                    or (nxt and nxt not in _LAT_VOWELS and nxt not in "grlv" and prev != "i")
                    or (i >= 2 and _NG_POLITE.match(word, i + 2))
                ):
                    out.append("н")
                    i += 2
                    continue
            if ch == "c" and (ru or word[i + 1 : i + 2] in ("e", "i", "y")):
                out.append("ц")  # dotaciya, informacionnaya, cekh (ц of loanwords)
                i += 1
                continue
            if ch == "y":
                prev = word[i - 1 : i]
                nxt = word[i + 1 : i + 2]
                if prev and prev in _LAT_VOWELS and (nxt == "" or nxt not in _LAT_VOWELS):
                    out.append("й")
                elif not prev and nxt in _LAT_VOWELS:
                    out.append("й")
                else:
                    out.append("ы")
            elif (
                ch == "i"
                and i > 0
                and word[i - 1] in "aeouöü"
                and not (ru and i + 1 < n)
                and (i + 1 == n or word[i + 1] not in _LAT_VOWELS)
            ):
                out.append("й")  # toloit, berbeit, kandai: й after a vowel (skeleton: и)
            elif ((ch == "u" and not ru) or (ch == "o" and oe)) and word[i + 1 : i + 2] == "e":
                out.append(_KY_DIGRAPHS[ch + "e"])
                i += 1
            else:
                out.append(_SINGLE.get(ch, ch))
            i += 1
    text = "".join(out)
    return text.replace("шч", "щ") if ru and "шч" in text else text  # Snowball knows щ


def is_latin_word(word: str) -> bool:
    return bool(_LATIN_WORD.match(word))


# --- tokenising --------------------------------------------------------------------------------

_ROMAN = r"(?:-(?:[IVXLC]+|[ivxlc]+)(?![^\W\d_]))"
_NUMBER = r"\d+(?:[ \t]*[-–][ \t]*\d+|[/.]\d+)*"
# words first: most tokens are words, and a digit never starts one
_TOKEN = re.compile(
    r"[^\W\d_]+(?:(?<=[A-Za-z])['’ʼ`](?:[A-Za-z]+|(?![^\W\d_])))*|(?:№\s*)?"
    + _NUMBER
    + _ROMAN
    + r"?"
)
_ABBR_SUFFIX = re.compile(r"^([A-ZА-ЯЁӨҮҢ]{2,})([a-zа-яёөүң]{1,6})$")


@dataclass(slots=True, frozen=True)
class RawToken:
    """A token before stemming: ``text`` is case-folded; ``upper`` tells an abbreviation."""

    text: str  # case-folded, look-alikes repaired, NOT letter-folded
    kind: str  # "word" | "num"
    upper: bool = False  # written in capitals (abbreviation candidate)
    latin: bool = False  # typed in Latin letters (already transliterated in ``text``)
    # another reading of a Latin word: "ng" before a vowel read as нг, not ң (mongu → мөңгү
    # as well as мөңү; kengesh stays кеңеш in ``text``)
    alt: str | None = None
    # the Russian reading of a Latin word where it differs (stoit: стоит, not стойт; dlia: для)
    ru: str | None = None


def number_keys(raw: str) -> list[str]:
    """Index keys of a number reference: the whole (``#2018-2023``) plus its numeric parts."""
    body = raw.lstrip("№").strip().casefold().replace("–", "-")
    body = re.sub(r"\s+", "", body).rstrip(".-/")
    if not body:
        return []
    keys = ["#" + body]
    parts = [p for p in re.split(r"[-/.]", body) if p]
    if len(parts) > 1:
        for part in parts:
            key = "#" + part
            if key not in keys:
                keys.append(key)
    return keys


def split_raw(text: str) -> list[str]:
    """Repaired text → tokens as written (numbers and words); the fast first step."""
    return _TOKEN.findall(repair(text))


def is_number(raw: str) -> bool:
    return raw[0] == "№" or raw[0].isdigit()


@lru_cache(maxsize=300_000)
def word_token(word: str) -> RawToken:
    """A word as written → case-folded (and transliterated, if Latin) token."""
    upper = False
    abbr = _ABBR_SUFFIX.match(word)
    if abbr:
        word, upper = abbr.group(1), True
    elif 2 <= len(word) <= 8 and word.isupper():
        upper = True
    low = word.casefold()
    if "'" in low or not low.isalpha():
        low = low.translate(_APOSTROPHES)
    if is_latin_word(low):
        text = transliterate(low)
        alt = None
        if "oe" in low:  # koel: коел or көл (the ө reading as the other one)
            other = transliterate(low, oe=True)
            if other != text:
                alt = other
        if alt is None and "yo" in low[1:]:
            # "yo" is ё (folded е) in a Russian word, й + о in a Kyrgyz one (koyot: коёт =
            # кой-от → коюу, and район): the ё reading as the other one after a vowel
            other = transliterate(low, yo=True)
            if other == text:
                other = transliterate(low[0] + low[1:].replace("yo", "y|o")).replace("|", "")
            if other != text:
                alt = other
        if alt is None and "ng" in low:
            other = transliterate(_NG_VOWEL.sub(r"n|g\1", low)).replace("|", "")
            if other == text:  # read нг before a suffix: ң is the other reading (jangan)
                other = transliterate(_NG_ANY.sub(r"n|\1", low).replace("n|g", "ŋ"))
            if other != text:
                alt = other
        ru = transliterate(low, ru=True)
        return RawToken(
            text, "word", upper=upper, latin=True, alt=alt, ru=None if ru == text else ru
        )
    return RawToken(low, "word", upper=upper)


def tokenize(text: str) -> list[RawToken]:
    """Split text into number and word tokens (case-folded, transliterated)."""
    return [
        RawToken(raw.casefold(), "num") if is_number(raw) else word_token(raw)
        for raw in split_raw(text)
    ]


def normalize(text: str) -> str:
    """A question's normalised form for grouping (the question log): folded tokens, spaced."""
    return " ".join(skeleton(fold(token.text)) for token in tokenize(text))
