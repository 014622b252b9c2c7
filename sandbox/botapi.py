"""The Bot API methods: parameters accepted, Telegram's checks and errors, and their effects."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import aiohttp

from sandbox.formatting import format_text
from sandbox.state import (
    DEFAULT_UPDATES,
    TOPIC_COLORS,
    ApiError,
    Chat,
    FileRecord,
    Stored,
    Topic,
    World,
    bad_request,
)

# Parameters Telegram still accepts although the current spec no longer lists them.
LEGACY_PARAMS = frozenset({"reply_to_message_id", "allow_sending_without_reply"})
LEGACY_PARAMS |= {"disable_web_page_preview"}


@dataclass(frozen=True)
class Upload:
    filename: str
    content_type: str | None
    data: bytes


@dataclass(frozen=True)
class Method:
    name: str
    required: frozenset[str]
    optional: frozenset[str]
    handler: Callable[[World, Params], Any]

    @property
    def accepted(self) -> frozenset[str]:
        return self.required | self.optional


METHODS: dict[str, Method] = {}  # keyed by lower-case name: Telegram ignores the case


def api(name: str, required: str = "", optional: str = "") -> Callable[[Any], Any]:
    def register(fn: Callable[[World, Params], Any]) -> Callable[[World, Params], Any]:
        req, opt = frozenset(required.split()), frozenset(optional.split())
        METHODS[name.lower()] = Method(name, req, opt, fn)
        return fn

    return register


class Params:
    """Request parameters from a query string, form, multipart body or JSON object."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.values = values

    def check(self, method: Method) -> None:
        attached = {
            v[9:] for v in self.values.values() if isinstance(v, str) and v.startswith("attach://")
        }
        for key in self.values:
            if key not in method.accepted and key not in attached:
                raise bad_request(f'unknown parameter "{key}"')
        for key in sorted(method.required):
            if self.values.get(key) in (None, ""):
                raise bad_request(_MISSING.get(key, f"{key} is empty"))

    def get(self, key: str) -> Any:
        return self.values.get(key)

    def str(self, key: str) -> str | None:
        v = self.values.get(key)
        return None if v is None else v if isinstance(v, str) else json.dumps(v)

    def int(self, key: str) -> int | None:
        v = self.values.get(key)
        if v in (None, ""):
            return None
        try:
            return int(v)
        except (TypeError, ValueError):
            raise bad_request(f"invalid {key} specified") from None

    def bool(self, key: str) -> bool:
        v = self.values.get(key)
        return v is True or (isinstance(v, str) and v.lower() in ("true", "1"))

    def json(self, key: str) -> Any:
        v = self.values.get(key)
        if not isinstance(v, str):
            return v
        try:
            return json.loads(v)
        except ValueError:
            what = "reply keyboard markup" if key == "reply_markup" else key
            raise bad_request(f"can't parse {what} JSON object") from None

    def file(self, key: str) -> Upload | str | None:
        v = self.values.get(key)
        if isinstance(v, str) and v.startswith("attach://"):
            v = self.values.get(v[9:])
            if not isinstance(v, Upload):
                raise bad_request(f"can't find attached file for {key}")
        return v


_MISSING = {
    "text": "message text is empty",
    "document": "there is no document in the request",
    "photo": "there is no photo in the request",
    "voice": "there is no voice in the request",
    "sticker": "there is no sticker in the request",
    "message_id": "message identifier is not specified",
    "callback_query_id": "query_id is empty",
}

# --- shared helpers --------------------------------------------------------------------------
_SEND = (
    "business_connection_id message_thread_id direct_messages_topic_id disable_notification "
    "protect_content allow_paid_broadcast message_effect_id suggested_post_parameters "
    "reply_parameters reply_markup reply_to_message_id allow_sending_without_reply"
)
_CAPTION = "caption parse_mode caption_entities"
_COMMAND = re.compile(r"[a-z0-9_]{1,32}")


def _fmt(w: World, p: Params, key: str, entities_key: str, *, caption: bool = False) -> dict:
    text = p.str(key)
    if text is None and caption:
        return {}
    try:
        text, ents = format_text(
            text or "",
            p.str("parse_mode"),
            p.json(entities_key),
            caption=caption,
            mention=lambda uid: w.users[uid].as_dict() if uid in w.users else None,
        )
    except ValueError as exc:
        raise bad_request(str(exc)) from None
    if caption and not text:
        return {}
    return {key: text, entities_key: ents} if ents else {key: text}


def _markup(p: Params, inline_only: bool = False) -> dict[str, Any] | None:
    markup = p.json("reply_markup")
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        buttons = _buttons(markup, "inline_keyboard", "InlineKeyboardMarkup")
        if len(buttons) > 100:
            raise bad_request("reply markup is too long")
        for button in buttons:
            if not isinstance(button, dict) or not button.get("text"):
                raise bad_request("can't parse inline keyboard button: Text is empty")
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode()) <= 64:
                raise bad_request("BUTTON_DATA_INVALID")
            url = button.get("url")
            if url is not None and not re.match(r"(https?|tg)://\S+$", str(url)):
                raise bad_request("BUTTON_URL_INVALID")
            actions = set(button) - {"text", "style", "icon_custom_emoji_id"}
            if not actions:
                raise bad_request(
                    "can't parse inline keyboard button: Text buttons are unallowed in the "
                    "inline keyboard"
                )
        return markup
    if inline_only:
        raise bad_request("inline keyboard expected")
    if "keyboard" in markup:
        for button in _buttons(markup, "keyboard", "ReplyKeyboardMarkup"):
            if not (isinstance(button, str) and button) and not (
                isinstance(button, dict) and button.get("text")
            ):
                raise bad_request("can't parse keyboard button: Text is empty")
        return markup
    if markup.get("remove_keyboard") or markup.get("force_reply"):
        return markup
    raise bad_request("can't parse reply keyboard markup JSON object")


def _buttons(markup: dict[str, Any], field: str, kind: str) -> list[Any]:
    """The buttons of a keyboard, whose ``field`` must be an array of rows of them."""
    rows = markup[field]
    if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
        raise bad_request(f'field "{field}" of the {kind} must be an Array of Arrays')
    return [b for r in rows for b in r]


def _target(w: World, p: Params) -> Chat:
    """The chat a message goes to, with Telegram's 403s for private chats."""
    try:
        chat = w.chat(p.get("chat_id"))
    except ApiError:
        cid = str(p.get("chat_id"))
        if cid.isdigit() and int(cid) in w.users:  # known (from a group) but never started us
            raise ApiError(403, "Forbidden: bot can't initiate conversation with a user") from None
        raise
    if chat.type == "private":
        assert chat.user is not None
        if chat.user.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
    elif chat.bot_status in ("left", "kicked"):
        raise ApiError(403, f"Forbidden: bot is not a member of the {chat.type} chat")
    return chat


def _rate(w: World, chat: Chat) -> None:
    retry = w.limiter.check(chat.id)
    if retry:
        w.totals["rate_limited"] += 1
        raise ApiError(429, f"Too Many Requests: retry after {retry}", {"retry_after": retry})


def _deliver(w: World, p: Params, chat: Chat, content: dict[str, Any]) -> Stored:
    """Common tail of every send*: reply, topic, markup, rate limit, store."""
    markup = _markup(p)
    reply = p.json("reply_parameters") or {}
    if not isinstance(reply, dict):
        raise bad_request("can't parse reply parameters JSON object")
    reply_to = reply.get("message_id") or p.int("reply_to_message_id")
    if reply.get("chat_id") not in (None, chat.id, str(chat.id)):
        raise bad_request("replying to messages in other chats is not emulated")
    allow_missing = bool(reply.get("allow_sending_without_reply")) or p.bool(
        "allow_sending_without_reply"
    )
    thread = p.int("message_thread_id")
    if thread and chat.is_forum and thread in chat.topics and chat.topics[thread].closed:
        if chat.bot_status != "administrator":
            raise bad_request("TOPIC_CLOSED")
    _rate(w, chat)
    return w.add_message(
        chat,
        w.bot,
        content,
        thread_id=thread,
        reply_to=int(reply_to) if reply_to else None,
        markup=markup,
        allow_missing_reply=allow_missing,
    )


def _input_file(w: World, p: Params, key: str) -> FileRecord:
    value = p.file(key)
    if isinstance(value, Upload):
        if not value.data:
            raise bad_request("file must be non-empty")
        return w.store_file(key, value.data, value.filename, value.content_type)
    rec = w.files.get(str(value))
    if rec is None:
        raise bad_request("wrong file identifier/HTTP URL specified")
    return rec


def _editable(w: World, p: Params) -> tuple[Chat, Stored]:
    if p.get("inline_message_id"):
        raise bad_request("inline messages are not emulated")
    if p.get("chat_id") in (None, ""):
        raise bad_request("chat_id is empty")
    if p.get("message_id") in (None, ""):
        raise bad_request("message identifier is not specified")
    chat = w.chat(p.get("chat_id"))
    stored = chat.live(p.int("message_id") or 0)
    if stored is None:
        raise bad_request("message to edit not found")
    if not stored.from_bot:
        raise bad_request("message can't be edited")
    return chat, stored


def _apply_edit(w: World, chat: Chat, stored: Stored, changes: dict, markup: Any) -> dict:
    """Store an edit (``None`` in changes removes a field) unless nothing changes."""
    old = stored.data
    skip = {"reply_markup", "edit_date", *changes}
    new = {k: v for k, v in old.items() if k not in skip}
    new |= {k: v for k, v in changes.items() if v is not None}
    if markup:
        new["reply_markup"] = markup
    compare = ("text", "entities", "caption", "caption_entities", "reply_markup")
    if all(old.get(k) == new.get(k) for k in compare):
        raise bad_request(
            "message is not modified: specified new message content and reply markup are "
            "exactly the same as a current content and reply markup of the message"
        )
    if w.limiter.limits.count_edits:
        _rate(w, chat)
    new["edit_date"] = int(time.time())
    stored.markup = markup
    w.replace(chat, stored, new)
    return new


# --- updates and webhooks --------------------------------------------------------------------
@api("getUpdates", optional="offset limit timeout allowed_updates")
async def get_updates(w: World, p: Params) -> list[dict[str, Any]]:
    if w.webhook:
        raise ApiError(
            409,
            "Conflict: can't use getUpdates method while webhook is active; "
            "use deleteWebhook to delete the webhook first",
        )
    limit = min(max(p.int("limit") or 100, 1), 100)
    timeout = max(p.int("timeout") or 0, 0)
    allowed = p.json("allowed_updates")
    if isinstance(allowed, list):
        w.allowed_updates = frozenset(allowed) if allowed else DEFAULT_UPDATES
    w.confirm(p.int("offset"))
    w.poll_generation += 1
    generation = w.poll_generation
    w.wake_pollers()
    deadline = time.monotonic() + timeout
    while True:
        if w.closing:
            return []
        if generation != w.poll_generation:
            raise ApiError(
                409,
                "Conflict: terminated by other getUpdates request; "
                "make sure that only one bot instance is running",
            )
        if w.updates:
            return list(itertools.islice(w.updates, limit))
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return []
        await w.wait_updates(remaining)


async def deliver_forever(w: World) -> None:
    """POST queued updates to the webhook one at a time, like Telegram; retry failures."""
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as session:
        while w.webhook and not w.closing:
            if not w.updates:
                await w.wait_updates(30)
                continue
            update, hook = w.updates[0], w.webhook
            secret = hook.get("secret_token")
            headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret else {}
            try:
                async with session.post(hook["url"], json=update, headers=headers) as resp:
                    if not 200 <= resp.status < 300:
                        error = f"Wrong response from the webhook: {resp.status} {resp.reason}"
                    else:
                        error, reply = None, await _read_reply(resp)
            except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
                error = f"Connection failed: {type(exc).__name__}: {exc}"
            if error:
                w.webhook_error = (int(time.time()), error)
                await asyncio.sleep(w.config.webhook_retry_delay)
                continue
            if w.updates and w.updates[0] is update:
                w.updates.popleft()
                w.bump()
            if reply and isinstance(reply.get("method"), str):
                await call(w, reply.pop("method"), Params(reply))


async def _read_reply(resp: aiohttp.ClientResponse) -> dict[str, Any]:
    """A method call the bot put in its webhook answer (JSON or multipart), else {}."""
    if resp.content_type == "application/json":
        with contextlib.suppress(ValueError):
            body = await resp.json()
            return body if isinstance(body, dict) else {}
        return {}
    values: dict[str, Any] = {}
    if resp.content_type == "multipart/form-data":
        reader = aiohttp.MultipartReader.from_response(resp)
        while (part := await reader.next()) is not None:
            if not isinstance(part, aiohttp.BodyPartReader) or not part.name:
                continue
            data = bytes(await part.read(decode=True))
            if part.filename:
                values[part.name] = Upload(part.filename, part.headers.get("Content-Type"), data)
            else:
                values[part.name] = data.decode()
    return values


@api(
    "setWebhook",
    "url",
    "certificate ip_address max_connections allowed_updates drop_pending_updates secret_token",
)
def set_webhook(w: World, p: Params) -> bool:
    url = p.str("url") or ""
    secret = p.str("secret_token")
    if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
        raise bad_request("secret token contains unallowed characters")
    if not re.match(r"https?://[^/\s]+", url):
        raise bad_request("bad webhook: Failed to resolve host: Name or service not known")
    if p.bool("drop_pending_updates"):
        w.updates.clear()
    allowed = p.json("allowed_updates")
    if isinstance(allowed, list):
        w.allowed_updates = frozenset(allowed) if allowed else DEFAULT_UPDATES
    w.webhook = {"url": url, "secret_token": secret, "max_connections": p.int("max_connections")}
    w.webhook_error = None
    w.poll_generation += 1
    w.wake_pollers()
    if w.webhook_task is None or w.webhook_task.done():
        w.webhook_task = asyncio.get_running_loop().create_task(deliver_forever(w))
    return True


@api("deleteWebhook", optional="drop_pending_updates")
def delete_webhook(w: World, p: Params) -> bool:
    w.webhook = None
    if w.webhook_task is not None:
        w.webhook_task.cancel()
        w.webhook_task = None
    if p.bool("drop_pending_updates"):
        w.updates.clear()
    return True


@api("getWebhookInfo")
def get_webhook_info(w: World, p: Params) -> dict[str, Any]:
    info: dict[str, Any] = {
        "url": w.webhook["url"] if w.webhook else "",
        "has_custom_certificate": False,
        "pending_update_count": len(w.updates),
    }
    if w.webhook:
        info["max_connections"] = w.webhook.get("max_connections") or 40
        info["allowed_updates"] = sorted(w.allowed_updates)
        if w.webhook_error:
            info["last_error_date"], info["last_error_message"] = w.webhook_error
    return info


# --- bot identity and commands ---------------------------------------------------------------
@api("getMe")
def get_me(w: World, p: Params) -> dict[str, Any]:
    me = w.bot.as_dict()
    me |= {"can_join_groups": True, "can_read_all_group_messages": False}
    return me | {"supports_inline_queries": False, "can_connect_to_business": False}


@api("logOut")
@api("close")
def log_out(w: World, p: Params) -> bool:
    return True


def _scope_key(p: Params) -> tuple[str, str]:
    scope = p.json("scope") or {"type": "default"}
    if not isinstance(scope, dict) or scope.get("type") not in (
        "default all_private_chats all_group_chats all_chat_administrators chat "
        "chat_administrators chat_member".split()
    ):
        raise bad_request("can't parse BotCommandScope JSON object")
    lang = p.str("language_code") or ""
    if lang and not re.fullmatch(r"[a-z]{2}", lang):
        raise bad_request("invalid language code specified")
    return json.dumps(scope, sort_keys=True), lang


@api("setMyCommands", "commands", "scope language_code")
def set_my_commands(w: World, p: Params) -> bool:
    commands = p.json("commands")
    if not isinstance(commands, list) or len(commands) > 100:
        raise bad_request("can't parse commands JSON object")
    for c in commands:
        if not isinstance(c, dict) or not _COMMAND.fullmatch(str(c.get("command", ""))):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(str(c.get("description", ""))) <= 256:
            raise bad_request("command description is empty")
    w.commands[_scope_key(p)] = [
        {"command": c["command"], "description": c["description"]} for c in commands
    ]
    w.bump()
    return True


@api("getMyCommands", optional="scope language_code")
def get_my_commands(w: World, p: Params) -> list[dict[str, Any]]:
    return w.commands.get(_scope_key(p), [])


@api("deleteMyCommands", optional="scope language_code")
def delete_my_commands(w: World, p: Params) -> bool:
    w.commands.pop(_scope_key(p), None)
    w.bump()
    return True


def _profile_setter(key: str, limit: int) -> Callable[[World, Params], bool]:
    def setter(w: World, p: Params) -> bool:
        value = p.str(key) or ""
        if len(value) > limit:
            raise bad_request(f"{key} is too long")
        w.profile[f"{key}:{p.str('language_code') or ''}"] = value
        return True

    return setter


def _profile_getter(key: str) -> Callable[[World, Params], dict[str, str]]:
    def getter(w: World, p: Params) -> dict[str, str]:
        lang = p.str("language_code") or ""
        value = w.profile.get(f"{key}:{lang}", w.profile.get(f"{key}:", ""))
        if key == "name" and not value:
            value = w.bot.first_name
        return {key: value}

    return getter


for _key, _limit, _name in (
    ("name", 64, "MyName"),
    ("description", 512, "MyDescription"),
    ("short_description", 120, "MyShortDescription"),
):
    api(f"set{_name}", optional=f"{_key} language_code")(_profile_setter(_key, _limit))
    api(f"get{_name}", optional="language_code")(_profile_getter(_key))


@api("setChatMenuButton", optional="chat_id menu_button")
def set_chat_menu_button(w: World, p: Params) -> bool:
    chat_id = p.int("chat_id")
    w.menu_buttons[chat_id] = p.json("menu_button") or {"type": "default"}
    return True


@api("getChatMenuButton", optional="chat_id")
def get_chat_menu_button(w: World, p: Params) -> dict[str, Any]:
    chat_id = p.int("chat_id")
    return w.menu_buttons.get(chat_id) or w.menu_buttons.get(None) or {"type": "commands"}


# --- sending ---------------------------------------------------------------------------------
Content = Callable[[World, Params], dict[str, Any]]


def sends(name: str, required: str, optional: str) -> Callable[[Content], Content]:
    """A method that sends a new message to ``chat_id``: the function makes its content from
    the parameters (after the chat is checked); the message is delivered and returned."""

    def register(content: Content) -> Content:
        def send(w: World, p: Params) -> dict[str, Any]:
            chat = _target(w, p)
            return _deliver(w, p, chat, content(w, p)).data

        api(name, required, optional)(send)
        return content

    return register


def _with_preview(p: Params, content: dict[str, Any]) -> dict[str, Any]:
    preview = p.json("link_preview_options")
    if isinstance(preview, dict) and preview:
        content["link_preview_options"] = preview
    return content


@sends(
    "sendMessage",
    "chat_id text",
    f"{_SEND} parse_mode entities link_preview_options disable_web_page_preview",
)
def send_message(w: World, p: Params) -> dict[str, Any]:
    return _with_preview(p, _fmt(w, p, "text", "entities"))


def _media(kind: str) -> Content:
    def content(w: World, p: Params) -> dict[str, Any]:
        rec = _input_file(w, p, kind)
        caption = _fmt(w, p, "caption", "caption_entities", caption=True)
        return w.media(rec, kind, duration=p.int("duration"), emoji=p.str("emoji")) | caption

    return content


sends(
    "sendDocument",
    "chat_id document",
    f"{_SEND} {_CAPTION} thumbnail disable_content_type_detection",
)(_media("document"))
sends("sendPhoto", "chat_id photo", f"{_SEND} {_CAPTION} show_caption_above_media has_spoiler")(
    _media("photo")
)
sends("sendVoice", "chat_id voice", f"{_SEND} {_CAPTION} duration")(_media("voice"))


@sends("sendSticker", "chat_id sticker", f"{_SEND} emoji")
def send_sticker(w: World, p: Params) -> dict[str, Any]:
    return w.media(_input_file(w, p, "sticker"), "sticker", emoji=p.str("emoji"))


@sends("sendContact", "chat_id phone_number first_name", f"{_SEND} last_name vcard")
def send_contact(w: World, p: Params) -> dict[str, Any]:
    contact = {"phone_number": p.str("phone_number"), "first_name": p.str("first_name")}
    for key in ("last_name", "vcard"):
        if p.get(key):
            contact[key] = p.str(key)
    return {"contact": contact}


@sends(
    "sendLocation",
    "chat_id latitude longitude",
    f"{_SEND} horizontal_accuracy live_period heading proximity_alert_radius",
)
def send_location(w: World, p: Params) -> dict[str, Any]:
    try:
        lat, lon = float(p.get("latitude")), float(p.get("longitude"))
    except (TypeError, ValueError):
        raise bad_request("wrong latitude or longitude specified") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise bad_request("wrong latitude or longitude specified")
    return {"location": {"latitude": lat, "longitude": lon}}


_COPYABLE = ("text", "entities", "caption", "caption_entities", "document", "photo", "voice")
_COPYABLE += ("sticker", "contact", "location", "link_preview_options")


def _copied(w: World, p: Params) -> tuple[Chat, dict[str, Any], dict[str, Any]]:
    """The target chat, the message to copy or forward, and what of it a copy carries."""
    chat = _target(w, p)
    src_chat = w.chat(p.get("from_chat_id"))
    stored = src_chat.live(p.int("message_id") or 0)
    if stored is None:
        raise bad_request("message to copy not found")
    if not any(k in stored.data for k in _COPYABLE):
        raise bad_request("message can't be copied")
    return chat, stored.data, {k: stored.data[k] for k in _COPYABLE if k in stored.data}


@api(
    "copyMessage",
    "chat_id from_chat_id message_id",
    f"{_SEND.removeprefix('business_connection_id ')} {_CAPTION} show_caption_above_media "
    "video_start_timestamp",
)
def copy_message(w: World, p: Params) -> dict[str, Any]:
    chat, src, content = _copied(w, p)
    if p.get("caption") is not None and "text" not in src:
        content.pop("caption_entities", None)
        content.pop("caption", None)
        content |= _fmt(w, p, "caption", "caption_entities", caption=True)
    return {"message_id": _deliver(w, p, chat, content).data["message_id"]}


@api(
    "forwardMessage",
    "chat_id from_chat_id message_id",
    "message_thread_id direct_messages_topic_id video_start_timestamp disable_notification "
    "protect_content message_effect_id suggested_post_parameters",
)
def forward_message(w: World, p: Params) -> dict[str, Any]:
    chat, src, content = _copied(w, p)
    content["forward_origin"] = {"type": "user", "date": src["date"], "sender_user": src["from"]}
    return _deliver(w, p, chat, content).data


@api("sendChatAction", "chat_id action", "business_connection_id message_thread_id")
def send_chat_action(w: World, p: Params) -> bool:
    chat = _target(w, p)
    action = p.str("action") or ""
    allowed = (
        "typing upload_photo record_video upload_video record_voice upload_voice "
        "upload_document choose_sticker find_location record_video_note upload_video_note"
    ).split()
    if action not in allowed:
        raise bad_request("wrong parameter action in request")
    chat.action = (action, time.time() + 5)
    w.bump()
    return True


# --- editing and deleting --------------------------------------------------------------------
def edits(name: str, optional: str, *, kind: str = "") -> Callable[[Content], Content]:
    """A method that edits a message: the function gives the changes once the message is found
    (and, with ``kind`` "text" or "caption", found to have one); the edit is applied with the
    new inline keyboard."""

    def register(changes: Content) -> Content:
        def edit(w: World, p: Params) -> dict[str, Any]:
            chat, stored = _editable(w, p)
            if kind and ("text" in stored.data) != (kind == "text"):
                raise bad_request(f"there is no {kind} in the message to edit")
            return _apply_edit(w, chat, stored, changes(w, p), _markup(p, inline_only=True))

        where = "business_connection_id chat_id message_id inline_message_id reply_markup"
        api(name, optional=f"{where} {optional}")(edit)
        return changes

    return register


@edits(
    "editMessageText",
    "text parse_mode entities link_preview_options rich_message disable_web_page_preview",
    kind="text",
)
def edit_message_text(w: World, p: Params) -> dict[str, Any]:
    if p.get("rich_message") is not None:
        raise bad_request("rich messages are not emulated")
    return _with_preview(p, {"entities": None} | _fmt(w, p, "text", "entities"))


@edits(
    "editMessageCaption",
    "caption parse_mode caption_entities show_caption_above_media",
    kind="caption",
)
def edit_message_caption(w: World, p: Params) -> dict[str, Any]:
    changes = {"caption": None, "caption_entities": None}
    return changes | _fmt(w, p, "caption", "caption_entities", caption=True)


@edits("editMessageReplyMarkup", "")
def edit_message_reply_markup(w: World, p: Params) -> dict[str, Any]:
    return {}


@api("deleteMessage", "chat_id message_id")
def delete_message(w: World, p: Params) -> bool:
    chat = w.chat(p.get("chat_id"))
    stored = chat.live(p.int("message_id") or 0)
    if stored is None:
        raise bad_request("message to delete not found")
    if chat.type != "private" and not stored.from_bot and chat.bot_status != "administrator":
        raise bad_request("message can't be deleted")
    stored.deleted = True
    w.bump()
    return True


@api("deleteMessages", "chat_id message_ids")
def delete_messages(w: World, p: Params) -> bool:
    chat = w.chat(p.get("chat_id"))
    ids = p.json("message_ids")
    if not isinstance(ids, list) or not 1 <= len(ids) <= 100:
        raise bad_request("message_ids must be an array of 1-100 identifiers")
    found = [s for i in ids if (s := chat.live(int(i))) is not None]
    if not found:
        raise bad_request("message to delete not found")
    for s in found:
        s.deleted = True
    w.bump()
    return True


@api("answerCallbackQuery", "callback_query_id", "text show_alert url cache_time")
def answer_callback_query(w: World, p: Params) -> bool:
    record = w.callbacks.get(p.str("callback_query_id") or "")
    if record is None or record["answer"] is not None:
        raise bad_request("query is too old and response timeout expired or query ID is invalid")
    text = p.str("text") or ""
    if len(text) > 200:
        raise bad_request("MESSAGE_TOO_LONG")
    record["answer"] = {"text": text, "show_alert": p.bool("show_alert"), "url": p.str("url")}
    w.bump()
    return True


# --- chats, members, topics, pins ------------------------------------------------------------
@api("getChat", "chat_id")
def get_chat(w: World, p: Params) -> dict[str, Any]:
    chat = w.chat(p.get("chat_id"))
    info = chat.as_dict() | {"accent_color_id": 0, "max_reaction_count": 11}
    gifts = "unlimited_gifts limited_gifts unique_gifts premium_subscription gifts_from_channels"
    info["accepted_gift_types"] = dict.fromkeys(gifts.split(), False)
    if chat.pinned and (pinned := chat.live(chat.pinned)):
        info["pinned_message"] = pinned.data
    if chat.type != "private":
        info["permissions"] = {"can_send_messages": True, "can_manage_topics": False}
    return info


def _member(w: World, chat: Chat, user_id: int) -> dict[str, Any]:
    if user_id == w.bot.id:
        return w.bot_member(chat)
    user = w.users.get(user_id)
    if user is None:
        raise bad_request("PARTICIPANT_ID_INVALID")
    if chat.type == "private":
        status = "member" if user_id == chat.id else "left"
    else:
        status = chat.members.get(user_id, "left")
    member: dict[str, Any] = {"status": status, "user": user.as_dict()}
    if status == "creator":
        member["is_anonymous"] = False
    if status == "kicked":
        member["until_date"] = 0
    return member


@api("getChatMember", "chat_id user_id")
def get_chat_member(w: World, p: Params) -> dict[str, Any]:
    return _member(w, w.chat(p.get("chat_id")), p.int("user_id") or 0)


@api("getChatAdministrators", "chat_id", "return_bots")
def get_chat_administrators(w: World, p: Params) -> list[dict[str, Any]]:
    chat = w.chat(p.get("chat_id"))
    if chat.type == "private":
        raise bad_request("there are no administrators in the private chat")
    admins = [_member(w, chat, uid) for uid, s in chat.members.items() if s == "creator"]
    if chat.bot_status == "administrator":
        admins.append(w.bot_member(chat))
    return admins


@api("getChatMemberCount", "chat_id")
def get_chat_member_count(w: World, p: Params) -> int:
    chat = w.chat(p.get("chat_id"))
    if chat.type == "private":
        return 2
    return sum(s not in ("left", "kicked") for s in chat.members.values()) + 1


@api("leaveChat", "chat_id")
def leave_chat(w: World, p: Params) -> bool:
    chat = w.chat(p.get("chat_id"))
    if chat.type == "private":
        raise bad_request("chat member status can't be changed in private chats")
    chat.bot_status = "left"
    w.bump()
    return True


def _forum(w: World, p: Params) -> Chat:
    chat = w.chat(p.get("chat_id"))
    if not chat.is_forum:
        raise bad_request("the chat is not a forum")
    if chat.bot_status != "administrator":
        raise bad_request("not enough rights to manage topics in the chat")
    return chat


def _topic(chat: Chat, p: Params):
    topic = chat.topics.get(p.int("message_thread_id") or 0)
    if topic is None:
        raise bad_request("TOPIC_ID_INVALID")
    return topic


def _service(w: World, chat: Chat, thread: int | None, content: dict[str, Any]) -> Stored:
    return w.add_message(chat, w.bot, content, thread_id=thread, service=True)


@api("createForumTopic", "chat_id name", "icon_color icon_custom_emoji_id")
def create_forum_topic(w: World, p: Params) -> dict[str, Any]:
    chat = _forum(w, p)
    name = (p.str("name") or "").strip()
    if not 1 <= len(name) <= 128:
        raise bad_request("TOPIC_TITLE_EMPTY" if not name else "topic name is too long")
    color = p.int("icon_color") or TOPIC_COLORS[0]
    if color not in TOPIC_COLORS:
        raise bad_request("TOPIC_ICON_COLOR_INVALID")
    _rate(w, chat)
    created = {"name": name, "icon_color": color}
    emoji = p.str("icon_custom_emoji_id")
    if emoji:
        created["icon_custom_emoji_id"] = emoji
    thread = chat.next_id
    topic = Topic(thread, name, color, icon_custom_emoji_id=emoji)
    chat.topics[thread] = topic
    _service(w, chat, thread, {"forum_topic_created": created})
    return topic.as_dict()


@api("editForumTopic", "chat_id message_thread_id", "name icon_custom_emoji_id")
def edit_forum_topic(w: World, p: Params) -> bool:
    chat = _forum(w, p)
    topic = _topic(chat, p)
    name, emoji = p.str("name"), p.str("icon_custom_emoji_id")
    if (name is None or name == topic.name) and (
        emoji is None or emoji == topic.icon_custom_emoji_id
    ):
        raise bad_request("TOPIC_NOT_MODIFIED")
    edited: dict[str, Any] = {}
    if name is not None:
        topic.name = edited["name"] = name
    if emoji is not None:
        topic.icon_custom_emoji_id = edited["icon_custom_emoji_id"] = emoji
    _service(w, chat, topic.thread_id, {"forum_topic_edited": edited})
    return True


def _topic_state(closed: bool) -> Callable[[World, Params], bool]:
    def change(w: World, p: Params) -> bool:
        chat = _forum(w, p)
        topic = _topic(chat, p)
        if topic.closed == closed:
            raise bad_request("TOPIC_NOT_MODIFIED")
        topic.closed = closed
        key = "forum_topic_closed" if closed else "forum_topic_reopened"
        _service(w, chat, topic.thread_id, {key: {}})
        return True

    return change


api("closeForumTopic", "chat_id message_thread_id")(_topic_state(True))
api("reopenForumTopic", "chat_id message_thread_id")(_topic_state(False))


@api("deleteForumTopic", "chat_id message_thread_id")
def delete_forum_topic(w: World, p: Params) -> bool:
    chat = _forum(w, p)
    topic = _topic(chat, p)
    del chat.topics[topic.thread_id]
    for s in chat.messages.values():
        if s.data.get("message_thread_id") == topic.thread_id:
            s.deleted = True
    w.bump()
    return True


@api("pinChatMessage", "chat_id message_id", "business_connection_id disable_notification")
def pin_chat_message(w: World, p: Params) -> bool:
    chat = w.chat(p.get("chat_id"))
    stored = chat.live(p.int("message_id") or 0)
    if stored is None:
        raise bad_request("message to pin not found")
    chat.pinned = stored.data["message_id"]
    if chat.type != "private":
        thread = stored.data.get("message_thread_id")
        pinned = {k: v for k, v in stored.data.items() if k != "reply_to_message"}
        _service(w, chat, thread, {"pinned_message": pinned})
    w.bump()
    return True


@api("unpinChatMessage", "chat_id", "business_connection_id message_id")
def unpin_chat_message(w: World, p: Params) -> bool:
    chat = w.chat(p.get("chat_id"))
    chat.pinned = None
    w.bump()
    return True


@api("unpinAllChatMessages", "chat_id")
def unpin_all_chat_messages(w: World, p: Params) -> bool:
    return unpin_chat_message(w, p)


# --- files -----------------------------------------------------------------------------------
@api("getFile", "file_id")
def get_file(w: World, p: Params) -> dict[str, Any]:
    rec = w.files.get(p.str("file_id") or "")
    if rec is None:
        raise bad_request("invalid file_id")
    if len(rec.data) > 20 * 1024 * 1024:
        raise bad_request("file is too big")
    d = {"file_id": rec.file_id, "file_unique_id": rec.file_unique_id}
    return d | {"file_size": len(rec.data), "file_path": rec.file_path}


# --- the call itself -------------------------------------------------------------------------
async def call(w: World, name: str, params: Params) -> tuple[int, dict[str, Any]]:
    """Run one Bot API call: checks, faults, the method; log it; return (status, body)."""
    started = time.monotonic()
    method = METHODS.get(name.lower())
    try:
        if method is None:
            raise ApiError(404, "Not Found")
        params.check(method)
        if latency := w.faults.faults.latency_ms:
            await asyncio.sleep(latency / 1000)
        fault = w.faults.roll(method.name)
        if fault == 500:
            raise ApiError(500, "Internal Server Error")
        if fault == 429:
            w.totals["injected_429"] += 1
            retry = w.faults.faults.retry_after
            raise ApiError(429, f"Too Many Requests: retry after {retry}", {"retry_after": retry})
        result = method.handler(w, params)
        if isinstance(result, Awaitable):
            result = await result
        status, body = 200, {"ok": True, "result": result}
    except ApiError as exc:
        status, body = exc.code, exc.payload()
    w.record_call(
        method.name if method else name,
        _loggable(params.values),
        status,
        body.get("description"),
        started,
    )
    return status, body


def _loggable(values: dict[str, Any]) -> dict[str, Any]:
    return {key: _shown(value) for key, value in values.items()}


def _shown(value: Any) -> Any:
    """A parameter as the call log shows it: an upload by name and size, JSON text decoded."""
    if isinstance(value, Upload):
        return {"filename": value.filename, "size": len(value.data)}
    if isinstance(value, str) and value[:1] in "[{":
        with contextlib.suppress(ValueError):
            return json.loads(value)
    return value
