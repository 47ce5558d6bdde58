"""Commands per second and latency: the full app (inbox on, inbox off) vs a bare PTB bot.

The fake Bot API runs in its own process and answers every call after 40 ms, as a server
near Telegram would. The workload is `/name` from many people (a durable write and a
reply). The bare bot is PTB's echo pattern (reply to the command, nothing stored) at its
best concurrency; our app runs at its own concurrency setting. Latency is measured per
command from the moment `getUpdates` handed it out to the moment its reply was sent.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from telegram import Update
from telegram.ext import Application, CommandHandler, ContextTypes

from bench.buttons import fake_process, ptb_polling
from bot.app import CONCURRENT_UPDATES, build_application, running
from bot.playground.fake_api import FakeTelegram
from bot.receiving.dispatcher import Dispatcher
from tests.harness import TOKEN, clock_at, make_settings

COMMANDS = 1500
PEOPLE = 300
API_DELAY = 0.040


def _updates() -> tuple[list[dict[str, Any]], dict[str, int]]:
    builder = FakeTelegram()
    updates, token_to_index = [], {}
    for index in range(COMMANDS):
        user = 20_000 + index % PEOPLE
        token = f"U{index}x"
        token_to_index[token] = index
        message = {
            "message_id": index + 1, "date": 0, "chat": builder.private_chat(user),
            "from": builder.user(user), "text": f"/name {token}",
            "entities": [{"type": "bot_command", "offset": 0, "length": 5}],
        }  # fmt: skip
        updates.append({"message": message})
    return updates, token_to_index


async def _drive(address: str) -> dict[str, float]:
    """Push every command at once; throughput and per-command latency."""
    updates, tokens = _updates()
    async with httpx.AsyncClient(base_url=address, timeout=60) as client:
        await client.post("/_control/reset")
        started = time.perf_counter()
        await client.post("/_control/push", json=updates)
        while True:
            counts = (await client.get("/_control/counts")).json()
            if counts.get("sendMessage", 0) >= COMMANDS:
                break
            await asyncio.sleep(0.02)
        elapsed = time.perf_counter() - started
        timings = (await client.get("/_control/timings")).json()
    first_id = min(int(key) for key in timings["delivered"])
    latencies = []
    for text, at in timings["sent"]:
        token = next((word.strip("<>b/.") for word in text.split() if word.startswith("<b>U")),
                     None)  # fmt: skip
        if token is None or token not in tokens:
            continue
        delivered = timings["delivered"][str(first_id + tokens[token])]
        latencies.append(at - delivered)
    latencies.sort()
    return {
        "per_second": COMMANDS / elapsed,
        "p50_ms": 1000 * statistics.median(latencies),
        "p99_ms": 1000 * latencies[int(len(latencies) * 0.99) - 1],
    }


async def bare_ptb(address: str, concurrent: int) -> dict[str, float]:
    """Reply to the command; nothing stored."""

    async def name(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        await update.message.reply_text(f"Peers will see you as <b>{context.args[0]}</b>.")  # type: ignore[index]

    application: Application[Any, Any, Any, Any, Any, Any] = (
        Application.builder().token(TOKEN).base_url(f"{address}/bot")
        .concurrent_updates(concurrent).build()
    )  # fmt: skip
    application.add_handler(CommandHandler("name", name))
    async with ptb_polling(application):
        return await _drive(address)


class WithoutInbox(Dispatcher):
    """The same dispatcher with the inbox writes left out (to price them)."""

    async def store(self, payloads: Any) -> int:
        for payload in payloads:
            await self._submit(int(payload["update_id"]), payload)
        return len(payloads)

    async def _finish(self, update_id: int, failure: str | None, now: int) -> None:
        return None


async def full_app(address: str, inbox: bool) -> dict[str, float]:
    clock = clock_at("2026-11-25T12:00:00")
    with tempfile.TemporaryDirectory() as folder:
        settings = make_settings(Path(folder) / "bench.sqlite3", bot_api_base_url=f"{address}/bot")
        application = build_application(settings, clock)
        if not inbox:
            application.bot_data.dispatcher_class = WithoutInbox
        async with running(application):
            return await _drive(address)


ROUNDS = 3


async def _median_run(run: Any) -> dict[str, float]:
    """The run with the median throughput of `ROUNDS` (each against a fresh fake)."""
    runs = []
    for _ in range(ROUNDS):
        with fake_process(API_DELAY) as address:
            runs.append(await run(address))
    runs.sort(key=lambda result: result["per_second"])
    return runs[len(runs) // 2]


async def main() -> dict[str, float]:
    results: dict[str, float] = {"commands": COMMANDS, "api_delay_ms": API_DELAY * 1000}
    best: dict[str, float] = {"per_second": 0.0}
    for concurrent in (8, 32, 64):
        bare = await _median_run(lambda address, c=concurrent: bare_ptb(address, c))
        results[f"bare_ptb_c{concurrent}_per_second"] = bare["per_second"]
        if bare["per_second"] > best["per_second"]:
            best = bare
    results["bare_ptb_best_p50_ms"] = best["p50_ms"]
    results["bare_ptb_best_p99_ms"] = best["p99_ms"]
    for inbox in (True, False):
        ours = await _median_run(lambda address, i=inbox: full_app(address, i))
        label = "with_inbox" if inbox else "without_inbox"
        results[f"app_{label}_c{CONCURRENT_UPDATES}_per_second"] = ours["per_second"]
        results[f"app_{label}_p50_ms"] = ours["p50_ms"]
        results[f"app_{label}_p99_ms"] = ours["p99_ms"]
        results[f"app_{label}_ratio_to_best_bare"] = ours["per_second"] / best["per_second"]
    return results


if __name__ == "__main__":
    json.dump(asyncio.run(main()), sys.stdout)
