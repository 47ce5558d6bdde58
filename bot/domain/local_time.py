"""Wall-clock times in a user's zone, safe across DST changes."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import dateparser

from bot.domain.timezones import zone_info

_HHMM = re.compile(r"^([01]?\d|2[0-3])[:.h]([0-5]\d)$", re.ASCII)
_MAX_GAP_MINUTES = 24 * 60


def parse_hhmm(text: str) -> time | None:
    """`19:00`, `7:05`, `19.00` or `19h00` → a time; anything else → None."""
    match = _HHMM.match(text.strip().lower())
    if match is None:
        return None
    return time(int(match[1]), int(match[2]))


# What a typed time may look like before dateparser reads it: "9pm", "7:30 pm", "19.15",
# "noon" — not "9" alone (9 am or 9 pm?) and not a date.
_TIME_LIKE = re.compile(
    r"^(?:\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)|\d{1,2}[:.]\d{2}|noon|midday|midnight)$",
    re.ASCII,
)


def parse_time(text: str) -> time | None:
    """A wall-clock time as people type it: `19:00`, `9pm`, `7:30 pm`, `noon`, `midnight`."""
    typed = " ".join(text.strip().lower().split())
    exact = parse_hhmm(typed)
    if exact is not None:
        return exact
    if typed == "midday":
        typed = "noon"
    if not _TIME_LIKE.match(typed):
        return None
    parsed = dateparser.parse(typed, languages=["en"])
    return None if parsed is None else time(parsed.hour, parsed.minute)


def daily_time_or_off(text: str) -> str | None:
    """A daily time as people set it: `7:00`, `7am`, `9pm` → "HH:MM"; `off` → None.
    Raises ValueError for anything else."""
    if text.strip().lower() == "off":
        return None
    at = parse_time(text)
    if at is None:
        raise ValueError("not a time")
    return hhmm(at)


def hhmm(value: time) -> str:
    """`HH:MM`, the storage form of a wall-clock time."""
    return f"{value.hour:02d}:{value.minute:02d}"


def exists(day: date, at: time, zone: ZoneInfo) -> bool:
    """Whether the wall time occurs on that day (False inside a spring-forward gap)."""
    local = datetime.combine(day, at, tzinfo=zone)
    round_trip = local.astimezone(UTC).astimezone(zone)
    return round_trip.replace(tzinfo=None) == local.replace(tzinfo=None)


def resolve(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of wall time `at` on `day`.

    A time inside a spring-forward gap moves to the next valid minute (02:30 → 03:00);
    a time that occurs twice at a fall-back takes the first occurrence.
    """
    local = datetime.combine(day, at, tzinfo=zone)
    minutes = 0
    while not exists(local.date(), local.time(), zone):
        minutes += 1
        if minutes > _MAX_GAP_MINUTES:  # pragma: no cover - no zone has a day-long gap
            raise ValueError("no valid local minute found")
        local = datetime.combine(day, at, tzinfo=zone) + timedelta(minutes=minutes)
    return local.replace(fold=0).astimezone(UTC)


def next_occurrence(at: time, zone_name: str, after: datetime) -> datetime:
    """The first instant strictly after `after` when the wall clock in the zone shows `at`."""
    zone = zone_info(zone_name)
    day = after.astimezone(zone).date() - timedelta(days=1)
    while True:
        candidate = resolve(day, at, zone)
        if candidate > after:
            return candidate
        day += timedelta(days=1)
