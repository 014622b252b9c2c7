"""Events: validation, the YAML/CSV import, registration with a waiting list, edits, cancel.

No Telegram types here.  Times are aware UTC datetimes; people type and read them in the
configured zone (Asia/Bishkek).  Changes that participants must hear about (an edit, a cancel,
a place that opened on the waiting list) are queued in the persistent outbox in the same
transaction as the change, so they are delivered exactly once by the broadcast sender.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from db.audience import POSITIONS
from db.database import Database, utcnow
from db.repositories.events import EVENT_FIELDS, Audience, Event, EventRepository, RegStatus
from db.repositories.outbox import BroadcastRepository, Kind
from db.repositories.users import User
from services import geo
from services.numbers import parse_int

Clock = Callable[[], dt.datetime]

TITLE_LIMIT = 200
DESCRIPTION_LIMIT = 1500
PLACE_LIMIT = 300
IMPORT_LIMIT_BYTES = 1_000_000
IMPORT_LIMIT_EVENTS = 200
NOTICE_PRIORITY = 10  # event notices go out before long announcements

# Fields whose change is announced to the participants.
NOTIFY_FIELDS = ("title_ky", "title_ru", "starts_at", "ends_at", "place", "place_ru", "online_url")
CAPACITY_LIMIT = 100_000
SKIP = frozenset({"-", "—", "–"})  # "nothing" typed into an optional field
# Fields an organiser edits one at a time (the link goes with the place, the audience is fixed).
EDITABLE_FIELDS = tuple(name for name in EVENT_FIELDS if name not in ("online_url", "audience"))


class EventError(ValueError):
    """A value that cannot be accepted; ``code`` is a translation key, ``args`` its arguments."""

    def __init__(self, code: str, **args: Any) -> None:
        super().__init__(code)
        self.code = code
        self.args_ = args


# -- parsing typed values ------------------------------------------------------------------------
_DATE_TIME_FORMATS = ("%d.%m.%Y %H:%M", "%d.%m.%y %H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M")
_DATE_TIME_SECONDS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S")


def parse_local_datetime(text: str, tz: ZoneInfo) -> dt.datetime:
    """``10.03.2026 10:00`` (or ISO ``2026-03-10 10:00``) in ``tz`` → aware UTC."""
    value = re.sub(r"\s+", " ", text.strip().replace(",", " "))
    if not value.isascii():  # strptime reads "١٠" or "１０" as digits: ASCII ones only here
        raise EventError("event-err-datetime", value=text)
    for fmt in (*_DATE_TIME_FORMATS, *_DATE_TIME_SECONDS):
        try:
            naive = dt.datetime.strptime(value, fmt)
        except ValueError:
            continue
        return naive.replace(tzinfo=tz).astimezone(dt.UTC)
    try:  # ISO with an explicit offset
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise EventError("event-err-datetime", value=text) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=tz)
    return parsed.astimezone(dt.UTC)


def parse_future(text: str, tz: ZoneInfo, now: dt.datetime) -> dt.datetime:
    """A date and time still to come (an event's start, the moment a broadcast goes out)."""
    value = parse_local_datetime(text, tz)
    if value <= now:
        raise EventError("event-err-in-past")
    return value


def parse_end(text: str, start: dt.datetime, tz: ZoneInfo) -> dt.datetime:
    """The end: a full date-time, or only ``HH:MM`` on the start's (local) day."""
    value = text.strip()
    match = re.fullmatch(r"([0-9]{1,2})[:.]([0-9]{2})", value)
    if match:
        local_start = start.astimezone(tz)
        try:
            end = local_start.replace(hour=int(match[1]), minute=int(match[2]))
        except ValueError:
            raise EventError("event-err-datetime", value=text) from None
        return end.astimezone(dt.UTC)
    return parse_local_datetime(value, tz)


def parse_capacity(text: str | int | None) -> int | None:
    if text is None:
        return None
    if isinstance(text, int):
        value = text
    else:
        raw = text.strip()
        if raw in ("", "-", "—", "0"):
            return None
        parsed = parse_int(raw, hi=CAPACITY_LIMIT)  # ASCII digits only ("¹²" is no number)
        if parsed is None:
            raise EventError("event-err-capacity", value=raw)
        value = parsed
    if value < 0 or value > CAPACITY_LIMIT:
        raise EventError("event-err-capacity", value=str(text))
    return value or None


def split_place(text: str) -> tuple[str | None, str | None]:
    """One answer for "where": an address, a link (online) or both on separate lines."""
    place: list[str] = []
    url: str | None = None
    for token in re.split(r"\s*\n\s*", text.strip()):
        if re.fullmatch(r"https?://\S+", token):
            url = token
        elif token:
            place.append(token)
    return (" ".join(place) or None), url


def changes_from_text(event: Event, name: str, text: str, tz: ZoneInfo) -> dict[str, Any]:
    """What typing ``text`` as the new value of field ``name`` changes (raises EventError).

    A new start moves the end with it (the length stays); "-" empties an optional field."""
    text = text.strip()
    if name == "starts_at":
        start = parse_local_datetime(text, tz)
        return {"starts_at": start, "ends_at": start + (event.ends_at - event.starts_at)}
    if name == "ends_at":
        return {"ends_at": parse_end(text, event.starts_at, tz)}
    if name == "registration_deadline":
        return {name: None if text in SKIP else parse_local_datetime(text, tz)}
    if name == "capacity":
        return {"capacity": parse_capacity(text)}
    if name == "place":
        place, url = split_place(text)
        return {"place": place, "online_url": url}
    if name == "place_ru":
        return {"place_ru": None if text in SKIP else text}
    if name in ("description_ky", "description_ru"):
        return {name: "" if text in SKIP else text}
    if name in ("title_ky", "title_ru"):
        return {name: text}
    raise EventError("event-err-not-found")


def _clean(text: str | None) -> str:
    return (text or "").strip()


# -- validation ---------------------------------------------------------------------------------
@dataclass
class EventDraft:
    """An event as the form or a file describes it, before it is stored."""

    title_ky: str = ""
    title_ru: str = ""
    description_ky: str = ""
    description_ru: str = ""
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    place: str | None = None
    online_url: str | None = None
    audience: Audience = field(default_factory=Audience)
    place_ru: str | None = None
    capacity: int | None = None
    registration_deadline: dt.datetime | None = None

    def values(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in EVENT_FIELDS}

    @classmethod
    def from_event(cls, event: Event) -> EventDraft:
        return cls(**{name: getattr(event, name) for name in EVENT_FIELDS})

    @classmethod
    def from_form(cls, data: dict[str, Any]) -> EventDraft:
        """The draft the guided form keeps in its state (times as ISO text)."""

        def when(key: str) -> dt.datetime | None:
            value = data.get(key)
            return dt.datetime.fromisoformat(value) if value else None

        return cls(
            title_ky=data.get("title_ky", ""),
            title_ru=data.get("title_ru", ""),
            description_ky=data.get("description_ky", ""),
            description_ru=data.get("description_ru", ""),
            starts_at=when("starts_at"),
            ends_at=when("ends_at"),
            place=data.get("place"),
            place_ru=data.get("place_ru"),
            online_url=data.get("online_url"),
            audience=form_audience(data),
            capacity=data.get("capacity"),
            registration_deadline=when("registration_deadline"),
        )

    def validate(self, now: dt.datetime, *, new: bool = True) -> EventDraft:
        """Check every rule; returns the draft with trimmed text.  Raises :class:`EventError`."""
        d = replace(
            self,
            title_ky=_clean(self.title_ky),
            title_ru=_clean(self.title_ru),
            description_ky=_clean(self.description_ky),
            description_ru=_clean(self.description_ru),
            place=_clean(self.place) or None,
            place_ru=_clean(self.place_ru) or None,
            online_url=_clean(self.online_url) or None,
        )
        if not d.title_ky or not d.title_ru:
            raise EventError("event-err-title-missing")
        if max(len(d.title_ky), len(d.title_ru)) > TITLE_LIMIT:
            raise EventError("event-err-too-long", limit=TITLE_LIMIT)
        if max(len(d.description_ky), len(d.description_ru)) > DESCRIPTION_LIMIT:
            raise EventError("event-err-too-long", limit=DESCRIPTION_LIMIT)
        if not d.place and d.place_ru:  # one language given: it serves both
            d = replace(d, place=d.place_ru, place_ru=None)
        if d.place_ru == d.place:
            d = replace(d, place_ru=None)
        if max(len(d.place or ""), len(d.place_ru or "")) > PLACE_LIMIT:
            raise EventError("event-err-too-long", limit=PLACE_LIMIT)
        if d.starts_at is None or d.ends_at is None:
            raise EventError("event-err-time-missing")
        if d.ends_at <= d.starts_at:
            raise EventError("event-err-end-before-start")
        if d.ends_at - d.starts_at > dt.timedelta(days=31):
            raise EventError("event-err-too-long-event")
        if new and d.starts_at <= now:
            raise EventError("event-err-in-past")
        if not d.place and not d.online_url:
            raise EventError("event-err-place-missing")
        if d.online_url and not re.fullmatch(r"https?://[^\s<>\"]+", d.online_url):
            raise EventError("event-err-url", value=d.online_url)
        if d.capacity is not None and d.capacity <= 0:
            raise EventError("event-err-capacity", value=str(d.capacity))
        if d.registration_deadline is not None and d.registration_deadline > d.starts_at:
            raise EventError("event-err-deadline-after-start")
        validate_audience(d.audience)
        return d


def form_audience(data: dict[str, Any]) -> Audience:
    return Audience(
        oblasts=tuple(data.get("oblasts", ())),
        districts=tuple(data.get("districts", ())),
        positions=tuple(data.get("positions", ())),
    )


def match_districts(text: str) -> tuple[list[str], list[str]]:
    """District names (ky or ru, any case, start of the name is enough) or codes → codes;
    returns (codes, what matched no district or several)."""
    found, unknown = [], []
    for raw in text.replace(";", ",").split(","):
        name = raw.strip().lower()
        if not name:
            continue
        hits = [
            d.code
            for r in geo.REGIONS
            for d in r.districts
            if name in (d.code, d.ky.lower(), d.ru.lower())
            or d.ky.lower().startswith(name)
            or d.ru.lower().startswith(name)
        ]
        if len(hits) == 1 or (hits and name in hits):
            found.append(name if name in hits else hits[0])
        else:
            unknown.append(raw.strip())
    return found, unknown


def validate_audience(audience: Audience) -> None:
    for code in audience.oblasts:
        if geo.region(code) is None:
            raise EventError("event-err-unknown-region", value=code)
    known_districts = {d.code for r in geo.REGIONS for d in r.districts}
    for code in audience.districts:
        if code not in known_districts:
            raise EventError("event-err-unknown-district", value=code)
    for code in audience.positions:
        if code not in POSITIONS:
            raise EventError("event-err-unknown-position", value=code)


# -- the file import ----------------------------------------------------------------------------
class EventImportError(EventError):
    """A file that cannot be imported; ``row`` is 1-based (CSV: line of the data row)."""

    def __init__(self, row: int, error: EventError) -> None:
        super().__init__(error.code, **error.args_)
        self.row = row
        self.error = error


_LIST_SPLIT = re.compile(r"[;,|]")
# the columns (CSV) or keys (YAML) a file may use: the fields, and their other spellings
_FILE_KEYS = frozenset(
    {*EVENT_FIELDS, "place_ky", "oblasts", "districts", "positions", "title", "description"}
)


def _as_list(value: Any) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        items = _LIST_SPLIT.split(value)
    elif isinstance(value, Iterable):
        items = [str(v) for v in value]
    else:
        items = [str(value)]
    return tuple(i.strip() for i in items if i and i.strip())


def _as_time(value: Any, tz: ZoneInfo) -> dt.datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):  # YAML reads an unquoted timestamp as a datetime
        aware = value if value.tzinfo else value.replace(tzinfo=tz)
        return aware.astimezone(dt.UTC)
    if isinstance(value, dt.date):
        raise EventError("event-err-datetime", value=str(value))
    return parse_local_datetime(str(value), tz)


def draft_from_mapping(data: dict[str, Any], tz: ZoneInfo) -> EventDraft:
    """One event from a YAML mapping or a CSV row (times in ``tz`` unless they say otherwise)."""
    if not isinstance(data, dict):
        raise EventError("event-err-import-shape")
    known = _FILE_KEYS
    place_map = data.get("place") if isinstance(data.get("place"), dict) else {}
    unknown = sorted(str(k) for k in data if str(k) not in known)
    if unknown:
        raise EventError("event-err-import-column", value=", ".join(unknown))
    title = data.get("title") if isinstance(data.get("title"), dict) else {}
    description = data.get("description") if isinstance(data.get("description"), dict) else {}
    audience = data.get("audience") if isinstance(data.get("audience"), dict) else {}
    starts_at = _as_time(data.get("starts_at"), tz)
    ends_raw = data.get("ends_at")
    ends_at = (
        parse_end(ends_raw, starts_at, tz)
        if isinstance(ends_raw, str) and starts_at is not None
        else _as_time(ends_raw, tz)
    )
    plain_place = None if place_map else data.get("place")
    place = data.get("place_ky") or place_map.get("ky") or plain_place
    place_ru = data.get("place_ru") or place_map.get("ru")
    url = data.get("online_url")
    return EventDraft(
        title_ky=str(data.get("title_ky") or title.get("ky") or ""),
        title_ru=str(data.get("title_ru") or title.get("ru") or ""),
        description_ky=str(data.get("description_ky") or description.get("ky") or ""),
        description_ru=str(data.get("description_ru") or description.get("ru") or ""),
        starts_at=starts_at,
        ends_at=ends_at,
        place=str(place) if place not in (None, "") else None,
        place_ru=str(place_ru) if place_ru not in (None, "") else None,
        online_url=str(url) if url not in (None, "") else None,
        audience=Audience(
            oblasts=_as_list(data.get("oblasts") or audience.get("oblasts")),
            districts=_as_list(data.get("districts") or audience.get("districts")),
            positions=_as_list(data.get("positions") or audience.get("positions")),
        ),
        capacity=parse_capacity(data.get("capacity") if data.get("capacity") != "" else None),
        registration_deadline=_as_time(data.get("registration_deadline"), tz),
    )


def parse_events_file(
    filename: str, content: bytes, tz: ZoneInfo, now: dt.datetime
) -> list[EventDraft]:
    """Every event of a YAML or CSV file, validated; all or nothing (first error raised)."""
    if len(content) > IMPORT_LIMIT_BYTES:
        raise EventImportError(
            0, EventError("event-err-import-size", limit=IMPORT_LIMIT_BYTES // 1000)
        )
    name = filename.lower()
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise EventImportError(0, EventError("event-err-import-encoding")) from None
    rows: list[tuple[int, Any]]
    if name.endswith((".yaml", ".yml")):
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            line = getattr(getattr(exc, "problem_mark", None), "line", -1) + 1
            raise EventImportError(line, EventError("event-err-import-yaml")) from None
        if isinstance(data, dict) and "events" in data:
            data = data["events"]
        if isinstance(data, dict):
            data = [data]
        if not isinstance(data, list):
            raise EventImportError(0, EventError("event-err-import-shape"))
        rows = list(enumerate(data, start=1))
    elif name.endswith(".csv"):
        sample = text[:2048]
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
        reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
        missing = {"title_ky", "title_ru", "starts_at", "ends_at"} - set(reader.fieldnames or ())
        if missing:
            error = EventError("event-err-import-missing", value=", ".join(sorted(missing)))
            raise EventImportError(1, error)
        rows = []
        for record in reader:
            cleaned = {k.strip(): (v or "").strip() for k, v in record.items() if k}
            if any(cleaned.values()):
                rows.append((reader.line_num, cleaned))
    else:
        raise EventImportError(0, EventError("event-err-import-type"))
    if not rows:
        raise EventImportError(0, EventError("event-err-import-empty"))
    if len(rows) > IMPORT_LIMIT_EVENTS:
        raise EventImportError(0, EventError("event-err-import-count", limit=IMPORT_LIMIT_EVENTS))
    drafts = []
    for number, raw in rows:
        try:
            drafts.append(draft_from_mapping(raw, tz).validate(now))
        except EventError as exc:
            raise EventImportError(number, exc) from None
    return drafts


# -- registration ----------------------------------------------------------------------------------
class RegResult(StrEnum):
    registered = "registered"
    waitlist = "waitlist"
    already_registered = "already_registered"
    already_waiting = "already_waiting"
    closed = "closed"  # the deadline has passed or the event started
    cancelled = "cancelled"  # the event is cancelled (or unknown)
    not_eligible = "not_eligible"


@dataclass
class Unregistered:
    was: RegStatus | None
    promoted: list[int] = field(default_factory=list)


@dataclass
class EventChange:
    event: Event
    changed: list[str]
    promoted: list[int] = field(default_factory=list)
    notified: int = 0


def parse_offsets(text: str) -> list[int]:
    """``"1d,1h"`` → ``[1440, 60]`` minutes (distinct, largest first)."""
    units = {"d": 1440, "h": 60, "m": 1}
    out: set[int] = set()
    for part in text.split(","):
        part = part.strip().lower()
        if not part:
            continue
        match = re.fullmatch(r"(\d+)\s*([dhm])", part)
        if match is None or int(match[1]) == 0:
            raise ValueError(f"bad reminder offset {part!r} (use e.g. 1d, 3h, 30m)")
        out.add(int(match[1]) * units[match[2]])
    return sorted(out, reverse=True)


class EventService:
    def __init__(
        self,
        db: Database,
        *,
        tz: ZoneInfo | str = "Asia/Bishkek",
        reminder_offsets: str | Sequence[int] = "1d,1h",
        clock: Clock = utcnow,
    ) -> None:
        self.db = db
        self.repo = EventRepository(db)
        self.outbox = BroadcastRepository(db)
        self.tz = ZoneInfo(tz) if isinstance(tz, str) else tz
        self.offsets = (
            parse_offsets(reminder_offsets)
            if isinstance(reminder_offsets, str)
            else sorted(set(reminder_offsets), reverse=True)
        )
        self.clock = clock

    @classmethod
    def from_settings(cls, db: Database, settings: Any, clock: Clock = utcnow) -> EventService:
        return cls(db, tz=settings.tz, reminder_offsets=settings.reminder_offsets, clock=clock)

    # -- create / read --------------------------------------------------------------------------
    async def create(self, draft: EventDraft, *, created_by: int | None) -> Event:
        valid = draft.validate(self.clock())
        event_id = await self.repo.insert(valid.values(), created_by=created_by, now=self.clock())
        event = await self.repo.get(event_id)
        assert event is not None
        return event

    async def create_many(
        self, drafts: Sequence[EventDraft], *, created_by: int | None
    ) -> list[Event]:
        now = self.clock()
        valid = [d.validate(now) for d in drafts]
        ids = []
        async with self.db.transaction():
            for draft in valid:
                ids.append(await self.repo.insert(draft.values(), created_by=created_by, now=now))
        return [e for e in [await self.repo.get(i) for i in ids] if e is not None]

    async def get(self, event_id: int) -> Event | None:
        return await self.repo.get(event_id)

    async def upcoming_for(self, user: User) -> list[Event]:
        """Events not ended yet whose audience includes ``user``."""
        events = await self.repo.upcoming(self.clock())
        return [e for e in events if e.audience.matches(user.oblast, user.district, user.position)]

    async def upcoming_all(self) -> list[Event]:
        return await self.repo.upcoming(self.clock())

    async def my_events(self, user_id: int) -> list[tuple[Event, RegStatus]]:
        return await self.repo.user_events(user_id, self.clock())

    async def counts(self, event_ids: Sequence[int]) -> dict[int, tuple[int, int]]:
        """Event id → (registered, waiting)."""
        return await self.repo.counts(event_ids)

    async def status_of(self, event_id: int, user_id: int) -> tuple[RegStatus | None, int | None]:
        """The user's live registration (None: none or cancelled) and place on the waiting list."""
        reg = await self.repo.registration(event_id, user_id)
        if reg is None or reg.status == RegStatus.cancelled:
            return None, None
        if reg.status != RegStatus.waitlist:
            return reg.status, None
        return reg.status, await self.repo.waitlist_position(event_id, user_id)

    async def participants(self, event_id: int, status: RegStatus) -> list[int]:
        return await self.repo.participants(event_id, (status,))

    async def visible_to(self, event_id: int, user: User, *, staff: bool) -> Event | None:
        """The event if ``user`` may open it: staff always, others when it is for them or they
        registered (a card opened from an old notice stays readable)."""
        event = await self.repo.get(event_id)
        if event is None or staff or self.eligible(event, user):
            return event
        return event if await self.repo.registration(event_id, user.id) is not None else None

    def preview(self, draft: EventDraft) -> Event:
        """The event a validated draft would make (id 0, nothing stored).  Raises EventError."""
        now = self.clock()
        valid = draft.validate(now)
        return Event(
            id=0,
            **valid.values(),
            status="scheduled",
            sequence=0,
            created_by=None,
            created_at=now,
            updated_at=now,
        )

    def eligible(self, event: Event, user: User) -> bool:
        return event.audience.matches(user.oblast, user.district, user.position)

    def registration_open(self, event: Event) -> bool:
        return not event.cancelled and self.clock() < event.deadline

    # -- registration ---------------------------------------------------------------------------
    async def register(self, event_id: int, user: User) -> RegResult:
        async with self.db.transaction():
            now = self.clock()
            event = await self.repo.get(event_id)
            if event is None or event.cancelled:
                return RegResult.cancelled
            current = await self.repo.registration(event_id, user.id)
            if current is not None and current.status == RegStatus.registered:
                return RegResult.already_registered
            if current is not None and current.status == RegStatus.waitlist:
                return RegResult.already_waiting
            if now >= event.deadline:
                return RegResult.closed
            if not self.eligible(event, user):
                return RegResult.not_eligible
            taken = await self.repo.count(event_id, RegStatus.registered)
            if event.capacity is None or taken < event.capacity:
                await self.repo.set_registration(
                    event_id, user.id, RegStatus.registered, now=now, requeue=True
                )
                await self.repo.arm_reminders(
                    event_id, user.id, event.starts_at, self.offsets, now=now
                )
                return RegResult.registered
            await self.repo.set_registration(
                event_id, user.id, RegStatus.waitlist, now=now, requeue=True
            )
            return RegResult.waitlist

    async def unregister(self, event_id: int, user_id: int) -> Unregistered:
        async with self.db.transaction():
            now = self.clock()
            current = await self.repo.registration(event_id, user_id)
            if current is None or current.status == RegStatus.cancelled:
                return Unregistered(was=None)
            await self.repo.set_registration(
                event_id, user_id, RegStatus.cancelled, now=now, requeue=False
            )
            await self.repo.cancel_reminders(event_id, user_id, note="unregistered")
            promoted: list[int] = []
            if current.status == RegStatus.registered:
                event = await self.repo.get(event_id)
                if event is not None:
                    promoted = await self._fill_places(event, now)
            return Unregistered(was=current.status, promoted=promoted)

    async def _fill_places(self, event: Event, now: dt.datetime) -> list[int]:
        """Move people up from the waiting list while there is room; they are told (outbox)."""
        if event.cancelled or now >= event.starts_at:
            return []
        promoted: list[int] = []
        taken = await self.repo.count(event.id, RegStatus.registered)
        while event.capacity is None or taken < event.capacity:
            user_id = await self.repo.first_waiting(event.id)
            if user_id is None:
                break
            await self.repo.set_registration(
                event.id, user_id, RegStatus.registered, now=now, requeue=False
            )
            await self.repo.arm_reminders(event.id, user_id, event.starts_at, self.offsets, now=now)
            promoted.append(user_id)
            taken += 1
        if promoted:
            await self.outbox.create(
                Kind.waitlist_promoted,
                payload={"event_id": event.id},
                recipients=promoted,
                priority=NOTICE_PRIORITY,
                now=now,
            )
        return promoted

    # -- edit / cancel --------------------------------------------------------------------------
    async def update(
        self, event_id: int, changes: dict[str, Any], *, actor_id: int | None = None
    ) -> EventChange:
        """Apply changes (validated as a whole), move reminders, fill freed places and queue a
        notice to the participants when something they rely on changed."""
        async with self.db.transaction():
            now = self.clock()
            event = await self.repo.get(event_id)
            if event is None or event.cancelled:
                raise EventError("event-err-not-found")
            if now >= event.ends_at:
                raise EventError("event-err-finished")
            merged = replace(EventDraft.from_event(event), **changes)
            valid = merged.validate(now, new="starts_at" in changes)
            values = {
                name: getattr(valid, name)
                for name in changes
                if getattr(valid, name) != getattr(event, name)
            }
            if not values:
                return EventChange(event=event, changed=[])
            await self.repo.update(event_id, values, now=now)
            if "starts_at" in values:
                await self.repo.reschedule_reminders(event_id, valid.starts_at, now=now)  # type: ignore[arg-type]
            updated = await self.repo.get(event_id)
            assert updated is not None
            promoted = await self._fill_places(updated, now) if "capacity" in values else []
            notify = [name for name in values if name in NOTIFY_FIELDS]
            notified = 0
            if notify:
                people = await self.repo.participants(
                    event_id, (RegStatus.registered, RegStatus.waitlist)
                )
                people = [p for p in people if p not in promoted]
                if people:
                    await self.outbox.create(
                        Kind.event_changed,
                        payload={"event_id": event_id, "changes": notify},
                        recipients=people,
                        priority=NOTICE_PRIORITY,
                        created_by=actor_id,
                        now=now,
                    )
                    notified = len(people)
            return EventChange(updated, list(values), promoted, notified)

    async def cancel(self, event_id: int, *, actor_id: int | None = None) -> int:
        """Cancel; every participant and waiting person is told.  Returns how many."""
        async with self.db.transaction():
            now = self.clock()
            if not await self.repo.set_cancelled(event_id, now=now):
                raise EventError("event-err-not-found")
            await self.repo.cancel_reminders(event_id, note="event cancelled")
            people = await self.repo.participants(
                event_id, (RegStatus.registered, RegStatus.waitlist)
            )
            if people:
                await self.outbox.create(
                    Kind.event_cancelled,
                    payload={"event_id": event_id},
                    recipients=people,
                    priority=NOTICE_PRIORITY,
                    created_by=actor_id,
                    now=now,
                )
            return len(people)
