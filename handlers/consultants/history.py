"""/ticket N: a ticket's full history — any ticket, notes included, for staff; the asker's own
ticket, without notes, in the private chat.  The number is parsed (ASCII digits, in range)
before anything reads the database."""

from __future__ import annotations

from typing import Any

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message

from bot.filters import HasRole
from bot.i18n import I18n
from bot.workers.relay import Relay
from db.repositories.tickets import EventRow, MessageRow, TicketRow
from db.repositories.users import Role, User, UserRepository
from handlers.consultants.shared import refuse_command
from services.numbers import parse_id
from services.relay import asker_place
from services.text import split_html
from services.tickets import TicketService
from services.worktime import format_local

SKIPPED_EVENTS = ("created", "rating_comment", "kb_draft")
DIRECTION_KEYS = {"in": "history-in", "out": "history-out", "note": "history-note"}


class Names:
    """Display names of the people in a history, each looked up once."""

    def __init__(self, users: UserRepository, i18n: I18n) -> None:
        self.users, self.i18n = users, i18n
        self.known: dict[int, str] = {}

    async def __call__(self, uid: int | None) -> str:
        if uid is None:
            return self.i18n("history-bot")
        if uid not in self.known:
            person = await self.users.get(uid)
            self.known[uid] = person.display_name if person else str(uid)
        return self.known[uid]


async def header_lines(i18n: I18n, users: UserRepository, ticket: TicketRow, tz: Any) -> list[str]:
    asker = await users.get(ticket.asker_id)
    lines = [
        i18n(
            "history-header",
            number=ticket.id,
            status=i18n(f"ticket-status-{ticket.status.replace('_', '-')}"),
            category=i18n(f"ticket-category-{ticket.category}"),
            created=format_local(ticket.created_at, tz),
        ),
        i18n(
            "history-asker",
            name=asker.display_name if asker else str(ticket.asker_id),
            place=asker_place(asker, i18n.lang),
        ),
        i18n("history-question", question=ticket.question),
    ]
    if ticket.bot_offer:
        lines.append(i18n("history-bot-offer", offer=ticket.bot_offer))
    if ticket.parent_ticket_id:
        lines.append(i18n("card-parent", number=ticket.parent_ticket_id))
    return lines


async def message_line(i18n: I18n, names: Names, m: MessageRow, tz: Any) -> str:
    body = m.text or ""
    if m.content_type != "text":
        label = i18n(f"history-file-{m.content_type}")
        body = f"[{label}{': ' + m.file_name if m.file_name else ''}] {body}".strip()
    when = format_local(m.created_at, tz)
    text = i18n(DIRECTION_KEYS[m.direction], when=when, name=await names(m.author_id), text=body)
    if m.edited_at:
        text += " " + i18n("history-edited")
    if m.direction == "out" and m.delivery_status != "sent":
        text += " " + i18n(f"history-delivery-{m.delivery_status}")
    return text


async def event_line(i18n: I18n, names: Names, e: EventRow, tz: Any) -> str:
    return i18n(
        f"history-event-{e.kind.replace('_', '-')}",
        when=format_local(e.at, tz),
        name=await names(e.actor_id),
        rating=int(e.details.get("rating") or 0),
        reason=e.details.get("reason") or "",
    )


async def render_history(
    i18n: I18n, users: UserRepository, tickets: TicketService, ticket: TicketRow, *, notes: bool
) -> str:
    _, messages, events = await tickets.history(ticket.id)
    tz, names = tickets.tz, Names(users, i18n)
    entries: list[tuple[Any, int, str]] = [
        (m.created_at, 0, await message_line(i18n, names, m, tz))
        for m in messages
        if notes or m.direction != "note"
    ]
    entries += [
        (e.at, 1, await event_line(i18n, names, e, tz))
        for e in events
        if e.kind not in SKIPPED_EVENTS
    ]
    entries.sort(key=lambda item: (item[0], item[1]))
    lines = await header_lines(i18n, users, ticket, tz)
    if entries:
        lines += ["", *(text for _, _, text in entries)]
    if ticket.resolution:
        lines.append(i18n("card-resolution", resolution=ticket.resolution))
    if ticket.rating:
        stars, comment = "⭐" * ticket.rating, ticket.rating_comment or ""
        lines.append(i18n("history-rating", stars=stars, comment=comment))
    return "\n".join(lines)


def number_of(command: CommandObject) -> int | None:
    return parse_id((command.args or "").strip().lstrip("№#"))


async def show_ticket(
    message: Message,
    command: CommandObject,
    users: UserRepository,
    i18n: I18n,
    tickets: TicketService,
) -> None:
    """Staff: any ticket, with the internal notes."""
    number = number_of(command)
    ticket = await tickets.find(number) if number is not None else None
    if number is None:
        await message.answer(i18n("ticket-usage"))
    elif ticket is None:
        await message.answer(i18n("ticket-not-found", number=number))
    else:
        for part in split_html(await render_history(i18n, users, tickets, ticket, notes=True)):
            await message.answer(part)


async def show_own_ticket(
    message: Message,
    command: CommandObject,
    user: User | None,
    users: UserRepository,
    i18n: I18n,
    tickets: TicketService,
    relay: Relay,
) -> None:
    """Anyone else: their own ticket, in the private chat, without the notes."""
    private = message.chat.type == "private"
    number = number_of(command)
    if number is None:
        if private:
            await message.answer(i18n("ticket-usage"))
        return
    ticket = await tickets.find(number) if private and user is not None else None
    if ticket is None or user is None or ticket.asker_id != user.id:
        await refuse_command(message, user, users, relay, "ticket.history")
        return
    for part in split_html(await render_history(i18n, users, tickets, ticket, notes=False)):
        await message.answer(part)


def router() -> Router:
    r = Router(name="consultants.history")
    r.message.register(show_ticket, Command("ticket"), HasRole(Role.consultant))
    r.message.register(show_own_ticket, Command("ticket"))
    return r
