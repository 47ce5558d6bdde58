"""Reading plain messages: a table of real phrasings and the negatives that must not trip."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.intents import Intent, read_message

D, R, C, S, P, T, G, O = (  # noqa: E741
    Intent.DANGER, Intent.RELAPSE, Intent.CRAVING, Intent.DISTRESS, Intent.PROGRESS,
    Intent.THANKS, Intent.GREETING, Intent.OTHER,
)  # fmt: skip

GOALS = [
    (1, "go to 3 meetings this week"),
    (2, "call my sponsor every evening for 7 days"),
    (3, "walk 20 min 5 times in 2 weeks"),
    (4, "journal every night"),
    (5, "meditate 10 minutes every morning"),
]

TABLE = [
    # Danger to life: the crisis line first, whatever else is said.
    ("i want to die", D),
    ("I wanna die", D),
    ("i want to kill myself", D),
    ("thinking about killing myself", D),
    ("i feel suicidal", D),
    ("im suicidal", D),
    ("I'm having suicidal thoughts again", D),
    ("i keep thinking about suicide", D),
    ("I don't want to live anymore", D),
    ("i dont want to be here anymore", D),
    ("i just want to end it all", D),
    ("going to end my life tonight", D),
    ("everyone would be better off dead without me", D),
    ("i wish i was dead", D),
    ("I took too many pills", D),
    ("i think i overdosed", D),
    ("i od'd", D),
    ("took all my pills", D),
    ("i can't go on", D),
    ("I cant do this anymore", D),
    ("no reason to live", D),
    ("i want to hurt myself", D),
    ("been self harming again", D),
    ("kms", D),
    ("I want to die, i drank last night", D),
    ("sucidal", D),
    ("i drank and now i want to die", D),
    ("planning to take my own life", D),
    # A relapse told in words.
    ("i drank last night. 89 days and i threw it all away", R),
    ("i drank last night", R),
    ("I used", R),
    ("i used again", R),
    ("I used last night", R),
    ("i relapsed", R),
    ("I relapsed yesterday", R),
    ("i relasped", R),
    ("slipped up today", R),
    ("i slipped", R),
    ("had a drink", R),
    ("I had a few drinks at the party", R),
    ("had 3 beers", R),
    ("i got drunk", R),
    ("got high on saturday", R),
    ("I fell off the wagon", R),
    ("back to day one", R),
    ("back to day 1 again", R),
    ("i smoked crack", R),
    ("did a line at the weekend", R),
    ("i picked up", R),
    ("I drank a bottle of wine tonight", R),
    ("drinking again", R),
    ("I'm using again", R),
    ("lost my sobriety", R),
    ("broke my streak", R),
    ("i gambled all my wages", R),
    ("i caved and had a beer", R),
    ("i messed up and drank", R),
    ("I had a slip", R),
    ("I DRANK LAST NIGHT", R),
    ("i drannk last night", R),
    ("took some pills to get high", R),
    # Cravings (not relapses).
    ("i really want a drink", C),
    ("I need a drink", C),
    ("craving so bad right now", C),
    ("cravings are really strong tonight", C),
    ("craveing", C),
    ("i want to use", C),
    ("I'm so tempted", C),
    ("feeling triggered", C),
    ("thinking about drinking", C),
    ("thinking of using", C),
    ("my hands are shaking", C),
    ("i have the shakes", C),
    ("I almost drank but I didn't", C),
    ("i nearly used", C),
    ("the urge is strong", C),
    ("i could really use a drink", C),
    ("dying for a beer", C),
    ("about to relapse", C),
    ("im going to drink", C),
    ("wanted to drink so badly", C),
    ("hard not to drink tonight", C),
    # Distress.
    ("i feel terrible", S),
    ("feeling so low", S),
    ("i feel like rubbish", S),
    ("I'm so anxious", S),
    ("i feel so alone", S),
    ("i am struggling", S),
    ("having a panic attack", S),
    ("i can't sleep", S),
    ("rough day", S),
    ("everything is falling apart", S),
    ("I'm not ok", S),
    ("feeling overwhelmed", S),
    ("i feel hopeless", S),
    ("i hate myself", S),
    ("in a dark place", S),
    ("i went for a walk like it said. still feel rubbish but i'm home", S),
    ("can't stop crying", S),
    ("I feel empty", S),
    ("so stressed", O),
    ("feeling really down today", S),
    ("i feel ashamed", S),
    # Progress on an active goal.
    ("went to a meeting", P),
    ("I went to my AA meeting tonight", P),
    ("called Sam", P),
    ("I called my sponsor", P),
    ("rang my sponsor", P),
    ("went for a walk", P),
    ("walked to the shops and back", P),
    ("I ran 5k", P),
    ("journaled tonight", P),
    ("wrote in my journal", P),
    ("i meditated this morning", P),
    ("did my meditation", P),
    ("just got back from group", P),
    ("spoke to my sponsor", P),
    ("done my journal", P),
    # Thanks and greetings.
    ("thank you", T),
    ("thanks", T),
    ("Thanks so much!", T),
    ("thx", T),
    ("ty", T),
    ("cheers mate", T),
    ("that helped, thank you", T),
    ("much appreciated", T),
    ("hi", G),
    ("hello", G),
    ("hey there", G),
    ("good morning", G),
    ("morning!", G),
    ("Good night", G),
    ("hiya", G),
    # Negatives: none of these is a relapse, a craving or danger.
    ("I used to drink a lot", O),
    ("i used to use every day", O),
    ("i didn't drink today", O),
    ("I did not use", O),
    ("haven't had a drink in 90 days", O),
    ("I drank water", O),
    ("drank some tea", O),
    ("i used the app", O),
    ("used my coping skills", O),
    ("no cravings today", O),
    ("not craving anything", O),
    ("the cravings are gone", O),
    ("I beat the craving", O),
    ("I dreamt I drank", O),
    ("my brother relapsed", O),
    ("my friend got drunk", O),
    ("not feeling bad today", O),
    ("I'm not suicidal, just tired", O),
    ("suicide prevention day at work", O),
    ("what's the weather like", O),
    ("i like trains", O),
    ("going to the cinema", O),
    ("the meeting at work was long", O),
    ("my mum called", O),
    ("just checking in", O),
    ("I'm afraid I might relapse", S),
    ("drank a smoothie", O),
    ("used up all my data", O),
    ("no urge to drink", O),
    ("zero cravings", O),
    ("I rode out the urge", O),
    ("stayed sober at the wedding", O),
    ("day 30!", O),
    ("", O),
    ("   ", O),
    ("🙂", O),
    ("ok", O),
    ("the cake was to die for", O),
]


@pytest.mark.parametrize(("text", "intent"), TABLE, ids=[t or "empty" for t, _ in TABLE])
def test_plain_messages_are_read_as_people_mean_them(text: str, intent: Intent) -> None:
    assert read_message(text, GOALS).intent is intent


def test_the_table_is_big_enough() -> None:
    assert len(TABLE) >= 150


@pytest.mark.parametrize(
    ("text", "goal_id"),
    [("went to a meeting", 1), ("called Sam", 2), ("went for a walk", 3), ("ran 5k", 3),
     ("journaled tonight", 4), ("i meditated", 5), ("prayed this morning", 5),
     ("i went for a walk like it said. still feel rubbish but i'm home", 3)],
)  # fmt: skip
def test_progress_names_the_goal_it_belongs_to(text: str, goal_id: int) -> None:
    assert read_message(text, GOALS).goal_id == goal_id


def test_progress_needs_a_matching_active_goal() -> None:
    assert read_message("went to a meeting", []).intent is Intent.OTHER


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
