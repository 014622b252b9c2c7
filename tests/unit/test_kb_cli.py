"""The ``kb`` command group end to end on a real database file."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
import yaml

from knowledge import cli_kb
from knowledge.loader import BUNDLED_DIR, load_directory

LAWS = Path(__file__).parents[1] / "data" / "laws"


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
    assert code == 0 and "1 FAQ entry (0 replaced)" in out and "1 FAQ entries" not in out
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


def test_import_reports_what_it_found_and_what_not(run, tmp_path: Path) -> None:
    code, out, _ = run("import", str(LAWS / "messy_pasture_code_ru.txt"))
    assert code == 0
    assert "kind code; language ru; number 27; date 2019-03-14" in out
    assert "title: Пастбищный кодекс Кыргызской Республики" in out
    assert "12 articles (10 with headings, 2 repealed), 6 chapters/sections in 2 parts" in out
    assert "2 amendment notes" in out
    assert "not found: url (give them with --url)" in out

    code, out, _ = run("import", "--dry-run", str(LAWS / "no_title_ru.txt"))
    assert code == 0 and "would import" in out
    assert "not found: title, kind, number, date, url" in out
    assert "--title, --kind, --number, --date YYYY-MM-DD, --url" in out

    code, out, _ = run(
        "import",
        str(LAWS / "no_title_ru.txt"),
        "--title",
        "Положение о сходах граждан",
        "--kind",
        "regulation",
        "--number",
        "5",
        "--date",
        "2020-02-03",
        "--url",
        "https://example.org/act/5",
        "--alias",
        "ПСГ",
        "--alias",
        "Положение о сходах",
    )
    assert code == 0 and "reg-5-2020-02-03" in out and "not found" not in out
    shown = yaml.safe_load(run("show", "reg-5-2020-02-03")[1])
    assert shown["source_url"] == "https://example.org/act/5"
    assert shown["aliases"] == ["ПСГ", "Положение о сходах"]


def test_kyrgyz_and_russian_imports_join_in_the_database(run) -> None:
    assert run("import", str(LAWS / "pasture_act_ru.txt"))[0] == 0
    code, out, _ = run("import", str(LAWS / "pasture_act_ky.txt"), "--alias", "Жайыт мыйзамы")
    assert code == 0 and "1 replaced" in out
    assert "1 document (1 replaced, 1 joined with its text in the other language)" in out
    shown = yaml.safe_load(run("show", "law-31-2022-03-15")[1])
    assert shown["title"]["ky"].startswith("2022-жылдын 15-мартындагы №31")
    assert shown["title"]["ru"].startswith("Закон Кыргызской Республики от 15 марта 2022 года № 31")
    repealed = [(p["lang"], p["article"]) for p in shown["passages"] if p.get("repealed")]
    assert repealed == [("ky", "3"), ("ru", "3")]
    assert "(В редакции Закона КР от 5 июля 2023 года № 140)" in shown["amendments"]
    assert len(shown["amendments"]) == 4 and shown["aliases"] == ["Жайыт мыйзамы"]
    line = next(ln for ln in run("list")[1].splitlines() if ln.startswith("law-31-2022-03-15"))
    assert "10" in line.split()


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--date", "12.03.2024", "use YYYY-MM-DD"),
        ("--date", "20240312", "use YYYY-MM-DD"),
        ("--date", "2024-02-30", "no such day"),
        ("--number", "12 34", "invalid --number"),
        ("--number", "<b>", "invalid --number"),
        ("--url", "javascript:alert(1)", "invalid --url"),
        ("--url", "example.org", "invalid --url"),
        ("--title", "   ", "invalid --title"),
        ("--alias", "1234", "invalid --alias"),
    ],
)
def test_import_options_are_parsed_strictly(run, option: str, value: str, message: str) -> None:
    code, out, err = run("import", str(LAWS / "no_title_ru.txt"), option, value)
    assert code == 2 and out == "" and message in err
