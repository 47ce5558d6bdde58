"""SQL for `operations`: small facts about running the bot (health probe, last backup)."""

from __future__ import annotations

from bot.storage.database import Connection, fetch_one


async def put(connection: Connection, key: str, value: str, now_utc: int) -> None:
    """Set a fact."""
    await connection.execute(
        "INSERT INTO operations (key, value, updated_at_utc) VALUES (?, ?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value,"
        " updated_at_utc = excluded.updated_at_utc",
        (key, value, now_utc),
    )


async def get(connection: Connection, key: str) -> str | None:
    """A fact, if set."""
    row = await fetch_one(connection, "SELECT value FROM operations WHERE key = ?", (key,))
    return None if row is None else str(row[0])
