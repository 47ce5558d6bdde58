"""Parsing the dates people type for a clean date or a relapse."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from enum import Enum

import dateparser

from bot.domain.timezones import lookup_zone, zone_info

OLDEST_YEARS_BACK = 100
# Words people put before a date: "since tuesday", "on the 3rd", "from last friday".
_LEAD_IN = re.compile(r"^(?:since|on|from|it was|started|starting|about|around)\s+")
# Slashes: day and month both ≤ 12 and different, 03/04 is 3 April or March 4: we ask.
_NUMERIC = re.compile(r"^(\d{1,2})([/-])(\d{1,2})(?:[/-](\d{4}|\d{2}))?$", re.ASCII)
_SAME_DAY = {"today", "this morning", "this afternoon", "this evening", "tonight", "just now",
             "earlier", "earlier today"}  # fmt: skip
_DAY_BEFORE = {"yesterday", "last night", "yesterday night", "yesterday evening"}


class DateProblem(Enum):
    """Why a typed date was refused."""

    UNPARSEABLE = "unparseable"
    FUTURE = "future"
    TOO_OLD = "too_old"
    AMBIGUOUS = "ambiguous"  # day and month could be either way round: `choices` says which


class DateInputError(ValueError):
    """A date the user typed that cannot be used; `problem` says why."""

    def __init__(self, problem: DateProblem, choices: tuple[date, ...] = ()) -> None:
        super().__init__(problem.value)
        self.problem = problem
        self.choices = choices


def parse_past_date(text: str, today: date, languages: Sequence[str] = ("en",)) -> date:
    """A date as people type it, on or before `today` (the person's local date).

    `today`, `yesterday`, `last night`, `tuesday`, `since tuesday`, `last friday`,
    `Aug 28th`, `24/11/2026`, `2026-01-31`, `31.01.2026`, `Jan 31 2026`, `3 days ago`.
    Read with dateparser (day before month); `03/04` is ambiguous and raises with both
    readings as `choices`. Never after `today`, never more than a century back. Words are
    read in `languages` (dateparser's codes: `es`, `pt`, `ru`…; English always too).
    """
    cleaned = _LEAD_IN.sub("", " ".join(text.lower().split()).strip(" .!,"))
    if cleaned in _SAME_DAY:
        return today
    if cleaned in _DAY_BEFORE:
        return today - timedelta(days=1)
    if match := _NUMERIC.match(cleaned):  # with dots (24.11.2026) the day is always first
        return _numeric(int(match[1]), int(match[3]), match[4], today)
    return _checked(_dateparser(cleaned, today, languages), today)


def _checked(parsed: date | None, today: date) -> date:
    if parsed is None:
        raise DateInputError(DateProblem.UNPARSEABLE)
    if parsed > today:
        raise DateInputError(DateProblem.FUTURE)
    if parsed.year < today.year - OLDEST_YEARS_BACK:
        raise DateInputError(DateProblem.TOO_OLD)
    return parsed


def _numeric(first: int, second: int, year_text: str | None, today: date) -> date:
    """`24/11/2026`, `24.11`, `03/04/2026`: day first unless that cannot be a date; when
    both orders are real past dates, the person is asked."""
    readings = []
    for day, month in ((first, second), (second, first)):
        found = _with_year(day, month, year_text, today)
        if found is not None and found <= today and found not in readings:
            readings.append(found)
    if len(readings) == 2 and first != second:
        raise DateInputError(DateProblem.AMBIGUOUS, tuple(readings))
    if readings:
        return _checked(readings[0], today)
    future = _with_year(first, second, year_text, today)
    raise DateInputError(DateProblem.UNPARSEABLE if future is None else DateProblem.FUTURE)


def _with_year(day: int, month: int, year_text: str | None, today: date) -> date | None:
    """The date with the year typed (`26` is 2026), or the latest one not after today."""
    if year_text is not None:
        year = int(year_text) + (2000 if len(year_text) == 2 else 0)
        return _safe_date(year, month, day)
    this_year = _safe_date(today.year, month, day)
    if this_year is not None and this_year <= today:
        return this_year
    return _safe_date(today.year - 1, month, day)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _dateparser(text: str, today: date, languages: Sequence[str]) -> date | None:
    if not text or len(text) > 60:
        return None
    parsed = dateparser.parse(
        text,
        languages=list(dict.fromkeys([*languages, "en"])),
        settings={
            "PREFER_DATES_FROM": "past",
            "RELATIVE_BASE": datetime.combine(today, time(12, 0)),
            "DATE_ORDER": "DMY",
            "RETURN_AS_TIMEZONE_AWARE": False,
        },
    )
    return None if parsed is None else parsed.date()


def iso(day: date) -> str:
    """`YYYY-MM-DD`, the storage form of a local date."""
    return day.isoformat()


def from_iso(text: str) -> date:
    """Inverse of `iso`."""
    return date.fromisoformat(text)


def human(day: date) -> str:
    """A date as people read it: `Sat 31 Jan 2026`."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def local_date(instant: datetime, zone_name: str) -> date:
    """The calendar date at `instant` in the IANA zone `zone_name`."""
    return instant.astimezone(zone_info(zone_name)).date()


def warm_up() -> None:
    """Load the place tables and dateparser's data once (~1 s; call off the event loop)."""
    lookup_zone("Manchester")
    parse_past_date("last tuesday", date(2026, 1, 1))
