"""Is the file at DATABASE_PATH this bot's database? Read before anything opens it for
writing, so a start that cannot go on changes no byte of it and says why in one line."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from bot.storage.migrations import load_migrations

_MAGIC = b"SQLite format 3\x00"
_HEADER = 100
# Tables only this bot's first migration makes: another program's file has other ones.
_OURS = {"users", "streaks"}


def database_problem(path: Path) -> str | None:
    """What is wrong with the database at `path`, as one line saying what to do; None when
    it is this bot's database at this release's schema or older, or no file yet."""
    if path.is_dir():
        return f"{path} is a folder; DATABASE_PATH must name a file"
    if not path.exists() or path.stat().st_size == 0:
        return None  # a new database is made there
    try:
        with path.open("rb") as file:
            header = file.read(_HEADER)
    except OSError as error:
        return f"cannot read {path} ({error.strerror}); check its owner and permissions"
    if not header.startswith(_MAGIC[: len(header)]) or len(header) < len(_MAGIC):
        return (f"{path} is not a SQLite database; point DATABASE_PATH at the bot's "
                "database, or at a new file")  # fmt: skip
    if len(header) < _HEADER or _truncated(path, header):
        return (f"{path} is cut short (truncated); restore the newest backup with "
                "`python -m bot restore PATH`")  # fmt: skip
    version = int.from_bytes(header[60:64], "big", signed=True)
    newest = load_migrations()[-1].number
    if version > newest:
        return (f"{path} is at schema {version}, newer than this release ({newest}); run the "
                "release that made it, or restore a backup made by this one")  # fmt: skip
    try:
        tables = _tables(path)
    except sqlite3.DatabaseError as error:
        return (f"{path} is damaged ({str(error)[:60]}); restore the newest backup with "
                "`python -m bot restore PATH`")  # fmt: skip
    if tables and not tables >= _OURS:
        shown = ", ".join(sorted(tables)[:4])
        return (f"{path} is another program's SQLite database (tables: {shown}); point "
                "DATABASE_PATH at the bot's database, or at a new file")  # fmt: skip
    return None


def schema_of(path: Path) -> int:
    """The schema version a database file says it is at (0: new)."""
    if not path.exists() or path.stat().st_size < _HEADER:
        return 0
    with path.open("rb") as file:
        return int.from_bytes(file.read(_HEADER)[60:64], "big", signed=True)


def _truncated(path: Path, header: bytes) -> bool:
    raw = int.from_bytes(header[16:18], "big")
    page_size = 65536 if raw == 1 else raw
    if page_size < 512 or page_size & (page_size - 1):
        return True
    size = path.stat().st_size
    pages = int.from_bytes(header[28:32], "big")
    counted = header[24:28] == header[92:96]  # the page count is valid for this version
    return size % page_size != 0 or (counted and size < pages * page_size)


def _tables(path: Path) -> set[str]:
    """The table names, read through a read-only connection."""
    uri = f"{path.resolve().as_uri()}?mode=ro"
    with contextlib.closing(sqlite3.connect(uri, uri=True)) as connection:
        rows = connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchall()
    return {str(row[0]) for row in rows}
