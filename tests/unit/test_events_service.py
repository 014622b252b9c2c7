"""Events without Telegram: validation, the YAML/CSV import, registration, waiting list, edits,
cancellation, the calendar file."""

from __future__ import annotations

import datetime as dt

import pytest

from db.database import Database
from db.repositories.events import Audience, RegStatus
from db.repositories.outbox import BroadcastRepository, Kind
from db.repositories.users import UserRepository
from services.events import (
    EventDraft,
    EventError,
    EventImportError,
    EventService,
    RegResult,
    parse_end,
    parse_events_file,
    parse_local_datetime,
    parse_offsets,
    split_place,
)
from services.ics import event_ics, fold
from tests.helpers.events_kit import NOW, TZ, FakeClock, add_users, bishkek


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW)


@pytest.fixture
def svc(db: Database, clock: FakeClock) -> EventService:
    return EventService(db, tz=TZ, reminder_offsets="1d,1h", clock=clock)


def draft(**changes) -> EventDraft:
    base = EventDraft(
        title_ky="Айыл өкмөтү башчыларынын окуусу",
        title_ru="Обучение глав айыл окмоту",
        description_ky="Үч күндүк окуу",
        description_ru="Трёхдневное обучение",
        starts_at=bishkek(2027, 3, 10, 10, 0),
        ends_at=bishkek(2027, 3, 12, 17, 0),
        place="Бишкек, Кеңеш көчөсү 1",
        capacity=2,
    )
    for key, value in changes.items():
        setattr(base, key, value)
    return base


# -- parsing ----------------------------------------------------------------------------------
def test_local_times_are_bishkek_and_stored_utc() -> None:
    start = parse_local_datetime("10.03.2027 10:00", TZ)
    assert start == dt.datetime(2027, 3, 10, 4, 0, tzinfo=dt.UTC)
    assert parse_local_datetime("2027-03-10 10:00", TZ) == start
    assert parse_end("17:30", start, TZ) == dt.datetime(2027, 3, 10, 11, 30, tzinfo=dt.UTC)
    with pytest.raises(EventError) as err:
        parse_local_datetime("завтра", TZ)
    assert err.value.code == "event-err-datetime"
    assert split_place("Ош\nhttps://meet.example/x") == ("Ош", "https://meet.example/x")
    assert split_place("https://zoom.example/1") == (None, "https://zoom.example/1")
    assert parse_offsets("1d, 1h,30m,1h") == [1440, 60, 30]
    with pytest.raises(ValueError):
        parse_offsets("0h")


def test_validation_rules() -> None:
    assert draft().validate(NOW).title_ky.startswith("Айыл")
    cases = {
        "event-err-end-before-start": {"ends_at": bishkek(2027, 3, 10, 9, 0)},
        "event-err-in-past": {"starts_at": bishkek(2027, 2, 1), "ends_at": bishkek(2027, 2, 2)},
        "event-err-place-missing": {"place": None, "online_url": None},
        "event-err-url": {"online_url": "javascript:alert(1)"},
        "event-err-title-missing": {"title_ru": "  "},
        "event-err-deadline-after-start": {"registration_deadline": bishkek(2027, 3, 11)},
        "event-err-unknown-region": {"audience": Audience(oblasts=("atlantis",))},
        "event-err-unknown-position": {"audience": Audience(positions=("king",))},
    }
    for code, changes in cases.items():
        with pytest.raises(EventError) as err:
            draft(**changes).validate(NOW)
        assert err.value.code == code, code


# -- import -----------------------------------------------------------------------------------
YAML = """
events:
  - title: {ky: "Семинар: жергиликтүү бюджет", ru: "Семинар: местный бюджет"}
    description: {ky: "Баткен облусу үчүн", ru: "Для Баткенской области"}
    starts_at: 2027-03-15 10:00
    ends_at: "13:00"
    place: Баткен шаары, акимият
    audience: {oblasts: [batken], positions: [head, deputy]}
    capacity: 40
  - title_ky: Онлайн вебинар
    title_ru: Онлайн-вебинар
    starts_at: "20.03.2027 15:00"
    ends_at: "20.03.2027 16:30"
    online_url: https://meet.example/lsg
    districts: kemin; alamudun
"""

CSV = (
    "title_ky;title_ru;starts_at;ends_at;place;oblasts;positions;capacity;registration_deadline\n"
    "Окуу 1;Обучение 1;2027-04-01 09:00;2027-04-01 18:00;Ош;osh-obl;head;25;2027-03-30 18:00\n"
    "Окуу 2;Обучение 2;2027-04-02 09:00;17:00;Нарын;naryn,talas;;;\n"
)


def test_import_yaml_and_csv() -> None:
    events = parse_events_file("plan.yaml", YAML.encode(), TZ, NOW)
    assert [e.title_ru for e in events] == ["Семинар: местный бюджет", "Онлайн-вебинар"]
    first, second = events
    assert first.starts_at == dt.datetime(2027, 3, 15, 4, 0, tzinfo=dt.UTC)
    assert first.ends_at == dt.datetime(2027, 3, 15, 7, 0, tzinfo=dt.UTC)
    assert first.audience == Audience(oblasts=("batken",), positions=("head", "deputy"))
    assert first.capacity == 40
    assert second.audience.districts == ("kemin", "alamudun")
    assert second.online_url == "https://meet.example/lsg" and second.capacity is None

    rows = parse_events_file("plan.csv", CSV.encode("utf-8-sig"), TZ, NOW)
    assert [r.title_ky for r in rows] == ["Окуу 1", "Окуу 2"]
    assert rows[0].registration_deadline == dt.datetime(2027, 3, 30, 12, 0, tzinfo=dt.UTC)
    assert rows[1].audience.oblasts == ("naryn", "talas")
    assert rows[1].ends_at == dt.datetime(2027, 4, 2, 11, 0, tzinfo=dt.UTC)


def test_import_reports_the_bad_row_and_keeps_nothing() -> None:
    bad = CSV + "Окуу 3;Обучение 3;2027-04-03 09:00;08:00;Ош;;;;\n"
    with pytest.raises(EventImportError) as err:
        parse_events_file("plan.csv", bad.encode(), TZ, NOW)
    assert err.value.row == 4 and err.value.code == "event-err-end-before-start"
    with pytest.raises(EventImportError) as err:
        parse_events_file("plan.yaml", b"- title_ky: x\n  colour: red\n", TZ, NOW)
    assert err.value.code == "event-err-import-column"
    with pytest.raises(EventImportError) as err:
        parse_events_file("plan.xlsx", b"x", TZ, NOW)
    assert err.value.code == "event-err-import-type"
    with pytest.raises(EventImportError) as err:
        parse_events_file("plan.yaml", b"events: [\n", TZ, NOW)
    assert err.value.code == "event-err-import-yaml"


async def test_create_many_is_all_or_nothing(svc: EventService, db: Database) -> None:
    drafts = [draft(), draft(title_ky="")]
    with pytest.raises(EventError):
        await svc.create_many(drafts, created_by=None)
    assert await db.fetchval("SELECT count(*) FROM events") == 0
    created = await svc.create_many([draft(), draft(capacity=None)], created_by=7)
    assert [e.capacity for e in created] == [2, None]


# -- registration and the waiting list ----------------------------------------------------------
async def test_registration_capacity_waiting_list_and_promotion(
    svc: EventService, db: Database, clock: FakeClock
) -> None:
    await add_users(db, [1, 2, 3, 4])
    users = UserRepository(db)
    u = {i: await users.get(i) for i in (1, 2, 3, 4)}
    event = await svc.create(draft(), created_by=None)

    assert await svc.register(event.id, u[1]) == RegResult.registered
    assert await svc.register(event.id, u[1]) == RegResult.already_registered
    assert await svc.register(event.id, u[2]) == RegResult.registered
    clock.advance(seconds=1)
    assert await svc.register(event.id, u[3]) == RegResult.waitlist
    clock.advance(seconds=1)
    assert await svc.register(event.id, u[4]) == RegResult.waitlist
    assert await svc.repo.waitlist_position(event.id, 4) == 2
    # one reminder per (person, offset) for registered people only
    rows = await svc.repo.reminder_rows(event.id)
    assert sorted((r.user_id, r.offset_minutes) for r in rows) == [
        (1, 60), (1, 1440), (2, 60), (2, 1440),
    ]  # fmt: skip
    assert rows[0].due_at == bishkek(2027, 3, 9, 10, 0)  # 1 day before 10:00 Bishkek

    # a registered person leaves: the first waiting one moves up, gets reminders and a notice
    result = await svc.unregister(event.id, 1)
    assert result.was == RegStatus.registered and result.promoted == [3]
    assert (await svc.repo.registration(event.id, 3)).status == RegStatus.registered
    assert {r.status for r in await svc.repo.reminder_rows(event.id, 1)} == {"cancelled"}
    assert len(await svc.repo.reminder_rows(event.id, 3)) == 2
    (notice,) = await BroadcastRepository(db).with_status(["running"], kind=Kind.waitlist_promoted)
    assert notice.payload == {"event_id": event.id}
    row = await db.fetchone("SELECT kind, total FROM broadcasts ORDER BY id DESC LIMIT 1")
    assert (row["kind"], row["total"]) == (Kind.waitlist_promoted, 1)
    assert await db.fetchval("SELECT user_id FROM outbox") == 3
    assert await svc.repo.waitlist_position(event.id, 4) == 1

    # more places: the rest of the list moves up at once
    change = await svc.update(event.id, {"capacity": 5})
    assert change.promoted == [4]
    # re-registering after leaving re-arms the cancelled reminders (they were never sent)
    assert await svc.register(event.id, u[1]) == RegResult.registered
    assert {r.status for r in await svc.repo.reminder_rows(event.id, 1)} == {"pending"}


async def test_deadline_audience_and_cancel(
    svc: EventService, db: Database, clock: FakeClock
) -> None:
    await add_users(db, [10], oblast="batken", position="head")
    await add_users(db, [11], oblast="naryn", position="head")
    await add_users(db, [12], oblast="naryn", district="kemin", position="specialist")
    users = UserRepository(db)
    audience = Audience(oblasts=("batken",), districts=("kemin",))
    event = await svc.create(
        draft(audience=audience, capacity=None, registration_deadline=bishkek(2027, 3, 5, 18)),
        created_by=None,
    )
    assert [e.id for e in await svc.upcoming_for(await users.get(11))] == []
    assert [e.id for e in await svc.upcoming_for(await users.get(12))] == [event.id]
    assert await svc.register(event.id, await users.get(11)) == RegResult.not_eligible
    assert await svc.register(event.id, await users.get(10)) == RegResult.registered
    clock.set(bishkek(2027, 3, 5, 18, 1))
    assert await svc.register(event.id, await users.get(12)) == RegResult.closed

    told = await svc.cancel(event.id, actor_id=1)
    assert told == 1
    assert await svc.register(event.id, await users.get(12)) == RegResult.cancelled
    assert {r.status for r in await svc.repo.reminder_rows(event.id)} == {"cancelled"}
    row = await db.fetchone("SELECT kind, total, priority FROM broadcasts")
    assert (row["kind"], row["total"]) == (Kind.event_cancelled, 1) and row["priority"] > 0
    with pytest.raises(EventError):
        await svc.cancel(event.id)


async def test_moving_an_event_moves_reminders_and_tells_people(
    svc: EventService, db: Database, clock: FakeClock
) -> None:
    await add_users(db, [1, 2, 3])
    users = UserRepository(db)
    event = await svc.create(draft(), created_by=None)
    for uid in (1, 2, 3):
        await svc.register(event.id, await users.get(uid))  # 3 waits
    # the 1-day reminder of person 1 was already sent
    await db.execute(
        "UPDATE reminders SET status = 'sent' WHERE user_id = 1 AND offset_minutes = 1440"
    )
    new_start = bishkek(2027, 3, 17, 10, 0)
    change = await svc.update(
        event.id, {"starts_at": new_start, "ends_at": new_start + dt.timedelta(hours=7)}
    )
    assert set(change.changed) == {"starts_at", "ends_at"} and change.notified == 3
    assert change.event.sequence == 1
    due = {
        (r.user_id, r.offset_minutes): (r.status, r.due_at)
        for r in await svc.repo.reminder_rows(event.id)
    }
    assert due[(1, 1440)] == ("pending", bishkek(2027, 3, 16, 10, 0))  # new moment, re-armed
    assert due[(2, 60)] == ("pending", bishkek(2027, 3, 17, 9, 0))
    row = await db.fetchone("SELECT kind, payload, total FROM broadcasts")
    assert row["kind"] == Kind.event_changed and row["total"] == 3
    assert "starts_at" in row["payload"]
    # a description change alone reaches nobody
    change = await svc.update(event.id, {"description_ru": "Новое описание"})
    assert change.changed == ["description_ru"] and change.notified == 0


def test_calendar_file() -> None:
    from db.repositories.events import Event

    event = Event(
        id=5,
        title_ky="Окуу",
        title_ru="Обучение; глав, айыл окмоту",
        description_ky="",
        description_ru="Строка 1\nСтрока 2 " + "длинный текст " * 10,
        starts_at=bishkek(2027, 3, 10, 10, 0),
        ends_at=bishkek(2027, 3, 10, 17, 0),
        place="Бишкек",
        online_url="https://meet.example/x",
        audience=Audience(),
        capacity=None,
        registration_deadline=None,
        status="scheduled",
        sequence=2,
        created_by=None,
        created_at=NOW,
        updated_at=NOW,
    )
    data = event_ics(event, "ru", now=NOW, alarms_minutes=[60])
    text = data.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert "DTSTART:20270310T040000Z" in text and "DTEND:20270310T110000Z" in text
    assert "SUMMARY:Обучение\\; глав\\, айыл окмоту" in text
    assert "SEQUENCE:2" in text and "TRIGGER:-PT60M" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    unfolded = text.replace("\r\n ", "")
    assert "Строка 1\\nСтрока 2" in unfolded
    assert fold("й" * 80).count("\r\n ") == 2
