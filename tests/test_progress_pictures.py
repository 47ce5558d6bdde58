"""The /progress picture and milestone chips: real PNGs, checked by pixel and by eye."""

from __future__ import annotations

import io
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from bot.drawing.chip import render_chip
from bot.drawing.progress import (
    MOOD_COLOURS,
    NO_CHECKIN,
    WIDTH,
    ProgressData,
    cell_box,
    overlap,
    render_progress,
)

TODAY = date(2026, 11, 26)


def sample(days: int, check_ins: dict[date, int | None]) -> ProgressData:
    return ProgressData(
        title="Riv · your progress", first=TODAY - timedelta(days=days - 1), last=TODAY,
        check_ins=check_ins, current_days=40, longest_days=120,
        milestones=[("30 days", TODAY - timedelta(days=10))],
        next_milestone=("60 days", TODAY + timedelta(days=20)),
        goals=[("go to 3 meetings this week", 2, 3)], money_kept="£800.00", pledge_streak=3,
    )  # fmt: skip


def pixel_at(png: bytes, box: tuple[int, int, int, int]) -> tuple[int, int, int]:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    left, top, right, bottom = box
    value = image.getpixel(((left + right) // 2, (top + bottom) // 2))
    assert isinstance(value, tuple)
    return (int(value[0]), int(value[1]), int(value[2]))


@pytest.mark.parametrize("days", [56, 182, 365])
def test_the_picture_decodes_at_phone_width(days: int) -> None:
    png = render_progress(sample(days, {}))
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert image.size[0] == WIDTH <= 1280
    assert 400 < image.size[1] < 1400


def test_a_mood_5_day_and_a_day_without_check_in_look_different() -> None:
    great, empty = TODAY - timedelta(days=3), TODAY - timedelta(days=2)
    data = sample(56, {great: 5})
    png = render_progress(data)
    assert pixel_at(png, cell_box(data.first, data.last, great)) == MOOD_COLOURS[5]
    assert pixel_at(png, cell_box(data.first, data.last, empty)) == NO_CHECKIN
    assert NO_CHECKIN not in MOOD_COLOURS.values()  # missing a day is never drawn as a mood


def test_a_year_of_daily_data_renders_in_well_under_300_ms() -> None:
    year = {TODAY - timedelta(days=n): (n % 5) + 1 for n in range(365)}
    data = sample(365, year)
    render_progress(data)  # fonts loaded
    started = time.perf_counter()
    render_progress(data)
    assert time.perf_counter() - started < 0.3


def test_a_chip_is_a_round_token_with_the_milestone() -> None:
    png = render_chip("90 days", "Riv", 90)
    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert image.size == (640, 640)
    corner, centre_ring = image.getpixel((4, 4)), image.getpixel((320, 24))
    assert corner != centre_ring  # the token is drawn on the background


def test_a_chip_and_a_progress_picture_in_cyrillic(tmp_path: Path) -> None:
    """Russian and Ukrainian text is drawn with the shipped fonts (no empty boxes), and
    the longer words still fit the picture."""
    from datetime import date, timedelta
    from io import BytesIO

    from PIL import Image, ImageFont

    from bot import i18n
    from bot.drawing import font
    from bot.drawing.chip import render_chip
    from bot.drawing.progress import ProgressData, render_progress

    for style in ("regular", "bold"):
        face: ImageFont.FreeTypeFont = font(20, style)
        missing = face.getmask("\uffff").getbbox()
        assert all(face.getmask(c).getbbox() != missing for c in "ДжЇїЄєҐёщ")
    today = date(2026, 12, 1)
    for language in ("ru", "uk"):
        with i18n.speaking(language):
            chip = render_chip(i18n.amount(90, "day"), "Оксана", 90)
            data = ProgressData(
                title=i18n.gettext("{alias} · your progress, last {span}").format(
                    alias="Оксана", span=i18n.amount(8, "week")
                ),
                first=today - timedelta(days=55), last=today,
                check_ins={today - timedelta(days=i): (i % 5) + 1 for i in range(0, 56, 2)},
                current_days=45, longest_days=120,
                milestones=[(i18n.amount(30, "day"), today - timedelta(days=15))],
                next_milestone=(i18n.amount(60, "day"), today + timedelta(days=15)),
                goals=[("ходити на збори тричі на тиждень", 2, 3)],
                money_kept="4 500 ₴", pledge_streak=6,
            )  # fmt: skip
            picture = render_progress(data)
        for name, png in (("chip", chip), ("progress", picture)):
            (tmp_path / f"{name}-{language}.png").write_bytes(png)
            assert Image.open(BytesIO(png)).size[0] in (640, 720)


@settings(max_examples=80, derandomize=True, deadline=None)
@given(
    span=st.sampled_from([56, 91, 182, 365]),
    clean_days=st.integers(0, 800),
    goals=st.integers(0, 3),
    language=st.sampled_from(["en", "ru", "de"]),
)
def test_no_two_labels_ever_overlap(span: int, clean_days: int, goals: int, language: str) -> None:
    """Every layout the milestone schedule makes: a clean date anywhere from today to two
    years back, in windows of 8 weeks to a year (a milestone on today included)."""
    from bot import i18n, texts
    from bot.domain import milestones
    from bot.drawing.progress import render_progress_with_boxes

    first = TODAY - timedelta(days=span - 1)
    clean = TODAY - timedelta(days=clean_days)
    with i18n.speaking(language):
        reached = [(texts.milestone_text(m), on) for m, on in milestones.reached(clean, TODAY)
                   if on >= first]  # fmt: skip
        upcoming, on = milestones.next_after(clean, TODAY)
        data = ProgressData(
            title="Riv · your progress", first=first, last=TODAY, check_ins={},
            current_days=clean_days, longest_days=clean_days,
            next_milestone=(texts.milestone_text(upcoming), on), milestones=reached,
            goals=[("call my sponsor every evening for 7 days", 3, 7)] * goals,
            money_kept="£1,250.00", pledge_streak=4,
        )  # fmt: skip
    with i18n.speaking(language):
        png, boxes = render_progress_with_boxes(data)
    width, height = Image.open(io.BytesIO(png)).size
    for index, (text, box) in enumerate(boxes):
        assert box[0] >= 0 and box[2] <= width and box[3] <= height, (text, box)
        for other, other_box in boxes[index + 1 :]:
            assert not overlap(box, other_box), (text, box, other, other_box)
    labels = [text for text, _ in boxes]
    assert all(label in labels for label, _ in data.milestones)  # every milestone named


def test_every_month_of_a_year_is_named() -> None:
    from bot.drawing.progress import render_progress_with_boxes

    data = sample(365, {})
    _, boxes = render_progress_with_boxes(data)
    names = {text for text, _ in boxes}
    months = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov"}
    assert months <= names, names
