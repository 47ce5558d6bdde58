"""Streaks of clean time: days clean, lengths, the longest one."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Streak:
    """A run of clean time from `clean_date`; `ended_on` is the relapse date, None if current."""

    clean_date: date
    ended_on: date | None = None

    def days(self, today: date) -> int:
        """Whole calendar days clean: 0 on the clean date itself, 1 the day after."""
        end = self.ended_on if self.ended_on is not None else today
        return max(0, (end - self.clean_date).days)


def days_clean(clean_date: date, today: date) -> int:
    """Calendar days between the clean date and the user's local today."""
    return Streak(clean_date).days(today)


def longest(streaks: Iterable[Streak], today: date) -> int:
    """Length in days of the longest streak, current one included (0 when there are none)."""
    return max((streak.days(today) for streak in streaks), default=0)
