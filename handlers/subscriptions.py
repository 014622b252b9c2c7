"""/subscribe: topics and regions with toggle buttons; one-tap unsubscribe under announcements."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.filters import Magic, MenuButton
from bot.i18n import I18n
from bot.keyboards.subscriptions import (
    SubscriptionCallback,
    UnsubscribeCallback,
    regions_kb,
    subscriptions_kb,
    unsubscribed_kb,
)
from bot.queries import alert, reply, show
from db.repositories.users import User, UserRepository
from services import geo
from services.event_views import TOPIC_KEYS
from services.subscriptions import TOPICS, Subscription, SubscriptionService

REGION_CODES = frozenset(r.code for r in geo.REGIONS)


def summary(i18n: I18n, sub: Subscription, user: User) -> str:
    topics = ", ".join(i18n(TOPIC_KEYS[t]) for t in TOPICS if t in sub.topics)
    regions = [geo.region_name(code, i18n.lang) for code in sorted(sub.regions)]
    own = geo.region_name(user.oblast, i18n.lang) if user.oblast else i18n("sub-own-unknown")
    return i18n(
        "sub-summary",
        topics=topics or i18n("sub-none"),
        own=own,
        regions=", ".join(regions) or i18n("sub-none"),
    )


async def show_summary(query: CallbackQuery, sub: Subscription, user: User, i18n: I18n) -> None:
    await show(query, summary(i18n, sub, user), subscriptions_kb(i18n, sub))


async def subscriptions_menu(
    message: Message, user: User, i18n: I18n, subscriptions: SubscriptionService
) -> None:
    sub = await subscriptions.ensure(user.id)
    await message.answer(summary(i18n, sub, user), reply_markup=subscriptions_kb(i18n, sub))


async def change_topics(
    query: CallbackQuery,
    callback_data: SubscriptionCallback,
    user: User,
    i18n: I18n,
    subscriptions: SubscriptionService,
    callback_answer: CallbackAnswer,
) -> None:
    """A topic's toggle ("t"), or "undo" under the notice of a one-tap unsubscribe."""
    if callback_data.action == "t":
        sub = await subscriptions.toggle_topic(user.id, callback_data.value)
        key = "sub-topic-on" if callback_data.value in sub.topics else "sub-topic-off"
    else:
        topics = [t for t in callback_data.value.split(".") if t in TOPICS]
        sub = await subscriptions.subscribe(user.id, topics)
        key = "sub-resubscribed"
    callback_answer.text = i18n(key)
    await show_summary(query, sub, user, i18n)


async def regions(
    query: CallbackQuery, user: User, i18n: I18n, subscriptions: SubscriptionService
) -> None:
    sub = await subscriptions.ensure(user.id)
    await show(query, i18n("sub-regions-prompt"), regions_kb(i18n, sub, user.oblast))


async def toggle_region(
    query: CallbackQuery,
    callback_data: SubscriptionCallback,
    user: User,
    i18n: I18n,
    subscriptions: SubscriptionService,
) -> None:
    sub = await subscriptions.toggle_region(user.id, callback_data.value)
    await show(query, i18n("sub-regions-prompt"), regions_kb(i18n, sub, user.oblast))


async def own_region(query: CallbackQuery, i18n: I18n, callback_answer: CallbackAnswer) -> None:
    alert(callback_answer, i18n("sub-own-always"))


async def back(
    query: CallbackQuery, user: User, i18n: I18n, subscriptions: SubscriptionService
) -> None:
    await show_summary(query, await subscriptions.ensure(user.id), user, i18n)


async def unsubscribe(
    query: CallbackQuery,
    callback_data: UnsubscribeCallback,
    user: User,
    i18n: I18n,
    subscriptions: SubscriptionService,
    users: UserRepository,
    callback_answer: CallbackAnswer,
) -> None:
    topics = await subscriptions.unsubscribe_from(user.id, callback_data.broadcast_id)
    if topics is None:  # no such broadcast: a forged or foreign button
        await users.audit(user.id, "subscription.unsubscribe", query.data, allowed=False)
        alert(callback_answer, i18n("callback-outdated"))
        return
    callback_answer.text = i18n("sub-unsubscribed-short")
    names = ", ".join(i18n(TOPIC_KEYS[t]) for t in topics)
    await reply(query, i18n("sub-unsubscribed", topics=names), unsubscribed_kb(i18n, topics))


def router() -> Router:
    r = Router(name="subscriptions")
    r.message.filter(Magic(F.chat.type == "private"))
    r.message.register(subscriptions_menu, Command("subscribe"))
    r.message.register(subscriptions_menu, MenuButton("menu-subscriptions"))
    on = SubscriptionCallback.filter
    # forged topics and regions fall through to the refusal of outdated buttons
    topic = (F.action == "t") & F.value.in_(TOPICS)
    r.callback_query.register(change_topics, on(topic | (F.action == "undo")))
    r.callback_query.register(toggle_region, on((F.action == "r") & F.value.in_(REGION_CODES)))
    r.callback_query.register(regions, on(F.action == "regions"))
    r.callback_query.register(own_region, on(F.action == "own"))
    r.callback_query.register(back, on(F.action == "back"))
    r.callback_query.register(unsubscribe, UnsubscribeCallback.filter())
    return r
