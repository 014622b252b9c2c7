"""The call-center's relay rules that need no Telegram: what a ticket card, a topic name and a
mention say, when a failed delivery is tried again, which waiting messages go as one.

The sending itself is :mod:`bot.workers.relay` (Relay, Courier); the ticket rules are
:mod:`services.tickets`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from db.repositories.tickets import EventRow, MessageRow, TicketRow
from db.repositories.users import User
from services import geo
from services.text import Html, TranslatorLike, escape, trim, visible_length
from services.tickets import SlaState, Status

MAX_ATTEMPTS = 8  # a relay still failing after this many tries is given up (and reported)
COMBINE_LIMIT = 3500  # visible characters of one combined relay (Telegram's limit is 4096)
COMBINE_MAX = 20  # messages in one combined relay
CARD_QUESTION_LIMIT = 1500
CARD_OFFER_LIMIT = 700
TOPIC_NAME_LIMIT = 128


def retry_delay(attempts: int) -> dt.timedelta:
    return dt.timedelta(seconds=min(300, 5 * 2 ** max(0, attempts - 1)))


# -- pure rendering -----------------------------------------------------------------------------
def mention(user: User | None, fallback: str = "—") -> str:
    """An HTML mention of a user (name escaped)."""
    if user is None:
        return escape(fallback)
    return f'<a href="tg://user?id={user.id}">{escape(user.display_name or user.id)}</a>'


def topic_link(chat_id: int | None, thread_id: int | None) -> str | None:
    if chat_id is None or thread_id is None or not str(chat_id).startswith("-100"):
        return None
    return f"https://t.me/c/{str(chat_id)[4:]}/{thread_id}"


def category_label(t: TranslatorLike, lang: str, category: str) -> str:
    return t.get(lang, f"ticket-category-{category}")


def status_label(t: TranslatorLike, lang: str, status: str) -> str:
    return t.get(lang, f"ticket-status-{status.replace('_', '-')}")


def asker_place(asker: User | None, lang: str) -> str:
    if asker is None:
        return ""
    parts = [
        asker.municipality or "",
        geo.district_name(asker.oblast, asker.district, lang) if asker.district else "",
        geo.region_name(asker.oblast, lang) if asker.oblast else "",
    ]
    return ", ".join(p for p in parts if p)


def topic_name(t: TranslatorLike, lang: str, ticket: TicketRow, asker: User | None) -> str:
    who = (asker.municipality or asker.display_name) if asker else ""
    mark = "✅ " if ticket.status == Status.closed else ""
    name = f"{mark}№{ticket.id} · {category_label(t, lang, ticket.category)}"
    if who:
        name += f" · {who}"
    return trim(name, TOPIC_NAME_LIMIT)[0]


def render_card(
    t: TranslatorLike,
    lang: str,
    ticket: TicketRow,
    asker: User | None,
    owner: User | None,
    sla: SlaState | None = None,
) -> tuple[str, bool]:
    """The ticket card (HTML) and whether the question had to be shortened for it."""
    question, cut = trim(ticket.question, CARD_QUESTION_LIMIT)
    lines = [
        t.get(
            lang,
            "card-title",
            number=ticket.id,
            category=category_label(t, lang, ticket.category),
            language=ticket.language,
        )
    ]
    if asker is not None:
        position = t.get(lang, f"profile-position-{asker.position}") if asker.position else ""
        lines.append(t.get(lang, "card-asker", name=asker.display_name, position=position))
        place = asker_place(asker, lang)
        if place:
            lines.append(t.get(lang, "card-place", place=place))
        contact = " · ".join(
            p for p in (asker.phone or "", f"@{asker.username}" if asker.username else "") if p
        )
        if contact:
            lines.append(t.get(lang, "card-contact", contact=contact))
        if not asker.is_registered:
            lines.append(t.get(lang, "card-profile-incomplete"))
        if not asker.is_active:
            lines.append(t.get(lang, "card-asker-blocked"))
    if ticket.parent_ticket_id:
        lines.append(t.get(lang, "card-parent", number=ticket.parent_ticket_id))
    lines.append(t.get(lang, "card-question", question=question))
    if cut:
        lines.append(t.get(lang, "card-question-continued"))
    if ticket.bot_offer:
        offer, _ = trim(ticket.bot_offer, CARD_OFFER_LIMIT)
        lines.append(t.get(lang, "card-bot-offer", offer=offer))
    else:
        lines.append(t.get(lang, "card-bot-offer-none"))
    status = status_label(t, lang, ticket.status)
    if owner is not None:
        lines.append(t.get(lang, "card-owner", status=status, owner=Html(mention(owner))))
    else:
        lines.append(t.get(lang, "card-no-owner", status=status))
    if ticket.status == Status.closed and ticket.resolution:
        lines.append(t.get(lang, "card-resolution", resolution=ticket.resolution))
    if sla is not None and sla.overdue:
        lines.append(t.get(lang, "card-sla-overdue"))
    return "\n".join(lines), cut


def format_days(days: float) -> str:
    return str(int(days)) if float(days).is_integer() else f"{days:g}"


def format_hours(minutes: int) -> str:
    return str(minutes // 60) if minutes % 60 == 0 else f"{minutes / 60:.1f}"


def event_due(event: EventRow, now: dt.datetime) -> bool:
    return event.next_attempt_at is None or event.next_attempt_at <= now


def combinable(msg: MessageRow) -> bool:
    return msg.direction == "in" and msg.content_type == "text"


def combine_batch(messages: Sequence[MessageRow], combine: bool) -> list[MessageRow]:
    """The first waiting relay and, when combining, the asker's texts right after it (each
    still pending, all together at most :data:`COMBINE_LIMIT` visible characters)."""
    first = messages[0]
    batch = [first]
    if combine and combinable(first):
        size = visible_length(first.text or "")
        for later in messages[1:]:
            size += visible_length(later.text or "") + 40
            if not combinable(later) or later.delivery_status != "pending":
                break
            if size > COMBINE_LIMIT:
                break
            batch.append(later)
    return batch
