"""Call-center keyboards and callback data added for issue 11 (pure functions)."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks import AskerTicketCallback, RateCallback, TicketCallback
from bot.i18n import Translator
from db.repositories.tickets import TicketRow


class RelayRetryCallback(CallbackData, prefix="rlr"):
    """Try a relay that could not be delivered again (supervisors, the ticket's owner)."""

    message_id: int


class MediaTicketCallback(CallbackData, prefix="tkm"):
    """A photo, voice note or document sent outside a ticket: open one with it (or not)."""

    act: str  # go | no


def relay_retry_keyboard(t: Translator, lang: str, message_id: int) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    b.button(
        text=t.get(lang, "relay-btn-retry"),
        callback_data=RelayRetryCallback(message_id=message_id),
    )
    return b.as_markup()


def media_ticket_keyboard(t: Translator, lang: str) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    b.button(text=t.get(lang, "media-ticket-btn-go"), callback_data=MediaTicketCallback(act="go"))
    b.button(text=t.get(lang, "ticket-btn-cancel"), callback_data=MediaTicketCallback(act="no"))
    b.adjust(1)
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
