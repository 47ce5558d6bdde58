"""Goals and reminders through the scheduler: DST, snooze, skip, periods met and missed."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot.clock import ManualClock
from bot.domain.reminders import parse_remind
from bot.scheduling.tick import Tick
from bot.services.container import Services
from bot.services.goals import GoalView
from bot.services.people import Person
from bot.storage.database import Database
from tests.harness import make_settings

LA = "America/Los_Angeles"


@dataclass
class World:
    services: Services
    clock: ManualClock
    tick: Tick

    async def person(self, user_id: int, zone: str) -> Person:
        await self.services.people.note_sender(user_id, "Sam")
        await self.services.people.store_zone(user_id, zone)
        return await self.services.people.require(user_id)

    async def run_until(self, end: datetime, step: timedelta = timedelta(minutes=5)) -> None:
        while self.clock.now() < end:
            self.clock.advance(step)
            await self.tick.run()

    async def outbox(self, kind: str) -> list[tuple[str, datetime]]:
        async with self.services.db.reader.execute(
            "SELECT dedupe_key, created_at_utc FROM outbox WHERE kind = ? ORDER BY outbox_id",
            (kind,),
        ) as cursor:
            return [(key, datetime.fromtimestamp(at, UTC)) for key, at in await cursor.fetchall()]


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    clock = ManualClock(datetime(2026, 10, 29, 17, 0, tzinfo=UTC))  # 10:00 in Los Angeles
    db = await Database.open(tmp_path / "goals.sqlite3")
    services = Services.create(
        make_settings(tmp_path / "goals.sqlite3"), clock, db, question_count=35
    )
    try:
        yield World(services, clock, Tick(services))
    finally:
        await db.close()


def local(moment: datetime, zone: str = LA) -> datetime:
    from zoneinfo import ZoneInfo

    return moment.astimezone(ZoneInfo(zone))


async def test_seven_day_sponsor_goal_sends_seven_reminders_at_19_local_across_dst(
    world: World,
) -> None:
    sam = await world.person(1, LA)
    created = await world.services.goals.create(
        sam, "call my sponsor every evening for 7 days at 19:00", update_id=100
    )
    assert isinstance(created, GoalView)
    assert created.period_end == date(2026, 11, 4)
    await world.run_until(datetime(2026, 11, 8, tzinfo=UTC))
    sent = await world.outbox("reminder")
    assert [key for key, _ in sent] == [
        f"reminder:1:2026-{day}"
        for day in ("10-29", "10-30", "10-31", "11-01", "11-02", "11-03", "11-04")
    ]
    for _, at in sent:
        wall = local(at)
        assert (wall.hour, wall.minute // 5) == (19, 0), at  # within one 5-minute tick of 19:00
    # PDT before 1 Nov (02:00 UTC next day), PST after (03:00 UTC next day)
    assert sent[2][1].hour == 2
    assert sent[3][1].hour == 3


async def test_snooze_comes_back_thirty_minutes_later_once_and_skip_only_today(
    world: World,
) -> None:
    sam = await world.person(1, LA)
    plan = parse_remind("19:00 call Sam daily")
    assert plan is not None
    reminder = await world.services.reminders.create(sam, plan, update_id=1)
    await world.run_until(
        datetime(2026, 10, 30, 2, 1, tzinfo=UTC), timedelta(minutes=1)
    )  # 19:01 PDT
    assert len(await world.outbox("reminder")) == 1
    await world.services.reminders.snooze(sam, reminder.reminder_id, date(2026, 10, 29))
    await world.run_until(datetime(2026, 10, 30, 3, 0, tzinfo=UTC), timedelta(minutes=1))
    sent = await world.outbox("reminder")
    assert len(sent) == 2
    assert sent[1][1] == datetime(2026, 10, 30, 2, 31, tzinfo=UTC)  # 30 minutes after the snooze
    await world.run_until(datetime(2026, 10, 30, 12, 0, tzinfo=UTC))
    assert len(await world.outbox("reminder")) == 2  # the snooze came back once

    await world.run_until(datetime(2026, 10, 31, 2, 1, tzinfo=UTC), timedelta(minutes=1))
    assert len(await world.outbox("reminder")) == 3  # the 30th
    await world.services.reminders.snooze(sam, reminder.reminder_id, date(2026, 10, 30))
    await world.services.reminders.skip(sam, reminder.reminder_id, date(2026, 10, 30))
    await world.run_until(datetime(2026, 11, 1, 3, 0, tzinfo=UTC))
    keys = [key for key, _ in await world.outbox("reminder")]
    assert keys[-1] == "reminder:1:2026-10-31"  # skip hid the snooze, not tomorrow
    assert len(keys) == 4


async def test_goal_reminder_is_not_sent_on_a_day_already_logged(world: World) -> None:
    sam = await world.person(1, LA)
    created = await world.services.goals.create(
        sam, "walk every day for 3 days at 19:00", update_id=101
    )
    assert isinstance(created, GoalView)
    await world.services.goals.log(sam, created.goal_id, "done")  # walked this morning
    await world.run_until(datetime(2026, 11, 1, 6, 0, tzinfo=UTC))
    assert [key for key, _ in await world.outbox("reminder")] == [
        "reminder:1:2026-10-30", "reminder:1:2026-10-31",
    ]  # fmt: skip


async def test_three_times_this_week_met_on_thursday_celebrates_then_no_feedback(
    world: World,
) -> None:
    sam = await world.person(2, "Europe/Berlin")
    world.clock.set(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))  # Monday
    created = await world.services.goals.create(
        sam, "attend 3 group sessions this week", update_id=102
    )
    assert isinstance(created, GoalView)
    logged = []
    for day in (date(2026, 11, 23), date(2026, 11, 24), date(2026, 11, 26)):
        world.clock.set(datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=18))
        logged.append(await world.services.goals.log(sam, created.goal_id, "done"))
    assert [entry.met_now for entry in logged] == [False, False, True]  # Thursday
    assert logged[-1].view.state == "completed"
    await world.run_until(datetime(2026, 11, 30, 12, 0, tzinfo=UTC), timedelta(minutes=30))
    assert await world.outbox("goal_missed") == []


async def test_unmet_week_sends_one_feedback_at_sunday_2359_and_try_again_restarts(
    world: World,
) -> None:
    sam = await world.person(2, "Europe/Berlin")
    world.clock.set(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
    created = await world.services.goals.create(
        sam, "attend 3 group sessions this week", update_id=103
    )
    assert isinstance(created, GoalView)
    await world.services.goals.log(sam, created.goal_id, "done")
    await world.run_until(datetime(2026, 11, 29, 22, 58, tzinfo=UTC), timedelta(minutes=1))
    assert await world.outbox("goal_missed") == []  # 23:58 Sunday in Berlin
    await world.run_until(datetime(2026, 12, 1, 0, 0, tzinfo=UTC), timedelta(minutes=1))
    feedback = await world.outbox("goal_missed")
    assert feedback == [
        (f"goalmiss:{created.goal_id}:2026-11-29", datetime(2026, 11, 29, 22, 59, tzinfo=UTC))
    ]
    [view] = await world.services.goals.views(sam)
    assert view.state == "missed"
    retried = await world.services.goals.after_miss(sam, created.goal_id, "again")
    assert retried.state == "active"
    assert retried.period_end == date(2026, 12, 6)
    assert retried.done == 0
    smaller = await world.services.goals.after_miss(sam, created.goal_id, "smaller")
    assert smaller.target == 1


async def test_repeating_goal_rolls_into_the_next_week(world: World) -> None:
    sam = await world.person(3, "UTC")
    world.clock.set(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))  # Monday
    created = await world.services.goals.create(sam, "go to a meeting twice a week", update_id=104)
    assert isinstance(created, GoalView)
    await world.services.goals.log(sam, created.goal_id, "done")
    world.clock.set(datetime(2026, 11, 25, 9, 0, tzinfo=UTC))
    met = await world.services.goals.log(sam, created.goal_id, "done")
    assert met.met_now
    assert met.view.state == "active"  # repeating: still going
    await world.run_until(datetime(2026, 11, 30, 1, 0, tzinfo=UTC), timedelta(minutes=30))
    [view] = await world.services.goals.views(sam)
    assert (view.done, view.period_end) == (0, date(2026, 12, 6))
    assert await world.outbox("goal_missed") == []


async def test_try_again_brings_the_goal_reminder_back(world: World) -> None:
    sam = await world.person(1, LA)
    created = await world.services.goals.create(
        sam, "walk every day for 2 days at 19:00", update_id=105
    )
    assert isinstance(created, GoalView)
    await world.run_until(datetime(2026, 11, 1, 12, 0, tzinfo=UTC), timedelta(minutes=10))
    assert [key for key, _ in await world.outbox("reminder")] == [
        "reminder:1:2026-10-29", "reminder:1:2026-10-30",
    ]  # fmt: skip
    assert len(await world.outbox("goal_missed")) == 1
    retried = await world.services.goals.after_miss(sam, created.goal_id, "again")
    assert retried.period_end == date(2026, 11, 2)  # 1 and 2 Nov, local
    await world.run_until(datetime(2026, 11, 4, 12, 0, tzinfo=UTC), timedelta(minutes=10))
    keys = [key for key, _ in await world.outbox("reminder")]
    assert keys[2:] == ["reminder:1:2026-11-01", "reminder:1:2026-11-02"]
