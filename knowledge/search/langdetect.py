"""Which language a question is asked in: Kyrgyz, Russian, or unsure (``None``).

Officials type fast: Kyrgyz often comes without ө/ү/ң («айыл окмоту ким шайлайт»), sometimes in
Latin letters («ayil okmotu kim shaylayt»), Russian sometimes in Latin too («kak poluchit
zemlyu»), and the two are mixed («айыл окмоту как избирается?»).  The detector scores every word
for Kyrgyz and for Russian evidence and answers when one side clearly wins:

* letters: ө ү ң (Kyrgyz); ъ ь щ ё (Russian);
* function and question words: эмне, кантип, керек, барбы, жана, менен, үчүн … / и, в, на,
  как, что, можно, нужно, какой …;
* endings: Kyrgyz question particles (-бы/-пы …), genitive (-нын/-дын …), dative (-га/-ге),
  plurals (-лар/-лер), "you" forms (-сыз/-сиз), long vowels (башкаруу, шайлоо); Russian
  adjective, verb and noun endings (-ого, -ать, -ться, -ение, -ость …);
* Kyrgyz LSG words that Russian speakers also use (айыл окмоту, кеңеш) count only a little.

Pure functions, no Telegram types.  :func:`detect_language` returns ``"ky"``, ``"ru"`` or
``None`` (then the caller falls back to the user's profile language).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# a hyphen joins words; an apostrophe inside or after a Latin word is the soft sign (skol'ko)
_WORD = re.compile(r"[^\W\d_]+(?:(?:-|(?<=[a-z])')[^\W\d_]+)*(?:(?<=[a-z])')?")
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'"})
_LATIN = re.compile(r"^[a-zöüñçşğı'-]+$")

# --- Kyrgyz evidence ----------------------------------------------------------------------------

KY_WORDS = frozenset(
    """
    эмне эмнеге эмнени эмнеден эмнелер кантип кандай кандайча качан ким кимге кимди кимдин
    кимден кайсы кайсыл канча канчалык кайда кайдан кайдагы барбы жокпу барбы
    керек керекпи керектүү болот болобу болуп болгон болсо болушу болбойт деген деп дейт
    үчүн учун менен жана же же болбосо боюнча жөнүндө жонундо тууралуу туурасында дагы
    эле эч бул ушул ошол тигил ал алар биз мен сиз силер мага бизге сизге сага анын алардын
    берет берилет берилеби алат алабы кылат кылуу кылыш жасоо жасаш мүмкүн мумкун мүмкүнбү
    мумкунбу салам саламатсызбы саламатсыздарбы рахмат ооба жок бар кайра азыр бүгүн бугун
    эртең эртен кечээ жыл жылы ай айы күн кун убакыт акча эмес экен элек ыйгарым укук
    жер жерди жерге жердин суу сууну сууга мыйзам мыйзамы мыйзамга токтом токтому берене
    беренеси жарлык жобо тартип башчы башчысы башчысын шайлоо шайланат шайлайт аким акимдин
    кызмат кызматкер кызматкерлер айылдык аймак аймактык жергиликтүү жергиликтуу
    алдынча башкаруу өз оз ишкана мекеме жаран жарандар калк эл маселе маселеси
    жардам суроо жооп кеңеш кеңешке кеңештин депутат депутаттар сессия чечим чечими
    бюджети салык салыгы төлөм толом акысы эмгек айлык пенсия жаңы жаны эски
    """.split()
)
# LSG words Russian speakers use as they are: weak evidence
KY_SHARED = frozenset("айыл аил окмоту өкмөтү окмот кенеш кеңеш аймак курултай жамаат".split())


def _endings(table: str) -> tuple[tuple[str, float, int], ...]:
    """(ending, weight, minimal word length) triples written "ending weight length / …"."""
    out = []
    for item in table.replace("\n", "/").split("/"):
        if item.strip():
            ending, weight, length = item.split()
            out.append((ending, float(weight), int(length)))
    return tuple(out)


# Kyrgyz endings: question particles, genitive, plural, polite 2nd person, cases, converbs
_KY_ENDINGS = _endings(
    """
    сызбы 2.5 6 / сизби 2.5 6 / бы 1.5 4 / би 1.2 4 / бу 1.5 4
    бү 1.5 4 / пы 1.5 4 / пи 1.2 4 / пу 1.5 4 / пү 1.5 4
    нын 1.5 5 / нин 1.2 5 / нун 1.5 5 / нүн 1.5 5 / дын 1.5 5
    дин 1.0 5 / дун 1.5 5 / дүн 1.5 5 / тын 1.5 5 / тин 1.0 5
    тун 1.5 5 / түн 1.5 5 / лар 1.0 5 / лер 1.0 5 / лор 1.0 5
    дар 0.8 5 / дер 0.8 5 / ларды 1.5 6 / лерди 1.5 6 / ларга 1.5 6
    лерге 1.5 6 / сыз 1.5 5 / сиз 1.5 5 / суз 1.5 5 / мын 1.0 5
    мун 1.0 5 / ге 1.0 5 / га 0.4 5 / дан 0.7 5 / ден 0.7 5
    тан 0.7 5 / тен 0.7 5 / нан 0.7 5 / нен 0.7 5 / ген 0.7 5
    гон 0.7 5 / кен 0.7 5 / ып 0.8 5 / ип 0.8 5 / уп 0.8 5
    йт 0.8 5 / ышы 1.0 5 / иши 1.0 5 / усу 1.0 5 / ууга 2.0 6
    ууну 2.0 6 / оону 2.0 6 / ообу 2.0 6
    """
)
_KY_LONG_VOWEL = re.compile(r"(аа|уу|ыы|оо|ээ|өө|үү)")
# Russian words that happen to end like Kyrgyz ones
_KY_ENDING_EXCEPTIONS = frozenset(
    """
    чтобы один одни орган органа органы доллар доллара сектор директор инспектор пенсия
    создан создана издан предан милиция даден стартап гражданин граждан сизиф кризис
    """.split()
)

# --- Russian evidence ---------------------------------------------------------------------------

RU_WORDS = frozenset(
    """
    и в во на по для как что это ли не с со о об от до за из к у при или а но же бы
    какой какая какие каким какое каких какую кто где когда почему зачем сколько куда
    откуда можно нужно надо нельзя есть будет будут если чтобы мне нам вам мы вы я он она
    они его ее её их этот эта эти этого все всё так уже также только который которая
    которые которого чем кому кого чей сейчас теперь должен должна должны может могут
    получить получит оформить сделать подать узнать закон закона законе статья статье
    статьи земля земли землю земельный вода воды водой глава главы главу выборы выбирают
    избирается избирают правительство постановление указ решение порядок право права
    какова каков скажите подскажите пожалуйста здравствуйте привет спасибо добрый день
    вопрос ответ сельский сельского местного местный самоуправления кенеша кенеше
    бюджет налог налога зарплата зарплату оплата работы работник работников документ
    """.split()
)
# Russian endings (-ли: the past plural, внесли, сделали)
_RU_ENDINGS = _endings(
    """
    ость 1.5 5 / ение 1.5 5 / ения 1.5 5 / ании 1.5 5 / ание 1.5 5
    ться 2.0 5 / тся 1.5 5 / ого 1.5 5 / его 1.2 5 / ому 1.2 5
    ыми 1.5 5 / ими 1.2 5 / ый 1.5 4 / ий 1.0 4 / ой 0.8 5
    ые 1.5 4 / ие 1.0 4 / ых 1.5 4 / их 1.0 4 / ую 1.5 4
    ая 1.0 4 / ать 1.5 4 / ять 1.5 4 / ить 1.5 4 / еть 1.5 4
    ами 1.0 5 / ями 1.0 5 / ах 0.5 5 / ях 1.0 5 / ется 2.0 5
    ются 2.0 5 / ает 1.0 5 / ли 0.8 5 / ует 1.0 5
    """
)
_RU_QUESTION = frozenset(
    "как какой какая какие каким какое кто что где когда почему зачем сколько можно ли нужно"
    " kak kto chto gde kogda skolko mozhno li nuzhno".split()
)
_KY_QUESTION = frozenset(
    "эмне эмнеге кантип кандай ким кимге качан кайсы канча кайда барбы керекпи"
    " emne kantip kanday kandai kim kachan kaysy kancha kayda barby kerekpi".split()
)
_RU_LETTERS = frozenset("ъьщё")
_KY_LETTERS = frozenset("өүң")

# --- Latin-typed questions ---------------------------------------------------------------------

_LAT_DIGRAPHS = (
    ("shch", "щ"),
    ("sch", "щ"),
    ("dzh", "дж"),
    ("zh", "ж"),
    ("dj", "ж"),  # djer, djana: Kyrgyz ж
    ("kh", "х"),
    ("ch", "ч"),
    ("sh", "ш"),
    ("ts", "ц"),
    ("yu", "ю"),
    ("ya", "я"),
    ("yo", "ё"),
    ("oe", "ө"),
    ("ue", "ү"),
)
_LAT_SINGLE = dict(
    zip(
        "abcdefghijklmnopqrstuvwxzöüñçşğı",
        "абкдефгхижклмнопкрстуввкзөүңчшгы",
        strict=True,
    )
)
_LAT_VOWELS = set("aeiouöü")


@lru_cache(maxsize=8192)
def latin_to_cyrillic(word: str) -> str:
    """A phonetic reading of a Latin-typed word (``shaylayt`` → ``шайлайт``)."""
    out: list[str] = []
    i = 0
    while i < len(word):
        for lat, cyr in _LAT_DIGRAPHS:
            if word.startswith(lat, i):
                out.append(cyr)
                i += len(lat)
                break
        else:
            ch = word[i]
            if ch == "y":
                prev = word[i - 1] if i else ""
                nxt = word[i + 1] if i + 1 < len(word) else ""
                if prev == "y" and not nxt and out[-1:] == ["ы"]:
                    out.append("й")  # a final "yy" is ый (vodnyy, mestnyy), no long vowel
                    i += 1
                    continue
                # "ay", "oy" + consonant/end → й; between vowels "ayi" → "айы"; else ы
                if prev in _LAT_VOWELS:
                    out.append("й")
                elif not prev and nxt in _LAT_VOWELS:
                    out.append("й")
                else:
                    out.append("ы")
            elif ch == "i" and out and out[-1] == "й" and i >= 2 and word[i - 2] in "ao":
                out.append("ы")  # "ayil" → "айыл"
            elif ch == "i" and i and word[i - 1] in _LAT_VOWELS:
                # after a vowel: "iu"/"ia"/"iy" are ю, я, йы (boiuncha, uiumdar, aiyl), an
                # "i" before a consonant or at the end is й (kaisy, kandai, ishteit)
                nxt = word[i + 1 : i + 2]
                if nxt in ("u", "a", "y"):
                    out.append({"u": "ю", "a": "я", "y": "йы"}[nxt])
                    i += 1
                elif nxt and nxt in _LAT_VOWELS:
                    out.append("и")
                else:
                    out.append("й")
            elif ch == "'":
                out.append("ь")
            elif ch == "e" and i == 0:
                out.append("э")  # "emne" → "эмне", "eto" → "это"
            else:
                out.append(_LAT_SINGLE.get(ch, ch))
            i += 1
    return "".join(out)


# --- scoring ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LanguageScores:
    ky: float
    ru: float
    words: int

    @property
    def lang(self) -> str | None:
        return _decide(self.ky, self.ru)


def _ending_score(word: str, endings: tuple[tuple[str, float, int], ...]) -> float:
    best = 0.0
    for ending, weight, min_len in endings:
        if len(word) >= min_len and word.endswith(ending):
            best = max(best, weight)
    return best


@lru_cache(maxsize=65536)
def word_scores(word: str) -> tuple[float, float]:
    """(Kyrgyz, Russian) evidence of one case-folded Cyrillic word (cached: questions repeat
    their words, and every question is scored before it is searched)."""
    ky = ru = 0.0
    base = word.split("-")[0] if "-" in word and not word.startswith("-") else word
    if any(ch in _KY_LETTERS for ch in word):
        ky += 3.0
    if any(ch in _RU_LETTERS for ch in word):
        ru += 2.0
    if word in KY_WORDS or base in KY_WORDS:
        ky += 2.5
    elif word in KY_SHARED:
        ky += 0.5
    if word in RU_WORDS:
        ru += 2.5
    if word in KY_WORDS or word in RU_WORDS or word in _KY_ENDING_EXCEPTIONS:
        return ky, ru
    ky += _ending_score(word, _KY_ENDINGS)
    if _KY_LONG_VOWEL.search(word) and not word.startswith(("коо", "зоо", "кооп")):
        ky += 1.5
    ru += _ending_score(word, _RU_ENDINGS)
    return ky, ru


def language_scores(text: str) -> LanguageScores:
    """Kyrgyz and Russian evidence of ``text`` (Latin-typed words read phonetically)."""
    ky = ru = 0.0
    words = _WORD.findall(text.casefold().translate(_APOSTROPHES))
    n = 0
    for raw in words:
        if _LATIN.match(raw):
            word = latin_to_cyrillic(raw)
        elif any("a" <= ch <= "z" for ch in raw):
            continue  # a mixed token (a code, a URL part): no evidence
        else:
            word = raw
        if len(word) > 2 and (len(set(word)) == 1 or len(word) > 40):
            continue  # "аааа", a key held down: no evidence of either language
        n += 1
        k, r = word_scores(word)
        ky += k
        ru += r
    # the question frame weighs more in a mixed question: "… — какие изменения внесли?"
    folded = set(words)
    if folded & _RU_QUESTION:
        ru += 1.5
    if folded & _KY_QUESTION:
        ky += 1.5
    # a reference to an act's article or point: Russian abbreviations "ст. 13", "п.2",
    # "ч. 1", "пп. 3" (Kyrgyz has none: "13-берене"), Kyrgyz ordinals of the same nouns
    # ("13-берене", "2-пункту", "2-бөлүгү", "3-глава"); "10-дневный срок" is no reference
    ru += 2.0 * len(_RU_REFERENCE.findall(text)) + 1.5 * len(_RU_POINT.findall(text))
    ky += 1.5 * len(_KY_REFERENCE.findall(text))
    # a Kyrgyz yes/no question ends in a particle: "барбы?", "болобу?"
    if re.search(r"(бы|би|бу|бү|пы|пи|пу|пү)\s*\?\s*$", text.casefold()):
        ky += 1.0
    return LanguageScores(ky=round(ky, 2), ru=round(ru, 2), words=n)


_RU_REFERENCE = re.compile(r"(?<![^\W\d_])(?:ст|стат)\s*(?:\.\s*|(?=\d))\d", re.IGNORECASE)
_RU_POINT = re.compile(r"(?<![^\W\d_])(?:п|пп|ч|подп|абз|гл)\s*(?:\.\s*|(?=\d))\d", re.IGNORECASE)
_KY_REFERENCE = re.compile(
    r"\d\s*-\s*(?:берене|пункт(?!ами|ах|ом|ов\b)|бөлү[гк]|болу[гк]|глава|бап|тиркеме|абзац)",
    re.IGNORECASE,
)


def _decide(ky: float, ru: float) -> str | None:
    if max(ky, ru) < 1.5:
        return None  # too little evidence ("ГАМСУМО", "513", "айыл окмоту")
    if ky >= ru * 1.25 + 0.5:
        return "ky"
    if ru >= ky * 1.25 + 0.5:
        return "ru"
    return None


def detect_language(text: str) -> str | None:
    """``"ky"``, ``"ru"`` or ``None`` when the question does not say clearly."""
    return language_scores(text).lang
