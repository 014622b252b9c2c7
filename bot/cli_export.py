"""Subcommands ``export`` (reports as CSV/XLSX) and ``export-user`` (a person's data as JSON).

    main.py export KIND PERIOD [--format csv|xlsx] [--output PATH] [--lang ky|ru]
    main.py export-user ID [--output PATH]

KIND: tickets | questions | subscribers | events.  PERIOD: today, week, month, last_month, 30d,
2026-11, 2026-11-01..2026-11-15, all (see services/stats_period.py).  Column headers are
machine names unless ``--lang`` asks for Kyrgyz or Russian ones.  Exit status 2 with one line
on stderr for bad input.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path

from bot.cli import add_command
from bot.config import load_settings
from db.database import Database


class _BadInput(Exception):
    pass


def register(sub: argparse._SubParsersAction) -> None:
    from services.exports import FORMATS, KINDS

    export = add_command(sub, "export", cmd_export)
    export.add_argument("kind", choices=KINDS, help="what to export")
    export.add_argument(
        "period",
        help="today, yesterday, week, month, last_week, last_month, 30d, 2026-11, "
        "2026-11-01..2026-11-15 or all",
    )
    export.add_argument("--format", "-f", choices=FORMATS, default="csv", dest="fmt")
    export.add_argument(
        "--output", "-o", default=None, help="file to write (default: a name from kind and period)"
    )
    export.add_argument(
        "--lang", choices=("ky", "ru"), default=None, help="column headers in Kyrgyz or Russian"
    )
    user = add_command(sub, "export-user", cmd_export_user)
    user.add_argument("user_id", type=int)
    user.add_argument("--output", "-o", default=None, help="file to write (default: stdout)")


async def _export(args: argparse.Namespace) -> tuple[Path, int]:
    from services.exports import ExportError, export, export_filename
    from services.stats_period import PeriodError, parse_period
    from services.worktime import WorkCalendar

    settings = load_settings()
    try:
        period = parse_period(args.period, tz=settings.tz, allow_all=True)
    except PeriodError as err:
        raise _BadInput(f"unknown period {args.period!r} ({err.code})") from None
    header = None
    if args.lang:
        from bot.i18n import Translator

        i18n = Translator().bind(args.lang)

        def header(name: str) -> str:
            key = "export-col-" + name.replace("_", "-")
            return i18n(key) if i18n.translator.has(key, args.lang) else name

    async with Database(settings.database_path) as db:
        calendar = WorkCalendar.from_settings(settings)
        try:
            from services.tickets import TicketService

            calendar = await TicketService(db, settings).calendar()
        except Exception:  # no call-center tables: the settings' calendar
            pass
        target = Path(args.output or export_filename(args.kind, period, args.fmt))
        try:
            result = await export(
                db, args.kind, period, args.fmt, path=target, header=header, calendar=calendar
            )
        except ExportError as err:
            raise _BadInput(f"cannot export {args.kind}: {err}") from None
        return result.path, result.rows


def cmd_export(args: argparse.Namespace) -> int:
    """export tickets, questions, subscribers or events of a period as CSV or XLSX

    Write a report file: CSV is UTF-8 with BOM (opens in Excel with Cyrillic), XLSX is an Excel
    workbook. Rows are streamed, so huge exports use little memory. Times are local (TIMEZONE).
    """
    try:
        path, rows = asyncio.run(_export(args))
    except _BadInput as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    print(f"{path}\t{rows} rows")
    return 0


async def _export_user(user_id: int) -> dict:
    from services.privacy import export_user

    settings = load_settings()
    async with Database(settings.database_path) as db:
        return await export_user(db, user_id)


def cmd_export_user(args: argparse.Namespace) -> int:
    """everything stored about one user (Telegram id) as JSON

    Print (or write with --output) every row of every table that refers to the user: profile,
    questions, tickets and their messages, registrations, subscriptions, audit entries.
    """
    data = asyncio.run(_export_user(args.user_id))
    if not any(data["tables"].values()):
        print(f"error: nothing is stored about user {args.user_id}", file=sys.stderr)
        return 2
    text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    if args.output:
        Path(args.output).write_text(text + "\n", encoding="utf-8")
        print(args.output)
    else:
        print(text)
    return 0
