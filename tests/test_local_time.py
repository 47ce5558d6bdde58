"""Wall-clock times in a zone across DST gaps and repeats."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.domain.local_time import exists, hhmm, next_occurrence, parse_hhmm, resolve

BERLIN = ZoneInfo("Europe/Berlin")


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("19:00", time(19)), ("7:05", time(7, 5)), ("23:59", time(23, 59)), ("19.30", time(19, 30)),
     ("00:00", time(0)), ("8h15", time(8, 15))],
)  # fmt: skip
def test_parse_hhmm(typed: str, expected: time) -> None:
    assert parse_hhmm(typed) == expected
    assert parse_hhmm(hhmm(expected)) == expected


@pytest.mark.parametrize("typed", ["24:00", "7", "19:60", "noon", "", "1900", "-1:00", "19:00pm"])
def test_parse_hhmm_refuses(typed: str) -> None:
    assert parse_hhmm(typed) is None


def test_gap_time_moves_to_next_valid_minute() -> None:
    spring = date(2026, 3, 29)
    assert not exists(spring, time(2, 30), BERLIN)
    assert resolve(spring, time(2, 30), BERLIN) == utc("2026-03-29T01:00:00")  # 03:00 CEST
    assert resolve(spring, time(2, 0), BERLIN) == utc("2026-03-29T01:00:00")
    assert resolve(spring, time(3, 0), BERLIN) == utc("2026-03-29T01:00:00")


def test_repeated_time_takes_first_occurrence() -> None:
    autumn = date(2026, 10, 25)
    assert exists(autumn, time(2, 30), BERLIN)
    assert resolve(autumn, time(2, 30), BERLIN) == utc("2026-10-25T00:30:00")  # 02:30 CEST


def test_next_occurrence_steps_one_local_day_across_changes() -> None:
    after = utc("2026-03-27T12:00:00")
    seen = []
    for _ in range(4):
        after = next_occurrence(time(20), "Europe/Berlin", after)
        seen.append(after)
    assert seen == [
        utc("2026-03-27T19:00:00"),
        utc("2026-03-28T19:00:00"),
        utc("2026-03-29T18:00:00"),  # summer time now
        utc("2026-03-30T18:00:00"),
    ]


def test_next_occurrence_is_strictly_after() -> None:
    due = utc("2026-11-25T19:00:00")
    assert next_occurrence(time(19), "UTC", due) == utc("2026-11-26T19:00:00")
    assert next_occurrence(time(19), "UTC", utc("2026-11-25T18:59:59")) == due


def test_next_occurrence_in_far_zones() -> None:
    after = utc(
        "2026-11-25T10:00:00"
    )  # 00:00 on the 25th in Honolulu, 00:00 on the 26th in Kiritimati
    assert next_occurrence(time(0, 0), "Pacific/Honolulu", after) == utc("2026-11-26T10:00:00")
    assert next_occurrence(time(0, 1), "Pacific/Kiritimati", after) == utc("2026-11-25T10:01:00")
