"""Search benchmark: index build time, query latency and memory at 1k / 10k / 100k passages.

``python -m benchmarks.search [--sizes 1000,10000,100000] [--queries 300] [--naive-queries 30]``

Synthetic knowledge bases are made from real text: the sentences of the five seed documents
(``/work/shared/seeds``), recombined into passages of 2–5 sentences with their numbers varied,
grouped into documents of 20 passages with titles taken from seed sentences, plus the bundled
glossary when it exists.  Queries are realistic: the dev and hold-out questions and fragments of
seed sentences in the ways people type them (without ө/ү/ң, with a typo, in Latin letters).

Each size runs in a fresh subprocess so the peak RSS (``resource.getrusage``) is that size's
own: it includes the Python interpreter and the pydantic knowledge base being indexed (shown
apart as "KB objects"; the engine keeps compact copies of what hits show, so the loaded
knowledge base can be dropped after the build, but the allocator keeps the freed pages).
Beside our engine, the same run times naive ``rapidfuzz.process.extract`` (``WRatio``,
lower-cased) over all passages — the obvious "fuzzy search" one would otherwise write.
Times are wall-clock, with the process's CPU time in brackets (this machine is shared with
other jobs; CPU time is what one core needs).  Output: a Markdown table.
Targets at 100k on one core: p95 ≤ 10 ms, build ≤ 30 s, RSS ≤ 600 MB.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from knowledge.models import Document, GlossaryEntry, KnowledgeBase, Passage

SEEDS_DIR = Path(__file__).resolve().parents[2] / "shared" / "seeds"
QUESTION_FILES = [
    Path(__file__).resolve().parents[2] / "shared" / "eval" / "questions-dev.jsonl",
    Path(__file__).resolve().parents[1] / "tests" / "data" / "questions-holdout.jsonl",
]
PASSAGES_PER_DOC = 20
_SENT = re.compile(r"(?<=[.!?;:])\s+|\n+")
_NUM = re.compile(r"\d+")
_FOLD = str.maketrans({"ө": "о", "ү": "у", "ң": "н", "Ө": "О", "Ү": "У", "Ң": "Н"})
_LAT = str.maketrans(
    {
        "а": "a",
        "б": "b",
        "в": "v",
        "г": "g",
        "д": "d",
        "е": "e",
        "ж": "j",
        "з": "z",
        "и": "i",
        "й": "y",
        "к": "k",
        "л": "l",
        "м": "m",
        "н": "n",
        "о": "o",
        "п": "p",
        "р": "r",
        "с": "s",
        "т": "t",
        "у": "u",
        "ф": "f",
        "х": "h",
        "ц": "ts",
        "ч": "ch",
        "ш": "sh",
        "ы": "y",
        "э": "e",
        "ю": "yu",
        "я": "ya",
        "ө": "o",
        "ү": "u",
        "ң": "n",
    }
)


def seed_sentences(seeds_dir: Path = SEEDS_DIR) -> list[str]:
    sentences: list[str] = []
    for path in sorted(seeds_dir.glob("*.txt")):
        for sentence in _SENT.split(path.read_text(encoding="utf-8")):
            sentence = " ".join(sentence.split())
            if len(sentence) >= 40:
                sentences.append(sentence)
    if not sentences:
        raise SystemExit(f"no seed text found in {seeds_dir}")
    return sentences


def _vary_numbers(text: str, rng: random.Random) -> str:
    def repl(match: re.Match[str]) -> str:
        digits = match.group(0)
        if len(digits) == 4 and digits.startswith(("19", "20")):
            return str(rng.randint(1995, 2030))
        return str(rng.randint(1, 10 ** len(digits) - 1))

    return _NUM.sub(repl, text)


def synthetic_kb(n_passages: int, seed: int = 13) -> KnowledgeBase:
    rng = random.Random(seed)
    sentences = seed_sentences()
    glossary: list[GlossaryEntry] = []
    try:
        from knowledge.loader import load_directory

        glossary = load_directory().glossary
    except Exception:
        glossary = []
    documents: list[Document] = []
    made = 0
    doc_no = 0
    while made < n_passages:
        count = min(PASSAGES_PER_DOC, n_passages - made)
        passages = []
        for i in range(count):
            text = " ".join(rng.sample(sentences, rng.randint(2, 5)))
            passages.append(Passage(id=f"p{i}", text=_vary_numbers(text, rng), article=str(i + 1)))
        title = _vary_numbers(rng.choice(sentences)[:160], rng)
        documents.append(
            Document(
                id=f"d{doc_no}",
                kind=rng.choice(["government_decree", "law", "presidential_decree", "news"]),
                number=str(rng.randint(1, 999)),
                title={"ky": title},
                passages=passages,
            )
        )
        made += count
        doc_no += 1
    return KnowledgeBase(documents=documents, glossary=glossary)


def realistic_queries(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    queries: list[str] = []
    for path in QUESTION_FILES:
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    queries.append(json.loads(line)["q"])
    sentences = seed_sentences()
    while len(queries) < n:
        words = rng.choice(sentences).split()
        start = rng.randrange(max(1, len(words) - 6))
        fragment = " ".join(words[start : start + rng.randint(3, 7)])
        style = rng.random()
        if style < 0.3:
            fragment = fragment.translate(_FOLD)
        elif style < 0.45:
            fragment = fragment.lower().translate(_LAT)
        elif style < 0.6 and len(fragment) > 8:
            pos = rng.randrange(1, len(fragment) - 1)
            fragment = fragment[:pos] + fragment[pos + 1 :]
        queries.append(fragment)
    rng.shuffle(queries)
    return queries[:n]


def _percentiles(samples_ms: list[float]) -> dict[str, float]:
    ordered = sorted(samples_ms)
    qs = statistics.quantiles(ordered, n=100, method="inclusive")
    return {"p50": qs[49], "p95": qs[94], "p99": qs[98], "mean": statistics.fmean(ordered)}


def _rss_mb() -> float:
    try:
        with open("/proc/self/statm") as fh:
            pages = int(fh.read().split()[1])
        return pages * resource.getpagesize() / 2**20
    except OSError:  # pragma: no cover - not Linux
        return 0.0


def measure(size: int, n_queries: int, n_naive: int) -> dict[str, Any]:
    """Build and query one synthetic KB of ``size`` passages (run in its own process)."""
    from rapidfuzz import fuzz, process, utils

    from knowledge.search.engine import SearchEngine

    rss_start = _rss_mb()
    kb = synthetic_kb(size)
    queries = realistic_queries(n_queries)
    gc.collect()
    rss_kb = _rss_mb()
    t0, c0 = time.perf_counter(), time.process_time()
    engine = SearchEngine.build(kb)
    build_s = time.perf_counter() - t0
    build_cpu_s = time.process_time() - c0
    peak_build = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    texts = [p.text for d in kb.documents for p in d.passages]  # for the naive run below
    del kb  # like the bot: the engine keeps what it shows, the loaded KB can go
    gc.collect()
    rss_after = _rss_mb()
    for query in queries[:20]:  # warm-up (caches of word analysis are part of steady state)
        engine.search(query)
    timings, cpu_timings = [], []
    statuses: dict[str, int] = {}
    for query in queries:
        t, c = time.perf_counter(), time.thread_time()
        result = engine.search(query)
        cpu_timings.append((time.thread_time() - c) * 1000)
        timings.append((time.perf_counter() - t) * 1000)
        statuses[result.status] = statuses.get(result.status, 0) + 1
    ours = _percentiles(timings)
    ours_cpu = _percentiles(cpu_timings)
    peak_engine = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    # the naive way: rapidfuzz WRatio of the question against every passage (lower-cased)
    processed = [utils.default_process(t) for t in texts]
    naive = []
    for query in queries[:n_naive]:
        t = time.perf_counter()
        process.extract(
            utils.default_process(query), processed, scorer=fuzz.WRatio, processor=None, limit=5
        )
        naive.append((time.perf_counter() - t) * 1000)
    return {
        "size": size,
        "items": engine.size,
        "keys": len(engine.index.keys),
        "postings": len(engine.index.ids),
        "build_s": build_s,
        "build_cpu_s": build_cpu_s,
        "index_mb": engine.index.memory_bytes() / 2**20,
        "rss_start_mb": rss_start,
        "rss_kb_mb": rss_kb - rss_start,
        "rss_after_build_mb": rss_after,
        "rss_peak_build_mb": peak_build,
        "rss_peak_mb": peak_engine,
        "queries": len(queries),
        "ours": ours,
        "ours_cpu": ours_cpu,
        "naive": _percentiles(naive) if len(naive) >= 2 else None,
        "naive_queries": len(naive),
        "statuses": statuses,
    }


def naive_queries(size: int, wanted: int) -> int:
    """The naive scan costs seconds per query at 100k passages: time fewer queries there."""
    return max(3, min(wanted, 300_000 // max(size, 1)))


def table(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| passages | index build (CPU) | ours p50 | ours p95 (CPU) | ours p99 "
        "| naive rapidfuzz p50 | naive p95 | peak RSS | KB objects | index arrays | keys "
        "| postings |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        naive = r["naive"] or {"p50": float("nan"), "p95": float("nan")}
        cpu = r.get("ours_cpu") or r["ours"]
        lines.append(
            f"| {r['size']:,} | {r['build_s']:.2f} s ({r.get('build_cpu_s', r['build_s']):.2f} s) "
            f"| {r['ours']['p50']:.2f} ms "
            f"| {r['ours']['p95']:.2f} ms ({cpu['p95']:.2f} ms) | {r['ours']['p99']:.2f} ms "
            f"| {naive['p50']:.1f} ms | {naive['p95']:.1f} ms | {r['rss_peak_mb']:.0f} MB "
            f"| {r['rss_kb_mb']:.0f} MB | {r['index_mb']:.0f} MB | {r['keys']:,} "
            f"| {r['postings']:,} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Search engine benchmark (Markdown table).")
    parser.add_argument("--sizes", default="1000,10000,100000", help="passage counts, comma list")
    parser.add_argument("--queries", type=int, default=300, help="timed queries per size")
    parser.add_argument(
        "--naive-queries", type=int, default=30, help="most queries for the naive run (per size)"
    )
    parser.add_argument("--json", action="store_true", help="print the raw figures as JSON too")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # child process mode
    parser.add_argument("--inline", action="store_true", help="no subprocess per size")
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(measure(args.one, args.queries, args.naive_queries)))
        return 0
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    rows = []
    for size in sizes:
        if args.inline:
            rows.append(measure(size, args.queries, naive_queries(size, args.naive_queries)))
            continue
        naive_n = naive_queries(size, args.naive_queries)
        cmd = [
            sys.executable,
            "-m",
            "benchmarks.search",
            "--one",
            str(size),
            "--queries",
            str(args.queries),
            "--naive-queries",
            str(naive_n),
        ]
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            print(done.stderr, file=sys.stderr)
            return done.returncode
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
    naive_counts = ", ".join(f"{r['naive_queries']}" for r in rows)
    print(
        f"Search benchmark ({rows[0]['queries']} queries per size; naive rapidfuzz on "
        f"{naive_counts} of them; one core; Python {sys.version.split()[0]})\n"
    )
    print(table(rows))
    if args.json:
        print(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
