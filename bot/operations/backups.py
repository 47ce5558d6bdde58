"""Daily online backups (BACKUP_DIR, BACKUP_KEEP) and `python -m bot restore PATH`."""

from __future__ import annotations

import asyncio
import logging
import os
import re
import sqlite3
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.clock import Clock
from bot.operations.lock import holding
from bot.storage.database import copy_database, read_only
from bot.storage.migrations import load_migrations

logger = logging.getLogger(__name__)

EVERY = timedelta(days=1)
_NAME = re.compile(r"^milestone-(\d{8}-\d{6})\.sqlite3$")
_STAMP = "%Y%m%d-%H%M%S"


def _private_folder(folder: Path) -> None:
    """The backups' folder, the owner's only (0700): backups are health data too."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(folder, 0o700)


class Backups:
    """Copies of the live database in a folder: one a day, the newest `keep` kept."""

    def __init__(self, database: Path, folder: Path, keep: int, clock: Clock) -> None:
        self._database = database
        self.folder = folder
        self._keep = keep
        self._clock = clock

    def existing(self) -> list[tuple[datetime, Path]]:
        """The backups in the folder, oldest first (other files are left alone)."""
        if not self.folder.is_dir():
            return []
        found = []
        for path in self.folder.iterdir():
            match = _NAME.match(path.name)
            if match:
                taken = datetime.strptime(match.group(1), _STAMP).replace(tzinfo=UTC)
                found.append((taken, path))
        return sorted(found)

    async def run_if_due(self) -> Path | None:
        """Take a backup when the newest is a day old (or there is none)."""
        backups = self.existing()
        if backups and self._clock.now() - backups[-1][0] < EVERY:
            return None
        return await self.take()

    async def take(self) -> Path:
        """Back up now (in a thread), then forget the oldest beyond `keep`."""
        target = self.folder / f"milestone-{self._clock.now().strftime(_STAMP)}.sqlite3"
        await asyncio.to_thread(_private_folder, self.folder)
        await asyncio.to_thread(copy_database, self._database, target)
        for _, old in self.existing()[: -self._keep]:
            old.unlink(missing_ok=True)
        logger.info("backup written: %s", target.name)
        return target


def check_backup(path: Path) -> int:
    """The backup's schema version, after `PRAGMA integrity_check`; ValueError if unusable."""
    if not path.is_file():
        raise ValueError(f"{path} is not a file")
    try:
        with read_only(path) as connection:
            verdict = [row[0] for row in connection.execute("PRAGMA integrity_check")]
            version = int(connection.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.DatabaseError as error:
        raise ValueError(f"{path} is not a readable SQLite database ({error})") from None
    if verdict != ["ok"]:
        raise ValueError(f"{path} failed PRAGMA integrity_check: {'; '.join(verdict[:3])}")
    newest = load_migrations()[-1].number
    if version < 1 or version > newest:
        raise ValueError(f"{path} has schema version {version}; this bot knows 1 to {newest}")
    return version


def restore(backup: Path, database: Path, now: datetime) -> Path | None:
    """Put `backup` in place of `database` while no bot runs on it.

    The backup is checked first; the database it replaces is kept beside it as
    `<name>.before-restore-<time>` (returned), so a wrong restore can be undone.
    Raises AlreadyRunning while the bot runs, ValueError for an unusable backup."""
    with holding(database):
        check_backup(backup)
        kept = None
        if database.exists():
            kept = database.with_name(f"{database.name}.before-restore-{now.strftime(_STAMP)}")
            copy_database(database, kept)
        database.parent.mkdir(parents=True, exist_ok=True)
        # Through the backup API into the database itself: its WAL is handled by SQLite.
        with (
            read_only(backup) as source,
            closing(sqlite3.connect(database)) as target,
        ):
            source.backup(target)
        database.chmod(0o600)
        return kept
