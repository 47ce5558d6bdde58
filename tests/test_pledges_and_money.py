"""The morning pledge through the scheduler across both DST changes, money formatted by
currency, and export round trips over generated histories."""

from __future__ import annotations

import asyncio
import tempfile
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.clock import ManualClock
from bot.domain.money import format_money, kept, parse_spend
from bot.scheduling.tick import Tick
from bot.services.container import Services
from bot.storage import check_ins, goals, journal, streaks, wellbeing
from bot.storage.database import Database
from tests.harness import make_settings

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(
    ("start", "end"),
    [(datetime(2026, 10, 20, tzinfo=UTC), datetime(2026, 11, 5, tzinfo=UTC)),  # fall back 25 Oct
     (datetime(2027, 3, 20, tzinfo=UTC), datetime(2027, 4, 5, tzinfo=UTC))],  # spring 28 Mar
)  # fmt: skip
async def test_the_pledge_comes_at_7_local_once_per_date_across_dst(
    tmp_path: Path, start: datetime, end: datetime
) -> None:
    clock = ManualClock(start)
    db = await Database.open(tmp_path / "pledge.sqlite3")
    services = Services.create(make_settings(tmp_path / "pledge.sqlite3"), clock, db,
                               question_count=35)  # fmt: skip
    tick = Tick(services)
    try:
        await services.people.note_sender(1, "Ida")
        await services.people.store_zone(1, "Europe/Berlin")
        await services.pledges.set_time(await services.people.require(1), "07:00")
        while clock.now() < end:
            clock.advance(timedelta(minutes=10))
            await services.people.note_sender(1, "Ida")  # she's around every day
            await tick.run()
        rows = await db.reader.execute_fetchall(
            "SELECT dedupe_key, created_at_utc FROM outbox WHERE kind = 'pledge'"
        )
    finally:
        await db.close()
    keys = Counter(row[0] for row in rows)
    assert all(count == 1 for count in keys.values())
    assert len(keys) == (end - start).days
    for _, created in rows:
        local = datetime.fromtimestamp(created, UTC).astimezone(BERLIN)
        assert (local.hour, local.minute) in ((7, 0), (7, 10))  # on the first tick after 7:00


@pytest.mark.parametrize(
    ("currency", "expected"),
    [("USD", "$1,234.57"), ("EUR", "€1,234.57"), ("GBP", "£1,234.57"), ("JPY", "¥1,235")],
)
def test_money_is_formatted_for_its_currency(currency: str, expected: str) -> None:
    assert format_money(Decimal("1234.567"), currency) == expected


@pytest.mark.parametrize(
    ("typed", "country", "amount", "currency", "period"),
    [("20 per day", "GB", "20", "GBP", "day"), ("€15 a week", "DE", "15", "EUR", "week"),
     ("3000 JPY/week", "US", "3000", "JPY", "week"), ("12.50 usd daily", None, "12.50", "USD", "day"),
     ("7,5 per day", "FR", "7.5", "EUR", "day")],
)  # fmt: skip
def test_spend_is_read_as_people_type_it(
    typed: str, country: str | None, amount: str, currency: str, period: str
) -> None:
    plan = parse_spend(typed, country)
    assert (plan.amount, plan.currency, plan.period) == (Decimal(amount), currency, period)


def test_money_kept_is_per_day_or_a_seventh_of_a_week() -> None:
    assert kept(Decimal(20), "day", 30) == Decimal(600)
    assert format_money(kept(Decimal(70), "week", 30), "GBP") == "£300.00"


_history = st.fixed_dictionaries({
    "moods": st.lists(st.one_of(st.none(), st.integers(1, 5)), max_size=20),
    "notes": st.lists(st.text(min_size=1, max_size=40), max_size=10),
    "goals": st.lists(st.text(min_size=1, max_size=30), max_size=4),
    "reasons": st.lists(st.text(min_size=1, max_size=30), max_size=5),
    "pledges": st.integers(0, 10),
    "resets": st.integers(0, 3),
})  # fmt: skip


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck),
          derandomize=True)  # fmt: skip
@given(history=_history)
def test_export_holds_every_row_of_a_generated_history(history: dict[str, object]) -> None:
    asyncio.run(_export_round_trip(history))


async def _export_round_trip(history: dict[str, object]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.sqlite3"
        clock = ManualClock(datetime(2026, 11, 25, 12, tzinfo=UTC))
        db = await Database.open(path)
        services = Services.create(make_settings(path), clock, db, question_count=35)
        try:
            await services.people.note_sender(7, "Kit")
            today = date(2026, 11, 25)
            async with db.transaction() as tx:
                start = today - timedelta(days=60)
                for index in range(int(history["resets"])):  # type: ignore[call-overload]
                    streak = await streaks.start(tx, 7, start + timedelta(days=10 * index), 1)
                    await streaks.end(tx, streak, start + timedelta(days=10 * index + 5))
                await streaks.start(tx, 7, start + timedelta(days=40), 1)
                moods = list(history["moods"])  # type: ignore[call-overload]
                for offset, mood in enumerate(moods):
                    day = today - timedelta(days=offset)
                    await check_ins.open_many(tx, [(7, day, 0)], 1)
                    await check_ins.answer(tx, 7, day, 1, mood=mood)
                notes = list(history["notes"])  # type: ignore[call-overload]
                for offset, text in enumerate(notes):
                    await journal.add(tx, 7, today - timedelta(days=offset % 5), text, offset,
                                      kept=True, update_id=None)  # fmt: skip
                for offset, text in enumerate(history["reasons"]):  # type: ignore[call-overload]
                    await wellbeing.add_reason(tx, 7, text, 1, 1000 + offset)
                for offset in range(int(history["pledges"])):  # type: ignore[call-overload]
                    await wellbeing.commit_pledge(tx, 7, today - timedelta(days=offset), 1)
                for title in history["goals"]:  # type: ignore[attr-defined]
                    row = goals.GoalRow(0, 7, title, None, "daily", 7, "days", 7, True, None,
                                        today, today + timedelta(days=6), None, "active")  # fmt: skip
                    goal_id = await goals.insert(tx, row, 1)
                    await goals.log_progress(tx, goal_id, today, "done", 1)
            person = await services.people.require(7)
            document = await services.personal_data.document(person)
        finally:
            await db.close()
    exported_notes = [n["text"] for day in document["check_ins"] for n in day["notes"]]
    assert sorted(exported_notes) == sorted(history["notes"])  # type: ignore[call-overload]
    assert len(document["check_ins"]) == len(
        {today - timedelta(days=o) for o in range(len(moods))}
        | {today - timedelta(days=o % 5) for o in range(len(notes))}
    )
    assert [r["text"] for r in document["reasons"]] == list(history["reasons"])  # type: ignore[call-overload]
    assert len(document["pledges"]) == history["pledges"]
    assert len(document["streaks"]) == int(history["resets"]) + 1  # type: ignore[call-overload]
    assert [g["title"] for g in document["goals"]] == list(history["goals"])  # type: ignore[call-overload]
    assert all(g["progress"] == ["2026-11-25"] for g in document["goals"])
