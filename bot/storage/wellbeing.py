"""SQL for a person's reasons, morning pledges, money, notes to a future self and chips."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.domain.dates import from_iso, iso
from bot.storage.database import Connection, fetch_all, fetch_one
from bot.storage.sealing import opened, seal


# --- reasons ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class ReasonRow:
    """One of the person's reasons for recovery."""

    reason_id: int
    user_id: int
    text: str


async def reasons(connection: Connection, user_id: int) -> list[ReasonRow]:
    """The person's reasons, oldest first."""
    rows = await fetch_all(
        connection,
        "SELECT reason_id, user_id, text, text_sealed FROM reasons WHERE user_id = ?"
        " ORDER BY reason_id",
        (user_id,),
    )
    return [
        ReasonRow(row[0], row[1], await opened(connection, user_id, row, "text") or "")
        for row in rows
    ]


async def add_reason(
    connection: Connection, user_id: int, text: str, now_utc: int, update_id: int
) -> None:
    """Keep a reason (a replayed update adds nothing)."""
    await connection.execute(
        "INSERT OR IGNORE INTO reasons (user_id, text, text_sealed, created_at_utc,"
        " created_by_update) VALUES (?, '', ?, ?, ?)",
        (user_id, await seal(connection, user_id, text), now_utc, update_id),
    )


async def remove_reason(connection: Connection, user_id: int, reason_id: int) -> bool:
    """Remove one of the person's reasons; False when it was not theirs or gone."""
    cursor = await connection.execute(
        "DELETE FROM reasons WHERE reason_id = ? AND user_id = ?", (reason_id, user_id)
    )
    return cursor.rowcount == 1


async def reason_owner(connection: Connection, reason_id: int) -> int | None:
    """Whose reason this is."""
    row = await fetch_one(
        connection, "SELECT user_id FROM reasons WHERE reason_id = ?", (reason_id,)
    )
    return None if row is None else int(row[0])


# --- pledges -----------------------------------------------------------------------------
async def commit_pledge(connection: Connection, user_id: int, day: date, now_utc: int) -> bool:
    """Today's "just for today"; False when already committed."""
    cursor = await connection.execute(
        "INSERT OR IGNORE INTO pledges (user_id, local_date, committed_at_utc) VALUES (?, ?, ?)",
        (user_id, iso(day), now_utc),
    )
    return cursor.rowcount == 1


async def pledge_days(connection: Connection, user_id: int, since: date) -> set[date]:
    """Days with a pledge on or after `since`."""
    rows = await fetch_all(
        connection,
        "SELECT local_date FROM pledges WHERE user_id = ? AND local_date >= ?",
        (user_id, iso(since)),
    )
    return {from_iso(row[0]) for row in rows}


async def set_pledge_time(connection: Connection, user_id: int, value: str | None) -> None:
    """The morning pledge's local time (None: off)."""
    await connection.execute(
        "UPDATE users SET pledge_time = ? WHERE user_id = ?", (value, user_id)
    )


# --- money -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Spend:
    """What using used to cost."""

    amount: str
    currency: str
    period: str  # "day" or "week"


async def set_spend(connection: Connection, user_id: int, spend: Spend | None) -> None:
    """Store (or clear) what using used to cost."""
    values = (spend.amount, spend.currency, spend.period) if spend else (None, None, None)
    await connection.execute(
        "UPDATE users SET spend_amount = ?, spend_currency = ?, spend_period = ?"
        " WHERE user_id = ?",
        (*values, user_id),
    )


async def spend_of(connection: Connection, user_id: int) -> Spend | None:
    """What using used to cost, if the person said."""
    row = await fetch_one(
        connection,
        "SELECT spend_amount, spend_currency, spend_period FROM users WHERE user_id = ?",
        (user_id,),
    )
    if row is None or row[0] is None:
        return None
    return Spend(row[0], row[1], row[2])


# --- notes to a future self, and what a plain message is awaited for -----------------------
async def set_awaiting(connection: Connection, user_id: int, what: str | None) -> None:
    """The next plain message is for `what` (None: nothing awaited)."""
    await connection.execute("UPDATE users SET awaiting = ? WHERE user_id = ?", (what, user_id))


async def awaiting(connection: Connection, user_id: int) -> str | None:
    """What the next plain message is awaited for."""
    row = await fetch_one(connection, "SELECT awaiting FROM users WHERE user_id = ?", (user_id,))
    return None if row is None else row[0]


async def add_future_note(
    connection: Connection,
    user_id: int,
    streak_id: int,
    key: str,
    text: str,
    now_utc: int,
    update_id: int,
) -> None:
    """Keep a note for the next milestone."""
    await connection.execute(
        "INSERT OR IGNORE INTO future_notes (user_id, streak_id, written_at_key, text,"
        " text_sealed, created_at_utc, created_by_update) VALUES (?, ?, ?, '', ?, ?, ?)",
        (user_id, streak_id, key, await seal(connection, user_id, text), now_utc, update_id),
    )


async def take_future_notes(
    connection: Connection, user_id: int, streak_id: int, now_utc: int
) -> list[tuple[str, str]]:
    """Unshown notes of a streak as (milestone key written at, text); marked shown."""
    rows = await fetch_all(
        connection,
        "UPDATE future_notes SET shown_at_utc = ? WHERE user_id = ? AND streak_id = ?"
        " AND shown_at_utc IS NULL RETURNING written_at_key, text, text_sealed",
        (now_utc, user_id, streak_id),
    )
    return [(row[0], await opened(connection, user_id, row, "text") or "") for row in rows]


async def unshown_future_notes(
    connection: Connection, user_id: int, streak_id: int
) -> list[tuple[str, str]]:
    """Notes of a streak not shown yet, oldest first."""
    rows = await fetch_all(
        connection,
        "SELECT written_at_key, text, text_sealed FROM future_notes WHERE user_id = ?"
        " AND streak_id = ? AND shown_at_utc IS NULL ORDER BY note_id",
        (user_id, streak_id),
    )
    return [(row[0], await opened(connection, user_id, row, "text") or "") for row in rows]


async def streaks_with_unshown_notes(connection: Connection, streak_ids: list[int]) -> set[int]:
    """Which of these streaks have a note to future me waiting."""
    if not streak_ids:
        return set()
    marks = ",".join("?" * len(streak_ids))
    rows = await fetch_all(
        connection,
        f"SELECT DISTINCT streak_id FROM future_notes WHERE shown_at_utc IS NULL"
        f" AND streak_id IN ({marks})",
        streak_ids,
    )
    return {int(row[0]) for row in rows}


# --- chips -------------------------------------------------------------------------------
async def chip_file(connection: Connection, user_id: int, key: str) -> str | None:
    """Telegram's file id of a chip already sent."""
    row = await fetch_one(
        connection, "SELECT file_id FROM chips WHERE user_id = ? AND chip_key = ?", (user_id, key)
    )
    return None if row is None else str(row[0])


async def remember_chip(connection: Connection, user_id: int, key: str, file_id: str) -> None:
    """Reuse this file id next time."""
    await connection.execute(
        "INSERT OR REPLACE INTO chips (user_id, chip_key, file_id) VALUES (?, ?, ?)",
        (user_id, key, file_id),
    )
