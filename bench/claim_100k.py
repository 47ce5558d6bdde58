"""100,000 users due in the same minute: claim + enqueue time, longest loop block, peak RSS."""

from __future__ import annotations

import asyncio
import json
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.loop_monitor import LoopMonitor
from bot.clock import ManualClock
from bot.domain.timezones import zone_info
from bot.scheduling.tick import Tick
from bot.services.container import Services
from bot.storage.database import Database
from tests.harness import make_settings

USERS = int(__import__("os").environ.get("BENCH_USERS", "100000"))
ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Sydney",
         "Pacific/Kiritimati", "Pacific/Honolulu", "Asia/Tokyo", "America/Sao_Paulo", "Africa/Lagos"]  # fmt: skip


async def populate(db: Database, due: datetime) -> None:
    """Users whose check-in falls in the same UTC minute, most with a clean date."""
    now = int(due.timestamp()) - 86400
    due_epoch = int(due.timestamp())
    users, schedules, streaks = [], [], []
    for user_id in range(1, USERS + 1):
        zone = ZONES[user_id % len(ZONES)]
        local = due.astimezone(zone_info(zone))
        at = f"{local.hour:02d}:{local.minute:02d}"
        users.append((user_id, f"U{user_id}", zone, at, now, now))
        schedules.append((at, due_epoch, user_id))
        if user_id % 5:
            clean = (local.date() - timedelta(days=user_id % 400)).isoformat()
            streaks.append((user_id, clean, now))
    async with db.transaction() as tx:
        await tx.executemany(
            "INSERT INTO users (user_id, first_name, timezone, checkin_time, last_seen_at_utc,"
            " created_at_utc) VALUES (?, ?, ?, ?, ?, ?)",
            users,
        )
        await tx.executemany(  # the users' trigger made the rows; put them all in one minute
            "UPDATE schedules SET local_time = ?, next_due_at_utc = ? WHERE user_id = ?", schedules
        )
        await tx.executemany(
            "INSERT INTO streaks (user_id, clean_date, created_at_utc) VALUES (?, ?, ?)", streaks
        )


async def main() -> dict[str, float]:
    due = datetime(2026, 11, 25, 19, 0, tzinfo=UTC)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite3"
        db = await Database.open(path)
        try:
            clock = ManualClock(due + timedelta(seconds=20))
            services = Services.create(make_settings(path), clock, db, question_count=35)
            await populate(db, due)
            tick = Tick(services)
            with LoopMonitor() as monitor:
                started = time.perf_counter()
                report = await tick.run()
                elapsed = time.perf_counter() - started
            async with db.reader.execute("SELECT count(*) FROM outbox") as cursor:
                queued = (await cursor.fetchone())[0]  # type: ignore[index]
        finally:
            await db.close()
    assert report.claimed == USERS, report
    return {
        "users": USERS,
        "claimed": report.claimed,
        "queued": queued,
        "batches": report.batches,
        "seconds": elapsed,
        "rows_per_second": USERS / elapsed,
        "longest_loop_block_ms": monitor.longest_block * 1000,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


if __name__ == "__main__":
    json.dump(asyncio.run(main()), sys.stdout)
