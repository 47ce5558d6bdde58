"""SQL for `journal_notes`: every note a person keeps, with its time."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date

from bot.domain.dates import from_iso, iso
from bot.storage.database import Connection, fetch_all, fetch_one
from bot.storage.sealing import opened, seal

_COLUMNS = "note_id, user_id, local_date, text, text_sealed, kept, created_at_utc"


@dataclass(frozen=True)
class NoteRow:
    """A note (kept, or only offered to keep)."""

    note_id: int
    user_id: int
    local_date: date
    text: str
    kept: bool
    created_at_utc: int


async def _note(connection: Connection, row: sqlite3.Row) -> NoteRow:
    return NoteRow(
        note_id=row["note_id"],
        user_id=row["user_id"],
        local_date=from_iso(row["local_date"]),
        text=await opened(connection, row["user_id"], row, "text") or "",
        kept=bool(row["kept"]),
        created_at_utc=row["created_at_utc"],
    )


async def add(
    connection: Connection,
    user_id: int,
    local_date: date,
    text: str,
    now_utc: int,
    *,
    kept: bool,
    update_id: int | None,
) -> NoteRow:
    """Store a note; an update that already made one (a replay) gets that one back."""
    if update_id is not None:
        made = await fetch_one(
            connection,
            f"SELECT {_COLUMNS} FROM journal_notes WHERE created_by_update = ?",
            (update_id,),
        )
        if made is not None:
            return await _note(connection, made)
    row = await fetch_one(
        connection,
        "INSERT INTO journal_notes (user_id, local_date, text, text_sealed, kept,"
        f" created_at_utc, created_by_update) VALUES (?, ?, '', ?, ?, ?, ?) RETURNING {_COLUMNS}",
        (user_id, iso(local_date), await seal(connection, user_id, text), int(kept), now_utc,
         update_id),
    )  # fmt: skip
    assert row is not None
    return await _note(connection, row)


async def get(connection: Connection, note_id: int) -> NoteRow | None:
    """One note by id."""
    row = await fetch_one(
        connection, f"SELECT {_COLUMNS} FROM journal_notes WHERE note_id = ?", (note_id,)
    )
    return None if row is None else await _note(connection, row)


async def keep(connection: Connection, note_id: int, local_date: date, now_utc: int) -> None:
    """An offered note is kept, on the day it is kept."""
    await connection.execute(
        "UPDATE journal_notes SET kept = 1, local_date = ?, created_at_utc = ? WHERE note_id = ?",
        (iso(local_date), now_utc, note_id),
    )


async def delete(connection: Connection, note_id: int) -> None:
    """An offered note the person did not want kept."""
    await connection.execute("DELETE FROM journal_notes WHERE note_id = ?", (note_id,))


async def kept_between(
    connection: Connection, user_id: int, first: date, last: date
) -> list[NoteRow]:
    """Kept notes on local dates first..last, oldest first."""
    rows = await fetch_all(
        connection,
        f"SELECT {_COLUMNS} FROM journal_notes WHERE user_id = ? AND kept = 1"
        " AND local_date BETWEEN ? AND ? ORDER BY local_date, created_at_utc, note_id",
        (user_id, iso(first), iso(last)),
    )
    return [await _note(connection, row) for row in rows]


async def count_on(connection: Connection, user_id: int, local_date: date) -> int:
    """How many notes were kept on a day."""
    row = await fetch_one(
        connection,
        "SELECT count(*) FROM journal_notes WHERE user_id = ? AND kept = 1 AND local_date = ?",
        (user_id, iso(local_date)),
    )
    return int(row[0]) if row else 0


async def earliest(connection: Connection, user_id: int) -> date | None:
    """The first day with a kept note."""
    row = await fetch_one(
        connection,
        "SELECT min(local_date) FROM journal_notes WHERE user_id = ? AND kept = 1",
        (user_id,),
    )
    return from_iso(row[0]) if row and row[0] else None


async def prune_offers(connection: Connection, older_than_utc: int) -> int:
    """Forget offers nobody answered."""
    cursor = await connection.execute(
        "DELETE FROM journal_notes WHERE kept = 0 AND created_at_utc < ?", (older_than_utc,)
    )
    return cursor.rowcount
