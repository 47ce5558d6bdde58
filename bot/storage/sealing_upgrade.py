"""Sealing the text an older release stored in plain form, in batches.

Each batch is one transaction: a kill between batches leaves every row either plain or
sealed (both read correctly), and the next start goes on where it stopped."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.storage.database import Database, fetch_all
from bot.storage.sealing import NOBODY, keyring_of

logger = logging.getLogger(__name__)

BATCH_ROWS = 500


@dataclass(frozen=True)
class SealedColumn:
    """A free-text column and where its sealed form lives."""

    table: str
    key: str  # the row's primary key (comma-separated when it has several columns)
    owner: str  # the column holding the user id whose key seals it
    plain: str
    sealed: str
    emptied: str  # what the plain column holds once sealed: '' (NOT NULL) or NULL


COLUMNS = (
    SealedColumn("journal_notes", "note_id", "user_id", "text", "text_sealed", "''"),
    SealedColumn("check_ins", "user_id, local_date", "user_id", "note", "note_sealed", "NULL"),
    SealedColumn("goals", "goal_id", "user_id", "title", "title_sealed", "''"),
    SealedColumn("goals", "goal_id", "user_id", "reason", "reason_sealed", "NULL"),
    SealedColumn("reminders", "reminder_id", "user_id", "text", "text_sealed", "''"),
    SealedColumn("sponsors", "user_id", "user_id", "name", "name_sealed", "''"),
    SealedColumn("sponsors", "user_id", "user_id", "username", "username_sealed", "NULL"),
    SealedColumn("reasons", "reason_id", "user_id", "text", "text_sealed", "''"),
    SealedColumn("future_notes", "note_id", "user_id", "text", "text_sealed", "''"),
    SealedColumn("inbox", "update_id", "user_id", "payload", "payload_sealed", "NULL"),
)


async def seal_existing(
    db: Database,
    batch: int = BATCH_ROWS,
    after_batch: Callable[[int], Awaitable[None]] | None = None,
) -> int:
    """Seal every plain text left by an older release; returns how many values.
    `after_batch` (tests) runs after each committed batch with the running total."""
    total = 0
    for column in COLUMNS:
        while True:
            async with db.transaction() as tx:
                rows = await fetch_all(
                    tx,
                    f"SELECT {column.key}, {column.owner}, {column.plain} FROM {column.table}"
                    f" WHERE {column.sealed} IS NULL AND {column.plain} IS NOT NULL"
                    f" AND {column.plain} != '' LIMIT ?",
                    (batch,),
                )
                keyring = keyring_of(tx)
                keys = [name.strip() for name in column.key.split(",")]
                values = []
                for row in rows:
                    *key, owner, text = tuple(row)
                    owner_id = int(owner) if owner is not None else NOBODY
                    values.append((await keyring.seal(tx, owner_id, str(text)), *key))
                where = " AND ".join(f"{name} = ?" for name in keys)
                await tx.executemany(
                    f"UPDATE {column.table} SET {column.sealed} = ?,"
                    f" {column.plain} = {column.emptied} WHERE {where}",
                    values,
                )
            total += len(rows)
            if rows and after_batch is not None:
                await after_batch(total)
            if len(rows) < batch:
                break
    if total:
        logger.info("sealed %s values an older release stored in plain form", total)
    return total
