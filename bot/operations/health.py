"""`/healthz`: is the bot doing its work? The database takes a write, the scheduler tick
ran recently, and the sender is getting through its backlog."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass

from bot.clock import Clock, epoch_seconds
from bot.storage import inbox, operations, outbox
from bot.storage.database import Database

# A write that takes longer than this means the database is stuck (or its disk is).
WRITE_TIMEOUT_SECONDS = 5.0
# Messages this old while nothing was sent for `SENDER_IDLE_SECONDS` mean a stuck sender
# (a big burst at 25/s can take an hour, but it moves all the time).
STUCK_MESSAGE_SECONDS = 600
SENDER_IDLE_SECONDS = 300.0
# A long poll answers within its timeout; this much later with no good poll means deaf.
RECEIVE_MARGIN_SECONDS = 30.0
# Stored updates waiting this long while none is in memory being handled: nobody takes them.
ORPHANS_SECONDS = 30.0


@dataclass(frozen=True)
class Receiving:
    """What receiving looks like now."""

    polling: bool  # long polling (a webhook has no polls to watch)
    last_poll_ok: float | None  # monotonic seconds of the last good getUpdates
    poll_timeout: float
    queued: int  # updates in memory, waiting or being handled


@dataclass(frozen=True)
class HealthReport:
    """What `/healthz` answers (as JSON)."""

    healthy: bool
    database: str  # "writable", or what went wrong
    receiving: str  # "ok", or why nothing is coming in
    last_tick_seconds_ago: float
    tick_stalled_after_seconds: float
    inbox_backlog: int
    outbox_backlog: int
    oldest_outbox_seconds: int | None
    seconds_since_last_send: float | None

    def as_json(self) -> dict[str, object]:
        """The report with a status word first."""
        return {"status": "ok" if self.healthy else "unhealthy", **asdict(self)}


class Health:
    """Checks the running bot. `last_tick` and `last_send` give monotonic seconds."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        tick_interval: float,
        last_tick: Callable[[], float],
        last_send: Callable[[], float | None],
        receiving: Callable[[], Receiving] | None = None,
    ) -> None:
        self._db = db
        self._clock = clock
        # Three missed ticks (at least a minute) is a stall.
        self.stall_after = max(3 * tick_interval, 60.0)
        self.last_tick = last_tick
        self.last_send = last_send
        self.write_timeout = WRITE_TIMEOUT_SECONDS
        self.receiving = receiving
        self.started = time.monotonic()
        self.receive_margin = RECEIVE_MARGIN_SECONDS
        self.orphans_after = ORPHANS_SECONDS
        self._orphans_since: float | None = None

    async def check(self) -> HealthReport:
        """Run every check (a failing one never stops the others)."""
        database = await self._probe_write()
        tick_age = time.monotonic() - self.last_tick()
        pending_updates = await inbox.backlog(self._db.reader)
        waiting, oldest = await outbox.backlog(self._db.reader)
        now = epoch_seconds(self._clock)
        oldest_age = None if oldest is None else max(0, now - oldest)
        last_send = self.last_send()
        since_send = None if last_send is None else time.monotonic() - last_send
        sender_stuck = (
            oldest_age is not None
            and oldest_age > STUCK_MESSAGE_SECONDS
            and (since_send is None or since_send > SENDER_IDLE_SECONDS)
        )
        receiving = self._receiving(pending_updates)
        healthy = (
            database == "writable"
            and receiving == "ok"
            and tick_age <= self.stall_after
            and not sender_stuck
        )
        return HealthReport(
            healthy=healthy,
            database=database,
            receiving=receiving,
            last_tick_seconds_ago=round(tick_age, 1),
            tick_stalled_after_seconds=self.stall_after,
            inbox_backlog=pending_updates,
            outbox_backlog=waiting,
            oldest_outbox_seconds=oldest_age,
            seconds_since_last_send=None if since_send is None else round(since_send, 1),
        )

    def _receiving(self, pending_updates: int) -> str:
        """ "ok"; or no good poll for longer than a poll lasts; or stored updates that wait
        while nothing is being handled."""
        if self.receiving is None:
            return "ok"
        state = self.receiving()
        now = time.monotonic()
        if state.polling:
            since = now - (state.last_poll_ok or self.started)
            if since > state.poll_timeout + self.receive_margin:
                return f"no successful poll for {since:.0f}s"
        if pending_updates > 0 and state.queued == 0:
            self._orphans_since = self._orphans_since or now
            if now - self._orphans_since > self.orphans_after:
                return f"{pending_updates} stored updates wait and none is being handled"
        else:
            self._orphans_since = None
        return "ok"

    async def _probe_write(self) -> str:
        try:
            async with asyncio.timeout(self.write_timeout), self._db.transaction() as tx:
                now = epoch_seconds(self._clock)
                await operations.put(tx, "health_probe", str(now), now)
        except TimeoutError:
            return f"no write within {self.write_timeout:g}s"
        except Exception as error:  # read-only file, full disk, I/O error: say which
            return f"not writable ({type(error).__name__})"
        return "writable"
