"""What sealing costs: commands/s that store free text and /journal latency, with the
data keys (AES-256-GCM) and without (the same code with sealing made the identity), and the
rate at which an upgrade seals 100,000 older rows. Target: at most 10 % slower."""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx

from bench.buttons import fake_process
from bot.app import build_application, running
from bot.playground.fake_api import FakeTelegram
from bot.storage.database import Database
from bot.storage.sealing import Keyring
from bot.storage.sealing_upgrade import seal_existing
from tests.harness import clock_at, make_settings, running_bot

COMMANDS = 1500
PEOPLE = 300
API_DELAY = 0.040
JOURNAL_NOTES = 300
JOURNAL_ASKS = 40
UPGRADE_ROWS = 100_000


@contextmanager
def without_sealing() -> Iterator[None]:
    """Sealing made the identity (the text stored as its bytes): the price of the cipher."""
    seal, open_ = Keyring.seal, Keyring.open

    async def plain_seal(self: Keyring, connection: Any, user_id: int, text: str | None) -> Any:
        return None if text is None else text.encode()

    async def plain_open(
        self: Keyring, connection: Any, user_id: int, sealed: Any, plain: str | None = None
    ) -> str | None:
        return plain if sealed is None else bytes(sealed).decode()

    Keyring.seal, Keyring.open = plain_seal, plain_open  # type: ignore[method-assign]
    try:
        yield
    finally:
        Keyring.seal, Keyring.open = seal, open_  # type: ignore[method-assign]


def _reasons() -> list[dict[str, Any]]:
    builder = FakeTelegram()
    updates = []
    for index in range(COMMANDS):
        user = 30_000 + index % PEOPLE
        text = f"/why my children, and being there for them {index}"
        message = {
            "message_id": index + 1, "date": 0, "chat": builder.private_chat(user),
            "from": builder.user(user), "text": text,
            "entities": [{"type": "bot_command", "offset": 0, "length": 4}],
        }  # fmt: skip
        updates.append({"message": message})
    return updates


async def commands_per_second(address: str) -> float:
    clock = clock_at("2026-11-25T12:00:00")
    with tempfile.TemporaryDirectory() as folder:
        settings = make_settings(Path(folder) / "bench.sqlite3", bot_api_base_url=f"{address}/bot")
        async with running(build_application(settings, clock)), httpx.AsyncClient(
            base_url=address, timeout=60
        ) as client:  # fmt: skip
            await client.post("/_control/reset")
            started = time.perf_counter()
            await client.post("/_control/push", json=_reasons())
            while True:
                counts = (await client.get("/_control/counts")).json()
                if counts.get("sendMessage", 0) >= COMMANDS:
                    return COMMANDS / (time.perf_counter() - started)
                await asyncio.sleep(0.02)


async def journal_latency_ms() -> float:
    """The median /journal round trip for someone with a week of notes."""
    fake = FakeTelegram()
    await fake.start()
    clock = clock_at("2026-11-25T20:00:00")
    try:
        with tempfile.TemporaryDirectory() as folder:
            settings = make_settings(Path(folder) / "journal.sqlite3", fake)
            async with running_bot(settings, fake, clock) as bot:
                await bot.command(1, "/start")
                journal = bot.services.journal
                person = await bot.services.people.require(1)
                today = bot.services.people.today_for(person)
                for index in range(JOURNAL_NOTES):
                    day = today - timedelta(days=index % 7)
                    await journal.add(person, day, f"a note about the day, number {index}",
                                      1_000_000 + index)  # fmt: skip
                took = []
                for _ in range(JOURNAL_ASKS):
                    before = len(fake.messages(1))
                    started = time.perf_counter()
                    await fake.send_text(1, "/journal")
                    await fake.wait_for(lambda b=before: len(fake.messages(1)) > b)
                    took.append(time.perf_counter() - started)
        return 1000 * statistics.median(took)
    finally:
        await fake.stop()


async def upgrade_rows_per_second() -> float:
    with tempfile.TemporaryDirectory() as folder:
        db = await Database.open(Path(folder) / "upgrade.sqlite3")
        try:
            day = date(2026, 1, 1)
            async with db.transaction() as tx:
                await tx.executemany(
                    "INSERT INTO users (user_id, first_name, created_at_utc, last_seen_at_utc)"
                    " VALUES (?, 'P', 0, 0)", [(user,) for user in range(1, 1001)],
                )  # fmt: skip
                await tx.executemany(
                    "INSERT INTO journal_notes (user_id, local_date, text, kept, created_at_utc)"
                    " VALUES (?, ?, ?, 1, 0)",
                    [(1 + n % 1000, (day + timedelta(days=n % 300)).isoformat(),
                      f"an older note, kept in plain text by an older release {n}")
                     for n in range(UPGRADE_ROWS)],
                )  # fmt: skip
            started = time.perf_counter()
            sealed = await seal_existing(db)
            elapsed = time.perf_counter() - started
        finally:
            await db.close()
    assert sealed == UPGRADE_ROWS
    return UPGRADE_ROWS / elapsed


async def _median(run: Any) -> float:
    values = []
    for _ in range(3):
        with fake_process(API_DELAY) as address:
            values.append(await run(address))
    return sorted(values)[1]


async def main() -> dict[str, float]:
    sealed_rate = await _median(commands_per_second)
    with without_sealing():
        plain_rate = await _median(commands_per_second)
    sealed_runs, plain_runs = [], []
    for _ in range(3):  # alternated: a warm cache favours neither
        sealed_runs.append(await journal_latency_ms())
        with without_sealing():
            plain_runs.append(await journal_latency_ms())
    sealed_journal, plain_journal = sorted(sealed_runs)[1], sorted(plain_runs)[1]
    return {
        "commands_sealed_per_second": sealed_rate,
        "commands_plain_per_second": plain_rate,
        "commands_slowdown_percent": 100 * (1 - sealed_rate / plain_rate),
        "journal_sealed_p50_ms": sealed_journal,
        "journal_plain_p50_ms": plain_journal,
        "journal_slowdown_percent": 100 * (sealed_journal / plain_journal - 1),
        "upgrade_rows_per_second": await upgrade_rows_per_second(),
    }


if __name__ == "__main__":
    json.dump(asyncio.run(main()), sys.stdout)
