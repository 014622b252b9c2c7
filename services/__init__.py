"""Business rules with no Telegram types: tickets, SLA, reminders, broadcasts, statistics."""
