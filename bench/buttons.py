"""Check-in button updates per second: the full app vs a bare PTB button bot.

The fake Bot API runs in its own process (as Telegram would be another machine), so the
bot's CPU is measured, not the fake's. The baseline is python-telegram-bot's own
inline-keyboard example handler: answer the query, then edit the message. Both bots
handle the same presses, one after another (PTB's default) and with the app's
concurrency setting.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, ContextTypes

from bot.app import CONCURRENT_UPDATES, build_application, running
from bot.playground.fake_api import FakeTelegram
from tests.harness import TOKEN, clock_at, make_settings

PRESSES = 3000
USERS = 150


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def fake_process(delay: float = 0.0) -> Iterator[str]:
    """The fake Bot API in a child process, answering each call after `delay` seconds."""
    port = _free_port()
    child = subprocess.Popen(
        [sys.executable, "-m", "bot.playground.fake_api", str(port), str(delay)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        yield f"http://127.0.0.1:{port}"
    finally:
        child.kill()
        child.wait()


def _presses() -> list[dict[str, Any]]:
    builder = FakeTelegram()
    return [
        builder.callback_update(u, f"ci:{u}:20261125:m{(i // USERS) % 5 + 1}", 1)
        for i in range(PRESSES)
        for u in [i % USERS + 1]
    ]


async def _drive(address: str, updates: list[dict[str, Any]]) -> float:
    """Push every press at once; seconds until each was answered and its message edited."""
    async with httpx.AsyncClient(base_url=address) as client:
        await client.post("/_control/reset")
        started = time.perf_counter()
        # In parts: the fake's server takes at most 1 MB a request (aiohttp's default).
        for start in range(0, len(updates), 500):
            pushed = await client.post("/_control/push", json=updates[start : start + 500])
            pushed.raise_for_status()
        while True:
            counts = (await client.get("/_control/counts")).json()
            done = min(counts.get("answerCallbackQuery", 0), counts.get("editMessageText", 0))
            if done >= len(updates):
                return time.perf_counter() - started
            await asyncio.sleep(0.02)


async def full_app(address: str, concurrent: int) -> float:
    """The real Application: gate, durable check-in answer, edited prompt."""
    clock = clock_at("2026-11-25T12:00:00")
    with tempfile.TemporaryDirectory() as folder:
        settings = make_settings(Path(folder) / "bench.sqlite3", bot_api_base_url=f"{address}/bot")
        application = build_application(settings, clock, concurrent_updates=concurrent)
        async with running(application):
            services = application.bot_data.services
            assert services is not None
            for user_id in range(1, USERS + 1):
                await services.people.note_sender(user_id, f"U{user_id}")
                await services.checkins.open_today(await services.people.require(user_id))
            return PRESSES / await _drive(address, _presses())


@asynccontextmanager
async def ptb_polling(
    application: Application[Any, Any, Any, Any, Any, Any],
) -> AsyncIterator[None]:
    """PTB's own run_polling lifecycle, without the signal handling."""
    await application.initialize()
    assert application.updater is not None
    await application.updater.start_polling(poll_interval=0, timeout=5)
    await application.start()
    try:
        yield
    finally:
        await application.updater.stop()
        await application.stop()
        await application.shutdown()


async def bare_ptb(address: str, concurrent: int) -> float:
    """PTB's inline-keyboard example, nothing else."""

    async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer()
        await query.edit_message_text(text=f"Selected option: {query.data}")

    application: Application[Any, Any, Any, Any, Any, Any] = (
        Application.builder()
        .token(TOKEN)
        .base_url(f"{address}/bot")
        .concurrent_updates(concurrent)
        .build()
    )
    application.add_handler(CallbackQueryHandler(button))
    async with ptb_polling(application):
        return PRESSES / await _drive(address, _presses())


async def main() -> dict[str, float]:
    results: dict[str, float] = {"presses": PRESSES}
    for concurrent in (1, CONCURRENT_UPDATES):
        with fake_process() as address:
            bare = await bare_ptb(address, concurrent)
        with fake_process() as address:
            ours = await full_app(address, concurrent)
        results[f"bare_ptb_per_second_concurrency_{concurrent}"] = bare
        results[f"full_app_per_second_concurrency_{concurrent}"] = ours
        results[f"ratio_concurrency_{concurrent}"] = ours / bare
    return results


if __name__ == "__main__":
    json.dump(asyncio.run(main()), sys.stdout)
