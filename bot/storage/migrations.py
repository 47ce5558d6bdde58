"""Numbered SQL migrations (`migrations/NNNN_name.sql`) tracked by `PRAGMA user_version`."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

import aiosqlite

logger = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"
_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


@dataclass(frozen=True)
class Migration:
    """One numbered SQL file."""

    number: int
    name: str
    sql: str


def load_migrations(folder: Path = MIGRATIONS_DIR) -> list[Migration]:
    """Every migration in the folder, in order; refuses duplicates and gaps."""
    found: dict[int, Migration] = {}
    for path in sorted(folder.glob("*.sql")):
        match = _NAME.match(path.name)
        if match is None:
            raise ValueError(f"migration file name not NNNN_name.sql: {path.name}")
        number = int(match[1])
        if number in found:
            raise ValueError(f"two migrations share number {number}")
        found[number] = Migration(number, path.name, path.read_text(encoding="utf-8"))
    numbers = sorted(found)
    if numbers != list(range(1, len(numbers) + 1)):
        raise ValueError(f"migrations must be numbered 1..n without gaps, got {numbers}")
    return [found[number] for number in numbers]


async def schema_version(connection: aiosqlite.Connection) -> int:
    """The number of the newest migration applied."""
    async with connection.execute("PRAGMA user_version") as cursor:
        row = await cursor.fetchone()
    return int(row[0]) if row else 0


async def apply_migrations(
    connection: aiosqlite.Connection, folder: Path = MIGRATIONS_DIR
) -> list[int]:
    """Apply pending migrations, each in one transaction; return the numbers applied."""
    current = await schema_version(connection)
    migrations = load_migrations(folder)
    newest = migrations[-1].number if migrations else 0
    if current > newest:
        raise RuntimeError(f"database is at version {current}, newer than this code ({newest})")
    applied = []
    for migration in migrations:
        if migration.number <= current:
            continue
        script = f"BEGIN;\n{migration.sql}\n;PRAGMA user_version={migration.number};\nCOMMIT;"
        try:
            await connection.executescript(script)
        except BaseException:
            if connection.in_transaction:
                await connection.execute("ROLLBACK")
            raise
        logger.info("applied migration %s", migration.name)
        applied.append(migration.number)
    return applied
