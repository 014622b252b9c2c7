"""Import speed: parse + database write of a large messy code (issue 9: 4 MB in ≤ 15 s).

``python -m benchmarks.import_speed [--mb 4] [--runs 3] [--no-baseline]``

The text is synthetic but shaped like a code extracted from PDFs by another legal bot: two or
more parts whose article numbers restart, "Статья N" lines followed by "Статья N. Heading",
"=====" separators, running page headers/footers and page numbers every ~45 lines, numbers
broken by spaces ("Статья 1 098"), hyphenated and hard-wrapped lines, flattened inserted
articles ("Статья 231" for 23-1), editorial notes and repealed articles.  Written by
:func:`messy_code_text`, which also returns the article numbers expected in each part (the
tests use it to check recall on a few hundred articles).

Measured in one process: reading + cleaning + parsing (``import_file``), then writing the
document into a fresh SQLite file (``KnowledgeRepository.upsert_document``), best of ``--runs``.
The baseline is the importer as it was before issue 9 (commit 37021d8, read from git): a naive
line-by-line "Статья N" split without cleaning, on the same file (it produces junk passages,
which is why it is only a speed reference).
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

_WORDS = (
    "айыл окмоту местный кенеш пастбищный комитет земельный участок право пользования порядок "
    "регистрация договор аренды собственник владелец уполномоченный орган заявление решение "
    "срок рассмотрения муниципальная собственность бюджет сбор плата взнос налог обязательство "
    "ответственность нарушение возмещение ущерба жалоба суд спор разрешение лицензия реестр "
    "учет документ сведения информация граждане юридические лица физические сельскохозяйственного "
    "назначения территория поселение водопользование ирригационная система содержание ремонт "
    "строительство эксплуатация объект имущество передача отчуждение приватизация"
).split()
_ORDINAL_PART = ["ПЕРВАЯ", "ВТОРАЯ", "ТРЕТЬЯ", "ЧЕТВЕРТАЯ", "ПЯТАЯ"]


def _sentence(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(rng.randint(low, high)))


def _wrap(text: str, width: int, rng: random.Random) -> list[str]:
    """Hard-wrap ``text`` at ``width``, sometimes hyphenating the word that crosses it."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        if current and len(current) + 1 + len(word) > width:
            if len(word) >= 8 and rng.random() < 0.4:
                cut = len(word) // 2
                lines.append(f"{current} {word[:cut]}-")
                current = word[cut:]
                continue
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        lines.append(current)
    return lines


def _number(n: int) -> str:
    """Numbers over 999 as PDF extraction leaves them: "1 098"."""
    return f"{n // 1000} {n % 1000:03d}" if n >= 1000 else str(n)


def messy_code_text(
    parts: list[int], *, seed: int = 7, width: int = 90
) -> tuple[str, list[tuple[int, str]]]:
    """A messy code of ``len(parts)`` parts with ``parts[i]`` articles each.

    Returns the text and the expected ``(part, article)`` pairs in order ("23-1" for inserted).
    """
    rng = random.Random(seed)
    out: list[str] = [
        "ПАСТБИЩНЫЙ КОДЕКС КЫРГЫЗСКОЙ РЕСПУБЛИКИ",
        "г.Бишкек, 14 марта 2019 года, № 27",
        "(В редакции Законов КР от 5 мая 2020 года № 51, 12 августа 2022 года № 88)",
        "",
    ]
    expected: list[tuple[int, str]] = []
    page = 1
    lines_on_page = 0

    def emit(line: str) -> None:
        nonlocal page, lines_on_page
        out.append(line)
        lines_on_page += 1
        if lines_on_page >= 45:
            page += 1
            lines_on_page = 0
            out.extend(
                [f"Страница {page - 1}", "\f", "Учебный документ. Редакция для проверки импорта"]
            )
            if rng.random() < 0.5:
                out.append("\u00a0 \u00a0")

    for part_index, count in enumerate(parts, start=1):
        emit(f"ЧАСТЬ {_ORDINAL_PART[part_index - 1]}")
        chapter = 0
        for n in range(1, count + 1):
            if n % 25 == 1:
                chapter += 1
                emit(f"Глава {chapter}")
                emit(_sentence(rng, 2, 5).capitalize())
            numbers = [(str(n), _number(n))]
            if 5 < n < count and rng.random() < 0.04:
                style = rng.choice(["flat", "dash", "sup"])
                flat = _number(n * 10 + 1)  # "231", or "11 711" for 1171-1
                written = {"flat": flat, "dash": f"{n}-1", "sup": f"{n}¹"}[style]
                numbers.append((f"{n}-1", written))
            for expected_number, written in numbers:
                expected.append((part_index, expected_number))
                heading = _sentence(rng, 2, 7).capitalize()
                if rng.random() < 0.5:
                    emit("=====")
                    emit(f"Статья {written}")
                emit(f"Статья {written}. {heading}")
                if rng.random() < 0.03:
                    emit("(Утратила силу в соответствии с Законом КР от 5 мая 2020 года № 51)")
                    continue
                for point in range(1, rng.randint(2, 6)):
                    text = f"{point}. {_sentence(rng, 8, 40).capitalize()}."
                    for line in _wrap(text, width, rng):
                        emit(line)
                if rng.random() < 0.1:
                    emit("(В редакции Закона КР от 12 августа 2022 года № 88)")
    out.extend(["", "Президент", "Кыргызской Республики", "А.Асанов"])
    return "\n".join(out) + "\n", expected


def article_counts(doc: object) -> Counter[tuple[int, str]]:
    """How many times each (part, article) starts a passage (long articles' parts not counted)."""
    counts: Counter[tuple[int, str]] = Counter()
    for passage in doc.passages:  # type: ignore[attr-defined]
        if passage.article and "-part" not in passage.id:
            match = re.match(r"pt(\d+)-", passage.id)
            counts[(int(match[1]) if match else 1, passage.article)] += 1
    return counts


def text_of_size(megabytes: float) -> tuple[str, list[tuple[int, str]]]:
    parts = [1200, 1200]
    while True:
        text, expected = messy_code_text(parts)
        if len(text.encode()) >= megabytes * 1_000_000:
            return text, expected
        parts = [int(p * 1.3) for p in parts]


def _load_baseline() -> object | None:
    """The importer before issue 9, from git history (None when git or the commit is missing)."""
    root = Path(__file__).resolve().parents[1]
    try:
        source = subprocess.run(
            ["git", "show", "37021d8:knowledge/importer.py"],
            cwd=root,
            capture_output=True,
            check=True,
            text=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    spec = importlib.util.spec_from_loader("baseline_importer", loader=None)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules["baseline_importer"] = module
    exec(compile(source, "baseline_importer.py", "exec"), module.__dict__)
    return module


async def _write(doc: object, db_path: Path) -> float:
    from db.database import Database
    from db.repositories.knowledge import KnowledgeRepository

    async with Database(db_path) as db:
        started = time.perf_counter()
        await KnowledgeRepository(db).upsert_document(doc)  # type: ignore[arg-type]
        return time.perf_counter() - started


def measure(importer: object, path: Path, runs: int) -> tuple[float, float, object]:
    best_parse = best_write = float("inf")
    doc = None
    for run in range(runs):
        started = time.perf_counter()
        result = importer.import_file(path)  # type: ignore[attr-defined]
        best_parse = min(best_parse, time.perf_counter() - started)
        doc = result.documents[0]
        with tempfile.TemporaryDirectory() as tmp:
            best_write = min(best_write, asyncio.run(_write(doc, Path(tmp) / f"b{run}.sqlite3")))
    return best_parse, best_write, doc


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=4.0, help="size of the text (MB)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-baseline", action="store_true")
    ns = parser.parse_args(argv)

    from knowledge import importer

    text, expected = text_of_size(ns.mb)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "messy_code.txt"
        path.write_text(text, encoding="utf-8")
        size = path.stat().st_size / 1_000_000
        rows = []
        parse, write, doc = measure(importer, path, ns.runs)
        found = article_counts(doc)
        recall = sum(found.get(key) == 1 for key in expected) / len(expected)
        rows.append(("issue 9 importer", parse, write, len(doc.passages), len(found)))
        if not ns.no_baseline:
            baseline = _load_baseline()
            if baseline is not None:
                b_parse, b_write, b_doc = measure(baseline, path, ns.runs)
                b_found = {p.article for p in b_doc.passages if p.article}
                rows.append(("baseline (37021d8)", b_parse, b_write, len(b_doc.passages),
                             len(b_found)))  # fmt: skip
    print(f"text: {size:.2f} MB, {len(text.splitlines())} lines, {len(expected)} articles "
          f"in {len({p for p, _ in expected})} parts; best of {ns.runs} runs")  # fmt: skip
    print(f"{'importer':<22}{'parse s':>9}{'write s':>9}{'total s':>9}{'passages':>10}"
          f"{'articles':>10}")  # fmt: skip
    for name, parse, write, passages, articles in rows:
        print(f"{name:<22}{parse:>9.2f}{write:>9.2f}{parse + write:>9.2f}{passages:>10}"
              f"{articles:>10}")  # fmt: skip
    print(f"article-number recall (each (part, number) exactly once): {recall:.4f}")
    total = rows[0][1] + rows[0][2]
    print(f"target: 4 MB in <= 15 s -> {'OK' if total <= 15 * max(1.0, ns.mb / 4) else 'SLOW'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
