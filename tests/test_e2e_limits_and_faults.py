"""End to end: long lists, strict numbers, every button answered once, direct replies that
survive Telegram's bad moments, and updates the library cannot read."""

from __future__ import annotations

import logging
from collections import Counter

import pytest

from bot import texts
from bot.clock import ManualClock
from bot.config import Settings
from bot.playground.fake_api import MAX_TEXT, Failure, FakeTelegram, visible_text
from tests.harness import running_bot

SAM = 7101


def answers_per_query(fake: FakeTelegram) -> Counter[str]:
    return Counter(
        str(call.params["callback_query_id"]) for call in fake.attempts("answerCallbackQuery")
    )


async def test_long_lists_fit_telegram_and_later_commands_still_work(
    settings: Settings, fake: FakeTelegram, clock: ManualClock
) -> None:
    async with running_bot(settings, fake, clock) as bot:
        long_goal = "go to a meeting and then call someone from the group " * 3
        for n in range(20):
            await bot.command(SAM, f"/goal {long_goal[:180]} {n} every day")
        for n in range(20):
            await bot.command(SAM, f"/remind 19:{n:02d} {'call my sponsor and say hi ' * 7} {n}")
        goals = await bot.command(SAM, "/goals")
        reminders = await bot.command(SAM, "/reminders")
        zone = await bot.command(SAM, "/timezone " + "&" * 1000)
        assert "19)" in goals or "20." in goals or "20)" in goals
        assert "Something went wrong" not in goals + reminders + zone
        assert "Something went wrong" not in await bot.command(SAM, "/goals")
        for call in fake.attempts("sendMessage", SAM):
            assert call.status == 200, call.text[:80]
            assert len(visible_text(call.text)) <= MAX_TEXT
        assert len(zone) < 1000  # echoed input is shortened


@pytest.mark.parametrize(
    ("command", "expected"),
    [("/done ²", "Usage"), ("/done ٣", "Usage"), ("/drop " + "9" * 40, "Usage")],
)
async def test_numbers_are_ascii_digits_within_range(
    settings: Settings, fake: FakeTelegram, clock: ManualClock, command: str, expected: str
) -> None:
    async with running_bot(settings, fake, clock) as bot:
        await bot.command(SAM, "/goal journal every night")
        assert expected in await bot.command(SAM, command)


async def test_every_button_is_answered_exactly_once(
    settings: Settings, fake: FakeTelegram, clock: ManualClock
) -> None:
    async with running_bot(settings, fake, clock) as bot:
        await bot.command(SAM, "/goal journal every night")
        for data in ("gd:²", "gd:" + "9" * 60, "zz:unknown", "", "ci:1:2:3", "cl:1", "jn:1:yes",
                     "gx:1:maybe", "rm:1:20261125:q", "tz:Nowhere/Else", "gd:1"):  # fmt: skip
            await fake.press(SAM, data, message_id=1)
        await bot.handled()
        counts = answers_per_query(fake)
        assert len(counts) == 11
        assert set(counts.values()) == {1}
        assert all(call.status == 200 for call in fake.attempts("answerCallbackQuery"))


@pytest.mark.parametrize(
    "failures",
    [
        [Failure(500, "Internal Server Error")],
        [Failure(502, "Bad Gateway"), Failure(502, "Bad Gateway")],
        [Failure(429, "Too Many Requests: retry after 1", retry_after=1)],
        [Failure(500, "", drop=True)],
    ],
    ids=["one 500", "two 502s", "a 429", "a dropped connection"],
)
async def test_direct_replies_are_retried(
    settings: Settings,
    fake: FakeTelegram,
    clock: ManualClock,
    failures: list[Failure],
    caplog: pytest.LogCaptureFixture,
) -> None:
    async with running_bot(settings, fake, clock) as bot:
        await bot.command(SAM, "/start")
        for failure in failures:
            fake.fail("sendMessage", failure)
        with caplog.at_level(logging.WARNING):
            reply = await bot.command(SAM, "/sober 2026-11-25")
        assert "Wed 25 Nov 2026" in reply
        assert "Something went wrong" not in reply
        retries = [r for r in caplog.records if "sendMessage failed" in r.getMessage()]
        assert len(retries) == len(failures)  # one clear line each


async def test_a_slow_reply_is_one_answer_and_no_error(
    settings: Settings, fake: FakeTelegram, clock: ManualClock
) -> None:
    async with running_bot(settings, fake, clock) as bot:
        await bot.command(SAM, "/start")
        fake.response_delay = 7.0
        await fake.send_text(SAM, "/days")
        await fake.wait_sent(2, "sendMessage", SAM)
        await bot.handled(within=20)
        fake.response_delay = 0.0
        assert fake.texts(SAM)[1:] == [texts.NO_CLEAN_DATE]


async def test_an_update_the_library_cannot_read_is_set_aside_and_the_rest_run(
    settings: Settings, fake: FakeTelegram, clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    async with running_bot(settings, fake, clock) as bot:
        with caplog.at_level(logging.ERROR):
            await fake.push({"message": {"message_id": 1, "chat": "not a chat", "date": "x"}})
            await bot.command(SAM, "/start")
            await bot.handled()
        rows = await bot.services.db.reader.execute_fetchall(
            "SELECT state, reason FROM inbox ORDER BY update_id"
        )
        assert [tuple(row) for row in rows] == [("set_aside", "Undecodable"), ("done", None)]
        assert any("cannot be decoded" in r.getMessage() for r in caplog.records)
        assert fake.polls[-1]["allowed_updates"] == ["message", "callback_query", "my_chat_member"]


async def test_a_handler_that_fails_is_set_aside_and_the_person_is_told_kindly(
    settings: Settings, fake: FakeTelegram, clock: ManualClock
) -> None:
    async with running_bot(settings, fake, clock) as bot:
        await bot.command(SAM, "/start")
        fake.fail("sendMessage", Failure(400, "Bad Request: something odd"))
        await fake.send_text(SAM, "/days")
        await fake.wait_sent(2, "sendMessage", SAM)
        await bot.handled()
        assert fake.texts(SAM)[-1] == texts.SOMETHING_WENT_WRONG
        rows = await bot.services.db.reader.execute_fetchall(
            "SELECT state, reason FROM inbox ORDER BY update_id DESC LIMIT 1"
        )
        assert tuple(next(iter(rows))) == ("set_aside", "BadRequest")


async def test_a_bad_hour_at_telegram_loses_nothing_and_logs_one_line_per_fault(
    settings: Settings, fake: FakeTelegram, clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    """429 storms, 5xx, dropped connections, a 5 s answer and broken JSON, on receiving and
    on replying: every command is still applied and answered."""
    async with running_bot(settings, fake, clock, poll_backoff=0.05) as bot:
        await bot.command(SAM, "/start")
        for failure in (
            Failure(429, "Too Many Requests: retry after 1", retry_after=1),
            Failure(429, "Too Many Requests: retry after 1", retry_after=1),
            Failure(502, "Bad Gateway"),
            Failure(500, "", drop=True),
            Failure(502, "", raw_body='{"ok": tru'),
            Failure(503, "Service Unavailable"),
        ):
            fake.fail("getUpdates", failure)
        for failure in (
            Failure(500, "Internal Server Error"),
            Failure(502, "", raw_body="<html>gateway</html>"),
            Failure(500, "", drop=True),
        ):
            fake.fail("sendMessage", failure)
        with caplog.at_level(logging.WARNING):
            for n in range(10):
                await fake.send_text(SAM + 1 + n, f"/name Friend {n}", first_name="F")
            await fake.wait_for(
                lambda: sum("Peers will see you as" in t for t in fake.texts_everywhere()) == 10,
                within=30,
            )
            fake.response_delay = 5.0
            await fake.send_text(SAM, "/days")
            await fake.wait_sent(2, "sendMessage", SAM)
            fake.response_delay = 0.0
            await bot.handled()
        lines = [r.getMessage() for r in caplog.records]
        assert sum("getUpdates" in line for line in lines) == 6
        assert sum("sendMessage failed" in line for line in lines) == 3
        assert not any("Traceback" in line for line in lines)
        for n in range(10):
            person = await bot.services.people.require(SAM + 1 + n)
            assert person.alias == f"Friend {n}"
