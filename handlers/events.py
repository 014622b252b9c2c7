"""/events for everyone (list, card, register, waiting list, .ics, my registrations) and, for
supervisors and admins, the guided form with preview, the YAML/CSV import, edit and cancel."""

from __future__ import annotations

import datetime as dt
import html
import logging
from typing import Any

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message

from bot.app import Runtime
from bot.filters import HasRole, MenuButton
from bot.i18n import Html, I18n
from bot.keyboards.events import (
    EventCb,
    EventFormCb,
    audience_form_kb,
    confirm_announce_kb,
    confirm_cancel_kb,
    confirm_unregister_kb,
    edit_fields_kb,
    event_card_kb,
    events_list_kb,
    import_announce_kb,
    preview_form_kb,
    progress_kb,
)
from bot.workers import broadcast as broadcasting
from bot.workers import reminders as reminding
from db.repositories.events import Audience, Event, RegStatus
from db.repositories.users import Role, User, UserRepository
from services import geo
from services.broadcast import BroadcastService, progress_text
from services.event_views import (
    audience_text,
    event_card,
    fmt_datetime,
    fmt_range,
    offset_label,
)
from services.events import (
    DESCRIPTION_LIMIT,
    IMPORT_LIMIT_BYTES,
    PLACE_LIMIT,
    TITLE_LIMIT,
    EventDraft,
    EventError,
    EventImportError,
    EventService,
    RegResult,
    parse_capacity,
    parse_end,
    parse_events_file,
    parse_local_datetime,
    split_place,
)
from services.ics import event_ics, ics_filename
from services.text import split_html

log = logging.getLogger(__name__)
SKIP = {"-", "—", "–"}


class EventForm(StatesGroup):
    title_ky = State()
    title_ru = State()
    description_ky = State()
    description_ru = State()
    starts_at = State()
    ends_at = State()
    place = State()
    place_ru = State()
    audience = State()
    capacity = State()
    deadline = State()
    preview = State()


class EventEdit(StatesGroup):
    value = State()


def events_service(runtime: Runtime) -> EventService:
    return runtime.events


def broadcast_service(runtime: Runtime) -> BroadcastService:
    return runtime.broadcasts


async def send_ics(
    bot: Bot, chat_id: int, event: Event, i18n: I18n, svc: EventService, *, caption: str
) -> None:
    """The event's calendar file with a caption (a confirmation, or a plain request)."""
    data = event_ics(event, i18n.lang, now=svc.clock(), alarms_minutes=svc.offsets)
    await bot.send_document(
        chat_id, BufferedInputFile(data, filename=ics_filename(event)), caption=caption
    )


async def announce_events(
    message: Message, event_ids: list[int], user: User, i18n: I18n, runtime: Runtime
) -> int:
    """Announce events to the subscribers of the "events" topic whom they are for (the admin
    confirmed the count); one live progress message each.  Returns the messages queued."""
    service = broadcast_service(runtime)
    queued = 0
    for event_id in event_ids:
        try:
            bc = await service.announce_event(
                event_id, created_by=user.id, progress_chat_id=user.id
            )
        except LookupError:
            continue
        queued += bc.total
        await UserRepository(runtime.db).audit(
            user.id, "event.announce", str(event_id), broadcast=bc.id, total=bc.total
        )
        progress = await service.repo.progress(bc.id)
        controls = progress_kb(i18n, bc.id, "running") if user.has_role(Role.admin) else None
        sent = await message.answer(progress_text(i18n, bc, progress), reply_markup=controls)
        await service.repo.set_progress_message(bc.id, sent.chat.id, sent.message_id)
    broadcasting.wake(runtime)
    return queued


def error_text(i18n: I18n, exc: EventError) -> str:
    return i18n(exc.code, **exc.args_)


async def _show(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None) -> None:
    """Replace the message the button was under (or send a new one)."""
    if isinstance(query.message, Message) and query.message.text is not None:
        try:
            await query.message.edit_text(text, reply_markup=markup, disable_web_page_preview=True)
            return
        except Exception:  # not modified, too old: send a fresh one
            log.debug("edit failed, sending a new message", exc_info=True)
    if query.message is not None:
        await query.bot.send_message(  # type: ignore[union-attr]
            query.message.chat.id, text, reply_markup=markup, disable_web_page_preview=True
        )


# -- texts of the official's views -----------------------------------------------------------
async def list_view(
    svc: EventService, user: User, i18n: I18n, tz: Any
) -> tuple[str, InlineKeyboardMarkup]:
    staff = user.has_role(Role.supervisor)
    events = await svc.upcoming_all() if staff else await svc.upcoming_for(user)
    if not events:
        text = i18n("event-list-empty")
    else:
        counts = await svc.repo.counts([e.id for e in events])
        mine_by_id = {e.id: status for e, status in await svc.my_events(user.id)}
        lines = [i18n("event-list-header")]
        for event in events[:30]:
            registered, _ = counts.get(event.id, (0, 0))
            # free seats, said the same way as on the card
            free = (
                ""
                if event.capacity is None
                else i18n(
                    "event-list-places",
                    free=max(0, event.capacity - registered),
                    capacity=event.capacity,
                )
            )
            status = mine_by_id.get(event.id)
            mark = ""
            if status == RegStatus.registered:
                mark = i18n("event-list-you-registered")
            elif status == RegStatus.waitlist:
                place = await svc.repo.waitlist_position(event.id, user.id)
                mark = i18n("event-list-you-waiting", position=place or 0)
            lines.append(
                i18n(
                    "event-list-line",
                    when=fmt_range(event.starts_at, event.ends_at, tz),
                    title=event.title(i18n.lang),
                    places=Html(free + mark),
                )
            )
        text = "\n".join(lines)
    return text, events_list_kb(i18n, events, tz, staff=staff)


async def card_view(
    svc: EventService, event: Event, user: User, i18n: I18n, tz: Any
) -> tuple[str, InlineKeyboardMarkup]:
    registered, waiting = (await svc.repo.counts([event.id]))[event.id]
    reg = await svc.repo.registration(event.id, user.id)
    status = reg.status if reg is not None and reg.status != RegStatus.cancelled else None
    position = (
        await svc.repo.waitlist_position(event.id, user.id)
        if status == RegStatus.waitlist
        else None
    )
    staff = user.has_role(Role.supervisor)
    text = event_card(
        i18n,
        event,
        tz,
        registered=registered,
        waiting=waiting,
        status=status,
        waitlist_position=position,
        now=svc.clock(),
        staff=staff,
    )
    open_ = svc.registration_open(event) and svc.eligible(event, user)
    full = event.capacity is not None and registered >= event.capacity
    markup = event_card_kb(
        i18n,
        event,
        status=status,
        open_=open_,
        full=full,
        staff=staff,
        admin=user.has_role(Role.admin),
    )
    return text, markup


# -- the form -----------------------------------------------------------------------------------
def draft_from_state(data: dict[str, Any]) -> EventDraft:
    def when(key: str) -> dt.datetime | None:
        value = data.get(key)
        return dt.datetime.fromisoformat(value) if value else None

    return EventDraft(
        title_ky=data.get("title_ky", ""),
        title_ru=data.get("title_ru", ""),
        description_ky=data.get("description_ky", ""),
        description_ru=data.get("description_ru", ""),
        starts_at=when("starts_at"),
        ends_at=when("ends_at"),
        place=data.get("place"),
        place_ru=data.get("place_ru"),
        online_url=data.get("online_url"),
        audience=Audience(
            oblasts=tuple(data.get("oblasts", ())),
            districts=tuple(data.get("districts", ())),
            positions=tuple(data.get("positions", ())),
        ),
        capacity=data.get("capacity"),
        registration_deadline=when("registration_deadline"),
    )


def match_districts(text: str) -> tuple[list[str], list[str]]:
    """District names (ky or ru, any case, start of the name is enough) or codes → codes."""
    found, unknown = [], []
    for raw in text.replace(";", ",").split(","):
        name = raw.strip().lower()
        if not name:
            continue
        hits = [
            d.code
            for r in geo.REGIONS
            for d in r.districts
            if name in (d.code, d.ky.lower(), d.ru.lower())
            or d.ky.lower().startswith(name)
            or d.ru.lower().startswith(name)
        ]
        if len(hits) == 1 or (hits and name in hits):
            found.append(name if name in hits else hits[0])
        else:
            unknown.append(raw.strip())
    return found, unknown


def audience_prompt(i18n: I18n, data: dict[str, Any]) -> str:
    audience = Audience(
        oblasts=tuple(data.get("oblasts", ())),
        districts=tuple(data.get("districts", ())),
        positions=tuple(data.get("positions", ())),
    )
    return i18n("event-form-audience", chosen=audience_text(i18n, audience))


async def import_file(
    message: Message, state: FSMContext, bot: Bot, runtime: Runtime, user: User, i18n: I18n
) -> None:
    document = message.document
    assert document is not None
    if (document.file_size or 0) > IMPORT_LIMIT_BYTES:
        await message.answer(i18n("event-err-import-size", limit=IMPORT_LIMIT_BYTES // 1000))
        return
    buffer = await bot.download(document.file_id)
    content = buffer.read() if buffer is not None else b""
    svc = events_service(runtime)
    tz = runtime.settings.tz
    try:
        drafts = parse_events_file(document.file_name or "", content, tz, svc.clock())
        events = await svc.create_many(drafts, created_by=user.id)
    except EventImportError as exc:
        where = i18n("event-import-row", row=exc.row) if exc.row else ""
        error = Html(error_text(i18n, exc))
        await message.answer(i18n("event-import-failed", where=where, error=error))
        return
    except EventError as exc:
        error = Html(error_text(i18n, exc))
        await message.answer(i18n("event-import-failed", where="", error=error))
        return
    await UserRepository(runtime.db).audit(user.id, "event.import", None, count=len(events))
    lines = [i18n("event-import-done", count=len(events))]
    lines += [
        f"• #{e.id} {html.escape(e.title(i18n.lang))} — {fmt_datetime(e.starts_at, tz)}"
        for e in events
    ]
    markup = None
    if user.has_role(Role.supervisor):  # announce them, after the author saw the count
        subs = broadcast_service(runtime).subscriptions
        count = sum([len(await subs.event_recipients(e)) for e in events])
        lines += ["", i18n("event-import-announce", count=count)]
        if count:
            markup = import_announce_kb(i18n, count)
            await state.update_data(import_ids=[e.id for e in events])
    parts = split_html("\n".join(lines))
    for number, part in enumerate(parts, start=1):
        await message.answer(part, reply_markup=markup if number == len(parts) else None)


def router() -> Router:
    r = Router(name="events")
    r.message.filter(F.chat.type == "private")
    staff = HasRole(Role.supervisor)

    # -- officials ---------------------------------------------------------------------------
    @r.message(Command("events"))
    @r.message(MenuButton("menu-events"))
    async def list_events(message: Message, user: User, i18n: I18n, runtime: Runtime) -> None:
        text, markup = await list_view(events_service(runtime), user, i18n, runtime.settings.tz)
        await message.answer(text, reply_markup=markup)

    @r.callback_query(EventCb.filter(F.action == "list"))
    async def list_again(query: CallbackQuery, user: User, i18n: I18n, runtime: Runtime) -> None:
        text, markup = await list_view(events_service(runtime), user, i18n, runtime.settings.tz)
        await query.answer()
        await _show(query, text, markup)

    async def open_card(
        query: CallbackQuery, event_id: int, user: User, i18n: I18n, runtime: Runtime
    ) -> None:
        svc = events_service(runtime)
        event = await svc.get(event_id)
        if event is None or (
            not user.has_role(Role.supervisor)
            and not svc.eligible(event, user)
            and await svc.repo.registration(event_id, user.id) is None
        ):
            await query.answer(i18n("event-not-found"), show_alert=True)
            return
        text, markup = await card_view(svc, event, user, i18n, runtime.settings.tz)
        await _show(query, text, markup)

    @r.callback_query(EventCb.filter(F.action == "show"))
    async def show_event(
        query: CallbackQuery, callback_data: EventCb, user: User, i18n: I18n, runtime: Runtime
    ) -> None:
        await query.answer()
        await open_card(query, callback_data.id, user, i18n, runtime)

    @r.callback_query(EventCb.filter(F.action == "reg"))
    async def register(
        query: CallbackQuery, callback_data: EventCb, user: User, i18n: I18n, runtime: Runtime
    ) -> None:
        svc = events_service(runtime)
        result = await svc.register(callback_data.id, user)
        alert = result not in (RegResult.registered, RegResult.waitlist)
        await query.answer(i18n(f"event-reg-{result.value.replace('_', '-')}"), show_alert=alert)
        if result == RegResult.registered:
            reminding.refresh(runtime)
        await open_card(query, callback_data.id, user, i18n, runtime)
        event = await svc.get(callback_data.id)
        if result == RegResult.registered and event is not None and query.message is not None:
            # the confirmation comes with the calendar file (the limiter spaces it from the
            # card's edit: one message a second per chat)
            await send_ics(
                query.bot,  # type: ignore[arg-type]
                query.message.chat.id,
                event,
                i18n,
                svc,
                caption=i18n("event-ics-registered", title=event.title(i18n.lang)),
            )

    @r.callback_query(EventCb.filter(F.action == "unreg"))
    async def unregister_ask(
        query: CallbackQuery, callback_data: EventCb, user: User, i18n: I18n, runtime: Runtime
    ) -> None:
        svc = events_service(runtime)
        event = await svc.get(callback_data.id)
        reg = await svc.repo.registration(callback_data.id, user.id)
        if event is None or reg is None or reg.status == RegStatus.cancelled:
            await query.answer(i18n("event-unreg-none"), show_alert=True)
            return
        await query.answer()
        key = (
            "event-unreg-confirm-waiting"
            if reg.status == RegStatus.waitlist
            else "event-unreg-confirm"
        )
        await _show(
            query,
            i18n(key, title=event.title(i18n.lang)),
            confirm_unregister_kb(i18n, event.id),
        )

    @r.callback_query(EventCb.filter(F.action == "unreg_yes"))
    async def unregister(
        query: CallbackQuery, callback_data: EventCb, user: User, i18n: I18n, runtime: Runtime
    ) -> None:
        svc = events_service(runtime)
        result = await svc.unregister(callback_data.id, user.id)
        if result.was is None:
            await query.answer(i18n("event-unreg-none"), show_alert=True)
        else:
            await query.answer(i18n("event-unreg-done"))
        if result.promoted:
            broadcasting.wake(runtime)
            reminding.refresh(runtime)
        await open_card(query, callback_data.id, user, i18n, runtime)

    @r.callback_query(EventCb.filter(F.action == "ics"))
    async def calendar_file(
        query: CallbackQuery, callback_data: EventCb, user: User, i18n: I18n, runtime: Runtime
    ) -> None:
        svc = events_service(runtime)
        event = await svc.get(callback_data.id)
        if event is None:
            await query.answer(i18n("event-not-found"), show_alert=True)
            return
        await query.answer()
        if query.message is not None:
            await send_ics(
                query.bot,  # type: ignore[arg-type]
                query.message.chat.id,
                event,
                i18n,
                svc,
                caption=i18n("event-ics-caption", title=event.title(i18n.lang)),
            )

    @r.callback_query(EventCb.filter(F.action == "mine"))
    async def my_events(query: CallbackQuery, user: User, i18n: I18n, runtime: Runtime) -> None:
        svc = events_service(runtime)
        mine = await svc.my_events(user.id)
        tz = runtime.settings.tz
        await query.answer()
        if not mine:
            text = i18n("event-mine-empty")
        else:
            lines = [i18n("event-mine-header")]
            for event, status in mine:
                key = (
                    "event-mine-registered"
                    if status == RegStatus.registered
                    else "event-mine-waiting"
                )
                lines.append(
                    i18n(
                        key,
                        title=event.title(i18n.lang),
                        when=fmt_range(event.starts_at, event.ends_at, tz),
                    )
                )
            if svc.offsets:
                labels = ", ".join(offset_label(i18n, m) for m in svc.offsets)
                lines.append(i18n("event-mine-reminders", offsets=labels))
            text = "\n".join(lines)
        markup = events_list_kb(i18n, [e for e, _ in mine], tz, staff=False, mine=False)
        await _show(query, text, markup)

    # -- staff: participants, edit, cancel, announce --------------------------------------------
    @r.callback_query(EventCb.filter(F.action == "parts"), staff)
    async def participants(
        query: CallbackQuery, callback_data: EventCb, i18n: I18n, runtime: Runtime
    ) -> None:
        svc = events_service(runtime)
        event = await svc.get(callback_data.id)
        if event is None:
            await query.answer(i18n("event-not-found"), show_alert=True)
            return
        await query.answer()
        users = UserRepository(runtime.db)
        lines = [i18n("event-parts-header", title=event.title(i18n.lang))]
        for label, status in (
            ("event-parts-registered", RegStatus.registered),
            ("event-parts-waiting", RegStatus.waitlist),
        ):
            ids = await svc.repo.participants(event.id, (status,))
            lines.append(i18n(label, count=len(ids)))
            for number, uid in enumerate(ids[:200], start=1):
                person = await users.get(uid)
                name = person.display_name if person else str(uid)
                where = geo.region_name(person.oblast, i18n.lang) if person else ""
                lines.append(
                    f"{number}. {html.escape(name)}" + (f" — {html.escape(where)}" if where else "")
                )
        if isinstance(query.message, Message):
            for part in split_html("\n".join(lines)):
                await query.message.answer(part)

    @r.callback_query(EventCb.filter(F.action == "edit"), staff)
    async def edit_menu(query: CallbackQuery, callback_data: EventCb, i18n: I18n) -> None:
        await query.answer()
        await _show(query, i18n("event-edit-choose"), edit_fields_kb(i18n, callback_data.id))

    @r.callback_query(EventCb.filter(F.action == "field"), staff)
    async def edit_field(
        query: CallbackQuery, callback_data: EventCb, state: FSMContext, i18n: I18n
    ) -> None:
        await query.answer()
        await state.set_state(EventEdit.value)
        await state.update_data(event_id=callback_data.id, field=callback_data.arg)
        if isinstance(query.message, Message):
            await query.message.answer(
                i18n(f"event-edit-prompt-{callback_data.arg.replace('_', '-')}")
            )

    @r.message(EventEdit.value, F.text, staff)
    async def edit_value(
        message: Message, state: FSMContext, user: User, i18n: I18n, runtime: Runtime
    ) -> None:
        data = await state.get_data()
        svc = events_service(runtime)
        event = await svc.get(int(data["event_id"]))
        if event is None:
            await state.clear()
            await message.answer(i18n("event-not-found"))
            return
        name, text, tz = data["field"], (message.text or "").strip(), runtime.settings.tz
        try:
            changes: dict[str, Any]
            if name in ("starts_at",):
                start = parse_local_datetime(text, tz)
                changes = {"starts_at": start, "ends_at": start + (event.ends_at - event.starts_at)}
            elif name == "ends_at":
                changes = {"ends_at": parse_end(text, event.starts_at, tz)}
            elif name == "registration_deadline":
                changes = {name: None if text in SKIP else parse_local_datetime(text, tz)}
            elif name == "capacity":
                changes = {"capacity": parse_capacity(text)}
            elif name == "place":
                place, url = split_place(text)
                changes = {"place": place, "online_url": url}
            elif name == "place_ru":
                changes = {"place_ru": None if text in SKIP else text}
            elif name in ("description_ky", "description_ru"):
                changes = {name: "" if text in SKIP else text}
            else:
                changes = {name: text}
            change = await svc.update(event.id, changes, actor_id=user.id)
        except EventError as exc:
            await message.answer(error_text(i18n, exc))
            return
        await state.clear()
        await UserRepository(runtime.db).audit(
            user.id, "event.edit", str(event.id), fields=change.changed
        )
        if change.notified or change.promoted:
            broadcasting.wake(runtime)
        reminding.refresh(runtime)
        await message.answer(i18n("event-edit-saved", notified=change.notified))
        card, markup = await card_view(svc, change.event, user, i18n, tz)
        await message.answer(card, reply_markup=markup, disable_web_page_preview=True)

    @r.callback_query(EventCb.filter(F.action == "cancel"), staff)
    async def cancel_ask(query: CallbackQuery, callback_data: EventCb, i18n: I18n) -> None:
        await query.answer()
        await _show(query, i18n("event-cancel-confirm"), confirm_cancel_kb(i18n, callback_data.id))

    @r.callback_query(EventCb.filter(F.action == "cancel_yes"), staff)
    async def cancel_event(
        query: CallbackQuery, callback_data: EventCb, user: User, i18n: I18n, runtime: Runtime
    ) -> None:
        svc = events_service(runtime)
        try:
            told = await svc.cancel(callback_data.id, actor_id=user.id)
        except EventError as exc:
            await query.answer(error_text(i18n, exc), show_alert=True)
            return
        await UserRepository(runtime.db).audit(user.id, "event.cancel", str(callback_data.id))
        broadcasting.wake(runtime)
        await query.answer(i18n("event-cancelled-done", count=told), show_alert=True)
        await open_card(query, callback_data.id, user, i18n, runtime)

    @r.callback_query(EventCb.filter(F.action == "announce"), HasRole(Role.admin))
    async def announce_ask(
        query: CallbackQuery, callback_data: EventCb, i18n: I18n, runtime: Runtime
    ) -> None:
        service = broadcast_service(runtime)
        event = await events_service(runtime).get(callback_data.id)
        if event is None or event.cancelled:
            await query.answer(i18n("event-not-found"), show_alert=True)
            return
        count = len(await service.subscriptions.event_recipients(event))
        await query.answer()
        await _show(
            query,
            i18n("event-announce-confirm", title=event.title(i18n.lang), count=count),
            confirm_announce_kb(i18n, event.id, count),
        )

    @r.callback_query(EventCb.filter(F.action == "announce_import"), staff)
    async def announce_imported(
        query: CallbackQuery, state: FSMContext, user: User, i18n: I18n, runtime: Runtime
    ) -> None:
        ids = [int(i) for i in (await state.get_data()).get("import_ids") or []]
        await state.update_data(import_ids=[])
        if not ids:
            await query.answer(i18n("callback-outdated"), show_alert=True)
            return
        await query.answer()
        if isinstance(query.message, Message):
            await query.message.edit_reply_markup(reply_markup=None)
            await announce_events(query.message, ids, user, i18n, runtime)

    @r.callback_query(EventCb.filter(F.action == "announce_yes"), HasRole(Role.admin))
    async def announce(
        query: CallbackQuery, callback_data: EventCb, user: User, i18n: I18n, runtime: Runtime
    ) -> None:
        await query.answer()
        if isinstance(query.message, Message):
            await announce_events(query.message, [callback_data.id], user, i18n, runtime)

    # -- staff: the form ---------------------------------------------------------------------
    @r.message(Command("event_new"), staff)
    async def form_start(message: Message, state: FSMContext, i18n: I18n) -> None:
        await state.clear()
        await state.set_state(EventForm.title_ky)
        await message.answer(i18n("event-form-start"))

    @r.callback_query(EventCb.filter(F.action == "new"), staff)
    async def form_start_button(query: CallbackQuery, state: FSMContext, i18n: I18n) -> None:
        await query.answer()
        await state.clear()
        await state.set_state(EventForm.title_ky)
        if isinstance(query.message, Message):
            await query.message.answer(i18n("event-form-start"))

    @r.message(Command("event_import"), staff)
    async def import_hint(message: Message, state: FSMContext, i18n: I18n) -> None:
        await state.clear()
        await state.set_state(EventForm.title_ky)
        await message.answer(i18n("event-import-hint"))

    @r.message(EventForm.title_ky, F.document, staff)
    async def form_import(
        message: Message, state: FSMContext, bot: Bot, runtime: Runtime, user: User, i18n: I18n
    ) -> None:
        await state.clear()
        await import_file(message, state, bot, runtime, user, i18n)

    async def take_text(
        message: Message,
        state: FSMContext,
        i18n: I18n,
        key: str,
        nxt: State,
        prompt: str,
        *,
        optional: bool = False,
    ) -> None:
        text = (message.text or "").strip()
        if optional and text in SKIP:
            text = ""
        limit = TITLE_LIMIT if key.startswith("title") else DESCRIPTION_LIMIT
        if len(text) > limit:
            await message.answer(i18n("event-err-too-long", limit=limit))
            return
        await state.update_data({key: text})
        await state.set_state(nxt)
        await message.answer(i18n(prompt))

    @r.message(EventForm.title_ky, F.text, staff)
    async def form_title_ky(message: Message, state: FSMContext, i18n: I18n) -> None:
        await take_text(message, state, i18n, "title_ky", EventForm.title_ru, "event-form-title-ru")

    @r.message(EventForm.title_ru, F.text, staff)
    async def form_title_ru(message: Message, state: FSMContext, i18n: I18n) -> None:
        await take_text(
            message, state, i18n, "title_ru", EventForm.description_ky, "event-form-description-ky"
        )

    @r.message(EventForm.description_ky, F.text, staff)
    async def form_desc_ky(message: Message, state: FSMContext, i18n: I18n) -> None:
        await take_text(
            message,
            state,
            i18n,
            "description_ky",
            EventForm.description_ru,
            "event-form-description-ru",
            optional=True,
        )

    @r.message(EventForm.description_ru, F.text, staff)
    async def form_desc_ru(message: Message, state: FSMContext, i18n: I18n) -> None:
        await take_text(
            message,
            state,
            i18n,
            "description_ru",
            EventForm.starts_at,
            "event-form-starts",
            optional=True,
        )

    @r.message(EventForm.starts_at, F.text, staff)
    async def form_starts(
        message: Message, state: FSMContext, i18n: I18n, runtime: Runtime
    ) -> None:
        svc = events_service(runtime)
        try:
            start = parse_local_datetime(message.text or "", runtime.settings.tz)
            if start <= svc.clock():
                raise EventError("event-err-in-past")
        except EventError as exc:
            await message.answer(error_text(i18n, exc))
            return
        await state.update_data(starts_at=start.isoformat())
        await state.set_state(EventForm.ends_at)
        await message.answer(i18n("event-form-ends"))

    @r.message(EventForm.ends_at, F.text, staff)
    async def form_ends(message: Message, state: FSMContext, i18n: I18n, runtime: Runtime) -> None:
        data = await state.get_data()
        start = dt.datetime.fromisoformat(data["starts_at"])
        try:
            end = parse_end(message.text or "", start, runtime.settings.tz)
            if end <= start:
                raise EventError("event-err-end-before-start")
        except EventError as exc:
            await message.answer(error_text(i18n, exc))
            return
        await state.update_data(ends_at=end.isoformat())
        await state.set_state(EventForm.place)
        await message.answer(i18n("event-form-place"))

    @r.message(EventForm.place, F.text, staff)
    async def form_place(message: Message, state: FSMContext, i18n: I18n) -> None:
        place, url = split_place(message.text or "")
        if not place and not url:
            await message.answer(i18n("event-err-place-missing"))
            return
        await state.update_data(place=place, online_url=url)
        if not place:  # online only: nothing to translate
            await state.set_state(EventForm.audience)
            data = await state.get_data()
            await message.answer(
                audience_prompt(i18n, data), reply_markup=audience_form_kb(i18n, (), ())
            )
            return
        await state.set_state(EventForm.place_ru)
        await message.answer(i18n("event-form-place-ru"))

    @r.message(EventForm.place_ru, F.text, staff)
    async def form_place_ru(message: Message, state: FSMContext, i18n: I18n) -> None:
        text = " ".join((message.text or "").split())
        if len(text) > PLACE_LIMIT:
            await message.answer(i18n("event-err-too-long", limit=PLACE_LIMIT))
            return
        await state.update_data(place_ru=None if text in SKIP else text)
        await state.set_state(EventForm.audience)
        data = await state.get_data()
        await message.answer(
            audience_prompt(i18n, data), reply_markup=audience_form_kb(i18n, (), ())
        )

    @r.callback_query(EventForm.audience, EventFormCb.filter(F.action.in_({"tog", "all"})), staff)
    async def form_audience_toggle(
        query: CallbackQuery, callback_data: EventFormCb, state: FSMContext, i18n: I18n
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
        await query.answer()
        data = await state.get_data()
        await _show(query, audience_prompt(i18n, data), audience_form_kb(i18n, oblasts, positions))

    @r.message(EventForm.audience, F.text, staff)
    async def form_audience_districts(message: Message, state: FSMContext, i18n: I18n) -> None:
        found, unknown = match_districts(message.text or "")
        if unknown:
            await message.answer(i18n("event-err-unknown-district", value=", ".join(unknown)))
            return
        await state.update_data(districts=found)
        data = await state.get_data()
        await message.answer(
            audience_prompt(i18n, data),
            reply_markup=audience_form_kb(i18n, data.get("oblasts", ()), data.get("positions", ())),
        )

    @r.callback_query(EventForm.audience, EventFormCb.filter(F.action == "done"), staff)
    async def form_audience_done(query: CallbackQuery, state: FSMContext, i18n: I18n) -> None:
        await query.answer()
        await state.set_state(EventForm.capacity)
        if isinstance(query.message, Message):
            await query.message.answer(i18n("event-form-capacity"))

    @r.message(EventForm.capacity, F.text, staff)
    async def form_capacity(message: Message, state: FSMContext, i18n: I18n) -> None:
        try:
            capacity = parse_capacity(message.text or "")
        except EventError as exc:
            await message.answer(error_text(i18n, exc))
            return
        await state.update_data(capacity=capacity)
        await state.set_state(EventForm.deadline)
        await message.answer(i18n("event-form-deadline"))

    @r.message(EventForm.deadline, F.text, staff)
    async def form_deadline(
        message: Message, state: FSMContext, user: User, i18n: I18n, runtime: Runtime
    ) -> None:
        text = (message.text or "").strip()
        try:
            deadline = None if text in SKIP else parse_local_datetime(text, runtime.settings.tz)
        except EventError as exc:
            await message.answer(error_text(i18n, exc))
            return
        await state.update_data(registration_deadline=deadline.isoformat() if deadline else None)
        await show_preview(message, state, user, i18n, runtime)

    async def show_preview(
        message: Message, state: FSMContext, user: User, i18n: I18n, runtime: Runtime
    ) -> None:
        draft = draft_from_state(await state.get_data())
        svc = events_service(runtime)
        try:
            valid = draft.validate(svc.clock())
        except EventError as exc:
            await message.answer(error_text(i18n, exc))
            return
        await state.set_state(EventForm.preview)
        preview = Event(
            id=0,
            **valid.values(),
            status="scheduled",
            sequence=0,
            created_by=None,
            created_at=svc.clock(),
            updated_at=svc.clock(),
        )
        tz = runtime.settings.tz
        other = "ru" if i18n.lang == "ky" else "ky"
        other_title = preview.title(other)
        lines = [
            i18n("event-preview-header"),
            "",
            event_card(i18n, preview, tz, staff=True),
            "",
            i18n("event-preview-other-title", title=other_title),
            i18n("event-preview-other-place", place=preview.place_in(other) or "—"),
            i18n("event-preview-capacity", capacity=valid.capacity or 0),
        ]
        subscribers = await broadcast_service(runtime).subscriptions.event_recipients(preview)
        lines.append(i18n("event-preview-announce", count=len(subscribers)))
        text = "\n".join(lines)
        await message.answer(
            text, reply_markup=preview_form_kb(i18n), disable_web_page_preview=True
        )

    @r.callback_query(EventForm.preview, EventFormCb.filter(F.action == "pub"), staff)
    async def form_publish(
        query: CallbackQuery, state: FSMContext, user: User, i18n: I18n, runtime: Runtime
    ) -> None:
        svc = events_service(runtime)
        try:
            event = await svc.create(draft_from_state(await state.get_data()), created_by=user.id)
        except EventError as exc:
            await query.answer(error_text(i18n, exc), show_alert=True)
            return
        await state.clear()
        await UserRepository(runtime.db).audit(user.id, "event.create", str(event.id))
        await query.answer(i18n("event-created", id=event.id))
        text, markup = await card_view(svc, event, user, i18n, runtime.settings.tz)
        await _show(query, i18n("event-created", id=event.id) + "\n\n" + text, markup)
        # "we will tell you when events appear": new events are announced to the subscribers
        # of the events topic; the preview said how many (the publish button confirmed it)
        if isinstance(query.message, Message):
            await announce_events(query.message, [event.id], user, i18n, runtime)

    @r.callback_query(EventForm.preview, EventFormCb.filter(F.action == "restart"), staff)
    async def form_restart(query: CallbackQuery, state: FSMContext, i18n: I18n) -> None:
        await query.answer()
        await state.clear()
        await state.set_state(EventForm.title_ky)
        if isinstance(query.message, Message):
            await query.message.answer(i18n("event-form-start"))

    @r.message(StateFilter(EventForm, EventEdit), staff)
    async def form_needs_text(message: Message, i18n: I18n) -> None:
        await message.answer(i18n("event-form-text-please"))

    return r
