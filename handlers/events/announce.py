"""Announcing events to the subscribers of the "events" topic, after the author saw how many
messages it makes: one event (admins, from its card) or the events of an import (the
supervisor or admin who imported them)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery
from aiogram.utils.callback_answer import CallbackAnswer

from bot.filters import HasRole
from bot.i18n import I18n
from bot.keyboards.events import EventCallback, confirm_announce_kb
from bot.queries import alert, message_of, show
from db.repositories.users import Role
from handlers.common.office import Office
from handlers.events.views import announce_events
from services.events import EventService
from services.subscriptions import SubscriptionService


async def announce_ask(
    query: CallbackQuery,
    callback_data: EventCallback,
    i18n: I18n,
    events: EventService,
    subscriptions: SubscriptionService,
    callback_answer: CallbackAnswer,
) -> None:
    event = await events.get(callback_data.id)
    if event is None or event.cancelled:
        alert(callback_answer, i18n("event-not-found"))
        return
    count = len(await subscriptions.event_recipients(event))
    text = i18n("event-announce-confirm", title=event.title(i18n.lang), count=count)
    await show(query, text, confirm_announce_kb(i18n, event.id, count))


async def announce(query: CallbackQuery, callback_data: EventCallback, office: Office) -> None:
    message = message_of(query)
    if message is not None:
        await announce_events(message, [callback_data.id], office)


async def announce_imported(query: CallbackQuery, office: Office) -> None:
    ids = [int(i) for i in (await office.state.get_data()).get("import_ids") or []]
    await office.state.update_data(import_ids=[])
    if not ids:  # announced already, or the import was in another session
        office.say(office.i18n("callback-outdated"), alert=True)
        return
    message = message_of(query)
    if message is not None:
        await message.edit_reply_markup(reply_markup=None)
        await announce_events(message, ids, office)


def router() -> Router:
    r = Router(name="events.announce")
    staff = HasRole(Role.supervisor)
    r.callback_query.filter(staff)
    r.callback_query.register(
        announce_imported, EventCallback.filter(F.action == "announce_import")
    )
    admins = Router(name="events.announce.admin")  # one event, from its card: admins only
    admins.callback_query.filter(HasRole(Role.admin))
    admins.callback_query.register(announce_ask, EventCallback.filter(F.action == "announce"))
    admins.callback_query.register(announce, EventCallback.filter(F.action == "announce_yes"))
    r.include_router(admins)
    return r
