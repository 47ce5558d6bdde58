"""The goal parser: real phrasings → kind, target, period; unclear ones ask instead of guess."""

from __future__ import annotations

from datetime import date, time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.goals import (
    GoalKind,
    GoalPlan,
    NeedsSchedule,
    PeriodKind,
    first_period,
    next_period,
    parse_goal,
    plan_for_choice,
    progress_bar,
    retry_period,
    smaller,
)

ONCE, D, C = GoalKind.ONCE, GoalKind.DAILY, GoalKind.COUNT
NONE, WEEK, DAYS = PeriodKind.NONE, PeriodKind.WEEK, PeriodKind.DAYS

# (text, kind, target, period, period_days, repeats)
PHRASINGS = [
    # the seed examples
    ("attend 3 group sessions this week", C, 3, WEEK, 7, False),
    ("call my sponsor every evening for 7 days at 19:00", D, 7, DAYS, 7, False),
    ("journal every night", D, 7, DAYS, 7, True),
    ("walk 20 min 5 times in 2 weeks", C, 5, DAYS, 14, False),
    ("go to a meeting twice a week", C, 2, WEEK, 7, True),
    ("no negative self-talk for 1 day", D, 1, DAYS, 1, False),
    ("practice a coping strategy during a craving", ONCE, 1, NONE, 0, False),
    ("weekly support group for 90 days", C, 1, WEEK, 7, True),
    # numbers as words
    ("attend three group sessions this week", C, 3, WEEK, 7, False),
    ("go to two meetings this week", C, 2, WEEK, 7, False),
    ("go to three meetings a week", C, 3, WEEK, 7, True),
    ("run four times a week", C, 4, WEEK, 7, True),
    ("call my sister once a week", C, 1, WEEK, 7, True),
    ("meditate five times in ten days", C, 5, DAYS, 10, False),
    ("go to the gym thrice a week", C, 3, WEEK, 7, True),
    # daily
    ("meditate every morning", D, 7, DAYS, 7, True),
    ("take my meds daily", D, 7, DAYS, 7, True),
    ("pray every day for 30 days", D, 30, DAYS, 30, False),
    ("read a recovery reading each morning for two weeks", D, 14, DAYS, 14, False),
    ("write a gratitude list every night for a week", D, 7, DAYS, 7, False),
    ("stretch everyday", D, 7, DAYS, 7, True),
    ("drink water each afternoon", D, 7, DAYS, 7, True),
    ("go to bed before midnight every day", D, 7, DAYS, 7, True),
    ("walk nightly after dinner", D, 7, DAYS, 7, True),
    # spans without another frequency → every day of the span
    ("stay off social media for 3 days", D, 3, DAYS, 3, False),
    ("no energy drinks for 2 weeks", D, 14, DAYS, 14, False),
    ("avoid the old bar for a month", D, 30, DAYS, 30, False),
    ("no gambling apps for a week", D, 7, DAYS, 7, False),
    # counts in a span
    ("go for a run 3 times in 10 days", C, 3, DAYS, 10, False),
    ("call a friend 2x this week", C, 2, WEEK, 7, False),
    ("attend 4 meetings in 2 weeks", C, 4, DAYS, 14, False),
    ("do yoga 10 times in 5 days", C, 5, DAYS, 5, False),  # one day counts once: capped
    ("visit the library 2 times over the next 3 weeks", C, 2, DAYS, 21, False),
    # weekly
    ("weekly therapy session", C, 1, WEEK, 7, True),
    ("see my counselor every week", C, 1, WEEK, 7, True),
    ("call mom once a week at 6pm", C, 1, WEEK, 7, True),
    ("clean my room this week", C, 1, WEEK, 7, False),
    # once
    ("tell my partner the truth today", ONCE, 1, NONE, 0, False),
    ("call the clinic tomorrow", ONCE, 1, NONE, 0, False),
    ("throw away the old pipe once", ONCE, 1, NONE, 0, False),
    ("leave the party early if I feel triggered", ONCE, 1, NONE, 0, False),
    ("use the breathing exercise when a craving hits", ONCE, 1, NONE, 0, False),
    ("book a dentist appointment on friday", ONCE, 1, NONE, 0, False),
    ("ask for a sponsor at the next meeting", ONCE, 1, NONE, 0, False),
]


@pytest.mark.parametrize(("text", "kind", "target", "period", "period_days", "repeats"), PHRASINGS)
def test_phrasing_parses_to_kind_target_and_period(
    text: str, kind: GoalKind, target: int, period: PeriodKind, period_days: int, repeats: bool
) -> None:
    plan = parse_goal(text)
    assert isinstance(plan, GoalPlan), plan
    assert (plan.kind, plan.target, plan.period, plan.period_days, plan.repeats) == (
        kind, target, period, period_days, repeats,
    )  # fmt: skip
    assert plan.title == text


def test_there_are_at_least_forty_phrasings() -> None:
    assert len(PHRASINGS) >= 40


@pytest.mark.parametrize(
    "text",
    ["exercise more", "be a better person", "meetings", "sobriety", "call my sponsor",
     "read the big book", "get healthy", "stop", "🙂", "go to the gym"],
)  # fmt: skip
def test_unclear_schedule_asks_instead_of_guessing(text: str) -> None:
    assert parse_goal(text) == NeedsSchedule(text)


def test_reason_is_kept_with_the_goal() -> None:
    plan = parse_goal("go to a meeting twice a week because I want to stay connected")
    assert isinstance(plan, GoalPlan)
    assert plan.reason == "I want to stay connected"
    assert plan.target == 2
    assert plan.title.endswith("stay connected")
    asked = parse_goal("be kinder to myself because I deserve it")
    assert asked == NeedsSchedule("be kinder to myself because I deserve it", None, "I deserve it")


@pytest.mark.parametrize(
    ("text", "at"),
    [("call my sponsor every evening for 7 days at 19:00", time(19)),
     ("journal every night at 9pm", time(21)), ("walk daily at 7:30 am", time(7, 30)),
     ("meditate every morning at 6h15", time(6, 15)), ("meet at 3 friends weekly", None),
     ("go to bed every night at 25:00", None), ("call mom weekly at 12am", time(0))],
)  # fmt: skip
def test_reminder_time(text: str, at: time | None) -> None:
    plan = parse_goal(text)
    assert isinstance(plan, GoalPlan)
    assert plan.reminder_at == at


def test_reminder_time_is_not_mistaken_for_a_count() -> None:
    plan = parse_goal("call my sponsor at 7pm every day for 3 days")
    assert isinstance(plan, GoalPlan)
    assert (plan.kind, plan.target, plan.reminder_at) == (D, 3, time(19))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_parser_never_raises(text: str) -> None:
    result = parse_goal(text)
    assert isinstance(result, GoalPlan | NeedsSchedule)
    if isinstance(result, GoalPlan):
        assert result.target >= 1


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["walk", "3", "times", "a", "week", "for", "every", "day", "at", "19:00", "twice",
             "because", "in", "2", "weeks", "once", "daily", "this", "night", "7pm", "days"]
        ),
        max_size=12,
    )
)  # fmt: skip
def test_parser_never_raises_on_schedule_words(words: list[str]) -> None:
    result = parse_goal(" ".join(words))
    assert isinstance(result, GoalPlan | NeedsSchedule)


def test_this_week_ends_sunday() -> None:
    plan = parse_goal("attend 3 group sessions this week")
    assert isinstance(plan, GoalPlan)
    thursday = date(2026, 11, 26)
    assert first_period(plan, thursday).end == date(2026, 11, 29)
    assert retry_period(plan, date(2026, 11, 29)).start == date(2026, 11, 30)
    assert retry_period(plan, date(2026, 11, 29)).end == date(2026, 12, 6)


def test_repeating_week_started_too_late_gets_the_next_week_too() -> None:
    plan = parse_goal("go to three meetings a week")
    assert isinstance(plan, GoalPlan)
    saturday = date(2026, 11, 28)
    assert first_period(plan, saturday).end == date(2026, 12, 6)
    assert next_period(plan, first_period(plan, saturday)).end == date(2026, 12, 13)


def test_day_spans_and_retry() -> None:
    plan = parse_goal("call my sponsor every evening for 7 days")
    assert isinstance(plan, GoalPlan)
    start = date(2026, 10, 29)
    assert first_period(plan, start).end == date(2026, 11, 4)
    assert smaller(plan).target == 3


def test_answers_to_the_how_often_question() -> None:
    assert plan_for_choice("once", "x", None, None).kind is ONCE
    assert plan_for_choice("daily", "x", None, None).kind is D
    weekly = plan_for_choice("w3", "x", time(8), "why")
    assert (weekly.kind, weekly.target, weekly.period, weekly.repeats) == (C, 3, WEEK, True)
    assert (weekly.reminder_at, weekly.reason) == (time(8), "why")


def test_progress_bar() -> None:
    assert progress_bar(3, 5) == "▰▰▰▱▱ 3/5"
    assert progress_bar(0, 1) == "▱ 0/1"
    assert progress_bar(7, 7) == "▰▰▰▰▰▰▰ 7/7"
    assert progress_bar(15, 30) == "▰▰▰▰▰▱▱▱▱▱ 15/30"
