"""Russian verbs and their deverbal nouns: a question's word finds the other word of its family.

A question says what is done ("прекращается", "надзирает", "изъять"), the act names the action
("прекращение", "надзор", "изъятие"); Snowball leaves them different stems (прекрашча /
прекрашчен, надзира / надзор, изя / изят).  :func:`derivation_root` reduces a verb form or a
deverbal noun to one root:

* nouns in -ение/-ание/-тие/-ка/-ача lose the suffix (прекращен → прекращ, согласован →
  согласов, изъят → изъ, проверк → провер);
* participles and verbal adjectives lose theirs: past passive -н-/-ен- (разрешено,
  запрещенных → запрещ), present active -ущ-/-ющ-/-ащ-/-ящ- (владеющий → владе, загрязняющие)
  and passive -ем-/-им- (используемых → использова, охраняемых → охраня);
* verb forms are infinitives, the present (-ет/-ит/-ят…: возместит) and the past (-ил/-ел,
  -овал: перегородили, рассмотрели, оштрафовали), a few nouns that look like them excepted;
* verb stems lose the imperfective -ыва/-ива/-ава/-ева and the theme vowel (прекраща →
  прекращ, согласовыва → согласов, продлева → продл), -ует is -ова (обжалует → обжалов),
  -ировать/-ирование lose -иров (регистрировать → регистр);
* the stem-final consonant alternation is undone (щ→т, ст→т, жд/ж/з→д, ш→с, ч→к, вл→в, пл→п,
  бл→б, мл→м), so прекрат-ить and прекращ-ение, возмест-ить and возмещ-ение meet;
* an -ыва-/-ива- imperfective may have а for the о of its perfective and noun (сбрасывать /
  сбросить, сброс; перегораживать / перегородить): its family has both, and a root with о
  gets the imperfective forms with а;
* a small table joins suppletive pairs (надзирать/надзор, выбирать/выбор, изымать/изъять) and
  names nouns without a suffix (отказ, запрет, сброс…).

:func:`derived_keys` turns the root into the stem keys the family's other forms have
(прекрат, прекрашча, прекрашчен…).  The analyzer gives them to a Russian word as keys looked up
for questions only (beside its own stem, never instead of it): the acts' index is unchanged, so
their lengths and weights stay as they were.  Only words that look like a verb form or a
deverbal noun get them, and only roots of four letters or more (shorter ones, реш-, join too
much); whatever the root, a verb form and its short participle meet (подаётся / поданные).
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
# verbs, on the word as written (case-folded): infinitives, present-tense forms (-ит/-ят of the
# -ить verbs too: возместит, запретят) and the past of the -ова-/-ива- verbs and of the
# -ить/-еть verbs (перегородили, сбросил, рассмотрели)
_VERB = re.compile(
    r"(?:ть|ться|ти|тись|[аяуеи]ет|[аяуе]ют|[аяуеи]ется|[аяуе]ются|[ия]тся|[иея]т|ишь"
    # the past of -овать/-ировать/-ивать verbs (зарегистрировали, оштрафовал, рассматривали)
    r"|(?:ова|ива|ыва)л(?:а|о|и|ся|ась|ось|ись)?"
    r"|[ие]л(?:а|о|и|ся|ась|ось|ись)?)$"
)
_PAST = re.compile(r"[ие]л(?:а|о|и|ся|ась|ось|ись)?$")
# nouns that look like a past or present verb form
_NOT_VERBS = frozenset(
    "правил правила правило дела цели модели недели кредит лимит аудит депозит транзит "
    "визит дефицит бандит магнит гранит".split()
)
# participles and verbal adjectives, on the word as written: past passive (разрешено,
# запрещенных, согласованный), present active (владеющий, загрязняющих) and passive
# (используемых, охраняемые); the endings of a full participle or a short one
_ADJ = "ый|ий|ая|яя|ое|ее|ые|ие|ого|его|ому|ему|ом|ем|ой|ей|ую|юю|ых|их|ым|им|ыми|ими"
_PARTICIPLE = re.compile(
    rf"(?P<past>(?:[ая]нн?|[её]нн?)(?:{_ADJ}|а|о|ы)?)$"
    rf"|(?P<active>(?:ющ|ящ|ущ|ащ)(?:{_ADJ})(?:ся)?)$"
    rf"|(?P<passive>(?:ем|им)(?:{_ADJ}))$"
)
MIN_PARTICIPLE = 7  # shorter words ending so are nouns (план, цена, член, орган)

_ALTERNATION = (
    ("шч", "т"),
    ("ст", "т"),  # возместить / возмещение, очистить / очищение
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
_VOWELS = "аяеиоу"


def _canon(root: str) -> str:
    for tail, base in _ALTERNATION:
        if root.endswith(tail):
            root = root[: -len(tail)] + base
            break
    return root


_SUPPLETIVE = {
    _canon(skeleton(fold(k))): _canon(skeleton(fold(v))) for k, v in _SUPPLETIVE_WORDS.items()
}
_SHORT_OK = frozenset(_SUPPLETIVE.values())
_ZERO_NOUNS = frozenset(skeleton(fold(w)) for w in _ZERO_NOUN_WORDS.split())


def _strip_theme(stem: str) -> str:
    """Imperfective -ыва/-ива/-ава/-ева and the theme vowel off a verb stem."""
    if stem.endswith("ива") and len(stem) > 5:
        stem = stem[:-3]
    elif stem.endswith(("ава", "ева", "ява")) and len(stem) > 5:
        stem = stem[:-2]
    return stem.rstrip(_VOWELS)


def _participle_base(text: str, stem: str, part: re.Match[str]) -> str:
    """The verb stem under a participle's stem key: разрешен → разреш, согласован →
    согласова, владеюшч → владе, используем → использова (-ующ-/-уем- are -ова-)."""
    if part.group("past"):
        if stem.endswith("ен"):
            return stem[:-2]
        if stem.endswith(("ан", "ян")):
            return stem[:-1]
        return stem
    ova = "ующ" in text or "уем" in text
    for tail in ("юшч", "яшч", "ушч", "ашч", "ем", "им"):
        if stem.endswith(tail):
            stem = stem[: -len(tail)]
            break
    if ova:
        return stem.removesuffix("у") + "ова"  # использу-ем-ых, польз-ующ-ий
    return stem


def derivation_root(text: str, surface: str, stem: str) -> str | None:
    """The shared verb/noun root of a Russian word, or None if it is neither a verb form nor a
    deverbal noun.  ``text``: the word case-folded; ``surface``/``stem``: the analyzer's folded
    surface and stem key."""
    found = _root(text, surface, stem)
    return found[0] if found is not None else None


def _imperfective(base: str) -> bool:
    return base.endswith("ива") and len(base) > 5


def _root(text: str, surface: str, stem: str) -> tuple[str, bool] | None:
    """(root, whether the word is an -ыва-/-ива- imperfective, whose root vowel а may be the
    о of its perfective and noun: сбрасывать / сбросить, сброс)."""
    imperfective = False
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
        imperfective = _imperfective(root)
        root = _strip_theme(root)
    elif len(text) >= MIN_PARTICIPLE and (part := _PARTICIPLE.search(text)) is not None:
        base = _participle_base(text, stem, part)
        imperfective = _imperfective(base)
        root = _strip_theme(base)
    elif _VERB.search(text) and text not in _NOT_VERBS:
        base = stem
        if text.endswith(("ует", "уют", "уется", "уются")):
            base = stem + "ова"  # обжал-ует → обжалова-ть
        elif stem == surface and surface.endswith("ет"):
            base = stem[:-2]  # an -еть infinitive Snowball keeps whole (рассмотрет)
        elif stem.endswith(("ел", "ил")) and _PAST.search(text):
            base = stem[:-2]  # the past of an -еть verb Snowball keeps whole (рассмотрел)
        imperfective = _imperfective(base)
        root = _strip_theme(base)
    else:
        return None
    if root.endswith(("иров", "ировк")) and len(root) > 6:
        root = root[: root.rindex("иров")]  # регистриров-ать, аннулиров-ание
        if noun is None and root.startswith("за") and len(root) >= 2 + MIN_ROOT:
            root = root[2:]  # за- only makes the verb perfective: зарегистрировать = регистр
    root = _canon(root)
    root = _SUPPLETIVE.get(root, root)
    if len(root) < MIN_ROOT and root not in _SHORT_OK:
        return None
    return root, imperfective


# stem-final consonants of a root (canonical) → how they may be written in the family's forms
_VARIANTS = {
    "т": ("т", "шч", "ст"),
    "д": ("д", "ж", "жд", "з"),
    "с": ("с", "ш"),
    "к": ("к", "ч"),
    "в": ("в", "вл"),
    "п": ("п", "пл"),
    "б": ("б", "бл"),
    "м": ("м", "мл"),
}
_SOURCES: dict[str, list[str]] = {}
for _source, _target in _SUPPLETIVE.items():
    _SOURCES.setdefault(_target, []).append(_source)


def family_stems(root: str) -> set[str]:
    """Stem keys the Russian Snowball stemmer gives to forms of a verb/noun family: the
    -ить verb (прекрат), imperfectives (прекрашча, проверя, согласовива), the deverbal
    nouns (прекрашчен, согласован, проверк, изят)."""
    out: set[str] = set()
    for base in (root, *_SOURCES.get(root, ())):
        head, last = base[:-1], base[-1:]
        tails = _VARIANTS.get(last, (last,))
        for tail in tails:
            alt = head + tail
            out.update((alt, alt + "ен", alt + "а", alt + "я", alt + "ива", alt + "иван"))
        out.update((base + "ан", base + "а", base + "к", base + "т"))
        vowel = _last_vowel(base)
        if vowel >= 0 and base[vowel] == "о":
            # the imperfective has а for the root's о: сброс → сбрасыва(ть), сбрасыван(ие);
            # перегород → перегоражива(ть); рассмотр → рассматрива(ть)
            head = base[:vowel] + "а" + base[vowel + 1 : -1]
            for tail in tails:
                out.update((head + tail + "ива", head + tail + "иван"))
    return out


def _last_vowel(root: str) -> int:
    for i in range(len(root) - 1, -1, -1):
        if root[i] in _VOWELS:
            return i
    return -1


def _short_keys(text: str, stem: str) -> set[str]:
    """A verb form and its short participle, whatever the root's length: "подается" (пода) →
    подан ("подана"), "подана" (подан) → пода, "решено" (решен) → реш."""
    if len(stem) < MIN_ROOT or len(text) < 5:
        return set()
    if stem.endswith("ен") and _PARTICIPLE.search(text):
        return {stem[:-2]} if len(stem) - 2 >= MIN_ROOT - 1 else set()
    if stem.endswith(("ан", "ян")) and _PARTICIPLE.search(text):
        return {stem[:-1]}
    if stem.endswith(("а", "я")) and _VERB.search(text) and text not in _NOT_VERBS:
        return {stem + "н"}
    return set()


def derived_keys(text: str, surface: str, stem: str) -> tuple[str, ...]:
    """For a Russian word of a question: the stem keys of its verb/noun family other than its
    own ("прекращается" → прекрат, прекрашчен…), so it finds an act that names the action
    with the other word.  Empty for words that are neither."""
    text = text.replace("ё", "е")  # подаётся, берёт
    found = _root(text, surface, stem)
    keys = _short_keys(text, stem)
    if found is None:
        return tuple(sorted(k for k in keys if k != stem))
    root, imperfective = found
    keys |= family_stems(root)
    vowel = _last_vowel(root)
    if imperfective and vowel > 0 and root[vowel] == "а":
        # сбрасывать: the perfective and the noun may have о (сброс)
        keys |= family_stems(root[:vowel] + "о" + root[vowel + 1 :])
    if "иров" in stem:  # финансировал → финансирова(ние), зарегистрировать → регистрац(ия)
        head = stem[: stem.index("иров")]
        if head.startswith("за") and not root.startswith("за"):
            head = head[2:]
        keys.update((head + "ирова", head + "ирован", head + "ац"))
    return tuple(sorted(k for k in keys if k != stem and len(k) >= MIN_ROOT))
