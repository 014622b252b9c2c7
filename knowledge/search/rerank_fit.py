"""Fitting the learned reorder of the first candidates (:mod:`knowledge.search.rerank`).

Run ``python -m knowledge.search.rerank_fit --group NAME=FILES:ACTS ...`` from the repository
root: each group's questions (comma-separated JSONL files; those with ``expect_article``, not
found by an article lookup) are asked of the bundled knowledge base (decontaminated of every
group's questions) plus the group's acts (comma-separated).  A candidate is right when it cites
the expected article of the expected act (``expect_act``: the document's id or a part of its
file's name; without it, an act of the group other than the first, which is the Water Code
every group imports, unless the group imports one act only).  The model is a listwise softmax
over the candidates within RERANK_GATE of the first (those ``SearchEngine._rerank_depth``
lets it move), L2-regularised towards the hand-built ranking (the weight PRIOR on
``log_ratio`` alone, in standardised units).  Printed: each group's hit@1 (of the right act)
left out of the fit — the hand-built ranking → the reorder fitted on the other groups — and the
weights fitted on all groups, to paste into ``engine.RERANK_WEIGHTS``.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from knowledge.evaluation import decontaminate, load_questions, result_ok
from knowledge.importer import import_files, iter_items
from knowledge.search.engine import SearchEngine
from knowledge.search.rerank import (
    RERANK_DEPTH,
    RERANK_GATE,
    candidate_features,
)

PRIOR = 15.0
LAMBDA = 0.1


def collect(groups: dict[str, tuple[list[Path], list[Path]]]) -> dict[str, list[tuple]]:
    """Per group: (features of the first candidates, which of them are right) per question."""
    from knowledge.cli_search import load_bundled_kb

    every = [q for files, _ in groups.values() for f in files for q in load_questions(f)]
    base, _ = decontaminate(load_bundled_kb(), every)
    out: dict[str, list[tuple]] = {}
    for name, (files, acts) in groups.items():
        results = import_files(acts)
        doc_file = {d.id: Path(r.path).name for r in results for d in r.documents}
        own = set(doc_file) if len(acts) == 1 else {
            d for d, f in doc_file.items() if f != Path(acts[0]).name
        }  # fmt: skip
        docs = [i for i in iter_items(results) if not hasattr(i, "answer")]
        engine = SearchEngine.build(base.model_copy(update={"documents": [*base.documents, *docs]}))
        engine.rerank_weights = None  # the hand-built ranking
        samples = out.setdefault(name, [])
        for path in files:
            with open(path, encoding="utf-8") as fh:
                acts_of = {r["id"]: r.get("expect_act") for r in map(json.loads, fh) if r}
            for question in load_questions(path):
                if question.expect_article is None:
                    continue
                if engine.article_lookup(question.q, None, 5) is not None:
                    continue
                ranked = engine.rank(question.q)
                x = candidate_features(engine, ranked, engine._rerank_depth(question.q, ranked))
                want = acts_of.get(question.id)
                right = []
                for pos in range(max(len(x), min(1, len(ranked.items)))):  # the first at least
                    hit = engine.make_hit(int(ranked.items[pos]), ranked.lang, 0.0).as_dict()
                    doc = hit.get("doc_id") or ""
                    # expect_act: the document's id, or (a part of) its file's name
                    of_act = (
                        want == doc or want.removesuffix(".txt") in doc_file.get(doc, "")
                        if want
                        else doc in own
                    )
                    right.append(result_ok(hit, question) and of_act)
                samples.append((x, np.array(right, dtype=bool)))
    return out


def fit(samples: Sequence[tuple], prior: float = PRIOR, lam: float = LAMBDA) -> np.ndarray:
    """The weights (on the raw features) by gradient descent with backtracking."""
    n_feat = samples[0][0].shape[1]
    xs = np.zeros((len(samples), RERANK_DEPTH, n_feat))
    ys = np.zeros((len(samples), RERANK_DEPTH), dtype=bool)
    ms = np.zeros((len(samples), RERANK_DEPTH), dtype=bool)
    for i, (x, y) in enumerate(samples):
        k = len(x)
        xs[i, :k] = x
        ms[i, :k] = x[:, 0] >= RERANK_GATE
        ys[i, :k] = y[:k] & ms[i, :k]
    use = ys.any(1) & (ms & ~ys).any(1)  # a right and a wrong candidate among the close ones
    xs, ys, ms = xs[use], ys[use], ms[use]
    mu, sd = xs[ms].mean(0), xs[ms].std(0) + 1e-9
    z = np.where(ms[..., None], (xs - mu) / sd, 0.0)
    w0 = np.zeros(n_feat)
    w0[0] = prior * sd[0]
    n = len(z)

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        s = np.where(ms, z @ w, -1e9)
        s -= s.max(1, keepdims=True)
        p = np.exp(s)
        p /= p.sum(1, keepdims=True)
        py = np.maximum((p * ys).sum(1, keepdims=True), 1e-300)
        q = np.where(ys, p / py, 0.0)
        value = float(-np.log(py).mean() + lam * (w - w0) @ (w - w0))
        grad = -np.einsum("nk,nkf->f", q - p, z) / n + 2 * lam * (w - w0)
        return value, grad

    w = w0.copy()
    value, grad = loss(w)
    step = 1.0
    for _ in range(400):
        while True:
            w2 = w - step * grad
            value2, grad2 = loss(w2)
            if value2 <= value - 0.5 * step * grad @ grad or step < 1e-8:
                break
            step *= 0.5
        done = value - value2 < 1e-9
        w, value, grad = w2, value2, grad2
        if done:
            break
        step *= 2
    return w / sd


def hits(samples: Sequence[tuple], weights: np.ndarray | None) -> int:
    from knowledge.search.rerank import rerank_order

    total = 0
    for x, y in samples:
        if len(y):
            reorder = weights is not None and len(x) > 1
            first = int(rerank_order(x, tuple(weights))[0]) if reorder else 0
            total += bool(y[first])
    return total


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--group",
        dest="groups",
        action="append",
        required=True,
        metavar="NAME=FILES:ACTS",
        help="an act group: its question files and acts, both comma-separated (repeatable)",
    )
    parser.add_argument("--prior", type=float, default=PRIOR)
    parser.add_argument("--lam", type=float, default=LAMBDA)
    args = parser.parse_args(argv)
    groups = {}
    for spec in args.groups:
        name, _, rest = spec.partition("=")
        files, _, acts = rest.partition(":")
        groups[name] = ([Path(f) for f in files.split(",")], [Path(a) for a in acts.split(",")])
    data = collect(groups)
    for name, samples in data.items():
        rest = [s for other, ss in data.items() if other != name for s in ss]
        weights = fit(rest, args.prior, args.lam)
        before, after = hits(samples, None), hits(samples, weights)
        print(f"{name:8} n={len(samples):4} hit@1 left out: {before} → {after}")
    weights = fit([s for ss in data.values() for s in ss], args.prior, args.lam)
    print("RERANK_WEIGHTS = (" + ", ".join(f"{w:.4f}" for w in weights) + ")")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
