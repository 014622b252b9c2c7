"""The lighter per-update path: the fast route of a plain question (and what it must leave to
the features), the reads it skips (FSM state, the asker's tickets), the one refusal path for
the call-center's staff actions, and settings changed at run time reaching the handlers."""

from __future__ import annotations

from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.fsm.storage.base import StorageKey
from aiogram.methods import SendMessage
from aiogram.types import Message

from bot.app import Runtime
from bot.filters import PlainQuestion
from bot.fsm_storage import SQLiteStorage
from db.repositories.users import Role, User, UserRepository
from handlers import feature_routers, menu_keys
from services.tickets import TicketService
from tests.helpers.client import BotClient
from tests.helpers.recording import RecordingSession
from tests.helpers.updates import message_update, tg_user

OFFICIAL, CONSULTANT = 73_001, 73_002


def message(text: str, uid: int = OFFICIAL, chat_type: str = "private") -> Message:
    update = message_update(tg_user(uid), text)
    assert update.message is not None
    if chat_type != "private":
        chat = update.message.chat.model_copy(update={"type": chat_type, "id": -100500})
        return update.message.model_copy(update={"chat": chat})
    return update.message


async def user_with(runtime: Runtime, uid: int, role: Role) -> User:
    users = UserRepository(runtime.db)
    await users.touch(uid, first_name="Асан")
    await users.set_role(uid, role)
    found = await users.get(uid)
    assert found is not None
    return found


async def test_plain_question_filter_leaves_forms_menus_commands_and_staff_to_the_features(
    runtime: Runtime,
) -> None:
    keys = menu_keys(feature_routers())
    assert {"menu-ask", "menu-queue", "menu-stats", "menu-profile"} <= keys
    plain = PlainQuestion(keys)
    official = await user_with(runtime, OFFICIAL, Role.official)
    consultant = await user_with(runtime, CONSULTANT, Role.consultant)
    t = runtime.translator

    async def passes(msg: Message, user: User | None, state: str | None = None) -> bool:
        return await plain(msg, user, t, state)

    assert await passes(message("Жер салыгы канча?"), official)
    assert not await passes(message("Жер салыгы канча?"), official, "ProfileForm:phone")
    assert not await passes(message("Жер салыгы канча?"), consultant)
    assert not await passes(message("Жер салыгы канча?"), None)
    assert not await passes(message("Жер салыгы канча?", chat_type="group"), official)
    assert not await passes(message("/help"), official)
    for lang in t.languages:
        for key in ("menu-ask", "menu-queue", "menu-stats"):
            assert not await passes(message(t.get(lang, key)), official), (lang, key)


async def test_fsm_storage_skips_reads_of_stateless_keys_and_sees_every_write(
    runtime: Runtime,
) -> None:
    key = StorageKey(bot_id=1, chat_id=OFFICIAL, user_id=OFFICIAL)
    first, second = SQLiteStorage(runtime.db), SQLiteStorage(runtime.db)
    assert await first.get_state(key) is None  # read, then remembered as stateless
    await runtime.db.execute(  # a row written behind the storages' back is not seen ...
        "INSERT INTO fsm_storage(key, state, updated_at) VALUES (?, 'X:y', 'T')",
        (first.key_builder.build(key),),
    )
    assert await first.get_state(key) is None  # ... so no read was made
    await second.set_state(key, "ProfileForm:phone")  # a write through any storage on the db
    assert await first.get_state(key) == "ProfileForm:phone"
    await first.set_state(key, None)
    assert await second.get_state(key) is None
    await runtime.db.execute("DELETE FROM fsm_storage")  # /forget_me: "no state" stays true
    assert await first.get_state(key) is None


async def test_open_ticket_lookup_reads_only_for_askers_who_may_have_one(
    runtime: Runtime,
) -> None:
    await user_with(runtime, OFFICIAL, Role.official)
    reads: list[str] = []
    original = runtime.db.fetchall

    async def counting(sql: str, params: Any = ()) -> Any:
        reads.append(sql)
        return await original(sql, params)

    runtime.db.fetchall = counting  # type: ignore[method-assign]
    assert await runtime.tickets.open_for(OFFICIAL) is None  # the index is read once
    assert await runtime.tickets.open_for(OFFICIAL) is None
    assert len(reads) == 1
    other = TicketService(runtime.db, runtime.settings)  # another service on the same database
    created = await other.create(asker_id=OFFICIAL, question="Жер салыгы?", language="ky")
    found = await runtime.tickets.open_for(OFFICIAL)
    assert found is not None and found.id == created.id


async def test_call_center_staff_actions_are_refused_in_one_place(
    dp: Dispatcher, bot: Bot, session: RecordingSession, runtime: Runtime
) -> None:
    await user_with(runtime, OFFICIAL, Role.official)
    client = BotClient(dp, bot, session, OFFICIAL)
    not_allowed = runtime.translator.get("ru", "not-allowed")
    for text in ("/queue", "/drafts", "📥 Очередь"):  # the command and the menu button
        await client.send(text)
        assert client.last_text() == not_allowed, text
    rows = await runtime.db.fetchall(
        "SELECT action FROM audit_log WHERE allowed = 0 AND actor_id = ? ORDER BY id", (OFFICIAL,)
    )
    assert [r["action"] for r in rows] == ["ticket.queue", "drafts", "ticket.queue"]
    sent = [m for m in session.sent() if isinstance(m, SendMessage)]
    assert not any("📥 Очередь" in (m.text or "") for m in sent)  # never searched


async def test_reconfigure_reaches_the_settings_handlers_receive(
    dp: Dispatcher, runtime: Runtime
) -> None:
    changed = runtime.settings.model_copy(update={"reopen_days": 3})
    runtime.reconfigure(changed)
    assert dp["settings"] is changed and runtime.tickets.settings is changed
