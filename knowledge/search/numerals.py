"""Numbers written in words → the digit key a number gets (``#3``).

"три года", "трех лет", "3 лет" and "үч жыл" must meet: a Russian cardinal or ordinal number
word in any case (один/одного/первый…, два/двух/второй…, up to сто), and a Kyrgyz one (бир,
эки, үч, … жүз, also typed without ө/ү/ң: уч, торт, элуу, жуз; ordinals биринчи, үчүнчү…),
gets the key of its value as a secondary key beside its own stem.

A word is read as a number only in its own language (the analyzer tells a word's language):
Kyrgyz "он" is ten, Russian "он" is "he".  Words work on the analyzer's surface form (folded:
ө→о, ү→у, ң→н, ё→е, ъ/ь dropped; skeleton: ы/й→и, э→е).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from knowledge.search.normalize import fold, skeleton

Word = Any  # knowledge.search.analyzer.Word (not imported: the analyzer imports this module)


def _s(word: str) -> str:
    return skeleton(fold(word))


# --- Russian ---------------------------------------------------------------------------------
# cardinal forms of 1–4 (irregular declension), as written
_RU_SMALL = {
    1: "один одна одно одни одного одному одним одной одну одних одними одном",
    2: "два две двух двум двумя",
    3: "три трех трем тремя",
    4: "четыре четырех четырем четырьмя",
}
# 5–30 decline like "пять" (пять, пяти, пятью): stem → value
_RU_I_STEMS = {
    "пят": 5,
    "шест": 6,
    "сем": 7,
    "восем": 8,
    "восьм": 8,
    "девят": 9,
    "десят": 10,
    "одиннадцат": 11,
    "двенадцат": 12,
    "тринадцат": 13,
    "четырнадцат": 14,
    "пятнадцат": 15,
    "шестнадцат": 16,
    "семнадцат": 17,
    "восемнадцат": 18,
    "девятнадцат": 19,
    "двадцат": 20,
    "тридцат": 30,
}
_RU_OTHER = {
    40: "сорок сорока",
    50: "пятьдесят пятидесяти пятьюдесятью",
    60: "шестьдесят шестидесяти шестьюдесятью",
    70: "семьдесят семидесяти семьюдесятью",
    80: "восемьдесят восьмидесяти восемьюдесятью",
    90: "девяносто девяноста",
    100: "сто ста",
}
# ordinals: stem → value, declined as adjectives; from 5 on (седьм- and восьм- aside) their stems
# are the cardinals' of 5–30
_RU_ORD_STEMS = {
    "перв": 1,
    "втор": 2,
    "четверт": 4,
    **{stem: value for stem, value in _RU_I_STEMS.items() if stem not in ("сем", "восем")},
    "седьм": 7,
    "сороков": 40,
    "пятидесят": 50,
    "шестидесят": 60,
    "семидесят": 70,
    "восьмидесят": 80,
    "девяност": 90,
    "сот": 100,
}
_ADJ_ENDINGS = "ый ой ого ому ым ом ая ую ые ых ыми ое".split()
_TRET_ENDINGS = "ий его ему им ем ья ью ье ьи их ьим ьих ьей".split()


def _ru_table() -> dict[str, int]:
    table: dict[str, int] = {}
    for value, forms in (*_RU_SMALL.items(), *_RU_OTHER.items()):
        for form in forms.split():
            table[_s(form)] = value
    for stem, value in _RU_I_STEMS.items():
        for ending in ("ь", "и", "ью"):
            table[_s(stem + ending)] = value
    del table[_s("семью")]  # "семью" is also "family" (accusative): too common in law
    for stem, value in _RU_ORD_STEMS.items():
        for ending in _ADJ_ENDINGS:
            table.setdefault(_s(stem + ending), value)
    for ending in _TRET_ENDINGS:
        table.setdefault(_s("трет" + ending), 3)
    # "сотой", "сотая" are ordinals; "сот" alone would be "соты" (honeycomb): nothing else
    return table


# --- Kyrgyz ----------------------------------------------------------------------------------
_KY_CARDINALS = {
    "бир": 1,
    "эки": 2,
    "үч": 3,
    "төрт": 4,
    "беш": 5,
    "алты": 6,
    "жети": 7,
    "сегиз": 8,
    "тогуз": 9,
    "он": 10,
    "жыйырма": 20,
    "отуз": 30,
    "кырк": 40,
    "элүү": 50,
    "алтымыш": 60,
    "жетимиш": 70,
    "сексен": 80,
    "токсон": 90,
    "жүз": 100,
}
# ordinals: cardinal + -(ы)нчы/-(и)нчи/-(у)нчу/-(ү)нчү
_KY_ORDINALS = {
    "биринчи": 1,
    "экинчи": 2,
    "үчүнчү": 3,
    "төртүнчү": 4,
    "бешинчи": 5,
    "алтынчы": 6,
    "жетинчи": 7,
    "сегизинчи": 8,
    "тогузунчу": 9,
    "онунчу": 10,
    "жыйырманчы": 20,
    "отузунчу": 30,
    "жүзүнчү": 100,
}


def _ky_table() -> dict[str, int]:
    table = {_s(word): value for word, value in _KY_CARDINALS.items()}
    table.update({_s(word): value for word, value in _KY_ORDINALS.items()})
    return table


RU_NUMBERS = _ru_table()
KY_NUMBERS = _ky_table()


def number_value(surface: str, lang: str) -> int | None:
    """The value of a number word (its analyzer surface form) in its language, or None."""
    table = KY_NUMBERS if lang == "ky" else RU_NUMBERS if lang == "ru" else None
    if table is None:
        return None
    return table.get(surface)


def number_key(surface: str, lang: str) -> str | None:
    """The index key a number word shares with the digits (``"трех"`` → ``"#3"``)."""
    value = number_value(surface, lang)
    return None if value is None else f"#{value}"


def number_keys_of_word(surface: str, lang: str) -> tuple[str, ...]:
    """The secondary keys of a word that is a number: ``("#3",)`` for "трех", else ``()``."""
    key = number_key(surface, lang)
    return () if key is None else (key,)


def _value(word: Word) -> int | None:
    if word.kind != "word" or len(word.extra) != 1 or word.extra[0][:1] != "#":
        return None
    digits = word.extra[0][1:]
    return int(digits) if digits.isdigit() else None


def _with_number(word: Word, value: int) -> Word:
    new = replace(word, extra=(f"#{value}",))
    new.index_keys = new.own_keys + tuple(sorted(new.single))
    return new


def join_compounds(words: list[Word]) -> list[Word]:
    """Compound numbers in words ("двадцать пять", "сто двадцать", "он беш", "жыйырма
    бешинчи"): both words get the key of the whole (#25) instead of their parts'."""
    heads = [i for i, w in enumerate(words) if w.extra and w.kind == "word"]
    if len(heads) < 2:
        return words
    out = words
    done = -1
    for i in heads:
        if i <= done or i + 1 >= len(words):
            continue
        head = _value(words[i])
        tail = _value(words[i + 1])
        if head is None or tail is None or (head < 20 and head != 10) or head % 10:
            continue
        if words[i + 1].lang != words[i].lang or (head >= 100 and head % 100):
            continue
        if not 0 < tail < (100 if head >= 100 else 10):
            continue
        if out is words:
            out = list(words)
        out[i] = _with_number(words[i], head + tail)
        out[i + 1] = _with_number(words[i + 1], head + tail)
        done = i + 1
    return out
