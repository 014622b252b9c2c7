"""The bilingual thesaurus of session 9: the everyday words of officials' questions (Russian and
Kyrgyz) meet the legal terms the acts use for them — local budget, taxes, municipal property,
deputies, citizens' appeals, the civil service, labour, pastures, construction, social
protection — in inflected forms, and words that only look alike stay apart."""

from __future__ import annotations

import pytest

from knowledge.search.analyzer import Analyzer


def _common(analyzer: Analyzer, text: str, lang: str) -> set[str]:
    """Concepts that every content word of ``text`` carries."""
    analysis = analyzer.analyze(text, lang)
    sets = [set(c) for w, c in zip(analysis.words, analysis.concepts, strict=True) if not w.stop]
    return set.intersection(*sets) if sets else set()


def shared(analyzer: Analyzer, first: str, first_lang: str, second: str, second_lang: str) -> bool:
    return bool(_common(analyzer, first, first_lang) & _common(analyzer, second, second_lang))


@pytest.mark.parametrize(
    ("ky", "ru"),
    [
        # budget and finance
        ("жумшалат", "расходование"),
        ("салыктык эмес кирешелер", "неналоговые доходы"),
        ("дотациялар", "выравнивающий грант"),
        ("муниципалдык карызы", "муниципальный долг"),
        ("айылдык бюджет", "местный бюджет"),
        ("коомдук талкуулоо", "общественное обсуждение"),
        # taxes
        ("төлөөчүлөр", "плательщики"),
        ("салык боюнча карызы", "недоимка"),
        ("үй салыгы", "налог на имущество"),
        ("декларациялоо", "декларирование"),
        # municipal property
        ("ээликтен ажыратуу", "отчуждение"),
        ("балансында", "балансодержатель"),
        ("эсептен чыгаруу", "списание"),
        # deputies and appeals
        ("депутаттык сурам", "депутатский запрос"),
        ("кол тийбестик", "иммунитет"),
        ("адеп", "этика"),
        ("анонимдүү", "анонимное"),
        ("кароо мөөнөтү", "срок рассмотрения"),
        ("жамааттык кайрылуу", "коллективное обращение"),
        # civil service and labour
        ("жыйынтыктары", "итоги"),
        ("аңгемелешүү", "собеседование"),
        ("иштеген жылдары", "выслуга"),
        ("үстөк акы", "доплата"),
        ("тууганчылык", "родство"),
        ("иштен кетирди", "увольнение"),
        ("прогул", "прогул"),
        ("жүйөлүү себепсиз", "без уважительных причин"),
        ("айкалыштыруу", "совместительство"),
        ("майрамдык", "праздничные"),
        ("акчалай камсыздоо", "зарплата"),
        # pastures, construction, social protection
        ("жайыт акысы", "пастбищная плата"),
        ("мал башы", "поголовье"),
        ("жайыттарды пайдалануунун жылдык планы", "план использования пастбищ"),
        ("жайыттарды башкаруу планы", "план управления пастбищами"),
        ("алыскы жайыттар", "отгонные пастбища"),
        ("жапсарлап", "пристройка"),
        ("бузуп салат", "снесут"),
        ("бир жолку", "единовременная"),
        ("карылар үйү", "дом престарелых"),
        ("материалдык жардам", "материальная помощь"),
        ("оор турмуштук кырдаал", "трудная жизненная ситуация"),
        # second wave
        ("аракетсиздиги", "бездействие"),
        ("күн тартибине", "повестка дня"),
        ("ишенимдүү башкаруу", "доверительное управление"),
        ("инвентаризациялоо", "инвентаризация"),
        ("наамы", "звание"),
        ("чектүү курагы", "предельный возраст"),
        ("мыйзамдаштыруу", "легализация"),
        ("социалдык төлөмдөр", "социальные выплаты"),
        ("майыптыгы боюнча пенсия", "пенсия по инвалидности"),
        # third and fourth waves
        ("ичип келди", "опьянение"),
        ("эмгек келишимин токтотуу", "увольнение"),
        ("сөөк коюу", "погребение"),
        ("жеке иши", "личное дело"),
        ("квалификациясын жогорулатуу", "повышение квалификации"),
        ("жалдоочу", "работодатель"),
        ("катышпаса", "неучастие"),
        ("муниципалитеттер аралык", "межмуниципальное"),
    ],
)
def test_kyrgyz_term_meets_its_russian_translation(analyzer: Analyzer, ky: str, ru: str) -> None:
    assert shared(analyzer, ky, "ky", ru, "ru")


@pytest.mark.parametrize(
    ("everyday", "legal"),
    [
        ("шикаяты", "даттануу"),  # two Kyrgyz words for a complaint
        ("иштен кетиришти", "кызмат ордунан бошотуу"),  # fired = released from the post
        ("айлыгы", "акчалай камсыздоо"),
        ("ичип келди", "мас абалында"),
        ("айлыгы", "акчалай камсылдыгы"),  # the spelling of the civil service law
        ("бейтараптуулугу", "бейтараптык"),
    ],
)
def test_everyday_kyrgyz_word_meets_the_kyrgyz_term(
    analyzer: Analyzer, everyday: str, legal: str
) -> None:
    assert shared(analyzer, everyday, "ky", legal, "ky")


@pytest.mark.parametrize(
    ("everyday", "legal"),
    [
        ("выпивший", "алкогольного опьянения"),
        ("пьяным", "опьянение"),
        ("зарплата", "денежное содержание"),
        ("скидка", "льгота"),
        ("налог на дом", "налог на имущество"),
        ("долг по налогам", "недоимка"),
        ("оштрафовать", "административная ответственность"),
        ("итоги", "результаты"),
        ("не вышел на работу", "прогул"),
        ("на балансе", "балансодержатель"),
        ("уволили", "прекращение трудового договора"),
        ("без подписи", "анонимное"),
        ("снесут", "снос"),
        ("выгон", "приселные пастбища"),
        ("игнорирует", "бездействие"),
        ("волокита", "затягивание"),
        ("узаконить", "легализация"),
        ("начальник", "руководитель"),
        ("коммунальная собственность", "муниципальная собственность"),
        ("бизнес", "предпринимательская деятельность"),
        ("старейшины", "аксакалы"),
        ("похороны", "погребение"),
        ("исполняющий обязанности", "временное исполнение обязанностей"),
        ("пропускает сессии", "неучастие"),
    ],
)
def test_everyday_russian_word_meets_the_legal_term(
    analyzer: Analyzer, everyday: str, legal: str
) -> None:
    assert shared(analyzer, everyday, "ru", legal, "ru")


@pytest.mark.parametrize(
    ("first", "first_lang", "second", "second_lang"),
    [
        ("жумшак", "ky", "расходование", "ru"),  # soft is not spending
        ("пенсия", "ru", "пеня", "ru"),  # a pension is no late-payment penalty
        ("содержание дорог", "ru", "зарплата", "ru"),  # upkeep of roads is no pay
        ("сенат", "ru", "депутатский запрос", "ru"),
        ("согуш", "ky", "выговор", "ru"),  # war (согуш) is no reprimand (сөгүш)
        ("дары", "ky", "подарок", "ru"),  # a medicine is no gift
        ("повестка в суд", "ru", "күн тартиби", "ky"),  # a summons is no agenda
        ("выгоняют", "ru", "приселные пастбища", "ru"),  # turning out is no pasture
        ("баланса", "ru", "балансодержатель", "ru"),  # a balance (of interests)
        ("интернат", "ru", "дом престарелых", "ru"),  # a boarding school is no care home
        ("суу келбесе", "ky", "неявка", "ru"),  # water not coming is no absence
        # the pasture law's two plans are two instruments
        ("жайыттарды башкаруу планы", "ky", "план использования пастбищ", "ru"),
    ],
)
def test_look_alikes_stay_apart(
    analyzer: Analyzer, first: str, first_lang: str, second: str, second_lang: str
) -> None:
    assert not shared(analyzer, first, first_lang, second, second_lang)
