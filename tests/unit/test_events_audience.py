"""Audiences by position, region and language: one vocabulary (the profile form's) and one rule
for events, /events, event announcements and admin announcements — a test per value."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.i18n import Translator
from bot.keyboards.broadcasts import BroadcastCallback, audience_bc_kb
from bot.keyboards.events import audience_form_kb
from db import audience as aud
from db.database import Database
from db.repositories.events import Audience
from db.repositories.users import UserRepository
from handlers.profile import POSITIONS as FORM_POSITIONS
from handlers.profile import position_keyboard
from services import geo
from services.broadcast import BroadcastService
from services.events import EventDraft, EventService, parse_events_file
from services.subscriptions import AnnouncementAudience, SubscriptionService
from tests.helpers.events_kit import NOW, TZ, FakeClock, add_users, bishkek


@pytest.fixture
async def db(tmp_path: Path):
    async with Database(tmp_path / "aud.sqlite3") as database:
        yield database


def draft(title: str, audience: Audience) -> EventDraft:
    start = bishkek(2027, 3, 10, 10, 0)
    return EventDraft(
        title_ky=title,
        title_ru=title,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
        place="Бишкек",
        audience=audience,
    )


def test_the_profile_form_and_every_audience_picker_use_one_vocabulary() -> None:
    i18n = Translator().bind("ru")
    assert FORM_POSITIONS == aud.POSITIONS
    form = [b.callback_data for row in position_keyboard(i18n).inline_keyboard for b in row]
    assert form == [f"pos:{code}" for code in aud.POSITIONS]
    event_picker = [
        b.callback_data.split(":")[-1]
        for row in audience_form_kb(i18n, (), ()).inline_keyboard
        for b in row
        if b.callback_data.startswith("evf:tog:p:")
    ]
    bc_buttons = [
        BroadcastCallback.unpack(b.callback_data)
        for row in audience_bc_kb(i18n, AnnouncementAudience(), "positions").inline_keyboard
        for b in row
    ]
    bc_picker = [cb.value for cb in bc_buttons if cb.action == "tog" and cb.kind == "p"]
    assert event_picker == bc_picker == list(aud.POSITIONS)


@pytest.mark.parametrize("position", aud.POSITIONS)
async def test_an_event_and_an_announcement_for_each_position_reach_its_holders(
    db: Database, position: str
) -> None:
    clock = FakeClock(NOW)
    users = UserRepository(db)
    # one person per position, every one in Chuy; the profile form stores these codes
    ids = {code: 500 + i for i, code in enumerate(aud.POSITIONS)}
    await add_users(db, ids.values(), oblast="chuy", position=None)
    for code, uid in ids.items():
        await users.update_profile(uid, position=code)
    holder = ids[position]

    events = EventService(db, tz=TZ, clock=clock)
    event = await events.create(draft("Окуу", Audience(positions=(position,))), created_by=None)
    for code, uid in ids.items():
        person = await users.get(uid)
        assert person is not None
        listed = [e.id for e in await events.upcoming_for(person)]
        assert (event.id in listed) == (code == position), (code, listed)
        assert events.eligible(event, person) == (code == position)

    subs = SubscriptionService(db, clock=clock)
    assert await subs.event_recipients(event) == [holder]
    bc = BroadcastService(db, clock=clock)
    announcement = AnnouncementAudience(positions=(position,))
    assert await subs.recipients(announcement) == [holder]
    assert await bc.recipient_count(announcement) == 1
    created = await bc.create_announcement(
        text_html="x", audience=announcement, created_by=None, progress_chat_id=None
    )
    assert created.total == 1
    notice = await bc.announce_event(event.id, created_by=None, progress_chat_id=None)
    assert notice.total == 1


@pytest.mark.parametrize("oblast", [r.code for r in geo.REGIONS])
async def test_each_oblast_reaches_its_people_and_those_following_it(
    db: Database, oblast: str
) -> None:
    other = next(r.code for r in geo.REGIONS if r.code != oblast)
    await add_users(db, [1], oblast=oblast)
    await add_users(db, [2], oblast=other)
    await add_users(db, [3], oblast=other)
    subs = SubscriptionService(db, clock=FakeClock(NOW))
    await subs.toggle_region(3, oblast)  # follows the oblast's news
    assert await subs.recipients(AnnouncementAudience(regions=(oblast,))) == [1, 3]
    events = EventService(db, tz=TZ, clock=FakeClock(NOW))
    event = await events.create(draft("Окуу", Audience(oblasts=(oblast,))), created_by=None)
    # an event is for the people of the oblast (following its news does not make you local)
    assert await subs.event_recipients(event) == [1]


async def test_districts_and_languages(db: Database) -> None:
    chuy = geo.region("chuy")
    assert chuy is not None
    kemin, other = chuy.districts[0].code, chuy.districts[1].code
    await add_users(db, [1], oblast="chuy", district=kemin, language="ky")
    await add_users(db, [2], oblast="chuy", district=other, language="ru")
    subs = SubscriptionService(db, clock=FakeClock(NOW))
    events = EventService(db, tz=TZ, clock=FakeClock(NOW))
    event = await events.create(draft("Окуу", Audience(districts=(kemin,))), created_by=None)
    assert await subs.event_recipients(event) == [1]
    assert await subs.recipients(AnnouncementAudience(languages=("ru",))) == [2]
    assert await subs.recipients(AnnouncementAudience(languages=("ky",))) == [1]


def test_the_old_spelling_is_read_as_the_one_vocabulary() -> None:
    assert Audience(positions=("kenesh_deputy",)).positions == ("deputy_kenesh",)
    assert AnnouncementAudience.from_dict({"positions": ["kenesh_deputy"]}).positions == (
        "deputy_kenesh",
    )
    content = b"events:\n  - title_ky: A\n    title_ru: A\n    starts_at: 2027-03-10 10:00\n"
    content += b"    ends_at: '12:00'\n    place: X\n    positions: [kenesh_deputy]\n"
    (imported,) = parse_events_file("e.yaml", content, TZ, NOW)
    assert imported.audience.positions == ("deputy_kenesh",)
    person = aud.Person(position="deputy_kenesh")
    assert aud.matches(person, positions=["kenesh_deputy"])


async def test_migration_0008_rewrites_stored_old_values(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import db.database as database

    everything = database.discover_migrations()
    monkeypatch.setattr(
        database, "discover_migrations", lambda: [m for m in everything if m.version < 8]
    )
    path = tmp_path / "old.sqlite3"
    async with Database(path) as db:
        await add_users(db, [1], position="kenesh_deputy")
        stamp = "2027-03-01T00:00:00Z"
        await db.execute(
            "INSERT INTO events(title_ky, title_ru, starts_at, ends_at, place, audience,"
            " created_at, updated_at) VALUES ('a', 'a', ?, ?, 'x', ?, ?, ?)",
            (stamp, stamp, '{"positions": ["head", "kenesh_deputy"]}', stamp, stamp),
        )
        for kind in ("event_changed", "announcement", "announcement"):
            await db.execute(
                "INSERT INTO broadcasts(kind, payload, audience, status, created_at, updated_at)"
                " VALUES (?, '{}', '{\"positions\": [\"kenesh_deputy\"]}', 'done', ?, ?)",
                (kind, stamp, stamp),
            )
    monkeypatch.setattr(database, "discover_migrations", lambda: everything)
    async with Database(path) as db:
        assert await db.fetchval("SELECT position FROM users WHERE id = 1") == "deputy_kenesh"
        raw = await db.fetchval("SELECT audience FROM events")
        assert Audience.from_json(raw).positions == ("head", "deputy_kenesh")
        assert "kenesh_deputy" not in raw
        rows = await db.fetchall("SELECT kind, number, audience FROM broadcasts ORDER BY id")
        assert [(r[0], r[1]) for r in rows] == [
            ("event_changed", None),
            ("announcement", 1),
            ("announcement", 2),
        ]
        assert all("kenesh_deputy" not in r[2] for r in rows)
