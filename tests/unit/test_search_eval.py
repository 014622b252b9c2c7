"""Evaluation: metric definitions, dev-set and hold-out targets, the ask/eval CLI contract."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from knowledge import evaluation as ev
from knowledge.loader import load_directory
from knowledge.models import KnowledgeBase
from knowledge.search import SearchEngine
from tests.helpers.kb import DATA, act, article, evaluate, with_water_code

DEV = Path(__file__).resolve().parents[3] / "shared" / "eval" / "questions-dev.jsonl"
HOLDOUT = DATA / "questions-holdout.jsonl"
CALIBRATION = DATA / "questions-calibration.jsonl"

TARGET_HIT1 = 0.90
TARGET_HIT3 = 0.97
TARGET_FALSE_CONFIDENT = 0.05


# --- metric definitions ----------------------------------------------------------------------


def q(expect: list[str] | str, lang: str = "ky") -> ev.Question:
    return ev.Question("x", lang, "?", expect)


def r(text: str) -> dict[str, str]:
    return {"title": "", "text": text, "source": ""}


def test_matching_folds_case_letters_and_spaces() -> None:
    assert ev.result_matches(r("Агенттикте саны 7 адамдан турган"), ["7 адам"])
    assert ev.result_matches(r("ӨКМӨТҮНҮН №513 токтому"), ["окмотунун № 513"])
    assert not ev.result_matches(r("№536"), ["513"])


def test_judge_answerable_question() -> None:
    right = ev.judge(q(["513"]), "answered", [r("№513")])
    assert right.hit1 and right.hit3 and not right.false_confident
    wrong = ev.judge(q(["513"]), "answered", [r("№536"), r("№513")])
    assert not wrong.hit1 and wrong.hit3 and wrong.false_confident
    suggested = ev.judge(q(["513"]), "suggest", [r("№536"), r("№513")])
    assert not suggested.hit1 and suggested.hit3 and not suggested.false_confident
    escalated = ev.judge(q(["513"]), "escalate", [r("№513")])
    assert not escalated.hit1 and not escalated.hit3 and not escalated.false_confident


def test_judge_escalate_question() -> None:
    assert ev.judge(q("ESCALATE"), "suggest", [r("x")]).hit1
    assert ev.judge(q("ESCALATE"), "escalate", []).hit1
    answered = ev.judge(q("ESCALATE"), "answered", [r("x")])
    assert not answered.hit1 and answered.false_confident


def test_metrics_per_language() -> None:
    outcomes = [
        ev.judge(q(["a"], "ky"), "answered", [r("a")]),
        ev.judge(q(["a"], "ru"), "answered", [r("b")]),
        ev.judge(q("ESCALATE", "noise"), "answered", [r("b")]),
        ev.judge(q("ESCALATE", "noise"), "escalate", []),
    ]
    by_lang = ev.metrics_by_lang(outcomes)
    overall = by_lang["all"]
    assert overall.n == 4
    assert overall.hit1 == pytest.approx(2 / 4)
    assert overall.false_confident == pytest.approx(2 / 4)
    assert overall.esc_answered == pytest.approx(1 / 2)
    assert overall.wrong_answered == pytest.approx(1 / 2)  # 1 of the 2 answerable answered
    assert by_lang["ky"].hit1 == 1.0 and by_lang["ru"].hit1 == 0.0


def test_question_file_errors_name_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "q.jsonl"
    bad.write_text('{"id": "1", "q": "a", "expect": ["x"]}\n{"id": "2", "q": "b"}\n')
    with pytest.raises(ValueError, match=r"q\.jsonl:2"):
        ev.load_questions(bad)


def test_decontaminate_drops_copied_phrasings() -> None:
    from knowledge.models import FaqEntry, KnowledgeBase

    entry = FaqEntry(
        id="e",
        questions={"ky": ["Коллегия канча адамдан турат?", "Коллегиянын курамы"]},
        answer={"ky": "7"},
    )
    kb, dropped = ev.decontaminate(
        KnowledgeBase(faq=[entry]), [ev.Question("1", "ky", "Коллегия канча адамдан турат", [])]
    )
    assert dropped == 1
    assert kb.faq[0].questions == {"ky": ["Коллегиянын курамы"]}


# --- targets ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def clean_kb() -> KnowledgeBase:
    """The bundled KB without FAQ phrasings that repeat an evaluation question."""
    kb = load_directory()
    if not kb.documents:
        pytest.skip("the bundled knowledge base has no documents yet")
    questions: list[ev.Question] = []
    for path in (DEV, HOLDOUT, CALIBRATION):
        if path.exists():
            questions += ev.load_questions(path)
    kb, _ = ev.decontaminate(kb, questions)
    return kb


@pytest.fixture(scope="module")
def clean_engine(clean_kb: KnowledgeBase) -> SearchEngine:
    return SearchEngine.build(clean_kb)


def _check_targets(engine: SearchEngine, path: Path) -> None:
    outcomes = ev.run(ev.engine_searcher(engine), ev.load_questions(path))
    m = ev.metrics(outcomes)
    failed = [o.question.id for o in outcomes if not o.hit1]
    assert m.hit1 >= TARGET_HIT1, f"hit@1 {m.hit1:.3f}; missed {failed}"
    assert m.hit3 >= TARGET_HIT3, f"hit@3 {m.hit3:.3f}"
    assert m.false_confident <= TARGET_FALSE_CONFIDENT, f"false-confident {m.false_confident:.3f}"


def test_dev_set_targets(clean_engine: SearchEngine) -> None:
    if not DEV.exists():
        pytest.skip(f"{DEV} is absent")
    _check_targets(clean_engine, DEV)


def test_holdout_set_targets(clean_engine: SearchEngine) -> None:
    _check_targets(clean_engine, HOLDOUT)


def test_dev_set_targets_with_the_bundled_kb_as_shipped() -> None:
    if not DEV.exists():
        pytest.skip(f"{DEV} is absent")
    kb = load_directory()
    if not kb.documents:
        pytest.skip("the bundled knowledge base has no documents yet")
    _check_targets(SearchEngine.build(kb), DEV)


def test_engine_beats_the_naive_baselines(
    clean_kb: KnowledgeBase, clean_engine: SearchEngine
) -> None:
    questions = ev.load_questions(HOLDOUT)
    ours = ev.metrics(ev.run(ev.engine_searcher(clean_engine), questions))
    for baseline in (ev.WRatioBaseline(clean_kb), ev.RawBM25Baseline(clean_kb)):
        theirs = ev.metrics(ev.run(baseline, questions))
        assert ours.hit1 > theirs.hit1
        assert ours.false_confident < theirs.false_confident


# --- the CLI contract ------------------------------------------------------------------------


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    monkeypatch.delenv("BOT_TOKEN", raising=False)
    return tmp_path


def _main(argv: list[str]) -> int:
    import main

    return main.main(argv)


def test_ask_json_reads_stdin_in_order(
    cli_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    questions = ["Каким постановлением утверждена Программа развития МСУ на 2018-2023 годы?"]
    questions += ["салам", "asdfgh qwerty", "ЖӨБ программасы"]
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(questions) + "\n\n"))
    assert _main(["ask", "--json"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == len(questions)
    rows = [json.loads(line) for line in lines]
    assert [row["question"] for row in rows] == questions
    for row in rows:
        assert set(row) == {"question", "status", "results"}
        assert row["status"] in ("answered", "suggest", "escalate")
        assert len(row["results"]) <= 5
        for hit in row["results"]:
            assert set(hit) == {"id", "title", "text", "source", "score"}
            assert isinstance(hit["score"], float)
    assert "513" in rows[0]["results"][0]["source"] + rows[0]["results"][0]["text"]
    assert rows[1]["status"] == rows[2]["status"] == "escalate"


def test_ask_one_question_human_readable(cli_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _main(["ask", "--lang", "ru", "постановление", "№", "536"]) == 0
    out = capsys.readouterr().out
    assert "536" in out
    assert "? постановление № 536" in out


def test_eval_prints_engine_and_baselines(
    cli_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "q.jsonl"
    rows = [
        {"id": "a", "lang": "ru", "q": "постановление № 536", "expect": ["536"]},
        {"id": "b", "lang": "noise", "q": "asdfgh", "expect": "ESCALATE"},
    ]
    path.write_text("\n".join(json.dumps(row, ensure_ascii=False) for row in rows) + "\n")
    assert _main(["eval", str(path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    systems = report["systems"]
    assert set(systems) == {
        "keneshchi",
        "rapidfuzz WRatio (raw paragraphs)",
        "BM25 (raw whitespace tokens)",
    }
    assert systems["keneshchi"]["all"]["n"] == 2
    assert systems["keneshchi"]["all"]["hit@1"] == 1.0
    assert systems["keneshchi"]["noise"]["false_confident"] == 0.0
    assert _main(["eval", str(path)]) == 0
    assert "| keneshchi | all | 2 |" in capsys.readouterr().out


def test_eval_missing_file(cli_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _main(["eval", str(cli_env / "nope.jsonl")]) == 2
    assert "no such question file" in capsys.readouterr().err


# --- calibration ------------------------------------------------------------------------------


def test_calibration_sweep_keeps_wrong_answers_out() -> None:
    from knowledge.search.calibrate import Sample, score, sweep

    def sample(cov: float, right: bool, escalate: bool = False) -> Sample:
        feats = {"coverage": cov, "ns": 0.6, "gap": 0.3, "matched": 4.0, "units": 4.0}
        question = ev.Question("x", "ky", "?", "ESCALATE" if escalate else ["a"])
        return Sample(question, feats, False, right, right)

    samples = [sample(0.95, True) for _ in range(6)]
    samples += [sample(0.78, False), sample(0.72, False, escalate=True)]
    thresholds, result, _ = sweep(samples)
    assert thresholds.answer_cov > 0.78  # the wrong one and the ESCALATE one are not answered
    assert result["false_confident"] == 0.0
    assert result["answered_right"] == pytest.approx(6 / 8)
    assert score(samples, thresholds)["hit@1"] == pytest.approx(7 / 8)  # the wrong one misses


# --- expect_article (questions on imported acts) ----------------------------------------------


def test_expect_article_lines_are_read(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text(
        '{"id": "a", "lang": "ru", "q": "Статья 33", "expect_article": "33"}\n'
        '{"id": "b", "lang": "ru", "q": "?", "expect_article": 16}\n',
        encoding="utf-8",
    )
    first, second = ev.load_questions(path)
    assert (first.expect_article, second.expect_article) == ("33", "16")
    assert not first.escalate
    path.write_text('{"id": "c", "q": "?"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="1: needs 'expect' or 'expect_article'"):
        ev.load_questions(path)


@pytest.mark.parametrize(
    ("cited", "wanted", "ok"),
    [
        ({"article": "16-1"}, "16-1", True),
        ({"article": "161"}, "16-1", True),  # flattened by a PDF extraction
        ({"source": "Водный кодекс, статья 16.1 «…»"}, "16-1", True),
        ({"source": "Суу кодекси, 16¹-берене"}, "16-1", True),
        ({"source": "… 45-берене «Ичүүчү суу»"}, "45", True),
        ({"source": "… статья 45"}, "4", False),
        ({"article": "33"}, "3", False),
        ({"source": "… статьи 13 и 14"}, "13", True),
    ],
)
def test_result_cites_article(cited: dict[str, str], wanted: str, ok: bool) -> None:
    assert ev.result_cites_article(cited, wanted) is ok


def test_judge_by_article() -> None:
    question = ev.Question("x", "ru", "?", [], "33")
    assert ev.judge(question, "answered", [{"article": "33"}]).hit1
    wrong = ev.judge(question, "answered", [{"article": "3"}, {"article": "33"}])
    assert not wrong.hit1 and wrong.hit3 and wrong.false_confident
    m = ev.metrics([ev.judge(question, "answered", [{"article": "33"}]), wrong])
    assert m.answered == 1.0 and m.false_confident == 0.5


def test_answer_model_threshold_keeps_wrong_answers_out() -> None:
    from knowledge.search.calibrate import Sample, fit_answer_model, score
    from knowledge.search.engine import DEFAULT_THRESHOLDS

    def sample(ns: float, gap: float, right: bool) -> Sample:
        feats = {"coverage": 0.9, "ns": ns, "gap": gap, "matched": 4.0, "units": 4.0}
        return Sample(ev.Question("x", "ru", "?", ["a"]), feats, False, right, right)

    samples = [sample(0.7, 0.6, True) for _ in range(20)]
    samples += [sample(0.2, 0.08, False) for _ in range(6)]
    thresholds, _ = fit_answer_model(samples, [], DEFAULT_THRESHOLDS)
    result = score(samples, thresholds)
    assert result["false_confident"] == 0.0
    assert result["answered_right"] == pytest.approx(20 / 26)


# --- a real act: the Water Code (shared corpus), imported as an operator would -------------------


@pytest.fixture(scope="module")
def water_engine(clean_kb: KnowledgeBase) -> SearchEngine:
    return with_water_code(clean_kb)


def test_water_code_article_lookup(water_engine: SearchEngine) -> None:
    outcomes, m = evaluate(water_engine, DATA / "questions-water-articles.jsonl")
    assert m.hit1 >= 0.98, [o.question.q for o in outcomes if not o.hit1]
    assert m.answered >= 0.95


def test_water_code_questions_by_meaning(water_engine: SearchEngine) -> None:
    _, m = evaluate(water_engine, DATA / "questions-water-calibration.jsonl")
    # floors a little below the figures of the last calibration, so that a change that loses
    # ground on real law fails here; the closing notes carry the exact figures
    assert m.hit1 >= 0.5
    assert m.false_confident <= 0.03


def test_off_topic_is_never_answered(water_engine: SearchEngine) -> None:
    rows = [json.loads(line) for line in (DATA / "questions-offtopic.jsonl").open(encoding="utf-8")]
    flagged = 0
    for row in rows:
        result = water_engine.search(row["q"])
        assert result.status != "answered", row["q"]
        if row["kind"] == "offtopic":
            flagged += result.off_topic
            assert not result.results or not result.off_topic
    assert flagged >= 0.85 * sum(row["kind"] == "offtopic" for row in rows)


def test_calibration_groups_ask_their_questions_of_their_own_acts(tmp_path: Path) -> None:
    from knowledge.search.calibrate import calibrate

    path = tmp_path / "q.jsonl"
    path.write_text(
        '{"id": "a", "lang": "ru", "q": "Кто выдает пастбищный билет пользователю пастбищ?", '
        '"expect_article": "7"}\n',
        encoding="utf-8",
    )
    pasture = act(
        "law",
        "30",
        "2009-01-26",
        doc_id="pasture",
        ru="О пастбищах",
        passages=[
            article("7", "Пастбищный билет выдает пастбищный комитет пользователю пастбищ."),
            article("8", "Плата за пользование пастбищами вносится ежегодно."),
        ],
    )
    water = act(
        "code",
        "8",
        "2005-01-12",
        doc_id="water",
        ru="Водный кодекс",
        passages=[article("12", "Водный билет выдает бассейновый совет пользователю воды.")],
    )
    kb = KnowledgeBase(documents=[water])
    _, result = calibrate(kb, [], faq_folds=0, model_only=True, groups=[([path], [pasture])])
    assert result["questions"] == 1 and result["hit@1"] == 1.0
    _, without = calibrate(kb, [path], faq_folds=0, model_only=True)
    assert without["questions"] == 1 and without["hit@1"] == 0.0
