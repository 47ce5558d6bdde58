"""Daily check-ins: the prompt's content, mood and craving answers, notes, the daily time."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from bot.clock import Clock, epoch_seconds
from bot.domain.checkins import Craving, question_index
from bot.domain.local_time import daily_time_or_off
from bot.services import timing
from bot.services.errors import Expired, NotYours
from bot.services.people import People, Person
from bot.storage import check_ins, streaks, users
from bot.storage.check_ins import CheckInRow
from bot.storage.database import Connection, Database

# Buttons on prompts older than this say "expired".
ANSWERABLE_DAYS = 7


@dataclass(frozen=True)
class CheckinView:
    """Everything a check-in prompt shows."""

    user_id: int
    local_date: date
    days: int | None
    question_id: int
    mood: int | None
    craving: Craving | None
    has_note: bool
    goals: tuple[tuple[int, str, bool], ...] = ()  # (goal id, title, counted that day)


def _view_of(row: CheckInRow, clean_date: date | None) -> CheckinView:
    days = None
    if clean_date is not None and clean_date <= row.local_date:
        days = (row.local_date - clean_date).days
    return CheckinView(
        user_id=row.user_id,
        local_date=row.local_date,
        days=days,
        question_id=row.question_id,
        mood=row.mood,
        craving=Craving(row.craving) if row.craving else None,
        has_note=row.notes > 0,
        goals=row.goals,
    )


class CheckIns:
    """Use cases of the daily check-in."""

    def __init__(self, db: Database, clock: Clock, people: People, question_count: int) -> None:
        self._db = db
        self._clock = clock
        self._people = people
        self.question_count = question_count

    async def view(
        self, user_id: int, local_date: date, connection: Connection | None = None
    ) -> CheckinView | None:
        """The check-in of a user on a date, if one was opened."""
        connection = connection or self._db.reader
        row = await check_ins.get(connection, user_id, local_date)
        if row is None:
            return None
        current = await streaks.current(connection, user_id)
        return _view_of(row, current.clean_date if current else None)

    async def views(
        self, pairs: Iterable[tuple[int, date]]
    ) -> dict[tuple[int, date], CheckinView]:
        """`view` for many (user, date) pairs at once (the sender's batch of prompts)."""
        found = await check_ins.with_clean_dates(self._db.reader, pairs)
        return {key: _view_of(row, clean_date) for key, (row, clean_date) in found.items()}

    async def open_today(self, person: Person) -> CheckinView:
        """Today's check-in, opened now if the scheduled prompt has not come yet (/checkin)."""
        today = self._people.today_for(person)
        question = question_index(person.user_id, today, self.question_count)
        async with self._db.transaction() as tx:
            await check_ins.open_many(tx, [(person.user_id, today, question)], self._now())
            view = await self.view(person.user_id, today, tx)
        assert view is not None
        return view

    async def record_prompt(self, user_id: int, local_date: date, message_id: int) -> None:
        """Replies to this message are notes for that date."""
        async with self._db.transaction() as tx:
            await check_ins.set_prompt(tx, user_id, local_date, message_id)

    async def choose(
        self,
        presser_id: int,
        owner_id: int,
        local_date: date,
        *,
        mood: int | None = None,
        craving: Craving | None = None,
    ) -> CheckinView:
        """A mood or craving button: saved for the owner's date, re-checked against the presser."""
        if presser_id != owner_id:
            raise NotYours
        # The UTC date is within a day of any local date: no need to look the zone up.
        utc_today = self._clock.now().date()
        if local_date < utc_today - timedelta(days=ANSWERABLE_DAYS + 1):
            raise Expired
        async with self._db.single_statement() as writer:
            saved = await check_ins.answer(
                writer,
                owner_id,
                local_date,
                self._now(),
                mood=mood,
                craving=craving.value if craving else None,
            )
        if saved is None:
            raise Expired
        return _view_of(*saved)

    async def set_time(self, person: Person, text: str) -> str | None:
        """`HH:MM` or `off`; returns the stored time (None = off). Raises ValueError."""
        value = daily_time_or_off(text)
        async with self._db.transaction() as tx:
            await users.set_checkin_time(tx, person.user_id, value)
            await timing.set_daily(tx, person.user_id, person.zone, value, self._clock.now())
        return value

    async def current_time(self, person: Person) -> str | None:
        """The user's check-in time, None when off."""
        return await users.checkin_time(self._db.reader, person.user_id)

    def _now(self) -> int:
        return epoch_seconds(self._clock)
