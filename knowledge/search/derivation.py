"""Russian verbs and their deverbal nouns: a question's word finds the other word of its family.

A question says what is done ("прекращается", "надзирает", "изъять"), the act names the action
("прекращение", "надзор", "изъятие"); Snowball leaves them different stems (прекрашча /
прекрашчен, надзира / надзор, изя / изят).  :func:`derivation_root` reduces a verb form or a
deverbal noun to one root:

* nouns in -ение/-ание/-тие/-ка/-ача lose the suffix (прекращен → прекращ, согласован →
  согласов, изъят → изъ, проверк → провер);
* verb stems lose the imperfective -ыва/-ива/-ава/-ева and the theme vowel (прекраща →
  прекращ, согласовыва → согласов, продлева → продл), -ует is -ова (обжалует → обжалов),
  -ировать/-ирование lose -иров (регистрировать → регистр);
* the stem-final consonant alternation is undone (щ→т, жд/ж/з→д, ш→с, ч→к, вл→в, пл→п, бл→б,
  мл→м), so прекрат-ить and прекращ-ение meet;
* a small table joins suppletive pairs (надзирать/надзор, выбирать/выбор, изымать/изъять) and
  names nouns without a suffix (отказ, запрет, сброс…).

:func:`derived_keys` turns the root into the stem keys the family's other forms have
(прекрат, прекрашча, прекрашчен…).  The analyzer gives them to a Russian word as keys looked up
for questions only (beside its own stem, never instead of it): the acts' index is unchanged, so
their lengths and weights stay as they were.  Only words that look like a verb form or a
deverbal noun get them, and only roots of four letters or more (shorter ones, реш-, join too
much).
"""

from __future__ import annotations

import re

from knowledge.search.normalize import fold, skeleton

MIN_ROOT = 4  # "реш-" (решать/решение) and shorter roots join too much

# nouns, on the folded surface (ъ/ь dropped, ё→е, щ→шч, ы→и as in the analyzer's keys)
_NOUN = re.compile(
    r"(?:(?P<en>[ео]ни)|(?P<an>[ая]ни)|(?P<tie>ти))(?:е|я|ю|ем|и|ям|ями|ях)$"
    r"|(?P<ka>[а-я]{4,})к(?:а|и|у|ои|е|ам|ами|ах)$"
    r"|(?P<ach>[а-я]{2,})ач(?:а|и|у|еи|е|ам|ами|ах)$"
)
# verbs, on the word as written (case-folded): infinitives, present-tense forms and the past of
# the -ова-/-ива- verbs
_VERB = re.compile(
    r"(?:ть|ться|ти|тись|[аяуеи]ет|[аяуе]ют|[аяуеи]ется|[аяуе]ются|[ия]тся"
    # the past of -овать/-ировать/-ивать verbs (зарегистрировали, оштрафовал, рассматривали)
    r"|(?:ова|ива|ыва)л(?:а|о|и|ся|ась|ось|ись)?)$"
)

_ALTERNATION = (
    ("шч", "т"),
    ("жд", "д"),
    ("ж", "д"),
    ("з", "д"),
    ("ш", "с"),
    ("ч", "к"),
    ("вл", "в"),
    ("пл", "п"),
    ("бл", "б"),
    ("мл", "м"),
)

# roots of suppletive or irregular pairs → the shared root
_SUPPLETIVE_WORDS = {
    "надзир": "надзор",
    "выбир": "выбор",
    "забир": "забор",
    "отбир": "отбор",
    "изим": "изя",  # изымать / изъять, изъятие
    "из": "изя",
    # perfectives whose prefix only completes the action: оштрафовать = штраф, заплатить = плата
    "оштрафов": "штраф",
    "штрафов": "штраф",
    "заплат": "плат",
}
# nouns without a suffix that name the action of a verb (отказ ← отказать, запрет ← запретить)
_ZERO_NOUN_WORDS = (
    "отказ надзор выбор забор отбор возврат запрет обмен осмотр отвод сброс вывоз ввоз"
)
_SUPPLETIVE = {skeleton(fold(k)): skeleton(fold(v)) for k, v in _SUPPLETIVE_WORDS.items()}
_SHORT_OK = frozenset(_SUPPLETIVE.values())
_ZERO_NOUNS = frozenset(skeleton(fold(w)) for w in _ZERO_NOUN_WORDS.split())
_VOWELS = "аяеиоу"


def _canon(root: str) -> str:
    for tail, base in _ALTERNATION:
        if root.endswith(tail):
            return root[: -len(tail)] + base
    return root


def _strip_theme(stem: str) -> str:
    """Imperfective -ыва/-ива/-ава/-ева and the theme vowel off a verb stem."""
    if stem.endswith("ива") and len(stem) > 5:
        stem = stem[:-3]
    elif stem.endswith(("ава", "ева", "ява")) and len(stem) > 5:
        stem = stem[:-2]
    return stem.rstrip(_VOWELS)


def derivation_root(text: str, surface: str, stem: str) -> str | None:
    """The shared verb/noun root of a Russian word, or None if it is neither a verb form nor a
    deverbal noun.  ``text``: the word case-folded; ``surface``/``stem``: the analyzer's folded
    surface and stem key."""
    noun = _NOUN.search(surface)
    if stem in _ZERO_NOUNS:
        root = stem
    elif noun is not None:
        head = surface[: noun.start()]
        if noun.group("en"):
            root = head
        elif noun.group("an"):
            root = head + noun.group("an")[0]  # согласова-ние → согласова
        elif noun.group("tie"):
            root = head  # изъя-тие, приня-тие
        elif noun.group("ka"):
            root = noun.group("ka")  # провер-ка
        else:
            root = noun.group("ach") + "а"  # выда-ча
        root = _strip_theme(root)
    elif _VERB.search(text):
        base = stem
        if text.endswith(("ует", "уют", "уется", "уются")):
            base = stem + "ова"  # обжал-ует → обжалова-ть
        elif stem == surface and surface.endswith("ет"):
            base = stem[:-2]  # an -еть infinitive Snowball keeps whole (рассмотрет)
        root = _strip_theme(base)
    else:
        return None
    if root.endswith(("иров", "ировк")) and len(root) > 6:
        root = root[: root.rindex("иров")]  # регистриров-ать, аннулиров-ание
        if noun is None and root.startswith("за") and len(root) >= 2 + MIN_ROOT:
            root = root[2:]  # за- only makes the verb perfective: зарегистрировать = регистр
    root = _SUPPLETIVE.get(root) or _SUPPLETIVE.get(_canon(root)) or _canon(root)
    if len(root) < MIN_ROOT and root not in _SHORT_OK:
        return None
    return root


# stem-final consonants of a root (canonical) → how they may be written in the family's forms
_VARIANTS = {
    "т": ("т", "шч"),
    "д": ("д", "ж", "жд", "з"),
    "с": ("с", "ш"),
    "к": ("к", "ч"),
    "в": ("в", "вл"),
    "п": ("п", "пл"),
    "б": ("б", "бл"),
    "м": ("м", "мл"),
}
_SOURCES: dict[str, list[str]] = {}
for _source, _root in _SUPPLETIVE.items():
    _SOURCES.setdefault(_root, []).append(_source)


def family_stems(root: str) -> set[str]:
    """Stem keys the Russian Snowball stemmer gives to forms of a verb/noun family: the
    -ить verb (прекрат), imperfectives (прекрашча, проверя, согласовива), the deverbal
    nouns (прекрашчен, согласован, проверк, изят)."""
    out: set[str] = set()
    for base in (root, *_SOURCES.get(root, ())):
        head, last = base[:-1], base[-1:]
        for tail in _VARIANTS.get(last, (last,)):
            alt = head + tail
            out.update((alt, alt + "ен", alt + "а", alt + "я"))
        out.update((base + "ан", base + "а", base + "ива", base + "к", base + "т"))
    return out


def derived_keys(text: str, surface: str, stem: str) -> tuple[str, ...]:
    """For a Russian word of a question: the stem keys of its verb/noun family other than its
    own ("прекращается" → прекрат, прекрашчен…), so it finds an act that names the action
    with the other word.  Empty for words that are neither."""
    root = derivation_root(text, surface, stem)
    if root is None:
        return ()
    keys = family_stems(root)
    if "иров" in stem:  # финансировал → финансирова(ние), зарегистрировать → регистрац(ия)
        head = stem[: stem.index("иров")]
        if head.startswith("за") and not root.startswith("за"):
            head = head[2:]
        keys.update((head + "ирова", head + "ирован", head + "ац"))
    return tuple(sorted(k for k in keys if k != stem and len(k) >= MIN_ROOT))
