"""`kb export DIR` writes only inside DIR, whatever the data says (issue 12, item 5)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

import main
from db.database import Database
from db.repositories.knowledge import KnowledgeRepository
from knowledge.loader import load_directory, safe_filename
from knowledge.models import Bilingual, FaqEntry

# (no absolute path here: on a build without the fix the export would really write there)
HOSTILE = ["../../../X", "..", "a/b\\c", "con\x00trol", "жер/../../Y", " "]


def test_safe_filename_never_leaves_the_folder() -> None:
    for name in [*HOSTILE, "/etc/passwd", "C:\\Windows\\x"]:
        safe = safe_filename(name)
        assert safe and "/" not in safe and "\\" not in safe and not safe.startswith(".")
        assert "\x00" not in safe
    assert safe_filename("../../../X") == "X"
    assert safe_filename("land") == "land" and safe_filename("жер") == "жер"
    assert len(safe_filename("x" * 1000)) <= 100


def test_kb_export_with_a_traversal_category_stays_inside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "a" / "b" / "c"
    root.mkdir(parents=True)
    monkeypatch.chdir(root)
    db_path = tmp_path / "kb.sqlite3"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{db_path}")
    assert main.main(["kb", "stats"]) == 0  # the bundled knowledge base

    async def add_hostile() -> None:
        async with Database(db_path) as db:
            repo = KnowledgeRepository(db)
            for n, category in enumerate(HOSTILE):
                await repo.upsert_faq(
                    FaqEntry(
                        id=f"hostile-{n}",
                        category=category,
                        questions={"ru": [f"Вопрос {n}?"]},
                        answer=Bilingual(ru=f"Ответ {n}."),
                    )
                )

    asyncio.run(add_hostile())
    before = {p for p in tmp_path.rglob("*") if p.is_file()}
    out = root / "out"
    capsys.readouterr()
    assert main.main(["kb", "export", str(out)]) == 0, capsys.readouterr().err
    written = {p for p in tmp_path.rglob("*") if p.is_file()} - before
    assert written and all(out in p.parents for p in written), sorted(map(str, written))
    assert not (tmp_path / "X.yaml").exists() and not (tmp_path / "a" / "X.yaml").exists()
    assert (out / "faq" / "X.yaml").is_file()
    # nothing lost: every entry is exported with its own category, and loads back
    kb = load_directory(out)
    exported = {f.id: f.category for f in kb.faq if f.id.startswith("hostile-")}
    assert exported == {f"hostile-{n}": c for n, c in enumerate(HOSTILE)}
