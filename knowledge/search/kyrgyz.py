"""A light Kyrgyz suffix stripper for search (not a morphological analyser).

Works on *folded* words (``ө→о``, ``ү→у``, ``ң→н``).  One pass, outermost layer first:

1. case (genitive, accusative, dative, locative, ablative, attributive ``-DAгI``), including
   the ``н``-forms used after a possessive (``өкмөтүнө``, ``аймагында``) — those only after
   ``ы``/``и``/``у``;
2. 3rd-person possessive (``-сI`` after a vowel, ``-I`` after a consonant);
3. plural (``-LAр``).

In each layer the longest allomorph whose conditions hold is removed: the suffix's first
consonant must fit the last sound of what remains (vowel / voiced / voiceless, see
``docs/kyrgyz-search.md``), its vowel must agree in harmony with the stem's last vowel, and the
stem keeps at least two letters with a vowel.  Afterwards a final ``г``/``б`` after a vowel is
unvoiced when the removed suffix began with a vowel (``жарлыгы`` → ``жарлык``).  Never
stripped: verbal endings, ``-Iм`` (``билим``, ``айрым``), ``-стан`` (``Кыргызстан``); a few
stems ending in vowel + ``с`` (``облус``) are protected.
"""

from __future__ import annotations

from functools import lru_cache

VOWELS = frozenset("аеиоуыэюяё")
VOICELESS = frozenset("кпстфхцчшщ")
# voiced consonants after which the plural takes д- (others take л- after a vowel, й, р)
PLURAL_D = frozenset("бвгджзлмн")

_A = {"a": "а", "e": "е", "o": "о"}
_I = {"a": "ы", "e": "и", "o": "у"}

# Stems that look inflected but are not (or whose inflected forms must come back to them).
PROTECTED_STEMS: tuple[str, ...] = (
    "облус",
    "статус",
    "бонус",
    "автобус",
    "вирус",
    "минус",
    "плюс",
    "кыргызстан",
    "казакстан",
    "тажикстан",
    "озбекстан",
    "пакистан",
    "ооганстан",
    "туркменстан",
    "кыргызпатент",
)
PROTECTED_WORDS = frozenset(
    {
        "суу",
        "туу",
        "буу",
        "жуу",
        "ошондой",
        "ушундай",
        "андай",
        "мындай",
        "кандай",
        "бирок",
        "ошого",
        "бирге",
        "ортого",
        "кийин",
        "бугун",
        "мурун",
        "ичинде",
        "алдында",
        "жанында",
        "аркылуу",
        "менен",
        "боюнча",
        "тарабынан",
        "башка",
        "эмес",
        "дагы",
        "деги",
        "ага",
        "буга",
        "ошол",
        "анда",
        "мында",
        "ооба",
    }
)

MIN_STEM = 2


def _last_vowel(stem: str) -> str | None:
    for ch in reversed(stem):
        if ch in VOWELS:
            return ch
    return None


# Harmony after folding: the suffix vowel allowed after the stem's last vowel.  After у the
# low vowel is а (уул→уулдар) or, for a folded ү, о (күн→күндөр); after о it is о.
_ALLOWED = {
    "а": "аы",
    "ы": "аы",
    "я": "аы",
    "е": "еи",
    "и": "еи",
    "э": "еи",
    "о": "оу",
    "ё": "оу",
    "у": "оуа",
    "ю": "оуа",
}


def _harmonic(stem: str, suffix: str) -> bool:
    vowel = next((ch for ch in suffix if ch in VOWELS), None)
    if vowel is None:
        return True
    last = _last_vowel(stem)
    return last is None or vowel in _ALLOWED.get(last, "аеиоуы")


def _ends_vowel(stem: str) -> bool:
    return stem[-1] in VOWELS


def _ends_voiceless(stem: str) -> bool:
    return stem[-1] in VOICELESS


def _ends_voiced(stem: str) -> bool:
    return stem[-1] not in VOWELS and stem[-1] not in VOICELESS


def _ends_poss(stem: str) -> bool:  # the н-forms of the cases come after a possessive ы/и/у
    return stem[-1] in "ыиу"


def _ends_plural_l(stem: str) -> bool:
    return stem[-1] in VOWELS or stem[-1] in "йр"


def _ends_plural_d(stem: str) -> bool:
    return stem[-1] in PLURAL_D


def _vowel_or_voiced(stem: str) -> bool:
    return stem[-1] not in VOICELESS


def _build() -> tuple[list[tuple[str, object]], ...]:
    """(suffix, condition on the remaining stem) for each layer, longest first."""
    case: list[tuple[str, object]] = []
    poss: list[tuple[str, object]] = []
    plural: list[tuple[str, object]] = []
    for cls in ("a", "e", "o"):
        a, i = _A[cls], _I[cls]
        # genitive
        case += [
            (f"н{i}н", _ends_vowel),
            (f"д{i}н", _ends_voiced),
            (f"т{i}н", _ends_voiceless),
        ]
        # accusative
        case += [
            (f"н{i}", _ends_vowel),
            (f"д{i}", _ends_voiced),
            (f"т{i}", _ends_voiceless),
        ]
        # dative
        case += [
            (f"г{a}", _vowel_or_voiced),
            (f"к{a}", _ends_voiceless),
            (f"н{a}", _ends_poss),
        ]
        # locative, ablative, attributive
        case += [
            (f"д{a}", _vowel_or_voiced),
            (f"т{a}", _ends_voiceless),
            (f"нд{a}", _ends_poss),
            (f"д{a}н", _vowel_or_voiced),
            (f"т{a}н", _ends_voiceless),
            (f"н{a}н", _ends_poss),
            (f"нд{a}н", _ends_poss),
            (f"д{a}г{i}", _vowel_or_voiced),
            (f"т{a}г{i}", _ends_voiceless),
            (f"нд{a}г{i}", _ends_poss),
        ]
        # possessive 3rd person
        poss += [(f"с{i}", _ends_vowel), (i, lambda s: not _ends_vowel(s))]
        # plural
        plural += [
            (f"л{a}р", _ends_plural_l),
            (f"д{a}р", _ends_plural_d),
            (f"т{a}р", _ends_voiceless),
        ]
        # 1st person plural and 2nd person polite possessives (айылыбыз, жардамыңыз)
        poss += [
            (f"{i}б{i}з", lambda s: not _ends_vowel(s)),
            (f"б{i}з", _ends_vowel),
            (f"{i}н{i}з", lambda s: not _ends_vowel(s)),
            (f"н{i}з", _ends_vowel),
        ]
    # the accusative н after a possessive (a bare consonant)
    case.append(("н", _ends_poss))
    for layer in (case, poss, plural):
        layer.sort(key=lambda item: -len(item[0]))
    return case, poss, plural


_LAYERS = _build()


def _strip_layer(word: str, layer: list[tuple[str, object]]) -> tuple[str, str]:
    for suffix, cond in layer:
        if not word.endswith(suffix):
            continue
        stem = word[: -len(suffix)]
        if len(stem) < MIN_STEM or not any(ch in VOWELS for ch in stem):
            continue
        if not cond(stem):  # type: ignore[operator]
            continue
        if not _harmonic(stem, suffix):
            continue
        if suffix == "н" and len(stem) < 3:
            continue
        return stem, suffix
    return word, ""


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Stem one folded, lower-case Kyrgyz word."""
    if len(word) < 3 or word in PROTECTED_WORDS:
        return word
    current = word
    attached = ""
    for layer in _LAYERS:
        current, removed = _strip_layer(current, layer)
        if removed:
            attached = removed
    if attached and attached[0] in VOWELS and len(current) >= 3:
        last, prev = current[-1], current[-2]
        if prev in VOWELS and last in "гб":
            current = current[:-1] + ("к" if last == "г" else "п")
    for protected in PROTECTED_STEMS:
        if word.startswith(protected) and len(current) < len(protected):
            return protected
    return current
