"""The milestone schedule: calendar months clamped to month end, leap days, years."""

from __future__ import annotations

from datetime import date

import pytest

from bot.domain import milestones
from bot.domain.calendar import add_months


def on(key: str, clean_date: date) -> date:
    milestone = milestones.by_key(key)
    assert milestone is not None
    return milestone.reached_on(clean_date)


def test_schedule_order_and_labels() -> None:
    labels = [m.label for _, m in zip(range(14), milestones.schedule(), strict=False)]
    assert labels == [
        "1 day", "3 days", "1 week", "2 weeks", "30 days", "60 days", "90 days",
        "6 months", "9 months", "1 year", "18 months", "2 years", "3 years", "4 years",
    ]  # fmt: skip


def test_day_milestones_count_calendar_days() -> None:
    clean = date(2026, 1, 31)
    assert on("1d", clean) == date(2026, 2, 1)
    assert on("1w", clean) == date(2026, 2, 7)
    assert on("90d", clean) == date(2026, 5, 1)


@pytest.mark.parametrize(
    ("clean", "key", "expected"),
    [
        (date(2026, 1, 31), "6m", date(2026, 7, 31)),
        (date(2025, 8, 31), "6m", date(2026, 2, 28)),  # clamped to February's end
        (date(2027, 8, 31), "6m", date(2028, 2, 29)),  # leap February
        (date(2026, 5, 31), "9m", date(2027, 2, 28)),
        (date(2026, 3, 31), "18m", date(2027, 9, 30)),
        (date(2026, 1, 15), "18m", date(2027, 7, 15)),
    ],
)
def test_month_milestones_clamp_to_month_end(clean: date, key: str, expected: date) -> None:
    assert on(key, clean) == expected


def test_one_month_after_jan_31_is_end_of_february() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert add_months(date(2026, 1, 31), 2) == date(
        2026, 3, 31
    )  # from the clean date, not chained


def test_leap_day_clean_date() -> None:
    clean = date(2024, 2, 29)
    assert on("1y", clean) == date(2025, 2, 28)
    assert on("4y", clean) == date(2028, 2, 29)
    assert on("18m", clean) == date(2025, 8, 29)


def test_every_year_after_eighteen_months() -> None:
    clean = date(2000, 6, 15)
    assert milestones.by_key("25y") == milestones.yearly(25)
    assert on("25y", clean) == date(2025, 6, 15)
    assert milestones.by_key("1y") is not None
    assert milestones.by_key("0y") is None
    assert milestones.by_key("nonsense") is None


def test_reached_and_next_after() -> None:
    clean = date(2026, 1, 31)
    reached = milestones.reached(clean, date(2026, 5, 1))
    assert [m.key for m, _ in reached] == ["1d", "3d", "1w", "2w", "30d", "60d", "90d"]
    upcoming, when = milestones.next_after(clean, date(2026, 5, 1))
    assert (upcoming.key, when) == ("6m", date(2026, 7, 31))
    assert milestones.reached(clean, clean) == []
    assert milestones.next_after(clean, clean)[0].key == "1d"


def test_decades_of_clean_time() -> None:
    clean = date(1980, 1, 1)
    reached = milestones.reached(clean, date(2026, 11, 25))
    assert reached[-1][0].key == "46y"
    assert milestones.next_after(clean, date(2026, 11, 25))[0].key == "47y"
