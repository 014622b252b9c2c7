"""Who a message or an event is for: ONE vocabulary and ONE matching rule.

Every place that decides whether a person is in an audience — an event's eligibility and the
``/events`` list, the recipients of an event's announcement, an admin's announcement, the
reminders (which go to the registered, who passed this check when registering) — calls
:func:`matches` with a :class:`Person` built from the ``users`` row.  The profile form offers
exactly :data:`POSITIONS`, so a position stored by the form is always one an audience can name.

Rules (all empty = everyone):

* places: a person is in when their oblast is one of ``oblasts``, their district one of
  ``districts``, or (announcements) an oblast they follow in /subscribe is one of ``oblasts``;
* positions: their position is one of ``positions``;
* languages: their language (profile, else Telegram's, else the default) is one of
  ``languages``.

No Telegram types, no database: tested directly for every value
(tests/unit/test_events_audience.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

# The positions of the profile form, in its order.  ``deputy_kenesh`` is what the form has
# always stored; events used to say ``kenesh_deputy`` (migration 0008 rewrote stored values).
POSITIONS: tuple[str, ...] = ("head", "deputy", "specialist", "deputy_kenesh", "other")
POSITION_ALIASES: dict[str, str] = {"kenesh_deputy": "deputy_kenesh"}

# How an audience names each position (plural, in events.ftl) and how a person's own position
# reads (singular, in profile.ftl).
AUDIENCE_POSITION_KEYS: dict[str, str] = {
    "head": "event-pos-head",
    "deputy": "event-pos-deputy",
    "specialist": "event-pos-specialist",
    "deputy_kenesh": "event-pos-kenesh-deputy",
    "other": "event-pos-other",
}


def normalize_position(code: str | None) -> str | None:
    """A stored or typed position code in the one vocabulary (old spellings accepted)."""
    if code is None:
        return None
    value = code.strip().lower()
    return POSITION_ALIASES.get(value, value) or None


def normalize_positions(codes: Iterable[str]) -> tuple[str, ...]:
    out: list[str] = []
    for code in codes:
        value = normalize_position(code)
        if value and value not in out:
            out.append(value)
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Person:
    """What matching needs to know about someone (from ``users`` and ``subscriptions``)."""

    oblast: str | None = None
    district: str | None = None
    position: str | None = None
    language: str | None = None  # the effective language (already resolved)
    follows: frozenset[str] = field(default_factory=frozenset)  # oblasts followed (news)


def matches(
    person: Person,
    *,
    oblasts: Iterable[str] = (),
    districts: Iterable[str] = (),
    positions: Iterable[str] = (),
    languages: Iterable[str] = (),
    use_follows: bool = False,
) -> bool:
    """Is ``person`` in the audience?  See the module's docstring for the rules."""
    oblasts, districts = set(oblasts), set(districts)
    if oblasts or districts:
        places = {person.oblast} | (set(person.follows) if use_follows else set())
        if not (places & oblasts or person.district in districts):
            return False
    wanted = set(normalize_positions(positions))
    if wanted and normalize_position(person.position) not in wanted:
        return False
    langs = set(languages)
    return not (langs and person.language not in langs)


@dataclass(frozen=True, slots=True)
class Audience:
    """Who an event is for: oblasts and/or districts, positions; all empty = everyone."""

    oblasts: tuple[str, ...] = ()
    districts: tuple[str, ...] = ()
    positions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "positions", normalize_positions(self.positions))

    @property
    def everyone(self) -> bool:
        return not (self.oblasts or self.districts or self.positions)

    def includes(self, person: Person) -> bool:
        return matches(
            person, oblasts=self.oblasts, districts=self.districts, positions=self.positions
        )

    def matches(self, oblast: str | None, district: str | None, position: str | None) -> bool:
        return self.includes(Person(oblast=oblast, district=district, position=position))

    def to_json(self) -> str:
        data = {
            "oblasts": list(self.oblasts),
            "districts": list(self.districts),
            "positions": list(self.positions),
        }
        return json.dumps({k: v for k, v in data.items() if v}, ensure_ascii=False)

    @classmethod
    def from_json(cls, raw: str | None) -> Audience:
        data: dict[str, Any] = json.loads(raw or "{}")
        return cls(
            oblasts=tuple(data.get("oblasts", ())),
            districts=tuple(data.get("districts", ())),
            positions=tuple(data.get("positions", ())),
        )
