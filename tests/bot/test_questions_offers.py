"""One record per question (issue 13): the question row carries what the bot offered and the
ticket made from it; migration 0010 folds the old ``bot_offers`` rows into ``questions``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from aiogram import Bot, Dispatcher

import db.database as database
from bot.app import Runtime
from db.database import Database
from services.tickets import TicketService
from tests.bot.test_profile_handlers import ru_user
from tests.helpers.recording import RecordingSession
from tests.helpers.updates import callback_update, message_update, tg_user

ASKER = 3101


def buttons(message: Any) -> list[str]:
    markup = message.reply_markup
    return [b.callback_data for row in markup.inline_keyboard for b in row] if markup else []


@pytest.fixture
async def rt(runtime: Runtime) -> Runtime:
    await ru_user(runtime, ASKER)
    return runtime


async def test_answer_is_one_row_with_its_offer(
    dp: Dispatcher, bot: Bot, session: RecordingSession, rt: Runtime
) -> None:
    user = tg_user(ASKER, language_code="ru")
    question = "Каким постановлением утверждена Программа развития МСУ на 2018-2023 годы?"
    await dp.feed_update(bot, message_update(user, question))
    rows = await rt.db.fetchall("SELECT * FROM questions")
    assert len(rows) == 1  # one record per question, nothing parallel
    row = rows[0]
    assert row["status"] == "answered" and row["offer_source"] == "answer"
    assert "513" in row["offer"] and row["offer_refs"] == f'["{row["top_result_id"]}"]'
    assert row["offered_at"] == row["asked_at"]  # written in the same statement
    tables = await rt.db.fetchall("SELECT name FROM sqlite_master WHERE type = 'table'")
    assert "bot_offers" not in {t["name"] for t in tables}
    # "didn't help" → the consultant button carries the question's id
    no = next(d for d in buttons(session.sent()[-1]) if d.startswith("srch:no:"))
    await dp.feed_update(bot, callback_update(user, no))
    assert buttons(session.sent()[-1]) == [f"esc:{row['id']}"]


async def test_escalated_question_carries_its_ticket(
    dp: Dispatcher, bot: Bot, session: RecordingSession, rt: Runtime
) -> None:
    user = tg_user(ASKER, language_code="ru")
    await dp.feed_update(bot, message_update(user, "Как оформить субсидию на разведение страусов?"))
    qid = int(await rt.db.fetchval("SELECT max(id) FROM questions"))
    escalate = next(d for d in buttons(session.sent()[-1]) if d.startswith("esc:"))
    assert escalate == f"esc:{qid}"
    await dp.feed_update(bot, callback_update(user, escalate))
    go = next(d for d in buttons(session.sent()[-1]) if d.startswith("tnew:go:"))
    await dp.feed_update(bot, callback_update(user, go))
    await dp.feed_update(bot, callback_update(user, go))  # a double press: one ticket
    ticket_id, offer_id = (await rt.db.fetchall("SELECT id, offer_id FROM tickets"))[0]
    assert await rt.db.fetchval("SELECT count(*) FROM tickets") == 1
    assert offer_id == qid
    assert await rt.db.fetchval("SELECT ticket_id FROM questions WHERE id = ?", (qid,)) == ticket_id


async def _legacy_database(path: Path, monkeypatch: pytest.MonkeyPatch) -> Database:
    """A database as main had it (migrations up to 0009) with offers, questions, tickets."""
    every = database.discover_migrations()
    monkeypatch.setattr(database, "discover_migrations", lambda: every[:9])
    db = await Database(f"sqlite:///{path}").connect()
    monkeypatch.setattr(database, "discover_migrations", lambda: every)
    await db.conn.executescript(
        """
        INSERT INTO users(id, first_name, created_at, updated_at) VALUES
            (1, 'a', 'T', 'T'), (2, 'b', 'T', 'T');
        INSERT INTO questions(id, asked_at, user_id, text, status) VALUES
            (1, '2026-01-01T00:00:00Z', 1, 'q1', 'answered'),
            (2, '2026-01-02T00:00:00Z', 1, 'q2', 'suggest'),
            (3, '2026-01-03T00:00:00Z', 2, 'old', 'escalate');
        INSERT INTO bot_offers(id, user_id, question, offer, source, language, categories, refs,
                               score, created_at, question_id) VALUES
            (10, 1, 'q1', 'ans1', 'answer', 'ru', '["land"]', '["doc:1"]', 0.9,
             '2026-01-01T00:00:01Z', 1),
            (11, 1, 'q2', NULL, 'none', 'ru', '[]', '[]', NULL, '2026-01-02T00:00:01Z', 2),
            (12, 1, 'q2', 'picked', 'answer', 'ru', '["budget"]', '["doc:2"]', 0.7,
             '2026-01-02T00:00:05Z', 2),
            (13, 2, 'old', NULL, 'escalate', 'ky', '[]', '[]', NULL, '2026-01-03T00:00:02Z', NULL),
            (14, 2, 'orphan', NULL, 'escalate', 'ky', '["kenesh"]', '[]', NULL,
             '2026-01-04T00:00:00Z', NULL);
        INSERT INTO tickets(id, asker_id, language, question, offer_id, created_at, updated_at)
            VALUES (1, 1, 'ru', 'q2', 12, 'T', 'T'), (2, 2, 'ky', 'orphan', 14, 'T', 'T');
        UPDATE bot_offers SET ticket_id = 1 WHERE id = 12;
        UPDATE bot_offers SET ticket_id = 2 WHERE id = 14;
        INSERT INTO ticket_messages(ticket_id, direction, content_type, created_at)
            VALUES (1, 'in', 'text', 'T');
        """.replace("'T'", "'2026-01-01T00:00:00Z'")
    )
    return db


async def test_migration_folds_offers_into_questions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    db = await _legacy_database(tmp_path / "legacy.sqlite3", monkeypatch)
    try:
        assert await db.migrate() == [10]
        rows = await db.fetchall(
            "SELECT id, user_id, text, status, offer, offer_source, offer_categories, ticket_id"
            " FROM questions ORDER BY id"
        )
        assert [tuple(r) for r in rows] == [
            (1, 1, "q1", "answered", "ans1", "answer", '["land"]', None),
            (2, 1, "q2", "suggest", "picked", "answer", '["budget"]', 1),  # the latest offer
            (3, 2, "old", "escalate", None, "escalate", "[]", None),  # matched by its text
            (4, 2, "orphan", "escalate", None, "escalate", '["kenesh"]', 2),  # made for it
        ]
        tickets = await db.fetchall("SELECT id, offer_id FROM tickets ORDER BY id")
        assert [tuple(r) for r in tickets] == [(1, 2), (2, 4)]
        assert await db.fetchall("PRAGMA foreign_key_check") == []
        assert (
            await db.fetchval("SELECT count(*) FROM sqlite_master WHERE name = 'bot_offers'") == 0
        )
        # the rebuilt tickets table works: an offer is a question, ids go on from the last one
        svc = TicketService(db, settings)
        await db.execute("UPDATE tickets SET status = 'closed' WHERE id = 1")
        offer = await svc.get_offer(4)
        assert offer is not None and offer.user_id == 2 and offer.ticket_id == 2
        ticket = await svc.create(asker_id=1, question="q1", language="ru", offer_id=1)
        assert ticket.id == 3 and ticket.offer_id == 1 and ticket.bot_offer == "ans1"
        assert await db.fetchval("SELECT ticket_id FROM questions WHERE id = 1") == 3
    finally:
        await db.close()
