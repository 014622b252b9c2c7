"""Russian words: per-token language detection and Snowball stemming.

Snowball's Russian stemmer mangles Kyrgyz words (``айыл``→``ай``), so it is applied only to
words detected as Russian.  Detection works on the case-folded, *unfolded* word (it still has
``ө ү ң ъ ь ё``):

* Kyrgyz-only letters (``ө ү ң``), Kyrgyz long vowels (``аа уу ыы оо`` — not in ``коо-``/``зоо-``),
  Kyrgyz case endings on a long word, or an LSG loanword stem (``айыл``, ``кеңеш``, ``токтом``…)
  → Kyrgyz;
* Russian-only letters (``ъ ь щ ё``) or a typical Russian inflectional ending → Russian;
* otherwise the prior (the passage's language, or the language detected for the whole question).
"""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer

_RU = snowballstemmer.stemmer("russian")

KY_LETTERS = frozenset("өүң")
RU_LETTERS = frozenset("ъьщё")

# LSG loanwords and Kyrgyz terms that appear inside Russian text: they stay on the Kyrgyz path.
# (Folded forms, matched as prefixes.)
KY_LOAN_STEMS: tuple[str, ...] = (
    "айыл",
    "аил",
    "окмот",
    "кенеш",
    "аймак",
    "аким",
    "токтом",
    "жарлык",
    "жарлыг",
    "мыйзам",
    "жогорку",
    "жергиликтуу",
    "бирдик",
    "биримдик",
    "ишеним",
    "жаратмандык",
    "курултай",
    "жамаат",
    "башчы",
    "мэрия",
)

_KY_LONG_VOWEL = re.compile(r"(аа|уу|ыы|оо|үү|өө|ээ)")
_KY_ENDINGS = (
    "нын",
    "нин",
    "нун",
    "дын",
    "дин",
    "дун",
    "тын",
    "тин",
    "тун",
    "лары",
    "лери",
    "дары",
    "дери",
    "тары",
    "тери",
    "дагы",
    "деги",
    "тагы",
    "теги",
    "ында",
    "инде",
    "унда",
    "ынан",
    "инен",
    "унан",
    "сынын",
    "дык",
    "дик",
    "тык",
    "тик",
    "лык",
    "лик",
    "чылык",
    "гон",
    "ган",
    "ген",
    "кан",
    "кен",
    "ылган",
    "илген",
    # a question particle after a present stem (киреби, болобу, береби) and the 1st person
    # plural (алабыз, беребиз): Kyrgyz verbs typed without ө/ү/ң
    "абы",
    "еби",
    "обу",
    "абыз",
    "ебиз",
    "обуз",
    "ганда",
    "генде",
    "гондо",
)
_RU_ENDINGS = (
    "ого",
    "его",
    "ому",
    "ему",
    "ыми",
    "ими",
    "ость",
    "ости",
    "остью",
    "ние",
    "ния",
    "нию",
    "нии",
    "нием",
    "ний",
    "ций",
    "ции",
    "цию",
    "цией",
    "ться",
    "тся",
    "ешь",
    "ает",
    "яет",
    "ует",
    "ают",
    "яют",
    "уют",
    "ится",
    "ных",
    "ные",
    "ный",
    "ная",
    "ное",
    "ной",
    "ным",
    "ными",
    "ского",
    "ской",
    "ских",
    "ская",
    "ское",
    "ский",
    "ства",
    "ство",
    "ству",
    "ством",
    "ить",
    "ать",
    "ять",
    "еть",
    "ение",
    "ения",
    "ении",
    "ению",
    "овать",
    "ирует",
    "енный",
    "енной",
    "енные",
    "ённый",
    "ался",
    "алась",
    "ились",
    "ется",
    "ются",
    "ие",
    "ят",
    "ена",
    "ены",
    "ено",
    "ятся",
    "атся",
    "ую",
    "юю",
    "ая",
    "яя",
    "ые",
    "ий",
    "ый",
    "ах",
    "ях",
    "ам",
    "ям",
    "ов",
    "ев",
)
# Kyrgyz endings that follow a Russian loanword's stem (объектисинде, субъектиси,
# субъекттердин): a word with ъ/ь/щ/ё and one of these endings is a Kyrgyz word.  Only endings
# no Russian word has after such a stem (not "те"/"ке": объекте, съёмке; not a bare "тер":
# компьютер).
_KY_AFTER_LOAN = tuple(
    "сы си су сын син сун сына сине суна сында синде сунда сынан синен сунан сынын синин сунун "
    "сыны сини лары лери дары дери тары тери ларды лерди дарды дерди тарды терди лардын лердин "
    "дардын дердин тардын тердин ларга лерге дарга дерге тарга терге ларда лерде дарда дерде "
    "тарда терде лардан лерден тардан терден нын нин дын дин тын тин ында инде ынан инен "
    "ыбыз ибиз ыбыз".split()
    # the rounded forms (a loan stem in ё: отчётун, отчётунун, отчётуна) and the adjectives in
    # -LIк (консультативдик, субъективдүү is caught by its long vowel)
    + "ун унун уна унда унан дык дик дук тык тик тук лык лик лук".split()
)
# consonant-initial case endings after a loan stem ending in the same consonant (отчётту,
# отчёттун, объекттин, съездди): a Russian ending after such a stem starts with a vowel
# (отчёту, объекты, съезды: not объек + -ты)
_KY_AFTER_LOAN_C = tuple("ты ти ту тун тын тин ды ди ду дун дын дин".split())


# Kyrgyz writes ё in the forms of its -оюу verbs (коюу: коё, коёт; боёо, жоюу, тоюу, союу,
# чоюу): not a Russian word (моё, своё, поём have other consonants)
_KY_YO = re.compile(r"^[бжкстч]оё")


def _ky_after_loan(word: str) -> bool:
    """A Russian loan stem (with ъ/ь/щ/ё) under a Kyrgyz ending: объектисинде."""
    for tail in _KY_AFTER_LOAN:
        if word.endswith(tail):
            stem = word[: -len(tail)]
            if len(stem) >= 4 and any(ch in RU_LETTERS for ch in stem):
                return True
    for tail in _KY_AFTER_LOAN_C:
        if word.endswith(tail):
            stem = word[: -len(tail)]
            if len(stem) >= 4 and stem[-1] == tail[0] and any(ch in RU_LETTERS for ch in stem):
                return True
    return False


# Very common Russian and Kyrgyz function words, used to guess the language of a question
# ("же" is Kyrgyz "or" as often as a Russian particle: it counts for Kyrgyz only).
RU_FUNCTION = frozenset(
    "в во на и о об по для как что не нет это или от до из с со к при про где когда кто какой "
    "какая какие каким каков сколько почему зачем ли можно нужно надо я мы вы он она они мне "
    "нам вам есть был была было будет у за бы".split()
)
KY_FUNCTION = frozenset(
    "жана менен боюнча үчүн учун деген кандай эмне барбы кантип кайда качан канча кайсы ким "
    "керек жөнүндө жонундо тууралуу болот болобу алабы беле эле да дагы бул ушул ошол бар жок "
    "мен биз сиз алар ал же".split()
)


def fold_simple(word: str) -> str:
    return word.replace("ө", "о").replace("ү", "у").replace("ң", "н").replace("ё", "е")


@lru_cache(maxsize=200_000)
def word_lang(word: str, prior: str = "ky") -> str:
    """``"ky"`` or ``"ru"`` for one case-folded, unfolded word."""
    if any(ch in KY_LETTERS for ch in word):
        return "ky"
    folded = fold_simple(word)
    if folded.startswith(KY_LOAN_STEMS):
        return "ky"
    if any(ch in RU_LETTERS for ch in word):
        return "ky" if _ky_after_loan(word) or _KY_YO.match(word) else "ru"
    long_vowel = _KY_LONG_VOWEL.search(word)
    if long_vowel and not word.startswith(("коо", "зоо")):
        return "ky"
    if len(word) >= 6 and word.endswith(_KY_ENDINGS):
        ky_end = True
    else:
        ky_end = False
    ru_end = len(word) >= 4 and word.endswith(_RU_ENDINGS)
    if ky_end and not ru_end:
        return "ky"
    if ru_end and not ky_end:
        return "ru"
    return prior


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Snowball stem of a case-folded Russian word (ё folded to е), with the participle suffix
    -н-/-ен- that Snowball takes for a verb ending put back (see :func:`_keep_participle`)."""
    village = "ё" in word
    word = word.replace("ё", "е")
    stemmed = _keep_participle(word, _RU.stemWord(word))
    if stemmed == "сел":  # село and сель share Snowball's stem: split them by the ending
        tail = word[3:]
        return "сел" if tail in _MUDFLOW_TAILS and not village else "село"
    return stemmed


# "село" (village: села, селу, селом, селе, сёла, сёл, селами, селах) and "сель" (mudflow: селя,
# селю, сели, селей, селями, селях) both stem to "сел": a question about roads "между сёлами"
# matched the Water Code's articles on mudflows.  The soft endings are the mudflow's; "селе" (в
# селе / о селе) is read as the village, the far more frequent word in LSG questions.
_MUDFLOW_TAILS = frozenset({"ь", "я", "ю", "ем", "и", "ей", "ям", "ями", "ях"})


# Snowball removes -н/-на/-но/-ны after а/я and -ен/-ена/-ено/-ены as verb endings, so a short
# participle and some nouns lose a suffix their other forms keep: "охрана"/"охраны" → охра but
# "охране" → охран, "орган"/"органы" → орга but "органов" → орган, "разрешено" → разреш but
# "разрешение"/"разрешенный" → разрешен, "согласовано" → согласова but "согласование" →
# согласован, "замена" → зам but "замену" → замен; the adjectival -анн- goes too ("согласованный"
# → согласова).  Put back, the forms share one key.
_SHORT_N = ("н", "на", "но", "ны", "нно")
_SHORT_EN = ("ен", "ена", "ено", "ены")


def _keep_participle(word: str, stemmed: str) -> str:
    tail = word[len(stemmed) :]
    if not tail or not word.startswith(stemmed):
        return stemmed
    if stemmed[-1:] in ("а", "я") and (tail in _SHORT_N or tail.startswith("нн")):
        return stemmed + "н"  # and the full participle: "согласованный" → согласован
    if tail in _SHORT_EN:
        return stemmed + "ен"
    return stemmed


def guess_lang(words: list[str]) -> str:
    """The language of a question from its case-folded, unfolded words."""
    ky = ru = 0
    for word in words:
        if word in RU_FUNCTION:
            ru += 2
            continue
        if word in KY_FUNCTION:
            ky += 2
            continue
        if any(ch in KY_LETTERS for ch in word):
            ky += 2
            continue
        if any(ch in RU_LETTERS for ch in word):
            ru += 1
            continue
        lang = word_lang(word, "")
        if lang == "ky":
            ky += 1
        elif lang == "ru":
            ru += 1
    return "ru" if ru > ky else "ky"
