"""Private at rest and provably deleted: the raw bytes of the database, its WAL and SHM and
every backup hold none of the words a person wrote; after /deleteme (the bot still running)
nothing of them is left anywhere, and a backup taken before cannot be opened for them.
Key files are the owner's only; rotate-key re-wraps keys without touching a row; the
upgrade that seals older rows can be killed halfway and goes on."""

from __future__ import annotations

import asyncio
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from bot.clock import ManualClock
from bot.config import Settings
from bot.playground.fake_api import FakeTelegram
from bot.storage import journal
from bot.storage.database import Database, default_key_path
from bot.storage.sealing import next_key_path, store_path
from bot.storage.sealing_upgrade import seal_existing
from tests.harness import RunningBot, make_settings, running_bot
from tests.test_failed_starts import env_for, finish

ROOT = Path(__file__).resolve().parents[1]
IVY = 7301
WORDS = {
    "check-in note": "Zanzibarnote",
    "reason": "Marmaladereason",
    "goal title": "Tangerinegoal",
    "goal reason": "Periwinklewhy",
    "sponsor name": "Bartholomew",
    "sponsor username": "quokkasponsor",
    "reminder": "Lavenderpills",
    "kept journal message": "Saffronwalk",
    "declined journal message": "Cobaltwhisper",
    "note to future me": "Juniperfuture",
}
ALIAS = "Quillfeather"  # the name groups see: stored plain, by design (the scan's control)


def files_of(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file() and "keys" not in path.parts]


def found_in(paths: list[Path], word: str) -> list[str]:
    return [path.name for path in paths if word.encode() in path.read_bytes()]


async def ivy_writes_everything(bot: RunningBot, fake: FakeTelegram) -> None:
    await bot.command(IVY, "/start", first_name="Ivy")
    await bot.command(IVY, f"/name {ALIAS}", first_name="Ivy")
    await bot.command(IVY, "/checkin", first_name="Ivy")
    prompt = fake.sent("sendMessage", IVY)[-1].message_id
    await bot.command(IVY, f"slept well, {WORDS['check-in note']}", reply_to=prompt,
                      first_name="Ivy")  # fmt: skip
    await bot.command(IVY, f"/why my daughter {WORDS['reason']}", first_name="Ivy")
    await bot.command(IVY, f"/goal {WORDS['goal title']} every day for 7 days because "
                      f"{WORDS['goal reason']}", first_name="Ivy")  # fmt: skip
    await bot.command(IVY, f"/sponsor {WORDS['sponsor name']} @{WORDS['sponsor username']}",
                      first_name="Ivy")  # fmt: skip
    await bot.command(IVY, f"/remind 19:00 {WORDS['reminder']} daily", first_name="Ivy")
    await bot.command(IVY, f"the garden was quiet, {WORDS['kept journal message']}",
                      first_name="Ivy")  # fmt: skip
    await bot.tap(IVY, "📝 Keep it", first_name="Ivy")
    await bot.command(IVY, f"the street was quiet, {WORDS['declined journal message']}",
                      first_name="Ivy")  # fmt: skip
    await bot.tap(IVY, "No thanks", first_name="Ivy")
    await bot.command(IVY, "/sober 7 days ago", first_name="Ivy")
    await bot.tap(IVY, "✉️ Note to future me", first_name="Ivy")
    await bot.command(IVY, f"keep going, {WORDS['note to future me']}", first_name="Ivy")
    await bot.handled()


async def test_nothing_anyone_wrote_is_readable_in_any_file_and_deletion_is_final(
    tmp_path: Path, fake: FakeTelegram, clock: ManualClock
) -> None:
    data = tmp_path / "data"
    settings = make_settings(data / "bot.sqlite3", fake, backup_dir=data / "backups")
    async with running_bot(settings, fake, clock) as bot:
        await ivy_writes_everything(bot, fake)
        # Everything was really stored: the export gives each word back, in plain form.
        document = str(await bot.services.personal_data.document(
            await bot.services.people.require(IVY)))  # fmt: skip
        kept = [word for kind, word in WORDS.items() if kind != "declined journal message"]
        assert all(word in document for word in kept), document
        backups = bot.application.bot_data.backups
        assert backups is not None
        await backups.take()
        before = files_of(data)
        assert {p.name for p in before} >= {"bot.sqlite3", "bot.sqlite3-wal"}
        assert found_in(before, ALIAS), "the scan sees plain text where it is"
        for kind, word in WORDS.items():
            assert found_in(before, word) == [], kind

        await bot.command(IVY, "/deleteme", first_name="Ivy")
        await bot.tap(IVY, "Yes, delete everything", first_name="Ivy")
        # The answer comes once the rows are gone and the WAL is cut (its own stored update
        # is deleted with the rest, so "handled" cannot be waited for).
        await fake.wait_for(lambda: any("I removed everything about you" in c.text
                                        for c in fake.sent("editMessageText", IVY)))  # fmt: skip
        after = files_of(data)
        live = [p for p in after if "backups" not in p.parts]
        assert found_in(live, ALIAS) == []  # deleted rows are overwritten, the WAL cut
        for kind, word in WORDS.items():
            assert found_in(after, word) == [], kind
    # The backup taken before still holds Ivy's rows, sealed; with the master key and the
    # key store, nothing of them opens any more: her data key is gone.
    [backup] = [p for p in (data / "backups").iterdir() if p.suffix == ".sqlite3"]
    copy = tmp_path / "restore" / "bot.sqlite3"
    copy.parent.mkdir()
    shutil.copy(backup, copy)
    db = await Database.open(copy, key_path=default_key_path(settings.database_path))
    try:
        rows = await db.reader.execute_fetchall(
            "SELECT note_id FROM journal_notes WHERE user_id = ?", (IVY,)
        )
        assert rows, "the backup has her (sealed) notes"
        for (note_id,) in rows:
            note = await journal.get(db.reader, int(note_id))
            assert note is not None and note.text == ""
    finally:
        await db.close()


def test_key_files_are_the_owners_only(tmp_path: Path) -> None:
    async def open_once() -> None:
        db = await Database.open(tmp_path / "data" / "bot.sqlite3")
        await db.close()

    asyncio.run(open_once())
    key = default_key_path(tmp_path / "data" / "bot.sqlite3")
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert stat.S_IMODE(key.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(store_path(key).stat().st_mode) == 0o600
    assert len(key.read_text().strip()) == 44  # 32 bytes, base64


def test_backups_folder_is_the_owners_only(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from bot.operations.backups import Backups

    async def back_up() -> None:
        db = await Database.open(tmp_path / "data" / "bot.sqlite3")
        await db.close()
        clock = ManualClock(datetime(2026, 12, 1, tzinfo=UTC))
        await Backups(tmp_path / "data" / "bot.sqlite3", tmp_path / "backups", 3, clock).take()

    asyncio.run(back_up())
    assert stat.S_IMODE((tmp_path / "backups").stat().st_mode) == 0o700


def test_the_master_key_must_not_sit_in_the_backups_folder(tmp_path: Path) -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="KEY_PATH must not be inside BACKUP_DIR"):
        make_settings(tmp_path / "bot.sqlite3", backup_dir=tmp_path / "b",
                      key_path=tmp_path / "b" / "keys" / "master.key")  # fmt: skip


async def test_rotate_key_rewraps_every_key_and_touches_no_row(
    tmp_path: Path, fake: FakeTelegram, clock: ManualClock
) -> None:
    settings = make_settings(tmp_path / "bot.sqlite3", fake)
    async with running_bot(settings, fake, clock) as bot:
        await ivy_writes_everything(bot, fake)
    sealed_before = sealed_values(settings)
    key = default_key_path(settings.database_path)
    old_key = key.read_text()
    code, output, _ = await asyncio.to_thread(rotate_key, settings, fake)
    assert code == 0, output
    assert "re-wrapped" in output and old_key not in output
    assert key.read_text() != old_key
    assert not next_key_path(key).exists()
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert sealed_values(settings) == sealed_before  # no row changed
    async with running_bot(settings, fake, clock) as bot:
        document = str(await bot.services.personal_data.document(
            await bot.services.people.require(IVY)))  # fmt: skip
    assert all(word in document for kind, word in WORDS.items() if "declined" not in kind)


def rotate_key(settings: Settings, fake: FakeTelegram) -> tuple[int, str, float]:
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "rotate-key"],
        env=env_for(settings.database_path, fake.base_url), cwd=settings.database_path.parent,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    return finish(process)


def sealed_values(settings: Settings) -> list[bytes]:
    with sqlite3.connect(settings.database_path) as connection:
        rows = connection.execute(
            "SELECT text_sealed FROM journal_notes UNION ALL SELECT title_sealed FROM goals"
            " UNION ALL SELECT text_sealed FROM reminders UNION ALL SELECT name_sealed"
            " FROM sponsors"
        ).fetchall()
    connection.close()
    return sorted(bytes(row[0]) for row in rows if row[0] is not None)


async def test_a_rotation_killed_after_its_commit_is_finished_at_the_next_start(
    tmp_path: Path,
) -> None:
    from bot.storage.sealing import KEY_BYTES, MasterKey, write_key_file

    path = tmp_path / "bot.sqlite3"
    db = await Database.open(path)
    async with db.transaction() as tx:
        await tx.execute(
            "INSERT INTO users (user_id, first_name, created_at_utc, last_seen_at_utc) VALUES (?, 'Ivy', 0, 0)",
            (IVY,),
        )
        await journal.add(tx, IVY, date(2026, 12, 1), "Ochrenote", 0,
                          kept=True, update_id=None)  # fmt: skip
    assert db.keyring is not None
    new = MasterKey.from_secret(os.urandom(KEY_BYTES))
    write_key_file(next_key_path(default_key_path(path)), new)
    db.keyring.rewrap(new)  # committed; then the process "dies" before the rename
    await db.close()
    db = await Database.open(path)
    try:
        assert db.keyring is not None and db.keyring.master.key_id == new.key_id
        rows = await db.reader.execute_fetchall("SELECT note_id FROM journal_notes")
        note = await journal.get(db.reader, int(rows[0][0]))
        assert note is not None and note.text == "Ochrenote"
    finally:
        await db.close()


async def test_sealing_older_rows_can_be_killed_halfway_and_loses_nothing(
    tmp_path: Path,
) -> None:
    path = tmp_path / "bot.sqlite3"
    db = await Database.open(path)
    async with db.transaction() as tx:  # an older release's rows: plain text
        await tx.execute(
            "INSERT INTO users (user_id, first_name, created_at_utc, last_seen_at_utc) VALUES (1, 'A', 0, 0)"
        )
        await tx.executemany(
            "INSERT INTO journal_notes (user_id, local_date, text, kept, created_at_utc)"
            " VALUES (1, '2026-12-01', ?, 1, 0)",
            [(f"Oldnote{n:04d}",) for n in range(1200)],
        )

    class Killed(Exception):
        pass

    async def kill_after_first(total: int) -> None:
        raise Killed

    with pytest.raises(Killed):
        await seal_existing(db, batch=500, after_batch=kill_after_first)
    counts = await db.reader.execute_fetchall(
        "SELECT count(*) FILTER (WHERE text_sealed IS NOT NULL), count(*) FROM journal_notes"
    )
    assert tuple(counts[0]) == (500, 1200)  # half done, every row still readable
    await db.close()
    db = await Database.open(path)  # the next start goes on
    try:
        rows = await db.reader.execute_fetchall(
            "SELECT count(*) FROM journal_notes WHERE text_sealed IS NULL OR text != ''"
        )
        assert rows[0][0] == 0
        texts = sorted(
            note.text
            for note in await journal.kept_between(
                db.reader, 1, date(2026, 12, 1),
                date(2026, 12, 1),
            )
        )  # fmt: skip
        assert texts == [f"Oldnote{n:04d}" for n in range(1200)]
    finally:
        await db.close()
    await asyncio.sleep(0)
    assert b"Oldnote0001" not in path.read_bytes()


async def test_a_stored_update_whose_key_is_gone_is_set_aside_not_left_waiting(
    tmp_path: Path,
) -> None:
    from bot.storage import inbox

    db = await Database.open(tmp_path / "bot.sqlite3")
    try:
        update = {"update_id": 41, "message": {"from": {"id": IVY}, "text": "Umberword"}}
        async with db.transaction() as tx:
            await inbox.store(tx, [update], 0)
        assert db.keyring is not None
        db.keyring.shred(IVY)
        async with db.transaction() as tx:
            assert await inbox.unfinished(tx) == []
        rows = await db.reader.execute_fetchall("SELECT state, reason FROM inbox")
        assert [tuple(row) for row in rows] == [("set_aside", "KeyDestroyed")]
    finally:
        await db.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("bot.sqlite3*") if p.is_file())
    assert b"Umberword" not in raw
