"""SQL for the `inbox`: every update stored before it is acknowledged, done after handling."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from bot.storage.database import Connection, fetch_all
from bot.storage.sealing import NOBODY, keyring_of, opened, seal

PENDING, DONE, SET_ASIDE = "pending", "done", "set_aside"


@dataclass(frozen=True)
class StoredUpdate:
    """An update waiting to be handled."""

    update_id: int
    payload: dict[str, Any]
    attempts: int


async def store(
    connection: Connection, updates: Sequence[dict[str, Any]], now_utc: int
) -> list[int]:
    """Insert a batch; returns the ids that are new (a replayed id is left as it was)."""
    ids = [int(update["update_id"]) for update in updates]
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    known = {
        row[0]
        for row in await fetch_all(
            connection, f"SELECT update_id FROM inbox WHERE update_id IN ({marks})", ids
        )
    }
    fresh = [update for update in updates if int(update["update_id"]) not in known]
    rows = []
    senders = {sender_of(update) for update in fresh}
    keyring_of(connection).prepare({s if s is not None else NOBODY for s in senders})
    for update in fresh:  # sealed with the sender's key while it waits to be handled
        sender = sender_of(update)
        text = json.dumps(update, ensure_ascii=False)
        sealed = await seal(connection, sender if sender is not None else NOBODY, text)
        rows.append((int(update["update_id"]), sealed, now_utc, sender))
    await connection.executemany(
        "INSERT OR IGNORE INTO inbox (update_id, payload_sealed, received_at_utc, user_id)"
        " VALUES (?, ?, ?, ?)",
        rows,
    )
    return [int(update["update_id"]) for update in fresh]


def sender_of(update: dict[str, Any]) -> int | None:
    """Who sent an update (so /deleteme finds their stored updates too)."""
    for kind, body in update.items():
        if kind != "update_id" and isinstance(body, dict):
            sender = body.get("from")
            if isinstance(sender, dict) and isinstance(sender.get("id"), int):
                return int(sender["id"])
    return None


async def unfinished(connection: Connection) -> list[StoredUpdate]:
    """Updates stored but never finished (a crash or a stop), oldest first; one whose
    sender's key is gone is set aside (in the caller's write transaction)."""
    rows = await fetch_all(
        connection,
        "SELECT update_id, payload, payload_sealed, attempts, user_id FROM inbox"
        " WHERE state = 'pending' ORDER BY update_id",
    )
    found = []
    for row in rows:
        owner = row["user_id"] if row["user_id"] is not None else NOBODY
        text = await opened(connection, owner, row, "payload")
        if text is None:  # its sender's key was destroyed (/deleteme): nothing to handle
            await connection.execute(
                "UPDATE inbox SET state = 'set_aside', reason = 'KeyDestroyed',"
                " payload_sealed = NULL WHERE update_id = ?",
                (row["update_id"],),
            )
            continue
        found.append(StoredUpdate(row["update_id"], json.loads(text), row["attempts"]))
    return found


async def count_attempt(connection: Connection, update_ids: Iterable[int]) -> None:
    """These updates are being tried (again) after a start."""
    await connection.executemany(
        "UPDATE inbox SET attempts = attempts + 1 WHERE update_id = ?", [(i,) for i in update_ids]
    )


async def mark_done(connection: Connection, update_ids: Sequence[int], now_utc: int) -> None:
    """Handled: forget the payloads (message text), keep the ids for replay detection.
    One statement, so the batch is marked at once or not at all."""
    marks = ",".join("?" * len(update_ids))
    await connection.execute(
        "UPDATE inbox SET state = 'done', payload = NULL, payload_sealed = NULL,"
        " done_at_utc = ?"
        f" WHERE update_id IN ({marks})",
        (now_utc, *update_ids),
    )


async def set_aside(connection: Connection, update_id: int, reason: str, now_utc: int) -> None:
    """Never handled: undecodable or failing. Kept (payload too) until pruned."""
    await connection.execute(
        "UPDATE inbox SET state = 'set_aside', reason = ?, done_at_utc = ? WHERE update_id = ?",
        (reason, now_utc, update_id),
    )


async def prune(connection: Connection, older_than_utc: int) -> int:
    """Forget finished updates older than the cut-off; returns how many."""
    cursor = await connection.execute(
        "DELETE FROM inbox WHERE done_at_utc IS NOT NULL AND done_at_utc < ?", (older_than_utc,)
    )
    return cursor.rowcount


async def backlog(connection: Connection) -> int:
    """How many updates wait to be handled."""
    rows = await fetch_all(connection, "SELECT count(*) FROM inbox WHERE state = 'pending'")
    return int(rows[0][0])
