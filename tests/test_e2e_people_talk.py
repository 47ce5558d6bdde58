"""End to end, the quotes from issue 10: people talk, they don't type commands.

Each test is a short conversation through the fake Bot API; the transcripts of three of
them are written to the test's folder (and printed with `-s`).
"""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from bot import texts
from bot.clock import ManualClock
from bot.config import Settings
from bot.playground.fake_api import FakeTelegram
from tests.harness import clock_at, running_bot
from tests.test_e2e_groups import TUESDAY, Groups

RIVER, NEW, ADA = 9101, 9102, 9103


def keep_transcript(fake: FakeTelegram, chat_id: int, tmp_path: Path, name: str) -> str:
    transcript = fake.transcript(chat_id)
    (tmp_path / f"{name}.txt").write_text(transcript, encoding="utf-8")
    print(f"\n--- {name} ---\n{transcript}")
    return transcript


def cheers(fake: FakeTelegram, chat_id: int, since: int = 0) -> list[str]:
    return [t for t in fake.texts(chat_id)[since:] if "🎉" in t]


async def test_i_drank_last_night_is_met_kindly_and_recorded_only_when_asked(
    settings: Settings, fake: FakeTelegram, tmp_path: Path
) -> None:
    clock = clock_at("2026-11-25T20:30:00+00:00")  # Wednesday evening in London
    async with running_bot(settings, fake, clock) as bot:
        await bot.command(RIVER, "/timezone London, UK")
        await bot.command(RIVER, "/sober 89 days ago")
        since = len(fake.texts(RIVER))
        reply = await bot.command(RIVER, "i drank last night. 89 days and i threw it all away")
        assert "Thank you for telling me" in reply
        assert "I read commands here" not in reply
        offer = fake.sent("sendMessage", RIVER)[-1]
        assert [label for label, _ in offer.buttons()] == [
            "Record it for Tue 24 Nov",
            "Another day",
            "Not now",
            "🆘 I'm struggling",
            "💙 I need help now",
        ]
        assert "89 days" in await bot.command(RIVER, "/days")  # nothing changed by itself
        recorded = await bot.tap(RIVER, "Record it for Tue 24 Nov")
        assert "Your last streak: <b>88 days</b>" in recorded  # it ended on the 24th
        assert "began Wed 25 Nov 2026" in recorded  # the day after the relapse
        assert cheers(fake, RIVER, since) == []  # no 🎉 after a reset
        clock.advance(timedelta(days=1))
        await bot.tick()
        [first] = cheers(fake, RIVER, since)  # the day after the reset, not at it
        assert "24 hours" in first
        keep_transcript(fake, RIVER, tmp_path, "relapse-told-in-words")


async def test_a_walk_and_still_feeling_rubbish_gets_care_not_a_brush_off(
    settings: Settings, fake: FakeTelegram, clock: ManualClock
) -> None:
    async with running_bot(settings, fake, clock) as bot:
        await bot.command(RIVER, "/goal walk 20 min 5 times in 2 weeks")
        reply = await bot.command(
            RIVER, "i went for a walk like it said. still feel rubbish but i'm home"
        )
        assert "That sounds really hard" in reply
        assert "/help shows what I can do" not in reply
        assert texts.THANKS_REPLY in await bot.command(RIVER, "thank you")


async def test_strong_craving_at_night_gets_a_human_answer_and_a_check_on_me(
    settings: Settings, fake: FakeTelegram, tmp_path: Path
) -> None:
    clock = clock_at("2026-11-25T22:40:00+00:00")  # late evening in London
    async with running_bot(settings, fake, clock) as bot:
        await bot.command(RIVER, "/timezone Manchester, UK")
        await bot.command(RIVER, "/sponsor Sam @sam_sponsor")
        await bot.tap(RIVER, "No reminder")
        await bot.command(RIVER, "/why my kids")  # not a command (yet): plain words are fine
        await bot.command(RIVER, "/checkin")
        prompt = fake.sent("sendMessage", RIVER)[-1]
        strong = dict(prompt.buttons())["Craving: strong"]
        await fake.press(RIVER, strong, message_id=prompt.message_id)
        await bot.handled()
        reply = await bot.command(RIVER, "my hands are shaking", reply_to=prompt.message_id)
        assert "Thank you for writing this down, even now" in reply
        assert "Thank you for taking the time" not in reply  # not a receipt
        assert "Samaritans" in reply and "116 123" in reply  # the UK's line, not the US one
        assert "https://t.me/sam_sponsor" in reply
        assert "I'll check on you at 23:00" in await bot.tap(RIVER, "⏰ Check on me in 20 min")
        clock.advance(timedelta(minutes=21))
        await bot.tick()
        assert fake.texts(RIVER)[-1] == texts.CHECK_ON
        assert texts.CHECK_ON_BETTER in await bot.tap(RIVER, "Better now")
        journal = await bot.command(RIVER, "/journal")
        assert "my hands are shaking" in journal and "craving: strong" in journal
        keep_transcript(fake, RIVER, tmp_path, "strong-craving-at-night")


async def test_writing_first_cancels_the_check_on_me(
    settings: Settings, fake: FakeTelegram, clock: ManualClock
) -> None:
    async with running_bot(settings, fake, clock) as bot:
        await bot.command(RIVER, "i really want a drink")
        await bot.tap(RIVER, "⏰ Check on me in 20 min")
        await bot.command(RIVER, "ok I called a friend, feeling steadier")
        clock.advance(timedelta(minutes=30))
        await bot.tick()
        assert texts.CHECK_ON not in fake.texts(RIVER)


async def test_a_newcomer_by_city_name(
    settings: Settings, fake: FakeTelegram, clock: ManualClock, tmp_path: Path
) -> None:
    async with running_bot(settings, fake, clock) as bot:
        await bot.command(NEW, "/start", first_name="Jo")
        assert "IANA" not in await bot.command(NEW, "/timezone manchester", first_name="Jo")
        question = fake.sent("sendMessage", NEW)[-1]
        assert "Manchester, United Kingdom" in dict(question.buttons())
        chosen = await bot.tap(NEW, "Manchester, United Kingdom", first_name="Jo")
        assert "London time" in chosen and "12:00" in chosen
        assert "Tue 24 Nov 2026" in await bot.command(NEW, "/sober since tuesday")
        assert "21:00" in await bot.command(NEW, "/checkintime 9pm")
        assert "19:00" in await bot.command(NEW, "/remind 7pm call Sam")
        assert "Hi Jo" in await bot.command(NEW, "hello", first_name="Jo")
        keep_transcript(fake, NEW, tmp_path, "newcomer-by-city-name")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("UK", "London time"), ("GMT", "names a clock, not a place"),
     ("EST", "names a clock, not a place"), ("são paulo", "São Paulo, Brazil")],
)  # fmt: skip
async def test_places_countries_and_clock_names(
    settings: Settings, fake: FakeTelegram, clock: ManualClock, typed: str, expected: str
) -> None:
    async with running_bot(settings, fake, clock) as bot:
        assert expected in await bot.command(NEW, f"/timezone {typed}")


@pytest.mark.parametrize(
    ("command", "expected"),
    [("/sober 24/11/2026", "Tue 24 Nov 2026"), ("/sober since tuesday", "Tue 24 Nov 2026"),
     ("/reset last night", "Record a relapse on <b>Tue 24 Nov 2026</b>"),
     ("/sober 03/04", "Day first or month first")],
)  # fmt: skip
async def test_dates_as_people_type_them(
    settings: Settings, fake: FakeTelegram, clock: ManualClock, command: str, expected: str
) -> None:
    async with running_bot(settings, fake, clock) as bot:
        await bot.command(NEW, "/sober 2026-01-01")
        assert expected in await bot.command(NEW, command)


@pytest.mark.parametrize(
    ("zone", "line"),
    [("Europe/London", "Samaritans"), ("Europe/Berlin", "TelefonSeelsorge"),
     ("Australia/Sydney", "13 11 14"), ("Antarctica/Troll", "findahelpline")],
)  # fmt: skip
async def test_the_crisis_line_fits_the_country(
    settings: Settings, fake: FakeTelegram, clock: ManualClock, zone: str, line: str
) -> None:
    async with running_bot(settings, fake, clock) as bot:
        await bot.command(NEW, f"/timezone {zone}")
        reply = await bot.command(NEW, "/crisis")
        assert line in reply
        if zone != "Europe/London":
            assert "Samaritans" not in reply
        assert line in await bot.command(NEW, "i want to die")


async def test_the_operators_crisis_text_overrides_the_table(
    db_path: Path, fake: FakeTelegram, clock: ManualClock
) -> None:
    from tests.harness import make_settings

    settings = make_settings(db_path, fake, crisis_text="Call the Harbour Centre: 0800 000")
    async with running_bot(settings, fake, clock) as bot:
        await bot.command(NEW, "/timezone Europe/London")
        assert "Harbour Centre" in await bot.command(NEW, "/crisis")


async def test_a_mistaken_reset_is_undone_exactly(
    settings: Settings, fake: FakeTelegram, clock: ManualClock, db_path: Path
) -> None:
    async with running_bot(settings, fake, clock) as bot:
        await bot.command(ADA, "/sober 2026-07-29")
        with sqlite3.connect(db_path) as connection:
            before = connection.execute(
                "SELECT streak_id, clean_date, ended_on FROM streaks ORDER BY streak_id"
            ).fetchall()
            awards = connection.execute("SELECT * FROM milestone_awards ORDER BY 1, 2").fetchall()
        await bot.command(ADA, "/reset")
        await bot.tap(ADA, "Yes, record it")
        undone = await bot.tap(ADA, "↩️ Undo")
        assert "back exactly as it was" in undone and "119 days" in undone
        assert "Wed 29 Jul 2026" in await bot.command(ADA, "/sober 2026-07-29")
        with sqlite3.connect(db_path) as connection:
            after = connection.execute(
                "SELECT streak_id, clean_date, ended_on FROM streaks ORDER BY streak_id"
            ).fetchall()
            assert (
                connection.execute("SELECT * FROM milestone_awards ORDER BY 1, 2").fetchall()
                == awards
            )
        assert after == before
        # Undo is for 24 hours.
        await bot.command(ADA, "/reset")
        await bot.tap(ADA, "Yes, record it")
        clock.advance(timedelta(hours=25))
        await bot.tap(ADA, "↩️ Undo")
        assert (await fake.wait_sent(1, "answerCallbackQuery"))[-1].params.get("text") == (
            texts.EXPIRED
        )


async def test_reset_yesterday_starts_today_and_nothing_is_cheered(
    settings: Settings, fake: FakeTelegram, clock: ManualClock
) -> None:
    async with running_bot(settings, fake, clock) as bot:
        await bot.command(ADA, "/sober 20 days ago")
        since = len(fake.texts(ADA))
        assert "new clean date would be <b>Wed 25 Nov 2026</b>" in await bot.command(
            ADA, "/reset yesterday"
        )
        await bot.tap(ADA, "Yes, record it")
        await bot.settle()
        assert cheers(fake, ADA, since) == []
        assert "day one" in await bot.command(ADA, "/days")


async def test_a_quiet_person_still_hears_their_milestone_worded_with_room(
    settings: Settings, fake: FakeTelegram
) -> None:
    clock = clock_at("2026-11-25T12:00:00")
    async with running_bot(settings, fake, clock) as bot:
        await bot.command(ADA, "/sober 2026-10-30")  # 30 days on 29 Nov
        for _ in range(5):
            clock.advance(timedelta(days=1))
            await bot.tick()
        quiet = [t for t in fake.texts(ADA) if "reached <b>30 days" in t]
        assert (
            quiet and "If today's count is right" in quiet[0] and "/reset is private" in quiet[0]
        )


async def test_goals_in_plain_words_and_make_it_smaller(
    settings: Settings, fake: FakeTelegram
) -> None:
    clock = clock_at("2026-11-25T12:00:00")  # Wednesday
    async with running_bot(settings, fake, clock) as bot:
        set_ = await bot.command(ADA, "/goal go to 3 meetings this week")
        assert "3 meetings by Sun 29 Nov 2026" in set_
        assert "per round" not in set_
        assert "0/3" in await bot.command(ADA, "/goal identify three triggers this week")
        clock.set(clock_at("2026-11-29T20:00:00").now())
        await bot.command(ADA, "/goals")  # still around on Sunday
        clock.set(clock_at("2026-11-29T23:59:30").now())
        await bot.tick()
        feedback = next(c for c in reversed(fake.sent("sendMessage", ADA))
                        if "go to 3 meetings" in c.text)  # fmt: skip
        await fake.press(ADA, dict(feedback.buttons())["Make it smaller"],
                         message_id=feedback.message_id)  # fmt: skip
        await bot.handled()
        assert "How many would feel doable" in fake.sent("editMessageText", ADA)[-1].text
        smaller = await bot.tap(ADA, "2")
        assert "go to 2 meetings this week" in smaller and "0/2" in smaller


async def test_the_sponsor_call_reminder_links_and_counts_for_the_goal(
    settings: Settings, fake: FakeTelegram
) -> None:
    clock = clock_at("2026-11-25T12:00:00")
    async with running_bot(settings, fake, clock) as bot:
        await bot.command(ADA, "/goal call my sponsor every evening for 7 days")
        await bot.command(ADA, "/sponsor Sam @sam_sponsor")
        await bot.tap(ADA, "Daily at 19:00")
        clock.set(clock_at("2026-11-25T19:00:30").now())
        await bot.tick()
        reminder = fake.sent("sendMessage", ADA)[-1]
        assert "@sam_sponsor" in reminder.text
        assert ("💬 Open @sam_sponsor", "https://t.me/sam_sponsor") in reminder.buttons()
        await bot.tap(ADA, "✅ Done")
        assert "1/7" in await bot.command(ADA, "/goals")


async def test_joining_asks_for_a_clean_date_and_private_commands_go_private(
    settings: Settings, fake: FakeTelegram, clock: ManualClock
) -> None:
    fake.chat_members[(TUESDAY, 5001)] = "administrator"
    async with running_bot(settings, fake, clock) as bot:
        g = Groups(bot)
        await g.say(5001, TUESDAY, "/setup")
        await g.private(5003, "/start")
        await g.say(5003, TUESDAY, "/join")
        joined = await g.press_private(5003, "Yes, share my milestones")
        assert "When did your clean time start?" in joined
        reply = await g.say(5003, TUESDAY, "/days")
        assert reply == texts.PRIVATE_ONLY_IN_GROUP
        link = fake.sent("sendMessage", TUESDAY)[-1].buttons()[0][1]
        assert link == "https://t.me/milestone_test_bot"
        before = len(fake.texts(TUESDAY))
        await fake.send_text(5003, "/sober today", chat=fake.group_chat(TUESDAY))
        await bot.handled()
        assert len(fake.texts(TUESDAY)) == before  # at most once a minute per group


async def test_help_is_short_with_buttons(
    settings: Settings, fake: FakeTelegram, clock: ManualClock
) -> None:
    async with running_bot(settings, fake, clock) as bot:
        reply = await bot.command(ADA, "/help")
        assert len(reply) < 300
        labels = [label for label, _ in fake.sent("sendMessage", ADA)[-1].buttons()]
        assert labels == [
            "My days", "Check in", "Goals", "All commands", "🆘 I'm struggling",
            "💙 I need help now",
        ]  # fmt: skip
        assert "craving is a wave" in await bot.tap(ADA, "🆘 I'm struggling")
        assert "If things are hard right now" not in await bot.tap(ADA, "💙 I need help now")
        assert "you deserve help right now" in fake.texts(ADA)[-1]
        assert "/journal" in await bot.tap(ADA, "All commands")
        assert "did you mean /days" in await bot.command(ADA, "/dyas")


async def test_anything_else_is_offered_to_the_journal_and_kept_only_if_wanted(
    settings: Settings, fake: FakeTelegram, clock: ManualClock
) -> None:
    async with running_bot(settings, fake, clock) as bot:
        offer = await bot.command(ADA, "the sky was pink on the way home")
        assert "keep this in today's journal" in offer
        assert "Kept in your journal" in await bot.tap(ADA, "📝 Keep it")
        await bot.command(ADA, "something I'd rather not keep")
        await bot.tap(ADA, "No thanks")
        journal = await bot.command(ADA, "/journal")
        assert "the sky was pink" in journal and "rather not keep" not in journal


async def test_a_quiet_members_group_hears_the_milestone_once_they_are_back(
    settings: Settings, fake: FakeTelegram
) -> None:
    clock = clock_at("2026-11-25T12:00:00")
    fake.chat_members[(TUESDAY, 5001)] = "administrator"
    async with running_bot(settings, fake, clock) as bot:
        g = Groups(bot)
        await g.cal_joins_tuesday()
        await g.private(5003, "/sober 2026-10-30")  # 30 days on Sun 29 Nov
        for _ in range(5):  # quiet from the 25th to the 30th
            clock.advance(timedelta(days=1))
            await bot.tick()
        # 2 weeks was on the 13th, before the date was typed: recorded, never posted; the
        # 30 days, reached while Cal was quiet, waits.
        assert g.announcements(TUESDAY) == []
        await g.private(5003, "/days")  # back
        clock.advance(timedelta(days=1))
        await bot.tick()
        said = [a.text for a in g.announcements(TUESDAY)]
        assert said == ["🎉 Cal reached 30 days"]


async def test_the_journal_pages_back_week_by_week(settings: Settings, fake: FakeTelegram) -> None:
    clock = clock_at("2026-11-25T12:00:00")
    async with running_bot(settings, fake, clock) as bot:
        for day in range(10):
            await bot.command(ADA, "/checkin")
            await bot.command(
                ADA, f"note of day {day}", reply_to=fake.sent("sendMessage", ADA)[-1].message_id
            )
            clock.advance(timedelta(days=1))
        week = await bot.command(ADA, "/journal")
        assert "note of day 9" in week and "note of day 4" in week and "note of day 3" not in week
        older = await bot.tap(ADA, "◀️ Older")
        assert (
            "note of day 3" in older and "note of day 0" in older and "note of day 4" not in older
        )
