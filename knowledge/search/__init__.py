"""Search over the knowledge base (Kyrgyz and Russian): normalisation, index, engine."""

from knowledge.search.citation import format_citation
from knowledge.search.engine import DEFAULT_THRESHOLDS, Hit, SearchEngine, SearchResult, Thresholds

__all__ = [
    "DEFAULT_THRESHOLDS",
    "Hit",
    "SearchEngine",
    "SearchResult",
    "Thresholds",
    "format_citation",
]
