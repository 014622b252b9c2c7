"""Subcommands `run`, `sandbox` and `admin`."""

from __future__ import annotations

import argparse
import asyncio
import inspect
import logging
from collections.abc import Callable

from bot.config import SettingsError, load_settings
from db.database import Database
from db.repositories.users import Role, UserRepository

log = logging.getLogger(__name__)

SANDBOX_TOKEN = "1000000001:sandbox-token-not-secret"
SANDBOX_CONSULTANTS_CHAT = -1001000000001
SANDBOX_ADMIN_ID = 3001
SANDBOX_CONSULTANT_ID = 2001


def add_command(
    sub: argparse._SubParsersAction, name: str, func: Callable[[argparse.Namespace], int]
) -> argparse.ArgumentParser:
    """The subcommand ``name``, which runs ``func(args)``: the first paragraph of ``func``'s
    docstring is its one-line help, the rest its description."""
    summary, _, rest = inspect.cleandoc(func.__doc__ or "").partition("\n\n")
    parser = sub.add_parser(
        name, help=" ".join(summary.split()), description=" ".join(rest.split()) or None
    )
    parser.set_defaults(func=func)
    return parser


def register(sub: argparse._SubParsersAction) -> None:
    add_command(sub, "run", cmd_run)
    sandbox = add_command(sub, "sandbox", cmd_sandbox)
    sandbox.add_argument("--host", default="127.0.0.1")
    sandbox.add_argument("--port", type=int, default=8080)
    sandbox.add_argument(
        "--database", default=None, help="SQLite file (default: DATABASE_URL, else data/)"
    )
    sandbox.add_argument(
        "--exit-after", type=float, default=None, help="stop after SECONDS (smoke tests)"
    )

    admin = sub.add_parser(
        "admin",
        help="grant or revoke roles by Telegram id",
        description="Grant or revoke roles (consultant, supervisor, admin) by Telegram user id.",
    )
    admin_sub = admin.add_subparsers(dest="admin_command", metavar="ACTION", required=True)
    grant = admin_sub.add_parser("grant", help="give USER_ID a role")
    grant.add_argument("user_id", type=int)
    grant.add_argument("role", choices=[r.value for r in Role if r != Role.official])
    grant.set_defaults(func=cmd_admin_grant)
    revoke = admin_sub.add_parser("revoke", help="make USER_ID an ordinary official again")
    revoke.add_argument("user_id", type=int)
    revoke.set_defaults(func=cmd_admin_revoke)
    show = admin_sub.add_parser("list", help="list consultants, supervisors and admins")
    show.set_defaults(func=cmd_admin_list)


def cmd_run(args: argparse.Namespace) -> int:
    """run the bot against Telegram or TELEGRAM_API_BASE (polling, or webhook when
    WEBHOOK_URL is set)

    Run the bot. Needs BOT_TOKEN. Uses WEBHOOK_URL/WEBHOOK_SECRET for webhook mode, long
    polling otherwise; TELEGRAM_API_BASE points it at a self-hosted Bot API.
    """
    settings = load_settings()
    settings.require_token()
    from bot.app import run_polling
    from bot.webhook import run_webhook

    asyncio.run(run_webhook(settings) if settings.webhook_url else run_polling(settings))
    return 0


def cmd_sandbox(args: argparse.Namespace) -> int:
    """the bot + a local Bot API emulator + a web chat page (no token, no internet)

    Start the Bot API emulator and a web chat page on http://HOST:PORT, and the unmodified bot
    polling it over HTTP, with the embedded SQLite database and the bundled knowledge base.
    """
    from sandbox.run import run_sandbox

    overrides = {}
    if args.database:
        overrides["database_url"] = f"sqlite:///{args.database}"
    try:
        asyncio.run(run_sandbox(args.host, args.port, overrides, exit_after=args.exit_after))
    except OSError as exc:
        raise SettingsError(f"cannot listen on {args.host}:{args.port}: {exc.strerror}") from None
    return 0


async def _with_users(action):  # type: ignore[no-untyped-def]
    settings = load_settings()
    async with Database(settings.database_path) as db:
        return await action(UserRepository(db))


def cmd_admin_grant(args: argparse.Namespace) -> int:
    async def action(users: UserRepository) -> None:
        await users.set_role(args.user_id, Role(args.role))
        await users.audit(None, "role.grant", str(args.user_id), role=args.role, via="cli")

    asyncio.run(_with_users(action))
    print(f"{args.user_id}: {args.role}")
    return 0


def cmd_admin_revoke(args: argparse.Namespace) -> int:
    async def action(users: UserRepository) -> None:
        await users.set_role(args.user_id, Role.official)
        await users.audit(None, "role.revoke", str(args.user_id), via="cli")

    asyncio.run(_with_users(action))
    print(f"{args.user_id}: official")
    return 0


def cmd_admin_list(args: argparse.Namespace) -> int:
    async def action(users: UserRepository) -> list:
        return await users.staff()

    for user in asyncio.run(_with_users(action)):
        print(f"{user.id}\t{user.role.value}\t{user.display_name}")
    return 0
