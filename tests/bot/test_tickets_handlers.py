"""Call-center handlers in process (feed_update + the recording session): the asker's side,
the consultants' topic, forged buttons, card mode, blocked askers, splitting, edits."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError
from aiogram.methods import TelegramMethod
from aiogram.types import Chat, Document, Message, Sticker, Update, User

from bot.app import Runtime, create_dispatcher
from bot.i18n import Translator
from bot.keyboards.search import EscalateCallback
from bot.keyboards.tickets import RateCallback, TicketCallback, TransferCallback
from bot.workers.relay import Courier, Relay
from db.repositories.users import Role, UserRepository
from services.tickets import record_bot_offer
from services.worktime import MovableClock
from tests.helpers.recording import RecordingSession
from tests.helpers.updates import callback_update, message_update, tg_user

GROUP = -1001000000001
ASKER, C1, C2, SUP, OFFICIAL = 1001, 2001, 2002, 2101, 1500
BISHKEK = ZoneInfo("Asia/Bishkek")
_ids = itertools.count(50_000)


def group_message(user: User, text: str | None, thread_id: int | None, **fields: Any) -> Update:
    if thread_id is not None:
        fields.setdefault("is_topic_message", True)
    return message_update(
        user, text, chat_id=GROUP, chat_type="supergroup", thread_id=thread_id, **fields
    )


def group_callback(user: User, data: str, message_id: int = 1) -> Update:
    return callback_update(user, data, message_id=message_id, chat_id=GROUP)


def private_callback(user: User, data: str, message_id: int = 1) -> Update:
    return callback_update(user, data, message_id=message_id)


class SelectiveSession(RecordingSession):
    """Fails requests to chosen chats (e.g. an asker who blocked the bot)."""

    def __init__(self) -> None:
        super().__init__()
        self.fail_chat: dict[int, Exception] = {}

    async def make_request(
        self, bot: Bot, method: TelegramMethod[Any], timeout: int | None = None
    ) -> Any:
        chat_id = getattr(method, "chat_id", None)
        if chat_id in self.fail_chat and type(method).__name__.startswith(("Send", "Copy")):
            self.requests.append(method)
            raise self.fail_chat[chat_id]
        return await super().make_request(bot, method, timeout)


@pytest.fixture
def session() -> SelectiveSession:
    return SelectiveSession()


@pytest.fixture
def dp(runtime: Runtime) -> Dispatcher:
    return settled_dispatcher(runtime)


def settled_dispatcher(runtime: Runtime) -> Dispatcher:
    """The dispatcher; each fed update also waits for the relays it started in the background
    (handlers store, the courier sends), so a test sees what the update caused."""
    dispatcher = create_dispatcher(runtime)
    feed = dispatcher.feed_update

    async def feed_and_settle(bot: Bot, update: Update, **kwargs: Any) -> Any:
        result = await feed(bot, update, **kwargs)
        await Courier.of(runtime, bot).idle()
        return result

    dispatcher.feed_update = feed_and_settle  # type: ignore[method-assign]
    return dispatcher


@pytest.fixture
async def cc(runtime: Runtime) -> Runtime:
    return await staffed(runtime)


async def staffed(runtime: Runtime) -> Runtime:
    """Staff roles and a clock fixed on a Wednesday morning in Bishkek (working time)."""
    runtime.clock.use(MovableClock(dt.datetime(2026, 11, 25, 10, 0, tzinfo=BISHKEK)))
    runtime.reconfigure(runtime.settings.model_copy(update={"consultants_language": "ru"}))
    users = UserRepository(runtime.db)
    for uid, role in ((C1, Role.consultant), (C2, Role.consultant), (SUP, Role.supervisor)):
        await users.touch(uid, first_name=f"Consultant{uid}", telegram_lang="ru")
        await users.set_role(uid, role)
        await users.set_language(uid, "ru")
    await users.touch(ASKER, first_name="Айбек", telegram_lang="ru")
    await users.set_language(ASKER, "ru")
    await users.touch(OFFICIAL, first_name="Чужой", telegram_lang="ru")
    await users.set_language(OFFICIAL, "ru")
    return runtime


async def staffed_with_ticket(runtime: Runtime) -> Any:
    """:func:`staffed`, and a new ticket of ASKER's (in Russian): the ticket."""
    await staffed(runtime)
    return await runtime.tickets.create(asker_id=ASKER, question="Вопрос", language="ru")


def sent_to(session: RecordingSession, chat_id: int, name: str = "SendMessage") -> list[Any]:
    return session.sent(name, chat_id=chat_id)


async def open_ticket(dp: Dispatcher, bot: Bot, session: RecordingSession, runtime: Runtime) -> Any:
    asker = tg_user(ASKER, language_code="ru")
    await dp.feed_update(bot, message_update(asker, "/ask_consultant"))
    assert "Напишите вопрос консультанту" in session.sent()[-1].text
    await dp.feed_update(
        bot, message_update(asker, "Как сдать в аренду земельный участок <фонда>?")
    )
    confirm = session.sent()[-1]
    assert "&lt;фонда&gt;" in confirm.text  # the question is escaped
    first = confirm.reply_markup.inline_keyboard[0][0]
    assert "Земельные вопросы" in first.text and first.callback_data == "tnew:go:0:land"
    await dp.feed_update(bot, private_callback(asker, first.callback_data))
    ticket = await runtime.tickets.open_for(ASKER)
    assert ticket is not None
    return ticket


async def taken_ticket(
    dp: Dispatcher, bot: Bot, session: RecordingSession, runtime: Runtime
) -> tuple[Any, int | None, Any]:
    """A ticket opened by the asker and taken by consultant C1: (ticket, its thread, C1)."""
    ticket = await open_ticket(dp, bot, session, runtime)
    thread = (await runtime.tickets.get(ticket.id)).thread_id
    c1 = tg_user(C1, "Асель", "ru")
    await dp.feed_update(bot, group_callback(c1, f"tk:take:{ticket.id}"))
    return ticket, thread, c1


async def test_full_loop_in_process(
    dp: Dispatcher, bot: Bot, session: RecordingSession, cc: Runtime
) -> None:
    ticket = await open_ticket(dp, bot, session, cc)
    # the asker was told, and (profile incomplete) asked for the missing details
    edits = [r for r in session.requests if type(r).__name__ == "EditMessageText"]
    assert any(f"№{ticket.id}" in e.text and "создано" in e.text for e in edits)
    offer = next(m for m in sent_to(session, ASKER) if "не хватает" in m.text)
    assert "имя, должность, область и район, муниципалитет" in offer.text
    fill = offer.reply_markup.inline_keyboard[0][0].callback_data
    assert fill == f"prof:fill:{ticket.id}"
    # a forum topic and a card with the four buttons
    topic = session.sent("CreateForumTopic")[-1]
    assert topic.chat_id == GROUP and topic.name.startswith(f"№{ticket.id}")
    card = next(m for m in sent_to(session, GROUP) if "Как сдать в аренду" in m.text)
    fresh = await cc.tickets.get(ticket.id)
    assert card.message_thread_id == fresh.thread_id is not None
    buttons = [b.callback_data for row in card.reply_markup.inline_keyboard for b in row]
    assert buttons == [f"tk:{a}:{ticket.id}" for a in ("take", "transfer", "close", "kb")]
    assert "&lt;фонда&gt;" in card.text

    # forged Take from an official: refused and logged
    official = tg_user(OFFICIAL, language_code="ru")
    session.clear()
    await dp.feed_update(bot, group_callback(official, f"tk:take:{ticket.id}"))
    assert session.sent("AnswerCallbackQuery")[-1].show_alert
    refused = await cc.db.fetchval(
        "SELECT count(*) FROM audit_log WHERE actor_id = ? AND allowed = 0", (OFFICIAL,)
    )
    assert refused == 1
    assert (await cc.tickets.get(ticket.id)).owner_id is None

    # Take by consultant 1; consultant 2 is told who has it
    c1, c2 = tg_user(C1, "Асель", "ru"), tg_user(C2, "Бакыт", "ru")
    await dp.feed_update(bot, group_callback(c1, f"tk:take:{ticket.id}"))
    await dp.feed_update(bot, group_callback(c2, f"tk:take:{ticket.id}"))
    answers = session.sent("AnswerCallbackQuery")
    assert "Вы взяли" in answers[-2].text
    assert "уже взял" in answers[-1].text and answers[-1].show_alert
    assert any("взял ваше обращение" in t for t in session.texts(ASKER))
    card_edits = [r for r in session.sent("EditMessageText") if r.chat_id == GROUP]
    assert "Ответственный" in card_edits[-1].text and "Асель" in card_edits[-1].text

    # the asker fills in the missing profile; the card shows it
    asker = tg_user(ASKER, language_code="ru")
    await dp.feed_update(bot, private_callback(asker, fill))
    assert "полное имя" in session.sent()[-1].text
    await dp.feed_update(bot, message_update(asker, "Асанов Айбек Токтогулович"))
    await dp.feed_update(bot, private_callback(asker, "pos:head"))
    await dp.feed_update(bot, private_callback(asker, "geo:r:naryn"))
    await dp.feed_update(bot, private_callback(asker, "geo:d:aktalaa"))
    await dp.feed_update(bot, message_update(asker, "Баетов а/а"))
    assert "Телефон" in session.sent()[-1].text
    await dp.feed_update(bot, message_update(asker, "Пропустить"))
    profile = await UserRepository(cc.db).get(ASKER)
    assert profile is not None and profile.is_registered and profile.district == "aktalaa"
    card_now = [r for r in session.sent("EditMessageText") if r.chat_id == GROUP][-1].text
    assert "Ак-Талинский район" in card_now and "Баетов а/а" in card_now
    assert "Глава айыл окмоту" in card_now

    thread = fresh.thread_id
    # consultant 2 cannot answer; a note is never relayed; unsupported content is explained
    session.clear()
    await dp.feed_update(bot, group_message(c2, "Я бы ответил так", thread))
    assert not sent_to(session, ASKER) and "ведёт" in session.sent()[-1].text
    await dp.feed_update(bot, group_message(c1, "// проверить постановление 513", thread))
    sticker = Sticker(
        file_id="s", file_unique_id="s", type="regular", width=1, height=1,
        is_animated=False, is_video=False,
    )  # fmt: skip
    await dp.feed_update(bot, group_message(c1, None, thread, sticker=sticker))
    assert not sent_to(session, ASKER)
    assert "не передаётся" in session.sent()[-1].text

    # the owner replies with a document: it reaches the asker, attributed to "Консультант"
    doc = Document(file_id="DOC1", file_unique_id="d1", file_name="порядок.pdf")
    await dp.feed_update(
        bot, group_message(c1, None, thread, document=doc, caption="Порядок аренды")
    )
    relayed = sent_to(session, ASKER, "SendDocument")[-1]
    assert relayed.document == "DOC1" and "Консультант" in relayed.caption
    assert "Асель" not in relayed.caption and "Порядок аренды" in relayed.caption

    # the asker follows up: it lands in the topic
    await dp.feed_update(bot, message_update(asker, "Спасибо, а срок аренды?"))
    follow = [m for m in sent_to(session, GROUP) if "срок аренды" in m.text][-1]
    assert follow.message_thread_id == thread
    svc = cc.tickets
    assert (await svc.get(ticket.id)).status == "assigned"

    # close: prompt, then the resolution; the asker gets it with rating buttons
    await dp.feed_update(bot, group_callback(c1, f"tk:close:{ticket.id}"))
    assert "итог" in session.sent()[-1].text
    await dp.feed_update(bot, group_message(c1, "Аренда до 5 лет по решению кенеша", thread))
    closed = await svc.get(ticket.id)
    assert closed.status == "closed" and closed.resolution.startswith("Аренда до 5 лет")
    rating_msg = [m for m in sent_to(session, ASKER) if "закрыто" in m.text][-1]
    rating_buttons = [
        b.callback_data for row in rating_msg.reply_markup.inline_keyboard for b in row
    ]
    assert rating_buttons[:5] == [
        RateCallback(ticket_id=ticket.id, stars=s).pack() for s in range(1, 6)
    ]
    assert rating_buttons[5] == f"tka:reopen:{ticket.id}"
    assert f"✅ №{ticket.id}" in session.sent("EditForumTopic")[-1].name

    # someone else cannot rate; the asker rates and comments
    await dp.feed_update(bot, private_callback(official, rating_buttons[3]))
    assert (await svc.get(ticket.id)).rating is None
    await dp.feed_update(bot, private_callback(asker, rating_buttons[3]))
    await dp.feed_update(bot, message_update(asker, "Очень помогли"))
    rated = await svc.get(ticket.id)
    assert rated.rating == 4 and rated.rating_comment == "Очень помогли"
    assert any("4/5" in m.text for m in sent_to(session, GROUP))

    # reopen within 7 days
    await dp.feed_update(bot, private_callback(asker, f"tka:reopen:{ticket.id}"))
    reopened = await svc.get(ticket.id)
    assert reopened.status == "reopened" and reopened.owner_id == C1
    assert any("снова открыл" in m.text for m in sent_to(session, GROUP))

    # /ticket N shows the full history, notes included, to staff
    session.clear()
    await dp.feed_update(bot, group_message(c1, f"/ticket {ticket.id}", thread))
    history = "\n".join(session.texts(GROUP))
    for expected in (
        "проверить постановление 513",
        "порядок.pdf",
        "срок аренды",
        "Аренда до 5 лет",
    ):
        assert expected in history
    # … and without notes to the asker
    session.clear()
    await dp.feed_update(bot, message_update(asker, f"/ticket {ticket.id}"))
    asker_history = "\n".join(session.texts(ASKER))
    assert "срок аренды" in asker_history and "постановление 513" not in asker_history


async def test_escalate_button_contract_and_forgery(
    dp: Dispatcher, bot: Bot, session: RecordingSession, cc: Runtime
) -> None:
    offer_id = await record_bot_offer(
        cc.db,
        user_id=ASKER,
        question="Айыл кеңешинин сессиясын ким чакырат?",
        offer="Мыйзамдын 31-беренеси",
        language="ky",
        categories=["kenesh"],
        source="escalate",
    )
    data = EscalateCallback(offer_id=offer_id).pack()
    assert len(data.encode()) <= 64
    official = tg_user(OFFICIAL, language_code="ru")
    await dp.feed_update(bot, private_callback(official, data))
    assert session.sent("AnswerCallbackQuery")[-1].show_alert
    assert (
        await cc.db.fetchval(
            "SELECT count(*) FROM audit_log WHERE actor_id = ? AND action = 'ticket.escalate'"
            " AND allowed = 0",
            (OFFICIAL,),
        )
        == 1
    )
    asker = tg_user(ASKER, language_code="ru")
    await dp.feed_update(bot, private_callback(asker, data))
    confirm = session.sent()[-1]
    go = confirm.reply_markup.inline_keyboard[0][0].callback_data
    assert go == f"tnew:go:{offer_id}:kenesh"
    # a forged confirmation of someone else's offer is refused too
    await dp.feed_update(bot, private_callback(official, go))
    assert await cc.db.fetchval("SELECT count(*) FROM tickets") == 0
    await dp.feed_update(bot, private_callback(asker, go))
    await dp.feed_update(bot, private_callback(asker, go))  # a double press: one ticket
    rows = await cc.db.fetchall("SELECT source, bot_offer, category, language FROM tickets")
    assert [tuple(r) for r in rows] == [("escalate", "Мыйзамдын 31-беренеси", "kenesh", "ky")]
    card = [m for m in sent_to(session, GROUP) if "Мыйзамдын 31-беренеси" in m.text]
    assert card and "Бот предлагал" in card[0].text


async def test_card_mode_when_topics_are_off(
    dp: Dispatcher, bot: Bot, session: SelectiveSession, cc: Runtime
) -> None:
    session.fail_with["CreateForumTopic"] = TelegramBadRequest(
        method=None,  # type: ignore[arg-type]
        message="Bad Request: the chat is not a forum",
    )
    ticket = await open_ticket(dp, bot, session, cc)
    svc = cc.tickets
    fresh = await svc.get(ticket.id)
    assert fresh.thread_id is None and fresh.card_message_id is not None
    c1 = tg_user(C1, "Асель", "ru")
    await dp.feed_update(bot, group_callback(c1, f"tk:take:{ticket.id}", fresh.card_message_id))
    card = Message(
        message_id=fresh.card_message_id,
        date=dt.datetime.now(dt.UTC),
        chat=Chat(id=GROUP, type="supergroup"),
        from_user=User(id=bot.id, is_bot=True, first_name="bot"),
        text="card",
    )
    session.clear()
    await dp.feed_update(bot, group_message(c1, "Ответ по карточке", None, reply_to_message=card))
    relayed = sent_to(session, ASKER)
    assert relayed and "Ответ по карточке" in relayed[-1].text
    # the asker's follow-up goes under the card (reply threading)
    await dp.feed_update(bot, message_update(tg_user(ASKER, language_code="ru"), "Понял"))
    under = [m for m in sent_to(session, GROUP) if "Понял" in m.text][-1]
    assert under.reply_parameters.message_id == fresh.card_message_id
    # a reply to some other bot message, outside any ticket, gets an explanation
    other = card.model_copy(update={"message_id": 999_999})
    await dp.feed_update(bot, group_message(c1, "Это куда?", None, reply_to_message=other))
    assert "не относится ни к одному обращению" in session.sent()[-1].text


async def test_blocked_asker_is_marked_and_consultant_told(
    dp: Dispatcher, bot: Bot, session: SelectiveSession, cc: Runtime
) -> None:
    ticket, thread, c1 = await taken_ticket(dp, bot, session, cc)
    session.fail_chat[ASKER] = TelegramForbiddenError(
        method=None,  # type: ignore[arg-type]
        message="Forbidden: bot was blocked by the user",
    )
    session.clear()
    await dp.feed_update(bot, group_message(c1, "Ваш ответ", thread))
    asker = await UserRepository(cc.db).get(ASKER)
    assert asker is not None and not asker.is_active
    assert any("заблокировал" in t for t in session.texts(GROUP))
    status = await cc.db.fetchval(
        "SELECT delivery_status FROM ticket_messages WHERE ticket_id = ? AND direction = 'out'",
        (ticket.id,),
    )
    assert status == "blocked"


async def test_long_reply_is_split_not_truncated_and_edits_follow(
    dp: Dispatcher, bot: Bot, session: SelectiveSession, cc: Runtime
) -> None:
    ticket, thread, c1 = await taken_ticket(dp, bot, session, cc)
    long_text = " ".join(f"слово{i}" for i in range(700))  # ~5600 characters
    session.clear()
    update = group_message(c1, long_text, thread)
    await dp.feed_update(bot, update)
    parts = sent_to(session, ASKER)
    assert len(parts) == 2 and all(len(p.text) <= 4096 for p in parts)
    joined = " ".join(p.text for p in parts)
    assert all(f"слово{i}" in joined for i in (0, 350, 699))
    stored = await cc.db.fetchone(
        "SELECT private_message_id, extra_message_ids, delivery_status FROM ticket_messages"
        " WHERE ticket_id = ? AND direction = 'out'",
        (ticket.id,),
    )
    assert stored["delivery_status"] == "sent" and stored["extra_message_ids"]
    # a short reply edited in the group is edited for the asker too
    session.clear()
    short = group_message(c1, "Срок — 5 лет", thread)
    await dp.feed_update(bot, short)
    copy_id = sent_to(session, ASKER)[-1]
    edited = short.message.model_copy(  # type: ignore[union-attr]
        update={"text": "Срок — до 5 лет", "edit_date": 1}
    )
    await dp.feed_update(bot, Update(update_id=next(_ids), edited_message=edited))
    edit = [r for r in session.sent("EditMessageText") if r.chat_id == ASKER][-1]
    assert "Срок — до 5 лет" in edit.text
    assert copy_id is not None


async def test_out_of_hours_notice_once_per_ticket(
    dp: Dispatcher, bot: Bot, session: SelectiveSession, cc: Runtime
) -> None:
    cc.clock.inner.set(dt.datetime(2026, 11, 28, 11, 0, tzinfo=BISHKEK))  # Saturday
    await open_ticket(dp, bot, session, cc)
    asker = tg_user(ASKER, language_code="ru")
    for text in ("Ещё деталь", "И ещё одна"):
        await dp.feed_update(bot, message_update(asker, text))
    notices = [t for t in session.texts(ASKER) if "нерабочее время" in t]
    assert len(notices) == 1 and "30.11.2026 09:00" in notices[0]


async def test_transfer_canned_queue_and_drafts(
    dp: Dispatcher, bot: Bot, session: SelectiveSession, cc: Runtime
) -> None:
    ticket = await open_ticket(dp, bot, session, cc)
    thread = (await cc.tickets.get(ticket.id)).thread_id
    c1, c2, sup = (
        tg_user(C1, "Асель", "ru"),
        tg_user(C2, "Бакыт", "ru"),
        tg_user(SUP, "Сүйүн", "ru"),
    )
    await dp.feed_update(bot, group_callback(c1, f"tk:take:{ticket.id}"))
    await dp.feed_update(bot, group_callback(c1, f"tk:transfer:{ticket.id}"))
    chooser = session.sent()[-1]
    targets = [b.callback_data for row in chooser.reply_markup.inline_keyboard for b in row]
    assert TransferCallback(ticket_id=ticket.id, to_id=C2).pack() in targets
    await dp.feed_update(
        bot, group_callback(c2, TransferCallback(ticket_id=ticket.id, to_id=C2).pack())
    )
    assert (await cc.tickets.get(ticket.id)).owner_id == C1  # c2 may not
    await dp.feed_update(
        bot, group_callback(c1, TransferCallback(ticket_id=ticket.id, to_id=C2).pack())
    )
    assert (await cc.tickets.get(ticket.id)).owner_id == C2

    await dp.feed_update(
        bot, group_message(c2, "/canned add lease Аренда — ст. 33 Земельного кодекса", thread)
    )
    session.clear()
    await dp.feed_update(bot, group_message(c2, "!lease", thread))
    assert "ст. 33 Земельного кодекса" in sent_to(session, ASKER)[-1].text
    await dp.feed_update(bot, group_message(c2, "!nope", thread))
    assert "Шаблона «nope» нет" in session.sent()[-1].text

    await dp.feed_update(bot, group_message(c1, "/queue", thread))
    queue = session.sent()[-1].text
    assert f"№{ticket.id}" in queue and "Бакыт" in queue
    official = tg_user(OFFICIAL, language_code="ru")
    await dp.feed_update(bot, message_update(official, "/queue"))
    assert "недоступно" in session.sent()[-1].text

    await dp.feed_update(
        bot, group_callback(c2, TicketCallback(action="kb", ticket_id=ticket.id).pack())
    )
    draft_id = await cc.db.fetchval("SELECT id FROM faq_drafts WHERE ticket_id = ?", (ticket.id,))
    assert draft_id is not None
    await dp.feed_update(bot, message_update(c1, "/drafts"))
    assert "недоступно" in session.sent()[-1].text
    await dp.feed_update(bot, message_update(sup, "/drafts"))
    assert "ст. 33 Земельного кодекса" in session.sent()[-1].text
    await dp.feed_update(bot, private_callback(sup, f"kbd:ok:{draft_id}"))
    assert (
        await cc.db.fetchval("SELECT status FROM faq_drafts WHERE id = ?", (draft_id,))
        == "approved"
    )
    from db.repositories.knowledge import KnowledgeRepository

    entry = await KnowledgeRepository(cc.db).get_faq(f"ticket-{ticket.id}")
    assert entry is not None and "ст. 33 Земельного кодекса" in entry.answer.get("ru")
    # the call-center taught the bot: the same question now finds the approved answer
    found = await cc.knowledge.search("Как сдать в аренду земельный участок фонда?", "ru")
    assert found.results[0].faq_id == f"ticket-{ticket.id}"


async def test_sweep_retries_a_failed_relay_without_doubling(
    dp: Dispatcher, bot: Bot, session: SelectiveSession, cc: Runtime
) -> None:
    from aiogram.exceptions import TelegramServerError

    _, thread, c1 = await taken_ticket(dp, bot, session, cc)
    session.fail_chat[ASKER] = TelegramServerError(method=None, message="Internal Server Error")  # type: ignore[arg-type]
    session.clear()
    await dp.feed_update(bot, group_message(c1, "Ответ, который не сразу дойдёт", thread))
    assert "повторит" in session.sent()[-1].text
    row = await cc.db.fetchone(
        "SELECT id, delivery_status, next_attempt_at FROM ticket_messages WHERE direction = 'out'"
    )
    assert row["delivery_status"] == "failed"
    relay = Relay.of(cc, bot)
    assert (await relay.sweep())["messages"] == 0  # not due yet
    del session.fail_chat[ASKER]
    cc.clock.inner.advance(seconds=10)
    session.clear()
    assert (await relay.sweep())["messages"] == 1
    assert (await relay.sweep())["messages"] == 0
    delivered = [m for m in sent_to(session, ASKER) if "не сразу дойдёт" in m.text]
    assert len(delivered) == 1


def test_translations_of_dynamic_keys() -> None:
    t = Translator()
    from services.tickets import Category

    keys = [f"ticket-category-{c.value}" for c in Category]
    keys += [
        f"ticket-status-{s}" for s in ("new", "assigned", "waiting-user", "reopened", "closed")
    ]
    keys += [
        f"profile-position-{p}" for p in ("head", "deputy", "specialist", "deputy_kenesh", "other")
    ]
    keys += [f"history-file-{k}" for k in ("photo", "document", "voice", "video", "audio")]
    keys += [
        f"history-delivery-{k}" for k in ("pending", "sending", "failed", "blocked", "dead", "none")
    ]
    keys += [
        f"history-event-{k}"
        for k in ("taken", "transferred", "closed", "reopened", "rated", "sla-take", "sla-response")
    ]
    keys += [f"admin-role-{r.value}" for r in Role] + [f"admin-weekday-{d}" for d in range(1, 8)]
    for lang in ("ky", "ru"):
        assert [k for k in keys if not t.has(k, lang)] == []


def test_callback_data_fit_in_64_bytes() -> None:
    from bot.keyboards.tickets import AskerTicketCallback, DraftCallback, TicketNewCallback
    from handlers.profile import GeoCallback, PositionCallback, ProfileCallback
    from services import geo

    big = 2**31
    samples = [
        EscalateCallback(offer_id=big),
        TicketNewCallback(action="go", offer_id=big, cat="legal_acts"),
        TicketCallback(action="transfer", ticket_id=big),
        TransferCallback(ticket_id=big, to_id=9_999_999_999),
        RateCallback(ticket_id=big, stars=5),
        AskerTicketCallback(action="nocomment", ticket_id=big),
        DraftCallback(action="ok", draft_id=big),
        ProfileCallback(action="show_name", field="municipality"),
        PositionCallback(code="deputy_kenesh"),
        *(GeoCallback(level="d", code=d.code) for r in geo.REGIONS for d in r.districts),
    ]
    assert all(len(s.pack().encode()) <= 64 for s in samples)
    assert geo.rural_district_count() == 40


async def test_reply_to_a_closed_ticket_reopens_it_or_opens_a_linked_one(
    dp: Dispatcher, bot: Bot, session: SelectiveSession, cc: Runtime
) -> None:
    ticket, thread, c1 = await taken_ticket(dp, bot, session, cc)
    svc = cc.tickets
    await dp.feed_update(bot, group_message(c1, "Ответ консультанта", thread))
    await dp.feed_update(bot, group_message(c1, "/close Дан ответ", thread))
    assert (await svc.get(ticket.id)).status == "closed"
    copy_id = await cc.db.fetchval(
        "SELECT private_message_id FROM ticket_messages WHERE direction = 'out'"
    )
    relayed = Message(
        message_id=copy_id,
        date=dt.datetime.now(dt.UTC),
        chat=Chat(id=ASKER, type="private"),
        from_user=User(id=bot.id, is_bot=True, first_name="bot"),
        text="Ответ консультанта",
    )
    asker = tg_user(ASKER, language_code="ru")
    session.clear()
    await dp.feed_update(bot, message_update(asker, "А если иначе?", reply_to_message=relayed))
    reopened = await svc.get(ticket.id)
    assert reopened.status == "reopened" and reopened.reopened_count == 1
    assert any("А если иначе?" in t for t in session.texts(GROUP))
    await dp.feed_update(bot, group_message(c1, "/close Уточнили", thread))
    # a plain message (not a reply) after closing goes to the bot, not into the ticket
    count_in = "SELECT count(*) FROM ticket_messages WHERE direction = 'in'"
    before = await cc.db.fetchval(count_in)
    await dp.feed_update(bot, message_update(asker, "Что такое айыл окмоту?"))
    assert await cc.db.fetchval(count_in) == before
    cc.clock.inner.advance(days=8)
    await dp.feed_update(
        bot, message_update(asker, "Новый вопрос по теме", reply_to_message=relayed)
    )
    linked = await svc.open_for(ASKER)
    assert linked is not None and linked.id != ticket.id
    assert linked.parent_ticket_id == ticket.id and linked.source == "follow_up"
    assert linked.question == "Новый вопрос по теме"
    card = next(m for m in sent_to(session, GROUP) if "Новый вопрос по теме" in m.text)
    assert f"№{ticket.id}" in card.text  # the card links to the earlier ticket
