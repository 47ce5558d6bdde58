"""Daily online backups, a backup taken under load, and `python -m bot restore`."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import stat
from datetime import timedelta
from pathlib import Path

from bot.clock import ManualClock
from bot.operations.backups import Backups, check_backup
from bot.operations.lock import holding
from bot.playground.fake_api import FakeTelegram
from bot.storage.database import Database, default_key_path
from tests.harness import TOKEN, make_settings, running_bot
from tests.test_config_and_cli import run_bot


async def test_one_backup_a_day_and_only_the_newest_are_kept(
    db_path: Path, tmp_path: Path, clock: ManualClock
) -> None:
    db = await Database.open(db_path)
    try:
        folder = tmp_path / "backups"
        backups = Backups(db_path, folder, keep=3, clock=clock)
        first = await backups.run_if_due()
        assert first is not None and first.name == "milestone-20261125-120000.sqlite3"
        assert stat.S_IMODE(first.stat().st_mode) == 0o600  # health data
        clock.advance(timedelta(hours=23))
        assert await backups.run_if_due() is None  # not a day yet
        (folder / "notes.txt").write_text("the operator's own file")
        for _ in range(4):
            clock.advance(timedelta(days=1))
            assert await backups.run_if_due() is not None
        names = sorted(path.name for path in folder.iterdir())
        assert names == [
            "milestone-20261128-110000.sqlite3",
            "milestone-20261129-110000.sqlite3",
            "milestone-20261130-110000.sqlite3",
            "notes.txt",  # never touched
        ]
        assert not list(folder.glob("*.partial"))
    finally:
        await db.close()


async def test_backup_taken_while_1000_updates_are_handled_restores_consistently(
    db_path: Path, tmp_path: Path, fake: FakeTelegram, clock: ManualClock
) -> None:
    settings = make_settings(db_path, fake, backup_dir=tmp_path / "backups", backup_keep=10)
    people = [60_000 + n for n in range(100)]
    updates = [
        fake.message_update(person, f"/name N{person}r{round_}")
        for round_ in range(10)
        for person in people
    ]
    async with running_bot(settings, fake, clock) as bot:
        backups = bot.application.bot_data.backups
        assert backups is not None
        await fake.push_many(updates)
        taken = []
        while bot.application.bot_data.dispatcher.handled < len(updates):  # type: ignore[union-attr]
            if len(taken) < 5 and bot.application.bot_data.dispatcher.handled > 150 * len(taken):  # type: ignore[union-attr]
                taken.append(await backups.take())
                clock.advance(timedelta(seconds=1))  # distinct names
            await asyncio.sleep(0.005)
        await bot.handled()
    assert len(taken) >= 3
    handled_counts = []
    for index, backup in enumerate(taken):
        check_backup(backup)  # integrity_check ok, known schema
        restored = tmp_path / f"restored-{index}" / "bot.sqlite3"
        result = run_bot("restore", str(backup), env={"BOT_TOKEN": TOKEN,
                         "DATABASE_PATH": str(restored)}, cwd=tmp_path)  # fmt: skip
        assert result.returncode == 0, result.stderr
        with sqlite3.connect(restored) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
            # Consistent: each person's alias is the one of their last handled /name (or of
            # the next, whose "done" mark commits just after the alias does), never older
            # and never skipping ahead.
            done = dict(connection.execute(
                "SELECT user_id, count(*) FROM inbox WHERE state = 'done' GROUP BY user_id"
            ).fetchall())  # fmt: skip
            aliases = dict(connection.execute("SELECT user_id, alias FROM users").fetchall())
            for person in people:
                count = done.get(person, 0)
                allowed = {f"N{person}r{count - 1}" if count else None, f"N{person}r{count}"}
                assert aliases.get(person) in allowed, (person, count, aliases.get(person))
            handled_counts.append(sum(done.values()))
        # The restored database opens, migrates and answers like the original (with the
        # master key, which travels apart from backups).
        db = await Database.open(restored, key_path=default_key_path(settings.database_path))
        await db.close()
    assert handled_counts == sorted(handled_counts)  # later backups hold more
    assert handled_counts[-1] > handled_counts[0]


def test_restore_refuses_while_the_bot_runs_and_refuses_a_damaged_backup(
    tmp_path: Path,
) -> None:
    db_path = tmp_path / "data" / "bot.sqlite3"
    env = {"BOT_TOKEN": TOKEN, "DATABASE_PATH": str(db_path)}
    assert run_bot("migrate", env=env, cwd=tmp_path).returncode == 0
    good = tmp_path / "good.sqlite3"
    assert run_bot("backup", str(good), env=env, cwd=tmp_path).returncode == 0
    with sqlite3.connect(db_path) as connection:
        connection.execute(
            "INSERT INTO users (user_id, last_seen_at_utc, created_at_utc) VALUES (77, 0, 0)"
        )

    with holding(db_path):  # what a running bot holds
        refused = run_bot("restore", str(good), env=env, cwd=tmp_path)
    assert refused.returncode == 1
    assert "running" in refused.stderr and str(os.getpid()) in refused.stderr

    damaged = tmp_path / "damaged.sqlite3"
    data = bytearray(good.read_bytes())
    data[4096 : 4096 + 512] = b"\xff" * 512  # a torn page in the middle
    damaged.write_bytes(bytes(data))
    refused = run_bot("restore", str(damaged), env=env, cwd=tmp_path)
    assert refused.returncode == 1
    assert "integrity_check" in refused.stderr or "not a readable" in refused.stderr
    not_sqlite = tmp_path / "notes.txt"
    not_sqlite.write_text("hello")
    assert run_bot("restore", str(not_sqlite), env=env, cwd=tmp_path).returncode == 1
    with sqlite3.connect(db_path) as connection:  # nothing was touched by the refusals
        assert connection.execute("SELECT count(*) FROM users WHERE user_id = 77").fetchone() == (
            1,
        )

    restored = run_bot("restore", str(good), env=env, cwd=tmp_path)
    assert restored.returncode == 0, restored.stderr
    assert "kept at" in restored.stdout
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("SELECT count(*) FROM users WHERE user_id = 77").fetchone() == (
            0,
        )
    [kept] = db_path.parent.glob("bot.sqlite3.before-restore-*")
    with sqlite3.connect(kept) as connection:  # the replaced database is not lost
        assert connection.execute("SELECT count(*) FROM users WHERE user_id = 77").fetchone() == (
            1,
        )


def test_a_second_bot_on_the_same_database_is_refused_in_one_line(tmp_path: Path) -> None:
    db_path = tmp_path / "bot.sqlite3"
    with holding(db_path):  # the first bot
        second = run_bot(env={"BOT_TOKEN": TOKEN, "DATABASE_PATH": str(db_path)}, cwd=tmp_path)
    assert second.returncode == 1
    [line] = second.stderr.strip().splitlines()
    assert "running" in line and "Traceback" not in second.stderr
