"""SQL for `sponsors`."""

from __future__ import annotations

from dataclasses import dataclass

from bot.storage.database import Connection, fetch_one


@dataclass(frozen=True)
class SponsorRow:
    """Who a user calls."""

    name: str
    username: str | None


async def put(connection: Connection, user_id: int, name: str, username: str | None) -> None:
    """Store (or replace) the user's sponsor."""
    await connection.execute(
        "INSERT INTO sponsors (user_id, name, username) VALUES (?, ?, ?)"
        " ON CONFLICT(user_id) DO UPDATE SET name = excluded.name, username = excluded.username",
        (user_id, name, username),
    )


async def get(connection: Connection, user_id: int) -> SponsorRow | None:
    """The user's sponsor, if set."""
    row = await fetch_one(
        connection, "SELECT name, username FROM sponsors WHERE user_id = ?", (user_id,)
    )
    return None if row is None else SponsorRow(row["name"], row["username"])
