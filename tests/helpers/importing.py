"""Importing a knowledge file that must be refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.importer import import_file
from knowledge.loader import KnowledgeFileError


def refused(path: Path, text: str, match: str | None = None) -> KnowledgeFileError:
    """Write ``text`` to ``path``; importing it must raise the error (matching ``match``)."""
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KnowledgeFileError, match=match) as info:
        import_file(path)
    return info.value
