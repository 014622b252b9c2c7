"""Hostile input to the call-center handlers (issue 12, item 6): ids beyond SQLite's range and
non-ASCII digits in commands and buttons, anonymous group admins — each gets a clear answer
and an audit row, never an exception (the global error handler stays silent)."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from aiogram import Bot, Dispatcher
from aiogram.types import Chat, User

from bot.app import Runtime
from bot.keyboards.tickets import AskerTicketCallback, RateCallback, TicketCallback
from db.repositories.users import Role, UserRepository
from tests.bot.test_tickets_handlers import (
    ASKER,
    C1,
    GROUP,
    OFFICIAL,
    SUP,
    group_callback,
    private_callback,
    staffed,
    staffed_with_ticket,
)
from tests.helpers.client import ClientFactory
from tests.helpers.recording import RecordingSession
from tests.helpers.updates import message_update, tg_user

HUGE = "99999999999999999999"  # > 2**63 - 1
ADMIN = 9001  # ADMIN_IDS in the test settings
GROUP_ANONYMOUS_BOT = 1087968824  # Telegram's sender of anonymous group admins' messages


@pytest.fixture(autouse=True)
def no_errors(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Whatever a test sends, nothing reaches the global error handler (it logs at ERROR)."""
    yield
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == [], [r.getMessage() for r in errors]


async def refused(runtime: Runtime, actor: int | None) -> list[str]:
    rows = await runtime.db.fetchall(
        "SELECT action FROM audit_log WHERE allowed = 0 AND actor_id IS ? ORDER BY id", (actor,)
    )
    return [r["action"] for r in rows]


@pytest.mark.parametrize(
    "data",
    ["-1", "¹²³", "١٢٣", " 5", "+5", HUGE, str(2**63)],
)
def test_callback_ids_are_ascii_digits_in_range(data: str) -> None:
    with pytest.raises(ValueError):
        AskerTicketCallback.unpack(f"tka:reopen:{data}")
    with pytest.raises(ValueError):
        RateCallback.unpack(f"rate:{data}:5")
    assert RateCallback.unpack("rate:5:4") == RateCallback(ticket_id=5, stars=4)
    assert TicketCallback.unpack(f"tk:take:{2**63 - 1}").ticket_id == 2**63 - 1


@pytest.mark.parametrize(
    "data",
    [f"tka:reopen:{HUGE}", f"rate:{HUGE}:5", "rate:¹²:5", f"tk:take:{HUGE}", "kbd:ok:¹²³"],
)
async def test_forged_button_ids_get_the_outdated_answer(
    dp: Dispatcher,
    bot: Bot,
    session: RecordingSession,
    runtime: Runtime,
    data: str,
) -> None:
    await staffed(runtime)
    who = tg_user(SUP if data.startswith(("tk:", "kbd:")) else ASKER, language_code="ru")
    make = group_callback if data.startswith("tk:") else private_callback
    await dp.feed_update(bot, make(who, data))
    answer = session.sent("AnswerCallbackQuery")[-1]
    assert answer.show_alert and "кнопка устарела" in answer.text
    assert await refused(runtime, who.id) == ["callback.unhandled"]


@pytest.mark.parametrize("arg", [HUGE, "¹²³", "１２", "-5", str(2**63)])
async def test_ticket_number_parsed_before_anything(
    client: ClientFactory, session: RecordingSession, runtime: Runtime, arg: str
) -> None:
    await staffed(runtime)
    # a consultant in the group, and an official in the private chat: the usage, no error
    await client(C1, chat_id=GROUP).send(f"/ticket {arg}", thread_id=7, is_topic_message=True)
    assert "/ticket 12" in session.sent()[-1].text
    await client(OFFICIAL).send(f"/ticket {arg}")
    assert "/ticket 12" in session.sent()[-1].text


async def test_someone_elses_ticket_history_is_refused_and_audited(
    client: ClientFactory, session: RecordingSession, runtime: Runtime
) -> None:
    ticket = await staffed_with_ticket(runtime)
    await client(OFFICIAL).send(f"/ticket {ticket.id}")
    assert "недоступно" in session.sent()[-1].text
    assert await refused(runtime, OFFICIAL) == ["ticket.history"]
    await client(ASKER).send(f"/ticket №{ticket.id}")
    assert "Вопрос" in session.sent()[-1].text


@pytest.mark.parametrize("arg", ["¹²³", HUGE, "١٢٣", "-5"])
async def test_admin_grant_takes_ascii_ids_only(
    client: ClientFactory, session: RecordingSession, runtime: Runtime, arg: str
) -> None:
    users = UserRepository(runtime.db)
    await users.touch(ADMIN, first_name="Админ", telegram_lang="ru")
    await users.set_language(ADMIN, "ru")
    await client(ADMIN).send(f"/admin grant {arg} admin")
    assert "Команды администратора" in session.sent()[-1].text  # the usage
    admins = await runtime.db.fetchval("SELECT count(*) FROM users WHERE role = 'admin'")
    assert admins == 1


async def test_anonymous_group_admin_is_told_to_write_as_themselves(
    dp: Dispatcher,
    bot: Bot,
    session: RecordingSession,
    runtime: Runtime,
) -> None:
    await staffed(runtime)
    anonymous = User(id=GROUP_ANONYMOUS_BOT, is_bot=True, first_name="Group")
    group = Chat(id=GROUP, type="supergroup", title="Консультанты")
    for command in ("/drafts", "/queue", "/canned"):
        update = message_update(
            anonymous, command, chat_id=GROUP, chat_type="supergroup", sender_chat=group
        )
        await dp.feed_update(bot, update)
        reply = session.sent()[-1]
        assert (
            reply.chat_id == GROUP and "анонимный администратор" in reply.text
        )  # the consultants' language
    assert await refused(runtime, None) == ["drafts", "ticket.queue", "canned"]
    # an ordinary message of the anonymous admin in the group is left alone
    session.clear()
    await dp.feed_update(
        bot,
        message_update(
            anonymous, "Всем привет", chat_id=GROUP, chat_type="supergroup", sender_chat=group
        ),
    )
    assert session.sent() == []


async def test_staff_buttons_and_commands_refused_to_officials(
    dp: Dispatcher, bot: Bot, session: RecordingSession, runtime: Runtime
) -> None:
    await staffed(runtime)
    official = tg_user(OFFICIAL, language_code="ru")
    for data in ("tk:transfer:1", "tkx:1:2001", "rlr:1", "kbd:no:1"):
        await dp.feed_update(bot, group_callback(official, data))
        answer = session.sent("AnswerCallbackQuery")[-1]
        assert answer.show_alert and "недоступно" in answer.text
    for command in ("/canned", "/inbox on"):
        await dp.feed_update(bot, message_update(official, command))
        assert "недоступно" in session.sent()[-1].text
    await UserRepository(runtime.db).set_role(OFFICIAL, Role.consultant)
    await dp.feed_update(bot, message_update(official, "/drafts"))  # supervisors only
    assert "недоступно" in session.sent()[-1].text
    assert await refused(runtime, OFFICIAL) == [
        "ticket.transfer",
        "ticket.transfer",
        "ticket.relay_retry",
        "drafts.review",
        "canned",
        "ticket.inbox",
        "drafts",
    ]
