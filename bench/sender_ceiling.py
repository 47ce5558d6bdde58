"""Sender ceiling: 3,000 check-in prompts due in the same minute, sending allowed at
1,000/s (PAID_BROADCAST), the fake Bot API in its own process answering at once.

People are set up through the bot itself (/start and /checkintime pushed as updates); then
the clock moves to their check-in time, one tick queues every prompt, and the figure is
prompts delivered per second from the tick to the last prompt reaching the fake.
"""

from __future__ import annotations

import asyncio
import json
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx

from bench.buttons import fake_process
from bot.app import build_application, running
from bot.playground.fake_api import FakeTelegram
from tests.harness import clock_at, make_settings

PEOPLE = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
RATE = 1000.0
TARGET = 800.0


def _setup_updates() -> list[dict[str, Any]]:
    builder = FakeTelegram()
    updates = []
    for index in range(PEOPLE):
        user = 50_000 + index
        for text in ("/start", "/checkintime 21:00"):
            message = {
                "message_id": len(updates) + 1, "date": 0, "chat": builder.private_chat(user),
                "from": builder.user(user), "text": text,
                "entities": [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}],
            }  # fmt: skip
            updates.append({"message": message})
    return updates


async def _count(client: httpx.AsyncClient, method: str) -> int:
    return int((await client.get("/_control/counts")).json().get(method, 0))


async def _wait_for(client: httpx.AsyncClient, method: str, count: int) -> None:
    while await _count(client, method) < count:  # noqa: ASYNC110 (another process)
        await asyncio.sleep(0.01)


async def measure(address: str) -> dict[str, float]:
    clock = clock_at("2026-11-25T12:00:00")
    with tempfile.TemporaryDirectory() as folder:
        settings = make_settings(
            Path(folder) / "bench.sqlite3",
            bot_api_base_url=f"{address}/bot",
            send_rate_per_second=RATE,
            paid_broadcast=True,
        )
        application = build_application(settings, clock)
        async with (
            running(application),
            httpx.AsyncClient(base_url=address, timeout=60) as client,
        ):
            updates = _setup_updates()
            for start in range(0, len(updates), 500):  # the fake takes bodies up to 1 MB
                pushed = await client.post("/_control/push", json=updates[start : start + 500])
                pushed.raise_for_status()
            await _wait_for(client, "sendMessage", 2 * PEOPLE)
            tick = application.bot_data.tick
            assert tick is not None
            await tick.run()  # first occurrences are placed at 21:00 today
            before = await _count(client, "sendMessage")
            clock.set(clock_at("2026-11-25T21:00:05").now())
            clock.advance(timedelta(seconds=0))
            started, cpu_started = time.perf_counter(), time.process_time()
            report = await tick.run()
            queued = time.perf_counter() - started
            await _wait_for(client, "sendMessage", before + PEOPLE)
            elapsed = time.perf_counter() - started
            cpu = time.process_time() - cpu_started
    return {
        "prompts": report.prompts,
        "allowed_rate": RATE,
        "tick_seconds": queued,
        "seconds": elapsed,
        "cpu_ms_per_prompt": 1000 * cpu / PEOPLE,
        "achieved_per_second": PEOPLE / elapsed,
        "ratio_of_target_800": PEOPLE / elapsed / TARGET,
    }


async def main() -> dict[str, float]:
    with fake_process() as address:
        return await measure(address)


if __name__ == "__main__":
    json.dump(asyncio.run(main()), sys.stdout)
