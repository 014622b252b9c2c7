"""Shared fixtures: settings on a real SQLite file, the runtime, the Dispatcher with a
recording session (in-process tests)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties

from bot.app import Runtime, build_runtime, close_runtime, create_dispatcher
from bot.config import Settings, load_settings
from tests.helpers.client import BotClient, ClientFactory
from tests.helpers.recording import RecordingSession

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED = REPO_ROOT.parent / "shared"
TEST_TOKEN = "1000000001:test-token"


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    for name in ("BOT_TOKEN", "DATABASE_URL", "TELEGRAM_API_BASE", "WEBHOOK_URL", "ADMIN_IDS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # no stray .env
    return load_settings(
        bot_token=TEST_TOKEN,
        database_url=f"sqlite:///{tmp_path / 'bot.sqlite3'}",
        admin_ids=[9001],
        consultants_chat_id=-1001000000001,
    )


@pytest.fixture
async def runtime(settings: Settings) -> AsyncIterator[Runtime]:
    rt = await build_runtime(settings, load_knowledge=False)
    try:
        yield rt
    finally:
        await close_runtime(rt)


@pytest.fixture
def session() -> RecordingSession:
    return RecordingSession()


@pytest.fixture
def bot(session: RecordingSession) -> Bot:
    return Bot(TEST_TOKEN, session=session, default=DefaultBotProperties(parse_mode="HTML"))


@pytest.fixture
def dp(runtime: Runtime) -> Dispatcher:
    return create_dispatcher(runtime)


@pytest.fixture
def client(dp: Dispatcher, bot: Bot, session: RecordingSession) -> ClientFactory:
    """``client(user_id)``: that Telegram user talking to the in-process bot (see
    tests/helpers/client.py), by default in Russian in the private chat (``chat_id=`` a group)."""

    def make(
        user_id: int, *, language_code: str | None = "ru", chat_id: int | None = None
    ) -> BotClient:
        return BotClient(dp, bot, session, user_id, language_code=language_code, chat_id=chat_id)

    return make


@pytest.fixture
async def live(settings: Settings) -> AsyncIterator[object]:
    """The real bot polling the emulator over loopback HTTP (see tests/helpers/live.py)."""
    from tests.helpers.live import live_bot

    async with live_bot(settings) as harness:
        yield harness
