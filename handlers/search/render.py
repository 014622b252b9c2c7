"""What an answer message shows, as HTML: pure functions (no Telegram calls, no database).

Every string from the knowledge base is escaped here; a message never exceeds Telegram's
limit however long the title, the citation or the article.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

from bot.i18n import I18n
from services.text import trim as text_trim

ANSWER_PREVIEW = 900  # characters of the passage shown in the answer message
MESSAGE_LIMIT = 4096  # Telegram's limit of a message's text
FULL_TEXT_CHUNK = 3800  # a full-text message's HTML, kept under MESSAGE_LIMIT
BUTTON_TITLE = 60  # characters of a title on a suggestion button
_URL = re.compile(r"^https?://[^\s<>\"]{3,2000}$")


def trim(text: str, limit: int) -> tuple[str, bool]:
    """``text`` cut at a word boundary to at most ``limit`` characters; whether it was cut.
    Line breaks are kept (points of an article), runs of spaces are collapsed
    (:func:`services.text.trim` with ``tidy``)."""
    return text_trim(text, limit, tidy=True)


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


def safe_url(url: str | None) -> str | None:
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
    article: str | None = None  # the article number when the body is an act's article


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
        line = reply(f"search-only-{other}")
        if shown.article and shown.lang != reply.lang:
            # an article quoted from an act the KB has in the other language only: as written
            line += " " + reply("search-act-quoted")
        parts.append(line)
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


def result_rows(hits: list[Any]) -> list[dict[str, Any]]:
    """What the question log keeps of the results (and the point a lookup asked of an
    article, so that picking it shows that point again)."""
    rows = []
    for hit in hits:
        row = {
            "id": hit.id,
            "kind": hit.kind,
            "title": hit.title,
            "score": hit.score,
            "category": hit.category,
        }
        if getattr(hit, "point", None):
            row |= {"point": hit.point, "point_kind": hit.point_kind, "sub": hit.sub}
        rows.append(row)
    return rows


def reply_i18n(i18n: I18n, lang: str | None) -> I18n:
    """The translator bound to the language the user asked in (messages), beside ``i18n``
    (the profile language: buttons and menus)."""
    if not lang or lang == i18n.lang:
        return i18n
    return i18n.translator.bind(lang)


def _suggestion(hit: Any) -> str:
    """A suggestion's line: an article of an act by its number and heading, then the act (the
    articles offered are often several of one code); anything else by its title."""
    label = getattr(hit, "label", None)
    if label:
        return f"{label[:1].upper()}{label[1:]} — {trim(hit.title, 150)[0]}"
    return hit.title


def suggestions_text(reply: I18n, hits: list[Any]) -> str:
    lines = [reply("search-suggest")]
    lines += [
        f"{n}. {html.escape(trim(_suggestion(hit), 300)[0])}" for n, hit in enumerate(hits, 1)
    ]
    return "\n".join(lines)


def button_titles(hits: list[Any]) -> list[str]:
    return [trim(_suggestion(hit), BUTTON_TITLE)[0] for hit in hits]


def offer_text(shown: Shown) -> str:
    """What the consultant sees of an answer the bot showed (plain text)."""
    return "\n".join(x for x in (shown.title, shown.label, shown.body, shown.source) if x)
