"""Reading plain messages: the rules beside the phrase banks (the goal a piece of progress
belongs to, the day a relapse names, a stated count). The banks themselves are measured on
the labelled tables in test_understanding.py."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.intents import Claim, Intent, read_message, stated_claim
from tests.intent_tables import GOALS


@pytest.mark.parametrize(
    ("text", "goal_id"),
    [("went to a meeting", 1), ("called Sam", 2), ("went for a walk", 3), ("ran 5k", 3),
     ("journaled tonight", 4), ("i meditated", 5), ("prayed this morning", 5),
     ("i went for a walk like it said. still feel rubbish but i'm home", 3)],
)  # fmt: skip
def test_progress_names_the_goal_it_belongs_to(text: str, goal_id: int) -> None:
    assert read_message(text, GOALS).goal_id == goal_id


def test_progress_without_a_matching_goal_is_still_a_win() -> None:
    assert read_message("went to a meeting", []).intent is Intent.WIN


@pytest.mark.parametrize(
    ("text", "number", "unit"),
    [("30 days today!!", 30, "day"), ("day 12", 12, "day"), ("one year clean today", 1, "year"),
     ("2 months sober", 2, "month")],
)  # fmt: skip
def test_a_stated_count_is_read(text: str, number: int, unit: str) -> None:
    assert stated_claim(text) == Claim(number, unit)


@pytest.mark.parametrize(
    ("text", "when"),
    [("i drank last night", "last night"), ("I used yesterday", "yesterday"),
     ("relapsed on saturday", "on saturday"), ("got drunk 2 days ago", "2 days ago"),
     ("I drank", None), ("had a drink this morning", "this morning")],
)  # fmt: skip
def test_a_relapse_keeps_the_words_that_date_it(text: str, when: str | None) -> None:
    reading = read_message(text)
    assert reading.intent is Intent.RELAPSE
    assert reading.when == when


@given(st.text(max_size=500))
def test_any_text_gets_a_reading(text: str) -> None:
    assert isinstance(read_message(text, GOALS).intent, Intent)
