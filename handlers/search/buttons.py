"""The buttons under search results: open a suggestion, the full article, helped / didn't help.

Buttons carry only the question's id and an index into its logged results; the question must
be the presser's, so a forged button is refused.
"""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery, Message

from bot.i18n import I18n
from bot.keyboards.search import SearchCallback, escalate_keyboard
from bot.knowledge_service import KnowledgeService
from db.database import Database
from db.repositories.questions import OfferFields
from db.repositories.users import User
from handlers.search.present import full_article, present
from handlers.search.questions import Reply, show_answer
from handlers.search.render import offer_text, reply_i18n
from services.question_log import LoggedQuestion, get_question, record_choice, record_feedback


async def own_question(
    query: CallbackQuery, data: SearchCallback, user: User, i18n: I18n, db: Database
) -> LoggedQuestion | None:
    """The question a button points at, if it is the presser's (else the refusal)."""
    logged = await get_question(db, data.qid)
    if logged is None or logged.user_id != user.id:
        await query.answer(i18n("search-bad-button"), show_alert=True)
        return None
    return logged


def _lang(logged: LoggedQuestion, i18n: I18n) -> str:
    return logged.lang if logged.lang in ("ky", "ru") else i18n.lang


async def hit_of(
    query: CallbackQuery, idx: int, logged: LoggedQuestion, i18n: I18n, knowledge: KnowledgeService
) -> Any:
    """The hit a button of the presser's question points at (None, with the refusal, if it
    is not there)."""
    if not 0 <= idx < len(logged.results):
        await query.answer(i18n("search-bad-button"), show_alert=True)
        return None
    if knowledge.engine is None:
        await knowledge.load()
    hit = knowledge.engine.hit_by_id(str(logged.results[idx].get("id")), _lang(logged, i18n))
    if hit is None:  # the knowledge base changed since
        await query.answer(i18n("search-gone"), show_alert=True)
    return hit


async def open_hit(
    query: CallbackQuery,
    callback_data: SearchCallback,
    message: Message,
    user: User,
    i18n: I18n,
    db: Database,
    knowledge: KnowledgeService,
) -> None:
    """A suggestion picked ("pick": its answer) or "full text" ("full": the whole article)."""
    logged = await own_question(query, callback_data, user, i18n, db)
    hit = logged and await hit_of(query, callback_data.idx, logged, i18n, knowledge)
    if logged is None or hit is None:
        return
    reply = reply_i18n(i18n, _lang(logged, i18n))
    if callback_data.action == "full":
        await query.answer()
        for piece in await full_article(knowledge, reply, hit):
            await message.answer(piece)
        return
    out = Reply(message, i18n, reply, [hit], qid=logged.id)
    out.shown = await present(knowledge, hit, reply)
    offer = OfferFields(offer_text(out.shown), "answer", [hit.category], [hit.id], hit.score)
    await record_choice(db, logged.id, hit.id, offer=offer)  # one write: choice and offer
    await query.answer()
    await show_answer(out, callback_data.idx)


async def feedback(
    query: CallbackQuery,
    callback_data: SearchCallback,
    message: Message,
    user: User,
    i18n: I18n,
    db: Database,
) -> None:
    logged = await own_question(query, callback_data, user, i18n, db)
    if logged is None:
        return
    helped = callback_data.action == "ok"
    await record_feedback(db, logged.id, helped)
    if helped:
        await query.answer(i18n("search-thanks"))
        return
    await query.answer()
    if callback_data.offer:  # the question carries its offer (migration 0010): its id
        markup = escalate_keyboard(i18n, logged.id, confirm=True)
        await message.answer(i18n("search-sorry"), reply_markup=markup)
