"""kill -9 in the middle of a broadcast and a restart: every recipient exactly once.

The bot runs as a real process (``main.py run``) against a standalone emulator process; the
emulator's call log is the witness of what was delivered.  Scaled: 600 recipients at 300/s.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.broadcast import Stack, broadcast_phase

pytestmark = pytest.mark.e2e


async def test_kill_9_mid_broadcast_then_restart_delivers_exactly_once(tmp_path: Path) -> None:
    n = 600
    stack = Stack(
        tmp_path, 300.0, 290.0,
        prewarm=True,  # the restarted process has its imports done already (saves ~5 s each)
        extra_env={"BROADCAST_WINDOW": "4"},  # a known bound (the default sizes it itself)
    )  # fmt: skip
    result = await broadcast_phase(stack, n, kill_at=0.5, via_admin_ui=False, timeout=90)
    assert result.killed_at_sent is not None and n * 0.5 <= result.killed_at_sent < n
    assert result.duplicated == 0  # nobody got it twice
    # rows claimed at the kill (waiting for their slot or mid-call) are "unknown" and never
    # resent; at most the sender's window
    assert result.unknown_rows <= 4
    # everyone else got it exactly once: the only possible loss is an unknown row whose call
    # had not reached the server (the emulator shows which of them were delivered)
    assert result.lost == result.unknown_rows - result.unknown_delivered
    assert result.db_sent + result.unknown_rows == n
    assert result.delivered == n - result.lost
    assert result.errors_429_after_first == 0
    assert result.report_seen
