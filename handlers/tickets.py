"""The asker's side of the call-center (private chat): /ask_consultant, "didn't help / ask a
consultant" under answers, follow-ups relayed into the open ticket, edits, /my, rating with an
optional comment, reopening (a new linked ticket after ``REOPEN_DAYS``)."""

from __future__ import annotations

import contextlib
import logging
from typing import Any

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command, CommandObject, Filter, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks import AskerTicketCallback, EscalateCallback, RateCallback, TicketNewCallback
from bot.filters import MenuButton
from bot.i18n import I18n, Translator
from bot.keyboards.common import MENU_BUTTONS
from bot.keyboards.tickets import MediaTicketCallback, media_ticket_keyboard
from bot.workers.relay import Courier, Relay
from db.repositories.tickets import MessageRow, TicketRow
from db.repositories.users import User, UserRepository
from services.relay import category_label, status_label
from services.text import trim
from services.tickets import (
    Category,
    Content,
    Status,
    TicketError,
    TicketService,
    guess_category,
    is_staff,
)
from services.worktime import format_local

log = logging.getLogger(__name__)

QUESTION_LIMIT = 4000


class AskForm(StatesGroup):
    question = State()


class RateForm(StatesGroup):
    comment = State()


class FollowUpForm(StatesGroup):
    question = State()


# -- Telegram → Content -------------------------------------------------------------------------
def content_of(message: Message) -> Content | None:
    """What the bot can relay: text, photo, document, voice, video, audio (else None)."""
    html = message.html_text if (message.text or message.caption) else None
    if message.text is not None:
        return Content("text", message.text, html)
    caption = message.caption
    if message.photo:
        return Content("photo", caption, html, message.photo[-1].file_id)
    if message.document:
        doc = message.document
        return Content("document", caption, html, doc.file_id, doc.file_name)
    if message.voice:
        return Content("voice", caption, html, message.voice.file_id)
    if message.video:
        return Content("video", caption, html, message.video.file_id)
    if message.audio:
        return Content("audio", caption, html, message.audio.file_id, message.audio.file_name)
    return None


# -- keyboards ----------------------------------------------------------------------------------
def escalate_keyboard(i18n: I18n, offer_id: int, *, confirm: bool = False) -> InlineKeyboardMarkup:
    """The button the search side puts under an answer (or an escalate result)."""
    b = InlineKeyboardBuilder()
    key = "ticket-escalate-confirm-button" if confirm else "ticket-escalate-button"
    b.button(text=i18n(key), callback_data=EscalateCallback(offer_id=offer_id))
    return b.as_markup()


def category_keyboard(i18n: I18n, offer_id: int, guessed: Category) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    label = category_label(i18n.translator, i18n.lang, guessed.value)
    b.button(
        text=i18n("ticket-btn-send", category=label),
        callback_data=TicketNewCallback(act="go", offer_id=offer_id, cat=guessed.value),
    )
    for category in Category:
        if category == guessed:
            continue
        b.button(
            text=category_label(i18n.translator, i18n.lang, category.value),
            callback_data=TicketNewCallback(act="go", offer_id=offer_id, cat=category.value),
        )
    b.button(text=i18n("ticket-btn-cancel"), callback_data=TicketNewCallback(act="no"))
    b.adjust(1, 2, 2, 2, 1)
    return b.as_markup()


def comment_keyboard(i18n: I18n, ticket_id: int) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    b.button(
        text=i18n("ticket-btn-no-comment"),
        callback_data=AskerTicketCallback(action="nocomment", ticket_id=ticket_id),
    )
    return b.as_markup()


# -- filters ------------------------------------------------------------------------------------
class AskerTicket(Filter):
    """A private message from an asker with an open ticket (→ ``ticket``), or a reply to a
    message of their closed ticket (→ ``closed_ticket``).  Commands and menu buttons pass by."""

    async def __call__(
        self, message: Message, runtime: Any, translator: Translator
    ) -> bool | dict[str, Any]:
        if message.chat.type != "private" or message.from_user is None:
            return False
        text = message.text or ""
        if text.startswith("/") or _is_menu_button(text, translator):
            return False
        svc = TicketService.from_runtime(runtime)
        ticket = await svc.open_for(message.from_user.id)
        if ticket is not None:
            return {"ticket": ticket}
        reply = message.reply_to_message
        if reply is not None and reply.from_user is not None and reply.from_user.is_bot:
            stored = await svc.repo.message_by_private(message.chat.id, reply.message_id)
            if stored is not None:
                old = await svc.get(stored.ticket_id)
                if old.status == Status.closed:
                    return {"closed_ticket": old}
        return False


MEDIA = F.photo | F.voice | F.document | F.video | F.audio


class NotStaff(Filter):
    """Officials (and unknown users); staff sending files are not opening tickets."""

    async def __call__(self, message: Message, user: User | None = None) -> bool:
        return user is None or not is_staff(user)


class EditedTicketMessage(Filter):
    """An edited private message that was relayed into a ticket (→ ``stored``)."""

    async def __call__(self, message: Message, runtime: Any) -> bool | dict[str, Any]:
        svc = TicketService.from_runtime(runtime)
        stored = await svc.repo.message_by_private(message.chat.id, message.message_id)
        if stored is None or stored.direction != "in":
            return False
        return {"stored": stored}


def _is_menu_button(text: str, translator: Translator) -> bool:
    if not text:
        return False
    return any(
        text == translator.get(lang, key)
        for key, _ in MENU_BUTTONS
        for lang in translator.languages
    )


# -- shared steps -------------------------------------------------------------------------------
async def announce_created(
    message: Message,
    ticket: TicketRow,
    user: User,
    i18n: I18n,
    state: FSMContext,
    runtime: Any,
    bot: Bot,
    *,
    edit: bool = False,
) -> None:
    """Tell the asker the ticket exists (and when to expect an answer), open its topic in the
    consultants' chat, then say what the profile still lacks (with a button to fill it in)."""
    svc = TicketService.from_runtime(runtime)
    text = i18n(
        "ticket-created",
        number=ticket.id,
        category=category_label(i18n.translator, i18n.lang, ticket.category),
    )
    back = await svc.claim_out_of_hours_notice(ticket.id)
    if back is not None:
        text += "\n\n" + i18n("ticket-out-of-hours", when=format_local(back, runtime.settings.tz))
    if edit:
        await message.edit_text(text)
    else:
        await message.answer(text)
    Relay.of(runtime, bot).kick(ticket.id)
    if not user.is_registered:
        from handlers.profile import offer_profile

        await offer_profile(message, user, i18n, ticket.id)


async def _explain_error(target: Message | CallbackQuery, i18n: I18n, err: TicketError) -> None:
    number = err.ticket.id if err.ticket else err.info.get("number", "")
    key = {
        "already_open": "ticket-already-open",
        "not_allowed": "not-allowed",
        "closed": "ticket-is-closed",
        "not_closed": "ticket-not-closed",
        "too_old": "ticket-too-old",
        "not_found": "ticket-not-found",
        "empty_question": "ticket-empty-question",
    }.get(err.code, "error-generic")
    text = i18n(key, number=number)
    if isinstance(target, CallbackQuery):
        await target.answer(text, show_alert=True)
    else:
        await target.answer(text)


async def _refuse(query: CallbackQuery, users: UserRepository, i18n: I18n, action: str) -> None:
    log.warning("refused %s from %s: %r", action, query.from_user.id, query.data)
    await users.audit(query.from_user.id, action, query.data, allowed=False)
    await query.answer(i18n("not-allowed"), show_alert=True)


async def _cancel_pending(
    query: CallbackQuery, state: FSMContext, i18n: I18n, pending: str
) -> None:
    """ "No" to a ticket about to be opened: forget what was kept for it and say so."""
    await state.update_data(**{pending: None})
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_text(i18n("ticket-cancelled"))


def router() -> Router:
    r = Router(name="tickets")

    # -- /ask_consultant ---------------------------------------------------------------------
    @r.message(F.chat.type == "private", Command("ask_consultant"))
    @r.message(F.chat.type == "private", MenuButton("menu-consultant"))
    async def ask(
        message: Message,
        state: FSMContext,
        user: User,
        i18n: I18n,
        runtime: Any,
        command: CommandObject | None = None,
    ) -> None:
        svc = TicketService.from_runtime(runtime)
        ticket = await svc.open_for(user.id)
        if ticket is not None:
            await message.answer(i18n("ticket-already-open", number=ticket.id))
            return
        question = (command.args or "").strip() if command else ""
        if question:
            await _confirm_question(message, state, i18n, question)
            return
        await state.set_state(AskForm.question)
        await message.answer(i18n("ticket-ask-prompt"))

    @r.message(AskForm.question, F.text, ~F.text.startswith("/"))
    async def ask_question(message: Message, state: FSMContext, i18n: I18n) -> None:
        await _confirm_question(message, state, i18n, message.text or "")

    @r.message(AskForm.question)
    async def ask_question_not_text(message: Message, i18n: I18n) -> None:
        await message.answer(i18n("ticket-ask-text-only"))

    async def _confirm_question(
        message: Message, state: FSMContext, i18n: I18n, question: str
    ) -> None:
        question = question.strip()
        if len(question) > QUESTION_LIMIT:
            await message.answer(i18n("text-too-long", length=len(question), limit=QUESTION_LIMIT))
            return
        await state.set_state(None)
        await state.update_data(ask_question=question)
        guessed, _ = guess_category(question)
        await message.answer(
            i18n("ticket-confirm", question=trim(question, 700)[0]),
            reply_markup=category_keyboard(i18n, 0, guessed),
        )

    # -- "didn't help" / escalate -----------------------------------------------------------
    @r.callback_query(EscalateCallback.filter())
    async def escalate(
        query: CallbackQuery,
        callback_data: EscalateCallback,
        user: User,
        users: UserRepository,
        i18n: I18n,
        runtime: Any,
    ) -> None:
        svc = TicketService.from_runtime(runtime)
        offer = await svc.get_offer(callback_data.offer_id)
        if offer is None or offer.user_id != user.id:
            await _refuse(query, users, i18n, "ticket.escalate")
            return
        if offer.ticket_id is not None:
            await query.answer(i18n("ticket-already-sent", number=offer.ticket_id), show_alert=True)
            return
        open_ticket = await svc.open_for(user.id)
        if open_ticket is not None:
            await query.answer(i18n("ticket-already-open", number=open_ticket.id), show_alert=True)
            return
        await query.answer()
        guessed, _ = guess_category(offer.question, offer.categories)
        if isinstance(query.message, Message):
            await query.message.answer(
                i18n("ticket-confirm", question=trim(offer.question, 700)[0]),
                reply_markup=category_keyboard(i18n, offer.id, guessed),
            )

    @r.callback_query(TicketNewCallback.filter(F.act == "no"))
    async def new_cancel(query: CallbackQuery, state: FSMContext, i18n: I18n) -> None:
        await _cancel_pending(query, state, i18n, "ask_question")

    @r.callback_query(TicketNewCallback.filter(F.act == "go"))
    async def new_go(
        query: CallbackQuery,
        callback_data: TicketNewCallback,
        state: FSMContext,
        user: User,
        users: UserRepository,
        i18n: I18n,
        runtime: Any,
        bot: Bot,
    ) -> None:
        svc = TicketService.from_runtime(runtime)
        category = callback_data.cat if callback_data.cat in Category.__members__ else None
        try:
            if callback_data.offer_id:
                ticket = await svc.create_from_offer(
                    asker_id=user.id,
                    offer_id=callback_data.offer_id,
                    language=i18n.lang,
                    category=category,
                )
            else:
                question = (await state.get_data()).get("ask_question")
                if not question:
                    await query.answer(i18n("callback-outdated"), show_alert=True)
                    return
                ticket = await svc.create(
                    asker_id=user.id, question=question, language=i18n.lang, category=category
                )
                await state.update_data(ask_question=None)
        except TicketError as err:
            if err.code == "not_allowed":
                await _refuse(query, users, i18n, "ticket.create")
                return
            await _explain_error(query, i18n, err)
            return
        await query.answer()
        if isinstance(query.message, Message):
            await announce_created(
                query.message, ticket, user, i18n, state, runtime, bot, edit=True
            )

    # -- /my and /ticket for the asker -----------------------------------------------------
    @r.message(F.chat.type == "private", Command("my"))
    @r.message(F.chat.type == "private", MenuButton("menu-my-tickets"))
    async def my_tickets(message: Message, user: User, i18n: I18n, runtime: Any) -> None:
        svc = TicketService.from_runtime(runtime)
        tickets = await svc.repo.for_asker(user.id, limit=10)
        if not tickets:
            await message.answer(i18n("my-empty"))
            return
        lines = [i18n("my-header")]
        b = InlineKeyboardBuilder()
        for t in tickets:
            lines.append(
                i18n(
                    "my-line",
                    number=t.id,
                    status=status_label(i18n.translator, i18n.lang, t.status),
                    category=category_label(i18n.translator, i18n.lang, t.category),
                    date=format_local(t.created_at, runtime.settings.tz, with_date=True),
                    question=trim(t.question, 80)[0],
                )
            )
            if t.rating:
                lines[-1] += " " + "⭐" * t.rating
            if svc.can_reopen(t):
                b.button(
                    text=i18n("my-btn-reopen", number=t.id),
                    callback_data=AskerTicketCallback(action="reopen", ticket_id=t.id),
                )
        b.adjust(1)
        await message.answer("\n".join(lines), reply_markup=b.as_markup() if b.buttons else None)

    # -- rating, comment, reopen ----------------------------------------------------------
    @r.callback_query(RateCallback.filter())
    async def rate(
        query: CallbackQuery,
        callback_data: RateCallback,
        state: FSMContext,
        user: User,
        users: UserRepository,
        i18n: I18n,
        runtime: Any,
        bot: Bot,
    ) -> None:
        svc = TicketService.from_runtime(runtime)
        try:
            ticket = await svc.rate(callback_data.ticket_id, user.id, callback_data.stars)
        except TicketError as err:
            if err.code in ("not_allowed", "not_found", "bad_rating"):
                await _refuse(query, users, i18n, "ticket.rate")
                return
            await _explain_error(query, i18n, err)
            return
        await query.answer(i18n("ticket-rated", stars="⭐" * ticket.rating))  # type: ignore[operator]
        if isinstance(query.message, Message):
            await state.set_state(RateForm.comment)
            await state.update_data(rate_ticket=ticket.id)
            await query.message.answer(
                i18n("ticket-rate-thanks", number=ticket.id, stars="⭐" * (ticket.rating or 0)),
                reply_markup=comment_keyboard(i18n, ticket.id),
            )
        Relay.of(runtime, bot).kick(ticket.id)

    @r.message(RateForm.comment, F.text, ~F.text.startswith("/"))
    async def rate_comment(
        message: Message, state: FSMContext, user: User, i18n: I18n, runtime: Any, bot: Bot
    ) -> None:
        ticket_id = (await state.get_data()).get("rate_ticket")
        await state.clear()
        if not ticket_id:
            return
        svc = TicketService.from_runtime(runtime)
        current = await svc.repo.get(int(ticket_id))
        open_ticket = await svc.open_for(user.id)
        if open_ticket is not None and (current is None or current.is_open):
            # reopened meanwhile (from /my or a reply): this is a message for the consultant
            await _relay_in(message, state, user, i18n, runtime, bot, open_ticket)
            return
        try:
            await svc.comment(int(ticket_id), user.id, trim(message.text or "", 2000)[0])
        except TicketError as err:
            await _explain_error(message, i18n, err)
            return
        await message.answer(i18n("ticket-comment-thanks"))
        Relay.of(runtime, bot).kick(int(ticket_id))

    @r.message(RateForm.comment, ~F.text.startswith("/"))
    async def rate_comment_not_text(message: Message, i18n: I18n) -> None:
        await message.answer(i18n("ticket-ask-text-only"))

    @r.callback_query(AskerTicketCallback.filter(F.action == "nocomment"))
    async def no_comment(query: CallbackQuery, state: FSMContext, i18n: I18n) -> None:
        if await state.get_state() == RateForm.comment.state:
            await state.clear()
        await query.answer(i18n("ticket-comment-skipped"))
        if isinstance(query.message, Message):
            await query.message.edit_reply_markup(reply_markup=None)

    @r.callback_query(AskerTicketCallback.filter(F.action == "reopen"))
    async def reopen(
        query: CallbackQuery,
        callback_data: AskerTicketCallback,
        state: FSMContext,
        user: User,
        users: UserRepository,
        i18n: I18n,
        runtime: Any,
        bot: Bot,
    ) -> None:
        svc = TicketService.from_runtime(runtime)
        try:
            ticket = await svc.reopen(callback_data.ticket_id, user.id)
        except TicketError as err:
            if err.code in ("not_allowed", "not_found"):
                await _refuse(query, users, i18n, "ticket.reopen")
                return
            if err.code == "too_old":
                await query.answer()
                await state.set_state(FollowUpForm.question)
                await state.update_data(parent_ticket=callback_data.ticket_id)
                if isinstance(query.message, Message):
                    await query.message.answer(
                        i18n(
                            "ticket-reopen-too-old",
                            number=callback_data.ticket_id,
                            days=runtime.settings.reopen_days,
                        )
                    )
                return
            await _explain_error(query, i18n, err)
            return
        if await state.get_state() == RateForm.comment.state:
            await state.clear()  # the rating step ends: the next message goes to the ticket
        await query.answer()
        if isinstance(query.message, Message):
            with contextlib.suppress(TelegramBadRequest):
                await query.message.edit_reply_markup(reply_markup=None)
            await query.message.answer(i18n("ticket-reopened", number=ticket.id))
        Relay.of(runtime, bot).kick(ticket.id)

    @r.message(FollowUpForm.question, F.text, ~F.text.startswith("/"))
    async def follow_up_question(
        message: Message, state: FSMContext, user: User, i18n: I18n, runtime: Any, bot: Bot
    ) -> None:
        parent = (await state.get_data()).get("parent_ticket")
        await state.clear()
        await _new_linked_ticket(message, state, user, i18n, runtime, bot, parent, message.text)

    @r.message(FollowUpForm.question, ~F.text.startswith("/"))
    async def follow_up_not_text(message: Message, i18n: I18n) -> None:
        await message.answer(i18n("ticket-ask-text-only"))

    async def _new_linked_ticket(
        message: Message,
        state: FSMContext,
        user: User,
        i18n: I18n,
        runtime: Any,
        bot: Bot,
        parent: int | None,
        text: str | None,
    ) -> None:
        svc = TicketService.from_runtime(runtime)
        try:
            ticket = await svc.create(
                asker_id=user.id,
                question=trim(text or "", QUESTION_LIMIT)[0],
                language=i18n.lang,
                source="follow_up",
                parent_ticket_id=parent,
            )
        except TicketError as err:
            await _explain_error(message, i18n, err)
            return
        await announce_created(message, ticket, user, i18n, state, runtime, bot)

    # -- follow-ups into the open ticket ---------------------------------------------------
    @r.message(StateFilter(None), AskerTicket())
    async def follow_up(
        message: Message,
        state: FSMContext,
        user: User,
        i18n: I18n,
        runtime: Any,
        bot: Bot,
        ticket: TicketRow | None = None,
        closed_ticket: TicketRow | None = None,
    ) -> None:
        svc = TicketService.from_runtime(runtime)
        content = content_of(message)
        if content is None:
            await message.answer(i18n("ticket-unsupported-content"))
            return
        if ticket is None and closed_ticket is not None:
            if not svc.can_reopen(closed_ticket):
                if content.content_type != "text":
                    await state.set_state(FollowUpForm.question)
                    await state.update_data(parent_ticket=closed_ticket.id)
                    await message.answer(
                        i18n(
                            "ticket-reopen-too-old",
                            number=closed_ticket.id,
                            days=runtime.settings.reopen_days,
                        )
                    )
                    return
                await _new_linked_ticket(
                    message, state, user, i18n, runtime, bot, closed_ticket.id, content.text
                )
                return
            try:
                ticket = await svc.reopen(closed_ticket.id, user.id)
            except TicketError as err:
                await _explain_error(message, i18n, err)
                return
            await _relay_in(message, state, user, i18n, runtime, bot, ticket)  # stored first
            notice = message.answer(i18n("ticket-reopened-by-reply", number=ticket.id))
            Courier.of(runtime, bot).spawn(notice, "reopened-by-reply notice")
            return
        assert ticket is not None
        await _relay_in(message, state, user, i18n, runtime, bot, ticket)

    async def _relay_in(
        message: Message,
        state: FSMContext,
        user: User,
        i18n: I18n,
        runtime: Any,
        bot: Bot,
        ticket: TicketRow,
    ) -> None:
        """Store the asker's message in the ticket, then let the background send it."""
        svc = TicketService.from_runtime(runtime)
        content = content_of(message)
        if content is None:
            await message.answer(i18n("ticket-unsupported-content"))
            return
        try:
            message_id, created = await svc.record_in(
                ticket, user.id, content, private_message_id=message.message_id
            )
        except TicketError as err:
            await _explain_error(message, i18n, err)
            return
        if created:  # stored: it is sent in the background, in order, at Telegram's pace
            Relay.of(runtime, bot).kick(ticket.id)
        log.debug("ticket %s: message %s stored", ticket.id, message_id)
        back = await svc.claim_out_of_hours_notice(ticket.id)
        if back is not None:  # in the background too: the next update is stored at once
            text = i18n("ticket-out-of-hours", when=format_local(back, runtime.settings.tz))
            Courier.of(runtime, bot).spawn(message.answer(text), "out-of-hours notice")

    # -- a photo, voice note or document outside a ticket opens one (after a confirmation) --
    @r.message(F.chat.type == "private", StateFilter(None), MEDIA, NotStaff())
    async def media_before_ticket(
        message: Message, state: FSMContext, i18n: I18n, runtime: Any
    ) -> None:
        content = content_of(message)
        if content is None:
            return
        # kept (in the FSM storage, i.e. the database) until the asker confirms
        await state.update_data(
            media_ticket={
                "content_type": content.content_type,
                "text": content.text,
                "html": content.html,
                "file_id": content.file_id,
                "file_name": content.file_name,
                "message_id": message.message_id,
            }
        )
        kind = i18n(f"history-file-{content.content_type}")
        await message.answer(
            i18n("media-ticket-confirm", kind=kind),
            reply_markup=media_ticket_keyboard(i18n.translator, i18n.lang),
        )

    @r.callback_query(MediaTicketCallback.filter(F.act == "no"))
    async def media_cancel(query: CallbackQuery, state: FSMContext, i18n: I18n) -> None:
        await _cancel_pending(query, state, i18n, "media_ticket")

    @r.callback_query(MediaTicketCallback.filter(F.act == "go"))
    async def media_go(
        query: CallbackQuery,
        state: FSMContext,
        user: User,
        i18n: I18n,
        runtime: Any,
        bot: Bot,
    ) -> None:
        data = (await state.get_data()).get("media_ticket")
        if not data:
            await query.answer(i18n("callback-outdated"), show_alert=True)
            return
        content = Content(
            data["content_type"], data.get("text"), data.get("html"), data.get("file_id"),
            data.get("file_name"),
        )  # fmt: skip
        kind = i18n(f"history-file-{content.content_type}")
        question = (content.text or "").strip() or i18n("media-ticket-question", kind=kind)
        svc = TicketService.from_runtime(runtime)
        try:
            ticket = await svc.create(
                asker_id=user.id, question=trim(question, QUESTION_LIMIT)[0], language=i18n.lang
            )
            await svc.record_in(ticket, user.id, content, private_message_id=data["message_id"])
        except TicketError as err:
            await _explain_error(query, i18n, err)
            return
        await state.update_data(media_ticket=None)
        await query.answer()
        if isinstance(query.message, Message):
            await announce_created(
                query.message, ticket, user, i18n, state, runtime, bot, edit=True
            )
        else:
            Relay.of(runtime, bot).kick(ticket.id)

    @r.edited_message(F.chat.type == "private", EditedTicketMessage())
    async def edited(
        message: Message, stored: MessageRow, i18n: I18n, runtime: Any, bot: Bot
    ) -> None:
        content = content_of(message)
        if content is None:
            return
        await TicketService.from_runtime(runtime).record_edit(stored, content)
        Relay.of(runtime, bot).kick(stored.ticket_id)

    return r
