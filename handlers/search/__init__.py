"""Questions in a private chat → answers from the knowledge base (the catch-all text handler).

* The question's language is detected (:mod:`knowledge.search.langdetect`); the answer comes in
  it where the knowledge base has it, otherwise in the language it has, with one line saying so.
  Buttons stay in the user's profile language.
* ``answered`` — the passage with its article heading, its citation, "📄 full text" (the whole
  article, in several messages if long) when there is more than the message shows, "🔗 official
  text" when the act has a URL, and "helped / didn't help"; "didn't help" offers a consultant.
  A document-level result (e.g. "what is decree 513 about?") shows the act's summary.
* ``suggest`` — up to three buttons to choose from, and a consultant button.
* ``escalate`` — an honest "I don't know" and a button to ask a consultant; a question outside
  what the bot answers (the engine's ``off_topic``) is told so plainly, with what the bot can do.
* greetings and thanks with no question in them get a short hint instead.

Every question is one row of the question log (``services.question_log``), with what the bot
offered; the consultant button (``EscalateCallback``, handled by ``handlers/tickets.py``)
carries that row's id into the ticket.
"""

from __future__ import annotations

from aiogram import F, Router

from bot.filters import Magic
from bot.keyboards.search import EscalateCallback, SearchCallback
from handlers.common.wiring import QueryMessage
from handlers.search import buttons
from handlers.search.present import full_article, present
from handlers.search.questions import question
from handlers.search.render import (
    Shown,
    answer_text,
    article_label,
    chunks,
    pack_messages,
    result_rows,
    trim,
)
from knowledge.search.engine import split_hit_id

__all__ = [
    "EscalateCallback",
    "SearchCallback",
    "Shown",
    "answer_text",
    "article_label",
    "chunks",
    "full_article",
    "pack_messages",
    "present",
    "result_rows",
    "router",
    "split_hit_id",
    "trim",
]

ACTIONS = {"pick", "full", "ok", "no"}  # the buttons under search results (handlers.search.buttons)
QUESTION = Magic((F.chat.type == "private") & F.text & ~F.text.startswith("/"))


def router() -> Router:
    r = Router(name="search")
    r.message.register(question, QUESTION)
    r.callback_query.register(
        buttons.pressed, SearchCallback.filter(F.action.in_(ACTIONS)), QueryMessage()
    )
    return r
