"""SQL for `sponsors`."""

from __future__ import annotations

from dataclasses import dataclass

from bot.storage.database import Connection, fetch_one
from bot.storage.sealing import opened, seal


@dataclass(frozen=True)
class SponsorRow:
    """Who a user calls."""

    name: str
    username: str | None


async def put(connection: Connection, user_id: int, name: str, username: str | None) -> None:
    """Store (or replace) the user's sponsor."""
    await connection.execute(
        "INSERT INTO sponsors (user_id, name, name_sealed, username, username_sealed)"
        " VALUES (?, '', ?, NULL, ?) ON CONFLICT(user_id) DO UPDATE SET name = '',"
        " name_sealed = excluded.name_sealed, username = NULL,"
        " username_sealed = excluded.username_sealed",
        (
            user_id,
            await seal(connection, user_id, name),
            await seal(connection, user_id, username),
        ),
    )


async def get(connection: Connection, user_id: int) -> SponsorRow | None:
    """The user's sponsor, if set."""
    row = await fetch_one(
        connection,
        "SELECT name, name_sealed, username, username_sealed FROM sponsors WHERE user_id = ?",
        (user_id,),
    )
    if row is None:
        return None
    name = await opened(connection, user_id, row, "name")
    username = await opened(connection, user_id, row, "username")
    return SponsorRow(name or "", username)
