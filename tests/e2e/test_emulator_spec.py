"""The emulator against the published Bot API (shared/telegram/bot-api-spec.json): method and
parameter names, required parameters, the fields of the objects it returns; plus the HTML
parse mode on its own."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import BufferedInputFile, InlineKeyboardButton, InlineKeyboardMarkup

from sandbox import EmulatorConfig, RateLimits, run_emulator
from sandbox.botapi import LEGACY_PARAMS, METHODS
from sandbox.formatting import format_text, parse_html, utf16_len

SPEC_PATH = Path(__file__).resolve().parents[3] / "shared" / "telegram" / "bot-api-spec.json"


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    if not SPEC_PATH.exists():
        pytest.skip(f"Bot API spec not found at {SPEC_PATH}")
    return json.loads(SPEC_PATH.read_text(encoding="utf-8"))


def test_the_emulator_implements_the_required_methods() -> None:
    wanted = (
        "getMe getUpdates deleteWebhook setWebhook getWebhookInfo sendMessage editMessageText "
        "editMessageReplyMarkup deleteMessage answerCallbackQuery sendDocument sendPhoto "
        "sendVoice copyMessage forwardMessage sendChatAction setMyCommands getMyCommands "
        "deleteMyCommands getChat getChatMember createForumTopic closeForumTopic editForumTopic "
        "getFile pinChatMessage"
    ).split()
    assert {m.lower() for m in wanted} <= set(METHODS)


def test_methods_and_parameters_match_the_spec(spec: dict[str, Any]) -> None:
    for method in METHODS.values():
        assert method.name in spec["methods"], f"{method.name} is not a Bot API method"
        fields = spec["methods"][method.name].get("fields", [])
        names = {f["name"] for f in fields}
        required = {f["name"] for f in fields if f["required"]}
        assert method.required == required, method.name
        # Every documented parameter is accepted (never a false "unknown parameter"), and
        # nothing else but the few legacy names Telegram still honours.
        assert method.accepted - LEGACY_PARAMS == names, method.name


async def test_returned_objects_use_only_documented_fields(spec: dict[str, Any]) -> None:
    types = spec["types"]

    def check(obj: Any, type_name: str) -> None:
        fields = {f["name"]: f["types"] for f in types[type_name].get("fields", [])}
        assert set(obj) <= set(fields), f"{type_name}: {set(obj) - set(fields)}"
        for key, value in obj.items():
            nested = [t for t in fields[key] if t in types and types[t].get("fields")]
            if isinstance(value, dict) and nested:
                check(value, nested[0])
            if isinstance(value, list) and value and isinstance(value[0], dict):
                inner = [t.removeprefix("Array of ") for t in fields[key]]
                if inner[0] in types:
                    for item in value:
                        check(item, inner[0])

    config = EmulatorConfig(limits=RateLimits(enabled=False))
    async with run_emulator(config=config) as emu:
        bot = Bot("77:x", session=AiohttpSession(api=TelegramAPIServer.from_base(emu.base_url)))
        try:
            client = emu.client
            await client.create_group(-100123, "Forum", True, member_ids=(2001,))
            await client.send_message(1001, "/start @someone https://example.org")
            await client.send_document(1001, "a.pdf", b"%PDF", caption="doc")
            await client.send_photo(1001, b"\xff\xd8\xff")
            await client.send_voice(1001, b"OggS")
            await client.send_contact(1001, "+996555000000")
            await client.send_location(1001, 42.8, 74.6)
            await client.send_sticker(1001)
            topic = await bot.create_forum_topic(-100123, "Topic")
            kb = InlineKeyboardMarkup(
                inline_keyboard=[[InlineKeyboardButton(text="A", callback_data="a")]]
            )
            sent = await bot.send_message(
                -100123,
                "<b>x</b> <a href='tg://user?id=2001'>y</a>",
                parse_mode="HTML",
                message_thread_id=topic.message_thread_id,
                reply_markup=kb,
            )
            await client.send_message(
                2001,
                "reply",
                chat_id=-100123,
                thread_id=topic.message_thread_id,
                reply_to=sent.message_id,
            )
            await client.press_button(2001, -100123, sent.message_id, "a")
            await bot.send_document(1001, BufferedInputFile(b"x", "x.txt"), caption="c")
            await bot.forward_message(1001, -100123, sent.message_id)
            await client.block(1001)
            for chat_id in (1001, -100123):
                for msg in await client.messages(chat_id):
                    msg.pop("reply_markup", None)  # the control view may add reply keyboards
                    check(msg, "Message")
            updates = await client.updates()
            kinds = {k for u in updates for k in u if k != "update_id"}
            assert kinds == {"message", "callback_query", "my_chat_member"}
            for update in updates:
                check(update, "Update")
            doc = next(
                u["message"]["document"] for u in updates if "document" in u.get("message", {})
            )
            async with aiohttp.ClientSession() as http:
                for method, params, type_name in (
                    ("getMe", {}, "User"),
                    ("getWebhookInfo", {}, "WebhookInfo"),
                    ("getChat", {"chat_id": -100123}, "ChatFullInfo"),
                    ("getChat", {"chat_id": 1001}, "ChatFullInfo"),
                    ("getFile", {"file_id": doc["file_id"]}, "File"),
                ):
                    url = f"{emu.base_url}/bot77:x/{method}"
                    async with http.post(url, data=params) as resp:
                        check((await resp.json())["result"], type_name)
        finally:
            await bot.session.close()


# --- the HTML parse mode on its own ----------------------------------------------------------
def test_html_subset_to_entities() -> None:
    text, entities = parse_html(
        "<b>b</b><strong>s</strong><i>i</i><em>e</em><u>u</u><ins>n</ins><s>s</s>"
        "<strike>k</strike><del>d</del><tg-spoiler>p</tg-spoiler>"
        '<span class="tg-spoiler">q</span><a href="https://x.kg/?a=1&amp;b=2">l</a>'
        "<code>c</code><pre>p</pre>"
        '<pre><code class="language-python">py</code></pre>'
        "<blockquote>q</blockquote><blockquote expandable>e</blockquote>"
        '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>'
    )
    assert text == "bsieunskdpqlcppyqe👍"
    got = [(e["type"], e["offset"], e["length"]) for e in entities]
    assert got == [
        ("bold", 0, 1),
        ("bold", 1, 1),
        ("italic", 2, 1),
        ("italic", 3, 1),
        ("underline", 4, 1),
        ("underline", 5, 1),
        ("strikethrough", 6, 1),
        ("strikethrough", 7, 1),
        ("strikethrough", 8, 1),
        ("spoiler", 9, 1),
        ("spoiler", 10, 1),
        ("text_link", 11, 1),
        ("code", 12, 1),
        ("pre", 13, 1),
        ("pre", 14, 2),
        ("blockquote", 16, 1),
        ("expandable_blockquote", 17, 1),
        ("custom_emoji", 18, 2),
    ]
    assert entities[11]["url"] == "https://x.kg/?a=1&b=2"
    assert entities[14]["language"] == "python"
    assert entities[17]["custom_emoji_id"] == "5368324170671202286"


def test_entities_are_decoded_and_offsets_are_utf16() -> None:
    text, entities = parse_html(
        "😀 <b>&lt;Жер&gt; &amp; &quot;суу&quot;</b> &#1178;&#x4E2D; &nbsp;"
    )
    assert text == '😀 <Жер> & "суу" Қ中 &nbsp;'
    assert entities == [{"offset": 3, "length": 13, "type": "bold"}]  # the emoji counts as 2
    assert utf16_len("😀ы") == 3
    nested = parse_html("<b>a<i>b</i></b>")[1]
    assert nested == [
        {"offset": 0, "length": 2, "type": "bold"},
        {"offset": 1, "length": 1, "type": "italic"},
    ]


def test_text_is_trimmed_and_links_commands_are_detected() -> None:
    text, entities = format_text("\n  <b>Салам</b> /help  @keneshchi_bot https://x.kg \n", "HTML")
    assert text == "Салам /help  @keneshchi_bot https://x.kg"
    assert [(e["type"], e["offset"], e["length"]) for e in entities] == [
        ("bold", 0, 5),
        ("bot_command", 6, 5),
        ("mention", 13, 14),
        ("url", 28, 12),
    ]
    # Nothing is detected inside code.
    assert format_text("<code>/start</code>", "HTML")[1] == [
        {"offset": 0, "length": 6, "type": "code"}
    ]
    with pytest.raises(ValueError, match="unsupported parse_mode"):
        format_text("x", "BBCode")
