"""Feature routers, included in order: the first router whose filters match handles an update.

Order matters: errors first (it only handles errors), ticket relays before search (an open
ticket takes the asker's messages), search's catch-all text handler after every feature, and
fallback last (privileged actions refused with the role named, unknown commands, stale buttons).
"""

from __future__ import annotations

from aiogram import Router

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


def feature_routers() -> list[Router]:
    """Routers of the features, in priority order."""
    return [
        errors.router(),
        common.router(),
        admin.router(),
        profile.router(),
        tickets.router(),
        consultants.router(),
        events.router(),
        subscriptions.router(),
        broadcasts.router(),
        stats.router(),
        search.router(),
        fallback.router(),
    ]


def setup_routers() -> Router:
    root = Router(name="root")
    root.include_routers(*feature_routers())
    return root
