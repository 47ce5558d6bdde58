"""Awarding milestones: at most once per streak, only the highest of a jump celebrated."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date

from bot.clock import Clock, epoch_seconds
from bot.domain import milestones
from bot.domain.dates import iso
from bot.domain.milestones import Milestone, Recorded, Rederived
from bot.services.groups import Groups, Reached
from bot.services.outbox import FUTURE_NOTE, MILESTONE, Outbox
from bot.storage import awards, wellbeing
from bot.storage.awards import NewAward
from bot.storage.database import Connection
from bot.storage.outbox import NewMessage


@dataclass(frozen=True)
class AwardCheck:
    """One user's current streak to check on their local `today`.

    `congratulate`: the private note (a quiet person gets one worded to leave room);
    `announce`: groups hear it now (a quiet person's groups hear it once they are back).
    """

    user_id: int
    streak_id: int
    clean_date: date
    today: date
    congratulate: bool = True
    announce: bool = True
    quiet: bool = False


def milestone_message(
    user_id: int, streak_id: int, milestone: Milestone, clean: date, *, quiet: bool = False
) -> NewMessage:
    """The private congratulation for a milestone (once per streak, milestone and day: a
    milestone a corrected date took away and gave back later is congratulated then)."""
    on = iso(milestone.reached_on(clean))
    return NewMessage(
        dedupe_key=f"milestone:{user_id}:{streak_id}:{milestone.key}:{on}",
        chat_id=user_id,
        user_id=user_id,
        kind=MILESTONE,
        params={
            "milestone": milestone.key,
            "clean_date": iso(clean),
            "quiet": quiet,
            "streak_id": streak_id,
        },
    )


def future_note_message(
    user_id: int, streak_id: int, milestone: Milestone, on: date
) -> NewMessage:
    """The notes written to this day, shown back after the congratulation."""
    return NewMessage(
        dedupe_key=f"futurenote:{user_id}:{streak_id}:{milestone.key}:{iso(on)}",
        chat_id=user_id,
        user_id=user_id,
        kind=FUTURE_NOTE,
        params={"streak_id": streak_id},
    )


class MilestoneAwards:
    """Records awards and enqueues congratulations."""

    def __init__(self, outbox: Outbox, clock: Clock, groups: Groups) -> None:
        self._outbox = outbox
        self._clock = clock
        self._groups = groups
        # The private notes to the people a person shares milestones with (set at start-up).
        self.helpers_of: (
            Callable[[Connection, Sequence[tuple[int, str, date]]], Awaitable[list[NewMessage]]]
            | None
        ) = None

    async def award(self, tx: Connection, checks: Sequence[AwardCheck]) -> dict[int, Milestone]:
        """Award what each streak newly reached; returns the congratulated milestone per user.

        Only the highest of a jump is congratulated and announced; the rest are recorded.
        """
        if not checks:
            return {}
        streak_ids = [check.streak_id for check in checks]
        already = await awards.keys_for(tx, streak_ids)
        back = [check.streak_id for check in checks if check.announce and not check.quiet]
        pending = await awards.take_pending(tx, back)
        rows: list[NewAward] = []
        messages: list[NewMessage] = []
        celebrated: dict[int, Milestone] = {}
        reached: list[Reached] = []
        for check in checks:
            new = milestones.unawarded(check.clean_date, check.today, already[check.streak_id])
            highest = new[-1][0] if new else None
            for milestone, on in new:
                top = milestone is highest
                later = top and check.quiet and check.announce
                loud = top and check.congratulate
                rows.append(NewAward(check.streak_id, milestone.key, on, loud, later))
            if highest is not None and check.congratulate:
                celebrated[check.user_id] = highest
                message = milestone_message(
                    check.user_id, check.streak_id, highest, check.clean_date, quiet=check.quiet
                )
                messages.append(message)
            shared = (
                highest if highest is not None and check.announce and not check.quiet else None
            )
            if shared is None and pending.get(check.streak_id):
                shared = _highest(pending[check.streak_id])
            if shared is not None:
                reached.append(Reached(check.user_id, shared.key, check.today, check.streak_id))
        await awards.add(tx, rows, epoch_seconds(self._clock))
        noted = await wellbeing.streaks_with_unshown_notes(
            tx, [check.streak_id for check in checks if check.user_id in celebrated]
        )
        for check in checks:
            if check.streak_id in noted:
                reached_now = celebrated[check.user_id]
                messages.append(
                    future_note_message(check.user_id, check.streak_id, reached_now, check.today)
                )
        if self.helpers_of is not None:
            told = [
                (check.user_id, celebrated[check.user_id].key, check.today)
                for check in checks
                if check.user_id in celebrated and not check.quiet
            ]
            messages += await self.helpers_of(tx, told)
        await self._outbox.add(tx, messages)
        await self._groups.announce(tx, reached)
        return celebrated

    async def withdraw_streak(self, tx: Connection, user_id: int, streak_id: int) -> None:
        """A streak taken back (a reset undone): what its groups were told of it is corrected."""
        keys = list(await awards.for_streak(tx, streak_id))
        await self._groups.correct(tx, user_id, streak_id, keys)

    async def rederive(
        self, tx: Connection, user_id: int, streak_id: int, clean_date: date, today: date
    ) -> Rederived:
        """A clean date set, corrected or started by a reset: the streak's records become
        exactly what that date has reached. Milestones already past are recorded and never
        cheered; one that falls today is congratulated (and announced) unless it already was
        today; a recorded one the date never reached is removed, and a group that heard of it
        sees the post corrected. Replay-safe: the same date again changes nothing."""
        before = await awards.for_streak(tx, streak_id)
        recorded = {key: Recorded(on, done) for key, (on, done) in before.items()}
        derived = milestones.rederive(clean_date, today, recorded)
        rows = []
        for milestone, on in derived.reached:
            cheered_now = derived.congratulate and milestone is derived.today
            seen = recorded.get(milestone.key)
            celebrated = cheered_now or (seen is not None and seen.celebrated)
            rows.append(NewAward(streak_id, milestone.key, on, celebrated))
        await awards.replace(tx, streak_id, rows, derived.dropped, epoch_seconds(self._clock))
        await self._groups.correct(tx, user_id, streak_id, derived.dropped)
        fresh = derived.today
        if fresh is None or not derived.congratulate:
            return derived
        messages = [milestone_message(user_id, streak_id, fresh, clean_date)]
        if await wellbeing.streaks_with_unshown_notes(tx, [streak_id]):
            messages.append(future_note_message(user_id, streak_id, fresh, today))
        if self.helpers_of is not None:
            messages += await self.helpers_of(tx, [(user_id, fresh.key, today)])
        await self._outbox.add(tx, messages)
        await self._groups.announce(tx, [Reached(user_id, fresh.key, today, streak_id)])
        return derived


def _highest(keys: Sequence[str]) -> Milestone | None:
    """The latest milestone on the schedule among `keys`."""
    found = [m for key in keys if (m := milestones.by_key(key)) is not None]
    return max(found, key=lambda m: m.months * 31 + m.days) if found else None
