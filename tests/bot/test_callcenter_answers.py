"""Every press of a call-center button gets exactly one answer: the handler's text, the
refusal, or — when a handler fails — the error handler's apology (never an empty answer first)."""

from __future__ import annotations

from typing import Any

import pytest
from aiogram import Bot, Dispatcher

from bot.app import Runtime
from tests.bot.test_tickets_handlers import C1, OFFICIAL, group_callback, staffed_with_ticket
from tests.helpers.recording import RecordingSession
from tests.helpers.updates import tg_user


async def test_one_answer_per_press(
    dp: Dispatcher, bot: Bot, session: RecordingSession, runtime: Runtime
) -> None:
    ticket = await staffed_with_ticket(runtime)
    await dp.feed_update(
        bot, group_callback(tg_user(C1, language_code="ru"), f"tk:take:{ticket.id}")
    )
    await dp.feed_update(
        bot, group_callback(tg_user(OFFICIAL, language_code="ru"), f"tk:close:{ticket.id}")
    )
    answers = session.sent("AnswerCallbackQuery")
    assert len(answers) == 2
    assert "Вы взяли" in answers[0].text and not answers[0].show_alert
    assert "недоступно" in answers[1].text and answers[1].show_alert


async def test_a_failing_handler_is_answered_with_the_apology(
    dp: Dispatcher,
    bot: Bot,
    session: RecordingSession,
    runtime: Runtime,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ticket = await staffed_with_ticket(runtime)

    async def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("database is gone")

    monkeypatch.setattr(runtime.tickets, "take", broken)
    await dp.feed_update(
        bot, group_callback(tg_user(C1, language_code="ru"), f"tk:take:{ticket.id}")
    )
    answers = session.sent("AnswerCallbackQuery")
    assert len(answers) == 1 and "произошла ошибка" in answers[0].text
