"""Fluent-based translations for Kyrgyz and Russian.

Every ``*.ftl`` file under ``locales/<lang>/`` is loaded into one bundle per language.  String
arguments are HTML-escaped automatically (messages are sent with parse_mode=HTML); wrap an
already-safe HTML fragment in :class:`Html` to pass it through unchanged.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from fluent.runtime import FluentBundle, FluentResource
from fluent.runtime.types import fluent_number

from bot.config import LANGUAGES, PROJECT_ROOT
from services.text import Html

log = logging.getLogger(__name__)
LOCALES_DIR = PROJECT_ROOT / "locales"

# A string that is plainly a number ("3", "1.5"; no sign, no leading zero) is passed to Fluent as
# a number, so that plural selectors work whoever formatted it (``format_days(3)`` → "3").
_NUMERIC = re.compile(r"(?:0|[1-9][0-9]{0,15})(?:\.[0-9]{1,6})?")


# Fluent refuses a placeable over 1,000 characters: a longer plain-text value (a user's text
# quoted back, "«…» is not a date") is cut to fit (long content goes as Html, not through here).
PLACEABLE_LIMIT = 1000


def _arg(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, Html):
        return str(value)
    if isinstance(value, bool):
        return html.escape(str(value), quote=False)
    if isinstance(value, int | float):
        return fluent_number(value, useGrouping=False)
    if isinstance(value, str) and _NUMERIC.fullmatch(value):
        number = float(value) if "." in value else int(value)
        return fluent_number(number, useGrouping=False)
    text = str(value)
    escaped = html.escape(text, quote=False)
    while len(escaped) > PLACEABLE_LIMIT:  # a long text quoted back: cut, never an error
        text = text[: max(1, min(len(text), PLACEABLE_LIMIT) * 9 // 10)].rstrip() + "…"
        escaped = html.escape(text, quote=False)
    return escaped


class Translator:
    """All bundles; app-wide (Dispatcher data ``translator``)."""

    def __init__(self, locales_dir: Path = LOCALES_DIR, languages: Iterable[str] = LANGUAGES):
        self.languages = tuple(languages)
        self.default = self.languages[0]
        self._bundles: dict[str, FluentBundle] = {}
        self._keys: dict[str, set[str]] = {}
        # messages formatted without arguments (buttons, hints: most of an answer's strings)
        self._plain: dict[tuple[str, str], str] = {}
        for lang in self.languages:
            bundle = FluentBundle([lang], use_isolating=False)
            keys: set[str] = set()
            for path in sorted((locales_dir / lang).glob("*.ftl")):
                resource = FluentResource(path.read_text(encoding="utf-8"))
                for entry in resource.body:
                    if type(entry).__name__ == "Junk":  # a syntax error drops the message
                        raise ValueError(f"{path}: cannot parse {entry.content.strip()[:80]!r}")
                    ident = getattr(getattr(entry, "id", None), "name", None)
                    if ident and type(entry).__name__ == "Message":
                        if ident in keys:
                            raise ValueError(f"{path}: duplicate message id {ident!r}")
                        keys.add(ident)
                errors = bundle.add_resource(resource)
                if errors:
                    raise ValueError(f"{path}: {errors[0]}")
            self._bundles[lang] = bundle
            self._keys[lang] = keys

    def keys(self, lang: str) -> set[str]:
        return set(self._keys[lang])

    def has(self, key: str, lang: str | None = None) -> bool:
        return key in self._keys[lang or self.default]

    def get(self, lang: str, key: str, /, **kwargs: Any) -> str:
        if not kwargs:
            plain = self._plain.get((lang, key))
            if plain is not None:
                return plain
        bundle = self._bundles.get(lang) or self._bundles[self.default]
        if not bundle.has_message(key):
            log.error("missing translation %r for %s", key, lang)
            return key
        message = bundle.get_message(key)
        if message.value is None:
            return key
        args = {name: _arg(value) for name, value in kwargs.items()}
        text, errors = bundle.format_pattern(message.value, args)
        if errors:
            log.error("translation %r (%s): %s", key, lang, errors)
        elif not kwargs and lang in self._bundles:
            self._plain[(lang, key)] = text  # the same text every time: formatted once
        return text

    def bind(self, lang: str) -> I18n:
        return I18n(self, lang if lang in self._bundles else self.default)


class I18n:
    """The translator bound to one user's language; handlers get it as ``i18n``."""

    __slots__ = ("lang", "translator")

    def __init__(self, translator: Translator, lang: str) -> None:
        self.translator = translator
        self.lang = lang

    def __call__(self, key: str, /, **kwargs: Any) -> str:
        return self.translator.get(self.lang, key, **kwargs)

    def other(self) -> str:
        return "ru" if self.lang == "ky" else "ky"
