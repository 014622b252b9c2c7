"""A learned reorder of the first candidates of a ranking (``SearchEngine._rerank``).

The hand-built ranking of :meth:`knowledge.search.engine.SearchEngine.rank` (bm25 per field,
coverage, heading bonus, proximity tie-breaker …) often puts the right act's NEIGHBOURING
article first on an act it was not tuned on («Председатель местного кенеша» for «Полномочия
председателя…»).  Here the first :data:`RERANK_DEPTH` candidates are scored by a linear model
over per-candidate signals the engine already has (:func:`candidate_features`); the weights are
fitted (listwise softmax, L2-regularised) by ``python -m knowledge.search.rerank_fit``.
"""

from __future__ import annotations

from typing import Any  # the engine and its Ranked (the engine imports this module)

import numpy as np

RERANK_DEPTH = 8
# only the candidates scoring within this much of the first (log of the ratio) are reordered:
# farther ones were not close calls of the hand-built ranking
RERANK_GATE = -0.25

# one column per name, in this order (see candidate_features).  Tried and left out (no gain left
# one act group out, or a loss on one): the coverage, the heading share and its gap to the best
# heading, the share of the question in one window of a sentence, the share the passage's own
# text explains (without its document's title), the weight it explains and the first does not,
# whether it is a referral, its length, whether it explains the question's weightiest word.
RERANK_FEATURES = (
    "log_ratio",  # log(final / the first's final): the hand-built ranking itself
    "bm_rel",  # bm25 / the best bm25 of the first candidates (before the bonuses)
    "chapter",  # share of the question's weight in the chapter title (not in the heading)
    "same_lang",  # the passage is in the question's language (0.5: not a passage of an act)
)


def articles_first(engine: Any, ranked: Any, depth: int = RERANK_DEPTH) -> int:
    """How many of the first candidates (at most ``depth``) are articles of acts in a row: the
    model was fitted on questions about articles, and reorders only those (an FAQ entry or a
    news item first is left where it is, and so is what follows it)."""
    k = 0
    for item in ranked.items[:depth].tolist():
        if not engine._is_article(int(item)):
            break
        k += 1
    return k


def candidate_features(engine: Any, ranked: Any, depth: int = RERANK_DEPTH) -> np.ndarray:
    """The per-candidate signals of the first ``depth`` candidates (rows), RERANK_FEATURES."""
    k = min(depth, len(ranked.items))
    x = np.zeros((k, len(RERANK_FEATURES)), dtype=np.float64)
    if k == 0:
        return x
    final = ranked.final[:k].astype(np.float64)
    bm25 = ranked.bm25[:k].astype(np.float64)
    top = float(final[0]) if final[0] > 0 else 1.0
    x[:, 0] = np.log(np.maximum(final, 1e-6 * top) / top)
    x[:, 1] = bm25 / (float(bm25.max()) or 1.0)
    weights = [unit.weight for unit in ranked.units]
    total = float(sum(weights)) or 1.0
    unit_keys = [frozenset(kid for kid, _, _ in unit.keys) for unit in ranked.units]
    for pos in range(k):
        item = int(ranked.items[pos])
        _, _, passage = engine.items[item]
        head_ids, chapter_ids = engine._heading_keys(item)
        if chapter_ids:
            in_chapter = sum(
                w
                for w, keys in zip(weights, unit_keys, strict=True)
                if keys & chapter_ids and not keys & head_ids
            )
            x[pos, 2] = in_chapter / total
        x[pos, 3] = (1.0 if passage.lang == ranked.lang else 0.0) if passage is not None else 0.5
    return x


def rerank_order(x: np.ndarray, weights: tuple[float, ...]) -> np.ndarray:
    """The new order of the candidates (rows of ``x``): those within RERANK_GATE of the first
    by the model's score (ties kept in place), the others where they were."""
    close = int((x[:, 0] >= RERANK_GATE).sum())  # a prefix: the rows are in the ranking's order
    scores = x[:close] @ np.asarray(weights, dtype=np.float64)
    return np.concatenate([np.argsort(-scores, kind="stable"), np.arange(close, len(x))])
