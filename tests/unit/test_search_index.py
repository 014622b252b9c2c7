"""The inverted index: BM25F weights against a direct computation, layout, champion lists."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest

from knowledge.search import index as ix
from knowledge.search.index import K1, FieldParams, IndexBuilder

PARAMS = {
    (0, 0): FieldParams(weight=1.0, b=0.75),
    (0, 1): FieldParams(weight=0.5, b=0.3),
    (1, 0): FieldParams(weight=2.0, b=0.5),
}


def reference(items: list[tuple[int, list[tuple[int, list[str]]]]]) -> dict[tuple[str, int], float]:
    """BM25F weight of every (key, item), computed the slow, obvious way."""
    lengths: dict[tuple[int, int], list[int]] = {}
    for kind, fields in items:
        for field, keys in fields:
            if keys:
                lengths.setdefault((kind, field), []).append(len(keys))
    avg = {kf: sum(v) / len(v) for kf, v in lengths.items()}
    tfp: dict[tuple[str, int], float] = {}
    for item, (kind, fields) in enumerate(items):
        for field, keys in fields:
            if not keys:
                continue
            fp = PARAMS[(kind, field)]
            norm = 1 - fp.b + fp.b * len(keys) / avg[(kind, field)]
            for key in set(keys):
                tfp[(key, item)] = tfp.get((key, item), 0.0) + fp.weight * keys.count(key) / norm
    n = len(items)
    df: dict[str, int] = {}
    for key, _ in tfp:
        df[key] = df.get(key, 0) + 1
    return {
        (key, item): math.log1p((n - df[key] + 0.5) / (df[key] + 0.5)) * t / (K1 + t)
        for (key, item), t in tfp.items()
    }


@pytest.mark.parametrize("chunks", [1, 3, 50])
def test_weights_match_the_direct_computation(chunks: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ix, "SORT_CHUNKS", chunks)
    rng = random.Random(5)
    vocab = [f"k{i}" for i in range(40)]
    items: list[tuple[int, list[tuple[int, list[str]]]]] = []
    for _ in range(60):
        kind = rng.choice([0, 1])
        body = [rng.choice(vocab) for _ in range(rng.randint(1, 12))]
        fields = [(0, body)]
        if kind == 0 and rng.random() < 0.5:  # a heading shares keys with the body
            fields.append((1, [rng.choice(body) for _ in range(rng.randint(1, 3))]))
        items.append((kind, fields))
    builder = IndexBuilder(PARAMS)
    for kind, fields in items:
        builder.add(kind, fields)
    index = builder.build()
    expected = reference(items)
    seen = 0
    for key, kid in index.key_ids.items():
        ids, weights = index.postings(kid)
        assert list(ids) == sorted(ids)  # each key's items in order, no duplicates
        assert len(set(ids.tolist())) == len(ids)
        for item, weight in zip(ids.tolist(), weights.tolist(), strict=True):
            assert weight == pytest.approx(expected[(key, item)], rel=1e-5)
            seen += 1
    assert seen == len(expected)
    # lookup: weights for arbitrary candidates, 0 where absent
    kid = index.key_ids["k1"]
    ids, weights = index.postings(kid)
    probe = np.array([int(ids[0]), 10_000], dtype=np.int32)
    assert index.lookup(kid, probe).tolist() == pytest.approx([float(weights[0]), 0.0])


def test_champion_lists_keep_the_best_postings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ix, "CHAMPION_DF", 10)
    monkeypatch.setattr(ix, "CHAMPIONS", 5)
    builder = IndexBuilder(PARAMS)
    for n in range(30):  # "common" in every item, more often in later ones
        builder.add(0, [(0, ["common"] * (1 + n % 7) + [f"rare{n}"])])
    index = builder.build()
    kid = index.key_ids["common"]
    _, weights = index.postings(kid)
    head_ids, head_weights = index.head(kid)
    assert len(head_ids) == 5
    assert sorted(head_weights.tolist()) == sorted(weights.tolist())[-5:]
    rare = index.key_ids["rare3"]
    assert index.head(rare)[0].tolist() == index.postings(rare)[0].tolist()
