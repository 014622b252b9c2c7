"""The consultants' side: ticket cards and topics in ``CONSULTANTS_CHAT_ID`` (Take, Transfer,
Close, Save to KB), replies relayed to the asker, internal notes ("//"), canned replies
("!name" or /canned name), edits, /queue, /ticket N, /canned, /drafts.

Every action checks the role server-side: a button or command from someone without it is
refused and written to the audit log with ``allowed = 0``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import re
from typing import Any

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command, CommandObject, Filter, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks import DraftCallback, TicketCallback, TransferCallback
from bot.filters import MenuButton
from bot.i18n import Html, I18n
from bot.keyboards.tickets import RelayRetryCallback, take_keyboard
from bot.workers.relay import Relay
from db.repositories.tickets import EventRow, MessageRow, TicketRow
from db.repositories.users import Role, User, UserRepository
from handlers.tickets import content_of
from services.relay import (
    asker_place,
    category_label,
    mention,
    status_label,
)
from services.text import escape, split_html, trim
from services.tickets import (
    Content,
    TicketError,
    TicketService,
    can_manage,
    consultants_chats,
    is_staff,
)
from services.worktime import format_duration, format_local

log = logging.getLogger(__name__)

_CANNED_USE = re.compile(r"^!([\w-]{1,32})$")
NOT_COMMAND = ~F.text.regexp(r"^/(?!/)")  # "//" starts a note, not a command


class CloseForm(StatesGroup):
    resolution = State()


class InConsultantsChat(Filter):
    """A message in one of the consultants' groups (CONSULTANTS_CHAT_ID, CONSULTANTS_GROUPS)."""

    async def __call__(self, message: Message, runtime: Any) -> bool:
        return message.chat.id in consultants_chats(runtime.settings)


class PrivateConsultant(Filter):
    """A consultant working from the private chat (``/inbox on``): their message belongs to
    the ticket whose relay it replies to, or to their only open ticket (→ ``private_ticket``);
    with several tickets and no reply → ``owned`` (the list, to ask which one)."""

    async def __call__(
        self, message: Message, user: User | None, runtime: Any
    ) -> bool | dict[str, Any]:
        if message.chat.type != "private" or user is None or not is_staff(user):
            return False
        svc = TicketService.from_runtime(runtime)
        if not await svc.repo.works_in_private(user.id):
            return False
        reply = message.reply_to_message
        if reply is not None and reply.from_user is not None and reply.from_user.is_bot:
            found = await svc.repo.by_group_message(message.chat.id, reply.message_id)
            if found is not None:
                return {"private_ticket": found}
        owned = await svc.repo.owned_open(user.id)
        if len(owned) == 1:
            return {"private_ticket": owned[0]}
        if owned:
            return {"private_ticket": None, "owned": owned}
        return False


async def ticket_of(message: Message, svc: TicketService) -> TicketRow | None:
    """The ticket a message in the consultants' chat belongs to: its forum topic, or (where
    topics are off) the card or relayed message it replies to."""
    chat_id = message.chat.id
    if message.is_topic_message and message.message_thread_id:
        found = await svc.repo.by_thread(chat_id, message.message_thread_id)
        if found is not None:
            return found
    reply = message.reply_to_message
    if reply is not None and reply.forum_topic_created is None:
        found = await svc.repo.by_group_message(chat_id, reply.message_id)
        if found is not None:
            return found
    if message.message_thread_id and not message.is_topic_message:
        return await svc.repo.by_group_message(chat_id, message.message_thread_id)
    return None


async def refuse(
    event: Message | CallbackQuery, users: UserRepository, i18n: I18n, action: str
) -> None:
    """Refuse a privileged action and log the attempt."""
    actor = event.from_user.id if event.from_user else None
    data = event.data if isinstance(event, CallbackQuery) else (event.text or "")
    log.warning("refused %s from %s: %r", action, actor, data)
    await users.audit(actor, action, data, allowed=False)
    if isinstance(event, CallbackQuery):
        await event.answer(i18n("not-allowed"), show_alert=True)
    else:
        await event.reply(i18n("not-allowed"))


def transfer_keyboard(candidates: list[User], ticket_id: int) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    for person in candidates:
        b.button(
            text=trim(person.display_name or str(person.id), 40)[0],
            callback_data=TransferCallback(ticket_id=ticket_id, to_id=person.id),
        )
    b.adjust(2)
    return b.as_markup()


def draft_keyboard(i18n: I18n, draft_id: int) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    b.button(
        text=i18n("drafts-btn-approve"), callback_data=DraftCallback(action="ok", draft_id=draft_id)
    )
    b.button(
        text=i18n("drafts-btn-reject"), callback_data=DraftCallback(action="no", draft_id=draft_id)
    )
    return b.as_markup()


# -- rendering ----------------------------------------------------------------------------------
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


def dead_keyboard(i18n: I18n, dead: list[MessageRow]) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    for msg in dead:
        b.button(
            text=i18n("queue-dead-btn", number=msg.ticket_id),
            callback_data=RelayRetryCallback(message_id=msg.id),
        )
    b.adjust(2)
    return b.as_markup()


async def render_queue(i18n: I18n, svc: TicketService, users: UserRepository, tz: Any) -> str:
    rows = await svc.queue()
    if not rows:
        return i18n("queue-empty")
    now = svc.now()
    lines = [i18n("queue-header", count=len(rows))]
    for ticket, sla in rows:
        owner = await users.get(ticket.owner_id) if ticket.owner_id else None
        if sla.take_overdue:
            flag = i18n("queue-sla-not-taken")
        elif sla.response_overdue:
            flag = i18n("queue-sla-no-reply")
        else:
            flag = ""
        lines.append(
            i18n(
                "queue-line",
                number=ticket.id,
                age=format_duration(now - ticket.created_at, i18n.lang),
                category=category_label(i18n.translator, i18n.lang, ticket.category),
                status=status_label(i18n.translator, i18n.lang, ticket.status),
                owner=Html(
                    mention(owner, i18n("ticket-nobody"))
                    if owner
                    else escape(i18n("ticket-nobody"))
                ),
                sla=flag,
            )
        )
    return "\n".join(lines)


async def render_history(
    i18n: I18n,
    svc: TicketService,
    users: UserRepository,
    ticket: TicketRow,
    messages: list[MessageRow],
    events: list[EventRow],
    tz: Any,
    *,
    with_notes: bool,
) -> str:
    asker = await users.get(ticket.asker_id)
    lines = [
        i18n(
            "history-header",
            number=ticket.id,
            status=status_label(i18n.translator, i18n.lang, ticket.status),
            category=category_label(i18n.translator, i18n.lang, ticket.category),
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
    entries: list[tuple[Any, int, str]] = []
    names: dict[int, str] = {}

    async def name_of(uid: int | None) -> str:
        if uid is None:
            return i18n("history-bot")
        if uid not in names:
            person = await users.get(uid)
            names[uid] = person.display_name if person else str(uid)
        return names[uid]

    for m in messages:
        if m.direction == "note" and not with_notes:
            continue
        key = {"in": "history-in", "out": "history-out", "note": "history-note"}[m.direction]
        body = m.text or ""
        if m.content_type != "text":
            label = i18n(f"history-file-{m.content_type}")
            body = f"[{label}{': ' + m.file_name if m.file_name else ''}] {body}".strip()
        text = i18n(
            key, when=format_local(m.created_at, tz), name=await name_of(m.author_id), text=body
        )
        if m.edited_at:
            text += " " + i18n("history-edited")
        if m.direction == "out" and m.delivery_status not in ("sent",):
            text += " " + i18n(f"history-delivery-{m.delivery_status}")
        entries.append((m.created_at, 0, text))
    for e in events:
        if e.kind in ("created", "rating_comment", "kb_draft"):
            continue
        text = i18n(
            f"history-event-{e.kind.replace('_', '-')}",
            when=format_local(e.at, tz),
            name=await name_of(e.actor_id),
            rating=int(e.details.get("rating") or 0),
            reason=e.details.get("reason") or "",
        )
        entries.append((e.at, 1, text))
    entries.sort(key=lambda item: (item[0], item[1]))
    if entries:
        lines.append("")
        lines.extend(text for _, _, text in entries)
    if ticket.resolution:
        lines.append(i18n("card-resolution", resolution=ticket.resolution))
    if ticket.rating:
        lines.append(
            i18n("history-rating", stars="⭐" * ticket.rating, comment=ticket.rating_comment or "")
        )
    return "\n".join(lines)


def router() -> Router:
    r = Router(name="consultants")

    # -- card buttons ------------------------------------------------------------------------
    @r.callback_query(TicketCallback.filter(F.action == "take"))
    async def take(
        query: CallbackQuery,
        callback_data: TicketCallback,
        user: User,
        users: UserRepository,
        i18n: I18n,
        runtime: Any,
        bot: Bot,
    ) -> None:
        if not is_staff(user):
            await refuse(query, users, i18n, "ticket.take")
            return
        svc = TicketService.from_runtime(runtime)
        try:
            result = await svc.take(callback_data.ticket_id, user)
        except TicketError as err:
            if err.code == "not_found":
                await refuse(query, users, i18n, "ticket.take")
                return
            raise
        if result.won:
            await users.audit(user.id, "ticket.take", str(result.ticket.id))
            await query.answer(i18n("consultant-took", number=result.ticket.id))
            Relay.of(runtime, bot).kick(result.ticket.id)
            return
        owner = await users.get(result.ticket.owner_id) if result.ticket.owner_id else None
        if owner is not None and owner.id == user.id:
            await query.answer(i18n("consultant-already-yours", number=result.ticket.id))
        elif owner is not None:
            await query.answer(
                i18n("consultant-taken-by", number=result.ticket.id, owner=owner.display_name),
                show_alert=True,
            )
        else:
            await query.answer(i18n("ticket-is-closed", number=result.ticket.id), show_alert=True)

    @r.callback_query(TicketCallback.filter(F.action == "transfer"))
    async def transfer_start(
        query: CallbackQuery,
        callback_data: TicketCallback,
        user: User,
        users: UserRepository,
        i18n: I18n,
        runtime: Any,
    ) -> None:
        svc = TicketService.from_runtime(runtime)
        ticket = await svc.repo.get(callback_data.ticket_id)
        allowed = ticket is not None and (
            can_manage(ticket, user) or (ticket.owner_id is None and is_staff(user))
        )
        if not allowed or ticket is None:
            await refuse(query, users, i18n, "ticket.transfer")
            return
        if not ticket.is_open:
            await query.answer(i18n("ticket-is-closed", number=ticket.id), show_alert=True)
            return
        candidates = [
            s
            for s in await users.staff()
            if s.id != ticket.owner_id and s.has_role(Role.consultant)
        ]
        if not candidates:
            await query.answer(i18n("consultant-transfer-nobody"), show_alert=True)
            return
        await query.answer()
        if isinstance(query.message, Message):
            await query.message.reply(
                i18n("consultant-transfer-choose", number=ticket.id),
                reply_markup=transfer_keyboard(candidates, ticket.id),
            )

    @r.callback_query(TransferCallback.filter())
    async def transfer_to(
        query: CallbackQuery,
        callback_data: TransferCallback,
        user: User,
        users: UserRepository,
        i18n: I18n,
        runtime: Any,
        bot: Bot,
    ) -> None:
        svc = TicketService.from_runtime(runtime)
        try:
            ticket = await svc.transfer(callback_data.ticket_id, user, callback_data.to_id)
        except TicketError as err:
            if err.code in ("not_allowed", "not_found", "bad_target"):
                await refuse(query, users, i18n, "ticket.transfer")
                return
            await query.answer(i18n("consultant-action-failed"), show_alert=True)
            return
        await users.audit(user.id, "ticket.transfer", str(ticket.id), to=callback_data.to_id)
        await query.answer()
        if isinstance(query.message, Message):
            target = await users.get(callback_data.to_id)
            await query.message.edit_text(
                i18n(
                    "consultant-transferred",
                    number=ticket.id,
                    owner=target.display_name if target else callback_data.to_id,
                )
            )
        Relay.of(runtime, bot).kick(ticket.id)

    @r.callback_query(TicketCallback.filter(F.action == "close"))
    async def close_start(
        query: CallbackQuery,
        callback_data: TicketCallback,
        state: FSMContext,
        user: User,
        users: UserRepository,
        i18n: I18n,
        runtime: Any,
    ) -> None:
        svc = TicketService.from_runtime(runtime)
        ticket = await svc.repo.get(callback_data.ticket_id)
        if ticket is None or not can_manage(ticket, user):
            if ticket is not None and is_staff(user):
                await query.answer(i18n("consultant-not-owner-short"), show_alert=True)
                await users.audit(user.id, "ticket.close", query.data, allowed=False)
                return
            await refuse(query, users, i18n, "ticket.close")
            return
        if not ticket.is_open:
            await query.answer(i18n("ticket-is-closed", number=ticket.id), show_alert=True)
            return
        await state.set_state(CloseForm.resolution)
        await state.update_data(close_ticket=ticket.id)
        await query.answer()
        if isinstance(query.message, Message):
            await query.message.reply(
                i18n("consultant-close-prompt", number=ticket.id, name=Html(mention(user)))
            )

    @r.callback_query(TicketCallback.filter(F.action == "kb"))
    async def save_to_kb(
        query: CallbackQuery,
        callback_data: TicketCallback,
        user: User,
        users: UserRepository,
        i18n: I18n,
        runtime: Any,
        bot: Bot,
    ) -> None:
        svc = TicketService.from_runtime(runtime)
        try:
            draft, created = await svc.save_to_kb(callback_data.ticket_id, user)
        except TicketError as err:
            if err.code in ("not_allowed", "not_found"):
                if err.ticket is not None and is_staff(user):
                    await users.audit(user.id, "ticket.kb", query.data, allowed=False)
                    await query.answer(i18n("consultant-not-owner-short"), show_alert=True)
                    return
                await refuse(query, users, i18n, "ticket.kb")
                return
            await query.answer(i18n("consultant-kb-no-answer"), show_alert=True)
            return
        await users.audit(user.id, "ticket.kb", str(callback_data.ticket_id), draft=draft.id)
        key = "consultant-kb-saved" if created else "consultant-kb-updated"
        await query.answer(i18n(key, draft=draft.id), show_alert=True)
        ticket = await svc.get(callback_data.ticket_id)
        await Relay.of(runtime, bot).to_group(
            ticket,
            i18n.translator.get(
                runtime.settings.consultants_language or runtime.settings.default_language,
                "ev-kb-draft",
                number=ticket.id,
                draft=draft.id,
                name=Html(mention(user)),
            ),
        )

    # -- commands (any chat, staff only) ---------------------------------------------------
    @r.message(Command("queue"))
    @r.message(F.chat.type == "private", MenuButton("menu-queue"))
    async def queue(
        message: Message, user: User, users: UserRepository, i18n: I18n, runtime: Any
    ) -> None:
        if not is_staff(user):
            await refuse(message, users, i18n, "ticket.queue")
            return
        svc = TicketService.from_runtime(runtime)
        text = await render_queue(i18n, svc, users, runtime.settings.tz)
        for part in split_html(text):
            await message.answer(part)
        dead = await svc.repo.dead_messages(since=svc.now() - dt.timedelta(days=7))
        if dead and user.has_role(Role.supervisor):
            await message.answer(
                render_dead(i18n, dead, runtime.settings.tz),
                reply_markup=dead_keyboard(i18n, dead),
            )

    @r.message(Command("ticket"))
    async def show_ticket(
        message: Message,
        command: CommandObject,
        user: User,
        users: UserRepository,
        i18n: I18n,
        runtime: Any,
    ) -> None:
        svc = TicketService.from_runtime(runtime)
        arg = (command.args or "").strip().lstrip("№#")
        if not arg.isdigit():
            if not is_staff(user) and message.chat.type != "private":
                return
            await message.answer(i18n("ticket-usage"))
            return
        ticket = await svc.repo.get(int(arg))
        own = ticket is not None and ticket.asker_id == user.id and message.chat.type == "private"
        if not is_staff(user) and not own:
            await refuse(message, users, i18n, "ticket.history")
            return
        if ticket is None:
            await message.answer(i18n("ticket-not-found", number=arg))
            return
        _, messages, events = await svc.history(ticket.id)
        text = await render_history(
            i18n,
            svc,
            users,
            ticket,
            messages,
            events,
            runtime.settings.tz,
            with_notes=is_staff(user),
        )
        for part in split_html(text):
            await message.answer(part)

    @r.message(Command("canned"))
    async def canned(
        message: Message,
        command: CommandObject,
        user: User,
        users: UserRepository,
        i18n: I18n,
        runtime: Any,
        bot: Bot,
    ) -> None:
        if not is_staff(user):
            await refuse(message, users, i18n, "canned")
            return
        svc = TicketService.from_runtime(runtime)
        args = (command.args or "").strip()
        if not args:
            items = await svc.repo.canned_list()
            if not items:
                await message.answer(i18n("canned-empty"))
                return
            lines = [i18n("canned-header")]
            for item in items:
                lang = "" if item.language == "*" else f" [{item.language}]"
                lines.append(
                    i18n("canned-line", name=item.name + lang, text=trim(item.text, 80)[0])
                )
            for part in split_html("\n".join(lines)):
                await message.answer(part)
            return
        verb, _, rest = args.partition(" ")
        if verb in ("add", "set"):
            name, _, text = rest.strip().partition(" ")
            language = "*"
            first, _, remainder = text.strip().partition(" ")
            if first in ("ky", "ru") and remainder.strip():
                language, text = first, remainder
            if not name or not text.strip():
                await message.answer(i18n("canned-usage"))
                return
            try:
                await svc.canned_add(user, name, text, language)
            except TicketError:
                await message.answer(i18n("canned-bad-name"))
                return
            await users.audit(user.id, "canned.add", name.lower())
            await message.answer(i18n("canned-saved", name=name.lower()))
            return
        if verb in ("del", "delete", "rm"):
            removed = await svc.repo.canned_delete(rest.strip().lower())
            await users.audit(user.id, "canned.delete", rest.strip().lower())
            await message.answer(
                i18n("canned-deleted" if removed else "canned-not-found", name=rest.strip())
            )
            return
        # /canned NAME inside a ticket: send it
        if message.chat.id in consultants_chats(runtime.settings):
            await _group_message(message, user, users, i18n, runtime, bot, canned_name=verb)
            return
        item = await svc.repo.canned_get(verb.lower(), i18n.lang)
        if item is None:
            await message.answer(i18n("canned-not-found", name=verb))
            return
        await message.answer(escape(item.text))

    @r.message(Command("drafts"))
    async def drafts(
        message: Message, user: User, users: UserRepository, i18n: I18n, runtime: Any
    ) -> None:
        if not user.has_role(Role.supervisor):
            await refuse(message, users, i18n, "drafts")
            return
        svc = TicketService.from_runtime(runtime)
        items = await svc.drafts()
        if not items:
            await message.answer(i18n("drafts-empty"))
            return
        for draft in items:
            text = i18n(
                "drafts-item",
                draft=draft.id,
                number=draft.ticket_id or "—",
                category=category_label(i18n.translator, i18n.lang, draft.category),
                language=draft.language,
                question=trim(draft.question, 1000)[0],
                answer=trim(draft.answer, 2500)[0],
            )
            await message.answer(text, reply_markup=draft_keyboard(i18n, draft.id))

    @r.callback_query(DraftCallback.filter(F.action.in_({"ok", "no"})))
    async def review_draft(
        query: CallbackQuery,
        callback_data: DraftCallback,
        user: User,
        users: UserRepository,
        i18n: I18n,
        runtime: Any,
    ) -> None:
        svc = TicketService.from_runtime(runtime)
        approve = callback_data.action == "ok"
        try:
            draft = await svc.review_draft(callback_data.draft_id, user, approve=approve)
        except TicketError as err:
            if err.code in ("not_allowed", "not_found"):
                await refuse(query, users, i18n, "drafts.review")
                return
            await query.answer(i18n("drafts-already-reviewed"), show_alert=True)
            return
        await users.audit(user.id, "drafts.approve" if approve else "drafts.reject", str(draft.id))
        if approve:
            try:
                await runtime.knowledge.refresh_if_changed()
            except Exception:
                log.warning("knowledge index not refreshed after draft %s", draft.id, exc_info=True)
        await query.answer()
        if isinstance(query.message, Message):
            key = "drafts-approved" if approve else "drafts-rejected"
            await query.message.edit_text(
                i18n(key, draft=draft.id, name=user.display_name, faq=draft.faq_id or "")
            )

    # -- the consultants' chat -------------------------------------------------------------
    @r.message(InConsultantsChat(), Command("close"))
    async def close_command(
        message: Message,
        command: CommandObject,
        state: FSMContext,
        user: User,
        users: UserRepository,
        i18n: I18n,
        runtime: Any,
        bot: Bot,
    ) -> None:
        svc = TicketService.from_runtime(runtime)
        ticket = await ticket_of(message, svc)
        if ticket is None:
            await message.reply(i18n("consultant-outside-ticket"))
            return
        resolution = (command.args or "").strip()
        if not resolution:
            if not can_manage(ticket, user):
                await refuse(message, users, i18n, "ticket.close")
                return
            await state.set_state(CloseForm.resolution)
            await state.update_data(close_ticket=ticket.id)
            await message.reply(
                i18n("consultant-close-prompt", number=ticket.id, name=Html(mention(user)))
            )
            return
        await _close(message, state, ticket, user, users, i18n, runtime, bot, resolution)

    @r.message(InConsultantsChat(), Command("cancel"), StateFilter(CloseForm.resolution))
    async def close_cancel(message: Message, state: FSMContext, i18n: I18n) -> None:
        await state.clear()
        await message.reply(i18n("cancelled"))

    @r.message(InConsultantsChat(), CloseForm.resolution, F.text, NOT_COMMAND)
    async def close_resolution(
        message: Message,
        state: FSMContext,
        user: User,
        users: UserRepository,
        i18n: I18n,
        runtime: Any,
        bot: Bot,
    ) -> None:
        svc = TicketService.from_runtime(runtime)
        ticket_id = (await state.get_data()).get("close_ticket")
        here = await ticket_of(message, svc)
        if here is None or here.id != ticket_id or (message.text or "").startswith("//"):
            # written somewhere else: an ordinary message; the close prompt stays open
            await _group_message(message, user, users, i18n, runtime, bot)
            return
        await _close(message, state, here, user, users, i18n, runtime, bot, message.text or "")

    async def _close(
        message: Message,
        state: FSMContext,
        ticket: TicketRow,
        user: User,
        users: UserRepository,
        i18n: I18n,
        runtime: Any,
        bot: Bot,
        resolution: str,
    ) -> None:
        svc = TicketService.from_runtime(runtime)
        try:
            closed = await svc.close(ticket.id, user, trim(resolution.strip(), 3000)[0])
        except TicketError as err:
            await state.clear()
            if err.code == "not_allowed":
                await refuse(message, users, i18n, "ticket.close")
            elif err.code == "closed":
                await message.reply(i18n("ticket-is-closed", number=ticket.id))
            else:
                await message.reply(i18n("consultant-close-empty"))
            return
        await state.clear()
        await users.audit(user.id, "ticket.close", str(closed.id))
        Relay.of(runtime, bot).kick(closed.id)

    @r.message(InConsultantsChat(), NOT_COMMAND)
    async def group_message(
        message: Message,
        user: User | None,
        users: UserRepository,
        i18n: I18n,
        runtime: Any,
        bot: Bot,
    ) -> None:
        await _group_message(message, user, users, i18n, runtime, bot)

    async def _group_message(
        message: Message,
        user: User | None,
        users: UserRepository,
        i18n: I18n,
        runtime: Any,
        bot: Bot,
        *,
        canned_name: str | None = None,
        ticket: TicketRow | None = None,
    ) -> None:
        if message.from_user is None or message.from_user.is_bot or user is None:
            return
        svc = TicketService.from_runtime(runtime)
        if ticket is None:
            ticket = await ticket_of(message, svc)
        if ticket is None:
            reply = message.reply_to_message
            replied_to_bot = (
                reply is not None
                and reply.from_user is not None
                and reply.from_user.id == bot.id
                and reply.forum_topic_created is None
            )
            if replied_to_bot or canned_name:
                await message.reply(i18n("consultant-outside-ticket"))
            return
        if not is_staff(user):
            await refuse(message, users, i18n, "ticket.reply")
            return
        text = message.text or ""
        if canned_name is None and (match := _CANNED_USE.match(text.strip())):
            canned_name = match.group(1)
        if canned_name is None and text.startswith("//"):
            await svc.record_note(
                ticket,
                user,
                text,
                group_chat_id=message.chat.id,
                group_message_id=message.message_id,
            )
            return
        if not ticket.is_open:
            await message.reply(i18n("consultant-ticket-closed", number=ticket.id))
            return
        if canned_name is not None:
            item = await svc.repo.canned_get(canned_name.lower(), ticket.language)
            if item is None:
                await message.reply(i18n("canned-not-found", name=canned_name))
                return
            await svc.repo.canned_used(item.id)
            content: Content | None = Content("text", item.text, escape(item.text))
        else:
            content = content_of(message)
        if content is None:
            await message.reply(i18n("consultant-unsupported"))
            return
        try:
            message_id, created = await svc.record_out(
                ticket,
                user,
                content,
                group_chat_id=message.chat.id,
                group_message_id=message.message_id,
            )
        except TicketError as err:
            if err.code == "not_taken":
                await message.reply(
                    i18n("consultant-take-first", number=ticket.id),
                    reply_markup=take_keyboard(i18n.translator, i18n.lang, ticket),
                )
            elif err.code == "not_owner":
                owner = await users.get(ticket.owner_id) if ticket.owner_id else None
                await users.audit(user.id, "ticket.reply", str(ticket.id), allowed=False)
                await message.reply(
                    i18n(
                        "consultant-not-owner",
                        number=ticket.id,
                        owner=Html(mention(owner)),
                    )
                )
            else:
                await message.reply(i18n("consultant-ticket-closed", number=ticket.id))
            return
        if created:  # stored: sent in the background, in order, at Telegram's pace
            Relay.of(runtime, bot).kick(ticket.id)
        _ = message_id

    @r.edited_message(InConsultantsChat())
    @r.edited_message(F.chat.type == "private")
    async def group_edit(message: Message, user: User | None, runtime: Any, bot: Bot) -> None:
        svc = TicketService.from_runtime(runtime)
        stored = await svc.repo.message_by_group(message.chat.id, message.message_id)
        if stored is None or stored.direction not in ("out", "note"):
            return
        if stored.author_id != (user.id if user else None):
            return
        content = content_of(message)
        if content is None:
            return
        await svc.record_edit(stored, content)
        if stored.direction == "out":
            Relay.of(runtime, bot).kick(stored.ticket_id)

    # -- working from the private chat (issue 11) -------------------------------------------
    @r.message(F.chat.type == "private", Command("inbox"))
    async def inbox(
        message: Message,
        command: CommandObject,
        user: User,
        users: UserRepository,
        i18n: I18n,
        runtime: Any,
    ) -> None:
        if not is_staff(user):
            await refuse(message, users, i18n, "ticket.inbox")
            return
        svc = TicketService.from_runtime(runtime)
        arg = (command.args or "").strip().lower()
        if arg not in ("on", "off", ""):
            await message.answer(i18n("inbox-usage"))
            return
        on = (not await svc.repo.works_in_private(user.id)) if arg == "" else arg == "on"
        await svc.repo.set_work_in_private(user.id, on, svc.now())
        await users.audit(user.id, "ticket.inbox", "on" if on else "off")
        await message.answer(i18n("inbox-on" if on else "inbox-off"))

    @r.message(F.chat.type == "private", Command("close"), PrivateConsultant())
    async def private_close(
        message: Message,
        command: CommandObject,
        state: FSMContext,
        user: User,
        users: UserRepository,
        i18n: I18n,
        runtime: Any,
        bot: Bot,
        private_ticket: TicketRow | None = None,
        owned: list[TicketRow] | None = None,
    ) -> None:
        if private_ticket is None:
            await message.answer(_which_ticket(i18n, owned or []))
            return
        resolution = (command.args or "").strip()
        if not resolution:
            await message.answer(i18n("inbox-close-usage", number=private_ticket.id))
            return
        await _close(message, state, private_ticket, user, users, i18n, runtime, bot, resolution)

    @r.message(F.chat.type == "private", NOT_COMMAND, PrivateConsultant())
    async def private_message(
        message: Message,
        user: User,
        users: UserRepository,
        i18n: I18n,
        runtime: Any,
        bot: Bot,
        private_ticket: TicketRow | None = None,
        owned: list[TicketRow] | None = None,
    ) -> None:
        if private_ticket is None:
            await message.answer(_which_ticket(i18n, owned or []))
            return
        await _group_message(message, user, users, i18n, runtime, bot, ticket=private_ticket)

    def _which_ticket(i18n: I18n, owned: list[TicketRow]) -> str:
        numbers = ", ".join(f"№{t.id}" for t in owned)
        return i18n("inbox-which-ticket", numbers=numbers)

    # -- relays that could not be delivered ------------------------------------------------
    @r.callback_query(RelayRetryCallback.filter())
    async def retry_relay(
        query: CallbackQuery,
        callback_data: RelayRetryCallback,
        user: User,
        users: UserRepository,
        i18n: I18n,
        runtime: Any,
        bot: Bot,
    ) -> None:
        svc = TicketService.from_runtime(runtime)
        stored = await svc.repo.get_message(callback_data.message_id)
        ticket = await svc.repo.get(stored.ticket_id) if stored is not None else None
        if stored is None or ticket is None or not can_manage(ticket, user):
            await refuse(query, users, i18n, "ticket.relay_retry")
            return
        if not await Relay.of(runtime, bot).retry_dead(stored.id):
            await query.answer(i18n("relay-retry-not-needed", number=ticket.id), show_alert=True)
            return
        await users.audit(user.id, "ticket.relay_retry", str(stored.id))
        await query.answer(i18n("relay-retry-queued", number=ticket.id))
        if isinstance(query.message, Message):
            with contextlib.suppress(TelegramBadRequest):
                await query.message.edit_reply_markup(reply_markup=None)

    return r
