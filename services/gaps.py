"""Knowledge gaps: what people ask that the bot could not answer or that did not help.

A question is a gap when its status is ``escalate`` or its asker pressed "didn't help";
off-topic questions (status ``off_topic``: weather, small talk) are no gap of the knowledge
base and are only counted (:func:`count_off_topic`).  Gaps
are grouped by similarity.  Each question gets a *cluster key*: the search module's tokens,
ө/ү/ң folded, stemmed per language and cut to five letters, the search lexicon's stop words
and small talk dropped, sorted (a greeting alone has an empty key and is no gap).  Keys are
clustered greedily with rapidfuzz's ``token_sort_ratio``: most frequent key first, a key joins
the group of the most similar key placed before it when that scores at least ``threshold``,
else it starts a new group.  Only keys sharing one of the key's two rarest words are compared
(blocking), so tens of thousands of questions cluster in seconds, not minutes.  Groups come
back biggest first with counts, distinct askers and example phrasings.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process

from db.database import Database, from_db_time, to_db_time
from db.repositories.tickets import TicketRepository
from knowledge.search import analyzer, kyrgyz, russian
from knowledge.search.normalize import fold, skeleton, tokenize
from services.stats_period import Period

DEFAULT_THRESHOLD = 72.0
MAX_EXAMPLES = 3
BLOCK_WORDS = 2  # a key is compared with keys sharing one of its 2 rarest words …
MAX_CANDIDATES = 500  # … at most this many, the most frequent first
STEM_PREFIX = 5  # stems are cut to 5 letters: absorbs what the light stemmers leave over


@lru_cache(maxsize=1)
def _ignored() -> frozenset[str]:
    """Surfaces (folded + skeleton) of stop words and small talk, from the search lexicon."""
    return frozenset(analyzer.STOP_WORDS) | frozenset(analyzer.SMALL_TALK_WORDS)


@lru_cache(maxsize=100_000)
def _stem(word: str) -> str:
    """Stem key of one case-folded word, or "" for stop words and small talk."""
    if len(word) < 2 or skeleton(fold(word)) in _ignored():
        return ""
    stem = russian.stem(word) if russian.word_lang(word) == "ru" else kyrgyz.stem(fold(word))
    return skeleton(fold(stem))


def cluster_key(text: str) -> str:
    """The form questions are compared in: stemmed content words, sorted, space-separated."""
    words = [t.text for t in tokenize(text)]
    stems = {s[:STEM_PREFIX] for s in (_stem(w) for w in words) if s}
    return " ".join(sorted(stems))


@dataclass(slots=True)
class GapQuestion:
    id: int
    text: str
    asked_at: dt.datetime
    user_id: int | None
    status: str
    helped: bool | None
    lang: str | None
    category: str | None


@dataclass(slots=True)
class GapGroup:
    leader_id: int  # id of a question of the most frequent phrasing (stable button target)
    key: str
    count: int = 0
    askers: int = 0
    escalated: int = 0
    not_helped: int = 0
    examples: list[str] = field(default_factory=list)
    question_ids: list[int] = field(default_factory=list)
    langs: dict[str, int] = field(default_factory=dict)
    categories: dict[str, int] = field(default_factory=dict)
    last_asked: dt.datetime | None = None

    @property
    def lang(self) -> str | None:
        """The most common language of the group's questions."""
        return max(self.langs, key=lambda k: (self.langs[k], k)) if self.langs else None

    @property
    def category(self) -> str | None:
        """The most common category (of the top search result) of the group's questions."""
        if not self.categories:
            return None
        return max(self.categories, key=lambda k: (self.categories[k], k))


def cluster(
    questions: Sequence[GapQuestion], *, threshold: float = DEFAULT_THRESHOLD
) -> list[GapGroup]:
    """Group similar questions (pure CPU; see :func:`find_gaps` for the database part)."""
    by_key: dict[str, list[GapQuestion]] = {}
    for q in questions:
        key = cluster_key(q.text)
        if key:
            by_key.setdefault(key, []).append(q)
    order = sorted(by_key, key=lambda k: (-len(by_key[k]), k))
    words = {key: set(key.split()) for key in order}
    df = Counter(word for key in order for word in words[key])
    postings: dict[str, list[int]] = defaultdict(list)  # word -> indices into ``seen``
    leaders: list[str] = []
    members: dict[str, list[str]] = {}
    seen: list[str] = []  # every key placed so far, most frequent first
    leader_of: list[str] = []  # its group's leader, index-aligned with ``seen``
    for key in order:
        # Blocking: only keys sharing one of this key's rarest words are compared.
        rare = sorted(words[key], key=lambda w: (df[w], w))[:BLOCK_WORDS]
        # postings are in placement order (most frequent first): the first few of each suffice
        candidates = sorted({i for w in rare for i in postings[w][:MAX_CANDIDATES]})
        del candidates[MAX_CANDIDATES:]
        match = (
            process.extractOne(
                key,
                [seen[i] for i in candidates],
                scorer=fuzz.token_sort_ratio,
                score_cutoff=threshold,
            )
            if candidates
            else None
        )
        if match is None:
            leaders.append(key)
            members[key] = [key]
            leader = key
        else:
            leader = leader_of[candidates[match[2]]]
            members[leader].append(key)
        for word in words[key]:
            postings[word].append(len(seen))
        seen.append(key)
        leader_of.append(leader)
    groups: list[GapGroup] = []
    for leader in leaders:
        items = [q for key in members[leader] for q in by_key[key]]
        phrasings = Counter(" ".join(q.text.split()) for q in items)
        examples = [text for text, _ in phrasings.most_common(MAX_EXAMPLES)]
        first = next(q for q in by_key[leader])
        groups.append(
            GapGroup(
                leader_id=first.id,
                key=leader,
                count=len(items),
                askers=len({q.user_id for q in items if q.user_id is not None}),
                escalated=sum(q.status == "escalate" for q in items),
                not_helped=sum(q.helped is False for q in items),
                examples=examples,
                question_ids=sorted(q.id for q in items),
                langs=dict(Counter(q.lang for q in items if q.lang)),
                categories=dict(Counter(q.category for q in items if q.category)),
                last_asked=max(q.asked_at for q in items),
            )
        )
    groups.sort(key=lambda g: (-g.count, -g.askers, -(g.last_asked or dt.datetime.min).timestamp()))
    return groups


async def gap_questions(db: Database, period: Period) -> list[GapQuestion]:
    rows = await db.fetchall(
        "SELECT id, text, asked_at, user_id, status, helped, lang, category FROM questions"
        " WHERE asked_at >= ? AND asked_at < ? AND text != ''"
        " AND status != 'off_topic' AND (status = 'escalate' OR helped = 0) ORDER BY id",
        (to_db_time(period.start), to_db_time(period.end)),
    )
    return [
        GapQuestion(
            id=r["id"],
            text=r["text"],
            asked_at=from_db_time(r["asked_at"]),  # type: ignore[arg-type]
            user_id=r["user_id"],
            status=r["status"],
            helped=None if r["helped"] is None else bool(r["helped"]),
            lang=r["lang"],
            category=r["category"],
        )
        for r in rows
    ]


async def count_off_topic(db: Database, period: Period) -> int:
    """Off-topic questions of ``period`` (left out of the gaps, shown as one count)."""
    return int(
        await db.fetchval(
            "SELECT count(*) FROM questions WHERE status = 'off_topic'"
            " AND asked_at >= ? AND asked_at < ?",
            (to_db_time(period.start), to_db_time(period.end)),
        )
        or 0
    )


async def find_gaps(
    db: Database, period: Period, *, limit: int = 10, threshold: float = DEFAULT_THRESHOLD
) -> list[GapGroup]:
    """The ``limit`` biggest gap groups of ``period`` (clustering runs in a thread)."""
    questions = await gap_questions(db, period)
    groups = await asyncio.to_thread(cluster, questions, threshold=threshold)
    return groups[:limit] if limit else groups


def group_of(groups: Iterable[GapGroup], question_id: int) -> GapGroup | None:
    return next((g for g in groups if question_id in g.question_ids), None)


async def save_draft(
    db: Database,
    *,
    question: str,
    answer: str,
    category: str,
    language: str,
    created_by: int,
    now: dt.datetime,
) -> int:
    """A FAQ draft written from a gap group (no ticket); a supervisor approves it in /drafts."""
    draft_id, _ = await TicketRepository(db).add_draft(
        {
            "ticket_id": None,
            "question": question,
            "answer": answer,
            "category": category,
            "language": language,
            "created_by": created_by,
            "created_at": to_db_time(now),
        }
    )
    return draft_id
