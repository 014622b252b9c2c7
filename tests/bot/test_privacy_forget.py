"""/forget_me leaves no personal data behind in any table (nor in the SQLite file's bytes),
while the counts still add up; export-user gives everything stored about a person."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
from aiogram import Bot, Dispatcher
from aiogram.fsm.storage.base import StorageKey

from bot.app import Runtime
from bot.fsm_storage import SQLiteStorage
from db.database import Database, to_db_time, utcnow
from db.repositories.users import Role, UserRepository
from services.privacy import export_user, forget_user, leftovers
from services.question_log import log_question, record_feedback
from services.stats import compute_stats, parse_period
from services.tickets import Content, TicketService, record_bot_offer
from tests.helpers.recording import RecordingSession
from tests.helpers.updates import callback_update, message_update, tg_user

VICTIM, OTHER, CONSULTANT = 501, 502, 201
GROUP = -1001000000001
FULL_NAME = "Жумабаева Бермет Асановна"
PHONE = "+996555123456"
MUNICIPALITY = "Кочкор айыл аймагы"
QUESTIONS = [
    "Кочкор айыл аймагында жайыт ижарасынын акысын ким бекитет?",
    "Менин атым Бермет, муниципалдык мүлктү сатуу тартиби кандай?",
    "Как оформить земельный участок под школу в селе Кочкор?",
]
IN_MESSAGE = f"Менин телефонум {PHONE}, кечинде чалыңыз"
REPLY = "Саламатсызбы, Бермет Асановна! Жайыт комитети бекитет."
NOTE = f"// {FULL_NAME} кечээ да чалган"
RESOLUTION = "Бермет Асановнага жайыт жөнүндө мыйзамдын 7-беренеси түшүндүрүлдү"
COMMENT = "Чоң рахмат, абдан тез жооп бердиңиздер!"
OTHER_QUESTION = "Айыл кеңешинин сессиясын ким чакырат?"


def secrets() -> list[str]:
    """Everything that must be gone: identity and everything the victim typed or was told."""
    return [
        "Бермет",
        "Жумабаева",
        "bermet_j",
        FULL_NAME,
        PHONE,
        PHONE.lstrip("+"),
        MUNICIPALITY,
        *QUESTIONS,
        IN_MESSAGE,
        REPLY,
        RESOLUTION,
        COMMENT,
        "file-id-passport",
        "pasport.pdf",
    ]


async def scan(
    db: Database, values: list[str], skip: frozenset[tuple[str, int]] = frozenset()
) -> list[tuple[str, str, str]]:
    """Every (table, column, value) where a value occurs, reading every cell as text, except
    in the rows ``skip`` names as (table, rowid)."""
    found = []
    tables = await db.fetchall(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    )
    for (table,) in tables:
        columns = [c["name"] for c in await db.fetchall(f'PRAGMA table_info("{table}")')]
        for row in await db.fetchall(f'SELECT rowid AS "#rowid", * FROM "{table}"'):
            if (table, row["#rowid"]) in skip:
                continue
            for column in columns:
                cell = row[column]
                if cell is None:
                    continue
                text = cell.decode("utf-8", "replace") if isinstance(cell, bytes) else str(cell)
                found += [(table, column, v) for v in values if v in text]
    return found


def file_bytes(path: str) -> bytes:
    """The database file and its write-ahead log, as bytes."""
    return b"".join(
        Path(path + suffix).read_bytes() for suffix in ("", "-wal") if Path(path + suffix).exists()
    )


async def counts(db: Database) -> dict[str, int]:
    tables = await db.fetchall(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    )
    return {t: await db.fetchval(f'SELECT count(*) FROM "{t}"') for (t,) in tables}


async def seed_person(runtime: Runtime) -> dict[str, Any]:
    db, users = runtime.db, UserRepository(runtime.db)
    await users.touch(VICTIM, first_name="Бермет", last_name="Жумабаева", username="bermet_j")
    await users.update_profile(
        VICTIM,
        full_name=FULL_NAME,
        position="head",
        oblast="naryn",
        district="kochkor",
        municipality=MUNICIPALITY,
        phone=PHONE,
    )
    await users.touch(OTHER, first_name="Нурлан", username="nurlan_t")
    await users.update_profile(
        OTHER,
        full_name="Токтогулов Нурлан",
        position="deputy",
        oblast="chuy",
        phone="+996700111222",
    )
    await users.touch(CONSULTANT, first_name="Айбек", last_name="Консультант")
    await users.set_role(CONSULTANT, Role.consultant)
    consultant = await users.get(CONSULTANT)
    assert consultant is not None

    qids = []
    for n, text in enumerate(QUESTIONS):
        qids.append(
            await log_question(
                db,
                user_id=VICTIM,
                text=text,
                lang="ky",
                status=("escalate", "answered", "suggest")[n],
                results=[] if n == 0 else [{"id": "faq:x", "category": "property"}],
                oblast="naryn",
                position="head",
            )
        )
    await record_feedback(db, qids[1], False)
    other_qid = await log_question(
        db, user_id=OTHER, text=OTHER_QUESTION, lang="ky", status="escalate", results=[]
    )
    offer_id = await record_bot_offer(
        db,
        user_id=VICTIM,
        question=QUESTIONS[0],
        offer=None,
        language="ky",
        source="escalate",
        categories=["land"],
        refs=[],
        score=None,
    )
    svc = TicketService(db, runtime.settings)
    ticket = await svc.create(
        asker_id=VICTIM, question=QUESTIONS[0], language="ky", offer_id=offer_id
    )
    await svc.take(ticket.id, consultant)
    ticket = await svc.get(ticket.id)
    await svc.record_in(ticket, VICTIM, Content(text=IN_MESSAGE), private_message_id=11)
    await svc.record_in(
        ticket,
        VICTIM,
        Content(content_type="document", file_id="file-id-passport", file_name="pasport.pdf"),
        private_message_id=12,
    )
    await svc.record_out(
        await svc.get(ticket.id),
        consultant,
        Content(text=REPLY, html=f"<b>{REPLY}</b>"),
        group_chat_id=GROUP,
        group_message_id=21,
    )
    await svc.record_note(
        await svc.get(ticket.id), consultant, NOTE, group_chat_id=GROUP, group_message_id=22
    )
    draft, _ = await svc.save_to_kb(ticket.id, consultant)
    await svc.close(ticket.id, consultant, RESOLUTION)
    await svc.rate(ticket.id, VICTIM, 4)
    await svc.comment(ticket.id, VICTIM, COMMENT)
    # the other person's ticket, where a consultant's note names the victim
    other_ticket = await svc.create(asker_id=OTHER, question=OTHER_QUESTION, language="ky")
    await svc.take(other_ticket.id, consultant)
    await svc.record_note(
        await svc.get(other_ticket.id),
        consultant,
        f"Бул суроону {FULL_NAME} да берген ({PHONE})",
        group_chat_id=GROUP,
        group_message_id=23,
    )
    # a FAQ draft from /gaps quoting the victim's phrasing among others
    gaps_draft = await db.execute(
        "INSERT INTO faq_drafts(ticket_id, question, answer, category, language, created_by,"
        " created_at) VALUES (NULL, ?, 'Жооп', 'property', 'ky', ?, ?)",
        (QUESTIONS[1] + "\n" + OTHER_QUESTION, CONSULTANT, to_db_time(utcnow())),
    )
    # a half-filled form, an audit entry, an event registration, a subscription
    storage = SQLiteStorage(db)
    key = StorageKey(bot_id=1000000001, chat_id=VICTIM, user_id=VICTIM)
    await storage.set_state(key, "ProfileForm:phone")
    await storage.set_data(key, {"full_name": FULL_NAME, "municipality": MUNICIPALITY})
    await users.audit(VICTIM, "profile.update", str(VICTIM), phone=PHONE, name=FULL_NAME)
    now = to_db_time(utcnow())
    event_id = await db.execute(
        "INSERT INTO events(title_ky, title_ru, starts_at, ends_at, created_at, updated_at)"
        " VALUES ('Семинар', 'Семинар', ?, ?, ?, ?)",
        (now, now, now, now),
    )
    await db.execute(
        "INSERT INTO event_registrations(event_id, user_id, status, queued_at, updated_at)"
        " VALUES (?, ?, 'registered', ?, ?)",
        (event_id, VICTIM, now, now),
    )
    await db.execute(
        "INSERT INTO subscriptions(user_id, topics, created_at, updated_at)"
        " VALUES (?, 'news', ?, ?)",
        (VICTIM, now, now),
    )
    other_note = await db.fetchval(
        "SELECT id FROM ticket_messages WHERE ticket_id = ? AND direction = 'note'",
        (other_ticket.id,),
    )
    return {
        "ticket": ticket.id,
        "draft": draft.id,
        "other_qid": other_qid,
        "event": event_id,
        # other people's rows that quote the victim: erasure by ownership leaves them alone
        "others": frozenset({("ticket_messages", other_note), ("faq_drafts", gaps_draft)}),
    }


async def test_forget_user_leaves_nothing_behind(runtime: Runtime) -> None:
    db = runtime.db
    ids = await seed_person(runtime)
    assert len(await scan(db, secrets())) > 20  # the seed really spread the data around
    assert PHONE.encode() in await asyncio.to_thread(file_bytes, db.path)
    before = await counts(db)
    period = parse_period("today", tz=runtime.settings.tz)
    stats_before = await compute_stats(db, period)

    report = await forget_user(db, VICTIM)

    left = await scan(db, secrets(), skip=ids["others"])
    assert left == [], left
    assert await leftovers(db, secrets()) == [
        ("ticket_messages", "text", 1),
        ("faq_drafts", "question", 1),
    ]
    assert report.total > 0 and {"users", "questions", "tickets"} <= set(report.changed)
    # counts still add up: nothing a statistic counts was deleted
    after = await counts(db)
    assert after.pop("fsm_storage") == before.pop("fsm_storage") - 1
    assert after.pop("audit_log") == before.pop("audit_log") + 1  # privacy.forget
    assert after == before
    stats_after = await compute_stats(db, period)
    assert stats_after.questions == stats_before.questions == 4
    assert stats_after.by_status == stats_before.by_status
    assert (stats_after.feedback, stats_after.helped) == (stats_before.feedback, 0)
    assert stats_after.tickets_opened == stats_before.tickets_opened == 2
    assert stats_after.csat_dist == stats_before.csat_dist and stats_after.csat_count == 1
    assert [(g.key, g.questions, g.tickets) for g in stats_after.oblasts] == [
        (g.key, g.questions, g.tickets) for g in stats_before.oblasts
    ]
    # what stays is anonymous: the ticket keeps status, category and rating
    ticket = await db.fetchone("SELECT * FROM tickets WHERE id = ?", (ids["ticket"],))
    assert (ticket["status"], ticket["rating"], ticket["question"]) == ("closed", 4, "")
    user = await UserRepository(db).get(VICTIM)
    assert user is not None
    assert (user.full_name, user.phone, user.municipality, user.first_name) == (
        None,
        None,
        None,
        "",
    )
    assert (user.oblast, user.position, user.is_registered) == ("naryn", "head", False)
    # the other person is untouched, even the rows that quote the victim (no text matching)
    other = await UserRepository(db).get(OTHER)
    assert other is not None and other.full_name == "Токтогулов Нурлан"
    assert other.phone == "+996700111222"
    text = await db.fetchval("SELECT text FROM questions WHERE id = ?", (ids["other_qid"],))
    assert text == OTHER_QUESTION
    note = await db.fetchval("SELECT text FROM ticket_messages WHERE text LIKE 'Бул суроону%'")
    assert note == f"Бул суроону {FULL_NAME} да берген ({PHONE})"
    draft = await db.fetchval("SELECT question FROM faq_drafts WHERE ticket_id IS NULL")
    assert draft == QUESTIONS[1] + "\n" + OTHER_QUESTION
    # nothing lingers in the file's free pages or in the WAL either (the phone and the full
    # name are still in the other person's note, so they are not looked for in the bytes)
    raw = await asyncio.to_thread(file_bytes, db.path)
    for value in (QUESTIONS[0], IN_MESSAGE, MUNICIPALITY, REPLY, COMMENT, "bermet_j"):
        assert value.encode() not in raw, value
    # forgetting twice is harmless
    again = await forget_user(db, VICTIM)
    assert again.changed.keys() <= {"audit_log"}


async def test_export_user_gives_everything(runtime: Runtime) -> None:
    ids = await seed_person(runtime)
    data = await export_user(runtime.db, VICTIM)
    text = json.dumps(data, ensure_ascii=False)
    tables = data["tables"]
    assert tables["users"][0]["phone"] == PHONE
    assert sorted(q["text"] for q in tables["questions"]) == sorted(QUESTIONS)
    assert [t["id"] for t in tables["tickets"]] == [ids["ticket"]]
    assert IN_MESSAGE in text and REPLY in text and COMMENT in text
    assert tables["event_registrations"][0]["event_id"] == ids["event"]
    assert tables["subscriptions"][0]["topics"] == "news"
    assert tables["fsm_storage"][0]["data"]["municipality"] == MUNICIPALITY
    assert OTHER_QUESTION not in text  # other people's data is not in it
    assert "Токтогулов" not in text
    # after /forget_me the export shows what is left: nothing personal
    await forget_user(runtime.db, VICTIM)
    text = json.dumps(await export_user(runtime.db, VICTIM), ensure_ascii=False)
    assert not [s for s in secrets() if s in text]


async def test_forget_me_in_the_bot(
    dp: Dispatcher, bot: Bot, session: RecordingSession, runtime: Runtime
) -> None:
    ids = await seed_person(runtime)
    user = tg_user(VICTIM, first_name="Бермет")
    await UserRepository(runtime.db).set_language(VICTIM, "ru")
    await dp.feed_update(bot, message_update(user, "/forget_me"))
    confirm = session.sent()[-1]
    assert "Удалить мои личные данные?" in confirm.text
    buttons = [b.callback_data for row in confirm.reply_markup.inline_keyboard for b in row]
    assert buttons == ["fgt:yes", "fgt:no"]
    # "no" changes nothing
    await dp.feed_update(bot, callback_update(user, "fgt:no"))
    assert "ничего не удалено" in session.sent("EditMessageText")[-1].text
    assert await scan(runtime.db, [PHONE]) != []
    # "yes" erases
    await dp.feed_update(bot, callback_update(user, "fgt:yes"))
    assert "личные данные удалены" in session.sent("EditMessageText")[-1].text
    assert await scan(runtime.db, secrets(), skip=ids["others"]) == []


@pytest.mark.parametrize("who", [OTHER, CONSULTANT])
async def test_anyone_may_forget_themselves_only(runtime: Runtime, who: int) -> None:
    await seed_person(runtime)
    await forget_user(runtime.db, who)
    # the victim's data is still all there
    assert PHONE in {r[2] for r in await scan(runtime.db, [PHONE])}
    assert len(await scan(runtime.db, QUESTIONS)) >= 3
