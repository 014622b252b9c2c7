"""/gaps: unanswered and "didn't help" questions grouped by similarity, with a button per
group that starts a FAQ draft (the supervisor writes the answer; approved in /drafts)."""

from __future__ import annotations

from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.i18n import Html, I18n
from bot.keyboards.stats import GapDraftCallback, gaps_keyboard
from db.repositories.users import User, UserRepository
from handlers.stats.context import Reports, period_or_error
from services import gaps
from services.stats import Period, PeriodError
from services.text import split_html, trim

GAPS_LIMIT = 10


class GapDraftForm(StatesGroup):
    answer = State()


def gaps_text(
    i18n: I18n, period: Period, groups: list[gaps.GapGroup], total: int, off_topic: int = 0
) -> str:
    note = [i18n("gaps-off-topic", count=off_topic)] if off_topic else []
    if not groups:
        return "\n".join([i18n("gaps-none", period=period.label), *note])
    lines = [i18n("gaps-header", period=period.label, groups=len(groups), questions=total)]
    lines += note
    for n, group in enumerate(groups, start=1):
        lines.append("")
        lines.append(
            i18n(
                "gaps-group",
                n=n,
                count=group.count,
                askers=group.askers,
                escalated=group.escalated,
                not_helped=group.not_helped,
            )
        )
        lines += [i18n("gaps-example", text=trim(example, 300)[0]) for example in group.examples]
    return "\n".join(lines)


async def send_gaps(target: Message, i18n: I18n, reports: Reports, spec: str) -> None:
    period = await period_or_error(target, i18n, reports, spec, "gaps")
    if period is None:
        return
    everything = await gaps.find_gaps(reports.db, period, limit=0)
    shown = everything[:GAPS_LIMIT]
    off_topic = await gaps.count_off_topic(reports.db, period)
    text = gaps_text(i18n, period, shown, sum(g.count for g in everything), off_topic)
    markup = gaps_keyboard(i18n, period.key, [g.leader_id for g in shown])
    parts = split_html(text)
    for n, part in enumerate(parts):
        await target.answer(part, reply_markup=markup if n == len(parts) - 1 else None)


async def gaps_draft(
    query: CallbackQuery,
    callback_data: GapDraftCallback,
    message: Message,
    state: FSMContext,
    i18n: I18n,
    reports: Reports,
) -> None:
    try:
        period = reports.period(callback_data.period)
    except PeriodError:
        await query.answer(i18n("callback-outdated"), show_alert=True)
        return
    group = gaps.group_of(await gaps.find_gaps(reports.db, period, limit=0), callback_data.qid)
    if group is None:
        await query.answer(i18n("gaps-draft-gone"), show_alert=True)
        return
    await state.set_state(GapDraftForm.answer)
    await state.update_data(
        question=group.examples[0],
        examples=group.examples,
        category=group.category or "other",
        language=group.lang if group.lang in ("ky", "ru") else i18n.lang,
        count=group.count,
    )
    await query.answer()
    others = "\n".join(i18n("gaps-example", text=trim(e, 300)[0]) for e in group.examples[1:])
    question = trim(group.examples[0], 500)[0]
    await message.answer(
        i18n("gaps-draft-prompt", question=question, count=group.count, others=Html(others or "—"))
    )


async def gaps_draft_answer(
    message: Message,
    state: FSMContext,
    user: User,
    users: UserRepository,
    i18n: I18n,
    reports: Reports,
) -> None:
    data = await state.get_data()
    draft_id = await gaps.save_draft(
        reports.db,
        question=data.get("question") or "",
        answer=(message.text or "").strip(),
        category=data.get("category") or "other",
        language=data.get("language") or i18n.lang,
        created_by=user.id,
        now=reports.clock(),
    )
    await state.clear()
    await users.audit(user.id, "gaps.draft", str(draft_id), questions=data.get("count"))
    await message.answer(i18n("gaps-draft-saved", id=draft_id))


async def gaps_draft_not_text(message: Message, i18n: I18n) -> None:
    await message.answer(i18n("gaps-draft-not-text"))
