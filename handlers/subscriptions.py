"""/subscribe: topics and regions with toggle buttons; one-tap unsubscribe under announcements."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from bot.app import Runtime
from bot.filters import MenuButton
from bot.i18n import I18n
from bot.keyboards.events import SubCb, UnsubCb, regions_kb, subscriptions_kb, unsubscribed_kb
from db.repositories.outbox import BroadcastRepository, Kind
from db.repositories.users import User
from services import geo
from services.event_views import TOPIC_KEYS
from services.subscriptions import TOPICS, Subscription, SubscriptionService


def subscriptions_service(runtime: Runtime) -> SubscriptionService:
    return runtime.subscriptions


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


def router() -> Router:
    r = Router(name="subscriptions")
    r.message.filter(F.chat.type == "private")

    async def edit(query: CallbackQuery, text: str, markup) -> None:  # type: ignore[no-untyped-def]
        if isinstance(query.message, Message):
            try:
                await query.message.edit_text(text, reply_markup=markup)
                return
            except Exception:  # "message is not modified" or too old
                pass
            await query.message.answer(text, reply_markup=markup)

    @r.message(Command("subscribe"))
    @r.message(MenuButton("menu-subscriptions"))
    async def show(message: Message, user: User, i18n: I18n, runtime: Runtime) -> None:
        sub = await subscriptions_service(runtime).ensure(user.id)
        await message.answer(summary(i18n, sub, user), reply_markup=subscriptions_kb(i18n, sub))

    @r.callback_query(SubCb.filter(F.action == "t"))
    async def toggle_topic(
        query: CallbackQuery, callback_data: SubCb, user: User, i18n: I18n, runtime: Runtime
    ) -> None:
        if callback_data.value not in TOPICS:
            await query.answer(i18n("callback-outdated"), show_alert=True)
            return
        sub = await subscriptions_service(runtime).toggle_topic(user.id, callback_data.value)
        on = callback_data.value in sub.topics
        await query.answer(i18n("sub-topic-on" if on else "sub-topic-off"))
        await edit(query, summary(i18n, sub, user), subscriptions_kb(i18n, sub))

    @r.callback_query(SubCb.filter(F.action == "regions"))
    async def regions(query: CallbackQuery, user: User, i18n: I18n, runtime: Runtime) -> None:
        sub = await subscriptions_service(runtime).ensure(user.id)
        await query.answer()
        await edit(query, i18n("sub-regions-prompt"), regions_kb(i18n, sub, user.oblast))

    @r.callback_query(SubCb.filter(F.action == "r"))
    async def toggle_region(
        query: CallbackQuery, callback_data: SubCb, user: User, i18n: I18n, runtime: Runtime
    ) -> None:
        if geo.region(callback_data.value) is None:
            await query.answer(i18n("callback-outdated"), show_alert=True)
            return
        sub = await subscriptions_service(runtime).toggle_region(user.id, callback_data.value)
        await query.answer()
        await edit(query, i18n("sub-regions-prompt"), regions_kb(i18n, sub, user.oblast))

    @r.callback_query(SubCb.filter(F.action == "own"))
    async def own_region(query: CallbackQuery, i18n: I18n) -> None:
        await query.answer(i18n("sub-own-always"), show_alert=True)

    @r.callback_query(SubCb.filter(F.action == "back"))
    async def back(query: CallbackQuery, user: User, i18n: I18n, runtime: Runtime) -> None:
        sub = await subscriptions_service(runtime).ensure(user.id)
        await query.answer()
        await edit(query, summary(i18n, sub, user), subscriptions_kb(i18n, sub))

    @r.callback_query(SubCb.filter(F.action == "undo"))
    async def undo(
        query: CallbackQuery, callback_data: SubCb, user: User, i18n: I18n, runtime: Runtime
    ) -> None:
        topics = [t for t in callback_data.value.split(".") if t in TOPICS]
        sub = await subscriptions_service(runtime).subscribe(user.id, topics)
        await query.answer(i18n("sub-resubscribed"))
        await edit(query, summary(i18n, sub, user), subscriptions_kb(i18n, sub))

    @r.callback_query(UnsubCb.filter())
    async def unsubscribe(
        query: CallbackQuery, callback_data: UnsubCb, user: User, i18n: I18n, runtime: Runtime
    ) -> None:
        bc = await BroadcastRepository(runtime.db).get(callback_data.b)
        if bc is None:
            await query.answer(i18n("callback-outdated"), show_alert=True)
            return
        topics = ["events"] if bc.kind == Kind.event_new else list(bc.audience.get("topics", ()))
        topics = [t for t in topics if t in TOPICS]
        await subscriptions_service(runtime).unsubscribe(user.id, topics)
        names = ", ".join(i18n(TOPIC_KEYS[t]) for t in topics)
        await query.answer(i18n("sub-unsubscribed-short"))
        if isinstance(query.message, Message):
            await query.message.answer(
                i18n("sub-unsubscribed", topics=names), reply_markup=unsubscribed_kb(i18n, topics)
            )

    return r
