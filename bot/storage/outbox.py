"""SQL for the `outbox`: messages waiting to be sent, each dedupe key at most once."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

from bot.storage.database import Connection, fetch_all, fetch_one

PENDING, SENDING, SENT, FAILED = "pending", "sending", "sent", "failed"
# Lower goes first: a group's milestone news never waits behind command replies. Below zero
# is the urgent lane (an SOS and its answers): sent by its own loop, before anything
# scheduled and outside the broadcast pace.
URGENT_PRIORITY = -1
URGENT_KINDS = frozenset(
    {"sos_ask", "sos_reached", "sos_answer", "sos_next", "sos_unreachable", "sos_stopped"}
)
PRIORITY_BY_KIND = {
    # A correction goes before the post that follows it (the group reads them in order).
    "announcement_fix": 0, "announcement": 0, "clap_edit": 0, "group_reply": 2,
    **dict.fromkeys(URGENT_KINDS, URGENT_PRIORITY),
}  # fmt: skip
NORMAL_PRIORITY = 1


@dataclass(frozen=True)
class OutboxRow:
    """A message waiting to be sent."""

    outbox_id: int
    dedupe_key: str
    chat_id: int
    user_id: int | None
    kind: str
    params: dict[str, Any]
    attempts: int
    created_at_utc: int = 0


@dataclass(frozen=True)
class NewMessage:
    """A message to enqueue."""

    dedupe_key: str
    chat_id: int
    kind: str
    params: dict[str, Any]
    user_id: int | None = None


def _row(row: sqlite3.Row) -> OutboxRow:
    return OutboxRow(
        outbox_id=row["outbox_id"],
        dedupe_key=row["dedupe_key"],
        chat_id=row["chat_id"],
        user_id=row["user_id"],
        kind=row["kind"],
        params=json.loads(row["params"]),
        attempts=row["attempts"],
        created_at_utc=row["created_at_utc"],
    )


def _values(m: NewMessage, now_utc: int) -> tuple[object, ...]:
    priority = PRIORITY_BY_KIND.get(m.kind, NORMAL_PRIORITY)
    return (m.dedupe_key, m.chat_id, m.user_id, m.kind, json.dumps(m.params), priority, now_utc)


async def add(connection: Connection, messages: Iterable[NewMessage], now_utc: int) -> None:
    """Enqueue messages; a dedupe key already present is silently skipped."""
    await connection.executemany(
        "INSERT OR IGNORE INTO outbox"
        " (dedupe_key, chat_id, user_id, kind, params, priority, created_at_utc)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [_values(m, now_utc) for m in messages],
    )


async def pending(
    connection: Connection, limit: int, skip_chats: Collection[int] = (), *, urgent: bool = False
) -> list[OutboxRow]:
    """Oldest pending messages of one lane (urgent, or the rest), leaving out chats that
    must wait."""
    skip = list(skip_chats)
    marks = ",".join("?" * len(skip))
    lane = "priority < 0" if urgent else "priority >= 0"
    query = (
        "SELECT outbox_id, dedupe_key, chat_id, user_id, kind, params, attempts, created_at_utc"
        f" FROM outbox WHERE state = 'pending' AND {lane}"
        + (f" AND chat_id NOT IN ({marks})" if skip else "")
        + " ORDER BY priority, outbox_id LIMIT ?"
    )
    return [_row(row) for row in await fetch_all(connection, query, (*skip, limit))]


async def claim(connection: Connection, outbox_ids: Iterable[int]) -> None:
    """Mark messages as being sent (a crash now means they are retried on start)."""
    await connection.executemany(
        "UPDATE outbox SET state = 'sending', attempts = attempts + 1"
        " WHERE outbox_id = ? AND state = 'pending'",
        [(i,) for i in outbox_ids],
    )


async def release(connection: Connection, outbox_id: int, error: str | None) -> None:
    """Put a message back in the queue (retry later)."""
    await connection.execute(
        "UPDATE outbox SET state = 'pending', last_error = ? WHERE outbox_id = ?",
        (error, outbox_id),
    )


async def mark_sent_many(
    connection: Connection, sent: Iterable[tuple[int, int]], now_utc: int
) -> None:
    """Record deliveries: (outbox id, Telegram's message id) pairs."""
    await connection.executemany(
        "UPDATE outbox SET state = 'sent', message_id = ?, done_at_utc = ?, last_error = NULL"
        " WHERE outbox_id = ?",
        [(message_id, now_utc, outbox_id) for outbox_id, message_id in sent],
    )


async def mark_failed(connection: Connection, outbox_id: int, error: str, now_utc: int) -> None:
    """Give up on one message."""
    await connection.execute(
        "UPDATE outbox SET state = 'failed', last_error = ?, done_at_utc = ? WHERE outbox_id = ?",
        (error, now_utc, outbox_id),
    )


async def fail_chat(connection: Connection, chat_id: int, error: str, now_utc: int) -> int:
    """Give up on every waiting message to a chat that is gone; returns how many."""
    cursor = await connection.execute(
        "UPDATE outbox SET state = 'failed', last_error = ?, done_at_utc = ?"
        " WHERE chat_id = ? AND state IN ('pending', 'sending')",
        (error, now_utc, chat_id),
    )
    return cursor.rowcount


async def move_chat(connection: Connection, old_chat_id: int, new_chat_id: int) -> None:
    """Re-address waiting messages after a group became a supergroup."""
    await connection.execute(
        "UPDATE outbox SET chat_id = ? WHERE chat_id = ? AND state IN ('pending', 'sending')",
        (new_chat_id, old_chat_id),
    )


async def recover_in_flight(connection: Connection) -> int:
    """After a restart, messages claimed but never confirmed go back to the queue."""
    cursor = await connection.execute(
        "UPDATE outbox SET state = 'pending' WHERE state = 'sending'"
    )
    return cursor.rowcount


async def prune(connection: Connection, older_than_utc: int) -> int:
    """Forget delivered or abandoned messages older than the cut-off."""
    cursor = await connection.execute(
        "DELETE FROM outbox WHERE done_at_utc IS NOT NULL AND done_at_utc < ?", (older_than_utc,)
    )
    return cursor.rowcount


async def count_by_state(connection: Connection) -> dict[str, int]:
    """How many messages are in each state."""
    rows = await fetch_all(connection, "SELECT state, count(*) FROM outbox GROUP BY state")
    return {row[0]: row[1] for row in rows}


async def backlog(connection: Connection) -> tuple[int, int | None]:
    """Messages waiting or being sent, and when the oldest of them was queued."""
    row = await fetch_one(
        connection,
        "SELECT count(*), min(created_at_utc) FROM outbox WHERE state IN ('pending', 'sending')",
    )
    return (int(row[0]), row[1]) if row else (0, None)
