"""The call-center's relay rules that need no Telegram (services/relay.py), tested directly:
which waiting messages go as one, when a failed delivery is tried again, topic links."""

from __future__ import annotations

import datetime as dt

from db.repositories.tickets import MessageRow
from services.relay import COMBINE_LIMIT, combine_batch, format_days, retry_delay, topic_link
from services.text import trim

NOW = dt.datetime(2026, 11, 25, 4, 0, tzinfo=dt.UTC)


def msg(mid: int, text: str = "бир", *, direction: str = "in", kind: str = "text",
        status: str = "pending") -> MessageRow:  # fmt: skip
    return MessageRow(
        id=mid, ticket_id=1, direction=direction, author_id=1001, content_type=kind, text=text,
        html=None, file_id=None, file_name=None, private_message_id=None, group_chat_id=None,
        group_message_id=None, extra_message_ids=[], delivery_status=status, attempts=0,
        next_attempt_at=None, last_error=None, delivered_at=None, edit_status=None,
        created_at=NOW, edited_at=None,
    )  # fmt: skip


def test_asker_texts_waiting_together_go_as_one() -> None:
    waiting = [msg(1), msg(2), msg(3), msg(4, kind="photo"), msg(5)]
    assert [m.id for m in combine_batch(waiting, combine=True)] == [1, 2, 3]  # up to the photo
    assert [m.id for m in combine_batch(waiting, combine=False)] == [1]


def test_what_is_not_combined() -> None:
    replies = [msg(1, direction="out"), msg(2, direction="out")]
    assert [m.id for m in combine_batch(replies, combine=True)] == [1]  # a consultant's replies
    retried = [msg(1), msg(2, status="failed"), msg(3)]
    assert [m.id for m in combine_batch(retried, combine=True)] == [1]  # a failed one waits
    long = "сөз " * (COMBINE_LIMIT // 10)  # 1,400 characters: two fit, three do not
    big = [msg(1, long), msg(2, long), msg(3, long)]
    assert [m.id for m in combine_batch(big, combine=True)] == [1, 2]  # the size limit


def test_retry_delay_grows_to_five_minutes() -> None:
    delays = [retry_delay(n).total_seconds() for n in (0, 1, 2, 3, 7, 30)]
    assert delays == [5, 5, 10, 20, 300, 300]


def test_topic_link_and_numbers() -> None:
    assert topic_link(-1001234567890, 42) == "https://t.me/c/1234567890/42"
    assert topic_link(-4001, 42) is None and topic_link(-1001234567890, None) is None
    assert (format_days(3), format_days(1.5)) == ("3", "1.5")


def test_trim_at_a_word_or_line_boundary() -> None:
    assert trim("Жер тилкеси ижарага берилеби", 14) == ("Жер тилкеси…", True)
    assert trim("Жер\nтилкеси ижарага", 12) == ("Жер\nтилкеси…", True)
    assert trim("  Жер   тилкеси \n\n ижара", 40, tidy=True) == ("Жер тилкеси\nижара", False)
    assert trim("кыска", 10) == ("кыска", False)
