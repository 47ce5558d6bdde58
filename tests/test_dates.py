"""Parsing clean and relapse dates."""

from __future__ import annotations

from datetime import date

import pytest

from bot.domain.dates import DateInputError, DateProblem, parse_past_date

TODAY = date(2026, 11, 25)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("today", date(2026, 11, 25)),
        ("Today", date(2026, 11, 25)),
        ("yesterday", date(2026, 11, 24)),
        ("2026-01-31", date(2026, 1, 31)),
        ("2026-1-5", date(2026, 1, 5)),
        ("31.01.2026", date(2026, 1, 31)),
        ("1.2.2026", date(2026, 2, 1)),
        ("Jan 31 2026", date(2026, 1, 31)),
        ("jan 31, 2026", date(2026, 1, 31)),
        ("January 31st 2026", date(2026, 1, 31)),
        ("31 Jan 2026", date(2026, 1, 31)),
        ("31 january, 2026", date(2026, 1, 31)),
        ("Sept 3 2025", date(2025, 9, 3)),
        ("3 days ago", date(2026, 11, 22)),
        ("1 day ago", date(2026, 11, 24)),
        ("two weeks ago", date(2026, 11, 11)),
        ("a month ago", date(2026, 10, 25)),
        ("6 months ago", date(2026, 5, 25)),
        ("1 year ago", date(2025, 11, 25)),
        ("  3   days   ago ", date(2026, 11, 22)),
    ],
)
def test_each_format_parses(typed: str, expected: date) -> None:
    assert parse_past_date(typed, TODAY) == expected


@pytest.mark.parametrize(
    "typed", ["tomorrow", "2026-11-26", "26.11.2026", "Dec 1 2026", "2027-01-01"]
)
def test_future_dates_are_refused(typed: str) -> None:
    with pytest.raises(DateInputError) as error:
        parse_past_date(typed, TODAY)
    expected = DateProblem.UNPARSEABLE if typed == "tomorrow" else DateProblem.FUTURE
    assert error.value.problem is expected


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "soon",
        "2026-02-30",
        "31.13.2026",
        "Foo 3 2026",
        "31/01/2026",
        "-3 days ago",
        "many days ago",
        "2026-01-31; DROP TABLE users",
        "<b>2026-01-31</b>",
        "99999999999 days ago",
    ],
)
def test_garbage_is_unparseable(typed: str) -> None:
    with pytest.raises(DateInputError) as error:
        parse_past_date(typed, TODAY)
    assert error.value.problem is DateProblem.UNPARSEABLE


def test_more_than_a_century_back_is_refused() -> None:
    with pytest.raises(DateInputError) as error:
        parse_past_date("1900-01-01", TODAY)
    assert error.value.problem is DateProblem.TOO_OLD


def test_today_is_relative_to_the_users_local_date() -> None:
    assert parse_past_date("today", date(2024, 2, 29)) == date(2024, 2, 29)
    assert parse_past_date("yesterday", date(2024, 3, 1)) == date(2024, 2, 29)
