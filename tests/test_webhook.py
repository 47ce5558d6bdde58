"""Webhook mode: the secret is checked, updates are in the inbox before the 200, and a
`kill -9` between storing and handling is made good after the restart."""

from __future__ import annotations

import asyncio
import socket
import sqlite3
from pathlib import Path

import aiohttp
import pytest

from bot.clock import ManualClock
from bot.handlers import ALLOWED_UPDATES
from bot.playground.fake_api import Failure, FakeTelegram
from tests.harness import TOKEN, make_settings, running_bot
from tests.test_crash_recovery import bot_process

URL = "https://bot.example.org/telegram/hook"
SECRET = "Xq3_secret-token_for-tests"
ALEX = 4242


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_wrong_or_missing_secret_is_refused_and_nothing_is_stored(
    db_path: Path, fake: FakeTelegram, clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    settings = make_settings(
        db_path, fake, webhook_url=URL, webhook_secret=SECRET, webhook_listen="127.0.0.1:0"
    )
    async with running_bot(settings, fake, clock) as bot:
        port = bot.application.bot_data.webhook_port
        fake.webhook_target = f"http://127.0.0.1:{port}/telegram/hook"
        assert fake.webhook is not None
        assert fake.webhook["url"] == URL
        assert fake.webhook["secret_token"] == SECRET
        assert fake.webhook["allowed_updates"] == list(ALLOWED_UPDATES)
        assert not fake.polls  # webhook mode never polls

        assert await fake.post_webhook(fake.message_update(ALEX, "/start"), "wrong") == 403
        assert await fake.post_webhook(fake.message_update(ALEX, "/start"), None) == 403
        assert await fake.post_webhook(fake.message_update(ALEX, "/start"), SECRET[:-1]) == 403
        for _ in range(50):  # someone who found the URL floods it: counted, logged once
            assert await fake.post_webhook(fake.message_update(ALEX, "/x"), "wrong") == 403
        warnings = [r for r in caplog.records if "refused (without the right secret)" in
                    r.getMessage()]  # fmt: skip
        assert len(warnings) == 1
        refused = bot.application.bot_data.metrics.webhook_refused.labels("bad_secret")
        assert refused._value.get() == 53
        await asyncio.sleep(0.2)
        assert stored(db_path) == []
        assert fake.messages(ALEX) == []

        assert await fake.post_webhook(fake.message_update(ALEX, "/start")) == 200
        # The 200 came after the commit: the update is in the inbox already.
        assert len(stored(db_path)) == 1
        await fake.wait_for(lambda: len(fake.messages(ALEX)) == 1)
        assert "Milestone Bot" in fake.messages(ALEX)[0].text
        # Telegram posting the same update again (it did not see our 200): handled once.
        same = fake.pushed[-1][1]
        async with (
            aiohttp.ClientSession() as session,
            session.post(fake.webhook_target, json=same,
                         headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}) as answer,
        ):  # fmt: skip
            assert answer.status == 200
        await asyncio.sleep(0.3)
        assert len(stored(db_path)) == 1
    assert len(fake.messages(ALEX)) == 1


def stored(db_path: Path) -> list[tuple[int, str]]:
    with sqlite3.connect(db_path) as connection:
        return connection.execute("SELECT update_id, state FROM inbox").fetchall()


async def test_kill_9_between_storing_and_handling_is_handled_after_restart(
    tmp_path: Path, fake: FakeTelegram
) -> None:
    db_path = tmp_path / "bot.sqlite3"
    port = free_port()
    webhook = {"WEBHOOK_URL": URL, "WEBHOOK_SECRET": SECRET,
               "WEBHOOK_LISTEN": f"127.0.0.1:{port}"}  # fmt: skip
    fake.webhook_target = f"http://127.0.0.1:{port}/telegram/hook"
    with bot_process(fake, db_path, tmp_path, **webhook) as first:
        await fake.wait_for(lambda: fake.webhook is not None, within=20)
        # The reply hangs: the bot is killed while it handles the update.
        fake.fail_chat(ALEX, Failure(0, "", hang=True))
        assert await fake.post_webhook(fake.message_update(ALEX, "/start")) == 200
        await fake.wait_for(lambda: any(c.status == 0 for c in fake.attempts("sendMessage", ALEX)))
        first.kill()
    with sqlite3.connect(db_path) as connection:
        [(state,)] = connection.execute("SELECT state FROM inbox").fetchall()
    assert state == "pending"  # stored, acknowledged, not yet handled

    with bot_process(fake, db_path, tmp_path, **webhook) as second:
        await fake.wait_for(lambda: len(fake.sent("sendMessage", ALEX)) == 1, within=20)
        await asyncio.sleep(0.3)
        second.terminate()
    assert "Milestone Bot" in fake.sent("sendMessage", ALEX)[0].text
    assert len(fake.sent("sendMessage", ALEX)) == 1
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("SELECT state FROM inbox").fetchall() == [("done",)]
    assert TOKEN not in (tmp_path / "bot.log").read_text()
