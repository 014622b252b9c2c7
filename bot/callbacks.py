"""CallbackData classes shared across features (each packs to at most 64 bytes).

Feature modules define their own CallbackData next to their handlers; prefixes must be unique
(checked by a test).
"""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class LangCallback(CallbackData, prefix="lang"):
    code: str  # "ky" | "ru"


class MenuCallback(CallbackData, prefix="menu"):
    action: str


# --- Call-center (issue 4): tickets -------------------------------------------------------------
class EscalateCallback(CallbackData, prefix="esc"):
    """ "Didn't help / ask a consultant" under an answer, or the confirm button of an escalate
    result.  ``offer_id`` is a ``bot_offers`` row made by ``services.tickets.record_bot_offer``."""

    offer_id: int


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
