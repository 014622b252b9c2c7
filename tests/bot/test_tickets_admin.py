"""In-bot administration: roles (server-side checks, refusals logged) and the working calendar
that the SLA timers use."""

from __future__ import annotations

import datetime as dt

from aiogram import Bot, Dispatcher

from bot.app import Runtime
from db.repositories.users import Role, UserRepository
from tests.helpers.recording import RecordingSession
from tests.helpers.updates import message_update, tg_user

ADMIN = 9001  # ADMIN_IDS in the test settings
OFFICIAL, CONSULTANT = 5151, 5252


async def prepare(runtime: Runtime) -> UserRepository:
    users = UserRepository(runtime.db)
    for uid in (ADMIN, OFFICIAL, CONSULTANT):
        await users.touch(uid, first_name=f"u{uid}", telegram_lang="ru")
        await users.set_language(uid, "ru")
    await users.set_role(CONSULTANT, Role.consultant)
    return users


async def test_only_admins_manage_roles(
    dp: Dispatcher, bot: Bot, session: RecordingSession, runtime: Runtime
) -> None:
    users = await prepare(runtime)
    for uid in (OFFICIAL, CONSULTANT):
        await dp.feed_update(
            bot, message_update(tg_user(uid, language_code="ru"), f"/admin grant {uid} admin")
        )
        refusal = session.sent()[-1].text
        assert "только для администраторов" in refusal and f"<code>{uid}</code>" in refusal
    assert (await users.get(OFFICIAL)).role == Role.official  # type: ignore[union-attr]
    assert (await users.get(CONSULTANT)).role == Role.consultant  # type: ignore[union-attr]
    refused = await runtime.db.fetchall(
        "SELECT actor_id, action FROM audit_log WHERE allowed = 0 ORDER BY id"
    )
    assert [tuple(r) for r in refused] == [(OFFICIAL, "admin"), (CONSULTANT, "admin")]

    admin = tg_user(ADMIN, language_code="ru")
    await dp.feed_update(bot, message_update(admin, f"/admin grant {OFFICIAL} supervisor"))
    assert "супервайзер" in session.sent()[-1].text
    assert (await users.get(OFFICIAL)).role == Role.supervisor  # type: ignore[union-attr]
    commands = session.sent("SetMyCommands")[-1]
    assert commands.scope.chat_id == OFFICIAL
    assert "stats" in [c.command for c in commands.commands]
    await dp.feed_update(bot, message_update(admin, f"/admin grant {OFFICIAL} king"))
    assert "Неизвестная роль" in session.sent()[-1].text
    await dp.feed_update(bot, message_update(admin, f"/admin revoke {OFFICIAL}"))
    assert (await users.get(OFFICIAL)).role == Role.official  # type: ignore[union-attr]
    await dp.feed_update(bot, message_update(admin, f"/admin revoke {ADMIN}"))
    assert "нельзя" in session.sent()[-1].text
    await dp.feed_update(bot, message_update(admin, "/admin"))
    listing = session.sent()[-1].text
    assert str(CONSULTANT) in listing and "консультант" in listing
    granted = await runtime.db.fetchval(
        "SELECT count(*) FROM audit_log WHERE actor_id = ? AND allowed = 1", (ADMIN,)
    )
    assert granted == 2


async def test_admin_changes_the_working_calendar(
    dp: Dispatcher, bot: Bot, session: RecordingSession, runtime: Runtime
) -> None:
    await prepare(runtime)
    admin = tg_user(ADMIN, language_code="ru")
    await dp.feed_update(bot, message_update(admin, "/admin hours 08:00-17:00"))
    assert "08:00–17:00" in session.sent()[-1].text
    await dp.feed_update(bot, message_update(admin, "/admin hours 25:00-26:00"))
    assert "пишутся так" in session.sent()[-1].text
    await dp.feed_update(bot, message_update(admin, "/admin holiday add 2026-11-25 Тест"))
    await dp.feed_update(bot, message_update(admin, "/admin workday add 2026-11-28"))
    cal = await runtime.tickets.calendar()
    assert cal.hours == ((dt.time(8), dt.time(17)),)
    assert not cal.is_workday(dt.date(2026, 11, 25)) and cal.is_workday(dt.date(2026, 11, 28))
    await dp.feed_update(bot, message_update(admin, "/admin holiday del 2026-11-25"))
    cal = await runtime.tickets.calendar()
    assert cal.is_workday(dt.date(2026, 11, 25))
    await dp.feed_update(bot, message_update(admin, "/admin holiday add 25.11.2026"))
    assert "Дата пишется так" in session.sent()[-1].text


async def test_admin_sub_commands_in_kyrgyz_and_russian(
    dp: Dispatcher, bot: Bot, session: RecordingSession, runtime: Runtime
) -> None:
    users = await prepare(runtime)
    admin = tg_user(ADMIN, language_code="ru")
    await dp.feed_update(bot, message_update(admin, f"/admin назначить {OFFICIAL} супервайзер"))
    assert (await users.get(OFFICIAL)).role == Role.supervisor  # type: ignore[union-attr]
    await dp.feed_update(bot, message_update(admin, f"/admin ал {OFFICIAL}"))
    assert (await users.get(OFFICIAL)).role == Role.official  # type: ignore[union-attr]
    await dp.feed_update(bot, message_update(admin, f"/admin бер {OFFICIAL} консультант"))
    assert (await users.get(OFFICIAL)).role == Role.consultant  # type: ignore[union-attr]
    await dp.feed_update(bot, message_update(admin, f"/admin назначить {OFFICIAL} царь"))
    reply = session.sent()[-1].text
    assert "Неизвестная роль" in reply and "консультант, супервайзер, администратор" in reply
    await dp.feed_update(bot, message_update(admin, "/admin часы 08:30-17:30"))
    await dp.feed_update(bot, message_update(admin, "/admin майрам кош 2026-11-25 Тест"))
    cal = await runtime.tickets.calendar()
    assert cal.hours == ((dt.time(8, 30), dt.time(17, 30)),)
    assert not cal.is_workday(dt.date(2026, 11, 25))
    await dp.feed_update(bot, message_update(admin, "/admin праздник удалить 2026-11-25"))
    cal = await runtime.tickets.calendar()
    assert cal.is_workday(dt.date(2026, 11, 25))
    await dp.feed_update(bot, message_update(admin, "/admin список"))
    assert str(OFFICIAL) in session.sent()[-1].text
    await dp.feed_update(bot, message_update(admin, "/admin календарь"))
    calendar = session.sent()[-1].text
    assert "(время Бишкека)" in calendar and "Asia" not in calendar
