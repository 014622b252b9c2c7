"""Database layer: connection, migrations and repositories (no Telegram types)."""

from db.database import Database

__all__ = ["Database"]
