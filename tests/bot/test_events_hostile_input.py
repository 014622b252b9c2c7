"""Hostile numbers in events, broadcasts and subscriptions (issue 12, item 6): ids ≥ 2^63 and
non-ASCII digits in buttons, forms and files are refused with a clear answer, audited, and never
raise (in process, feed_update)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator

import pytest
from aiogram import Bot, Dispatcher

from bot.app import Runtime
from services import events as rules
from services.events import (
    EventError,
    EventImportError,
    parse_capacity,
    parse_end,
    parse_events_file,
    parse_local_datetime,
)
from services.subscriptions import SubscriptionService
from tests.helpers.events_kit import BISHKEK, add_users, create_event
from tests.helpers.recording import RecordingSession
from tests.helpers.updates import callback_update, message_update, tg_user

ADMIN = 9001  # settings.admin_ids in conftest
OFFICIAL = 4321
FORGED = ["99999999999999999999", "9223372036854775808", "¹²³", "١٢٣", "+5", " 5", "5_0", "-1"]
OUTDATED_RU = "Эта кнопка устарела"


@pytest.fixture(autouse=True)
def no_exceptions(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Every test here: nothing reached the error handler (it logs each exception)."""
    yield
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []


async def refusals(runtime: Runtime, actor: int) -> list[str]:
    rows = await runtime.db.fetchall(
        "SELECT target FROM audit_log WHERE actor_id = ? AND allowed = 0", (actor,)
    )
    return [row["target"] for row in rows]


async def test_forged_ids_in_buttons_are_refused_and_audited(
    dp: Dispatcher, bot: Bot, session: RecordingSession, runtime: Runtime
) -> None:
    await add_users(runtime.db, [OFFICIAL], language="ru")  # the admin is made at start-up
    official, admin = tg_user(OFFICIAL, language_code="ru"), tg_user(ADMIN, language_code="ru")
    official_buttons = ["ev:show:{}:", "ev:reg:{}:", "ev:unreg_yes:{}:", "ev:ics:{}:", "unsub:{}"]
    admin_buttons = [
        "ev:parts:{}:",
        "ev:cancel_yes:{}:",
        "ev:announce_yes:{}:",
        "ev:field:{}:title_ky",
        "bc:pause:{}::",
        "bc:cancel_yes:{}::",
    ]
    for who, templates in ((official, official_buttons), (admin, admin_buttons)):
        for template in templates:
            for number in FORGED:
                data = template.format(number)
                await dp.feed_update(bot, callback_update(who, data))
                answer = session.sent("AnswerCallbackQuery")[-1]
                assert answer.text is not None and OUTDATED_RU in answer.text, data
                assert answer.show_alert, data
                assert data in await refusals(runtime, who.id), data
    assert await runtime.db.fetchone("SELECT 1 FROM fsm_storage WHERE state IS NOT NULL") is None

    # the largest id SQLite holds passes the filter: an ordinary "not found"
    await dp.feed_update(bot, callback_update(official, "ev:show:9223372036854775807:"))
    assert "Мероприятие не найдено" in session.sent("AnswerCallbackQuery")[-1].text


async def test_forged_field_topic_and_broadcast_are_refused_and_audited(
    dp: Dispatcher, bot: Bot, session: RecordingSession, runtime: Runtime
) -> None:
    await add_users(runtime.db, [OFFICIAL], language="ru")
    official, admin = tg_user(OFFICIAL, language_code="ru"), tg_user(ADMIN, language_code="ru")
    subs = SubscriptionService(runtime.db)
    before = await subs.ensure(OFFICIAL)
    for who, data in (
        (admin, "ev:field:1:bogus"),  # not an editable field: no form opens
        (official, "sub:t:everything"),
        (official, "sub:r:mars"),
        (official, "unsub:777"),  # no such broadcast
    ):
        await dp.feed_update(bot, callback_update(who, data))
        answer = session.sent("AnswerCallbackQuery")[-1]
        assert OUTDATED_RU in (answer.text or "") and answer.show_alert, data
        assert data in await refusals(runtime, who.id), data
    assert await subs.get(OFFICIAL) == before
    assert await runtime.db.fetchone("SELECT 1 FROM fsm_storage WHERE state IS NOT NULL") is None


async def test_an_event_for_others_is_not_shown_by_its_id(
    dp: Dispatcher, bot: Bot, session: RecordingSession, runtime: Runtime
) -> None:
    await add_users(runtime.db, [OFFICIAL], language="ru", oblast="chuy")
    titles = ("Нарын окуу", "Нарын: обучение")
    hidden = await create_event(runtime.db, titles=titles, place="Нарын", oblasts=("naryn",))
    official = tg_user(OFFICIAL, language_code="ru")
    for data in (f"ev:show:{hidden.id}:", f"ev:ics:{hidden.id}:"):
        await dp.feed_update(bot, callback_update(official, data))
        answer = session.sent("AnswerCallbackQuery")[-1]
        assert "Мероприятие не найдено" in (answer.text or "") and answer.show_alert
    await dp.feed_update(bot, callback_update(official, f"ev:reg:{hidden.id}:"))
    assert "для другой аудитории" in (session.sent("AnswerCallbackQuery")[-1].text or "")
    assert session.sent("SendDocument") == [] and session.sent("EditMessageText") == []
    assert "Нарын" not in " ".join(session.texts())
    assert await refusals(runtime, OFFICIAL) == [str(hidden.id)] * 3


async def test_form_numbers_and_times_accept_ascii_digits_only(
    dp: Dispatcher, bot: Bot, session: RecordingSession, runtime: Runtime
) -> None:
    admin = tg_user(ADMIN, language_code="ru")
    day = (dt.datetime.now(BISHKEK) + dt.timedelta(days=20)).date()

    async def say(text: str) -> str:
        await dp.feed_update(bot, message_update(admin, text))
        return session.sent()[-1].text

    for text in ("/event_new", "Окуу", "Обучение", "-", "-"):
        await say(text)
    assert "Не понимаю дату" in await say("١٠.٠٣.٢٠٢٧ ١٠:٠٠")  # Arabic-Indic digits
    assert "Не понимаю дату" in await say(f"{day:%d.%m.%Y} １０:００")  # full-width digits
    assert "Шаг 6" in await say(f"{day:%d.%m.%Y} 10:00")
    assert "Не понимаю дату" in await say("١٧:٠٠")
    assert "Шаг 7" in await say("17:00")
    await say("Бишкек")
    await say("-")
    await dp.feed_update(bot, callback_update(admin, "evf:done::"))
    for forged in ("¹²", "١٢", "99999999999999999999", "+12"):
        assert "Число мест должно быть целым" in await say(forged), forged
    assert "Шаг 10" in await say("12")

    # the broadcast's time is read the same way
    await say("/broadcast")
    await say("Текст")
    await dp.feed_update(bot, callback_update(admin, "bc:one:0::"))
    await dp.feed_update(bot, callback_update(admin, "bc:preview:0::"))
    await dp.feed_update(bot, callback_update(admin, "bc:at:0::"))
    assert "Не понимаю дату" in await say(f"{day:%d.%m.%Y} ¹⁰:⁰⁰")


def test_parsers_refuse_non_ascii_digits() -> None:
    tz = BISHKEK
    start = dt.datetime(2027, 3, 10, 4, tzinfo=dt.UTC)
    for text in ("¹²", "١٢", "１２", "100001", "99999999999999999999"):
        with pytest.raises(EventError):
            parse_capacity(text)
    assert parse_capacity("80") == 80 and parse_capacity("-") is None
    for text in ("١٠.٠٣.٢٠٢٧ ١٠:٠٠", "10.03.2027 １０:００"):
        with pytest.raises(EventError):
            parse_local_datetime(text, tz)  # type: ignore[arg-type]
    with pytest.raises(EventError):
        parse_end("١٧:٠٠", start, tz)  # type: ignore[arg-type]
    assert parse_end("17:00", start, tz) == dt.datetime(2027, 3, 10, 11, tzinfo=dt.UTC)  # type: ignore[arg-type]


def test_import_with_a_superscript_capacity_names_the_row() -> None:
    csv = "title_ky;title_ru;starts_at;ends_at;place;capacity\nA;А;10.03.2030 10:00;12:00;Ош;²\n"
    now = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
    with pytest.raises(EventImportError) as caught:
        parse_events_file("plan.csv", csv.encode(), BISHKEK, now)  # type: ignore[arg-type]
    assert caught.value.row == 2 and caught.value.code == "event-err-capacity"


async def test_an_unknown_field_changes_nothing(runtime: Runtime) -> None:
    event = await create_event(runtime.db)
    with pytest.raises(EventError):
        rules.changes_from_text(event, "id", "5", BISHKEK)  # type: ignore[arg-type]
    assert rules.changes_from_text(event, "capacity", "-", BISHKEK) == {"capacity": None}  # type: ignore[arg-type]


async def test_a_failing_handler_is_answered_with_the_generic_error_once(
    dp: Dispatcher,
    bot: Bot,
    session: RecordingSession,
    runtime: Runtime,
    caplog: pytest.LogCaptureFixture,
) -> None:
    await add_users(runtime.db, [OFFICIAL], language="ru")
    event = await create_event(runtime.db)
    session.fail_with["SendDocument"] = RuntimeError("the file could not be sent")
    await dp.feed_update(
        bot, callback_update(tg_user(OFFICIAL, language_code="ru"), f"ev:ics:{event.id}:")
    )
    (answer,) = session.sent("AnswerCallbackQuery")
    assert answer.text == runtime.translator.get("ru", "error-generic")
    assert "the file could not be sent" in caplog.text
    caplog.clear()  # the one expected exception
