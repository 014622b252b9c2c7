"""The emulator's in-memory world: users, chats, messages, files, the update queue, counters.

Message dicts are the Bot API ``Message`` objects exactly as returned to the bot and are never
mutated after creation (an edit stores a new dict), so queued updates stay snapshots.
"""

from __future__ import annotations

import asyncio
import hashlib
import mimetypes
import secrets
import struct
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from typing import Any

from sandbox.config import (
    DEMO_CONSULTANT_ID,
    DEMO_GROUP_ID,
    DEMO_HEAD_ID,
    EmulatorConfig,
)
from sandbox.formatting import auto_entities
from sandbox.ratelimit import FaultInjector, RateLimiter

DEFAULT_UPDATES = frozenset(
    "message edited_message channel_post edited_channel_post business_connection business_message "
    "edited_business_message deleted_business_messages inline_query chosen_inline_result "
    "callback_query shipping_query pre_checkout_query purchased_paid_media poll poll_answer "
    "my_chat_member chat_join_request chat_boost removed_chat_boost".split()
)
TOPIC_COLORS = (7322096, 16766590, 13338331, 9367192, 16749490, 16478047)
_FILE_PREFIX = {"document": "BQAC", "photo": "AgAC", "voice": "AwAC", "sticker": "CAAC"}


class ApiError(Exception):
    """A Bot API error answer: ``{"ok": false, "error_code": code, "description": ...}``."""

    def __init__(self, code: int, description: str, parameters: dict | None = None) -> None:
        super().__init__(description)
        self.code, self.description, self.parameters = code, description, parameters

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.code,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(text: str) -> ApiError:
    return ApiError(400, f"Bad Request: {text}")


@dataclass
class User:
    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = None
    is_bot: bool = False
    blocked: bool = False  # the user has blocked the bot

    def as_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name}
        for key in ("last_name", "username", "language_code"):
            if (value := getattr(self, key)) is not None:
                d[key] = value
        return d


@dataclass
class Topic:
    thread_id: int
    name: str
    icon_color: int
    closed: bool = False
    icon_custom_emoji_id: str | None = None

    def as_dict(self) -> dict[str, Any]:
        d = {"message_thread_id": self.thread_id, "name": self.name, "icon_color": self.icon_color}
        if self.icon_custom_emoji_id:
            d["icon_custom_emoji_id"] = self.icon_custom_emoji_id
        return d


@dataclass
class Stored:
    data: dict[str, Any]  # the Message as the Bot API shows it
    from_bot: bool
    markup: dict[str, Any] | None = None  # any reply_markup the bot attached (also reply keyboards)
    deleted: bool = False
    service: bool = False  # topic created/edited/closed, pinned message...


@dataclass
class Chat:
    id: int
    type: str  # private | group | supergroup
    title: str | None = None
    is_forum: bool = False
    user: User | None = None  # the other side of a private chat
    members: dict[int, str] = field(default_factory=dict)  # user id -> status
    topics: dict[int, Topic] = field(default_factory=dict)
    messages: dict[int, Stored] = field(default_factory=dict)
    next_id: int = 1
    pinned: int | None = None
    keyboard: dict[str, Any] | None = None  # the reply keyboard currently shown
    action: tuple[str, float] | None = None  # last sendChatAction and when it expires
    bot_status: str = "administrator"

    def as_dict(self) -> dict[str, Any]:
        if self.type == "private":
            assert self.user is not None
            d = {"id": self.id, "type": "private", "first_name": self.user.first_name}
            if self.user.last_name:
                d["last_name"] = self.user.last_name
            if self.user.username:
                d["username"] = self.user.username
            return d
        d = {"id": self.id, "type": self.type, "title": self.title}
        if self.is_forum:
            d["is_forum"] = True
        return d

    def live(self, mid: int) -> Stored | None:
        s = self.messages.get(mid)
        return None if s is None or s.deleted else s


@dataclass
class FileRecord:
    file_id: str
    file_unique_id: str
    kind: str
    data: bytes
    file_name: str | None
    mime_type: str | None
    file_path: str

    def meta(self) -> dict[str, Any]:
        d: dict[str, Any] = {"file_id": self.file_id, "file_unique_id": self.file_unique_id}
        if self.kind == "document" and self.file_name:
            d["file_name"] = self.file_name
        if self.mime_type and self.kind in ("document", "voice"):
            d["mime_type"] = self.mime_type
        d["file_size"] = len(self.data)
        return d


def image_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG, GIF or JPEG (a guess for anything else)."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        return struct.unpack(">II", data[16:24])
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return struct.unpack("<HH", data[6:10])
    if data[:2] == b"\xff\xd8":
        i = 2
        while i + 9 < len(data) and data[i] == 0xFF:
            marker, seg = data[i + 1], struct.unpack(">H", data[i + 2 : i + 4])[0]
            if marker in (0xC0, 0xC1, 0xC2):
                h, w = struct.unpack(">HH", data[i + 5 : i + 9])
                return w, h
            i += 2 + seg
    return 640, 480


class World:
    def __init__(self, config: EmulatorConfig) -> None:
        self.config = config
        self.limiter = RateLimiter(config.limits)
        self.faults = FaultInjector(config.faults)
        self.webhook_task: asyncio.Task[None] | None = None
        self.closing = False
        self.version = 0
        self._changed = asyncio.Event()
        self._new_update = asyncio.Event()
        self.reset()

    # --- lifecycle -------------------------------------------------------------------------
    def reset(self) -> None:
        if self.webhook_task is not None:
            self.webhook_task.cancel()
            self.webhook_task = None
        cfg = self.config
        self.bot = User(cfg.default_bot_id, cfg.bot_name, username=cfg.bot_username, is_bot=True)
        self.profile: dict[str, str] = {"name": cfg.bot_name}
        self.users: dict[int, User] = {}
        self.chats: dict[int, Chat] = {}
        self.files: dict[str, FileRecord] = {}
        self.paths: dict[str, FileRecord] = {}
        self.updates: deque[dict[str, Any]] = deque()
        self.next_update_id = 1
        self.allowed_updates: frozenset[str] = DEFAULT_UPDATES
        self.poll_generation = 0
        self.callbacks: dict[str, dict[str, Any]] = {}
        self.commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.menu_buttons: dict[int | None, dict[str, Any]] = {}
        self.webhook: dict[str, Any] | None = None
        self.webhook_error: tuple[int, str] | None = None
        self.call_log: deque[dict[str, Any]] = deque(maxlen=cfg.call_log_size)
        self.call_seq = 0
        self.counters: dict[str, Counter[str]] = {"method": Counter(), "chat": Counter()}
        self.totals: Counter[str] = Counter()
        self.started = time.time()
        self.limiter.reset()
        self.faults.configure(self.faults.faults)
        if cfg.demo:
            self.seed_demo()
        self.wake_pollers()
        self.bump()

    def seed_demo(self) -> None:
        head = self.user(DEMO_HEAD_ID, "Айбек", language_code="ky")
        cons = self.user(DEMO_CONSULTANT_ID, "Нургуль", language_code="ru")
        self.private_chat(head)
        self.private_chat(cons)
        self.create_group(
            DEMO_GROUP_ID, "Консультанттар", "supergroup", True, [cons.id], notify=False
        )

    def bump(self) -> None:
        self.version += 1
        self._changed.set()
        self._changed = asyncio.Event()

    async def wait_change(self, since: int, timeout: float) -> int:
        deadline = time.monotonic() + timeout
        while self.version <= since:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            try:
                await asyncio.wait_for(self._changed.wait(), remaining)
            except TimeoutError:
                break
        return self.version

    # --- users and chats -------------------------------------------------------------------
    def user(
        self,
        user_id: int,
        first_name: str | None = None,
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = None,
    ) -> User:
        """Get or create a simulated user; given fields update an existing one."""
        if user_id <= 0:
            raise bad_request("user_id must be positive")
        u = self.users.get(user_id)
        if u is None:
            u = self.users[user_id] = User(user_id, first_name or f"User {user_id}")
        for key, value in (
            ("first_name", first_name),
            ("last_name", last_name),
            ("username", username),
            ("language_code", language_code),
        ):
            if value is not None:
                setattr(u, key, value)
        return u

    def private_chat(self, user: User) -> Chat:
        chat = self.chats.get(user.id)
        if chat is None:
            chat = self.chats[user.id] = Chat(user.id, "private", user=user)
            self.bump()
        return chat

    def create_group(
        self,
        chat_id: int,
        title: str,
        type_: str = "supergroup",
        is_forum: bool = False,
        member_ids: list[int] | tuple[int, ...] = (),
        *,
        bot_status: str = "administrator",
        notify: bool = True,
    ) -> Chat:
        if chat_id >= 0:
            raise bad_request("group and supergroup ids are negative")
        if type_ not in ("group", "supergroup"):
            raise bad_request("type must be group or supergroup")
        if is_forum and type_ != "supergroup":
            raise bad_request("only a supergroup can be a forum")
        chat = self.chats.get(chat_id)
        if chat is not None:  # already there (e.g. the demo group): update it in place
            chat.title, chat.is_forum = title, chat.is_forum or is_forum
            for uid in member_ids:
                self.user(uid)
                chat.members.setdefault(uid, "member")
            self.bump()
            return chat
        chat = Chat(chat_id, type_, title=title, is_forum=is_forum, bot_status=bot_status)
        for i, uid in enumerate(member_ids):
            self.user(uid)
            chat.members[uid] = "creator" if i == 0 else "member"
        self.chats[chat_id] = chat
        if notify:
            by = self.users[member_ids[0]] if member_ids else self.user(1, "Group Owner")
            self.push_update(
                "my_chat_member",
                {
                    "chat": chat.as_dict(),
                    "from": by.as_dict(),
                    "date": int(time.time()),
                    "old_chat_member": {"status": "left", "user": self.bot.as_dict()},
                    "new_chat_member": self.bot_member(chat),
                },
            )
        self.bump()
        return chat

    def bot_member(self, chat: Chat) -> dict[str, Any]:
        bot = self.bot.as_dict()
        if chat.type == "private":
            if chat.user and chat.user.blocked:
                return {"status": "kicked", "user": bot, "until_date": 0}
            return {"status": "member", "user": bot}
        if chat.bot_status != "administrator":
            return {"status": chat.bot_status, "user": bot}
        rights = (
            "can_manage_chat can_delete_messages can_manage_video_chats can_restrict_members "
            "can_promote_members can_change_info can_invite_users can_post_stories "
            "can_edit_stories can_delete_stories can_pin_messages can_manage_topics"
        ).split()
        member = {"status": "administrator", "user": bot, "can_be_edited": False}
        member |= {"is_anonymous": False, "can_send_welcome_messages": False}
        return member | dict.fromkeys(rights, True)

    def chat(self, chat_id: Any) -> Chat:
        """Resolve a chat_id parameter (integer or @username) or raise 'chat not found'."""
        chat = None
        if isinstance(chat_id, str) and chat_id.startswith("@"):
            name = chat_id[1:].lower()
            chat = next(
                (
                    c
                    for c in self.chats.values()
                    if c.user and (c.user.username or "").lower() == name
                ),
                None,
            )
        else:
            try:
                chat = self.chats.get(int(chat_id))
            except (TypeError, ValueError):
                chat = None
        if chat is None:
            raise bad_request("chat not found")
        return chat

    def chat_instance(self, chat: Chat) -> str:
        return str(int(hashlib.sha1(f"{self.bot.id}:{chat.id}".encode()).hexdigest()[:15], 16))

    # --- messages --------------------------------------------------------------------------
    def add_message(
        self,
        chat: Chat,
        sender: User,
        content: dict[str, Any],
        *,
        thread_id: int | None = None,
        reply_to: int | None = None,
        markup: dict[str, Any] | None = None,
        allow_missing_reply: bool = False,
        service: bool = False,
    ) -> Stored:
        """Append a message to a chat (no update is queued here)."""
        msg: dict[str, Any] = {"message_id": chat.next_id}
        if thread_id and chat.is_forum:
            if thread_id not in chat.topics:
                raise bad_request("message thread not found")
            msg["message_thread_id"] = thread_id
        msg |= {"from": sender.as_dict(), "chat": chat.as_dict(), "date": int(time.time())}
        if thread_id and chat.is_forum:
            msg["is_topic_message"] = True
        target = reply_to or (thread_id if thread_id and chat.is_forum else None)
        if target:
            original = chat.live(target)
            if original is not None:
                msg["reply_to_message"] = {
                    k: v for k, v in original.data.items() if k != "reply_to_message"
                }
            elif reply_to and not allow_missing_reply:
                raise bad_request("message to be replied not found")
        msg |= content
        if markup and "inline_keyboard" in markup:
            msg["reply_markup"] = markup
        stored = Stored(msg, from_bot=sender.is_bot, markup=markup, service=service)
        chat.messages[chat.next_id] = stored
        chat.next_id += 1
        if sender.is_bot and not service:
            self.totals["messages_sent"] += 1
            if markup and "keyboard" in markup:
                chat.keyboard = markup
            elif markup and markup.get("remove_keyboard"):
                chat.keyboard = None
        self.bump()
        return stored

    def replace(self, chat: Chat, stored: Stored, data: dict[str, Any]) -> None:
        stored.data = data
        for s in chat.messages.values():  # keep embedded replies in step, like Telegram shows
            rep = s.data.get("reply_to_message")
            if rep and rep["message_id"] == data["message_id"]:
                s.data = {**s.data, "reply_to_message": {**data}}
                s.data["reply_to_message"].pop("reply_to_message", None)
        self.bump()

    def view(self, chat: Chat, stored: Stored) -> dict[str, Any]:
        """The control API's view of a message: the Bot API Message plus any keyboard."""
        data = dict(stored.data)
        if stored.markup is not None:
            data["reply_markup"] = stored.markup
        if stored.deleted:
            data["deleted"] = True
        return data

    # --- files -----------------------------------------------------------------------------
    def store_file(
        self, kind: str, data: bytes, file_name: str | None, mime_type: str | None
    ) -> FileRecord:
        n = len(self.files) + 1
        if mime_type in (None, "", "application/octet-stream") and file_name:
            mime_type = mimetypes.guess_type(file_name)[0] or mime_type
        ext = (file_name or "").rpartition(".")[2] if file_name and "." in file_name else "bin"
        folder = {"photo": "photos", "voice": "voice", "sticker": "stickers"}.get(kind, "documents")
        rec = FileRecord(
            file_id=f"{_FILE_PREFIX.get(kind, 'BQAC')}{n:06d}{secrets.token_urlsafe(12)}",
            file_unique_id=f"AgAD{n:06d}",
            kind=kind,
            data=data,
            file_name=file_name,
            mime_type=mime_type,
            file_path=f"{folder}/file_{n}.{ext}",
        )
        self.files[rec.file_id] = self.paths[rec.file_path] = rec
        return rec

    def media(self, rec: FileRecord, kind: str, **extra: Any) -> dict[str, Any]:
        """Message content for a file of the given kind."""
        meta = rec.meta()
        if kind == "photo":
            w, h = image_size(rec.data)
            return {"photo": [meta | {"width": w, "height": h}]}
        if kind == "voice":
            return {"voice": meta | {"duration": int(extra.get("duration") or 1)}}
        if kind == "sticker":
            sticker = {"type": "regular", "width": 512, "height": 512}
            sticker |= {
                "is_animated": False,
                "is_video": False,
                "emoji": extra.get("emoji") or "👍",
            }
            return {"sticker": meta | sticker}
        return {"document": meta}

    # --- updates ---------------------------------------------------------------------------
    def push_update(self, kind: str, payload: dict[str, Any]) -> None:
        if kind not in self.allowed_updates:
            return
        self.updates.append({"update_id": self.next_update_id, kind: payload})
        self.next_update_id += 1
        self.totals["updates"] += 1
        self._new_update.set()
        self._new_update = asyncio.Event()
        self.bump()

    def confirm(self, offset: int | None) -> None:
        if offset is None:
            return
        if offset < 0:
            while len(self.updates) > -offset:
                self.updates.popleft()
        else:
            while self.updates and self.updates[0]["update_id"] < offset:
                self.updates.popleft()

    async def wait_updates(self, timeout: float) -> None:
        try:
            await asyncio.wait_for(self._new_update.wait(), timeout)
        except TimeoutError:
            pass

    def wake_pollers(self) -> None:
        self._new_update.set()
        self._new_update = asyncio.Event()

    # --- what simulated users do -----------------------------------------------------------
    def user_chat(self, user: User, chat_id: int | None) -> Chat:
        if chat_id is None or chat_id == user.id:
            return self.private_chat(user)
        if chat_id > 0:
            raise bad_request("a user can only write to the bot's private chat or to a group")
        chat = self.chat(chat_id)
        chat.members.setdefault(user.id, "member")
        return chat

    def user_message(
        self,
        user_id: int,
        content: dict[str, Any],
        *,
        chat_id: int | None = None,
        thread_id: int | None = None,
        reply_to: int | None = None,
        first_name: str | None = None,
        language_code: str | None = None,
    ) -> dict[str, Any]:
        """A simulated user sends a message; queue the ``message`` update the bot receives."""
        user = self.user(user_id, first_name, language_code=language_code)
        chat = self.user_chat(user, chat_id)
        if chat.type == "private" and user.blocked:
            self.set_blocked(user, False)  # writing to the bot again restarts it, like Telegram
        if "text" in content:
            content = dict(content)
            ents = auto_entities(content["text"], content.pop("entities", []))
            if ents:
                content["entities"] = ents
        stored = self.add_message(
            chat, user, content, thread_id=thread_id, reply_to=reply_to, allow_missing_reply=False
        )
        if self._bot_sees(chat, stored.data):
            self.push_update("message", stored.data)
        return stored.data

    def _bot_sees(self, chat: Chat, msg: dict[str, Any]) -> bool:
        """Privacy mode: a non-admin bot in a group only gets commands, replies and mentions."""
        if chat.type == "private" or chat.bot_status == "administrator":
            return chat.bot_status not in ("left", "kicked")
        text = msg.get("text") or msg.get("caption") or ""
        reply = msg.get("reply_to_message") or {}
        return (
            text.startswith("/")
            or f"@{self.bot.username}".lower() in text.lower()
            or reply.get("from", {}).get("id") == self.bot.id
        )

    def user_edit(self, user_id: int, chat_id: int, message_id: int, text: str) -> dict[str, Any]:
        chat = self.chat(chat_id)
        stored = chat.live(message_id)
        if stored is None or stored.data.get("from", {}).get("id") != user_id:
            raise bad_request("message to edit not found")
        data = {k: v for k, v in stored.data.items() if k not in ("entities", "caption_entities")}
        key = "caption" if "caption" in data or "text" not in data else "text"
        data[key] = text
        if ents := auto_entities(text, []):
            data["entities" if key == "text" else "caption_entities"] = ents
        data["edit_date"] = int(time.time())
        self.replace(chat, stored, data)
        if self._bot_sees(chat, data):
            self.push_update("edited_message", data)
        return data

    def press_button(
        self, user_id: int, chat_id: int, message_id: int, data: str, forge: bool = False
    ) -> dict[str, Any]:
        user = self.user(user_id)
        chat = self.chat(chat_id)
        stored = chat.live(message_id)
        if stored is None:
            raise bad_request("message not found")
        if not forge:
            buttons = [
                b.get("callback_data")
                for row in (stored.data.get("reply_markup") or {}).get("inline_keyboard", [])
                for b in row
            ]
            if data not in buttons:
                raise bad_request(f"the message has no inline button with callback_data {data!r}")
        query = {
            "id": str(secrets.randbits(63)),
            "from": user.as_dict(),
            "message": stored.data,
            "chat_instance": self.chat_instance(chat),
            "data": data,
        }
        self.callbacks[query["id"]] = {"query": query, "answer": None, "time": time.time()}
        self.push_update("callback_query", query)
        return query

    def set_blocked(self, user: User, blocked: bool) -> None:
        chat = self.chats.get(user.id)
        if user.blocked == blocked:
            return
        old = self.bot_member(chat) if chat else {"status": "member", "user": self.bot.as_dict()}
        user.blocked = blocked
        chat = self.private_chat(user)
        self.push_update(
            "my_chat_member",
            {
                "chat": chat.as_dict(),
                "from": user.as_dict(),
                "date": int(time.time()),
                "old_chat_member": old,
                "new_chat_member": self.bot_member(chat),
            },
        )

    # --- call log and counters -------------------------------------------------------------
    def record_call(
        self,
        method: str,
        params: dict[str, Any],
        status: int,
        description: str | None,
        started: float,
    ) -> None:
        self.call_seq += 1
        self.counters["method"][method] += 1
        chat_id = params.get("chat_id")
        if chat_id is not None:
            self.counters["chat"][str(chat_id)] += 1
        self.totals["calls"] += 1
        self.totals[f"status_{status}"] += 1
        entry = {"id": self.call_seq, "time": time.time(), "method": method, "params": params}
        entry |= {"status": status, "ok": status == 200}
        if description:
            entry["description"] = description
        entry["duration_ms"] = round((time.monotonic() - started) * 1000, 3)
        self.call_log.append(entry)

    def stats(self) -> dict[str, Any]:
        t = self.totals
        return {
            "calls_total": t["calls"],
            "by_method": dict(self.counters["method"]),
            "by_chat": dict(self.counters["chat"]),
            "by_status": {k[7:]: v for k, v in t.items() if k.startswith("status_")},
            "errors_429": t["status_429"],
            "errors_429_rate_limited": t["rate_limited"],
            "errors_429_injected": t["injected_429"],
            "errors_429_by_cause": dict(self.limiter.causes),
            "errors_500": t["status_500"],
            "messages_sent": t["messages_sent"],
            "updates_created": t["updates"],
            "updates_pending": len(self.updates),
            "uptime_s": round(time.time() - self.started, 3),
        }
