"""Charts: PNGs that open (signature, PIL and matplotlib read them back), are not blank, and
say "no data" for an empty period instead of failing."""

from __future__ import annotations

import datetime as dt
import io

import matplotlib.image as mpimg
import numpy as np
import pytest
from PIL import Image

from services.charts import (
    PNG_SIGNATURE,
    ChartLabels,
    DayPoint,
    render_no_data,
    render_overview,
    render_overview_async,
)

LABELS = ChartLabels(
    title="Күнүнө суроолор",
    answered="бот жооп берди",
    suggest="варианттар",
    escalate="жооп жок",
    no_data="Маалымат жок",
    period="01.11.2026 – 15.11.2026",
)


def opened(png: bytes) -> Image.Image:
    assert png.startswith(PNG_SIGNATURE)
    image = Image.open(io.BytesIO(png))
    image.load()  # decodes the whole file: a truncated PNG fails here
    assert image.format == "PNG"
    return image


def colours(png: bytes) -> int:
    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).reshape(-1, 3)
    return len(np.unique(pixels, axis=0))


def points(days: int, start: dt.date = dt.date(2026, 11, 1)) -> list[DayPoint]:
    return [
        DayPoint(
            start + dt.timedelta(days=i),
            answered=i % 5 + 1,
            suggest=i % 3,
            escalate=i % 2,
            first_response_median=1.0 + i % 4 if i % 3 else None,
            first_response_p90=3.0 + i % 4 if i % 3 else None,
        )
        for i in range(days)
    ]


def test_overview_is_a_png_that_opens() -> None:
    png = render_overview(points(15), LABELS)
    image = opened(png)
    assert image.size[0] >= 800 and image.size[1] >= 500
    assert len(png) > 10_000
    assert colours(png) > 50  # bars in three colours, lines, text: far from blank
    # matplotlib reads it back too
    array = mpimg.imread(io.BytesIO(png), format="png")
    assert array.shape[0] == image.size[1] and array.shape[1] == image.size[0]
    # the three outcome colours are on the picture
    rgb = np.asarray(image.convert("RGB")).reshape(-1, 3)
    for colour in ((0x2E, 0x7D, 0x32), (0xF9, 0xA8, 0x25), (0xC6, 0x28, 0x28)):
        assert (np.abs(rgb.astype(int) - colour).sum(axis=1) < 10).sum() > 500


def test_no_data_picture() -> None:
    png = render_no_data(LABELS)
    image = opened(png)
    assert image.size[0] > 300
    assert colours(png) > 2  # text on white, not an empty canvas
    # all-zero points and no response times give the same "no data" picture
    empty = [DayPoint(dt.date(2026, 11, 1) + dt.timedelta(days=i)) for i in range(7)]
    assert render_overview(empty, LABELS) == png
    assert render_overview([], LABELS) == png


def test_questions_without_tickets_still_chart() -> None:
    only_questions = [DayPoint(p.day, answered=p.answered) for p in points(10)]
    png = render_overview(only_questions, LABELS)
    assert png != render_no_data(LABELS)
    opened(png)


@pytest.mark.parametrize("bucket_days", [1, 7])
async def test_long_periods_render_in_a_thread(bucket_days: int) -> None:
    count = 62 if bucket_days == 1 else 53  # the longest daily / a year weekly
    step = dt.timedelta(days=bucket_days)
    data = [
        DayPoint(dt.date(2026, 1, 5) + step * i, answered=i % 7, escalate=i % 2)
        for i in range(count)
    ]
    png = await render_overview_async(data, LABELS, bucket_days=bucket_days)
    opened(png)
    assert colours(png) > 20


def test_axis_dates_are_numeric_not_english_month_names() -> None:
    import datetime as dt

    from matplotlib.dates import date2num

    from services.charts import numeric_date_formatter

    same_year = numeric_date_formatter(dt.date(2026, 11, 20), dt.date(2026, 12, 10))
    assert same_year(date2num(dt.date(2026, 12, 6)), 0) == "06.12"
    across = numeric_date_formatter(dt.date(2026, 12, 20), dt.date(2027, 1, 10))
    assert across(date2num(dt.date(2027, 1, 3)), 0) == "03.01.2027"
