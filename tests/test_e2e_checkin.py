"""End to end: prompts at the set time, buttons, notes, milestones, restarts, silence."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path
from typing import Any

from bot.clock import ManualClock
from bot.config import Settings
from bot.playground.fake_api import FakeTelegram
from bot.storage.outbox import OutboxRow
from tests.db_snapshot import snapshot
from tests.harness import RunningBot, clock_at, running_bot

ALEX, SAM, KIM = 3001, 3002, 3003


async def start_all(bot: RunningBot, users: list[int]) -> None:
    for user in users:
        await bot.command(user, "/start")


def prompts_to(fake: FakeTelegram, chat_id: int) -> list[Any]:
    return [call for call in fake.sent("sendMessage", chat_id) if "Check-in ·" in call.text]


async def test_prompt_arrives_at_set_time_and_buttons_and_note_are_saved(
    settings: Settings, fake: FakeTelegram, db_path: Path
) -> None:
    clock = clock_at("2026-11-25T12:00:00")
    async with running_bot(settings, fake, clock) as bot:
        await bot.command(ALEX, "/start")
        await bot.command(ALEX, "/timezone Europe/Berlin")
        await bot.command(ALEX, "/sober 2026-11-01")
        assert "21:00" in await bot.command(ALEX, "/checkintime 21:00")

        clock.set(clock_at("2026-11-25T19:59:00").now())  # 20:59 in Berlin
        await bot.tick()
        assert prompts_to(fake, ALEX) == []
        clock.advance(timedelta(minutes=1))
        await bot.tick()
        [prompt] = prompts_to(fake, ALEX)
        assert "Wed 25 Nov 2026" in prompt.text
        assert "Day 24" in prompt.text
        labels = [label for label, _ in prompt.buttons()]
        assert labels[:5] == ["1", "2", "3", "4", "5"]
        assert "Craving: strong" in labels
        prompt_id = prompt.message_id

        await fake.press(ALEX, "ci:3001:20261125:m4", message_id=prompt_id)
        edit = (await fake.wait_sent(1, "editMessageText", ALEX))[-1]
        assert "mood 4 (good)" in edit.text
        assert ("✓ 4", "ci:3001:20261125:m4") in edit.buttons()  # chosen: marked one way
        assert (await fake.wait_sent(1, "answerCallbackQuery"))[-1].params.get("text") == "Saved ✓"

        before = len(fake.sent("sendMessage", ALEX))
        await fake.press(ALEX, "ci:3001:20261125:cstrong", message_id=prompt_id)
        support = (await fake.wait_sent(before + 1, "sendMessage", ALEX))[-1]
        # Berlin: Germany's line, not the US one.
        assert "TelefonSeelsorge" in support.text and "craving" in support.text.lower()
        assert "988" not in support.text
        assert ("⏰ Check on me in 20 min", "co:set") in support.buttons()
        edit = (await fake.wait_sent(2, "editMessageText", ALEX))[-1]
        assert "mood 4 (good) · craving: strong" in edit.text

        reply = await bot.command(ALEX, "Walked to the river & breathed <3", reply_to=prompt_id)
        assert "Kept in your journal for Wed 25 Nov 2026" in reply
        await fake.press(ALEX, "ci:3001:20261125:m2", message_id=prompt_id)  # answering again
        await fake.wait_sent(3, "editMessageText", ALEX)
        reply = await bot.command(ALEX, "Actually: tired but okay", reply_to=prompt_id)
        assert "Kept in your journal" in reply
        journal = await bot.command(ALEX, "/journal")
    rows = snapshot(db_path)["check_ins"]
    assert len(rows) == 1
    assert rows[0][1:5] == ("2026-11-25", rows[0][2], 2, "strong")
    # Both notes are kept, each with its time; neither replaced the other.
    assert "🕰 21:00 — Walked to the river &amp; breathed &lt;3" in journal
    assert "🕰 21:00 — Actually: tired but okay" in journal
    assert "mood 2 (low) · craving: strong" in journal


async def test_someone_elses_button_stale_button_and_long_note(
    settings: Settings, fake: FakeTelegram, clock: ManualClock, db_path: Path
) -> None:
    async with running_bot(settings, fake, clock) as bot:
        await bot.command(ALEX, "/start")
        await bot.command(SAM, "/start")
        await bot.command(ALEX, "/checkin")
        before = snapshot(db_path)
        await fake.press(SAM, "ci:3001:20261125:m1", message_id=2)
        answer = (await fake.wait_sent(1, "answerCallbackQuery"))[-1]
        assert answer.params["text"] == "This button isn't yours."
        await fake.press(ALEX, "ci:3001:20250101:m1", message_id=2)
        await fake.press(ALEX, "ci:3001:20261124:m1", message_id=2)  # no check-in that day
        await fake.press(ALEX, "ci:nonsense", message_id=2)
        answers = await fake.wait_sent(4, "answerCallbackQuery")
        assert [a.params["text"] for a in answers[1:]] == ["This button has expired."] * 3
        reply = await bot.command(ALEX, "x" * 2001)
        assert "over 2000 characters" in reply
        assert snapshot(db_path)["check_ins"] == before["check_ins"]
        assert "Kept in your journal" in await bot.command(ALEX, "y" * 2000)  # awaited a note
        # Now the note is given: plain words get an offer to keep them, not a brush-off.
        assert "keep this in today's journal" in await bot.command(ALEX, "and more")


async def test_checkin_asked_early_is_not_asked_again_at_the_set_time(
    settings: Settings, fake: FakeTelegram
) -> None:
    clock = clock_at("2026-11-25T12:00:00")
    async with running_bot(settings, fake, clock) as bot:
        await bot.command(ALEX, "/start")
        await bot.command(ALEX, "/timezone Europe/Berlin")
        await bot.command(ALEX, "/checkintime 21:00")
        assert "Wed 25 Nov 2026" in await bot.command(ALEX, "/checkin")  # 13:00 in Berlin
        clock.set(clock_at("2026-11-25T20:00:00").now())  # 21:00: already asked today
        await bot.tick()
        assert len(prompts_to(fake, ALEX)) == 1
        clock.advance(timedelta(days=1))  # but tomorrow's comes as usual
        await bot.tick()
        assert "Thu 26 Nov 2026" in prompts_to(fake, ALEX)[-1].text
        assert len(prompts_to(fake, ALEX)) == 2


async def test_checkin_time_off_stops_prompts_but_milestones_still_come(
    settings: Settings, fake: FakeTelegram
) -> None:
    clock = clock_at("2026-11-25T10:00:00")
    async with running_bot(settings, fake, clock) as bot:
        await bot.command(KIM, "/start")
        await bot.command(KIM, "/sober 6 days ago")
        assert "off" in await bot.command(KIM, "/checkintime off")
        assert "/checkintime" in await bot.command(KIM, "/checkintime 25:00")
        clock.advance(timedelta(days=1))  # 10:00 the next day, after the 09:00 check
        await bot.tick()
        texts = fake.texts(KIM)
        assert not prompts_to(fake, KIM)
        assert sum("<b>1 week</b> clean" in text for text in texts) == 1


async def test_ninety_days_congratulated_exactly_once_even_after_restart(
    settings: Settings, fake: FakeTelegram, clock: ManualClock
) -> None:
    async with running_bot(settings, fake, clock) as bot:
        reply = await bot.command(ALEX, "/sober 90 days ago")  # 90 days reached today
        assert "<b>90 days</b> clean" in reply
        assert "2 weeks</b>" not in reply  # lower ones recorded silently
    async with running_bot(settings, fake, clock) as bot:
        for _ in range(3):
            clock.advance(timedelta(hours=8))
            await bot.tick()
        await bot.command(ALEX, "/sober 91 days ago")  # the same date again, a day later
    texts = fake.texts(ALEX)
    assert sum(text.startswith("🎉 <b>90 days</b> clean") for text in texts) == 1
    async with (
        running_bot(settings, fake, clock) as bot,
        bot.services.db.reader.execute(
            "SELECT milestone_key, celebrated FROM milestone_awards ORDER BY reached_on"
        ) as cursor,
    ):
        awards = [tuple(row) for row in await cursor.fetchall()]
    assert awards == [
        ("1d", 0),
        ("3d", 0),
        ("1w", 0),
        ("2w", 0),
        ("30d", 0),
        ("60d", 0),
        ("90d", 1),
    ]


async def test_restart_between_claim_and_send_sends_every_prompt_once(
    settings: Settings, fake: FakeTelegram
) -> None:
    clock = clock_at("2026-11-25T12:00:00")
    users = [ALEX, SAM, KIM]
    async with running_bot(settings, fake, clock) as bot:
        await start_all(bot, users)
        await bot.sender.stop()  # the process dies after the tick commits, before sending
        clock.set(clock_at("2026-11-25T20:00:30").now())
        tick = bot.application.bot_data.tick
        assert tick is not None
        report = await tick.run()
        assert report.prompts == 3
    assert all(prompts_to(fake, user) == [] for user in users)
    async with running_bot(settings, fake, clock) as bot:
        await bot.settle()
    assert [len(prompts_to(fake, user)) for user in users] == [1, 1, 1]


async def test_restart_after_send_before_confirm_resends_only_that_one(
    settings: Settings, fake: FakeTelegram
) -> None:
    clock = clock_at("2026-11-25T12:00:00")
    users = [ALEX, SAM, KIM]
    async with running_bot(settings, fake, clock) as bot:
        await start_all(bot, users)
        outbox = bot.services.outbox
        confirm = outbox.delivered

        async def crash_before_confirming_sam(
            row: OutboxRow, message_id: int, shown: int | None = None, *, photo: bool = False
        ) -> None:
            if row.chat_id == SAM:
                await asyncio.Event().wait()  # hangs until the process "dies"
            await confirm(row, message_id, shown, photo=photo)

        outbox.delivered = crash_before_confirming_sam  # type: ignore[method-assign]
        bot.sender.stop_grace = 0.1
        clock.set(clock_at("2026-11-25T20:00:30").now())
        tick = bot.application.bot_data.tick
        assert tick is not None
        await tick.run()
        await fake.wait_for(lambda: all(prompts_to(fake, user) for user in users))
    async with running_bot(settings, fake, clock) as bot:
        await bot.settle()
        await bot.tick()  # the next tick does not send anything again
    assert [len(prompts_to(fake, user)) for user in users] == [1, 2, 1]


async def test_blocked_user_is_paused_until_they_write_again(
    settings: Settings, fake: FakeTelegram
) -> None:
    clock = clock_at("2026-11-25T12:00:00")
    async with running_bot(settings, fake, clock) as bot:
        await bot.command(SAM, "/start")
        await fake.push(
            {"my_chat_member": {
                "chat": fake.private_chat(SAM), "from": fake.user(SAM), "date": 0,
                "old_chat_member": {"status": "member", "user": {"id": 1, "is_bot": True, "first_name": "B"}},
                "new_chat_member": {"status": "kicked", "user": {"id": 1, "is_bot": True, "first_name": "B"}, "until_date": 0},
            }}
        )  # fmt: skip

        async def blocked() -> bool:
            return not (await bot.services.people.require(SAM)).is_active

        await bot.eventually(blocked)
        clock.set(clock_at("2026-11-25T20:01:00").now())
        await bot.tick()
        assert prompts_to(fake, SAM) == []
        await bot.command(SAM, "/days")  # they are back
        clock.advance(timedelta(days=1))
        await bot.tick()
        assert len(prompts_to(fake, SAM)) == 1


async def test_silent_user_gets_one_gentle_line_then_nothing_until_they_return(
    settings: Settings, fake: FakeTelegram
) -> None:
    clock = clock_at("2026-11-25T12:00:00")
    async with running_bot(settings, fake, clock) as bot:
        await bot.command(KIM, "/start")
        for _ in range(7 * 24):
            clock.advance(timedelta(hours=1))
            await bot.tick()
        texts = [call.text for call in fake.sent("sendMessage", KIM)]
        assert len(prompts_to(fake, KIM)) == 3  # the 25th, 26th, 27th: silence begins after 3 days
        assert sum("just checking in" in text for text in texts) == 1
        assert not any("miss" in text.lower() or "streak" in text.lower() for text in texts[1:])
        await bot.command(KIM, "hello")
        for _ in range(24):
            clock.advance(timedelta(hours=1))
            await bot.tick()
        assert len(prompts_to(fake, KIM)) == 4
