"""How receiving names a failure in the log: the class, and SQLite's own words."""

from __future__ import annotations

import sqlite3


def describe(error: BaseException) -> str:
    """An error's class, and SQLite's words for a storage error (they carry no user data:
    "database or disk is full", "database is locked")."""
    if isinstance(error, sqlite3.Error) and error.args:
        return f"{type(error).__name__}: {str(error.args[0])[:80]}"
    return type(error).__name__
