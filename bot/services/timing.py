"""Keeping schedule rows in step with each user's zone and chosen times."""

from __future__ import annotations

from datetime import date, datetime, time

from bot.domain.checkins import MILESTONE_CHECK_TIME
from bot.domain.local_time import hhmm, next_occurrence, parse_hhmm, resolve
from bot.domain.timezones import zone_info
from bot.storage import schedules
from bot.storage.database import Connection

GOAL_PERIOD, REMINDER, SNOOZE, PLEDGE = "goal_period", "reminder", "snooze", "pledge"
# Schedules that repeat at a wall-clock time in the owner's zone; others are absolute.
RECURRING_KINDS = {schedules.DAILY, REMINDER, PLEDGE}
END_OF_DAY = time(23, 59)


def daily_time(checkin_time: str | None) -> str:
    """The daily schedule runs at the check-in time, or at the milestone check time if off."""
    return checkin_time or hhmm(MILESTONE_CHECK_TIME)


def next_due(local_time: str, zone: str, after: datetime) -> int:
    """Epoch seconds of the next occurrence of `local_time` in `zone` after `after`."""
    at = parse_hhmm(local_time)
    if at is None:
        raise ValueError(f"bad stored time {local_time!r}")
    return int(next_occurrence(at, zone, after).timestamp())


async def set_daily(
    tx: Connection, user_id: int, zone: str, checkin_time: str | None, now: datetime
) -> None:
    """(Re)place the user's daily schedule at the right next instant."""
    local_time = daily_time(checkin_time)
    await schedules.upsert(
        tx, schedules.DAILY, user_id, 0, local_time, next_due(local_time, zone, now)
    )


async def reschedule_user(tx: Connection, user_id: int, zone: str, now: datetime) -> None:
    """After a zone change, every repeating schedule of the user moves at once."""
    moves = [
        (next_due(row.local_time, zone, now), row.local_time, row.schedule_id)
        for row in await schedules.for_user(tx, user_id)
        if row.kind in RECURRING_KINDS
    ]
    await schedules.move(tx, moves)


def end_of_day_due(day: date, zone: str) -> int:
    """Epoch seconds of 23:59 local on `day`: when a goal's period is judged."""
    return int(resolve(day, END_OF_DAY, zone_info(zone)).timestamp())
