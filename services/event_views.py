"""Texts about events (cards, reminders, notices), in the reader's language and time zone.

Pure functions over a bound translator (:class:`services.text.I18nLike`); every string that
came from a person (titles, descriptions, places) goes through the translator, which escapes it
for HTML.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from db.audience import AUDIENCE_POSITION_KEYS
from db.repositories.events import Audience, Event, RegStatus
from services import geo
from services.text import Html, I18nLike, escape

POSITION_KEYS = AUDIENCE_POSITION_KEYS  # one vocabulary (db/audience.py)
TOPIC_KEYS = {
    "laws_decrees": "sub-topic-laws",
    "events": "sub-topic-events",
    "lsg_news": "sub-topic-news",
}
LANGUAGE_KEYS = {"ky": "bc-lang-ky", "ru": "bc-lang-ru"}
FIELD_KEYS = {
    "title_ky": "event-field-title-ky",
    "title_ru": "event-field-title-ru",
    "description_ky": "event-field-description-ky",
    "description_ru": "event-field-description-ru",
    "starts_at": "event-field-starts",
    "ends_at": "event-field-ends",
    "place": "event-field-place",
    "place_ru": "event-field-place-ru",
    "online_url": "event-field-url",
    "capacity": "event-field-capacity",
    "registration_deadline": "event-field-deadline",
    "audience": "event-field-audience",
}


def local(value: dt.datetime, tz: ZoneInfo) -> dt.datetime:
    return value.astimezone(tz)


def fmt_datetime(value: dt.datetime, tz: ZoneInfo) -> str:
    return local(value, tz).strftime("%d.%m.%Y %H:%M")


def fmt_range(start: dt.datetime, end: dt.datetime, tz: ZoneInfo) -> str:
    a, b = local(start, tz), local(end, tz)
    if a.date() == b.date():
        return f"{a:%d.%m.%Y}, {a:%H:%M}–{b:%H:%M}"
    return f"{a:%d.%m.%Y %H:%M} – {b:%d.%m.%Y %H:%M}"


def humanize(i18n: I18nLike, delta: dt.timedelta) -> str:
    """ "1 day 2 hours" / "45 minutes" (rounded to whole minutes, at most two parts)."""
    minutes = max(0, round(delta.total_seconds() / 60))
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    parts = []
    if days:
        parts.append(i18n("event-days", n=days))
    if hours:
        parts.append(i18n("event-hours", n=hours))
    if mins and not days:
        parts.append(i18n("event-minutes", n=mins))
    return " ".join(parts[:2]) or i18n("event-minutes", n=0)


def offset_label(i18n: I18nLike, minutes: int) -> str:
    return humanize(i18n, dt.timedelta(minutes=minutes))


def audience_text(i18n: I18nLike, audience: Audience) -> str:
    if audience.everyone:
        return i18n("event-audience-everyone")
    parts = []
    places = [geo.region_name(code, i18n.lang) for code in audience.oblasts]
    names = {d.code: d.name(i18n.lang) for r in geo.REGIONS for d in r.districts}
    places += [names.get(code, code) for code in audience.districts]
    if places:
        parts.append(", ".join(places))
    if audience.positions:
        parts.append(", ".join(i18n(POSITION_KEYS.get(p, p)) for p in audience.positions))
    return "; ".join(parts)


def place_lines(i18n: I18nLike, event: Event) -> list[str]:
    lines = []
    place = event.place_in(i18n.lang)
    if place:
        lines.append(i18n("event-card-place", place=place))
    if event.online_url:
        lines.append(i18n("event-card-online", url=Html(escape_attr_url(event.online_url))))
    return lines


def escape_attr_url(url: str) -> str:
    """A validated http(s) link as an HTML anchor (href and text escaped)."""
    safe = escape(url).replace('"', "&quot;")
    return f'<a href="{safe}">{escape(url)}</a>'


def event_card(
    i18n: I18nLike,
    event: Event,
    tz: ZoneInfo,
    *,
    registered: int | None = None,
    waiting: int | None = None,
    status: RegStatus | None = None,
    waitlist_position: int | None = None,
    now: dt.datetime | None = None,
    staff: bool = False,
) -> str:
    lines = [i18n("event-card-title", title=event.title(i18n.lang))]
    if event.cancelled:
        lines.append(i18n("event-card-cancelled"))
    lines.append(i18n("event-card-when", when=fmt_range(event.starts_at, event.ends_at, tz)))
    lines += place_lines(i18n, event)
    description = event.description(i18n.lang)
    if description:
        lines.append("")
        lines.append(i18n("event-card-description", text=description))
        lines.append("")
    if staff or not event.audience.everyone:
        lines.append(i18n("event-card-audience", audience=audience_text(i18n, event.audience)))
    if event.capacity is not None and registered is not None:
        free = max(0, event.capacity - registered)
        lines.append(i18n("event-card-places", free=free, capacity=event.capacity))
    elif registered is not None and staff:
        lines.append(i18n("event-card-registered", count=registered))
    if staff and waiting:
        lines.append(i18n("event-card-waiting", count=waiting))
    if not event.cancelled:
        if now is not None and now >= event.deadline:
            lines.append(i18n("event-card-closed"))
        elif event.registration_deadline is not None:
            lines.append(
                i18n("event-card-deadline", when=fmt_datetime(event.registration_deadline, tz))
            )
    if status == RegStatus.registered:
        lines.append(i18n("event-card-you-registered"))
    elif status == RegStatus.waitlist:
        lines.append(i18n("event-card-you-waiting", position=waitlist_position or 0))
    return "\n".join(lines)


def reminder_text(
    i18n: I18nLike,
    event: Event,
    tz: ZoneInfo,
    *,
    now: dt.datetime,
    late: bool,
    delay: dt.timedelta | None = None,
) -> str:
    lines = [
        i18n(
            "event-reminder",
            title=event.title(i18n.lang),
            left=humanize(i18n, event.starts_at - now),
            when=fmt_range(event.starts_at, event.ends_at, tz),
        )
    ]
    lines += place_lines(i18n, event)
    if late and delay is not None:
        lines.append(i18n("event-reminder-late-by", delay=humanize(i18n, delay)))
    elif late:
        lines.append(i18n("event-reminder-late"))
    return "\n".join(lines)


def changes_text(i18n: I18nLike, changes: Iterable[str]) -> str:
    return ", ".join(i18n(FIELD_KEYS.get(name, name)) for name in changes)


def notice_text(
    i18n: I18nLike, kind: str, event: Event, tz: ZoneInfo, *, changes: Iterable[str] = ()
) -> str:
    title = event.title(i18n.lang)
    when = fmt_range(event.starts_at, event.ends_at, tz)
    if kind == "event_cancelled":
        return i18n("event-notice-cancelled", title=title, when=when)
    if kind == "waitlist_promoted":
        lines = [i18n("event-notice-promoted", title=title, when=when)]
        return "\n".join(lines + place_lines(i18n, event))
    if kind == "event_changed":
        head = i18n("event-notice-changed", title=title, fields=changes_text(i18n, changes))
        return head + "\n\n" + event_card(i18n, event, tz)
    # event_new: the announcement of a new event to subscribers of the "events" topic
    return i18n("event-notice-new") + "\n\n" + event_card(i18n, event, tz)
