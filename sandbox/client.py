"""Async client for the emulator's control API: play users, read chats, tune limits and faults.

async with EmulatorClient("http://127.0.0.1:8081") as emu:
    await emu.send_message(1001, "/start")
    reply = await emu.wait_for_bot_message(1001, contains="Саламатсызбы")
    await emu.press_button(1001, 1001, reply["message_id"], "menu:faq")
"""

from __future__ import annotations

import asyncio
import base64
import time
from collections.abc import Callable, Iterable
from typing import Any, Self

import aiohttp


class EmulatorError(Exception):
    """The control API refused a request (``status`` is the HTTP status)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"{status}: {message}")
        self.status, self.message = status, message


class BotMessageTimeout(TimeoutError):
    """No bot message matched in time; the message lists what the bot did send."""


def _text(msg: dict[str, Any]) -> str:
    return msg.get("text") or msg.get("caption") or ""


class EmulatorClient:
    def __init__(self, base_url: str, *, timeout: float = 30.0) -> None:
        self.base_url = base_url.rstrip("/")
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._session: aiohttp.ClientSession | None = None
        self._last_sent: dict[int, int] = {}  # chat id -> id of the last message sent here

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    async def _call(
        self, verb: str, path: str, body: dict[str, Any] | None = None, /, **query: Any
    ) -> Any:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=self._timeout)
        params = {k: str(v) for k, v in query.items() if v is not None}
        async with self._session.request(
            verb, f"{self.base_url}/control/{path}", json=body, params=params
        ) as resp:
            data = await resp.json()
            if resp.status >= 400:
                raise EmulatorError(resp.status, data.get("error", str(data)))
            return data

    async def _send(self, body: dict[str, Any]) -> dict[str, Any]:
        msg = await self._call("POST", "send", {k: v for k, v in body.items() if v is not None})
        self._last_sent[msg["chat"]["id"]] = msg["message_id"]
        return msg

    # --- users act -------------------------------------------------------------------------
    async def create_user(
        self,
        user_id: int,
        first_name: str,
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = None,
        start: bool = True,
    ) -> dict[str, Any]:
        """Create or update a user; ``start`` opens their private chat with the bot."""
        body = {"id": user_id, "first_name": first_name, "last_name": last_name}
        body |= {"username": username, "language_code": language_code, "start": start}
        return await self._call("POST", "users", body)

    async def send_message(
        self,
        user_id: int,
        text: str,
        chat_id: int | None = None,
        thread_id: int | None = None,
        reply_to: int | None = None,
        first_name: str | None = None,
        language_code: str | None = None,
    ) -> dict[str, Any]:
        """The user writes ``text`` (private chat unless ``chat_id`` names a group)."""
        return await self._send(
            {
                "user_id": user_id,
                "text": text,
                "chat_id": chat_id,
                "thread_id": thread_id,
                "reply_to": reply_to,
                "first_name": first_name,
                "language_code": language_code,
            }
        )

    async def _send_file(
        self, kind: str, user_id: int, content: bytes, **fields: Any
    ) -> dict[str, Any]:
        body = {"type": kind, "user_id": user_id, "content_b64": base64.b64encode(content).decode()}
        return await self._send(body | fields)

    async def send_document(
        self,
        user_id: int,
        filename: str,
        content: bytes,
        chat_id: int | None = None,
        caption: str | None = None,
        thread_id: int | None = None,
        mime_type: str | None = None,
    ) -> dict[str, Any]:
        return await self._send_file(
            "document",
            user_id,
            content,
            filename=filename,
            chat_id=chat_id,
            caption=caption,
            thread_id=thread_id,
            mime_type=mime_type,
        )

    async def send_photo(
        self,
        user_id: int,
        content: bytes,
        chat_id: int | None = None,
        caption: str | None = None,
        thread_id: int | None = None,
    ) -> dict[str, Any]:
        return await self._send_file(
            "photo", user_id, content, chat_id=chat_id, caption=caption, thread_id=thread_id
        )

    async def send_voice(
        self,
        user_id: int,
        content: bytes,
        chat_id: int | None = None,
        duration: int = 1,
        thread_id: int | None = None,
    ) -> dict[str, Any]:
        return await self._send_file(
            "voice", user_id, content, chat_id=chat_id, duration=duration, thread_id=thread_id
        )

    async def send_sticker(
        self, user_id: int, chat_id: int | None = None, emoji: str = "👍"
    ) -> dict[str, Any]:
        return await self._send(
            {"type": "sticker", "user_id": user_id, "chat_id": chat_id, "emoji": emoji}
        )

    async def send_contact(
        self,
        user_id: int,
        phone: str,
        chat_id: int | None = None,
        first_name: str | None = None,
        contact_user_id: int | None = None,
    ) -> dict[str, Any]:
        """Share a contact; by default the user's own (as a request_contact button does)."""
        return await self._send(
            {
                "type": "contact",
                "user_id": user_id,
                "phone": phone,
                "chat_id": chat_id,
                "first_name": first_name,
                "contact_user_id": contact_user_id,
            }
        )

    async def send_location(
        self, user_id: int, latitude: float, longitude: float, chat_id: int | None = None
    ) -> dict[str, Any]:
        return await self._send(
            {
                "type": "location",
                "user_id": user_id,
                "latitude": latitude,
                "longitude": longitude,
                "chat_id": chat_id,
            }
        )

    async def edit_message(
        self, user_id: int, chat_id: int, message_id: int, text: str
    ) -> dict[str, Any]:
        """The user edits their message: the bot gets an ``edited_message`` update."""
        body = {"user_id": user_id, "chat_id": chat_id, "message_id": message_id, "text": text}
        return await self._call("POST", "edit", body)

    async def press_button(
        self, user_id: int, chat_id: int, message_id: int, data: str, forge: bool = False
    ) -> dict[str, Any]:
        """Press the inline button with ``data``; returns the CallbackQuery sent to the bot.

        ``forge=True`` sends any data, even if no such button exists (a tampering client).
        """
        body = {"user_id": user_id, "chat_id": chat_id, "message_id": message_id, "data": data}
        return await self._call("POST", "press", body | {"forge": forge})

    async def callback_answer(self, query_id: str, timeout: float = 5.0) -> dict[str, Any]:
        """Wait for the bot's answerCallbackQuery: {"text", "show_alert", "url"}."""
        deadline = time.monotonic() + timeout
        while True:
            record = await self._call("GET", f"callbacks/{query_id}")
            if record["answer"] is not None:
                return record["answer"]
            if time.monotonic() >= deadline:
                raise BotMessageTimeout(f"callback query {query_id} was not answered")
            await asyncio.sleep(0.05)

    async def block(self, user_id: int) -> dict[str, Any]:
        return await self._call("POST", "block", {"user_id": user_id})

    async def unblock(self, user_id: int) -> dict[str, Any]:
        return await self._call("POST", "unblock", {"user_id": user_id})

    # --- chats -----------------------------------------------------------------------------
    async def create_group(
        self,
        chat_id: int,
        title: str,
        is_forum: bool = False,
        member_ids: Iterable[int] = (),
        *,
        type: str | None = None,
        bot_status: str = "administrator",
    ) -> dict[str, Any]:
        """Create (or update) a group: a supergroup if ``is_forum`` or the id is -100….

        The first member is the owner; the bot is an administrator unless told otherwise.
        """
        body = {"chat_id": chat_id, "title": title, "is_forum": is_forum, "type": type}
        body |= {"member_ids": list(member_ids), "bot_status": bot_status}
        return await self._call("POST", "chats", body)

    async def chat(self, chat_id: int) -> dict[str, Any]:
        """Chat info: type, title, members, topics, current reply keyboard, blocked, action."""
        return await self._call("GET", f"chats/{chat_id}")

    async def chats(self) -> list[dict[str, Any]]:
        return await self._call("GET", "chats")

    async def messages(
        self,
        chat_id: int,
        thread_id: int | None = None,
        sender: str = "all",
        include_deleted: bool = False,
    ) -> list[dict[str, Any]]:
        """Messages in the chat as they are now (after edits; deleted ones left out)."""
        return await self._call(
            "GET",
            f"chats/{chat_id}/messages",
            thread_id=thread_id,
            sender=sender,
            deleted=1 if include_deleted else None,
        )

    async def bot_messages(
        self, chat_id: int, thread_id: int | None = None
    ) -> list[dict[str, Any]]:
        """What the bot has sent to the chat, current state, with any reply_markup."""
        return await self.messages(chat_id, thread_id=thread_id, sender="bot")

    async def wait_for_bot_message(
        self,
        chat_id: int,
        contains: str | None = None,
        predicate: Callable[[dict[str, Any]], bool] | None = None,
        thread_id: int | None = None,
        timeout: float = 5.0,
        after_message_id: int | None = None,
    ) -> dict[str, Any]:
        """The first bot message newer than ``after_message_id`` that matches.

        ``after_message_id`` defaults to the last message this client sent into the chat, so
        ``send_message`` then ``wait_for_bot_message`` finds the reply. Edited messages are
        seen in their current state, so a predicate can also wait for an edit.
        """
        if after_message_id is None:
            after_message_id = self._last_sent.get(chat_id, 0)
        deadline = time.monotonic() + timeout
        version = -1
        while True:
            version = (await self._call("GET", "version"))["version"]
            found = await self.bot_messages(chat_id, thread_id=thread_id)
            for msg in found:
                if msg["message_id"] <= after_message_id:
                    continue
                if contains is not None and contains not in _text(msg):
                    continue
                if predicate is not None and not predicate(msg):
                    continue
                return msg
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                seen = [(m["message_id"], _text(m)[:80]) for m in found[-5:]]
                raise BotMessageTimeout(
                    f"no bot message in chat {chat_id} after #{after_message_id} matching "
                    f"contains={contains!r}; last bot messages: {seen}"
                )
            await self._call("GET", "version", since=version, timeout=round(min(remaining, 5), 3))

    # --- inspection and configuration ------------------------------------------------------
    async def set_limits(
        self,
        global_per_sec: float | None = None,
        per_chat_per_sec: float | None = None,
        group_per_min: float | None = None,
        burst: int | None = None,
        *,
        enabled: bool | None = None,
        count_edits: bool | None = None,
    ) -> dict[str, Any]:
        """Change the given limits (None keeps a value; 0 disables that limit)."""
        body = {"global_per_sec": global_per_sec, "per_chat_per_sec": per_chat_per_sec}
        body |= {"group_per_min": group_per_min, "burst": burst, "enabled": enabled}
        return await self._call("POST", "limits", body | {"count_edits": count_edits})

    async def set_faults(
        self,
        error_500: float = 0.0,
        error_429: float = 0.0,
        latency_ms: int = 0,
        seed: int | None = None,
        *,
        retry_after: int = 1,
        methods: Iterable[str] | None = None,
    ) -> dict[str, Any]:
        """Replace fault injection: shares of calls answered 500 / 429, added latency."""
        body = {"error_500": error_500, "error_429": error_429, "latency_ms": latency_ms}
        body |= {"seed": seed, "retry_after": retry_after}
        body["methods"] = list(methods) if methods is not None else None
        return await self._call("POST", "faults", body)

    async def stats(self) -> dict[str, Any]:
        """Counters: calls_total, by_method, by_chat, errors_429, errors_500, messages_sent…"""
        return await self._call("GET", "stats")

    async def calls(self, method: str | None = None, limit: int | None = None) -> list[dict]:
        """The Bot API call log (optionally one method, or the latest ``limit`` calls)."""
        return await self._call("GET", "calls", method=method, limit=limit)

    async def updates(self) -> list[dict[str, Any]]:
        """Updates queued for the bot and not yet confirmed."""
        return await self._call("GET", "updates")

    async def bot_info(self) -> dict[str, Any]:
        """The bot as the emulator knows it: me, commands per scope, webhook, profile."""
        return await self._call("GET", "bot")

    async def download(self, file_id: str) -> bytes:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=self._timeout)
        async with self._session.get(f"{self.base_url}/control/files/{file_id}") as resp:
            if resp.status >= 400:
                raise EmulatorError(resp.status, await resp.text())
            return await resp.read()

    async def reset(self) -> None:
        """Forget users, chats, messages, updates, the call log and counters (demo re-seeded)."""
        await self._call("POST", "reset")
        self._last_sent.clear()
