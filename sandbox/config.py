"""Settings of the Bot API emulator: rate limits, fault injection, seeded demo world."""

from __future__ import annotations

from dataclasses import dataclass, field

DEMO_HEAD_ID = 1001
DEMO_CONSULTANT_ID = 2001
DEMO_GROUP_ID = -1001000000001


@dataclass
class RateLimits:
    """Telegram's published limits, applied to message-producing methods (token buckets)."""

    enabled: bool = True
    global_per_sec: float = 30.0  # all chats together, per bot
    per_chat_per_sec: float = 1.0  # one private chat
    burst: int = 3  # messages a private chat may receive at once before the 1/s rate applies
    group_per_min: float = 20.0  # one group or supergroup
    count_edits: bool = False  # count editMessage* calls as messages too


@dataclass
class Faults:
    """Injected failures: a share of Bot API calls answered 500 or 429, plus fixed latency."""

    error_500: float = 0.0
    error_429: float = 0.0
    retry_after: int = 1
    latency_ms: int = 0
    seed: int | None = None
    # None: every method except getUpdates and the webhook/getMe housekeeping methods.
    methods: frozenset[str] | None = None


@dataclass
class EmulatorConfig:
    bot_name: str = "Keneshchi Sandbox Bot"
    bot_username: str = "keneshchi_sandbox_bot"
    default_bot_id: int = 7000000001  # until a request with a token names the bot
    demo: bool = False  # seed the demo users and the consultants' forum group
    limits: RateLimits = field(default_factory=RateLimits)
    faults: Faults = field(default_factory=Faults)
    max_upload_mb: int = 50
    call_log_size: int = 20_000
    webhook_retry_delay: float = 0.5
