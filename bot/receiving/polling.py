"""Long polling that never loses an update: a batch is committed to the inbox before the
next `getUpdates` (whose offset is what acknowledges it to Telegram)."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from telegram.error import Conflict, InvalidToken, RetryAfter, TelegramError

from bot.bot_api import MilestoneBot, retry_after_seconds
from bot.receiving.dispatcher import Dispatcher
from bot.receiving.errors import describe

logger = logging.getLogger(__name__)

POLL_TIMEOUT_SECONDS = 10.0
MAX_BACKOFF_SECONDS = 30.0


def refusal(error: InvalidToken | Conflict) -> str:
    """What a 401 or 409 means and what fixes it, with Telegram's own words for a 409."""
    if isinstance(error, InvalidToken):
        return ("401 Unauthorized: the token was revoked or changed; put the current one "
                "from @BotFather into BOT_TOKEN and restart")  # fmt: skip
    said = error.message
    if "webhook" in said.lower():
        return (f"409 Conflict ({said}): a webhook is set for this token; unset it with "
                "deleteWebhook, or run with WEBHOOK_URL")  # fmt: skip
    return (f"409 Conflict ({said}): another program polls with this token; stop it (one "
            "bot per token)")  # fmt: skip


def usable(batch: list[Any]) -> list[dict[str, Any]]:
    """The entries of a batch that carry an update id (anything else cannot be stored)."""
    kept = [u for u in batch if isinstance(u, dict) and isinstance(u.get("update_id"), int)]
    if len(kept) != len(batch):
        logger.error("getUpdates returned %s entries without an update id", len(batch) - len(kept))
    return kept


class Polling:
    """Fetches batches with `getUpdates`, stores them, then moves the offset."""

    def __init__(
        self,
        bot: MilestoneBot,
        dispatcher: Dispatcher,
        allowed_updates: list[str],
        *,
        timeout: float = POLL_TIMEOUT_SECONDS,
        backoff_base: float = 1.0,
    ) -> None:
        self._bot = bot
        self._dispatcher = dispatcher
        self._allowed = allowed_updates
        self.timeout = timeout
        self._backoff_base = backoff_base
        self._offset = 0
        self._task: asyncio.Task[None] | None = None
        self.last_poll_ok: float | None = None  # monotonic; /healthz tells a deaf bot
        self.store_failures = 0

    async def start(self) -> None:
        """Polling needs no webhook; then fetch in the background."""
        await self._bot.delete_webhook(drop_pending_updates=False)
        self._task = asyncio.create_task(self._run(), name="polling")

    async def stop(self) -> None:
        """Stop fetching. What was stored stays; Telegram re-sends what was not acknowledged,
        and the inbox recognises it."""
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None

    async def _run(self) -> None:
        failures = 0
        while True:
            await self._dispatcher.wait_for_room()
            try:
                batch = await self._bot.raw_updates(self._offset, self.timeout, self._allowed)
            except asyncio.CancelledError:
                raise
            except RetryAfter as error:
                wait = retry_after_seconds(error)
                logger.warning("getUpdates: Telegram asked us to wait %.0fs", wait)
                await asyncio.sleep(wait)
                continue
            except (InvalidToken, Conflict) as error:
                # The token was revoked, another instance polls, or a webhook is set: say which
                # and what to do, and keep trying slowly (nothing is lost meanwhile).
                failures += 1
                logger.error("getUpdates refused: %s; retrying in %ss", refusal(error),
                             MAX_BACKOFF_SECONDS)  # fmt: skip
                await asyncio.sleep(MAX_BACKOFF_SECONDS)
                continue
            except Exception as error:  # network errors, 5xx, a broken body; or a bug
                failures += 1
                wait = self._backoff(failures)
                # Telegram's failures are expected now and then: a line. Anything else: the
                # traceback too (polling outlives it all the same).
                log = logger.warning if isinstance(error, TelegramError) else logger.exception
                log("getUpdates failed (%s); retrying in %.1fs", type(error).__name__, wait)
                await asyncio.sleep(wait)
                continue
            failures = 0
            self.last_poll_ok = time.monotonic()  # an empty long poll is a good poll too
            if not batch:
                continue
            updates = usable(batch)
            if updates:
                await self._store(updates)
                # Only now is the batch acknowledged (by the next call's offset).
                self._offset = max(int(u["update_id"]) for u in updates) + 1

    def _backoff(self, failures: int) -> float:
        """Seconds before the next try: doubling from the base, at most 30."""
        return float(min(self._backoff_base * 2 ** (failures - 1), MAX_BACKOFF_SECONDS))

    async def _store(self, updates: list[dict[str, Any]]) -> None:
        """Store a batch, however long it takes: a full disk or a locked database is waited
        out (never acknowledged meanwhile, so Telegram keeps the updates)."""
        failures = 0
        while True:
            try:
                await self._dispatcher.store(updates)
            except asyncio.CancelledError:
                raise
            except Exception as error:  # disk full, locked, I/O: wait and try again
                failures += 1
                wait = self._backoff(failures)
                logger.error(
                    "could not store %s updates (%s); not acknowledged, retrying in %.1fs",
                    len(updates), describe(error), wait,
                )  # fmt: skip
                self.store_failures += 1
                await asyncio.sleep(wait)
                continue
            if failures:
                logger.warning("stored %s updates after %s failed tries; receiving again",
                               len(updates), failures)  # fmt: skip
            return
