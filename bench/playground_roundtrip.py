"""The playground's round trip: the page posts a message, the bot answers, the page's
long poll brings the answer back (target: p99 < 100 ms on this machine)."""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp

from bot.playground.server import serving

ROUND_TRIPS = 200


async def main() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        async with (
            serving(Path(folder) / "playground.sqlite3", port=0) as (_, port),
            aiohttp.ClientSession(f"http://127.0.0.1:{port}") as page,
        ):
            seq = 0

            async def say(text: str) -> float:
                """Send as the page does; wait for the bot's reply the way the page does."""
                nonlocal seq
                started = time.perf_counter()
                await page.post("/api/send", json={"chat": "you", "as": "you", "text": text})
                while True:
                    async with page.get(f"/api/events?after={seq}&wait=5") as answer:
                        events = (await answer.json())["events"]
                    for event in events:
                        seq = event["seq"]
                        if (
                            event.get("chat") == "you"
                            and event["kind"] == "message"
                            and (not event.get("mine"))
                        ):
                            return time.perf_counter() - started

            await say("/start")
            await say("/sober 2026-10-01")
            timings = [await say("/days") for _ in range(ROUND_TRIPS)]
    timings.sort()
    return {
        "round_trips": ROUND_TRIPS,
        "p50_ms": 1000 * statistics.median(timings),
        "p99_ms": 1000 * timings[int(len(timings) * 0.99) - 1],
        "max_ms": 1000 * timings[-1],
        "p99_ratio_of_100ms_target": 1000 * timings[int(len(timings) * 0.99) - 1] / 100,
    }


if __name__ == "__main__":
    json.dump(asyncio.run(main()), sys.stdout)
