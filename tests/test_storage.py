"""Storage on real SQLite files: migrations, pragmas, file mode, update replay."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import sqlite3
import stat
from datetime import date
from pathlib import Path

import aiosqlite
import pytest

from bot.storage import inbox, streaks, users
from bot.storage.database import Database
from bot.storage.migrations import (
    MIGRATIONS_DIR,
    apply_migrations,
    load_migrations,
    schema_version,
)


def schema_of(path: Path) -> list[tuple[str, str, str]]:
    with sqlite3.connect(path) as connection:
        rows = connection.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
        ).fetchall()
    return [(kind, name, " ".join((sql or "").split())) for kind, name, sql in rows]


def test_migration_files_have_unique_numbers_without_gaps() -> None:
    migrations = load_migrations()
    numbers = [m.number for m in migrations]
    assert numbers == list(range(1, len(numbers) + 1))
    assert len({path.name[:4] for path in MIGRATIONS_DIR.glob("*.sql")}) == len(numbers)


def test_two_migrations_with_one_number_are_refused(tmp_path: Path) -> None:
    (tmp_path / "0001_a.sql").write_text("CREATE TABLE a (x);")
    (tmp_path / "0001_b.sql").write_text("CREATE TABLE b (x);")
    with pytest.raises(ValueError, match="share number 1"):
        load_migrations(tmp_path)


def test_gap_in_numbers_is_refused(tmp_path: Path) -> None:
    (tmp_path / "0001_a.sql").write_text("CREATE TABLE a (x);")
    (tmp_path / "0003_c.sql").write_text("CREATE TABLE c (x);")
    with pytest.raises(ValueError, match="without gaps"):
        load_migrations(tmp_path)


async def test_fresh_database_reaches_newest_version(db_path: Path) -> None:
    db = await Database.open(db_path)
    try:
        assert await schema_version(db.reader) == load_migrations()[-1].number
        async with db.reader.execute("PRAGMA journal_mode") as cursor:
            assert (await cursor.fetchone())[0] == "wal"  # type: ignore[index]
        async with db.reader.execute("PRAGMA foreign_keys") as cursor:
            assert (await cursor.fetchone())[0] == 1  # type: ignore[index]
    finally:
        await db.close()
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600


async def test_migrations_are_idempotent(db_path: Path) -> None:
    db = await Database.open(db_path)
    await db.close()
    first = schema_of(db_path)
    async with aiosqlite.connect(db_path, isolation_level=None) as connection:
        assert await apply_migrations(connection) == []
    assert schema_of(db_path) == first


async def test_every_migration_step_yields_the_fresh_schema(tmp_path: Path) -> None:
    migrations = load_migrations()
    fresh = tmp_path / "fresh.sqlite3"
    async with aiosqlite.connect(fresh, isolation_level=None) as connection:
        await apply_migrations(connection)
    stepped = tmp_path / "stepped.sqlite3"
    for count in range(1, len(migrations) + 1):
        folder = tmp_path / f"upto{count}"
        folder.mkdir()
        for migration in migrations[:count]:
            shutil.copy(MIGRATIONS_DIR / migration.name, folder / migration.name)
        async with aiosqlite.connect(stepped, isolation_level=None) as connection:
            await apply_migrations(connection, folder)
            assert await schema_version(connection) == count
    assert schema_of(stepped) == schema_of(fresh)


async def test_a_failing_migration_leaves_nothing_half_done(tmp_path: Path) -> None:
    (tmp_path / "0001_good.sql").write_text("CREATE TABLE good (x);")
    (tmp_path / "0002_bad.sql").write_text(
        "CREATE TABLE half (x); INSERT INTO missing VALUES (1);"
    )
    path = tmp_path / "db.sqlite3"
    async with aiosqlite.connect(path, isolation_level=None) as connection:
        with pytest.raises(sqlite3.OperationalError):
            await apply_migrations(connection, tmp_path)
        assert await schema_version(connection) == 1
    assert [name for _, name, _ in schema_of(path)] == ["good"]


async def test_newer_database_than_code_is_refused(db_path: Path) -> None:
    db = await Database.open(db_path)
    async with db.transaction() as tx:
        await tx.execute("PRAGMA user_version=999")
    await db.close()
    with pytest.raises(RuntimeError, match="newer than this code"):
        await Database.open(db_path)


async def test_inbox_stores_an_update_once_and_forgets_its_text_when_done(db_path: Path) -> None:
    db = await Database.open(db_path)
    update = {"update_id": 42, "message": {"text": "i drank last night"}}
    try:
        async with db.transaction() as tx:
            assert await inbox.store(tx, [update], 1000) == [42]
        async with db.transaction() as tx:
            assert await inbox.store(tx, [update, {"update_id": 43}], 2000) == [43]
            assert [u.update_id for u in await inbox.unfinished(tx)] == [42, 43]
            await inbox.mark_done(tx, [42], 2000)
            assert [u.update_id for u in await inbox.unfinished(tx)] == [43]
        rows = await db.reader.execute_fetchall("SELECT payload FROM inbox WHERE update_id = 42")
        assert next(iter(rows))[0] is None  # the message text is gone once handled
        async with db.transaction() as tx:
            assert await inbox.store(tx, [update], 2500) == []  # still recognised as a replay
            assert await inbox.prune(tx, older_than_utc=3000) == 1
            assert await inbox.store(tx, [update], 3000) == [42]
    finally:
        await db.close()


async def test_failed_transaction_rolls_back(db_path: Path) -> None:
    db = await Database.open(db_path)
    try:
        with pytest.raises(RuntimeError):
            async with db.transaction() as tx:
                await users.touch(tx, 7, "Sam", 1000)
                raise RuntimeError("boom")
        assert await users.get(db.reader, 7) is None
    finally:
        await db.close()


async def test_only_one_current_streak_per_user(db_path: Path) -> None:
    db = await Database.open(db_path)
    try:
        async with db.transaction() as tx:
            await users.touch(tx, 7, "Sam", 1000)
            await streaks.start(tx, 7, date(2026, 1, 1), 1000)
        with pytest.raises(sqlite3.IntegrityError):
            async with db.transaction() as tx:
                await streaks.start(tx, 7, date(2026, 2, 1), 1000)
        assert len(await streaks.all_for(db.reader, 7)) == 1
    finally:
        await db.close()


async def test_backup_is_a_readable_private_copy(db_path: Path, tmp_path: Path) -> None:
    db = await Database.open(db_path)
    try:
        async with db.transaction() as tx:
            await users.touch(tx, 7, "Sam", 1000)
        target = tmp_path / "backups" / "copy.sqlite3"
        await db.backup(target)
    finally:
        await db.close()
    with sqlite3.connect(target) as connection:
        assert connection.execute("SELECT first_name FROM users").fetchall() == [("Sam",)]
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


async def test_a_cancelled_transaction_leaves_the_writer_usable(db_path: Path) -> None:
    db = await Database.open(db_path)
    try:
        started = asyncio.Event()

        async def slow_write() -> None:
            async with db.transaction() as tx:
                await users.touch(tx, 1, "Sam", 1000)
                started.set()
                await asyncio.sleep(10)

        task = asyncio.create_task(slow_write())
        await started.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        for _ in range(20):  # cancel right at BEGIN, over and over
            quick = asyncio.create_task(slow_write())
            await asyncio.sleep(0)
            quick.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await quick
        async with db.transaction() as tx:
            await users.touch(tx, 2, "Kim", 1000)
        assert await users.get(db.reader, 1) is None  # rolled back
        assert await users.get(db.reader, 2) is not None
    finally:
        await db.close()
