"""End to end: bad input gets usage and changes nothing; failures stay kind and contained."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.clock import ManualClock
from bot.config import Settings
from bot.playground.fake_api import FakeTelegram
from tests.db_snapshot import snapshot
from tests.harness import running_bot

SAM = 2002

GARBAGE = [
    "/sober",
    "/sober soon-ish",
    "/sober 2026-02-30",
    "/sober 2099-01-01",
    "/reset next tuesday",
    "/reset 2099-01-01",
    "/reset 2026-01-01",  # before the clean date
    "/days please",
    "/history all of it",
    "/timezone",
    "/timezone Mars/Olympus_Mons",
    "/name",
    "/name " + "x" * 33,
    "/checkin now",
    "/checkintime 25:61",
    "/checkintime 9",
    "/sober next tuesday",
    "/goal",
    "/goals all",
    "/done first",
    "/drop",
    "/drop the big one",
    "/sponsor @",
    "/sponsor call 555-123-4567",
    "/remind",
    "/remind 25:00 call Sam",
    "/remind tomorrow call Sam",
    "/reminders all",
]


async def test_garbage_to_every_command_gets_usage_and_changes_nothing(
    settings: Settings, fake: FakeTelegram, clock: ManualClock, db_path: Path
) -> None:
    async with running_bot(settings, fake, clock) as bot:
        await bot.command(SAM, "/start")
        await bot.command(SAM, "/sober 2026-03-01")
        before = snapshot(db_path)
        for text in GARBAGE:
            reply = await bot.command(SAM, text)
            assert "Usage:" in reply or "before your clean date" in reply, (text, reply)
            assert "<code>/" in reply or "pick" in reply, (text, reply)
        assert snapshot(db_path) == before


async def test_future_date_is_explained(
    settings: Settings, fake: FakeTelegram, clock: ManualClock
) -> None:
    async with running_bot(settings, fake, clock) as bot:
        assert "in the future" in await bot.command(SAM, "/sober 2099-01-01")
        assert "haven't set a clean date" in await bot.command(SAM, "/days")
        assert "haven't set a clean date" in await bot.command(SAM, "/reset")


async def test_clean_date_cannot_move_before_the_last_reset(
    settings: Settings, fake: FakeTelegram, clock: ManualClock
) -> None:
    async with running_bot(settings, fake, clock) as bot:
        await bot.command(SAM, "/sober 2026-01-01")
        await bot.command(SAM, "/reset 2026-06-01")
        await bot.tap(SAM, "Yes, record it")
        assert "before your last restart" in await bot.command(SAM, "/sober 2026-05-01")
        assert "Tue 2 Jun 2026" in await bot.command(SAM, "/sober 2026-06-02")


async def test_user_text_is_html_escaped(
    settings: Settings, fake: FakeTelegram, clock: ManualClock
) -> None:
    async with running_bot(settings, fake, clock) as bot:
        reply = await bot.command(SAM, "/name <b>Al&ex</b>")
        assert "&lt;b&gt;Al&amp;ex&lt;/b&gt;" in reply
        assert "<b>Al&ex" not in reply
        reply = await bot.command(SAM, "/timezone <i>nowhere")
        assert "&lt;i&gt;nowhere" in reply


async def test_unknown_commands_and_free_text_get_a_hint(
    settings: Settings, fake: FakeTelegram, clock: ManualClock
) -> None:
    async with running_bot(settings, fake, clock) as bot:
        assert "/help" in await bot.command(SAM, "/frobnicate")
        assert "/help" in await bot.command(SAM, "hello there")


async def test_edited_messages_and_other_bots_are_ignored(
    settings: Settings, fake: FakeTelegram, clock: ManualClock
) -> None:
    async with running_bot(settings, fake, clock) as bot:
        await bot.command(SAM, "/sober 2026-11-01")
        before = len(fake.sent("sendMessage", SAM))
        edited = {
            "message_id": 99,
            "date": 0,
            "edit_date": 1,
            "chat": fake.private_chat(SAM),
            "from": fake.user(SAM),
            "text": "/reset",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        }
        await fake.push({"edited_message": edited})
        other_bot = {**edited, "from": {"id": 555, "is_bot": True, "first_name": "Spam"}}
        other_bot.pop("edit_date")
        await fake.push({"message": other_bot})
        assert "24 days" in await bot.command(SAM, "/days")
        assert len(fake.sent("sendMessage", SAM)) == before + 1
        assert len(fake.sent("sendMessage", 555)) == 0


async def test_a_replayed_update_is_applied_once(
    settings: Settings, fake: FakeTelegram, clock: ManualClock, db_path: Path
) -> None:
    async with running_bot(settings, fake, clock) as bot:
        await bot.command(SAM, "/sober 2026-01-01")
        await bot.command(SAM, "/reset")
        question = fake.sent("sendMessage", SAM)[-1]
        before = len(fake.sent("editMessageText", SAM))
        press = await fake.press(SAM, dict(question.buttons())["Yes, record it"],
                                 message_id=question.message_id)  # fmt: skip
        await fake.wait_sent(before + 1, "editMessageText", SAM)
        await fake.replay(press)
        assert "starts tomorrow" in await bot.command(SAM, "/days")
        assert fake.delivered.count(press["update_id"]) == 2
    assert len(fake.sent("editMessageText", SAM)) == before + 1
    assert len(snapshot(db_path)["streaks"]) == 2


async def test_handler_error_is_kind_logged_without_text_and_bot_keeps_running(
    settings: Settings,
    fake: FakeTelegram,
    clock: ManualClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    async with running_bot(settings, fake, clock) as bot:
        await bot.command(SAM, "/sober 2026-11-01")

        async def broken(*_: object) -> None:
            raise RuntimeError("database fell over")

        bot.services.clean_time.set_clean_date = broken  # type: ignore[method-assign]
        with caplog.at_level(logging.ERROR):
            reply = await bot.command(SAM, "/sober my secret feelings")
        assert "nothing you saved was lost" in reply
        assert any("failed" in r.getMessage() and r.exc_info for r in caplog.records)
        assert "secret feelings" not in caplog.text
        assert "24 days" in (await bot.command(SAM, "/history"))


async def test_timezone_suggestion_button_sets_the_zone(
    settings: Settings, fake: FakeTelegram, clock: ManualClock
) -> None:
    async with running_bot(settings, fake, clock) as bot:
        reply = await bot.command(SAM, "/timezone berln")
        assert "Did you mean" in reply
        prompt = fake.sent("sendMessage", SAM)[-1]
        assert ("Berlin, Germany", "tz:Europe/Berlin") in prompt.buttons()
        await fake.press(SAM, "tz:Europe/Berlin", message_id=prompt.message_id)
        edits = await fake.wait_sent(1, "editMessageText", SAM)
        assert "Berlin time" in edits[0].text
        assert "13:00" in edits[0].text  # 12:00 UTC is 13:00 in Berlin in November
        person = await bot.services.people.require(SAM)
        assert person.zone == "Europe/Berlin"


async def test_shared_location_sets_the_zone_offline(
    settings: Settings, fake: FakeTelegram, clock: ManualClock
) -> None:
    async with running_bot(settings, fake, clock) as bot:
        await fake.send_location(SAM, latitude=-33.87, longitude=151.21)
        replies = await fake.wait_sent(1, chat_id=SAM)
        assert "Sydney time" in replies[0].text
        assert (await bot.services.people.require(SAM)).zone == "Australia/Sydney"
        await fake.send_location(SAM, latitude=0.0, longitude=-140.0)  # open Pacific
        replies = await fake.wait_sent(2, chat_id=SAM)
        assert "couldn't tell" in replies[1].text


async def test_the_fake_refuses_what_the_bot_api_does_not_define(fake: FakeTelegram) -> None:
    import aiohttp

    async with aiohttp.ClientSession() as session:
        url = f"{fake.base_url}123:x/editMessageReplyMarkup"
        body = {"chat_id": 1, "message_id": 2, "parse_mode": "HTML", "reply_markup": {}}
        async with session.post(url, json=body) as answer:
            assert answer.status == 400
            assert "unknown parameter parse_mode" in (await answer.json())["description"]
        async with session.post(f"{fake.base_url}123:x/sendFancy", json={}) as answer:
            assert answer.status == 404
    assert fake.nonconforming == ["editMessageReplyMarkup(parse_mode)", "sendFancy"]
    fake.nonconforming.clear()  # refused on purpose here
