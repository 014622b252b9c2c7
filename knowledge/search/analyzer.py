"""Text → index keys: the one analysis used for documents and questions.

A word yields up to three kinds of key:

* its **stem key** — Kyrgyz words through :mod:`.kyrgyz`, Russian words through Snowball
  (:mod:`.russian` decides per word), upper-case abbreviations unstemmed; then
  :func:`~.normalize.skeleton`;
* a **prefix key** ``~xxxxx`` — the first five letters of the folded word, which bridges
  inflections the stemmer misses and Russian/Kyrgyz forms of loanwords (программа/программы);
* **concept keys** ``§N`` — the bilingual glossary: every group of interchangeable terms
  (ЖӨБ = МСУ = жергиликтүү өз алдынча башкаруу = местное самоуправление) gets one key, added to
  every word of a matching (multi-word) term, in documents and in questions alike.

Number references give ``#…`` keys (:func:`~.normalize.number_keys`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence, Set
from dataclasses import dataclass, field, replace
from itertools import chain, compress, pairwise
from operator import attrgetter

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from knowledge.search import kyrgyz, russian
from knowledge.search.derivation import derived_keys
from knowledge.search.lexicon import KY_STOP, LEXICON, RU_STOP, SMALL_TALK
from knowledge.search.normalize import (
    RawToken,
    fold,
    is_latin_word,
    is_number,
    number_keys,
    skeleton,
    split_raw,
    tokenize,
    transliterate,
    word_token,
)
from knowledge.search.numerals import join_compounds, number_keys_of_word

PREFIX_LEN = 5
# a question's word that matches no glossary term as typed matches a term's prefix pattern of
# this many letters or more that it misspells by at most this typo_cost
TERM_REPAIR_MIN = 7
TERM_REPAIR_COST = 0.6
LONG_PREFIX_LEN = 8
_DEVOICE = {"г": "к", "б": "п"}


def _norm_surface(word: str) -> str:
    return skeleton(fold(word))


def _has_inner_e(word: str) -> bool:
    """An "э" after the word's first letters (мэр, жээк; not эл, ээси)."""
    return "э" in word.lstrip("э")


def _e_surface(word: str) -> str:
    """The surface with its "э" kept (the skeleton otherwise): where a glossary prefix with a
    non-initial э (мэр*, мэри*) is checked, so Russian "мера"/"меры" (skeleton "мер") do not
    match it."""
    return skeleton(fold(word).replace("э", "\x00")).replace("\x00", "э")


# "день" is a day ("в течение 10 дней", "в тот же день"), but not in "добрый день"
GREETING_HEADS = frozenset(_norm_surface(w) for w in "добрый хорошего хороший".split())
GREETING_TAILS = frozenset(_norm_surface(w) for w in "день дня".split())
_KY_YO = re.compile("(?<=[аоуыөү])ё")
STOP_WORDS = frozenset(_norm_surface(w.casefold()) for w in KY_STOP + RU_STOP)
SMALL_TALK_WORDS = frozenset(_norm_surface(w.casefold()) for w in SMALL_TALK) | frozenset(
    _norm_surface(transliterate(w)) for w in SMALL_TALK if is_latin_word(w)
)


# keys of the forms of "ал-" (алат, алабы, алышат, албайт, алса): after a converb, "can"
_ABLE_KEYS = frozenset({"алуу", "албоо"})


# Kyrgyz question words and pronouns under any ending (кимден, кайсынысы, анын, өзү): stop
# words by their stem, not only by the forms listed in the stop list.
KY_STOP_ROOTS = (
    "ким кимдер эмне эмнелер кайсы кайсыл кайсынысы канча кандай кандайча качан кайда кантип "
    "аны анын муну мунун өзү өзүнүкү биз сиз бул ушул ошол башка кийин "
    # someone, everyone / all of it, how many ("бир нече" = several)
    "бирөө баары нече "
    # not (a copula: макул эмесмин = I disagree)
    "эмес "
    # auxiliary verbs of verb chains (сатып жатат, төлөбөй жатабыз, басып кетсе)
    "жатат жаткан жатабыз жатышат кетет кетсе"
)
# auxiliary forms stopped by their surface only (алуу "to receive" stays a content word, the
# "can" of "кыла алабыз" does not; коюу "to install", the "done" of "токтотуп коё")
KY_AUX_FORMS = (
    "болгондо болушу болгону болгонун болгондон болбосо болбойт болсун болушат "
    "алабыз аласыз алышат алабызбы алышабы коё коюп калды калышты турган "
    # postpositions and conjunctions whose Russian words are stop words (до, через, как,
    # только, но, потому что, поэтому, если)
    "чейин аркылуу сыяктуу гана бирок анткени ошондуктан эгер эгерде"
)
KY_STOP_STEMS = (
    frozenset(skeleton(kyrgyz.stem(fold(w))) for w in KY_STOP_ROOTS.split())
    | frozenset(_norm_surface(w) for w in KY_STOP_ROOTS.split())
    | frozenset(_norm_surface(w) for w in KY_AUX_FORMS.split())
) - {skeleton(kyrgyz.stem(fold(w))) for w in KY_AUX_FORMS.split()} | frozenset(
    _norm_surface(w) for w in KY_AUX_FORMS.split()
)


@dataclass(slots=True, eq=False)
class Word:
    """One analysed token of a text."""

    surface: str  # folded + skeleton surface form (unstemmed)
    kind: str  # "word" | "num"
    lang: str  # "ky" | "ru" ("" for numbers)
    key: str  # stem key ("#…" for a number: its main key)
    prefix: str | None = None  # "~xxxxx"
    long_prefix: str | None = None  # "≈xxxxxxxx": derivations of one long word (гидрогеолог-)
    extra: tuple[str, ...] = ()  # more number keys (parts of "2018-2023")
    # keys looked up for questions only: a Kyrgyz loanword's Russian key (зонасы → зон), the
    # other reading of a Latin "ng", a Russian word's verb/noun family (надзирает → надзор)
    loan: tuple[str, ...] = ()
    atoms: frozenset[str] = frozenset()  # what glossary terms can match (key, *prefixes)
    stop: bool = False
    small_talk: bool = False
    upper: bool = False
    abbr: bool = False  # an abbreviation: no prefix keys
    own_keys: tuple[str, ...] = ()  # key, extra, prefix (filled in __post_init__)
    # glossary terms that can start at this word: single-word concepts, and trie nodes of
    # longer terms (whose next words must match)
    single: frozenset[str] = frozenset()
    starts: tuple[_Node, ...] = ()
    next_atoms: frozenset[str] = frozenset()  # atoms that can follow in a longer term
    index_keys: tuple[str, ...] = ()  # own keys + single-word concepts (what gets indexed)
    # terms whose grammatical words carry the meaning ("жооп берет" = is responsible: without
    # "жооп" it would be "берет", gives): matched over all words, stop words included
    full_starts: tuple[_Node, ...] = ()
    full_next: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if self.kind == "word" and not self.abbr:
            surface = self.surface
            if len(surface) >= PREFIX_LEN + 1:
                self.prefix = "~" + surface[:PREFIX_LEN]
            if len(surface) > LONG_PREFIX_LEN and len(self.key) >= LONG_PREFIX_LEN - 1:
                self.long_prefix = "≈" + surface[:LONG_PREFIX_LEN]
        if self.stop:
            self.own_keys = ()
        else:
            keys = [self.key, *self.extra]
            if self.prefix:
                keys.append(self.prefix)
            if self.long_prefix:
                keys.append(self.long_prefix)
            self.own_keys = tuple(keys)


@dataclass(slots=True)
class Analysis:
    """The words of a text (shared, immutable objects) and the concept keys of each."""

    words: list[Word]
    concepts: list[Set[str]]
    lang: str
    spans: list[tuple[int, int, frozenset[str]]] = field(default_factory=list)

    def keys(self) -> list[str]:
        """All index keys, repeated as often as they occur (for term frequency).

        Single-word concepts count per word, a multi-word term's concept once per occurrence
        (as :meth:`Analyzer.keys`).
        """
        out: list[str] = []
        for word in self.words:
            out.extend(word.index_keys)
        out.extend(chain.from_iterable(found for _, _, found in self.spans))
        return out


@dataclass(slots=True)
class Group:
    """A glossary group: interchangeable terms."""

    ky: list[str] = field(default_factory=list)
    ru: list[str] = field(default_factory=list)
    abbr: list[str] = field(default_factory=list)


# Kyrgyz stems this long may be Russian loanwords worth a Russian key too (shorter ones are
# native words whose Russian stem would be another word: мал "livestock" / мал- "small").
LOAN_MIN = 4
# a stem ending in a long vowel is native Kyrgyz (verbal nouns: берүү, каттоо), never a loanword
_KY_LONG = ("уу", "оо", "ии", "аа", "ее")
# auxiliaries after a converb in -п (түзүп турушу = concludes regularly, ашып калган = left
# over): тур-, кал- say how, not what; the copula "болуп эсептелет" (= является, a Russian
# stop word) is no "calculated" (эсептелет = исчисляется)
_AUX_KEYS = frozenset({"туруу", "калуу"})


# A Kyrgyz conditional in the 1st person singular (даттансам, алсам, кайрылсам) ends like a
# Russian dative plural (-ам), and an -Iм noun's possessive (чечими, келишими) like an
# instrumental plural (-ими): typed without ө/ү/ң, the word has nothing else Kyrgyz in it.
_KY_COND_1SG = ("сам", "сем", "сом")
_KY_IM_POSSESSIVE = ("ими", "ыми", "уми")


def _kyrgyz_after_all(text: str) -> bool:
    """Whether a word :func:`russian.word_lang` takes for Russian by its ending alone is, in a
    Kyrgyz text, a Kyrgyz verb in -сам or an -Iм noun with its possessive."""
    if any(ch in russian.RU_LETTERS for ch in text):
        return False
    folded = fold(text)
    if folded.endswith(_KY_COND_1SG) and len(folded) >= 5:
        # the ending's vowel in harmony with the root (вопросам: вопро + -сам is not)
        root = folded[:-3]
        return kyrgyz.harmonic(root, folded[-2]) and kyrgyz.verb_key(folded) is not None
    if folded.endswith(_KY_IM_POSSESSIVE):
        return folded[:-1] in kyrgyz.IM_NOUNS
    if folded.endswith("ам") and len(folded) >= 4:
        # a Kyrgyz noun in -ам (адам, жардам) reads as a Russian dative plural: Kyrgyz when its
        # vowels keep Kyrgyz harmony (вопросам, органам, депутатам break it)
        return _all_harmonic(folded)
    if folded.endswith(_KY_ADJ_I):
        # Kyrgyz adjectives of Arabic words (табигый, тарыхый, расмий, адабий): Russian spells
        # no ы after г/к/х, and has -мий/-бий only in a few genitive plurals
        return True
    return False


# -ый after a velar (impossible in Russian spelling), -ий after м/б
_KY_ADJ_I = ("гый", "кый", "хый", "мий", "бий")


def _all_harmonic(folded: str) -> bool:
    """Whether every vowel of a folded word follows the one before by Kyrgyz harmony."""
    vowels = [ch for ch in folded if ch in "аеиоуы"]
    return len(vowels) >= 2 and all(kyrgyz.harmonic(a, b) for a, b in pairwise(vowels))


def _ky_stem(text: str) -> str:
    """The Kyrgyz stem of a case-folded word.  A loanword's ё after a consonant is a rounded
    back vowel for the endings' harmony (отчётун, отчётуна: отчёт + -у-н, as отчотун would
    be), though it folds to е: the endings are taken off the word read with о, and the stem
    keeps the letters of the folded word."""
    folded = fold(text)
    if "ё" not in text:
        return kyrgyz.stem(folded)
    rounded = fold(text.replace("ё", "о"))
    stem = kyrgyz.stem(rounded)
    if len(rounded) == len(folded) and rounded.startswith(stem):
        return folded[: len(stem)]
    return kyrgyz.stem(folded)


def _is_aux(prev: str, word: Word) -> bool:
    if prev == "болуп":
        return word.surface.startswith("есептел")
    return (
        word.key in _AUX_KEYS
        and len(prev) >= 4
        and prev[-1] == "п"
        and prev[-2] in "аеиоуы"
        and not prev.endswith(_KY_LONG_P)
    )


# nouns in a long vowel + п (жооп), not converbs
_KY_LONG_P = ("ооп", "ееп")


def _unharmonized(stem: str, harmonized: str, typed: str) -> str:
    """``stem`` (of the ``harmonized`` reading of a Latin word) with the letters as typed."""
    if harmonized != typed and len(harmonized) == len(typed) and harmonized.startswith(stem):
        return typed[: len(stem)]
    return stem


# a stem ending in a consonant + у/о/ү/ө: the verbal noun in -UU/-OO with its long vowel typed
# once (bashkaru, korgo, paidalanuga: башкаруу, коргоо, пайдаланууга) or суу (su, sunu, suga)
_SHORT_LONG_END = re.compile("(?<=[бвгджзклмнпрстфхцчшщй])[уо]$")


# the endings a noun in a long vowel takes (суу-лар-ы-н, суу-су-н, суу-ну, суу-га …): not the
# -ндо of күн-дө / күнү-н-дө
_LONG_STEM_ENDINGS = re.compile(
    "(?:лар|лор)?(?:су|сы)?(?:н|ну|ны|нун|нын|га|го|да|до|дан|дон|ды|ду|дын|дун)?$"
)


def _latin_long_vowel(stem: str, word: str) -> str | None:
    """The other reading of a Latin-typed Kyrgyz word whose stem ends in a long vowel typed
    once: the vowel doubled (None when the stem does not end so, or already has one)."""
    if len(stem) < 2 or not word.startswith(stem) or _SHORT_LONG_END.search(stem) is None:
        return None
    if len(stem) > 2 and (_LONG_VOWEL.search(stem) or not any(v in stem[:-1] for v in "аеиоуы")):
        return None
    return stem + stem[-1] + word[len(stem) :]


# a first-syllable ы before a consonant: in Latin typing "y" may stand for ый (myzam, ygarym)
_LATIN_FIRST_Y = re.compile("^[бвгджзклмнпрстфхцчшщ]?ы(?=[бвгджзклмнпрстфхцчшщ])")
# a Kyrgyz adjective in -LIк of a loanword (бассейндик, координациялык, райондук, техникалык):
# the loanword (5+ letters) under it gives the Russian key of its noun (бассейн, координац)
_KY_ADJECTIVE = re.compile(r"^(.{5,}?)[лдт][ыиу]к$")

# Russian stump compounds of officialese: the stump and the word it stands for.  The rest of
# the word must be a word of its own (4+ letters) and not continue the stump's own words
# (государство, гость, госпиталь, господин; техника, технология; социальный; специальный).
_COMPOUND_HEADS = {
    "гос": "государственный",
    "селхоз": "сельскохозяйственный",  # ь is dropped from surfaces
    "тех": "технический",
    "соц": "социальный",
    "спец": "специальный",
    "мед": "медицинский",
}
_COMPOUND = re.compile(
    r"(селхоз|гос|тех|соц|спец|мед)(?!уд|т[ьеяи]|пит|под|пож|тин|н|иал|иф|ведь|лен|ал[ьи]|иц|ь)"
    r"[а-я]{4,}$"
)

_SPLIT_TERM = re.compile(r"[\s\-–]+")
# a Kyrgyz long vowel (on skeleton surfaces: ээ is ее; ии is also ый, left alone)
_LONG_VOWEL = re.compile(r"([аоуе])\1")
SHORT_MIN = 5  # shorter prefixes with the vowel written once are other words (жооп → жоп)


class _Node:
    """A node of the glossary-term trie (atoms along the path, concepts of terms ending here)."""

    __slots__ = ("children", "concepts")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.concepts: frozenset[str] = frozenset()


class Analyzer:
    """Analyses text into words and keys; holds the glossary (concept) tables."""

    def __init__(self, groups: Iterable[Group] = ()) -> None:
        self.groups: list[Group] = [Group(list(k), list(r), list(a)) for k, r, a in LEXICON]
        self.groups.extend(groups)
        self._trie: dict[str, _Node] = {}
        self._trie_full: dict[str, _Node] = {}  # terms kept with their stop words
        self._patterns: set[str] = set()
        # skeleton patterns whose every term has a non-initial "э" (мэр* → "мер": "мэр")
        self._e_patterns: dict[str, set[str]] = {}
        self._plain_patterns: set[str] = set()
        self._abbr_keys: set[str] = set()
        self._pattern_lengths: list[int] = []
        self._ky_patterns: set[str] = set()
        self._ru_patterns: set[str] = set()
        self._short_patterns: dict[str, set[str]] = {}
        self._short_lengths: list[int] = []
        self._word_cache: dict[tuple[str, bool, bool, str, str | None], Word] = {}
        for gid, group in enumerate(self.groups):
            concept = f"§{gid}"
            for lang, terms in (("ky", group.ky), ("ru", group.ru), ("abbr", group.abbr)):
                for term in terms:
                    atoms, full = self._term_atoms(term, lang)
                    if atoms:
                        trie = self._trie_full if full else self._trie
                        self._add_term(trie, atoms, concept)
                        plain = tuple(map(skeleton, atoms))
                        if plain != atoms and lang != "ru":
                            # a Kyrgyz term with "э" (жээк) is also matched by its Latin
                            # spelling (jeek: жеек); a Russian one (мэр) only as written
                            self._add_term(trie, plain, concept)
        self._pattern_lengths = sorted({len(p) for p in self._patterns}, reverse=True)
        # Kyrgyz prefixes with a long vowel by the form Latin typing often gives them, the vowel
        # written once (jooptuluk = жооптулук for жооптуулук, toloo for төлөө is typed right)
        for pattern in self._ky_patterns:
            short = _LONG_VOWEL.sub(r"\1", pattern)
            if short != pattern and len(short) >= SHORT_MIN and short not in self._patterns:
                self._short_patterns.setdefault(short, set()).add(pattern)
        self._short_lengths = sorted({len(p) for p in self._short_patterns}, reverse=True)
        for pattern in self._plain_patterns:
            self._e_patterns.pop(pattern, None)
        self._word_cache.clear()
        self._text_word_cache: dict[str, dict[str, Word]] = {}
        self._stopped_cache: dict[str, Word] = {}
        self._mistyped_cache: dict[tuple[str, str], frozenset[str]] = {}
        self._patterns_by_len: dict[str, dict[int, list[str]]] | None = None

    @staticmethod
    def _add_term(trie: dict[str, _Node], atoms: tuple[str, ...], concept: str) -> None:
        node = trie.get(atoms[0])
        if node is None:
            node = trie[atoms[0]] = _Node()
        for atom in atoms[1:]:
            child = node.children.get(atom)
            if child is None:
                child = node.children[atom] = _Node()
            node = child
        node.concepts = node.concepts | {concept}

    # --- glossary terms ------------------------------------------------------------------
    def _term_atoms(self, term: str, lang: str) -> tuple[tuple[str, ...], bool]:
        """The atoms a term is matched by, and whether its stop words are kept: a term of
        several words that would keep fewer than two without them keeps them all ("жооп
        берет", "вступ* в сил*", "за границ*"), else it would match any "берет"."""
        atoms: list[str] = []
        with_stop: list[str] = []
        for part in _SPLIT_TERM.split(term.strip()):
            if not part:
                continue
            if part.endswith("*"):
                base = part.rstrip("*").casefold()
                if is_latin_word(base):
                    base = transliterate(base)
                pattern = _norm_surface(base)
                if len(pattern) < 2:
                    continue
                self._patterns.add(pattern)
                if lang == "ky":
                    self._ky_patterns.add(pattern)
                elif lang == "ru":
                    self._ru_patterns.add(pattern)
                if "э" in fold(base)[1:]:
                    self._e_patterns.setdefault(pattern, set()).add(_e_surface(base))
                else:
                    self._plain_patterns.add(pattern)
                atoms.append("*" + pattern)
                with_stop.append("*" + pattern)
                continue
            tokens = tokenize(part)
            for raw in tokens:
                if raw.kind != "word":
                    continue
                if lang == "abbr":
                    raw = RawToken(raw.text, "word", upper=True, latin=raw.latin)
                    self._abbr_keys.add(_norm_surface(raw.text))
                word = self._word(raw, "ru" if lang == "ru" else "ky")
                atom = word.key
                if not word.abbr and _has_inner_e(_e_surface(raw.text)):
                    atom = next((a for a in word.atoms if skeleton(a) == word.key), atom)
                with_stop.append(atom)
                if word.stop:
                    continue
                atoms.append(atom)
        if len(atoms) < 2 and len(with_stop) >= 2:
            return tuple(with_stop), True
        return tuple(atoms), False

    # --- words ----------------------------------------------------------------------------
    def _word(self, raw: RawToken, prior: str) -> Word:
        cache_key = (raw.text, raw.upper, raw.kind == "num", prior, raw.alt)
        cached = self._word_cache.get(cache_key)
        if cached is not None:
            return cached
        word = self._make_word(raw, prior)
        if len(self._word_cache) < 500_000:
            self._word_cache[cache_key] = word
        return word

    def _make_word(self, raw: RawToken, prior: str) -> Word:
        if raw.kind == "num":
            keys = ["#" + raw.text] if raw.text.isdigit() else number_keys(raw.text)
            return Word(
                surface=keys[0] if keys else raw.text,
                kind="num",
                lang="",
                key=keys[0] if keys else "#",
                extra=tuple(keys[1:]),
                atoms=frozenset(keys[:1]),
            )
        text = raw.text
        alts = [raw.alt] if raw.alt is not None else []
        if raw.latin:
            # Latin typed letter by letter: "myizam", "jaryialanat", "biudjet" (see
            # kyrgyz.latin_repair); a "ts" read as ц may be т + с (satsa, uruksatsyz)
            text = kyrgyz.latin_first_iy(kyrgyz.latin_repair(text))
            if "ц" in text:
                verb = kyrgyz.latin_ts(text)  # taratsa: таратса, not тараца
                if verb != text:
                    alts.append(text)
                    text = verb
                else:
                    alts.append(text.replace("ц", "тс"))
            if "й" not in text and (first_y := _LATIN_FIRST_Y.match(text)) is not None:
                # a single "y" of the first syllable may be ый (myzam: мыйзам, ygarym)
                alts.append(text[: first_y.end()] + "й" + text[first_y.end() :])
        surface = _norm_surface(text)
        stop = surface in STOP_WORDS or len(surface) < 2
        small = surface in SMALL_TALK_WORDS
        is_abbr = raw.upper and (surface in self._abbr_keys or len(text) <= 6)
        loan: tuple[str, ...] = ()
        alt_atoms: set[str] = set()
        ky_stem = ""
        if is_abbr:
            lang = "ky"
            key = surface
            stop = stop and surface not in self._abbr_keys
        else:
            lang = russian.word_lang(text, prior)
            if lang == "ru" and prior == "ky" and _kyrgyz_after_all(text):
                lang = "ky"
            if lang == "ru" and raw.ru is not None:
                # a Russian word typed in Latin read as Russian (stoit: стоит; dlia: для)
                text = raw.ru
                surface = _norm_surface(text)
                stop = surface in STOP_WORDS or len(surface) < 2
                small = surface in SMALL_TALK_WORDS
            if lang == "ru":
                key = skeleton(fold(russian.stem(text)))
                loan = derived_keys(text, surface, key)  # прекращается → прекрашчен (questions)
            else:
                # Kyrgyz writes й + о as ё after a vowel (коёт = кой-от): its stem sees the й
                ky_text = _KY_YO.sub("йо", text) if "ё" in text else text
                ky_stem = _ky_stem(ky_text)
                if raw.latin and (harmonized := kyrgyz.latin_harmony(ky_text)) != ky_text:
                    # a Latin "i" for ы: the endings' harmony sees ы (sistemasin: системасын,
                    # djilga: жылга), unless the word as typed loses more to an ending with a
                    # vowel (tartipte: тартип-те, a loanword's и after а; not iygarim: -м)
                    harmonized_stem = _ky_stem(harmonized)
                    typed = fold(ky_text)
                    ending = typed[len(ky_stem) :] if typed.startswith(ky_stem) else ""
                    if len(harmonized_stem) <= len(ky_stem) or not any(
                        ch in kyrgyz.VOWELS for ch in ending
                    ):
                        ky_text, ky_stem = harmonized, harmonized_stem
                if (
                    raw.latin
                    and len(ky_stem) == 2
                    and ky_stem[1] == "у"
                    and ky_stem != "бу"
                    and not stop
                    and surface not in KY_STOP_STEMS  # муну (this)
                    and _LONG_STEM_ENDINGS.match(fold(ky_text), 2)
                ):
                    long = _latin_long_vowel(ky_stem, fold(ky_text))
                    if long is not None:
                        # a stem of a consonant and a short у is no Kyrgyz word (but бу, this):
                        # its vowel is long, typed once (su, sunu, suga: суу, сууну, сууга)
                        alts.append(ky_text)
                        ky_text, ky_stem = long, _ky_stem(long)
                        surface = _norm_surface(long)
                key = skeleton(ky_stem)
                stop = stop or key in KY_STOP_STEMS or surface in KY_STOP_STEMS
                positive = kyrgyz.positive_key(fold(ky_text))
                if positive is not None:
                    # a negative form (бербейт) also reaches its verb's terms (берүү = выдача)
                    alt_atoms.add(skeleton(positive))
                if len(ky_stem) >= LOAN_MIN and not ky_stem.endswith(_KY_LONG):
                    # a Russian loanword under Kyrgyz endings (zonasy, комиссиясы,
                    # плотиналар) also gets the key its Russian forms have (зон, комисс);
                    # a Latin-typed one is taken as typed (informatsiyasyn: информация)
                    loan_stem = _unharmonized(ky_stem, fold(ky_text), fold(text))
                    ru_key = skeleton(russian.stem(loan_stem))
                    if ru_key != key and len(ru_key) >= 3:
                        loan = (ru_key,)
                    adjective = _KY_ADJECTIVE.match(loan_stem)
                    if adjective is not None and not adjective.group(1).endswith(_KY_LONG):
                        ru_key = skeleton(russian.stem(adjective.group(1)))
                        if ru_key != key and len(ru_key) >= 4 and ru_key not in loan:
                            loan = (*loan, ru_key)
                if ky_stem[-1:] == "п" and ky_stem == fold(ky_text):
                    converb = kyrgyz.converb_p_key(ky_stem)
                    if converb is not None:
                        # a -п converb (айдап, жумшап) may be the verb whose noun the act writes
                        # (айдоо, жумшоо): a key looked up for questions where an act has it.
                        # Not the noun's glossary terms: "сатып алуу" is buying, not сатуу
                        loan = (*loan, skeleton(converb))
                if raw.latin and (long := _latin_long_vowel(ky_stem, fold(ky_text))):
                    alts.append(long)  # bashkaru: башкаруу as the other reading
                if ky_stem[-1:] == "ш":
                    doing = kyrgyz.doing_noun_key(ky_stem)
                    if doing is not None and skeleton(doing) != key:
                        # the noun of doing under a possessive (төлөшү, бериши, коюшу) is
                        # the act's verbal noun (төлөө, берүү, коюу): a key looked up too
                        loan = (*loan, skeleton(doing))
        for alt in alts if lang == "ky" and not is_abbr else ():
            # the other reading of a Latin "ng" (mongu: мөңү / мөңгү) or "ts": its key and its
            # glossary terms too (only Latin-typed words have one, so in practice only questions)
            alt_key = skeleton(kyrgyz.stem(kyrgyz.latin_harmony(fold(alt))))
            if alt_key != key:
                if alt_key not in loan:  # (a loanword's Russian key may be the same)
                    loan = (*loan, alt_key)
                alt_atoms |= {alt_key} | self._pattern_atoms(_norm_surface(alt))
        if raw.latin and lang == "ky" and not is_abbr:
            # a long vowel typed once in Latin (jooptuluk): the Kyrgyz prefixes it stands for
            alt_atoms |= self._short_atoms(surface)
        # a Cyrillic word is held to the "э" of a prefix and of a term (Latin typing has no э:
        # it is not): "мэр" (key мер) is not the term "мер" (меры), "меры" not "мэр*"
        e_form = None if raw.latin else _e_surface(text)
        term_key = key
        if e_form is not None and _has_inner_e(e_form) and not is_abbr:
            e_key = _e_surface(russian.stem(text) if lang == "ru" else ky_stem)
            if skeleton(e_key) == key:
                term_key = e_key
        atoms = {term_key} | self._pattern_atoms(surface, e_form) | alt_atoms
        if lang == "ky" and not surface.startswith(key):
            # a finite verb's key is its verbal noun (курат → куруу): its glossary prefixes too
            atoms |= self._pattern_atoms(key)
        extra = () if is_abbr else number_keys_of_word(surface, lang)  # "трех" → #3
        stop = stop and not any(k[0] == "#" for k in extra)  # Kyrgyz "он" = 10
        # the prefix keys come from the surface (Word.__post_init__)
        return Word(
            surface,
            "word",
            lang,
            key,
            extra=extra,
            loan=loan,
            atoms=frozenset(atoms),
            stop=stop,
            small_talk=small,
            upper=raw.upper,
            abbr=is_abbr,
        )

    def key_atoms(self, key: str) -> frozenset[str]:
        """Atoms of a bare stem key (used after typo repair)."""
        return frozenset({key} | self._pattern_atoms(key))

    def _pattern_atoms(self, surface: str, e_form: str | None = None) -> set[str]:
        """Glossary prefix patterns ``surface`` starts with.  A Kyrgyz stem voices its last
        к/п before a vowel (менчик → менчиги, тартип → тартиби): "менчик*" matches both.
        ``e_form`` (:func:`_e_surface` of a Cyrillic word) must match a pattern's "э"."""
        atoms: set[str] = set()
        patterns = self._patterns
        e_patterns = self._e_patterns
        for length in self._pattern_lengths:
            if length > len(surface):
                continue
            head = surface[:length]
            if head in patterns:
                if e_form is not None and head in e_patterns:
                    if not e_form.startswith(tuple(e_patterns[head])):
                        continue
                atoms.add("*" + head)
            elif head[-1] in _DEVOICE and length >= 3 and head[-2] in kyrgyz.VOWELS:
                # only between vowels (менчиги): калган is not калк*
                devoiced = head[:-1] + _DEVOICE[head[-1]]
                if devoiced in patterns:
                    atoms.add("*" + devoiced)
        return atoms

    def _short_atoms(self, surface: str) -> set[str]:
        """Kyrgyz glossary prefixes with a long vowel that ``surface`` (a Latin-typed word)
        starts with when the long vowels of both are written once."""
        short = _LONG_VOWEL.sub(r"\1", surface)
        atoms: set[str] = set()
        for length in self._short_lengths:
            if length <= len(short):
                atoms.update("*" + p for p in self._short_patterns.get(short[:length], ()))
        return atoms

    def concepts_of_atoms(self, atoms: frozenset[str]) -> set[str]:
        """Concept keys of single-word glossary terms matching ``atoms``."""
        found: set[str] = set()
        for atom in atoms:
            node = self._trie.get(atom)
            if node is not None:
                found |= node.concepts
        return found

    # --- texts ----------------------------------------------------------------------------
    def _link(self, word: Word) -> Word:
        """Attach the glossary terms that can start at ``word`` (once per distinct word)."""
        full = [node for atom in word.atoms if (node := self._trie_full.get(atom)) is not None]
        if full:
            word.full_starts = tuple(full)
            word.full_next = frozenset(atom for node in full for atom in node.children)
        if word.stop:
            return word
        single: set[str] = set()
        starts: list[_Node] = []
        for atom in word.atoms:
            node = self._trie.get(atom)
            if node is None:
                continue
            single |= node.concepts
            if node.children:
                starts.append(node)
        word.single = frozenset(single)
        word.index_keys = word.own_keys + tuple(sorted(single))
        word.starts = tuple(starts)
        word.next_atoms = frozenset(atom for node in starts for atom in node.children)
        return word

    def words(self, text: str, lang: str) -> list[Word]:
        cache = self._text_word_cache.setdefault(lang, {})
        raws = split_raw(text)
        out: list[Word | None] = list(map(cache.get, raws))
        if None in out:
            for i, word in enumerate(out):
                if word is not None:
                    continue
                raw = raws[i]
                token = RawToken(raw.casefold(), "num") if is_number(raw) else word_token(raw)
                word = self._link(self._make_word(token, lang))
                if len(cache) < 500_000:
                    cache[raw] = word
                out[i] = word
        for i in range(len(out) - 1):
            nxt = out[i + 1]
            if nxt.lang == "ky" and nxt.key in _ABLE_KEYS and nxt.surface.startswith("ал"):  # type: ignore[union-attr]
                out[i] = self._converb_word(raws[i], out[i])  # type: ignore[arg-type]
        for i in range(1, len(out)):
            word, prev = out[i], out[i - 1]
            if word.lang == "ky" and prev.lang == "ky" and not word.stop:  # type: ignore[union-attr]
                if _is_aux(prev.surface, word):  # type: ignore[union-attr,arg-type]
                    out[i] = self._stopped(word)  # type: ignore[arg-type]
                    continue
            if word.surface in GREETING_TAILS and out[i - 1].surface in GREETING_HEADS:  # type: ignore[union-attr]
                out[i] = self._stopped(word)  # type: ignore[arg-type]  # "добрый день"
        return join_compounds(out)  # type: ignore[arg-type]  # "двадцать пять" = 25

    def _stopped(self, word: Word) -> Word:
        """A stop-word copy of ``word`` (an auxiliary or a copula in its context, the "день" of
        "добрый день" — a day elsewhere: "в течение дня")."""
        found = self._stopped_cache.get(word.surface)
        if found is None:
            found = Word(word.surface, word.kind, word.lang, word.key, stop=True)
            found = self._stopped_cache[word.surface] = self._link(found)
        return found

    def _converb_word(self, raw: str, word: Word) -> Word:
        """The word before "ал-" (can) as its verb when it is a converb in -A/-й ("беките
        алабы" = may approve: бекитүү, the verbal noun the glossary and the acts use)."""
        if word.lang != "ky" or word.kind != "word" or word.stop or word.upper:
            return word
        token = word_token(raw)
        text = fold(token.text)
        if token.latin:
            text = kyrgyz.latin_repair(text)
        key = kyrgyz.converb_key(text)
        if key is None or skeleton(key) == word.key:
            return word
        return self._link(self._make_word(word_token(key), "ky"))

    def analyze(self, text: str, lang: str | None = None, mistyped: bool = False) -> Analysis:
        """Words of ``text`` (stop words included, marked) and the detected language.
        ``mistyped`` (a question): a long word no glossary term matches also matches the terms
        it misspells (:meth:`mistyped_atoms`)."""
        if lang not in ("ky", "ru"):
            lang = russian.guess_lang(
                [word_token(raw).text for raw in split_raw(text) if not is_number(raw)]
            )
        words = self.words(text, lang)
        if any(w.lang == "ru" and _COMPOUND.match(w.surface) for w in words):
            words = self._split_compounds(words)
        if mistyped:
            words = [self._term_repaired(w) for w in words]
        concepts: list[Set[str]] = [w.single for w in words]
        content = [i for i, w in enumerate(words) if not w.stop]
        spans = _phrase_spans([words[i] for i in content])
        for pos, end, found in spans:
            for j in range(pos, end + 1):
                index = content[j]
                concepts[index] = concepts[index] | found
        if any(map(_FULL_STARTS, words)):
            full = _phrase_spans(words, full=True)
            for pos, end, found in full:
                for j in range(pos, end + 1):
                    concepts[j] = concepts[j] | found
            spans += full
        return Analysis(words, concepts, lang, spans)

    def _term_repaired(self, word: Word) -> Word:
        """``word`` matching the glossary terms it misspells, when it matches none as typed
        ("собственость": собственност*, "госсобственость": государствен* собственност*)."""
        if (
            word.kind != "word"
            or word.stop
            or word.upper
            or word.single
            or len(word.surface) < TERM_REPAIR_MIN
        ):
            return word
        atoms = self.mistyped_atoms(word.surface, word.lang)
        if not atoms:
            return word
        return self._link(replace(word, atoms=word.atoms | atoms))

    def mistyped_atoms(self, surface: str, lang: str) -> frozenset[str]:
        """Glossary prefix patterns of ``lang``'s terms (of TERM_REPAIR_MIN letters or more)
        that ``surface`` starts with but for a cheap typo (:func:`typo_cost` ≤
        TERM_REPAIR_COST: a vowel, a doubled letter, a consonant of a cluster)."""
        cached = self._mistyped_cache.get((surface, lang))
        if cached is not None:
            return cached
        if self._patterns_by_len is None:
            self._patterns_by_len = {}
            for lang, own in (("ky", self._ky_patterns), ("ru", self._ru_patterns)):
                by_len: dict[int, list[str]] = {}
                for pattern in own:
                    if len(pattern) >= TERM_REPAIR_MIN:
                        by_len.setdefault(len(pattern), []).append(pattern)
                self._patterns_by_len[lang] = by_len
        found: set[str] = set()
        for length, patterns in self._patterns_by_len[lang].items():
            for cut in (length - 1, length, length + 1):
                if cut > len(surface) or cut < TERM_REPAIR_MIN - 1:
                    continue
                head = surface[:cut]
                for pattern, _dist, _ in process.extract(
                    head, patterns, scorer=Levenshtein.distance, score_cutoff=1, limit=None
                ):
                    cost = typo_cost(head, pattern, ending=False)
                    if pattern != head and cost <= TERM_REPAIR_COST:
                        found.add("*" + pattern)
        atoms = frozenset(found)
        if len(self._mistyped_cache) < 100_000:
            self._mistyped_cache[(surface, lang)] = atoms
        return atoms

    def _split_compounds(self, words: list[Word]) -> list[Word]:
        """A question's Russian stump compound (госорганы, техосмотр, сельхозназначения) as
        the two words an act writes (государственные органы, технический осмотр)."""
        out: list[Word] = []
        for word in words:
            found = _COMPOUND.match(word.surface) if word.lang == "ru" else None
            if found is None or word.stop or word.single or word.starts:  # a glossary term
                out.append(word)
                continue
            head, rest = found.group(1), word.surface[found.end(1) :]
            out.extend(self.words(f"{_COMPOUND_HEADS[head]} {rest}", "ru"))
        return out

    def keys(self, text: str, lang: str | None = None) -> list[str]:
        """All index keys of a text, repeated as often as they occur (for term frequency).

        Same result as ``analyze(text, lang).keys()``, faster (the indexing path).
        """
        if lang not in ("ky", "ru"):
            return self.analyze(text, lang).keys()
        words = self.words(text, lang)
        out: list[str] = list(chain.from_iterable(map(_INDEX_KEYS, words)))
        extend = out.extend
        if any(map(_STARTS, words)):
            # a multi-word term adds its concept once per occurrence
            for _, _, found in _phrase_spans([w for w in words if not w.stop]):
                extend(found)
        if any(map(_FULL_STARTS, words)):
            for _, _, found in _phrase_spans(words, full=True):
                extend(found)
        return out


_INDEX_KEYS = attrgetter("index_keys")
_STARTS = attrgetter("starts")
_NEXT_ATOMS = attrgetter("next_atoms")
_FULL_STARTS = attrgetter("full_starts")
_FULL_NEXT = attrgetter("full_next")


def _phrase_spans(
    content: Sequence[Word], *, full: bool = False
) -> list[tuple[int, int, frozenset[str]]]:
    """(first, last, concepts) of every multi-word glossary term in the content words (or,
    ``full``, of the terms kept with their stop words, in all the words)."""
    spans: list[tuple[int, int, frozenset[str]]] = []
    n = len(content)
    if n < 2:
        return spans
    follows = list(map(_FULL_NEXT if full else _NEXT_ATOMS, content))
    starts_of = _FULL_STARTS if full else _STARTS
    # only the words that can start a longer term (non-empty next_atoms), and not the last
    for pos in compress(range(n - 1), follows):
        after = content[pos + 1].atoms
        if follows[pos].isdisjoint(after):
            continue
        for node in starts_of(content[pos]):
            for atom in after:
                child = node.children.get(atom)
                if child is None:
                    continue
                if child.concepts:
                    spans.append((pos, pos + 1, child.concepts))
                if not child.children:
                    continue
                stack = [(child, pos + 2)]  # longer terms: walk on (no recursion: hot path)
                while stack:
                    deeper, nxt = stack.pop()
                    if nxt >= n:
                        continue
                    for more in content[nxt].atoms:
                        step = deeper.children.get(more)
                        if step is None:
                            continue
                        if step.concepts:
                            spans.append((pos, nxt, step.concepts))
                        if step.children:
                            stack.append((step, nxt + 1))
    return spans


_VOWELS = frozenset("аеиоуэюяё")
VOWEL_COST = 0.6
ENDING_COST = 0.5
ENDING_FROM = 4  # … of a key this long at least


def typo_cost(typed: str, known: str, ending: bool = True) -> float:
    """Edit distance from a typed key to an index key, as people mistype: a vowel for a vowel, a
    letter doubled or undoubled, a consonant left out of a cluster (месного, агенство) or the
    last letter left out (кодек; not with ``ending`` false: a prefix of a word goes on after its
    last letter) costs 0.6 or 0.5; another change 1; changing the first letter other than vowel
    for vowel 2."""
    n, m = len(typed), len(known)
    rows = [[0.0] * (m + 1) for _ in range(n + 1)]
    for j in range(1, m + 1):
        rows[0][j] = rows[0][j - 1] + _indel(known, j - 1, cluster=True)
    for i in range(1, n + 1):
        prev, cur = rows[i - 1], rows[i]
        cur[0] = prev[0] + _indel(typed, i - 1)
        a = typed[i - 1]
        for j in range(1, m + 1):
            b = known[j - 1]
            if a == b:
                sub = 0.0
            elif a in _VOWELS and b in _VOWELS:
                sub = VOWEL_COST
            else:
                sub = 2.0 if i == 1 or j == 1 else 1.0
            cur[j] = min(
                prev[j - 1] + sub,
                prev[j] + _indel(typed, i - 1),
                cur[j - 1] + _indel(known, j - 1, cluster=True),
            )
    # the last letter left out (кодек, зарплат, контрак)
    best = rows[n][m]
    if ending and m == n + 1 and n >= ENDING_FROM:
        best = min(best, rows[n][n] + ENDING_COST)
    return best


def _indel(word: str, pos: int, cluster: bool = False) -> float:
    """Cost of a letter of ``word`` at ``pos`` missing from the other: 0.5 where it doubles a
    neighbour (сс, нн) or, in the index's word (``cluster``), is a consonant between
    consonants (the unpronounced т of "местного"); 2 at the first letter."""
    if pos == 0:
        return 2.0
    ch = word[pos]
    if word[pos - 1] == ch or (pos + 1 < len(word) and word[pos + 1] == ch):
        return 0.5
    if (
        cluster
        and pos + 1 < len(word)
        and ch not in _VOWELS
        and word[pos - 1] not in _VOWELS
        and word[pos + 1] not in _VOWELS
    ):
        return 0.5
    return 1.0
