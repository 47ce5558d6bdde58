"""SQL for `check_ins`: one row per user per local date."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from bot.domain.dates import from_iso, iso
from bot.storage.database import Connection, fetch_all, fetch_one
from bot.storage.sealing import keyring_of


@dataclass(frozen=True)
class CheckInRow:
    """A stored check-in (answers may still be missing)."""

    user_id: int
    local_date: date
    question_id: int
    mood: int | None
    craving: str | None
    notes: int  # notes kept in the journal that day
    prompt_message_id: int | None
    goals: tuple[tuple[int, str, bool], ...] = ()  # (goal id, title, counted that day)


_COLUMNS = (
    "user_id, local_date, question_id, mood, craving, prompt_message_id,"
    " (SELECT count(*) FROM journal_notes AS j WHERE j.user_id = check_ins.user_id"
    " AND j.local_date = check_ins.local_date AND j.kept = 1) AS notes"
)
# The user's active goals that cover the check-in's date (at most 5), as JSON, so a
# prompt is read or answered in one statement.
_GOALS = (
    "(SELECT json_group_array(json_array(goal_id, title, sealed, done)) FROM ("
    " SELECT g.goal_id, g.title, hex(g.title_sealed) AS sealed,"
    " EXISTS(SELECT 1 FROM goal_progress AS p"
    "  WHERE p.goal_id = g.goal_id AND p.local_date = check_ins.local_date) AS done"
    " FROM goals AS g WHERE g.user_id = check_ins.user_id AND g.state = 'active'"
    " AND g.period_start <= check_ins.local_date"
    " AND check_ins.local_date <= coalesce(g.period_end, check_ins.local_date)"
    " ORDER BY g.goal_id LIMIT 5)) AS goals"
)


async def _goals(connection: Connection, row: sqlite3.Row) -> tuple[tuple[int, str, bool], ...]:
    # sqlite3.Row's `in` tests values, not column names: keys() is needed here.
    if "goals" not in row.keys() or not row["goals"]:  # noqa: SIM118
        return ()
    keyring = keyring_of(connection)
    found = []
    for goal_id, plain, sealed, done in json.loads(row["goals"]):
        blob = bytes.fromhex(sealed) if sealed else None  # a title sealed in a BLOB, as hex
        title = await keyring.open(connection, row["user_id"], blob, plain)
        found.append((int(goal_id), title or "", bool(done)))
    return tuple(found)


async def _row(connection: Connection, row: sqlite3.Row) -> CheckInRow:
    return CheckInRow(
        user_id=row["user_id"],
        local_date=from_iso(row["local_date"]),
        question_id=row["question_id"],
        mood=row["mood"],
        craving=row["craving"],
        notes=row["notes"],
        prompt_message_id=row["prompt_message_id"],
        goals=await _goals(connection, row),
    )


async def open_many(
    connection: Connection, rows: Iterable[tuple[int, date, int]], now_utc: int
) -> None:
    """Create check-ins (user, date, question) that do not exist yet."""
    await connection.executemany(
        "INSERT OR IGNORE INTO check_ins (user_id, local_date, question_id, created_at_utc)"
        " VALUES (?, ?, ?, ?)",
        [(user_id, iso(day), question, now_utc) for user_id, day, question in rows],
    )


# The clean date of the streak running now, beside a check-in (its day count).
_CLEAN_DATE = (
    "(SELECT s.clean_date FROM streaks AS s WHERE s.user_id = check_ins.user_id"
    " AND s.ended_on IS NULL) AS clean_date"
)


async def _for_pairs(
    connection: Connection, columns: str, pairs: Iterable[tuple[int, date]]
) -> list[sqlite3.Row]:
    """`columns` of the check-ins of many (user, date) pairs, 400 pairs a statement."""
    wanted = list(pairs)
    found: list[sqlite3.Row] = []
    for start in range(0, len(wanted), 400):
        chunk = wanted[start : start + 400]
        values = ", ".join("(?, ?)" for _ in chunk)
        found += await fetch_all(
            connection,
            f"WITH wanted(wanted_user, wanted_date) AS (VALUES {values})"
            f" SELECT {columns} FROM check_ins JOIN wanted"
            " ON wanted_user = check_ins.user_id AND wanted_date = check_ins.local_date",
            [value for user_id, day in chunk for value in (user_id, iso(day))],
        )
    return found


async def existing(
    connection: Connection, pairs: Iterable[tuple[int, date]]
) -> set[tuple[int, date]]:
    """Which (user, date) pairs already have a check-in (asked by /checkin or answered)."""
    rows = await _for_pairs(connection, "user_id, local_date", pairs)
    return {(row[0], from_iso(row[1])) for row in rows}


async def with_clean_dates(
    connection: Connection, pairs: Iterable[tuple[int, date]]
) -> dict[tuple[int, date], tuple[CheckInRow, date | None]]:
    """Check-ins of many (user, date) pairs, each with the running streak's clean date."""
    rows = await _for_pairs(connection, f"{_COLUMNS}, {_GOALS}, {_CLEAN_DATE}", pairs)
    found = [await _row_and_clean_date(connection, row) for row in rows]
    return {(row.user_id, row.local_date): (row, clean_date) for row, clean_date in found}


async def _row_and_clean_date(
    connection: Connection, row: sqlite3.Row
) -> tuple[CheckInRow, date | None]:
    clean_date = from_iso(row["clean_date"]) if row["clean_date"] else None
    return await _row(connection, row), clean_date


async def get(connection: Connection, user_id: int, local_date: date) -> CheckInRow | None:
    """The check-in of a user on a date."""
    row = await fetch_one(
        connection,
        f"SELECT {_COLUMNS}, {_GOALS} FROM check_ins WHERE user_id = ? AND local_date = ?",
        (user_id, iso(local_date)),
    )
    return None if row is None else await _row(connection, row)


async def by_prompt(connection: Connection, user_id: int, message_id: int) -> CheckInRow | None:
    """The check-in whose prompt is the given message."""
    row = await fetch_one(
        connection,
        f"SELECT {_COLUMNS} FROM check_ins WHERE user_id = ? AND prompt_message_id = ?",
        (user_id, message_id),
    )
    return None if row is None else await _row(connection, row)


async def set_prompt(
    connection: Connection, user_id: int, local_date: date, message_id: int
) -> None:
    """Remember which message is the prompt for that date (replies are matched to it)."""
    await set_prompts(connection, [(user_id, local_date, message_id)])


async def set_prompts(connection: Connection, prompts: Iterable[tuple[int, date, int]]) -> None:
    """`set_prompt` for many (user, date, message id) at once."""
    await connection.executemany(
        "UPDATE check_ins SET prompt_message_id = ? WHERE user_id = ? AND local_date = ?",
        [(message_id, user_id, iso(day)) for user_id, day, message_id in prompts],
    )


async def answer(
    connection: Connection,
    user_id: int,
    local_date: date,
    now_utc: int,
    *,
    mood: int | None = None,
    craving: str | None = None,
) -> tuple[CheckInRow, date | None] | None:
    """Set the given answers (others unchanged) in one statement.

    Returns the updated check-in and the current clean date, or None if there is no
    check-in for that date.
    """
    row = await fetch_one(
        connection,
        "UPDATE check_ins SET mood = coalesce(?, mood), craving = coalesce(?, craving),"
        " answered_at_utc = ? WHERE user_id = ? AND local_date = ?"
        f" RETURNING {_COLUMNS}, {_GOALS}, {_CLEAN_DATE}",
        (mood, craving, now_utc, user_id, iso(local_date)),
    )
    return None if row is None else await _row_and_clean_date(connection, row)


async def between(
    connection: Connection, user_id: int, first: date, last: date
) -> list[CheckInRow]:
    """Check-ins on local dates first..last, oldest first (the journal)."""
    rows = await fetch_all(
        connection,
        f"SELECT {_COLUMNS} FROM check_ins WHERE user_id = ? AND local_date BETWEEN ? AND ?"
        " ORDER BY local_date",
        (user_id, iso(first), iso(last)),
    )
    return [await _row(connection, row) for row in rows]


async def answered_before(connection: Connection, user_id: int, day: date) -> bool:
    """Whether any check-in before `day` has a mood or craving (older journal pages)."""
    row = await fetch_one(
        connection,
        "SELECT EXISTS(SELECT 1 FROM check_ins WHERE user_id = ? AND local_date < ?"
        " AND (mood IS NOT NULL OR craving IS NOT NULL))",
        (user_id, iso(day)),
    )
    return bool(row and row[0])
