"""Never silently deaf: a full disk is a pause (nothing acknowledged unstored, receiving
resumes by itself), a passing failure is tried again instead of set aside, a chat worker
that fails is replaced, and /healthz says when nothing comes in."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.clock import ManualClock
from bot.playground.fake_api import Failure, FakeTelegram
from bot.receiving.dispatcher import Dispatcher
from tests.harness import make_settings, running_bot
from tests.test_health_and_metrics import get

PEOPLE = range(8001, 8011)


@contextlib.contextmanager
def small_disk(folder: Path, megabytes: int) -> Iterator[Path]:
    """A tmpfs of `megabytes` at `folder` (root, or a container that allows mounting)."""
    folder.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={megabytes}m", "tmpfs", str(folder)],
        capture_output=True, check=False,
    )  # fmt: skip
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here ({mounted.stderr.decode().strip()})")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def fill(disk: Path) -> Path:
    """Fill the disk to the last byte."""
    filler = disk / "filler"
    descriptor = os.open(filler, os.O_CREAT | os.O_WRONLY)
    try:
        for size in (65536, 512, 1):
            with contextlib.suppress(OSError):
                while True:
                    os.write(descriptor, b"\0" * size)
    finally:
        os.close(descriptor)
    return filler


async def test_a_full_disk_is_a_pause_not_a_deaf_bot(
    tmp_path: Path, fake: FakeTelegram, clock: ManualClock
) -> None:
    with small_disk(tmp_path / "disk", 8) as disk:
        settings = make_settings(disk / "bot.sqlite3", fake, http_listen="127.0.0.1:0")
        async with running_bot(settings, fake, clock, poll_backoff=0.05) as bot:
            for person in PEOPLE:
                await bot.command(person, "/start")
            started = {p: len(fake.texts(p)) for p in PEOPLE}
            filler = fill(disk)
            polls_before = len(fake.polls)
            # 300 commands with long words arrive while the disk is full: far more than the
            # free pages of the write-ahead log can take.
            long_words = "x" * 3500
            for round_ in range(30):
                for person in PEOPLE:
                    await fake.send_text(person, f"/days {long_words} {round_}")
            await asyncio.sleep(1.5)
            # Nothing was acknowledged unstored: every update still waits at Telegram.
            assert fake.updates_waiting()
            offsets = {poll.get("offset") for poll in fake.polls[polls_before:]}
            assert len(offsets) <= 2, offsets  # the offset did not run past what was stored
            status, body = await get(bot, "/healthz")
            assert status == 503 and "not writable" in body
            # Room again: the bot hears everything by itself, without a restart.
            filler.unlink()
            await fake.wait_for(
                lambda: all(len(fake.texts(p)) >= started[p] + 30 for p in PEOPLE), within=60
            )
            await bot.handled(within=30)
            answered = {p: len(fake.texts(p)) - started[p] for p in PEOPLE}
            assert all(count == 30 for count in answered.values()), answered
            rows = await bot.services.db.reader.execute_fetchall(
                "SELECT state, count(*) FROM inbox GROUP BY state"
            )
            assert dict((state, n) for state, n in rows).get("set_aside", 0) == 0
            status, _ = await get(bot, "/healthz")
            assert status == 200
        wal = disk / "bot.sqlite3-wal"
        assert not wal.exists() or wal.stat().st_size <= 1024 * 1024 + 65536


async def test_a_passing_failure_is_tried_again_in_order_not_set_aside(
    tmp_path: Path, fake: FakeTelegram, clock: ManualClock
) -> None:
    settings = make_settings(tmp_path / "bot.sqlite3", fake)
    async with running_bot(settings, fake, clock) as bot:
        await bot.command(8001, "/start")
        await bot.command(8001, "/sober 2026-11-01")
        clean_time = bot.services.clean_time
        real_days = clean_time.days
        failures = iter([sqlite3.OperationalError("database or disk is full")] * 2)

        async def full_then_fine(person: Any) -> Any:
            error = next(failures, None)
            if error is not None:
                raise error
            return await real_days(person)

        clean_time.days = full_then_fine  # type: ignore[method-assign]
        before = len(fake.texts(8001))
        await fake.send_text(8001, "/days")
        await fake.send_text(8001, "/history")  # waits behind /days: a chat stays in order
        await fake.wait_for(lambda: len(fake.texts(8001)) >= before + 2, within=15)
        days, history = fake.texts(8001)[before:]
        assert "24 days" in days and "since" in days
        assert "Something went wrong" not in days
        assert "History" in history or "streak" in history.lower()
        await bot.handled()
        rows = await bot.services.db.reader.execute_fetchall(
            "SELECT state FROM inbox ORDER BY update_id DESC LIMIT 2"
        )
        assert [row[0] for row in rows] == ["done", "done"]


async def test_a_chat_worker_that_fails_is_replaced(
    tmp_path: Path, fake: FakeTelegram, clock: ManualClock
) -> None:
    class Flaky(Dispatcher):
        broke = False

        async def _answer_forgotten_button(self, update: Any) -> None:
            if not Flaky.broke:
                Flaky.broke = True
                raise RuntimeError("a bug outside any handler")
            await super()._answer_forgotten_button(update)

    settings = make_settings(tmp_path / "bot.sqlite3", fake)
    async with running_bot(settings, fake, clock) as bot:
        dispatcher = bot.application.bot_data.dispatcher
        assert dispatcher is not None
        dispatcher.__class__ = Flaky
        await fake.send_text(8002, "/start")
        await fake.send_text(8002, "/help")
        await fake.wait_for(lambda: len(fake.texts(8002)) >= 2, within=15)
        assert Flaky.broke


async def test_healthz_says_when_no_poll_succeeds_and_recovers(
    tmp_path: Path, fake: FakeTelegram, clock: ManualClock
) -> None:
    settings = make_settings(tmp_path / "bot.sqlite3", fake, http_listen="127.0.0.1:0")
    async with running_bot(settings, fake, clock, poll_backoff=0.05) as bot:
        health = bot.application.bot_data.health
        assert health is not None
        polling = bot.application.bot_data.polling
        assert polling is not None
        health.receive_margin = 0.5 - polling.timeout  # deaf after half a second here
        fake.fail("getUpdates", Failure(502, "Bad Gateway"), times=10_000)
        await asyncio.sleep(1.5)
        status, body = await get(bot, "/healthz")
        assert status == 503
        assert "no successful poll" in json.loads(body)["receiving"]
        fake.failures["getUpdates"].clear()
        await fake.send_text(8003, "/start")
        await fake.wait_for(lambda: len(fake.texts(8003)) >= 1, within=15)
        health.receive_margin = 30.0
        status, _ = await get(bot, "/healthz")
        assert status == 200


async def test_healthz_says_when_stored_updates_wait_with_nobody_taking_them(
    tmp_path: Path, fake: FakeTelegram, clock: ManualClock
) -> None:
    settings = make_settings(tmp_path / "bot.sqlite3", fake, http_listen="127.0.0.1:0")
    async with running_bot(settings, fake, clock) as bot:
        health = bot.application.bot_data.health
        assert health is not None
        health.orphans_after = 0.2
        async with bot.services.db.transaction() as tx:  # stored, but never queued
            await tx.execute(
                "INSERT INTO inbox (update_id, payload, received_at_utc) VALUES (?, ?, 0)",
                (999_999, json.dumps({"update_id": 999_999})),
            )
        await get(bot, "/healthz")
        await asyncio.sleep(0.3)
        status, body = await get(bot, "/healthz")
        assert status == 503
        assert "none is being handled" in json.loads(body)["receiving"]


def test_the_wal_is_kept_small(tmp_path: Path) -> None:
    from bot.storage.database import JOURNAL_SIZE_LIMIT, WAL_CHECKPOINT_PAGES

    async def pragmas() -> tuple[int, int]:
        from bot.storage.database import Database

        db = await Database.open(tmp_path / "p.sqlite3")
        try:
            async with db.transaction() as tx:
                limit = (await (await tx.execute("PRAGMA journal_size_limit")).fetchone())[0]
                pages = (await (await tx.execute("PRAGMA wal_autocheckpoint")).fetchone())[0]
        finally:
            await db.close()
        return int(limit), int(pages)

    assert asyncio.run(pragmas()) == (JOURNAL_SIZE_LIMIT, WAL_CHECKPOINT_PAGES)
    assert JOURNAL_SIZE_LIMIT <= 1024 * 1024 and WAL_CHECKPOINT_PAGES <= 256


def test_a_refused_poll_says_what_it_means_and_what_to_do() -> None:
    from telegram.error import Conflict, InvalidToken

    from bot.receiving.polling import refusal

    assert "revoked or changed" in refusal(InvalidToken("The token `x` was rejected"))
    assert "`x`" not in refusal(InvalidToken("The token `x` was rejected"))
    other = refusal(Conflict("Conflict: terminated by other getUpdates request"))
    assert "terminated by other getUpdates request" in other and "another program" in other
    hook = refusal(Conflict("Conflict: can't use getUpdates method while webhook is active"))
    assert "a webhook is set" in hook and "deleteWebhook" in hook


async def test_a_quiet_hour_is_not_deafness(
    tmp_path: Path, fake: FakeTelegram, clock: ManualClock
) -> None:
    """Empty long polls are good polls: a bot nobody writes to stays healthy."""
    settings = make_settings(tmp_path / "bot.sqlite3", fake, http_listen="127.0.0.1:0")
    async with running_bot(settings, fake, clock) as bot:
        health, polling = bot.application.bot_data.health, bot.application.bot_data.polling
        assert health is not None and polling is not None
        polling.timeout = 0.2  # short empty polls, one after another
        health.receive_margin = 0.5
        await fake.send_text(8004, "/start")  # the long poll in progress ends with this
        await fake.wait_for(lambda: len(fake.texts(8004)) >= 1, within=15)
        await asyncio.sleep(1.5)  # nobody writes
        status, body = await get(bot, "/healthz")
        assert status == 200, body
