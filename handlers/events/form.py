"""/event_new for supervisors and admins: the guided form (titles and descriptions in both
languages, times, place, audience, seats, deadline), a preview with the number of subscribers
the publication will notify, then publish (and announce) or start again."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, Message

from bot.filters import HasRole, Magic
from bot.i18n import I18n
from bot.keyboards.events import (
    EventCallback,
    EventFormCallback,
    audience_form_kb,
    preview_form_kb,
)
from bot.queries import message_of, reply, show
from db.repositories.users import Role
from handlers.common.office import Office
from handlers.events.views import EventEdit, EventForm, announce_events, card_view, error_text
from services.event_views import audience_text, event_card
from services.events import (
    DESCRIPTION_LIMIT,
    PLACE_LIMIT,
    SKIP,
    TITLE_LIMIT,
    EventDraft,
    EventError,
    EventService,
    form_audience,
    match_districts,
    parse_capacity,
    parse_end,
    parse_future,
    parse_local_datetime,
    split_place,
)
from services.subscriptions import SubscriptionService

Reader = Callable[[str, dict[str, Any], EventService], Any]


def _text(limit: int, *, optional: bool = False) -> Reader:
    """A title or a description: trimmed, at most ``limit`` characters ("-" = none if
    ``optional``)."""

    def read(text: str, data: dict[str, Any], events: EventService) -> str:
        text = text.strip()
        if optional and text in SKIP:
            return ""
        if len(text) > limit:
            raise EventError("event-err-too-long", limit=limit)
        return text

    return read


def _start(text: str, data: dict[str, Any], events: EventService) -> str:
    return parse_future(text, events.tz, events.clock()).isoformat()


def _end(text: str, data: dict[str, Any], events: EventService) -> str:
    start = dt.datetime.fromisoformat(data["starts_at"])
    end = parse_end(text, start, events.tz)
    if end <= start:
        raise EventError("event-err-end-before-start")
    return end.isoformat()


def _capacity(text: str, data: dict[str, Any], events: EventService) -> int | None:
    return parse_capacity(text)


# The steps that read one value: the field (the state's name) → how the answer is read.  The
# value is stored under that name, then the next state's prompt is sent.
READERS: dict[str, Reader] = {
    "title_ky": _text(TITLE_LIMIT),
    "title_ru": _text(TITLE_LIMIT),
    "description_ky": _text(DESCRIPTION_LIMIT, optional=True),
    "description_ru": _text(DESCRIPTION_LIMIT, optional=True),
    "starts_at": _start,
    "ends_at": _end,
    "capacity": _capacity,
}
PROMPTS = {
    "title_ru": "event-form-title-ru",
    "description_ky": "event-form-description-ky",
    "description_ru": "event-form-description-ru",
    "starts_at": "event-form-starts",
    "ends_at": "event-form-ends",
    "place": "event-form-place",
    "deadline": "event-form-deadline",
}


def next_state(current: str) -> State:
    states = EventForm.__states__
    return states[[s.state for s in states].index(current) + 1]


def audience_prompt(i18n: I18n, data: dict[str, Any]) -> str:
    return i18n("event-form-audience", chosen=audience_text(i18n, form_audience(data)))


async def ask_audience(message: Message, state: FSMContext, i18n: I18n) -> None:
    await state.set_state(EventForm.audience)
    data = await state.get_data()
    markup = audience_form_kb(i18n, data.get("oblasts", ()), data.get("positions", ()))
    await message.answer(audience_prompt(i18n, data), reply_markup=markup)


async def form_start(message: Message, state: FSMContext, i18n: I18n) -> None:
    await state.clear()
    await state.set_state(EventForm.title_ky)
    await message.answer(i18n("event-form-start"))


async def form_start_button(query: CallbackQuery, state: FSMContext, i18n: I18n) -> None:
    message = message_of(query)
    if message is not None:
        await form_start(message, state, i18n)


async def form_step(
    message: Message, state: FSMContext, raw_state: str | None, i18n: I18n, events: EventService
) -> None:
    """A step that reads one value (see READERS): store it and ask the next, or say what is
    wrong and wait for another answer."""
    name = (raw_state or "").partition(":")[2]  # "EventForm:title_ky" → "title_ky"
    try:
        value = READERS[name](message.text or "", await state.get_data(), events)
    except EventError as exc:
        await message.answer(error_text(i18n, exc))
        return
    await state.update_data({name: value})
    following = next_state(raw_state or "")
    await state.set_state(following)
    await message.answer(i18n(PROMPTS[following.state.partition(":")[2]]))


async def form_place(message: Message, state: FSMContext, i18n: I18n) -> None:
    place, url = split_place(message.text or "")
    if not place and not url:
        await message.answer(i18n("event-err-place-missing"))
        return
    await state.update_data(place=place, online_url=url)
    if not place:  # online only: nothing to translate
        await ask_audience(message, state, i18n)
        return
    await state.set_state(EventForm.place_ru)
    await message.answer(i18n("event-form-place-ru"))


async def form_place_ru(message: Message, state: FSMContext, i18n: I18n) -> None:
    text = " ".join((message.text or "").split())
    if len(text) > PLACE_LIMIT:
        await message.answer(i18n("event-err-too-long", limit=PLACE_LIMIT))
        return
    await state.update_data(place_ru=None if text in SKIP else text)
    await ask_audience(message, state, i18n)


async def form_audience_toggle(
    query: CallbackQuery, callback_data: EventFormCallback, state: FSMContext, i18n: I18n
) -> None:
    data = await state.get_data()
    oblasts, positions = list(data.get("oblasts", [])), list(data.get("positions", []))
    if callback_data.action == "all":
        oblasts, positions = [], []
        await state.update_data(districts=[])
    else:
        target = oblasts if callback_data.kind == "o" else positions
        if callback_data.value in target:
            target.remove(callback_data.value)
        else:
            target.append(callback_data.value)
    await state.update_data(oblasts=oblasts, positions=positions)
    data = await state.get_data()
    await show(query, audience_prompt(i18n, data), audience_form_kb(i18n, oblasts, positions))


async def form_audience_districts(message: Message, state: FSMContext, i18n: I18n) -> None:
    found, unknown = match_districts(message.text or "")
    if unknown:
        await message.answer(i18n("event-err-unknown-district", value=", ".join(unknown)))
        return
    await state.update_data(districts=found)
    await ask_audience(message, state, i18n)


async def form_audience_done(query: CallbackQuery, state: FSMContext, i18n: I18n) -> None:
    await state.set_state(EventForm.capacity)
    await reply(query, i18n("event-form-capacity"))


async def form_deadline(
    message: Message,
    state: FSMContext,
    i18n: I18n,
    events: EventService,
    subscriptions: SubscriptionService,
) -> None:
    """The last answer, then the preview: the card as officials will see it, the other
    language's title and place, and how many subscribers the publication will notify."""
    text = (message.text or "").strip()
    try:
        deadline = None if text in SKIP else parse_local_datetime(text, events.tz)
        await state.update_data(registration_deadline=deadline.isoformat() if deadline else None)
        preview = events.preview(EventDraft.from_form(await state.get_data()))
    except EventError as exc:
        await message.answer(error_text(i18n, exc))
        return
    await state.set_state(EventForm.preview)
    other = "ru" if i18n.lang == "ky" else "ky"
    subscribers = await subscriptions.event_recipients(preview)
    lines = [
        i18n("event-preview-header"),
        "",
        event_card(i18n, preview, events.tz, staff=True),
        "",
        i18n("event-preview-other-title", title=preview.title(other)),
        i18n("event-preview-other-place", place=preview.place_in(other) or "—"),
        i18n("event-preview-capacity", capacity=preview.capacity or 0),
        i18n("event-preview-announce", count=len(subscribers)),
    ]
    await message.answer(
        "\n".join(lines), reply_markup=preview_form_kb(i18n), disable_web_page_preview=True
    )


async def form_publish(query: CallbackQuery, office: Office) -> None:
    i18n, events = office.i18n, office.events
    try:
        draft = EventDraft.from_form(await office.state.get_data())
        event = await events.create(draft, created_by=office.user.id)
    except EventError as exc:
        office.say(error_text(i18n, exc), alert=True)
        return
    await office.state.clear()
    await office.audit("event.create", str(event.id))
    office.say(i18n("event-created", id=event.id))
    text, markup = await card_view(events, event, office.user, i18n)
    await show(query, i18n("event-created", id=event.id) + "\n\n" + text, markup)
    # "we will tell you when events appear": new events are announced to the subscribers
    # of the events topic; the preview said how many (the publish button confirmed it)
    message = message_of(query)
    if message is not None:
        await announce_events(message, [event.id], office)


async def form_needs_text(message: Message, i18n: I18n) -> None:
    await message.answer(i18n("event-form-text-please"))


def router() -> Router:
    r = Router(name="events.form")
    staff = HasRole(Role.supervisor)
    r.message.filter(staff)
    r.callback_query.filter(staff)
    text = Magic(F.text)
    r.message.register(form_start, Command("event_new"))
    r.callback_query.register(form_start_button, EventCallback.filter(F.action == "new"))
    steps = StateFilter(*(getattr(EventForm, name) for name in READERS))
    r.message.register(form_step, steps, text)
    for step, handler in (
        (EventForm.place, form_place),
        (EventForm.place_ru, form_place_ru),
        (EventForm.audience, form_audience_districts),
        (EventForm.deadline, form_deadline),
    ):
        r.message.register(handler, StateFilter(step), text)
    audience = StateFilter(EventForm.audience)
    toggle = EventFormCallback.filter(F.action.in_({"tog", "all"}))
    r.callback_query.register(form_audience_toggle, audience, toggle)
    done = EventFormCallback.filter(F.action == "done")
    r.callback_query.register(form_audience_done, audience, done)
    preview = StateFilter(EventForm.preview)
    r.callback_query.register(form_publish, preview, EventFormCallback.filter(F.action == "pub"))
    restart = EventFormCallback.filter(F.action == "restart")
    r.callback_query.register(form_start_button, preview, restart)
    r.message.register(form_needs_text, StateFilter(EventForm, EventEdit))
    return r
