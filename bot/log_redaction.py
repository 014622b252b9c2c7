"""Keep the bot token out of the logs.

aiogram's error texts can carry the request URL (``…/bot<id>:<secret>/sendMessage``) — a Bot
API server's error page may echo the path — and a traceback can show it too.  The
:class:`TokenRedactingFilter`, installed on the root logger's handlers at start-up
(:func:`install`), rewrites every record before it is written: the configured token(s), any
``bot<digits>:<secret>`` and any bare ``<digits>:<35-character secret>`` become ``<token>``,
in the message, its arguments, the exception text and the stack.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable

MASK = "<token>"
# "bot123456:AA…" in a URL path, or a bare token of Telegram's shape (8-10 digits, ':', 35
# characters of [A-Za-z0-9_-]; a little slack both ways).
_PATTERNS = (
    re.compile(r"bot\d{3,}:[A-Za-z0-9_-]+"),
    re.compile(r"(?<![A-Za-z0-9_-])\d{6,}:[A-Za-z0-9_-]{30,}"),
)


def redact(text: str, tokens: Iterable[str] = ()) -> str:
    for token in tokens:
        if token:
            text = text.replace(token, MASK)
    for pattern in _PATTERNS:
        text = pattern.sub(MASK, text)
    return text


class TokenRedactingFilter(logging.Filter):
    """A handler filter: never drops a record, only masks the token in it."""

    def __init__(self, tokens: Iterable[str] = ()) -> None:
        super().__init__()
        self.tokens = sorted({t for t in tokens if t}, key=len, reverse=True)

    def add_token(self, token: str | None) -> None:
        if token and token not in self.tokens:
            self.tokens = sorted({*self.tokens, token}, key=len, reverse=True)

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: leave it to the handler's own error path
            return True
        clean = redact(message, self.tokens)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text, self.tokens)
        if record.stack_info:
            record.stack_info = redact(record.stack_info, self.tokens)
        return True


def install(
    tokens: Iterable[str] = (), logger: logging.Logger | None = None
) -> TokenRedactingFilter:
    """Put one redacting filter on every handler of ``logger`` (the root logger by default).

    ``BOT_TOKEN`` from the environment is always masked; call again after adding handlers."""
    target = logger or logging.getLogger()
    found: TokenRedactingFilter | None = None
    for handler in target.handlers:
        for existing in handler.filters:
            if isinstance(existing, TokenRedactingFilter):
                found = existing
    flt = found or TokenRedactingFilter()
    for token in (*tokens, os.environ.get("BOT_TOKEN", "").strip()):
        flt.add_token(token)
    for handler in target.handlers:
        if flt not in handler.filters:
            handler.addFilter(flt)
    return flt
