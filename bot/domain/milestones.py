"""The milestone schedule (SPEC §6): early days, chips and keytags, then every year."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from bot.domain.calendar import add_months


@dataclass(frozen=True)
class Milestone:
    """One step on the schedule: a number of days or of calendar months after the clean date."""

    key: str
    label: str
    days: int = 0
    months: int = 0

    @property
    def amount(self) -> tuple[int, str]:
        """The count and unit a label says: `(90, "day")`, `(1, "week")`, `(18, "month")`,
        `(2, "year")` — for labels in any language."""
        number, unit = int(self.key[:-1]), self.key[-1]
        return number, {"d": "day", "w": "week", "m": "month", "y": "year"}[unit]

    def reached_on(self, clean_date: date) -> date:
        """The local date on which this milestone is reached."""
        if self.months:
            return add_months(clean_date, self.months)
        return clean_date + timedelta(days=self.days)


FIXED_SCHEDULE: tuple[Milestone, ...] = (
    Milestone("1d", "1 day", days=1),
    Milestone("3d", "3 days", days=3),
    Milestone("1w", "1 week", days=7),
    Milestone("2w", "2 weeks", days=14),
    Milestone("30d", "30 days", days=30),
    Milestone("60d", "60 days", days=60),
    Milestone("90d", "90 days", days=90),
    Milestone("6m", "6 months", months=6),
    Milestone("9m", "9 months", months=9),
    Milestone("1y", "1 year", months=12),
    Milestone("18m", "18 months", months=18),
)
FIRST_YEARLY = 2


def yearly(years: int) -> Milestone:
    """The anniversary after `years` years (2 and later; 1 year is on the fixed schedule)."""
    return Milestone(f"{years}y", f"{years} years", months=12 * years)


def schedule() -> Iterator[Milestone]:
    """Every milestone in order, without end."""
    yield from FIXED_SCHEDULE
    years = FIRST_YEARLY
    while True:
        yield yearly(years)
        years += 1


def by_key(key: str) -> Milestone | None:
    """Look a milestone up by its stored key (`90d`, `18m`, `5y`)."""
    for milestone in FIXED_SCHEDULE:
        if milestone.key == key:
            return milestone
    if key.endswith("y") and key[:-1].isdigit() and int(key[:-1]) >= FIRST_YEARLY:
        return yearly(int(key[:-1]))
    return None


def reached(clean_date: date, today: date) -> list[tuple[Milestone, date]]:
    """Milestones reached by `today`, oldest first, with the date each was reached."""
    result = []
    for milestone in schedule():
        on = milestone.reached_on(clean_date)
        if on > today:
            break
        result.append((milestone, on))
    return result


def next_after(clean_date: date, today: date) -> tuple[Milestone, date]:
    """The first milestone still ahead of `today`, and the date it will be reached."""
    for milestone in schedule():
        on = milestone.reached_on(clean_date)
        if on > today:
            return milestone, on
    raise AssertionError("the schedule is endless")  # pragma: no cover


def unawarded(clean_date: date, today: date, already: set[str]) -> list[tuple[Milestone, date]]:
    """Milestones reached by `today` that have not been awarded yet, oldest first.

    When one date change passes several, only the last (highest) is celebrated; the
    caller records the others silently.
    """
    return [(m, on) for m, on in reached(clean_date, today) if m.key not in already]


@dataclass(frozen=True)
class Recorded:
    """A milestone already recorded for a streak."""

    reached_on: date
    celebrated: bool


@dataclass(frozen=True)
class Rederived:
    """What a clean date, set or corrected on `today`, makes true for its streak.

    `reached`: every milestone the date has reached, with its day (what is recorded);
    `dropped`: recorded keys the date never reached (false now: removed, and any group
    announcement of them corrected); `today`: the one reached today, if any; `congratulate`:
    whether it still needs its 🎉 (not given in this streak yet); `last`: the latest reached
    before today (said in the reply, never cheered).
    """

    reached: list[tuple[Milestone, date]]
    dropped: list[str]
    today: Milestone | None
    congratulate: bool
    last: tuple[Milestone, date] | None


def rederive(clean_date: date, today: date, recorded: dict[str, Recorded]) -> Rederived:
    """The milestones of a streak re-derived from its (new) clean date: the recorded ones
    become exactly those the date has reached, whatever dates were set before."""
    truth = reached(clean_date, today)
    keys = {milestone.key for milestone, _ in truth}
    dropped = sorted(key for key in recorded if key not in keys)
    on_today = [milestone for milestone, on in truth if on == today]
    fresh = on_today[-1] if on_today else None
    seen = recorded.get(fresh.key) if fresh is not None else None
    # At most once per streak: one already congratulated (and still true) is not again.
    congratulate = fresh is not None and (seen is None or not seen.celebrated)
    earlier = [(milestone, on) for milestone, on in truth if on < today]
    return Rederived(truth, dropped, fresh, congratulate, earlier[-1] if earlier else None)
