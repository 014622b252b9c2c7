"""The bilingual lexicon: a Kyrgyz question word reaches the Russian word of the acts (and the
reverse), everyday Russian reaches the legal term, and no prefix catches an unrelated word."""

from __future__ import annotations

import pytest

from knowledge.search.analyzer import Analyzer
from knowledge.search.lexicon import LEXICON


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer()  # the built-in lexicon alone, without any knowledge base's glossary


def concepts(analyzer: Analyzer, text: str, lang: str) -> set[str]:
    analysis = analyzer.analyze(text, lang)
    return set().union(*analysis.concepts) if analysis.concepts else set()


def group_of(term: str) -> str:
    """Concept key of the one lexicon group with the Russian ``term`` ("обеспеч*"), or with
    both a Kyrgyz and a Russian term ("өлчөм*|размер*")."""
    ky_term, _, ru_term = term.rpartition("|")
    found = [
        i
        for i, (ky, ru, _) in enumerate(LEXICON)
        if ru_term in ru and (not ky_term or ky_term in ky)
    ]
    assert len(found) == 1, (ru_term, found)
    return f"§{found[0]}"


# (Kyrgyz as asked, Russian as the act says it, the group's Russian term that joins them)
BRIDGES = [
    # how questions are asked
    ("жер тилкесин ижарага бере алабы", "предоставляется в аренду", "предостав*"),
    ("мүлк салыгы салынабы", "объект налогообложения", "налогооблож*"),
    ("жерди менчикке өткөрүү", "передача в собственность", "передач* в собственност*"),
    ("шайлоону өткөрүү", "проведение выборов", "переда*"),
    ("ким көзөмөл жүргүзөт", "осуществляет контроль", "осуществл*"),
    ("салыкты ким төлөйт", "уплата налога", "плат*"),
    ("бюджетти аткаруу", "исполнение бюджета", "исполн*"),
    ("мыйзамда белгиленген тартипте", "в установленном порядке", "установл*"),
    ("мыйзамда каралган учурларда", "предусмотренных законом", "предусмотр*"),
    ("башчыны дайындоо", "назначение главы", "дайынд*|назнач*"),
    ("кызматтан бошотулат", "освобождается от должности", "освобожд*"),
    ("укуктарын чектөө", "ограничение прав", "ограничени*"),
    ("ишкананы жоюу", "ликвидация предприятия", "ликвидац*"),
    ("кеңештин отуруму", "заседание кенеша", "заседани*"),
    ("арызды карап чыгуу", "рассмотрение заявления", "рассмотр*"),
    ("декларацияны тапшыруу", "представление декларации", "сдач*"),
    ("өргүүнүн узактыгы", "продолжительность отпуска", "продолжительност*"),
    ("айыл өкмөтүнүн ишмердүүлүгү", "деятельность айыл окмоту", "деятельност*"),
    ("бюджеттик каражаттар", "бюджетные средства", "средств*"),
    ("айып пулдун өлчөмү", "размер штрафа", "өлчөм*|размер*"),
    ("депутаттын жаш курагы", "возраст депутата", "возраст*"),
    ("адамдын укуктары жана эркиндиктери", "права и свободы человека", "свобод*"),
    ("мыйзамга каршы келген чечим", "решение противоречит закону", "противореч*"),
    ("прокурордун сунушу", "представление прокурора", "рекомендац*"),
    ("жер тилкесин бөлүп берүү", "выделение земельного участка", "выделени*"),
    # domains: land, budget, tax, LSG, civil, Constitution
    ("жердин максаттуу багыты", "целевое назначение земли", "целев*"),
    ("жер тилкесинин аянты", "площадь земельного участка", "площад*"),
    ("бюджеттин тартыштыгы", "дефицит бюджета", "тартыштык*|дефицит*"),
    ("бажы алымдары", "таможенные пошлины", "тамож*"),
    ("салыктык мезгил", "налоговый период", "налогов* период*"),
    ("кеңештин регламенти", "регламент кенеша", "регламент*"),
    ("кыймылдуу мүлк", "движимое имущество", "движим*"),
    ("аракетке жөндөмдүүлүгү", "дееспособность гражданина", "дееспособн*"),
    ("Конституциялык сот", "Конституционный суд", "Конституционн* суд*"),
    ("мамлекеттик тил", "государственный язык", "язык*"),
    ("сессияны чакыруу", "созыв сессии", "созыв*"),
    ("көчө комитети", "уличный комитет", "уличн* комитет*"),
    ("кошуна жер тилкеси", "смежный земельный участок", "смежн*"),
    # general words of the acts, either way
    ("ыйгарым укуктуу органдын корутундусу", "заключение уполномоченного органа", "заключени*"),
    ("жазуу жүзүндө кабарлоо", "письменное уведомление", "письменн*"),
    ("суунун сапаты", "качество воды", "качеств*"),
    ("жыл сайын бекитилет", "ежегодно утверждается", "ежегодн*"),
    ("иш-чаралар планы", "план мероприятий", "мероприяти*"),
    ("арыз ээсине кабарлайт", "уведомляет заявителя", "заявител*"),
    ("укук каттоодон кийин пайда болот", "право возникает с момента регистрации", "возника*"),
    ("кеңеш өзгөртүү киргизет", "кенеш вносит изменения", "внесени*"),
    ("мамлекеттик саясат", "государственная политика", "политик*"),
    ("мүлктү тескөө", "распоряжение имуществом", "распоряж*"),
    ("кеңештин катчысы", "секретарь кенеша", "секретар*"),
    ("депутаттык фракциялар", "депутатские фракции", "фракци*"),
    ("айыл өкмөтүнүн түзүмү", "структура айыл окмоту", "түзүм*|структур*"),
]


@pytest.mark.parametrize(("ky", "ru", "term"), BRIDGES, ids=[b[0] for b in BRIDGES])
def test_kyrgyz_question_and_russian_act_share_the_concept(
    analyzer: Analyzer, ky: str, ru: str, term: str
) -> None:
    concept = group_of(term)
    assert concept in concepts(analyzer, ky, "ky"), ky
    assert concept in concepts(analyzer, ru, "ru"), ru


# everyday Russian ↔ the term of the acts; and older spellings of the codes
COLLOQUIAL = [
    ("кто сдаёт землю в аренду", "предоставление в аренду", "предоставлени* в аренд*"),
    ("оплатить коммуналку", "коммунальные услуги", "коммунальн* услуг*"),
    ("место в садике", "детский сад", "детск* сад"),
    ("повестка из военкомата", "военный комиссариат", "военн* комиссариат*"),
    ("нужна инфа", "информация", "информаци*"),
    ("решение сельсовета", "органы местного самоуправления", "орган* местного самоуправления"),
    ("территория аильного округа", "айылный аймак", "айылн* аймак*"),
    ("как отозвать депутата", "отзыв депутата", "отзыв"),
    ("куда жаловаться", "подача жалобы", "жалоб*"),
    ("сколько длится проверка", "продолжительность проверки", "продолжительност*"),
]


@pytest.mark.parametrize(("said", "act", "term"), COLLOQUIAL, ids=[c[0] for c in COLLOQUIAL])
def test_everyday_russian_reaches_the_legal_term(
    analyzer: Analyzer, said: str, act: str, term: str
) -> None:
    concept = group_of(term)
    assert concept in concepts(analyzer, said, "ru"), said
    assert concept in concepts(analyzer, act, "ru"), act


# (an unrelated common word, the group it must NOT join): folded prefixes that would collide
COLLISIONS = [
    ("ky", "деңгээлде", "денежн*"),  # "level", not "money"
    ("ru", "по видам", "выдач*"),  # "kinds", not "issuing" (выда- folds to вида-)
    ("ru", "страница", "страна"),
    ("ru", "причинение вреда", "причина"),  # "causing harm", not "reason"
    ("ru", "ведение реестра", "в ведени*"),  # keeping a register, not jurisdiction
    ("ru", "независимо от формы", "көз карандысыз*|независимост*"),
    ("ky", "жер тилкеси", "язык*"),  # тилке (plot) is not тил (language)
    ("ky", "башка адам", "управлени*"),  # башка (other) is not башкаруу
    ("ky", "окулат", "представител*"),  # "is read": өкүл folds to окул
    ("ky", "согуш", "выговор*"),  # "war": сөгүш folds to it, so only in phrases
    ("ky", "тапшырма", "сдач*"),  # an assignment (поручение), not a submission
    ("ru", "стать главой", "статья"),  # the verb "стать" is not "статья"
    ("ky", "Кыргыз Республикасы", "внесени*"),  # кирги(з)- folds like кыргыз: no bare prefix
    ("ky", "болот", "возника*"),  # "пайда болот" only as a whole phrase
]


@pytest.mark.parametrize(("lang", "word", "term"), COLLISIONS, ids=[c[1] for c in COLLISIONS])
def test_prefix_does_not_catch_an_unrelated_word(
    analyzer: Analyzer, lang: str, word: str, term: str
) -> None:
    assert group_of(term) not in concepts(analyzer, word, lang)


def test_question_postpositions_are_stop_words(analyzer: Analyzer) -> None:
    words = analyzer.analyze("айыл өкмөтү тарабынан кайсылар белгиленет", "ky").words
    stop = {w.surface for w in words if w.stop}
    assert {"тарабинан", "каисилар"} <= stop
    assert "белгиленет" not in stop


def test_no_one_word_prefix_is_shorter_than_three_letters() -> None:
    """A one-word prefix term of three letters or fewer collides after folding (бер*, сал*):
    such parts are allowed only inside a phrase."""
    short = [
        term
        for ky, ru, _ in LEXICON
        for term in ky + ru
        if " " not in term.strip() and "-" not in term and term.endswith("*")
        if len(term.rstrip("*")) < 3
    ]
    assert short == []
