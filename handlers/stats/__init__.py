"""The supervisor's view: /stats (dashboards), /gaps (knowledge gaps → FAQ drafts), /export.

One router, for supervisors and admins (``HasRole``); anyone else falls through to the refusal
in ``handlers/fallback.py`` (it names the role needed and what to do, and is audited).  The
rules live in services/ (stats, charts, gaps, exports); these modules only talk to Telegram.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, StateFilter

from bot.filters import HasRole, Magic, MenuButton
from bot.keyboards.stats import ExportCallback, GapDraftCallback, ReportCallback
from db.repositories.users import Role
from handlers.common.wiring import Provide, QueryMessage
from handlers.stats import exports, gaps, reports
from handlers.stats.context import Reports
from handlers.stats.dashboards import duration_text, summary_text
from handlers.stats.gaps import GapDraftForm

__all__ = ["GapDraftForm", "Reports", "duration_text", "router", "summary_text"]

TEXT = Magic(F.text & ~F.text.startswith("/"))


def router() -> Router:
    r = Router(name="stats")
    for observer in (r.message, r.callback_query):
        observer.filter(HasRole(Role.supervisor))
        observer.middleware(Provide("reports", Reports.build))
    r.message.filter(Magic(F.chat.type == "private"))
    m, q = r.message.register, r.callback_query.register
    m(reports.report_command, Command(*reports.REPORTS))
    m(reports.report_command, MenuButton("menu-stats"))
    q(
        reports.report_button,
        ReportCallback.filter(F.report.in_(set(reports.REPORTS))),
        QueryMessage(),
    )
    q(gaps.gaps_draft, GapDraftCallback.filter(), QueryMessage())
    m(gaps.gaps_draft_answer, StateFilter(GapDraftForm.answer), TEXT)
    m(gaps.gaps_draft_not_text, StateFilter(GapDraftForm.answer), Magic(~F.text))
    m(exports.export_command, Command("export"))
    q(exports.export_button, ExportCallback.filter(), QueryMessage())
    return r
