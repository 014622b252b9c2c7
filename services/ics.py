"""An iCalendar (RFC 5545) file for one event, for the phone's calendar.

Written by hand: one VEVENT with UTC times, escaped text, lines folded at 75 octets, CRLF line
ends.  ``SEQUENCE`` follows the event's edits and ``STATUS:CANCELLED`` its cancellation, so a
calendar that imported an earlier file updates the entry when the new file is opened.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from db.repositories.events import Event

PRODID = "-//Keneshchi//LSG call-center bot//KY-RU"


def escape_text(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line into chunks of at most 75 octets, never splitting a character."""
    out: list[str] = []
    current = ""
    size = 0
    limit = 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            out.append(current)
            current, size = " ", 1  # continuation lines start with one space
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out)


def _stamp(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def event_ics(
    event: Event,
    lang: str,
    *,
    now: dt.datetime,
    alarms_minutes: Iterable[int] = (),
    uid_domain: str = "keneshchi.kg",
) -> bytes:
    summary = event.title(lang)
    description = event.description(lang)
    if event.online_url:
        description = f"{description}\n{event.online_url}".strip()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:event-{event.id}@{uid_domain}",
        f"DTSTAMP:{_stamp(now)}",
        f"DTSTART:{_stamp(event.starts_at)}",
        f"DTEND:{_stamp(event.ends_at)}",
        f"SEQUENCE:{event.sequence}",
        f"SUMMARY:{escape_text(summary)}",
        f"STATUS:{'CANCELLED' if event.cancelled else 'CONFIRMED'}",
    ]
    if description:
        lines.append(f"DESCRIPTION:{escape_text(description)}")
    place = event.place_in(lang)
    if place:
        lines.append(f"LOCATION:{escape_text(place)}")
    elif event.online_url:
        lines.append(f"LOCATION:{escape_text(event.online_url)}")
    if event.online_url:
        lines.append(f"URL:{event.online_url}")
    if not event.cancelled:
        for minutes in alarms_minutes:
            lines += [
                "BEGIN:VALARM",
                "ACTION:DISPLAY",
                f"DESCRIPTION:{escape_text(summary)}",
                f"TRIGGER:-PT{int(minutes)}M",
                "END:VALARM",
            ]
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return ("\r\n".join(fold(line) for line in lines) + "\r\n").encode("utf-8")


def ics_filename(event: Event) -> str:
    return f"event-{event.id}.ics"
