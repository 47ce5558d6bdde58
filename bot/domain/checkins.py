"""Daily check-in rules: answers, journaling rotation, silence without guilt."""

from __future__ import annotations

from datetime import date, time
from enum import Enum

MAX_NOTE_LENGTH = 2000
MOODS = (1, 2, 3, 4, 5)
DEFAULT_CHECKIN_TIME = time(20, 0)
# When check-ins are off, milestones are still checked once a day at this local time.
MILESTONE_CHECK_TIME = time(9, 0)
# After this many days without a word from the user: one gentle line, then quiet.
SILENT_DAYS_BEFORE_NUDGE = 3
# A prompt claimed later than this after its time is skipped (the bot was down): no stale prompts.
PROMPT_GRACE_SECONDS = 6 * 3600


class Craving(Enum):
    """How strong a craving was today."""

    NONE = "none"
    MILD = "mild"
    STRONG = "strong"


def question_index(user_id: int, local_date: date, count: int) -> int:
    """The journaling question for a user on a date: rotates daily, differs between users."""
    return (local_date.toordinal() + user_id) % count


def is_silent(last_seen: date, today: date) -> bool:
    """Whether the user has been quiet long enough for the one gentle check."""
    return (today - last_seen).days >= SILENT_DAYS_BEFORE_NUDGE
