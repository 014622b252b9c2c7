"""Session 7: Kyrgyz forms that reached a wrong key (a question particle after a vowel-final
noun, -Iм nouns, loanwords ending like a participle, a converb before "ал-"), a glossary prefix
reached through a voiced consonant that was not voiced, and general Kyrgyz words of questions
linked to the Russian an act uses."""

from __future__ import annotations

import pytest

from knowledge.search.analyzer import Analyzer
from knowledge.search.kyrgyz import analyse, converb_key
from knowledge.search.normalize import fold


def noun(word: str) -> str:
    return analyse(fold(word.casefold()))[0]


@pytest.mark.parametrize(
    ("asked", "plain"),
    [
        ("ассоциациясыбы", "ассоциациясы"),
        ("пайдалануучубу", "пайдалануучу"),
        ("берүүчүбү", "берүүчү"),
        ("бирикмеби", "бирикме"),
        ("программабы", "программа"),
        ("тизмеби", "тизме"),
    ],
)
def test_question_particle_after_a_vowel_final_noun(asked: str, plain: str) -> None:
    assert noun(asked) == noun(plain)


@pytest.mark.parametrize(("word", "stem"), [("жообу", "жооп"), ("эсеби", "эсеп")])
def test_a_possessive_after_a_voiced_p_is_no_particle(word: str, stem: str) -> None:
    assert noun(word) == fold(stem)


def test_im_nouns_keep_their_m() -> None:
    assert noun("аким") == noun("акимге") == "аким"
    assert noun("аким") != noun("акысы")  # the head of an administration is no fee
    assert noun("битим") == noun("битимди") == "битим"


def test_a_loanword_ending_like_a_participle_is_no_verb() -> None:
    # -GAн keeps the harmony of the root: полигон is not поли- + -гон
    assert analyse("полигон")[1] is None
    assert analyse(fold("түзүлгөн"))[1] == "тузуу"
    assert analyse("билген")[1] == "билуу"


@pytest.mark.parametrize(
    ("converb", "verb"),
    [("беките", "бекитуу"), ("көрө", "коруу"), ("аныктай", "аныктоо"), ("ала", "алуу")],
)
def test_converb_before_al_is_its_verb(converb: str, verb: str) -> None:
    assert converb_key(fold(converb)) == verb


@pytest.mark.parametrize("word", ["акча", "пайда", "суу", "маселе"])
def test_nouns_before_al_stay_nouns(word: str) -> None:
    assert converb_key(fold(word)) is None


def test_converb_before_al_reaches_the_verbs_terms(analyzer: Analyzer) -> None:
    def keys(text: str) -> list[str]:
        return [w.key for w in analyzer.analyze(text, "ky").words]

    assert keys("кеңеш беките алабы")[1] == keys("кеңеш бекитүүсү")[1] == "бекитуу"
    assert keys("kengesh bekite alaby")[1] == "бекитуу"
    assert keys("акча алабы")[0] == "акча"


def test_a_voiced_g_is_devoiced_only_between_vowels(analyzer: Analyzer) -> None:
    def concepts(text: str, lang: str) -> set[str]:
        return set().union(*analyzer.analyze(text, lang).concepts)

    population = concepts("калкы", "ky") & concepts("население", "ru")
    assert population
    assert not (concepts("калган", "ky") & population)  # "remained", not калк*
    assert concepts("менчиги", "ky") & concepts("собственность", "ru")


@pytest.mark.parametrize(
    ("ky", "ru"),
    [
        ("илимий маалымат", "научная информация"),
        ("толук эмес", "полная"),
        ("атайын ыйгарым укуктуу орган", "специальный орган"),
        ("климаттын өзгөрүшүнө ыңгайлашуу", "адаптация к изменению климата"),
        ("тиричилик муктаждыктары", "бытовые нужды"),
        ("маалыматтын жашыруундугу", "конфиденциальность информации"),
        ("купуя маалымат", "конфиденциальная информация"),
        ("битимди", "сделки"),
        ("соода битими", "соглашение"),
        ("ыплас суу", "загрязненные воды"),
        ("бирге пайдалануу", "совместное использование"),
        ("маселелерди", "вопросы"),
        ("элге кабарлоо", "оповещения населения"),
        ("таштанды полигону", "свалок"),
        ("шагыл казуу", "добыча гравия"),
        ("коркунучтуу заттар", "опасные вещества"),
        ("жер үстүндөгү суулар", "поверхностных вод"),
        ("сазды кургатуу", "осушение болота"),
        ("суу коргоо тилкеси", "водоохранные полосы"),
        ("муктаждыктарды канааттандыруу", "удовлетворение нужд"),
        ("суу ресурстарынын түгөнүшү", "истощение водных ресурсов"),
        ("жабдууларды", "оборудование"),
        ("тамчылатып сугаруу", "капельное орошение"),
        ("кыйроо", "разрушение"),
        ("сыноодон өткөн", "испытание"),
    ],
)
def test_session7_words_bridge_kyrgyz_to_russian(analyzer: Analyzer, ky: str, ru: str) -> None:
    def concepts(text: str, lang: str) -> set[str]:
        return set().union(*analyzer.analyze(text, lang).concepts)

    assert concepts(ky, "ky") & concepts(ru, "ru")


def test_contest_is_no_trial(analyzer: Analyzer) -> None:
    contest = set().union(*analyzer.analyze("сынак", "ky").concepts)
    trial = set().union(*analyzer.analyze("испытание", "ru").concepts)
    assert contest and trial and not (contest & trial)


def test_full_is_not_powers(analyzer: Analyzer) -> None:
    full = set().union(*analyzer.analyze("толук", "ky").concepts)
    powers = set().union(*analyzer.analyze("полномочия", "ru").concepts)
    assert full and not (full & powers)


def test_general_keeps_its_stem(analyzer: Analyzer) -> None:
    # жалпы (general) is not жалп + a possessive: жалпысынан (in general) reaches "общий"
    assert noun("жалпы") == noun("жалпысынан") == "жалпы"
    general = set().union(*analyzer.analyze("общий", "ru").concepts)
    assert general & analyzer.analyze("жалпысынан", "ky").concepts[0]


@pytest.mark.parametrize(
    ("adjective", "noun"),
    [
        ("бассейндик", "бассейна"),
        ("координациялык", "координации"),
        ("гидрогеологиялык", "гидрогеологии"),
        ("инвестициялык", "инвестиции"),
        ("райондук", "района"),
    ],
)
def test_loan_adjective_reaches_the_russian_noun(
    analyzer: Analyzer, adjective: str, noun: str
) -> None:
    word = analyzer.analyze(adjective, "ky").words[0]
    assert analyzer.analyze(noun, "ru").words[0].key in word.loan


@pytest.mark.parametrize("word", ["айылдык", "коомдук", "жергиликтүү"])
def test_short_or_native_adjectives_get_no_noun_loan(analyzer: Analyzer, word: str) -> None:
    assert analyzer.analyze(word, "ky").words[0].loan == ()


@pytest.mark.parametrize(
    ("latin", "cyrillic"), [("myzamyn", "мыйзамын"), ("ygarym ukuktary", "ыйгарым укуктары")]
)
def test_latin_single_y_may_be_yi(analyzer: Analyzer, latin: str, cyrillic: str) -> None:
    def concepts(text: str) -> set[str]:
        return set().union(*analyzer.analyze(text, "ky").concepts)

    assert concepts(cyrillic)
    assert concepts(cyrillic) <= concepts(latin)


def test_auxiliaries_after_a_converb_and_the_copula_are_stop_words(analyzer: Analyzer) -> None:
    def stops(text: str) -> list[bool]:
        return [w.stop for w in analyzer.analyze(text, "ky").words]

    assert stops("келишим түзүп турушу") == [False, False, True]
    assert stops("ашып калган суу") == [False, True, False]
    assert stops("уюм болуп эсептелет") == [False, True, True]
    # elsewhere they keep their meaning: what remains, what it costs, what is calculated
    assert stops("суу калган") == [False, False]
    assert stops("салык эсептелет") == [False, False]


def test_paidalan_verbs_share_the_verbal_noun_of_use(analyzer: Analyzer) -> None:
    # пайдалан- is a root of its own (пайда + -лан), not a reflexive of пайдала-
    forms = ["пайдаланат", "пайдаланса", "пайдаланган", "пайдаланылат", "пайдалануу"]
    assert {analyse(fold(form))[1] or analyse(fold(form))[0] for form in forms} == {"пайдалануу"}
    use = set().union(*analyzer.analyze("пользование", "ru").concepts)
    assert use & analyzer.analyze("пайдаланса", "ky").concepts[0]


def test_fee_is_not_white() -> None:
    assert noun("акы") == noun("акысы") == noun("акыны") == noun("акысын") == "акы"
    assert noun("акылы") == "акыл"


@pytest.mark.parametrize("word", ["чейин", "аркылуу", "сыяктуу", "гана", "бирок", "эгерде"])
def test_kyrgyz_words_of_russian_stop_words_are_stop_words(analyzer: Analyzer, word: str) -> None:
    assert analyzer.analyze(f"{word} уруксат", "ky").words[0].stop


def test_a_term_keeps_its_stop_word(analyzer: Analyzer) -> None:
    # "чек ара аркылуу өтүүчү" (transboundary) is still a term with аркылуу a stop word
    cross = set().union(*analyzer.analyze("трансграничных", "ru").concepts)
    assert cross & analyzer.analyze("чек ара аркылуу өтүүчү суулар", "ky").concepts[0]
