"""The SQLite database: one writer connection guarded by a lock, one reader, WAL."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sqlite3
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import aiosqlite

from bot.storage.migrations import apply_migrations

if TYPE_CHECKING:
    from bot.storage.sealing import Keyring

Connection = aiosqlite.Connection
BUSY_TIMEOUT_MS = 5000
WAL_CHECKPOINT_PAGES = 256
JOURNAL_SIZE_LIMIT = 1024 * 1024


async def _connect(path: Path) -> Connection:
    connection = await aiosqlite.connect(path, isolation_level=None)
    try:
        await _configure(connection)
    except BaseException:  # not a database, a full disk: never leave its thread running
        await connection.close()
        raise
    return connection


async def _configure(connection: Connection) -> None:
    connection.row_factory = sqlite3.Row
    await connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    await connection.execute("PRAGMA journal_mode=WAL")
    await connection.execute("PRAGMA synchronous=NORMAL")
    await connection.execute("PRAGMA foreign_keys=ON")
    # Keep the WAL small: checkpoint every ~1 MB (not SQLite's ~4 MB) and cut the file back
    # to 1 MB after, so a nearly full disk is not eaten by the log itself.
    await connection.execute(f"PRAGMA wal_autocheckpoint={WAL_CHECKPOINT_PAGES}")
    await connection.execute(f"PRAGMA journal_size_limit={JOURNAL_SIZE_LIMIT}")


def _create_private_file(path: Path) -> None:
    """Create the database file and its folder readable by the owner only (health data)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        descriptor = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(descriptor)
    os.chmod(path, 0o600)


class Database:
    """Owns the connections. Writes go through `transaction()`; reads through `reader`."""

    def __init__(self, path: Path, writer: Connection, reader: Connection) -> None:
        self.path = path
        self._writer = writer
        self.reader = reader
        self._write_lock = asyncio.Lock()
        self.keyring: Keyring | None = None

    @classmethod
    async def open(
        cls, path: Path, *, migrate: bool = True, key_path: Path | None = None
    ) -> Database:
        """Open (creating if needed) the file at `path`, apply pending migrations, load the
        master key (`key_path`, default `keys/master.key` beside the database) and seal what
        an older release stored in plain form."""
        from bot.storage.sealing_upgrade import seal_existing

        _create_private_file(path)
        writer = await _connect(path)
        reader: Connection | None = None
        keyring: Keyring | None = None
        try:
            await writer.execute("PRAGMA secure_delete=ON")  # deleted text is overwritten
            if migrate:
                await apply_migrations(writer)
            keyring = await asyncio.to_thread(open_keyring, key_path or default_key_path(path))
            reader = await _connect(path)
            writer.keyring = reader.keyring = keyring  # type: ignore[attr-defined]
            db = cls(path, writer, reader)
            db.keyring = keyring
            if migrate:
                await seal_existing(db)
        except BaseException:
            if reader is not None:
                await reader.close()
            if keyring is not None:
                keyring.close()
            await writer.close()
            raise
        return db

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Connection]:
        """A `BEGIN IMMEDIATE` write transaction; commits on success, rolls back on error."""
        async with self._write_lock:
            try:
                await self._writer.execute("BEGIN IMMEDIATE")
                yield self._writer
            except BaseException:
                # Also when cancelled mid-BEGIN: the connection's queue runs in order, so
                # this ROLLBACK comes after the BEGIN, and it finishes even if we are
                # cancelled again.
                await asyncio.shield(self._rollback())
                raise
            await self._writer.execute("COMMIT")

    async def _rollback(self) -> None:
        with contextlib.suppress(sqlite3.OperationalError):  # BEGIN failed: nothing to undo
            await self._writer.execute("ROLLBACK")

    @asynccontextmanager
    async def single_statement(self) -> AsyncIterator[Connection]:
        """The writer for exactly ONE write statement, atomic on its own (autocommit).

        Saves the BEGIN/COMMIT round trips on hot paths; anything with two or more
        statements must use `transaction()`.
        """
        async with self._write_lock:
            yield self._writer

    async def backup(self, target: Path) -> None:
        """Copy the live database to `target` with SQLite's online backup, in a thread of
        its own: neither the event loop nor the writer waits for it."""
        await asyncio.to_thread(copy_database, self.path, target)

    async def checkpoint(self) -> None:
        """Fold the WAL into the database and cut it to nothing (after /deleteme: what was
        deleted leaves the log too)."""
        async with self._write_lock:
            await self._writer.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    async def close(self) -> None:
        """Close both connections (and the key store)."""
        await self.reader.close()
        await self._writer.close()
        if self.keyring is not None:
            self.keyring.close()


async def fetch_one(
    connection: Connection, sql: str, parameters: Iterable[Any] = ()
) -> sqlite3.Row | None:
    """The first row of a query, in one round trip to the database thread."""
    rows = await connection.execute_fetchall(sql, parameters)
    return next(iter(rows), None)


async def fetch_all(
    connection: Connection, sql: str, parameters: Iterable[Any] = ()
) -> list[sqlite3.Row]:
    """Every row of a query, in one round trip to the database thread."""
    return list(await connection.execute_fetchall(sql, parameters))


def default_key_path(database: Path) -> Path:
    """Where the master key lives unless KEY_PATH says: `keys/master.key` beside the
    database (never in BACKUP_DIR: a backup and its key must not travel together)."""
    return database.parent / "keys" / "master.key"


def open_keyring(key_path: Path) -> Keyring:
    """The master key and the key store for this database. The master key is made on first
    start; refused when missing while the store holds data keys (a new key would open
    nothing). A rotation cut off after its commit is finished here (the new key takes
    over)."""
    from bot.storage.sealing import (
        KeyFileError,
        Keyring,
        load_or_create,
        next_key_path,
        open_store,
        read_key_file,
        store_path,
    )

    store = open_store(store_path(key_path))
    try:
        rows = store.execute("SELECT DISTINCT key_id FROM person_keys").fetchall()
        used = {str(row[0]) for row in rows}
        upcoming = next_key_path(key_path)
        if upcoming.exists():
            following = read_key_file(upcoming)
            if used == {following.key_id}:
                os.replace(upcoming, key_path)  # the rotation committed: its key takes over
            else:
                upcoming.unlink()  # the rotation did not commit: the old key still holds
        if used and not key_path.exists():
            raise KeyFileError(
                f"the master key {key_path} is missing but the key store holds data keys; put "
                "the key file back (KEY_PATH): without it nothing anyone wrote can be read"
            )
        master = load_or_create(key_path)
        if used and used != {master.key_id}:
            raise KeyFileError(f"the master key {key_path} is not the one the data keys use")
    except BaseException:
        store.close()
        raise
    return Keyring(master, store)


def read_only(path: Path) -> contextlib.closing[sqlite3.Connection]:
    """A blocking read-only connection to a database file, closed on leaving `with`."""
    return contextlib.closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True))


def copy_database(source: Path, target: Path) -> None:
    """A consistent copy of `source` at `target` (SQLite's backup API; blocking).

    Reads one snapshot of the WAL database, so writers carry on meanwhile. The copy is made
    beside the target and renamed into place: a crash leaves no half-written backup. The
    copy is checked with `PRAGMA quick_check` before it is kept."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    _create_private_file(partial)
    with (
        read_only(source) as src,
        contextlib.closing(sqlite3.connect(partial)) as destination,
    ):
        src.backup(destination)
        destination.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        verdict = destination.execute("PRAGMA quick_check").fetchone()[0]
    if verdict != "ok":
        partial.unlink(missing_ok=True)
        raise sqlite3.DatabaseError(f"the copy failed its check: {verdict}")
    os.replace(partial, target)
