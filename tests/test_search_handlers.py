"""The Telegram search flow in process (feed_update + recording session): answers with their
source and feedback buttons, suggestions, honest "I don't know", full text, forged buttons."""

from __future__ import annotations

from typing import Any

import pytest
from aiogram import Bot, Dispatcher

from bot.app import Runtime
from db.repositories.users import UserRepository
from handlers.search import SearchCallback, chunks, trim
from services.question_log import get_question, log_question
from tests.helpers.recording import RecordingSession
from tests.helpers.updates import callback_update, message_update, tg_user

ASKER, OTHER = 3001, 3002


@pytest.fixture
async def rt(runtime: Runtime) -> Runtime:
    users = UserRepository(runtime.db)
    for uid in (ASKER, OTHER):
        await users.touch(uid, first_name="Айбек", telegram_lang="ru")
        await users.set_language(uid, "ru")
    return runtime


def buttons(message: Any) -> list[tuple[str, str]]:
    markup = message.reply_markup
    if markup is None:
        return []
    return [(b.text, b.callback_data) for row in markup.inline_keyboard for b in row]


async def ask(dp: Dispatcher, bot: Bot, session: RecordingSession, text: str) -> Any:
    session.clear()
    await dp.feed_update(bot, message_update(tg_user(ASKER, language_code="ru"), text))
    return session.sent()[-1]


async def last_question_id(rt: Runtime) -> int:
    return int(await rt.db.fetchval("SELECT max(id) FROM questions"))


async def test_answer_with_source_and_feedback(
    dp: Dispatcher, bot: Bot, session: RecordingSession, rt: Runtime
) -> None:
    reply = await ask(
        dp,
        bot,
        session,
        "Каким постановлением утверждена Программа развития МСУ на 2018-2023 годы?",
    )
    assert "513" in reply.text
    assert "Источник" in reply.text
    data = [d for _, d in buttons(reply)]
    qid = await last_question_id(rt)
    assert f"srch:ok:{qid}:0:0" in data
    no = next(d for d in data if d.startswith(f"srch:no:{qid}:0:"))
    logged = await get_question(rt.db, qid)
    assert logged is not None and logged.status == "answered" and logged.user_id == ASKER

    # helped
    session.clear()
    await dp.feed_update(
        bot, callback_update(tg_user(ASKER, language_code="ru"), f"srch:ok:{qid}:0:0")
    )
    assert "Спасибо" in session.sent("AnswerCallbackQuery")[-1].text
    assert (await get_question(rt.db, qid)).helped is True

    # didn't help: an apology and the consultant button (EscalateCallback of the offer)
    session.clear()
    await dp.feed_update(bot, callback_update(tg_user(ASKER, language_code="ru"), no))
    sorry = session.sent()[-1]
    assert "консультант" in sorry.text
    ((_label, escalate),) = buttons(sorry)
    offer_id = no.rsplit(":", 1)[1]
    assert escalate == f"esc:{offer_id}"
    assert (await get_question(rt.db, qid)).helped is False


async def test_suggestions_then_a_pick(
    dp: Dispatcher, bot: Bot, session: RecordingSession, rt: Runtime
) -> None:
    reply = await ask(dp, bot, session, "Каким постановлением утверждена Программа развития МСУ?")
    qid = await last_question_id(rt)
    assert (await get_question(rt.db, qid)).status == "suggest"
    picks = [(t, d) for t, d in buttons(reply) if d.startswith("srch:pick:")]
    assert 1 <= len(picks) <= 3
    assert any(d.startswith("esc:") for _, d in buttons(reply))  # none fits → consultant
    session.clear()
    await dp.feed_update(bot, callback_update(tg_user(ASKER, language_code="ru"), picks[0][1]))
    shown = session.sent()[-1]
    assert "Источник" in shown.text
    logged = await get_question(rt.db, qid)
    assert logged.chosen_result_id == logged.results[0]["id"]


@pytest.mark.parametrize("text", ["Как оформить загранпаспорт ребенку?", "Курс доллара на сегодня"])
async def test_honest_i_dont_know(
    dp: Dispatcher, bot: Bot, session: RecordingSession, rt: Runtime, text: str
) -> None:
    reply = await ask(dp, bot, session, text)
    assert "не нашёл надёжного ответа" in reply.text
    ((_, data),) = buttons(reply)
    assert data.startswith("esc:")


@pytest.mark.parametrize("text", ["Привет", "Здравствуйте!", "asdfgh qwerty", "спасибо"])
async def test_small_talk_gets_a_hint(
    dp: Dispatcher, bot: Bot, session: RecordingSession, rt: Runtime, text: str
) -> None:
    reply = await ask(dp, bot, session, text)
    assert "Напишите вопрос" in reply.text
    assert buttons(reply) == []


async def test_kyrgyz_user_gets_kyrgyz_interface(
    dp: Dispatcher, bot: Bot, session: RecordingSession, rt: Runtime
) -> None:
    await UserRepository(rt.db).set_language(ASKER, "ky")
    reply = await ask(dp, bot, session, "Бүгүн Бишкекте аба ырайы кандай болот?")
    assert "ишенимдүү жооп" in reply.text


async def test_full_text_in_pieces_with_the_source(
    dp: Dispatcher, bot: Bot, session: RecordingSession, rt: Runtime
) -> None:
    engine = await _engine(rt)
    longest = max(
        (item for item in range(engine.size) if engine.items[item][0] == 0),
        key=lambda item: len(engine.items[item][2].text),
    )
    hit = engine.make_hit(longest, "ru", 1.0)
    qid = await log_question(
        rt.db,
        user_id=ASKER,
        text="?",
        lang="ru",
        status="answered",
        results=[{"id": hit.id, "kind": hit.kind, "title": hit.title, "score": 1.0}],
    )
    session.clear()
    await dp.feed_update(
        bot, callback_update(tg_user(ASKER, language_code="ru"), f"srch:full:{qid}:0:0")
    )
    pieces = session.sent()
    assert pieces and all(len(p.text) <= 4096 for p in pieces)
    assert "Источник" in pieces[-1].text
    joined = " ".join(p.text for p in pieces)
    assert hit.text.split()[0] in joined


async def test_forged_buttons_are_refused(
    dp: Dispatcher, bot: Bot, session: RecordingSession, rt: Runtime
) -> None:
    await ask(dp, bot, session, "Каким постановлением утверждена Программа развития МСУ?")
    qid = await last_question_id(rt)
    other = tg_user(OTHER, language_code="ru")
    for data in (f"srch:pick:{qid}:0:0", f"srch:full:{qid}:0:0", f"srch:ok:{qid}:0:0"):
        session.clear()
        await dp.feed_update(bot, callback_update(other, data))
        alert = session.sent("AnswerCallbackQuery")[-1]
        assert alert.show_alert
    assert (await get_question(rt.db, qid)).helped is None
    session.clear()
    await dp.feed_update(
        bot, callback_update(tg_user(ASKER, language_code="ru"), f"srch:pick:{qid}:9:0")
    )
    assert session.sent("AnswerCallbackQuery")[-1].show_alert


def test_callback_data_fits_telegram() -> None:
    packed = SearchCallback(action="pick", qid=2**31 - 1, idx=2, offer=2**31 - 1).pack()
    assert len(packed.encode()) <= 64


def test_trim_and_chunks() -> None:
    text, cut = trim("бир эки үч төрт беш алты", 12)
    assert cut and text.endswith("…") and len(text) <= 12
    assert trim("кыска", 12) == ("кыска", False)
    long = ("сөз " * 3000).strip()
    parts = chunks(long, 1000)
    assert all(len(p) <= 1000 for p in parts)
    assert " ".join(parts) == long


async def _engine(rt: Runtime) -> Any:
    if rt.knowledge.engine is None:
        await rt.knowledge.load()
    return rt.knowledge.engine
