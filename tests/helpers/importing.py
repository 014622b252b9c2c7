"""Knowledge files written by a test and imported: a text or a .docx, accepted or refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.importer import import_file
from knowledge.loader import KnowledgeFileError
from knowledge.models import Document


def refused(path: Path, text: str, match: str | None = None) -> KnowledgeFileError:
    """Write ``text`` to ``path``; importing it must raise the error (matching ``match``)."""
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KnowledgeFileError, match=match) as info:
        import_file(path)
    return info.value


def imported(path: Path, text: str) -> Document:
    """Write ``text`` to ``path`` and import it: the (first) document the importer makes."""
    path.write_text(text, encoding="utf-8")
    return import_file(path).documents[0]


def write_docx(path: Path, *blocks: str | tuple[str, ...]) -> Path:
    """A .docx of ``blocks`` (the test is skipped without python-docx): a string is a paragraph,
    "# …" a level-1 heading, a tuple a one-row table with those cells."""
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for block in blocks:
        if isinstance(block, tuple):
            row = document.add_table(rows=1, cols=len(block)).rows[0]
            for cell, text in zip(row.cells, block, strict=True):
                cell.text = text
        elif block.startswith("# "):
            document.add_heading(block[2:], level=1)
        else:
            document.add_paragraph(block)
    document.save(str(path))
    return path
