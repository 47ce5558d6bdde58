"""Small goals (micro-milestones): reading a plain sentence into a plan, periods, progress.

Pure: no I/O. The whole text stays the goal's title; the parser only decides the kind,
the target per period, the period, an optional reminder time and the reason ("because…").
When the schedule cannot be told, it says so instead of guessing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, time, timedelta
from enum import Enum

MAX_TITLE_LENGTH = 200
MAX_ACTIVE_GOALS = 20
DAYS_PER_WEEK = 7


class GoalKind(Enum):
    """What kind of commitment it is."""

    ONCE = "once"  # do it one time
    DAILY = "daily"  # every day of the period
    COUNT = "count"  # N days within the period


class PeriodKind(Enum):
    """How a goal's period is measured."""

    NONE = "none"  # no deadline (once)
    WEEK = "week"  # calendar week, Monday to Sunday 23:59 local
    DAYS = "days"  # N days starting the day the goal is set


@dataclass(frozen=True)
class GoalPlan:
    """A parsed goal."""

    title: str
    kind: GoalKind
    target: int  # days of progress needed per period (one day counts once)
    period: PeriodKind
    period_days: int = 0  # for DAYS
    repeats: bool = False  # rolls into the next period when one ends
    total_days: int | None = None  # a repeating goal that stops after this many days
    reminder_at: time | None = None
    reason: str | None = None


@dataclass(frozen=True)
class NeedsSchedule:
    """The text did not say how often: ask (once / daily / N times a week)."""

    title: str
    reminder_at: time | None = None
    reason: str | None = None


NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "ninety": 90, "a": 1, "an": 1, "a couple of": 2, "a few": 3,
}  # fmt: skip
_UNIT_DAYS = {"day": 1, "night": 1, "week": 7, "month": 30}
_EVENT_NOUNS = (
    "sessions|session|meetings|meeting|groups|group|classes|class|calls|call|walks|walk|runs|run"
    "|workouts|workout|visits|visit|appointments|appointment|days|nights|times|hikes|swims"
    "|yoga|gym|check-ins|checkins|journals|entries|prayers|meditations"
)
_NUM = r"([0-9]{1,3})"
_REASON = re.compile(r"\s*\b(?:because|cause|so that)\b\s*(.*)$", re.IGNORECASE | re.DOTALL)


def title_without_reason(title: str) -> str:
    """A goal's title as the person names it, its "because …" left to the reason (a title
    without one is given back exactly as written)."""
    if _REASON.search(title) is None:
        return title
    return _REASON.sub("", title).rstrip() or title


_AT_TIME = re.compile(
    r"\b(?:at|@)\s*([0-9]{1,2})(?:[:.h]([0-9]{2}))?\s*(am|pm|a\.m\.|p\.m\.)?(?=\s|$|[,.;!])",
    re.IGNORECASE,
)
_TIMES = re.compile(rf"\b{_NUM}\s*(?:x|times?)\b|\b(twice|thrice)\b")
_PER_WEEK = re.compile(r"\b(?:a|per|each|every|one|1|in a)\s+week\b|\bweekly\b|/\s*week\b")
_PER_DAY = re.compile(r"\b(?:a|per|each|every)\s+day\b")
_THIS_WEEK = re.compile(r"\b(?:this|the rest of the|by the end of the|by end of)\s+week\b")
_WITHIN = re.compile(
    rf"\b(?:in|within|over|during)\s+(?:the\s+next\s+)?{_NUM}\s+(day|week|month)s?\b"
)
_FOR_SPAN = re.compile(
    rf"\b(?:for|during)\s+(?:the\s+next\s+)?{_NUM}\s+(day|night|week|month)s?\b"
    r"|\bfor\s+(?:a|one|1)\s+(day|night|week|month)\b"
)
_DAILY = re.compile(
    r"\b(?:every|each)\s+(?:single\s+)?(?:day|morning|evening|night|afternoon|noon|lunch|bedtime)\b"
    r"|\bdaily\b|\bnightly\b|\bevery\s*day\b|\beveryday\b|\bday by day\b|\bmornings\b|\bevenings\b"
    r"|\bnights\b"
)
_WEEKLY = re.compile(r"\bweekly\b|\b(?:every|each|once a|once per)\s+week\b")
# "3 meetings", "three triggers", "2 chapters": a number of things to do. Amounts measured
# in units ("30 minutes", "5 km") are not counts of doing.
_UNITS = r"minutes|mins|hours|hrs|seconds|secs|km|kms|miles|pounds|kilos|kgs|steps|pages|litres"
_COUNTED_NOUN = re.compile(
    rf"\b{_NUM}\s+(?:\w+\s+){{0,2}}?(?:{_EVENT_NOUNS}|(?!(?:{_UNITS})\b)[a-z]{{3,}}s)\b"
)
_ONCE = re.compile(
    r"\b(?:once|one time|1 time|today|tonight|tomorrow|this weekend|next"
    r"|during|when(?:ever)?|if|after|before|by (?:mon|tues|wednes|thurs|fri|satur|sun)day"
    r"|on (?:mon|tues|wednes|thurs|fri|satur|sun)day|this (?:morning|afternoon|evening))\b"
)


def _words_to_digits(text: str) -> str:
    for word in sorted(NUMBER_WORDS, key=len, reverse=True):
        if word in ("a", "an"):
            continue
        text = re.sub(rf"\b{word}\b", str(NUMBER_WORDS[word]), text)
    return text


def _reminder_time(text: str) -> time | None:
    match = _AT_TIME.search(text)
    if match is None:
        return None
    hour, minute = int(match[1]), int(match[2] or 0)
    suffix = (match[3] or "").replace(".", "").lower()
    if not suffix and match[2] is None and "h" not in match[0].lower():
        return None  # "at 3" alone is too ambiguous to be a time
    if suffix == "pm" and hour < 12:
        hour += 12
    if suffix == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def _span_days(amount: str | None, unit: str) -> int:
    return max(1, int(amount or 1)) * _UNIT_DAYS[unit]


def parse_goal(text: str) -> GoalPlan | NeedsSchedule:
    """Read a goal. Never raises; unclear schedules become `NeedsSchedule`."""
    title = " ".join(text.split())
    reason = None
    if match := _REASON.search(title):
        reason = match[1].strip() or None
    reminder_at = _reminder_time(title)
    body = _REASON.sub("", title).lower()
    body = _AT_TIME.sub(" ", body) if reminder_at else body
    body = _words_to_digits(" ".join(body.split()))

    plan = _plan(body)
    if plan is None:
        return NeedsSchedule(title, reminder_at, reason)
    return replace(plan, title=title, reminder_at=reminder_at, reason=reason)


def _plan(body: str) -> GoalPlan | None:
    span = _FOR_SPAN.search(body)
    span_days = _span_days(span[1], span[2] or span[3]) if span else None
    within = _WITHIN.search(body)
    times = _TIMES.search(body)

    if times:
        count = int(times[1]) if times[1] else {"twice": 2, "thrice": 3}[times[2]]
        if within:
            return _count_in_days(count, _span_days(within[1], within[2]))
        if _PER_DAY.search(body):
            return _daily(span_days)  # several times a day still counts one day once
        if _THIS_WEEK.search(body):
            return GoalPlan("", GoalKind.COUNT, count, PeriodKind.WEEK, 7)
        if _PER_WEEK.search(body):
            return GoalPlan("", GoalKind.COUNT, count, PeriodKind.WEEK, 7, True, span_days)
        if span_days:
            return _count_in_days(count, span_days)
        return None
    if _DAILY.search(body):
        return _daily(span_days)
    if _WEEKLY.search(body):
        return GoalPlan("", GoalKind.COUNT, 1, PeriodKind.WEEK, 7, True, span_days)
    counted = _COUNTED_NOUN.search(body)
    in_a_week = _THIS_WEEK.search(body) or _PER_WEEK.search(body)
    if counted and (within or (in_a_week and 1 <= int(counted[1]) <= 7)):
        count = int(counted[1])
        if within:
            return _count_in_days(count, _span_days(within[1], within[2]))
        repeats = not _THIS_WEEK.search(body)
        return GoalPlan("", GoalKind.COUNT, count, PeriodKind.WEEK, 7, repeats)
    if _THIS_WEEK.search(body):
        return GoalPlan("", GoalKind.COUNT, 1, PeriodKind.WEEK, 7)
    if within:
        return _count_in_days(1, _span_days(within[1], within[2]))
    if span_days:
        return _daily(span_days)
    if _ONCE.search(body):
        return GoalPlan("", GoalKind.ONCE, 1, PeriodKind.NONE)
    return None


def _daily(span_days: int | None) -> GoalPlan:
    if span_days:
        return GoalPlan("", GoalKind.DAILY, span_days, PeriodKind.DAYS, span_days)
    # Open-ended daily goals are counted in rolling weeks: 7 of 7 days celebrates.
    return GoalPlan("", GoalKind.DAILY, DAYS_PER_WEEK, PeriodKind.DAYS, DAYS_PER_WEEK, True)


def _count_in_days(count: int, days: int) -> GoalPlan:
    # One day counts once, so a target above the days available is capped.
    return GoalPlan("", GoalKind.COUNT, max(1, min(count, days)), PeriodKind.DAYS, days)


def plan_for_choice(
    choice: str, title: str, reminder_at: time | None, reason: str | None
) -> GoalPlan:
    """The plan behind an answer to the "how often?" buttons: once, daily, w2, w3..."""
    if choice == "once":
        plan = GoalPlan("", GoalKind.ONCE, 1, PeriodKind.NONE)
    elif choice == "daily":
        plan = _daily(None)
    else:
        count = int(choice.removeprefix("w"))
        plan = GoalPlan("", GoalKind.COUNT, count, PeriodKind.WEEK, 7, True)
    return replace(plan, title=title, reminder_at=reminder_at, reason=reason)


# --- periods -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Period:
    """The local dates a goal's current period covers (end None: no deadline)."""

    start: date
    end: date | None


def first_period(plan: GoalPlan, today: date) -> Period:
    """The period a new goal starts in."""
    if plan.period is PeriodKind.NONE:
        return Period(today, None)
    if plan.period is PeriodKind.WEEK:
        return Period(today, _week_end(today, stretch=plan.repeats, target=plan.target))
    return Period(today, today + timedelta(days=plan.period_days - 1))


def _week_end(today: date, *, stretch: bool, target: int) -> date:
    """This week's Sunday; next week's when `stretch` and too few days are left for `target`."""
    sunday = today + timedelta(days=6 - today.weekday())
    if stretch and (sunday - today).days + 1 < target:
        sunday += timedelta(days=DAYS_PER_WEEK)
    return sunday


def next_period(plan: GoalPlan, current: Period) -> Period:
    """The period after `current` for a repeating goal (or a retry)."""
    assert current.end is not None
    start = current.end + timedelta(days=1)
    if plan.period is PeriodKind.WEEK:
        return Period(start, start + timedelta(days=6 - start.weekday()))
    return Period(start, start + timedelta(days=max(plan.period_days, 1) - 1))


def retry_period(plan: GoalPlan, today: date) -> Period:
    """Try again: a fresh period from today. A weekly goal gets the rest of this week when
    there is time enough for its target, otherwise the whole next week."""
    if plan.period is PeriodKind.WEEK:
        sunday = _week_end(today, stretch=True, target=plan.target)
        start = today if (sunday - today).days < DAYS_PER_WEEK else sunday - timedelta(days=6)
        return Period(start, sunday)
    return first_period(plan, today)


def smaller(plan: GoalPlan, target: int | None = None) -> GoalPlan:
    """Make it smaller: to `target` (the person's choice), or about half, at least one."""
    chosen = max(1, min(plan.target - 1, target)) if target else max(1, plan.target // 2)
    return replace(plan, target=chosen, kind=_smaller_kind(plan), title=retitled(plan, chosen))


def retitled(plan: GoalPlan, target: int) -> str:
    """The title with its number changed: "go to 3 meetings" → "go to 2 meetings"."""
    words = {number: word for word, number in NUMBER_WORDS.items() if word.isalpha()}
    digits = re.compile(rf"\b{plan.target}\b")
    if digits.search(plan.title):
        return digits.sub(str(target), plan.title, count=1)
    word = words.get(plan.target)
    if word and re.search(rf"\b{word}\b", plan.title, re.IGNORECASE):
        return re.sub(rf"\b{word}\b", str(target), plan.title, count=1, flags=re.IGNORECASE)
    return plan.title


def smaller_choices(target: int) -> list[int]:
    """The targets offered by "make it smaller" (fewer than now, at most six buttons)."""
    return list(range(1, target))[-6:] if target > 1 else [1]


def _smaller_kind(plan: GoalPlan) -> GoalKind:
    return GoalKind.COUNT if plan.kind is GoalKind.DAILY and plan.target > 1 else plan.kind


def progress_bar(done: int, target: int, cells: int = 10) -> str:
    """`▰▰▰▱▱ 3/5`; long targets are scaled to `cells` cells."""
    shown = min(target, cells)
    filled = min(shown, round(done * shown / target)) if target else 0
    return "▰" * filled + "▱" * (shown - filled) + f" {min(done, target)}/{target}"
