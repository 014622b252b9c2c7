"""Session 8 answer model: what the calibration fits on (questions an article lookup answers
left out, an act imported once) and the refitted model on the session-8 exams' acts."""

from __future__ import annotations

import pytest

from knowledge import evaluation as ev
from knowledge.models import KnowledgeBase
from knowledge.search import SearchEngine
from knowledge.search import calibrate as cal
from tests.helpers.kb import DATA, act, article, engine_of, evaluate
from tests.helpers.kb import exam_engines as engines_for

WATER_ACT = act(
    "code",
    "8",
    "2005-01-12",
    doc_id="water",
    ru="Водный кодекс Кыргызской Республики",
    passages=[
        article("3", "Водное законодательство регулирует отношения по использованию вод.",
                heading="Водное законодательство"),
        article("52", "Сброс загрязняющих веществ в водные объекты запрещается без разрешения.",
                heading="Сброс сточных вод"),
    ],
)  # fmt: skip


@pytest.mark.parametrize(
    "text", ["статья 52 Водного кодекса", "Суу кодексинин 52-беренеси", "ст. 52 ВК"]
)
def test_calibration_leaves_out_questions_found_by_article_number(text: str) -> None:
    # a lookup never reaches the answer model: as a sample it would teach the model on the
    # ranking of a question no user sees ranked
    engine = engine_of(WATER_ACT)
    assert engine.article_lookup(text, None, 5) is not None
    by_meaning = ev.Question("m", "ru", "Можно ли сбрасывать загрязняющие вещества?", "52")
    by_meaning.expect_article = "52"
    samples = cal.collect(engine, [ev.Question("n", "ru", text, ["x"], "52"), by_meaning])
    assert [s.question.id for s in samples] == ["m"]


def test_calibration_group_indexes_an_imported_act_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # the fitting command imports the Water Code and names it again in each group: indexed
    # twice, its words' idf and every gap would differ from what users get
    built: list[list[str]] = []
    real_build = SearchEngine.build

    def build(kb: KnowledgeBase, **kwargs: object) -> SearchEngine:
        built.append([doc.id for doc in kb.documents])
        return real_build(kb, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(cal.SearchEngine, "build", staticmethod(build))
    other = act("law", "30", "2009-01-26", doc_id="pasture", ru="Закон о пастбищах",
                passages=[article("5", "Пастбища предоставляются в пользование.")])  # fmt: skip
    kb = KnowledgeBase(documents=[WATER_ACT])
    group_file = DATA / "questions-exam6-dev.jsonl"
    cal.calibrate(kb, [], faq_folds=0, model_only=True, groups=[([group_file], [other, WATER_ACT])])
    assert built[-1] == ["water", "pasture"]


@pytest.fixture(scope="module")
def exam_engines() -> dict[str, SearchEngine]:
    """The bundled KB + the Water Code + each session-8 exam's own acts, as the fitting command
    asks the exams' development halves (FAQ phrasings repeating their questions dropped)."""
    questions = [
        q
        for exam in ("exam5", "exam6")
        for q in ev.load_questions(DATA / f"questions-{exam}-dev.jsonl")
    ]
    return engines_for(
        {
            "exam5": ["exam5_lsg_law_2021_ru.txt"],
            "exam6": ["exam6_pasture_law_ky.txt", "exam6_land_code_ru.txt"],
        },
        questions,
    )


@pytest.mark.parametrize("exam", ["exam5", "exam6"])
def test_session8_exams_wrong_answers(exam: str, exam_engines: dict[str, SearchEngine]) -> None:
    outcomes, m = evaluate(exam_engines[exam], DATA / f"questions-{exam}-dev.jsonl")
    wrong = [o.question.id for o in outcomes if o.false_confident]
    # the session-8 refit: exam5 0.050 → 0.025, exam6 0.175 → 0.100 answered wrongly
    assert m.false_confident <= {"exam5": 0.03, "exam6": 0.125}[exam], wrong
    assert m.answered_answerable >= {"exam5": 0.55, "exam6": 0.65}[exam]
    # right first results, a little under the session's 0.825 and 0.775 (session 9: exam5 0.775,
    # one first result of another act's article of the same number no longer counts, and one
    # whose right answer came through a wrong typo repair of a Latin word is escalated)
    assert m.hit1 >= {"exam5": 0.75, "exam6": 0.675}[exam], [
        o.question.q for o in outcomes if not o.hit1
    ]


@pytest.mark.parametrize(
    ("exam", "question"),
    [
        # a grant for a water main: the Water Code's article on water-supply applications
        # explains the words it has, not the grant (the LSG law's article 68 does)
        ("exam5", "В этом году хотим подать заявку на стимулирующий грант на ремонт водопровода. "
                  "Какие условия его получения?"),
        # a kiosk on a village pavement: the Land Code's article 4 names almost none of it
        ("exam6", "Предприниматель хочет поставить киоск на тротуаре в центре села. Может ли "
                  "айыл окмоту оформить ему эту землю в собственность?"),
        # garbage collection tariffs: no act of the knowledge base sets them
        ("exam6", "кто утвержадет тариф на вывоз мусора в селе"),
    ],
)  # fmt: skip
def test_loose_first_results_are_not_given_as_the_answer(
    exam: str, question: str, exam_engines: dict[str, SearchEngine]
) -> None:
    # the session-4 model answered these with a wrong first result (probability 0.75-0.83
    # against its 0.74); the refit rates them under its threshold: offered, not answered
    assert exam_engines[exam].search(question).status != "answered"
