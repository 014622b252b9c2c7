"""What the event handlers share: the form's states, the list and the card, the calendar file,
the announcement of events to subscribers."""

from __future__ import annotations

from typing import Any

from aiogram.filters import Filter
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.i18n import Html, I18n
from bot.keyboards.broadcasts import progress_kb
from bot.keyboards.events import EventCallback, event_card_kb, events_list_kb
from bot.queries import alert, show
from db.repositories.events import Event, RegStatus
from db.repositories.users import Role, User, UserRepository
from handlers.common.office import Office
from services.broadcast import progress_text
from services.event_views import event_card, fmt_range, offset_label
from services.events import EventError, EventService
from services.ics import event_ics, ics_filename


class EventForm(StatesGroup):
    """The guided form, one state a question, in this order (see form.next_state)."""

    title_ky, title_ru, description_ky, description_ru = State(), State(), State(), State()
    starts_at, ends_at, place, place_ru = State(), State(), State(), State()
    audience, capacity, deadline, preview = State(), State(), State(), State()


class EventEdit(StatesGroup):
    value = State()


def error_text(i18n: I18n, exc: EventError) -> str:
    return i18n(exc.code, **exc.args_)


def is_staff(user: User) -> bool:
    """Supervisors and admins see every event and organise them."""
    return user.has_role(Role.supervisor)


# -- the list -----------------------------------------------------------------------------------
async def _list_line(
    events: EventService, event: Event, registered: int, mine: RegStatus | None, user: User,
    i18n: I18n,
) -> str:  # fmt: skip
    """One event of the list: when, title, free seats (said as on the card), the user's place."""
    free = ""
    if event.capacity is not None:
        left = max(0, event.capacity - registered)
        free = i18n("event-list-places", free=left, capacity=event.capacity)
    mark = ""
    if mine == RegStatus.registered:
        mark = i18n("event-list-you-registered")
    elif mine == RegStatus.waitlist:
        _, place = await events.status_of(event.id, user.id)
        mark = i18n("event-list-you-waiting", position=place or 0)
    when = fmt_range(event.starts_at, event.ends_at, events.tz)
    title = event.title(i18n.lang)
    return i18n("event-list-line", when=when, title=title, places=Html(free + mark))


async def list_view(
    events: EventService, user: User, i18n: I18n
) -> tuple[str, InlineKeyboardMarkup]:
    staff = is_staff(user)
    shown = await events.upcoming_all() if staff else await events.upcoming_for(user)
    markup = events_list_kb(i18n, shown, events.tz, staff=staff)
    if not shown:
        return i18n("event-list-empty"), markup
    counts = await events.counts([e.id for e in shown])
    mine = {e.id: status for e, status in await events.my_events(user.id)}
    lines = [i18n("event-list-header")]
    for event in shown[:30]:
        registered = counts.get(event.id, (0, 0))[0]
        lines.append(await _list_line(events, event, registered, mine.get(event.id), user, i18n))
    return "\n".join(lines), markup


def my_events_text(
    i18n: I18n, mine: list[tuple[Event, RegStatus]], offsets: list[int], tz: Any
) -> str:
    if not mine:
        return i18n("event-mine-empty")
    lines = [i18n("event-mine-header")]
    for event, status in mine:
        key = "event-mine-registered" if status == RegStatus.registered else "event-mine-waiting"
        when = fmt_range(event.starts_at, event.ends_at, tz)
        lines.append(i18n(key, title=event.title(i18n.lang), when=when))
    if offsets:
        labels = ", ".join(offset_label(i18n, m) for m in offsets)
        lines.append(i18n("event-mine-reminders", offsets=labels))
    return "\n".join(lines)


# -- the card -----------------------------------------------------------------------------------
async def card_view(
    events: EventService, event: Event, user: User, i18n: I18n
) -> tuple[str, InlineKeyboardMarkup]:
    registered, waiting = (await events.counts([event.id])).get(event.id, (0, 0))
    status, position = await events.status_of(event.id, user.id)
    staff = is_staff(user)
    text = event_card(
        i18n,
        event,
        events.tz,
        registered=registered,
        waiting=waiting,
        status=status,
        waitlist_position=position,
        now=events.clock(),
        staff=staff,
    )
    markup = event_card_kb(
        i18n,
        event,
        status=status,
        open_=events.registration_open(event) and events.eligible(event, user),
        full=event.capacity is not None and registered >= event.capacity,
        staff=staff,
        admin=user.has_role(Role.admin),
    )
    return text, markup


async def open_card(
    query: CallbackQuery, event_id: int, user: User, i18n: I18n, events: EventService
) -> bool:
    """Show the card in place of the message; False when the user may not see the event."""
    event = await events.visible_to(event_id, user, staff=is_staff(user))
    if event is None:
        return False
    text, markup = await card_view(events, event, user, i18n)
    await show(query, text, markup)
    return True


class ButtonEvent(Filter):
    """Passes when the event a button names exists and the user may see it (staff: any;
    officials: one for them or that they registered for), injected as ``event``."""

    async def __call__(
        self, query: CallbackQuery, callback_data: EventCallback, user: User, events: EventService
    ) -> bool | dict[str, Any]:
        event = await events.visible_to(callback_data.id, user, staff=is_staff(user))
        return False if event is None else {"event": event}


async def event_not_found(
    query: CallbackQuery,
    callback_data: EventCallback,
    user: User,
    i18n: I18n,
    users: UserRepository,
    callback_answer: CallbackAnswer,
) -> None:
    """After the handlers that need :class:`ButtonEvent`: a stale button, or an id typed into
    forged callback data — refused like a missing event, and audited."""
    await users.audit(user.id, "event.open", str(callback_data.id), allowed=False)
    alert(callback_answer, i18n("event-not-found"))


async def send_ics(
    message: Message, event: Event, i18n: I18n, events: EventService, *, caption: str
) -> None:
    """The event's calendar file with a caption (a confirmation, or a plain request)."""
    data = event_ics(event, i18n.lang, now=events.clock(), alarms_minutes=events.offsets)
    await message.answer_document(
        BufferedInputFile(data, filename=ics_filename(event)), caption=caption
    )


# -- announcing ---------------------------------------------------------------------------------
async def announce_events(message: Message, event_ids: list[int], office: Office) -> int:
    """Announce events to the subscribers of the "events" topic whom they are for (the author
    confirmed the count); one live progress message each.  Returns the messages queued."""
    user, i18n, broadcasts = office.user, office.i18n, office.broadcasts
    queued = 0
    for event_id in event_ids:
        try:
            bc = await broadcasts.announce_event(
                event_id, created_by=user.id, progress_chat_id=user.id
            )
        except LookupError:
            continue
        queued += bc.total
        await office.audit("event.announce", str(event_id), broadcast=bc.id, total=bc.total)
        text = progress_text(i18n, bc, await broadcasts.progress(bc.id))
        controls = progress_kb(i18n, bc.id, "running") if user.has_role(Role.admin) else None
        sent = await message.answer(text, reply_markup=controls)
        await broadcasts.set_progress_message(bc.id, sent.chat.id, sent.message_id)
    office.wakeups.outbox()
    return queued
