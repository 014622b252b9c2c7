"""People are addressed by first name (Kyrgyz) or first name and patronymic (Russian), never
"Surname Name Patronymic"; every refusal names the role that may do the action and what to do
(issue 10, items 5 and 7)."""

from __future__ import annotations

import pytest
from aiogram import Bot, Dispatcher

from bot.app import Runtime
from bot.filters import alert_text
from db.repositories.users import Role, UserRepository
from services.text import address_name
from tests.helpers.recording import RecordingSession
from tests.helpers.updates import message_update, tg_user


@pytest.mark.parametrize(
    ("full_name", "telegram", "ru", "ky"),
    [
        ("Жумабеков Айбек Сыдыкович", "Aibek", "Айбек Сыдыкович", "Айбек"),
        ("Айбек Жумабеков", "", "Айбек", "Айбек"),
        ("Жумабеков Айбек", "", "Айбек", "Айбек"),
        ("Айбек Сыдык уулу Жумабеков", "", "Айбек Сыдык уулу", "Айбек"),
        ("Токтогулова Асель Бакытовна", "", "Асель Бакытовна", "Асель"),
        ("Нурлан Асанбек", "Нурлан", "Нурлан", "Нурлан"),  # Telegram's first name decides
        ("Иванова Мария Петровна", "", "Мария Петровна", "Мария"),
        (None, "Гүлнара", "Гүлнара", "Гүлнара"),
        ("Айбек", "", "Айбек", "Айбек"),
    ],
)
def test_address_name(full_name: str | None, telegram: str, ru: str, ky: str) -> None:
    assert address_name(full_name, telegram, "ru") == ru
    assert address_name(full_name, telegram, "ky") == ky


async def test_greeting_uses_first_name_and_patronymic(
    dp: Dispatcher, bot: Bot, session: RecordingSession, runtime: Runtime
) -> None:
    users = UserRepository(runtime.db)
    await users.touch(556, first_name="Aibek")
    await users.update_profile(556, full_name="Жумабеков Айбек Сыдыкович")
    for lang, greeting in (("ru", "Здравствуйте, <b>Айбек Сыдыкович</b>!"),
                           ("ky", "Саламатсызбы, <b>Айбек</b>!")):  # fmt: skip
        await users.set_language(556, lang)
        session.clear()
        await dp.feed_update(bot, message_update(tg_user(556, first_name="Aibek"), "/start"))
        texts = [m.text for m in session.sent()]
        assert any(greeting in t for t in texts), texts
        assert not any("Жумабеков" in t for t in texts)


@pytest.mark.parametrize(
    ("command", "role_words"),
    [
        ("/broadcast", "только для администраторов"),
        ("/event_new", "только для супервайзеров и администраторов"),
        ("/gaps", "только для супервайзеров и администраторов"),
        ("/stats", "только для супервайзеров и администраторов"),
    ],
)
async def test_privileged_commands_say_who_may(
    dp: Dispatcher,
    bot: Bot,
    session: RecordingSession,
    runtime: Runtime,
    command: str,
    role_words: str,
) -> None:
    users = UserRepository(runtime.db)
    await users.touch(557, first_name="Асан")
    await users.set_language(557, "ru")
    await dp.feed_update(bot, message_update(tg_user(557), command))
    text = session.sent()[-1].text
    assert role_words in text and "<code>557</code>" in text, text
    assert "Такой команды нет" not in text
    refused = await runtime.db.fetchval(
        "SELECT count(*) FROM audit_log WHERE allowed = 0 AND actor_id = 557"
    )
    assert refused == 1
    # a supervisor asking for an admin command gets the admin refusal, in Kyrgyz too
    await users.set_role(557, Role.supervisor)
    await users.set_language(557, "ky")
    await dp.feed_update(bot, message_update(tg_user(557), "/broadcast"))
    assert "администраторлору үчүн гана" in session.sent()[-1].text


def test_alert_is_plain_and_short() -> None:
    text = "⛔ Статистика — только для супервайзеров.\n" + "Длинный совет " * 20 + "<code>1</code>"
    alert = alert_text(text, "Доступ выдаёт администратор.")
    assert alert == "⛔ Статистика — только для супервайзеров. Доступ выдаёт администратор."
    assert alert_text("<b>Коротко</b> &amp; ясно") == "Коротко & ясно"
