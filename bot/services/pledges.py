"""The morning pledge: "just for today", the person's reasons and today's goals, and a
button to commit. Same scheduler, dedupe and DST rules as the check-in."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

from bot.clock import Clock, epoch_seconds
from bot.domain.checkins import PROMPT_GRACE_SECONDS
from bot.domain.dates import iso, local_date
from bot.domain.local_time import daily_time_or_off
from bot.services import timing
from bot.services.errors import Expired, NotYours
from bot.services.outbox import PLEDGE, Outbox
from bot.services.people import People, Person
from bot.storage import schedules, users, wellbeing
from bot.storage.database import Connection, Database
from bot.storage.outbox import NewMessage
from bot.storage.schedules import ScheduleRow

PLEDGE_KIND = timing.PLEDGE


class Pledges:
    """Setting the pledge time, sending the pledge, committing, the pledge streak."""

    def __init__(self, db: Database, clock: Clock, people: People, outbox: Outbox) -> None:
        self._db = db
        self._clock = clock
        self._people = people
        self._outbox = outbox

    async def set_time(self, person: Person, text: str) -> str | None:
        """`7:00`, `7am` or `off`; returns the stored time (None = off). Raises ValueError."""
        value = daily_time_or_off(text)
        async with self._db.transaction() as tx:
            await wellbeing.set_pledge_time(tx, person.user_id, value)
            if value is None:
                await schedules.delete(tx, PLEDGE_KIND, person.user_id, 0)
            else:
                due = timing.next_due(value, person.zone, self._clock.now())
                await schedules.upsert(tx, PLEDGE_KIND, person.user_id, 0, value, due)
        return value

    async def fire(self, tx: Connection, rows: Sequence[ScheduleRow], now: datetime) -> int:
        """Due pledges: one message per person per local date, then the next morning."""
        now_utc = int(now.timestamp())
        facts = await users.daily_facts(tx, [row.user_id for row in rows if row.user_id])
        messages, moves = [], []
        for row in rows:
            fact = facts.get(row.user_id or 0)
            if fact is None:
                await schedules.delete_ids(tx, [row.schedule_id])
                continue
            zone = fact.timezone or self._people.default_zone
            day = local_date(datetime.fromtimestamp(row.next_due_at_utc, UTC), zone)
            on_time = now_utc - row.next_due_at_utc <= PROMPT_GRACE_SECONDS
            if fact.is_active and on_time:
                key = f"pledge:{fact.user_id}:{iso(day)}"  # once per local date, DST or not
                params = {"local_date": iso(day)}
                messages.append(NewMessage(key, fact.user_id, PLEDGE, params, fact.user_id))
            moves.append((timing.next_due(row.local_time, zone, now), row.local_time,
                          row.schedule_id))  # fmt: skip
        await schedules.move(tx, moves)
        await self._outbox.add(tx, messages)
        return len(messages)

    async def commit(self, presser: Person, owner_id: int, day: date) -> int:
        """🤝 I commit for today; returns the pledge streak."""
        if presser.user_id != owner_id:
            raise NotYours
        if day < self._people.today_for(presser) - timedelta(days=1):
            raise Expired
        async with self._db.transaction() as tx:
            await wellbeing.commit_pledge(tx, presser.user_id, day, epoch_seconds(self._clock))
        return await self.streak(presser)

    async def streak(self, person: Person) -> int:
        """Pledged days running, up to today (or yesterday, before today's is made)."""
        today = self._people.today_for(person)
        days = await wellbeing.pledge_days(self._db.reader, person.user_id, today - timedelta(400))
        day = today if today in days else today - timedelta(days=1)
        count = 0
        while day in days:
            count += 1
            day -= timedelta(days=1)
        return count
