"""Feeds stored updates to the PTB Application: one chat in order, chats side by side.

An update is marked done only after its handlers finished; a crash before that means it is
handled again on the next start (the only duplicates the inbox allows). An update that
cannot be decoded, whose handler raised, or that was cut off by crashes too many times is
set aside with a log line and never blocks the others.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
import time
from collections import deque
from collections.abc import Sequence
from typing import Any, Protocol

from telegram import Update
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError

from bot.clock import Clock, epoch_seconds
from bot.logs import hashed_user
from bot.operations.metrics import Metrics, update_type
from bot.receiving.errors import describe
from bot.storage import inbox
from bot.storage.database import Connection, Database
from bot.storage.group_commit import GroupCommit

logger = logging.getLogger(__name__)

# A start that finds an update still unfinished counts one attempt; after this many the
# update is presumed to crash the bot and is set aside.
MAX_ATTEMPTS = 3
# Updates read into memory ahead of handling; the receiver waits beyond this.
MAX_QUEUED = 2000
# The longest pause before an update that failed for a passing reason is tried again.
MAX_RETRY_SECONDS = 60.0


def is_passing(error: BaseException) -> bool:
    """A failure that may well not happen on the next try: the disk full or the database
    locked (SQLite's OperationalError), an I/O error, Telegram unreachable or slow. A bug,
    or a request Telegram refuses (BadRequest, Forbidden), fails the same way every time."""
    if isinstance(error, sqlite3.OperationalError | OSError | RetryAfter):
        return True
    return isinstance(error, NetworkError) and not isinstance(error, BadRequest)


class UpdateApplication(Protocol):
    """What the dispatcher needs of PTB's Application."""

    @property
    def bot(self) -> Any: ...

    async def process_update(self, update: object) -> None: ...


def is_complete(update: Update) -> bool:
    """PTB decodes leniently: an update missing fields Telegram always sends is malformed."""
    required: list[object] = []
    message = update.message or update.edited_message or update.channel_post
    if message is not None:
        required += [message.chat, message.message_id]
        if message.chat is not None and message.chat.type == "private":
            required.append(message.from_user)  # a private message always has its sender
    if update.callback_query is not None:
        required += [update.callback_query.from_user, update.callback_query.id or None]
    change = update.my_chat_member
    if change is not None:
        required += [change.chat, change.from_user, change.old_chat_member]
        required.append(change.new_chat_member)
    return all(value is not None for value in required)


def chat_key(update: Update) -> int:
    """Updates with the same key run in order: the chat, else the person, else alone."""
    if update.effective_chat is not None:
        return update.effective_chat.id
    if update.effective_user is not None:
        return update.effective_user.id
    return -update.update_id


class Dispatcher:
    """Runs stored updates through the application and records their end."""

    def __init__(
        self,
        application: UpdateApplication,
        db: Database,
        clock: Clock,
        *,
        concurrency: int = 32,
        metrics: Metrics | None = None,
    ) -> None:
        self._application = application
        self._metrics = metrics or Metrics()
        self._db = db
        self._clock = clock
        self._slots = asyncio.Semaphore(concurrency)
        self._queues: dict[int, deque[Update]] = {}
        self._workers: dict[int, asyncio.Task[None]] = {}
        self._failures: dict[int, BaseException] = {}
        self._passing: dict[int, int] = {}  # update id -> tries that failed for a passing reason
        self._done_marks = GroupCommit(db, self._mark_done)
        self._queued = 0
        self._in_flight = 0
        self._stopping = False
        self._changed = asyncio.Condition()
        self.handled = 0

    # --- receiving ------------------------------------------------------------------------
    async def store(self, payloads: Sequence[dict[str, Any]]) -> int:
        """Store a batch in one transaction (then it may be acknowledged), and queue it."""
        async with self._db.transaction() as tx:
            fresh = set(await inbox.store(tx, payloads, epoch_seconds(self._clock)))
        for payload in payloads:
            if int(payload["update_id"]) in fresh:
                await self._submit(int(payload["update_id"]), payload)
            else:  # Telegram sent it again (or someone replays it): handled once only
                self._metrics.update_seen(update_type(payload), "duplicate")
        return len(fresh)

    async def recover(self) -> int:
        """On start: updates a crash or a stop left unfinished run first, in order."""
        async with self._db.transaction() as tx:
            stored = await inbox.unfinished(tx)
            tried_too_often = [u for u in stored if u.attempts >= MAX_ATTEMPTS]
            now = epoch_seconds(self._clock)
            for update in tried_too_often:
                self._metrics.update_seen(update_type(update.payload), "set_aside")
                logger.error(
                    "update %s set aside: cut off %s times", update.update_id, MAX_ATTEMPTS
                )
                await inbox.set_aside(tx, update.update_id, "CrashLoop", now)
            retry = [u for u in stored if u.attempts < MAX_ATTEMPTS]
            await inbox.count_attempt(tx, [u.update_id for u in retry])
        for update in retry:
            await self._submit(update.update_id, update.payload)
        if retry:
            logger.info("handling %s updates left unfinished before the restart", len(retry))
        return len(retry)

    async def wait_for_room(self) -> None:
        """Back-pressure for the receiver: wait while too much is queued."""
        async with self._changed:
            await self._changed.wait_for(lambda: self._queued < MAX_QUEUED or self._stopping)

    async def _submit(self, update_id: int, payload: dict[str, Any]) -> None:
        try:
            update = Update.de_json(payload, self._application.bot)
            if not is_complete(update):
                raise ValueError("fields Telegram always sends are missing")
        except Exception as error:  # whatever the library cannot read must not stop the rest
            self._metrics.update_seen(update_type(payload), "set_aside")
            logger.error(
                "update %s set aside: cannot be decoded (%s)", update_id, type(error).__name__
            )
            try:
                async with self._db.single_statement() as writer:
                    now = epoch_seconds(self._clock)
                    await inbox.set_aside(writer, update_id, "Undecodable", now)
            except Exception as failure:  # stays pending: the next start sets it aside
                logger.warning("update %s: could not be set aside (%s)", update_id,
                               describe(failure))  # fmt: skip
            return
        key = chat_key(update)
        self._queues.setdefault(key, deque()).append(update)
        self._queued += 1
        if key not in self._workers and not self._stopping:
            self._workers[key] = asyncio.create_task(self._work(key), name=f"chat-{key}")

    # --- handling -------------------------------------------------------------------------
    def record_failure(self, update_id: int, error: BaseException) -> None:
        """Called by the error handler: this update's handler raised."""
        self._failures[update_id] = error

    @property
    def queued(self) -> int:
        """Updates read into memory and not finished yet."""
        return self._queued

    async def _work(self, key: int, delay: float = 0.0) -> None:
        """One chat's updates, in order. An update that failed for a passing reason (a full
        disk, a locked database, Telegram unreachable) is tried again after a pause, before
        the chat's next one; a worker that fails is replaced."""
        queue = self._queues[key]
        try:
            if delay:
                await self._pause(delay)
            while queue and not self._stopping:
                update = queue[0]
                async with self._slots:
                    if self.stopping:  # the stop came while this waited for a slot
                        break
                    self._in_flight += 1
                    try:
                        retry_in = await self._handle(update)
                    finally:
                        self._in_flight -= 1
                if retry_in is not None:
                    await self._pause(retry_in)
                    continue
                queue.popleft()
                self._queued -= 1
                async with self._changed:
                    self._changed.notify_all()
        except Exception:
            logger.exception("the worker of a chat failed; a new one takes its queue")
        finally:
            self._workers.pop(key, None)
            if not queue:
                self._queues.pop(key, None)
            elif not self._stopping:
                self._workers[key] = asyncio.create_task(
                    self._work(key, delay=1.0), name=f"chat-{key}"
                )

    async def _pause(self, seconds: float) -> None:
        """Sleep, unless a stop comes first."""
        async with self._changed:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait_for(lambda: self._stopping), seconds)

    async def _handle(self, update: Update) -> float | None:
        """Handle one update; returns seconds to wait before trying it again (a passing
        failure), or None when it is finished (done, or set aside)."""
        started = time.perf_counter()
        try:
            await self._application.process_update(update)
        except Exception as raised:  # process_update routes handler errors; this is a bug guard
            logger.exception("update %s could not be processed", update.update_id)
            self._failures[update.update_id] = raised
        await self._answer_forgotten_button(update)
        error = self._failures.pop(update.update_id, None)
        if error is not None and is_passing(error):
            tries = self._passing[update.update_id] = self._passing.get(update.update_id, 0) + 1
            wait = min(2.0 ** (tries - 1), MAX_RETRY_SECONDS)
            self._metrics.update_seen(update_type(update), "retried")
            logger.warning("update %s failed (%s); trying it again in %.0fs (try %s)",
                           update.update_id, describe(error), wait, tries + 1)  # fmt: skip
            return wait
        self._passing.pop(update.update_id, None)
        failure = None if error is None else type(error).__name__
        self._observe(update, failure, time.perf_counter() - started)
        # Shielded: once the handler ran, a stop must not leave it looking unhandled.
        await asyncio.shield(self._finish_surely(update.update_id, failure))
        self.handled += 1
        return None

    async def _finish_surely(self, update_id: int, failure: str | None) -> None:
        """Record the end, waiting out a full disk (unrecorded, it would run again after a
        restart: a duplicate, never a loss)."""
        tries = 0
        while True:
            try:
                await self._finish(update_id, failure, epoch_seconds(self._clock))
                return
            except Exception as error:
                tries += 1
                if self._stopping:
                    logger.warning("update %s: its end was not recorded (%s)", update_id,
                                   describe(error))  # fmt: skip
                    return
                wait = min(2.0 ** (tries - 1), MAX_RETRY_SECONDS)
                logger.warning("update %s: could not record its end (%s); again in %.0fs",
                               update_id, describe(error), wait)  # fmt: skip
                await self._pause(wait)

    def _observe(self, update: Update, failure: str | None, seconds: float) -> None:
        """One log line and the metrics for a handled update: ids, kinds and time only."""
        kind = update_type(update)
        result = "done" if failure is None else "failed"
        self._metrics.update_handled(kind, result, seconds)
        chat = update.effective_chat
        user = update.effective_user
        logger.info(
            "update %s (%s, %s chat) %s in %.0f ms",
            update.update_id, kind, chat.type if chat else "no", result, seconds * 1000,
            extra={"event": "update", "update_id": update.update_id, "update_type": kind,
                   "chat_kind": chat.type if chat else None, "result": result,
                   "user": hashed_user(user.id if user else None),
                   "duration_ms": round(seconds * 1000, 1)},
        )  # fmt: skip

    async def _finish(self, update_id: int, failure: str | None, now: int) -> None:
        if failure is not None:
            async with self._db.single_statement() as writer:
                await inbox.set_aside(writer, update_id, failure, now)
            return
        # Updates finishing while a mark is being written share the next one.
        await self._done_marks.submit(update_id)

    async def _mark_done(self, tx: Connection, update_ids: Sequence[int]) -> None:
        await inbox.mark_done(tx, update_ids, epoch_seconds(self._clock))

    async def _answer_forgotten_button(self, update: Update) -> None:
        """Every callback query is answered once; a press no handler took still stops the
        spinner."""
        query = update.callback_query
        bot = self._application.bot
        if query is None or not hasattr(bot, "was_answered") or bot.was_answered(query.id):
            return
        try:
            await query.answer()
        except TelegramError:
            logger.info("update %s: could not answer the button", update.update_id)

    # --- stopping -------------------------------------------------------------------------
    @property
    def stopping(self) -> bool:
        """A stop was asked for: nothing new starts."""
        return self._stopping

    @property
    def in_flight(self) -> int:
        """Updates being handled right now."""
        return self._in_flight

    async def stop(self, grace: float) -> None:
        """Start nothing new; let handlers in flight finish within `grace` seconds.

        Queued updates stay pending in the inbox and run first on the next start.
        """
        self._stopping = True
        async with self._changed:
            self._changed.notify_all()
        workers = list(self._workers.values())
        if workers:
            _, unfinished = await asyncio.wait(workers, timeout=grace)
            for task in unfinished:
                task.cancel()
            await asyncio.gather(*unfinished, return_exceptions=True)
            if unfinished:
                logger.warning("stopped with %s updates cut off; they run after restart",
                               len(unfinished))  # fmt: skip
