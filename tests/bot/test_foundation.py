"""Foundation: settings, database migrations, i18n, common handlers, text splitting."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from aiogram import Bot, Dispatcher
from aiogram.dispatcher.event.bases import UNHANDLED

from bot.app import Runtime
from bot.config import SettingsError, load_settings
from bot.i18n import Translator
from db.database import Database, discover_migrations
from db.repositories.users import Role, UserRepository
from services.language import guess_language
from services.text import split_html, visible_length
from tests.conftest import REPO_ROOT
from tests.helpers.recording import RecordingSession
from tests.helpers.updates import callback_update, message_update, tg_user


# -- settings ---------------------------------------------------------------------------------
def test_bad_setting_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIMEZONE", "Mars/Olympus")
    with pytest.raises(SettingsError, match=r"^TIMEZONE is invalid"):
        load_settings()
    monkeypatch.setenv("TIMEZONE", "Asia/Bishkek")
    monkeypatch.setenv("ADMIN_IDS", "12,abc")
    with pytest.raises(SettingsError, match=r"^ADMIN_IDS is invalid"):
        load_settings()
    monkeypatch.setenv("ADMIN_IDS", "12, 34")
    assert load_settings().admin_ids == [12, 34]


def main_run(cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """``main.py run`` in ``cwd`` with ``env``."""
    command = [sys.executable, str(REPO_ROOT / "main.py"), "run"]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=60)


def test_missing_token_is_one_clear_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"BOT_TOKEN", "TELEGRAM_API_BASE"}}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'x.sqlite3'}"
    proc = main_run(tmp_path, env)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        "error: BOT_TOKEN is not set: put the bot's token in the environment or .env"
    ]


def test_wrong_database_url_is_one_clear_line(tmp_path: Path) -> None:
    env = dict(os.environ, DATABASE_URL="postgres://nope", BOT_TOKEN="1:x")
    proc = main_run(tmp_path, env)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: DATABASE_URL is invalid")


def test_every_subcommand_has_help() -> None:
    from main import build_parser

    parser = build_parser()
    choices = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert {"run", "sandbox", "admin"} <= set(choices)
    for name, sub in choices.items():
        assert sub.format_help().strip(), name


# -- database ---------------------------------------------------------------------------------
async def test_migrations_apply_once_and_wal(tmp_path: Path) -> None:
    path = tmp_path / "m.sqlite3"
    async with Database(path) as db:
        versions = {v.version for v in discover_migrations()}
        assert await db.applied_versions() == versions
        assert (await db.fetchval("PRAGMA journal_mode")).lower() == "wal"
        assert await db.fetchval("PRAGMA busy_timeout") == 5000
        assert await db.migrate() == []
    async with Database(path) as db:  # a second start applies nothing again
        assert await db.fetchval("SELECT count(*) FROM schema_version") == len(versions)


async def test_transaction_rolls_back_and_nests(tmp_path: Path) -> None:
    async with Database(tmp_path / "t.sqlite3") as db:
        users = UserRepository(db)
        with pytest.raises(RuntimeError):
            async with db.transaction() as conn:
                await conn.execute(
                    "INSERT INTO users(id, created_at, updated_at) VALUES (1, 'x', 'x')"
                )
                await users.set_role(1, Role.admin)  # nested: joins the outer transaction
                raise RuntimeError("boom")
        assert await users.get(1) is None


async def test_two_connections_write_concurrently(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    async with Database(path) as a, Database(path) as b:
        ra, rb = UserRepository(a), UserRepository(b)
        import asyncio

        await asyncio.gather(
            *(ra.touch(i, first_name="a") for i in range(50)),
            *(rb.touch(i + 100, first_name="b") for i in range(50)),
        )
        assert await a.fetchval("SELECT count(*) FROM users") == 100


# -- i18n -------------------------------------------------------------------------------------
def test_locales_have_the_same_keys() -> None:
    t = Translator()
    assert t.keys("ky") == t.keys("ru")
    assert len(t.keys("ky")) > 40


def test_every_key_used_in_code_exists() -> None:
    t = Translator()
    pattern = re.compile(r"""(?:i18n|\.get\(\s*\w+\s*,)\(?\s*["']([a-z][a-z0-9-]+)["']""")
    used: set[str] = set()
    for folder in ("bot", "handlers", "services"):
        for path in (REPO_ROOT / folder).rglob("*.py"):
            used |= set(pattern.findall(path.read_text(encoding="utf-8")))
    from bot.commands import COMMANDS

    used |= {key for _, key, _ in COMMANDS}
    missing = sorted(k for k in used if not t.has(k, "ky") and "-" in k)
    assert missing == []


def test_translator_escapes_arguments() -> None:
    t = Translator()
    text = t.get("ru", "start-welcome", name="<script>&")
    assert "&lt;script&gt;&amp;" in text and "<script>" not in text


@pytest.mark.parametrize(
    ("code", "expected"), [("ky", "ky"), ("ru-RU", "ru"), ("en", "ru"), (None, "ky"), ("tr", "ky")]
)
def test_guess_language(code: str | None, expected: str) -> None:
    assert guess_language(code, "ky") == expected


# -- text -------------------------------------------------------------------------------------
def test_split_html_keeps_everything_and_balances_tags() -> None:
    text = "<b>Башы</b>\n\n" + "\n".join(f"<i>сап {i}</i> " + "ы" * 90 for i in range(200))
    parts = split_html(text, 4096)
    assert len(parts) > 1
    assert all(len(p) <= 4096 for p in parts)
    joined = "".join(re.sub(r"<[^>]+>", "", p) for p in parts)
    assert joined.replace("\n", "") == re.sub(r"<[^>]+>", "", text).replace("\n", "")
    for part in parts:
        assert part.count("<i>") == part.count("</i>")


def test_split_html_inside_long_bold() -> None:
    text = "<b>" + "сөз " * 3000 + "</b>"
    parts = split_html(text, 4096)
    assert len(parts) == 3
    assert all(p.startswith("<b>") and p.endswith("</b>") for p in parts)
    assert sum(visible_length(p) for p in parts) >= len("сөз " * 3000) - 3


# -- handlers (in process) --------------------------------------------------------------------
async def test_start_asks_language_then_welcomes(
    dp: Dispatcher, bot: Bot, session: RecordingSession, runtime: Runtime
) -> None:
    user = tg_user(555, language_code="ru")
    await dp.feed_update(bot, message_update(user, "/start"))
    first = session.sent()[-1]
    assert "Выберите язык" in first.text
    buttons = [b.callback_data for row in first.reply_markup.inline_keyboard for b in row]
    assert buttons == ["lang:ky", "lang:ru"]
    session.clear()
    await dp.feed_update(bot, callback_update(user, "lang:ru"))
    (welcome,) = session.sent()  # one message: Telegram allows one a second per chat
    assert "Здравствуйте" in welcome.text
    # registration at first use: an unregistered user is invited to fill in the profile,
    # in the same message, pointing to the menu's profile button
    assert "профиль" in welcome.text and "«👤 Профиль»" in welcome.text
    keyboard = [b.text for row in welcome.reply_markup.keyboard for b in row]
    assert "❓ Задать вопрос" in keyboard and "📊 Статистика" not in keyboard
    stored = await UserRepository(runtime.db).get(555)
    assert stored is not None and stored.language == "ru"
    # /lang switches to Kyrgyz; the menu follows
    await dp.feed_update(bot, callback_update(user, "lang:ky"))
    assert "Саламатсызбы" in session.sent()[-1].text


async def test_help_depends_on_role(
    dp: Dispatcher, bot: Bot, session: RecordingSession, runtime: Runtime
) -> None:
    users = UserRepository(runtime.db)
    await users.touch(77, first_name="A")
    await users.set_language(77, "ru")
    await dp.feed_update(bot, message_update(tg_user(77), "/help"))
    official_help = session.sent()[-1].text
    assert "/ask_consultant" in official_help and "/queue" not in official_help
    await users.set_role(77, Role.supervisor)
    await dp.feed_update(bot, message_update(tg_user(77), "/help"))
    supervisor_help = session.sent()[-1].text
    assert "/queue" in supervisor_help and "/stats" in supervisor_help
    assert "/broadcast" not in supervisor_help


async def test_bad_input_gets_clear_messages(
    dp: Dispatcher, bot: Bot, session: RecordingSession, runtime: Runtime
) -> None:
    user = tg_user(88, language_code="ru")
    await UserRepository(runtime.db).touch(88, first_name="A")
    await UserRepository(runtime.db).set_language(88, "ru")
    await dp.feed_update(bot, message_update(user, "/nonexistent"))
    assert "Такой команды нет" in session.sent()[-1].text
    from aiogram.types import Sticker

    sticker = Sticker(
        file_id="s",
        file_unique_id="s",
        type="regular",
        width=1,
        height=1,
        is_animated=False,
        is_video=False,
    )
    await dp.feed_update(bot, message_update(user, None, sticker=sticker))
    assert "стикеры" in session.sent()[-1].text
    await dp.feed_update(bot, callback_update(user, "forged:data:xx"))
    answer = session.sent("AnswerCallbackQuery")[-1]
    assert answer.show_alert and "устарела" in answer.text
    refused = await runtime.db.fetchval(
        "SELECT count(*) FROM audit_log WHERE allowed = 0 AND actor_id = 88"
    )
    assert refused == 1


async def test_cancel_and_blocked_user(
    dp: Dispatcher, bot: Bot, session: RecordingSession, runtime: Runtime
) -> None:
    user = tg_user(99)
    await dp.feed_update(bot, message_update(user, "/cancel"))
    assert "Токтотула турган аракет жок" in session.sent()[-1].text
    import datetime as dt

    from aiogram.types import Chat, ChatMemberBanned, ChatMemberMember, ChatMemberUpdated, Update

    from tests.helpers.recording import BOT_USER

    event = ChatMemberUpdated(
        chat=Chat(id=99, type="private"),
        from_user=user,
        date=dt.datetime.now(dt.UTC),
        old_chat_member=ChatMemberMember(user=BOT_USER),
        new_chat_member=ChatMemberBanned(user=BOT_USER, until_date=0),
    )
    await dp.feed_update(bot, Update(update_id=10**6, my_chat_member=event))
    stored = await UserRepository(runtime.db).get(99)
    assert stored is not None and not stored.is_active
    await dp.feed_update(bot, message_update(user, "/help"))  # writing again reactivates
    stored = await UserRepository(runtime.db).get(99)
    assert stored is not None and stored.is_active


async def test_admin_ids_bootstrap(runtime: Runtime) -> None:
    admin = await UserRepository(runtime.db).get(9001)
    assert admin is not None and admin.role == Role.admin


async def test_execute_returns_rowid_for_insert_and_rowcount_otherwise(tmp_path: Path) -> None:
    async with Database(tmp_path / "e.sqlite3") as db:
        first = await db.execute("INSERT INTO audit_log(at, action) VALUES ('t', 'a')")
        second = await db.execute("INSERT INTO audit_log(at, action) VALUES ('t', 'b')")
        assert (first, second) == (1, 2)
        assert await db.execute("UPDATE audit_log SET target = 'x' WHERE id = 99") == 0
        assert await db.execute("UPDATE audit_log SET target = 'x'") == 2
        assert await db.execute("DELETE FROM audit_log WHERE id = 1") == 1


async def test_added_to_and_removed_from_groups_is_logged(
    dp: Dispatcher, bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    """The bot's own membership in groups reaches a handler: the operator is told which group
    it was added to (with the setting that makes it the consultants' one) and is warned when
    it leaves the consultants' group."""
    import datetime as dt

    from aiogram.types import Chat, ChatMemberLeft, ChatMemberMember, ChatMemberUpdated, Update

    from tests.helpers.recording import BOT_USER

    owner = tg_user(501)

    def change(chat_id: int, joined: bool, update_id: int) -> Update:
        member, left = ChatMemberMember(user=BOT_USER), ChatMemberLeft(user=BOT_USER)
        event = ChatMemberUpdated(
            chat=Chat(id=chat_id, type="supergroup", title="<b>Топ</b>"),
            from_user=owner,
            date=dt.datetime.now(dt.UTC),
            old_chat_member=left if joined else member,
            new_chat_member=member if joined else left,
        )
        return Update(update_id=update_id, my_chat_member=event)

    caplog.set_level(logging.INFO, logger="handlers.common.membership")
    handled = await dp.feed_update(bot, change(-100777, True, 10**6 + 1))
    assert handled is not UNHANDLED
    warning = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert warning and "CONSULTANTS_CHAT_ID=-100777" in warning[-1].getMessage()
    caplog.clear()
    handled = await dp.feed_update(bot, change(-1001000000001, False, 10**6 + 2))
    assert handled is not UNHANDLED
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert errors and "consultants' group -1001000000001" in errors[-1].getMessage()
