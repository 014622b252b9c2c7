"""/forget_me erases by ownership (issue 12, items 2 and 3).

The attack: an official sets their profile name to a phrase other people use ("Семинар по
бюджету") and runs /forget_me.  Nothing of anybody else may change.  And a FAQ entry approved
from the official's own ticket must no longer carry their name, phone or village, nor be
searchable until a supervisor approves it again.
"""

from __future__ import annotations

import json

from aiogram import Bot, Dispatcher

from bot.app import Runtime
from db.database import to_db_time, utcnow
from db.repositories.knowledge import KnowledgeRepository
from db.repositories.tickets import TicketRow
from db.repositories.users import Role, User, UserRepository
from services.privacy import forget_user
from services.tickets import Content, TicketService
from tests.helpers.recording import RecordingSession
from tests.helpers.updates import callback_update, tg_user

ATTACKER, VICTIM, CONSULTANT, SUPERVISOR = 601, 602, 203, 303
GROUP = -1001000000001
PHRASE = "Семинар по бюджету"
VICTIM_QUESTION = f"{PHRASE}: когда он будет и кого приглашают?"
CONSULTANT_REPLY = f"{PHRASE} пройдёт в мае, приглашены главы айыл окмоту."
ATTACKER_PHONE = "+996700987654"
ATTACKER_VILLAGE = "Байтик айыл аймагы"
ATTACKER_QUESTION = "Кто утверждает смету айыл окмоту?"
ANSWER_NAMING_ATTACKER = (
    f"{PHRASE}, здравствуйте! Смету утверждает айыльный кенеш (Байтик). "
    f"Перезвоним на {ATTACKER_PHONE}."
)


async def _answered(
    svc: TicketService, consultant: User, asker: int, question: str, reply: str, message_id: int
) -> TicketRow:
    """A Russian ticket of ``asker``, taken by ``consultant`` and answered with ``reply``
    (message ``message_id`` in the consultants' group)."""
    ticket = await svc.create(asker_id=asker, question=question, language="ru")
    await svc.take(ticket.id, consultant)
    stored = await svc.get(ticket.id)
    content = Content(text=reply)
    await svc.record_out(
        stored, consultant, content, group_chat_id=GROUP, group_message_id=message_id
    )
    return ticket


async def _seed(runtime: Runtime) -> dict[str, int]:
    db, users = runtime.db, UserRepository(runtime.db)
    await users.touch(ATTACKER, first_name="Семинар", last_name="по бюджету")
    await users.update_profile(
        ATTACKER,
        full_name=PHRASE,
        position="head",
        oblast="chuy",
        district="alamudun",
        municipality=ATTACKER_VILLAGE,
        phone=ATTACKER_PHONE,
    )
    await users.touch(VICTIM, first_name="Нурлан")
    await users.touch(CONSULTANT, first_name="Айбек")
    await users.set_role(CONSULTANT, Role.consultant)
    await users.touch(SUPERVISOR, first_name="Гүлнара")
    await users.set_role(SUPERVISOR, Role.supervisor)
    consultant = await users.get(CONSULTANT)
    supervisor = await users.get(SUPERVISOR)
    assert consultant is not None and supervisor is not None
    svc = TicketService(db, runtime.settings)

    # another user's ticket about the seminar, and the consultant's reply
    other = await _answered(svc, consultant, VICTIM, VICTIM_QUESTION, CONSULTANT_REPLY, 31)
    # an event titled with the phrase, a canned reply and a /gaps FAQ draft using it
    now = to_db_time(utcnow())
    event = await db.execute(
        "INSERT INTO events(title_ky, title_ru, starts_at, ends_at, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (PHRASE, PHRASE, now, now, now, now),
    )
    await svc.canned_add(consultant, "seminar", f"{PHRASE}: регистрация открыта", "ru")
    gaps_draft = await db.execute(
        "INSERT INTO faq_drafts(ticket_id, question, answer, category, language, created_by,"
        " created_at) VALUES (NULL, ?, ?, 'budget', 'ru', ?, ?)",
        (f"Когда {PHRASE}?", f"{PHRASE} — в мае.", CONSULTANT, now),
    )
    # the attacker's own ticket, answered, saved to the KB and approved
    own = await _answered(svc, consultant, ATTACKER, ATTACKER_QUESTION, ANSWER_NAMING_ATTACKER, 32)
    draft, _ = await svc.save_to_kb(own.id, consultant)
    approved = await svc.review_draft(draft.id, supervisor, approve=True)
    assert approved.status == "approved" and approved.faq_id == f"ticket-{own.id}"
    return {
        "other": other.id,
        "event": event,
        "gaps_draft": gaps_draft,
        "own": own.id,
        "draft": draft.id,
    }


async def _others_snapshot(runtime: Runtime, ids: dict[str, int]) -> dict[str, object]:
    db = runtime.db
    return {
        "question": await db.fetchval("SELECT question FROM tickets WHERE id = ?", (ids["other"],)),
        "messages": [
            tuple(r)
            for r in await db.fetchall(
                "SELECT text, html FROM ticket_messages WHERE ticket_id = ? ORDER BY id",
                (ids["other"],),
            )
        ],
        "event": tuple(
            await db.fetchone("SELECT title_ky, title_ru FROM events WHERE id = ?", (ids["event"],))
        ),
        "canned": await db.fetchval("SELECT text FROM canned_replies WHERE name = 'seminar'"),
        "gaps": tuple(
            await db.fetchone(
                "SELECT question, answer FROM faq_drafts WHERE id = ?", (ids["gaps_draft"],)
            )
        ),
        "victim": tuple(await db.fetchone("SELECT * FROM users WHERE id = ?", (VICTIM,))),
    }


async def test_forget_me_with_a_common_phrase_as_name_touches_nobody_else(
    runtime: Runtime,
) -> None:
    ids = await _seed(runtime)
    before = await _others_snapshot(runtime, ids)
    assert before["question"] == VICTIM_QUESTION and before["event"] == (PHRASE, PHRASE)

    report = await forget_user(runtime.db, ATTACKER)

    after = await _others_snapshot(runtime, ids)
    assert after == before  # another user's ticket, the reply, event, canned reply, /gaps draft
    assert report.checkpointed
    # the attacker's own data is gone
    user = await UserRepository(runtime.db).get(ATTACKER)
    assert user is not None and (user.full_name, user.phone, user.municipality) == (
        None,
        None,
        None,
    )
    own = await runtime.db.fetchval("SELECT question FROM tickets WHERE id = ?", (ids["own"],))
    assert own == ""


async def test_faq_from_the_users_ticket_is_anonymised_and_leaves_the_kb(
    runtime: Runtime,
) -> None:
    ids = await _seed(runtime)
    repo = KnowledgeRepository(runtime.db)
    faq_id = f"ticket-{ids['own']}"
    assert faq_id in {f.id for f in (await repo.load()).faq}  # searchable before
    version = await repo.version()

    await forget_user(runtime.db, ATTACKER)

    row = await runtime.db.fetchone(
        "SELECT questions, answer, status FROM kb_faq WHERE id = ?", (faq_id,)
    )
    stored = row["questions"] + row["answer"]
    for secret in (PHRASE, "Семинар", ATTACKER_PHONE, "Байтик", ATTACKER_QUESTION):
        assert secret not in stored, secret
    answer = json.loads(row["answer"])["ru"]
    assert "Смету утверждает айыльный кенеш" in answer  # the consultant's text stays
    assert row["status"] == "draft"
    assert faq_id not in {f.id for f in (await repo.load()).faq}  # out of the search
    assert await repo.version() > version  # the running bot rebuilds its index
    draft = await runtime.db.fetchone(
        "SELECT question, answer, status, reviewed_by FROM faq_drafts WHERE id = ?",
        (ids["draft"],),
    )
    assert draft["status"] == "draft" and draft["reviewed_by"] is None  # to be re-approved
    assert draft["question"] == "[deleted]"
    assert ATTACKER_PHONE not in draft["answer"] and "Байтик" not in draft["answer"]
    # the other user's data is untouched by the anonymisation too
    assert await runtime.db.fetchval(
        "SELECT question FROM tickets WHERE id = ?", (ids["other"],)
    ) == (VICTIM_QUESTION)


async def test_a_busy_checkpoint_is_not_an_erasure_failure(
    dp: Dispatcher, bot: Bot, session: RecordingSession, runtime: Runtime
) -> None:
    """Another reader keeps the WAL from being truncated: the erasure is committed all the
    same and the user is told it is done."""
    import aiosqlite

    await _seed(runtime)
    await UserRepository(runtime.db).set_language(ATTACKER, "ru")
    await runtime.db.conn.execute("PRAGMA busy_timeout = 50")  # do not wait 5 s for the reader
    reader = await aiosqlite.connect(runtime.db.path)
    try:
        await reader.execute("BEGIN")
        await (await reader.execute("SELECT count(*) FROM users")).fetchall()
        user = tg_user(ATTACKER, first_name="Семинар")
        await dp.feed_update(bot, callback_update(user, "fgt:yes"))
        assert "личные данные удалены" in session.sent("EditMessageText")[-1].text
        assert not await runtime.db.checkpoint()  # the reader still holds the WAL
    finally:
        await reader.close()
    assert (await runtime.db.fetchval("SELECT phone FROM users WHERE id = ?", (ATTACKER,))) is None
    assert await runtime.db.checkpoint()
