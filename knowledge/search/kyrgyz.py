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

import re
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
    # nouns in vowel + с whose possessive -ы would read as -сы after a vowel (мурасы, адреси)
    "мурас",
    "адрес",
    # орун (place, post): not ор + a possessive (its vowel-dropping forms: see analyse)
    "орун",
    # акы (a fee): акыны, акысын are not ак (white)
    "акы",
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
        # the greeting, not сал- "put" in the 1st person
        "салам",
        # пайда (benefit, profit; пайда болуу: to arise) is not пай (a share) + locative -да
        "пайда",
        # акы (a fee, a payment) is not ак (white) + a possessive; жалпы (general) not жалп + -ы
        "акы",
        "жалпы",
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


def harmonic(stem: str, suffix: str) -> bool:
    """Whether ``suffix``'s vowel agrees with the last vowel of ``stem`` (folded words)."""
    return _harmonic(stem, suffix)


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


# Case suffixes as templates ({a}: the low vowel а/е/о, {i}: the high vowel ы/и/у) with the
# condition on the stem they follow: genitive, accusative, dative, locative, ablative,
# attributive; the н-forms come after a possessive.
_CASE_TEMPLATES: tuple[tuple[str, object], ...] = (
    ("н{i}н", _ends_vowel),
    ("д{i}н", _ends_voiced),
    ("т{i}н", _ends_voiceless),
    ("н{i}", _ends_vowel),
    ("д{i}", _ends_voiced),
    ("т{i}", _ends_voiceless),
    ("г{a}", _vowel_or_voiced),
    ("к{a}", _ends_voiceless),
    ("н{a}", _ends_poss),
    ("д{a}", _vowel_or_voiced),
    ("т{a}", _ends_voiceless),
    ("нд{a}", _ends_poss),
    ("д{a}н", _vowel_or_voiced),
    ("т{a}н", _ends_voiceless),
    ("н{a}н", _ends_poss),
    ("нд{a}н", _ends_poss),
    ("д{a}г{i}", _vowel_or_voiced),
    ("т{a}г{i}", _ends_voiceless),
    ("нд{a}г{i}", _ends_poss),
)


def _not_vowel(stem: str) -> bool:
    return not _ends_vowel(stem)


# possessives: 3rd person (-сI / -I), 1st person plural and 2nd person polite (айылыбыз,
# жардамыңыз); plural -LAр
_POSS_TEMPLATES: tuple[tuple[str, object], ...] = (
    ("с{i}", _ends_vowel),
    ("{i}", _not_vowel),
    ("{i}б{i}з", _not_vowel),
    ("б{i}з", _ends_vowel),
    ("{i}н{i}з", _not_vowel),
    ("н{i}з", _ends_vowel),
)
_PLURAL_TEMPLATES: tuple[tuple[str, object], ...] = (
    ("л{a}р", _ends_plural_l),
    ("д{a}р", _ends_plural_d),
    ("т{a}р", _ends_voiceless),
)


def _build() -> tuple[list[tuple[str, object]], ...]:
    """(suffix, condition on the remaining stem) for each layer, longest first."""
    layers: tuple[list[tuple[str, object]], ...] = ([], [], [])
    for cls in ("a", "e", "o"):
        vowels = {"a": _A[cls], "i": _I[cls]}
        for layer, templates in zip(
            layers, (_CASE_TEMPLATES, _POSS_TEMPLATES, _PLURAL_TEMPLATES), strict=True
        ):
            layer.extend((tpl.format(**vowels), cond) for tpl, cond in templates)
    case = layers[0]
    # the accusative н after a possessive (a bare consonant)
    case.append(("н", _ends_poss))
    for layer in layers:
        layer.sort(key=lambda item: -len(item[0]))
    return layers


_LAYERS = _build()


def _agent_stem(stem: str) -> bool:
    """A stem in -ч that is an agent noun's -чы/-чу without its vowel: after a consonant
    (башч-ы, малч-ы, жумушч-у) or a long vowel (пайдалануу-чу, окуу-чу).  A noun in a short
    vowel + ч takes a possessive (күч-ү, агач-ы)."""
    before = stem[-2]
    return before not in VOWELS or before == stem[-3]


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
        if len(suffix) == 1 and stem[-1] == "ч" and len(stem) >= 3 and _agent_stem(stem):
            continue  # an agent noun's -чы, no possessive: пайдалануучу, башчы, малчы
        return stem, suffix
    return word, ""


# --- verbs -------------------------------------------------------------------------------------
# A finite verb form is brought to its verbal noun (the dictionary form a law or a glossary
# uses): бекитеби, бекитилет → бекитүү; шайлайт → шайлоо; берилет, беришет, береби, берген →
# берүү; a negative form to the negative verbal noun (бербейт, бербей → бербөө), so "not
# paying" stays apart from "paying".  Only endings that are verbal beyond doubt are taken (a
# question particle after a present stem, the present after a passive/reciprocal marker, the
# negative, the conditional, the participle -GAн); the bare present -Aт (уруксат, мөөнөт,
# мамлекет) and the converb -Ап (талап, эсеп, себеп) are left alone.

# Words that end like verb forms but are nouns (and their stems after the case layers).
VERB_LIKE_NOUNS = frozenset(
    {
        "адилет",
        "кабинет",
        "интернет",
        "аманат",
        "салтанат",
        "курган",
        "калкан",
        "баткен",
        "коргон",
        "ноокен",
        "ыйгарым",
        "кенсе",
        "касса",
        "масса",
        "пресса",
        "тартип",
        "жумуш",
        "кириш",
        "чыгыш",
        "батыш",
        "тааныш",
        "жениш",
        "алыш",
        "кыймыл",
        "мурас",
        "кубас",
        "кайрат",
        "дарыгер",
        "орган",
        "тоган",
        "дукон",
        "дукан",
        "моонот",
        "сенат",
        "кенеш",
        "камыш",
        "кумуш",
        "жемиш",
        "чектеш",
        "кылмыш",
        "мээнет",
        # nouns in -Iш (war, settlement, vote, proposal) and the numeral 70: not verbal nouns
        "согуш",
        "конуш",
        "добуш",
        "сунуш",
        "жетимиш",
    }
)
# folded passive stems that are not a passive of their folded root: бөлүн- (divide), not бол-
# (be, which has no passive)
_NO_PASSIVE = frozenset({"болун", "болунуш"})
# verb roots that end like a passive/reciprocal marker but are roots of their own (колдон- "use"
# is not колдо- "support" + -н, кайрыл- "appeal" not кайыр- + -ыл, катыш- "take part" not кат-
# "write" + -ыш); their verbal noun keeps the ending: колдонулат, колдонот → колдонуу
LEXICAL_ROOTS = frozenset(
    "колдон кайрыл ишен уйрон таян ойлон даттан жайгаш катыш суйлош кенеш отун байланыш "
    "аракеттен кубан тынчсыздан кызык тааныш макулдаш жолугуш жетиш "
    # пайдалан- (use: пайда + -лан), not a reflexive of пайдала-: пайдаланат → пайдалануу
    "пайдалан "
    # чогул- (gather: жалпы чогулуш = a general meeting), not a passive of чог-: "чогуу" is
    # "together"
    "чогул".split()
)
_PARTICLES = ("бы", "би", "бу", "пы", "пи", "пу")
# person endings after a present stem -A-/-й-
_PERSON = ("быз", "биз", "буз", "сыз", "сиз", "суз", "сынар", "синер", "сунар", "т", "м")
# markers between the root and the tense: passive, reciprocal (after a consonant / a vowel)
_MARKERS_C = ("ыл", "ил", "ул", "ын", "ин", "ун", "ыш", "иш", "уш")
_MARKERS_V = ("л", "н", "ш")


def _strip_markers(rest: str) -> tuple[str, bool]:
    """Remove up to two passive/reciprocal markers (берилиш-, кылын-, төлөн-)."""
    found = False
    for _ in range(2):
        if rest in _NO_PASSIVE or rest in LEXICAL_ROOTS:
            return rest, True
        for marker in _MARKERS_C:
            base = rest[: -len(marker)]
            if rest.endswith(marker) and len(base) >= 2 and base[-1] not in VOWELS:
                if any(ch in VOWELS for ch in base) and base + marker not in VERB_LIKE_NOUNS:
                    rest, found = base, True
                    break
        else:
            for marker in _MARKERS_V:
                base = rest[:-1]
                if rest.endswith(marker) and len(base) >= 3 and base[-1] in VOWELS:
                    rest, found = base, True
                    break
            else:
                break
    return rest, found


_NEG = "|"  # marks the root of a negative form (its key is the negative verbal noun)


def _finite_root(word: str, question: bool) -> str | None:
    """The root of a finite verb form (``word`` without a question particle), or None."""
    # negative: -BAй(т), -BAс, -BAса, -BAган, -BAй + person
    for neg in ("бай", "бей", "бой", "пай", "пей", "пой", "бас", "бес", "бос", "пас", "пес"):
        for tail in ("", "т", "быз", "биз", "буз", "сыз", "сиз", "суз", "а", "е", "о"):
            if word.endswith(neg + tail):
                rest = word[: -len(neg + tail)]
                if len(rest) >= 2 and any(ch in VOWELS for ch in rest):
                    if neg[0] == "п" and rest[-1] not in VOICELESS:
                        continue
                    return _strip_markers(rest)[0] + _NEG
    for neg in ("баган", "беген", "богон", "паган", "пеген", "погон"):
        if word.endswith(neg) and len(word) - len(neg) >= 2:
            return _strip_markers(word[: -len(neg)])[0] + _NEG
    # conditional: -SA(м/к/ңыз/ң)
    for cond in (
        "саныз",
        "сениз",
        "сонуз",
        "сак",
        "сек",
        "сок",
        "сам",
        "сем",
        "сом",
        "са",
        "се",
        "со",
    ):
        if word.endswith(cond):
            rest = word[: -len(cond)]
            if len(rest) >= 2 and any(ch in VOWELS for ch in rest) and rest[-1] not in "с":
                return _strip_markers(rest)[0]
    # present after a vowel: -йт, -йбыз, -йсыз, -й (with a question particle)
    for person in ("йт", "йм", "йбыз", "йбиз", "йбуз", "йсыз", "йсиз", "йсуз") + (
        ("й",) if question else ()
    ):
        if word.endswith(person):
            rest = word[: -len(person)]
            if len(rest) >= 3 and rest[-1] in "аеоу":
                return rest
    # present after a consonant: -A + person; bare -At only after a marker, bare -A only
    # before a question particle (алабы, береби, болобу)
    for person in _PERSON + (("",) if question else ()):
        for vowel in "аео":
            ending = vowel + person
            if not word.endswith(ending):
                continue
            rest = word[: -len(ending)]
            if len(rest) < 2 or rest[-1] in VOWELS or not any(ch in VOWELS for ch in rest):
                continue
            if not _harmonic(rest, vowel):
                continue
            root, marked = _strip_markers(rest)
            if person == "т" and not marked and not _bare_present(rest, word):
                continue
            if person == "м" and (
                word in IM_NOUNS
                or (not marked and not (_bare_present(rest, word) or _verb_like_root(root)))
            ):
                continue  # the 1st person (алам, тапшырам), not a noun in -ам (адам, мыйзам)
            if not person and not marked and not _verb_like_root(root):
                continue  # талабы, эсеби, себеби: талап/эсеп/себеп + possessive
            return root
    return None


# Short verb roots common in questions (алабы, береби, болобу); other roots must look verbal
# (a causative -ит/-дыр/-гыз …) before a bare -A + question particle is taken as a verb.
COMMON_ROOTS = frozenset(
    "ал бер бол кир сал кал кел бар от кет кой жаз туз чык ач сат кыл тол жет чеч тап бас кес "
    "буз бут кур тур жур баш тос жап сак кош ой кайт ук тий бил кор тарт сун бек ал".split()
)
_VERB_SUFFIXES = (
    "ит",
    "ыт",
    "ут",
    "дыр",
    "дир",
    "дур",
    "тыр",
    "тир",
    "тур",
    "гыз",
    "гиз",
    "гуз",
    "кыз",
    "киз",
    "куз",
    "ыр",
    "ир",
    "ур",
    "лан",
    "лен",
    "лон",
    "тан",
    "ткар",
    "ткер",
    "ткор",
)


# Roots whose bare present -Aт (берет, сатат, курат, чыгат) is taken as the verb: common verbs
# of questions, none of whose -Aт forms is a noun except those in BARE_PRESENT_NOUNS.  Other
# -Aт words stay nouns (уруксат, мөөнөт, мамлекет, кызмат, депутат).
BARE_PRESENT_ROOTS = frozenset(
    "бер сат чеч кир чыг сал кал кет тур жаз буз кур кес тарт ток ач жаб таб кош бол кор уг "
    "бас кыл ал жет кайт ой кой тос сун туз озгорт бекит кайтар".split()
)
BARE_PRESENT_NOUNS = frozenset("салат билет сакат бекет башат сурот кабат канат болот".split())


def _bare_present(root: str, word: str) -> bool:
    """A bare -Aт after a common verb root or a causative/derived one (өткөрөт, аткарат,
    бекитет, чыгарат), which no noun of the law ends in (уруксат, мамлекет stay nouns)."""
    if word in BARE_PRESENT_NOUNS:
        return False
    return root in BARE_PRESENT_ROOTS or (len(root) >= 4 and root.endswith(_CAUSATIVES))


# causative endings of verb roots (аткар-, киргиз-, жүргүз-, чыгар-, өткөр-); not -ит, which
# loanwords in -итет end in too (комитет, университет)
_CAUSATIVES = tuple(
    "ткар ткер ткор гыз гиз гуз кыз киз куз дыр дир дур тыр тир тур гар гер гор".split()
)


def _verb_like_root(root: str) -> bool:
    return root in COMMON_ROOTS or (len(root) >= 4 and root.endswith(_VERB_SUFFIXES))


def _participle_root(word: str) -> str | None:
    """-GAн participles and -Iш verbal nouns (after the noun layers): бузган, берилиш."""
    if word in VERB_LIKE_NOUNS:
        return None
    for part in ("ган", "ген", "гон", "кан", "кен", "кон"):
        if word.endswith(part):
            rest = word[:-3]
            if len(rest) < 2 or not any(ch in VOWELS for ch in rest):
                return None
            if part[0] == "к" and rest[-1] not in VOICELESS:
                return None
            if part[0] == "г" and rest[-1] in VOICELESS:
                return None
            if not _harmonic(rest, part):
                return None  # полигон, not поли + -гон
            return _strip_markers(rest)[0]
    for marker in ("ыш", "иш", "уш"):
        base = word[:-2]
        if word.endswith(marker) and len(base) >= 3 and base[-1] not in VOWELS:
            if base[-2] not in VOWELS:
                continue  # кылмыш, not кылм-ыш
            if any(ch in VOWELS for ch in base):
                return _strip_markers(base)[0]
    return None


_PARTICIPLE_TAILS = ("ган", "ген", "гон", "кан", "кен", "кон")


def verbal_noun(root: str) -> str:
    """The folded verbal noun of a root: бер → беруу, катта → каттоо, шайла → шайлоо."""
    if root[-1] in "аео":
        return root[:-1] + "оо"  # шайла → шайлоо, иште → иштөө (folded)
    if root[-1] in "ыиу":
        return root + "у"
    if root[-1] == "й":
        return root[:-1] + "юу"
    if root[-1] == "ю":  # a passive stem of кой-, жой- (коюл-, жоюл-): коюу, жоюу
        return root + "у"
    return root + "уу"


# 1st person singular possessive -Im (жерим, укугум) is stripped only from stems of three letters
# or more and never from these nouns whose -Iм is part of the word.
IM_NOUNS = frozenset(
    {
        "билим",
        "айрым",
        "чечим",
        "келишим",
        "болум",
        "олум",
        "жыйым",
        "кийим",
        "илим",
        "алым",
        "салым",
        "толом",
        "ишеним",
        "ыйгарым",
        "кызым",
        "тарым",
        "ырым",
        "бурум",
        "кыйым",
        "уюм",
        "курулум",
        "тузум",
        "жоболум",
        "айым",
        "жылым",
        "адам",
        "бирим",
        "бирдиктуу",
        "маалым",
        # nouns in -Iм of the law: system, transaction, yield, income, pressure
        "тутум",
        "бутум",
        "тушум",
        "кирим",
        "кысым",
        # judgement (a court's), expenditure, product, growth, pardon
        "окум",
        "чыгым",
        "онум",
        "осум",
        "кечирим",
        # the head of an administration (not акы "fee" + -м); agreement, deal
        "аким",
        "битим",
        # a sitting (of a committee, a council)
        "отурум",
    }
)


def _strip_first_person(word: str) -> str:
    """жеримди → жерим, жерим → жер, суум → суу; the nouns of :data:`IM_NOUNS` stay."""
    for case in ("ды", "ди", "ду", "дын", "дин", "дун", "ден", "дан", "дон", "де", "да", "до"):
        if word.endswith(case) and word[: -len(case)].endswith("м"):
            word = word[: -len(case)]
            break
    else:
        if word.endswith(("ыма", "име", "уму", "умо", "ума")) and len(word) >= 6:
            word = word[:-1]
    if word in IM_NOUNS or not word.endswith("м"):
        return word
    for poss in ("ым", "им", "ум"):
        base = word[: -len(poss)]
        if word.endswith(poss) and len(base) >= 3 and base[-1] not in VOWELS:
            if _harmonic(base, poss) and any(ch in VOWELS for ch in base):
                if base[-1] in "гб" and len(base) >= 3 and base[-2] in VOWELS:
                    base = base[:-1] + ("к" if base[-1] == "г" else "п")
                return base
    base = word[:-1]
    if len(base) >= 3 and base[-1] in "ыиу":  # суум, акым
        return base
    return word


def _particle_fits(word: str) -> bool:
    """-пы/-пи/-пу after a voiceless sound, -бы/-би/-бу elsewhere (керекпи, барбы; not жалпы)."""
    return (word[-2] == "п") == (word[-3] in VOICELESS)


def _verb_root(word: str) -> str | None:
    """The root of a finite verb form (a question particle taken off first), else None."""
    if len(word) < 4 or word in PROTECTED_WORDS or word in VERB_LIKE_NOUNS:
        return None
    root = None
    if word.endswith(_PARTICLES) and len(word) >= 5 and _particle_fits(word):
        root = _finite_root(word[:-2], question=True)
    if root is None:
        root = _finite_root(word, question=False)
    return root


def verb_key(word: str) -> str | None:
    """The verbal-noun key of a finite verb form, or None if ``word`` is not one."""
    root = _verb_root(word)
    if root is None:
        return None
    if root.endswith(_NEG):  # the negative verbal noun: төлөбөй, төлөнбөйт → төлөбөө
        root = root[: -len(_NEG)]
        if not _root_ok(root):
            return None
        return root + ("поо" if root[-1] in VOICELESS else "боо")
    if not _root_ok(root):
        return None
    return verbal_noun(root)


@lru_cache(maxsize=100_000)
def positive_key(word: str) -> str | None:
    """The positive verbal noun of a negative form (бербейт → берүү), else None: the analyzer
    lets a negative form reach the glossary terms of its verb too (not the reverse)."""
    root = _verb_root(word)
    if root is None or not root.endswith(_NEG):
        return None
    root = root[: -len(_NEG)]
    return verbal_noun(root) if _root_ok(root) else None


def _root_ok(root: str) -> bool:
    """A root keeps a vowel and two letters (three if it ends in a vowel: деген is not доо)."""
    return len(root) >= (3 if root[-1] in VOWELS else 2) and any(ch in VOWELS for ch in root)


def converb_key(word: str) -> str | None:
    """The verbal noun of a converb in -A/-й that comes before "ал-" (can): беките алабы,
    көрө алат, аныктай алабы → бекитүү, көрүү, аныктоо; None if ``word`` (folded) is not one.
    Only a root that looks verbal (a common root or a causative/derived one) is taken: "акча
    алат" (gets money), "пайда алат" keep their nouns."""
    if len(word) < 3 or word in PROTECTED_WORDS:
        return None
    if word[-1] == "й":
        root = word[:-1]
        if len(root) >= 4 and root[-1] in "аеоу" and root[-2] not in VOWELS:
            return verbal_noun(root)
        return None
    if word[-1] not in "аео":
        return None
    root = word[:-1]
    if len(root) < 2 or root[-1] in VOWELS or not _harmonic(root, word[-1]):
        return None
    if not _verb_like_root(root):
        return None
    return verbal_noun(root)


# nouns in -п that a -п converb reading would take for a verb (талап, эсеп, китеп, тартип…)
P_NOUNS = frozenset(
    "талап эсеп себеп китеп мектеп тартип жооп чыгым принцип рецепт штамп сироп "
    "кайып айып азап сап топ кап чап туп".split()
)


def converb_p_key(word: str) -> str | None:
    """The verbal noun a -п converb may stand for (folded, lower-case): айдап → айдоо, жумшап →
    жумшоо, таштап → таштоо, кайтарып → кайтаруу, берип → берүү.  Only a reading: nouns end
    in -п too (талап, эсеп, тартип), so the analyzer gives it to a question as a key looked up
    where the acts have it, never as the word's own key (a question says "жерди айдап алды",
    the act "жайыттарды өз алдынча айдоо")."""
    if len(word) < 4 or word[-1] != "п" or word in PROTECTED_WORDS or word in P_NOUNS:
        return None
    if word in VERB_LIKE_NOUNS or word.endswith(("ооп", "ееп", "ууп")):
        return None
    root = _root_before_suffix(word[:-1])
    return verbal_noun(root) if root else None


def _root_before_suffix(base: str, *, yu: bool = False) -> str | None:
    """The verb root of a form without its last consonant (-п of a converb, -ш of the noun of
    doing): a root in a vowel (айда-п, төлө-ш), or in a consonant before a harmonic linking
    vowel (кайтар-ып, бер-иш); with ``yu`` кой- + -уш written коюш.  None when there is none."""
    if base[-1] in "аео":
        root = base
        if len(root) < 3 or root[-2] in VOWELS:
            return None
    elif yu and base[-1] == "ю":
        root = base
    elif base[-1] in "ыиу":
        root = base[:-1]
        if len(root) < 2 or root[-1] in VOWELS or not _harmonic(root, base[-1]):
            return None
    else:
        return None
    return root if any(ch in VOWELS for ch in root) else None


def doing_noun_key(word: str) -> str | None:
    """The verbal noun a stem in -ш stands for (folded): the noun of doing -ыш under a
    possessive ("төлөшү керек", "бериши керек", "коюшу мүмкүнбү", "топтошу керек": төлөш,
    бериш, коюш, топтош) is the act's төлөө, берүү, коюу, топтоо.  A reading given to a
    question as a key looked up where the acts have it, like :func:`converb_p_key` (nouns end in
    -ш too: иш, тиш, кириш)."""
    if len(word) < 4 or word[-1] != "ш" or word in PROTECTED_WORDS or word in VERB_LIKE_NOUNS:
        return None
    root = _root_before_suffix(word[:-1], yu=True)
    return verbal_noun(root) if root else None


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Stem one folded, lower-case Kyrgyz word (a verb form to its verbal noun)."""
    noun, verb = analyse(word)
    return verb if verb is not None else noun


# Latin spellings transliterated letter by letter: "ia"/"iu" for я/ю (jaryialanat, joiuu,
# biudjet), "yi"/"yy" for a word-initial ый (yigarym, yygarym), "yi" for ый inside a word
# (myizam).  A vowel + и, и + и or a
# consonant + иу between consonants does not occur in Kyrgyz spelling (nor in the Russian
# loanwords of the law), so these are brought back to я/ю/ый.
_CONS = "бвгджзклмнпрстфхцчшщ"
_LATIN_JA = re.compile(rf"(?<=[аеиоуыэ])и([ау])|(?<=[{_CONS}])иу(?=[{_CONS}])")
# "y" read as ы: between vowels it is й (kiyin: киыин → кийин), "yy" after a vowel is йы
# (sayyn: саыйн → сайын), "yi" after a consonant is ый (myizam: мыизам → мыйзам)
_LATIN_Y = (
    (re.compile(r"(?<=[аеиоуэ])ы(?=[аеиоуы])"), "й"),
    (re.compile(r"(?<=[аеиоуэ])ый"), "йы"),
    (re.compile(rf"(?<=[{_CONS}])ыи(?=[{_CONS}]|$)"), "ый"),
)
_LATIN_YI = ("йи", "йы", "йй")


# "iy" after a vowel before a consonant is й + ы (aiyl: аийл → айыл, saiyn: саийн → сайын);
# "iu" opening a word is ю (iurist → юрист)
_LATIN_IY = re.compile(rf"(?<=[аеоуэ])ий(?=[{_CONS}]|$)")


def latin_repair(word: str) -> str:
    """A folded word with the Latin spellings above brought back to Cyrillic (else as is)."""
    if "и" in word:
        word = _LATIN_JA.sub(lambda m: "ю" if (m.group(1) or "у") == "у" else "я", word)
        if "ий" in word:
            word = _LATIN_IY.sub("йы", word)
        if word.startswith("иу") and len(word) > 3:
            word = "ю" + word[2:]
        elif word.startswith("иа") and len(word) > 3:
            word = "я" + word[2:]  # ianvar: январь
    if "ы" in word:
        for pattern, repl in _LATIN_Y:
            word = pattern.sub(repl, word)
    if word.startswith(_LATIN_YI):
        word = "ый" + word[2:]
    return word


# A Latin "i" typed for ы: Kyrgyz vowel harmony makes a high vowel after а, о, у, ы back (ы, or
# у after a rounded one; ы here: the skeleton folds ы and и alike, only the endings' harmony
# sees it), so "sistemasin", "djildik", "ayildagi" are системасын, жылдык, айылдагы; a first
# syllable "ий" before a consonant and a back vowel is ый (iygarim, miyzam: ыйгарым, мыйзам)
_BACK = frozenset("аоуыяёю")
_FIRST_IY = re.compile(rf"^([{_CONS}]?)ий(?=[{_CONS}]+[аоуыяю])")


def latin_first_iy(word: str) -> str:
    """A first syllable "ий" before a consonant and a back vowel read as ый (мийзам)."""
    return _FIRST_IY.sub(r"\1ый", word) if "ий" in word[:3] else word


def latin_harmony(word: str) -> str:
    """A Latin-typed Kyrgyz word (folded) with each и after a back vowel (and a first
    syllable's и before one) read as ы."""
    if "и" not in word:
        return word
    word = latin_first_iy(word)
    out = list(word)
    last = ""
    for i, ch in enumerate(out):
        if ch == "и" and last in _BACK:
            out[i] = ch = "ы"
        elif ch == "и" and not last:
            # the first syllable's и before а, ы (djilga, chikkan: жылга, чыккан; not бирок)
            nxt = next((c for c in out[i + 1 :] if c in VOWELS and c != "и"), "")
            if nxt in ("а", "ы"):
                out[i] = ch = "ы"
        if ch in VOWELS:
            last = ch
    return "".join(out)


# A Latin "ts" is ц in a loanword (munitsipal, rotatsiya) and т + с where a verb in -т takes
# a suffix in с- (taratsa, boshotsok, ketse, uruksatsyz): the conditional -сA(к/м/ң), the
# imperative -сIн and the privative -сIз, whose vowel agrees with the stem (граница, лица,
# сердце keep their ц: their -ца/-це is out of harmony or after a single letter)
_TS_SUFFIX = re.compile(r"ц([аеоыиу](?:к|м|н|з|ңыз|ңиз|ңуз|ңар|ңер|ңор|быз|биз|буз)?)$")


def latin_ts(word: str) -> str:
    """``word`` (folded, Latin-typed) with a final ц + verbal suffix read as т + с."""
    found = _TS_SUFFIX.search(word)
    if found is None:
        return word
    stem, suffix = word[: found.start()] + "т", "с" + found.group(1)
    if len(stem) < 3 or not any(ch in VOWELS for ch in stem[:-1]) or "ц" in stem:
        return word
    if suffix[1] in "ыиу" and suffix[-1] not in "зн":
        return word  # -сы/-си/-су: a possessive after a vowel, not a verb's suffix
    if not _harmonic(stem, latin_harmony(stem + suffix)[len(stem) :]):
        return word
    return stem + suffix


# Vowel-final endings a question particle -бы follows (пайдалануучубу, ассоциациясыбы,
# бирикмеби, программабы): long vowels, the possessive -сI, the agent -чI, the noun -мA and
# loanwords in -ия.  Not any vowel: жообу, талабы, эсеби are жооп, талап, эсеп + possessive.
_PARTICLE_AFTER_VOWEL = frozenset("уу ии сы си су чы чи чу ма ме мо ия".split())


# -GAндЫк: the fact of a participle (бузгандыгы, төлөгөндүгү, катталгандыгы) — its verb
_GANDYK = tuple(p + d for p in _PARTICIPLE_TAILS for d in ("дык", "дик", "дук"))


# the predicate's ending of the 1st person singular (эмес-мин, мүчө-мүн, депутат-мын)
_PREDICATE_1SG = ("мын", "мин", "мун")


@lru_cache(maxsize=200_000)
def analyse(word: str) -> tuple[str, str | None]:
    """(noun stem, verbal-noun key or None) of a folded, lower-case Kyrgyz word.

    The noun stem is what the noun layers leave (the verbal ending untouched: берилет,
    бергени → берге); the verbal-noun key is given when the word is a finite verb form or a
    participle / -Iш noun (берилет, бергени → берүү).  :func:`stem` prefers the verb; the
    analyzer prefers it only for verbs its glossary knows.
    """
    if len(word) < 3 or word in PROTECTED_WORDS:
        return word, None
    repaired = latin_repair(word)
    if repaired != word:
        return analyse(repaired)
    if word.endswith(_PREDICATE_1SG) and len(word) >= 6 and word[-4] not in VOWELS:
        # a noun or a copula as the predicate of "I" after a consonant (макул эмесмин,
        # фермермин); after a vowel it may be a noun in -м with its ending (мыйзамын)
        if verb_key(word) is None:
            return analyse(word[:-3])
    if word.startswith("орду") and len(word) <= 9:
        # орун "place, post" drops its vowel under an ending: орду, ордун, ордуна, ордунда
        return "орун", None
    verb = verb_key(word)
    if "м" in word[-4:]:
        bare = _strip_first_person(word)
        if bare != word:
            return (bare if bare in IM_NOUNS else _stem_noun_layers(bare)), verb
    if word[-2:] in _PARTICLES and len(word) >= 5 and _particle_fits(word):
        # керекпи, барбы, мүмкүнбү, укуктуубу (not жообу: жооп + possessive)
        if word[-3] not in VOWELS or word[-4:-2] in _PARTICLE_AFTER_VOWEL:
            noun, inner = analyse(word[:-2])
            return noun, verb or inner
    current = _stem_noun_layers(word)
    if verb is not None:
        return current, verb
    # a participle under noun endings: бергени (берген-и, not берге-ни), бузгандар, болгондо
    for tail in _PARTICIPLE_TAILS:
        at = word.rfind(tail)
        if at >= 2 and len(word) - at - 3 <= 6 and word[: at + 3].startswith(current):
            root = _participle_root(word[: at + 3])
            if root is not None and _root_ok(root):
                return current, verbal_noun(root)
            break
    if current.endswith(_GANDYK):
        current = current[:-3]  # бузгандык → бузган: the verb бузуу, and the noun бузган
    root = _participle_root(current)
    if root is not None and _root_ok(root):
        return current, verbal_noun(root)
    return current, None


def _stem_noun_layers(word: str) -> str:
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
