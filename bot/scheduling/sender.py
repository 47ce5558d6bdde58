"""The one outbox sender: paced, 429-aware, restart-safe delivery of scheduled messages."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import time
from dataclasses import replace

from aiolimiter import AsyncLimiter
from telegram import InputFile
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
)

from bot.bot_api import MilestoneBot, retry_after_seconds, without_retries
from bot.operations.metrics import Metrics
from bot.scheduling.messages import Rendered, render, render_prompts
from bot.services.container import Services
from bot.services.outbox import GROUP_REPLY
from bot.storage.outbox import OutboxRow

logger = logging.getLogger(__name__)

GROUP_MESSAGES_PER_MINUTE = 20
# Of a group's minute budget, this much is kept for announcements: command replies that
# would eat into it are dropped (they are throttled and short-lived anyway).
KEPT_FOR_ANNOUNCEMENTS = 5
MAX_BACKOFF_SECONDS = 300.0
MAX_ATTEMPTS = 12
IDLE_POLL_SECONDS = 1.0
MAX_IN_FLIGHT = 32
_GONE_CHAT_ERRORS = ("chat not found", "group chat was deactivated", "bot was kicked")
# A forum topic Telegram will not post in: closed, or deleted.
_TOPIC_GONE = ("topic_closed", "topic_deleted", "message thread not found", "thread not found")


def _limiter(per_second: float) -> AsyncLimiter:
    """A leaky bucket holding a tenth of a second's worth: steady pace, tiny bursts."""
    capacity = max(1.0, per_second / 10)
    return AsyncLimiter(capacity, capacity / per_second)


class OutboxSender:
    """Drains the outbox within Telegram's limits; one message per chat at a time."""

    def __init__(
        self,
        bot: MilestoneBot,
        services: Services,
        rate_per_second: float,
        *,
        backoff_base: float = 1.0,
        max_attempts: int = MAX_ATTEMPTS,
        idle_poll: float = IDLE_POLL_SECONDS,
        group_rate: tuple[int, float] = (GROUP_MESSAGES_PER_MINUTE, 60.0),
        paid_broadcast: bool = False,
        metrics: Metrics | None = None,
    ) -> None:
        self._metrics = metrics or Metrics()
        self._bot = bot
        self._paid = paid_broadcast  # above 30/s Telegram charges for each message
        self._services = services
        self._limiter = _limiter(rate_per_second)
        self._group_limiters: dict[int, AsyncLimiter] = {}
        self._group_rate = group_rate
        # Sends in flight at once. More does not go faster: httpx's pool rescans every
        # waiting request on each change, so a long queue costs more than it gains
        # (measured: 32 in flight 275/s, 128 in flight 233/s, 1,000 in flight 188/s).
        self._slots = asyncio.Semaphore(min(MAX_IN_FLIGHT, max(8, math.ceil(rate_per_second))))
        self._batch = max(1, math.ceil(rate_per_second))
        self.backoff_base = backoff_base
        self.stop_grace = 10.0
        self._max_attempts = max_attempts
        self._idle_poll = idle_poll
        self._in_flight: set[int] = set()
        self._retry_at: dict[int, float] = {}
        self._paused_until = 0.0
        self._tasks: set[asyncio.Task[None]] = set()
        self._stopping = False
        self._runner: asyncio.Task[None] | None = None
        self._urgent_runner: asyncio.Task[None] | None = None
        self.sent = 0
        self.last_sent_at: float | None = None  # monotonic; /healthz tells a stuck sender

    async def start(self) -> None:
        """Re-queue messages a crash left claimed, then start draining."""
        recovered = await self._services.outbox.recover()
        if recovered:
            logger.info("re-queued %s messages claimed before a restart", recovered)
        self._runner = asyncio.create_task(self._run(), name="outbox-sender")
        self._urgent_runner = asyncio.create_task(self._run_urgent(), name="outbox-urgent")

    async def stop(self) -> None:
        """Stop taking new messages; give the ones in flight `stop_grace` seconds to finish.

        A message cut off here stays claimed and is sent again after the restart (the one
        duplicate the outbox allows: it may already have reached Telegram).
        """
        self._stopping = True
        for runner in (self._runner, self._urgent_runner):
            if runner is not None:
                runner.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await runner
        self._runner = self._urgent_runner = None
        if self._tasks:
            _, unfinished = await asyncio.wait(set(self._tasks), timeout=self.stop_grace)
            for task in unfinished:
                task.cancel()
            await asyncio.gather(*unfinished, return_exceptions=True)

    # --- the loop -------------------------------------------------------------------------
    async def _run(self) -> None:
        outbox = self._services.outbox
        while not self._stopping:
            try:
                await self._wait_for_pause()
                rows = await outbox.take(self._batch, self._chats_to_skip())
                if not rows:
                    await outbox.wait(self._idle_wait())
                    continue
                prepared = await render_prompts(self._services, rows)
                for row in rows:
                    if row.kind == GROUP_REPLY and not self._group_limiter(
                        row.chat_id
                    ).has_capacity(1 + KEPT_FOR_ANNOUNCEMENTS):
                        self._metrics.sent("throttled")
                        await outbox.give_up(row, "throttled")
                        continue
                    await self._wait_for_pause()
                    await self._limiter.acquire()
                    if row.chat_id < 0:
                        await self._group_limiter(row.chat_id).acquire()
                    await self._slots.acquire()
                    self._in_flight.add(row.chat_id)
                    task = asyncio.create_task(self._deliver(row, prepared))
                    self._tasks.add(task)
                    task.add_done_callback(self._tasks.discard)
            except asyncio.CancelledError:
                raise
            except Exception:  # the sender must outlive any single failure
                logger.exception("outbox sender loop error; continuing")
                await asyncio.sleep(self._idle_poll)

    async def _run_urgent(self) -> None:
        """The urgent lane: an SOS and its answers go out the moment they are queued, ahead of
        any scheduled send and outside the broadcast pace (a 429 still pauses it: Telegram
        would refuse it too)."""
        outbox = self._services.outbox
        while not self._stopping:
            try:
                await self._wait_for_pause()
                rows = await outbox.take(MAX_IN_FLIGHT, self._chats_to_skip(), urgent=True)
                if not rows:
                    await outbox.wait(self._idle_wait(), urgent=True)
                    continue
                for row in rows:
                    self._in_flight.add(row.chat_id)
                    task = asyncio.create_task(self._deliver(row, {}, slotted=False))
                    self._tasks.add(task)
                    task.add_done_callback(self._tasks.discard)
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("urgent sender loop error; continuing")
                await asyncio.sleep(self._idle_poll)

    def _chats_to_skip(self) -> set[int]:
        now = asyncio.get_running_loop().time()
        self._retry_at = {chat: at for chat, at in self._retry_at.items() if at > now}
        full_groups = {
            chat for chat, limiter in self._group_limiters.items() if not limiter.has_capacity()
        }
        return self._in_flight | set(self._retry_at) | full_groups

    def _idle_wait(self) -> float:
        """Until the next retry is due, or the idle poll, whichever comes first."""
        if not self._retry_at:
            return self._idle_poll
        soonest = min(self._retry_at.values()) - asyncio.get_running_loop().time()
        return min(self._idle_poll, max(0.005, soonest))

    def _group_limiter(self, chat_id: int) -> AsyncLimiter:
        limiter = self._group_limiters.get(chat_id)
        if limiter is None:
            limiter = AsyncLimiter(*self._group_rate)
            self._group_limiters[chat_id] = limiter
        return limiter

    async def _wait_for_pause(self) -> None:
        loop = asyncio.get_running_loop()
        # A 429 arriving during the pause extends it, hence the loop.
        while (remaining := self._paused_until - loop.time()) > 0:  # noqa: ASYNC110
            await asyncio.sleep(remaining)

    def _pause(self, seconds: float) -> None:
        until = asyncio.get_running_loop().time() + seconds
        self._paused_until = max(self._paused_until, until)
        logger.warning("Telegram asked us to wait %.0fs; all sending paused", seconds)

    # --- one message ----------------------------------------------------------------------
    async def _deliver(
        self, row: OutboxRow, prepared: dict[int, Rendered | None], *, slotted: bool = True
    ) -> None:
        with without_retries():  # this loop owns pacing and retries
            await self._deliver_once(row, prepared, slotted)

    async def _deliver_once(
        self, row: OutboxRow, prepared: dict[int, Rendered | None], slotted: bool
    ) -> None:
        outbox = self._services.outbox
        slot_held = slotted
        try:
            if row.outbox_id in prepared:
                rendered = prepared.pop(row.outbox_id)
            else:
                rendered = await render(self._services, row)
            if rendered is None:
                self._metrics.sent("stale")
                await outbox.give_up(row, "stale")
                return
            message_id = await self._send_somewhere(row, rendered)
            # Sent: the next send may start while this one is recorded (its chat stays busy
            # until then, so a chat's messages still go one after another).
            if slot_held:
                self._slots.release()
                slot_held = False
            self._metrics.sent("sent")
            self.last_sent_at = time.monotonic()
            photo = rendered.photo is not None and rendered.edit_message_id is None
            await outbox.delivered(row, message_id, rendered.shown_claps, photo=photo)
            self.sent += 1
        except RetryAfter as error:
            self._metrics.sent("rate_limited")
            self._pause(retry_after_seconds(error))
            await outbox.retry_later(row, "RetryAfter")
        except ChatMigrated as error:
            self._metrics.sent("chat_migrated")
            await outbox.chat_migrated(row.chat_id, error.new_chat_id)
            await outbox.retry_later(row, "ChatMigrated")
        except Forbidden:
            self._metrics.sent("blocked")
            await outbox.chat_unreachable(row.chat_id, "Forbidden", row)
        except BadRequest as error:
            if any(reason in error.message.lower() for reason in _GONE_CHAT_ERRORS):
                self._metrics.sent("chat_gone")
                await outbox.chat_unreachable(row.chat_id, "ChatNotFound", row)
            else:
                self._metrics.sent("failed")
                await outbox.give_up(row, f"BadRequest: {type(error).__name__}")
        except (NetworkError, TelegramError) as error:
            self._metrics.sent("network_error")
            await self._retry_with_backoff(row, type(error).__name__)
        except Exception:
            self._metrics.sent("failed")
            logger.exception("outbox %s (%s) could not be sent", row.outbox_id, row.kind)
            await outbox.give_up(row, "InternalError")
        finally:
            self._in_flight.discard(row.chat_id)
            if slot_held:
                self._slots.release()
            outbox.notify()  # the chat is free: its next message need not wait for a poll

    async def _send_somewhere(self, row: OutboxRow, rendered: Rendered) -> int:
        """Send into the forum topic meant; a topic Telegram refuses (closed or deleted)
        gets it in General instead, once, and the group's admin is told (no retry loop)."""
        try:
            return await self._send(row.chat_id, rendered)
        except BadRequest as error:
            reason = error.message.lower()
            topic = rendered.thread_id
            if topic is None or not any(gone in reason for gone in _TOPIC_GONE):
                raise
            closed = "closed" in reason
            logger.info("outbox %s: topic refused (%s); sent to General", row.outbox_id,
                        "closed" if closed else "not found")  # fmt: skip
            await self._services.groups.topic_unusable(row.chat_id, topic, closed)
            return await self._send(row.chat_id, replace(rendered, thread_id=None))

    async def _send(self, chat_id: int, rendered: Rendered) -> int:
        """Send (or edit) one message; returns its message id."""
        if rendered.edit_message_id is None and rendered.photo is not None:
            return await self._send_photo(chat_id, rendered)
        if rendered.edit_message_id is None:
            return await self._bot.send_text(
                chat_id, rendered.text, rendered.markup, paid_broadcast=self._paid,
                thread_id=rendered.thread_id,
            )  # fmt: skip
        try:
            if rendered.buttons_only:  # 👏 counts live in the button: text or photo alike
                await self._bot.edit_message_reply_markup(
                    chat_id, rendered.edit_message_id, reply_markup=rendered.markup
                )
            elif rendered.caption:  # a chip's caption
                await self._bot.edit_message_caption(
                    chat_id, rendered.edit_message_id, caption=rendered.text,
                    reply_markup=rendered.markup,
                )  # fmt: skip
            else:
                await self._bot.edit_message_text(
                    rendered.text, chat_id, rendered.edit_message_id, reply_markup=rendered.markup
                )
        except BadRequest as error:
            if "not modified" not in error.message.lower():
                raise
        return rendered.edit_message_id

    async def _send_photo(self, chat_id: int, rendered: Rendered) -> int:
        """A chip with its caption; an uploaded chip's file id is kept for next time."""
        photo = rendered.photo
        assert photo is not None
        upload = InputFile(photo, filename="chip.png") if isinstance(photo, bytes) else photo
        message = await self._bot.send_photo(
            chat_id,
            upload,
            caption=rendered.text,
            reply_markup=rendered.markup,
            allow_paid_broadcast=self._paid or None,
            message_thread_id=rendered.thread_id,
        )
        if rendered.chip is not None and message.photo:
            user_id, chip_key = rendered.chip
            await self._services.progress.remember_chip(
                user_id, chip_key, message.photo[-1].file_id
            )
        return message.message_id

    async def _retry_with_backoff(self, row: OutboxRow, error: str) -> None:
        attempt = row.attempts + 1
        if attempt >= self._max_attempts:
            await self._services.outbox.give_up(row, error)
            return
        delay = min(self.backoff_base * 2 ** (attempt - 1), MAX_BACKOFF_SECONDS)
        self._retry_at[row.chat_id] = asyncio.get_running_loop().time() + delay
        await self._services.outbox.retry_later(row, error)
