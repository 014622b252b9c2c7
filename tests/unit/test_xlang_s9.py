"""Session 9: a Russian question on a Kyrgyz-only act and a Kyrgyz one on a Russian-only act,
and Russian typos.

* a question word the index lacks is read as the index word it misspells only by the typos
  people make (a vowel, a doubled letter, a consonant of a cluster, the last letter), never by
  a change of its first letter or a consonant of a short word: "пустующее" is not "путь",
  "идет" not "имеет", "оформит" not "форма";
* a misspelt word matches the glossary terms it misspells ("госсобственость" is мамлекеттик
  менчик), the only bridge to an act in the other language;
* Kyrgyz words of the acts with the Russian terms they translate (депутаттык сурам = депутатский
  запрос, кайра чакырып алуу = отзыв, кат алышуу = переписка).
"""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge.search.analyzer import Analyzer, typo_cost
from tests.helpers.kb import act, article, engine_of


@pytest.mark.parametrize(
    ("typed", "known"),
    [
        ("стоимаст", "стоимост"),  # стоимасть: a vowel
        ("зимл", "земл"),  # зимле
        ("расматрива", "рассматрива"),  # a doubled letter left out
        ("месн", "местн"),  # месного: the unpronounced т of a cluster
        ("агенств", "агентств"),
        ("кодек", "кодекс"),  # the last letter left out
    ],
)
def test_typos_people_make_are_cheap(typed: str, known: str) -> None:
    assert typo_cost(typed, known) <= 0.6


@pytest.mark.parametrize(
    ("typed", "known"),
    [
        ("пуст", "пут"),  # пустующее is not путь
        ("идет", "имет"),  # идет is not имеет
        ("оформ", "форм"),  # оформит is not форма: the first letter
        ("снача", "нача"),  # сначала is not начало
        ("сурам", "курам"),  # Kyrgyz сурам (inquiry) is not курам (composition)
        ("фермер", "формир"),  # two vowels of a short word
    ],
)
def test_other_words_are_not_typos(typed: str, known: str) -> None:
    assert typo_cost(typed, known) > 0.6


def _repairs(engine, question: str) -> dict[str, list[str]]:
    names = engine.index.keys
    units = engine.rank(question).units
    return {unit.text: [names[k] for k, _, _ in unit.keys] for unit in units}


def test_repair_reads_a_typo_not_another_word() -> None:
    law = act(
        "law",
        "37",
        dt.date(2002, 3, 15),
        doc_id="m",
        ru="О муниципальной собственности",
        passages=[
            article("8", "Государство возмещает стоимость изъятого имущества."),
            article("9", "Путь к зданию и дорога содержатся за счет местного бюджета."),
            article("10", "Собственник имеет право пользования имуществом."),
        ],
    )
    engine = engine_of(law)
    keys = _repairs(engine, "компенсируют ли стоимасть пустующего здания, если идет изъятие")
    assert "стоимост" in keys["стоимаст"]
    assert not any(k in ("пут", "имет") for ks in keys.values() for k in ks)


MUNICIPAL_KY = act(
    "law",
    "37",
    dt.date(2002, 3, 15),
    doc_id="mm",
    ky="Муниципалдык менчиктеги мүлк жөнүндө",
    passages=[
        article(
            "1",
            "Ушул Мыйзамда төмөнкүдөй негизги түшүнүктөр колдонулат: турак жай эмес фонд - "
            "калкты тейлөө үчүн арналган имараттар жана жайлар, көп батирлүү үйдүн жалпы "
            "мүлкүн кошпогондо.",
            lang="ky",
            heading="Негизги түшүнүктөр",
        ),
        article(
            "27",
            "Муниципалдык турак жай фонду жергиликтүү коомдоштуктун менчигинде турат жана "
            "турак жайга муктаж жарандарга берилет.",
            lang="ky",
            heading="Муниципалдык турак жай фонду",
        ),
        article(
            "8",
            "Муниципалдык менчиктеги мүлк мамлекеттик менчикке жергиликтүү кеңештин макулдугу "
            "менен гана өткөрүлүп берилиши мүмкүн. Мамлекет толук компенсация төлөйт.",
            lang="ky",
            heading="Муниципалдык менчиктеги мүлктү мамлекеттик менчикке өткөрүп берүү",
        ),
        article(
            "16",
            "Муниципалдык менчиктин объекттери ижарага аукциондун жыйынтыгы боюнча берилет.",
            lang="ky",
            heading="Муниципалдык менчиктин объекттерин ижарага берүү",
        ),
    ],
)
WATER_RU = act(
    "code",
    "8",
    dt.date(2005, 1, 12),
    doc_id="w",
    ru="Водный кодекс Кыргызской Республики",
    passages=[
        article(
            "21",
            "Водопользователи обязаны соблюдать условия водопользования и возмещать ущерб; "
            "министерство вправе ограничить забор воды для государственных нужд.",
            heading="Права и обязанности водопользователей",
        ),
        article(
            "84",
            "Ирригационные системы могут находиться в государственной, муниципальной или "
            "частной собственности.",
            heading="Собственность на ирригационные системы",
        ),
    ],
)


@pytest.mark.parametrize(
    "question",
    [
        # the typo in собственность left the word without its glossary term, the only bridge
        "министерство хочет забрать наше здание в госсобственость, обязаны ли компенсировать",
        "передача имущества из муниципальной собствености в государственую собственость",
    ],
)
def test_misspelt_word_reaches_the_kyrgyz_act(question: str) -> None:
    engine = engine_of(MUNICIPAL_KY, WATER_RU)
    hits = engine.search(question).results
    assert hits and hits[0].doc_id == "mm" and hits[0].article == "8"


def test_non_residential_is_not_residential() -> None:
    """нежилой = турак жай эмес: "жай эмес" keeps its "эмес", so "турак жай фонду"
    (residential) is not нежилой."""
    engine = engine_of(MUNICIPAL_KY, WATER_RU)
    hits = engine.search("Что по закону считается нежилым фондом? Подъезды туда входят?").results
    assert hits and hits[0].doc_id == "mm" and hits[0].article == "1"
    analyzer = Analyzer()
    non_residential = analyzer.analyze("нежилой", "ru").concepts[0]
    residential = analyzer.analyze("муниципалдык турак жай фонду", "ky").concepts
    assert non_residential and not any(non_residential & c for c in residential)


def test_mistyped_atoms_only_for_questions() -> None:
    analyzer = Analyzer()
    plain = analyzer.analyze("собственость", "ru")
    asked = analyzer.analyze("собственость", "ru", mistyped=True)
    assert not any(plain.concepts)
    assert asked.concepts[0] == analyzer.analyze("собственность", "ru").concepts[0]
    # a word the glossary knows keeps its own terms only
    right = analyzer.analyze("собственность", "ru", mistyped=True)
    assert right.concepts == analyzer.analyze("собственность", "ru").concepts


STATUS_RU = act(
    "law",
    "3",
    dt.date(2000, 1, 13),
    doc_id="sd",
    ru="О статусе депутатов местных кенешей",
    passages=[
        article(
            "9",
            "Депутат вправе внести депутатский запрос главе исполнительного органа. Орган "
            "обязан дать письменный ответ не позднее чем в двадцатидневный срок.",
            heading="Депутатский запрос",
        ),
        article(
            "21",
            "Руководители органов местного самоуправления обязаны предоставлять депутату "
            "информацию в срок не позднее десяти дней.",
            heading="Право депутата на получение информации",
        ),
        article(
            "26",
            "Инициатива отзыва принадлежит избирателям и оформляется подписями не менее десяти "
            "процентов избирателей округа.",
            heading="Отзыв депутата местного кенеша",
        ),
        article(
            "2",
            "Полномочия депутата заканчиваются в день открытия первой сессии кенеша "
            "следующего созыва.",
            heading="Срок полномочий депутата",
        ),
    ],
)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Депутаттык сурам жиберсем, канча күндүн ичинде жооп бериши керек?", "9"),
        ("Шайлоочулар депутатты кайра чакырып алгысы келет, канча кол керек?", "26"),
    ],
)
def test_kyrgyz_question_reaches_the_russian_act(question: str, expected: str) -> None:
    hits = engine_of(STATUS_RU).search(question).results
    assert hits and hits[0].article == expected


APPEALS_KY = act(
    "law",
    "67",
    dt.date(2007, 5, 4),
    doc_id="kk",
    ky="Жарандардын кайрылууларын кароо тартиби жөнүндө",
    passages=[
        article(
            "11",
            "Эгерде жарандын кайрылуусунда ага мурда бир нече жолу маңызы боюнча жооп берилген "
            "маселе кайталанса, жетекчи кат алышууну токтотуу жөнүндө чечим кабыл алууга "
            "укуктуу.",
            lang="ky",
            heading="Айрым кайрылууларды кароонун өзгөчөлүктөрү",
        ),
        article(
            "12",
            "Жазуу жүзүндөгү кайрылуу катталган күндөн тартып 14 күндүн ичинде каралат.",
            lang="ky",
            heading="Кайрылууларды кароонун мөөнөттөрү",
        ),
        article(
            "6",
            "Кайрылуу ыйгарым укуктуу органга беш жумуш күнүнүн ичинде жөнөтүлөт.",
            lang="ky",
            heading="Кайрылууларды жөнөтүү жана кабыл алуу",
        ),
    ],
)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Гражданину уже отвечали по существу. Можно прекратить с ним переписку?", "11"),
        ("Жалоба не по нашему вопросу: в какой срок переслать её в другой орган?", "6"),
    ],
)
def test_russian_question_reaches_the_kyrgyz_act(question: str, expected: str) -> None:
    hits = engine_of(APPEALS_KY, WATER_RU).search(question).results
    assert hits and hits[0].article == expected


@pytest.mark.parametrize(
    ("word", "noun"),
    [("төлөшү", "толоо"), ("коюшу", "коюу"), ("өтүшү", "отуу"), ("топтошу", "топтоо")],
)
def test_noun_of_doing_looks_for_the_verbal_noun(word: str, noun: str) -> None:
    """In "эсептерин токтотуп коюшу мүмкүнбү" the noun of doing under a possessive (коюш-у)
    is the act's verbal noun (коюу): a key the question looks up, not the word's own."""
    found = Analyzer().analyze(word, "ky").words[0]
    assert noun in found.loan and found.key != noun


@pytest.mark.parametrize("word", ["иши", "тиши", "кириши", "алышы"])
def test_nouns_in_sh_stay_nouns(word: str) -> None:
    assert not Analyzer().analyze(word, "ky").words[0].loan


def test_colloquial_block_of_flats_reaches_the_kyrgyz_term() -> None:
    analyzer = Analyzer()
    asked = analyzer.analyze("крыши многоэтажек", "ru").concepts[1]
    act_text = analyzer.analyze("көп батирлүү үйдүн жалпы мүлкү", "ky").concepts[0]
    assert asked & act_text


def test_a_russian_word_of_a_known_family_is_not_repaired() -> None:
    """ "перечислены" (key перечислен) is no typo where the act writes перечисляются: its family
    keys are looked up, and no other index word is read into it."""
    from knowledge.search.engine import QW_REPAIRED

    law = act(
        "code",
        "8",
        dt.date(2005, 1, 12),
        doc_id="w",
        ru="Водный кодекс Кыргызской Республики",
        passages=[
            article("44", "Взысканные средства перечисляются в местный бюджет ежемесячно."),
            article("45", "Перечень водных объектов утверждается правительством."),
        ],
    )
    engine = engine_of(law)
    unit = next(
        u
        for u in engine.rank("куда перечислены взысканные деньги").units
        if u.text.startswith("перечисл")
    )
    assert unit.keys and all(qw != QW_REPAIRED for _, qw, _ in unit.keys)


def test_question_of_unknown_words_is_still_a_question() -> None:
    """When no word of a question reads as an index word by the typos people make, the looser
    plain-distance reading is kept: "Как оформить загранпаспорт ребенку?" is a question the
    knowledge base cannot answer (escalated), not gibberish to answer with a hint."""
    law = act(
        "law",
        "1",
        dt.date(2020, 1, 1),
        doc_id="f",
        ru="О формах отчетности",
        passages=[article("1", "Форма отчета утверждается уполномоченным органом.")],
    )
    result = engine_of(law).search("Как оформить загранпаспорт ребенку?")
    assert result.status == "escalate" and result.features.get("units")
