"""Telegram's HTML parse mode: text + entities (UTF-16 offsets), with Telegram's error wording."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

MAX_TEXT = 4096
MAX_CAPTION = 1024

_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_TEXT = re.compile(r"[^&<]+")
_ENTITY = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{1,10});")
_NAME = re.compile(r"[a-zA-Z0-9-]*")
_ATTR = re.compile(r"\s*([a-zA-Z0-9_-]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>\"']+))?")
ENTITY_TYPES = frozenset(
    "mention hashtag cashtag bot_command url email phone_number bold italic underline "
    "strikethrough spoiler blockquote expandable_blockquote code pre text_link text_mention "
    "custom_emoji date_time".split()
)
_NO_AUTO = frozenset("code pre text_link text_mention custom_emoji".split())
_AUTO = [
    ("url", re.compile(r"\bhttps?://[^\s<>\"]+[^\s<>\".,;:!?)\]'»]")),
    ("email", re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+\b")),
    ("bot_command", re.compile(r"(?<![^\s(])/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?![\w/])")),
    ("mention", re.compile(r"(?<![\w@/])@[A-Za-z0-9_]{4,32}\b")),
    ("hashtag", re.compile(r"(?<![\w#])#\w*[^\W\d]\w*")),
]


class EntityParseError(ValueError):
    """Message text can't be parsed; str() is Telegram's wording after 'can't parse entities: '."""


def utf16_len(s: str) -> int:
    return len(s) if s.isascii() else len(s.encode("utf-16-le")) // 2


def _byte_offset(src: str, i: int) -> int:
    return len(src[:i].encode("utf-8"))


def parse_html(
    src: str, mention: Callable[[int], dict[str, Any] | None] | None = None
) -> tuple[str, list[dict[str, Any]]]:
    """Parse Telegram HTML into plain text and entities; raise EntityParseError like Telegram."""
    out: list[str] = []
    pos = 0  # UTF-16 position in the output
    stack: list[tuple[str, dict[str, str], int, int]] = []  # tag, attrs, start pos, src index
    entities: list[dict[str, Any]] = []
    i, n = 0, len(src)
    while i < n:
        ch = src[i]
        if ch not in "&<":
            m = _TEXT.match(src, i)
            assert m is not None
            chunk = m.group()
            out.append(chunk)
            pos += utf16_len(chunk)
            i = m.end()
        elif ch == "&":
            m = _ENTITY.match(src, i)
            chunk = "&"
            if m:
                name = m.group(1)
                if name[0] == "#":
                    code = int(name[2:], 16) if name[1] in "xX" else int(name[1:])
                    if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
                        chunk, i = chr(code), m.end() - 1
                elif name.lower() in _NAMED:
                    chunk, i = _NAMED[name.lower()], m.end() - 1
            out.append(chunk)
            pos += utf16_len(chunk)
            i += 1
        elif src.startswith("</", i):
            end = src.find(">", i)
            if end < 0:
                raise EntityParseError(f"Unclosed end tag at byte offset {_byte_offset(src, i)}")
            name = src[i + 2 : end].strip().lower()
            if not stack:
                raise EntityParseError(f"Unexpected end tag at byte offset {_byte_offset(src, i)}")
            tag, attrs, start, _ = stack.pop()
            if name != tag:
                raise EntityParseError(
                    f"Unmatched end tag at byte offset {_byte_offset(src, i)}, "
                    f'expected "</{tag}>", found "</{name}>"'
                )
            entity = _tag_entity(tag, attrs, stack, mention)
            if entity is not None and pos > start:
                entities.append({"offset": start, "length": pos - start, **entity})
            i = end + 1
        else:
            m = _NAME.match(src, i + 1)
            assert m is not None
            tag = m.group().lower()
            if tag not in _TAGS:
                raise EntityParseError(
                    f'Unsupported start tag "{tag}" at byte offset {_byte_offset(src, i)}'
                )
            attrs: dict[str, str] = {}
            j = m.end()
            while True:
                while j < n and src[j].isspace():
                    j += 1
                if j >= n:
                    raise EntityParseError(
                        f"Unclosed start tag at byte offset {_byte_offset(src, i)}"
                    )
                if src[j] == ">" or src.startswith("/>", j):
                    j += 1 if src[j] == ">" else 2
                    break
                a = _ATTR.match(src, j)
                if not a:
                    raise EntityParseError(
                        f'Empty attribute name in the tag "{tag}" at byte offset '
                        f"{_byte_offset(src, j)}"
                    )
                value = a.group(2) or ""
                if value[:1] in "\"'" and value:
                    value = value[1:-1]
                attrs[a.group(1).lower()] = _unescape(value)
                j = a.end()
            if tag == "span" and attrs.get("class") != "tg-spoiler":
                raise EntityParseError('Tag "span" must have class "tg-spoiler"')
            if tag == "tg-emoji" and not attrs.get("emoji-id"):
                raise EntityParseError('Tag "tg-emoji" must have attribute "emoji-id"')
            stack.append((tag, attrs, pos, i))
            i = j
    if stack:
        raise EntityParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def _unescape(value: str) -> str:
    return _ENTITY.sub(lambda m: _NAMED.get(m.group(1).lower(), m.group()), value)


def _tag_entity(
    tag: str,
    attrs: dict[str, str],
    outer: list[tuple[str, dict[str, str], int, int]],
    mention: Callable[[int], dict[str, Any] | None] | None,
) -> dict[str, Any] | None:
    kind = _TAGS[tag]
    if tag == "a":
        href = attrs.get("href", "").strip()
        if not href:
            return None
        m = re.fullmatch(r"tg://user\?id=(\d+)", href)
        user = mention(int(m.group(1))) if (m and mention) else None
        return {"type": "text_mention", "user": user} if user else {"type": kind, "url": href}
    if tag == "code" and outer and outer[-1][0] == "pre":
        lang = attrs.get("class", "")
        if lang.startswith("language-"):
            outer[-1][1]["_language"] = lang.removeprefix("language-")
        return None
    if tag == "pre":
        lang = attrs.get("_language")
        return {"type": kind, "language": lang} if lang else {"type": kind}
    if tag == "blockquote" and "expandable" in attrs:
        return {"type": "expandable_blockquote"}
    if tag == "tg-emoji":
        return {"type": kind, "custom_emoji_id": attrs["emoji-id"]}
    return {"type": kind}


def check_entities(text: str, raw: Any) -> list[dict[str, Any]]:
    """Validate explicit ``entities``/``caption_entities`` given instead of a parse mode."""
    if not isinstance(raw, list):
        raise EntityParseError("entities must be an array")
    total = utf16_len(text)
    result = []
    for e in raw:
        if not isinstance(e, dict) or e.get("type") not in ENTITY_TYPES:
            raise EntityParseError(f"unsupported entity {e!r}")
        off, length = e.get("offset"), e.get("length")
        if not isinstance(off, int) or not isinstance(length, int) or off < 0 or length < 0:
            raise EntityParseError("wrong entity offset or length")
        length = min(length, total - off)
        if length > 0:
            result.append({**e, "offset": off, "length": length})
    result.sort(key=lambda e: (e["offset"], -e["length"]))
    return result


def strip_text(text: str, entities: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """Trim surrounding whitespace like Telegram does, shifting and clipping entities."""
    stripped = text.strip(" \t\r\n")
    if stripped == text:
        return text, entities
    lead = utf16_len(text[: len(text) - len(text.lstrip(" \t\r\n"))])
    total = utf16_len(stripped)
    kept = []
    for e in entities:
        start = max(e["offset"] - lead, 0)
        end = min(e["offset"] + e["length"] - lead, total)
        if end > start:
            kept.append({**e, "offset": start, "length": end - start})
    return stripped, kept


def auto_entities(text: str, entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Add the entities Telegram detects by itself (URLs, e-mails, /commands, @mentions, #tags)."""
    if not any(c in text for c in "/@#"):
        return entities
    astral = not text.isascii() and any(ord(c) > 0xFFFF for c in text)

    def u16(i: int) -> int:
        return utf16_len(text[:i]) if astral else i

    taken = [(e["offset"], e["offset"] + e["length"]) for e in entities if e["type"] in _NO_AUTO]
    found: list[dict[str, Any]] = []
    for kind, rx in _AUTO:
        for m in rx.finditer(text):
            start, end = u16(m.start()), u16(m.end())
            if any(s < end and start < e for s, e in taken):
                continue
            taken.append((start, end))
            found.append({"offset": start, "length": end - start, "type": kind})
    if not found:
        return entities
    return sorted(entities + found, key=lambda e: (e["offset"], -e["length"]))


def format_text(
    text: str,
    parse_mode: str | None,
    entities: Any = None,
    *,
    caption: bool = False,
    mention: Callable[[int], dict[str, Any] | None] | None = None,
) -> tuple[str, list[dict[str, Any]]]:
    """Turn a message text (or caption) as the bot sent it into Telegram's text + entities.

    Raises ValueError with Telegram's description (without the "Bad Request: " prefix).
    """
    if entities is not None:
        try:
            ents = check_entities(text, entities)
        except EntityParseError as exc:
            raise ValueError(f"can't parse entities: {exc}") from None
    elif parse_mode and parse_mode.lower() == "html":
        try:
            text, ents = parse_html(text, mention)
        except EntityParseError as exc:
            raise ValueError(f"can't parse entities: {exc}") from None
    elif parse_mode and parse_mode.lower() not in ("markdown", "markdownv2"):
        raise ValueError(f"unsupported parse_mode {parse_mode!r}")
    else:  # plain text; Markdown modes are accepted but not parsed by the emulator
        ents = []
    text, ents = strip_text(text, ents)
    length = utf16_len(text)
    if caption:
        if length > MAX_CAPTION:
            raise ValueError("message caption is too long")
    elif length == 0:
        raise ValueError("message text is empty")
    elif length > MAX_TEXT:
        raise ValueError("message is too long")
    return text, auto_entities(text, ents)
