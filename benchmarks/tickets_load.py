"""Call-center load benchmark against the Bot API emulator, with the bot as a real process.

``python -m benchmarks.tickets_load [--tickets 30] [--messages 5] [--window 60]
[--scenarios baseline,combined,groups,private] [--json out.json]``

The emulator (``python -m sandbox``) enforces Telegram's limits during the measurement: 20
messages a minute per group, 1 a second per private chat (burst 3), 30 a second overall, and
answers 429 when they are broken.  The unmodified bot (``python main.py run``) uses its default
pacing.  Set-up (askers open tickets through the chat, consultants press Take) runs with limits
off and a fast bot; the bot is then restarted with its default pacing for the measurement.

Measured per scenario: ``--tickets`` officials each write ``--messages`` messages at random
moments within ``--window`` seconds; for every message, the delay from the moment the official
sent it until the bot's message carrying it was accepted by the emulator in the consultant's
chat (the group's topic, or the consultant's private chat).  p50/p95/max, messages delivered
vs expected, duplicates (a message carried twice), 429s.

Scenarios: ``baseline`` — one consultants' group, waiting messages not combined (each relay its
own message, as before issue 11); ``combined`` — one group, waiting messages combined;
``groups`` — three groups by oblast (CONSULTANTS_GROUPS), combined; ``private`` — one group,
consultants work from their private chats (/inbox on), combined.

The kill -9 test (tests/e2e/test_callcenter_kill.py) uses the same harness.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.broadcast import Stack, fresh_database, prepare_workdir, query, wait_for

GROUPS = (-1001000000001, -1001000000002, -1001000000003)
OBLASTS = ("chuy", "osh-obl", "naryn")
CONSULTANT_BASE = 2001
SUPERVISOR = 2101
ASKER_BASE = 10_001
FAST_ENV = {
    "RATE_GLOBAL_PER_SEC": "2000",
    "RATE_PRIVATE_PER_SEC": "500",
    "RATE_PRIVATE_BURST": "50",
    "RATE_GROUP_PER_MIN": "60000",
}
MARK = re.compile(r"T(\d+)M(\d+)")


async def seed_people(db_path: Path, askers: list[int], consultants: list[int]) -> None:
    """Roles and registered profiles, written before the bot's first start."""
    from db.database import Database, to_db_time, utcnow

    now = to_db_time(utcnow())
    async with Database(db_path) as db:
        for n, uid in enumerate(askers):
            await db.execute(
                "INSERT INTO users(id, first_name, language, oblast, position, full_name,"
                " municipality, registered_at, created_at, updated_at)"
                " VALUES (?, ?, 'ru', ?, 'head', ?, 'Айыл', ?, ?, ?)",
                (uid, f"Аким{uid}", OBLASTS[n % len(OBLASTS)], f"Аким {uid}", now, now, now),
            )
        for uid in consultants:
            await db.execute(
                "INSERT INTO users(id, first_name, language, role, created_at, updated_at)"
                " VALUES (?, ?, 'ru', 'consultant', ?, ?)",
                (uid, f"Консультант{uid}", now, now),
            )
        await db.execute(
            "INSERT INTO users(id, first_name, language, role, created_at, updated_at)"
            " VALUES (?, 'Супервайзер', 'ru', 'supervisor', ?, ?)",
            (SUPERVISOR, now, now),
        )


def _buttons(msg: dict[str, Any]) -> list[str]:
    rows = (msg.get("reply_markup") or {}).get("inline_keyboard", [])
    return [b.get("callback_data", "") for row in rows for b in row]


@dataclass
class CallCenter:
    """An emulator, the bot as a process, askers with tickets taken by consultants."""

    stack: Stack
    askers: list[int]
    consultants: list[int]
    groups: tuple[int, ...]
    tickets: dict[int, int] = field(default_factory=dict)  # asker → ticket id

    @property
    def client(self) -> Any:
        return self.stack.client

    async def start_bot(self, env: dict[str, str]) -> None:
        """Start the bot and wait until it has started (its commands set, polling next)."""
        warm = self.stack._warm  # a pre-started process has its environment already
        if warm is not None and self.stack.extra_env != env:
            warm.kill()
            warm.wait()
            self.stack._warm = None
        self.stack.extra_env = dict(env)
        before = (await self.client.calls(limit=1) or [{"id": 0}])[-1]["id"]
        self.stack.start_bot()

        async def started() -> bool:
            calls = await self.client.calls(method="setMyCommands")
            fresh = [c for c in calls if c["id"] > before]
            return bool(fresh) and time.time() - fresh[-1]["time"] > 0.5

        await wait_for(started, 90, interval=0.1)
        await asyncio.sleep(0.5)  # components started, the first getUpdates is on its way

    async def open_ticket(self, uid: int, question: str) -> int:
        c = self.client
        await c.send_message(uid, "/ask_consultant")
        await c.wait_for_bot_message(uid, timeout=60)
        await c.send_message(uid, question)
        confirm = await c.wait_for_bot_message(
            uid, predicate=lambda m: any(b.startswith("tnew:go") for b in _buttons(m)),
            timeout=60,
        )  # fmt: skip
        await c.press_button(uid, uid, confirm["message_id"], _buttons(confirm)[0])

        ticket_id, chat_id, card_id = await self.first_row(
            "SELECT id, chat_id, card_message_id FROM tickets WHERE asker_id = ?"
            " AND card_message_id IS NOT NULL",
            (uid,),
        )
        consultant = self.consultants[len(self.tickets) % len(self.consultants)]
        self.tickets[uid] = ticket_id
        await c.press_button(consultant, chat_id, card_id, f"tk:take:{ticket_id}")

        await self.first_row(  # the "taken" notice was sent
            "SELECT id FROM ticket_events WHERE ticket_id = ? AND kind = 'taken'"
            " AND notify_status = 'sent' LIMIT 1",
            (ticket_id,),
        )
        return ticket_id

    async def first_row(self, sql: str, params: tuple[Any, ...]) -> Any:
        """The first row ``sql`` returns, once it returns one (polled for up to 60 s)."""

        async def first() -> Any:
            rows = await query(self.stack.db_path, sql, params)
            return rows[0] if rows else None

        return await wait_for(first, 60, interval=0.1)

    async def close(self) -> None:
        await self.stack.close()


async def call_center(
    workdir: Path,
    n_askers: int,
    n_consultants: int,
    *,
    groups: int = 1,
    private: bool = False,
    prewarm: bool = False,
    env: dict[str, str] | None = None,
) -> CallCenter:
    """Set up: tickets opened and taken.  Without ``env``: limits off and a fast bot, which is
    left stopped.  With ``env``: Telegram's limits and that bot environment from the start,
    and the bot is left running (the kill test)."""
    db_path = prepare_workdir(workdir, "callcenter.sqlite3")
    stack = Stack(workdir, rate=30.0, bot_rate=None, prewarm=prewarm)
    stack.db_path = db_path
    askers = [ASKER_BASE + i for i in range(n_askers)]
    consultants = [CONSULTANT_BASE + i for i in range(n_consultants)]
    cc = CallCenter(stack, askers, consultants, GROUPS[:groups])
    await fresh_database(db_path)
    await seed_people(db_path, askers, consultants)
    await stack.start_emulator()
    client = stack.client
    bot_env = FAST_ENV | group_env(cc.groups) if env is None else env
    if prewarm:  # imports done while the emulator is being filled
        stack.extra_env = dict(bot_env)
        stack.warm_up()
    if env is None:
        await client.set_limits(enabled=False)
    else:
        await telegram_limits(client)
    for n, group in enumerate(cc.groups):
        await client.create_group(
            group, f"Консультанттар {n + 1}", is_forum=True,
            member_ids=(*consultants, SUPERVISOR),
        )  # fmt: skip
    for uid in (*consultants, SUPERVISOR):
        await client.create_user(uid, f"Консультант{uid}", language_code="ru")
    for uid in askers:
        await client.create_user(uid, f"Аким{uid}", language_code="ru")
    await cc.start_bot(bot_env)
    if private:
        for uid in consultants:
            await client.send_message(uid, "/inbox on")
            await client.wait_for_bot_message(uid, contains="/inbox off", timeout=60)
    for start in range(0, len(askers), 10):
        await asyncio.gather(
            *(
                cc.open_ticket(uid, f"Как оформить аренду земли, вопрос {uid}?")
                for uid in askers[start : start + 10]
            )
        )
    if env is None:
        stack.stop_bot()
    return cc


def group_env(groups: tuple[int, ...]) -> dict[str, str]:
    env = {"CONSULTANTS_CHAT_ID": str(groups[0]), "SLA_CHECK_SECONDS": "2"}
    if len(groups) > 1:
        env["CONSULTANTS_GROUPS"] = ",".join(
            f"{oblast}={group}" for oblast, group in zip(OBLASTS[1:], groups[1:], strict=False)
        )
    return env


async def telegram_limits(client: Any) -> None:
    await client.set_limits(
        global_per_sec=30, per_chat_per_sec=1, group_per_min=20, burst=3, enabled=True
    )


def marker(ticket: int, n: int) -> str:
    return f"T{ticket}M{n}"


def carried(calls: list[dict[str, Any]], chats: set[int]) -> dict[str, list[float]]:
    """Every marker the bot's accepted messages to ``chats`` carried, with the times."""
    out: dict[str, list[float]] = {}
    for call in calls:
        if not call.get("ok"):
            continue
        chat = int(call["params"].get("chat_id", 0) or 0)
        if chat not in chats:
            continue
        text = str(call["params"].get("text") or call["params"].get("caption") or "")
        for found in MARK.finditer(text):
            out.setdefault(found.group(0), []).append(call["time"])
    return out


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q * (len(ordered) - 1))))
    return ordered[k]


@dataclass
class LoadResult:
    scenario: str
    tickets: int
    messages_expected: int
    messages_delivered: int
    duplicated: int
    p50_s: float
    p95_s: float
    max_s: float
    bot_messages_to_consultants: int
    errors_429: int
    elapsed_s: float


async def measure(
    cc: CallCenter,
    scenario: str,
    env: dict[str, str],
    *,
    messages: int,
    window: float,
    timeout: float,
    seed: int = 11,
) -> LoadResult:
    client = cc.client
    await telegram_limits(client)
    await cc.start_bot(group_env(cc.groups) | env)
    rng = random.Random(seed)
    plan = sorted(
        (rng.uniform(0, window), uid, n)
        for uid in cc.askers
        for n in range(1, messages + 1)
    )  # fmt: skip
    # each official's messages in order: the n-th one at the n-th of its random moments
    per_asker: dict[int, list[float]] = {}
    for at, uid, _ in plan:
        per_asker.setdefault(uid, []).append(at)
    schedule = sorted(
        (at, uid, n)
        for uid, moments in per_asker.items()
        for n, at in enumerate(sorted(moments), 1)
    )  # fmt: skip
    first_call = (await client.calls(limit=1) or [{"id": 0}])[-1]["id"]
    sent_at: dict[str, float] = {}
    start = time.monotonic()
    for at, uid, n in schedule:
        delay = start + at - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        mark = marker(cc.tickets[uid], n)
        await client.send_message(uid, f"{mark} Уточнение №{n} по вопросу аренды земли")
        sent_at[mark] = time.time()
    chats = set(cc.groups) | set(cc.consultants)

    async def all_there() -> bool:
        calls = [c for c in await client.calls(method="sendMessage") if c["id"] > first_call]
        return len(carried(calls, chats)) >= len(sent_at)

    try:
        await wait_for(all_there, timeout, interval=1.0)
    except TimeoutError:
        pass
    await asyncio.sleep(2)  # a late duplicate would show here
    elapsed = time.monotonic() - start
    calls = [c for c in await client.calls() if c["id"] > first_call]
    sends = [c for c in calls if c["method"] == "sendMessage"]
    seen = carried(sends, chats)
    delays = [min(seen[m]) - t for m, t in sent_at.items() if m in seen]
    cc.stack.stop_bot()
    return LoadResult(
        scenario=scenario,
        tickets=len(cc.tickets),
        messages_expected=len(sent_at),
        messages_delivered=sum(1 for m in sent_at if m in seen),
        duplicated=sum(1 for m in sent_at if len(seen.get(m, [])) > 1),
        p50_s=round(percentile(delays, 0.5), 1),
        p95_s=round(percentile(delays, 0.95), 1),
        max_s=round(max(delays, default=float("nan")), 1),
        bot_messages_to_consultants=sum(
            1 for c in sends if c.get("ok") and int(c["params"].get("chat_id", 0)) in chats
        ),
        errors_429=sum(1 for c in calls if c.get("status") == 429),
        elapsed_s=round(elapsed, 1),
    )


SCENARIOS: dict[str, dict[str, Any]] = {
    "baseline": {"groups": 1, "private": False, "env": {"RELAY_COMBINE": "false"}},
    "combined": {"groups": 1, "private": False, "env": {}},
    "groups": {"groups": 3, "private": False, "env": {}},
    "private": {"groups": 1, "private": True, "env": {}},
}


async def run(args: argparse.Namespace) -> list[LoadResult]:
    results = []
    root = Path(args.workdir)
    for name in args.scenarios.split(","):
        spec = SCENARIOS[name]
        print(f"-- {name}: setting up {args.tickets} tickets …", flush=True)
        cc = await call_center(
            root / name, args.tickets, args.consultants, groups=spec["groups"],
            private=spec["private"],
        )  # fmt: skip
        try:
            result = await measure(
                cc, name, spec["env"], messages=args.messages, window=args.window,
                timeout=args.timeout,
            )  # fmt: skip
        finally:
            await cc.close()
        print(json.dumps(asdict(result), ensure_ascii=False), flush=True)
        results.append(result)
    return results


def table(results: list[LoadResult]) -> str:
    head = (
        "| scenario | tickets | delivered / expected | duplicated | p50 s | p95 s | max s "
        "| bot messages to consultants | 429s |"
    )
    lines = [head, "|" + "---|" * 9]
    for r in results:
        lines.append(
            f"| {r.scenario} | {r.tickets} | {r.messages_delivered} / {r.messages_expected} "
            f"| {r.duplicated} | {r.p50_s} | {r.p95_s} | {r.max_s} "
            f"| {r.bot_messages_to_consultants} | {r.errors_429} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tickets", type=int, default=30)
    parser.add_argument("--messages", type=int, default=5)
    parser.add_argument("--window", type=float, default=60.0)
    parser.add_argument("--consultants", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=900.0, help="per scenario, seconds")
    parser.add_argument("--scenarios", default="baseline,combined,groups,private")
    parser.add_argument("--workdir", default="/tmp/keneshchi-tickets-load")
    parser.add_argument("--json", default=None)
    args = parser.parse_args(argv)
    results = asyncio.run(run(args))
    print(table(results))
    if args.json:
        Path(args.json).write_text(json.dumps([asdict(r) for r in results], indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
