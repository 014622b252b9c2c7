"""CallbackData classes shared across features (each packs to at most 64 bytes).

Feature modules define their own CallbackData next to their handlers; prefixes must be unique
(checked by a test).
"""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData

# the search side's and the language picker's, where their keyboards are (importable from here)
from bot.keyboards.common import LangCallback
from bot.keyboards.search import EscalateCallback

__all__ = [
    "AskerTicketCallback",
    "DraftCallback",
    "EscalateCallback",
    "LangCallback",
    "MenuCallback",
    "RateCallback",
    "TicketCallback",
    "TicketNewCallback",
    "TransferCallback",
]


class MenuCallback(CallbackData, prefix="menu"):
    action: str


# --- Call-center (issue 4): tickets -------------------------------------------------------------
class TicketNewCallback(CallbackData, prefix="tnew"):
    """Confirming a new ticket: act "go" (with a category) or "no"; offer_id 0 = /ask_consultant."""

    act: str
    offer_id: int = 0
    cat: str = ""


class TicketCallback(CallbackData, prefix="tk"):
    """Buttons of a ticket card in the consultants' chat: take, transfer, close, kb."""

    action: str
    ticket_id: int


class TransferCallback(CallbackData, prefix="tkx"):
    ticket_id: int
    to_id: int


class RateCallback(CallbackData, prefix="rate"):
    ticket_id: int
    stars: int


class AskerTicketCallback(CallbackData, prefix="tka"):
    """The asker's buttons: reopen, skip the rating comment."""

    action: str
    ticket_id: int


class DraftCallback(CallbackData, prefix="kbd"):
    """A supervisor approves ("ok") or rejects ("no") a FAQ draft made by Save to KB."""

    action: str
    draft_id: int
