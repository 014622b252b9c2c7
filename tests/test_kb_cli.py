"""The ``kb`` command group end to end on a real database file."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from knowledge import cli_kb
from knowledge.loader import BUNDLED_DIR, load_directory

LAWS = Path(__file__).parent / "data" / "laws"


@pytest.fixture
def run(tmp_path: Path, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    monkeypatch.chdir(tmp_path)  # no stray .env, exports land in tmp_path
    parser = argparse.ArgumentParser(prog="keneshchi")
    cli_kb.register(parser.add_subparsers(dest="command"))

    def invoke(*argv: str) -> tuple[int, str, str]:
        ns = parser.parse_args(["kb", *argv])
        code = ns.func(ns)
        out, err = capsys.readouterr()
        return code, out, err

    return invoke


def test_stats_bootstraps_a_fresh_database(run) -> None:
    code, out, _ = run("stats")
    assert code == 0
    kb = load_directory(BUNDLED_DIR)
    assert f"documents            {len(kb.documents)}" in out
    assert f"faq                  {len(kb.faq)}" in out


def test_import_list_show_remove(run) -> None:
    code, out, _ = run("import", str(LAWS / "zakon_municipal_services_ru.txt"))
    assert code == 0 and "law-45-2024-03-12" in out and "5 articles" in out
    code, out, _ = run("import", str(LAWS / "myizam_municipal_services_ky.txt"))
    assert code == 0 and "1 replaced" in out  # same act: the Kyrgyz text joins the document

    code, out, _ = run("list", "--kind", "law")
    line = next(ln for ln in out.splitlines() if ln.startswith("law-45-2024-03-12"))
    assert "11" in line.split() and "«О муниципальных услугах»" in line

    code, out, _ = run("show", "law-45-2024-03-12")
    assert code == 0 and "article: '3'" in out and "lang: ky" in out and "lang: ru" in out
    code, out, _ = run("show", "criminal-record-head")
    assert code == 0 and "category: staff" in out

    assert run("remove", "law-45-2024-03-12")[0] == 0
    code, _, err = run("show", "law-45-2024-03-12")
    assert code == 1 and err.startswith("error: no document")
    code, _, err = run("remove", "law-45-2024-03-12")
    assert code == 1 and err.count("\n") == 1


def test_failed_import_changes_nothing(run, tmp_path: Path) -> None:
    run("stats")
    bad = tmp_path / "faq.yaml"
    bad.write_text("- id: ok\n  questions: {ru: [Вопрос?]}\n  answer: {ru: 5}\n", encoding="utf-8")
    _, before, _ = run("stats")
    code, out, err = run("import", str(LAWS / "zakon_municipal_services_ru.txt"), str(bad))
    assert code == 1 and out == ""
    assert err == f"error: {bad}:3: [0].answer.ru: Input should be a valid string\n"
    assert run("stats")[1] == before  # kb_version and counts unchanged


def test_import_options_and_usage_errors(run, tmp_path: Path) -> None:
    code, out, _ = run(
        "import",
        str(LAWS / "zakon_municipal_services_ru.txt"),
        "--id",
        "law-sample",
        "--kind",
        "law",
        "--date",
        "2024-03-12",
        "--number",
        "45-a",
    )
    assert code == 0 and "document law-sample" in out
    assert "number: 45-a" in run("show", "law-sample")[1]
    code, _, err = run("import", "x.txt", "--date", "2024-02-30")
    assert code == 2 and "invalid date" in err
    code, _, err = run("import", "a.txt", "b.txt", "--id", "x")
    assert code == 2
    code, _, err = run("import", str(tmp_path / "missing.txt"))
    assert code == 1 and "no such file" in err
    assert run()[0] == 2  # "kb" alone prints help


def test_faq_import_as_draft_is_not_served(run, tmp_path: Path) -> None:
    path = tmp_path / "faq.yaml"
    path.write_text(
        "- id: new-q\n  questions: {ky: [Жаңы суроо?], ru: [Новый вопрос?]}\n"
        "  answer: {ky: Жооп., ru: Ответ.}\n",
        encoding="utf-8",
    )
    code, out, _ = run("import", "--draft", str(path))
    assert code == 0 and "1 FAQ entries" in out
    assert "new-q" in run("list", "--faq")[1]
    assert "faq_draft            1" in run("stats")[1]


def test_export_round_trips_and_validate(run, tmp_path: Path) -> None:
    run("import", str(LAWS / "myizam_municipal_services_ky.txt"))
    code, out, _ = run("export", str(tmp_path / "out"))
    assert code == 0 and "exported" in out
    kb = load_directory(tmp_path / "out")
    assert "law-45-2024-03-12" in {d.id for d in kb.documents}
    code, out, _ = run("validate", str(tmp_path / "out"))
    assert code == 0 and out.startswith("OK ")
    code, _, err = run("export", str(tmp_path / "out"))
    assert code == 1 and "not empty" in err
    assert run("export", "--force", str(tmp_path / "out"))[0] == 0

    broken = tmp_path / "out" / "glossary.yaml"
    broken.write_text("- ky: [токтом\n", encoding="utf-8")
    code, _, err = run("validate", str(tmp_path / "out"))
    assert code == 1 and err.startswith(f"error: {broken}:")
