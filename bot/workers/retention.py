"""The question log's retention: erases the personal content of old questions at start and then
once a day (:func:`services.question_log.purge_older_than`; ``QUESTION_RETENTION_DAYS``)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from bot.workers.base import Clock, Worker
from db.database import Database, utcnow
from services.question_log import purge_older_than, retention_days

if TYPE_CHECKING:
    from bot.app import Runtime

log = logging.getLogger(__name__)


class RetentionWorker(Worker):
    name = "question-retention"
    interval = 24 * 3600.0

    def __init__(
        self, db: Database, days: int, *, clock: Clock = utcnow, interval: float | None = None
    ) -> None:
        super().__init__(clock=clock, interval=interval)
        self.db = db
        self.days = days

    async def poll(self) -> bool:
        erased = await purge_older_than(self.db, self.days, now=self.clock())
        if erased:
            log.info("retention: erased %d question(s) older than %d days", erased, self.days)
        return False


def create_component(runtime: Runtime) -> RetentionWorker:
    """The retention worker of the app ``runtime`` (:class:`bot.app.Runtime`), on its clock."""
    return RetentionWorker(runtime.db, retention_days(runtime.settings), clock=runtime.clock)
