"""/events for everyone: the list, a card, register or join the waiting list, leave, the
calendar file, "my registrations"."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.filters import MenuButton
from bot.i18n import I18n
from bot.keyboards.events import EventCallback, confirm_unregister_kb, events_list_kb
from bot.queries import alert, message_of, show
from db.repositories.events import Event, RegStatus
from db.repositories.users import User
from handlers.common.office import Office
from handlers.events.views import (
    ButtonEvent,
    card_view,
    event_not_found,
    list_view,
    my_events_text,
    open_card,
    send_ics,
)
from services.events import EventService, RegResult


async def list_events(message: Message, user: User, i18n: I18n, events: EventService) -> None:
    text, markup = await list_view(events, user, i18n)
    await message.answer(text, reply_markup=markup)


async def list_again(query: CallbackQuery, user: User, i18n: I18n, events: EventService) -> None:
    text, markup = await list_view(events, user, i18n)
    await show(query, text, markup)


async def show_event(
    query: CallbackQuery, event: Event, user: User, i18n: I18n, events: EventService
) -> None:
    text, markup = await card_view(events, event, user, i18n)
    await show(query, text, markup)


async def change_registration(
    query: CallbackQuery, callback_data: EventCallback, office: Office
) -> None:
    """Register (or join the waiting list): "reg"; leave (confirmed): "unreg_yes".  The card
    shows the new state; a registration comes with the calendar file."""
    user, i18n, events, wakeups = office.user, office.i18n, office.events, office.wakeups
    registered = False
    if callback_data.action == "reg":
        result = await events.register(callback_data.id, user)
        key = f"event-reg-{result.value.replace('_', '-')}"
        office.say(i18n(key), alert=result not in (RegResult.registered, RegResult.waitlist))
        if result == RegResult.not_eligible:  # not for this user: a refused attempt
            await office.audit("event.register", str(callback_data.id), allowed=False)
        registered = result == RegResult.registered
        if registered:
            wakeups.reminders()
    else:
        left = await events.unregister(callback_data.id, user.id)
        if left.was is None:
            office.say(i18n("event-unreg-none"), alert=True)
        else:
            office.say(i18n("event-unreg-done"))
        if left.promoted:  # someone moved up from the waiting list: told, reminded
            wakeups.outbox()
            wakeups.reminders()
    await open_card(query, callback_data.id, user, i18n, events)
    event = await events.get(callback_data.id)
    message = message_of(query)
    if registered and event is not None and message is not None:
        # the confirmation comes with the calendar file (the limiter spaces it from the
        # card's edit: one message a second per chat)
        caption = i18n("event-ics-registered", title=event.title(i18n.lang))
        await send_ics(message, event, i18n, events, caption=caption)


async def unregister_ask(
    query: CallbackQuery,
    callback_data: EventCallback,
    user: User,
    i18n: I18n,
    events: EventService,
    callback_answer: CallbackAnswer,
) -> None:
    event = await events.get(callback_data.id)
    status, _ = await events.status_of(callback_data.id, user.id)
    if event is None or status is None:
        alert(callback_answer, i18n("event-unreg-none"))
        return
    waiting = status == RegStatus.waitlist
    key = "event-unreg-confirm-waiting" if waiting else "event-unreg-confirm"
    await show(
        query, i18n(key, title=event.title(i18n.lang)), confirm_unregister_kb(i18n, event.id)
    )


async def calendar_file(
    query: CallbackQuery, event: Event, i18n: I18n, events: EventService
) -> None:
    message = message_of(query)
    if message is not None:
        caption = i18n("event-ics-caption", title=event.title(i18n.lang))
        await send_ics(message, event, i18n, events, caption=caption)


async def my_events(query: CallbackQuery, user: User, i18n: I18n, events: EventService) -> None:
    mine = await events.my_events(user.id)
    text = my_events_text(i18n, mine, events.offsets, events.tz)
    markup = events_list_kb(i18n, [e for e, _ in mine], events.tz, staff=False, mine=False)
    await show(query, text, markup)


def router() -> Router:
    r = Router(name="events.browse")
    r.message.register(list_events, Command("events"))
    r.message.register(list_events, MenuButton("menu-events"))
    for handler, action in ((list_again, "list"), (unregister_ask, "unreg"), (my_events, "mine")):
        r.callback_query.register(handler, EventCallback.filter(F.action == action))
    on_event = EventCallback.filter(F.action.in_({"show", "ics"}))
    r.callback_query.register(show_event, EventCallback.filter(F.action == "show"), ButtonEvent())
    r.callback_query.register(calendar_file, EventCallback.filter(F.action == "ics"), ButtonEvent())
    r.callback_query.register(event_not_found, on_event)
    change = EventCallback.filter(F.action.in_({"reg", "unreg_yes"}))
    r.callback_query.register(change_registration, change)
    return r
