"""End to end: goals, reminders and sponsors through the fake Bot API."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from bot.config import Settings
from bot.playground.fake_api import FakeTelegram
from tests.db_snapshot import snapshot
from tests.harness import clock_at, running_bot

SAM, ALEX = 4001, 4002


async def test_sponsor_goal_reminder_done_and_goals_progress(
    settings: Settings, fake: FakeTelegram
) -> None:
    clock = clock_at("2026-11-25T12:00:00")
    async with running_bot(settings, fake, clock) as bot:
        await bot.command(SAM, "/timezone America/Los_Angeles")
        reply = await bot.command(SAM, "/goal call my sponsor every evening for 7 days at 19:00")
        assert "Goal set" in reply
        assert "▱▱▱▱▱▱▱ 0/7" in reply
        clock.set(clock_at("2026-11-26T03:00:30").now())  # 19:00:30 in Los Angeles
        await bot.tick()
        reminder = fake.sent("sendMessage", SAM)[-1]
        assert "Reminder: call my sponsor every evening" in reminder.text
        done = next(data for label, data in reminder.buttons() if label == "✅ Done")
        assert done == "rm:1:20261125:d"

        await fake.press(ALEX, done, message_id=reminder.message_id)  # someone else's button
        refused = (await fake.wait_sent(1, "answerCallbackQuery"))[-1]
        assert refused.params["text"] == "This button isn't yours."

        await fake.press(SAM, done, message_id=reminder.message_id)
        edit = (await fake.wait_sent(1, "editMessageText", SAM))[-1]
        assert "Done" in edit.text
        goals = await bot.command(SAM, "/goals")
        assert "▰▱▱▱▱▱▱ 1/7" in goals
        assert "7 days left" in goals
        await fake.press(SAM, done, message_id=reminder.message_id)  # pressed twice: one day once
        await fake.wait_sent(3, "answerCallbackQuery")
        assert "▰▱▱▱▱▱▱ 1/7" in await bot.command(SAM, "/goals")
        assert "Already counted" in await bot.command(SAM, "/done 1")


async def test_unclear_goal_asks_how_often_and_the_answer_sets_it(
    settings: Settings, fake: FakeTelegram
) -> None:
    clock = clock_at("2026-11-25T12:00:00")
    async with running_bot(settings, fake, clock) as bot:
        reply = await bot.command(SAM, "/goal exercise more because my body matters")
        assert "how often" in reply
        question = fake.sent("sendMessage", SAM)[-1]
        choices = dict(question.buttons())
        assert set(choices) == {"Once", "Every day", "2× a week", "3× a week"}
        assert "/help" not in reply
        assert "exercise more" not in await bot.command(SAM, "/goals")  # a draft isn't a goal yet
        await fake.press(ALEX, choices["2× a week"], message_id=question.message_id)
        await fake.press(SAM, choices["2× a week"], message_id=question.message_id)
        edit = (await fake.wait_sent(1, "editMessageText", SAM))[-1]
        assert "Goal set" in edit.text
        listing = await bot.command(SAM, "/goals")
        assert "▱▱ 0/2" in listing
        assert "because my body matters" in listing
        texts = [call.params.get("text") for call in fake.sent("answerCallbackQuery")]
        assert "This button isn't yours." in texts


async def test_done_buttons_drop_confirmation_and_limits(
    settings: Settings, fake: FakeTelegram, db_path: Path
) -> None:
    clock = clock_at("2026-11-25T12:00:00")
    async with running_bot(settings, fake, clock) as bot:
        await bot.command(SAM, "/goal journal every night")
        await bot.command(SAM, "/goal attend 3 group sessions this week")
        assert "Pick a number from 1 to 2" in await bot.command(SAM, "/done 7")
        assert "Usage" in await bot.command(SAM, "/done first")
        assert "Which goal" in await bot.command(SAM, "/done")
        picker = fake.sent("sendMessage", SAM)[-1]
        assert len(picker.buttons()) == 2
        await fake.press(SAM, picker.buttons()[1][1], message_id=picker.message_id)
        edit = (await fake.wait_sent(1, "editMessageText", SAM))[-1]
        assert "▰▱▱ 1/3" in edit.text
        assert "Which goal" in await bot.command(SAM, "/done")
        assert len(fake.sent("sendMessage", SAM)[-1].buttons()) == 1  # the logged one is gone

        assert "Drop" in await bot.command(SAM, "/drop 2")
        confirm = fake.sent("sendMessage", SAM)[-1]
        buttons = dict(confirm.buttons())
        await fake.press(SAM, buttons["Keep it"], message_id=confirm.message_id)
        await fake.wait_sent(2, "editMessageText", SAM)
        assert "attend 3" in await bot.command(SAM, "/goals")
        await fake.press(SAM, buttons["Yes, drop it"], message_id=confirm.message_id)
        await fake.wait_sent(3, "editMessageText", SAM)
        assert "attend 3" not in await bot.command(SAM, "/goals")

        before = snapshot(db_path)
        assert "over 200 characters" in await bot.command(SAM, "/goal " + "walk daily " * 25)
        for number in range(19):
            await bot.command(SAM, f"/goal walk {number + 1} km daily")
        assert "20 open goals" in await bot.command(SAM, "/goal meditate daily")
        assert len(snapshot(db_path)["goals"]) == len(before["goals"]) + 19


async def test_missed_week_feedback_try_again_button(
    settings: Settings, fake: FakeTelegram
) -> None:
    clock = clock_at("2026-11-23T09:00:00")  # Monday, UTC
    async with running_bot(settings, fake, clock) as bot:
        await bot.command(SAM, "/checkintime off")
        await bot.command(SAM, "/goal attend 3 group sessions this week")
        await bot.command(SAM, "/done 1")
        clock.set(clock_at("2026-11-29T23:59:30").now())
        await bot.tick()
        feedback = fake.sent("sendMessage", SAM)[-1]
        assert "1 of 3" in feedback.text
        assert "feedback, not failure" in feedback.text
        buttons = dict(feedback.buttons())
        assert set(buttons) == {"Try again", "Make it smaller", "Drop it"}
        clock.advance(timedelta(hours=10))
        await bot.tick()
        assert fake.sent("sendMessage", SAM)[-1] is feedback  # one message, not more
        await fake.press(SAM, buttons["Try again"], message_id=feedback.message_id)
        edit = (await fake.wait_sent(1, "editMessageText", SAM))[-1]
        assert "New round until Sun 6 Dec 2026" in edit.text
        assert "▱▱▱ 0/3" in await bot.command(SAM, "/goals")


async def test_checkin_prompt_has_goal_buttons_that_count_the_day(
    settings: Settings, fake: FakeTelegram
) -> None:
    clock = clock_at("2026-11-25T12:00:00")
    async with running_bot(settings, fake, clock) as bot:
        await bot.command(SAM, "/goal journal every night")
        prompt_text = await bot.command(SAM, "/checkin")
        assert "Tap a goal" in prompt_text
        prompt = fake.sent("sendMessage", SAM)[-1]
        goal_button = next(
            data for label, data in prompt.buttons() if label.startswith("⬜ journal")
        )
        await fake.press(SAM, goal_button, message_id=prompt.message_id)
        edit = (await fake.wait_sent(1, "editMessageText", SAM))[-1]
        assert any(label.startswith("✅ journal") for label, _ in edit.buttons())  # ticked
        assert "▰▱▱▱▱▱▱ 1/7" in await bot.command(SAM, "/goals")


async def test_sponsor_link_reminder_offer_and_strong_craving(
    settings: Settings, fake: FakeTelegram, db_path: Path
) -> None:
    clock = clock_at("2026-11-25T12:00:00")
    async with running_bot(settings, fake, clock) as bot:
        await bot.command(SAM, "/start")
        before = snapshot(db_path)
        assert "phone number" in await bot.command(SAM, "/sponsor Sam +1 555 123 4567")
        assert "Nobody is linked yet" in await bot.command(SAM, "/sponsor")  # your people
        assert snapshot(db_path) == before
        reply = await bot.command(SAM, "/sponsor Jo <3 @jo_sponsor")
        assert 'Jo &lt;3 — <a href="https://t.me/jo_sponsor">@jo_sponsor</a>' in reply
        offer = fake.sent("sendMessage", SAM)[-1]
        await fake.press(SAM, dict(offer.buttons())["Daily at 20:00"], message_id=offer.message_id)
        edit = (await fake.wait_sent(1, "editMessageText", SAM))[-1]
        assert "20:00" in edit.text
        assert "Call Jo &lt;3" in edit.text
        assert "Call Jo" in await bot.command(SAM, "/reminders")

        await bot.command(SAM, "/checkin")
        prompt = fake.sent("sendMessage", SAM)[-1]
        strong = next(data for label, data in prompt.buttons() if label == "Craving: strong")
        before_count = len(fake.sent("sendMessage", SAM))
        await fake.press(SAM, strong, message_id=prompt.message_id)
        support = (await fake.wait_sent(before_count + 1, "sendMessage", SAM))[-1]
        assert "https://t.me/jo_sponsor" in support.text
        assert "emergency number" in support.text  # no zone set: the default line
        assert ("💬 Message Jo <3", "https://t.me/jo_sponsor") in support.buttons()  # not HTML


async def test_remind_usage_list_and_delete(settings: Settings, fake: FakeTelegram) -> None:
    clock = clock_at("2026-11-25T12:00:00")
    async with running_bot(settings, fake, clock) as bot:
        for bad in ("/remind", "/remind 25:00 x", "/remind 19:00", "/remind soon call Sam",
                    "/remind 19:00 call Sam for 0 days"):  # fmt: skip
            assert "Usage" in await bot.command(SAM, bad), bad
        assert "under 200 characters" in await bot.command(SAM, "/remind 19:00 " + "x" * 201)
        reply = await bot.command(SAM, "/remind 08:30 take my meds weekdays")
        assert "08:30</b> on weekdays" in reply
        reply = await bot.command(SAM, "/remind 19:00 call Sam for 3 days")
        assert "until Fri 27 Nov 2026" in reply
        listing = await bot.command(SAM, "/reminders")
        assert "take my meds" in listing
        assert "call Sam" in listing
        message = fake.sent("sendMessage", SAM)[-1]
        delete = message.buttons()[0][1]
        await fake.press(ALEX, delete, message_id=message.message_id)
        await fake.wait_sent(1, "answerCallbackQuery")
        await fake.press(SAM, delete, message_id=message.message_id)
        edit = (await fake.wait_sent(1, "editMessageText", SAM))[-1]
        assert "Removed the reminder: take my meds" in edit.text
        assert "take my meds" not in await bot.command(SAM, "/reminders")
        await fake.press(SAM, delete, message_id=message.message_id)  # stale now
        answers = await fake.wait_sent(3, "answerCallbackQuery")
        texts = [call.params.get("text") for call in answers]
        assert "This button isn't yours." in texts
        assert texts[-1] == "This button has expired."
