"""The one wake-and-poll loop of the background workers (bot/workers/base.py): polls at start
and periodically, at once when woken or busy, at the moment the database names (an APScheduler
job), retries a failed poll with a growing pause, and at stop lets the sends under way finish."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

import pytest
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.workers.base import SendTally, Worker, find
from db.database import utcnow


class Probe(Worker):
    name = "probe"
    job_id = "probe-wakeup"

    def __init__(self, *, busy: int = 0, fail: int = 0, due: dt.timedelta | None = None, **kw):  # type: ignore[no-untyped-def]
        super().__init__(**kw)
        self.busy, self.fail, self.due = busy, fail, due
        self.seen = asyncio.Event()

    async def poll(self) -> bool:
        self.seen.set()
        if self.fail:
            self.fail -= 1
            raise RuntimeError("database is locked")
        if self.busy:
            self.busy -= 1
            return True
        return False

    async def next_wakeup(self) -> dt.datetime | None:
        if self.due is None:
            return None
        due, self.due = utcnow() + self.due, None
        return due


async def until(check, timeout: float = 3.0) -> None:  # type: ignore[no-untyped-def]
    for _ in range(int(timeout / 0.005)):
        if check():
            return
        await asyncio.sleep(0.005)
    raise AssertionError("not reached in time")


async def test_polls_at_start_then_only_when_woken_or_due() -> None:
    worker = Probe(interval=3600)
    await worker.start(None, bot=None)  # type: ignore[arg-type]
    try:
        await until(lambda: worker.polls == 1)
        await asyncio.sleep(0.05)
        assert worker.polls == 1  # idle: waits for the interval
        worker.wake()
        await until(lambda: worker.polls == 2)
        worker.wake()
        worker.wake()  # two wakes before it looks: one poll sees both
        await until(lambda: worker.polls == 3)
        await asyncio.sleep(0.05)
        assert worker.polls == 3
    finally:
        await worker.stop()
    worker.wake()
    await asyncio.sleep(0.02)
    assert worker.polls == 3  # stopped: nothing runs


async def test_periodic_poll_and_busy_polls_again_at_once() -> None:
    worker = Probe(interval=0.02, busy=5)
    await worker.start(None, bot=None)  # type: ignore[arg-type]
    try:
        await until(lambda: worker.polls >= 6)  # five busy polls back to back, then idle
        await until(lambda: worker.polls >= 9)  # and the periodic polls go on
    finally:
        await worker.stop()


async def test_failed_poll_is_logged_and_retried(caplog: pytest.LogCaptureFixture) -> None:
    worker = Probe(interval=0.05, fail=3)
    with caplog.at_level(logging.ERROR, logger="bot.workers.base"):
        await worker.start(None, bot=None)  # type: ignore[arg-type]
        try:
            await until(lambda: worker.polls >= 5)
        finally:
            await worker.stop()
    assert worker.errors == 3
    failed = [r for r in caplog.records if "probe: poll failed" in r.getMessage()]
    assert len(failed) == 3 and all(r.exc_info for r in failed)


async def test_timer_at_the_moment_the_database_names() -> None:
    scheduler = AsyncIOScheduler(timezone="UTC")
    scheduler.start()
    worker = Probe(interval=3600, due=dt.timedelta(milliseconds=150), scheduler=scheduler)
    try:
        await worker.start(None, bot=None)  # type: ignore[arg-type]
        await until(lambda: worker.polls == 1)
        job = scheduler.get_job("probe-wakeup")
        assert job is not None and job.next_run_time > utcnow()
        await until(lambda: worker.polls == 2)  # the job woke it, long before the interval
        await worker.stop()
        assert scheduler.get_job("probe-wakeup") is None
    finally:
        scheduler.shutdown(wait=False)


async def test_stop_lets_sends_under_way_finish_within_the_grace() -> None:
    worker = Probe(interval=3600)
    worker.stop_grace = 0.2
    await worker.start(None, bot=None)  # type: ignore[arg-type]
    finished: list[str] = []

    async def send(name: str, seconds: float) -> None:
        await asyncio.sleep(seconds)
        finished.append(name)

    quick = worker.spawn(send("quick", 0.05))
    stuck = worker.spawn(send("stuck", 30))
    assert worker.in_flight == 2
    await worker.stop()
    assert finished == ["quick"] and quick.done() and stuck.cancelled()
    assert worker.in_flight == 0


async def test_first_poll_after_an_interval_and_no_loop() -> None:
    later = Probe(interval=0.05)
    later.poll_at_start = False
    await later.start(None, bot=None)  # type: ignore[arg-type]
    await asyncio.sleep(0.02)
    assert later.polls == 0
    await until(lambda: later.polls >= 1)
    await later.stop()
    manual = Probe(loop=False)
    await manual.start(None, bot=None)  # type: ignore[arg-type]
    await asyncio.sleep(0.02)
    assert manual.polls == 0 and not manual.seen.is_set()
    assert find([later, manual], "probe") is later and find([later], "sla") is None


def test_tallies_add_up() -> None:
    total = SendTally(sent=2, skipped_reasons={"too late": 1})
    total.add(SendTally(sent=1, late=1, failed=2, skipped=3, skipped_reasons={"too late": 2}))
    assert (total.sent, total.late, total.failed, total.skipped) == (3, 1, 2, 3)
    assert total.skipped_reasons == {"too late": 3}
