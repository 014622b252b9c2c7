"""Knowledge gaps: unanswered / "didn't help" questions grouped by similarity (rapidfuzz on the
search module's normalised, stemmed text), and the /gaps button that starts a FAQ draft."""

from __future__ import annotations

import datetime as dt

import pytest
from aiogram import Bot, Dispatcher

from bot.app import Runtime
from db.repositories.tickets import TicketRepository
from db.repositories.users import Role, UserRepository
from services.gaps import GapQuestion, cluster, cluster_key, count_off_topic, find_gaps
from services.question_log import log_question, purge_older_than, record_feedback
from services.stats import parse_period
from services.worktime import MovableClock
from tests.helpers.recording import RecordingSession
from tests.helpers.updates import callback_update, message_update, tg_user
from tests.unit.test_stats_service import BISHKEK, local

LAND_TAX = [
    "Жер салыгын ким төлөйт?",
    "Жер салыгын кимдер төлөшөт",
    "жер салыгын ким толойт",  # typed without ө/ү
    "Jer salygyn kim tolojt?",  # Latin letters
]
LAND_TAX_RU = [
    "Кто платит земельный налог?",
    "Кто должен платить земельный налог",
    "Кто платит налог на землю",
]
HEAD_ELECTION = [
    "Айыл өкмөтүнүн башчысы кантип шайланат?",
    "айыл окмотунун башчысы кантип шайланат",
]
BUDGET = ["Бюджетти ким бекитет", "Жергиликтүү бюджетти ким бекитет?"]
SINGLES = ["Жайыт ижарасы канча турат", "Айыл кеңешинин депутаттары канча?"]
SMALL_TALK = ["Салам!", "Рахмат", "Здравствуйте"]


def questions(texts: list[str]) -> list[GapQuestion]:
    when = dt.datetime(2026, 11, 2, tzinfo=dt.UTC)
    return [
        GapQuestion(n, text, when + dt.timedelta(minutes=n), n % 3, "escalate", None, "ky", "land")
        for n, text in enumerate(texts)
    ]


def test_cluster_key_folds_and_stems() -> None:
    assert cluster_key("Жер салыгын ким төлөйт?") == cluster_key("жер салыгын ким толойт")
    assert cluster_key("Жер салыгын ким төлөйт?") == cluster_key("ЖЕР САЛЫГЫН КИМ ТӨЛӨЙТ")
    assert cluster_key("Салам!") == "" and cluster_key("Здравствуйте, спасибо") == ""


def test_similar_questions_are_grouped() -> None:
    texts = LAND_TAX + LAND_TAX_RU + HEAD_ELECTION + BUDGET + SINGLES + SMALL_TALK
    groups = cluster(questions(texts))
    by_size = [(g.count, sorted(g.examples)) for g in groups]
    assert [count for count, _ in by_size] == [4, 3, 2, 2, 1, 1]
    assert sum(g.count for g in groups) == len(texts) - len(SMALL_TALK)  # greetings are no gap
    land = groups[0]
    assert set(land.examples) <= set(LAND_TAX) and len(land.examples) == 3  # at most 3 examples
    assert land.askers == 3 and land.escalated == 4 and land.category == "land"
    assert {frozenset(g.examples) for g in groups[1:4]} == {
        frozenset(LAND_TAX_RU),
        frozenset(HEAD_ELECTION),
        frozenset(BUDGET),
    }
    # every question is in exactly one group
    ids = [i for g in groups for i in g.question_ids]
    assert len(ids) == len(set(ids)) == len(texts) - len(SMALL_TALK)


def test_unrelated_questions_stay_apart() -> None:
    groups = cluster(questions([*SINGLES, "Бюджетти ким бекитет"]))
    assert [g.count for g in groups] == [1, 1, 1]


async def seed_gaps(runtime: Runtime) -> None:
    db = runtime.db
    n = 0

    async def ask(text: str, status: str, helped: bool | None = None, day: int = 3) -> int:
        nonlocal n
        n += 1
        qid = await log_question(
            db,
            user_id=100 + n % 4,
            text=text,
            lang="ky",
            status=status,
            results=[] if status == "escalate" else [{"id": "faq:x", "category": "budget"}],
            asked_at=local(day, 10, n % 60),
        )
        if helped is not None:
            await record_feedback(db, qid, helped)
        return qid

    for text in LAND_TAX:
        await ask(text, "escalate")
    await ask(BUDGET[0], "answered", helped=False)  # "didn't help" counts
    await ask(BUDGET[1], "suggest", helped=False)
    await ask(BUDGET[1], "answered", helped=True)  # helped: no gap
    await ask("Жер салыгын ким төлөйт?", "answered")  # answered, no feedback: no gap
    await ask(SMALL_TALK[0], "escalate")
    await ask(LAND_TAX[0], "escalate", day=20)  # outside the period
    # off-topic questions are no knowledge gap, even marked "didn't help"
    await ask("Бишкекте аба ырайы кандай?", "off_topic")
    await ask("Бишкекте аба ырайы кандай болот?", "off_topic")
    await ask("Какая погода в Бишкеке завтра?", "off_topic", helped=False)


async def test_find_gaps_in_the_database(runtime: Runtime) -> None:
    await seed_gaps(runtime)
    period = parse_period("2026-11-01..2026-11-15", tz=BISHKEK)
    groups = await find_gaps(runtime.db, period)
    assert [(g.count, g.escalated, g.not_helped) for g in groups] == [(4, 4, 0), (2, 0, 2)]
    assert groups[1].category == "budget"
    assert not any("погода" in e or "аба ырайы" in e for g in groups for e in g.examples)
    assert await count_off_topic(runtime.db, period) == 3
    assert len(await find_gaps(runtime.db, period, limit=1)) == 1
    # erased texts (retention) are no longer gaps
    await purge_older_than(runtime.db, 1, now=dt.datetime(2026, 11, 10, tzinfo=dt.UTC))
    assert await find_gaps(runtime.db, period) == []


@pytest.fixture
async def supervisor(runtime: Runtime) -> int:
    users = UserRepository(runtime.db)
    await users.touch(7001, first_name="Супервайзер")
    await users.set_role(7001, Role.supervisor)
    await users.set_language(7001, "ru")
    runtime.clock.use(MovableClock(dt.datetime(2026, 11, 12, 6, tzinfo=dt.UTC)))
    return 7001


async def test_gaps_command_and_draft(
    dp: Dispatcher, bot: Bot, session: RecordingSession, runtime: Runtime, supervisor: int
) -> None:
    await seed_gaps(runtime)
    user = tg_user(supervisor)
    await dp.feed_update(bot, message_update(user, "/gaps 2026-11-01..2026-11-15"))
    shown = session.sent()[-1]
    assert "Пробелы в базе знаний за 01.11.2026 – 15.11.2026" in shown.text
    assert "<b>1.</b> Спрашивали 4 раза (" in shown.text
    assert "«Жер салыгын ким төлөйт?»" in shown.text
    assert "<b>2.</b> Спрашивали 2 раза (2 человека)" in shown.text
    assert "3 вопроса не по теме МСУ сюда не вошли" in shown.text and "погода" not in shown.text
    assert "«Бюджетти ким бекитет»" in shown.text and "Салам" not in shown.text
    buttons = [b.callback_data for row in shown.reply_markup.inline_keyboard for b in row]
    drafts = [b for b in buttons if b.startswith("gpd:")]
    assert len(drafts) == 2 and "rpt:gaps:7d" in buttons
    # "start a KB entry" for the biggest group: the bot asks for the answer
    session.clear()
    await dp.feed_update(bot, callback_update(user, drafts[0]))
    prompt = session.sent()[-1].text
    assert "Новый ответ для базы знаний" in prompt and "4 похожих вопроса" in prompt
    await dp.feed_update(bot, message_update(user, "Жер салыгын жер ээси төлөйт <b>(мыйзам)</b>"))
    assert "Черновик ответа №1 сохранён" in session.sent()[-1].text
    draft = (await TicketRepository(runtime.db).drafts())[0]
    assert draft.ticket_id is None and draft.status == "draft"
    assert draft.question in LAND_TAX and draft.language == "ky"
    assert draft.answer == "Жер салыгын жер ээси төлөйт <b>(мыйзам)</b>"
    assert draft.created_by == supervisor
    # the next text is an ordinary question again (no state left)
    state = await runtime.db.fetchval("SELECT state FROM fsm_storage WHERE key LIKE '%7001%'")
    assert state is None


async def test_gaps_bad_input(
    dp: Dispatcher, bot: Bot, session: RecordingSession, runtime: Runtime, supervisor: int
) -> None:
    user = tg_user(supervisor)
    await dp.feed_update(bot, message_update(user, "/gaps"))  # default: 30 days, nothing yet
    assert "вопросов без ответа нет" in session.sent()[-1].text
    await dp.feed_update(bot, message_update(user, "/gaps yesteryear"))
    assert "Не понял период «yesteryear»" in session.sent()[-1].text
    # a group that no longer exists (or a forged question id)
    await dp.feed_update(bot, callback_update(user, "gpd:30d:999"))
    answer = session.sent("AnswerCallbackQuery")[-1]
    assert answer.show_alert and "группа уже изменилась" in answer.text
    assert await TicketRepository(runtime.db).drafts() == []
