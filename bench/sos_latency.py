"""SOS latency: Jo's confirm tap → Sam's "Jo is asking for help right now", while 3,000
check-in prompts drain at the configured rate (SEND_RATE_PER_SECOND, 25/s by default).

The fake Bot API runs in its own process. 3,000 people and 20 pairs (a person and their
linked sponsor) are set up through the bot; one tick queues every prompt; then the 20
people tap SOS two seconds apart. The figure is tap → sponsor's message, from the fake's
own record of when it received each call (CLOCK_MONOTONIC is shared between processes).
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx

from bench.buttons import fake_process
from bot.app import build_application, running
from bot.clock import epoch_seconds
from bot.playground.fake_api import FakeTelegram
from bot.storage import links
from tests.harness import clock_at, make_settings

PEOPLE = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
PAIRS = 20
RATE = 25.0
TARGET_P99 = 3.0
JO, SAM = 900_000, 950_000


def _command(builder: FakeTelegram, user: int, text: str, number: int) -> dict[str, Any]:
    message = {
        "message_id": number, "date": 0, "chat": builder.private_chat(user),
        "from": builder.user(user), "text": text,
        "entities": [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}],
    }  # fmt: skip
    return {"message": message}


def _setup_updates() -> list[dict[str, Any]]:
    builder = FakeTelegram()
    updates = []
    for index in range(PEOPLE):
        for text in ("/start", "/checkintime 21:00"):
            updates.append(_command(builder, 50_000 + index, text, len(updates) + 1))
    for pair in range(PAIRS):
        for user in (JO + pair, SAM + pair):
            updates.append(_command(builder, user, "/start", len(updates) + 1))
    return updates


async def _count(client: httpx.AsyncClient, method: str) -> int:
    return int((await client.get("/_control/counts")).json().get(method, 0))


async def _wait_for(client: httpx.AsyncClient, method: str, count: int) -> None:
    while await _count(client, method) < count:  # noqa: ASYNC110 (another process)
        await asyncio.sleep(0.05)


async def measure(address: str) -> dict[str, float]:
    clock = clock_at("2026-11-25T12:00:00")
    builder = FakeTelegram()
    with tempfile.TemporaryDirectory() as folder:
        settings = make_settings(
            Path(folder) / "bench.sqlite3", bot_api_base_url=f"{address}/bot",
            send_rate_per_second=RATE, paid_broadcast=False,
        )  # fmt: skip
        application = build_application(settings, clock)
        async with (
            running(application),
            httpx.AsyncClient(base_url=address, timeout=60) as client,
        ):
            updates = _setup_updates()
            for start in range(0, len(updates), 500):
                pushed = await client.post("/_control/push", json=updates[start : start + 500])
                pushed.raise_for_status()
            await _wait_for(client, "sendMessage", len(updates))
            services = application.bot_data.services
            tick = application.bot_data.tick
            assert services is not None and tick is not None  # noqa: PT018
            async with services.db.transaction() as tx:
                for pair in range(PAIRS):
                    await links.add_link(
                        tx, JO + pair, SAM + pair, "sponsor", epoch_seconds(clock)
                    )
            await tick.run()
            clock.set(clock_at("2026-11-25T21:00:05").now())
            clock.advance(timedelta(seconds=0))
            before = await _count(client, "sendMessage")
            report = await tick.run()
            await asyncio.sleep(1.0)  # the drain is under way
            tapped: dict[int, float] = {}
            for pair in range(PAIRS):
                jo = JO + pair
                press = builder.callback_update(jo, f"so:go:{jo}", 1)
                tapped[jo] = time.monotonic()
                (await client.post("/_control/push", json=[press])).raise_for_status()
                await asyncio.sleep(2.0)
            drained_during = await _count(client, "sendMessage") - before
            await asyncio.sleep(2.0)
            sent = (await client.get("/_control/timings")).json()["sent"]
    latencies = []
    for jo, at in tapped.items():
        arrived = [when for text, when in sent if f"tg://user?id={jo}" in text]
        latencies.append(min(arrived) - at if arrived else float("inf"))
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))]
    return {
        "prompts_queued": report.prompts,
        "configured_rate_per_second": RATE,
        "messages_sent_while_tapping": drained_during,
        "sos_p50_seconds": statistics.median(latencies),
        "sos_p99_seconds": p99,
        "sos_max_seconds": latencies[-1],
        "ratio_of_target_3s": TARGET_P99 / p99 if p99 > 0 else float("inf"),
    }


async def main() -> dict[str, float]:
    with fake_process() as address:
        return await measure(address)


if __name__ == "__main__":
    json.dump(asyncio.run(main()), sys.stdout)
