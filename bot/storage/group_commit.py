"""Group commit: writes that arrive while one transaction is being written share the next.

Used where many small confirmations come in at once (updates handled, messages sent): the
writer sees one transaction per burst instead of one per item. Each caller still learns
whether its own item was written.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

from bot.storage.database import Connection, Database

logger = logging.getLogger(__name__)

Item = TypeVar("Item")
Write = Callable[[Connection, Sequence[Item]], Awaitable[None]]


class GroupCommit(Generic[Item]):
    """Collects items; one task writes each burst in one `BEGIN IMMEDIATE` transaction."""

    def __init__(self, db: Database, write: Write[Item]) -> None:
        self._db = db
        self._write = write
        self._waiting: list[tuple[Item, asyncio.Future[None]]] = []
        self._writer: asyncio.Task[None] | None = None
        self.transactions = 0

    async def submit(self, item: Item) -> None:
        """Returns once `item` is committed; raises what writing it raised."""
        done = asyncio.get_running_loop().create_future()
        self._waiting.append((item, done))
        if self._writer is None:
            self._writer = asyncio.create_task(self._drain(), name="group-commit")
        await done

    async def _drain(self) -> None:
        try:
            while self._waiting:
                batch, self._waiting = self._waiting, []
                await self._commit(batch)
        finally:
            self._writer = None

    async def _commit(self, batch: list[tuple[Item, asyncio.Future[None]]]) -> None:
        try:
            async with self._db.transaction() as tx:
                await self._write(tx, [item for item, _ in batch])
            self.transactions += 1
        except Exception as error:
            if len(batch) == 1:
                _settle(batch, error)
                return
            # One bad item must not fail the others: write them one by one.
            logger.warning("group commit of %s failed (%s); writing them singly",
                           len(batch), type(error).__name__)  # fmt: skip
            for single in batch:
                await self._commit([single])
            return
        _settle(batch, None)


def _settle(batch: list[tuple[Item, asyncio.Future[None]]], error: Exception | None) -> None:
    for _, done in batch:
        if done.done():  # the caller was cancelled; the write happened (or not) all the same
            continue
        if error is None:
            done.set_result(None)
        else:
            done.set_exception(error)
