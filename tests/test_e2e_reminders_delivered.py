"""Every reminder repeat kind arrives on the right local days, across a restart."""

from __future__ import annotations

from datetime import timedelta

from bot.config import Settings
from bot.playground.fake_api import FakeTelegram
from tests.harness import clock_at, running_bot

SAM = 6001
KINDS = {
    "/remind 19:00 take my meds": "take my meds",  # once
    "/remind 19:05 walk round the block daily": "walk round the block",
    "/remind 19:10 go to the noon meeting weekdays": "go to the noon meeting",
    "/remind 19:15 call mum for 3 days": "call mum",
}


def arrived(fake: FakeTelegram, since: int) -> list[str]:
    return [
        text.removeprefix("⏰ Reminder: ")
        for text in fake.texts(SAM)[since:]
        if text.startswith("⏰ Reminder: ")
    ]


async def test_once_daily_weekdays_and_for_n_days_arrive_on_their_days_across_a_restart(
    settings: Settings, fake: FakeTelegram
) -> None:
    # Wednesday 25 November 2026, noon in Berlin.
    clock = clock_at("2026-11-25T11:00:00+00:00")
    got: dict[str, list[str]] = {}
    async with running_bot(settings, fake, clock) as bot:
        await bot.command(SAM, "/timezone Europe/Berlin")
        for command in KINDS:
            assert "I'll remind you" in await bot.command(SAM, command)
        for day in ("2026-11-25", "2026-11-26"):
            clock.set(clock_at(f"{day}T18:20:00+00:00").now())  # 19:20 in Berlin
            before = len(fake.texts(SAM))
            await bot.tick()
            got[day] = arrived(fake, before)
    async with running_bot(settings, fake, clock) as bot:  # the bot restarts overnight
        for offset in range(2, 7):
            day = clock_at("2026-11-25T18:20:00+00:00").now() + timedelta(days=offset)
            clock.set(day)
            before = len(fake.texts(SAM))
            await bot.tick()
            got[f"{day:%Y-%m-%d}"] = arrived(fake, before)

    meds, walk, meeting, mum = KINDS.values()
    assert got == {
        "2026-11-25": [meds, walk, meeting, mum],  # Wednesday
        "2026-11-26": [walk, meeting, mum],
        "2026-11-27": [walk, meeting, mum],  # mum's third and last day
        "2026-11-28": [walk],  # Saturday
        "2026-11-29": [walk],
        "2026-11-30": [walk, meeting],  # Monday
        "2026-12-01": [walk, meeting],
    }
