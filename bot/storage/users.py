"""SQL for the `users` table."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from bot.storage.database import Connection, fetch_all, fetch_one


@dataclass(frozen=True)
class UserRow:
    """A stored user."""

    user_id: int
    first_name: str
    alias: str | None
    timezone: str | None
    is_active: bool
    last_seen_at_utc: int
    language: str | None = None


_COLUMNS = "user_id, first_name, alias, timezone, is_active, last_seen_at_utc, language"


def _row(row: sqlite3.Row) -> UserRow:
    return UserRow(
        user_id=row["user_id"],
        first_name=row["first_name"],
        alias=row["alias"],
        timezone=row["timezone"],
        is_active=bool(row["is_active"]),
        last_seen_at_utc=row["last_seen_at_utc"],
        language=row["language"],
    )


async def touch(
    connection: Connection,
    user_id: int,
    first_name: str,
    now_utc: int,
    language: str | None = None,
) -> None:
    """Create the user (with the language of their first contact), or note that they wrote
    (which re-activates them; a language chosen before is kept). One statement."""
    await connection.execute(
        "INSERT INTO users (user_id, first_name, last_seen_at_utc, created_at_utc, language)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT(user_id) DO UPDATE SET"
        " first_name = excluded.first_name, last_seen_at_utc = excluded.last_seen_at_utc,"
        " is_active = 1, language = coalesce(users.language, excluded.language)",
        (user_id, first_name, now_utc, now_utc, language),
    )


async def set_language(connection: Connection, user_id: int, language: str) -> None:
    """The language the person chose with /language."""
    await connection.execute(
        "UPDATE users SET language = ? WHERE user_id = ?", (language, user_id)
    )


async def get(connection: Connection, user_id: int) -> UserRow | None:
    """The user, or None when they never wrote."""
    row = await fetch_one(
        connection, f"SELECT {_COLUMNS} FROM users WHERE user_id = ?", (user_id,)
    )
    return None if row is None else _row(row)


async def set_timezone(connection: Connection, user_id: int, zone: str) -> None:
    """Store the user's IANA zone."""
    await connection.execute("UPDATE users SET timezone = ? WHERE user_id = ?", (zone, user_id))


async def set_alias(connection: Connection, user_id: int, alias: str) -> None:
    """Store the name peers see."""
    await connection.execute("UPDATE users SET alias = ? WHERE user_id = ?", (alias, user_id))


async def set_active(connection: Connection, user_id: int, active: bool) -> None:
    """Mark a user reachable or not (403: they blocked the bot)."""
    await connection.execute(
        "UPDATE users SET is_active = ? WHERE user_id = ?", (int(active), user_id)
    )


@dataclass(frozen=True)
class DailyFacts:
    """What the daily tick needs about a user, read in one query per batch."""

    user_id: int
    timezone: str | None
    checkin_time: str | None
    is_active: bool
    last_seen_at_utc: int
    created_at_utc: int
    nudged_at_utc: int | None
    streak_id: int | None
    clean_date: str | None


async def daily_facts(connection: Connection, user_ids: Sequence[int]) -> dict[int, DailyFacts]:
    """Zone, check-in time, activity and current streak for many users at once."""
    facts: dict[int, DailyFacts] = {}
    for start in range(0, len(user_ids), 500):
        chunk = user_ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        rows = await fetch_all(
            connection,
            "SELECT u.user_id, u.timezone, u.checkin_time, u.is_active, u.last_seen_at_utc,"
            " u.created_at_utc, u.nudged_at_utc, s.streak_id, s.clean_date FROM users u"
            " LEFT JOIN streaks s ON s.user_id = u.user_id AND s.ended_on IS NULL"
            f" WHERE u.user_id IN ({marks})",
            tuple(chunk),
        )
        for row in rows:
            facts[row["user_id"]] = DailyFacts(
                user_id=row["user_id"],
                timezone=row["timezone"],
                checkin_time=row["checkin_time"],
                is_active=bool(row["is_active"]),
                last_seen_at_utc=row["last_seen_at_utc"],
                created_at_utc=row["created_at_utc"],
                nudged_at_utc=row["nudged_at_utc"],
                streak_id=row["streak_id"],
                clean_date=row["clean_date"],
            )
    return facts


async def mark_nudged(connection: Connection, user_ids: Sequence[int], now_utc: int) -> None:
    """Remember that the gentle "we're here" line went out during this silence."""
    await connection.executemany(
        "UPDATE users SET nudged_at_utc = ? WHERE user_id = ?", [(now_utc, u) for u in user_ids]
    )


async def set_checkin_time(connection: Connection, user_id: int, value: str | None) -> None:
    """Store the daily check-in time (HH:MM) or None for off."""
    await connection.execute(
        "UPDATE users SET checkin_time = ? WHERE user_id = ?", (value, user_id)
    )


async def checkin_time(connection: Connection, user_id: int) -> str | None:
    """The stored check-in time, None when off."""
    row = await fetch_one(
        connection, "SELECT checkin_time FROM users WHERE user_id = ?", (user_id,)
    )
    return None if row is None else row["checkin_time"]


async def languages(connection: Connection, user_ids: Sequence[int]) -> dict[int, str | None]:
    """The languages of many people in one statement (a batch of prompts)."""
    if not user_ids:
        return {}
    marks = ",".join("?" * len(user_ids))
    rows = await fetch_all(
        connection, f"SELECT user_id, language FROM users WHERE user_id IN ({marks})",
        tuple(user_ids),
    )  # fmt: skip
    return {row["user_id"]: row["language"] for row in rows}
