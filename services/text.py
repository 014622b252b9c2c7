"""Text helpers: HTML escaping, safe HTML fragments, splitting long HTML into Telegram-sized
messages, trimming, how to address a person; and the shape of a translator that business rules
write texts with (:class:`bot.i18n.Translator` / :class:`bot.i18n.I18n` are the real ones).
Pure functions, no Telegram types: services and bot both use them.
"""

from __future__ import annotations

import html
import re
from typing import Any, Protocol

TELEGRAM_TEXT_LIMIT = 4096
TELEGRAM_CAPTION_LIMIT = 1024

_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>")


class Html(str):
    """A string that is already safe HTML and must not be escaped again."""

    __slots__ = ()


class TranslatorLike(Protocol):
    """What renders a message by language and key (:class:`bot.i18n.Translator`)."""

    def get(self, lang: str, key: str, /, **kwargs: Any) -> str: ...


class I18nLike(Protocol):
    """A translator bound to one reader's language (:class:`bot.i18n.I18n`)."""

    @property
    def lang(self) -> str: ...

    def __call__(self, key: str, /, **kwargs: Any) -> str: ...


def escape(value: object) -> str:
    return html.escape(str(value), quote=False)


def visible_length(fragment: str) -> int:
    """Length of an HTML fragment as Telegram counts it (tags removed, entities decoded)."""
    return len(html.unescape(_TAG.sub("", fragment)))


def _cut_point(text: str, limit: int) -> int:
    """Best place to cut ``text[:limit]``: paragraph, line, sentence, space — never in a tag
    or an HTML entity."""
    window = text[:limit]
    for sep in ("\n\n", "\n", ". ", " "):
        pos = window.rfind(sep)
        if pos > limit // 3:
            cut = pos + len(sep)
            break
    else:
        cut = limit
    # do not cut inside a tag or an entity
    lt, gt = text.rfind("<", 0, cut), text.rfind(">", 0, cut)
    if lt > gt:
        cut = lt
    amp = text.rfind("&", 0, cut)
    if amp != -1 and ";" not in text[amp:cut] and cut - amp < 10:
        cut = amp
    return max(cut, 1)


def split_html(text: str, limit: int = TELEGRAM_TEXT_LIMIT) -> list[str]:
    """Split HTML text into parts each at most ``limit`` visible characters (and at most
    ``limit`` raw characters), closing open tags at the end of a part and reopening them
    at the start of the next.  Nothing is dropped."""
    parts: list[str] = []
    open_tags: list[tuple[str, str]] = []  # (name, full opening tag)
    rest = text
    while rest:
        prefix = "".join(tag for _, tag in open_tags)
        budget = limit - len(prefix) - sum(len(n) + 3 for n, _ in open_tags) - 16
        if len(rest) <= budget:
            chunk, rest = rest, ""
        else:
            cut = _cut_point(rest, max(budget, 16))
            chunk, rest = rest[:cut], rest[cut:]
        body = prefix + chunk
        for match in _TAG.finditer(chunk):
            closing, name = match.group(1), match.group(2).lower()
            if closing:
                for i in range(len(open_tags) - 1, -1, -1):
                    if open_tags[i][0] == name:
                        del open_tags[i]
                        break
            else:
                open_tags.append((name, match.group(0)))
        body += "".join(f"</{name}>" for name, _ in reversed(open_tags))
        if body.strip():
            parts.append(body.strip("\n") if not open_tags else body)
        rest = rest.lstrip("\n") if rest else rest
    return parts or [""]


def trim(text: str, limit: int, *, tidy: bool = False) -> tuple[str, bool]:
    """``text`` cut at a word or line boundary to at most ``limit`` characters (an ellipsis
    ending it); whether it was cut.  ``tidy``: runs of spaces are collapsed and empty lines
    dropped first (line breaks are kept: the points of an article)."""
    if tidy:
        lines = [" ".join(line.split()) for line in text.strip().splitlines()]
        text = "\n".join(line for line in lines if line)
    if len(text) <= limit:
        return text, False
    cut = text[: limit - 1]
    space = max(cut.rfind(" "), cut.rfind("\n"))
    if space >= limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:\n") + "…", True


# -- how to address a person ----------------------------------------------------------------------
_PATRONYMIC = re.compile(r"(?:ович|евич|ич|овна|евна|ична|инична)$", re.IGNORECASE)
_SURNAME = re.compile(
    r"(?:ов|ев|ёв|ова|ева|ёва|ин|ина|ын|ына|ский|ская|цкий|цкая|енко|ко|дзе|швили|ян|янц)$",
    re.IGNORECASE,
)
_PATRONYMIC_WORDS = {"уулу", "кызы", "улы", "кызы.", "оглы", "гызы"}


def address_name(full_name: str | None, first_name: str | None, lang: str) -> str:
    """How the bot addresses a person: the first name (Kyrgyz), the first name and patronymic
    (Russian) — never "Surname Name Patronymic".

    ``full_name`` is what the user typed in the profile ("Жумабеков Айбек Сыдыкович",
    "Айбек Жумабеков", "Айбек Сыдык уулу Жумабеков"); ``first_name`` is Telegram's, used when
    the profile has no name or the name cannot be read."""
    words = (full_name or "").split()
    if not words:
        return (first_name or "").strip()
    patronymic: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        if i + 1 < len(words) and words[i + 1].casefold() in _PATRONYMIC_WORDS:
            patronymic = [word, words[i + 1]]  # "Сыдык уулу"
            i += 2
            continue
        if _PATRONYMIC.search(word) and len(word) > 4 and not patronymic:
            patronymic = [word]
        else:
            rest.append(word)
        i += 1
    telegram = (first_name or "").strip().casefold()
    given = [w for w in rest if w.casefold() == telegram] or [
        w for w in rest if not _SURNAME.search(w)
    ]
    if not given:  # every word looks like a surname: the profile asks "surname, name, …"
        given = rest[1:2] or rest[:1]
    elif len(given) > 1 and len(rest) == len(given):  # no surname found: "Фамилия Имя" order
        given = given[1:2] if not patronymic else given[1:2] or given[:1]
    first = given[0] if given else (first_name or words[0])
    if lang == "ru" and patronymic:
        return " ".join([first, *patronymic])
    return first
