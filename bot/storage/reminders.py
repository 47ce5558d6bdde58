"""SQL for `reminders`."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date

from bot.domain.dates import from_iso, iso
from bot.storage.database import Connection, fetch_all, fetch_one
from bot.storage.sealing import opened, seal


@dataclass(frozen=True)
class ReminderRow:
    """A stored reminder."""

    reminder_id: int
    user_id: int
    text: str
    at_time: str
    repeat: str
    ends_on: date | None
    goal_id: int | None
    skip_on: date | None
    settled_on: date | None
    active: bool
    deleted: bool = False  # removed by its owner (a finished one is inactive, not deleted)
    purpose: str | None = None  # "sponsor": the daily call to the person's sponsor


_COLUMNS = (
    "reminder_id, user_id, text, text_sealed, at_time, repeat, ends_on, goal_id, skip_on,"
    " settled_on, active,"
    " deleted_at_utc, purpose"
)


def _date(value: str | None) -> date | None:
    return from_iso(value) if value else None


async def _row(connection: Connection, row: sqlite3.Row) -> ReminderRow:
    return ReminderRow(
        reminder_id=row["reminder_id"],
        user_id=row["user_id"],
        text=await opened(connection, row["user_id"], row, "text") or "",
        at_time=row["at_time"],
        repeat=row["repeat"],
        ends_on=_date(row["ends_on"]),
        goal_id=row["goal_id"],
        skip_on=_date(row["skip_on"]),
        settled_on=_date(row["settled_on"]),
        active=bool(row["active"]),
        deleted=row["deleted_at_utc"] is not None,
        purpose=row["purpose"],
    )


async def insert(
    connection: Connection,
    user_id: int,
    text: str,
    at_time: str,
    repeat: str,
    ends_on: date | None,
    goal_id: int | None,
    now_utc: int,
    created_by_update: int | None = None,
    purpose: str | None = None,
) -> int:
    """Store a reminder; returns its id."""
    cursor = await connection.execute(
        "INSERT INTO reminders (user_id, text, text_sealed, at_time, repeat, ends_on, goal_id,"
        " created_at_utc, created_by_update, purpose) VALUES (?, '', ?, ?, ?, ?, ?, ?, ?, ?)",
        (user_id, await seal(connection, user_id, text), at_time, repeat,
         iso(ends_on) if ends_on else None, goal_id, now_utc,
         created_by_update, purpose),
    )  # fmt: skip
    assert cursor.lastrowid is not None
    return cursor.lastrowid


async def by_update(connection: Connection, update_id: int) -> ReminderRow | None:
    """The reminder a command or button created (a replay finds it)."""
    row = await fetch_one(
        connection, f"SELECT {_COLUMNS} FROM reminders WHERE created_by_update = ?", (update_id,)
    )
    return None if row is None else await _row(connection, row)


async def get(connection: Connection, reminder_id: int) -> ReminderRow | None:
    """One reminder by id."""
    row = await fetch_one(
        connection, f"SELECT {_COLUMNS} FROM reminders WHERE reminder_id = ?", (reminder_id,)
    )
    return None if row is None else await _row(connection, row)


async def active_for(connection: Connection, user_id: int) -> list[ReminderRow]:
    """The user's active reminders, oldest first."""
    rows = await fetch_all(
        connection,
        f"SELECT {_COLUMNS} FROM reminders WHERE user_id = ? AND active = 1 ORDER BY reminder_id",
        (user_id,),
    )
    return [await _row(connection, row) for row in rows]


async def for_goal(connection: Connection, goal_id: int) -> list[ReminderRow]:
    """Reminders attached to a goal."""
    rows = await fetch_all(
        connection, f"SELECT {_COLUMNS} FROM reminders WHERE goal_id = ?", (goal_id,)
    )
    return [await _row(connection, row) for row in rows]


async def deactivate(connection: Connection, reminder_id: int) -> None:
    """Its last time has come: nothing more is scheduled (what is queued still goes out)."""
    await connection.execute(
        "UPDATE reminders SET active = 0 WHERE reminder_id = ?", (reminder_id,)
    )


async def delete(connection: Connection, reminder_id: int, now_utc: int) -> None:
    """Its owner removed it: nothing more goes out, queued messages included."""
    await connection.execute(
        "UPDATE reminders SET active = 0, deleted_at_utc = ? WHERE reminder_id = ?",
        (now_utc, reminder_id),
    )


async def set_skip(connection: Connection, reminder_id: int, local_date: date) -> None:
    """Skip the reminder for one local date."""
    await connection.execute(
        "UPDATE reminders SET skip_on = ? WHERE reminder_id = ?", (iso(local_date), reminder_id)
    )


async def set_settled(connection: Connection, reminder_id: int, local_date: date) -> None:
    """The reminder was answered ✅ on that date (no snoozes come back)."""
    await connection.execute(
        "UPDATE reminders SET settled_on = ? WHERE reminder_id = ?", (iso(local_date), reminder_id)
    )


async def renew(connection: Connection, reminder_id: int, ends_on: date | None) -> None:
    """A goal's new round: its reminder is active again, until the round's last day."""
    await connection.execute(
        "UPDATE reminders SET ends_on = ?, active = 1 WHERE reminder_id = ?",
        (iso(ends_on) if ends_on else None, reminder_id),
    )
