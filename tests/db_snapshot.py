"""Reading a whole database for before/after comparisons in tests."""

from __future__ import annotations

import sqlite3
from pathlib import Path

# Bookkeeping that changes on every update by design.
VOLATILE_TABLES = {"inbox"}


def snapshot(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table (volatile ones left out), sorted."""
    with sqlite3.connect(path) as connection:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
            if name not in VOLATILE_TABLES
        ]
        return {
            table: sorted(connection.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
            for table in tables
        }
