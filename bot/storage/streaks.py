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


async def start(connection: Connection, user_id: int, clean_date: date, now_utc: int) -> int:
    """Open a new current streak; returns its id."""
    cursor = await connection.execute(
        "INSERT INTO streaks (user_id, clean_date, created_at_utc) VALUES (?, ?, ?)",
        (user_id, iso(clean_date), now_utc),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


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
