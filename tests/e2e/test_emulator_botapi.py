"""The Bot API emulator driven by a real aiogram Bot over loopback HTTP: round trips and the
strict errors Telegram gives."""

from __future__ import annotations

import asyncio
import json
import struct
import zlib
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramConflictError,
    TelegramForbiddenError,
)
from aiogram.types import (
    BotCommand,
    BotCommandScopeAllGroupChats,
    BufferedInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    ReplyParameters,
    Update,
)

from sandbox import EmulatorConfig, RateLimits, RunningEmulator, run_emulator

TOKEN = "4242:emulator-test-token"
USER = 1001


@pytest.fixture
async def emu() -> AsyncIterator[RunningEmulator]:
    config = EmulatorConfig(limits=RateLimits(enabled=False))
    async with run_emulator(config=config) as running:
        yield running


@pytest.fixture
async def bot(emu: RunningEmulator) -> AsyncIterator[Bot]:
    session = AiohttpSession(api=TelegramAPIServer.from_base(emu.base_url))
    bot = Bot(TOKEN, session=session)
    yield bot
    await bot.session.close()


def keyboard(*data: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text=d.upper(), callback_data=d) for d in data]]
    )


def png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\x00" + b"\x80" * width for _ in range(height)))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


async def test_get_me_takes_the_bot_id_from_the_token(bot: Bot) -> None:
    me = await bot.get_me()
    assert me.id == 4242 and me.is_bot
    assert me.username == "keneshchi_sandbox_bot"
    assert me.first_name == "Keneshchi Sandbox Bot"


async def test_send_edit_delete_round_trip(bot: Bot, emu: RunningEmulator) -> None:
    await emu.client.send_message(USER, "/start", first_name="Айбек")
    sent = await bot.send_message(
        USER, "<b>Салам</b>, &lt;дос&gt;!", parse_mode="HTML", reply_markup=keyboard("a", "b")
    )
    assert sent.text == "Салам, <дос>!"
    assert [(e.type, e.offset, e.length) for e in sent.entities or []] == [("bold", 0, 5)]
    assert sent.from_user and sent.from_user.id == 4242
    assert sent.chat.first_name == "Айбек"
    assert sent.reply_markup and sent.reply_markup.inline_keyboard[0][1].callback_data == "b"

    edited = await bot.edit_message_text(
        "Жаңы <i>текст</i>", chat_id=USER, message_id=sent.message_id, parse_mode="HTML"
    )
    assert isinstance(edited, Message)
    assert edited.text == "Жаңы текст" and edited.edit_date is not None
    assert edited.reply_markup is None  # an edit without reply_markup drops the keyboard
    with_kb = await bot.edit_message_reply_markup(
        chat_id=USER, message_id=sent.message_id, reply_markup=keyboard("c")
    )
    assert isinstance(with_kb, Message) and with_kb.reply_markup is not None

    [current] = await emu.client.bot_messages(USER)
    assert current["text"] == "Жаңы текст"
    assert current["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "c"

    assert await bot.delete_message(USER, sent.message_id) is True
    assert await emu.client.bot_messages(USER) == []
    with pytest.raises(TelegramBadRequest, match="message to delete not found"):
        await bot.delete_message(USER, sent.message_id)
    deleted = await emu.client.messages(USER, include_deleted=True)
    assert [m.get("deleted") for m in deleted] == [None, True]


async def test_reply_keyboard_is_kept_for_the_chat_but_not_in_the_result(
    bot: Bot, emu: RunningEmulator
) -> None:
    await emu.client.send_message(USER, "hi")
    markup = ReplyKeyboardMarkup(
        keyboard=[
            [KeyboardButton(text="Кыргызча"), KeyboardButton(text="Tel", request_contact=True)]
        ]
    )
    sent = await bot.send_message(USER, "Тил?", reply_markup=markup)
    assert sent.reply_markup is None  # Telegram only echoes inline keyboards
    chat = await emu.client.chat(USER)
    assert chat["keyboard"]["keyboard"][0][1]["request_contact"] is True
    [msg] = await emu.client.bot_messages(USER)
    assert msg["reply_markup"]["keyboard"][0][0]["text"] == "Кыргызча"


async def test_replies_and_topics_carry_reply_to_message(bot: Bot, emu: RunningEmulator) -> None:
    user_msg = await emu.client.send_message(USER, "суроо")
    reply = await bot.send_message(
        USER, "жооп", reply_parameters=ReplyParameters(message_id=user_msg["message_id"])
    )
    assert reply.reply_to_message and reply.reply_to_message.text == "суроо"
    legacy = await bot.send_message(USER, "жооп 2", reply_to_message_id=user_msg["message_id"])
    assert legacy.reply_to_message and legacy.reply_to_message.message_id == user_msg["message_id"]
    with pytest.raises(TelegramBadRequest, match="message to be replied not found"):
        await bot.send_message(USER, "x", reply_parameters=ReplyParameters(message_id=999))
    ok = await bot.send_message(
        USER,
        "x",
        reply_parameters=ReplyParameters(message_id=999, allow_sending_without_reply=True),
    )
    assert ok.reply_to_message is None


async def test_get_updates_offset_semantics(bot: Bot, emu: RunningEmulator) -> None:
    assert await bot.get_updates(timeout=0) == []
    for text in ("one", "two", "three"):
        await emu.client.send_message(USER, text)
    updates = await bot.get_updates()
    assert [u.message.text for u in updates if u.message] == ["one", "two", "three"]
    first = updates[0].update_id
    assert [u.update_id for u in updates] == [first, first + 1, first + 2]
    # Not confirmed yet: the same updates come again; limit caps them.
    assert [u.update_id for u in await bot.get_updates(limit=2)] == [first, first + 1]
    # An offset confirms everything below it.
    rest = await bot.get_updates(offset=first + 2)
    assert [u.update_id for u in rest] == [first + 2]
    assert await bot.get_updates(offset=first + 3) == []
    # A negative offset keeps only the last -offset updates.
    for text in ("a", "b", "c"):
        await emu.client.send_message(USER, text)
    tail = await bot.get_updates(offset=-1)
    assert [u.message.text for u in tail if u.message] == ["c"]


async def test_long_poll_returns_when_an_update_arrives(bot: Bot, emu: RunningEmulator) -> None:
    poll = asyncio.create_task(bot.get_updates(timeout=30, request_timeout=40))
    await asyncio.sleep(0.2)
    assert not poll.done()  # waiting, not short-polling
    await emu.client.send_message(USER, "ping")
    updates = await asyncio.wait_for(poll, 5)  # far before the 30 s poll timeout
    assert [u.message.text for u in updates if u.message] == ["ping"]


async def test_a_second_poller_terminates_the_first(bot: Bot, emu: RunningEmulator) -> None:
    first = asyncio.create_task(bot.get_updates(timeout=20, request_timeout=30))
    await asyncio.sleep(0.2)
    second = asyncio.create_task(bot.get_updates(timeout=1))
    with pytest.raises(TelegramConflictError, match="terminated by other getUpdates"):
        await asyncio.wait_for(first, 5)
    assert await second == []


async def test_allowed_updates_filters_new_updates(bot: Bot, emu: RunningEmulator) -> None:
    await bot.get_updates(allowed_updates=["callback_query"])
    await emu.client.send_message(USER, "not delivered")
    sent = await bot.send_message(USER, "pick", reply_markup=keyboard("x"))
    await emu.client.press_button(USER, USER, sent.message_id, "x")
    updates = await bot.get_updates()
    assert [u.event_type for u in updates] == ["callback_query"]
    await bot.get_updates(offset=updates[-1].update_id + 1, allowed_updates=[])
    await emu.client.send_message(USER, "delivered again")
    assert [u.event_type for u in await bot.get_updates()] == ["message"]


async def test_multipart_upload_get_file_and_download(bot: Bot, emu: RunningEmulator) -> None:
    await emu.client.send_message(USER, "hi")
    content = "Мыйзам, 1-берене\n".encode() * 100
    sent = await bot.send_document(
        USER, BufferedInputFile(content, "мыйзам.txt"), caption="<b>Закон</b>", parse_mode="HTML"
    )
    assert sent.document and sent.document.file_name == "мыйзам.txt"
    assert sent.document.file_size == len(content) and sent.document.mime_type == "text/plain"
    assert sent.caption == "Закон" and sent.caption_entities
    file = await bot.get_file(sent.document.file_id)
    assert file.file_size == len(content) and file.file_path
    data = await bot.download_file(file.file_path)
    assert data is not None and data.read() == content

    again = await bot.send_document(USER, sent.document.file_id)  # file_id string reuse
    assert again.document and again.document.file_unique_id == sent.document.file_unique_id
    with pytest.raises(TelegramBadRequest, match="wrong file identifier"):
        await bot.send_document(USER, "no-such-file-id")

    photo = await bot.send_photo(USER, BufferedInputFile(png(40, 30), "p.png"))
    assert photo.photo and (photo.photo[-1].width, photo.photo[-1].height) == (40, 30)


async def test_files_sent_by_users_reach_the_bot(bot: Bot, emu: RunningEmulator) -> None:
    await emu.client.send_document(USER, "арыз.pdf", b"%PDF-1.4 test", caption="Арыз")
    await emu.client.send_photo(USER, png(8, 6))
    await emu.client.send_voice(USER, b"OggS fake", duration=3)
    await emu.client.send_contact(USER, "+996700123456")
    await emu.client.send_location(USER, 42.87, 74.59)
    await emu.client.send_sticker(USER)
    msgs = [u.message for u in await bot.get_updates() if u.message]
    doc, photo, voice, contact, location, sticker = msgs
    assert doc.document and doc.document.file_name == "арыз.pdf" and doc.caption == "Арыз"
    assert doc.document.mime_type == "application/pdf"
    downloaded = await bot.download(doc.document.file_id)
    assert downloaded is not None and downloaded.read() == b"%PDF-1.4 test"
    assert photo.photo and photo.photo[-1].width == 8
    assert voice.voice and voice.voice.duration == 3
    assert contact.contact and contact.contact.user_id == USER
    assert location.location and location.location.latitude == pytest.approx(42.87)
    assert sticker.sticker and sticker.sticker.emoji == "👍"


async def test_copy_and_forward(bot: Bot, emu: RunningEmulator) -> None:
    await emu.client.send_message(2001, "hello")
    original = await emu.client.send_message(USER, "суроо *1*")
    copied = await bot.copy_message(2001, USER, original["message_id"])
    forwarded = await bot.forward_message(2001, USER, original["message_id"])
    assert forwarded.forward_origin and forwarded.forward_origin.type == "user"
    texts = [(m["message_id"], m["text"]) for m in await emu.client.bot_messages(2001)]
    assert texts == [(copied.message_id, "суроо *1*"), (forwarded.message_id, "суроо *1*")]
    with pytest.raises(TelegramBadRequest, match="message to copy not found"):
        await bot.copy_message(2001, USER, 999)


async def test_commands_per_scope_and_language(bot: Bot) -> None:
    ky = [BotCommand(command="start", description="Баштоо")]
    ru = [BotCommand(command="start", description="Начать")]
    group = [BotCommand(command="tickets", description="Тикеттер")]
    assert await bot.set_my_commands(ky)
    assert await bot.set_my_commands(ru, language_code="ru")
    assert await bot.set_my_commands(group, scope=BotCommandScopeAllGroupChats())
    assert [c.description for c in await bot.get_my_commands()] == ["Баштоо"]
    assert [c.description for c in await bot.get_my_commands(language_code="ru")] == ["Начать"]
    scoped = await bot.get_my_commands(scope=BotCommandScopeAllGroupChats())
    assert [c.command for c in scoped] == ["tickets"]
    assert await bot.delete_my_commands(language_code="ru")
    assert await bot.get_my_commands(language_code="ru") == []
    with pytest.raises(TelegramBadRequest, match="BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand(command="Bad-Name", description="x")])


async def test_chats_members_and_pins(bot: Bot, emu: RunningEmulator) -> None:
    await emu.client.send_message(USER, "hi", first_name="Айбек")
    await emu.client.create_group(-1001000000001, "Консультанттар", True, member_ids=(2001, 2002))
    private = await bot.get_chat(USER)
    assert private.type == "private" and private.first_name == "Айбек"
    group = await bot.get_chat(-1001000000001)
    assert group.type == "supergroup" and group.is_forum and group.title == "Консультанттар"
    owner = await bot.get_chat_member(-1001000000001, 2001)
    member = await bot.get_chat_member(-1001000000001, 2002)
    outsider = await bot.get_chat_member(-1001000000001, USER)
    me = await bot.get_chat_member(-1001000000001, 4242)
    assert [owner.status, member.status, outsider.status] == ["creator", "member", "left"]
    assert me.status == "administrator"
    assert await bot.get_chat_member_count(-1001000000001) == 3
    sent = await bot.send_message(-1001000000001, "маанилүү")
    assert await bot.pin_chat_message(-1001000000001, sent.message_id)
    pinned = (await bot.get_chat(-1001000000001)).pinned_message
    assert pinned and pinned.message_id == sent.message_id
    await bot.send_chat_action(USER, "typing")
    assert (await emu.client.chat(USER))["action"] == "typing"


# --- strict errors ---------------------------------------------------------------------------
async def test_text_length_limits_count_utf16(bot: Bot, emu: RunningEmulator) -> None:
    await emu.client.send_message(USER, "hi")
    assert (await bot.send_message(USER, "я" * 4096)).text == "я" * 4096
    with pytest.raises(TelegramBadRequest, match="message is too long"):
        await bot.send_message(USER, "x" * 4097)
    with pytest.raises(TelegramBadRequest, match="message is too long"):
        await bot.send_message(USER, "😀" * 2049)  # 4098 UTF-16 code units
    # Tags don't count: the limit applies after entity parsing.
    assert await bot.send_message(USER, "<b>" + "x" * 4096 + "</b>", parse_mode="HTML")
    with pytest.raises(TelegramBadRequest, match="message text is empty"):
        await bot.send_message(USER, "<b> </b>", parse_mode="HTML")
    with pytest.raises(TelegramBadRequest, match="message caption is too long"):
        await bot.send_document(USER, BufferedInputFile(b"x", "a.txt"), caption="c" * 1025)


async def test_callback_data_over_64_bytes(bot: Bot, emu: RunningEmulator) -> None:
    await emu.client.send_message(USER, "hi")
    assert await bot.send_message(USER, "ok", reply_markup=keyboard("ы" * 32))  # 64 bytes
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        await bot.send_message(USER, "too long", reply_markup=keyboard("x" * 65))
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        await bot.send_message(USER, "too long", reply_markup=keyboard("ы" * 33))


@pytest.mark.parametrize(
    ("html", "error"),
    [
        ("<b>unclosed", 'Can\'t find end tag corresponding to start tag "b"'),
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("<p>paragraph</p>", 'Unsupported start tag "p" at byte offset 0'),
        ("<br>", 'Unsupported start tag "br"'),
        ("<b><i>x</b></i>", 'expected "</i>", found "</b>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ('<span class="x">s</span>', 'must have class "tg-spoiler"'),
    ],
)
async def test_broken_html_is_rejected(
    bot: Bot, emu: RunningEmulator, html: str, error: str
) -> None:
    await emu.client.send_message(USER, "hi")
    with pytest.raises(TelegramBadRequest, match="can't parse entities") as info:
        await bot.send_message(USER, html, parse_mode="HTML")
    assert error in info.value.message


async def test_editing_to_the_same_content_is_not_modified(bot: Bot, emu: RunningEmulator) -> None:
    await emu.client.send_message(USER, "hi")
    sent = await bot.send_message(USER, "<b>x</b>", parse_mode="HTML", reply_markup=keyboard("a"))
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text(
            "<b>x</b>",
            chat_id=USER,
            message_id=sent.message_id,
            parse_mode="HTML",
            reply_markup=keyboard("a"),
        )
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_reply_markup(
            chat_id=USER, message_id=sent.message_id, reply_markup=keyboard("a")
        )
    # Same text but other formatting is a change.
    assert await bot.edit_message_text(
        "x", chat_id=USER, message_id=sent.message_id, reply_markup=keyboard("a")
    )
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text("y", chat_id=USER, message_id=999)
    user_msg = await emu.client.send_message(USER, "mine")
    with pytest.raises(TelegramBadRequest, match="message can't be edited"):
        await bot.edit_message_text("y", chat_id=USER, message_id=user_msg["message_id"])


async def test_blocked_unknown_and_unstarted_users(bot: Bot, emu: RunningEmulator) -> None:
    await emu.client.send_message(USER, "hi")
    await emu.client.block(USER)
    with pytest.raises(TelegramForbiddenError, match="bot was blocked by the user"):
        await bot.send_message(USER, "hello?")
    await emu.client.unblock(USER)
    assert await bot.send_message(USER, "welcome back")
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.send_message(555, "who?")
    await emu.client.create_group(-100500, "Group", member_ids=(777,))
    with pytest.raises(TelegramForbiddenError, match="can't initiate conversation"):
        await bot.send_message(777, "hi stranger")


async def raw(emu: RunningEmulator, path: str, **kwargs: object) -> tuple[int, dict]:
    async with aiohttp.ClientSession() as http, http.post(emu.base_url + path, **kwargs) as resp:
        return resp.status, await resp.json()


async def test_unknown_method_parameter_and_token(emu: RunningEmulator) -> None:
    await emu.client.send_message(USER, "hi")
    status, body = await raw(emu, f"/bot{TOKEN}/sendMesage", data={"chat_id": USER, "text": "x"})
    assert (status, body) == (404, {"ok": False, "error_code": 404, "description": "Not Found"})
    status, body = await raw(
        emu, f"/bot{TOKEN}/sendMessage", data={"chat_id": USER, "text": "x", "colour": "red"}
    )
    assert status == 400 and body["description"] == 'Bad Request: unknown parameter "colour"'
    status, body = await raw(emu, f"/bot{TOKEN}/sendMessage", data={"chat_id": USER})
    assert status == 400 and body["description"] == "Bad Request: message text is empty"
    status, body = await raw(emu, f"/bot{TOKEN}/sendMessage", data={"text": "x"})
    assert status == 400 and body["description"] == "Bad Request: chat_id is empty"
    status, body = await raw(emu, "/botnot-a-token/getMe")
    assert status == 401 and body["description"] == "Unauthorized"


async def test_json_urlencoded_and_query_bodies(emu: RunningEmulator) -> None:
    await emu.client.send_message(USER, "hi")
    markup = {"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]}
    status, body = await raw(
        emu,
        f"/bot{TOKEN}/sendMessage",
        json={"chat_id": USER, "text": "<i>json</i>", "parse_mode": "HTML", "reply_markup": markup},
    )
    assert status == 200 and body["ok"] is True
    msg = Message.model_validate(body["result"])
    assert msg.text == "json" and msg.reply_markup is not None
    status, body = await raw(
        emu,
        f"/bot{TOKEN}/sendMessage",
        data={"chat_id": str(USER), "text": "form", "reply_markup": json.dumps(markup)},
    )
    assert status == 200 and body["result"]["reply_markup"] == markup
    status, body = await raw(emu, f"/bot{TOKEN}/getUpdates?offset=-1&limit=1")
    assert status == 200
    assert [Update.model_validate(u).message.text for u in body["result"]] == ["hi"]
    status, body = await raw(
        emu, f"/bot{TOKEN}/sendMessage", data={"chat_id": USER, "text": "x", "reply_markup": "{"}
    )
    assert status == 400 and "can't parse reply keyboard markup JSON object" in body["description"]
