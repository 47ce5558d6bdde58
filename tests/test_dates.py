"""Parsing clean and relapse dates."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from bot.domain.dates import DateInputError, DateProblem, local_date, parse_past_date

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
        # As people say them (today is Wednesday 25 November 2026).
        ("since tuesday", date(2026, 11, 24)),
        ("tuesday", date(2026, 11, 24)),
        ("monday", date(2026, 11, 23)),
        ("thursday", date(2026, 11, 19)),  # across the week boundary: last week's
        ("sunday", date(2026, 11, 22)),
        ("last friday", date(2026, 11, 20)),
        ("on saturday", date(2026, 11, 21)),
        ("last night", date(2026, 11, 24)),
        ("this morning", date(2026, 11, 25)),
        ("Aug 28th", date(2026, 8, 28)),
        ("28 August", date(2026, 8, 28)),
        ("Dec 25", date(2025, 12, 25)),  # this year's would be ahead: last year's
        ("24/11/2026", date(2026, 11, 24)),
        ("24/11", date(2026, 11, 24)),
        ("31/01/2026", date(2026, 1, 31)),
        ("12/25/2025", date(2025, 12, 25)),  # month first is the only real reading
        ("3.4.2026", date(2026, 4, 3)),  # dots: day first, as written in Europe
    ],
)
def test_each_format_parses(typed: str, expected: date) -> None:
    assert parse_past_date(typed, TODAY) == expected


@pytest.mark.parametrize(
    "typed",
    ["tomorrow", "2026-11-26", "26.11.2026", "Dec 1 2026", "2027-01-01", "next tuesday",
     "26/11/2026"],
)  # fmt: skip
def test_future_dates_are_refused(typed: str) -> None:
    with pytest.raises(DateInputError) as error:
        parse_past_date(typed, TODAY)
    assert error.value.problem is DateProblem.FUTURE


@pytest.mark.parametrize(
    ("typed", "choices"),
    [
        ("03/04", (date(2026, 4, 3), date(2026, 3, 4))),
        ("3/4/2026", (date(2026, 4, 3), date(2026, 3, 4))),
        ("11/10", (date(2026, 10, 11), date(2026, 11, 10))),
    ],
)
def test_day_and_month_either_way_round_is_asked(typed: str, choices: tuple[date, ...]) -> None:
    with pytest.raises(DateInputError) as error:
        parse_past_date(typed, TODAY)
    assert error.value.problem is DateProblem.AMBIGUOUS
    assert error.value.choices == choices


@pytest.mark.parametrize(
    ("instant", "zone", "typed", "expected"),
    [
        # 00:30 on the night clocks go forward in London: still the 29th there.
        ("2026-03-29T00:30:00+00:00", "Europe/London", "yesterday", date(2026, 3, 28)),
        # 23:30 UTC on 31 Oct is already 1 Nov in Berlin (after the fall back).
        ("2026-10-31T23:30:00+00:00", "Europe/Berlin", "yesterday", date(2026, 10, 31)),
        # New York's fall back night: 01:30 EDT on 1 Nov, Sunday.
        ("2026-11-01T05:30:00+00:00", "America/New_York", "friday", date(2026, 10, 30)),
    ],
)
def test_typed_dates_count_from_the_persons_local_date_across_dst(
    instant: str, zone: str, typed: str, expected: date
) -> None:
    today = local_date(datetime.fromisoformat(instant), zone)
    assert parse_past_date(typed, today) == expected


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "soon",
        "2026-02-30",
        "31.13.2026",
        "Foo 3 2026",
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
