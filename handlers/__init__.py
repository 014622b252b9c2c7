"""Feature routers, included in order: the first router whose filters match handles an update."""

from __future__ import annotations

from aiogram import Router

from handlers import common, errors, fallback


def feature_routers() -> list[Router]:
    """Routers of the features, in priority order (before search's catch-all text handler)."""
    routers: list[Router] = [errors.router(), common.router()]
    # Feature modules are optional while they are being built: each contributes `router()`.
    from importlib import import_module

    for name in FEATURE_MODULES:
        try:
            module = import_module(f"handlers.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"handlers.{name}":
                continue
            raise
        routers.append(module.router())
    routers.append(fallback.router())
    return routers


# Order matters: ticket relays before search (an open ticket takes the asker's messages),
# search's catch-all text handler after every feature, fallback last.
FEATURE_MODULES: tuple[str, ...] = (
    "admin",
    "profile",
    "tickets",
    "consultants",
    "events",
    "subscriptions",
    "broadcasts",
    "stats",
    "search",
)


def setup_routers() -> Router:
    root = Router(name="root")
    root.include_routers(*feature_routers())
    return root
