"""One APScheduler date job that wakes a background sender at the next moment from the DB.

The database is the truth (scheduled broadcasts, retries, reminders); APScheduler is only the
trigger.  The broadcast sender and the reminders share this helper: the job is replaced each
time (one per ``job_id``), never set in the past, and a missed one still runs (no grace limit).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

MIN_DELAY = dt.timedelta(milliseconds=10)


def schedule_wakeup(
    scheduler: Any,
    job_id: str,
    when: dt.datetime | None,
    clock: Callable[[], dt.datetime],
    callback: Callable[[], Awaitable[None]],
) -> bool:
    """Arm ``job_id`` to call ``callback`` at ``when`` (or at once if it passed).  False when
    there is nothing to wait for or the scheduler is not running."""
    if when is None or not scheduler.running:
        return False
    scheduler.add_job(
        callback,
        "date",
        run_date=max(when, clock() + MIN_DELAY),
        id=job_id,
        replace_existing=True,
        misfire_grace_time=None,
        coalesce=True,
    )
    return True
