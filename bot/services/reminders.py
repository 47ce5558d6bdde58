"""Reminders: /remind, sponsor calls and goal reminders; ✅ Done, ⏰ Snooze, Skip today."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from bot.clock import Clock, epoch_seconds
from bot.domain.checkins import PROMPT_GRACE_SECONDS
from bot.domain.dates import iso, local_date
from bot.domain.local_time import hhmm, parse_hhmm
from bot.domain.reminders import (
    MAX_REMINDER_TEXT,
    SNOOZE_MINUTES,
    ReminderPlan,
    Repeat,
    SponsorInput,
    occurs_on,
)
from bot.services import timing
from bot.services.errors import Expired, NotYours
from bot.services.goals import Goals, Logged, ZoneOf
from bot.services.links import CALL_CHECK, CALL_CHECK_SECONDS
from bot.services.outbox import Outbox
from bot.services.people import People, Person
from bot.storage import goals, reminders, schedules, sponsors
from bot.storage.database import Connection, Database
from bot.storage.outbox import NewMessage
from bot.storage.reminders import ReminderRow
from bot.storage.schedules import ScheduleRow
from bot.storage.sponsors import SponsorRow

REMINDER = "reminder"
SPONSOR_PURPOSE = "sponsor"
MAX_ACTIVE_REMINDERS = 20


class ReminderTextTooLong(ValueError):
    """Reminder text over the limit."""


class TooManyReminders(ValueError):
    """Already at the limit of active reminders."""


@dataclass(frozen=True)
class ReminderSet:
    """A stored reminder and when it first comes."""

    reminder_id: int
    text: str
    at: str
    repeat: Repeat
    ends_on: date | None
    first_on: date


@dataclass(frozen=True)
class Answered:
    """What a reminder button did."""

    reminder: ReminderRow
    local_date: date
    logged: Logged | None = None


class Reminders:
    """Use cases of reminders and sponsors."""

    def __init__(
        self, db: Database, clock: Clock, people: People, outbox: Outbox, goals_: Goals
    ) -> None:
        self._db = db
        self._clock = clock
        self._people = people
        self._outbox = outbox
        self._goals = goals_

    # --- setting --------------------------------------------------------------------------
    async def create(
        self, person: Person, plan: ReminderPlan, update_id: int, purpose: str | None = None
    ) -> ReminderSet:
        """Store a /remind and schedule its first time (once per update, even replayed)."""
        if len(plan.text) > MAX_REMINDER_TEXT:
            raise ReminderTextTooLong
        at = hhmm(plan.at)
        due = timing.next_due(at, person.zone, self._clock.now())
        first_on = local_date(datetime.fromtimestamp(due, UTC), person.zone)
        ends_on = first_on + timedelta(days=plan.days - 1) if plan.days else None
        async with self._db.transaction() as tx:
            made = await reminders.by_update(tx, update_id)
            if made is not None:
                return ReminderSet(made.reminder_id, made.text, made.at_time,
                                   Repeat(made.repeat), made.ends_on, first_on)  # fmt: skip
            if len(await reminders.active_for(tx, person.user_id)) >= MAX_ACTIVE_REMINDERS:
                raise TooManyReminders
            reminder_id = await reminders.insert(
                tx, person.user_id, plan.text, at, plan.repeat.value, ends_on, None, self._now(),
                update_id, purpose,
            )  # fmt: skip
            await schedules.upsert(tx, timing.REMINDER, person.user_id, reminder_id, at, due)
        return ReminderSet(reminder_id, plan.text, at, plan.repeat, ends_on, first_on)

    async def get(self, reminder_id: int) -> ReminderRow | None:
        """A reminder by id (rendering)."""
        return await reminders.get(self._db.reader, reminder_id)

    async def active(self, person: Person) -> list[ReminderRow]:
        """The user's active reminders."""
        return await reminders.active_for(self._db.reader, person.user_id)

    async def delete(self, presser: Person, reminder_id: int) -> ReminderRow:
        """Stop a reminder (the /reminders delete button)."""
        async with self._db.transaction() as tx:
            reminder = await self._owned(tx, presser, reminder_id)
            await reminders.delete(tx, reminder_id, self._now())
            await schedules.delete(tx, timing.REMINDER, presser.user_id, reminder_id)
            await schedules.delete(tx, timing.SNOOZE, presser.user_id, reminder_id)
        return reminder

    # --- sponsor --------------------------------------------------------------------------
    async def set_sponsor(self, person: Person, sponsor: SponsorInput) -> None:
        """Store who the user calls."""
        async with self._db.transaction() as tx:
            await sponsors.put(tx, person.user_id, sponsor.name, sponsor.username)

    async def sponsor_of(self, user_id: int) -> SponsorRow | None:
        """The user's sponsor, if any."""
        return await sponsors.get(self._db.reader, user_id)

    async def remind_to_call_sponsor(
        self, presser: Person, at: str, update_id: int
    ) -> ReminderSet:
        """The daily "call your sponsor" reminder offered after /sponsor."""
        sponsor = await self.sponsor_of(presser.user_id)
        if sponsor is None:
            raise Expired
        wall = parse_hhmm(at)
        if wall is None:
            raise Expired
        plan = ReminderPlan(wall, f"Call {sponsor.name}", Repeat.DAILY)
        existing = [r for r in await self.active(presser) if r.purpose == SPONSOR_PURPOSE]
        for old in existing:  # one daily call reminder: a new time replaces the old one
            await self.delete(presser, old.reminder_id)
        return await self.create(presser, plan, update_id, SPONSOR_PURPOSE)

    # --- buttons --------------------------------------------------------------------------
    async def done(self, presser: Person, reminder_id: int, day: date) -> Answered:
        """✅: settled for the day; a goal's reminder counts as that day's progress."""
        async with self._db.transaction() as tx:
            reminder = await self._owned(tx, presser, reminder_id)
            await reminders.set_settled(tx, reminder_id, day)
            await schedules.delete(tx, timing.SNOOZE, presser.user_id, reminder_id)
        logged = None
        goal_id = reminder.goal_id
        if goal_id is None and reminder.purpose == SPONSOR_PURPOSE:
            goal_id = await self._goals.sponsor_goal(presser)  # "call my sponsor every evening"
        if goal_id is not None:
            try:
                logged = await self._goals.log(presser, goal_id, "reminder", day)
            except Expired:
                logged = None  # the goal finished or moved on meanwhile
        return Answered(reminder, day, logged)

    async def snooze(self, presser: Person, reminder_id: int, day: date) -> Answered:
        """⏰: the same reminder again in 30 minutes, through the scheduler."""
        due = self._clock.now() + timedelta(minutes=SNOOZE_MINUTES)
        async with self._db.transaction() as tx:
            reminder = await self._owned(tx, presser, reminder_id)
            if reminder.skip_on == day or reminder.settled_on == day:
                raise Expired
            at = f"{due.astimezone(UTC):%H:%M}"
            await schedules.upsert(
                tx, timing.SNOOZE, presser.user_id, reminder_id, at, int(due.timestamp())
            )
        return Answered(reminder, day)

    async def skip(self, presser: Person, reminder_id: int, day: date) -> Answered:
        """Skip today: nothing more today (snoozes included); tomorrow as usual."""
        async with self._db.transaction() as tx:
            reminder = await self._owned(tx, presser, reminder_id)
            await reminders.set_skip(tx, reminder_id, day)
            await schedules.delete(tx, timing.SNOOZE, presser.user_id, reminder_id)
        return Answered(reminder, day)

    async def _owned(self, tx: Connection, presser: Person, reminder_id: int) -> ReminderRow:
        reminder = await reminders.get(tx, reminder_id)
        if reminder is None or reminder.deleted:
            raise Expired  # a finished one-off can still be answered; a deleted one cannot
        if reminder.user_id != presser.user_id:
            raise NotYours
        return reminder

    # --- the tick -------------------------------------------------------------------------
    async def fire(
        self, tx: Connection, rows: Sequence[ScheduleRow], now: datetime, zone_of: ZoneOf
    ) -> int:
        """Due reminders and snoozes: send what is meant for today, move the rest on."""
        now_utc = int(now.timestamp())
        messages: list[NewMessage] = []
        for row in rows:
            reminder = await reminders.get(tx, row.ref_id)
            snoozed = row.kind == timing.SNOOZE
            # A snooze of a finished one-off still comes back; a deleted reminder never does.
            if reminder is None or reminder.deleted or not (reminder.active or snoozed):
                await schedules.delete_ids(tx, [row.schedule_id])
                continue
            zone = await zone_of(tx, reminder.user_id)
            due = row.next_due_at_utc
            day = local_date(datetime.fromtimestamp(due, UTC), zone)
            if await self._wanted(tx, reminder, day, now_utc - due):
                key = f"snooze:{reminder.reminder_id}:{due}" if snoozed else None
                messages.append(_reminder_message(reminder, day, key))
                if reminder.purpose == SPONSOR_PURPOSE and not snoozed:
                    # "Did you reach Sam?" an hour later.
                    await schedules.upsert(
                        tx, CALL_CHECK, reminder.user_id, reminder.reminder_id, "00:00",
                        due + CALL_CHECK_SECONDS,
                    )  # fmt: skip
            if snoozed or Repeat(reminder.repeat) is Repeat.ONCE:
                await schedules.delete_ids(tx, [row.schedule_id])
                if not snoozed:
                    await reminders.deactivate(tx, reminder.reminder_id)
                continue
            if reminder.ends_on is not None and day >= reminder.ends_on:
                await reminders.deactivate(tx, reminder.reminder_id)
                await schedules.delete_ids(tx, [row.schedule_id])
                continue
            next_at = timing.next_due(reminder.at_time, zone, now)
            await schedules.move(tx, [(next_at, reminder.at_time, row.schedule_id)])
        await self._outbox.add(tx, messages)
        return len(messages)

    async def _wanted(self, tx: Connection, reminder: ReminderRow, day: date, late: int) -> bool:
        if late > PROMPT_GRACE_SECONDS:
            return False  # the bot was down: no stale reminders
        if not occurs_on(Repeat(reminder.repeat), day, reminder.ends_on):
            return False
        if day in (reminder.skip_on, reminder.settled_on):
            return False
        if reminder.goal_id is None:
            return True
        goal = await goals.get(tx, reminder.goal_id)
        if goal is None or goal.state != goals.ACTIVE:
            return False
        if await goals.logged_on(tx, [goal.goal_id], day):
            return False  # today's progress is already counted
        done = await goals.progress_in(tx, goal.goal_id, goal.period_start, goal.period_end)
        return done < goal.target

    def _now(self) -> int:
        return epoch_seconds(self._clock)


def _reminder_message(reminder: ReminderRow, day: date, key: str | None) -> NewMessage:
    return NewMessage(
        dedupe_key=key or f"reminder:{reminder.reminder_id}:{iso(day)}",
        chat_id=reminder.user_id,
        user_id=reminder.user_id,
        kind=REMINDER,
        params={"reminder_id": reminder.reminder_id, "local_date": iso(day)},
    )
