"""SQL for the `users` table."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from bot.storage.database import Connection


@dataclass(frozen=True)
class UserRow:
    """A stored user."""

    user_id: int
    first_name: str
    alias: str | None
    timezone: str | None
    is_active: bool
    last_seen_at_utc: int


_COLUMNS = "user_id, first_name, alias, timezone, is_active, last_seen_at_utc"


def _row(row: sqlite3.Row) -> UserRow:
    return UserRow(
        user_id=row["user_id"],
        first_name=row["first_name"],
        alias=row["alias"],
        timezone=row["timezone"],
        is_active=bool(row["is_active"]),
        last_seen_at_utc=row["last_seen_at_utc"],
    )


async def touch(connection: Connection, user_id: int, first_name: str, now_utc: int) -> None:
    """Create the user, or note that they wrote (which also re-activates them)."""
    await connection.execute(
        "INSERT INTO users (user_id, first_name, last_seen_at_utc, created_at_utc)"
        " VALUES (?, ?, ?, ?)"
        " ON CONFLICT(user_id) DO UPDATE SET first_name = excluded.first_name,"
        " last_seen_at_utc = excluded.last_seen_at_utc, is_active = 1",
        (user_id, first_name, now_utc, now_utc),
    )


async def get(connection: Connection, user_id: int) -> UserRow | None:
    """The user, or None when they never wrote."""
    async with connection.execute(
        f"SELECT {_COLUMNS} FROM users WHERE user_id = ?", (user_id,)
    ) as cursor:
        row = await cursor.fetchone()
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
