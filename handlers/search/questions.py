"""A question typed in a private chat → the answer, suggestions, or an honest "I don't know".

The question and what the bot offered are logged in one write (one row, ``questions``) before
anything is sent; the buttons carry that row's id.  The search itself runs off the event loop
(``KnowledgeService.search``: a worker thread).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from aiogram.types import Message

from bot.i18n import I18n
from bot.keyboards.search import answer_keyboard, escalate_keyboard, suggest_keyboard
from bot.knowledge_service import KnowledgeService
from db.database import Database
from db.repositories.questions import OfferFields
from db.repositories.users import User
from handlers.search.present import present
from handlers.search.render import (
    Shown,
    answer_text,
    button_titles,
    offer_text,
    reply_i18n,
    result_rows,
    suggestions_text,
)
from knowledge.search.langdetect import detect_language
from services.question_log import log_question

SUGGESTIONS = 3


@dataclass(slots=True)
class Reply:
    """One answer to send: what the search found and how to show it."""

    message: Message
    i18n: I18n  # buttons and menus: the profile's language
    reply: I18n  # the message: the language the question was asked in
    hits: list[Any]
    shown: Shown | None = None
    qid: int = 0  # the logged question (and its offer)


def outcome(result: Any) -> str:
    """hint | off_topic | answered | suggest | unknown"""
    if result.status == "escalate" and getattr(result, "off_topic", False):
        return "off_topic"
    if result.small_talk or (result.status == "escalate" and not result.features.get("units")):
        return "hint"  # greetings, thanks, nothing to search for
    if result.status in ("answered", "suggest") and result.results:
        return result.status
    return "unknown"


def offer_of(kind: str, hits: list[Any], shown: Shown | None) -> OfferFields | None:
    """What the bot offers for an outcome (None: nothing a consultant would need)."""
    if kind == "hint":
        return None
    if kind in ("off_topic", "unknown"):
        return OfferFields(None, "escalate")
    text = offer_text(shown) if shown is not None else None
    return OfferFields(
        text,
        "answer" if kind == "answered" else "none",
        categories=[h.category for h in hits if h.category],
        refs=[h.id for h in hits],
        score=hits[0].score if hits else None,
    )


async def show_answer(out: Reply, idx: int = 0) -> None:
    assert out.shown is not None
    text, cut = answer_text(out.reply, out.shown)
    full = cut or out.shown.more
    markup = answer_keyboard(out.i18n, out.qid, idx, out.qid, full=full, url=out.shown.url)
    await out.message.answer(text, reply_markup=markup)


async def _hint(out: Reply) -> None:
    await out.message.answer(out.reply("search-hint"))


async def _suggest(out: Reply) -> None:
    markup = suggest_keyboard(out.i18n, out.qid, button_titles(out.hits), out.qid)
    await out.message.answer(suggestions_text(out.reply, out.hits), reply_markup=markup)


async def _escalate(out: Reply, key: str) -> None:
    await out.message.answer(
        out.reply(key), reply_markup=escalate_keyboard(out.i18n, out.qid, confirm=True)
    )


SENDERS: dict[str, Callable[[Reply], Awaitable[None]]] = {
    "hint": _hint,
    "answered": show_answer,
    "suggest": _suggest,
    "off_topic": partial(_escalate, key="search-off-topic"),
    "unknown": partial(_escalate, key="search-unknown"),
}


async def question(
    message: Message, user: User, i18n: I18n, db: Database, knowledge: KnowledgeService
) -> None:
    text = (message.text or "").strip()
    lang = detect_language(text) or i18n.lang
    result = await knowledge.search(text, lang=lang)
    kind = outcome(result)
    hits = result.results[:1] if kind == "answered" else result.results[:SUGGESTIONS]
    out = Reply(message, i18n, reply_i18n(i18n, lang), hits if kind != "hint" else [])
    if kind == "answered":
        out.shown = await present(knowledge, hits[0], out.reply)
    out.qid = await log_question(
        db,
        user_id=user.id,
        text=text,
        lang=lang,
        status="off_topic" if kind == "off_topic" else result.status,
        results=result_rows(result.results),
        oblast=user.oblast,
        position=user.position,
        offer=offer_of(kind, out.hits, out.shown),
    )
    await SENDERS[kind](out)
