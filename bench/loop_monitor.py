"""Measures how long the event loop was blocked: a ticker that notices late wake-ups."""

from __future__ import annotations

import asyncio
import time


class LoopMonitor:
    """Sleeps `interval` seconds in a loop; the worst oversleep is the longest block."""

    def __init__(self, interval: float = 0.001) -> None:
        self.interval = interval
        self.longest_block = 0.0
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        while True:
            started = time.perf_counter()
            await asyncio.sleep(self.interval)
            late = time.perf_counter() - started - self.interval
            self.longest_block = max(self.longest_block, late)

    def __enter__(self) -> LoopMonitor:
        self._task = asyncio.get_running_loop().create_task(self._run())
        return self

    def __exit__(self, *_: object) -> None:
        if self._task is not None:
            self._task.cancel()
