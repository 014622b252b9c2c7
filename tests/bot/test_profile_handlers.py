"""Registration and /profile in process: every step, validation, the contact button, edits,
the consultants' "show my name" switch; the oblast/district map."""

from __future__ import annotations

import itertools

from aiogram import Bot, Dispatcher
from aiogram.types import Contact, Update

from bot.app import Runtime
from db.repositories.users import Role, UserRepository
from services import geo
from tests.helpers.recording import RecordingSession
from tests.helpers.updates import callback_update, message_update, tg_user

_ids = itertools.count(70_000)
USER = 4242


def press(user_id: int, data: str) -> Update:
    return callback_update(tg_user(user_id, language_code="ru"), data, message_id=next(_ids))


async def ru_user(runtime: Runtime, uid: int = USER) -> UserRepository:
    users = UserRepository(runtime.db)
    await users.touch(uid, first_name="Нурлан", telegram_lang="ru")
    await users.set_language(uid, "ru")
    return users


async def test_registration_all_steps(
    dp: Dispatcher, bot: Bot, session: RecordingSession, runtime: Runtime
) -> None:
    users = await ru_user(runtime)
    u = tg_user(USER, language_code="ru")
    await dp.feed_update(bot, message_update(u, "/profile"))
    # the introduction and the first question are one message (one a second per chat)
    (first,) = session.sent()
    assert "Давайте познакомимся" in first.text and "полное имя" in first.text
    await dp.feed_update(bot, message_update(u, "Аб"))  # too short
    assert "полностью" in session.sent()[-1].text
    await dp.feed_update(bot, message_update(u, "Токтосунов  Нурлан <b>"))
    position = session.sent()[-1]
    codes = [b.callback_data for row in position.reply_markup.inline_keyboard for b in row]
    assert codes == [f"pos:{c}" for c in ("head", "deputy", "specialist", "deputy_kenesh", "other")]
    await dp.feed_update(bot, message_update(u, "глава"))  # must use the buttons
    assert "кнопкой" in session.sent()[-1].text
    await dp.feed_update(bot, press(USER, "pos:specialist"))
    regions = session.sent()[-1]
    region_codes = [b.callback_data for row in regions.reply_markup.inline_keyboard for b in row]
    assert (
        len(region_codes) == 9 and "geo:r:bishkek" in region_codes and "geo:r:osh" in region_codes
    )
    await dp.feed_update(bot, press(USER, "geo:r:jalalabad"))
    districts = session.sent()[-1]
    names = [b.text for row in districts.reply_markup.inline_keyboard for b in row]
    assert "Сузакский район" in names and "г. Таш-Кумыр" in names
    await dp.feed_update(bot, press(USER, "geo:d:nope"))  # forged district
    assert session.sent("AnswerCallbackQuery")[-1].show_alert
    await dp.feed_update(bot, press(USER, "geo:d:suzak"))
    await dp.feed_update(bot, message_update(u, "Кок-Арт айыл аймагы"))
    phone_prompt = session.sent()[-1]
    first_button = phone_prompt.reply_markup.keyboard[0][0]
    assert first_button.request_contact
    foreign = Contact(phone_number="+996700000000", first_name="X", user_id=USER + 1)
    await dp.feed_update(bot, message_update(u, None, contact=foreign))
    assert "свой номер" in session.sent()[-1].text.lower() or "своим" in session.sent()[-1].text
    own = Contact(phone_number="996555123456", first_name="Н", user_id=USER)
    await dp.feed_update(bot, message_update(u, None, contact=own))
    saved = session.sent()[-1].text
    assert "Профиль сохранён" in saved and "&lt;b&gt;" in saved  # the name is escaped
    user = await users.get(USER)
    assert user is not None and user.is_registered
    assert (user.full_name, user.position, user.oblast, user.district) == (
        "Токтосунов Нурлан <b>",
        "specialist",
        "jalalabad",
        "suzak",
    )
    assert user.municipality == "Кок-Арт айыл аймагы" and user.phone == "+996555123456"


async def test_edit_one_field_and_city_without_districts(
    dp: Dispatcher, bot: Bot, session: RecordingSession, runtime: Runtime
) -> None:
    users = await ru_user(runtime)
    await users.update_profile(
        USER, full_name="Асанова Гүлнара", position="head", oblast="chuy", district="sokuluk",
        municipality="Сокулук", phone=None,
    )  # fmt: skip
    u = tg_user(USER, language_code="ru")
    await dp.feed_update(bot, message_update(u, "/profile"))
    shown = session.sent()[-1]
    assert "Сокулукский район" in shown.text and "Чуйская область" in shown.text
    edit_buttons = [b.callback_data for row in shown.reply_markup.inline_keyboard for b in row]
    assert "prof:show_name:" not in edit_buttons  # officials have no such switch
    await dp.feed_update(bot, press(USER, "prof:edit:region"))
    await dp.feed_update(bot, press(USER, "geo:r:osh"))  # Osh city: no district step
    assert "Профиль сохранён" in session.sent()[-1].text
    user = await users.get(USER)
    assert user is not None and user.oblast == "osh" and user.district is None
    # an official cannot switch "show my name": refused and logged
    await dp.feed_update(bot, press(USER, "prof:show_name:"))
    assert session.sent("AnswerCallbackQuery")[-1].show_alert
    assert (
        await runtime.db.fetchval(
            "SELECT count(*) FROM audit_log WHERE actor_id = ? AND allowed = 0", (USER,)
        )
        == 1
    )


async def test_consultant_opts_in_to_show_name(
    dp: Dispatcher, bot: Bot, session: RecordingSession, runtime: Runtime
) -> None:
    users = await ru_user(runtime)
    await users.set_role(USER, Role.consultant)
    await users.update_profile(
        USER, full_name="Консультант Айжан", position="other", oblast="bishkek",
        municipality="Бишкек",
    )  # fmt: skip
    await dp.feed_update(bot, message_update(tg_user(USER, language_code="ru"), "/profile"))
    assert "скрыто" in session.sent()[-1].text
    await dp.feed_update(bot, press(USER, "prof:show_name:"))
    user = await users.get(USER)
    assert user is not None and user.show_name
    assert "показывается" in session.sent("EditMessageText")[-1].text


def test_geo_covers_kyrgyzstan() -> None:
    oblasts = [r for r in geo.REGIONS if not r.city]
    assert len(oblasts) == 7 and {r.code for r in geo.REGIONS if r.city} == {"bishkek", "osh"}
    assert geo.rural_district_count() == 40
    codes = [(r.code, d.code) for r in geo.REGIONS for d in r.districts]
    assert len(codes) == len(set(codes))
    for region in geo.REGIONS:
        assert region.ky and region.ru
        for district in region.districts:
            assert district.ky and district.ru
    assert geo.district_name("issykkul", "jetioguz", "ky") == "Жети-Өгүз району"
    assert geo.region_name("talas", "ru") == "Таласская область"
    assert geo.region_name("free text", "ru") == "free text"
