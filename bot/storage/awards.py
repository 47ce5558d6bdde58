"""SQL for `milestone_awards`: at most one row per streak and milestone."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from bot.domain.dates import iso
from bot.storage.database import Connection, fetch_all


async def keys_for(connection: Connection, streak_ids: Sequence[int]) -> dict[int, set[str]]:
    """Milestone keys already awarded, per streak."""
    found: dict[int, set[str]] = {streak_id: set() for streak_id in streak_ids}
    for start in range(0, len(streak_ids), 500):
        chunk = streak_ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        rows = await fetch_all(
            connection,
            f"SELECT streak_id, milestone_key FROM milestone_awards WHERE streak_id IN ({marks})",
            tuple(chunk),
        )
        for streak_id, key in rows:
            found[streak_id].add(key)
    return found


async def add(
    connection: Connection,
    awards: Iterable[tuple[int, str, date, bool]],
    now_utc: int,
) -> None:
    """Record awards (streak, milestone key, reached on, celebrated); repeats are ignored."""
    await connection.executemany(
        "INSERT OR IGNORE INTO milestone_awards"
        " (streak_id, milestone_key, reached_on, celebrated, awarded_at_utc)"
        " VALUES (?, ?, ?, ?, ?)",
        [
            (streak, key, iso(on), int(celebrated), now_utc)
            for streak, key, on, celebrated in awards
        ],
    )
