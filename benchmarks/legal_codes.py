"""Real-size law benchmark: importing a 4 MB code, and searching 30 codes (~30,000 passages).

``python -m benchmarks.legal_codes [--codes 30] [--articles 1000] [--queries 300]``

The codes are made from a real act's text: the articles of the Water Code
(``../shared/corpus/kg_water_code_ru.txt``; the seed texts when it is absent) recombined —
each synthetic code takes every article's heading and sentences in a new order, numbered
1..N with chapters every 20 articles, inserted articles ("Статья 23-1."), editorial notes,
repealed articles, page footers and separator lines like a PDF extraction, under its own title
("Земельный кодекс Кыргызской Республики", "Лесной кодекс …") and date/number.

Steps, each printed with its figures:

1. **import** — one code written as a ~4 MB text file, parsed by ``kb import``'s importer
   and written to a fresh SQLite file (target ≤ 15 s); beside it the naive baseline of just
   reading the file and splitting it on "Статья" (what the import costs above raw I/O).
2. **search** — in a fresh subprocess: every code imported, plus the bundled knowledge base,
   one engine built; p50/p95/p99 latency of questions (article lookups in several forms and
   questions made from article headings typed the ways people type), peak RSS (targets: p95
   ≤ 10 ms on one core, RSS ≤ 600 MB); beside it naive ``rapidfuzz.process.extract``
   (``WRatio``) over all passages for a few questions.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.search import _percentiles  # the same percentiles as the search benchmark

REPO = Path(__file__).resolve().parents[1]
WATER = REPO.parent / "shared" / "corpus" / "kg_water_code_ru.txt"
SEEDS = REPO.parent / "shared" / "seeds"

CODE_NAMES = [
    "Земельный", "Лесной", "Бюджетный", "Налоговый", "Гражданский", "Трудовой", "Жилищный",
    "Семейный", "Таможенный", "Уголовный", "Градостроительный", "Воздушный", "Избирательный",
    "Экологический", "Горный", "Транспортный", "Санитарный", "Образовательный", "Ветеринарный",
    "Аграрный", "Пастбищный", "Энергетический", "Информационный", "Банковский", "Страховой",
    "Нотариальный", "Архивный", "Торговый", "Финансовый", "Водохозяйственный",
]  # fmt: skip

_ARTICLE = re.compile(r"^Статья\s+(\d+(?:-\d+)?)\.\s*(.*)$", re.M)
_SENT = re.compile(r"(?<=[.;:])\s+")


def source_articles() -> list[tuple[str, list[str]]]:
    """(heading, sentences) of every article of the source act."""
    if WATER.exists():
        text = WATER.read_text(encoding="utf-8")
        parts = _ARTICLE.split(text)
        out = []
        for i in range(1, len(parts) - 2, 3):
            heading, body = parts[i + 1].strip(), parts[i + 2]
            sentences = [s.strip() for s in _SENT.split(body) if len(s.strip()) > 30]
            if heading and sentences:
                out.append((heading, sentences))
        if out:
            return out
    sentences = []
    for path in sorted(SEEDS.glob("*.txt")):
        sentences += [s for s in _SENT.split(path.read_text(encoding="utf-8")) if len(s) > 40]
    return [(s[:80], sentences[i : i + 6]) for i, s in enumerate(sentences[::6])]


def code_text(
    index: int, n_articles: int, seed: int = 5, *, topical: bool = False
) -> tuple[str, list[tuple[str, str]]]:
    """A synthetic code as PDF-extracted text, and its (article, heading) list.

    ``topical``: articles follow the source act's order (from a place that depends on
    ``index``), so neighbouring articles share their subject as in a real code; otherwise each
    article is drawn at random."""
    rng = random.Random(seed + index)
    source = source_articles()
    name = CODE_NAMES[index % len(CODE_NAMES)]
    title = f"{name.upper()} КОДЕКС КЫРГЫЗСКОЙ РЕСПУБЛИКИ"
    lines = [
        title,
        f"от {rng.randint(1, 28)} мая {1995 + index} года № {10 + index}",
        "(В редакции Законов КР от 10 октября 2012 года № 170, 7 мая 2016 года № 57)",
        "",
    ]
    articles: list[tuple[str, str]] = []
    number = 0
    for n in range(n_articles):
        if n % 20 == 0:
            lines += ["", f"Глава {n // 20 + 1}", rng.choice(source)[0], ""]
        if topical:
            heading, sentences = source[(index * 37 + n) % len(source)]
            # the source's last sentence of a chapter carries the next chapter's lines
            sentences = [re.split(r"(?:^|\n)\s*(?:Глава|Раздел)\b", x)[0] for x in sentences]
            sentences = [" ".join(x.split()) for x in sentences if len(x) > 30]
        else:
            heading, sentences = rng.choice(source)
        heading = f"{heading} ({name.lower()})" if rng.random() < 0.3 else heading
        if n and rng.random() < 0.02 and not articles[-1][0].endswith("-1"):
            label = f"{number}-1"  # an inserted article
        else:
            number += 1
            label = str(number)
        articles.append((label, heading))
        lines.append(f"Статья {label}. {heading}")
        if rng.random() < 0.01:
            lines.append("(Утратила силу в соответствии с Законом КР от 5 апреля 2019 года N 44)")
            continue
        body = rng.sample(sentences, k=min(len(sentences), rng.randint(2, 8)))
        for k, sentence in enumerate(body, 1):
            lines.append(f"{k}. {sentence}")
        if rng.random() < 0.05:
            lines += ["", f"- {rng.randint(1, 400)} -", ""]  # a page number left by the PDF
    return "\n".join(lines) + "\n", articles


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_import(n_articles: int, target_mb: float) -> dict[str, Any]:
    """Import one ~target_mb code file into a fresh SQLite database."""
    from db.database import Database
    from db.repositories.knowledge import KnowledgeRepository
    from knowledge.importer import ImportOptions, import_file, iter_items

    text, _ = code_text(0, n_articles)
    while len(text.encode()) < target_mb * 2**20:
        n_articles = int(n_articles * 1.3)
        text, _ = code_text(0, n_articles)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "code.txt"
        path.write_text(text, encoding="utf-8")
        size_mb = path.stat().st_size / 2**20
        t0 = time.perf_counter()
        raw = path.read_text(encoding="utf-8")
        naive_parts = len(re.split(r"\nСтатья ", raw))
        naive_s = time.perf_counter() - t0

        t0 = time.perf_counter()
        result = import_file(path, ImportOptions())
        parse_s = time.perf_counter() - t0
        docs = [item for item in iter_items([result]) if not hasattr(item, "answer")]

        async def write() -> float:
            db = Database(Path(tmp) / "kb.sqlite3")
            await db.connect()
            t = time.perf_counter()
            await KnowledgeRepository(db).upsert_many(docs, [])
            spent = time.perf_counter() - t
            await db.close()
            return spent

        write_s = asyncio.run(write())
    passages = sum(len(d.passages) for d in docs)
    articles = len({p.article for d in docs for p in d.passages if p.article})
    return {
        "file_mb": size_mb,
        "articles_written": n_articles,
        "articles_found": articles,
        "passages": passages,
        "parse_s": parse_s,
        "write_s": write_s,
        "total_s": parse_s + write_s,
        "naive_read_split_s": naive_s,
        "naive_parts": naive_parts,
    }


def queries_for(
    codes: list[tuple[str, list[tuple[str, str]]]], n: int, seed: int = 9
) -> list[tuple[str, str | None]]:
    """Questions, each with the article it must find ("<code name>:<article>") or None."""
    rng = random.Random(seed)
    out: list[tuple[str, str | None]] = []
    while len(out) < n:
        name, articles = rng.choice(codes)
        label, heading = rng.choice(articles)
        kind = rng.random()
        if kind < 0.25:
            form = rng.choice(
                ["Статья {a} {n}ого кодекса", "ст. {a} {n}ого кодекса", "{N} кодекс, статья {a}"]
            )
            out.append((form.format(a=label, n=name[:-2].lower(), N=name), f"{name}:{label}"))
        elif kind < 0.5:
            out.append((f"Что говорит {name.lower()} кодекс про {heading.lower()[:60]}?", None))
        else:
            words = heading.split()
            rng.shuffle(words)
            out.append(("Как " + " ".join(words[:6]).lower() + "?", None))
    return out


def bench_search(n_codes: int, n_articles: int, n_queries: int, n_naive: int) -> dict[str, Any]:
    """Import n_codes codes (+ the bundled KB), build the engine, time questions."""
    from rapidfuzz import fuzz, process, utils

    from knowledge.cli_search import load_bundled_kb
    from knowledge.importer import ImportOptions, import_file, iter_items
    from knowledge.search.engine import SearchEngine

    kb = load_bundled_kb()
    codes = []
    documents = list(kb.documents)
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(n_codes):
            text, articles = code_text(i, n_articles)
            path = Path(tmp) / f"code{i}.txt"
            path.write_text(text, encoding="utf-8")
            result = import_file(path, ImportOptions())
            documents += [d for d in iter_items([result]) if not hasattr(d, "answer")]
            codes.append((CODE_NAMES[i % len(CODE_NAMES)], articles))
    import_s = time.perf_counter() - t0
    kb = kb.model_copy(update={"documents": documents})
    passages = sum(len(d.passages) for d in kb.documents)
    t0 = time.perf_counter()
    engine = SearchEngine.build(kb)
    build_s = time.perf_counter() - t0
    texts = [p.text for d in kb.documents for p in d.passages]
    del kb, documents
    gc.collect()
    labelled = queries_for(codes, n_queries)
    queries = [q for q, _ in labelled]
    for q in queries[:20]:
        engine.search(q)
    timings, statuses = [], {}
    lookups = found = 0
    titles = {d_id: doc.title.get("ru") for d_id, doc in engine.documents.items()}
    for q, expected in labelled:
        t = time.perf_counter()
        res = engine.search(q)
        timings.append((time.perf_counter() - t) * 1000)
        statuses[res.status] = statuses.get(res.status, 0) + 1
        if expected is not None:  # the article lookup must give that code's article
            lookups += 1
            name, label = expected.split(":")
            top = res.results[0] if res.results else None
            found += bool(
                top
                and res.status == "answered"
                and top.article == label
                and titles.get(top.doc_id or "", "").startswith(name)
            )
    peak = _peak_mb()
    processed = [utils.default_process(t) for t in texts]
    naive = []
    for q in queries[:n_naive]:
        t = time.perf_counter()
        process.extract(utils.default_process(q), processed, scorer=fuzz.WRatio, limit=5)
        naive.append((time.perf_counter() - t) * 1000)
    return {
        "codes": n_codes,
        "passages": passages,
        "import_all_s": import_s,
        "build_s": build_s,
        "ours": _percentiles(timings),
        "naive": _percentiles(naive) if len(naive) >= 2 else None,
        "naive_queries": len(naive),
        "peak_rss_mb": peak,
        "statuses": statuses,
        "lookups": lookups,
        "lookups_found": found,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Real-size law import and search benchmark.")
    parser.add_argument("--codes", type=int, default=30)
    parser.add_argument("--articles", type=int, default=1000, help="articles per code")
    parser.add_argument("--import-mb", type=float, default=4.0, help="size of the import file")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--naive-queries", type=int, default=10)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:  # the search step in its own process: its peak RSS is its own
        print(json.dumps(bench_search(args.codes, args.articles, args.queries, args.naive_queries)))
        return 0
    imp = bench_import(args.articles, args.import_mb)
    print("## import of one code file")
    print()
    print(
        "| file | articles written / found | passages | parse | DB write | total "
        "| naive read+split |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|")
    print(
        f"| {imp['file_mb']:.1f} MB | {imp['articles_written']} / {imp['articles_found']} "
        f"| {imp['passages']} | {imp['parse_s']:.2f} s | {imp['write_s']:.2f} s "
        f"| {imp['total_s']:.2f} s | {imp['naive_read_split_s']:.3f} s |"
    )
    child = subprocess.run(
        [sys.executable, "-m", "benchmarks.legal_codes", "--child", "--codes", str(args.codes),
         "--articles", str(args.articles), "--queries", str(args.queries),
         "--naive-queries", str(args.naive_queries)],
        capture_output=True, text=True, check=True, cwd=REPO,
    )  # fmt: skip
    res = json.loads(child.stdout.strip().splitlines()[-1])
    ours, naive = res["ours"], res["naive"]
    print()
    print(f"## search over {res['codes']} codes + the bundled knowledge base")
    print()
    print(
        "| passages | import all | index build | ours p50 / p95 / p99 | naive p50 / p95 "
        "| peak RSS |"
    )
    print("|---:|---:|---:|---:|---:|---:|")
    naive_txt = f"{naive['p50']:.0f} / {naive['p95']:.0f} ms" if naive else "—"
    print(
        f"| {res['passages']:,} | {res['import_all_s']:.1f} s | {res['build_s']:.1f} s "
        f"| {ours['p50']:.2f} / {ours['p95']:.2f} / {ours['p99']:.2f} ms | {naive_txt} "
        f"| {res['peak_rss_mb']:.0f} MB |"
    )
    print()
    speedup = naive["p50"] / ours["p50"] if naive and ours["p50"] else float("nan")
    print(f"statuses: {res['statuses']}; naive/ours at p50: {speedup:.0f}x")
    print(
        f"article lookups answered with that code's article: {res['lookups_found']} of "
        f"{res['lookups']} ({res['lookups_found'] / max(1, res['lookups']):.3f})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
