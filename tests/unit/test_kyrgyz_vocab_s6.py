"""Session 6: Kyrgyz forms that reached the wrong key or none (verb roots ending like a passive,
-GAндЫк nouns, орун → орду, Latin "ia"/"iu"/"yi"), and the general words of the Kyrgyz texts
of laws linked to their Russian translations, so a Kyrgyz question reaches an act published in
Russian only."""

from __future__ import annotations

import pytest

from knowledge.search.analyzer import Analyzer
from knowledge.search.kyrgyz import analyse, latin_repair, stem
from knowledge.search.normalize import fold


def st(word: str) -> str:
    return stem(fold(word.casefold()))


# (forms that must share one key, the key)
SAME_KEY = [
    # roots ending like a passive/reciprocal marker: колдон- (use) is not колдо- (support)
    (["колдонулат", "колдонот", "колдонсо", "колдонуу"], "колдонуу"),
    (["кайрылат", "кайрылса", "кайрылуу"], "кайрылуу"),
    (["катышат", "катышса", "катышуу"], "катышуу"),
    (["даттанат", "даттануу"], "даттануу"),
    (["жайгашат", "жайгашуу"], "жайгашуу"),
    # a passive of кой-/жой-: коюл-, жоюл- (not *коюуу)
    (["коюлса", "коюлат", "коюу"], "коюу"),
    (["жоюлат", "жоюу"], "жоюу"),
    # орун drops its vowel under an ending
    (["орун", "орду", "ордун", "ордуна", "ордунан"], "орун"),
    # nouns in -Iм that are not a 1st-person possessive
    (["өкүм", "өкүмү"], "окум"),
    (["чыгым", "чыгымдар"], "чыгым"),
    # пайда (benefit) is not пай (a share) + locative -да
    (["пайда", "пайдасы"], "пайда"),
    # the bare present -Aт of a causative root is a verb (nouns in -Aт stay nouns)
    (["өткөрөт", "өткөрүү"], "откоруу"),
    (["аткарат", "аткаруу"], "аткаруу"),
    (["бекитет", "бекитүү"], "бекитуу"),
    (["жүргүзөт", "жүргүзүү"], "жургузуу"),
    (["түзөт", "түзүү"], "тузуу"),
    (["өзгөртөт", "өзгөртүү"], "озгортуу"),
]
SAME_KEY += [
    ([noun], fold(noun))
    for noun in ("депутат", "мээнет", "кесепет", "салтанат", "комитет", "университет")
]


@pytest.mark.parametrize(("forms", "key"), SAME_KEY, ids=[forms[0] for forms, _ in SAME_KEY])
def test_forms_share_a_key(forms: list[str], key: str) -> None:
    assert {st(form): form for form in forms}.keys() == {key}


@pytest.mark.parametrize(
    ("word", "verb"),
    [("бузгандыгы", "бузуу"), ("төлөгөндүгү", "толоо"), ("катталгандыгы", "каттоо")],
)
def test_the_fact_of_a_participle_is_its_verb(word: str, verb: str) -> None:
    assert analyse(fold(word))[1] == verb


def test_colloquial_passive_stays_apart_from_support() -> None:
    assert st("колдонулат") != st("колдоо")


@pytest.mark.parametrize(
    ("typed", "cyrillic"),
    [
        ("жарыиаланат", "жарыяланат"),  # jaryialanat
        ("насыиа", "насыя"),
        ("жоиуу", "жоюу"),
        ("тыиуу", "тыюу"),
        ("биуджет", "бюджет"),
        ("уиум", "уюм"),
        ("сессииа", "сессия"),
        ("мыизам", "мыйзам"),  # myizam
        ("киыинкиге", "кийинкиге"),  # kiyinkige
        ("саыйн", "сайын"),  # sayyn
        ("йигарым", "ыйгарым"),  # yigarym
        ("ййгарым", "ыйгарым"),  # yygarym
        ("социалдык", "социалдык"),  # a consonant + иа is kept
        ("комиссия", "комиссия"),
    ],
)
def test_latin_letter_by_letter_spellings_come_back(typed: str, cyrillic: str) -> None:
    assert latin_repair(typed) == cyrillic


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("yigarym ukuktary", "ыйгарым укуктары"),
        ("jaryialanat", "жарыяланат"),
        ("tyiuu salynat", "тыюу салынат"),
        ("jongo saluu", "жөнгө салуу"),  # the "ng" read as н + г, whose key is also a loan key
        ("uiumdar", "уюмдар"),
        ("myizamyn buzuu", "мыйзамды бузуу"),
        ("satsa", "сатса"),  # "ts" read as ц is also т + с
        ("uruksatsyz", "уруксатсыз"),
        ("rayonduk", "райондук"),
    ],
)
def test_latin_reaches_the_concepts_of_cyrillic(
    analyzer: Analyzer, latin: str, cyrillic: str
) -> None:
    def concepts(text: str) -> set[str]:
        return set().union(*analyzer.analyze(text, "ky").concepts)

    assert concepts(cyrillic)
    assert concepts(cyrillic) <= concepts(latin)


def shared(analyzer: Analyzer, ky: str, ru: str) -> set[str]:
    """Concepts that the Kyrgyz phrase and the Russian one both carry."""

    def concepts(text: str, lang: str) -> set[str]:
        return set().union(*analyzer.analyze(text, lang).concepts)

    return concepts(ky, "ky") & concepts(ru, "ru")


@pytest.mark.parametrize(
    ("ky", "ru"),
    [
        ("чараларды", "меры"),
        ("жүктөлөт", "возлагается"),
        ("тиешелүү", "соответствующий"),
        ("тийиштүү органга", "соответствующий орган"),
        ("керектүү", "необходимые"),
        ("бирдиктүү", "единый"),
        ("эсепке алат", "учет"),
        ("эсепке алынат", "учёт"),
        ("шикаятын", "жалобу"),
        ("кол коюлат", "подписывается"),
        ("тизмесине", "перечень"),
        ("далилдерди", "доказательства"),
        ("дароо", "незамедлительно"),
        ("ай сайын", "ежемесячно"),
        ("чейрек сайын", "ежеквартально"),
        ("жарактуу", "действительный"),
        ("расмий жарыялоо", "опубликование"),
        ("күчүн жоготот", "утрачивает силу"),
        ("токтотулат", "прекращается"),
        ("жаңыртуу", "обновление"),
        ("сакталышы", "соблюдение"),
        ("кызыкчылыктары", "интересы"),
        ("укуктук", "правовой"),
        ("соттук", "судебный"),
        ("негиздөөчү", "учредитель"),
        ("керектөөчүлөрдүн", "потребителей"),
        ("өндүрүлөт", "взыскивается"),
        ("райондук", "районный"),
        ("raiondyk mamlekettik administratsiya", "местная государственная администрация"),
        ("жер ээлери", "землевладельцы"),
        ("заттардын", "веществ"),
        ("отургузуу", "посадка"),
        ("төгүлсө", "сброс"),
        ("өкүмү", "приговор"),
        ("колдонулат", "применяется"),
        ("кызмат орду", "должность"),
        ("бюджетти ким түзөт", "составление бюджета"),
        ("текшерүүнү жүргүзөт", "проведение проверки"),
        ("компенсация төлөнөт", "выплачивается"),
        ("депутаттын макамы", "статус депутата"),
        ("максатсыз пайдалануу", "нецелевое использование"),
        ("башчыны шайлоо тартиби", "порядок избрания главы"),
        ("өнөр жай жерлери", "земли промышленности"),
        ("Борбордук казыначылык", "Центральное казначейство"),
        ("жер талаштарын чечүү", "разрешение земельных споров"),
        ("категорияларга бөлүнөт", "делятся на категории"),
        ("субижарага", "субаренда"),
        ("салык төлөөнү кийинкиге калтыруу", "отсрочка"),
        ("салыкты бөлүп төлөө", "рассрочка"),
        ("ашыкча төлөнгөн", "излишне уплаченный"),
        ("салыкты эсепке алуу", "зачет налога"),
        ("жеткирүүчүнү тандоо", "отбор поставщика"),
        ("келишимдин мөөнөтү бүткөндө", "по истечении срока договора"),
        ("тараптардын бири", "одна из сторон"),
        ("бир тараптуу тартипте", "в одностороннем порядке"),
        ("сотко чейинки тартипте", "в досудебном порядке"),
        ("жол берилбейт", "не допускается"),
        ("канча турат", "стоимость"),
        ("каршы чыгууга", "возражение"),
        ("мыйзамга түзөтүүлөр", "поправки к закону"),
        ("уруксатты кайтарып алуу", "отзыв разрешения"),
        ("өзгөрүүлөр", "изменения"),
        ("мүмкүнчүлүгү", "возможность"),
        ("чөйрөсүндөгү", "в сфере"),
        ("таасирин", "воздействие"),
        ("китепканасы", "библиотека"),
        ("айыл аймагынын борбору", "центр"),
        # finite Kyrgyz verbs ↔ Russian verbs of the acts
        ("кайтарат", "возвращает"),
        ("ишке ашырат", "реализует"),
        ("сунуштайт", "предлагает"),
        ("макулдашат", "согласовывает"),
        ("тапшырат", "представляет"),
        ("даттанат", "обжалует"),
        ("сатып алат", "покупает"),
        ("алып коёт", "изымает"),
        ("жазалайт", "наказывает"),
        ("кечиктирет", "задерживает"),
        ("ырастайт", "подтверждает"),
        ("коргойт", "защищает"),
        ("күбөлөндүрүлгөн көчүрмөсү", "копия"),
        ("түп нускасы", "подлинник"),
        ("акционердик коом", "акционерное общество"),
        ("бүтүмдү жараксыз деп табуу", "признание сделки"),
        ("доо мөөнөтү", "исковая давность"),
        ("үйдөн чыгаруу", "выселение"),
        ("чек коё алабы", "ограничение"),  # may it set a limit
        ("чек коюуга", "ограничить"),
    ],
)
def test_kyrgyz_term_meets_its_russian_translation(analyzer: Analyzer, ky: str, ru: str) -> None:
    assert shared(analyzer, ky, ru)


@pytest.mark.parametrize(
    ("ky", "ru"),
    [
        ("эсепке алат", "за счет средств"),  # accounting is not "at the expense of"
        ("пайда болот", "доля земли"),  # пайда is not пай (a share)
        ("колдонулат", "поддержка"),  # to be applied is not to be supported
        ("бирдиктүү", "штатная единица"),  # a single whole is not a staff unit
        ("категорияларга бөлүнөт", "выделение земельного участка"),  # divided, not allotted
        ("эсепке алуу", "перевод на счет"),
        ("жол", "допускается"),  # a road alone is not "allowed"
        ("турат", "стоимость"),  # "stands" alone is not "costs"
    ],
)
def test_look_alikes_stay_apart(analyzer: Analyzer, ky: str, ru: str) -> None:
    assert not shared(analyzer, ky, ru)


def test_a_verb_form_reaches_a_prefix_term_longer_than_what_it_shares_with_its_key(
    analyzer: Analyzer,
) -> None:
    # төгүлсө (if it is poured) shares only "төгү" with its key төгүү: the glossary prefix
    # "төгүү*" (сброс) is reached through the key
    verb = analyzer.analyze("төгүлсө", "ky").words[0]
    assert verb.key == "тогуу"
    assert "*тогуу" in verb.atoms
