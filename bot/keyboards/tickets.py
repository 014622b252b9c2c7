"""Call-center keyboards and callback data (pure functions; each callback packs to ≤ 64 bytes).

Prefixes and field order are those of buttons already sent (``tk:take:5``, ``rate:5:4``,
``tka:reopen:5``): keep them.  Numeric fields are :data:`RowId`: ASCII digits in SQLite's
range, so a forged id (``rate:99999999999999999999:5``, ``tka:reopen:¹²³``) fails the
filter and gets the "outdated button" answer instead of an exception.
"""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.i18n import I18n, Translator
from bot.keyboards.base import RowId
from db.repositories.tickets import MessageRow, TicketRow
from db.repositories.users import User
from services.text import trim


class TicketNewCallback(CallbackData, prefix="tnew"):
    """Confirming a new ticket: "go" (with a category) or "no"; offer_id 0 = /ask_consultant."""

    action: str
    offer_id: RowId = 0
    cat: str = ""


class TicketCallback(CallbackData, prefix="tk"):
    """Buttons of a ticket card in the consultants' chat: take, transfer, close, kb."""

    action: str
    ticket_id: RowId


class TransferCallback(CallbackData, prefix="tkx"):
    ticket_id: RowId
    to_id: RowId


class RateCallback(CallbackData, prefix="rate"):
    ticket_id: RowId
    stars: RowId


class AskerTicketCallback(CallbackData, prefix="tka"):
    """The asker's buttons: reopen, skip the rating comment."""

    action: str
    ticket_id: RowId


class DraftCallback(CallbackData, prefix="kbd"):
    """A supervisor approves ("ok") or rejects ("no") a FAQ draft made by Save to KB."""

    action: str
    draft_id: RowId


class RelayRetryCallback(CallbackData, prefix="rlr"):
    """Try a relay that could not be delivered again (supervisors, the ticket's owner)."""

    message_id: RowId


class MediaTicketCallback(CallbackData, prefix="tkm"):
    """A photo, voice note or document sent outside a ticket: open one with it (or not)."""

    action: str  # go | no


# -- the asker's keyboards ----------------------------------------------------------------------
def category_keyboard(
    i18n: I18n, offer_id: int, guessed: str, categories: list[str]
) -> InlineKeyboardMarkup:
    """Send with the guessed category (first), or pick another one, or cancel."""

    def label(category: str) -> str:
        return i18n(f"ticket-category-{category}")

    b = InlineKeyboardBuilder()
    b.button(
        text=i18n("ticket-btn-send", category=label(guessed)),
        callback_data=TicketNewCallback(action="go", offer_id=offer_id, cat=guessed),
    )
    for category in categories:
        if category != guessed:
            b.button(
                text=label(category),
                callback_data=TicketNewCallback(action="go", offer_id=offer_id, cat=category),
            )
    b.button(text=i18n("ticket-btn-cancel"), callback_data=TicketNewCallback(action="no"))
    b.adjust(1, 2, 2, 2, 1)
    return b.as_markup()


def comment_keyboard(i18n: I18n, ticket_id: int) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    b.button(
        text=i18n("ticket-btn-no-comment"),
        callback_data=AskerTicketCallback(action="nocomment", ticket_id=ticket_id),
    )
    return b.as_markup()


def reopen_keyboard(i18n: I18n, tickets: list[TicketRow]) -> InlineKeyboardMarkup | None:
    """Under /my: one "reopen №N" button per ticket that may still be reopened."""
    b = InlineKeyboardBuilder()
    for t in tickets:
        b.button(
            text=i18n("my-btn-reopen", number=t.id),
            callback_data=AskerTicketCallback(action="reopen", ticket_id=t.id),
        )
    b.adjust(1)
    return b.as_markup() if b.buttons else None


def media_ticket_keyboard(t: Translator, lang: str) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    b.button(
        text=t.get(lang, "media-ticket-btn-go"), callback_data=MediaTicketCallback(action="go")
    )
    b.button(text=t.get(lang, "ticket-btn-cancel"), callback_data=MediaTicketCallback(action="no"))
    b.adjust(1)
    return b.as_markup()


# -- the consultants' keyboards -----------------------------------------------------------------
def transfer_keyboard(candidates: list[User], ticket_id: int) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    for person in candidates:
        b.button(
            text=trim(person.display_name or str(person.id), 40)[0],
            callback_data=TransferCallback(ticket_id=ticket_id, to_id=person.id),
        )
    b.adjust(2)
    return b.as_markup()


def draft_keyboard(i18n: I18n, draft_id: int) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    for action, key in (("ok", "drafts-btn-approve"), ("no", "drafts-btn-reject")):
        b.button(text=i18n(key), callback_data=DraftCallback(action=action, draft_id=draft_id))
    return b.as_markup()


def dead_keyboard(i18n: I18n, dead: list[MessageRow]) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    for msg in dead:
        b.button(
            text=i18n("queue-dead-btn", number=msg.ticket_id),
            callback_data=RelayRetryCallback(message_id=msg.id),
        )
    b.adjust(2)
    return b.as_markup()


def relay_retry_keyboard(t: Translator, lang: str, message_id: int) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    b.button(
        text=t.get(lang, "relay-btn-retry"),
        callback_data=RelayRetryCallback(message_id=message_id),
    )
    return b.as_markup()


# -- ticket cards (the relay posts them) -------------------------------------------------------
def card_keyboard(t: Translator, lang: str, ticket: TicketRow) -> InlineKeyboardMarkup:
    """Take (while nobody owns it), transfer and close (while open), and the knowledge base."""
    actions = []
    if ticket.is_open:
        actions = ["take"] if ticket.owner_id is None else []
        actions += ["transfer", "close"]
    b = InlineKeyboardBuilder()
    for action in [*actions, "kb"]:
        b.button(
            text=t.get(lang, f"card-btn-{action}"),
            callback_data=TicketCallback(action=action, ticket_id=ticket.id),
        )
    b.adjust(2)
    return b.as_markup()


def rating_keyboard(
    t: Translator, lang: str, ticket: TicketRow, *, reopen: bool
) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    for stars in range(1, 6):
        b.button(text=f"{stars}⭐", callback_data=RateCallback(ticket_id=ticket.id, stars=stars))
    if reopen:
        b.button(
            text=t.get(lang, "ticket-btn-reopen"),
            callback_data=AskerTicketCallback(action="reopen", ticket_id=ticket.id),
        )
    b.adjust(5, 1)
    return b.as_markup()


def take_keyboard(t: Translator, lang: str, ticket: TicketRow) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    b.button(
        text=t.get(lang, "card-btn-take"),
        callback_data=TicketCallback(action="take", ticket_id=ticket.id),
    )
    return b.as_markup()
