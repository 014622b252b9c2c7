"""Bilingual (Kyrgyz/Russian) glossary groups of one domain of the law, merged into
:data:`.lexicon.LEXICON`; written as in :func:`.lexicon_legal.groups_table`."""

from __future__ import annotations

from knowledge.search.lexicon_legal import groups_table

GROUPS = groups_table(
    """
    """
)
