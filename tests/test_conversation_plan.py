"""The conversation use case on its own: a message and a person in, a plan out.

No Telegram here: real services on a real SQLite file, the clock injected.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest

from bot.clock import ManualClock
from bot.domain.intents import Claim
from bot.services.container import Services
from bot.services.conversation import Answer, claimed_clean_date, other_times
from bot.storage.database import Database
from tests.harness import make_settings

KIT = 7


@pytest.fixture
async def services(tmp_path: Path) -> AsyncIterator[Services]:
    path = tmp_path / "plan.sqlite3"
    db = await Database.open(path)
    clock = ManualClock(datetime(2026, 12, 1, 21, 30, tzinfo=UTC))
    made = Services.create(make_settings(path), clock, db, question_count=35)
    await made.people.note_sender(KIT, "Kit")
    await made.people.store_zone(KIT, "Europe/London")
    try:
        yield made
    finally:
        await db.close()


async def plan_for(services: Services, text: str, update_id: int = 1):  # type: ignore[no-untyped-def]
    person = await services.people.require(KIT)
    return await services.conversation.plan(person, text, update_id)


async def test_danger_plans_the_crisis_line_and_nothing_else(services: Services) -> None:
    plan = await plan_for(services, "everyone would be better off without me")
    assert plan.answer is Answer.CRISIS
    assert plan.crisis.line is not None and plan.crisis.line.country == "GB"


async def test_a_use_about_to_happen_plans_urgent_support(services: Services) -> None:
    plan = await plan_for(services, "my dealer is on his way")
    assert plan.answer is Answer.SUPPORT
    assert plan.support is not None and plan.support.urgent


async def test_a_relapse_without_a_clean_date_plans_a_start(services: Services) -> None:
    plan = await plan_for(services, "had a few beers on friday, back to day one i guess")
    assert plan.answer is Answer.RELAPSE
    assert not plan.has_clean_date
    assert plan.relapse_on == date(2026, 11, 27)


async def test_a_reminder_in_words_is_held_not_set(services: Services) -> None:
    plan = await plan_for(services, "remind me to call sam at 7")
    assert plan.answer is Answer.REMINDER
    assert plan.reminder is not None and plan.reminder.at == time(7)  # 21:30 now: 07:00 next
    person = await services.people.require(KIT)
    assert await services.reminders.active(person) == []


async def test_questions_plan_their_answers(services: Services) -> None:
    person = await services.people.require(KIT)
    await services.clean_time.set_clean_date(person, "45 days ago")
    assert (await plan_for(services, "how many days do i have?")).days is not None
    nxt = await plan_for(services, "when is my next milestone")
    assert nxt.answer is Answer.NEXT_MILESTONE and nxt.days is not None
    assert nxt.days.next_on == date(2026, 12, 16)
    count = await plan_for(services, "30 days today!!")
    assert count.answer is Answer.COUNT and not count.claim_matches


def test_a_claim_gives_the_clean_date_it_means() -> None:
    today = date(2026, 12, 1)
    assert claimed_clean_date(Claim(30, "day"), today) == date(2026, 11, 1)
    assert claimed_clean_date(Claim(1, "year"), today) == date(2025, 12, 1)


def test_change_time_offers_both_halves_of_the_day() -> None:
    assert {"07:00", "19:00", "18:30", "20:00"} <= set(other_times(time(19)))
