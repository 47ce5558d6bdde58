"""A crash after a handler committed but before its update was marked done replays the update
on the next start: the rows it created carry its id, so nothing is created twice."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from bot.clock import ManualClock
from bot.config import Settings
from bot.playground.fake_api import FakeTelegram
from tests.harness import running_bot

SAM = 8801


def unfinish(db_path: Path, update: dict[str, Any]) -> None:
    """As if the process died right before marking `update` done."""
    with sqlite3.connect(db_path) as connection:
        connection.execute(
            "UPDATE inbox SET state = 'pending', payload = ?, done_at_utc = NULL"
            " WHERE update_id = ?",
            (json.dumps(update), update["update_id"]),
        )


def count(db_path: Path, sql: str) -> int:
    with sqlite3.connect(db_path) as connection:
        return int(connection.execute(sql).fetchone()[0])


async def test_replayed_commands_and_buttons_create_nothing_twice(
    settings: Settings, fake: FakeTelegram, clock: ManualClock, db_path: Path
) -> None:
    replayed = []
    async with running_bot(settings, fake, clock) as bot:
        await bot.command(SAM, "/start")
        for text in ("/goal walk 20 minutes every day", "/goal exercise more",
                     "/remind 19:00 take my meds daily", "/sponsor Sam @sam_sponsor"):  # fmt: skip
            before = len(fake.texts(SAM))
            replayed.append(await fake.send_text(SAM, text))
            await fake.wait_sent(before + 1, "sendMessage", SAM)
        offer = fake.sent("sendMessage", SAM)[-1]
        replayed.append(await fake.press(SAM, dict(offer.buttons())["Daily at 20:00"],
                                         message_id=offer.message_id))  # fmt: skip
        await bot.handled()
    for update in replayed:
        unfinish(db_path, update)
    answers_before = len(fake.texts(SAM))
    async with running_bot(settings, fake, clock) as bot:
        await bot.handled()
        assert len(fake.texts(SAM)) > answers_before  # the replies went out again
    assert count(db_path, "SELECT count(*) FROM goals") == 2
    assert count(db_path, "SELECT count(*) FROM reminders") == 2  # meds, the sponsor call
    assert count(db_path, "SELECT count(*) FROM inbox WHERE state = 'pending'") == 0


async def test_an_update_cut_off_by_three_crashes_is_set_aside_and_the_rest_run(
    settings: Settings, fake: FakeTelegram, clock: ManualClock, db_path: Path
) -> None:
    async with running_bot(settings, fake, clock) as bot:
        await bot.command(SAM, "/start")
        poison = await fake.send_text(SAM, "/days")
        await bot.handled()
    unfinish(db_path, poison)
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE inbox SET attempts = 3 WHERE update_id = ?",
                           (poison["update_id"],))  # fmt: skip
    async with running_bot(settings, fake, clock) as bot:
        assert "Usage" in await bot.command(SAM, "/sober")
    with sqlite3.connect(db_path) as connection:
        state = connection.execute(
            "SELECT state, reason FROM inbox WHERE update_id = ?", (poison["update_id"],)
        ).fetchone()
    assert state == ("set_aside", "CrashLoop")
