"""Helpers for the tests of events, reminders, subscriptions and broadcasts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any
from zoneinfo import ZoneInfo

from db.database import Database, to_db_time, utcnow
from db.repositories.events import Audience, Event
from services.events import EventDraft, EventService

BISHKEK = dt.timezone(dt.timedelta(hours=6))
TZ = ZoneInfo("Asia/Bishkek")


class FakeClock:
    """An injectable clock: services read the time from it, tests move it."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def set(self, now: dt.datetime) -> None:
        self.now = now

    def advance(self, **delta: float) -> dt.datetime:
        self.now += dt.timedelta(**delta)
        return self.now


def bishkek(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=BISHKEK).astimezone(dt.UTC)


NOW = bishkek(2027, 3, 1, 9, 0)  # "now" of the tests with a fake clock


async def add_users(
    db: Database,
    ids: Iterable[int],
    *,
    language: str | None = "ky",
    oblast: str | None = "chuy",
    district: str | None = None,
    position: str | None = "head",
    registered: bool = True,
    active: bool = True,
    **extra: Any,
) -> list[int]:
    """Registered officials straight into the database (fast, for large audiences)."""
    now = to_db_time(utcnow())
    rows = [
        (
            uid,
            f"User {uid}",
            language,
            oblast,
            district,
            position,
            f"Official {uid}" if registered else None,
            "Ayil" if registered else None,
            now if registered else None,
            int(active),
            now,
            now,
        )
        for uid in ids
    ]
    await db.executemany(
        "INSERT INTO users(id, first_name, language, oblast, district, position, full_name,"
        " municipality, registered_at, is_active, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    return [r[0] for r in rows]


async def create_event(
    db: Database,
    *,
    titles: tuple[str, str] = ("Окуу", "Обучение"),
    place: str = "Бишкек",
    oblasts: tuple[str, ...] = (),
    days: float = 3,
    created_by: int | None = None,
) -> Event:
    """A two-hour event ``days`` from now (real time) for the officials of ``oblasts``."""
    start = dt.datetime.now(dt.UTC) + dt.timedelta(days=days)
    draft = EventDraft(
        title_ky=titles[0],
        title_ru=titles[1],
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        place=place,
        audience=Audience(oblasts=oblasts),
    )
    return await EventService(db).create(draft, created_by=created_by)


# -- the bot against the emulator, with limits chosen by the test ----------------------------
ADMIN_ID = 3001


async def wait_until(predicate, timeout: float = 20.0, interval: float = 0.05):  # type: ignore[no-untyped-def]
    """Poll an async or sync predicate until it returns something truthy."""
    import asyncio
    import inspect
    import time

    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if inspect.isawaitable(value):
            value = await value
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"condition not met in {timeout}s")
        await asyncio.sleep(interval)


def paced_settings(settings: Any, rate: float, per_chat: float = 1.0, **extra: Any) -> Any:
    """Settings whose limiter paces at ``rate`` messages/s overall and ``per_chat`` per private
    chat (a little under it, so the jitter of arrival times never makes a 429)."""
    return settings.model_copy(
        update={
            "rate_global_per_sec": rate,
            "rate_private_per_sec": per_chat * 0.9,
            "rate_private_burst": 3,
            "broadcast_progress_seconds": 0.5,
            "admin_ids": [ADMIN_ID],
            **extra,
        }
    )


def emulator_config(rate: float, per_chat: float = 1.0, **faults: Any) -> Any:
    from sandbox.config import EmulatorConfig, Faults, RateLimits

    return EmulatorConfig(
        demo=False,
        limits=RateLimits(global_per_sec=rate, per_chat_per_sec=per_chat, burst=3),
        faults=Faults(**faults),
        call_log_size=100_000,
    )


def delivered_per_chat(calls: list[dict[str, Any]], methods: Iterable[str]) -> dict[int, int]:
    """Messages the emulator accepted (HTTP 200), per chat id."""
    wanted = {m.lower() for m in methods}
    out: dict[int, int] = {}
    for call in calls:
        if call.get("ok") and call["method"].lower() in wanted:
            chat = int(call["params"]["chat_id"])
            out[chat] = out.get(chat, 0) + 1
    return out


class Harness:
    def __init__(self, emulator: Any, runtime: Any, bot: Any, dp: Any, settings: Any) -> None:
        self.emulator, self.client = emulator, emulator.client
        self.runtime, self.bot, self.dp, self.settings = runtime, bot, dp, settings
        self.db = runtime.db

    async def people(
        self, ids: Iterable[int], *, language_code: str | None = "", **profile: Any
    ) -> list[int]:
        """Officials where an end-to-end test needs them: Telegram users of the emulator who
        started the bot (``language_code``: their Telegram language, by default the profile's)
        and registered rows in the database (:func:`add_users`, ``profile`` as it takes)."""
        ids = list(ids)
        if language_code == "":
            language_code = profile.get("language", "ky")
        for uid in ids:
            await self.client.create_user(uid, f"U{uid}", language_code=language_code)
        return await add_users(self.db, ids, **profile)

    def component(self, name: str) -> Any:
        for comp in self.runtime.components:
            if comp.name == name:
                return comp
        raise LookupError(name)


def harness(settings: Any, config: Any):  # type: ignore[no-untyped-def]
    """The emulator in this loop and the real bot polling it, both with the given limits."""
    import asyncio
    import contextlib

    from bot.app import build_runtime, close_runtime, create_bot, create_dispatcher
    from sandbox.emulator import run_emulator

    @contextlib.asynccontextmanager
    async def run():  # type: ignore[no-untyped-def]
        async with run_emulator(host="127.0.0.1", port=0, config=config) as emulator:
            live = settings.model_copy(update={"telegram_api_base": emulator.base_url})
            await emulator.client.create_user(ADMIN_ID, "Админ", language_code="ru")
            runtime = await build_runtime(live, load_knowledge=False)
            await _set_language(runtime.db, ADMIN_ID, "ru")
            bot = create_bot(live, runtime.limiter)
            dp = create_dispatcher(runtime)
            polling = asyncio.create_task(
                dp.start_polling(
                    bot, handle_signals=False, close_bot_session=False, polling_timeout=1
                )
            )
            h = Harness(emulator, runtime, bot, dp, live)
            try:
                await wait_until(lambda: len(runtime.components) >= 2, timeout=15)
                yield h
            finally:
                with contextlib.suppress(RuntimeError):
                    await dp.stop_polling()
                with contextlib.suppress(asyncio.CancelledError, TimeoutError):
                    await asyncio.wait_for(polling, timeout=15)
                await bot.session.close()
                await close_runtime(runtime)

    return run()


async def _set_language(db: Database, user_id: int, lang: str) -> None:
    from db.repositories.users import UserRepository

    await UserRepository(db).set_language(user_id, lang)
