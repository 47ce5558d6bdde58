"""End to end: the real Application over HTTP against the fake Bot API."""

from __future__ import annotations

from bot.clock import ManualClock
from bot.config import Settings
from bot.handlers import COMMANDS, Scope
from bot.playground.fake_api import FakeTelegram
from tests.harness import running_bot

ALEX = 1001


async def test_walkthrough_start_timezone_sober_days_reset_history(
    settings: Settings, fake: FakeTelegram, clock: ManualClock
) -> None:
    async with running_bot(settings, fake, clock) as bot:
        assert "Next steps" in await bot.command(ALEX, "/start")
        assert "Berlin time" in await bot.command(ALEX, "/timezone Europe/Berlin")

        saved = await bot.command(ALEX, "/sober 2026-01-31")
        assert "Sat 31 Jan 2026" in saved
        assert "298 days" in saved

        days = await bot.command(ALEX, "/days")
        assert "298 days</b> clean" in days
        assert "1 year</b> on Sun 31 Jan 2027 — 67 days to go" in days

        question = await bot.command(ALEX, "/reset")
        assert "Record a relapse on <b>Wed 25 Nov 2026</b>?" in question
        assert "new clean date would be <b>Thu 26 Nov 2026</b>" in question
        assert "298 days" in await bot.command(ALEX, "/days")  # nothing changed yet
        reset = await bot.tap(ALEX, "Yes, record it")
        assert "Your last streak: <b>298 days</b>" in reset
        assert "Your longest: <b>298 days</b>" in reset
        assert "starts tomorrow, Thu 26 Nov 2026" in reset

        history = await bot.command(ALEX, "/history")
        assert "longest streak: 298 days" in history
        assert "Sat 31 Jan 2026 → Wed 25 Nov 2026: 298 days" in history
        assert "9 months — Sat 31 Oct 2026" in history
        assert "Thu 26 Nov 2026 → now: 0 days" in history

    published = fake.sent("setMyCommands")
    private = [c for c in published if c.params["scope"]["type"] == "all_private_chats"]
    names = [command["command"] for command in private[0].params["commands"]]
    listed = [route.name for route in COMMANDS if route.scope is Scope.PRIVATE and route.listed]
    assert names == listed
    assert "stats" not in names  # an operator's command, not on everyone's menu
    assert {"sober", "days", "reset", "history", "timezone", "name"} <= set(names)
    group = [c for c in published if c.params["scope"]["type"] == "all_group_chats"]
    assert [c["command"] for c in group[0].params["commands"]] == [
        "setup",
        "disable",
        "join",
        "leave",
    ]
