"""Outbox delivery rate against the fake Bot API, with injected 429s: rate and duplicates."""

from __future__ import annotations

import asyncio
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from bot.playground.fake_api import Failure, FakeTelegram
from bot.services.outbox import NUDGE
from bot.storage.outbox import NewMessage
from tests.harness import clock_at, make_settings, running_bot

MESSAGES = 1000
RATE = 100.0
RETRY_AFTER = 1


async def main() -> dict[str, float]:
    fake = FakeTelegram()
    await fake.start()
    try:
        with tempfile.TemporaryDirectory() as folder:
            settings = make_settings(
                Path(folder) / "bench.sqlite3", fake, send_rate_per_second=RATE
            )
            async with running_bot(settings, fake, clock_at("2026-11-25T12:00:00")) as bot:
                services = bot.services
                chats = list(range(10_000, 10_000 + MESSAGES))
                for when in (200, 600):  # two 429s in the middle of the run
                    fake.fail_chat(chats[when], Failure(429, "Too Many Requests", RETRY_AFTER))
                async with services.db.transaction() as tx:
                    await services.outbox.add(
                        tx, [NewMessage(f"bench:{c}", c, NUDGE, {}, c) for c in chats]
                    )
                started = time.perf_counter()
                services.outbox.notify()
                await fake.wait_for(lambda: fake.counts["sendMessage"] >= MESSAGES, within=120)
                elapsed = time.perf_counter() - started
                await bot.settle()
    finally:
        await fake.stop()
    delivered = Counter(call.chat_id for call in fake.sent("sendMessage"))
    paused = 2 * RETRY_AFTER
    return {
        "messages": MESSAGES,
        "configured_rate": RATE,
        "seconds": elapsed,
        "achieved_rate_excluding_429_pauses": MESSAGES / (elapsed - paused),
        "ratio_of_configured": MESSAGES / (elapsed - paused) / RATE,
        "duplicates": sum(count - 1 for count in delivered.values()),
        "undelivered": MESSAGES - len(delivered),
    }


if __name__ == "__main__":
    json.dump(asyncio.run(main()), sys.stdout)
