"""Application factory and lifecycle: database, translator, search, scheduler, bot, dispatcher.

``Runtime`` holds the app-wide objects, built once; they become Dispatcher data (``settings``,
``db``, ``translator``, ``knowledge``, ``scheduler``, ``clock`` and the services ``tickets``,
``events``, ``broadcasts``, ``subscriptions``), so handlers receive them by name and type.
Background components (SLA timers, reminders, the broadcast outbox, question-log retention)
implement :class:`Component`; :data:`COMPONENT_FACTORIES` lists them explicitly, they are
started after the bot and stopped before the database closes.

The per-update path (:func:`create_dispatcher`): the ``update`` outer middleware
(``ContextMiddleware``: user, users, i18n, relay), then on callback queries the outer
``CallbackAnswerMiddleware`` (every query answered once), then the routers
of ``handlers`` in order.  Polling handles at most ``settings.updates_concurrency`` updates at
once, so a burst queues instead of starting every handler together.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.fsm.storage.base import BaseStorage
from aiogram.fsm.storage.memory import SimpleEventIsolation
from aiogram.fsm.strategy import FSMStrategy
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.commands import set_commands
from bot.config import Settings
from bot.delivery import RateLimiter, RateLimits
from bot.fsm_storage import SQLiteStorage
from bot.i18n import Translator
from bot.knowledge_service import KnowledgeService
from bot.middlewares import AutoCallbackAnswer, ContextMiddleware, watch
from bot.wakeups import Wakeups
from bot.workers import broadcast, reminders, retention, sla
from db.database import Database
from db.repositories.users import Role, UserRepository
from handlers import setup_routers
from services.broadcast import BroadcastService
from services.events import EventService
from services.subscriptions import SubscriptionService
from services.tickets import TicketService
from services.worktime import AppClock

log = logging.getLogger(__name__)


class Component(Protocol):
    """A background part of the app (timers, workers) with a start/stop lifecycle."""

    name: str

    async def start(self, runtime: Runtime, bot: Bot) -> None: ...

    async def stop(self) -> None: ...


ComponentFactory = Callable[["Runtime"], Component]
# Started in this order at start-up, stopped in reverse order at shutdown.
COMPONENT_FACTORIES: tuple[ComponentFactory, ...] = (
    sla.create_component,  # SLA timers and relay retries
    reminders.create_component,  # event reminders
    broadcast.create_component,  # the broadcast outbox
    retention.create_component,  # retention of the question log
)


@dataclass
class Runtime:
    settings: Settings
    db: Database
    translator: Translator
    knowledge: KnowledgeService
    scheduler: AsyncIOScheduler
    limiter: RateLimiter
    clock: AppClock
    tickets: TicketService
    events: EventService
    broadcasts: BroadcastService
    subscriptions: SubscriptionService
    components: list[Component] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    dispatchers: weakref.WeakSet[Dispatcher] = field(default_factory=weakref.WeakSet)

    def reconfigure(self, settings: Settings) -> None:
        """Apply changed settings to the running app: the services built at start-up, the
        relays and the ``settings`` the dispatchers inject see them at once (the objects stay
        the same, so injected ones stay valid)."""
        self.settings = settings
        self.tickets.settings = settings
        for relay in self.extra.get("relays", {}).values():
            relay.settings = settings
        for dp in self.dispatchers:
            dp["settings"] = settings

    def dispatcher_data(self) -> dict[str, Any]:
        """App-wide objects handlers receive by name (and type): ``tickets: TicketService``."""
        return {
            "settings": self.settings,
            "db": self.db,
            "translator": self.translator,
            "knowledge": self.knowledge,
            "scheduler": self.scheduler,
            "limiter": self.limiter,
            "clock": self.clock,
            "tickets": self.tickets,
            "events": self.events,
            "broadcasts": self.broadcasts,
            "subscriptions": self.subscriptions,
            "wakeups": Wakeups(self),
            "runtime": self,
            **self.extra,
        }


def rate_limits(settings: Settings) -> RateLimits:
    return RateLimits(
        global_per_sec=settings.rate_global_per_sec,
        private_per_sec=settings.rate_private_per_sec,
        private_burst=settings.rate_private_burst,
        group_per_min=settings.rate_group_per_min,
    )


async def build_runtime(settings: Settings, *, load_knowledge: bool = True) -> Runtime:
    db = await Database(settings.database_path).connect()
    try:
        await _bootstrap_admins(db, settings)
        knowledge = KnowledgeService(db)
        if load_knowledge:
            await knowledge.load()
    except BaseException:
        await db.close()
        raise
    clock = AppClock()
    lang = settings.default_language
    return Runtime(
        settings=settings,
        db=db,
        translator=Translator(),
        knowledge=knowledge,
        scheduler=AsyncIOScheduler(timezone="UTC"),
        limiter=RateLimiter(rate_limits(settings)),
        clock=clock,
        tickets=TicketService(db, settings, clock),
        events=EventService.from_settings(db, settings, clock=clock),
        broadcasts=BroadcastService(db, default_language=lang, clock=clock),
        subscriptions=SubscriptionService(db, default_language=lang, clock=clock),
    )


async def _bootstrap_admins(db: Database, settings: Settings) -> None:
    users = UserRepository(db)
    for admin_id in settings.admin_ids:
        user = await users.get(admin_id)
        if user is None or user.role != Role.admin:
            await users.set_role(admin_id, Role.admin)


def create_bot(settings: Settings, limiter: RateLimiter | None = None, **session_kw: Any) -> Bot:
    session = AiohttpSession(**session_kw)
    if settings.telegram_api_base:
        session.api = TelegramAPIServer.from_base(settings.telegram_api_base)
    watch(session)
    if limiter is not None:
        session.middleware(limiter)
    return Bot(
        token=settings.require_token(),
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML),
    )


def create_dispatcher(runtime: Runtime, storage: BaseStorage | None = None) -> Dispatcher:
    dp = Dispatcher(
        storage=storage or SQLiteStorage(runtime.db),
        events_isolation=SimpleEventIsolation(),
        fsm_strategy=FSMStrategy.USER_IN_CHAT,
        **runtime.dispatcher_data(),
    )
    runtime.dispatchers.add(dp)
    dp.update.outer_middleware(ContextMiddleware(runtime))
    dp.callback_query.outer_middleware(AutoCallbackAnswer())
    dp.include_router(setup_routers())
    dp.startup.register(_on_startup)
    dp.shutdown.register(_on_shutdown)
    return dp


async def _on_startup(bot: Bot, runtime: Runtime) -> None:
    await set_commands(bot, runtime.db, runtime.translator, runtime.settings.default_language)
    if not runtime.scheduler.running:
        runtime.scheduler.start()
    for factory in COMPONENT_FACTORIES:
        component = factory(runtime)
        await component.start(runtime, bot)
        runtime.components.append(component)
    log.info("started with %d background component(s)", len(runtime.components))


async def _on_shutdown(runtime: Runtime) -> None:
    await stop_components(runtime)


async def stop_components(runtime: Runtime) -> None:
    while runtime.components:
        component = runtime.components.pop()
        try:
            await component.stop()
        except Exception:
            log.exception("stopping %s failed", getattr(component, "name", component))
    if runtime.scheduler.running:
        runtime.scheduler.shutdown(wait=False)


async def close_runtime(runtime: Runtime) -> None:
    await stop_components(runtime)
    await runtime.db.close()


def polling_options(settings: Settings) -> dict[str, Any]:
    """``start_polling`` options: at most ``updates_concurrency`` updates handled at once (a
    burst waits in Telegram's queue instead of starting thousands of handlers together)."""
    return {
        "close_bot_session": False,
        "handle_as_tasks": True,
        "tasks_concurrency_limit": settings.updates_concurrency,
    }


async def run_polling(settings: Settings, *, stop_event: asyncio.Event | None = None) -> None:
    """Run the bot with long polling until interrupted (or ``stop_event`` is set)."""
    runtime = await build_runtime(settings)
    bot = create_bot(settings, runtime.limiter)
    dp = create_dispatcher(runtime)
    try:
        await bot.delete_webhook(drop_pending_updates=False)
        if stop_event is None:
            await dp.start_polling(bot, handle_signals=True, **polling_options(settings))
        else:
            polling = asyncio.create_task(
                dp.start_polling(bot, handle_signals=False, **polling_options(settings))
            )
            await stop_event.wait()
            await dp.stop_polling()
            await polling
    finally:
        await bot.session.close()
        await close_runtime(runtime)


Shutdown = Callable[[], Awaitable[None]]
