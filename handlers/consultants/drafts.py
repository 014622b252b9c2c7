"""Supervisors review the FAQ drafts made by "Save to KB": /drafts, approve or reject."""

from __future__ import annotations

import logging

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from bot.i18n import I18n
from bot.keyboards.tickets import DraftCallback, draft_keyboard
from bot.knowledge_service import KnowledgeService
from bot.queries import message_of
from handlers.tickets.shared import Desk, Refused
from services.text import trim
from services.tickets import TicketError, TicketService

log = logging.getLogger(__name__)


async def drafts(message: Message, i18n: I18n, tickets: TicketService) -> None:
    items = await tickets.drafts()
    if not items:
        await message.answer(i18n("drafts-empty"))
        return
    for draft in items:
        text = i18n(
            "drafts-item",
            draft=draft.id,
            number=draft.ticket_id or "—",
            category=i18n(f"ticket-category-{draft.category}"),
            language=draft.language,
            question=trim(draft.question, 1000)[0],
            answer=trim(draft.answer, 2500)[0],
        )
        await message.answer(text, reply_markup=draft_keyboard(i18n, draft.id))


async def review_draft(
    query: CallbackQuery, callback_data: DraftCallback, desk: Desk, knowledge: KnowledgeService
) -> None:
    approve, user = callback_data.action == "ok", desk.user
    try:
        draft = await desk.tickets.review_draft(callback_data.draft_id, user, approve=approve)
    except TicketError as err:
        if err.code in ("not_allowed", "not_found"):
            raise Refused("drafts.review") from err
        else:
            desk.say(desk.i18n("drafts-already-reviewed"), alert=True)
        return
    await desk.audit("drafts.approve" if approve else "drafts.reject", str(draft.id))
    if approve:
        try:
            await knowledge.refresh_if_changed()
        except Exception:
            log.warning("knowledge index not refreshed after draft %s", draft.id, exc_info=True)
    if message := message_of(query):
        key = "drafts-approved" if approve else "drafts-rejected"
        faq = draft.faq_id or ""
        await message.edit_text(desk.i18n(key, draft=draft.id, name=user.display_name, faq=faq))


def router() -> Router:
    """Supervisors only (the package sets the role filter)."""
    r = Router(name="consultants.drafts")
    r.message.register(drafts, Command("drafts"))
    r.callback_query.register(review_draft, DraftCallback.filter(F.action.in_({"ok", "no"})))
    return r
