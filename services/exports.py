"""Exports for reports: tickets | questions | subscribers | events of a period → CSV or XLSX.

* CSV is UTF-8 *with BOM* (Excel then opens Cyrillic correctly), ``csv`` module dialect
  ``excel`` (comma, CRLF, quotes where needed).
* XLSX is written by openpyxl in write-only mode.
* Rows are streamed: read from SQLite in batches (a separate read-only connection when the
  database is a file, so the export sees one consistent snapshot and never holds up the bot)
  and written batch by batch in a worker thread; nothing is built in memory.
* Times are local (``TIMEZONE``, Asia/Bishkek): ``YYYY-MM-DD HH:MM`` text in CSV, date-time
  cells in XLSX.
* Text that starts with ``= + - @`` (or a tab/CR) gets a leading ``'`` so a spreadsheet
  never runs it as a formula (users type the questions; admins type places and titles).

What goes out is what a report needs: no phone numbers; askers appear by oblast, district,
municipality and position, not by name.

Column headers are machine names (``asked_at``) unless a ``header`` function translates them
(the bot passes ``i18n("export-col-<name>")``).
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import datetime as dt
import os
import re
import tempfile
import urllib.parse
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import aiosqlite

from db.database import Database, from_db_time, to_db_time
from services.stats_period import Period
from services.worktime import WorkCalendar

KINDS = ("tickets", "questions", "subscribers", "events")
FORMATS = ("csv", "xlsx")
BATCH = 1000
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class ExportError(Exception):
    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code  # "unknown_kind" | "unknown_format" | "unavailable"
        self.detail = detail


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: str = "text"  # text (long, typed by people) | str (short) | int | float | time


@dataclass(frozen=True, slots=True)
class ExportSpec:
    kind: str
    columns: tuple[Column, ...]
    requires: tuple[str, ...]  # tables that must exist
    sql: str  # two parameters: period start and end (UTC text)
    # Turns a SQL row into the row of ``columns`` (runs in the writer thread).
    transform: Callable[[tuple[Any, ...], WorkCalendar], tuple[Any, ...]] | None = None


def _ticket_row(row: tuple[Any, ...], calendar: WorkCalendar) -> tuple[Any, ...]:
    """SQL row of the tickets spec → export row: working hours computed from the times."""
    *head, created, first_response, closed, close_reason, rating, reopened = row

    def hours(end: str | None) -> float | None:
        if not created or not end:
            return None
        delta = calendar.working_between(from_db_time(created), from_db_time(end))  # type: ignore[arg-type]
        return round(delta.total_seconds() / 3600, 3)

    resolution = hours(closed) if close_reason != "no_reply" else None
    return (
        *head,
        first_response,
        hours(first_response),
        closed,
        close_reason,
        resolution,
        rating,
        reopened,
    )


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path
    kind: str
    format: str
    rows: int
    filename: str  # suggested name for the user

    @property
    def size(self) -> int:
        return self.path.stat().st_size


def _c(spec: str) -> tuple[Column, ...]:
    out = []
    for item in spec.split():
        name, _, type_ = item.partition(":")
        out.append(Column(name, type_ or "str"))
    return tuple(out)


SPECS: dict[str, ExportSpec] = {
    "questions": ExportSpec(
        "questions",
        _c(
            "id:int asked_at:time lang oblast position status category question:text"
            " top_result top_score:float chosen_result helped:int ticket_id:int"
        ),
        ("questions",),
        "SELECT id, asked_at, lang, oblast, position, status, category, text, top_result_id,"
        " top_score, chosen_result_id, helped, ticket_id FROM questions"
        " WHERE asked_at >= ? AND asked_at < ? ORDER BY asked_at, id",
    ),
    "tickets": ExportSpec(
        "tickets",
        _c(
            "number:int created_at:time status category language source oblast district"
            " position question:text consultant:text taken_at:time first_response_at:time"
            " first_response_hours:float closed_at:time close_reason resolution_hours:float"
            " rating:int reopened:int"
        ),
        ("tickets", "users"),
        "SELECT t.id, t.created_at, t.status, t.category, t.language, t.source, a.oblast,"
        " a.district, a.position, t.question,"
        " COALESCE(o.full_name, TRIM(o.first_name || ' ' || COALESCE(o.last_name, ''))),"
        " t.taken_at, t.created_at, t.first_response_at, t.closed_at, t.close_reason,"
        " t.rating, t.reopened_count"
        " FROM tickets t LEFT JOIN users a ON a.id = t.asker_id"
        " LEFT JOIN users o ON o.id = t.owner_id"
        " WHERE t.created_at >= ? AND t.created_at < ? ORDER BY t.created_at, t.id",
        _ticket_row,
    ),
    "subscribers": ExportSpec(
        "subscribers",
        _c(
            "user_id:int since:time full_name:text position oblast district"
            " municipality:text language topics regions active:int"
        ),
        ("users", "subscriptions"),
        # A registered user without a subscriptions row has the defaults; "since" is when the
        # subscription row was made, else the registration.
        "SELECT u.id, COALESCE(s.created_at, u.registered_at) AS since, u.full_name, u.position,"
        " u.oblast, u.district, u.municipality, COALESCE(u.language, u.telegram_lang),"
        " COALESCE(s.topics, '*'), COALESCE(s.regions, ''), u.is_active"
        " FROM users u LEFT JOIN subscriptions s ON s.user_id = u.id"
        " WHERE (s.user_id IS NOT NULL OR u.registered_at IS NOT NULL)"
        " AND COALESCE(s.created_at, u.registered_at) >= ?"
        " AND COALESCE(s.created_at, u.registered_at) < ? ORDER BY since, u.id",
    ),
    "events": ExportSpec(
        "events",
        _c(
            "id:int starts_at:time ends_at:time title_ky:text title_ru:text place:text"
            " online_url:text capacity:int status registered:int waitlist:int cancelled:int"
        ),
        ("events", "event_registrations"),
        "SELECT e.id, e.starts_at, e.ends_at, e.title_ky, e.title_ru, e.place, e.online_url,"
        " e.capacity, e.status,"
        " (SELECT count(*) FROM event_registrations r WHERE r.event_id = e.id"
        "  AND r.status = 'registered'),"
        " (SELECT count(*) FROM event_registrations r WHERE r.event_id = e.id"
        "  AND r.status = 'waitlist'),"
        " (SELECT count(*) FROM event_registrations r WHERE r.event_id = e.id"
        "  AND r.status = 'cancelled')"
        " FROM events e WHERE e.starts_at >= ? AND e.starts_at < ? ORDER BY e.starts_at, e.id",
    ),
}


def register_spec(spec: ExportSpec) -> None:
    """Add or replace the spec of a kind (the tickets spec lives with the stats of tickets)."""
    SPECS[spec.kind] = spec


# -- cell conversion ------------------------------------------------------------------------
def _guard(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def _local(value: Any, tz: dt.tzinfo) -> dt.datetime | None:
    if value in (None, ""):
        return None
    moment = from_db_time(value) if isinstance(value, str) else value
    return moment.astimezone(tz).replace(tzinfo=None, microsecond=0)  # type: ignore[union-attr]


def csv_cell(value: Any, column: Column, tz: dt.tzinfo) -> str:
    if value is None:
        return ""
    if column.type == "time":
        local = _local(value, tz)
        return "" if local is None else local.strftime("%Y-%m-%d %H:%M")
    if column.type == "float":
        return f"{float(value):.3f}".rstrip("0").rstrip(".")
    if column.type in ("int", "float"):
        return str(value)
    return _guard(str(value))


def xlsx_value(value: Any, column: Column, tz: dt.tzinfo) -> Any:
    if value is None:
        return None
    if column.type == "time":
        return _local(value, tz)
    if column.type in ("int", "float"):
        return value
    return _guard(_ILLEGAL_XML.sub("", str(value)))


# -- writers --------------------------------------------------------------------------------
class _Writer(Protocol):
    def header(self, names: Sequence[str]) -> None: ...
    def rows(self, rows: Sequence[Sequence[Any]]) -> None: ...
    def close(self) -> None: ...


class CsvWriter:
    def __init__(self, path: Path, columns: Sequence[Column], tz: dt.tzinfo) -> None:
        self.columns, self.tz = columns, tz
        self._file = open(path, "w", encoding="utf-8-sig", newline="")
        self._csv = csv.writer(self._file)

    def header(self, names: Sequence[str]) -> None:
        self._csv.writerow(names)

    def rows(self, rows: Sequence[Sequence[Any]]) -> None:
        cols, tz = self.columns, self.tz
        self._csv.writerows(
            [csv_cell(v, c, tz) for v, c in zip(row, cols, strict=True)] for row in rows
        )

    def close(self) -> None:
        self._file.close()


class XlsxWriter:
    def __init__(self, path: Path, columns: Sequence[Column], tz: dt.tzinfo, title: str) -> None:
        from openpyxl import Workbook

        self.path, self.columns, self.tz = path, columns, tz
        self._wb = Workbook(write_only=True)
        self._ws = self._wb.create_sheet(title=title[:31])
        widths = {"time": 17, "int": 9, "float": 9, "text": 40}
        for index, column in enumerate(columns, start=1):
            from openpyxl.utils import get_column_letter

            self._ws.column_dimensions[get_column_letter(index)].width = widths.get(column.type, 14)

    def header(self, names: Sequence[str]) -> None:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font

        cells = []
        for name in names:
            cell = WriteOnlyCell(self._ws, value=name)
            cell.data_type = "s"
            cell.font = Font(bold=True)
            cells.append(cell)
        self._ws.append(cells)

    def rows(self, rows: Sequence[Sequence[Any]]) -> None:
        # Plain values (no cell objects: 2× faster).  Text that openpyxl would take for a
        # formula starts with "=", and the guard has already put a "'" before it.
        cols, tz, append = self.columns, self.tz, self._ws.append
        for row in rows:
            append([xlsx_value(v, c, tz) for v, c in zip(row, cols, strict=True)])

    def close(self) -> None:
        self._wb.save(self.path)


# -- reading --------------------------------------------------------------------------------
def _read_only_uri(path: str) -> str:
    return "file:" + urllib.parse.quote(os.path.abspath(path)) + "?mode=ro"


@contextlib.asynccontextmanager
async def _reader(db: Database) -> AsyncIterator[aiosqlite.Connection]:
    """A read-only connection of its own for a file database, the shared one for :memory:."""
    if db.path == ":memory:":
        yield db.conn
        return
    conn = await aiosqlite.connect(_read_only_uri(db.path), uri=True)
    try:
        await conn.execute(f"PRAGMA busy_timeout = {int(db.busy_timeout_ms)}")
        yield conn
    finally:
        await conn.close()


def _write_batch(
    writer: _Writer, spec: ExportSpec, rows: Sequence[Any], calendar: WorkCalendar
) -> None:
    data = [tuple(r) for r in rows]
    if spec.transform is not None:
        data = [spec.transform(r, calendar) for r in data]
    writer.rows(data)


def export_filename(kind: str, period: Period, fmt: str) -> str:
    return f"keneshchi-{kind}-{period.first_day.isoformat()}_{period.last_day.isoformat()}.{fmt}"


async def export(
    db: Database,
    kind: str,
    period: Period,
    fmt: str = "csv",
    *,
    path: str | os.PathLike[str] | None = None,
    header: Callable[[str], str] | None = None,
    calendar: WorkCalendar | None = None,
    batch: int = BATCH,
) -> ExportResult:
    """Write the export to ``path`` (default: a new temp file the caller deletes).

    ``calendar`` (the call-center's working time) is used for the working hours of tickets.
    """
    if kind not in KINDS:
        raise ExportError("unknown_kind", kind)
    if fmt not in FORMATS:
        raise ExportError("unknown_format", fmt)
    spec = SPECS.get(kind)
    if spec is None:
        raise ExportError("unavailable", kind)
    missing = [t for t in spec.requires if t not in await db.tables()]
    if missing:
        raise ExportError("unavailable", ", ".join(missing))
    if path is None:
        fd, name = tempfile.mkstemp(prefix=f"keneshchi-{kind}-", suffix=f".{fmt}")
        os.close(fd)
        target = Path(name)
    else:
        target = Path(path)
    tz = period.tz
    work = calendar or WorkCalendar(tz=tz)  # type: ignore[arg-type]
    names = [header(c.name) if header else c.name for c in spec.columns]
    writer: _Writer
    if fmt == "csv":
        writer = await asyncio.to_thread(CsvWriter, target, spec.columns, tz)
    else:
        writer = await asyncio.to_thread(XlsxWriter, target, spec.columns, tz, kind)
    count = 0
    try:
        try:
            await asyncio.to_thread(writer.header, names)
            async with _reader(db) as conn:
                params = (to_db_time(period.start), to_db_time(period.end))
                cursor = await conn.execute(spec.sql, params)
                try:
                    while rows := await cursor.fetchmany(batch):
                        await asyncio.to_thread(_write_batch, writer, spec, rows, work)
                        count += len(rows)
                finally:
                    await cursor.close()
        finally:
            await asyncio.to_thread(writer.close)
    except BaseException:
        if path is None:
            target.unlink(missing_ok=True)
        raise
    return ExportResult(target, kind, fmt, count, export_filename(kind, period, fmt))
