"""``main.py ask`` and ``main.py eval``: the search engine from the command line.

``python main.py ask [--json] [--lang ky|ru] [QUESTION]`` answers one question, or — with no
QUESTION — every non-empty line of standard input, in order.  With ``--json`` each answer is one
JSON object on one line::

    {"question": str, "status": "answered"|"suggest"|"escalate",
     "results": [{"id": str, "title": str, "text": str, "source": str, "score": float}, ...]}

``python main.py eval FILE.jsonl [--json]`` scores the engine on a labelled question file and,
in the same run, two naive baselines (see :mod:`knowledge.evaluation` for the metrics).

Both honour ``DATABASE_URL`` (via :func:`bot.config.load_settings`) and load the bundled
knowledge base into the database (``db.knowledge_bootstrap.ensure_knowledge``) before searching.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from bot.i18n import Translator
from knowledge.models import KnowledgeBase

TEXT_PREVIEW = 600


def load_bundled_kb() -> KnowledgeBase:
    """The bundled knowledge base straight from ``knowledge/data`` (no database)."""
    from knowledge.loader import load_directory

    return load_directory()


async def _kb_from_database() -> KnowledgeBase:
    from bot.config import load_settings
    from db.database import Database

    settings = load_settings()
    db = Database(settings.database_path)
    await db.connect()
    try:
        try:
            from db.knowledge_bootstrap import ensure_knowledge
        except ImportError:  # pragma: no cover - only while the bootstrap module is missing
            return load_bundled_kb()
        return await ensure_knowledge(db)
    finally:
        await db.close()


def load_kb() -> KnowledgeBase:
    return asyncio.run(_kb_from_database())


def _configure_stdout() -> None:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8")


# --- ask ----------------------------------------------------------------------------------


def result_json(question: str, result: Any) -> dict[str, Any]:
    return {
        "question": question,
        "status": result.status,
        "results": [
            {
                "id": hit.id,
                "title": hit.title,
                "text": hit.text,
                "source": hit.source,
                "score": float(hit.score),
            }
            for hit in result.results[:5]
        ],
    }


def _trim(text: str, size: int = TEXT_PREVIEW) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


@functools.cache
def _translator() -> Translator:
    return Translator()


def format_human(question: str, result: Any, lang: str) -> str:
    ru = lang == "ru"
    lines = [f"? {question}"]
    if result.status == "answered" and result.results:
        hit = result.results[0]
        lines.append(("Ответ" if ru else "Жооп") + f": {hit.title}")
        lines.append(_trim(hit.text))
        lines.append(("Источник" if ru else "Булак") + f": {hit.source}")
        if hit.article and hit.lang in ("ky", "ru") and hit.lang != lang:
            # an article of an act the knowledge base has in the other language only
            say = _translator().get
            only = say(lang, f"search-only-{hit.lang}")
            lines.append(f"{only} {say(lang, 'search-act-quoted')}")
    elif result.status == "suggest" and result.results:
        lines.append("Возможно, вы ищете:" if ru else "Балким, сиз булардын бирин издеп жатасыз:")
        for n, hit in enumerate(result.results[:3], 1):
            lines.append(f"  {n}. {hit.title} — {hit.source}")
            lines.append(f"     {_trim(hit.text, 200)}")
    else:
        lines.append(
            "Не знаю точного ответа: вопрос можно передать консультанту."
            if ru
            else "Так жоопту билбейм: суроону консультантка жөнөтсө болот."
        )
    lines.append("")
    return "\n".join(lines)


def _questions(args: argparse.Namespace) -> Iterable[str]:
    if args.question:
        yield " ".join(args.question)
        return
    for line in sys.stdin:
        line = line.strip()
        if line:
            yield line


def cmd_ask(args: argparse.Namespace) -> int:
    from knowledge.search.engine import SearchEngine

    _configure_stdout()
    engine = SearchEngine.build(load_kb())
    out = sys.stdout
    for question in _questions(args):
        result = engine.search(question, lang=args.lang)
        if args.json:
            out.write(json.dumps(result_json(question, result), ensure_ascii=False) + "\n")
        else:
            out.write(format_human(question, result, args.lang or result.query_lang) + "\n")
        out.flush()
    return 0


# --- eval ---------------------------------------------------------------------------------


def evaluate_file(
    kb: KnowledgeBase,
    path: Path,
    *,
    baselines: bool = True,
    verbose: bool = False,
    without_copies: bool = False,
) -> dict[str, Any]:
    from knowledge import evaluation as ev
    from knowledge.search.engine import SearchEngine

    questions = ev.load_questions(path)
    dropped = 0
    if without_copies:
        kb, dropped = ev.decontaminate(kb, questions)
    engine = SearchEngine.build(kb)
    outcomes = ev.run(ev.engine_searcher(engine), questions)
    systems: dict[str, dict[str, ev.Metrics]] = {"keneshchi": ev.metrics_by_lang(outcomes)}
    if baselines:
        for baseline in (ev.WRatioBaseline(kb), ev.RawBM25Baseline(kb)):
            systems[baseline.name] = ev.metrics_by_lang(ev.run(baseline, questions))
    report: dict[str, Any] = {
        "file": str(path),
        "dropped_faq_phrasings": dropped,
        "systems": {
            name: {lang: m.as_dict() for lang, m in by_lang.items()}
            for name, by_lang in systems.items()
        },
        "table": ev.format_table(systems, title=str(path)),
    }
    if verbose:
        report["questions"] = [
            {
                "id": o.question.id,
                "lang": o.question.lang,
                "q": o.question.q,
                "status": o.status,
                "hit@1": o.hit1,
                "hit@3": o.hit3,
                "false_confident": o.false_confident,
                "top": o.results[0]["id"] if o.results else None,
                "top_source": o.results[0]["source"] if o.results else None,
            }
            for o in outcomes
        ]
    return report


def cmd_eval(args: argparse.Namespace) -> int:
    _configure_stdout()
    path = Path(args.file)
    if not path.exists():
        print(f"error: no such question file: {path}", file=sys.stderr)
        return 2
    kb = load_kb()
    try:
        report = evaluate_file(
            kb,
            path,
            baselines=not args.no_baselines,
            verbose=args.list_questions,
            without_copies=args.without_copies,
        )
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        report.pop("table", None)
        print(json.dumps(report, ensure_ascii=False))
    else:
        print(report["table"])
        print()
        if args.without_copies:
            print(
                f"{report['dropped_faq_phrasings']} FAQ phrasings repeating these questions "
                "were left out of the knowledge base for this run."
            )
        print(
            "hit@k: ESCALATE questions count as hits when not answered; answerable ones when "
            "the status is not escalate and the k-th results contain an expected string.\n"
            "false-confident: questions answered wrongly (ESCALATE answered, or wrong first "
            "result) / all questions."
        )
        for row in report.get("questions", []):
            mark = "ok " if row["hit@1"] else ("FC " if row["false_confident"] else "-- ")
            print(f"{mark}{row['id']:>5} {row['lang']:<8} {row['status']:<9} {row['q']}")
            if not row["hit@1"] and row.get("top_source"):
                print(f"         top: {row['top_source']}")
    return 0


# --- registration -------------------------------------------------------------------------


def register(subparsers: Any) -> None:
    """Add the ``ask`` and ``eval`` subcommands to ``main.py``'s argparse subparsers."""
    ask = subparsers.add_parser(
        "ask",
        help="answer questions from the knowledge base",
        description="Answer a question (or one question per line of standard input).",
    )
    ask.add_argument("--json", action="store_true", help="one JSON object per question")
    ask.add_argument("--lang", choices=("ky", "ru"), default=None, help="answer language")
    ask.add_argument(
        "question", nargs="*", metavar="QUESTION", help="the question (default: read stdin)"
    )
    ask.set_defaults(func=cmd_ask)

    ev = subparsers.add_parser(
        "eval",
        help="score the search engine on a labelled question file",
        description="Score the engine and naive baselines on a JSONL question file "
        "(id, lang, q, expect).",
    )
    ev.add_argument("file", help="questions in JSON lines (like questions-dev.jsonl)")
    ev.add_argument("--json", action="store_true", help="print the metrics as JSON")
    ev.add_argument(
        "--list",
        "--verbose",
        dest="list_questions",
        action="store_true",
        help="list every question's outcome",
    )
    ev.add_argument("--no-baselines", action="store_true", help="skip the naive baselines")
    ev.add_argument(
        "--without-copies",
        action="store_true",
        help="leave out FAQ phrasings that (nearly) repeat the file's questions (unseen-question "
        "score)",
    )
    ev.set_defaults(func=cmd_eval)
