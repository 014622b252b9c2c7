"""The buttons under search results: open a suggestion, the full article, helped / didn't help.

Buttons carry only the question's id and an index into its logged results; the question must
be the presser's, so a forged button is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
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


@dataclass(slots=True)
class Press:
    """A button under search results, pressed by the asker of the question it points at."""

    query: CallbackQuery
    data: SearchCallback
    message: Message
    logged: LoggedQuestion
    i18n: I18n


async def pressed(
    query: CallbackQuery,
    callback_data: SearchCallback,
    message: Message,
    user: User,
    i18n: I18n,
    db: Database,
    knowledge: KnowledgeService,
) -> None:
    """Any button under search results: the question it points at must be the presser's (a
    forged button is refused), then "pick"/"full" open a hit, "ok"/"no" are the feedback."""
    logged = await get_question(db, callback_data.qid)
    if logged is None or logged.user_id != user.id:
        await query.answer(i18n("search-bad-button"), show_alert=True)
        return
    press = Press(query, callback_data, message, logged, i18n)
    if callback_data.action in ("ok", "no"):
        await feedback(press, db)
    else:
        await open_hit(press, db, knowledge)


def _lang(logged: LoggedQuestion, i18n: I18n) -> str:
    return logged.lang if logged.lang in ("ky", "ru") else i18n.lang


async def hit_of(press: Press, knowledge: KnowledgeService) -> Any:
    """The hit the button points at (None, with the refusal, if it is not there)."""
    idx, logged, i18n = press.data.idx, press.logged, press.i18n
    if not 0 <= idx < len(logged.results):
        await press.query.answer(i18n("search-bad-button"), show_alert=True)
        return None
    if knowledge.engine is None:
        await knowledge.load()
    row = logged.results[idx]
    hit = knowledge.engine.hit_by_id(str(row.get("id")), _lang(logged, i18n))
    if hit is None:  # the knowledge base changed since
        await press.query.answer(i18n("search-gone"), show_alert=True)
    elif row.get("point"):  # the point a lookup asked of the article, shown again
        hit.point, hit.point_kind, hit.sub = row["point"], row.get("point_kind"), row.get("sub")
    return hit


async def open_hit(press: Press, db: Database, knowledge: KnowledgeService) -> None:
    """A suggestion picked ("pick": its answer) or "full text" ("full": the whole article)."""
    hit = await hit_of(press, knowledge)
    if hit is None:
        return
    logged, i18n = press.logged, press.i18n
    reply = reply_i18n(i18n, _lang(logged, i18n))
    if press.data.action == "full":
        await press.query.answer()
        for piece in await full_article(knowledge, reply, hit):
            await press.message.answer(piece)
        return
    out = Reply(press.message, i18n, reply, [hit], qid=logged.id)
    out.shown = await present(knowledge, hit, reply)
    offer = OfferFields(offer_text(out.shown), "answer", [hit.category], [hit.id], hit.score)
    await record_choice(db, logged.id, hit.id, offer=offer)  # one write: choice and offer
    await press.query.answer()
    await show_answer(out, press.data.idx)


async def feedback(press: Press, db: Database) -> None:
    """ "Helped" (thanks) or "didn't help" (sorry, and the consultant button)."""
    helped = press.data.action == "ok"
    await record_feedback(db, press.logged.id, helped)
    if helped:
        await press.query.answer(press.i18n("search-thanks"))
        return
    await press.query.answer()
    if press.data.offer:  # the question carries its offer (migration 0010): its id
        markup = escalate_keyboard(press.i18n, press.logged.id, confirm=True)
        await press.message.answer(press.i18n("search-sorry"), reply_markup=markup)
