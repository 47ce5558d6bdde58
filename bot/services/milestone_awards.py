"""Awarding milestones: at most once per streak, only the highest of a jump celebrated."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from bot.clock import Clock, epoch_seconds
from bot.domain import milestones
from bot.domain.dates import iso
from bot.domain.milestones import Milestone
from bot.services.groups import Groups
from bot.services.outbox import MILESTONE, Outbox
from bot.storage import awards
from bot.storage.database import Connection
from bot.storage.outbox import NewMessage


@dataclass(frozen=True)
class AwardCheck:
    """One user's current streak to check on their local `today`."""

    user_id: int
    streak_id: int
    clean_date: date
    today: date
    celebrate: bool = True


def milestone_message(
    user_id: int, streak_id: int, milestone: Milestone, clean: date
) -> NewMessage:
    """The private congratulation for a milestone."""
    return NewMessage(
        dedupe_key=f"milestone:{user_id}:{streak_id}:{milestone.key}",
        chat_id=user_id,
        user_id=user_id,
        kind=MILESTONE,
        params={"milestone": milestone.key, "clean_date": iso(clean)},
    )


class MilestoneAwards:
    """Records awards and enqueues congratulations."""

    def __init__(self, outbox: Outbox, clock: Clock, groups: Groups) -> None:
        self._outbox = outbox
        self._clock = clock
        self._groups = groups

    async def award(self, tx: Connection, checks: Sequence[AwardCheck]) -> dict[int, Milestone]:
        """Award what each streak newly reached; returns the celebrated milestone per user."""
        if not checks:
            return {}
        already = await awards.keys_for(tx, [check.streak_id for check in checks])
        rows: list[tuple[int, str, date, bool]] = []
        messages: list[NewMessage] = []
        celebrated: dict[int, Milestone] = {}
        for check in checks:
            new = milestones.unawarded(check.clean_date, check.today, already[check.streak_id])
            if not new:
                continue
            highest, _ = new[-1]
            for milestone, on in new:
                loud = check.celebrate and milestone is highest
                rows.append((check.streak_id, milestone.key, on, loud))
            if check.celebrate:
                celebrated[check.user_id] = highest
                messages.append(
                    milestone_message(check.user_id, check.streak_id, highest, check.clean_date)
                )
        await awards.add(tx, rows, epoch_seconds(self._clock))
        await self._outbox.add(tx, messages)
        today = {check.user_id: check.today for check in checks}
        reached = [(user, milestone.key, today[user]) for user, milestone in celebrated.items()]
        await self._groups.announce(tx, reached)
        return celebrated
