"""SQL for `goals` and `goal_progress`."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from bot.domain.dates import from_iso, iso
from bot.storage.database import Connection, fetch_all, fetch_one
from bot.storage.sealing import opened, seal

ACTIVE, DRAFT, MISSED, COMPLETED, DROPPED = "active", "draft", "missed", "completed", "dropped"
OPEN_STATES = (ACTIVE, MISSED)


@dataclass(frozen=True)
class GoalRow:
    """A stored goal."""

    goal_id: int
    user_id: int
    title: str
    reason: str | None
    kind: str
    target: int
    period_kind: str
    period_days: int
    repeats: bool
    ends_on: date | None
    period_start: date
    period_end: date | None
    reminder_time: str | None
    state: str


_COLUMNS = (
    "goal_id, user_id, title, title_sealed, reason, reason_sealed, kind, target, period_kind,"
    " period_days, repeats,"
    " ends_on, period_start, period_end, reminder_time, state"
)


def _date(value: str | None) -> date | None:
    return from_iso(value) if value else None


async def _row(connection: Connection, row: sqlite3.Row) -> GoalRow:
    owner = row["user_id"]
    return GoalRow(
        goal_id=row["goal_id"],
        user_id=owner,
        title=await opened(connection, owner, row, "title") or "",
        reason=await opened(connection, owner, row, "reason"),
        kind=row["kind"],
        target=row["target"],
        period_kind=row["period_kind"],
        period_days=row["period_days"],
        repeats=bool(row["repeats"]),
        ends_on=_date(row["ends_on"]),
        period_start=from_iso(row["period_start"]),
        period_end=_date(row["period_end"]),
        reminder_time=row["reminder_time"],
        state=row["state"],
    )


async def insert(
    connection: Connection, goal: GoalRow, now_utc: int, created_by_update: int | None = None
) -> int:
    """Store a new goal (its `goal_id` is ignored); returns the id."""
    cursor = await connection.execute(
        "INSERT INTO goals (user_id, title, title_sealed, reason_sealed, kind, target,"
        " period_kind, period_days,"
        " repeats, ends_on, period_start, period_end, reminder_time, state, created_at_utc,"
        " updated_at_utc, created_by_update)"
        " VALUES (?, '', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            goal.user_id, await seal(connection, goal.user_id, goal.title),
            await seal(connection, goal.user_id, goal.reason), goal.kind, goal.target,
            goal.period_kind,
            goal.period_days, int(goal.repeats), iso(goal.ends_on) if goal.ends_on else None,
            iso(goal.period_start), iso(goal.period_end) if goal.period_end else None,
            goal.reminder_time, goal.state, now_utc, now_utc, created_by_update,
        ),
    )  # fmt: skip
    assert cursor.lastrowid is not None
    return cursor.lastrowid


async def update(connection: Connection, goal: GoalRow, now_utc: int) -> None:
    """Write back the plan, period and state of a goal."""
    await connection.execute(
        "UPDATE goals SET title = '', title_sealed = ?, kind = ?, target = ?, period_kind = ?,"
        " period_days = ?,"
        " repeats = ?,"
        " ends_on = ?, period_start = ?, period_end = ?, state = ?, updated_at_utc = ?"
        " WHERE goal_id = ?",
        (
            await seal(connection, goal.user_id, goal.title), goal.kind, goal.target,
            goal.period_kind, goal.period_days,
            int(goal.repeats), iso(goal.ends_on) if goal.ends_on else None, iso(goal.period_start),
            iso(goal.period_end) if goal.period_end else None, goal.state, now_utc, goal.goal_id,
        ),
    )  # fmt: skip


async def by_update(connection: Connection, update_id: int) -> GoalRow | None:
    """The goal a command created (a replayed command finds it instead of adding another)."""
    row = await fetch_one(
        connection, f"SELECT {_COLUMNS} FROM goals WHERE created_by_update = ?", (update_id,)
    )
    return None if row is None else await _row(connection, row)


async def get(connection: Connection, goal_id: int) -> GoalRow | None:
    """One goal by id."""
    row = await fetch_one(
        connection, f"SELECT {_COLUMNS} FROM goals WHERE goal_id = ?", (goal_id,)
    )
    return None if row is None else await _row(connection, row)


async def open_for(connection: Connection, user_id: int) -> list[GoalRow]:
    """The user's active and missed goals, in the order /goals numbers them."""
    rows = await fetch_all(
        connection,
        f"SELECT {_COLUMNS} FROM goals WHERE user_id = ? AND state IN ('active', 'missed')"
        " ORDER BY goal_id",
        (user_id,),
    )
    return [await _row(connection, row) for row in rows]


async def log_progress(
    connection: Connection, goal_id: int, local_date: date, source: str, now_utc: int
) -> bool:
    """Count a day for a goal; False when that day was already counted."""
    cursor = await connection.execute(
        "INSERT OR IGNORE INTO goal_progress (goal_id, local_date, source, created_at_utc)"
        " VALUES (?, ?, ?, ?)",
        (goal_id, iso(local_date), source, now_utc),
    )
    return cursor.rowcount == 1


async def progress_in(connection: Connection, goal_id: int, start: date, end: date | None) -> int:
    """Days counted for a goal between two local dates (inclusive; open end)."""
    row = await fetch_one(
        connection,
        "SELECT count(*) FROM goal_progress WHERE goal_id = ? AND local_date >= ?"
        " AND local_date <= coalesce(?, '9999-12-31')",
        (goal_id, iso(start), iso(end) if end else None),
    )
    return int(row[0]) if row else 0


async def logged_on(connection: Connection, goal_ids: Sequence[int], local_date: date) -> set[int]:
    """Which of the goals already have progress on that date."""
    if not goal_ids:
        return set()
    marks = ",".join("?" * len(goal_ids))
    rows = await fetch_all(
        connection,
        f"SELECT goal_id FROM goal_progress WHERE local_date = ? AND goal_id IN ({marks})",
        (iso(local_date), *goal_ids),
    )
    return {row[0] for row in rows}
