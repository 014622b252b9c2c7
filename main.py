"""Keneshchi command line: run the bot, the sandbox, search, the knowledge base, admin tasks."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Callable, Sequence
from importlib import import_module

from bot.config import SettingsError

# Modules that add subcommands: each has `register(subparsers)`.
SUBCOMMAND_MODULES = (
    "bot.cli",
    "knowledge.cli_search",
    "knowledge.cli_kb",
    "bot.cli_export",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="main.py",
        description="Keneshchi — the LSG call-center bot (Kyrgyz / Russian).",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in SUBCOMMAND_MODULES:
        try:
            module = import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        module.register(sub)
    return parser


def configure_logging(*, verbose: bool = False) -> None:
    """Log to stderr, with the bot token masked in every record (bot/log_redaction.py)."""
    from bot.log_redaction import install

    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    tokens: list[str] = []
    try:
        from bot.config import load_settings

        token = load_settings().bot_token
        if token is not None:
            tokens.append(token.get_secret_value().strip())
    except Exception:  # a bad setting is reported by the command itself; BOT_TOKEN still masked
        pass
    install(tokens)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func: Callable[[argparse.Namespace], int] | None = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return 2
    configure_logging(verbose=args.verbose)
    try:
        return int(func(args) or 0)
    except SettingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    # Settings are checked before anything else so a bad one gives one clear line.
    try:
        sys.exit(main())
    except SettingsError as exc:  # pragma: no cover - defensive
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(2)
    finally:
        asyncio.set_event_loop_policy(None)
