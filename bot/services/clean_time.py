"""Clean time: setting the clean date, counting days, relapses, history."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import Enum

from bot.domain import milestones, phrase_banks
from bot.domain.dates import DateInputError, DateProblem, parse_past_date
from bot.domain.milestones import Milestone
from bot.domain.streaks import Streak, longest
from bot.services.errors import Expired, NotYours
from bot.services.milestone_awards import MilestoneAwards
from bot.services.outbox import Outbox
from bot.services.people import People, Person
from bot.storage import streaks
from bot.storage.database import Database


@dataclass(frozen=True)
class DaysView:
    """What /days shows."""

    today: date
    clean_date: date
    days: int
    next_milestone: Milestone
    next_on: date
    # Set by /sober: the latest milestone passed before today (said, never cheered) and
    # the one reached today (its 🎉 follows).
    last_milestone: tuple[Milestone, date] | None = None
    milestone_today: Milestone | None = None

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
    """What a recorded relapse answers: the streak that ended, the longest, the new start."""

    ended_days: int
    longest_days: int
    relapse_on: date
    new_clean_date: date
    today: date
    streak_id: int  # the new streak (Undo removes it)


@dataclass(frozen=True)
class ResetPreview:
    """What a reset would record, shown before the person confirms."""

    relapse_on: date
    new_clean_date: date


# A reset can be undone for this long (a mistaken tap, a wrong day).
UNDO_SECONDS = 24 * 3600


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


def date_languages(language: str) -> tuple[str, ...]:
    """dateparser's codes for the words a person types dates in (pt_BR → pt)."""
    return (language.split("_")[0],)


def read_date(text: str, today: date, language: str) -> date:
    """A past date in the person's words ("anoche", "вчора", "vor 3 Tagen", "2026-01-31")."""
    english = phrase_banks.english_when(text, language)
    return parse_past_date(english or text, today, date_languages(language))


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
        clean_date = read_date(text, today, person.language)
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
            derived = await self._awards.rederive(tx, person.user_id, streak_id, clean_date, today)
        self._outbox.notify()
        return replace(
            view_days(clean_date, today),
            last_milestone=derived.last,
            milestone_today=derived.today,
        )

    async def preview_reset(self, person: Person, text: str | None) -> ResetPreview:
        """The relapse day read from `text` (today when empty), checked against the streak;
        nothing is changed. Raises DateInputError / CleanDateRefused."""
        today = self._people.today_for(person)
        relapse_on = read_date(text, today, person.language) if text else today
        current = await streaks.current(self._db.reader, person.user_id)
        if current is None:
            raise CleanDateRefused(DateRefusal.NO_CLEAN_DATE)
        if relapse_on < current.clean_date:
            raise CleanDateRefused(DateRefusal.BEFORE_CLEAN_DATE, current.clean_date)
        return ResetPreview(relapse_on, relapse_on + timedelta(days=1))

    async def reset(self, person: Person, relapse_on: date, update_id: int) -> ResetView:
        """Record a relapse the person confirmed: the streak ends that day, the new one
        starts the day after. Nothing is celebrated for it; a replay changes nothing."""
        today = self._people.today_for(person)
        async with self._db.transaction() as tx:
            made = await streaks.reset_row(tx, update_id=update_id)
            if made is None:
                current = await streaks.current(tx, person.user_id)
                if current is None or relapse_on > today:
                    raise Expired
                if relapse_on < current.clean_date:
                    raise CleanDateRefused(DateRefusal.BEFORE_CLEAN_DATE, current.clean_date)
                await streaks.end(tx, current.streak_id, relapse_on)
                new_clean = relapse_on + timedelta(days=1)
                streak_id = await streaks.start(
                    tx, person.user_id, new_clean, self._people.now_utc(),
                    replaces=current.streak_id, update_id=update_id,
                )  # fmt: skip
                # Days already past (a relapse some days back) are recorded, never cheered;
                # a milestone falling today (1 day, after /reset 2 days ago) is.
                await self._awards.rederive(tx, person.user_id, streak_id, new_clean, today)
                made = await streaks.reset_row(tx, streak_id=streak_id)
            assert made is not None
            history = await streaks.all_for(tx, person.user_id)
        ended = next(row for row in history if row.streak_id == made.replaces_streak_id)
        return ResetView(
            ended_days=Streak(ended.clean_date, ended.ended_on).days(today),
            longest_days=longest((Streak(row.clean_date, row.ended_on) for row in history), today),
            relapse_on=made.clean_date - timedelta(days=1),
            new_clean_date=made.clean_date,
            today=today,
            streak_id=made.streak_id,
        )

    async def undo_reset(self, presser: Person, streak_id: int) -> DaysView:
        """Undo a reset within 24 h: the earlier streak runs on exactly as it was."""
        async with self._db.transaction() as tx:
            made = await streaks.reset_row(tx, streak_id=streak_id)
            if made is None or made.replaces_streak_id is None:
                raise Expired
            if made.user_id != presser.user_id:
                raise NotYours
            too_late = self._people.now_utc() - made.created_at_utc > UNDO_SECONDS
            if made.ended_on is not None or too_late:
                raise Expired
            await self._awards.withdraw_streak(tx, presser.user_id, made.streak_id)
            await streaks.undo_reset(tx, made.streak_id, made.replaces_streak_id)
            restored = await streaks.current(tx, presser.user_id)
        self._outbox.notify()
        assert restored is not None
        return view_days(restored.clean_date, self._people.today_for(presser))

    async def relapse_day(self, person: Person, when: str | None) -> date | None:
        """The day a relapse told in words happened ("last night"), if the words say and it
        is not before the current clean date; None: ask."""
        if when is None:
            return None
        try:
            day = parse_past_date(
                when, self._people.today_for(person), date_languages(person.language)
            )
        except DateInputError:
            return None
        current = await streaks.current(self._db.reader, person.user_id)
        return day if current is None or day >= current.clean_date else None

    async def still_true(self, user_id: int, streak_id: int, clean_date: date) -> bool:
        """Whether this streak is still current with this clean date (a congratulation
        queued before a correction is not sent)."""
        current = await streaks.current(self._db.reader, user_id)
        return (
            current is not None
            and current.streak_id == streak_id
            and current.clean_date == clean_date
        )

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
