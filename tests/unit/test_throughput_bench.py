"""The throughput benchmark's driver (``python -m benchmarks.throughput``, never run here):
its questions and how it reads answers and their times from the emulator's call log."""

from __future__ import annotations

from typing import Any

from benchmarks import throughput as bench


class FakeClient:
    def __init__(self, calls: list[dict[str, Any]]) -> None:
        self.log = calls

    async def _call(self, method: str, path: str, since_id: int = 0) -> list[dict[str, Any]]:
        return [c for c in self.log if c["id"] > since_id]


class FakeEmulator:
    def __init__(self, calls: list[dict[str, Any]]) -> None:
        self.client = FakeClient(calls)


def call(n: int, method: str, at: float, chat: int | None = None, ok: bool = True) -> dict:
    return {"id": n, "method": method, "time": at, "ok": ok, "params": {"chat_id": chat}}


def test_questions_are_asked_as_typed_then_folded_and_in_latin() -> None:
    asked = bench.questions(3)
    assert len(asked) == 3 and all(q.strip() for q in asked)
    many = bench.questions(5000)
    assert len(many) == 5000
    assert any("ө" in q or "ү" in q for q in many)  # Kyrgyz letters as typed…
    assert any(q.isascii() and len(q) > 10 for q in many)  # …and in Latin letters


async def test_replies_are_counted_per_chat_from_the_first_poll() -> None:
    log = [
        call(1, "sendMessage", 0.5, chat=7),  # before the bot started: not counted (since_id)
        call(2, "getUpdates", 10.0),
        call(3, "sendMessage", 10.2, chat=7),
        call(4, "sendMessage", 10.3, chat=8, ok=False),  # refused: not an answer
        call(5, "getUpdates", 10.4),
        call(6, "sendMessage", 10.6, chat=8),
    ]
    replies = bench.Replies(FakeEmulator(log), since=1)  # type: ignore[arg-type]
    await replies.wait({7: 1, 8: 1}, timeout=1)
    assert replies.first_poll == 10.0
    assert dict(replies.times) == {7: [10.2], 8: [10.6]}
