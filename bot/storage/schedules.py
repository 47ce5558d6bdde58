"""SQL for `schedules`: timed work with an indexed `next_due_at_utc`."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.storage.database import Connection, fetch_all

DAILY = "daily"
# next_due_at_utc of a schedule made by a trigger: the tick computes its first real time.
UNSCHEDULED = 0


@dataclass(frozen=True)
class ScheduleRow:
    """One schedule with what the tick needs to act on it."""

    schedule_id: int
    kind: str
    user_id: int | None
    ref_id: int
    local_time: str
    next_due_at_utc: int


def _row(row: sqlite3.Row) -> ScheduleRow:
    return ScheduleRow(
        schedule_id=row["schedule_id"],
        kind=row["kind"],
        user_id=row["user_id"],
        ref_id=row["ref_id"],
        local_time=row["local_time"],
        next_due_at_utc=row["next_due_at_utc"],
    )


async def upsert(
    connection: Connection,
    kind: str,
    user_id: int | None,
    ref_id: int,
    local_time: str,
    next_due_at_utc: int,
) -> None:
    """Create the schedule or move it to a new time."""
    if user_id is None:
        # A group's schedule: NULLs are distinct in UNIQUE, so ON CONFLICT never fires.
        await delete(connection, kind, None, ref_id)
    await connection.execute(
        "INSERT INTO schedules (kind, user_id, ref_id, local_time, next_due_at_utc)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT(kind, user_id, ref_id) DO UPDATE SET"
        " local_time = excluded.local_time, next_due_at_utc = excluded.next_due_at_utc",
        (kind, user_id, ref_id, local_time, next_due_at_utc),
    )


async def delete(connection: Connection, kind: str, user_id: int | None, ref_id: int) -> None:
    """Remove a schedule."""
    await connection.execute(
        "DELETE FROM schedules WHERE kind = ? AND user_id IS ? AND ref_id = ?",
        (kind, user_id, ref_id),
    )


async def due(connection: Connection, now_utc: int, limit: int) -> list[ScheduleRow]:
    """The earliest schedules due at `now_utc`."""
    rows = await fetch_all(
        connection,
        "SELECT schedule_id, kind, user_id, ref_id, local_time, next_due_at_utc"
        " FROM schedules WHERE next_due_at_utc <= ? ORDER BY next_due_at_utc LIMIT ?",
        (now_utc, limit),
    )
    return [_row(row) for row in rows]


async def for_user(connection: Connection, user_id: int) -> list[ScheduleRow]:
    """Every schedule a user owns."""
    rows = await fetch_all(
        connection,
        "SELECT schedule_id, kind, user_id, ref_id, local_time, next_due_at_utc"
        " FROM schedules WHERE user_id = ?",
        (user_id,),
    )
    return [_row(row) for row in rows]


async def move(connection: Connection, moves: Iterable[tuple[int, str, int]]) -> None:
    """Set (local_time, next_due_at_utc) for many schedules: (next_due, local_time, id)."""
    await connection.executemany(
        "UPDATE schedules SET next_due_at_utc = ?, local_time = ? WHERE schedule_id = ?",
        list(moves),
    )


async def delete_ids(connection: Connection, schedule_ids: Sequence[int]) -> None:
    """Remove schedules by id (one-off work that is done)."""
    await connection.executemany(
        "DELETE FROM schedules WHERE schedule_id = ?", [(i,) for i in schedule_ids]
    )


async def of_kind(connection: Connection, kind: str) -> list[ScheduleRow]:
    """Every schedule of one kind."""
    rows = await fetch_all(
        connection,
        "SELECT schedule_id, kind, user_id, ref_id, local_time, next_due_at_utc"
        " FROM schedules WHERE kind = ?",
        (kind,),
    )
    return [_row(row) for row in rows]
