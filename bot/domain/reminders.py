"""Reading `/remind HH:MM text [daily|weekdays|for N days]` and `/sponsor name [@username]`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time
from enum import Enum

from bot.domain.local_time import parse_time

MAX_REMINDER_TEXT = 200
MAX_SPONSOR_NAME = 64
SNOOZE_MINUTES = 30
MAX_REMINDER_DAYS = 366

_FOR_DAYS = re.compile(r"\s+for\s+(\d{1,3})\s+days?$", re.IGNORECASE | re.ASCII)
_USERNAME = re.compile(r"^@?([A-Za-z][A-Za-z0-9_]{4,31})$")
_PHONE = re.compile(r"\+?\d[\d\s().\-/]{5,}\d")


class Repeat(Enum):
    """How often a reminder comes."""

    ONCE = "once"
    DAILY = "daily"
    WEEKDAYS = "weekdays"
    UNTIL = "until"  # daily up to and including `ends_on`


@dataclass(frozen=True)
class ReminderPlan:
    """A parsed /remind."""

    at: time
    text: str
    repeat: Repeat
    days: int | None = None


def parse_remind(arguments: str) -> ReminderPlan | None:
    """`19:00 call Sam daily`, `7pm call Sam`, `7:30 pm call Sam` → a plan; None when the
    time or the text is missing."""
    words = arguments.split()
    at, text = None, ""
    for taken in (2, 1):  # "7:30 pm call Sam" takes two words, "7pm call Sam" one
        if len(words) > taken and (at := parse_time(" ".join(words[:taken]))) is not None:
            text = " ".join(words[taken:])
            break
    if at is None:
        return None
    repeat, days = Repeat.ONCE, None
    lowered = text.lower()
    if match := _FOR_DAYS.search(text):
        days = int(match[1])
        if not 1 <= days <= MAX_REMINDER_DAYS:
            return None
        repeat, text = Repeat.UNTIL, text[: match.start()]
    elif lowered.endswith((" daily", " every day")):
        repeat, text = Repeat.DAILY, text.rsplit(" ", 2 if lowered.endswith("every day") else 1)[0]
    elif lowered.endswith(" weekdays"):
        repeat, text = Repeat.WEEKDAYS, text.rsplit(" ", 1)[0]
    text = text.strip()
    return ReminderPlan(at, text, repeat, days) if text else None


def occurs_on(repeat: Repeat, day: date, ends_on: date | None) -> bool:
    """Whether a repeating reminder is meant for that local date."""
    if repeat is Repeat.WEEKDAYS and day.weekday() >= 5:
        return False
    return not (ends_on is not None and day > ends_on)


@dataclass(frozen=True)
class SponsorInput:
    """A parsed /sponsor."""

    name: str
    username: str | None


class SponsorProblem(Enum):
    """Why a /sponsor was refused."""

    EMPTY = "empty"
    PHONE = "phone"
    TOO_LONG = "too_long"


def parse_sponsor(arguments: str) -> SponsorInput | SponsorProblem:
    """`Sam @sam_sponsor` → name and username. Phone numbers are refused, never stored."""
    text = " ".join(arguments.split())
    if _PHONE.search(text):
        return SponsorProblem.PHONE
    words = text.split(" ")
    username = None
    if words and (match := _USERNAME.match(words[-1])) and words[-1].startswith("@"):
        username = match[1]
        words = words[:-1]
    name = " ".join(words).strip()
    if not name:
        return SponsorProblem.EMPTY
    if len(name) > MAX_SPONSOR_NAME:
        return SponsorProblem.TOO_LONG
    return SponsorInput(name, username)
