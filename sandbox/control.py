"""The control API under /control/ (JSON in and out): play the users, inspect, configure.

Errors answer HTTP 400/404 with ``{"error": "..."}``.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import time
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote

from aiohttp import web

from sandbox.config import Faults, RateLimits
from sandbox.state import ApiError, Chat, World

WORLD = web.AppKey("world", World)
Handler = Callable[[World, web.Request, dict[str, Any]], Awaitable[Any] | Any]
routes: list[tuple[str, str, Handler]] = []


def route(method: str, path: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        routes.append((method, path, fn))
        return fn

    return register


def _wrap(fn: Handler) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    async def handler(request: web.Request) -> web.StreamResponse:
        world = request.app[WORLD]
        body: dict[str, Any] = {}
        if request.method == "POST" and request.body_exists:
            try:
                body = await request.json()
            except ValueError:
                return web.json_response({"error": "the body must be a JSON object"}, status=400)
            if not isinstance(body, dict):
                return web.json_response({"error": "the body must be a JSON object"}, status=400)
        try:
            result = fn(world, request, body)
            if isinstance(result, Awaitable):
                result = await result
        except ApiError as exc:
            return web.json_response({"error": exc.description}, status=exc.code)
        except (KeyError, TypeError, ValueError) as exc:
            return web.json_response({"error": f"bad request: {exc!r}"}, status=400)
        if isinstance(result, web.StreamResponse):
            return result
        return web.json_response(result)

    return handler


def setup(app: web.Application) -> None:
    for method, path, fn in routes:
        app.router.add_route(method, f"/control/{path}", _wrap(fn))


def _int(value: Any) -> int | None:
    return None if value in (None, "") else int(value)


def _chat(world: World, request: web.Request) -> Chat:
    return world.chat(int(request.match_info["chat_id"]))


# --- what users do ---------------------------------------------------------------------------
@route("POST", "users")
def create_user(w: World, r: web.Request, b: dict[str, Any]) -> dict[str, Any]:
    user = w.user(
        int(b["id"]),
        b.get("first_name"),
        last_name=b.get("last_name"),
        username=b.get("username"),
        language_code=b.get("language_code"),
    )
    if b.get("start", True):
        w.private_chat(user)
    w.bump()
    return user.as_dict() | {"blocked": user.blocked}


@route("GET", "users")
def list_users(w: World, r: web.Request, b: dict[str, Any]) -> list[dict[str, Any]]:
    return [u.as_dict() | {"blocked": u.blocked} for u in w.users.values()]


def _content(w: World, b: dict[str, Any]) -> dict[str, Any]:
    kind = b.get("type", "text")
    if kind == "text":
        text = str(b.get("text", ""))
        if not text.strip():
            raise ApiError(400, "text is empty")
        return {"text": text}
    if kind == "contact":
        user_id = int(b.get("contact_user_id") or b["user_id"])
        user = w.user(user_id)
        contact = {
            "phone_number": str(b["phone"]),
            "first_name": b.get("first_name") or user.first_name,
        }
        return {"contact": contact | {"user_id": user_id}}
    if kind == "location":
        return {"location": {"latitude": float(b["latitude"]), "longitude": float(b["longitude"])}}
    if kind not in ("document", "photo", "voice", "sticker"):
        raise ApiError(400, f"unknown message type {kind!r}")
    try:
        data = base64.b64decode(b.get("content_b64") or "", validate=True)
    except binascii.Error:
        raise ApiError(400, "content_b64 is not valid base64") from None
    if kind == "sticker" and not data:
        data = b"RIFF\x00\x00\x00\x00WEBPVP8 "
    if not data:
        raise ApiError(400, "file content is empty")
    name = b.get("filename") or {"photo": "photo.jpg", "voice": "voice.ogg"}.get(kind, "file.bin")
    mime = b.get("mime_type") or {"voice": "audio/ogg", "sticker": "image/webp"}.get(kind)
    rec = w.store_file(kind, data, name, mime)
    content = w.media(rec, kind, duration=b.get("duration"), emoji=b.get("emoji"))
    if b.get("caption") and kind != "sticker":
        content["caption"] = str(b["caption"])
    return content


@route("POST", "send")
def send(w: World, r: web.Request, b: dict[str, Any]) -> dict[str, Any]:
    """A user sends a message (text by default; see ``type``) to the bot or into a group."""
    return w.user_message(
        int(b["user_id"]),
        _content(w, b),
        chat_id=_int(b.get("chat_id")),
        thread_id=_int(b.get("thread_id")),
        reply_to=_int(b.get("reply_to")),
        first_name=b.get("first_name"),
        language_code=b.get("language_code"),
    )


@route("POST", "edit")
def edit(w: World, r: web.Request, b: dict[str, Any]) -> dict[str, Any]:
    return w.user_edit(int(b["user_id"]), int(b["chat_id"]), int(b["message_id"]), str(b["text"]))


@route("POST", "press")
def press(w: World, r: web.Request, b: dict[str, Any]) -> dict[str, Any]:
    return w.press_button(
        int(b["user_id"]),
        int(b["chat_id"]),
        int(b["message_id"]),
        str(b["data"]),
        forge=bool(b.get("forge")),
    )


@route("GET", "callbacks/{query_id}")
def callback(w: World, r: web.Request, b: dict[str, Any]) -> dict[str, Any]:
    record = w.callbacks.get(r.match_info["query_id"])
    if record is None:
        raise ApiError(404, "unknown callback query")
    return {"id": r.match_info["query_id"], "answer": record["answer"]}


def _block(blocked: bool) -> Handler:
    def handler(w: World, r: web.Request, b: dict[str, Any]) -> dict[str, Any]:
        user = w.user(int(b["user_id"]))
        w.set_blocked(user, blocked)
        return user.as_dict() | {"blocked": user.blocked}

    return handler


route("POST", "block")(_block(True))
route("POST", "unblock")(_block(False))


# --- chats and messages ----------------------------------------------------------------------
def _chat_info(w: World, chat: Chat) -> dict[str, Any]:
    info = chat.as_dict() | {"keyboard": chat.keyboard}
    if chat.type != "private":
        info["bot_status"] = chat.bot_status
    info["members"] = {str(k): v for k, v in chat.members.items()}
    info["topics"] = [t.as_dict() | {"closed": t.closed} for t in chat.topics.values()]
    info["pinned_message_id"] = chat.pinned
    action = chat.action if chat.action and chat.action[1] > time.time() else None
    info["action"], info["action_until"] = action or (None, None)
    if chat.user:
        info["blocked"] = chat.user.blocked
    return info


@route("POST", "chats")
def create_chat(w: World, r: web.Request, b: dict[str, Any]) -> dict[str, Any]:
    chat_id = int(b["chat_id"])
    is_forum = bool(b.get("is_forum"))
    default_type = "supergroup" if is_forum or chat_id <= -1_000_000_000_000 else "group"
    chat = w.create_group(
        chat_id,
        str(b.get("title") or f"Group {chat_id}"),
        b.get("type") or default_type,
        is_forum,
        [int(m) for m in b.get("member_ids", [])],
        bot_status=b.get("bot_status", "administrator"),
    )
    return _chat_info(w, chat)


@route("GET", "chats")
def list_chats(w: World, r: web.Request, b: dict[str, Any]) -> list[dict[str, Any]]:
    return [_chat_info(w, c) for c in w.chats.values()]


@route("GET", "chats/{chat_id}")
def get_chat(w: World, r: web.Request, b: dict[str, Any]) -> dict[str, Any]:
    return _chat_info(w, _chat(w, r))


@route("GET", "chats/{chat_id}/messages")
def messages(w: World, r: web.Request, b: dict[str, Any]) -> list[dict[str, Any]]:
    """Messages in a chat as they are now. Query: sender=bot|user|all (bot: what the bot sent,
    without service messages such as forum_topic_created), thread_id, deleted=1, after=id."""
    chat = _chat(w, r)
    sender = r.query.get("sender", "all")
    thread = _int(r.query.get("thread_id"))
    deleted = r.query.get("deleted") in ("1", "true")
    after = _int(r.query.get("after")) or 0
    out = []
    for mid, s in chat.messages.items():
        if mid <= after or (s.deleted and not deleted):
            continue
        if (sender == "bot" and (not s.from_bot or s.service)) or (sender == "user" and s.from_bot):
            continue
        if thread is not None and s.data.get("message_thread_id") != thread:
            continue
        out.append(w.view(chat, s))
    return out


@route("GET", "snapshot")
async def snapshot(w: World, r: web.Request, b: dict[str, Any]) -> dict[str, Any]:
    """Everything the web chat shows; with ?since=V waits (up to ?timeout=s) for a change."""
    since = _int(r.query.get("since"))
    if since is not None:
        await w.wait_change(since, min(float(r.query.get("timeout", 25)), 60))
    chats = []
    for chat in w.chats.values():
        info = _chat_info(w, chat)
        info["messages"] = [w.view(chat, s) for s in chat.messages.values() if not s.deleted]
        chats.append(info)
    answers = {qid: rec["answer"] for qid, rec in w.callbacks.items() if rec["answer"]}
    return {
        "version": w.version,
        "bot": w.bot.as_dict(),
        "commands": w.commands.get(('{"type": "default"}', ""), []),
        "users": [u.as_dict() | {"blocked": u.blocked} for u in w.users.values()],
        "chats": chats,
        "callback_answers": answers,
    }


@route("GET", "version")
async def version(w: World, r: web.Request, b: dict[str, Any]) -> dict[str, Any]:
    since = _int(r.query.get("since"))
    if since is not None:
        await w.wait_change(since, min(float(r.query.get("timeout", 25)), 60))
    return {"version": w.version}


@route("GET", "files/{file_id}")
def file(w: World, r: web.Request, b: dict[str, Any]) -> web.Response:
    rec = w.files.get(r.match_info["file_id"])
    if rec is None:
        raise ApiError(404, "file not found")
    name = (rec.file_name or rec.file_path.rpartition("/")[2]).replace('"', "")
    return web.Response(
        body=rec.data,
        content_type=rec.mime_type or "application/octet-stream",
        headers={"Content-Disposition": f"inline; filename*=UTF-8''{quote(name)}"},
    )


# --- inspection and configuration ------------------------------------------------------------
@route("GET", "bot")
def bot(w: World, r: web.Request, b: dict[str, Any]) -> dict[str, Any]:
    return {
        "me": w.bot.as_dict(),
        "commands": {f"{k[0]}|{k[1]}": v for k, v in w.commands.items()},
        "webhook": w.webhook,
        "profile": w.profile,
    }


@route("GET", "updates")
def updates(w: World, r: web.Request, b: dict[str, Any]) -> list[dict[str, Any]]:
    return list(w.updates)


@route("GET", "calls")
def calls(w: World, r: web.Request, b: dict[str, Any]) -> list[dict[str, Any]]:
    """The Bot API call log. Query: method (case-insensitive), since_id, limit (latest N)."""
    method = (r.query.get("method") or "").lower()
    since = _int(r.query.get("since_id")) or 0
    out = [
        c for c in w.call_log if c["id"] > since and (not method or c["method"].lower() == method)
    ]
    limit = _int(r.query.get("limit"))
    return out[-limit:] if limit else out


@route("GET", "stats")
def stats(w: World, r: web.Request, b: dict[str, Any]) -> dict[str, Any]:
    return w.stats()


def _given(settings: type, body: dict[str, Any], what: str) -> dict[str, Any]:
    """The fields of the dataclass ``settings`` the body gives (not null); 400 on others."""
    unknown = set(body) - {f.name for f in dataclasses.fields(settings)}
    if unknown:
        raise ApiError(400, f"unknown {what} fields: {sorted(unknown)}")
    return {k: v for k, v in body.items() if v is not None}


@route("GET", "limits")
def get_limits(w: World, r: web.Request, b: dict[str, Any]) -> dict[str, Any]:
    return dataclasses.asdict(w.limiter.limits)


@route("POST", "limits")
def set_limits(w: World, r: web.Request, b: dict[str, Any]) -> dict[str, Any]:
    """Change some limits (others are kept); counting starts afresh."""
    current = dataclasses.asdict(w.limiter.limits)
    w.limiter.configure(RateLimits(**(current | _given(RateLimits, b, "limit"))))
    return dataclasses.asdict(w.limiter.limits)


@route("GET", "faults")
def get_faults(w: World, r: web.Request, b: dict[str, Any]) -> dict[str, Any]:
    d = dataclasses.asdict(w.faults.faults)
    d["methods"] = sorted(d["methods"]) if d["methods"] is not None else None
    return d


@route("POST", "faults")
def set_faults(w: World, r: web.Request, b: dict[str, Any]) -> dict[str, Any]:
    """Replace the fault settings (omitted fields return to no faults); reseeds the RNG."""
    values = _given(Faults, b, "fault")
    if "methods" in values:
        values["methods"] = frozenset(values["methods"])
    for key in ("error_500", "error_429"):
        if not 0 <= float(values.get(key, 0)) <= 1:
            raise ApiError(400, f"{key} must be a share between 0 and 1")
    w.faults.configure(Faults(**values))
    return get_faults(w, r, b)


@route("POST", "reset")
def reset(w: World, r: web.Request, b: dict[str, Any]) -> dict[str, Any]:
    """Forget everything (users, chats, updates, log, counters); limits and faults stay."""
    w.reset()
    return {"ok": True, "version": w.version}
