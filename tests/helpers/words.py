"""One Russian word as the query analyzer reads it: its key, and the keys it reaches."""

from __future__ import annotations

from knowledge.search.analyzer import Analyzer


def key(analyzer: Analyzer, word: str) -> str:
    """The key of ``word`` (read as Russian)."""
    return analyzer.analyze(word, "ru").words[0].key


def keys(analyzer: Analyzer, word: str) -> set[str]:
    """The key of ``word`` (read as Russian) and the keys of its family (``loan``)."""
    found = analyzer.analyze(word, "ru").words[0]
    return {found.key, *found.loan}
