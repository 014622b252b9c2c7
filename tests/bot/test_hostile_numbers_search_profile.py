"""Hostile numbers in the search, profile and supervisor buttons (issue 12, item 6): ids of
2^63 and more, superscript or Arabic-Indic digits, signs and spaces never raise; the presser
gets the "outdated button" answer and the refusal is audited."""

from __future__ import annotations

import datetime as dt

import pytest
from aiogram import Bot, Dispatcher

from bot.app import Runtime
from db.repositories.users import Role
from services.stats_period import PeriodError, parse_period
from tests.bot.test_profile_handlers import ru_user
from tests.helpers.recording import RecordingSession
from tests.helpers.updates import callback_update, message_update, tg_user

OFFICIAL, SUPERVISOR = 3201, 3202
HUGE = "9" * 20  # > 2^63 - 1
BAD_NUMBERS = (HUGE, str(2**63), "¹²³", "١٢٣", "+5", " 5", "5_0", "-1")


@pytest.fixture
async def rt(runtime: Runtime) -> Runtime:
    await ru_user(runtime, OFFICIAL)
    await (await ru_user(runtime, SUPERVISOR)).set_role(SUPERVISOR, Role.supervisor)
    return runtime


async def _press(
    dp: Dispatcher, bot: Bot, session: RecordingSession, rt: Runtime, uid: int, data: str
) -> str:
    session.clear()
    await rt.db.execute("DELETE FROM audit_log")
    await dp.feed_update(bot, callback_update(tg_user(uid, language_code="ru"), data))
    (answer,) = session.sent("AnswerCallbackQuery")
    refused = await rt.db.fetchval("SELECT count(*) FROM audit_log WHERE allowed = 0")
    assert refused == 1, data
    return answer.text or ""


@pytest.mark.parametrize("number", BAD_NUMBERS)
@pytest.mark.parametrize(
    ("uid", "template"),
    [
        (OFFICIAL, "esc:{}"),
        (OFFICIAL, "srch:ok:{}:0:0"),
        (OFFICIAL, "srch:no:1:0:{}"),
        (OFFICIAL, "srch:pick:1:{}:0"),
        (OFFICIAL, "prof:fill:{}"),
        (SUPERVISOR, "gpd:30d:{}"),
    ],
)
async def test_hostile_numbers_get_the_outdated_answer(
    dp: Dispatcher,
    bot: Bot,
    session: RecordingSession,
    rt: Runtime,
    uid: int,
    template: str,
    number: str,
) -> None:
    text = await _press(dp, bot, session, rt, uid, template.format(number))
    assert text == rt.translator.get("ru", "callback-outdated")
    assert not session.sent()  # no message, no error text


OTHER_DIGITS = ("٢٠٢٦-11", "１２d", "2026-¹¹", HUGE + "d", "2026-11-01..2026-11-³⁰")


@pytest.mark.parametrize("spec", OTHER_DIGITS)
def test_periods_take_ascii_digits_only(spec: str) -> None:
    with pytest.raises(PeriodError):
        parse_period(spec, now=dt.datetime(2026, 12, 6, tzinfo=dt.UTC), tz=dt.UTC)


async def test_a_period_in_other_digits_gets_the_period_error(
    dp: Dispatcher, bot: Bot, session: RecordingSession, rt: Runtime
) -> None:
    supervisor = tg_user(SUPERVISOR, language_code="ru")
    for command in ("/gaps ٢٠٢٦-11", "/stats １２d", "/export tickets ٢٠٢٦-11"):
        session.clear()
        await dp.feed_update(bot, message_update(supervisor, command))
        (reply,) = session.sent()
        assert "٢٠٢٦-11" in reply.text or "１２d" in reply.text, reply.text
        assert not session.sent("SendPhoto") and not session.sent("SendDocument")
