"""Exports: CSV round trip with Cyrillic (BOM, exact values), XLSX opens with openpyxl, working
hours of tickets, subscribers and events, streaming of big exports, the CLI, bad input."""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import json
import tracemalloc
from pathlib import Path

import pytest
from openpyxl import load_workbook

from db.database import Database, to_db_time
from services.exports import ExportError, export
from services.question_log import log_question
from services.stats import parse_period
from tests.unit.test_stats_service import BISHKEK, CALENDAR, NOVEMBER, local, seed

TRICKY = [
    "Жер салыгын ким төлөйт?",
    'Кто утверждает бюджет, "айыл кеңеши" или аким?',
    "Эки сап:\nбиринчи; экинчи",
    '=HYPERLINK("http://x")',
    "ӨҮҢ өүң Ё ё — «ёлка»",
]


def read_csv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


async def test_csv_round_trip_with_cyrillic(db: Database, tmp_path: Path) -> None:
    for n, text in enumerate(TRICKY):
        await log_question(
            db,
            user_id=100 + n,
            text=text,
            lang="ky",
            status="escalate" if n % 2 else "answered",
            results=[] if n % 2 else [{"id": "faq:x", "score": 0.5, "category": "land"}],
            oblast="chuy",
            asked_at=local(3, 9 + n, 15),
        )
    target = tmp_path / "q.csv"
    result = await export(db, "questions", parse_period(NOVEMBER, tz=BISHKEK), "csv", path=target)
    assert result.rows == len(TRICKY) and result.path == target
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    assert "Жер салыгын".encode() in raw
    rows = read_csv(target)
    assert rows[0][:3] == ["id", "asked_at", "lang"]
    body = rows[1:]
    column = rows[0].index("question")
    texts = [r[column] for r in body]
    assert texts[:3] == TRICKY[:3]
    assert texts[3] == "'" + TRICKY[3]  # never a formula in a spreadsheet
    assert texts[4] == TRICKY[4]
    assert body[0][1] == "2026-11-03 09:15"  # local time
    assert [r[rows[0].index("status")] for r in body] == ["answered", "escalate"] * 2 + ["answered"]
    assert body[0][rows[0].index("top_score")] == "0.5"
    assert body[1][rows[0].index("top_score")] == ""  # NULL → empty


async def test_xlsx_opens_with_openpyxl(db: Database, tmp_path: Path) -> None:
    await seed(db)
    period = parse_period(NOVEMBER, tz=BISHKEK)
    target = tmp_path / "t.xlsx"

    def header(name: str) -> str:
        return {"number": "№", "question": "Суроо"}.get(name, name)

    result = await export(
        db, "tickets", period, "xlsx", path=target, header=header, calendar=CALENDAR
    )
    assert result.rows == 6
    book = load_workbook(target, read_only=True)
    sheet = book["tickets"]
    rows = list(sheet.iter_rows(values_only=True))
    book.close()
    head = list(rows[0])
    assert head[:2] == ["№", "created_at"] and "Суроо" in head
    by_number = {r[0]: dict(zip(head, r, strict=True)) for r in rows[1:]}
    assert len(by_number) == 6
    first = by_number[1]
    assert first["created_at"] == dt.datetime(2026, 11, 2, 10, 0)  # a date-time cell, local
    assert first["Суроо"] == "Суроо"
    assert first["consultant"] == "Консультант А"
    assert first["oblast"] == "chuy"
    assert first["first_response_hours"] == pytest.approx(0.5)
    assert first["resolution_hours"] == pytest.approx(2.0)
    assert first["rating"] == 5
    assert by_number[2]["first_response_hours"] == pytest.approx(2.0)
    assert by_number[2]["resolution_hours"] == pytest.approx(9.0)
    assert by_number[3]["first_response_hours"] == pytest.approx(4.0)
    assert by_number[5]["first_response_hours"] is None  # no reply yet
    assert by_number[6]["resolution_hours"] is None  # closed by the bot: no resolution time
    assert "phone" not in head and "full_name" not in head  # the asker is not named


async def test_tickets_csv_working_hours(db: Database, tmp_path: Path) -> None:
    await seed(db)
    target = tmp_path / "t.csv"
    result = await export(
        db, "tickets", parse_period(NOVEMBER, tz=BISHKEK), "csv", path=target, calendar=CALENDAR
    )
    rows = read_csv(target)
    hours = rows[0].index("resolution_hours")
    # by creation: T1, T2, T5 (no reply), T6 (closed by the bot), T3, T4 (open)
    assert [r[hours] for r in rows[1:]] == ["2", "9", "", "", "5", ""]
    assert result.rows == 6


async def test_subscribers_and_events(db: Database, tmp_path: Path) -> None:
    now = to_db_time(local(5, 10))
    for uid, name, registered in ((1, "Айгүл Садыкова", True), (2, "Незарегистрированный", False)):
        await db.execute(
            "INSERT INTO users(id, first_name, full_name, oblast, position, language,"
            " registered_at, created_at, updated_at) VALUES (?, ?, ?, 'naryn', 'head', 'ky',"
            " ?, ?, ?)",
            (uid, name, name, now if registered else None, now, now),
        )
    await db.execute(
        "INSERT INTO subscriptions(user_id, topics, regions, created_at, updated_at)"
        " VALUES (1, 'news,events', 'chuy', ?, ?)",
        (to_db_time(local(6, 10)), now),
    )
    event_id = await db.execute(
        "INSERT INTO events(title_ky, title_ru, starts_at, ends_at, place, capacity,"
        " created_at, updated_at) VALUES ('Семинар: жер', 'Семинар: земля', ?, ?, 'Нарын', 2,"
        " ?, ?)",
        (to_db_time(local(12, 10)), to_db_time(local(12, 12)), now, now),
    )
    await db.execute(
        "INSERT INTO event_registrations(event_id, user_id, status, queued_at, updated_at)"
        " VALUES (?, 1, 'registered', ?, ?), (?, 2, 'waitlist', ?, ?)",
        (event_id, now, now, event_id, now, now),
    )
    period = parse_period(NOVEMBER, tz=BISHKEK)
    subs = await export(db, "subscribers", period, "csv", path=tmp_path / "s.csv")
    rows = read_csv(subs.path)
    assert subs.rows == 1
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["full_name"] == "Айгүл Садыкова" and record["topics"] == "news,events"
    assert record["since"] == "2026-11-06 10:00"
    events = await export(db, "events", period, "xlsx", path=tmp_path / "e.xlsx")
    assert events.rows == 1
    book = load_workbook(events.path, read_only=True)
    head, row = list(book["events"].iter_rows(values_only=True))
    book.close()
    record = dict(zip(head, row, strict=True))
    assert record["title_ky"] == "Семинар: жер" and record["place"] == "Нарын"
    assert (record["registered"], record["waitlist"], record["cancelled"]) == (1, 1, 0)


async def test_empty_period_gives_a_header_only_file(db: Database, tmp_path: Path) -> None:
    result = await export(db, "questions", parse_period("2025-01", tz=BISHKEK), "csv")
    try:
        assert result.rows == 0
        rows = read_csv(result.path)
        assert len(rows) == 1 and rows[0][0] == "id"
        assert result.filename == "keneshchi-questions-2025-01-01_2025-01-31.csv"
    finally:
        result.path.unlink()


async def test_bad_input(db: Database) -> None:
    period = parse_period(NOVEMBER, tz=BISHKEK)
    with pytest.raises(ExportError) as info:
        await export(db, "passwords", period)
    assert info.value.code == "unknown_kind"
    with pytest.raises(ExportError) as info:
        await export(db, "questions", period, "pdf")
    assert info.value.code == "unknown_format"


async def test_big_export_is_streamed(db: Database, tmp_path: Path) -> None:
    """25 000 rows go out in batches: the file is several MB, the memory peak stays small."""
    text = "Айыл өкмөтүнүн башчысы жергиликтүү бюджетти кантип бекитет? " * 2
    start = dt.datetime(2026, 11, 2, 3, tzinfo=dt.UTC)
    await db.executemany(
        "INSERT INTO questions(asked_at, user_id, text, normalized, lang, status)"
        " VALUES (?, ?, ?, '', 'ky', 'answered')",
        ((to_db_time(start + dt.timedelta(seconds=i)), i, text) for i in range(25_000)),
    )
    target = tmp_path / "big.csv"
    tracemalloc.start()
    try:
        result = await export(db, "questions", parse_period(NOVEMBER, tz=BISHKEK), path=target)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    size = target.stat().st_size
    assert result.rows == 25_000
    assert size > 6_000_000
    assert peak < size / 4, (peak, size)
    assert len(await asyncio.to_thread(read_csv, target)) == 25_001


# -- the command line --------------------------------------------------------------------------
def _env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, db_path: Path) -> None:
    for name in ("BOT_TOKEN", "TELEGRAM_API_BASE", "WEBHOOK_URL", "ADMIN_IDS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{db_path}")


async def _seeded(path: Path) -> None:
    async with Database(path) as database:
        await seed(database)


def test_cli_export_and_export_user(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from main import main

    db_path = tmp_path / "cli.sqlite3"
    asyncio.run(_seeded(db_path))
    _env(monkeypatch, tmp_path, db_path)

    assert main(["export", "questions", NOVEMBER, "--lang", "ru"]) == 0
    written = tmp_path / "keneshchi-questions-2026-11-01_2026-11-15.csv"
    rows = read_csv(written)
    assert rows[0][:2] == ["№", "Время вопроса"] and len(rows) == 12
    assert capsys.readouterr().out.strip().endswith("11 rows")

    out = tmp_path / "tickets.xlsx"
    assert main(["export", "tickets", "2026-11", "--format", "xlsx", "-o", str(out)]) == 0
    book = load_workbook(out, read_only=True)
    assert len(list(book["tickets"].iter_rows())) == 1 + 6
    book.close()

    assert main(["export", "events", "fortnight"]) == 2
    assert "unknown period" in capsys.readouterr().err

    assert main(["export-user", "101"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["user_id"] == 101
    assert data["tables"]["users"][0]["full_name"] == "Асанов Асан"
    assert len(data["tables"]["questions"]) == 6
    assert {t["id"] for t in data["tables"]["tickets"]} == {1, 3, 6, 8}

    assert main(["export-user", "999999"]) == 2
