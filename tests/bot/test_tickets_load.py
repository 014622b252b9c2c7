"""The call-center under load (issue 11), in process: stored before anything is sent, waiting
messages combined, reopen after a rating, independent close steps, relays that fail for good
shown and retried by hand, several consultants' groups, working from the private chat in the
consultant's own language, media before a ticket, questions linked to their tickets."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import pytest
from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramBadRequest, TelegramServerError
from aiogram.methods import TelegramMethod
from aiogram.types import Chat, Message, User, Voice

from bot.app import Runtime, create_dispatcher
from bot.config import SettingsError, load_settings
from bot.keyboards.tickets import RelayRetryCallback
from bot.workers.relay import Courier, Relay
from db.repositories.users import UserRepository
from services.question_log import get_question, log_question
from services.tickets import (
    consultants_chat_for,
    consultants_chats,
    record_bot_offer,
    sla_state,
)
from tests.bot import test_tickets_handlers as callcenter
from tests.bot.test_tickets_handlers import (
    ASKER,
    C1,
    GROUP,
    SUP,
    SelectiveSession,
    group_callback,
    group_message,
    open_ticket,
    private_callback,
    sent_to,
)
from tests.helpers.recording import BOT_USER
from tests.helpers.updates import message_update, tg_user

# the call-center fixtures of the in-process tests: the same session, dispatcher and staff
session = callcenter.session
dp = callcenter.dp
cc = callcenter.cc


def bot_message(chat_id: int, message_id: int, text: str = "…") -> Message:
    chat = Chat(id=chat_id, type="private" if chat_id > 0 else "supergroup")
    return Message(
        message_id=message_id,
        date=dt.datetime.now(dt.UTC),
        chat=chat,
        from_user=User(id=BOT_USER.id, is_bot=True, first_name="bot"),
        text=text,
    )


async def taken_ticket(dp: Dispatcher, bot: Bot, session: Any, cc: Runtime) -> tuple[Any, int]:
    ticket = await open_ticket(dp, bot, session, cc)
    await dp.feed_update(bot, group_callback(tg_user(C1, "Асель", "ru"), f"tk:take:{ticket.id}"))
    thread = (await cc.tickets.get(ticket.id)).thread_id
    return ticket, thread


class GatedSession(SelectiveSession):
    """Sends to the consultants' group wait until the test opens the gate."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = asyncio.Event()
        self.gate.set()

    async def make_request(
        self, bot: Bot, method: TelegramMethod[Any], timeout: int | None = None
    ) -> Any:
        if getattr(method, "chat_id", None) == GROUP and type(method).__name__ == "SendMessage":
            await self.gate.wait()
        return await super().make_request(bot, method, timeout)


@pytest.fixture
def gated() -> GatedSession:
    return GatedSession()


async def test_burst_is_stored_before_anything_is_sent_then_combined_in_order(
    dp: Dispatcher, bot: Bot, gated: GatedSession, cc: Runtime
) -> None:
    bot.session = gated
    _ticket, _thread = await taken_ticket(dp, bot, gated, cc)
    raw = create_dispatcher(cc)  # no waiting for the background: the handler's own time
    asker = tg_user(ASKER, language_code="ru")
    gated.gate.clear()  # the group is "busy" (Telegram's 20 a minute)
    gated.clear()
    for n in range(1, 7):
        # each update is handled (stored) at once although nothing can be sent to the group
        await asyncio.wait_for(raw.feed_update(bot, message_update(asker, f"Часть {n}")), 2)
    rows = await cc.db.fetchall(
        "SELECT text, delivery_status FROM ticket_messages WHERE direction = 'in' ORDER BY id"
    )
    assert [r["text"] for r in rows] == [f"Часть {n}" for n in range(1, 7)]
    assert not any("Часть" in t for t in gated.texts(GROUP))  # nothing reached the group yet
    gated.gate.set()
    await Courier.of(cc, bot).idle()
    relayed = [t for t in gated.texts(GROUP) if "Часть" in t]
    # the first went alone (it was being sent when the others arrived); the rest as one
    assert len(relayed) == 2
    joined = "\n".join(relayed)
    positions = [joined.index(f"Часть {n}") for n in range(1, 7)]
    assert positions == sorted(positions)  # in order, each exactly once
    assert all(joined.count(f"Часть {n}") == 1 for n in range(1, 7))
    combined = relayed[1]
    assert "5 новых сообщений" in combined and combined.count("Айбек") == 5
    assert "10:00" in combined  # each with its author and time (Bishkek)
    rows = await cc.db.fetchall(
        "SELECT id, delivery_status, group_message_id, combined_with FROM ticket_messages"
        " WHERE direction = 'in' ORDER BY id"
    )
    assert {r["delivery_status"] for r in rows} == {"sent"}
    lead = rows[1]
    assert all(r["group_message_id"] == lead["group_message_id"] for r in rows[1:])
    assert [r["combined_with"] for r in rows[2:]] == [lead["id"]] * 4

    # an edit of a message inside a combined copy comes as a new copy, not by overwriting
    source = await cc.db.fetchval(
        "SELECT private_message_id FROM ticket_messages WHERE id = ?", (rows[3]["id"],)
    )
    gated.clear()
    edit = message_update(asker, "Часть 4 (исправлено)", edited=True)
    assert edit.edited_message is not None
    edit = edit.model_copy(
        update={"edited_message": edit.edited_message.model_copy(update={"message_id": source})}
    )
    await dp.feed_update(bot, edit)
    assert not gated.sent("EditMessageText")
    assert any("Часть 4 (исправлено)" in t for t in gated.texts(GROUP))


async def test_combining_can_be_switched_off(
    dp: Dispatcher, bot: Bot, gated: GatedSession, cc: Runtime
) -> None:
    cc.reconfigure(cc.settings.model_copy(update={"relay_combine": False}))
    bot.session = gated
    await taken_ticket(dp, bot, gated, cc)
    raw = create_dispatcher(cc)
    asker = tg_user(ASKER, language_code="ru")
    gated.gate.clear()
    gated.clear()
    for n in range(1, 5):
        await asyncio.wait_for(raw.feed_update(bot, message_update(asker, f"Часть {n}")), 2)
    gated.gate.set()
    await Courier.of(cc, bot).idle()
    assert [t.split("\n")[-1] for t in gated.texts(GROUP) if "Часть" in t] == [
        f"Часть {n}" for n in range(1, 5)
    ]


async def test_reopen_from_the_rating_message_relays_the_next_message(
    dp: Dispatcher, bot: Bot, session: SelectiveSession, cc: Runtime
) -> None:
    ticket, thread = await taken_ticket(dp, bot, session, cc)
    svc = cc.tickets
    c1, asker = tg_user(C1, "Асель", "ru"), tg_user(ASKER, language_code="ru")
    await dp.feed_update(bot, group_message(c1, "Ответ по аренде", thread))
    await dp.feed_update(bot, group_message(c1, "/close Разъяснили", thread))
    await dp.feed_update(bot, private_callback(asker, f"rate:{ticket.id}:5"))
    assert (await svc.get(ticket.id)).rating == 5  # the rating step now waits for a comment
    cc.clock.inner.advance(hours=1)
    await dp.feed_update(bot, private_callback(asker, f"tka:reopen:{ticket.id}"))
    reopened = await svc.get(ticket.id)
    assert reopened.status == "reopened"
    # the SLA first-reply timer runs again from the reopening
    sla = sla_state(reopened, await svc.calendar(), cc.settings, svc.now())
    assert sla.response_due is not None and sla.response_due > reopened.reopened_at
    assert reopened.sla_response_fired_at is None
    session.clear()
    await dp.feed_update(bot, message_update(asker, "Остался вопрос про сроки"))
    after = await svc.get(ticket.id)
    assert after.rating_comment is None  # not taken for a rating comment
    assert any("Остался вопрос про сроки" in t for t in session.texts(GROUP))
    stored = await cc.db.fetchval(
        "SELECT delivery_status FROM ticket_messages WHERE text = 'Остался вопрос про сроки'"
    )
    assert stored == "sent"
    await dp.feed_update(bot, group_message(c1, "Срок — 5 лет", thread))
    assert any("Срок — 5 лет" in t for t in session.texts(ASKER))
    replied = await svc.get(ticket.id)
    assert sla_state(replied, await svc.calendar(), cc.settings, svc.now()).response_due is None
    await dp.feed_update(bot, group_message(c1, "/close Разъяснили сроки", thread))
    closed = await svc.get(ticket.id)
    assert closed.status == "closed" and closed.resolution == "Разъяснили сроки"
    prompts = [t for t in session.texts(ASKER) if "закрыто" in t]
    assert len(prompts) == 1 and "Разъяснили сроки" in prompts[0]


async def test_close_steps_run_and_retry_independently(
    dp: Dispatcher, bot: Bot, session: SelectiveSession, cc: Runtime
) -> None:
    ticket, thread = await taken_ticket(dp, bot, session, cc)
    c1 = tg_user(C1, "Асель", "ru")
    await dp.feed_update(bot, group_message(c1, "Ответ", thread))
    session.fail_with["EditForumTopic"] = TelegramServerError(
        method=None,  # type: ignore[arg-type]
        message="Internal Server Error",
    )
    session.clear()
    await dp.feed_update(bot, group_message(c1, "/close Готово", thread))
    # renaming the topic failed, the rating prompt and the group's notice went out anyway
    assert [t for t in session.texts(ASKER) if "закрыто" in t]
    assert any("закрыто (" in t for t in session.texts(GROUP))  # ev-closed: "… закрыто (Асель)"
    event = (await cc.tickets.repo.events(ticket.id))[-1]
    assert event.kind == "closed" and event.notify_status == "failed"
    assert set(event.details["failed"]) == {"topic_name"}
    assert set(event.details["done"]) == {"asker", "group", "card"}
    del session.fail_with["EditForumTopic"]
    cc.clock.inner.advance(minutes=1)
    session.clear()
    relay = Relay.of(cc, bot)
    assert (await relay.sweep())["events"] == 1
    assert len(session.sent("EditForumTopic")) == 1  # only the failed step was repeated
    assert not session.texts(ASKER)
    assert (await relay.repo.get_event(event.id)).notify_status == "sent"


async def test_dead_relay_is_kept_shown_alerted_once_and_retried_by_hand(
    dp: Dispatcher, bot: Bot, session: SelectiveSession, cc: Runtime
) -> None:
    _ticket, thread = await taken_ticket(dp, bot, session, cc)
    c1, sup = tg_user(C1, "Асель", "ru"), tg_user(SUP, "Супер", "ru")
    session.fail_chat[ASKER] = TelegramBadRequest(
        method=None,  # type: ignore[arg-type]
        message="Bad Request: chat not found",
    )
    await dp.feed_update(bot, group_message(c1, "Ответ, который не дойдёт", thread))
    row = await cc.db.fetchone("SELECT * FROM ticket_messages WHERE direction = 'out'")
    assert row["delivery_status"] == "dead"  # kept, not dropped
    assert any("Не удалось доставить" in t for t in session.texts(GROUP))
    alerts = [t for t in session.texts(SUP) if "не удалось доставить автору" in t]
    assert len(alerts) == 1 and "Ответ, который не дойдёт" in alerts[0]
    await Relay.of(cc, bot).sweep()
    await Relay.of(cc, bot).sweep()
    assert len([t for t in session.texts(SUP) if "не удалось доставить" in t]) == 1  # once
    session.clear()
    await dp.feed_update(bot, message_update(sup, "/queue"))
    shown = [m for m in sent_to(session, SUP) if "Не доставлено после всех повторов" in m.text]
    assert shown and "Ответ, который не дойдёт" in shown[0].text
    button = shown[0].reply_markup.inline_keyboard[0][0]
    assert button.callback_data == RelayRetryCallback(message_id=row["id"]).pack()
    # an official cannot press it; the supervisor can, once the chat works again
    await dp.feed_update(
        bot, private_callback(tg_user(ASKER, language_code="ru"), button.callback_data)
    )
    assert (await cc.db.fetchval("SELECT delivery_status FROM ticket_messages WHERE id = ?",
                                 (row["id"],))) == "dead"  # fmt: skip
    del session.fail_chat[ASKER]
    session.clear()
    await dp.feed_update(bot, private_callback(sup, button.callback_data))
    assert any("Ответ, который не дойдёт" in t for t in session.texts(ASKER))
    status = await cc.db.fetchval(
        "SELECT delivery_status FROM ticket_messages WHERE id = ?", (row["id"],)
    )
    assert status == "sent"


def test_consultants_groups_setting_and_routing(settings: Any) -> None:
    parsed = load_settings(
        bot_token="1:x", consultants_chat_id=-100111, consultants_groups="land=-100222, OSH=-100333"
    )
    assert parsed.consultants_groups == {"land": -100222, "osh": -100333}
    assert consultants_chat_for(parsed, "land", "osh") == -100222  # category first
    assert consultants_chat_for(parsed, "budget", "osh") == -100333  # then the oblast
    assert consultants_chat_for(parsed, "budget", "chuy") == -100111  # else the default
    assert consultants_chats(parsed) == {-100111, -100222, -100333}
    with pytest.raises(SettingsError, match="CONSULTANTS_GROUPS"):
        load_settings(bot_token="1:x", consultants_groups="land:-100222")


async def test_ticket_goes_to_its_groups_and_is_served_there(
    dp: Dispatcher, bot: Bot, session: SelectiveSession, cc: Runtime
) -> None:
    land = -1002000000002
    cc.reconfigure(cc.settings.model_copy(update={"consultants_groups": {"land": land}}))
    ticket = await open_ticket(dp, bot, session, cc)  # a land question
    assert ticket.chat_id == land
    assert session.sent("CreateForumTopic")[-1].chat_id == land
    fresh = await cc.tickets.get(ticket.id)
    c1 = tg_user(C1, "Асель", "ru")
    take = group_callback(c1, f"tk:take:{ticket.id}")
    assert take.callback_query is not None and take.callback_query.message is not None
    card = take.callback_query.message.model_copy(
        update={"chat": Chat(id=land, type="supergroup", is_forum=True)}
    )
    take = take.model_copy(
        update={"callback_query": take.callback_query.model_copy(update={"message": card})}
    )
    await dp.feed_update(bot, take)
    assert (await cc.tickets.get(ticket.id)).owner_id == C1
    reply = message_update(
        c1, "Ответ из земельной группы", chat_id=land, chat_type="supergroup",
        thread_id=fresh.thread_id, is_topic_message=True,
    )  # fmt: skip
    await dp.feed_update(bot, reply)
    assert any("Ответ из земельной группы" in t for t in session.texts(ASKER))


async def test_consultant_works_from_the_private_chat_in_own_language(
    dp: Dispatcher, bot: Bot, session: SelectiveSession, cc: Runtime
) -> None:
    await UserRepository(cc.db).set_language(C1, "ky")  # the group speaks Russian
    ticket, _thread = await taken_ticket(dp, bot, session, cc)
    c1, asker = tg_user(C1, "Асель", "ky"), tg_user(ASKER, language_code="ru")
    await dp.feed_update(bot, message_update(c1, "/inbox on"))
    assert "жеке чатка" in session.texts(C1)[-1]
    session.clear()
    await dp.feed_update(bot, message_update(asker, "Вопрос в личку консультанту"))
    to_c1 = [m for m in sent_to(session, C1) if "Вопрос в личку" in m.text]
    assert len(to_c1) == 1 and not any("Вопрос в личку" in t for t in session.texts(GROUP))
    relayed_id = await cc.db.fetchone(
        "SELECT group_chat_id, group_message_id FROM ticket_messages"
        " WHERE text = 'Вопрос в личку консультанту'"
    )
    assert relayed_id["group_chat_id"] == C1
    # the consultant answers by replying to it: the asker gets it
    await dp.feed_update(
        bot,
        message_update(
            c1, "Ответ из лички", reply_to_message=bot_message(C1, relayed_id["group_message_id"])
        ),
    )
    assert any("Ответ из лички" in t for t in session.texts(ASKER))
    await dp.feed_update(bot, message_update(c1, "// заметка для себя"))
    assert not any("заметка" in t for t in session.texts(ASKER))
    await dp.feed_update(bot, message_update(c1, "/close Разъяснили в личке"))
    closed = await cc.tickets.get(ticket.id)
    assert closed.status == "closed" and closed.resolution == "Разъяснили в личке"
    # the rating reaches the owner there too, in the owner's language
    await dp.feed_update(bot, private_callback(asker, f"rate:{ticket.id}:5"))
    assert "жоопту баалады" in session.texts(C1)[-1] and "5/5" in session.texts(C1)[-1]
    await dp.feed_update(bot, message_update(c1, "/inbox off"))
    assert "тобундагы" in session.texts(C1)[-1]


async def test_voice_note_outside_a_ticket_opens_one_after_confirmation(
    dp: Dispatcher, bot: Bot, session: SelectiveSession, cc: Runtime
) -> None:
    asker = tg_user(ASKER, language_code="ru")
    voice = Voice(file_id="VOICE1", file_unique_id="v1", duration=7)
    await dp.feed_update(bot, message_update(asker, None, voice=voice))
    svc = cc.tickets
    assert await svc.open_for(ASKER) is None  # nothing opened without asking
    confirm = sent_to(session, ASKER)[-1]
    assert "голосовое" in confirm.text
    go = confirm.reply_markup.inline_keyboard[0][0].callback_data
    await dp.feed_update(bot, private_callback(asker, go))
    ticket = await svc.open_for(ASKER)
    assert ticket is not None and ticket.question == "[голосовое]"
    relayed = [r for r in session.sent("SendVoice") if r.chat_id == GROUP]
    assert len(relayed) == 1 and relayed[0].voice == "VOICE1"
    assert relayed[0].message_thread_id == (await svc.get(ticket.id)).thread_id
    # pressing again does not open a second ticket
    await dp.feed_update(bot, private_callback(asker, go))
    assert await cc.db.fetchval("SELECT count(*) FROM tickets") == 1


async def test_question_is_linked_to_the_ticket_made_from_it(cc: Runtime) -> None:
    qid = await log_question(
        cc.db, user_id=ASKER, text="Как сдать землю в аренду?", lang="ru", status="escalate",
        results=[],
    )  # fmt: skip
    offer_id = await record_bot_offer(
        cc.db, user_id=ASKER, question="Как сдать землю в аренду?", offer=None,
        source="escalate", language="ru", question_id=qid,
    )  # fmt: skip
    ticket = await cc.tickets.create_from_offer(asker_id=ASKER, offer_id=offer_id, language="ru")
    logged = await get_question(cc.db, qid)
    assert logged is not None and logged.ticket_id == ticket.id


async def test_relays_refused_by_the_group_are_kept_dead_and_alerted(
    dp: Dispatcher, bot: Bot, gated: GatedSession, cc: Runtime
) -> None:
    bot.session = gated
    await taken_ticket(dp, bot, gated, cc)
    raw = create_dispatcher(cc)
    asker = tg_user(ASKER, language_code="ru")
    gated.gate.clear()
    for n in range(1, 4):
        await asyncio.wait_for(raw.feed_update(bot, message_update(asker, f"Часть {n}")), 2)
    gated.fail_chat[GROUP] = TelegramBadRequest(
        method=None,  # type: ignore[arg-type]
        message="Bad Request: chat not found",
    )
    gated.clear()
    gated.gate.set()
    await Courier.of(cc, bot).idle()
    statuses = await cc.db.fetchall(
        "SELECT delivery_status FROM ticket_messages WHERE direction = 'in' ORDER BY id"
    )
    assert [r["delivery_status"] for r in statuses] == ["dead"] * 3  # kept, not dropped
    alerts = [t for t in gated.texts(SUP) if "не удалось передать консультантам" in t]
    assert len(alerts) == 3 and all(f"Часть {n}" in "".join(alerts) for n in range(1, 4))
