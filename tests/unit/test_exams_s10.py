"""Session 10 exams: five on acts the engine had never seen, written by examiners who did not read
it, each with two acts and 75 questions in one file (a third or more of each act's questions in
the other language): a Labour Code extract in Russian with a Kyrgyz-only law on administrative
procedures; a Russian law on public procurement with a Kyrgyz-only law on access to
information; a Kyrgyz-only law on local kenesh elections with a Code of Offences extract in
Russian; a Russian law on state benefits with a Kyrgyz-only veterinary law; a Russian law on
urban planning with a Kyrgyz-only law on civil status registration.  Each is asked with the
Water Code and its own acts imported.  Exam 12 was read during the session (its failures were
studied); exams 13-16 were measured only before and after it (exam 16 written at its end).  The
floors sit a little under the session's final figures (hit@1 0.680 / 0.733 / 0.640 / 0.760 /
0.853, answered wrongly 0.067 / 0.053 / 0.107 / 0.067 / 0): a change that loses questions on
acts nobody tuned to fails."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge import evaluation as ev
from knowledge.search import SearchEngine
from tests.helpers.kb import DATA, evaluate, exam_engines

EXAMS = {
    "exam12": ["exam12_labour_code_ru.txt", "exam12_admin_procedures_law_ky.txt"],
    "exam13": ["exam13_procurement_law_ru.txt", "exam13_access_info_law_ky.txt"],
    "exam14": ["exam14_elections_local_kenesh_law_ky.txt", "exam14_offenses_code_ru.txt"],
    "exam15": ["exam15_state_benefits_law_ru.txt", "exam15_veterinary_law_ky.txt"],
    "exam16": ["exam16_urban_planning_law_ru.txt", "exam16_civil_status_law_ky.txt"],
}
# (hit@1 floor, answered-wrongly ceiling) over the exam's 75 questions
FLOORS = {
    "exam12": (0.65, 0.08),
    "exam13": (0.70, 0.07),
    "exam14": (0.61, 0.12),
    "exam15": (0.73, 0.08),
    "exam16": (0.82, 0.02),
}


def _file(exam: str) -> Path:
    return DATA / f"questions-{exam}.jsonl"


@pytest.fixture(scope="module")
def engines() -> dict[str, SearchEngine]:
    questions = [q for exam in EXAMS for q in ev.load_questions(_file(exam))]
    return exam_engines(EXAMS, questions)


@pytest.mark.parametrize("exam", list(EXAMS))
def test_session10_exams(exam: str, engines: dict[str, SearchEngine]) -> None:
    floor, ceiling = FLOORS[exam]
    outcomes, m = evaluate(engines[exam], _file(exam))
    print(f"{exam}: hit@1 {m.hit1:.3f}, answered wrongly {m.false_confident:.3f}")
    assert m.hit1 >= floor, [o.question.id for o in outcomes if not o.hit1]
    assert m.false_confident <= ceiling, [o.question.id for o in outcomes if o.false_confident]
