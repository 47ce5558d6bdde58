"""One bot per database: a lock file beside it, held while the bot runs.

`flock` locks vanish with the process that held them, so a `kill -9` never leaves a stale
lock behind. `python -m bot restore` takes the same lock to refuse while the bot runs.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path


class AlreadyRunning(RuntimeError):
    """Another process holds the database's lock."""


def lock_path(database: Path) -> Path:
    """`bot.sqlite3` → `bot.sqlite3.lock`."""
    return database.with_name(database.name + ".lock")


@contextlib.contextmanager
def holding(database: Path) -> Iterator[None]:
    """Hold the database's lock, or raise AlreadyRunning (naming the holder's pid)."""
    path = lock_path(database)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(descriptor, 32, 0).decode(errors="replace").strip() or "?"
            raise AlreadyRunning(
                f"a bot (pid {holder}) is running on {database}; stop it first"
            ) from None
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock
