"""Callback data and inline keyboards of /broadcast: the audience, the confirmation and the
controls under a running broadcast's live progress message (pure functions)."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.i18n import I18n
from bot.keyboards.fields import RowId
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
    b.button(text=i18n("bc-btn-preview"), callback_data=BroadcastCallback(action="preview"))
    b.button(text=i18n("bc-btn-abort"), callback_data=BroadcastCallback(action="abort"))
    b.adjust(1, 1, 1, 2, 2, 1, 1)
    return b.as_markup()


def one_text_kb(i18n: I18n) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    b.button(text=i18n("bc-btn-one-text"), callback_data=BroadcastCallback(action="one"))
    b.button(text=i18n("bc-btn-abort"), callback_data=BroadcastCallback(action="abort"))
    b.adjust(1)
    return b.as_markup()


def confirm_bc_kb(i18n: I18n) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    b.button(text=i18n("bc-btn-send-now"), callback_data=BroadcastCallback(action="now"))
    b.button(text=i18n("bc-btn-schedule"), callback_data=BroadcastCallback(action="at"))
    b.button(text=i18n("bc-btn-edit-audience"), callback_data=_page("main"))
    b.button(text=i18n("bc-btn-abort"), callback_data=BroadcastCallback(action="abort"))
    b.adjust(2, 1, 1)
    return b.as_markup()


def progress_kb(i18n: I18n, bc_id: int, status: str) -> InlineKeyboardMarkup | None:
    """Pause/resume and cancel under a live progress message (none once it is over)."""
    if status not in ("running", "paused", "scheduled"):
        return None
    b = InlineKeyboardBuilder()
    if status == "running":
        b.button(
            text=i18n("bc-btn-pause"), callback_data=BroadcastCallback(action="pause", id=bc_id)
        )
    elif status == "paused":
        b.button(
            text=i18n("bc-btn-resume"), callback_data=BroadcastCallback(action="resume", id=bc_id)
        )
    b.button(text=i18n("bc-btn-cancel"), callback_data=BroadcastCallback(action="cancel", id=bc_id))
    b.adjust(2)
    return b.as_markup()


def confirm_bc_cancel_kb(i18n: I18n, bc_id: int) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    b.button(
        text=i18n("bc-btn-cancel-yes"),
        callback_data=BroadcastCallback(action="cancel_yes", id=bc_id),
    )
    b.button(
        text=i18n("bc-btn-cancel-no"), callback_data=BroadcastCallback(action="show", id=bc_id)
    )
    b.adjust(1)
    return b.as_markup()
