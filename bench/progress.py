"""/progress for a year of daily data: render time, event-loop blocking while rendering
(the picture is drawn in a worker thread), and the chip cache's hit rate."""

from __future__ import annotations

import asyncio
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bench.loop_monitor import LoopMonitor
from bot.clock import ManualClock
from bot.domain import milestones
from bot.services.container import Services
from bot.storage import check_ins, journal, streaks
from bot.storage.database import Database
from tests.harness import make_settings

ROUNDS = 20


async def main() -> dict[str, float]:
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "progress.sqlite3"
        clock = ManualClock(datetime(2026, 11, 26, 12, tzinfo=UTC))
        db = await Database.open(path)
        services = Services.create(make_settings(path), clock, db, question_count=35)
        try:
            await services.people.note_sender(1, "Riv")
            today = date(2026, 11, 26)
            async with db.transaction() as tx:
                await streaks.start(tx, 1, today - timedelta(days=400), 1)
                for offset in range(365):
                    day = today - timedelta(days=offset)
                    await check_ins.open_many(tx, [(1, day, 0)], 1)
                    await check_ins.answer(tx, 1, day, 1, mood=random.randint(1, 5))
                    await journal.add(tx, 1, day, "a note", 1, kept=True, update_id=None)
            person = await services.people.require(1)
            await services.progress.picture(person, "1y")  # fonts and caches warm
            times = []
            with LoopMonitor() as monitor:
                for _ in range(ROUNDS):
                    started = time.perf_counter()
                    await services.progress.picture(person, "1y")
                    times.append(time.perf_counter() - started)
            results["progress_1y_median_ms"] = 1000 * statistics.median(times)
            results["progress_1y_worst_ms"] = 1000 * max(times)
            results["longest_loop_block_while_rendering_ms"] = 1000 * monitor.longest_block

            # Chips as a bot would make them: most congratulations are early milestones.
            random.seed(7)
            keys = [m.key for m in milestones.FIXED_SCHEDULE]
            weights = [30, 20, 15, 10, 8, 5, 4, 3, 2, 2, 1]
            names = [f"Name{n}" for n in range(300)]
            started = time.perf_counter()
            for _ in range(2000):
                key = random.choices(keys, weights)[0]
                await services.progress.chip(key, random.choice(names[:60] if key in keys[:3]
                                                                else names))  # fmt: skip
            results["chips_2000_seconds"] = time.perf_counter() - started
            total = services.progress.chip_hits + services.progress.chip_misses
            results["chip_cache_hit_rate"] = services.progress.chip_hits / total
        finally:
            await db.close()
    return results


if __name__ == "__main__":
    json.dump(asyncio.run(main()), sys.stdout)
