"""Staff commands: /queue (with the relays that could not be delivered, for supervisors) and
/canned (list, add, delete, or send one inside a ticket)."""

from __future__ import annotations

from typing import Any

from aiogram import Bot, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message

from bot.filters import MenuButton
from bot.i18n import Html, I18n
from bot.keyboards.tickets import dead_keyboard
from db.repositories.tickets import MessageRow
from db.repositories.users import Role, User, UserRepository
from handlers.consultants.shared import reply_in_ticket, ticket_here
from handlers.tickets.shared import PRIVATE, Desk
from services.relay import mention
from services.text import escape, split_html, trim
from services.tickets import TicketError, TicketService
from services.worktime import format_duration, format_local


def render_dead(i18n: I18n, dead: list[MessageRow], tz: Any) -> str:
    """Relays that could not be delivered (shown to supervisors under /queue)."""
    lines = [i18n("queue-dead-header", count=len(dead))]
    for msg in dead:
        lines.append(
            i18n(
                "queue-dead-line",
                number=msg.ticket_id,
                direction=i18n(f"queue-dead-{msg.direction}"),
                when=format_local(msg.created_at, tz),
                text=trim(msg.text or "", 80)[0],
                error=(msg.last_error or "")[:120],
            )
        )
    return "\n".join(lines)


async def render_queue(i18n: I18n, tickets: TicketService, users: UserRepository) -> str:
    rows = await tickets.queue()
    if not rows:
        return i18n("queue-empty")
    now = tickets.now()
    nobody = i18n("ticket-nobody")
    lines = [i18n("queue-header", count=len(rows))]
    for ticket, sla in rows:
        owner = await users.get(ticket.owner_id) if ticket.owner_id else None
        flag = ""
        if sla.take_overdue:
            flag = i18n("queue-sla-not-taken")
        elif sla.response_overdue:
            flag = i18n("queue-sla-no-reply")
        line = i18n(
            "queue-line",
            number=ticket.id,
            age=format_duration(now - ticket.created_at, i18n.lang),
            category=i18n(f"ticket-category-{ticket.category}"),
            status=i18n(f"ticket-status-{ticket.status.replace('_', '-')}"),
            owner=Html(mention(owner, nobody) if owner else escape(nobody)),
            sla=flag,
        )
        lines.append(line)
    return "\n".join(lines)


async def queue(
    message: Message, user: User, users: UserRepository, i18n: I18n, tickets: TicketService
) -> None:
    for part in split_html(await render_queue(i18n, tickets, users)):
        await message.answer(part)
    if not user.has_role(Role.supervisor):
        return  # what could not be delivered is the supervisors' to retry
    dead = await tickets.recent_dead_messages()
    if dead:
        await message.answer(
            render_dead(i18n, dead, tickets.tz), reply_markup=dead_keyboard(i18n, dead)
        )


async def canned(message: Message, command: CommandObject, bot: Bot, desk: Desk) -> None:
    i18n, tickets = desk.i18n, desk.tickets
    verb, _, rest = (command.args or "").strip().partition(" ")
    if not verb:
        await canned_list(message, i18n, tickets)
    elif verb in ("add", "set"):
        await canned_add(message, rest, desk)
    elif verb in ("del", "delete", "rm"):
        removed = await tickets.canned_delete(rest.strip())
        await desk.audit("canned.delete", rest.strip().lower())
        key = "canned-deleted" if removed else "canned-not-found"
        await message.answer(i18n(key, name=rest.strip()))
    elif message.chat.id in tickets.consultants_chats():  # /canned NAME inside a ticket: send it
        ticket = await ticket_here(message, i18n, tickets, bot.id, explain=True)
        if ticket is not None:
            await reply_in_ticket(message, ticket, desk, verb)
    elif (item := await tickets.canned_find(verb, i18n.lang)) is not None:
        await message.answer(escape(item.text))
    else:
        await message.answer(i18n("canned-not-found", name=verb))


async def canned_list(message: Message, i18n: I18n, tickets: TicketService) -> None:
    items = await tickets.canned_list()
    if not items:
        await message.answer(i18n("canned-empty"))
        return
    lines = [i18n("canned-header")]
    for item in items:
        lang = "" if item.language == "*" else f" [{item.language}]"
        lines.append(i18n("canned-line", name=item.name + lang, text=trim(item.text, 80)[0]))
    for part in split_html("\n".join(lines)):
        await message.answer(part)


async def canned_add(message: Message, args: str, desk: Desk) -> None:
    """``/canned add NAME [ky|ru] TEXT``."""
    name, _, text = args.strip().partition(" ")
    language = "*"
    first, _, remainder = text.strip().partition(" ")
    if first in ("ky", "ru") and remainder.strip():
        language, text = first, remainder
    if not name or not text.strip():
        await message.answer(desk.i18n("canned-usage"))
        return
    try:
        await desk.tickets.canned_add(desk.user, name, text, language)
    except TicketError:
        await message.answer(desk.i18n("canned-bad-name"))
        return
    await desk.audit("canned.add", name.lower())
    await message.answer(desk.i18n("canned-saved", name=name.lower()))


def router() -> Router:
    """Staff only (the package sets the role filter)."""
    r = Router(name="consultants.commands")
    r.message.register(queue, Command("queue"))
    r.message.register(queue, PRIVATE, MenuButton("menu-queue"))
    r.message.register(canned, Command("canned"))
    return r
