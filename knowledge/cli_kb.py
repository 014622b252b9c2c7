"""``kb`` command group: import, list, show, remove, export, stats and validate the knowledge base.

``main.py`` calls :func:`register` with its subparsers; every command's ``func`` takes the parsed
namespace and returns an exit code (0 ok, 1 failure, 2 usage/settings error).  Errors are printed
as one line on stderr, without a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from bot.config import SettingsError, load_settings
from db.database import Database
from db.knowledge_bootstrap import ensure_bundled
from db.repositories.knowledge import KnowledgeRepository
from knowledge.importer import (
    SUPPORTED_SUFFIXES,
    ImportOptions,
    import_files,
    merge_by_id,
    merge_documents,
    parse_iso_date,
)
from knowledge.loader import (
    BUNDLED_DIR,
    KnowledgeFileError,
    dump_directory,
    dump_document,
    dump_yaml,
    faq_to_data,
    kb_summary,
    load_directory,
)
from knowledge.models import DocKind

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad option values (exit code 2)."""


def _count(n: int, one: str, many: str | None = None) -> str:
    """ "1 document", "2 documents" (the operator's console)."""
    return f"{n} {one if n == 1 else many or one + 's'}"


def _err(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)


def _run(ns: argparse.Namespace, action: Callable[[KnowledgeRepository], Awaitable[int]]) -> int:
    """Open the configured database (bootstrapping the bundled KB) and run ``action``."""

    async def main() -> int:
        settings = load_settings()
        db = Database(settings.database_path)
        await db.connect()
        try:
            await ensure_bundled(db)
            return await action(KnowledgeRepository(db))
        finally:
            await db.close()

    try:
        return asyncio.run(main())
    except SettingsError as err:
        _err(str(err))
        return EXIT_USAGE
    except UsageError as err:
        _err(str(err))
        return EXIT_USAGE
    except KnowledgeFileError as err:
        _err(str(err))
        return EXIT_FAIL
    except OSError as err:
        _err(f"{err.strerror or err}: {err.filename or ''}".rstrip(": "))
        return EXIT_FAIL
    except Exception as err:  # a clear line, never a traceback, for whatever went wrong
        _err(f"{type(err).__name__}: {err}")
        return EXIT_FAIL


# -- commands -----------------------------------------------------------------------------------


def cmd_import(ns: argparse.Namespace) -> int:
    try:
        options = ImportOptions(
            kind=DocKind(ns.kind) if ns.kind else None,
            number=_number_option(ns.number),
            date=parse_iso_date(ns.date) if ns.date else None,
            title=_text_option("--title", ns.title, 500),
            lang=ns.lang,
            id=ns.id,
            url=_url_option(ns.url),
            aliases=[_text_option("--alias", a, 80) or "" for a in ns.alias or []],
        )
    except ValueError as err:
        _err(str(err))
        return EXIT_USAGE
    if ns.id and len(ns.paths) > 1:
        _err("--id can only be used with a single file")
        return EXIT_USAGE

    async def action(repo: KnowledgeRepository) -> int:
        # Parse everything first: a malformed file rejects the whole import, nothing is written.
        results = import_files(ns.paths, options)
        documents = []
        joined = 0  # the other language's text of an act already in the knowledge base
        for doc in merge_by_id(d for r in results for d in r.documents):
            existing = await repo.get_document(doc.id)
            merged = merge_documents(existing, doc) if existing else doc
            if existing and {p.lang for p in merged.passages} - {p.lang for p in doc.passages}:
                joined += 1
            documents.append(merged)
        faq = [f for r in results for f in r.faq]
        if ns.draft:
            faq = [f.model_copy(update={"status": "draft"}) for f in faq]
        if ns.dry_run:
            for result in results:
                print(f"would import {result.describe()}")
                print("\n".join(result.details()))
            return EXIT_OK
        replaced_docs, replaced_faq = await repo.upsert_many(documents, faq, origin="import")
        for result in results:
            print(f"imported {result.describe()}")
            for line in result.details():
                print(line)
        joined_note = f", {joined} joined with its text in the other language" if joined else ""
        print(
            f"{_count(len(documents), 'document')} ({replaced_docs} replaced{joined_note}), "
            f"{_count(len(faq), 'FAQ entry', 'FAQ entries')} ({replaced_faq} replaced); "
            f"kb_version {await repo.version()}"
        )
        return EXIT_OK

    return _run(ns, action)


_NUMBER_OPTION = re.compile(r"^[0-9A-Za-zА-Яа-яЁёӨөҮүҢң]+(?:[-/.][0-9A-Za-zА-Яа-яЁёӨөҮүҢң]+)*$")
_URL_OPTION = re.compile(r"^https?://[^\s<>\"']{3,2000}$")


def _number_option(value: str | None) -> str | None:
    """An act number as written: 8, 123, 2377-VI, 45-а; no spaces or other signs."""
    if value is None:
        return None
    value = value.strip().lstrip("№N ").strip()
    if not value or len(value) > 30 or not _NUMBER_OPTION.match(value):
        raise ValueError(f"invalid --number {value!r}: use the act number as written, e.g. 8")
    return value


def _url_option(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if not _URL_OPTION.match(value):
        raise ValueError(f"invalid --url {value!r}: give a full http(s):// address")
    return value


def _text_option(name: str, value: str | None, limit: int) -> str | None:
    if value is None:
        return None
    value = " ".join(value.split())
    if not value or len(value) > limit or not any(ch.isalpha() for ch in value):
        raise ValueError(f"invalid {name} {value!r}: give a text of 1 to {limit} characters")
    return value


def cmd_list(ns: argparse.Namespace) -> int:
    async def action(repo: KnowledgeRepository) -> int:
        if ns.faq:
            for info in await repo.list_faq():
                print(f"{info.id:<40} {info.category:<11} {info.status:<8} {info.question}")
            return EXIT_OK
        docs = await repo.list_documents(kind=ns.kind)
        for d in docs:
            date = d.date.isoformat() if d.date else ""
            print(
                f"{d.id:<38} {d.kind:<19} {d.number or '':<8} {date:<10} "
                f"{d.passages:>4}  {d.title_in(ns.lang)}"
            )
        print(f"{len(docs)} documents", file=sys.stderr)
        return EXIT_OK

    return _run(ns, action)


def cmd_show(ns: argparse.Namespace) -> int:
    async def action(repo: KnowledgeRepository) -> int:
        doc = await repo.get_document(ns.id)
        if doc is not None:
            print(dump_document(doc), end="")
            return EXIT_OK
        entry = await repo.get_faq(ns.id)
        if entry is not None:
            print(dump_yaml([faq_to_data(entry)]), end="")
            return EXIT_OK
        _err(f"no document or FAQ entry with id {ns.id!r} (see: kb list, kb list --faq)")
        return EXIT_FAIL

    return _run(ns, action)


def cmd_remove(ns: argparse.Namespace) -> int:
    async def action(repo: KnowledgeRepository) -> int:
        referencing = await repo.faq_referencing(ns.id)
        if await repo.remove_document(ns.id):
            print(f"removed document {ns.id}; kb_version {await repo.version()}")
            if referencing:
                print(f"note: FAQ entries still refer to it: {', '.join(referencing)}")
            return EXIT_OK
        if await repo.remove_faq(ns.id):
            print(f"removed FAQ entry {ns.id}; kb_version {await repo.version()}")
            return EXIT_OK
        _err(f"no document or FAQ entry with id {ns.id!r}")
        return EXIT_FAIL

    return _run(ns, action)


def cmd_export(ns: argparse.Namespace) -> int:
    target = Path(ns.dir)
    if target.exists() and not target.is_dir():
        _err(f"{target} exists and is not a directory")
        return EXIT_FAIL
    if target.exists() and any(target.iterdir()) and not ns.force:
        _err(f"{target} is not empty; choose an empty directory or pass --force")
        return EXIT_FAIL

    async def action(repo: KnowledgeRepository) -> int:
        kb = await repo.load(include_drafts=True)
        if ns.force:
            for sub in ("documents", "faq"):
                for stale in (target / sub).glob("*.yaml"):
                    stale.unlink()
        dump_directory(kb, target)
        summary = kb_summary(kb)
        print(
            f"exported {summary['documents']} documents, {summary['faq']} FAQ entries and "
            f"{summary['glossary']} glossary groups to {target}"
        )
        return EXIT_OK

    return _run(ns, action)


def cmd_stats(ns: argparse.Namespace) -> int:
    async def action(repo: KnowledgeRepository) -> int:
        stats = await repo.stats()
        for key, value in stats.items():
            if isinstance(value, dict):
                value = ", ".join(f"{k} {v}" for k, v in value.items())
            print(f"{key:<20} {value}")
        return EXIT_OK

    return _run(ns, action)


def cmd_validate(ns: argparse.Namespace) -> int:
    directory = Path(ns.dir) if ns.dir else BUNDLED_DIR
    try:
        kb = load_directory(directory)
    except KnowledgeFileError as err:
        _err(str(err))
        return EXIT_FAIL
    summary: dict[str, Any] = kb_summary(kb)
    print(
        f"OK {directory}: {summary['documents']} documents, {summary['passages']} passages "
        f"(ky {summary['passages_ky']}, ru {summary['passages_ru']}), {summary['faq']} FAQ entries "
        f"(questions ky {summary['faq_questions_ky']}, ru {summary['faq_questions_ru']}), "
        f"{summary['glossary']} glossary groups"
    )
    return EXIT_OK


# -- parser -------------------------------------------------------------------------------------


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``kb`` command group to ``main.py``'s subparsers."""
    kb = subparsers.add_parser(
        "kb",
        help="manage the knowledge base (import laws and FAQ, list, export, validate)",
        description=(
            "Manage the knowledge base stored in the database (DATABASE_URL). A fresh database "
            "is first filled with the bundled knowledge base (knowledge/data/)."
        ),
    )
    kb.set_defaults(func=lambda ns: (kb.print_help(), EXIT_USAGE)[1])
    sub = kb.add_subparsers(dest="kb_command", metavar="COMMAND")

    p = sub.add_parser(
        "import",
        help="import laws (.txt .md .docx .pdf .rtf .html) or FAQ/documents (.yaml .json)",
        description=(
            "Import files into the knowledge base. Laws in text, Markdown, .docx, .pdf, .rtf or "
            ".html (as saved from the legal database) become one document each, split into "
            "articles ('Статья 13.', '13-берене.') with chapters ('Глава 2', '2-глава', 'Раздел', "
            "'бөлүм'); page headers, page numbers and separators are dropped; editorial notes "
            "'(В редакции ...)' become the act's amendment history. Kind, number, date and title "
            "are read from the header lines unless given; the import prints what it found and "
            "what it did not. The Kyrgyz and Russian texts of one act (same kind, number and "
            "date) become one document. YAML/JSON files hold FAQ entries (a list) or "
            "documents in the editable format. Re-importing a document with the same id "
            "(derived from kind+number+date, else the file name) replaces it. If any file is "
            f"malformed nothing is imported. Supported: {' '.join(SUPPORTED_SUFFIXES)}."
        ),
    )
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files to import")
    p.add_argument("--kind", choices=[k.value for k in DocKind], help="document kind")
    p.add_argument("--number", help="act number as written, e.g. 123 or 2377-VI")
    p.add_argument("--date", help="act date, YYYY-MM-DD (e.g. 2005-01-12)")
    p.add_argument("--title", help="full title of the act, in normal case")
    p.add_argument("--url", help="official text of the act (http(s)://...)")
    p.add_argument(
        "--alias",
        action="append",
        metavar="NAME",
        help="a short name of the act, e.g. 'ЗК' or 'Жер кодекси' (repeat for several)",
    )
    p.add_argument("--lang", choices=["ky", "ru"], help="language of the text")
    p.add_argument("--id", help="document id (single file only)")
    p.add_argument("--draft", action="store_true", help="import FAQ entries as drafts")
    p.add_argument("--dry-run", action="store_true", help="parse and report, write nothing")
    p.set_defaults(func=cmd_import)

    # the other commands: (name, handler, help, description); their arguments below
    commands = {
        name: _command(sub, name, func, help_, description)
        for name, func, help_, description in (
            ("list", cmd_list, "list documents (or FAQ entries)",
             "List stored documents, or FAQ entries with --faq."),
            ("show", cmd_show, "show a document or FAQ entry as YAML",
             "Print a stored document or FAQ entry in the YAML format."),
            ("remove", cmd_remove, "remove a document or FAQ entry",
             "Remove a stored document (with its passages) or FAQ entry."),
            ("export", cmd_export, "export the knowledge base to editable YAML",
             "Write the stored knowledge base (drafts included) as documents/*.yaml, "
             "faq/*.yaml and glossary.yaml; the result loads back with 'kb validate DIR'."),
            ("stats", cmd_stats, "counts and kb_version",
             "Show counts of documents, passages, FAQ and glossary."),
            ("validate", cmd_validate,
             "validate a knowledge directory (default: the bundled one)",
             "Load and check a knowledge directory: YAML syntax, fields, unique ids, FAQ "
             "references. Errors are reported as FILE:LINE: FIELD: REASON."),
        )
    }  # fmt: skip
    p = commands["list"]
    p.add_argument("--faq", action="store_true", help="list FAQ entries instead of documents")
    p.add_argument("--kind", choices=[k.value for k in DocKind], help="only this kind")
    p.add_argument("--lang", choices=["ky", "ru"], default="ru", help="title language")
    commands["show"].add_argument("id", metavar="ID")
    commands["remove"].add_argument("id", metavar="ID")
    p = commands["export"]
    p.add_argument("dir", nargs="?", default="kb-export", metavar="DIR", help="target directory")
    p.add_argument("--force", action="store_true", help="overwrite a non-empty directory")
    commands["validate"].add_argument(
        "dir", nargs="?", metavar="DIR", help="directory (default: bundled data)"
    )


def _command(
    sub: argparse._SubParsersAction,  # type: ignore[type-arg]
    name: str,
    func: Callable[[argparse.Namespace], int],
    help_: str,
    description: str,
) -> argparse.ArgumentParser:
    parser = sub.add_parser(name, help=help_, description=description)
    parser.set_defaults(func=func)
    return parser
