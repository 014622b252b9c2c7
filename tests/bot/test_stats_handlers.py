"""/stats and /export in the bot (feed_update with a recording session): summary and chart,
bad periods, empty periods, documents, and refusals of non-supervisors (logged)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from aiogram import Bot, Dispatcher
from PIL import Image

from bot.app import Runtime
from db.repositories.users import Role, UserRepository
from services.charts import PNG_SIGNATURE
from services.worktime import MovableClock
from tests.helpers.recording import RecordingSession
from tests.helpers.updates import callback_update, message_update, tg_user
from tests.unit.test_stats_service import NOVEMBER, seed

ADMIN = 9001  # ADMIN_IDS in the settings fixture
SUPERVISOR = 7001
OFFICIAL = 555


@pytest.fixture
async def seeded(runtime: Runtime) -> Runtime:
    await seed(runtime.db)
    users = UserRepository(runtime.db)
    for uid in (ADMIN, SUPERVISOR, OFFICIAL):
        await users.touch(uid, first_name="Test")
        await users.set_language(uid, "ru")
    await users.set_role(SUPERVISOR, Role.supervisor)
    runtime.clock.use(MovableClock(dt.datetime(2026, 11, 12, 6, tzinfo=dt.UTC)))
    return runtime


def photo_bytes(session: RecordingSession) -> bytes:
    photo = session.sent("SendPhoto")[-1].photo
    return photo.data


async def refused(runtime: Runtime, uid: int) -> int:
    return await runtime.db.fetchval(
        "SELECT count(*) FROM audit_log WHERE allowed = 0 AND actor_id = ?", (uid,)
    )


# What the summary of the seeded first half of November says, line by line
NOVEMBER_SUMMARY = (
    "Статистика за 01.11.2026 – 15.11.2026",
    "Вопросов: <b>11</b>",
    "бот ответил сам: 6 (55%)",
    "не нашёл ответа: 3 (27%)",
    "«Помогло»: 3 из 5 отзывов (60%)",
    "открыто: <b>6</b>, закрыто: <b>5</b>",
    # first response and resolution: working time and wall-clock time, both labelled
    "До первого ответа консультанта (обращений: 5):",
    "в рабочем времени — медиана <b>2 ч</b>, 90% — 3 ч 36 мин",
    "по календарю — медиана 17 ч, 90% — 2 дн. 10 ч",
    "До решения (закрытых обращений: 4):",
    "в рабочем времени — медиана <b>4 ч</b>, 90% — 7 ч 48 мин",
    "Рабочее время — только часы работы колл-центра",
    "не по теме МСУ: 0 (0%)",
    "Средняя оценка ответов: <b>3,50</b> из 5 (оценок: 4; 5★ 1, 4★ 1, 3★ 1, 2★ 1, 1★ 0)",
    "Консультант А: взято 3, закрыто 2, первый ответ (медиана, рабочее время) 3 ч",
    "Чуйская область: вопросов 4 (без ответа 1), обращений 3",
    "Земельные вопросы: вопросов 5",
)


async def test_stats_summary_and_chart(
    dp: Dispatcher, bot: Bot, session: RecordingSession, seeded: Runtime
) -> None:
    await dp.feed_update(bot, message_update(tg_user(SUPERVISOR), f"/stats {NOVEMBER}"))
    text = "\n".join(m.text for m in session.sent())
    missing = [line for line in NOVEMBER_SUMMARY if line not in text]
    assert not missing, text
    png = photo_bytes(session)
    assert png.startswith(PNG_SIGNATURE)
    image = Image.open(io.BytesIO(png))
    image.load()
    assert image.size[0] > 800
    caption = session.sent("SendPhoto")[-1].caption
    assert "01.11.2026 – 15.11.2026" in caption


async def test_stats_buttons_and_periods(
    dp: Dispatcher, bot: Bot, session: RecordingSession, seeded: Runtime
) -> None:
    await dp.feed_update(bot, message_update(tg_user(ADMIN), "/stats"))
    menu = session.sent()[-1]
    buttons = [b.callback_data for row in menu.reply_markup.inline_keyboard for b in row]
    assert buttons == ["rpt:stats:today", "rpt:stats:week", "rpt:stats:month",
                       "rpt:stats:last_month"]  # fmt: skip
    session.clear()
    # the clock says Thu 12 Nov 2026: "week" = Mon 9 .. Thu 12 Nov
    await dp.feed_update(bot, callback_update(tg_user(ADMIN), "rpt:stats:week"))
    text = session.sent()[0].text
    assert "09.11.2026 – 12.11.2026" in text
    assert "Вопросов: <b>2</b>" in text  # 10 Nov: one answered, one escalated
    assert len(session.sent("SendPhoto")) == 1


async def test_empty_period_gets_no_data_picture(
    dp: Dispatcher, bot: Bot, session: RecordingSession, seeded: Runtime
) -> None:
    from services.charts import render_no_data

    await dp.feed_update(bot, message_update(tg_user(SUPERVISOR), "/stats 2025-03"))
    assert "За этот период данных нет" in session.sent()[-1].text
    png = photo_bytes(session)
    assert png.startswith(PNG_SIGNATURE)
    # it is the "no data" picture (same size as the one rendered on its own)
    alone = Image.open(io.BytesIO(render_no_data()))
    assert Image.open(io.BytesIO(png)).size == alone.size


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("fortnight", "Не понял период «fortnight»"),
        ("2026-11-15..2026-11-01", "начало позже конца"),
        ("<script>", "Не понял период «&lt;script&gt;»"),
        ("someday", "Можно так: сегодня, вчера, неделя, месяц, прошлая неделя, прошлый месяц"),
    ],
)
async def test_bad_periods_are_explained(
    dp: Dispatcher, bot: Bot, session: RecordingSession, seeded: Runtime, spec: str, expected: str
) -> None:
    await dp.feed_update(bot, message_update(tg_user(SUPERVISOR), f"/stats {spec}"))
    answer = session.sent()[-1]
    assert expected in answer.text
    assert not session.sent("SendPhoto")


async def test_export_document(
    dp: Dispatcher, bot: Bot, session: RecordingSession, seeded: Runtime
) -> None:
    await dp.feed_update(bot, message_update(tg_user(SUPERVISOR), "/export questions 2026-11 xlsx"))
    sent = session.sent("SendDocument")[-1]
    assert sent.document.filename == "keneshchi-questions-2026-11-01_2026-11-30.xlsx"
    assert "Вопросы" in sent.caption and "строк: 12" in sent.caption  # all of November
    assert not sent.document.path.exists()  # the temp file is removed after sending
    entry = await seeded.db.fetchone(
        "SELECT target, allowed FROM audit_log WHERE action = 'export' AND actor_id = ?",
        (SUPERVISOR,),
    )
    assert (entry["target"], entry["allowed"]) == ("questions", 1)
    session.clear()
    await dp.feed_update(bot, callback_update(tg_user(SUPERVISOR), "exp:tickets:month:csv"))
    sent = session.sent("SendDocument")[-1]
    assert sent.document.filename == "keneshchi-tickets-2026-11-01_2026-11-12.csv"
    assert "строк: 6" in sent.caption
    # kinds and periods in Russian and Kyrgyz words, several words long
    await dp.feed_update(
        bot, message_update(tg_user(SUPERVISOR), "/export обращения прошлый месяц")
    )
    sent = session.sent("SendDocument")[-1]
    assert sent.document.filename == "keneshchi-tickets-2026-10-01_2026-10-31.csv"
    await dp.feed_update(bot, message_update(tg_user(SUPERVISOR), "/export суроолор өткөн ай xlsx"))
    sent = session.sent("SendDocument")[-1]
    assert sent.document.filename == "keneshchi-questions-2026-10-01_2026-10-31.xlsx"


async def test_export_bad_input(
    dp: Dispatcher, bot: Bot, session: RecordingSession, seeded: Runtime
) -> None:
    user = tg_user(SUPERVISOR)
    await dp.feed_update(bot, message_update(user, "/export"))
    usage = session.sent()[-1]
    assert "/export ВИД ПЕРИОД" in usage.text
    kinds = [b.callback_data for row in usage.reply_markup.inline_keyboard for b in row]
    assert kinds == ["exp:tickets::csv", "exp:questions::csv", "exp:subscribers::csv",
                     "exp:events::csv"]  # fmt: skip
    await dp.feed_update(bot, callback_update(user, "exp:events::csv"))
    periods = session.sent()[-1]
    assert "Мероприятия" in periods.text and len(periods.reply_markup.inline_keyboard) == 3
    await dp.feed_update(bot, message_update(user, "/export passwords month"))
    assert "Не знаю такой выгрузки: «passwords»" in session.sent()[-1].text
    await dp.feed_update(bot, message_update(user, "/export tickets month pdf"))
    assert "Формат «pdf» не поддерживается" in session.sent()[-1].text
    await dp.feed_update(bot, message_update(user, "/export tickets someday"))
    assert "Не понял период «someday»" in session.sent()[-1].text
    await dp.feed_update(bot, callback_update(user, "exp:passwords:month:csv"))
    assert session.sent("AnswerCallbackQuery")[-1].show_alert
    assert not session.sent("SendDocument")


@pytest.mark.parametrize(
    "update",
    [
        lambda u: message_update(u, "/stats"),
        lambda u: message_update(u, "/stats week"),
        lambda u: message_update(u, "📊 Статистика"),
        lambda u: message_update(u, "/gaps"),
        lambda u: message_update(u, "/export tickets month"),
        lambda u: callback_update(u, "rpt:stats:month"),
        lambda u: callback_update(u, "rpt:gaps:7d"),
        lambda u: callback_update(u, "gpd:30d:3"),
        lambda u: callback_update(u, "exp:tickets:all:xlsx"),
    ],
)
async def test_non_supervisors_are_refused_and_logged(
    dp: Dispatcher, bot: Bot, session: RecordingSession, seeded: Runtime, update
) -> None:
    users = UserRepository(seeded.db)
    await users.set_role(OFFICIAL + 1, Role.consultant)  # a consultant is not a supervisor
    await users.set_language(OFFICIAL + 1, "ru")
    for uid in (OFFICIAL, OFFICIAL + 1):
        session.clear()
        await dp.feed_update(bot, update(tg_user(uid)))
        answers = [m.text for m in session.sent()] + [
            a.text for a in session.sent("AnswerCallbackQuery")
        ]
        # the refusal names who may do it and what to do, with the id to give the admin
        assert any(
            "только для супервайзеров и администраторов" in (a or "")
            and ("попросите администратора" in (a or "") or "у администратора" in (a or ""))
            for a in answers
        ), answers
        assert not session.sent("SendPhoto") and not session.sent("SendDocument")
        assert await refused(seeded, uid) == 1
        await seeded.db.execute("DELETE FROM audit_log WHERE actor_id = ?", (uid,))


def test_summary_without_answered_tickets_says_so_in_one_line(runtime: Runtime) -> None:
    from handlers.stats import summary_text
    from services.stats import Stats, parse_period

    stats = Stats(parse_period("2026-11", tz=dt.UTC), questions=2, tickets_available=True)
    stats.by_status.update(answered=1, off_topic=1)
    text = summary_text(runtime.translator.bind("ky"), stats)
    assert "бул мезгилде жооп алган кайрылуу жок" in text
    assert "медиана" not in text and "Иш убактысы —" not in text
    assert "ЖӨБгө тиешеси жок суроолор: 1 (50%)" in text
    assert "ЖӨБ боюнча суроолордун 100% бөлүгүнө бот өзү жооп берди" in text
