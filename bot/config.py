"""Application settings, read from the environment and an optional ``.env`` file."""

from __future__ import annotations

import datetime as dt
import re
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from services.worktime import parse_days, parse_hours

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB_PATH = PROJECT_ROOT / "data" / "keneshchi.sqlite3"

Language = Literal["ky", "ru"]
LANGUAGES: tuple[str, ...] = ("ky", "ru")


class SettingsError(Exception):
    """A setting is missing or wrong; the message is one clear line naming it."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False
    )

    bot_token: SecretStr | None = None
    database_url: str = f"sqlite:///{DEFAULT_DB_PATH}"
    telegram_api_base: str | None = None
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_host: str = "0.0.0.0"
    webhook_port: int = Field(default=8443, ge=1, le=65535)
    # Updates handled at once (polling: aiogram's tasks_concurrency_limit; webhook: a semaphore).
    updates_concurrency: int = Field(default=32, ge=1, le=1000)
    admin_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    consultants_chat_id: int | None = None
    timezone: str = "Asia/Bishkek"
    default_language: Language = "ky"
    log_level: str = "INFO"
    # Outgoing pacing (Telegram's flood limits; lower them, never raise them, in production).
    rate_global_per_sec: float = Field(default=29.0, gt=0)
    # 0.95 rather than 1.0: a 5% margin absorbs network jitter between our clock and the server's
    rate_private_per_sec: float = Field(default=0.95, gt=0)
    rate_private_burst: int = Field(default=1, ge=1)  # one message a second, no bursts
    rate_group_per_min: float = Field(default=19.0, gt=0)
    # --- Call-center (issue 4): working time, SLA, tickets ------------------------------------
    # Working hours in TIMEZONE, e.g. "09:00-18:00" or "09:00-12:30,13:30-18:00" (lunch break).
    work_hours: str = Field(default="09:00-18:00", pattern=r"^[0-9:, -]+$")
    work_days: str = Field(default="1-5", pattern=r"^[1-7, -]+$")  # ISO weekdays, 1 = Monday
    builtin_holidays: bool = True  # Kyrgyz public holidays (services/worktime.py)
    holidays: Annotated[list[dt.date], NoDecode] = Field(default_factory=list)  # extra days off
    extra_workdays: Annotated[list[dt.date], NoDecode] = Field(default_factory=list)  # worked
    sla_take_minutes: int = Field(default=30, ge=1)  # working minutes → re-announced
    sla_first_response_minutes: int = Field(default=240, ge=1)  # working minutes → supervisors
    waiting_user_close_days: float = Field(default=3.0, gt=0)  # waiting for the asker → closed
    reopen_days: int = Field(default=7, ge=0)  # the asker may reopen a closed ticket
    sla_check_seconds: float = Field(default=30.0, gt=0)  # SLA timers and relay retries
    consultants_language: Language | None = None  # the group's language (else default_language)
    # --- Question log (issue 6): texts are erased after this many days, counts stay ----------
    question_retention_days: int = Field(default=365, ge=1)
    # --- Events, reminders, broadcasts (issue 5) ---------------------------------------------
    # Reminders before an event's start, e.g. "1d,1h" or "2d,3h,30m".
    reminder_offsets: str = Field(default="1d,1h", pattern=r"^\s*\d+[dhm](\s*,\s*\d+[dhm])*\s*$")
    reminder_grace_minutes: float = Field(default=30.0, ge=0)  # after downtime: late but sent
    broadcast_max_attempts: int = Field(default=3, ge=1)  # per recipient, for 5xx/network errors
    # sends in flight at once; 0 = sized from the global rate × the measured round-trip
    broadcast_window: int = Field(default=0, ge=0, le=64)
    broadcast_batch: int = Field(default=200, ge=1)  # outbox rows fetched per batch
    broadcast_progress_seconds: float = Field(default=5.0, gt=0)  # min gap between progress edits
    # --- Call-center under load (issue 11) ---------------------------------------------------
    # More consultants' groups, each with its own 20-a-minute limit: "KEY=CHAT_ID,...", a KEY
    # being a ticket category (budget, land, property, staff, kenesh, legal_acts, other) or an
    # oblast code (services/geo.py, e.g. osh, chuy, bishkek).  A ticket goes to its category's
    # group, else its asker's oblast's group, else CONSULTANTS_CHAT_ID (the default).
    consultants_groups: Annotated[dict[str, int], NoDecode] = Field(default_factory=dict)
    # Messages of one ticket waiting for a busy group are sent as one combined message.
    relay_combine: bool = True

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, int):
            return [value]
        if isinstance(value, str):
            parts = [p for p in value.replace(";", ",").replace(" ", ",").split(",") if p]
            try:
                return [int(p) for p in parts]
            except ValueError as exc:
                raise ValueError("must be a comma-separated list of Telegram user ids") from exc
        return value

    @field_validator("consultants_groups", mode="before")
    @classmethod
    def _split_groups(cls, value: object) -> object:
        if isinstance(value, str):
            out: dict[str, int] = {}
            for part in value.replace(";", ",").split(","):
                if not part.strip():
                    continue
                key, sep, chat = part.partition("=")
                key, chat = key.strip().lower(), chat.strip()
                digits = chat[1:] if chat.startswith("-") else chat
                if not sep or not key or not digits.isascii() or not digits.isdigit():
                    raise ValueError("must look like KEY=CHAT_ID,KEY=CHAT_ID (e.g. osh=-100123)")
                out[key] = int(chat)
            return out
        return value

    @field_validator("holidays", "extra_workdays", mode="before")
    @classmethod
    def _split_dates(cls, value: object) -> object:
        if isinstance(value, str):
            return [p for p in value.replace(";", ",").replace(" ", ",").split(",") if p]
        return value

    @field_validator("work_hours", "work_days")
    @classmethod
    def _check_work_time(cls, value: str, info: ValidationInfo) -> str:
        (parse_hours if info.field_name == "work_hours" else parse_days)(value)
        return value

    @field_validator("timezone")
    @classmethod
    def _check_tz(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _check_webhook_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None  # webhook mode then generates a random one (bot/webhook.py)
        secret = value.get_secret_value()
        if not re.fullmatch(r"[A-Za-z0-9_-]{16,256}", secret):
            raise ValueError(
                "must be 16-256 characters A-Z, a-z, 0-9, _ or - (or unset: a random one is"
                " generated)"
            )
        return value

    @field_validator("database_url")
    @classmethod
    def _check_db(cls, value: str) -> str:
        if not (value.startswith("sqlite:///") or value == "sqlite://:memory:"):
            raise ValueError("only sqlite:///PATH is supported (e.g. sqlite:///data/bot.sqlite3)")
        return value

    @field_validator("telegram_api_base", "webhook_url")
    @classmethod
    def _check_url(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value.rstrip("/")

    @cached_property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def database_path(self) -> str:
        """Filesystem path of the SQLite database (``:memory:`` allowed)."""
        if self.database_url == "sqlite://:memory:":
            return ":memory:"
        return self.database_url.removeprefix("sqlite:///")

    def require_token(self) -> str:
        if self.bot_token is None or not self.bot_token.get_secret_value().strip():
            raise SettingsError(
                "BOT_TOKEN is not set: put the bot's token in the environment or .env"
            )
        token = self.bot_token.get_secret_value().strip()
        left, _, right = token.partition(":")
        if not left.isdigit() or not right:
            raise SettingsError("BOT_TOKEN is malformed: expected '<digits>:<secret>'")
        return token


def _describe(err: ValidationError) -> str:
    first = err.errors()[0]
    name = str(first["loc"][0]).upper() if first["loc"] else "settings"
    return f"{name} is invalid: {first['msg']}"


def load_settings(**overrides: object) -> Settings:
    """Load settings or raise :class:`SettingsError` with one line naming the bad setting."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as err:
        raise SettingsError(_describe(err)) from None
