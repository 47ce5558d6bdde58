"""SQL for the `streaks` table."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date

from bot.domain.dates import from_iso, iso
from bot.storage.database import Connection, fetch_all, fetch_one


@dataclass(frozen=True)
class StreakRow:
    """A stored streak."""

    streak_id: int
    clean_date: date
    ended_on: date | None


def _row(row: sqlite3.Row) -> StreakRow:
    ended_on = row["ended_on"]
    return StreakRow(
        streak_id=row["streak_id"],
        clean_date=from_iso(row["clean_date"]),
        ended_on=from_iso(ended_on) if ended_on else None,
    )


async def current(connection: Connection, user_id: int) -> StreakRow | None:
    """The streak still running, if a clean date was set."""
    row = await fetch_one(
        connection,
        "SELECT streak_id, clean_date, ended_on FROM streaks"
        " WHERE user_id = ? AND ended_on IS NULL",
        (user_id,),
    )
    return None if row is None else _row(row)


async def all_for(connection: Connection, user_id: int) -> list[StreakRow]:
    """Every streak of the user, oldest first."""
    rows = await fetch_all(
        connection,
        "SELECT streak_id, clean_date, ended_on FROM streaks"
        " WHERE user_id = ? ORDER BY clean_date, streak_id",
        (user_id,),
    )
    return [_row(row) for row in rows]


async def start(
    connection: Connection,
    user_id: int,
    clean_date: date,
    now_utc: int,
    *,
    replaces: int | None = None,
    update_id: int | None = None,
) -> int:
    """Open a new current streak (after a reset: `replaces` the one it ended); its id."""
    cursor = await connection.execute(
        "INSERT INTO streaks (user_id, clean_date, created_at_utc, replaces_streak_id,"
        " created_by_update) VALUES (?, ?, ?, ?, ?)",
        (user_id, iso(clean_date), now_utc, replaces, update_id),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


@dataclass(frozen=True)
class ResetRow:
    """A streak a reset started, with the one it ended."""

    streak_id: int
    user_id: int
    clean_date: date
    ended_on: date | None
    replaces_streak_id: int | None
    created_at_utc: int


async def reset_row(
    connection: Connection, *, streak_id: int | None = None, update_id: int | None = None
) -> ResetRow | None:
    """A streak by id, or the one an update created (a replayed reset finds it)."""
    column, value = (
        ("streak_id", streak_id) if streak_id is not None else ("created_by_update", update_id)
    )
    row = await fetch_one(
        connection,
        "SELECT streak_id, user_id, clean_date, ended_on, replaces_streak_id, created_at_utc"
        f" FROM streaks WHERE {column} = ?",
        (value,),
    )
    if row is None:
        return None
    return ResetRow(
        streak_id=row["streak_id"],
        user_id=row["user_id"],
        clean_date=from_iso(row["clean_date"]),
        ended_on=from_iso(row["ended_on"]) if row["ended_on"] else None,
        replaces_streak_id=row["replaces_streak_id"],
        created_at_utc=row["created_at_utc"],
    )


async def undo_reset(connection: Connection, new_streak_id: int, old_streak_id: int) -> None:
    """Remove the streak a reset started and let the old one run again, exactly as it was."""
    await connection.execute("DELETE FROM streaks WHERE streak_id = ?", (new_streak_id,))
    await connection.execute(
        "UPDATE streaks SET ended_on = NULL WHERE streak_id = ?", (old_streak_id,)
    )


async def move_clean_date(connection: Connection, streak_id: int, clean_date: date) -> None:
    """Correct the clean date of a streak."""
    await connection.execute(
        "UPDATE streaks SET clean_date = ? WHERE streak_id = ?", (iso(clean_date), streak_id)
    )


async def end(connection: Connection, streak_id: int, ended_on: date) -> None:
    """Close a streak on the relapse date."""
    await connection.execute(
        "UPDATE streaks SET ended_on = ? WHERE streak_id = ?", (iso(ended_on), streak_id)
    )
