"""Subscriptions and the choice of an announcement's recipients (no Telegram types).

Topics: new laws and decrees, trainings and events, news of the LSG system.  Regions: a person
always gets news addressed to their own oblast, and may follow more oblasts.  A registered
person without a subscriptions row has the defaults (every topic on); the row is created lazily
the first time they open /subscribe or press an unsubscribe button.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

from db.audience import Person, matches, normalize_positions
from db.database import Database, utcnow
from db.repositories.events import Event
from db.repositories.outbox import BroadcastRepository, Kind
from db.repositories.subscriptions import Candidate, SubscriptionRepository
from db.repositories.users import User
from services import geo
from services.language import guess_language

TOPICS: tuple[str, ...] = ("laws_decrees", "events", "lsg_news")
DEFAULT_TOPICS: frozenset[str] = frozenset(TOPICS)
LANGUAGES: tuple[str, ...] = ("ky", "ru")


@dataclass(frozen=True, slots=True)
class Subscription:
    user_id: int
    topics: frozenset[str]
    regions: frozenset[str]  # followed besides the person's own oblast
    explicit: bool  # a stored row (False: the defaults)


@dataclass(frozen=True, slots=True)
class AnnouncementAudience:
    """Who an announcement is for.  Empty regions / positions / languages = everyone."""

    topics: tuple[str, ...] = ("lsg_news",)
    regions: tuple[str, ...] = ()
    positions: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "topics": list(self.topics),
            "regions": list(self.regions),
            "positions": list(self.positions),
            "languages": list(self.languages),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AnnouncementAudience:
        return cls(
            topics=tuple(t for t in data.get("topics", ()) if t in TOPICS),
            regions=tuple(data.get("regions", ())),
            positions=normalize_positions(data.get("positions", ())),
            languages=tuple(lang for lang in data.get("languages", ()) if lang in LANGUAGES),
        )

    def toggle(self, kind: str, value: str) -> AnnouncementAudience:
        current = list(getattr(self, kind))
        if value in current:
            current.remove(value)
        else:
            current.append(value)
        return replace(self, **{kind: tuple(current)})


def effective_language(language: str | None, telegram_lang: str | None, default: str) -> str:
    return language or guess_language(telegram_lang, default)


def person(candidate: Candidate, default_language: str) -> Person:
    return Person(
        oblast=candidate.oblast,
        district=candidate.district,
        position=candidate.position,
        language=effective_language(candidate.language, candidate.telegram_lang, default_language),
        follows=candidate.regions,
    )


def wants(candidate: Candidate, audience: AnnouncementAudience, default_language: str) -> bool:
    topics = DEFAULT_TOPICS if candidate.topics is None else candidate.topics
    if not topics.intersection(audience.topics):
        return False
    return matches(
        person(candidate, default_language),
        oblasts=audience.regions,
        positions=audience.positions,
        languages=audience.languages,
        use_follows=True,
    )


class SubscriptionService:
    def __init__(
        self,
        db: Database,
        *,
        default_language: str = "ky",
        clock: Callable[[], dt.datetime] = utcnow,
    ) -> None:
        self.db = db
        self.repo = SubscriptionRepository(db)
        self.default_language = default_language
        self.clock = clock

    async def get(self, user_id: int) -> Subscription:
        row = await self.repo.get(user_id)
        if row is None:
            return Subscription(user_id, DEFAULT_TOPICS, frozenset(), explicit=False)
        return Subscription(user_id, row.topics, row.regions, explicit=True)

    async def ensure(self, user_id: int) -> Subscription:
        """The defaults at registration: every topic on (the row is made if missing)."""
        await self.repo.create_if_missing(user_id, DEFAULT_TOPICS, self.clock())
        return await self.get(user_id)

    async def _save(
        self, sub: Subscription, topics: Iterable[str], regions: Iterable[str]
    ) -> Subscription:
        topics = frozenset(t for t in topics if t in TOPICS)
        regions = frozenset(r for r in regions if geo.region(r) is not None)
        await self.repo.save(sub.user_id, topics, regions, self.clock())
        return Subscription(sub.user_id, topics, regions, explicit=True)

    async def toggle_topic(self, user_id: int, topic: str) -> Subscription:
        if topic not in TOPICS:
            raise ValueError(f"unknown topic {topic!r}")
        async with self.db.transaction():
            sub = await self.get(user_id)
            topics = set(sub.topics) ^ {topic}
            return await self._save(sub, topics, sub.regions)

    async def toggle_region(self, user_id: int, region: str) -> Subscription:
        if geo.region(region) is None:
            raise ValueError(f"unknown region {region!r}")
        async with self.db.transaction():
            sub = await self.get(user_id)
            return await self._save(sub, sub.topics, set(sub.regions) ^ {region})

    async def unsubscribe(self, user_id: int, topics: Iterable[str]) -> Subscription:
        async with self.db.transaction():
            sub = await self.get(user_id)
            return await self._save(sub, set(sub.topics) - set(topics), sub.regions)

    async def unsubscribe_from(self, user_id: int, broadcast_id: int) -> list[str] | None:
        """The one-tap button under an announcement: leave the topics it was sent to (an event
        notice: the "events" topic).  Returns them, or None when the broadcast is unknown."""
        bc = await BroadcastRepository(self.db).get(broadcast_id)
        if bc is None:
            return None
        topics = ["events"] if bc.kind == Kind.event_new else list(bc.audience.get("topics", ()))
        topics = [t for t in topics if t in TOPICS]
        await self.unsubscribe(user_id, topics)
        return topics

    async def subscribe(self, user_id: int, topics: Iterable[str]) -> Subscription:
        async with self.db.transaction():
            sub = await self.get(user_id)
            return await self._save(sub, set(sub.topics) | set(topics), sub.regions)

    # -- recipients ------------------------------------------------------------------------------
    async def recipients(self, audience: AnnouncementAudience) -> list[int]:
        """Active subscribers an announcement reaches now, by id."""
        if not audience.topics:
            return []
        return [
            c.user_id
            for c in await self.repo.candidates()
            if wants(c, audience, self.default_language)
        ]

    async def event_recipients(self, event: Event) -> list[int]:
        """Subscribers of the "events" topic whom the event is for."""
        return [
            c.user_id
            for c in await self.repo.candidates()
            if "events" in (DEFAULT_TOPICS if c.topics is None else c.topics)
            and event.audience.includes(person(c, self.default_language))
        ]


def user_language(user: User, default: str) -> str:
    return effective_language(user.language, user.telegram_lang, default)
