"""Session 8: the first Kyrgyz act of real size (a pasture law) searched in Kyrgyz, in Latin and
in Russian.  A question's -п converb (айдап, жумшап) reaches the verbal noun the act writes
(айдоо, жумшоо); a long vowel typed once in Latin (jooptuluk) still reaches the glossary prefix
with the long vowel (жооптуулук*); pronouns (бирөө, баары, нече) are stop words; dictionary
senses the act's words lacked (жүктөм = нагрузка, норма нагрузки, разрабатывать, таратуу =
роспуск, акча = средства, жооптуулук = жоопкерчилик = ответственность)."""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge.search.analyzer import Analyzer
from knowledge.search.kyrgyz import converb_p_key, stem
from knowledge.search.normalize import fold, skeleton
from tests.helpers.kb import act, article, engine_of


def concepts(analyzer: Analyzer, text: str, lang: str | None = None) -> set[str]:
    analysis = analyzer.analyze(text, lang)
    return set().union(*analysis.concepts)


@pytest.mark.parametrize(
    ("converb", "noun"),
    [
        ("айдап", "айдоо"),
        ("жумшап", "жумшоо"),
        ("таштап", "таштоо"),
        ("кайтарып", "кайтаруу"),
        ("берип", "берүү"),
        ("жайып", "жаюу"),
        ("бүтүп", "бүтүү"),
    ],
)
def test_p_converb_reads_as_its_verbal_noun(converb: str, noun: str) -> None:
    assert converb_p_key(fold(converb)) == fold(noun)


@pytest.mark.parametrize("noun", ["талап", "эсеп", "себеп", "тартип", "жооп", "китеп", "топ"])
def test_nouns_in_p_are_no_converbs(noun: str) -> None:
    assert converb_p_key(fold(noun)) is None


def test_converb_is_a_question_key_not_the_words_own(analyzer: Analyzer) -> None:
    word = analyzer.analyze("жерди айдап алды", "ky").words[1]
    assert word.key == skeleton(fold("айдап"))  # the act's own "айдап" still matches
    assert skeleton(fold("айдоо")) in word.loan
    # "сатып алуу" is buying: the converb does not bring the terms of сатуу (selling)
    assert skeleton(fold("сатуу")) not in analyzer.analyze("сатып", "ky").words[0].atoms
    assert skeleton(fold("айдоо")) not in word.atoms


@pytest.mark.parametrize("word", ["бирөө", "бирөөнүн", "баары", "баарын", "нече"])
def test_kyrgyz_pronouns_are_stop_words(analyzer: Analyzer, word: str) -> None:
    assert analyzer.analyze(f"жайыт {word}", "ky").words[1].stop


def test_latin_long_vowel_typed_once_reaches_the_glossary(analyzer: Analyzer) -> None:
    liability = concepts(analyzer, "жоопкерчилик", "ky")
    assert liability & concepts(analyzer, "jooptuluk", "ky")
    assert liability & concepts(analyzer, "jooptuuluk", "ky")
    assert liability & concepts(analyzer, "ответственность", "ru")
    # Cyrillic is read as written; a short prefix written once is another word
    assert not liability & concepts(analyzer, "жооптулук", "ky")
    assert not concepts(analyzer, "jop", "ky")


@pytest.mark.parametrize(
    ("ky", "ru"),
    [
        ("жайытка түшүүчү жүктөмдүн ченемдерин", "нормы нагрузки на пастбища"),
        ("программаларды иштеп чыгат", "разрабатывает программы"),
        ("айылдык кеңешти таратуу", "самороспуск кенеша"),
        ("taratsa", "роспуск"),
        ("чогулган акча", "средства"),
        ("жайыттан түшкөн каражат", "средства"),
        ("жооптуулук", "ответственность"),
        ("жер ээлерине кабарлоо", "собственник должен быть письменно уведомлен"),
        ("кабарландыруу", "уведомив собственника"),
        ("кошуна участоктун чеги боюнча талаш", "споры о границах земельных участков"),
        ("башчыга ишенбөөстүк билдирүү", "выражение ему недоверия"),
        ("ishenbostuk bildiruu", "выражения недоверия"),
    ],
)
def test_kyrgyz_and_russian_share_a_sense(analyzer: Analyzer, ky: str, ru: str) -> None:
    assert concepts(analyzer, ky, "ky") & concepts(analyzer, ru, "ru")


def test_load_norm_is_a_phrase_of_its_own(analyzer: Analyzer) -> None:
    phrase = concepts(analyzer, "нормы нагрузки", "ru")
    assert phrase - concepts(analyzer, "нормы", "ru") - concepts(analyzer, "нагрузки", "ru")
    assert phrase & concepts(analyzer, "жүктөмдүн ченемдери", "ky") - concepts(
        analyzer, "жүктөм", "ky"
    )


def _pasture_law():
    return engine_of(
        act(
            "law",
            "30",
            dt.date(2009, 1, 26),
            doc_id="pasture",
            ky="Жайыттар жөнүндө",
            passages=[
                article(
                    "7",
                    "Ыйгарым укуктуу мамлекеттик орган жайыттарды башкаруу боюнча мамлекеттик "
                    "программаларды иштеп чыгат; жайытка түшүүчү жүктөмдүн ченемдерин иштеп "
                    "чыгат; жайыттардын абалына мониторинг жүргүзөт.",
                    lang="ky",
                    heading="Ыйгарым укуктуу мамлекеттик органдын ыйгарым укуктары",
                ),
                article(
                    "14",
                    "Жайыт комитетинин төрагасы жайыт комитетинин ишин уюштурат, жайыт "
                    "билеттерине кол коёт. Жалпы чогулуштун чечими боюнча жайыт үчүн акыдан "
                    "түшкөн каражаттын бир бөлүгү алардын эмгегине акы төлөөгө жумшалышы мүмкүн.",
                    lang="ky",
                    heading="Жайыт комитетинин төрагасы",
                ),
                article(
                    "15",
                    "Жайыттарды башкаруу планы жайытка түшүүчү жол берилген жүктөмдү, ар бир "
                    "жайыт участогуна чыгарылуучу малдын санын камтыйт. Пландар жайыт комитети "
                    "тарабынан иштелип чыгат.",
                    lang="ky",
                    heading="Жайыттарды башкаруу планы",
                ),
                article(
                    "28",
                    "Жайыттарды жайыт билетисиз пайдалануу, жайыттарды өз алдынча айдоо жана "
                    "жайыт инфраструктурасын бузуу үчүн күнөөлүү адамдар мыйзамдарга ылайык "
                    "жоопкерчилик тартышат.",
                    lang="ky",
                    heading="Ушул Мыйзамды бузгандык үчүн жоопкерчилик",
                ),
            ],
        )
    )


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # a converb of the question, the verbal noun of the act; a long vowel typed once
        (
            "biroo jayittin bir bolugun oz aldyncha aidap, kartoshka ekip aldy. "
            "Aga kanday jooptuluk bar?",
            "28",
        ),
        ("Бирөө жайыттын бир бөлүгүн өз алдынча айдап алды, ага эмне болот?", "28"),
        # a Russian question on the Kyrgyz act: нормы нагрузки = жүктөмдүн ченемдери
        ("Кто разрабатывает нормы нагрузки на пастбища?", "7"),
    ],
)
def test_questions_reach_the_kyrgyz_article(question: str, expected: str) -> None:
    engine = _pasture_law()
    ranked = engine.rank(question)
    top = engine.make_hit(int(ranked.items[0]), "ky", 0.0)
    assert top.article == expected


def noun_of(word: str) -> str:
    return stem(fold(word))


@pytest.mark.parametrize(
    "forms",
    [
        ("пайдалануучу", "пайдалануучулар", "пайдалануучулардын", "пайдалануучусу"),
        ("башчы", "башчысы", "башчысын"),
        ("малчы", "малчылар"),
        ("ишчи", "ишчилер"),
        ("катышуучу", "катышуучулары"),
    ],
)
def test_an_agent_noun_keeps_its_final_vowel(forms: tuple[str, ...]) -> None:
    # the singular's -чу is no possessive: пайдалануучу = пайдалануучулар without -лар
    assert len({noun_of(form) for form in forms}) == 1


def test_a_noun_in_short_vowel_ch_still_takes_a_possessive() -> None:
    assert noun_of("күчү") == noun_of("күч")
    assert noun_of("агачы") == noun_of("агач")


@pytest.mark.parametrize(
    ("word", "lemma"),
    [("согуштун", "согуш"), ("конуштарга", "конуш"), ("добушу", "добуш"), ("сунушу", "сунуш")],
)
def test_nouns_in_ish_are_no_verbal_nouns(word: str, lemma: str) -> None:
    assert noun_of(word) == fold(lemma)


def test_a_meeting_is_no_together() -> None:
    # чогулуш (a meeting) is of чогул- (to gather), not чогуу (together)
    assert noun_of("чогулушунда") == noun_of("чогулат") == noun_of("чогулган") == "чогулуу"
    assert noun_of("чогуу") != noun_of("чогулушу")
    assert noun_of("отуруму") == noun_of("отурумга") == "отурум"


def test_gathering_reaches_the_russian_verb(analyzer: Analyzer) -> None:
    meets = concepts(analyzer, "Национальный совет собирается", "ru")
    assert meets & concepts(analyzer, "кеңеш жылына бир жолу чогулабы", "ky")
    assert meets & concepts(analyzer, "жалпы чогулушунда", "ky")


@pytest.mark.parametrize(
    ("word", "verb"),
    [("даттансам", "даттануу"), ("кайрылсам", "кайрылуу"), ("барсам", "баруу"), ("алсам", "алуу")],
)
def test_a_plain_typed_first_person_conditional_is_kyrgyz(
    analyzer: Analyzer, word: str, verb: str
) -> None:
    # -сам ends like a Russian dative plural (-ам); in a Kyrgyz question it is the verb
    found = analyzer.analyze(f"жайыт боюнча кайда {word}", "ky").words[-1]
    assert found.lang == "ky"
    assert found.key == skeleton(fold(verb))


@pytest.mark.parametrize("word", ["вопросам", "адресам", "другими"])
def test_russian_words_in_a_kyrgyz_question_stay_russian(analyzer: Analyzer, word: str) -> None:
    assert analyzer.analyze(f"жайыт {word}", "ky").words[-1].lang == "ru"


def test_an_im_noun_with_its_possessive_is_kyrgyz(analyzer: Analyzer) -> None:
    words = analyzer.analyze("комитеттин чечими жана келишими", "ky").words
    assert words[1].key == analyzer.analyze("чечим", "ky").words[0].key
    assert words[3].key == analyzer.analyze("келишим", "ky").words[0].key


def test_a_first_person_predicate_is_its_noun(analyzer: Analyzer) -> None:
    words = analyzer.analyze("макул эмесмин, мен фермермин, депутатмын", "ky").words
    assert words[1].stop  # эмес-мин: "not", whatever the person
    keys = [w.key for w in words if not w.stop]
    assert keys[1:] == [noun_of("фермер"), noun_of("депутат")]
    # after a vowel, -мын may be a noun in -м with its ending: мыйзам-ын, not мыйза-мын
    assert noun_of("мыйзамын") == noun_of("мыйзам")
