"""Callback data and keyboards under search results: suggestions, full text, feedback, and the
"ask a consultant" button (handled by the call-center, handlers/tickets.py)."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import I18n
from bot.keyboards.base import RowId


class EscalateCallback(CallbackData, prefix="esc"):
    """ "Didn't help / ask a consultant" under an answer, or the confirm button of an escalate
    result.  ``offer_id`` is the question's id (``questions`` carries what the bot offered,
    ``services.tickets.record_bot_offer``)."""

    offer_id: RowId


class SearchCallback(CallbackData, prefix="srch"):
    """Buttons under search results: pick a suggestion, full text, helped / didn't help."""

    action: str  # "pick" | "full" | "ok" | "no"
    qid: RowId  # the question-log id (a row of the presser's own question)
    idx: RowId = 0  # index into the logged results
    offer: RowId = 0  # the offer's id (the question's) for the consultant button after "no"


def _button(text: str, data: CallbackData) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data.pack())


def escalate_keyboard(i18n: I18n, offer_id: int, *, confirm: bool) -> InlineKeyboardMarkup:
    """The consultant button: "pass to a consultant" (``confirm``, under "I don't know") or
    "didn't help — ask a consultant" (under an answer)."""
    key = "ticket-escalate-confirm-button" if confirm else "ticket-escalate-button"
    return InlineKeyboardMarkup(
        inline_keyboard=[[_button(i18n(key), EscalateCallback(offer_id=offer_id))]]
    )


# These keyboards go under every answer: built as plain markup (a builder deep-copies every
# button on export, a third of the keyboard's cost on the question path).
def answer_keyboard(
    i18n: I18n, qid: int, idx: int, offer_id: int, *, full: bool, url: str | None = None
) -> InlineKeyboardMarkup:
    """Under an answer: "full text" and "official text" (when there are), helped / didn't."""
    top: list[InlineKeyboardButton] = []
    if full:
        top.append(
            _button(i18n("search-btn-full"), SearchCallback(action="full", qid=qid, idx=idx))
        )
    if url:
        top.append(InlineKeyboardButton(text=i18n("search-btn-official"), url=url))
    feedback = [
        _button(i18n("search-btn-helped"), SearchCallback(action="ok", qid=qid, idx=idx)),
        _button(
            i18n("search-btn-not-helped"),
            SearchCallback(action="no", qid=qid, idx=idx, offer=offer_id),
        ),
    ]
    return InlineKeyboardMarkup(inline_keyboard=[top, feedback] if top else [feedback])


def suggest_keyboard(
    i18n: I18n, qid: int, titles: list[str], offer_id: int
) -> InlineKeyboardMarkup:
    """A button per suggestion (titles already shortened), then the consultant button."""
    rows = [
        [_button(f"{idx + 1}. {title}", SearchCallback(action="pick", qid=qid, idx=idx))]
        for idx, title in enumerate(titles)
    ]
    escalate = _button(i18n("ticket-escalate-button"), EscalateCallback(offer_id=offer_id))
    return InlineKeyboardMarkup(inline_keyboard=[*rows, [escalate]])
