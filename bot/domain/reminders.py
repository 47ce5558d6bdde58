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
    if not any(character.isalpha() for character in name):  # "", "@", "!!!": no name
        return SponsorProblem.EMPTY
    if len(name) > MAX_SPONSOR_NAME:
        return SponsorProblem.TOO_LONG
    return SponsorInput(name, username)


# --- a reminder asked for in words: "remind me to call sam at 7" ---------------------------
_ASK = re.compile(
    r"^(?:(?:hey|hi|ok|okay|please|pls|plz)[, ]+)*(?:(?:can|could|would|will) (?:you|u) "
    r"(?:please |pls )?)?(?:please |pls )?(?:set (?:me )?a reminder|remind me|reminder)"
    r"(?: (?:to|that|about|for)\b)?\s*",
)
_AT = re.compile(
    r"\b(?:at |@ ?|around |for )?(\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)|\d{1,2}[:.]\d{2}"
    r"|noon|midday|midnight)\b|\b(?:at|around|@) ?(\d{1,2})\b(?! ?(?:days?|min|minutes?|hours?))"
)
_WHEN_WORDS = re.compile(
    r"\b(?:(tomorrow)(?: morning| evening| night)?|(every day|everyday|daily|each day"
    r"|every (?:morning|evening|night))|(weekdays|every weekday)|tonight|today|this evening)\b"
)
_LEAD = re.compile(r"^(?:to|that|about|i need to|i have to|i should)\s+")
_TAIL = re.compile(r"[\s,.!?]+$")


@dataclass(frozen=True)
class ReminderRequest:
    """A reminder asked for in words, ready to be set with one tap."""

    at: time
    text: str
    repeat: Repeat
    tomorrow: bool = False
    guessed_half: bool = False  # "at 7": am or pm was chosen, the other is offered


def parse_reminder_request(message: str, now: time) -> ReminderRequest | None:
    """`remind me to call sam at 7` → call sam, 19:00 (the next 7 o'clock from `now`);
    None when no time or nothing to remind of is said."""
    typed = " ".join(message.strip().split())
    lowered = typed.lower()
    ask = _ASK.search(lowered)
    if ask is None:
        return None
    rest, rest_lower = typed[ask.end() :], lowered[ask.end() :]
    found = _AT.search(rest_lower)
    if found is None:
        return None
    tomorrow = repeat_daily = weekdays = False
    for when in _WHEN_WORDS.finditer(rest_lower):
        tomorrow = tomorrow or when[1] is not None
        repeat_daily = repeat_daily or when[2] is not None
        weekdays = weekdays or when[3] is not None
    guessed = False
    if found[1] is not None:
        at = parse_time(found[1])
    else:
        hour = int(found[2])
        if hour > 23:
            return None
        at, guessed = _bare_hour(hour, now, tomorrow), 1 <= hour <= 12
    if at is None:
        return None
    words = _WHEN_WORDS.sub(" ", rest[: found.start()] + " " + rest[found.end() :])
    text = _TAIL.sub("", " ".join(words.split()))
    text = _LEAD.sub("", text, count=1)
    text = re.sub(r"^(?:to|that)\s+", "", text, flags=re.IGNORECASE)
    if not text:
        return None
    repeat = Repeat.WEEKDAYS if weekdays else Repeat.DAILY if repeat_daily else Repeat.ONCE
    return ReminderRequest(at, text[:MAX_REMINDER_TEXT], repeat, tomorrow, guessed)


def _bare_hour(hour: int, now: time, tomorrow: bool) -> time:
    """ "at 7" on a 12-hour clock: the next 7 o'clock today; tomorrow, 7–11 in the morning
    and 1–6 in the afternoon."""
    if hour == 0 or hour > 12:
        return time(hour % 24)
    morning, evening = time(hour % 12), time(hour % 12 + 12)
    if tomorrow:
        return morning if hour >= 7 and hour != 12 else (time(12) if hour == 12 else evening)
    if hour == 12:
        return time(12)
    if morning > now:
        return morning
    return evening if evening > now else morning  # both gone today: the next is the morning


def other_half(at: time) -> time:
    """The same hour on the other half of the day (07:00 ↔ 19:00)."""
    return time((at.hour + 12) % 24, at.minute)
