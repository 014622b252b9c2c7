"""Callback data and inline keyboards of /subscribe and of the unsubscribe button that the
outbox puts under announcements (pure functions)."""

from __future__ import annotations

from collections.abc import Iterable

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.i18n import I18n
from bot.keyboards.base import RowId, inline
from services import geo
from services.event_views import TOPIC_KEYS
from services.subscriptions import TOPICS, Subscription


class SubscriptionCallback(CallbackData, prefix="sub"):
    action: str  # t = topic, r = region, own, regions, back, undo
    value: str = ""


class UnsubscribeCallback(CallbackData, prefix="unsub"):
    broadcast_id: RowId  # unsubscribe from the topics of this broadcast


def mark(on: bool) -> str:
    return "✅" if on else "▫️"


def subscriptions_kb(i18n: I18n, sub: Subscription) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    for topic in TOPICS:
        b.button(
            text=f"{mark(topic in sub.topics)} {i18n(TOPIC_KEYS[topic])}",
            callback_data=SubscriptionCallback(action="t", value=topic),
        )
    b.button(text=i18n("sub-btn-regions"), callback_data=SubscriptionCallback(action="regions"))
    b.adjust(1)
    return b.as_markup()


def regions_kb(i18n: I18n, sub: Subscription, own_oblast: str | None) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    for region in geo.REGIONS:
        if region.code == own_oblast:
            text = f"🏠 {region.name(i18n.lang)}"
            data = SubscriptionCallback(action="own")
        else:
            text = f"{mark(region.code in sub.regions)} {region.name(i18n.lang)}"
            data = SubscriptionCallback(action="r", value=region.code)
        b.button(text=text, callback_data=data)
    b.button(text=i18n("event-btn-back"), callback_data=SubscriptionCallback(action="back"))
    b.adjust(2)
    return b.as_markup()


def unsubscribed_kb(i18n: I18n, topics: Iterable[str]) -> InlineKeyboardMarkup:
    undo = SubscriptionCallback(action="undo", value=".".join(topics))
    manage = SubscriptionCallback(action="back")
    return inline((i18n("sub-btn-undo"), undo), (i18n("sub-btn-manage"), manage))


def announcement_kb(i18n: I18n, broadcast_id: int) -> InlineKeyboardMarkup:
    """Under every announcement: one tap unsubscribes from its topics."""
    unsubscribe = UnsubscribeCallback(broadcast_id=broadcast_id)
    return inline((i18n("sub-btn-unsubscribe"), unsubscribe))
