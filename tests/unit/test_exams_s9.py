"""Session 9 exams: four on acts the engine had never seen, written by examiners who did not read
it (a Budget Code extract in Russian; a Kyrgyz-only municipal property law with a Russian-only
law on local deputies; a Tax Code extract in Russian with a Kyrgyz-only law on citizens'
appeals; a Kyrgyz-only Constitution extract, its articles without headings, with a Russian law
on normative legal acts), each asked with the Water Code and its own acts imported.  The floors
sit a little under the session's final figures (hit@1 0.867 / 0.827 / 0.800 / 0.800, answered
wrongly 0.013 / 0.040 / 0.040 / 0 over each exam's 75 questions): a change that loses questions
on acts nobody tuned to fails."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge import evaluation as ev
from knowledge.search import SearchEngine
from tests.helpers.kb import DATA, evaluate, exam_engines

EXAMS = {
    "exam8": ["exam8_budget_code_ru.txt"],
    "exam9": ["exam9_municipal_property_law_ky.txt", "exam9_deputies_status_law_ru.txt"],
    "exam10": ["exam10_tax_code_ru.txt", "exam10_appeals_law_ky.txt"],
    "exam11": ["exam11_constitution_ky.txt", "exam11_normative_acts_law_ru.txt"],
}
# (hit@1 floor, answered-wrongly ceiling) over the exam's 75 questions
FLOORS = {
    "exam8": (0.84, 0.03),
    "exam9": (0.80, 0.06),
    "exam10": (0.77, 0.06),
    "exam11": (0.77, 0.03),
}


def _file(exam: str, half: str) -> Path:
    return DATA / f"questions-{exam}-{half}.jsonl"


@pytest.fixture(scope="module")
def engines() -> dict[str, SearchEngine]:
    questions = [
        q
        for exam in EXAMS
        for half in ("dev", "held")
        for q in ev.load_questions(_file(exam, half))
    ]
    return exam_engines(EXAMS, questions)


@pytest.mark.parametrize("exam", list(EXAMS))
def test_session9_exams(exam: str, engines: dict[str, SearchEngine]) -> None:
    floor, ceiling = FLOORS[exam]
    outcomes = []
    for half in ("dev", "held"):
        outcomes += evaluate(engines[exam], _file(exam, half))[0]
    m = ev.metrics(outcomes)
    assert m.hit1 >= floor, [o.question.id for o in outcomes if not o.hit1]
    assert m.false_confident <= ceiling, [o.question.id for o in outcomes if o.false_confident]
