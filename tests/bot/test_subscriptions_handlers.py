"""/subscribe in process (feed_update): lazy defaults, topic and region toggles, undo."""

from __future__ import annotations

from aiogram import Bot, Dispatcher

from bot.app import Runtime
from services.subscriptions import SubscriptionService
from tests.helpers.events_kit import add_users
from tests.helpers.recording import RecordingSession
from tests.helpers.updates import callback_update, message_update, tg_user


def keyboard(method) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(b.text, b.callback_data) for row in method.reply_markup.inline_keyboard for b in row]


async def test_subscribe_toggles_and_regions(
    dp: Dispatcher, bot: Bot, session: RecordingSession, runtime: Runtime
) -> None:
    await add_users(runtime.db, [321], language="ru", oblast="talas")
    user = tg_user(321, language_code="ru")
    subs = SubscriptionService(runtime.db)
    assert not (await subs.get(321)).explicit

    await dp.feed_update(bot, message_update(user, "/subscribe"))
    shown = session.sent()[-1]
    assert "Ваша область (всегда): Таласская область" in shown.text
    assert (await subs.get(321)).explicit  # the defaults were stored at first use
    buttons = keyboard(shown)
    assert buttons[0] == ("✅ 📜 Новые законы и постановления", "sub:t:laws_decrees")

    await dp.feed_update(bot, callback_update(user, "sub:t:laws_decrees"))
    assert session.sent("AnswerCallbackQuery")[-1].text == "Подписка выключена."
    edited = session.sent("EditMessageText")[-1]
    assert keyboard(edited)[0][0].startswith("▫️")
    assert (await subs.get(321)).topics == frozenset({"events", "lsg_news"})

    await dp.feed_update(bot, callback_update(user, "sub:regions:"))
    regions = keyboard(session.sent("EditMessageText")[-1])
    assert ("🏠 Таласская область", "sub:own:") in regions
    await dp.feed_update(bot, callback_update(user, "sub:r:osh-obl"))
    assert (await subs.get(321)).regions == frozenset({"osh-obl"})
    await dp.feed_update(bot, callback_update(user, "sub:own:"))
    assert session.sent("AnswerCallbackQuery")[-1].show_alert

    # forged values are refused, nothing changes
    await dp.feed_update(bot, callback_update(user, "sub:t:everything"))
    await dp.feed_update(bot, callback_update(user, "sub:r:mars"))
    sub = await subs.get(321)
    assert sub.topics == frozenset({"events", "lsg_news"}) and sub.regions == {"osh-obl"}

    await dp.feed_update(bot, callback_update(user, "sub:undo:laws_decrees"))
    assert "laws_decrees" in (await subs.get(321)).topics
