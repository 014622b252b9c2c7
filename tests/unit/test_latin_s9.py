"""Session 9: Kyrgyz typed in Latin letters analysed as its Cyrillic spelling.

People type Kyrgyz in Latin in several ways: ж as j, dj or zh; ы as y or i; ң as n or ng; ө/ү
as o/u, ö/ü or oe/ue; long vowels doubled or once.  A Latin word must get the key of the same
word in Cyrillic (the question in Latin ranks as the one in Cyrillic), and a Russian word typed
in Latin must keep its Russian reading.
"""

from __future__ import annotations

import pytest

from knowledge.search.analyzer import Analyzer
from knowledge.search.langdetect import detect_language
from knowledge.search.normalize import transliterate, word_token


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer()


def key(analyzer: Analyzer, word: str, lang: str = "ky") -> str:
    return analyzer.analyze(word, lang).words[0].key


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        # dj for ж
        ("djer", "жер"),
        ("djana", "жана"),
        ("djetkirueue", "жеткирүү"),
        # ng before a г-suffix after н (dative, participle), ң elsewhere
        ("kachanga", "качанга"),
        ("kungo", "күнгө"),
        ("kuengoe", "күнгө"),
        ("salyngan", "салынган"),
        ("saylangandan", "сайлангандан"),
        ("kengesh", "кеңеш"),
        ("ongdoo", "оңдоо"),  # ng before a consonant
        ("beringiz", "бериңиз"),  # the polite -ңIз after и
        ("treningder", "тренингдер"),  # the -ing of a loanword
        # a Turkish keyboard: ı ş ç ñ, and y after ö, ü, ı is й
        ("ıygarım", "ыйгарым"),
        ("tölöyt", "төлөйт"),
        ("jöngö", "жөнгө"),
        ("başçısı", "башчысы"),
        ("keñeş", "кеңеш"),
        # i after ö/ü is й
        ("tölöit", "төлөйт"),
        ("üilördü", "үйлөрдү"),
        # ts: т + с before a verb's suffix in с- (conditional, privative), ц in loanwords
        ("taratsa", "таратса"),
        ("boshotsok", "бошотсок"),
        ("ketse", "кетсе"),
        ("uruksatsyz", "уруксатсыз"),
        ("munitsipaldyk", "муниципалдык"),
        ("assotsiatsiyasy", "ассоциациясы"),
        # i for ы: the endings' harmony
        ("sistemasin", "системасын"),
        ("uruksatin", "уруксатын"),
        ("djilga", "жылга"),
        ("chikkan", "чыккан"),
        ("iygarim", "ыйгарым"),
        ("miyzam", "мыйзам"),
        ("tartipte", "тартипте"),  # a loanword's и after а keeps its front endings
        # суу typed with one u
        ("su", "суу"),
        ("sunu", "сууну"),
        ("suga", "сууга"),
        # y for й and ы, ö/ü
        ("jyiyndyn", "жыйындын"),
        ("ayil", "айыл"),
        ("ökmötünün", "өкмөтүнүн"),
        # Russian loans typed in Latin
        ("budjet", "бюджет"),
        ("byudjetinen", "бюджетинен"),
        ("rayonduk", "райондук"),
    ],
)
def test_latin_kyrgyz_word_has_its_cyrillic_key(
    analyzer: Analyzer, latin: str, cyrillic: str
) -> None:
    assert key(analyzer, latin) == key(analyzer, cyrillic)


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("granitsa", "граница"),  # -ца of a Russian noun is no Kyrgyz conditional
        ("litsa", "лица"),
        ("izbiraetsya", "избирается"),
        ("nakhoditsya", "находится"),
        ("rayone", "районе"),
        ("rayonnyy", "районный"),
        ("budzhet", "бюджет"),
        ("dolzhen", "должен"),
        ("deputatskiy", "депутатский"),  # -тский, not -цкий
        ("munitsipalnyy", "муниципальный"),
        # the passport transliteration and the apostrophe for ь
        ("skol'ko", "сколько"),
        ("sdelat'", "сделать"),
        ("den’gi", "деньги"),
        ("stoit", "стоит"),
        ("dlia", "для"),
        ("mesiaca", "месяца"),
        ("iavliaetsia", "является"),
        ("reguliruetsia", "регулируется"),
        ("komissiia", "комиссия"),
        ("materialy", "материалы"),
        ("obshchestvo", "общество"),
        ("remontirovat", "ремонтировать"),  # the ь Latin typing drops
        ("polzovatel", "пользователь"),
        ("sobstvennost", "собственность"),
        ("vladelec", "владелец"),
        ("kongress", "конгресс"),  # ng before r, l is н + г
        ("angliyskiy", "английский"),
        ("cekh", "цех"),
        ("cena", "цена"),
    ],
)
def test_latin_russian_word_keeps_its_russian_key(
    analyzer: Analyzer, latin: str, cyrillic: str
) -> None:
    assert key(analyzer, latin, "ru") == key(analyzer, cyrillic, "ru")


def test_ng_reading_gives_the_other_as_alternative() -> None:
    assert transliterate("kachanga") == "качанга"
    assert word_token("kachanga").alt == "качана"
    assert transliterate("kengesh") == "кенеш"
    assert word_token("kengesh").alt == "кенгеш"


@pytest.mark.parametrize("latin", ["su", "sunu", "suga", "sulardy", "susun"])
def test_latin_su_is_suu_for_every_reader(latin: str) -> None:
    # the article lookup reads the transliterated text: "su kodeksinin 64-berenesi"
    assert transliterate(latin).startswith("суу")


@pytest.mark.parametrize("latin", ["suda", "sudy", "sud", "kuda", "nu", "bu"])
def test_latin_short_u_of_russian_words_stays(latin: str) -> None:
    assert "уу" not in transliterate(latin)


def test_latin_long_vowel_typed_once_reaches_the_verbal_noun(analyzer: Analyzer) -> None:
    word = analyzer.analyze("bashkaru", "ky").words[0]
    assert key(analyzer, "башкаруу") in {word.key, *word.loan}


def test_latin_water_word_has_its_concept(analyzer: Analyzer) -> None:
    for latin, cyrillic in (("su", "суу"), ("sunu", "сууну"), ("djer", "жер")):
        assert (
            analyzer.analyze(latin, "ky").concepts[0]
            == analyzer.analyze(cyrillic, "ky").concepts[0]
        )


@pytest.mark.parametrize(
    "question",
    [
        "ayil okmotunun bashchysyn kim shaylayt?",
        "djer uchastkasin idjaraga beruu tartibi kanday",
        "aiyl ökmötü suu boyuncha emne kylat",
        "munitsipaldyk menchikke emneler kiret?",
    ],
)
def test_latin_kyrgyz_question_is_kyrgyz(question: str) -> None:
    assert detect_language(question) == "ky"


@pytest.mark.parametrize(
    "question",
    [
        "kak poluchit zemelnyy uchastok v rayone",
        "kto izbiraetsya glavoy ayil okmotu",
        "skolko deneg vydelyaetsya iz byudzheta",
    ],
)
def test_latin_russian_question_is_russian(question: str) -> None:
    assert detect_language(question) == "ru"


def test_apostrophe_keeps_a_latin_word_whole() -> None:
    from knowledge.search.normalize import split_raw

    assert split_raw("skol'ko stoit sdelat' spravku") == [
        "skol'ko",
        "stoit",
        "sdelat'",
        "spravku",
    ]
    assert split_raw("«Жер кодекси»") == ["Жер", "кодекси"]


def test_kyrgyz_latin_keeps_its_kyrgyz_reading_of_vowel_i() -> None:
    # toloit: төлөйт in Kyrgyz; the Russian reading (и) is only for a Russian word
    token = word_token("toloit")
    assert (token.text, token.ru) == ("толойт", "толоит")
