"""Lookup by article number on codes as another public legal bot's PDF converter writes them.

``python -m benchmarks.messy_lookup [--articles 1300] [--part-two 300] [--queries 400]``

The format (one chunk per article, chunks between lines of "=====")::

    Статья 3
    Статья 3 28. Договор о залоге 1. В договоре о залоге должны быть указаны: - стороны …

a marker line "Статья N" cut where a space broke the number (only "3" of 328), then ONE line
with the number broken by a space, the heading and the article's whole text; about half of the
chunks given twice, the second copy with spaces inside words ("уч астников", some words in
three pieces: "тре бова ния"); chunks sorted by the marker's number (so 328 comes right after
3); inserted articles flattened ("73848" for 738-48, "231" for 23-1 in a code that also has an
article 231); a chapter's "Глава N" and title glued to the end of the article before it; in a
two-part code the same number in both parts.

Made from (1) the real Water Code (``../shared/corpus/kg_water_code_ru.txt``) and (2) a long
synthetic code (``benchmarks.legal_codes.code_text`` with ``topical=True``: its articles follow
the Water Code's order, so neighbours share their subject as in a real code; 1,300 articles in
part one, 300 in part two, numbers up to 4 digits).  Each messy file and its clean source (the
baseline, in the same run) are imported; printed: articles found / expected, with the expected
heading / expected, in its part (part, number and heading right), in its chapter (the chapter
number of its passage's path right), and lookups by number ("Статья N", "ст. N", "статья N
Водного кодекса") answered with that article / asked — an article whose number both parts
have counts as right when the article of the right part is among those offered.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from benchmarks.legal_codes import WATER, code_text

SEPARATOR = "\n\n" + "=" * 80 + "\n\n"
_ARTICLE_LINE = re.compile(r"^Статья\s+(\d+(?:-\d+)?)\.\s*(.*)$")
_JUNK_LINE = re.compile(r"^[-\s\d]*$|^Страница\b")


_CHAPTER_LINE = re.compile(r"^Глава\s+(\d+)\b")


def split_articles(text: str, chapters: list[str] | None = None) -> list[tuple[str, str, str]]:
    """(number, heading, text on one line) of every article of a clean act; a chapter's
    "Глава N" line and title stay glued to the end of the article before it, as converters
    write them.  ``chapters`` gets each article's chapter number ("" before the first)."""
    out: list[tuple[str, str, str]] = []
    chapter = ""
    for line in text.splitlines():
        line = line.strip()
        found = _ARTICLE_LINE.match(line)
        if _CHAPTER_LINE.match(line):
            chapter = _CHAPTER_LINE.match(line)[1]  # type: ignore[index]
        if found:
            out.append((found[1], found[2], ""))
            if chapters is not None:
                chapters.append(chapter)
        elif out and line and not _JUNK_LINE.match(line):
            number, heading, body = out[-1]
            out[-1] = (number, heading, f"{body} {line}".strip())
    for i in range(1, len(out) - 1):  # "161" between 16 and 17 is 16-1 (a flattened ¹)
        number, prev, nxt = out[i][0], out[i - 1][0], out[i + 1][0]
        if number.isdigit() and prev.isdigit() and nxt.isdigit() and int(nxt) == int(prev) + 1:
            if number.startswith(prev) and len(number) > len(prev):
                out[i] = (f"{prev}-{int(number[len(prev) :])}", *out[i][1:])
    return out


def _spaced(text: str, rng: random.Random, rate: float = 0.004) -> str:
    """Spaces inside words as converters leave them; some long words in three pieces."""
    out = []
    for word in text.split(" "):
        if len(word) >= 9 and word.isalpha() and rng.random() < rate * 5:
            a, b = sorted(rng.sample(range(2, len(word) - 1), 2))
            if b - a >= 2:
                word = f"{word[:a]} {word[a:b]} {word[b:]}"  # "тре бова ния"
        else:
            chars = []
            for ch in word:
                chars.append(ch)
                if ch.isalpha() and rng.random() < rate:
                    chars.append(" ")
            word = "".join(chars)
        out.append(word)
    return " ".join(out)


def messy_text(articles: list[tuple[str, str, str]], seed: int, *, sort: bool = True) -> str:
    """The converter's chunks of ``articles`` (see the module's docstring)."""
    rng = random.Random(seed)
    chunks: list[tuple[int, int, str]] = []
    for order, (number, heading, body) in enumerate(articles):
        written = number
        if "-" in number and rng.random() < 0.5:
            written = number.replace("-", "")  # "738-48" flattened to "73848"
        elif number.isdigit() and len(number) >= 3 and rng.random() < 0.5:
            cut = rng.randint(1, len(number) - 2)
            written = f"{number[:cut]} {number[cut:]}"  # "3 28", "1 098", "10 98"
        marker = written.split(" ")[0]
        line = f"Статья {written}. {heading} {body}".strip()
        key = int(re.sub(r"\D.*", "", marker) or 0)
        chunks.append((key if sort else order, order, f"Статья {marker}\n{line}"))
        if rng.random() < 0.5:
            chunks.append((key if sort else order, order, f"Статья {marker}\n{_spaced(line, rng)}"))
    chunks.sort(key=lambda c: (c[0], c[1]))
    return SEPARATOR.join(c for _, _, c in chunks) + "\n"


def prefixed_text(messy: str, size: int = 1000) -> str:
    """The same chunks as a second converter writes them: each piece of at most ``size``
    characters of the article's line on a line of its own after "Статья N (часть): " (or
    "Статья N: " when the article fits in one piece), cut anywhere, even inside a word."""
    out = []
    for chunk in messy.strip().split(SEPARATOR.strip("\n")):
        marker, _, line = chunk.strip().partition("\n")
        pieces = [line[i : i + size] for i in range(0, len(line), size)]
        label = f"{marker} (часть): " if len(pieces) > 1 else f"{marker}: "
        out += [label + piece.strip() for piece in pieces if piece.strip()]
    return "\n\n".join(out) + "\n"


def _letters(text: str | None) -> str:
    return re.sub(r"\W+", "", (text or "").lower())


def measure(
    path: Path,
    title: str,
    expected: list[tuple[int, str, str, str]],
    genitive: str,
    n_queries: int,
    seed: int,
) -> dict[str, float]:
    """Import ``path`` and check its articles, headings and lookups against ``expected``
    ((part, number, heading, chapter) of every article)."""
    from knowledge.cli_search import load_bundled_kb
    from knowledge.importer import ImportOptions, import_file
    from knowledge.search.engine import SearchEngine

    t0 = time.perf_counter()
    result = import_file(path, ImportOptions(title=title))
    import_s = time.perf_counter() - t0
    doc = result.documents[0]
    # which of two articles sharing a number is in which part cannot be known from chunks
    # sorted by number, so articles and headings are matched per number (a multiset)
    found: dict[str, list[str]] = {}
    placed: Counter[tuple[int, str, str]] = Counter()  # (part, number, heading)
    chapters: dict[tuple[int, str, str], list[str]] = {}
    for passage in doc.passages:
        if passage.article and "-part" not in passage.id:
            found.setdefault(passage.article, []).append(_letters(passage.heading))
            part = int((re.match(r"^pt(\d+)-", passage.id) or [0, "1"])[1])
            key = (part, passage.article, _letters(passage.heading))
            placed[key] += 1
            chapter = re.search(r"Глава (\d+)\b", passage.source or "")
            chapters.setdefault(key, []).append(chapter[1] if chapter else "")
    wanted: dict[str, list[str]] = {}
    for _, number, heading, _ in expected:
        wanted.setdefault(number, []).append(_letters(heading))
    wanted_placed = Counter((p, n, _letters(h)) for p, n, h, _ in expected)
    in_part = sum(min(placed[k], c) for k, c in wanted_placed.items())
    in_chapter = 0
    for part, number, heading, chapter in expected:
        got = chapters.get((part, number, _letters(heading)), [])
        if chapter in got:
            got.remove(chapter)
            in_chapter += 1
    articles = sum(min(len(found.get(n, [])), len(hs)) for n, hs in wanted.items())
    headings = sum(
        min(Counter(found.get(n, []))[h], Counter(hs)[h])
        for n, hs in wanted.items()
        for h in set(hs)
    )
    kb = load_bundled_kb().model_copy(update={"documents": [doc], "faq": []})
    engine = SearchEngine.build(kb)
    rng = random.Random(seed)
    sample = rng.sample(expected, min(n_queries, len(expected)))
    shared = {n for p, n, _, _ in expected if p > 1}
    asked = right = 0
    for part, number, _, _ in sample:
        for form in (f"Статья {number}", f"ст. {number}", f"статья {number} {genitive}"):
            res = engine.search(form, "ru")
            asked += 1
            hits = [h for h in res.results if h.article == number and h.doc_id == doc.id]
            if number in shared:  # offered beside the other part's article
                ok = any((re.match(r"^pt(\d+)-", h.passage_id or "") or [0, "1"])[1] == str(part)
                         for h in hits)  # fmt: skip
            else:
                ok = res.status == "answered" and bool(res.results) and res.results[0] in hits
            right += ok
    return {
        "articles": articles,
        "headings": headings,
        "expected": len(expected),
        "asked": asked,
        "right": right,
        "in_part": in_part,
        "in_chapter": in_chapter,
        "passages": len(doc.passages),
        "import_s": import_s,
    }


def _row(name: str, res: dict[str, float]) -> str:
    exp = res["expected"]
    return (
        f"| {name} | {res['articles']} / {exp} ({res['articles'] / exp:.3f}) "
        f"| {res['headings']} / {exp} ({res['headings'] / exp:.3f}) "
        f"| {res['in_part']} / {exp} ({res['in_part'] / exp:.3f}) "
        f"| {res['in_chapter']} / {exp} ({res['in_chapter'] / exp:.3f}) "
        f"| {res['right']} / {res['asked']} ({res['right'] / max(1, res['asked']):.3f}) "
        f"| {res['passages']} | {res['import_s']:.2f} s |"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Lookup by number on messy converter output.")
    parser.add_argument("--articles", type=int, default=1300, help="part one of the long code")
    parser.add_argument("--part-two", type=int, default=300, help="part two of the long code")
    parser.add_argument("--queries", type=int, default=400, help="articles asked per file")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    rows: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        sets = []
        if WATER.exists():
            clean = WATER.read_text(encoding="utf-8")
            marks: list[str] = []
            water = split_articles(clean, marks)
            water_expected = [(1, n, h, c) for (n, h, _), c in zip(water, marks, strict=True)]
            sets.append(("Водный кодекс (real)", "Водный кодекс Кыргызской Республики",
                         "Водного кодекса", clean, water_expected, water))  # fmt: skip
        one, _ = code_text(0, args.articles, seed=args.seed, topical=True)
        two, _ = code_text(1, args.part_two, seed=args.seed, topical=True)
        marks_one: list[str] = []
        marks_two: list[str] = []
        first, second = split_articles(one, marks_one), split_articles(two, marks_two)
        body = one.split("\n", 3)[3]
        clean = one.split("\n", 3)[0] + "\n\nЧАСТЬ ПЕРВАЯ\n" + body + "\nЧАСТЬ ВТОРАЯ\n"
        clean += two.split("\n", 3)[3]
        expected = [(1, n, h, c) for (n, h, _), c in zip(first, marks_one, strict=True)]
        expected += [(2, n, h, c) for (n, h, _), c in zip(second, marks_two, strict=True)]
        sets.append(("synthetic code, 2 parts", "Земельный кодекс Кыргызской Республики",
                     "Земельного кодекса", clean, expected, first + second))  # fmt: skip
        for name, title, genitive, clean_text, expected, articles in sets:
            clean_path = Path(tmp) / "clean.txt"
            clean_path.write_text(clean_text, encoding="utf-8")
            messy_path = Path(tmp) / "messy.txt"
            messy_path.write_text(messy_text(articles, args.seed), encoding="utf-8")
            size = messy_path.stat().st_size / 2**20
            files = [("clean (baseline)", clean_path), (f"messy {size:.1f} MB", messy_path)]
            if len(articles) < 500:  # the same chunks as "Статья N (часть): …" lines
                prefixed = Path(tmp) / "prefixed.txt"
                prefixed.write_text(prefixed_text(messy_path.read_text("utf-8")), "utf-8")
                files.append(("messy, 'Статья N (часть):' pieces", prefixed))
            for label, path in files:
                res = measure(path, title, expected, genitive, args.queries, args.seed)
                rows.append(_row(f"{name}: {label}", res))
    print("| file | articles found / expected | with heading / expected | in its part "
          "| in its chapter | lookups right / asked | passages | import |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        print(row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
