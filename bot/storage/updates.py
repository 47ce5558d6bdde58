"""SQL for `processed_updates`: each Telegram update id is applied at most once."""

from __future__ import annotations

from bot.storage.database import Connection


async def claim(connection: Connection, update_id: int, now_utc: int) -> bool:
    """Record the update id; False when it was handled before (a replay)."""
    cursor = await connection.execute(
        "INSERT OR IGNORE INTO processed_updates (update_id, handled_at_utc) VALUES (?, ?)",
        (update_id, now_utc),
    )
    return cursor.rowcount == 1


async def prune(connection: Connection, older_than_utc: int) -> int:
    """Forget update ids handled before the cut-off; returns how many."""
    cursor = await connection.execute(
        "DELETE FROM processed_updates WHERE handled_at_utc < ?", (older_than_utc,)
    )
    return cursor.rowcount
