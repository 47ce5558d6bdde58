"""SQL for `milestone_awards`: at most one row per streak and milestone."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from bot.domain.dates import iso
from bot.storage.database import Connection, fetch_all


@dataclass(frozen=True)
class NewAward:
    """A milestone a streak reached."""

    streak_id: int
    key: str
    reached_on: date
    celebrated: bool  # the person was congratulated for it
    announce_pending: bool = False  # groups hear about it once the person is back


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


def _values(a: NewAward, now_utc: int) -> tuple[object, ...]:
    pending = int(a.announce_pending)
    return (a.streak_id, a.key, iso(a.reached_on), int(a.celebrated), pending, now_utc)


async def add(connection: Connection, awards: Iterable[NewAward], now_utc: int) -> None:
    """Record awards; repeats are ignored."""
    await connection.executemany(
        "INSERT OR IGNORE INTO milestone_awards (streak_id, milestone_key, reached_on,"
        " celebrated, announce_pending, awarded_at_utc) VALUES (?, ?, ?, ?, ?, ?)",
        [_values(a, now_utc) for a in awards],
    )


async def take_pending(connection: Connection, streak_ids: Sequence[int]) -> dict[int, list[str]]:
    """Milestones reached while quiet, per streak, now to be announced (the flag is cleared)."""
    found: dict[int, list[str]] = {}
    for start in range(0, len(streak_ids), 500):
        chunk = streak_ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        rows = await fetch_all(
            connection,
            "UPDATE milestone_awards SET announce_pending = 0 WHERE announce_pending = 1"
            f" AND streak_id IN ({marks}) RETURNING streak_id, milestone_key",
            tuple(chunk),
        )
        for streak_id, key in rows:
            found.setdefault(streak_id, []).append(key)
    return found


async def for_streak(connection: Connection, streak_id: int) -> dict[str, tuple[date, bool]]:
    """A streak's recorded milestones: key -> (day reached, congratulated)."""
    rows = await fetch_all(
        connection,
        "SELECT milestone_key, reached_on, celebrated FROM milestone_awards WHERE streak_id = ?",
        (streak_id,),
    )
    return {key: (date.fromisoformat(on), bool(celebrated)) for key, on, celebrated in rows}


async def replace(
    connection: Connection, streak_id: int, awards: Sequence[NewAward], dropped: Sequence[str],
    now_utc: int,
) -> None:  # fmt: skip
    """Make a streak's records exactly `awards`: `dropped` keys go, the others are written
    with their (possibly moved) day and whether they were congratulated."""
    await connection.executemany(
        "DELETE FROM milestone_awards WHERE streak_id = ? AND milestone_key = ?",
        [(streak_id, key) for key in dropped],
    )
    await connection.executemany(
        "INSERT INTO milestone_awards (streak_id, milestone_key, reached_on, celebrated,"
        " announce_pending, awarded_at_utc) VALUES (?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (streak_id, milestone_key) DO UPDATE SET reached_on = excluded.reached_on,"
        " celebrated = excluded.celebrated",
        [_values(a, now_utc) for a in awards],
    )
