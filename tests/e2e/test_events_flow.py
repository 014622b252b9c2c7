"""Events end to end through the emulator: the admin's guided form with preview, the file
import, officials registering, the waiting list moving up, the calendar file, cancellation."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.config import Settings
from db.repositories.events import EventRepository, RegStatus
from db.repositories.outbox import BroadcastRepository
from tests.helpers.client import button, buttons
from tests.helpers.events_kit import (
    ADMIN_ID,
    create_event,
    emulator_config,
    harness,
    paced_settings,
    wait_until,
)

pytestmark = pytest.mark.e2e
A, B, C, D, E = 41_001, 41_002, 41_003, 41_004, 41_005


async def press(c, chat: int, msg: dict, label: str, **wait) -> dict:  # type: ignore[no-untyped-def]
    """Press a button and wait for the message it leads to (an edit or a new one)."""
    await c.press_button(chat, chat, msg["message_id"], button(msg, label))
    return await c.wait_for_bot_message(chat, after_message_id=msg["message_id"] - 1, **wait)


async def test_form_registration_waiting_list_ics_and_cancel(settings: Settings) -> None:
    async with harness(paced_settings(settings, 1000, 20), emulator_config(1000, 20)) as h:
        c, db = h.client, h.db
        await h.people([A], language="ru", oblast="chuy")
        await h.people([B], language="ky", oblast="chuy", position="deputy")
        await h.people([C], language="ru", oblast="naryn")

        # -- the admin fills in the form ------------------------------------------------------
        day = (dt.datetime.now(h.settings.tz) + dt.timedelta(days=30)).date()
        steps = [
            ("/event_new", "шаг 1 из 10"),
            ("Бюджет боюнча окуу", "Шаг 2"),
            ("Обучение по бюджету", "Шаг 3"),
            ("-", "Шаг 4"),
            ("Для глав & <заместителей>", "Шаг 5"),
            ("31.02.2027 10:00", "Не понимаю дату"),
            (f"{day:%d.%m.%Y} 10:00", "Шаг 6"),
            ("09:00", "Окончание должно быть позже"),
            ("17:00", "Шаг 7"),
            ("Бишкек, Киев көчөсү 96\nhttps://meet.example/budget", "Шаг 7а"),
            ("Бишкек, ул. Киевская 96", "для кого"),
        ]
        for text, expect in steps:
            await c.send_message(ADMIN_ID, text, language_code="ru")
            msg = await c.wait_for_bot_message(ADMIN_ID, contains=expect)
        msg = await press(c, ADMIN_ID, msg, "Чуйская область", contains="Чуйская область")
        assert "Сейчас: Чуйская область" in msg["text"]
        await c.press_button(ADMIN_ID, ADMIN_ID, msg["message_id"], button(msg, "Далее"))
        await c.wait_for_bot_message(ADMIN_ID, contains="Шаг 9")
        await c.send_message(ADMIN_ID, "1")
        await c.wait_for_bot_message(ADMIN_ID, contains="Шаг 10")
        await c.send_message(ADMIN_ID, "-")
        preview = await c.wait_for_bot_message(ADMIN_ID, contains="Предпросмотр")
        assert "Для глав &amp; &lt;заместителей&gt;" not in preview["text"]  # escaped once
        assert "Для глав & <заместителей>" in preview["text"]
        assert f"{day:%d.%m.%Y}, 10:00–17:00" in preview["text"]
        assert "Бишкек, ул. Киевская 96" in preview["text"]  # the Russian place, for a ru admin
        assert "Место на другом языке: Бишкек, Киев көчөсү 96" in preview["text"]
        # the admin sees beforehand how many subscribers the publication will notify
        assert "узнают подписчики" in preview["text"]
        published = await press(c, ADMIN_ID, preview, "Опубликовать", contains="опубликовано")
        (event,) = await EventRepository(db).upcoming(dt.datetime.now(dt.UTC))
        assert event.audience.oblasts == ("chuy",) and event.capacity == 1
        assert event.starts_at.astimezone(dt.UTC).hour == 4  # 10:00 in Bishkek = 04:00 UTC
        assert event.online_url == "https://meet.example/budget"
        assert "Участники" in "".join(buttons(published))

        # -- officials ------------------------------------------------------------------------
        await c.send_message(C, "/events")
        await c.wait_for_bot_message(C, contains="Ближайших мероприятий для вас пока нет")
        await c.send_message(A, "/events")
        listing = await c.wait_for_bot_message(A, contains="Ближайшие мероприятия")
        card = await press(c, A, listing, "Обучение по бюджету", contains="Свободных мест: 1")
        card = await press(c, A, card, "Зарегистрироваться", contains="Вы зарегистрированы")
        assert len(await EventRepository(db).reminder_rows(event.id, A)) == 2
        # the confirmation comes with the calendar file
        confirmation = await c.wait_for_bot_message(A, predicate=lambda m: "document" in m)
        assert "Вы зарегистрированы" in confirmation["caption"]
        assert confirmation["document"]["file_name"] == f"event-{event.id}.ics"
        # the list says so, and shows free places the way the card does
        await c.send_message(A, "/events")
        listing = await c.wait_for_bot_message(A, contains="вы зарегистрированы")
        assert "свободно 0 из 1" in listing["text"]

        await c.send_message(B, "/events")
        listing = await c.wait_for_bot_message(B, contains="Жакынкы иш-чаралар")
        card_b = await press(c, B, listing, "Бюджет боюнча окуу", contains="Бош орундар")
        card_b = await press(c, B, card_b, "Күтүү тизмесине", contains="күтүү тизмесиндесиз")
        assert "кезектеги орун: 1" in card_b["text"]
        await c.send_message(B, "/events")
        await c.wait_for_bot_message(B, contains="күтүү тизмесиндесиз (1-орун)")

        # the calendar file
        await c.press_button(A, A, card["message_id"], button(card, ".ics"))
        doc = await c.wait_for_bot_message(
            A, predicate=lambda m: "document" in m, after_message_id=confirmation["message_id"]
        )
        assert doc["document"]["file_name"] == f"event-{event.id}.ics"
        ics = (await c.download(doc["document"]["file_id"])).decode()
        assert "BEGIN:VEVENT" in ics and f"DTSTART:{day:%Y%m%d}T040000Z" in ics

        # A leaves: B moves up and is told, in Kyrgyz
        last_b = (await c.bot_messages(B))[-1]["message_id"]
        ask = await press(c, A, card, "Отменить регистрацию", contains="Отменить регистрацию на")
        assert (await EventRepository(db).registration(event.id, A)).status == "registered"
        await press(c, A, ask, "Да, отменить", contains="Свободных мест: 0")
        promoted = await c.wait_for_bot_message(B, contains="Орун бошоду", after_message_id=last_b)
        assert promoted["document"]["file_name"] == f"event-{event.id}.ics"  # with the file
        reg = await EventRepository(db).registration(event.id, B)
        assert reg is not None and reg.status == RegStatus.registered

        # the admin cancels: B (registered now) is told
        last_b = (await c.bot_messages(B))[-1]["message_id"]
        admin_card = await press(
            c, ADMIN_ID, published, "Отменить мероприятие", contains="Отменить мероприятие?"
        )
        await press(c, ADMIN_ID, admin_card, "Да, отменить", contains="отменено")
        told = await c.wait_for_bot_message(B, contains="жокко чыгарылды", after_message_id=last_b)
        assert "Бюджет боюнча окуу" in told["text"]
        assert all("жокко" not in m.get("text", "") for m in await c.bot_messages(A))


YAML = """
- title: {ky: "Жергиликтүү бюджет", ru: "Местный бюджет"}
  starts_at: "%s 10:00"
  ends_at: "13:00"
  place: Ош
  positions: [head]
- title_ky: Вебинар
  title_ru: Вебинар
  starts_at: "%s 15:00"
  ends_at: "16:00"
  online_url: https://meet.example/w
"""


async def test_announcing_an_event_is_confirmed_with_its_count(settings: Settings) -> None:
    async with harness(paced_settings(settings, 1000, 20), emulator_config(1000, 20)) as h:
        c = h.client
        await h.people([A, B], language="ru", oblast="chuy")
        await h.people([C], language="ru", oblast="naryn")  # not in the audience
        event = await create_event(h.db, oblasts=("chuy",), days=5, created_by=ADMIN_ID)
        await c.send_message(ADMIN_ID, "/events")
        listing = await c.wait_for_bot_message(ADMIN_ID, contains="Ближайшие мероприятия")
        card = await press(c, ADMIN_ID, listing, "Обучение", contains="Для кого")
        ask = await press(c, ADMIN_ID, card, "Объявить подписчикам", contains="Объявить «")
        assert "получат 2 подписчика" in ask["text"]
        repo = BroadcastRepository(h.db)
        assert await repo.with_status(["running", "done"]) == []  # nothing sent yet
        await press(c, ADMIN_ID, ask, "Да, отправить (2)", contains="Рассылка №1")
        (bc,) = await repo.with_status(["running", "done"])
        assert (bc.kind, bc.total, bc.payload["event_id"]) == ("event_new", 2, event.id)
        told = await c.wait_for_bot_message(A, contains="Новое мероприятие")
        assert "Бишкек" in told["text"]


async def test_import_from_a_file(settings: Settings) -> None:
    async with harness(paced_settings(settings, 1000, 20), emulator_config(1000, 20)) as h:
        c = h.client
        day = (dt.datetime.now(h.settings.tz) + dt.timedelta(days=10)).date().isoformat()
        await c.send_message(ADMIN_ID, "/event_import", language_code="ru")
        await c.wait_for_bot_message(ADMIN_ID, contains=".yaml")
        bad = (YAML % (day, day)).replace('ends_at: "13:00"', 'ends_at: "08:00"')
        await c.send_document(ADMIN_ID, "plan.yaml", bad.encode())
        failed = await c.wait_for_bot_message(ADMIN_ID, contains="Файл не загружен")
        assert "запись 1" in failed["text"] and "позже начала" in failed["text"]
        assert await EventRepository(h.db).upcoming(dt.datetime.now(dt.UTC)) == []

        await h.people([D], language="ky", position="head")  # both events are for D
        await h.people([E], language="ky", position="specialist")  # the webinar only
        await c.send_message(ADMIN_ID, "/event_import")
        await c.wait_for_bot_message(ADMIN_ID, contains=".yaml")
        await c.send_document(ADMIN_ID, "plan.yaml", (YAML % (day, day)).encode())
        done = await c.wait_for_bot_message(ADMIN_ID, contains="Загружено мероприятий: 2")
        events = await EventRepository(h.db).upcoming(dt.datetime.now(dt.UTC))
        assert [e.title_ru for e in events] == ["Местный бюджет", "Вебинар"]
        assert events[0].audience.positions == ("head",)
        # announced only after the admin saw how many messages it makes: 1 (heads) + 2
        assert "Сообщений: 3" in done["text"]
        assert await BroadcastRepository(h.db).with_status(["running", "done"]) == []
        await c.press_button(ADMIN_ID, ADMIN_ID, done["message_id"], button(done, "Объявить (3)"))
        await c.wait_for_bot_message(ADMIN_ID, contains="Рассылка №2")
        notices = await BroadcastRepository(h.db).with_status(["running", "done"])
        assert [(b.kind, b.total) for b in notices] == [("event_new", 1), ("event_new", 2)]
        # an official cannot import
        await c.create_user(A, "A", language_code="ru")
        await c.send_message(A, "/event_import")
        reply = await wait_until(lambda: c.bot_messages(A))
        assert "только для супервайзеров и администраторов" in reply[-1]["text"]  # who may


async def test_a_supervisors_event_is_announced_without_broadcast_controls(
    settings: Settings,
) -> None:
    from db.repositories.users import Role, UserRepository

    supervisor = 41_009
    async with harness(paced_settings(settings, 1000, 20), emulator_config(1000, 20)) as h:
        c = h.client
        await h.people([supervisor, A, B], language="ru", oblast="chuy")
        await UserRepository(h.db).set_role(supervisor, Role.supervisor)
        day = (dt.datetime.now(h.settings.tz) + dt.timedelta(days=3)).date().isoformat()
        plan = f"- title_ky: Окуу\n  title_ru: Обучение\n  starts_at: '{day} 10:00'\n"
        plan += "  ends_at: '12:00'\n  place: Бишкек\n"
        await c.send_message(supervisor, "/event_import")
        await c.wait_for_bot_message(supervisor, contains=".yaml")
        await c.send_document(supervisor, "plan.yaml", plan.encode())
        done = await c.wait_for_bot_message(supervisor, contains="Загружено мероприятий: 1")
        assert "Сообщений: 3" in done["text"]  # A, B and the supervisor are subscribers
        await c.press_button(supervisor, supervisor, done["message_id"], button(done, "(3)"))
        progress = await c.wait_for_bot_message(supervisor, contains="Рассылка №1")
        assert not buttons(progress)  # pause / stop are the admins' (they would be refused)
        told = await c.wait_for_bot_message(A, contains="Новое мероприятие")
        assert "Обучение" in told["text"]
