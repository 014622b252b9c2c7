"""Callback data and keyboards under search results: suggestions, full text, feedback, and the
"ask a consultant" button (handled by the call-center, handlers/tickets.py)."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.i18n import I18n
from bot.keyboards.common import DbInt


class EscalateCallback(CallbackData, prefix="esc"):
    """ "Didn't help / ask a consultant" under an answer, or the confirm button of an escalate
    result.  ``offer_id`` is the question's id (``questions`` carries what the bot offered,
    ``services.tickets.record_bot_offer``)."""

    offer_id: DbInt


class SearchCallback(CallbackData, prefix="srch"):
    """Buttons under search results: pick a suggestion, full text, helped / didn't help."""

    action: str  # "pick" | "full" | "ok" | "no"
    qid: DbInt  # the question-log id (a row of the presser's own question)
    idx: DbInt = 0  # index into the logged results
    offer: DbInt = 0  # the offer's id (the question's) for the consultant button after "no"


def escalate_keyboard(i18n: I18n, offer_id: int, *, confirm: bool) -> InlineKeyboardMarkup:
    """The consultant button: "pass to a consultant" (``confirm``, under "I don't know") or
    "didn't help — ask a consultant" (under an answer)."""
    b = InlineKeyboardBuilder()
    key = "ticket-escalate-confirm-button" if confirm else "ticket-escalate-button"
    b.button(text=i18n(key), callback_data=EscalateCallback(offer_id=offer_id))
    return b.as_markup()


def answer_keyboard(
    i18n: I18n, qid: int, idx: int, offer_id: int, *, full: bool, url: str | None = None
) -> InlineKeyboardMarkup:
    """Under an answer: "full text" and "official text" (when there are), helped / didn't."""
    b = InlineKeyboardBuilder()
    top = 0
    if full:
        b.button(
            text=i18n("search-btn-full"),
            callback_data=SearchCallback(action="full", qid=qid, idx=idx),
        )
        top += 1
    if url:
        b.button(text=i18n("search-btn-official"), url=url)
        top += 1
    b.button(
        text=i18n("search-btn-helped"), callback_data=SearchCallback(action="ok", qid=qid, idx=idx)
    )
    b.button(
        text=i18n("search-btn-not-helped"),
        callback_data=SearchCallback(action="no", qid=qid, idx=idx, offer=offer_id),
    )
    b.adjust(*([top] if top else []), 2)
    return b.as_markup()


def suggest_keyboard(
    i18n: I18n, qid: int, titles: list[str], offer_id: int
) -> InlineKeyboardMarkup:
    """A button per suggestion (titles already shortened), then the consultant button."""
    b = InlineKeyboardBuilder()
    for idx, title in enumerate(titles):
        b.button(
            text=f"{idx + 1}. {title}",
            callback_data=SearchCallback(action="pick", qid=qid, idx=idx),
        )
    b.button(text=i18n("ticket-escalate-button"), callback_data=EscalateCallback(offer_id=offer_id))
    b.adjust(1)
    return b.as_markup()
