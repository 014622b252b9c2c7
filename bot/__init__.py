"""Keneshchi bot: Telegram-facing application code (settings, i18n, app factory, middlewares)."""
