"""Call-center keyboards and callback data added for issue 11 (pure functions)."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.i18n import Translator


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
