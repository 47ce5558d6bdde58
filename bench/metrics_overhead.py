"""What metrics cost: commands/s of the full app with its metrics recorded and scraped,
against the same app with metrics that do nothing (target: < 5 % slower).

Same workload as bench.commands (1,500 `/name` from 300 people, API answering in 40 ms,
fake in its own process); the median of five runs each, interleaved. Run to run, commands/s
varies by about ±5 % on this machine, as much as the target; so the cost is also measured
directly: what recording one update's metrics takes, against the time one command takes.
"""

from __future__ import annotations

import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp

from bench.buttons import fake_process
from bench.commands import API_DELAY, _drive
from bot.app import build_application, running
from bot.operations.metrics import Metrics
from tests.harness import clock_at, make_settings

ROUNDS = 5
RECORDINGS = 100_000


class NoMetrics(Metrics):
    """Metrics that record nothing."""

    def update_handled(self, kind: str, result: str, seconds: float) -> None:
        return None

    def update_seen(self, kind: str, result: str) -> None:
        return None

    def sent(self, result: str) -> None:
        return None

    def ticked(self, seconds: float, finished_at: float) -> None:
        return None


async def _scrape_while(port: int, stop: asyncio.Event) -> int:
    """Scrape /metrics every second (Prometheus's default is every 15 s)."""
    scrapes = 0
    async with aiohttp.ClientSession() as session:
        while not stop.is_set():
            async with session.get(f"http://127.0.0.1:{port}/metrics") as answer:
                await answer.read()
            scrapes += 1
            await asyncio.sleep(1.0)
    return scrapes


async def one_run(address: str, with_metrics: bool) -> float:
    with tempfile.TemporaryDirectory() as folder:
        settings = make_settings(
            Path(folder) / "bench.sqlite3",
            bot_api_base_url=f"{address}/bot",
            http_listen="127.0.0.1:0" if with_metrics else None,
        )
        application = build_application(settings, clock_at("2026-11-25T12:00:00"))
        if not with_metrics:
            application.bot_data.metrics = NoMetrics()
        async with running(application):
            stop = asyncio.Event()
            scraper = None
            if with_metrics:
                port = application.bot_data.http_port
                assert port is not None
                scraper = asyncio.create_task(_scrape_while(port, stop))
            result = await _drive(address)
            stop.set()
            if scraper is not None:
                await scraper
    return float(result["per_second"])


async def main() -> dict[str, Any]:
    runs: dict[bool, list[float]] = {True: [], False: []}
    for _ in range(ROUNDS):
        for with_metrics in (False, True):
            with fake_process(API_DELAY) as address:
                runs[with_metrics].append(await one_run(address, with_metrics))
    without = sorted(runs[False])[ROUNDS // 2]
    with_ = sorted(runs[True])[ROUNDS // 2]
    metrics = Metrics()
    started = time.perf_counter()
    for _ in range(RECORDINGS):
        metrics.update_handled("message", "done", 0.01)
        metrics.sent("sent")
    per_update = (time.perf_counter() - started) / RECORDINGS
    return {
        "commands_per_second_without_metrics": without,
        "commands_per_second_with_metrics_and_scrapes": with_,
        "slowdown_percent_median_of_5": 100 * (without - with_) / without,
        "run_to_run_spread_percent": 100 * (max(runs[False]) - min(runs[False])) / without,
        "metrics_us_per_command": per_update * 1e6,
        "metrics_share_of_one_command_percent": 100 * per_update * without,
    }


if __name__ == "__main__":
    json.dump(asyncio.run(main()), sys.stdout)
