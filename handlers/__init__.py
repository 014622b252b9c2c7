"""Feature routers, included in order: the first router whose filters match handles an update.

Order matters: the fast path of the common update first (:func:`questions_first`: one router
less before it), then errors (it only handles errors), ticket relays before search (an open
ticket takes the asker's messages), the one refusal path (``fallback.refusals_router``: what
the role-filtered routers passed by, refused and audited) before search's catch-all text
handler (it would take a staff menu button as a question), and fallback last (unknown
commands, stale buttons).

The fast path: aiogram walks the routers one by one (each costs its outer-middleware wrap,
root filters and handler filters), so a plain question would pass ~30 routers before the
search.  :class:`bot.filters.PlainQuestion` (private text, no command, no form, an official, no
menu button of the tree) and ``~AskerTicket`` (no open ticket, not a reply to a closed one's
message) say that no feature before the search would take the message; then the search
answers it first.  Every other update walks the tree as before.
"""

from __future__ import annotations

from collections.abc import Iterator

from aiogram import Router

from bot.filters import CALLCENTER_BUTTONS, PRIVILEGED_BUTTONS, MenuButton, PlainQuestion
from handlers import (
    admin,
    broadcasts,
    common,
    consultants,
    errors,
    events,
    fallback,
    profile,
    search,
    stats,
    subscriptions,
    tickets,
)
from handlers.search.questions import question
from handlers.tickets.follow_ups import AskerTicket


def feature_routers() -> list[Router]:
    """Routers of the features, in priority order (the fast path not included)."""
    return [
        common.router(),
        admin.router(),
        profile.router(),
        tickets.router(),
        consultants.router(),
        events.router(),
        subscriptions.router(),
        broadcasts.router(),
        stats.router(),
        fallback.refusals_router(),
        search.router(),
        fallback.router(),
    ]


def menu_keys(routers: list[Router]) -> set[str]:
    """The translation keys of every menu button a message handler of ``routers`` matches, and
    of the staff buttons the refusal path recognises."""
    handled = {
        f.callback.key
        for router in routers
        for r in router.chain_tail
        for f in _message_filters(r)
        if isinstance(f.callback, MenuButton)
    }
    return handled | set(PRIVILEGED_BUTTONS) | set(CALLCENTER_BUTTONS)


def _message_filters(router: Router) -> Iterator[object]:
    observer = router.message
    yield from observer._handler.filters or ()
    for handler in observer.handlers:
        yield from handler.filters or ()


def questions_first(keys: set[str]) -> Router:
    """The search's question handler ahead of the features that would pass the message by."""
    r = Router(name="search.first")
    r.message.register(question, PlainQuestion(keys), ~AskerTicket())
    return r


def setup_routers() -> Router:
    root = Router(name="root")
    features = feature_routers()
    root.include_routers(questions_first(menu_keys(features)), errors.router(), *features)
    return root
