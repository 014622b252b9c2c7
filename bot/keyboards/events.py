"""Callback data and inline keyboards of events, subscriptions and broadcasts (pure functions).

They live here, not in the handlers, because the background senders (reminders, the outbox)
attach the same buttons to the messages they send.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.i18n import I18n
from db.repositories.events import Event, RegStatus
from services import geo
from services.event_views import FIELD_KEYS, LANGUAGE_KEYS, POSITION_KEYS, TOPIC_KEYS, local
from services.subscriptions import TOPICS, AnnouncementAudience, Subscription
from services.text import trim


class EventCb(CallbackData, prefix="ev"):
    action: str  # list, show, reg, unreg, ics, mine, new, parts, edit, field, cancel, cancel_yes,
    #              announce
    id: int = 0
    arg: str = ""


class EventFormCb(CallbackData, prefix="evf"):
    action: str  # tog (toggle audience), all (everyone), done, pub, restart
    kind: str = ""  # o = oblast, p = position
    value: str = ""


class SubCb(CallbackData, prefix="sub"):
    action: str  # t = topic, r = region, regions, back, undo
    value: str = ""


class UnsubCb(CallbackData, prefix="unsub"):
    b: int  # broadcast id: unsubscribe from its topics


class BcCb(CallbackData, prefix="bc"):
    action: str  # pause, resume, cancel, cancel_yes, now, at, preview, aud, tog, page, abort
    id: int = 0
    kind: str = ""  # t = topic, r = region, p = position, l = language
    value: str = ""


def _mark(on: bool) -> str:
    return "✅" if on else "▫️"


# -- events ------------------------------------------------------------------------------------
def events_list_kb(
    i18n: I18n, events: Sequence[Event], tz, *, staff: bool, mine: bool = True
) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    for event in events[:30]:
        title, _ = trim(event.title(i18n.lang), 40)
        day = local(event.starts_at, tz).strftime("%d.%m")
        mark = "❌ " if event.cancelled else ""
        b.button(text=f"{mark}{day} · {title}", callback_data=EventCb(action="show", id=event.id))
    if mine:
        b.button(text=i18n("event-btn-mine"), callback_data=EventCb(action="mine"))
    if staff:
        b.button(text=i18n("event-btn-new"), callback_data=EventCb(action="new"))
    b.adjust(1)
    return b.as_markup()


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
        if status == RegStatus.registered:
            b.button(
                text=i18n("event-btn-unregister"),
                callback_data=EventCb(action="unreg", id=event.id),
            )
        elif status == RegStatus.waitlist:
            b.button(
                text=i18n("event-btn-leave-waitlist"),
                callback_data=EventCb(action="unreg", id=event.id),
            )
        elif open_:
            key = "event-btn-waitlist" if full else "event-btn-register"
            b.button(text=i18n(key), callback_data=EventCb(action="reg", id=event.id))
        b.button(text=i18n("event-btn-ics"), callback_data=EventCb(action="ics", id=event.id))
    if staff:
        b.button(
            text=i18n("event-btn-participants"), callback_data=EventCb(action="parts", id=event.id)
        )
        if not event.cancelled:
            b.button(text=i18n("event-btn-edit"), callback_data=EventCb(action="edit", id=event.id))
            if admin:
                b.button(
                    text=i18n("event-btn-announce"),
                    callback_data=EventCb(action="announce", id=event.id),
                )
            b.button(
                text=i18n("event-btn-cancel-event"),
                callback_data=EventCb(action="cancel", id=event.id),
            )
    b.button(text=i18n("event-btn-back"), callback_data=EventCb(action="list"))
    b.adjust(1)
    return b.as_markup()


def event_details_kb(
    i18n: I18n, event_id: int, *, unsubscribe_from: int | None = None
) -> InlineKeyboardMarkup:
    """Under notices and reminders: open the event; under announcements also unsubscribe."""
    b = InlineKeyboardBuilder()
    b.button(text=i18n("event-btn-details"), callback_data=EventCb(action="show", id=event_id))
    if unsubscribe_from is not None:
        b.button(text=i18n("sub-btn-unsubscribe"), callback_data=UnsubCb(b=unsubscribe_from))
    b.adjust(1)
    return b.as_markup()


def edit_fields_kb(i18n: I18n, event_id: int) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    for name, key in FIELD_KEYS.items():
        if name in ("audience", "online_url"):
            continue
        b.button(text=i18n(key), callback_data=EventCb(action="field", id=event_id, arg=name))
    b.button(text=i18n("event-btn-back"), callback_data=EventCb(action="show", id=event_id))
    b.adjust(2)
    return b.as_markup()


def confirm_unregister_kb(i18n: I18n, event_id: int) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    b.button(
        text=i18n("event-btn-unreg-yes"), callback_data=EventCb(action="unreg_yes", id=event_id)
    )
    b.button(text=i18n("event-btn-back"), callback_data=EventCb(action="show", id=event_id))
    b.adjust(1)
    return b.as_markup()


def confirm_announce_kb(i18n: I18n, event_id: int, count: int) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    if count:
        b.button(
            text=i18n("event-btn-announce-yes", count=count),
            callback_data=EventCb(action="announce_yes", id=event_id),
        )
    b.button(text=i18n("event-btn-back"), callback_data=EventCb(action="show", id=event_id))
    b.adjust(1)
    return b.as_markup()


def import_announce_kb(i18n: I18n, count: int) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    b.button(
        text=i18n("event-btn-import-announce", count=count),
        callback_data=EventCb(action="announce_import"),
    )
    return b.as_markup()


def confirm_cancel_kb(i18n: I18n, event_id: int) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    b.button(
        text=i18n("event-btn-cancel-yes"), callback_data=EventCb(action="cancel_yes", id=event_id)
    )
    b.button(text=i18n("event-btn-back"), callback_data=EventCb(action="show", id=event_id))
    b.adjust(1)
    return b.as_markup()


def audience_form_kb(
    i18n: I18n, oblasts: Iterable[str], positions: Iterable[str]
) -> InlineKeyboardMarkup:
    chosen_o, chosen_p = set(oblasts), set(positions)
    b = InlineKeyboardBuilder()
    for region in geo.REGIONS:
        b.button(
            text=f"{_mark(region.code in chosen_o)} {region.name(i18n.lang)}",
            callback_data=EventFormCb(action="tog", kind="o", value=region.code),
        )
    for code, key in POSITION_KEYS.items():
        b.button(
            text=f"{_mark(code in chosen_p)} {i18n(key)}",
            callback_data=EventFormCb(action="tog", kind="p", value=code),
        )
    b.button(text=i18n("event-btn-everyone"), callback_data=EventFormCb(action="all"))
    b.button(text=i18n("event-btn-next"), callback_data=EventFormCb(action="done"))
    sizes = [2] * ((len(geo.REGIONS) + 1) // 2) + [2] * ((len(POSITION_KEYS) + 1) // 2) + [2]
    b.adjust(*sizes)
    return b.as_markup()


def preview_form_kb(i18n: I18n) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    b.button(text=i18n("event-btn-publish"), callback_data=EventFormCb(action="pub"))
    b.button(text=i18n("event-btn-restart"), callback_data=EventFormCb(action="restart"))
    b.adjust(1)
    return b.as_markup()


# -- subscriptions ------------------------------------------------------------------------------
def subscriptions_kb(i18n: I18n, sub: Subscription) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    for topic in TOPICS:
        b.button(
            text=f"{_mark(topic in sub.topics)} {i18n(TOPIC_KEYS[topic])}",
            callback_data=SubCb(action="t", value=topic),
        )
    b.button(text=i18n("sub-btn-regions"), callback_data=SubCb(action="regions"))
    b.adjust(1)
    return b.as_markup()


def regions_kb(i18n: I18n, sub: Subscription, own_oblast: str | None) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    for region in geo.REGIONS:
        if region.code == own_oblast:
            text = f"🏠 {region.name(i18n.lang)}"
            data = SubCb(action="own")
        else:
            text = f"{_mark(region.code in sub.regions)} {region.name(i18n.lang)}"
            data = SubCb(action="r", value=region.code)
        b.button(text=text, callback_data=data)
    b.button(text=i18n("event-btn-back"), callback_data=SubCb(action="back"))
    b.adjust(2)
    return b.as_markup()


def unsubscribed_kb(i18n: I18n, topics: Iterable[str]) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    b.button(text=i18n("sub-btn-undo"), callback_data=SubCb(action="undo", value=".".join(topics)))
    b.button(text=i18n("sub-btn-manage"), callback_data=SubCb(action="back"))
    b.adjust(1)
    return b.as_markup()


def announcement_kb(i18n: I18n, broadcast_id: int) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    b.button(text=i18n("sub-btn-unsubscribe"), callback_data=UnsubCb(b=broadcast_id))
    return b.as_markup()


# -- broadcasts ---------------------------------------------------------------------------------
def audience_bc_kb(i18n: I18n, audience: AnnouncementAudience, page: str) -> InlineKeyboardMarkup:
    """The audience of an announcement; ``page`` = main, regions or positions."""
    b = InlineKeyboardBuilder()
    if page == "regions":
        for region in geo.REGIONS:
            b.button(
                text=f"{_mark(region.code in audience.regions)} {region.name(i18n.lang)}",
                callback_data=BcCb(action="tog", kind="r", value=region.code),
            )
        b.button(text=i18n("event-btn-back"), callback_data=BcCb(action="page", value="main"))
        b.adjust(2)
        return b.as_markup()
    if page == "positions":
        for code, key in POSITION_KEYS.items():
            b.button(
                text=f"{_mark(code in audience.positions)} {i18n(key)}",
                callback_data=BcCb(action="tog", kind="p", value=code),
            )
        b.button(text=i18n("event-btn-back"), callback_data=BcCb(action="page", value="main"))
        b.adjust(2)
        return b.as_markup()
    for topic in TOPICS:
        b.button(
            text=f"{_mark(topic in audience.topics)} {i18n(TOPIC_KEYS[topic])}",
            callback_data=BcCb(action="tog", kind="t", value=topic),
        )
    b.button(text=i18n("bc-btn-regions"), callback_data=BcCb(action="page", value="regions"))
    b.button(text=i18n("bc-btn-positions"), callback_data=BcCb(action="page", value="positions"))
    for lang in ("ky", "ru"):
        b.button(
            text=f"{_mark(lang in audience.languages)} {i18n(LANGUAGE_KEYS[lang])}",
            callback_data=BcCb(action="tog", kind="l", value=lang),
        )
    b.button(text=i18n("bc-btn-preview"), callback_data=BcCb(action="preview"))
    b.button(text=i18n("bc-btn-abort"), callback_data=BcCb(action="abort"))
    b.adjust(1, 1, 1, 2, 2, 1, 1)
    return b.as_markup()


def one_text_kb(i18n: I18n) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    b.button(text=i18n("bc-btn-one-text"), callback_data=BcCb(action="one"))
    b.button(text=i18n("bc-btn-abort"), callback_data=BcCb(action="abort"))
    b.adjust(1)
    return b.as_markup()


def confirm_bc_kb(i18n: I18n) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    b.button(text=i18n("bc-btn-send-now"), callback_data=BcCb(action="now"))
    b.button(text=i18n("bc-btn-schedule"), callback_data=BcCb(action="at"))
    b.button(text=i18n("bc-btn-edit-audience"), callback_data=BcCb(action="page", value="main"))
    b.button(text=i18n("bc-btn-abort"), callback_data=BcCb(action="abort"))
    b.adjust(2, 1, 1)
    return b.as_markup()


def progress_kb(i18n: I18n, bc_id: int, status: str) -> InlineKeyboardMarkup | None:
    b = InlineKeyboardBuilder()
    if status == "running":
        b.button(text=i18n("bc-btn-pause"), callback_data=BcCb(action="pause", id=bc_id))
    elif status == "paused":
        b.button(text=i18n("bc-btn-resume"), callback_data=BcCb(action="resume", id=bc_id))
    if status in ("running", "paused", "scheduled"):
        b.button(text=i18n("bc-btn-cancel"), callback_data=BcCb(action="cancel", id=bc_id))
        b.adjust(2)
        return b.as_markup()
    return None


def confirm_bc_cancel_kb(i18n: I18n, bc_id: int) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    b.button(text=i18n("bc-btn-cancel-yes"), callback_data=BcCb(action="cancel_yes", id=bc_id))
    b.button(text=i18n("bc-btn-cancel-no"), callback_data=BcCb(action="show", id=bc_id))
    b.adjust(1)
    return b.as_markup()
