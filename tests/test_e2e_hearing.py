"""End to end, the quotes from issue 15: people say what they mean in their own words.

Each quote is sent through the fake Bot API as the person wrote it; the test asserts what
the bot answered and which buttons it offered. Three transcripts are written to the
test's folder (and printed with `-s`).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot import keyboards, texts
from bot.clock import ManualClock
from bot.config import Settings
from bot.playground.fake_api import FakeTelegram
from tests.db_snapshot import snapshot
from tests.harness import clock_at, running_bot
from tests.test_e2e_people_talk import keep_transcript

JO = 9201
EVENING = "2026-12-01T21:30:00+00:00"  # Tuesday evening in London


def last_message(fake: FakeTelegram, chat_id: int):  # type: ignore[no-untyped-def]
    return fake.messages(chat_id)[-1]


def help_data(fake: FakeTelegram, chat_id: int) -> set[str]:
    return {data for _, data in last_message(fake, chat_id).buttons()}


async def londoner(bot, clean: str | None = "45 days ago") -> None:  # type: ignore[no-untyped-def]
    await bot.command(JO, "/timezone London, UK", first_name="Jo")
    if clean is not None:
        await bot.command(JO, f"/sober {clean}", first_name="Jo")
    await bot.command(JO, "/sponsor Sam @sam_sponsor", first_name="Jo")
    await bot.tap(JO, "No reminder", first_name="Jo")


@pytest.mark.parametrize(
    "said",
    [
        "i don't see the point anymore",
        "everyone would be better off without me",
        "i've been saving up pills",
        "i'm thinking of ending it",
    ],
)
async def test_danger_said_indirectly_gets_the_crisis_line_first_and_alone(
    settings: Settings, fake: FakeTelegram, said: str, tmp_path: Path
) -> None:
    async with running_bot(settings, fake, clock_at(EVENING)) as bot:
        await londoner(bot)
        reply = await bot.command(JO, said, first_name="Jo")
        assert reply.startswith("I'm really glad you told me")
        assert "Samaritans" in reply and "116 123" in reply
        assert "journal" not in reply
        assert last_message(fake, JO).buttons() == []  # the line alone, nothing to tap past
        keep_transcript(fake, JO, tmp_path, "danger-said-indirectly")


@pytest.mark.parametrize(
    "said",
    [
        "i've got the bottle in front of me",
        "my dealer is on his way",
        "sitting outside the pub right now",
        "im dyin for a drink rn",
        "just bought a bottle of vodka",
    ],
)
async def test_a_use_about_to_happen_gets_the_craving_help_at_once(
    settings: Settings, fake: FakeTelegram, said: str
) -> None:
    async with running_bot(settings, fake, clock_at(EVENING)) as bot:
        await londoner(bot)
        reply = await bot.command(JO, said, first_name="Jo")
        assert "Samaritans" in reply and "116 123" in reply
        assert "https://t.me/sam_sponsor" in reply
        labels = [label for label, _ in last_message(fake, JO).buttons()]
        assert "⏰ Check on me in 20 min" in labels and "💬 Message Sam" in labels
        assert not any(label.startswith(("Record it", "It was today")) for label in labels)
        assert "45 days" in await bot.command(JO, "/days", first_name="Jo")


async def test_the_bottle_in_front_of_me_is_answered_as_urgent(
    settings: Settings, fake: FakeTelegram, tmp_path: Path
) -> None:
    async with running_bot(settings, fake, clock_at(EVENING)) as bot:
        await londoner(bot)
        reply = await bot.command(JO, "i've got the bottle in front of me", first_name="Jo")
        assert "Right now, before anything else" in reply
        assert "Call your sponsor now" in reply
        keep_transcript(fake, JO, tmp_path, "bottle-in-front-of-me")


@pytest.mark.parametrize(
    ("said", "day"),
    [
        ("used again on saturday", "Sat 28 Nov"),
        ("i drunk last night", "Mon 30 Nov"),
        ("got on it last night with the lads", "Mon 30 Nov"),
        ("ive been drinking all weekend", None),
        ("had one glass of champagne at the christening", None),
        ("i was back on the gear yesterday", "Mon 30 Nov"),
        ("day 1 again", None),
        ("had a bit of a wobble and drank on friday", "Fri 27 Nov"),
    ],
)
async def test_relapses_told_differently_get_kindness_and_a_choice(
    settings: Settings, fake: FakeTelegram, said: str, day: str | None
) -> None:
    async with running_bot(settings, fake, clock_at(EVENING)) as bot:
        await londoner(bot)
        reply = await bot.command(JO, said, first_name="Jo")
        assert "Thank you for telling me" in reply
        labels = [label for label, _ in last_message(fake, JO).buttons()]
        if day is not None:
            assert f"Record it for {day}" in labels
        else:
            assert "It was today" in labels and "Yesterday" in labels
        assert "Not now" in labels and "🆘 I'm struggling" in labels
        assert "45 days" in await bot.command(JO, "/days", first_name="Jo")  # nothing changed


async def test_day_1_again_is_recorded_only_when_tapped(
    settings: Settings, fake: FakeTelegram, tmp_path: Path
) -> None:
    async with running_bot(settings, fake, clock_at(EVENING)) as bot:
        await londoner(bot)
        await bot.command(JO, "day 1 again", first_name="Jo")
        recorded = await bot.tap(JO, "Yesterday", first_name="Jo")
        assert "Your last streak" in recorded
        assert "today" in (await bot.command(JO, "/days", first_name="Jo")).lower()
        keep_transcript(fake, JO, tmp_path, "day-1-again")


async def test_a_relapse_from_someone_with_no_clean_date_offers_to_start_counting(
    settings: Settings, fake: FakeTelegram
) -> None:
    async with running_bot(settings, fake, clock_at(EVENING)) as bot:
        await londoner(bot, clean=None)
        said = "had a few beers on friday, back to day one i guess"
        reply = await bot.command(JO, said, first_name="Jo")
        assert "Thank you for telling me" in reply and "/sober" not in reply.split("\n")[0]
        labels = [label for label, _ in last_message(fake, JO).buttons()]
        assert labels[:3] == ["Start from Sat 28 Nov", "Another day", "Not now"]
        assert texts.NO_CLEAN_DATE in await bot.command(JO, "/days", first_name="Jo")
        started = await bot.tap(JO, "Start from Sat 28 Nov", first_name="Jo")
        assert "Sat 28 Nov 2026" in started
        assert "3 days" in await bot.command(JO, "/days", first_name="Jo")


async def test_a_win_is_not_read_as_a_craving(settings: Settings, fake: FakeTelegram) -> None:
    async with running_bot(settings, fake, clock_at(EVENING)) as bot:
        await londoner(bot)
        reply = await bot.command(JO, "rough day at work but i kept it together", first_name="Jo")
        assert reply == texts.WIN_REPLY
        assert "A craving is a wave" not in reply
        assert set(keyboards.HELP_ROW_DATA) <= help_data(fake, JO)


async def test_questions_are_answered_where_they_are_asked(
    settings: Settings, fake: FakeTelegram, tmp_path: Path
) -> None:
    async with running_bot(settings, fake, clock_at(EVENING)) as bot:
        await londoner(bot)
        for said in (
            "how many days do i have?",
            "what's my clean time",
            "how long have i been sober",
        ):
            assert "45 days" in await bot.command(JO, said, first_name="Jo")
        nxt = await bot.command(JO, "when is my next milestone", first_name="Jo")
        assert "60 days" in nxt and "Wed 16 Dec" in nxt and "15 days to go" in nxt
        when = await bot.command(JO, "can i change my check in time?", first_name="Jo")
        assert "20:00" in when and "/checkintime" in when
        keep_transcript(fake, JO, tmp_path, "questions-answered")


async def test_a_count_that_differs_from_the_record_gets_the_real_count_gently(
    settings: Settings, fake: FakeTelegram
) -> None:
    async with running_bot(settings, fake, clock_at(EVENING)) as bot:
        await londoner(bot)
        reply = await bot.command(JO, "30 days today!!", first_name="Jo")
        assert "45 days" in reply and "/sober" in reply
        assert "45 days" in await bot.command(JO, "/days", first_name="Jo")  # nothing changed
        right = await bot.command(JO, "45 days today!!", first_name="Jo")
        assert "by my count too" in right


async def test_a_reminder_asked_for_in_words_is_prepared_and_set_with_one_tap(
    settings: Settings, fake: FakeTelegram
) -> None:
    async with running_bot(settings, fake, clock_at("2026-12-01T15:00:00+00:00")) as bot:
        await londoner(bot)
        offer = await bot.command(JO, "remind me to call sam at 7", first_name="Jo")
        assert "“call sam”" in offer and "19:00" in offer
        labels = [label for label, _ in last_message(fake, JO).buttons()]
        assert labels[:2] == ["✅ Set it", "🕐 Change time"]
        assert "No reminders yet" in await bot.command(JO, "/reminders", first_name="Jo")
        set_ = await bot.tap(JO, "✅ Set it", first_name="Jo")
        assert "19:00" in set_ and "call sam" in set_
        assert "call sam" in await bot.command(JO, "/reminders", first_name="Jo")


async def test_a_reminder_for_tomorrow_can_change_its_time(
    settings: Settings, fake: FakeTelegram
) -> None:
    async with running_bot(settings, fake, clock_at(EVENING)) as bot:
        await londoner(bot)
        said = "can you remind me tomorrow at 9 to go to my meeting"
        offer = await bot.command(JO, said, first_name="Jo")
        assert "“go to my meeting”" in offer and "09:00" in offer and "tomorrow" in offer
        times = await bot.tap(JO, "🕐 Change time", first_name="Jo")
        assert "go to my meeting" in times
        set_ = await bot.tap(JO, "21:00", first_name="Jo")
        assert "21:00" in set_ and "go to my meeting" in set_


async def test_a_stranger_cannot_set_someone_elses_reminder(
    settings: Settings, fake: FakeTelegram
) -> None:
    async with running_bot(settings, fake, clock_at(EVENING)) as bot:
        await londoner(bot)
        await bot.command(JO, "remind me to call sam at 7", first_name="Jo")
        await bot.command(9299, "/start", first_name="Max")
        data = dict(last_message(fake, JO).buttons())["✅ Set it"]
        answers = len(fake.sent("answerCallbackQuery"))
        await fake.press(9299, data, message_id=last_message(fake, JO).message_id)
        await bot.handled()
        answer = fake.sent("answerCallbackQuery")[answers]
        assert answer.params.get("text") == texts.NOT_YOUR_BUTTON
        assert "No reminders yet" in await bot.command(JO, "/reminders", first_name="Jo")


PLAIN_MESSAGES = [
    "hi",
    "thanks",
    "what's the weather like",
    "i like trains",
    "rough day at work but i kept it together",
    "went to a meeting",
    "i feel so alone",
    "i really want a drink",
    "i drank last night",
    "how many days do i have?",
    "when is my next milestone",
    "what do you store about me",
    "remind me to call sam at 7",
    "30 days today!!",
    "remind me sometime",
    "🙂",
]


async def test_no_reply_to_a_plain_message_lacks_a_way_to_help(
    settings: Settings, fake: FakeTelegram, clock: ManualClock
) -> None:
    async with running_bot(settings, fake, clock) as bot:
        await londoner(bot)
        for said in [*PLAIN_MESSAGES, "everyone would be better off without me"]:
            reply = await bot.command(JO, said, first_name="Jo")
            data = help_data(fake, JO)
            if reply.startswith("I'm really glad you told me"):  # the crisis line itself
                assert data == set()
            else:
                assert "hp:now" in data, said


async def test_nothing_changes_by_any_message_until_a_tap(
    settings: Settings, fake: FakeTelegram, clock: ManualClock, db_path: Path
) -> None:
    async with running_bot(settings, fake, clock) as bot:
        await londoner(bot)
        await bot.command(JO, "/goal go to a meeting twice a week", first_name="Jo")
        before = snapshot(db_path)
        for said in [*PLAIN_MESSAGES, "day 1 again", "just bought a bottle of vodka"]:
            await bot.command(JO, said, first_name="Jo")
        after = snapshot(db_path)
    held = after.pop("journal_notes")
    after["journal_notes"] = before["journal_notes"]
    after["outbox"] = before["outbox"]  # replies only
    assert after == before
    with sqlite3.connect(db_path) as connection:
        kept = connection.execute("SELECT count(*) FROM journal_notes WHERE kept = 1").fetchone()
    assert kept == (0,)  # offered to the journal, held until a tap, never kept by itself
    assert held  # and nothing they wrote was lost


@pytest.mark.parametrize(
    ("zone", "said", "line"),
    [
        ("Madrid, Spain", "ya no puedo más, quiero desaparecer para siempre", "024"),
        ("São Paulo", "não aguento mais viver assim", "188"),
        ("Berlin", "ich will nicht mehr leben", "TelefonSeelsorge"),
        ("Kyiv", "не хочу більше жити", "7333"),
    ],
)
async def test_danger_in_other_languages_gets_the_crisis_line(
    settings: Settings, fake: FakeTelegram, zone: str, said: str, line: str
) -> None:
    async with running_bot(settings, fake, clock_at(EVENING)) as bot:
        await bot.command(JO, f"/timezone {zone}", first_name="Jo")
        if fake.messages(JO)[-1].buttons():  # a place with several zones: the first is it
            await bot.tap(JO, fake.messages(JO)[-1].buttons()[0][0], first_name="Jo")
        reply = await bot.command(JO, said, first_name="Jo")
        assert reply.startswith("I'm really glad you told me")
        assert line in reply
