"""Days clean are calendar days in the user's zone, across DST and extreme offsets."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.domain.dates import local_date
from bot.domain.streaks import Streak, days_clean, longest


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone", "instant", "expected_local_date"),
    [
        # Europe/Berlin springs forward on 29 Mar 2026 at 02:00 (UTC+1 → UTC+2).
        ("Europe/Berlin", "2026-03-28T22:59:00", date(2026, 3, 28)),
        ("Europe/Berlin", "2026-03-28T23:00:00", date(2026, 3, 29)),
        ("Europe/Berlin", "2026-03-29T21:59:00", date(2026, 3, 29)),
        ("Europe/Berlin", "2026-03-29T22:00:00", date(2026, 3, 30)),
        # ...and falls back on 25 Oct 2026: local midnight is 23:00 UTC again.
        ("Europe/Berlin", "2026-10-25T22:59:00", date(2026, 10, 25)),
        ("Europe/Berlin", "2026-10-25T23:00:00", date(2026, 10, 26)),
        # UTC−10: local midnight is 10:00 UTC.
        ("Pacific/Honolulu", "2026-11-25T09:59:00", date(2026, 11, 24)),
        ("Pacific/Honolulu", "2026-11-25T10:00:00", date(2026, 11, 25)),
        # UTC+14: local midnight is 10:00 UTC the day before.
        ("Pacific/Kiritimati", "2026-11-24T09:59:00", date(2026, 11, 24)),
        ("Pacific/Kiritimati", "2026-11-24T10:00:00", date(2026, 11, 25)),
    ],
)
def test_local_date_turns_at_local_midnight(
    zone: str, instant: str, expected_local_date: date
) -> None:
    assert local_date(utc(instant), zone) == expected_local_date


def test_days_clean_across_spring_forward_counts_calendar_days() -> None:
    clean = date(2026, 3, 28)
    # 23-hour day on 29 Mar: still exactly one calendar day per local midnight.
    assert days_clean(clean, local_date(utc("2026-03-29T22:30:00"), "Europe/Berlin")) == 2
    assert days_clean(clean, local_date(utc("2026-03-29T21:30:00"), "Europe/Berlin")) == 1


def test_same_instant_different_day_counts_in_opposite_zones() -> None:
    clean = date(2026, 11, 1)
    instant = utc("2026-11-25T10:00:00")
    assert days_clean(clean, local_date(instant, "Pacific/Honolulu")) == 24
    assert days_clean(clean, local_date(instant, "Pacific/Kiritimati")) == 25
    assert days_clean(clean, local_date(utc("2026-11-25T09:59:59"), "Pacific/Honolulu")) == 23


def test_streak_lengths_and_longest() -> None:
    today = date(2026, 11, 25)
    history = [
        Streak(date(2025, 1, 1), date(2025, 4, 11)),
        Streak(date(2025, 4, 11), date(2025, 4, 20)),
        Streak(date(2025, 4, 20)),
    ]
    assert [s.days(today) for s in history] == [100, 9, 584]
    assert longest(history, today) == 584
    assert longest(history[:2], today) == 100
    assert longest([], today) == 0
    assert days_clean(today, today) == 0
