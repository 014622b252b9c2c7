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

Every question goes to the question log (``services.question_log``); what the bot showed is
recorded as a bot offer (``services.tickets.record_bot_offer``) so the consultant button
(``EscalateCallback``, handled by ``handlers/tickets.py``) carries it into the ticket.
Buttons carry only the question-log row id and an index into its logged results: the row is
checked to be the presser's, so a forged button is refused.  The search itself runs in a worker
thread (``KnowledgeService.search``).
"""

from __future__ import annotations

import html
import logging
import re
from dataclasses import dataclass
from typing import Any

from aiogram import F, Router
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks import EscalateCallback
from bot.i18n import I18n
from db.database import Database
from db.repositories.users import User
from knowledge.search.citation import cite
from knowledge.search.langdetect import detect_language

log = logging.getLogger(__name__)

ANSWER_PREVIEW = 900  # characters of the passage shown in the answer message
MESSAGE_LIMIT = 4096  # Telegram's limit of a message's text
FULL_TEXT_CHUNK = 3800  # a full-text message's HTML, kept under MESSAGE_LIMIT
BUTTON_TITLE = 60  # characters of a title on a suggestion button
_URL = re.compile(r"^https?://[^\s<>\"]{3,2000}$")


class SearchCallback(CallbackData, prefix="srch"):
    """Buttons under search results: pick a suggestion, full text, helped / didn't help."""

    action: str  # "pick" | "full" | "ok" | "no"
    qid: int  # the question-log id (a row of the presser's own question)
    idx: int = 0  # index into the logged results
    offer: int = 0  # the bot-offer id (for the consultant button after "didn't help")


# --- pure helpers ------------------------------------------------------------------------------


def trim(text: str, limit: int) -> tuple[str, bool]:
    """``text`` cut at a word boundary to at most ``limit`` characters; whether it was cut.
    Line breaks are kept (points of an article), runs of spaces are collapsed."""
    lines = [" ".join(line.split()) for line in text.strip().splitlines()]
    text = "\n".join(line for line in lines if line)
    if len(text) <= limit:
        return text, False
    cut = text[: limit - 1]
    space = max(cut.rfind(" "), cut.rfind("\n"))
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:\n") + "…", True


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


def _escaped_pieces(paragraph: str, limit: int) -> list[str]:
    """One raw paragraph as HTML-escaped pieces of at most ``limit`` characters each."""
    escaped = html.escape(paragraph, quote=False)
    if len(escaped) <= limit:
        return [escaped]
    pieces: list[str] = []
    rest = paragraph
    while rest:
        # the longest raw prefix whose escaped form fits, cut at a sentence or word end
        size = min(len(rest), limit)
        while len(html.escape(rest[:size], quote=False)) > limit:
            size -= max(1, size // 10)
        cut = size
        if size < len(rest):
            for mark in (". ", "; ", ", ", " "):
                at = rest.rfind(mark, 0, size)
                if at > size // 2:
                    cut = at + len(mark)
                    break
        pieces.append(html.escape(rest[:cut].strip(), quote=False))
        rest = rest[cut:].lstrip()
    return [p for p in pieces if p]


def pack_messages(
    paragraphs: list[str], *, header: str = "", footer: str = "", limit: int = FULL_TEXT_CHUNK
) -> list[str]:
    """Raw paragraphs (escaped here) as HTML messages of at most ``limit`` characters, split
    only between paragraphs unless one paragraph alone is too long; ``header`` (HTML) opens the
    first message and ``footer`` (HTML) closes the last."""
    blocks: list[tuple[str, str]] = [(header, "")] if header else []  # (HTML, separator)
    for paragraph in paragraphs:
        for line in paragraph.splitlines():
            line = " ".join(line.split())
            if line:
                sep = "\n\n" if len(blocks) == 1 and header else "\n"
                blocks += [(piece, sep) for piece in _escaped_pieces(line, limit)]
    if footer:
        blocks.append((footer, "\n\n"))
    messages: list[str] = []
    current = ""
    for block, sep in blocks:
        joined = f"{current}{sep}{block}" if current else block
        if len(joined) <= limit:
            current = joined
        else:
            messages.append(current)
            current = block
    if current:
        messages.append(current)
    return messages


def article_label(i18n: I18n, article: str | None, heading: str | None) -> str | None:
    """ "Статья 13. Heading" / "13-берене. Heading" (plain text), or the heading alone."""
    heading = " ".join((heading or "").split()).rstrip(".") or None
    if article:
        if heading:
            return i18n("search-article-heading", article=article, heading=heading)
        return i18n("search-article", article=article)
    return heading


def _safe_url(url: str | None) -> str | None:
    return url if url and _URL.match(url.strip()) else None


@dataclass(slots=True)
class Shown:
    """What an answer message shows (plain text; escaped when rendered)."""

    title: str
    label: str | None  # article number and heading, or a section heading
    body: str
    source: str
    lang: str  # the language the body is in
    url: str | None = None
    more: bool = False  # the article has more passages than this one
    source_lang: str | None = None  # the citation's language when known


def _said_in(title: str, citation: str) -> bool:
    """Whether the citation already contains the title (quotes and spacing aside)."""

    def norm(text: str) -> str:
        return " ".join(re.sub(r"[«»„“\"”]", " ", text).split()).casefold()

    return bool(title) and norm(title) in norm(citation)


def answer_text(reply: I18n, shown: Shown) -> tuple[str, bool]:
    """The HTML of an answer message (every KB string escaped) and whether the body was cut.
    The whole message stays within Telegram's limit however long the title and citation."""
    parts: list[str] = []
    other = shown.lang if shown.lang != reply.lang else shown.source_lang
    if other and other != reply.lang:  # one line, in the reader's language
        parts.append(reply(f"search-only-{other}"))
    heads = [shown.title, shown.label]
    if _said_in(shown.title, shown.source):  # the citation names the act already
        heads = [shown.label]
    heads = [trim(h, 600)[0] for h in heads if h]
    head = "\n".join(f"<b>{html.escape(h)}</b>" for h in heads)
    parts += [head] if head else []
    source = reply("search-source", source=trim(shown.source, 1500)[0])
    room = MESSAGE_LIMIT - sum(len(p) + 2 for p in parts) - len(source) - 2
    limit = min(ANSWER_PREVIEW, room)
    while True:  # escaping lengthens the text ("&" → "&amp;"): shrink until it fits
        body, cut = trim(shown.body, max(limit, 20))
        escaped = html.escape(body, quote=False)
        if len(escaped) <= room or limit <= 20:
            break
        limit = limit * room // len(escaped) - 1
    parts += [escaped, source]
    return "\n\n".join(parts), cut


def answer_keyboard(
    i18n: I18n,
    qid: int,
    idx: int,
    offer_id: int,
    *,
    full: bool,
    url: str | None = None,
) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    sizes: list[int] = []
    top = 0
    if full:
        b.button(
            text=i18n("search-btn-full"),
            callback_data=SearchCallback(action="full", qid=qid, idx=idx),
        )
        top += 1
    if url:
        b.button(text=i18n("search-btn-official"), url=url)
        top += 1
    if top:
        sizes.append(top)
    b.button(
        text=i18n("search-btn-helped"),
        callback_data=SearchCallback(action="ok", qid=qid, idx=idx),
    )
    b.button(
        text=i18n("search-btn-not-helped"),
        callback_data=SearchCallback(action="no", qid=qid, idx=idx, offer=offer_id),
    )
    sizes.append(2)
    b.adjust(*sizes)
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


def split_hit_id(hit_id: str) -> tuple[str | None, str | None]:
    """("doc id", "passage id") of a hit id "doc:<id>#<passage>" / "doc:<id>" (else Nones)."""
    if not hit_id.startswith("doc:"):
        return None, None
    doc_id, _, passage_id = hit_id[4:].partition("#")
    return doc_id or None, passage_id or None


# --- services (kept thin: the rules live in services/ and knowledge/) ---------------------------


async def _log(
    db: Database, user: User | None, text: str, lang: str, result: Any, status: str
) -> int:
    from services.question_log import log_question

    return await log_question(
        db,
        user_id=user.id if user else None,
        text=text,
        lang=lang,
        status=status,
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
    shown: Shown | None = None,
    question_id: int | None = None,
) -> int:
    from services.tickets import record_bot_offer

    offer = None
    if shown is not None and source == "answer":
        offer = "\n".join(x for x in (shown.title, shown.label, shown.body, shown.source) if x)
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


async def present(knowledge: Any, hit: Any, reply: I18n) -> Shown:
    """What to show of ``hit`` to a reader of ``reply.lang``: a passage in that language if the
    act has it (the same article or the translated paragraph), its heading and citation."""
    lang = reply.lang
    doc_id, passage_id = split_hit_id(hit.id)
    doc = await knowledge.document(doc_id) if doc_id and hit.kind != "faq" else None
    if doc is None:  # an FAQ answer (or a document gone from the store since)
        url = None
        if hit.doc_id:
            ref = await knowledge.document(hit.doc_id)
            url = _safe_url(ref.source_url) if ref is not None else None
        return Shown(hit.title, None, hit.text, hit.source, hit.lang, url)
    url = _safe_url(doc.source_url)
    if passage_id is None:  # the act itself: its summary
        labeller = reply if hit.lang == lang else reply.translator.bind(hit.lang)
        citation = cite(doc, None, lang)
        label = labeller("search-summary")
        return Shown(
            hit.title, label, hit.text, citation.text, hit.lang, url, source_lang=citation.lang
        )
    passage = await knowledge.passage(doc_id, passage_id)
    if passage is None:
        return Shown(hit.title, None, hit.text, hit.source, hit.lang, url)
    passage = await knowledge.parallel(doc_id, passage, lang) or passage
    article = await knowledge.article(doc_id, passage)
    # the article word in the language of the text it heads
    labeller = reply if passage.lang == lang else reply.translator.bind(passage.lang)
    citation = cite(doc, passage, lang)
    return Shown(
        title=doc.title.get(lang),
        label=article_label(labeller, passage.article, passage.heading),
        body=passage.text,
        source=citation.text,
        lang=passage.lang,
        url=url,
        more=len(article) > 1,
        source_lang=citation.lang,
    )


async def _show_answer(
    message: Message,
    i18n: I18n,
    reply: I18n,
    shown: Shown,
    qid: int,
    idx: int,
    offer_id: int,
) -> None:
    text, cut = answer_text(reply, shown)
    markup = answer_keyboard(i18n, qid, idx, offer_id, full=cut or shown.more, url=shown.url)
    await message.answer(text, reply_markup=markup)


def _reply_i18n(i18n: I18n, lang: str | None) -> I18n:
    """The translator bound to the language the user asked in (messages), beside ``i18n``
    (the profile language: buttons and menus)."""
    if not lang or lang == i18n.lang:
        return i18n
    return i18n.translator.bind(lang)


# --- router ------------------------------------------------------------------------------------


def router() -> Router:
    r = Router(name="search")

    @r.message(F.chat.type == "private", F.text, ~F.text.startswith("/"))
    async def question(
        message: Message, user: User, i18n: I18n, db: Database, knowledge: Any
    ) -> None:
        text = (message.text or "").strip()
        lang = detect_language(text) or i18n.lang
        reply = _reply_i18n(i18n, lang)
        result = await knowledge.search(text, lang=lang)
        off_topic = result.status == "escalate" and bool(getattr(result, "off_topic", False))
        status = "off_topic" if off_topic else result.status
        qid = await _log(db, user, text, lang, result, status)
        if result.small_talk and not off_topic:
            await message.answer(reply("search-hint"))
            return
        if off_topic:
            offer_id = await _offer(db, user, text, lang, [], source="escalate", question_id=qid)
            await message.answer(
                reply("search-off-topic"), reply_markup=escalate_keyboard(i18n, offer_id)
            )
            return
        if result.status == "escalate" and not result.features.get("units"):
            await message.answer(reply("search-hint"))
            return
        if result.status == "answered" and result.results:
            hit = result.results[0]
            shown = await present(knowledge, hit, reply)
            offer_id = await _offer(
                db, user, text, lang, [hit], source="answer", shown=shown, question_id=qid
            )
            await _show_answer(message, i18n, reply, shown, qid, 0, offer_id)
            return
        if result.status == "suggest" and result.results:
            hits = result.results[:3]
            offer_id = await _offer(db, user, text, lang, hits, source="none", question_id=qid)
            lines = [reply("search-suggest")]
            for n, hit in enumerate(hits, 1):
                lines.append(f"{n}. {html.escape(trim(hit.title, 200)[0])}")
            await message.answer(
                "\n".join(lines), reply_markup=suggest_keyboard(i18n, qid, hits, offer_id)
            )
            return
        offer_id = await _offer(db, user, text, lang, [], source="escalate", question_id=qid)
        await message.answer(
            reply("search-unknown"), reply_markup=escalate_keyboard(i18n, offer_id)
        )

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
            await query.answer(i18n("search-bad-button"), show_alert=True)
            return None
        engine = await _engine(knowledge)
        lang = logged.lang if logged.lang in ("ky", "ru") else i18n.lang
        hit = engine.hit_by_id(str(logged.results[data.idx].get("id")), lang)
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
        lang = logged.lang if logged.lang in ("ky", "ru") else i18n.lang
        reply = _reply_i18n(i18n, lang)
        await record_choice(db, logged.id, hit.id)
        shown = await present(knowledge, hit, reply)
        offer_id = await _offer(
            db, user, logged.text, lang, [hit], source="answer", shown=shown, question_id=logged.id
        )
        await query.answer()
        if isinstance(query.message, Message):
            await _show_answer(
                query.message, i18n, reply, shown, logged.id, callback_data.idx, offer_id
            )

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
        logged, hit = found
        lang = logged.lang if logged.lang in ("ky", "ru") else i18n.lang
        reply = _reply_i18n(i18n, lang)
        await query.answer()
        if not isinstance(query.message, Message):
            return
        for piece in await full_article(knowledge, reply, hit):
            await query.message.answer(piece)

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
            await query.answer(i18n("search-bad-button"), show_alert=True)
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


async def full_article(knowledge: Any, reply: I18n, hit: Any) -> list[str]:
    """The whole article of a passage hit (all its passages, in order), or the whole text of
    another hit, as HTML messages each within Telegram's limit."""
    lang = reply.lang
    doc_id, passage_id = split_hit_id(hit.id)
    doc = await knowledge.document(doc_id) if doc_id else None
    passages: list[Any] = []
    if doc is not None and passage_id:
        passage = await knowledge.passage(doc_id, passage_id)
        if passage is not None:
            passage = await knowledge.parallel(doc_id, passage, lang) or passage
            passages = await knowledge.article(doc_id, passage)
    if not passages:
        shown = await present(knowledge, hit, reply)
        header = f"<b>{html.escape(shown.title)}</b>"
        footer = reply("search-source", source=shown.source)
        if shown.lang != reply.lang:
            header = reply(f"search-only-{shown.lang}") + "\n\n" + header
        return pack_messages([shown.body], header=header, footer=footer)
    first = passages[0]
    labeller = reply if first.lang == lang else reply.translator.bind(first.lang)
    label = article_label(labeller, first.article, first.heading)
    header = f"<b>{html.escape(label)}</b>" if label else ""
    if first.lang != reply.lang:
        header = reply(f"search-only-{first.lang}") + ("\n\n" + header if header else "")
    footer = reply("search-source", source=cite(doc, first, lang).text)
    texts = [p.text for p in passages]
    return pack_messages(texts, header=header, footer=footer)
