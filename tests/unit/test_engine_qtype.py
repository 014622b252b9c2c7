"""What the question asks for decides between near articles: a "what is X" question goes to
the passage of the definitions article that defines X, not to the articles that only use X.
The acts here are made up (a law on pastures), not the Water Code."""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge.models import Document, Passage
from knowledge.search import SearchEngine
from knowledge.search import engine as engine_module
from knowledge.search.engine import (
    PASSAGE,
    _asks_may,
    _asks_what,
    _defined_terms,
    _modal_units,
)
from tests.helpers.kb import act, article, engine_of

_FILLER = (
    "Настоящий Закон применяется ко всем землям сельскохозяйственного назначения, "
    "используемым для выпаса скота, независимо от формы собственности. "
)
_FILL = _FILLER * 6  # the definitions article is long: it scores low on the words alone


def _art(pid: str, number: str, heading: str, text: str, lang: str = "ru") -> Passage:
    return article(number, text, lang=lang, pid=pid, heading=heading)


def _law() -> Document:
    return act(
        "law",
        "30",
        dt.date(2009, 1, 26),
        doc_id="law-pastures",
        ru="Закон Кыргызской Республики о пастбищах",
        passages=[
            _art(
                "a1-ru",
                "1",
                "Основные понятия, используемые в настоящем Законе",
                "В настоящем Законе используются следующие понятия:\n"
                "выпас – содержание скота на пастбище в течение сезона;\n"
                "пастбищный билет – документ, дающий право выпаса скота на пастбище;\n" + _FILL,
            ),
            _art(
                "a1-part2-ru",
                "1",
                "Основные понятия, используемые в настоящем Законе",
                "- отгонное пастбище - пастбище, удаленное от населенного пункта;\n"
                "объединение (союз) пользователей пастбищ (далее – ОПП) – некоммерческая "
                "организация пользователей пастбищ, созданная для управления пастбищами;\n" + _FILL,
            ),
            _art(
                "a5-ru",
                "5",
                "Права союза пользователей пастбищ",
                "Союз пользователей пастбищ вправе заключать договоры с пользователями "
                "пастбищ и организация выпаса скота на отгонных пастбищах.",
            ),
            _art(
                "a6-ru",
                "6",
                "Пастбищный билет",
                "Пастбищный билет выдается пользователю пастбищ на сезон выпаса; в "
                "пастбищном билете указывается число голов скота.",
            ),
            _art(
                "a7-ru",
                "7",
                "Учет скота на отгонных пастбищах",
                "Отгонное пастбище используется по плану; учет скота на отгонном пастбище "
                "ведет союз пользователей пастбищ.",
            ),
        ],
    )


def _law_ky() -> Document:
    return act(
        "law",
        "31",
        dt.date(2009, 1, 26),
        doc_id="law-pastures-ky",
        ky="Жайыттар жөнүндө Кыргыз Республикасынын Мыйзамы",
        passages=[
            _art(
                "a1-ky",
                "1",
                "Негизги түшүнүктөр",
                "Бул Мыйзамда төмөнкү түшүнүктөр колдонулат:\n"
                "жайыт комитети – жайыттарды башкаруучу аткаруу органы;\n"
                "жайыт билети – мал жаюу укугун берүүчү документ;\n"
                "Бул Мыйзам айыл чарба жерлериндеги бардык жайыттарга колдонулат. " * 5,
                lang="ky",
            ),
            _art(
                "a9-ky",
                "9",
                "Жайыт комитетинин ыйгарым укуктары",
                "Жайыт комитети жайыт билетин берет жана жайыт комитети мал жаюунун "
                "планын бекитет.",
                lang="ky",
            ),
        ],
    )


@pytest.fixture(scope="module")
def engine() -> SearchEngine:
    return engine_of(_law(), _law_ky())


def _order(engine: SearchEngine, query: str) -> list[str]:
    """Passage ids, best first."""
    ranked = engine.rank(query)
    return [
        engine.items[item][2].id
        for item in ranked.items.tolist()
        if engine.items[item][0] == PASSAGE
    ]


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("Что такое отгонное пастбище?", True),
        ("Кто такие пользователи пастбищ?", True),
        ("Союз пользователей пастбищ — это что за организация?", True),
        ("Что понимается под выпасом?", True),
        ("Жайыт комитети деген эмне?", True),
        ("Жайыт билети эмне?", True),
        ("jayit komiteti degen emne", True),
        ("chto takoe pastbishchnyy bilet", True),
        ("Кто выдает пастбищный билет?", False),
        ("Можно ли пасти скот на отгонном пастбище?", False),
        ("Жайыт комитетин ким түзөт, анын милдеттери эмне?", False),
        ("Бул эмне үчүн керек?", False),
    ],
)
def test_asks_what(question: str, asks: bool) -> None:
    assert _asks_what(question) is asks


def test_defined_terms_of_a_definitions_article() -> None:
    text = (
        "Используются следующие понятия:\n"
        "1) выпас – содержание скота на пастбище;\n"
        "- союз ОПП- объединение нескольких ОПП;\n"
        "объединение (союз) пользователей пастбищ (далее – ОПП) – организация;\n"
        "санитарно-ветеринарный контроль — проверка скота."
    )
    assert _defined_terms(text, True) == [
        "выпас",
        "союз ОПП",
        "объединение пользователей пастбищ",
        "союз пользователей пастбищ",  # the name in parentheses
        "санитарно-ветеринарный контроль",
    ]
    # lines of another article define nothing, "под X понимается" does anywhere
    assert _defined_terms(text, False) == []
    assert _defined_terms("Под выпасом понимается содержание скота на пастбище.", False) == [
        "выпасом"
    ]
    assert _defined_terms("Жайыт деп мал жайылуучу жер түшүнүлөт.", False) == ["Жайыт"]
    # items run together on one line (an act copied from a web page)
    inline = (
        "Ушул Мыйзамда төмөнкү түшүнүктөр колдонулат: 1) жайыт – мал жаюучу жер; "
        "2) жайыт комитети – жайыттарды башкаруучу орган; 3) мал – үй жаныбарлары."
    )
    assert _defined_terms(inline, True) == ["жайыт", "жайыт комитети", "мал"]


@pytest.mark.parametrize(
    ("question", "defining"),
    [
        ("Что такое отгонное пастбище?", "a1-part2-ru"),  # the second part holds it
        ("Союз пользователей пастбищ — это что за организация?", "a1-part2-ru"),
        ("Жайыт комитети деген эмне?", "a1-ky"),
    ],
)
def test_the_definition_answers_what_is_x(
    engine: SearchEngine, monkeypatch: pytest.MonkeyPatch, question: str, defining: str
) -> None:
    assert _order(engine, question)[0] == defining
    monkeypatch.setattr(engine_module, "DEFINITION_BONUS", 0.0)
    assert _order(engine, question)[0] != defining  # without it an article using X wins


def test_other_questions_are_not_moved(
    engine: SearchEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    question = "Кто ведет учет скота на отгонном пастбище?"
    with_bonus = engine.rank(question)
    monkeypatch.setattr(engine_module, "DEFINITION_BONUS", 0.0)
    without = engine.rank(question)
    assert with_bonus.items.tolist() == without.items.tolist()
    assert with_bonus.final.tolist() == pytest.approx(without.final.tolist())


def test_an_article_named_whole_is_not_overtaken(engine: SearchEngine) -> None:
    # «Пастбищный билет» is the article on the term: the definition is not lifted above it
    order = _order(engine, "Что такое пастбищный билет?")
    assert order[0] == "a6-ru"


def _grazing() -> Document:
    return act(
        "law",
        "32",
        dt.date(2010, 3, 1),
        doc_id="law-grazing",
        ru="Закон Кыргызской Республики о выпасе скота",
        passages=[
            _art(
                "a20-ru",
                "20",
                "Разрешение на выпас скота в заповедной зоне",
                "Разрешение на выпас скота в заповедной зоне выдается пастбищным "
                "комитетом по заявлению пользователя в течение десяти дней.",
            ),
            _art(
                "a21-ru",
                "21",
                "Ограничения выпаса в заповедной зоне",
                "Выпас скота в заповедной зоне запрещается в период весенней вегетации трав.",
            ),
            _art(
                "a22-ru",
                "22",
                "Учет скота",
                "Не допускается учет скота без пастбищного билета.",
            ),
            _art(
                "a23-ru",
                "23",
                "Разрешение на сенокошение",
                "Разрешение на сенокошение выдается на один сезон.",
            ),
            _art(
                "a24-ru",
                "24",
                "Разрешение на охоту",
                "Разрешение на охоту выдается охотничьим хозяйством.",
            ),
        ],
    )


@pytest.fixture(scope="module")
def grazing() -> SearchEngine:
    return engine_of(_grazing())


def _by_article(engine: SearchEngine, query: str) -> dict[str, tuple[float, float]]:
    """Article → (final score, heading share)."""
    ranked = engine.rank(query)
    assert ranked.heading is not None
    return {
        engine.items[item][2].article: (float(ranked.final[pos]), float(ranked.heading[pos]))
        for pos, item in enumerate(ranked.items.tolist())
        if engine.items[item][0] == PASSAGE
    }


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("Можно ли выпасать скот в заповедной зоне?", True),
        ("Разрешено ли выпасать скот весной?", True),
        ("Вправе ли пастбищный комитет отказать?", True),
        ("Имеет ли фермер право пасти скот?", True),
        ("Заповеддик зонада мал жаюуга болобу?", True),
        ("Заповеддик зонада мал жайса болобу?", True),
        ("Заповеддик зонада мал жаюуга тыюу салынабы?", True),
        ("zapovednik zonada mal jaiuuga bolobu", True),
        ("Кто выдает разрешение на выпас скота?", False),
        ("Заповеддик зонада эмне кылууга тыюу салынат?", False),
    ],
)
def test_asks_may(question: str, asks: bool) -> None:
    assert _asks_may(question) is asks


def test_the_rule_beats_the_permit_procedure_among_near_candidates(
    grazing: SearchEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    question = "Можно ли выпасать скот в заповедной зоне?"
    with_rule = _by_article(grazing, question)
    monkeypatch.setattr(engine_module, "RULE_BONUS", 0.0)
    without = _by_article(grazing, question)
    # without the mechanism the permit procedure wins on its heading, the rule is near
    assert max(without, key=lambda a: without[a][0]) == "20"
    assert without["21"][0] >= without["20"][0] * (1 - engine_module.RULE_NEAR)
    assert max(with_rule, key=lambda a: with_rule[a][0]) == "21"
    assert with_rule["20"][0] == pytest.approx(without["20"][0])


def test_the_questions_own_permission_word_earns_no_heading_bonus(
    grazing: SearchEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    question = "Разрешено ли выпасать скот в заповедной зоне?"
    with_rule = _by_article(grazing, question)
    monkeypatch.setattr(engine_module, "RULE_BONUS", 0.0)
    without = _by_article(grazing, question)
    # «Разрешение на выпас…»: "разрешено ли" asks whether, not about permits
    assert without["20"][1] == pytest.approx(1.0)
    assert with_rule["20"][1] < 0.9
    assert with_rule["20"][0] < without["20"][0]
    assert with_rule["23"][1] == 0.0  # «Разрешение на сенокошение» shares only that word


def test_the_rule_bonus_never_lifts_a_weak_candidate(
    grazing: SearchEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    question = "Можно ли выпасать скот в заповедной зоне?"
    with_rule = _by_article(grazing, question)
    monkeypatch.setattr(engine_module, "RULE_BONUS", 0.0)
    without = _by_article(grazing, question)
    top = max(final for final, _ in without.values())
    # «Учет скота» states a rule ("не допускается") but is far behind: unchanged
    assert without["22"][0] < top * (1 - engine_module.RULE_NEAR)
    assert with_rule["22"][0] == pytest.approx(without["22"][0])


def test_a_definition_of_another_act_than_the_one_named_is_no_candidate(
    engine: SearchEngine,
) -> None:
    # the Kyrgyz act defines «жайыт билети» (the glossary links it to «пастбищный билет»);
    # the question names the Russian law
    ranked = engine.rank("Что такое пастбищный билет по Закону о пастбищах?")
    docs = {engine.items[item][1].id for item in ranked.items.tolist()}
    assert docs == {"law-pastures"}


# --- who-questions, duties, practical questions (session 7) --------------------------------
_POWERS = (
    "В компетенцию уполномоченного органа по охоте входит:\n"
    "- участие в работе совета по охране животного мира;\n"
    "- ведение учета охотничьих угодий;\n"
    "- выдача разрешений на отстрел диких животных;\n"
    "- согласование планов охотничьих хозяйств;\n"
    "- подготовка и представление Правительству проекта правил охоты;\n"
    "- утверждение норм добычи диких животных;\n"
    "- другие задачи, определенные настоящим Законом."
)


def _hunting(matter_says_who: bool = False) -> Document:
    permit = (
        "Разрешение на отстрел диких животных выдается уполномоченным органом по охоте."
        if matter_says_who
        else "В разрешении на отстрел указываются число животных, срок и место охоты."
    )
    return act(
        "law",
        "40",
        dt.date(2014, 3, 3),
        doc_id="law-hunting",
        ru="Закон Кыргызской Республики об охоте",
        passages=[
            _art(
                "a2-ru",
                "2",
                "Основные понятия",
                "В настоящем Законе используются следующие понятия:\n"
                "охотник – гражданин, имеющий охотничий билет;\n"
                "дикие животные – животные, обитающие в состоянии естественной свободы;\n"
                "отстрел – добывание диких животных с применением оружия;\n" + _FILL,
            ),
            _art("a7-ru", "7", "Уполномоченный орган по охоте и его компетенция", _POWERS),
            _art("a15-ru", "15", "Разрешение на отстрел диких животных", permit),
            _art(
                "a16-ru",
                "16",
                "Права и обязанности охотников",
                "Охотники обязаны соблюдать правила охоты и сроки охоты. Охотники имеют право "
                "на охоту в охотничьих угодьях.",
            ),
            _art(
                "a17-ru",
                "17",
                "Правила охоты",
                "Правила охоты устанавливают сроки и способы охоты; законы и подзаконные "
                "акты об охоте должны соответствовать им.",
            ),
        ],
    )


def _top_article(engine: SearchEngine, query: str) -> str:
    ranked = engine.rank(query)
    return engine.items[int(ranked.items[0])][2].article


def test_the_power_a_who_question_names_counts_as_the_heading(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    hunting = engine_of(_hunting())
    question = "Кто выдает разрешение на отстрел диких животных?"
    # the competence article's line "- выдача разрешений на отстрел диких животных" says who
    assert _top_article(hunting, question) == "7"
    monkeypatch.setattr(engine_module, "COMPETENCE_LINE", False)
    assert _top_article(hunting, question) == "15"  # the article on the permit, by its heading


def test_the_article_on_the_matter_that_says_who_stays_first() -> None:
    # «Разрешение на отстрел…» says who issues it and explains the whole question
    assert _top_article(engine_of(_hunting(matter_says_who=True)), "Кто выдает разрешение на "
                        "отстрел диких животных?") == "15"  # fmt: skip


def test_a_line_of_powers_is_not_a_heading_for_other_questions() -> None:
    hunting = engine_of(_hunting())
    ranked = _by_article(hunting, "Какой срок действия разрешения на отстрел диких животных?")
    assert max(ranked, key=lambda a: ranked[a][0]) == "15"


def test_the_questions_own_duty_or_right_word_earns_no_heading_bonus() -> None:
    hunting = engine_of(_hunting())
    # "обязаны ли", "имеют ли право" ask whether there is a duty or a right, not about the
    # article «Права и обязанности охотников»
    for question in (
        "Обязаны ли законы об охоте соответствовать правилам охоты?",
        "Имеют ли право законы об охоте противоречить правилам охоты?",
    ):
        ranked = _by_article(hunting, question)
        analysis = hunting.analyzer.analyze(question, "ru")
        units, _ = hunting._units(analysis)
        modal = {units[u].text for u in _modal_units(analysis, units, _asks_may(question))}
        assert modal & {"обязани", "имеют", "право"}, question
        # «Права и обязанности охотников» shares only "охоты" (охот-) with the question
        assert ranked["16"][1] <= ranked["17"][1], question
    ranked = _by_article(hunting, "Обязаны ли законы об охоте соответствовать правилам охоты?")
    assert max(ranked, key=lambda a: ranked[a][0]) == "17"
    # asked about, the duties are the heading's words
    question = "Какие обязанности у охотников?"
    analysis = hunting.analyzer.analyze(question, "ru")
    units, _ = hunting._units(analysis)
    assert not _modal_units(analysis, units, _asks_may(question))
    ranked = _by_article(hunting, question)
    assert ranked["16"][1] > 0.9


@pytest.mark.parametrize(
    ("question", "damped"),
    [
        ("Кто ведет учет охотничьих угодий для охотника?", True),
        ("Считается ли охотником гражданин без охотничьего билета?", False),
        ("Что такое отстрел?", False),
    ],
)
def test_a_practical_question_weighs_the_definitions_article_less(
    monkeypatch: pytest.MonkeyPatch, question: str, damped: bool
) -> None:
    hunting = engine_of(_hunting())
    with_it = _by_article(hunting, question)["2"][0]
    monkeypatch.setattr(engine_module, "DEFINITIONS_PRACTICAL", 1.0)
    without = _by_article(hunting, question)["2"][0]
    expected = without * 0.7 if damped else without
    assert with_it == pytest.approx(expected, rel=1e-4)


def test_the_line_must_name_the_power_asked_about(monkeypatch: pytest.MonkeyPatch) -> None:
    hunting = engine_of(_hunting())
    # "- подготовка и представление Правительству проекта правил охоты": the body prepares
    # the draft, it does not approve it; only its line "- утверждение норм…" names approving
    question = "Кто утверждает проект правил охоты?"
    with_rule = _by_article(hunting, question)["7"][0]
    monkeypatch.setattr(engine_module, "_action_unit", lambda analysis, units: None)
    any_line = _by_article(hunting, question)["7"][0]
    assert with_rule < 0.9 * any_line
    monkeypatch.undo()
    # asked who prepares it, that line counts
    monkeypatch.setattr(engine_module, "COMPETENCE_LINE", False)
    without = _by_article(hunting, "Кто готовит проект правил охоты?")["7"][0]
    monkeypatch.undo()
    assert _by_article(hunting, "Кто готовит проект правил охоты?")["7"][0] > 1.5 * without
