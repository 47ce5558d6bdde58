""" "Check on me in 20 minutes": a one-off follow-up through the scheduler, cancelled if the
person writes first."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from bot.clock import Clock
from bot.services.outbox import CHECK_ON, Outbox
from bot.services.people import Person
from bot.storage import schedules
from bot.storage.database import Connection, Database
from bot.storage.outbox import NewMessage
from bot.storage.schedules import ScheduleRow

FOLLOW_UP_MINUTES = 20


class FollowUps:
    """One pending follow-up per person at most."""

    def __init__(self, db: Database, clock: Clock, outbox: Outbox) -> None:
        self._db = db
        self._clock = clock
        self._outbox = outbox
        self._waiting: set[int] = set()  # people with a follow-up due (cheap check per update)

    async def load(self) -> None:
        """At start: who has a follow-up waiting."""
        rows = await schedules.of_kind(self._db.reader, CHECK_ON)
        self._waiting = {row.user_id for row in rows if row.user_id is not None}

    async def schedule(self, person: Person, minutes: int = FOLLOW_UP_MINUTES) -> datetime:
        """Ask again in `minutes`; returns when."""
        due = self._clock.now() + timedelta(minutes=minutes)
        async with self._db.transaction() as tx:
            await schedules.upsert(
                tx, CHECK_ON, person.user_id, 0, f"{due.astimezone(UTC):%H:%M}",
                int(due.timestamp()),
            )  # fmt: skip
        self._waiting.add(person.user_id)
        return due

    async def person_wrote(self, user_id: int) -> bool:
        """They wrote first: the follow-up is not needed. True when one was cancelled."""
        if user_id not in self._waiting:
            return False
        self._waiting.discard(user_id)
        async with self._db.transaction() as tx:
            await schedules.delete(tx, CHECK_ON, user_id, 0)
        return True

    async def fire(self, tx: Connection, rows: Sequence[ScheduleRow]) -> int:
        """Due follow-ups become messages; each is sent once."""
        messages = [
            NewMessage(f"checkon:{row.user_id}:{row.next_due_at_utc}", row.user_id, CHECK_ON,
                       {}, row.user_id)
            for row in rows
            if row.user_id is not None
        ]  # fmt: skip
        await schedules.delete_ids(tx, [row.schedule_id for row in rows])
        self._waiting.difference_update(row.user_id for row in rows if row.user_id is not None)
        await self._outbox.add(tx, messages)
        return len(messages)
