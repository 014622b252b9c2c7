"""The per-update path: the one refusal path (role named, audited), every callback query answered
exactly once, the user row written only when something changed."""

from __future__ import annotations

import pytest
from aiogram import Bot, Dispatcher
from aiogram.methods import AnswerCallbackQuery

from bot.app import Runtime
from bot.filters import callback_privilege
from db.repositories.users import Role, UserRepository
from tests.helpers.client import BotClient
from tests.helpers.recording import RecordingSession

OFFICIAL, SUPERVISOR, ADMIN = 71_001, 71_002, 71_003


@pytest.fixture
async def people(runtime: Runtime) -> UserRepository:
    users = UserRepository(runtime.db)
    for uid, role in (
        (OFFICIAL, Role.official),
        (SUPERVISOR, Role.supervisor),
        (ADMIN, Role.admin),
    ):
        await users.touch(uid, first_name="Асан")
        await users.set_language(uid, "ru")
        await users.set_role(uid, role)
    return users


async def refusals(runtime: Runtime, uid: int) -> list[tuple[str, str]]:
    rows = await runtime.db.fetchall(
        "SELECT action, target FROM audit_log WHERE allowed = 0 AND actor_id = ? ORDER BY id",
        (uid,),
    )
    return [(r["action"], r["target"]) for r in rows]


@pytest.mark.parametrize(
    ("uid", "data", "who", "action"),
    [
        (OFFICIAL, "bc:pause:1", "только для администраторов", "broadcast"),
        (SUPERVISOR, "bc:cancel:1", "только для администраторов", "broadcast"),
        (OFFICIAL, "evf:done", "только для супервайзеров и администраторов", "event.form"),
        (OFFICIAL, "ev:parts:1", "только для супервайзеров и администраторов", "event.parts"),
    ],
)
async def test_staff_buttons_are_refused_with_the_role_named_and_audited(
    dp: Dispatcher,
    bot: Bot,
    session: RecordingSession,
    runtime: Runtime,
    people: UserRepository,
    uid: int,
    data: str,
    who: str,
    action: str,
) -> None:
    client = BotClient(dp, bot, session, uid)
    sent = await client.press(data)
    (answer,) = [m for m in sent if isinstance(m, AnswerCallbackQuery)]
    assert answer.show_alert and who in (answer.text or "")
    assert "устарела" not in (answer.text or "") and len(answer.text or "") <= 200
    assert await refusals(runtime, uid) == [(action, data)]


async def test_forged_and_stale_buttons_are_told_outdated_once(
    dp: Dispatcher, bot: Bot, session: RecordingSession, runtime: Runtime, people: UserRepository
) -> None:
    # a button nobody handles, and an admin's button that no longer matches anything
    for uid, data in ((OFFICIAL, "zz:1"), (ADMIN, "bc:bogus:1"), (OFFICIAL, "tkm:x")):
        client = BotClient(dp, bot, session, uid)
        sent = await client.press(data)
        (answer,) = [m for m in sent if isinstance(m, AnswerCallbackQuery)]
        assert answer.show_alert and "устарела" in (answer.text or ""), data
    assert await refusals(runtime, ADMIN) == [("callback.unhandled", "bc:bogus:1")]


async def test_every_button_gets_exactly_one_answer(
    dp: Dispatcher, bot: Bot, session: RecordingSession, people: UserRepository
) -> None:
    client = BotClient(dp, bot, session, OFFICIAL)
    await client.send("/lang")
    labels = [label for label, _ in client.buttons(client.last_with_buttons())]
    assert len(labels) == 2
    sent = await client.click(labels[1])
    assert len([m for m in sent if isinstance(m, AnswerCallbackQuery)]) == 1
    for data in ("lang:ru", "rate:5:4", "srch:full:1:0:0", "exp:tickets:all:xlsx"):
        sent = await client.press(data)
        assert len([m for m in sent if isinstance(m, AnswerCallbackQuery)]) == 1, data


async def test_staff_menu_button_is_refused_like_the_command(
    dp: Dispatcher, bot: Bot, session: RecordingSession, runtime: Runtime, people: UserRepository
) -> None:
    client = BotClient(dp, bot, session, OFFICIAL)
    await client.send("📊 Статистика")
    assert "только для супервайзеров и администраторов" in client.last_text()
    assert f"<code>{OFFICIAL}</code>" in client.last_text()
    assert len(await refusals(runtime, OFFICIAL)) == 1


def test_callback_privileges_match_at_field_boundaries() -> None:
    assert callback_privilege("tk:take:5").action == "ticket.take"  # type: ignore[union-attr]
    assert callback_privilege("tk:zzz:5").action == "ticket.card"  # type: ignore[union-attr]
    assert callback_privilege("tkx:5:6").action == "ticket.transfer"  # type: ignore[union-attr]
    assert callback_privilege("tkm:1") is None and callback_privilege("") is None
    assert callback_privilege("ev:show:1") is None  # anyone may look at an event
    assert callback_privilege("ev:announce:1").role == Role.admin  # type: ignore[union-attr]


async def test_user_row_is_written_only_when_something_changed(
    dp: Dispatcher, bot: Bot, session: RecordingSession, runtime: Runtime
) -> None:
    users = UserRepository(runtime.db)
    client = BotClient(dp, bot, session, 71_010, first_name="Айбек")
    await client.send("/help")
    old = "2000-01-01T00:00:00.000000Z"
    await runtime.db.execute("UPDATE users SET last_seen_at = ? WHERE id = ?", (old, 71_010))

    async def last_seen() -> str:
        return await runtime.db.fetchval("SELECT last_seen_at FROM users WHERE id = 71010")

    await client.send("/help")  # nothing changed: read, not written
    assert await last_seen() == old
    renamed = BotClient(dp, bot, session, 71_010, first_name="Aibek")
    await renamed.send("/help")  # Telegram's name changed: written
    assert await last_seen() != old and (await users.get(71_010)).first_name == "Aibek"  # type: ignore[union-attr]
    await users.mark_blocked(71_010)
    await renamed.send("/help")  # writing again after blocking the bot reactivates the user
    assert (await users.get(71_010)).is_active  # type: ignore[union-attr]


@pytest.mark.parametrize("lang", ["ky", "ru"])
def test_refusal_alerts_fit_telegram_and_say_whom_to_ask(lang: str) -> None:
    from bot.filters import refusal_alert
    from bot.i18n import Translator

    i18n = Translator().bind(lang)
    for role in (Role.official, Role.consultant, Role.supervisor, Role.admin):
        alert = refusal_alert(i18n, role)
        assert 0 < len(alert) <= 200 and "<" not in alert
        assert "администратор" in alert, (role, alert)  # who gives access, in both languages
