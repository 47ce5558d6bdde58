"""Awarding milestones: at most once per streak, only the highest of a jump celebrated."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date

from bot.clock import Clock, epoch_seconds
from bot.domain import milestones
from bot.domain.dates import iso
from bot.domain.milestones import Milestone
from bot.services.groups import Groups
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
    """The private congratulation for a milestone."""
    return NewMessage(
        dedupe_key=f"milestone:{user_id}:{streak_id}:{milestone.key}",
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


def future_note_message(user_id: int, streak_id: int, milestone: Milestone) -> NewMessage:
    """The notes written to this day, shown back after the congratulation."""
    return NewMessage(
        dedupe_key=f"futurenote:{user_id}:{streak_id}:{milestone.key}",
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
        reached: list[tuple[int, str, date]] = []
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
                reached.append((check.user_id, shared.key, check.today))
        await awards.add(tx, rows, epoch_seconds(self._clock))
        noted = await wellbeing.streaks_with_unshown_notes(
            tx, [check.streak_id for check in checks if check.user_id in celebrated]
        )
        for check in checks:
            if check.streak_id in noted:
                reached_now = celebrated[check.user_id]
                messages.append(future_note_message(check.user_id, check.streak_id, reached_now))
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


def _highest(keys: Sequence[str]) -> Milestone | None:
    """The latest milestone on the schedule among `keys`."""
    found = [m for key in keys if (m := milestones.by_key(key)) is not None]
    return max(found, key=lambda m: m.months * 31 + m.days) if found else None
