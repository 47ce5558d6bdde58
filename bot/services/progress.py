"""/progress and milestone chips: data gathered here, pictures drawn off the event loop."""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from datetime import date, timedelta

from bot import i18n
from bot.domain import milestones
from bot.domain.streaks import Streak, longest
from bot.drawing.chip import render_chip
from bot.drawing.progress import ProgressData, render_progress
from bot.services.goals import Goals
from bot.services.money_kept import MoneyKept
from bot.services.people import People, Person
from bot.services.pledges import Pledges
from bot.storage import check_ins, streaks, wellbeing
from bot.storage.database import Database

# A span's days, and how long it is in words (count, unit).
SPANS = {"8w": (56, (8, "week")), "6m": (182, (6, "month")), "1y": (365, (12, "month"))}
DEFAULT_SPAN = "8w"
CHIP_CACHE_SIZE = 512


class Progress:
    """The progress picture and the chips."""

    def __init__(
        self,
        db: Database,
        people: People,
        goals: Goals,
        money: MoneyKept,
        pledges: Pledges,
    ) -> None:
        self._db = db
        self._people = people
        self._goals = goals
        self._money = money
        self._pledges = pledges
        self._chips: OrderedDict[tuple[str, str, str], bytes] = OrderedDict()
        self.chip_hits = 0
        self.chip_misses = 0

    async def data(self, person: Person, span: str = DEFAULT_SPAN) -> ProgressData:
        """Everything the picture shows for the last `span` (8w, 6m or 1y)."""
        days, words = SPANS[span]
        today = self._people.today_for(person)
        first = today - timedelta(days=days - 1)
        reader = self._db.reader
        answered = await check_ins.between(reader, person.user_id, first, today)
        check_in_moods = {
            row.local_date: row.mood
            for row in answered
            if row.mood is not None or row.craving is not None or row.notes
        }
        history = await streaks.all_for(reader, person.user_id)
        current = next((row for row in history if row.ended_on is None), None)
        reached: list[tuple[str, date]] = []
        for row in history:
            end = min(row.ended_on or today, today)
            for milestone, on in milestones.reached(row.clean_date, end):
                if first <= on <= today:
                    reached.append((i18n.amount(*milestone.amount), on))
        upcoming = None
        current_days = None
        money = None
        if current is not None:
            current_days = Streak(current.clean_date).days(today)
            label, on = milestones.next_after(current.clean_date, today)
            upcoming = (i18n.amount(*label.amount), on)
            money = await self._money.kept_text(person.user_id, current_days)
        goals = [(view.title, view.done, view.target) for view in await self._goals.views(person)]
        return ProgressData(
            title=i18n.gettext("{alias} · your progress, last {span}").format(
                alias=person.alias, span=i18n.amount(*words)
            ),
            first=first,
            last=today,
            check_ins=check_in_moods,
            current_days=current_days,
            longest_days=longest((Streak(r.clean_date, r.ended_on) for r in history), today),
            milestones=reached,
            next_milestone=upcoming,
            goals=goals,
            money_kept=money,
            pledge_streak=await self._pledges.streak(person),
        )

    async def picture(self, person: Person, span: str = DEFAULT_SPAN) -> bytes:
        """The PNG, drawn in a worker thread (the event loop keeps answering others)."""
        return await asyncio.to_thread(render_progress, await self.data(person, span))

    async def chip(self, milestone_key: str, name: str) -> bytes:
        """A chip's PNG, cached per milestone and name."""
        key = (milestone_key, name, i18n.current())  # drawn in the reader's language
        cached = self._chips.get(key)
        if cached is not None:
            self.chip_hits += 1
            self._chips.move_to_end(key)
            return cached
        self.chip_misses += 1
        milestone = milestones.by_key(milestone_key)
        if milestone is None:
            raise LookupError(milestone_key)
        days = milestone.days or milestone.months * 30
        label = i18n.amount(*milestone.amount)
        png = await asyncio.to_thread(render_chip, label, name, days)
        self._chips[key] = png
        while len(self._chips) > CHIP_CACHE_SIZE:
            self._chips.popitem(last=False)
        return png

    async def chip_file_id(self, user_id: int, chip_key: str) -> str | None:
        """Telegram's id for a chip this person was already sent."""
        return await wellbeing.chip_file(self._db.reader, user_id, chip_key)

    async def remember_chip(self, user_id: int, chip_key: str, file_id: str) -> None:
        """Reuse the uploaded chip next time."""
        async with self._db.single_statement() as writer:
            await wellbeing.remember_chip(writer, user_id, chip_key, file_id)
