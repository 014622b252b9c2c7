"""Pacing benchmark against the Bot API emulator, with the bot as a real process.

``python -m benchmarks.broadcast [--recipients 10000] [--rate 30] [--users 1000]
[--latency-ms 150] [--reminders 1000] [--phases onboarding,latency,plain,kill,reminders]
[--bot-repo OTHER_CHECKOUT] [--json out.json]``

Everything runs as in production: a standalone emulator process (``python -m sandbox``) that
enforces Telegram's limits (``--rate`` messages/s overall, one message a second per chat with
no burst) and answers 429 with ``retry_after`` when they are broken — it counts its 429s by the
limit broken (per chat, group, global) — and the unmodified bot (``python main.py run``, or
``--bot-repo``'s for "before" figures) pointed at it with ``TELEGRAM_API_BASE`` and its default
pacing (29/s overall).

* onboarding — ``--users`` new people arrive 20 a second: /start → language → welcome →
  "👤 Profile" → the first question; measured: 429s by cause, messages, the smallest gap
  between two messages to one chat, each step's wait.
* latency — a broadcast with ``--latency-ms`` added to every Bot API call (a distant server):
  does the send window still reach the rate?
* plain — an admin composes an announcement through the emulator (``/broadcast`` → Kyrgyz
  text → Russian text → preview → send now) to N subscribers; measured: the achieved rate
  against the allowed one, 429s, and every recipient's delivery count from the emulator's call
  log (exactly once).
* kill — the same, but the bot is killed with SIGKILL at about half way and started again;
  measured: lost and duplicated recipients (emulator counts), rows left mid-call ("unknown").
* reminders — N people registered for an event whose one-hour reminders all fall due at the
  same moment; measured: delivered, duplicates, 429s, time from the moment to the last one.

The test suite runs the kill phase scaled down (tests/e2e/test_broadcast_kill.py).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import itertools
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
ADMIN_ID = 3001
TOKEN = "1000000001:benchmark-token"
FIRST_ID = 100_000


# -- processes ------------------------------------------------------------------------------------
# A bot process that imports everything first, then runs `main.py run` when told to (stdin).
_PREWARMED = (
    f"import sys; sys.path.insert(0, {str(REPO)!r}); import main, bot.app, handlers;"
    " handlers.setup_routers(); sys.stdin.readline(); sys.exit(main.main(['run']))"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Stack:
    """The emulator process, the bot process (when running) and the bot's database."""

    workdir: Path
    rate: float
    bot_rate: float | None
    port: int = 0
    emulator: subprocess.Popen[bytes] | None = None
    bot: subprocess.Popen[bytes] | None = None
    client: Any = None
    db_path: Path = Path()
    bot_starts: int = 0
    extra_env: dict[str, str] = field(default_factory=dict)
    prewarm: bool = False  # tests: a spare process with everything imported takes over
    # Telegram's rule is one message a second per private chat: no burst (the emulator's
    # default allows 3; the benchmark holds the bot to the strict rule)
    burst: int = 1
    latency_ms: int = 0  # added by the emulator to every call (a distant Bot API)
    bot_repo: Path = REPO  # the bot's code (another checkout: "before" figures)
    _warm: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _spawn_emulator(self, per_chat: float) -> None:
        self.port = free_port()
        log = open(self.workdir / "emulator.log", "ab")  # lives as long as the process
        self.emulator = subprocess.Popen(
            [
                sys.executable, "-m", "sandbox", "--host", "127.0.0.1", "--port", str(self.port),
                "--no-demo", "--global-per-sec", str(self.rate),
                "--per-chat-per-sec", str(per_chat), "--burst", str(self.burst),
                "--latency-ms", str(self.latency_ms), "--log-level", "WARNING",
            ],
            cwd=REPO, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip

    async def start_emulator(self, per_chat: float = 1.0) -> None:
        from sandbox.client import EmulatorClient

        self._spawn_emulator(per_chat)
        assert self.emulator is not None
        self.client = EmulatorClient(self.base_url, timeout=120)
        deadline = time.monotonic() + 30
        while True:
            try:
                await self.client.stats()
                return
            except Exception:
                if time.monotonic() > deadline or self.emulator.poll() is not None:
                    raise RuntimeError("the emulator did not start") from None
                await asyncio.sleep(0.1)

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("RATE_", "BROADCAST_"))}
        env.update(
            BOT_TOKEN=TOKEN,
            DATABASE_URL=f"sqlite:///{self.db_path}",
            TELEGRAM_API_BASE=self.base_url,
            ADMIN_IDS=str(ADMIN_ID),
            LOG_LEVEL="WARNING",
            PYTHONUNBUFFERED="1",
        )
        if self.bot_rate is not None:
            env["RATE_GLOBAL_PER_SEC"] = str(self.bot_rate)
        env.update(self.extra_env)
        return env

    def _spawn_bot(self) -> subprocess.Popen[bytes]:
        self.bot_starts += 1
        log = open(self.workdir / f"bot-{self.bot_starts}.log", "ab")
        if not self.prewarm:
            command = [sys.executable, str(self.bot_repo / "main.py"), "run"]
        else:  # imports done now; `main.py run` starts when a line arrives on stdin
            command = [sys.executable, "-c", _PREWARMED]
        return subprocess.Popen(
            command, cwd=self.workdir, env=self.env(), stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.PIPE if self.prewarm else None,
        )  # fmt: skip

    def start_bot(self) -> None:
        """Start the bot process (a pre-warmed one when ``prewarm``, and warm the next)."""
        if not self.prewarm:
            self.bot = self._spawn_bot()
            return
        proc = self._warm or self._spawn_bot()
        assert proc.stdin is not None
        proc.stdin.write(b"go\n")
        proc.stdin.flush()
        self.bot = proc
        self._warm = self._spawn_bot()

    def warm_up(self) -> None:
        if self.prewarm and self._warm is None:
            self._warm = self._spawn_bot()

    def kill_bot(self) -> None:
        """kill -9: no shutdown code runs."""
        assert self.bot is not None
        self.bot.send_signal(signal.SIGKILL)
        self.bot.wait(timeout=30)
        self.bot = None

    def stop_bot(self) -> None:
        if self.bot is not None:
            self.bot.send_signal(signal.SIGTERM)
            try:
                self.bot.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.bot.kill()
                self.bot.wait()
            self.bot = None

    async def close(self) -> None:
        self.stop_bot()
        if self._warm is not None:
            self._warm.kill()
            self._warm.wait()
            self._warm = None
        if self.client is not None:
            await self.client.close()
        if self.emulator is not None:
            self.emulator.terminate()
            try:
                self.emulator.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.emulator.kill()


def prepare_workdir(workdir: Path, db_name: str) -> Path:
    workdir.mkdir(parents=True, exist_ok=True)
    db_path = workdir / db_name
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    return db_path


# -- the database (read and seeded from outside the bot process) ----------------------------------
async def fresh_database(path: Path) -> None:
    from db.database import Database

    async with Database(path):
        pass  # migrations applied


async def query(path: Path, sql: str, params: Iterable[Any] = ()) -> list[Any]:
    from db.database import Database

    db = await Database(path, busy_timeout_ms=30_000).connect(migrate=False)
    try:
        return [tuple(r) for r in await db.conn.execute_fetchall(sql, tuple(params))]
    finally:
        await db.close()


async def scalar(path: Path, sql: str, params: Iterable[Any] = ()) -> Any:
    rows = await query(path, sql, params)
    return rows[0][0] if rows else None


async def add_subscribers(path: Path, ids: list[int]) -> None:
    """Registered officials (half Kyrgyz-, half Russian-speaking) with default subscriptions."""
    from db.database import Database, to_db_time, utcnow

    regions = ["chuy", "osh-obl", "batken", "naryn", "talas", "issykkul", "jalalabad"]
    now = to_db_time(utcnow())
    rows = [
        (
            uid, f"U{uid}", "ky" if uid % 2 else "ru", regions[uid % len(regions)], "head",
            f"Official {uid}", "Ayil", now, now, now,
        )
        for uid in ids
    ]  # fmt: skip
    async with Database(path) as db:
        await db.executemany(
            "INSERT INTO users(id, first_name, language, oblast, position, full_name,"
            " municipality, registered_at, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )


async def queue_announcement(path: Path, text: str) -> None:
    from db.database import Database
    from services.broadcast import BroadcastService
    from services.subscriptions import AnnouncementAudience

    async with Database(path) as db:
        await BroadcastService(db).create_announcement(
            text_html=text,
            audience=AnnouncementAudience(),
            created_by=ADMIN_ID,
            progress_chat_id=ADMIN_ID,
        )


async def create_emulator_users(client: Any, ids: list[int], chunk: int = 64) -> None:
    for start in range(0, len(ids), chunk):
        await asyncio.gather(
            *(client.create_user(uid, f"U{uid}") for uid in ids[start : start + chunk])
        )


async def wait_for(
    check: Callable[[], Awaitable[Any]], timeout: float, interval: float = 0.05
) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = await check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"not done in {timeout:.0f}s")
        await asyncio.sleep(interval)


# -- the emulator's view -------------------------------------------------------------------------
async def deliveries(
    client: Any, chats: set[int], method: str = "sendMessage"
) -> dict[int, list[float]]:
    """Accepted calls (HTTP 200) per recipient chat with their times, from the call log."""
    calls = await client.calls(method=method)
    if len(calls) >= 19_990:  # the log may have dropped old entries: ask every chat instead
        raise RuntimeError("the emulator's call log is full; use fewer recipients per phase")
    out: dict[int, list[float]] = {c: [] for c in chats}
    for call in calls:
        chat = int(call["params"].get("chat_id", 0))
        if call.get("ok") and chat in out:
            out[chat].append(call["time"])
    return out


async def where_429(client: Any) -> list[str]:
    """Which calls got a 429 (method, chat, admin or recipient)."""
    out = []
    for call in await client.calls():
        if call.get("status") == 429:
            chat = call["params"].get("chat_id")
            who = "admin" if str(chat) == str(ADMIN_ID) else "recipient"
            out.append(f"{call['method']} to {who} {chat}: {call.get('description', '')}")
    return out[:10]


def exactly_once(per_chat: dict[int, list[float]]) -> tuple[int, int]:
    lost = sum(1 for times in per_chat.values() if not times)
    duplicated = sum(1 for times in per_chat.values() if len(times) > 1)
    return lost, duplicated


def rate_of(times: list[float], *, gap: float = 3.0) -> tuple[float, float]:
    """Messages/s over the sending time (pauses longer than ``gap`` — a restart — excluded)
    and the active seconds."""
    times = sorted(times)
    if len(times) < 2:
        return 0.0, 0.0
    active = sum(b - a for a, b in itertools.pairwise(times) if b - a <= gap)
    return (len(times) - 1) / active if active else 0.0, active


# -- driving the admin's side through the emulator -----------------------------------------------
def _button(msg: dict[str, Any], label: str) -> str:
    for row in (msg.get("reply_markup") or {}).get("inline_keyboard", []):
        for b in row:
            if label in b["text"]:
                return str(b["callback_data"])
    raise LookupError(label)


async def admin_sends_announcement(client: Any, text: str) -> dict[str, Any]:
    """/broadcast → text → preview → send now; returns the progress message."""
    await client.send_message(ADMIN_ID, "/broadcast", language_code="ru")
    await client.wait_for_bot_message(ADMIN_ID, contains="Новое объявление", timeout=60)
    await client.send_message(ADMIN_ID, text)
    try:  # the Russian text of a bilingual announcement (older bots go straight on)
        await client.wait_for_bot_message(ADMIN_ID, contains="тот же текст", timeout=15)
        await client.send_message(ADMIN_ID, "📜 Принят новый закон")
    except Exception:
        pass
    audience = await client.wait_for_bot_message(ADMIN_ID, contains="Кому отправить", timeout=60)
    await client.press_button(
        ADMIN_ID, ADMIN_ID, audience["message_id"], _button(audience, "Предпросмотр")
    )
    confirm = await client.wait_for_bot_message(
        ADMIN_ID, contains="Отправить сейчас или", timeout=60
    )
    await client.press_button(ADMIN_ID, ADMIN_ID, confirm["message_id"], _button(confirm, "сейчас"))
    return await client.wait_for_bot_message(ADMIN_ID, contains="Рассылка №", timeout=60)


# -- phases ----------------------------------------------------------------------------------------
@dataclass(kw_only=True)
class Flood:
    """The 429 answers of a phase (the emulator's counts) and the first calls they hit."""

    errors_429: int = 0
    errors_429_by_cause: dict[str, int] = field(default_factory=dict)
    errors_429_where: list[str] = field(default_factory=list)

    async def count_429(self, client: Any) -> None:
        stats = await client.stats()
        self.errors_429 = int(stats["errors_429"])
        self.errors_429_by_cause = stats.get("errors_429_by_cause", {})
        self.errors_429_where = await where_429(client)


@dataclass(kw_only=True)
class Deliveries(Flood):
    """What reached the recipients of a phase, each of whom should get one message."""

    delivered: int = 0
    lost: int = 0
    duplicated: int = 0
    achieved_rate: float = 0.0
    rate_share: float = 0.0  # of the emulator's allowed rate
    db_sent: int = 0

    def count(self, per_chat: dict[int, list[float]], rate: float) -> tuple[list[float], float]:
        """Count the deliveries; the times they came at, in order, and the active seconds."""
        self.lost, self.duplicated = exactly_once(per_chat)
        times = sorted(t for ts in per_chat.values() for t in ts)
        self.delivered = len(times)
        achieved, active = rate_of(times)
        self.achieved_rate = round(achieved, 2)
        self.rate_share = round(achieved / rate, 4)
        return times, active


@dataclass
class BroadcastResult(Deliveries):
    recipients: int
    allowed_rate: float
    bot_rate: float | None
    kill: bool
    active_seconds: float = 0.0
    wall_seconds: float = 0.0
    errors_429_after_first: int = 0
    latency_ms: int = 0
    killed_at_sent: int | None = None
    unknown_rows: int = 0
    unknown_delivered: int = 0
    report_seen: bool = False
    restart_seconds: float | None = None
    timings: dict[str, float] = field(default_factory=dict)


async def broadcast_phase(
    stack: Stack,
    recipients: int,
    *,
    kill_at: float | None = None,
    timeout: float | None = None,
    via_admin_ui: bool = True,
) -> BroadcastResult:
    """One broadcast to ``recipients`` people on ``stack`` (not started yet: its workdir,
    rates, bot environment, latency and bot checkout); ``kill_at`` = share sent before kill -9.

    ``via_admin_ui``: the admin composes it through the emulator; otherwise it is queued in
    the database before the bot starts (the bot picks it up at start, as after a crash)."""
    rate, bot_rate, latency_ms = stack.rate, stack.bot_rate, stack.latency_ms
    stack.db_path = prepare_workdir(stack.workdir, "bot.sqlite3")
    ids = list(range(FIRST_ID, FIRST_ID + recipients))
    result = BroadcastResult(recipients, rate, bot_rate, kill_at is not None, latency_ms=latency_ms)
    limit = timeout or (recipients / (rate * 0.9) + 120)
    t0 = time.monotonic()

    def mark(name: str) -> None:
        result.timings[name] = round(time.monotonic() - t0, 2)

    try:
        await stack.start_emulator()
        await fresh_database(stack.db_path)
        stack.warm_up()  # imports while the users are made
        await add_subscribers(stack.db_path, ids)
        await stack.client.create_user(ADMIN_ID, "Админ", language_code="ru")
        await create_emulator_users(stack.client, ids)
        text = "📜 Жаңы мыйзам кабыл алынды"
        progress: dict[str, Any] = {"message_id": 0}
        if not via_admin_ui:
            await queue_announcement(stack.db_path, text)
        mark("setup")
        stack.start_bot()
        started = time.monotonic()
        if via_admin_ui:
            progress = await admin_sends_announcement(stack.client, text)
        sent_sql = "SELECT count(*) FROM outbox WHERE status = 'sent'"
        if kill_at is not None:
            target = int(recipients * kill_at)
            await wait_for(lambda: _at_least(stack.db_path, sent_sql, target), limit)
            stack.kill_bot()
            mark("killed")
            result.killed_at_sent = await scalar(stack.db_path, sent_sql)
            result.unknown_rows = await scalar(
                stack.db_path, "SELECT count(*) FROM outbox WHERE status = 'sending'"
            )
            in_flight = "SELECT user_id FROM outbox WHERE status = 'sending'"
            unknown_users = [r[0] for r in await query(stack.db_path, in_flight)]
            stack.start_bot()
        done_sql = (
            "SELECT count(*) FROM broadcasts WHERE status = 'done' AND reported_at IS NOT NULL"
        )
        await wait_for(lambda: _at_least(stack.db_path, done_sql, 1), limit, interval=0.2)
        result.wall_seconds = round(time.monotonic() - started, 2)
        mark("done")
        with contextlib.suppress(Exception):
            await stack.client.wait_for_bot_message(
                ADMIN_ID, contains="📊", timeout=30, after_message_id=progress["message_id"]
            )
            result.report_seen = True
        stack.stop_bot()
        mark("stopped")
        per_chat = await deliveries(stack.client, set(ids))
        times, active = result.count(per_chat, rate)
        result.active_seconds = round(active, 2)
        if kill_at is not None and len(times) > 1:  # the downtime: kill -9 → restart → sending
            result.restart_seconds = round(max(b - a for a, b in itertools.pairwise(times)), 2)
        await result.count_429(stack.client)
        result.errors_429_after_first = max(0, result.errors_429 - 1)
        result.db_sent = await scalar(stack.db_path, sent_sql)
        if kill_at is not None:
            result.unknown_delivered = sum(1 for u in unknown_users if per_chat.get(u))
    finally:
        await stack.close()
    return result


async def _at_least(path: Path, sql: str, target: int) -> bool:
    try:
        return int(await scalar(path, sql) or 0) >= target
    except Exception:  # the database is being created or locked for a moment
        return False


@dataclass
class ReminderResult(Deliveries):
    reminders: int
    allowed_rate: float
    first_after_due: float = 0.0
    last_after_due: float = 0.0
    max_in_any_second: int = 0


async def reminders_phase(
    workdir: Path, people: int, rate: float, *, bot_rate: float | None = None, lead: float = 40.0
) -> ReminderResult:
    """``people`` registered for one event; all their one-hour reminders fall due at once."""
    from db.database import Database
    from db.repositories.users import UserRepository
    from services.events import EventDraft, EventService

    stack = Stack(workdir, rate, bot_rate)
    stack.db_path = prepare_workdir(workdir, "reminders.sqlite3")
    ids = list(range(FIRST_ID, FIRST_ID + people))
    result = ReminderResult(people, rate)
    try:
        await stack.start_emulator()
        await fresh_database(stack.db_path)
        await add_subscribers(stack.db_path, ids)
        await create_emulator_users(stack.client, ids)
        start = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(hours=1, seconds=lead)
        due = start - dt.timedelta(hours=1)
        async with Database(stack.db_path) as db:
            svc = EventService(db, reminder_offsets="1d,1h")
            event = await svc.create(
                EventDraft(
                    title_ky="Айыл өкмөтү башчыларынын окуусу",
                    title_ru="Обучение глав айыл окмоту",
                    starts_at=start,
                    ends_at=start + dt.timedelta(hours=6),
                    place="Бишкек",
                ),
                created_by=None,
            )
            users = UserRepository(db)
            for uid in ids:
                await svc.register(event.id, await users.get(uid))  # type: ignore[arg-type]
        stack.start_bot()
        sent_sql = "SELECT count(*) FROM reminders WHERE status IN ('sent', 'failed', 'unknown')"
        wait = (due - dt.datetime.now(dt.UTC)).total_seconds() + people / (rate * 0.8) + 60
        await wait_for(lambda: _at_least(stack.db_path, sent_sql, people), wait, interval=0.2)
        stack.stop_bot()
        per_chat = await deliveries(stack.client, set(ids))
        times, _ = result.count(per_chat, rate)
        if times:
            result.first_after_due = round(times[0] - due.timestamp(), 2)
            result.last_after_due = round(times[-1] - due.timestamp(), 2)
            per_second: dict[int, int] = {}
            for t in times:
                per_second[int(t)] = per_second.get(int(t), 0) + 1
            result.max_in_any_second = max(per_second.values())
        await result.count_429(stack.client)
        result.db_sent = await scalar(
            stack.db_path, "SELECT count(*) FROM reminders WHERE status = 'sent'"
        )
    finally:
        await stack.close()
    return result


@dataclass
class OnboardingResult(Flood):
    users: int
    allowed_rate: float
    completed: int = 0
    messages: int = 0
    duplicated: int = 0
    wall_seconds: float = 0.0
    achieved_rate: float = 0.0
    p50_step_seconds: float = 0.0
    p95_step_seconds: float = 0.0
    min_gap_same_chat: float | None = None


async def onboarding_phase(
    workdir: Path,
    users: int,
    rate: float,
    *,
    arrivals_per_sec: float = 20.0,
    concurrency: int = 150,
    bot_repo: Path = REPO,
) -> OnboardingResult:
    """``users`` new people, arriving ``arrivals_per_sec`` a second: /start → choose the
    language → the welcome → "👤 Profile" → the first question of the form.  The emulator holds
    the bot to one message a second per chat (no burst) and ``rate`` overall."""
    stack = Stack(workdir, rate, None, bot_repo=bot_repo)
    stack.db_path = prepare_workdir(workdir, "onboarding.sqlite3")
    ids = list(range(FIRST_ID, FIRST_ID + users))
    result = OnboardingResult(users, rate)
    steps: list[float] = []
    gate = asyncio.Semaphore(concurrency)

    async def person(uid: int, delay: float) -> None:
        await asyncio.sleep(delay)
        async with gate:
            c = stack.client
            t = time.monotonic()
            await c.send_message(uid, "/start", language_code="ru")
            ask = await c.wait_for_bot_message(uid, contains="язык", timeout=300)
            steps.append(time.monotonic() - t)
            t = time.monotonic()
            await c.press_button(uid, uid, ask["message_id"], _button(ask, "Русский"))
            welcome = await c.wait_for_bot_message(uid, contains="Здравствуйте", timeout=300)
            steps.append(time.monotonic() - t)
            t = time.monotonic()
            await c.send_message(uid, "👤 Профиль")
            await c.wait_for_bot_message(
                uid, contains="полное имя", timeout=300, after_message_id=welcome["message_id"]
            )
            steps.append(time.monotonic() - t)
            result.completed += 1

    try:
        await stack.start_emulator()
        await fresh_database(stack.db_path)
        await create_emulator_users(stack.client, ids)
        stack.start_bot()
        await stack.client.create_user(ADMIN_ID, "Админ", language_code="ru")
        await stack.client.send_message(ADMIN_ID, "/start")  # wait until the bot answers
        with contextlib.suppress(Exception):
            await stack.client.wait_for_bot_message(ADMIN_ID, timeout=60)
        started = time.monotonic()
        await asyncio.gather(
            *(person(uid, i / arrivals_per_sec) for i, uid in enumerate(ids)),
            return_exceptions=True,
        )
        result.wall_seconds = round(time.monotonic() - started, 2)
        stack.stop_bot()
        calls = [
            c
            for c in await stack.client.calls()
            if c.get("ok") and c["method"].startswith("send")
            and int(c["params"].get("chat_id", 0)) in set(ids)
        ]  # fmt: skip
        per_chat: dict[int, list[float]] = {}
        for call in calls:
            per_chat.setdefault(int(call["params"]["chat_id"]), []).append(call["time"])
        result.messages = len(calls)
        gaps = [
            b - a
            for times in per_chat.values()
            for a, b in itertools.pairwise(sorted(times))
        ]  # fmt: skip
        result.min_gap_same_chat = round(min(gaps), 3) if gaps else None
        texts = [(c["params"]["chat_id"], c["params"].get("text", "")[:40]) for c in calls]
        result.duplicated = len(texts) - len(set(texts))
        result.achieved_rate = round(rate_of([c["time"] for c in calls])[0], 2)
        await result.count_429(stack.client)
        if steps:
            steps.sort()
            result.p50_step_seconds = round(steps[len(steps) // 2], 2)
            result.p95_step_seconds = round(steps[int(len(steps) * 0.95)], 2)
    finally:
        await stack.close()
    return result


# -- command line ----------------------------------------------------------------------------------
def _table(title: str, data: dict[str, Any]) -> str:
    lines = [f"### {title}", "", "| metric | value |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in data.items()]
    return "\n".join(lines)


async def run(args: argparse.Namespace) -> dict[str, Any]:
    phases = [p.strip() for p in args.phases.split(",") if p.strip()]
    out: dict[str, Any] = {"started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="keneshchi-bench-"))
    bot_rate = args.bot_rate
    if bot_rate is None and args.rate != 30:
        bot_rate = round(args.rate * 29 / 30, 3)
    bot_repo = Path(args.bot_repo) if args.bot_repo else REPO
    if "onboarding" in phases:
        onb = await onboarding_phase(
            workdir / "onboarding", args.users, args.rate, bot_repo=bot_repo
        )
        out["onboarding"] = asdict(onb)
        print(_table(f"Onboarding {args.users} users", asdict(onb)), flush=True)
    if "latency" in phases:
        stack = Stack(
            workdir / "latency", args.rate, bot_rate, latency_ms=args.latency_ms, bot_repo=bot_repo
        )
        res = await broadcast_phase(stack, args.latency_recipients)
        out["broadcast_latency"] = asdict(res)
        title = f"Broadcast to {args.latency_recipients}, {args.latency_ms} ms round-trips"
        print(_table(title, asdict(res)), flush=True)
    if "plain" in phases:
        stack = Stack(workdir / "plain", args.rate, bot_rate, bot_repo=bot_repo)
        res = await broadcast_phase(stack, args.recipients)
        out["broadcast"] = asdict(res)
        print(_table(f"Broadcast to {args.recipients} at {args.rate}/s", asdict(res)), flush=True)
    if "kill" in phases:
        stack = Stack(workdir / "kill", args.rate, bot_rate)
        res = await broadcast_phase(stack, args.recipients, kill_at=args.kill_at)
        out["broadcast_kill"] = asdict(res)
        print(_table("Broadcast with kill -9 and restart", asdict(res)), flush=True)
    if "reminders" in phases:
        rem = await reminders_phase(
            workdir / "reminders", args.reminders, args.rate, bot_rate=bot_rate
        )
        out["reminders"] = asdict(rem)
        print(_table(f"{args.reminders} reminders due at the same moment", asdict(rem)), flush=True)
    out["workdir"] = str(workdir)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=30.0, help="emulator's global limit /s")
    parser.add_argument("--reminders", type=int, default=1_000)
    parser.add_argument(
        "--bot-rate", type=float, default=None,
        help="bot's RATE_GLOBAL_PER_SEC (default: its own 29/s at --rate 30, else rate*29/30)",
    )  # fmt: skip
    parser.add_argument("--kill-at", type=float, default=0.5, help="share sent before kill -9")
    parser.add_argument("--phases", default="onboarding,latency,plain,kill,reminders")
    parser.add_argument("--users", type=int, default=1_000, help="onboarding: new users")
    parser.add_argument("--latency-ms", type=int, default=150, help="latency phase round-trip")
    parser.add_argument("--latency-recipients", type=int, default=3_000)
    parser.add_argument(
        "--bot-repo", default=None, help="run the bot from another checkout (before figures)"
    )
    parser.add_argument("--workdir", default=None)
    parser.add_argument("--json", default=None, help="also write the figures here")
    args = parser.parse_args(argv)
    out = asyncio.run(run(args))
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=2, ensure_ascii=False))
    ok = True
    for key in ("broadcast", "broadcast_kill", "broadcast_latency"):
        if key in out:
            r = out[key]
            ok &= r["lost"] == 0 and r["duplicated"] == 0 and r["rate_share"] >= 0.95
            ok &= r["errors_429"] == 0
    if "onboarding" in out:
        r = out["onboarding"]
        ok &= r["completed"] == r["users"] and r["errors_429"] == 0
    if "reminders" in out:
        r = out["reminders"]
        ok &= r["lost"] == 0 and r["duplicated"] == 0 and r["errors_429"] == 0
    print("\nRESULT:", "all targets met" if ok else "TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
