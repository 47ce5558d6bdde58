"""Clean time: setting the clean date, counting days, relapses, history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum

from bot.domain import milestones
from bot.domain.dates import DateInputError, DateProblem, parse_past_date
from bot.domain.milestones import Milestone
from bot.domain.streaks import Streak, longest
from bot.services.milestone_awards import AwardCheck, MilestoneAwards
from bot.services.outbox import Outbox
from bot.services.people import People, Person
from bot.storage import streaks
from bot.storage.database import Connection, Database


@dataclass(frozen=True)
class DaysView:
    """What /days shows."""

    today: date
    clean_date: date
    days: int
    next_milestone: Milestone
    next_on: date

    @property
    def days_to_next(self) -> int:
        """Days from today until the next milestone."""
        return (self.next_on - self.today).days


class DateRefusal(Enum):
    """Why a clean or relapse date was refused (beyond parsing)."""

    BEFORE_LAST_RESET = "before_last_reset"
    BEFORE_CLEAN_DATE = "before_clean_date"
    NO_CLEAN_DATE = "no_clean_date"


class CleanDateRefused(ValueError):
    """A well-formed date that cannot be used here."""

    def __init__(self, refusal: DateRefusal, boundary: date | None = None) -> None:
        super().__init__(refusal.value)
        self.refusal = refusal
        self.boundary = boundary


@dataclass(frozen=True)
class ResetView:
    """What /reset answers: the streak that ended, the longest, the new start."""

    ended_days: int
    longest_days: int
    new_clean_date: date
    today: date


@dataclass(frozen=True)
class StreakHistory:
    """One streak with the milestones it reached."""

    streak: Streak
    days: int
    reached: list[tuple[Milestone, date]]


@dataclass(frozen=True)
class HistoryView:
    """What /history shows, newest streak first."""

    streaks: list[StreakHistory]
    longest_days: int


def view_days(clean_date: date, today: date) -> DaysView:
    """The /days numbers for a clean date on a local date."""
    upcoming, on = milestones.next_after(clean_date, today)
    return DaysView(today, clean_date, Streak(clean_date).days(today), upcoming, on)


class CleanTime:
    """Use cases around the clean date."""

    def __init__(
        self, db: Database, people: People, awards: MilestoneAwards, outbox: Outbox
    ) -> None:
        self._db = db
        self._people = people
        self._awards = awards
        self._outbox = outbox

    async def set_clean_date(self, person: Person, text: str) -> DaysView:
        """Set (or correct) the current clean date. Raises DateInputError / CleanDateRefused."""
        today = self._people.today_for(person)
        clean_date = parse_past_date(text, today)
        async with self._db.transaction() as tx:
            history = await streaks.all_for(tx, person.user_id)
            current = next((row for row in history if row.ended_on is None), None)
            last_end = max((row.ended_on for row in history if row.ended_on), default=None)
            if last_end is not None and clean_date < last_end:
                raise CleanDateRefused(DateRefusal.BEFORE_LAST_RESET, last_end)
            if current is None:
                streak_id = await streaks.start(
                    tx, person.user_id, clean_date, self._people.now_utc()
                )
            else:
                streak_id = current.streak_id
                await streaks.move_clean_date(tx, streak_id, clean_date)
            await self._award_at_once(tx, person, streak_id, clean_date, today)
        self._outbox.notify()
        return view_days(clean_date, today)

    async def reset(self, person: Person, text: str | None) -> ResetView:
        """Record a relapse on `text` (default today): the streak ends, a new one starts."""
        today = self._people.today_for(person)
        relapse_on = parse_past_date(text, today) if text else today
        async with self._db.transaction() as tx:
            current = await streaks.current(tx, person.user_id)
            if current is None:
                raise CleanDateRefused(DateRefusal.NO_CLEAN_DATE)
            if relapse_on < current.clean_date:
                raise CleanDateRefused(DateRefusal.BEFORE_CLEAN_DATE, current.clean_date)
            await streaks.end(tx, current.streak_id, relapse_on)
            streak_id = await streaks.start(tx, person.user_id, relapse_on, self._people.now_utc())
            history = await streaks.all_for(tx, person.user_id)
            await self._award_at_once(tx, person, streak_id, relapse_on, today)
        self._outbox.notify()
        ended = Streak(current.clean_date, relapse_on)
        return ResetView(
            ended_days=ended.days(today),
            longest_days=longest((Streak(row.clean_date, row.ended_on) for row in history), today),
            new_clean_date=relapse_on,
            today=today,
        )

    async def _award_at_once(
        self, tx: Connection, person: Person, streak_id: int, clean_date: date, today: date
    ) -> None:
        """A date already past milestones is celebrated now, not at the next daily check."""
        await self._awards.award(tx, [AwardCheck(person.user_id, streak_id, clean_date, today)])

    async def has_clean_date(self, person: Person) -> bool:
        """Whether the person has told us a clean date."""
        return await streaks.current(self._db.reader, person.user_id) is not None

    async def days(self, person: Person) -> DaysView | None:
        """Days clean and the next milestone; None before a clean date is set."""
        current = await streaks.current(self._db.reader, person.user_id)
        if current is None:
            return None
        return view_days(current.clean_date, self._people.today_for(person))

    async def history(self, person: Person) -> HistoryView:
        """Every streak, newest first, with milestones reached and the longest streak."""
        today = self._people.today_for(person)
        rows = await streaks.all_for(self._db.reader, person.user_id)
        items = []
        for row in reversed(rows):
            streak = Streak(row.clean_date, row.ended_on)
            end = row.ended_on if row.ended_on is not None else today
            items.append(
                StreakHistory(streak, streak.days(today), milestones.reached(row.clean_date, end))
            )
        return HistoryView(items, longest((item.streak for item in items), today))


__all__ = ["CleanDateRefused", "CleanTime", "DateInputError", "DateProblem", "DateRefusal"]
