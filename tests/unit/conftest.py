"""Fixtures of the unit tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from db.database import Database
from knowledge.search.analyzer import Analyzer


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    """A fresh database file with every migration applied (a module may define its own)."""
    async with Database(tmp_path / "unit.sqlite3") as database:
        yield database


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    """The query analyzer with the built-in lexicon alone, without any knowledge base's
    glossary (one per test module)."""
    return Analyzer()
