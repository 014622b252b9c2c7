"""``python -m sandbox``: run the Bot API emulator and its web chat standalone."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging

from sandbox.config import EmulatorConfig, Faults, RateLimits
from sandbox.emulator import serve


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m sandbox",
        description="Telegram Bot API emulator with a web chat. Point the bot at it with "
        "TELEGRAM_API_BASE=http://HOST:PORT (any token '<digits>:<secret>' works) and open "
        "http://HOST:PORT/ to chat as the simulated users.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8081, help="port (default 8081)")
    parser.add_argument("--no-demo", action="store_true", help="start without demo users/group")
    limits = parser.add_argument_group("rate limits (Telegram's by default)")
    limits.add_argument("--no-rate-limits", action="store_true", help="disable rate limits")
    limits.add_argument("--global-per-sec", type=float, default=30.0)
    limits.add_argument("--per-chat-per-sec", type=float, default=1.0)
    limits.add_argument("--burst", type=int, default=3, help="burst allowed per private chat")
    limits.add_argument("--group-per-min", type=float, default=20.0)
    faults = parser.add_argument_group("fault injection")
    faults.add_argument("--error-500", type=float, default=0.0, help="share of calls → 500")
    faults.add_argument("--error-429", type=float, default=0.0, help="share of calls → 429")
    faults.add_argument("--latency-ms", type=int, default=0, help="latency added to each call")
    faults.add_argument("--seed", type=int, default=None, help="seed of the fault RNG")
    parser.add_argument("--log-level", default="INFO")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(name)s %(message)s")
    config = EmulatorConfig(
        demo=not args.no_demo,
        limits=RateLimits(
            enabled=not args.no_rate_limits,
            global_per_sec=args.global_per_sec,
            per_chat_per_sec=args.per_chat_per_sec,
            burst=args.burst,
            group_per_min=args.group_per_min,
        ),
        faults=Faults(
            error_500=args.error_500,
            error_429=args.error_429,
            latency_ms=args.latency_ms,
            seed=args.seed,
        ),
    )
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(args.host, args.port, config))


if __name__ == "__main__":
    main()
