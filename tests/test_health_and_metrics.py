"""`/healthz` and `/metrics` on HTTP_LISTEN, and LOG_FORMAT=json, against the running bot."""

from __future__ import annotations

import asyncio
import io
import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.clock import ManualClock
from bot.logs import configure_logging
from bot.playground.fake_api import FakeTelegram
from bot.scheduling.tick import Tick
from bot.storage import outbox
from tests.harness import RunningBot, make_settings, running_bot

SAM, KIM = 5101, 5102


async def get(bot: RunningBot, path: str) -> tuple[int, str]:
    port = bot.application.bot_data.http_port
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"http://127.0.0.1:{port}{path}") as answer,
    ):
        return answer.status, await answer.text()


def samples(exposition: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of a scrape, parsed by Prometheus' own text parser."""
    found = {}
    for family in text_string_to_metric_families(exposition):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


async def test_healthz_is_503_while_the_tick_is_stalled_and_ok_again_after(
    db_path: Path, fake: FakeTelegram, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = make_settings(db_path, fake, http_listen="127.0.0.1:0")
    async with running_bot(settings, fake, clock) as bot:
        status, body = await get(bot, "/healthz")
        assert status == 200, body
        report = json.loads(body)
        assert report["status"] == "ok"
        assert report["database"] == "writable"
        assert report["outbox_backlog"] == 0

        health = bot.application.bot_data.health
        assert health is not None
        health.stall_after = 0.3
        stuck = asyncio.Event()
        real_run_batches = Tick._run_batches

        async def stalled(self: Tick) -> Any:
            await stuck.wait()  # a tick that hangs (a lock, a slow disk)
            return await real_run_batches(self)

        monkeypatch.setattr(Tick, "_run_batches", stalled)
        hanging = asyncio.create_task(bot.tick())
        await asyncio.sleep(0.5)
        status, body = await get(bot, "/healthz")
        assert status == 503
        assert json.loads(body)["last_tick_seconds_ago"] >= 0.3
        stuck.set()
        await hanging
        status, _ = await get(bot, "/healthz")
        assert status == 200

        # A database that takes no write (held by a stuck transaction) is unhealthy too.
        health.write_timeout = 0.2
        release = asyncio.Event()

        async def hold_the_writer() -> None:
            async with bot.services.db.transaction():
                await release.wait()

        holder = asyncio.create_task(hold_the_writer())
        await asyncio.sleep(0.05)
        status, body = await get(bot, "/healthz")
        release.set()
        await holder
        assert status == 503
        assert json.loads(body)["database"] == "no write within 0.2s"


async def test_metrics_count_a_known_run_exactly(
    db_path: Path, fake: FakeTelegram, clock: ManualClock
) -> None:
    settings = make_settings(db_path, fake, http_listen="127.0.0.1:0")
    async with running_bot(settings, fake, clock) as bot:
        await bot.command(SAM, "/start")
        await bot.command(SAM, "/sober 2026-11-11")  # 2 weeks today
        await bot.command(KIM, "/start")
        await bot.command(SAM, "/checkin")
        await bot.tap(SAM, "4")
        again = fake.pushed[-1][1]
        await fake.replay(again)  # Telegram sends the press again: a duplicate, not handled
        await bot.handled()
        await bot.tick()
        sent_by_outbox = (await outbox.count_by_state(bot.services.db.reader)).get("sent", 0)
        status, exposition = await get(bot, "/metrics")
    assert status == 200
    found = samples(exposition)

    def updates(kind: str, result: str) -> float:
        return found.get(("milestone_updates_total", (("result", result), ("type", kind))), 0)

    assert updates("message", "done") == 4
    assert updates("callback_query", "done") == 1
    assert updates("callback_query", "duplicate") == 1
    assert updates("message", "failed") == 0
    assert found[("milestone_handler_seconds_count", (("type", "message"),))] == 4
    assert found[("milestone_handler_seconds_count", (("type", "callback_query"),))] == 1
    assert found[("milestone_tick_seconds_count", ())] >= 1
    assert found[("milestone_last_tick_timestamp_seconds", ())] > 0
    assert found[("milestone_inbox_backlog", ())] == 0
    assert found[("milestone_outbox_backlog", ())] == 0
    # The 2-weeks chip for the clean date went through the outbox; replies went direct.
    assert sent_by_outbox == 1
    assert found[("milestone_sends_total", (("result", "sent"),))] == sent_by_outbox
    assert len(fake.sent("sendMessage")) + len(fake.sent("sendPhoto")) == 4 + sent_by_outbox


@pytest.fixture
def json_logs() -> Iterator[io.StringIO]:
    """LOG_FORMAT=json at DEBUG into a buffer; the test's own logging is put back after."""
    root = logging.getLogger()
    saved = (root.handlers[:], root.level,
             {name: logging.getLogger(name).level for name in logging.root.manager.loggerDict})  # fmt: skip
    buffer = io.StringIO()
    configure_logging("DEBUG", "json", stream=buffer)
    yield buffer
    root.handlers[:], root.level = saved[0], saved[1]
    for name, level in saved[2].items():
        logging.getLogger(name).setLevel(level)


TYPED = [
    "/start",
    "/timezone Manchester",
    "/sober 2026-10-03",
    "/name Quiet Heron",
    "i drank last night",
    "Walked by the canal and called my sponsor Maureen",
    "/goal call my sponsor every evening for 7 days",
    "/why My daughter Eliza deserves her dad back",
    "I feel like using tonight",
]


async def test_json_logs_carry_ids_and_times_but_never_what_people_typed(
    db_path: Path, fake: FakeTelegram, clock: ManualClock, json_logs: io.StringIO
) -> None:
    settings = make_settings(db_path, fake)
    async with running_bot(settings, fake, clock) as bot:
        for text in TYPED:
            await bot.command(SAM, text)
        await bot.command(SAM, "/checkin")
        await bot.tap(SAM, "3")
        await bot.tick()
        await bot.handled()
    lines = [json.loads(line) for line in json_logs.getvalue().splitlines()]
    handled = [line for line in lines if line.get("event") == "update"]
    assert len(handled) >= len(TYPED) + 2
    for line in handled:
        assert isinstance(line["update_id"], int)
        assert line["chat_kind"] == "private"
        assert len(line["user"]) == 12 and str(SAM) not in line["user"]
        assert line["duration_ms"] >= 0
        assert line["update_type"] in {"message", "callback_query"}
    everything = json_logs.getvalue()
    assert settings.token() not in everything
    for text in TYPED:
        words = text.split(maxsplit=1)[-1]  # the command itself may be named; its words not
        assert words not in everything, words
    for secret_word in ("Maureen", "Eliza", "Heron", "drank", "canal"):
        assert secret_word not in everything
