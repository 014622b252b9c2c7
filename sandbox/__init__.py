"""Telegram Bot API emulator ("sandbox") for end-to-end tests, benchmarks and demos."""

from sandbox.client import BotMessageTimeout, EmulatorClient, EmulatorError
from sandbox.config import EmulatorConfig, Faults, RateLimits
from sandbox.emulator import RunningEmulator, create_app, run_emulator, serve

__all__ = [
    "BotMessageTimeout",
    "EmulatorClient",
    "EmulatorConfig",
    "EmulatorError",
    "Faults",
    "RateLimits",
    "RunningEmulator",
    "create_app",
    "run_emulator",
    "serve",
]
