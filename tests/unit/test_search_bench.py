"""A smoke test of the benchmark code on a tiny knowledge base (figures come from running
``python -m benchmarks.search``, never from tests)."""

from __future__ import annotations

import pytest

from benchmarks import search as bench


def test_synthetic_kb_is_made_of_seed_text() -> None:
    if not bench.SEEDS_DIR.exists():
        pytest.skip("no seed texts")
    kb = bench.synthetic_kb(45)
    passages = [p for d in kb.documents for p in d.passages]
    assert len(passages) == 45
    assert len(kb.documents) == 3  # 20 passages a document
    assert all(len(p.text) > 40 for p in passages)
    assert bench.synthetic_kb(45).documents[0].passages[0].text == passages[0].text  # seeded


def test_measure_and_table_on_a_tiny_kb() -> None:
    if not bench.SEEDS_DIR.exists():
        pytest.skip("no seed texts")
    row = bench.measure(300, 30, 2)
    assert row["size"] == 300 and row["items"] >= 300
    assert row["queries"] == 30 and sum(row["statuses"].values()) == 30
    assert 0 < row["ours"]["p50"] <= row["ours"]["p95"] <= row["ours"]["p99"]
    assert row["naive"] is not None and row["naive_queries"] == 2
    table = bench.table([row])
    assert table.splitlines()[2].startswith("| 300 |")
    assert bench.naive_queries(100_000, 30) == 3 and bench.naive_queries(1000, 30) == 30
