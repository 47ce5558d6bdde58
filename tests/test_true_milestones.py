"""Milestones stay true: whatever dates a person types within 48 hours (with the daily tick
running in between), the milestones recorded are exactly those of the final date, and
every group post still standing is one of them. A real SQLite file for each example."""

from __future__ import annotations

import asyncio
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.clock import ManualClock
from bot.domain import milestones
from bot.domain.milestones import Recorded, rederive
from bot.scheduling.tick import Tick
from bot.services.container import Services
from bot.storage import awards, groups, streaks
from bot.storage.database import Database
from tests.harness import make_settings

IDA, CHAT = 11, -100777
# (minutes later, days back, run the tick after it): six changes at most 8 hours apart.
CHANGES = st.lists(
    st.tuples(st.integers(0, 8 * 60), st.integers(0, 800), st.booleans()),
    min_size=1, max_size=6,
)  # fmt: skip


async def _changes_of_date(folder: Path, changes: list[tuple[int, int, bool]]) -> None:
    path = folder / "true.sqlite3"
    clock = ManualClock(datetime(2026, 12, 1, 9, 30, tzinfo=UTC))
    db = await Database.open(path)
    services = Services.create(make_settings(path), clock, db, question_count=35)
    tick = Tick(services)
    try:
        await services.people.note_sender(IDA, "Ida")
        group = await services.groups.setup(CHAT, "Circle")
        async with db.transaction() as tx:
            await groups.set_membership(tx, group.group_id, IDA, True, 0)
        for minutes, days_back, ticking in changes:
            clock.advance(timedelta(minutes=minutes))
            await services.people.note_sender(IDA, "Ida")  # Ida is around
            person = await services.people.require(IDA)
            today = services.people.today_for(person)
            await services.clean_time.set_clean_date(
                person, (today - timedelta(days=days_back)).isoformat()
            )
            if ticking:
                await tick.run()
        person = await services.people.require(IDA)
        today = services.people.today_for(person)
        current = await streaks.current(db.reader, IDA)
        assert current is not None
        recorded = await awards.for_streak(db.reader, current.streak_id)
        truth = milestones.reached(current.clean_date, today)
        assert {key: on for key, (on, _) in recorded.items()} == {m.key: on for m, on in truth}
        standing = await db.reader.execute_fetchall(
            "SELECT milestone_key, local_date FROM announcements WHERE corrected = 0"
        )
        assert {key for key, _ in standing} <= {m.key for m, _ in truth}
        days = [day for _, day in standing]
        assert len(days) == len(set(days))  # a group hears about Ida at most once a day
    finally:
        await db.close()


@settings(max_examples=40, derandomize=True, deadline=None)
@given(changes=CHANGES)
def test_milestones_recorded_are_those_of_the_final_date(
    changes: list[tuple[int, int, bool]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(_changes_of_date(Path(folder), changes))


def test_a_past_date_says_its_last_milestone_and_cheers_only_today() -> None:
    today = date(2026, 12, 1)
    derived = rederive(today - timedelta(days=89), today, {})
    assert derived.today is None and not derived.congratulate
    assert derived.last is not None and derived.last[0].key == "60d"
    assert derived.last[1] == date(2026, 11, 2)  # "your last milestone, 60 days, was on Mon 2 Nov"
    derived = rederive(today - timedelta(days=60), today, {})
    assert derived.today is not None and derived.today.key == "60d" and derived.congratulate


def test_a_corrected_date_drops_what_it_never_reached_and_gives_back_what_is_due() -> None:
    today = date(2026, 12, 1)
    year_ago = today - timedelta(days=400)
    recorded = {
        m.key: Recorded(on, m.key == "1y") for m, on in milestones.reached(year_ago, today)
    }
    derived = rederive(today - timedelta(days=60), today, recorded)
    assert derived.dropped == sorted(["90d", "6m", "9m", "1y"])
    assert derived.today is not None and derived.today.key == "60d"
    assert derived.congratulate  # recorded silently before: "lost ones are not lost"
    again = {m.key: Recorded(on, m.key == "60d") for m, on in derived.reached}
    assert not rederive(today - timedelta(days=60), today, again).congratulate  # a replay
