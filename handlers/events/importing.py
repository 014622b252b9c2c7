"""/event_import for supervisors and admins: a YAML or CSV file of events, all or nothing;
then how many messages announcing them would make, and a button to send them."""

from __future__ import annotations

import html

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from bot.filters import HasRole, Magic
from bot.i18n import Html, I18n
from bot.keyboards.events import import_announce_kb
from db.repositories.events import Event
from db.repositories.users import Role, User, UserRepository
from handlers.events.views import EventForm, error_text
from services.event_views import fmt_datetime
from services.events import (
    IMPORT_LIMIT_BYTES,
    EventError,
    EventImportError,
    EventService,
    parse_events_file,
)
from services.subscriptions import SubscriptionService
from services.text import split_html


async def import_hint(message: Message, state: FSMContext, i18n: I18n) -> None:
    await state.clear()
    await state.set_state(EventForm.title_ky)  # a file now, or the form's first answer
    await message.answer(i18n("event-import-hint"))


async def _read(message: Message, bot: Bot, i18n: I18n) -> bytes | None:
    """The file's bytes, or None (and the user told) when it is over the limit."""
    document = message.document
    assert document is not None
    if (document.file_size or 0) > IMPORT_LIMIT_BYTES:
        await message.answer(i18n("event-err-import-size", limit=IMPORT_LIMIT_BYTES // 1000))
        return None
    buffer = await bot.download(document.file_id)
    return buffer.read() if buffer is not None else b""


async def _report(
    message: Message,
    state: FSMContext,
    created: list[Event],
    i18n: I18n,
    events: EventService,
    subscriptions: SubscriptionService,
) -> None:
    """What was loaded, and how many messages announcing it would make (a button sends them)."""
    lines = [i18n("event-import-done", count=len(created))]
    lines += [
        f"• #{e.id} {html.escape(e.title(i18n.lang))} — {fmt_datetime(e.starts_at, events.tz)}"
        for e in created
    ]
    count = sum([len(await subscriptions.event_recipients(e)) for e in created])
    lines += ["", i18n("event-import-announce", count=count)]
    markup = None
    if count:
        markup = import_announce_kb(i18n, count)
        await state.update_data(import_ids=[e.id for e in created])
    parts = split_html("\n".join(lines))
    for number, part in enumerate(parts, start=1):
        await message.answer(part, reply_markup=markup if number == len(parts) else None)


async def import_file(
    message: Message,
    state: FSMContext,
    bot: Bot,
    user: User,
    i18n: I18n,
    events: EventService,
    subscriptions: SubscriptionService,
    users: UserRepository,
) -> None:
    await state.clear()
    content = await _read(message, bot, i18n)
    if content is None:
        return
    name = message.document.file_name if message.document else None
    try:
        drafts = parse_events_file(name or "", content, events.tz, events.clock())
        created = await events.create_many(drafts, created_by=user.id)
    except EventError as exc:
        row = exc.row if isinstance(exc, EventImportError) else 0
        where = i18n("event-import-row", row=row) if row else ""
        error = Html(error_text(i18n, exc))
        await message.answer(i18n("event-import-failed", where=where, error=error))
        return
    await users.audit(user.id, "event.import", None, count=len(created))
    await _report(message, state, created, i18n, events, subscriptions)


def router() -> Router:
    r = Router(name="events.import")
    r.message.filter(HasRole(Role.supervisor))
    r.message.register(import_hint, Command("event_import"))
    r.message.register(import_file, StateFilter(EventForm.title_ky), Magic(F.document))
    return r
