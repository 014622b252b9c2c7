"""Callback data and inline keyboards of /broadcast: the audience, the confirmation and the
controls under a running broadcast's live progress message (pure functions)."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.i18n import I18n
from bot.keyboards.base import RowId, inline
from bot.keyboards.subscriptions import mark
from services import geo
from services.event_views import LANGUAGE_KEYS, POSITION_KEYS, TOPIC_KEYS
from services.subscriptions import TOPICS, AnnouncementAudience


class BroadcastCallback(CallbackData, prefix="bc"):
    action: str  # pause, resume, cancel, cancel_yes, show, now, at, preview, one, tog, page, abort
    id: RowId = 0
    kind: str = ""  # t = topic, r = region, p = position, l = language
    value: str = ""


def _toggles(
    b: InlineKeyboardBuilder,
    kind: str,
    chosen: frozenset[str] | set[str],
    items: list[tuple[str, str]],
) -> None:
    """One ✅/▫️ button per (code, label)."""
    for code, label in items:
        b.button(
            text=f"{mark(code in chosen)} {label}",
            callback_data=BroadcastCallback(action="tog", kind=kind, value=code),
        )


def _page(value: str) -> BroadcastCallback:
    return BroadcastCallback(action="page", value=value)


def audience_bc_kb(i18n: I18n, audience: AnnouncementAudience, page: str) -> InlineKeyboardMarkup:
    """The audience of an announcement; ``page`` = main, regions or positions."""
    b = InlineKeyboardBuilder()
    if page in ("regions", "positions"):
        if page == "regions":
            items = [(r.code, r.name(i18n.lang)) for r in geo.REGIONS]
            _toggles(b, "r", set(audience.regions), items)
        else:
            items = [(code, i18n(key)) for code, key in POSITION_KEYS.items()]
            _toggles(b, "p", set(audience.positions), items)
        b.button(text=i18n("event-btn-back"), callback_data=_page("main"))
        b.adjust(2)
        return b.as_markup()
    _toggles(b, "t", set(audience.topics), [(t, i18n(TOPIC_KEYS[t])) for t in TOPICS])
    b.button(text=i18n("bc-btn-regions"), callback_data=_page("regions"))
    b.button(text=i18n("bc-btn-positions"), callback_data=_page("positions"))
    languages = [(lang, i18n(LANGUAGE_KEYS[lang])) for lang in ("ky", "ru")]
    _toggles(b, "l", set(audience.languages), languages)
    b.button(text=i18n("bc-btn-preview"), callback_data=_bc("preview"))
    b.button(text=i18n("bc-btn-abort"), callback_data=_bc("abort"))
    b.adjust(1, 1, 1, 2, 2, 1, 1)
    return b.as_markup()


def _bc(action: str, bc_id: int = 0) -> BroadcastCallback:
    return BroadcastCallback(action=action, id=bc_id)


def one_text_kb(i18n: I18n) -> InlineKeyboardMarkup:
    return inline(
        (i18n("bc-btn-one-text"), _bc("one")),
        (i18n("bc-btn-abort"), _bc("abort")),
    )


def confirm_bc_kb(i18n: I18n) -> InlineKeyboardMarkup:
    return inline(
        (i18n("bc-btn-send-now"), _bc("now")),
        (i18n("bc-btn-schedule"), _bc("at")),
        (i18n("bc-btn-edit-audience"), _page("main")),
        (i18n("bc-btn-abort"), _bc("abort")),
        adjust=(2, 1, 1),
    )


def progress_kb(i18n: I18n, bc_id: int, status: str) -> InlineKeyboardMarkup | None:
    """Pause/resume and cancel under a live progress message (none once it is over)."""
    cancel = (i18n("bc-btn-cancel"), _bc("cancel", bc_id))
    if status == "running":
        return inline((i18n("bc-btn-pause"), _bc("pause", bc_id)), cancel, adjust=(2,))
    if status == "paused":
        return inline((i18n("bc-btn-resume"), _bc("resume", bc_id)), cancel, adjust=(2,))
    return inline(cancel) if status == "scheduled" else None


def confirm_bc_cancel_kb(i18n: I18n, bc_id: int) -> InlineKeyboardMarkup:
    return inline(
        (i18n("bc-btn-cancel-yes"), _bc("cancel_yes", bc_id)),
        (i18n("bc-btn-cancel-no"), _bc("show", bc_id)),
    )
