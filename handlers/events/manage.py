"""For supervisors and admins: the participants of an event, editing one field at a time,
cancelling (everyone registered or waiting is told)."""

from __future__ import annotations

import html

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.filters import HasRole, Magic
from bot.i18n import I18n
from bot.keyboards.events import EventCallback, confirm_cancel_kb, edit_fields_kb
from bot.queries import message_of, reply, show
from db.repositories.events import Event, RegStatus
from db.repositories.users import Role, UserRepository
from handlers.common.office import Office
from handlers.events.views import (
    ButtonEvent,
    EventEdit,
    card_view,
    error_text,
    event_not_found,
    open_card,
)
from services import geo
from services.events import EDITABLE_FIELDS, EventError, EventService, changes_from_text
from services.text import split_html

PARTICIPANTS_SHOWN = 200  # per list; the count above it is always complete


async def participants_text(
    event: Event, i18n: I18n, events: EventService, users: UserRepository
) -> str:
    lines = [i18n("event-parts-header", title=event.title(i18n.lang))]
    for label, status in (
        ("event-parts-registered", RegStatus.registered),
        ("event-parts-waiting", RegStatus.waitlist),
    ):
        ids = await events.participants(event.id, status)
        lines.append(i18n(label, count=len(ids)))
        for number, uid in enumerate(ids[:PARTICIPANTS_SHOWN], start=1):
            person = await users.get(uid)
            name = person.display_name if person else str(uid)
            where = geo.region_name(person.oblast, i18n.lang) if person else ""
            lines.append(
                f"{number}. {html.escape(name)}" + (f" — {html.escape(where)}" if where else "")
            )
    return "\n".join(lines)


async def participants(
    query: CallbackQuery, event: Event, i18n: I18n, events: EventService, users: UserRepository
) -> None:
    message = message_of(query)
    if message is not None:
        for part in split_html(await participants_text(event, i18n, events, users)):
            await message.answer(part)


async def edit_menu(query: CallbackQuery, callback_data: EventCallback, i18n: I18n) -> None:
    await show(query, i18n("event-edit-choose"), edit_fields_kb(i18n, callback_data.id))


async def edit_field(
    query: CallbackQuery, callback_data: EventCallback, state: FSMContext, i18n: I18n
) -> None:
    await state.set_state(EventEdit.value)
    await state.update_data(event_id=callback_data.id, field=callback_data.arg)
    await reply(query, i18n(f"event-edit-prompt-{callback_data.arg.replace('_', '-')}"))


async def edit_value(message: Message, office: Office) -> None:
    state, i18n, events = office.state, office.i18n, office.events
    data = await state.get_data()
    event = await events.get(int(data["event_id"]))
    if event is None:
        await state.clear()
        await message.answer(i18n("event-not-found"))
        return
    try:
        changes = changes_from_text(event, data["field"], message.text or "", events.tz)
        change = await events.update(event.id, changes, actor_id=office.user.id)
    except EventError as exc:
        await message.answer(error_text(i18n, exc))
        return
    await state.clear()
    await office.audit("event.edit", str(event.id), fields=change.changed)
    if change.notified or change.promoted:
        office.wakeups.outbox()
    office.wakeups.reminders()
    await message.answer(i18n("event-edit-saved", notified=change.notified))
    card, markup = await card_view(events, change.event, office.user, i18n)
    await message.answer(card, reply_markup=markup, disable_web_page_preview=True)


async def cancel_ask(query: CallbackQuery, callback_data: EventCallback, i18n: I18n) -> None:
    await show(query, i18n("event-cancel-confirm"), confirm_cancel_kb(i18n, callback_data.id))


async def cancel_event(query: CallbackQuery, callback_data: EventCallback, office: Office) -> None:
    try:
        told = await office.events.cancel(callback_data.id, actor_id=office.user.id)
    except EventError as exc:
        office.say(error_text(office.i18n, exc), alert=True)
        return
    await office.audit("event.cancel", str(callback_data.id))
    office.wakeups.outbox()
    office.say(office.i18n("event-cancelled-done", count=told), alert=True)
    await open_card(query, callback_data.id, office.user, office.i18n, office.events)


def router() -> Router:
    r = Router(name="events.manage")
    staff = HasRole(Role.supervisor)
    r.message.filter(staff)
    r.callback_query.filter(staff)
    parts = EventCallback.filter(F.action == "parts")
    r.callback_query.register(participants, parts, ButtonEvent())
    r.callback_query.register(event_not_found, parts)
    for handler, action in (
        (edit_menu, "edit"),
        (cancel_ask, "cancel"),
        (cancel_event, "cancel_yes"),
    ):
        r.callback_query.register(handler, EventCallback.filter(F.action == action))
    # a forged field name falls through to the refusal of outdated buttons
    field = (F.action == "field") & F.arg.in_(EDITABLE_FIELDS)
    r.callback_query.register(edit_field, EventCallback.filter(field))
    r.message.register(edit_value, StateFilter(EventEdit.value), Magic(F.text))
    return r
