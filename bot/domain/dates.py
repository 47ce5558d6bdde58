"""Parsing the dates people type for a clean date or a relapse."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from enum import Enum

from bot.domain.calendar import add_months
from bot.domain.timezones import zone_info

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
SMALL_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
OLDEST_YEARS_BACK = 100

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$", re.ASCII)
_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$", re.ASCII)
_MONTH_FIRST = re.compile(r"^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$", re.ASCII)
_DAY_FIRST = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})$", re.ASCII)
_AGO = re.compile(r"^(\d{1,5}|[a-z]+)\s+(day|week|month|year)s?\s+ago$", re.ASCII)


class DateProblem(Enum):
    """Why a typed date was refused."""

    UNPARSEABLE = "unparseable"
    FUTURE = "future"
    TOO_OLD = "too_old"


class DateInputError(ValueError):
    """A date the user typed that cannot be used; `problem` says why."""

    def __init__(self, problem: DateProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


def parse_past_date(text: str, today: date) -> date:
    """Parse `today`, `yesterday`, ISO, `31.01.2026`, `Jan 31 2026`, `3 days ago`.

    The result is never after `today` (the user's local date) and never more than a
    century back; anything else raises `DateInputError`.
    """
    parsed = _parse(" ".join(text.lower().split()), today)
    if parsed is None:
        raise DateInputError(DateProblem.UNPARSEABLE)
    if parsed > today:
        raise DateInputError(DateProblem.FUTURE)
    if parsed.year < today.year - OLDEST_YEARS_BACK:
        raise DateInputError(DateProblem.TOO_OLD)
    return parsed


def _parse(text: str, today: date) -> date | None:
    if text == "today":
        return today
    if text == "yesterday":
        return today - timedelta(days=1)
    if match := _ISO.match(text):
        return _safe_date(int(match[1]), int(match[2]), int(match[3]))
    if match := _DOTTED.match(text):
        return _safe_date(int(match[3]), int(match[2]), int(match[1]))
    if match := _MONTH_FIRST.match(text):
        return _named_month(match[1], int(match[2]), int(match[3]))
    if match := _DAY_FIRST.match(text):
        return _named_month(match[2], int(match[1]), int(match[3]))
    if match := _AGO.match(text):
        return _ago(match[1], match[2], today)
    return None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _named_month(name: str, day: int, year: int) -> date | None:
    month = MONTHS.get(name)
    return None if month is None else _safe_date(year, month, day)


def _ago(amount_text: str, unit: str, today: date) -> date | None:
    amount = int(amount_text) if amount_text.isdigit() else SMALL_NUMBERS.get(amount_text)
    if amount is None:
        return None
    try:
        if unit == "day":
            return today - timedelta(days=amount)
        if unit == "week":
            return today - timedelta(weeks=amount)
        if unit == "month":
            return add_months(today, -amount)
        return add_months(today, -12 * amount)
    except (OverflowError, ValueError):
        return None


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
