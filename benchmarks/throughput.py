"""Throughput benchmark: the bot beside a bare aiogram bot that only searches and replies.

``python -m benchmarks.throughput [--questions 2000] [--users 400] [--paced 100] [--rate 10]
[--rounds 3] [--profile] [--json out.json]``

Both bots run as their own processes and poll the Bot API emulator (``python -m sandbox``, its
own process, rate limits off) over real HTTP, one after the other in the same run, each on a
copy of the same database (migrated, bundled knowledge base loaded):

- ``full``: the bot as ``main.py run`` builds it (``bot.app``: every router, middleware,
  background component, SQLite FSM storage), polling with ``bot.app.polling_options``;
- ``bare``: ``Dispatcher(disable_fsm=True)`` with one handler that runs the same
  ``KnowledgeService.search`` (language detected the same way) and replies with the top hit's
  title; no database writes, no FSM; the same polling options.

Phases per bot:

1. burst: ``--questions`` questions from ``--users`` users are queued before the bot starts;
   answered/s = questions / (last reply − the bot's first getUpdates), both as the emulator
   logged them; CPU ms per question from ``/proc/<pid>/stat`` over the burst (all threads:
   the search runs in worker threads);
2. paced: ``--paced`` questions from fresh users at ``--rate`` a second; latency = the reply's
   time in the emulator's call log − the moment the driver started sending the question.

Prints answered/s of both, the ratio full/bare (target ≥ 0.8) and p50/p95 latency at the pace
(target p95 ≤ 20 ms). The two bots run ``--rounds`` times in turn (bare, full, bare, full, …) and
the ratio compares the best round of each, so a pause of the shared machine during one bot's round
does not decide it; the ratio of each round is printed too. ``--profile`` adds a burst of the full
bot under cProfile (event-loop thread only) and prints where its time goes. The machine is shared:
run it on a quiet one and compare the ratio, not the absolute figures.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import cProfile
import io
import json
import os
import pstats
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.broadcast import create_emulator_users, free_port, prepare_workdir
from benchmarks.search import _FOLD, _LAT, QUESTION_FILES, _percentiles

REPO = Path(__file__).resolve().parents[1]
TOKEN = "1000000001:throughput-token"
FIRST_USER = 500_000
TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
SHARED_EVAL = Path("/work/shared/eval/questions-dev.jsonl")  # where a worktree has no ../shared


def questions(n: int) -> list[str]:
    """``n`` questions: the dev and hold-out questions as asked, then again the way people type
    them (without ө/ү/ң, in Latin letters), then repeated."""
    files = [f for f in (*QUESTION_FILES, SHARED_EVAL) if f.exists()]
    base = list(dict.fromkeys(
        json.loads(line)["q"] for f in files
        for line in f.read_text(encoding="utf-8").splitlines() if line.strip()
    ))  # fmt: skip
    if not base:
        raise SystemExit("no questions found: " + ", ".join(map(str, QUESTION_FILES)))
    styles = (base, [q.translate(_FOLD) for q in base], [q.lower().translate(_LAT) for q in base])
    pool = [q for style in styles for q in style]
    return [pool[i % len(pool)] for i in range(n)]


# -- the bots (child processes) --------------------------------------------------------------------
async def serve_full(api: str, db_path: Path, profile: Path | None, stop: asyncio.Event) -> None:
    from bot.app import build_runtime, close_runtime, create_bot, create_dispatcher, polling_options
    from bot.config import load_settings

    settings = load_settings(
        bot_token=TOKEN,
        database_url=f"sqlite:///{db_path}",
        telegram_api_base=api,
        rate_global_per_sec=100_000.0,
        rate_private_per_sec=10_000.0,
        rate_private_burst=1000,
    )
    runtime = await build_runtime(settings)
    bot = create_bot(settings, runtime.limiter)
    dp = create_dispatcher(runtime)
    try:
        await _poll(dp, bot, polling_options(settings), profile, stop)
    finally:
        await bot.session.close()
        await close_runtime(runtime)


async def serve_bare(api: str, db_path: Path, concurrency: int, stop: asyncio.Event) -> None:
    import html

    from aiogram import Bot, Dispatcher
    from aiogram.client.default import DefaultBotProperties
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import TelegramAPIServer
    from aiogram.types import Message

    from bot.knowledge_service import KnowledgeService
    from db.database import Database
    from knowledge.search.langdetect import detect_language

    db = await Database(db_path).connect()
    knowledge = KnowledgeService(db)
    await knowledge.load()

    async def answer(message: Message) -> None:
        text = (message.text or "").strip()
        if not text:
            return
        result = await knowledge.search(text, lang=detect_language(text) or "ky")
        hits = result.results
        reply = html.escape(hits[0].title) if hits else "—"
        await message.answer(reply)

    dp = Dispatcher(disable_fsm=True)
    dp.message.register(answer)
    session = AiohttpSession(api=TelegramAPIServer.from_base(api))
    bot = Bot(TOKEN, session=session, default=DefaultBotProperties(parse_mode="HTML"))
    options = {"close_bot_session": False, "tasks_concurrency_limit": concurrency}
    try:
        await _poll(dp, bot, options, None, stop)
    finally:
        await bot.session.close()
        await db.close()


async def _poll(
    dp: Any, bot: Any, options: dict[str, Any], profile: Path | None, stop: asyncio.Event
) -> None:
    profiler = cProfile.Profile() if profile else None
    polling = asyncio.create_task(
        dp.start_polling(bot, handle_signals=False, polling_timeout=1, **options)
    )
    if profiler is not None:
        profiler.enable()
    await stop.wait()
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(str(profile))
    with contextlib.suppress(RuntimeError):
        await dp.stop_polling()
    with contextlib.suppress(asyncio.CancelledError, TimeoutError):
        await asyncio.wait_for(polling, timeout=10)


def serve(args: argparse.Namespace) -> int:
    async def main() -> None:
        stop = asyncio.Event()
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
        db_path = Path(args.db)
        if args.kind == "full":
            await serve_full(args.api, db_path, Path(args.profile) if args.profile else None, stop)
        else:
            await serve_bare(args.api, db_path, args.concurrency, stop)

    asyncio.run(main())
    return 0


# -- the driver ------------------------------------------------------------------------------------
@dataclass
class Result:
    kind: str
    questions: int
    seconds: float
    answered_per_s: float
    cpu_ms_per_question: float
    paced: int = 0
    latency_ms: dict[str, float] = field(default_factory=dict)  # p50, p95, p99, mean, max


def spawn(args: list[str], log_path: Path) -> subprocess.Popen[bytes]:
    """A Python child process of this checkout, its output in ``log_path``."""
    log = open(log_path, "ab")  # lives as long as the process
    return subprocess.Popen([sys.executable, *args], cwd=REPO, stdout=log, stderr=subprocess.STDOUT)


class Emulator:
    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None
        self.client: Any = None
        self.next_user = FIRST_USER

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        from sandbox.client import EmulatorClient

        self.proc = spawn(
            ["-m", "sandbox", "--host", "127.0.0.1", "--port", str(self.port), "--no-demo",
             "--no-rate-limits", "--log-level", "WARNING"],
            self.workdir / "emulator.log",
        )  # fmt: skip
        self.client = EmulatorClient(self.url, timeout=120)
        deadline = time.monotonic() + 30
        while True:
            with contextlib.suppress(Exception):
                await self.client.stats()
                return
            if time.monotonic() > deadline or self.proc.poll() is not None:
                raise RuntimeError("the emulator did not start")
            await asyncio.sleep(0.1)

    async def users(self, n: int) -> list[int]:
        ids = list(range(self.next_user, self.next_user + n))
        self.next_user += n
        await create_emulator_users(self.client, ids)
        return ids

    async def last_call_id(self) -> int:
        calls = await self.client.calls(limit=1)
        return int(calls[-1]["id"]) if calls else 0

    async def close(self) -> None:
        if self.client is not None:
            await self.client.close()
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(timeout=10)


class Replies:
    """The bot's sendMessage calls per chat, read incrementally from the emulator's call log."""

    def __init__(self, emulator: Emulator, since: int) -> None:
        self.emulator = emulator
        self.since = since
        self.times: dict[int, list[float]] = collections.defaultdict(list)
        self.first_poll: float | None = None

    async def read(self) -> None:
        # the control API's since_id (EmulatorClient.calls has no parameter for it)
        calls = await self.emulator.client._call("GET", "calls", since_id=self.since)
        for call in calls:
            self.since = max(self.since, int(call["id"]))
            if call["method"] == "getUpdates" and self.first_poll is None:
                self.first_poll = float(call["time"])
            elif call["method"] == "sendMessage" and call["ok"]:
                self.times[int(call["params"]["chat_id"])].append(float(call["time"]))

    async def wait(self, asked: dict[int, int], timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while True:
            await self.read()
            if all(len(self.times[c]) >= n for c, n in asked.items()):
                return
            if time.monotonic() > deadline:
                got = sum(min(len(self.times[c]), n) for c, n in asked.items())
                raise TimeoutError(f"{got} of {sum(asked.values())} questions answered")
            await asyncio.sleep(0.2)


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK  # utime + stime


class BotProcess:
    def __init__(self, kind: str, api: str, db: Path, workdir: Path, profile: Path | None) -> None:
        cmd = ["-m", "benchmarks.throughput", "serve", "--kind", kind,
               "--api", api, "--db", str(db)]  # fmt: skip
        if profile is not None:
            cmd += ["--profile", str(profile)]
        self.proc = spawn(cmd, workdir / f"bot-{kind}.log")

    def stop(self) -> None:
        self.proc.terminate()  # SIGTERM: the bot stops polling and writes its profile
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()


async def one_bot(
    kind: str,
    emulator: Emulator,
    template: Path,
    workdir: Path,
    args: argparse.Namespace,
    *,
    profile: Path | None = None,
) -> Result:
    db = prepare_workdir(workdir / kind, "bot.sqlite3")
    shutil.copy(template, db)
    asked_all = questions(args.questions + args.paced)
    burst, paced = asked_all[: args.questions], asked_all[args.questions :]
    users = await emulator.users(args.users)
    asked: dict[int, int] = collections.Counter()
    for start in range(0, len(burst), 64):  # queued before the bot starts
        chunk = list(enumerate(burst[start : start + 64], start))
        await asyncio.gather(
            *(emulator.client.send_message(users[i % len(users)], q) for i, q in chunk)
        )
        for i, _ in chunk:
            asked[users[i % len(users)]] += 1
    replies = Replies(emulator, await emulator.last_call_id())
    bot = BotProcess(kind, emulator.url, db, workdir / kind, profile)
    try:
        while replies.first_poll is None:
            await replies.read()
            await asyncio.sleep(0.05)
            if bot.proc.poll() is not None:
                raise RuntimeError(f"the {kind} bot exited; see {workdir / kind}")
        cpu_start = cpu_seconds(bot.proc.pid)
        await replies.wait(asked, timeout=600)
        cpu = cpu_seconds(bot.proc.pid) - cpu_start
        last = max(t for c in asked for t in replies.times[c][: asked[c]])
        seconds = last - replies.first_poll
        result = Result(kind, len(burst), seconds, len(burst) / seconds, cpu * 1000 / len(burst))
        if paced and profile is None:
            await paced_phase(emulator, replies, paced, args.rate, result)
    finally:
        bot.stop()
    return result


async def paced_phase(
    emulator: Emulator, replies: Replies, questions: list[str], rate: float, result: Result
) -> None:
    users = await emulator.users(len(questions))
    sent: dict[int, float] = {}
    start = time.monotonic()
    for n, (uid, text) in enumerate(zip(users, questions, strict=True)):
        await asyncio.sleep(max(0.0, start + n / rate - time.monotonic()))
        sent[uid] = time.time()
        await emulator.client.send_message(uid, text)
    await replies.wait(dict.fromkeys(users, 1), timeout=120)
    latencies = [(replies.times[uid][0] - sent[uid]) * 1000 for uid in users]
    result.paced = len(latencies)
    result.latency_ms = _percentiles(latencies) | {"max": max(latencies)}


async def prepare_template(path: Path) -> None:
    from bot.knowledge_service import KnowledgeService
    from db.database import Database

    async with Database(path) as db:
        await KnowledgeService(db).load()  # migrations and the bundled knowledge base


def profile_report(path: Path, top: int = 25) -> str:
    out = io.StringIO()
    stats = pstats.Stats(str(path), stream=out)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(r"handlers|bot/|db/|services/|knowledge/", top)
    return out.getvalue()


async def run(args: argparse.Namespace) -> dict[str, Any]:
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="keneshchi-throughput-"))
    template = prepare_workdir(workdir, "template.sqlite3")
    await prepare_template(template)
    emulator = Emulator(workdir)
    await emulator.start()
    results: list[Result] = []
    try:
        for _ in range(args.rounds):
            for kind in ("bare", "full"):
                results.append(await one_bot(kind, emulator, template, workdir, args))
                print(_line(results[-1]), flush=True)
        report: dict[str, Any] = {"results": [asdict(r) for r in results]}
        best = {k: max((r for r in results if r.kind == k), key=lambda r: r.answered_per_s)
                for k in ("bare", "full")}  # fmt: skip
        report["ratio"] = best["full"].answered_per_s / best["bare"].answered_per_s
        report["round_ratios"] = [
            full.answered_per_s / bare.answered_per_s
            for bare, full in zip(results[::2], results[1::2], strict=True)
        ]
        # CPU per question of the bare bot over the full one's, per round (less noisy than the
        # answered/s of a shared machine)
        report["cpu_ratios"] = [
            bare.cpu_ms_per_question / full.cpu_ms_per_question
            for bare, full in zip(results[::2], results[1::2], strict=True)
        ]
        if args.profile:
            prof = workdir / "full.prof"
            await one_bot("full", emulator, template, workdir, args, profile=prof)
            report["profile"] = profile_report(prof)
    finally:
        await emulator.close()
    report["workdir"] = str(workdir)
    return report


def _line(r: Result) -> str:
    lat = r.latency_ms
    paced = ", ".join(f"{k} {lat[k]:.1f} ms" for k in ("p50", "p95", "max") if k in lat)
    return (
        f"{r.kind:>4}: {r.questions} questions in {r.seconds:.2f} s = {r.answered_per_s:.0f}"
        f" answered/s, {r.cpu_ms_per_question:.2f} ms CPU per question; paced {r.paced}: {paced}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.throughput")
    sub = parser.add_subparsers(dest="command")
    child = sub.add_parser("serve", help="(internal) run one bot against the emulator")
    child.add_argument("--kind", choices=("full", "bare"), required=True)
    child.add_argument("--api", required=True)
    child.add_argument("--db", required=True)
    child.add_argument("--profile")
    child.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--questions", type=int, default=2000)
    parser.add_argument("--users", type=int, default=400)
    parser.add_argument("--paced", type=int, default=100)
    parser.add_argument("--rate", type=float, default=10.0, help="paced questions per second")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="profile a further full burst")
    parser.add_argument("--workdir")
    parser.add_argument("--json", help="write the figures to this file")
    args = parser.parse_args(argv)
    if args.command == "serve":
        return serve(args)
    report = asyncio.run(run(args))
    print(f"\nratio full/bare: {report['ratio']:.2f} (target ≥ 0.8)")
    rounds = " ".join(f"{r:.2f}" for r in report["round_ratios"])
    print(f"ratio full/bare of each round: {rounds}")
    cpu = " ".join(f"{r:.2f}" for r in report["cpu_ratios"])
    print(f"CPU per question, bare/full: {cpu} (per round)")
    if "profile" in report:
        print(report["profile"])
    if args.json:
        Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
