"""Operators upgrade live databases: a database made by each released schema opens with
today's code, keeps every row, and the commands still show what it holds.

Keep one fixture per released schema (tests/fixtures/schema_NNNN.sqlite3, made by driving
that release; see make_schema_0004.py)."""

from __future__ import annotations

import itertools
import shutil
import sqlite3
from pathlib import Path

import pytest

from bot.playground.fake_api import FakeTelegram
from bot.storage.migrations import load_migrations
from tests.harness import clock_at, make_settings, running_bot

FIXTURES = sorted((Path(__file__).parent / "fixtures").glob("schema_*.sqlite3"))
RIVER, JUNE = 8101, 8102
# Tables a later schema folded into another (old name -> new name).
RENAMED = {"processed_updates": "inbox"}


def row_counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as connection:
        names = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {name: connection.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
                for name in names}  # fmt: skip


def test_there_is_a_fixture_for_every_released_schema_from_4() -> None:
    numbers = {int(path.stem.split("_")[1]) for path in FIXTURES}
    assert 4 in numbers
    assert max(numbers) <= load_migrations()[-1].number


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda path: path.stem)
async def test_an_old_database_upgrades_with_every_row_kept(
    fixture: Path, tmp_path: Path, fake: FakeTelegram
) -> None:
    path = tmp_path / "bot.sqlite3"
    shutil.copy(fixture, path)
    before = row_counts(path)
    clock = clock_at("2026-09-02T10:00:00+00:00")
    fake.update_ids = itertools.count(10_000)  # Telegram's ids only grow; the old ones are known
    async with running_bot(make_settings(path, fake), fake, clock) as bot:
        history = await bot.command(RIVER, "/history", first_name="River")
        goals = await bot.command(RIVER, "/goals", first_name="River")
        reminders = await bot.command(RIVER, "/reminders", first_name="River")
        days = await bot.command(JUNE, "/days", first_name="June")
        groups = await bot.command(JUNE, "/groups", first_name="June")
        journal = await bot.command(RIVER, "/journal", first_name="River")
    after = row_counts(path)
    for table, count in before.items():
        assert after[RENAMED.get(table, table)] >= count, table
    assert "60 days — Fri 31 Jul 2026" in history and "Mon 1 Jun 2026" in history
    assert "attend 3 group sessions this week" in goals and "journal every night" in goals
    assert "1/3" in goals
    assert "take a walk" in reminders and "morning meeting" in reminders
    assert "8 days" in days
    assert "Thursday Circle" in groups
    # Notes moved into the journal (schema 6) with their check-in's answers beside them.
    assert "grateful for the sun today" in journal and "mood 4 (good)" in journal
    # The upgrade sealed the older plain text: it is no longer in the file's bytes.
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("bot.sqlite3*") if p.is_file())
    for word in (b"grateful for the sun today", b"attend 3 group sessions", b"take a walk"):
        assert word not in raw, word
