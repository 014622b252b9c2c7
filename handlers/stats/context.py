"""What every supervisor report needs, built per update (``Provide("reports", Reports.build)``):
the database, the period parser (the app's clock and time zone) and the working calendar."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from aiogram.types import Message

from bot.config import Settings
from bot.i18n import I18n
from bot.keyboards.stats import periods_keyboard
from db.database import Database
from services.stats import Period, PeriodError, parse_period
from services.tickets import TicketService
from services.worktime import AppClock, WorkCalendar

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Reports:
    db: Database
    settings: Settings
    clock: AppClock
    tickets: TicketService

    @classmethod
    def build(cls, data: dict[str, Any]) -> Reports:
        return cls(data["db"], data["settings"], data["clock"], data["tickets"])

    def period(self, spec: str | None, *, allow_all: bool = False) -> Period:
        """The period a supervisor typed or pressed ("week", "2026-11"); PeriodError if none."""
        tz = self.settings.tz
        return parse_period(spec, now=self.clock(), tz=tz, allow_all=allow_all)

    def is_period(self, spec: str) -> bool:
        try:
            self.period(spec, allow_all=True)
        except PeriodError:
            return False
        return True

    async def calendar(self) -> WorkCalendar:
        """The call-center's calendar with the admins' changes (``/admin hours`` …)."""
        try:
            return await self.tickets.calendar()
        except Exception:  # the settings alone still give working hours
            log.warning("falling back to the calendar of the settings", exc_info=True)
            return WorkCalendar.from_settings(self.settings)


def period_error_text(i18n: I18n, err: PeriodError) -> str:
    return i18n(f"stats-period-error-{err.code.replace('_', '-')}", spec=err.spec)


async def period_or_error(
    message: Message, i18n: I18n, reports: Reports, spec: str, report: str
) -> Period | None:
    """The period of ``spec``; else the error is answered, with the report's period buttons."""
    try:
        return reports.period(spec)
    except PeriodError as err:
        markup = periods_keyboard(i18n, report)
        await message.answer(period_error_text(i18n, err), reply_markup=markup)
        return None
