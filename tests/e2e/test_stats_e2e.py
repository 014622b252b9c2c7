"""Over real HTTP against the Bot API emulator: a supervisor gets the chart as a photo and the
export as a document (multipart uploads), downloads them and they open; an official is refused."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import AsyncIterator
from typing import Any

import pytest
from PIL import Image

from bot.config import Settings
from services.charts import PNG_SIGNATURE
from services.worktime import MovableClock
from tests.helpers.live import SUPERVISOR_ID, Live, live_bot
from tests.unit.test_stats_service import NOVEMBER, seed

pytestmark = pytest.mark.e2e
OFFICIAL = 4242


@pytest.fixture
async def sv(settings: Settings) -> AsyncIterator[Live]:
    async with live_bot(settings, load_knowledge=False) as live:
        await seed(live.runtime.db)
        live.runtime.clock.use(MovableClock(dt.datetime(2026, 11, 16, 6, tzinfo=dt.UTC)))
        for uid in (SUPERVISOR_ID, OFFICIAL):
            await live.client.create_user(uid, f"User{uid}", language_code="ru")
        yield live


def has(key: str) -> Any:
    return lambda m: bool(m.get(key))


async def test_chart_photo_and_export_document(sv: Live) -> None:
    c = sv.client
    await c.send_message(SUPERVISOR_ID, f"/stats {NOVEMBER}")
    summary = await c.wait_for_bot_message(SUPERVISOR_ID, contains="Вопросов:", timeout=15)
    assert "Вопросов: 11" in summary["text"]
    photo = await c.wait_for_bot_message(SUPERVISOR_ID, predicate=has("photo"), timeout=15)
    png = await c.download(photo["photo"][-1]["file_id"])
    assert png.startswith(PNG_SIGNATURE)
    image = Image.open(io.BytesIO(png))
    image.load()
    assert image.size[0] > 800

    await c.send_message(SUPERVISOR_ID, "/export questions 2026-11")
    message = await c.wait_for_bot_message(SUPERVISOR_ID, predicate=has("document"), timeout=15)
    document = message["document"]
    assert document["file_name"] == "keneshchi-questions-2026-11-01_2026-11-30.csv"
    raw = await c.download(document["file_id"])
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][0] == "№" and len(rows) == 1 + 12
    assert "Суроо 3" in {r[rows[0].index("Вопрос")] for r in rows[1:]}


async def test_official_is_refused(sv: Live) -> None:
    c = sv.client
    await c.send_message(OFFICIAL, "/stats week")
    refusal = await c.wait_for_bot_message(OFFICIAL, timeout=15)
    assert "только для супервайзеров и администраторов" in refusal["text"]
    refused = await sv.runtime.db.fetchval(
        "SELECT count(*) FROM audit_log WHERE actor_id = ? AND allowed = 0", (OFFICIAL,)
    )
    assert refused == 1
