"""Callback data and inline keyboards of events (pure functions).

They live here, not in the handlers, because the background senders (reminders, the outbox)
attach the same buttons to the messages they send.  Prefixes and field order never change:
buttons already sent keep working.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.i18n import I18n
from bot.keyboards.base import RowId, inline
from bot.keyboards.subscriptions import UnsubscribeCallback, mark
from db.repositories.events import Event, RegStatus
from services import geo
from services.event_views import FIELD_KEYS, POSITION_KEYS, local
from services.events import EDITABLE_FIELDS
from services.text import trim


class EventCallback(CallbackData, prefix="ev"):
    action: str  # list, show, reg, unreg, unreg_yes, ics, mine, new, parts, edit, field, cancel,
    #              cancel_yes, announce, announce_yes, announce_import
    id: RowId = 0
    arg: str = ""


class EventFormCallback(CallbackData, prefix="evf"):
    action: str  # tog (toggle audience), all (everyone), done, pub, restart
    kind: str = ""  # o = oblast, p = position
    value: str = ""


def events_list_kb(
    i18n: I18n, events: Sequence[Event], tz: Any, *, staff: bool, mine: bool = True
) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    for event in events[:30]:
        title, _ = trim(event.title(i18n.lang), 40)
        day = local(event.starts_at, tz).strftime("%d.%m")
        cross = "❌ " if event.cancelled else ""
        b.button(
            text=f"{cross}{day} · {title}", callback_data=EventCallback(action="show", id=event.id)
        )
    if mine:
        b.button(text=i18n("event-btn-mine"), callback_data=EventCallback(action="mine"))
    if staff:
        b.button(text=i18n("event-btn-new"), callback_data=EventCallback(action="new"))
    b.adjust(1)
    return b.as_markup()


def _official_buttons(
    b: InlineKeyboardBuilder, i18n: I18n, event: Event, status: RegStatus | None, key: str | None
) -> None:
    """Register / leave (``key``: the register button's text, None when closed) and .ics."""
    if status == RegStatus.registered:
        b.button(text=i18n("event-btn-unregister"), callback_data=_ev("unreg", event.id))
    elif status == RegStatus.waitlist:
        b.button(text=i18n("event-btn-leave-waitlist"), callback_data=_ev("unreg", event.id))
    elif key is not None:
        b.button(text=i18n(key), callback_data=_ev("reg", event.id))
    b.button(text=i18n("event-btn-ics"), callback_data=_ev("ics", event.id))


def _ev(action: str, event_id: int) -> EventCallback:
    return EventCallback(action=action, id=event_id)


def event_card_kb(
    i18n: I18n,
    event: Event,
    *,
    status: RegStatus | None,
    open_: bool,
    full: bool,
    staff: bool,
    admin: bool = False,
) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    if not event.cancelled:
        key = ("event-btn-waitlist" if full else "event-btn-register") if open_ else None
        _official_buttons(b, i18n, event, status, key)
    if staff:
        b.button(text=i18n("event-btn-participants"), callback_data=_ev("parts", event.id))
        if not event.cancelled:
            b.button(text=i18n("event-btn-edit"), callback_data=_ev("edit", event.id))
            if admin:
                b.button(text=i18n("event-btn-announce"), callback_data=_ev("announce", event.id))
            b.button(text=i18n("event-btn-cancel-event"), callback_data=_ev("cancel", event.id))
    b.button(text=i18n("event-btn-back"), callback_data=EventCallback(action="list"))
    b.adjust(1)
    return b.as_markup()


def event_details_kb(
    i18n: I18n, event_id: int, *, unsubscribe_from: int | None = None
) -> InlineKeyboardMarkup:
    """Under notices and reminders: open the event; under announcements also unsubscribe."""
    details = (i18n("event-btn-details"), _ev("show", event_id))
    if unsubscribe_from is None:
        return inline(details)
    unsubscribe = UnsubscribeCallback(broadcast_id=unsubscribe_from)
    return inline(details, (i18n("sub-btn-unsubscribe"), unsubscribe))


def edit_fields_kb(i18n: I18n, event_id: int) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    for name in EDITABLE_FIELDS:
        b.button(
            text=i18n(FIELD_KEYS[name]),
            callback_data=EventCallback(action="field", id=event_id, arg=name),
        )
    b.button(text=i18n("event-btn-back"), callback_data=_ev("show", event_id))
    b.adjust(2)
    return b.as_markup()


def _confirm(i18n: I18n, event_id: int, yes: str | None, action: str) -> InlineKeyboardMarkup:
    """ "Yes" (``yes``: its text; None: no such button) and "back to the card"."""
    back = (i18n("event-btn-back"), _ev("show", event_id))
    return inline((yes, _ev(action, event_id)), back) if yes is not None else inline(back)


def confirm_unregister_kb(i18n: I18n, event_id: int) -> InlineKeyboardMarkup:
    return _confirm(i18n, event_id, i18n("event-btn-unreg-yes"), "unreg_yes")


def confirm_announce_kb(i18n: I18n, event_id: int, count: int) -> InlineKeyboardMarkup:
    yes = i18n("event-btn-announce-yes", count=count) if count else None
    return _confirm(i18n, event_id, yes, "announce_yes")


def confirm_cancel_kb(i18n: I18n, event_id: int) -> InlineKeyboardMarkup:
    return _confirm(i18n, event_id, i18n("event-btn-cancel-yes"), "cancel_yes")


def import_announce_kb(i18n: I18n, count: int) -> InlineKeyboardMarkup:
    text = i18n("event-btn-import-announce", count=count)
    return inline((text, EventCallback(action="announce_import")))


def audience_form_kb(
    i18n: I18n, oblasts: Iterable[str], positions: Iterable[str]
) -> InlineKeyboardMarkup:
    chosen_o, chosen_p = set(oblasts), set(positions)
    b = InlineKeyboardBuilder()
    for region in geo.REGIONS:
        b.button(
            text=f"{mark(region.code in chosen_o)} {region.name(i18n.lang)}",
            callback_data=EventFormCallback(action="tog", kind="o", value=region.code),
        )
    for code, key in POSITION_KEYS.items():
        b.button(
            text=f"{mark(code in chosen_p)} {i18n(key)}",
            callback_data=EventFormCallback(action="tog", kind="p", value=code),
        )
    b.button(text=i18n("event-btn-everyone"), callback_data=EventFormCallback(action="all"))
    b.button(text=i18n("event-btn-next"), callback_data=EventFormCallback(action="done"))
    sizes = [2] * ((len(geo.REGIONS) + 1) // 2) + [2] * ((len(POSITION_KEYS) + 1) // 2) + [2]
    b.adjust(*sizes)
    return b.as_markup()


def preview_form_kb(i18n: I18n) -> InlineKeyboardMarkup:
    return inline(
        (i18n("event-btn-publish"), EventFormCallback(action="pub")),
        (i18n("event-btn-restart"), EventFormCallback(action="restart")),
    )
