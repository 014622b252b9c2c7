"""The bilingual lexicon: a Kyrgyz question word reaches the Russian word of the acts (and the
reverse), everyday Russian reaches the legal term, and no prefix catches an unrelated word."""

from __future__ import annotations

import pytest

from knowledge.search.analyzer import Analyzer
from knowledge.search.lexicon import LEXICON


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


# (the asker's language, the question as asked, the words of a Russian act, the lexicon group's
# Russian term that joins them)
ASKED_AND_WRITTEN = [
    # Kyrgyz as asked ↔ Russian as the act says it: how questions are asked
    ("ky", "жер тилкесин ижарага бере алабы", "предоставляется в аренду", "предостав*"),
    ("ky", "мүлк салыгы салынабы", "объект налогообложения", "налогооблож*"),
    ("ky", "жерди менчикке өткөрүү", "передача в собственность", "передач* в собственност*"),
    ("ky", "шайлоону өткөрүү", "проведение выборов", "переда*"),
    ("ky", "ким көзөмөл жүргүзөт", "осуществляет контроль", "осуществл*"),
    ("ky", "салыкты ким төлөйт", "уплата налога", "плат*"),
    ("ky", "бюджетти аткаруу", "исполнение бюджета", "исполн*"),
    ("ky", "мыйзамда белгиленген тартипте", "в установленном порядке", "установл*"),
    ("ky", "мыйзамда каралган учурларда", "предусмотренных законом", "предусмотр*"),
    ("ky", "башчыны дайындоо", "назначение главы", "дайынд*|назнач*"),
    ("ky", "кызматтан бошотулат", "освобождается от должности", "освобожд*"),
    ("ky", "укуктарын чектөө", "ограничение прав", "ограничени*"),
    ("ky", "ишкананы жоюу", "ликвидация предприятия", "ликвидац*"),
    ("ky", "кеңештин отуруму", "заседание кенеша", "заседани*"),
    ("ky", "арызды карап чыгуу", "рассмотрение заявления", "рассмотр*"),
    ("ky", "декларацияны тапшыруу", "представление декларации", "сдач*"),
    ("ky", "өргүүнүн узактыгы", "продолжительность отпуска", "продолжительност*"),
    ("ky", "айыл өкмөтүнүн ишмердүүлүгү", "деятельность айыл окмоту", "деятельност*"),
    ("ky", "бюджеттик каражаттар", "бюджетные средства", "средств*"),
    ("ky", "айып пулдун өлчөмү", "размер штрафа", "өлчөм*|размер*"),
    ("ky", "депутаттын жаш курагы", "возраст депутата", "возраст*"),
    ("ky", "адамдын укуктары жана эркиндиктери", "права и свободы человека", "свобод*"),
    ("ky", "мыйзамга каршы келген чечим", "решение противоречит закону", "противореч*"),
    ("ky", "прокурордун сунушу", "представление прокурора", "рекомендац*"),
    ("ky", "жер тилкесин бөлүп берүү", "выделение земельного участка", "выделени*"),
    # domains: land, budget, tax, LSG, civil, Constitution
    ("ky", "жердин максаттуу багыты", "целевое назначение земли", "целев*"),
    ("ky", "жер тилкесинин аянты", "площадь земельного участка", "площад*"),
    ("ky", "бюджеттин тартыштыгы", "дефицит бюджета", "тартыштык*|дефицит*"),
    ("ky", "бажы алымдары", "таможенные пошлины", "тамож*"),
    ("ky", "салыктык мезгил", "налоговый период", "налогов* период*"),
    ("ky", "кеңештин регламенти", "регламент кенеша", "регламент*"),
    ("ky", "кыймылдуу мүлк", "движимое имущество", "движим*"),
    ("ky", "аракетке жөндөмдүүлүгү", "дееспособность гражданина", "дееспособн*"),
    ("ky", "Конституциялык сот", "Конституционный суд", "Конституционн* суд*"),
    ("ky", "мамлекеттик тил", "государственный язык", "язык*"),
    ("ky", "сессияны чакыруу", "созыв сессии", "созыв*"),
    ("ky", "көчө комитети", "уличный комитет", "уличн* комитет*"),
    ("ky", "кошуна жер тилкеси", "смежный земельный участок", "смежн*"),
    # general words of the acts, either way
    ("ky", "ыйгарым укуктуу органдын корутундусу", "заключение уполномоченного органа", "заключени*"),  # noqa: E501
    ("ky", "жазуу жүзүндө кабарлоо", "письменное уведомление", "письменн*"),
    ("ky", "суунун сапаты", "качество воды", "качеств*"),
    ("ky", "жыл сайын бекитилет", "ежегодно утверждается", "ежегодн*"),
    ("ky", "иш-чаралар планы", "план мероприятий", "мероприяти*"),
    ("ky", "арыз ээсине кабарлайт", "уведомляет заявителя", "заявител*"),
    ("ky", "укук каттоодон кийин пайда болот", "право возникает с момента регистрации", "возника*"),
    ("ky", "кеңеш өзгөртүү киргизет", "кенеш вносит изменения", "внесени*"),
    ("ky", "мамлекеттик саясат", "государственная политика", "политик*"),
    ("ky", "мүлктү тескөө", "распоряжение имуществом", "распоряж*"),
    ("ky", "кеңештин катчысы", "секретарь кенеша", "секретар*"),
    ("ky", "депутаттык фракциялар", "депутатские фракции", "фракци*"),
    ("ky", "айыл өкмөтүнүн түзүмү", "структура айыл окмоту", "түзүм*|структур*"),
    # everyday Russian ↔ the term of the acts; and older spellings of the codes
    ("ru", "кто сдаёт землю в аренду", "предоставление в аренду", "предоставлени* в аренд*"),
    ("ru", "оплатить коммуналку", "коммунальные услуги", "коммунальн* услуг*"),
    ("ru", "место в садике", "детский сад", "детск* сад"),
    ("ru", "повестка из военкомата", "военный комиссариат", "военн* комиссариат*"),
    ("ru", "нужна инфа", "информация", "информаци*"),
    ("ru", "решение сельсовета", "органы местного самоуправления", "орган* местного самоуправления"),  # noqa: E501
    ("ru", "территория аильного округа", "айылный аймак", "айылн* аймак*"),
    ("ru", "как отозвать депутата", "отзыв депутата", "отзыв"),
    ("ru", "куда жаловаться", "подача жалобы", "жалоб*"),
    ("ru", "сколько длится проверка", "продолжительность проверки", "продолжительност*"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("lang", "asked", "act", "term"), ASKED_AND_WRITTEN, ids=[row[1] for row in ASKED_AND_WRITTEN]
)
def test_question_and_act_share_the_concept(
    analyzer: Analyzer, lang: str, asked: str, act: str, term: str
) -> None:
    concept = group_of(term)
    assert concept in concepts(analyzer, asked, lang), asked
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
