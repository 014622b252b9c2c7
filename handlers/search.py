"""Questions in a private chat → answers from the knowledge base (the catch-all text handler).

* ``answered`` — the passage (trimmed to fit a message, with a "full text" button when it was
  cut), its citation, and "helped / didn't help" buttons; "didn't help" offers a consultant.
* ``suggest`` — up to three buttons to choose from, and a consultant button.
* ``escalate`` — an honest "I don't know" and a button to ask a consultant.
* greetings and thanks with no question in them get a short hint instead.

Every question goes to the question log (``services.question_log``); what the bot showed is
recorded as a bot offer (``services.tickets.record_bot_offer``) so the consultant button
(``EscalateCallback``, handled by ``handlers/tickets.py``) carries it into the ticket.
The search itself runs in a worker thread (``KnowledgeService.search``).
"""

from __future__ import annotations

import html
import logging
from typing import Any

from aiogram import F, Router
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks import EscalateCallback
from bot.i18n import I18n
from db.database import Database
from db.repositories.users import User

log = logging.getLogger(__name__)

ANSWER_PREVIEW = 900  # characters of the passage shown in the answer message
FULL_TEXT_CHUNK = 3500  # a full text is sent in pieces well under Telegram's 4096
BUTTON_TITLE = 60  # characters of a title on a suggestion button


class SearchCallback(CallbackData, prefix="srch"):
    """Buttons under search results: pick a suggestion, full text, helped / didn't help."""

    action: str  # "pick" | "full" | "ok" | "no"
    qid: int  # the question-log id
    idx: int = 0  # index into the logged results
    offer: int = 0  # the bot-offer id (for the consultant button after "didn't help")


# --- pure helpers ------------------------------------------------------------------------------


def trim(text: str, limit: int) -> tuple[str, bool]:
    """``text`` cut at a word boundary to at most ``limit`` characters; whether it was cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text, False
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:") + "…", True


def chunks(text: str, size: int = FULL_TEXT_CHUNK) -> list[str]:
    """Split a long text into pieces of at most ``size`` characters, at paragraph/space ends."""
    out: list[str] = []
    text = text.strip()
    while len(text) > size:
        cut = text.rfind("\n", 0, size)
        if cut < size // 2:
            cut = text.rfind(" ", 0, size)
        if cut < size // 2:
            cut = size
        out.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    if text:
        out.append(text)
    return out


def answer_text(i18n: I18n, hit: Any) -> tuple[str, bool]:
    """The HTML of an answer message (every KB string escaped) and whether the text was cut."""
    body, cut = trim(hit.text, ANSWER_PREVIEW)
    parts = [f"<b>{html.escape(hit.title)}</b>", html.escape(body)]
    parts.append(i18n("search-source", source=hit.source))
    return "\n\n".join(parts), cut


def answer_keyboard(
    i18n: I18n, qid: int, idx: int, offer_id: int, *, full: bool
) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    if full:
        b.button(
            text=i18n("search-btn-full"),
            callback_data=SearchCallback(action="full", qid=qid, idx=idx),
        )
    b.button(
        text=i18n("search-btn-helped"),
        callback_data=SearchCallback(action="ok", qid=qid, idx=idx),
    )
    b.button(
        text=i18n("search-btn-not-helped"),
        callback_data=SearchCallback(action="no", qid=qid, idx=idx, offer=offer_id),
    )
    if full:
        b.adjust(1, 2)
    else:
        b.adjust(2)
    return b.as_markup()


def suggest_keyboard(i18n: I18n, qid: int, hits: list[Any], offer_id: int) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    for idx, hit in enumerate(hits[:3]):
        title, _ = trim(hit.title, BUTTON_TITLE)
        b.button(
            text=f"{idx + 1}. {title}",
            callback_data=SearchCallback(action="pick", qid=qid, idx=idx),
        )
    b.button(text=i18n("ticket-escalate-button"), callback_data=EscalateCallback(offer_id=offer_id))
    b.adjust(1)
    return b.as_markup()


def escalate_keyboard(i18n: I18n, offer_id: int) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    b.button(
        text=i18n("ticket-escalate-confirm-button"),
        callback_data=EscalateCallback(offer_id=offer_id),
    )
    return b.as_markup()


def result_rows(hits: list[Any]) -> list[dict[str, Any]]:
    """What the question log keeps of the results."""
    return [
        {
            "id": hit.id,
            "kind": hit.kind,
            "title": hit.title,
            "score": hit.score,
            "category": hit.category,
        }
        for hit in hits
    ]


# --- services (kept thin: the rules live in services/ and knowledge/) ---------------------------


async def _log(db: Database, user: User | None, text: str, lang: str, result: Any) -> int:
    from services.question_log import log_question

    return await log_question(
        db,
        user_id=user.id if user else None,
        text=text,
        lang=lang,
        status=result.status,
        results=result_rows(result.results),
        oblast=user.oblast if user else None,
        position=user.position if user else None,
    )


async def _offer(
    db: Database,
    user: User,
    question: str,
    lang: str,
    hits: list[Any],
    *,
    source: str,
    question_id: int | None = None,
) -> int:
    from services.tickets import record_bot_offer

    offer = None
    if hits and source == "answer":
        offer = f"{hits[0].title}\n{hits[0].text}\n{hits[0].source}"
    return await record_bot_offer(
        db,
        user_id=user.id,
        question=question,
        offer=offer,
        language=lang,
        source=source,
        categories=[h.category for h in hits if h.category],
        refs=[h.id for h in hits],
        score=hits[0].score if hits else None,
        question_id=question_id,
    )


async def _engine(knowledge: Any) -> Any:
    if knowledge.engine is None:
        await knowledge.load()
    return knowledge.engine


async def _show_answer(
    message: Message, i18n: I18n, hit: Any, qid: int, idx: int, offer_id: int
) -> None:
    text, cut = answer_text(i18n, hit)
    await message.answer(text, reply_markup=answer_keyboard(i18n, qid, idx, offer_id, full=cut))


# --- router ------------------------------------------------------------------------------------


def router() -> Router:
    r = Router(name="search")

    @r.message(F.chat.type == "private", F.text, ~F.text.startswith("/"))
    async def question(
        message: Message, user: User, i18n: I18n, db: Database, knowledge: Any
    ) -> None:
        text = (message.text or "").strip()
        result = await knowledge.search(text, lang=i18n.lang)
        qid = await _log(db, user, text, i18n.lang, result)
        if result.small_talk or (result.status == "escalate" and not result.features.get("units")):
            await message.answer(i18n("search-hint"))
            return
        if result.status == "answered" and result.results:
            offer_id = await _offer(
                db, user, text, i18n.lang, result.results[:1], source="answer", question_id=qid
            )
            await _show_answer(message, i18n, result.results[0], qid, 0, offer_id)
            return
        if result.status == "suggest" and result.results:
            hits = result.results[:3]
            offer_id = await _offer(db, user, text, i18n.lang, hits, source="none", question_id=qid)
            lines = [i18n("search-suggest")]
            for n, hit in enumerate(hits, 1):
                lines.append(f"{n}. {html.escape(trim(hit.title, 200)[0])}")
            await message.answer(
                "\n".join(lines), reply_markup=suggest_keyboard(i18n, qid, hits, offer_id)
            )
            return
        offer_id = await _offer(db, user, text, i18n.lang, [], source="escalate", question_id=qid)
        await message.answer(i18n("search-unknown"), reply_markup=escalate_keyboard(i18n, offer_id))

    async def _logged_hit(
        query: CallbackQuery,
        data: SearchCallback,
        user: User,
        i18n: I18n,
        db: Database,
        knowledge: Any,
    ) -> tuple[Any, Any] | None:
        """The logged question (if it is this user's) and the hit a button points at."""
        from services.question_log import get_question

        logged = await get_question(db, data.qid)
        if logged is None or logged.user_id != user.id or not 0 <= data.idx < len(logged.results):
            await query.answer(i18n("callback-outdated"), show_alert=True)
            return None
        engine = await _engine(knowledge)
        hit = engine.hit_by_id(str(logged.results[data.idx].get("id")), i18n.lang)
        if hit is None:  # the knowledge base changed since
            await query.answer(i18n("search-gone"), show_alert=True)
            return None
        return logged, hit

    @r.callback_query(SearchCallback.filter(F.action == "pick"))
    async def pick(
        query: CallbackQuery,
        callback_data: SearchCallback,
        user: User,
        i18n: I18n,
        db: Database,
        knowledge: Any,
    ) -> None:
        from services.question_log import record_choice

        found = await _logged_hit(query, callback_data, user, i18n, db, knowledge)
        if found is None:
            return
        logged, hit = found
        await record_choice(db, logged.id, hit.id)
        offer_id = await _offer(
            db, user, logged.text, i18n.lang, [hit], source="answer", question_id=logged.id
        )
        await query.answer()
        if isinstance(query.message, Message):
            await _show_answer(query.message, i18n, hit, logged.id, callback_data.idx, offer_id)

    @r.callback_query(SearchCallback.filter(F.action == "full"))
    async def full_text(
        query: CallbackQuery,
        callback_data: SearchCallback,
        user: User,
        i18n: I18n,
        db: Database,
        knowledge: Any,
    ) -> None:
        found = await _logged_hit(query, callback_data, user, i18n, db, knowledge)
        if found is None:
            return
        _, hit = found
        await query.answer()
        if isinstance(query.message, Message):
            pieces = chunks(hit.text)
            for n, piece in enumerate(pieces):
                text = html.escape(piece)
                if n == len(pieces) - 1:
                    text += "\n\n" + i18n("search-source", source=hit.source)
                await query.message.answer(text)

    @r.callback_query(SearchCallback.filter(F.action.in_({"ok", "no"})))
    async def feedback(
        query: CallbackQuery,
        callback_data: SearchCallback,
        user: User,
        i18n: I18n,
        db: Database,
    ) -> None:
        from services.question_log import get_question, record_feedback

        logged = await get_question(db, callback_data.qid)
        if logged is None or logged.user_id != user.id:
            await query.answer(i18n("callback-outdated"), show_alert=True)
            return
        helped = callback_data.action == "ok"
        await record_feedback(db, logged.id, helped)
        if helped:
            await query.answer(i18n("search-thanks"))
            return
        await query.answer()
        if isinstance(query.message, Message) and callback_data.offer:
            await query.message.answer(
                i18n("search-sorry"),
                reply_markup=escalate_keyboard(i18n, callback_data.offer),
            )

    return r
