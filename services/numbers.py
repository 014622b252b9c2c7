"""The one parser of numbers typed or sent by users (commands, callback data, form fields).

Only ASCII digits are accepted ("¹²³", "١٢٣", "+5", " 5", "5.0" are not numbers here, though
``str.isdigit`` or ``int`` would take some of them), and the value must lie in a range, so
nothing outside SQLite's 64-bit integers ever reaches the database.
"""

from __future__ import annotations

DB_ID_MAX = 2**63 - 1  # SQLite INTEGER


def parse_int(
    text: str | None, *, lo: int = 0, hi: int = DB_ID_MAX, signed: bool = False
) -> int | None:
    """``text`` as an int in ``[lo, hi]``, or ``None``.  ``signed`` allows one leading "-"."""
    if text is None:
        return None
    negative = signed and text.startswith("-")
    body = text[1:] if negative else text
    if not body or len(body) > 19 or not body.isascii() or not body.isdigit():
        return None
    value = -int(body) if negative else int(body)
    return value if lo <= value <= hi else None


def parse_id(text: str | None) -> int | None:
    """A row id or a Telegram user id: 1 … 2^63-1."""
    return parse_int(text, lo=1)
