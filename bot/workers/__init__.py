"""The bot's background workers: everything that sends to Telegram (or tidies up) outside an
update, each a :class:`bot.workers.base.Worker` (one wake-and-poll loop).

* :mod:`bot.workers.relay` — the call-center relay and its courier (``relay: Relay``);
* :mod:`bot.workers.sla` — SLA timers and the relay's retries;
* :mod:`bot.workers.reminders` — reminders of events;
* :mod:`bot.workers.broadcast` — the broadcast outbox and its progress messages;
* :mod:`bot.workers.retention` — the question log's retention.

Each module has ``create_component(runtime)`` for :mod:`bot.app`.  The rules they apply live in
``services/`` (no Telegram there).
"""
