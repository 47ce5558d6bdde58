"""The person's own reasons for recovery: up to 10, shown back in hard moments."""

from __future__ import annotations

from bot.clock import Clock, epoch_seconds
from bot.services.errors import Expired, NotYours
from bot.services.people import Person
from bot.storage import wellbeing
from bot.storage.database import Database
from bot.storage.wellbeing import ReasonRow

MAX_REASONS = 10
MAX_REASON_LENGTH = 200


class ReasonRefused(ValueError):
    """Too long, or already ten."""


class Reasons:
    """Adding, listing and removing reasons."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    async def of(self, user_id: int) -> list[ReasonRow]:
        """The person's reasons, oldest first."""
        return await wellbeing.reasons(self._db.reader, user_id)

    async def add(self, person: Person, text: str, update_id: int) -> list[ReasonRow]:
        """Keep a reason; returns them all. Raises ReasonRefused."""
        reason = " ".join(text.split())
        if not reason or len(reason) > MAX_REASON_LENGTH:
            raise ReasonRefused("length")
        async with self._db.transaction() as tx:
            if len(await wellbeing.reasons(tx, person.user_id)) >= MAX_REASONS:
                raise ReasonRefused("full")
            await wellbeing.add_reason(
                tx, person.user_id, reason, epoch_seconds(self._clock), update_id
            )
            return await wellbeing.reasons(tx, person.user_id)

    async def remove(self, presser: Person, reason_id: int) -> list[ReasonRow]:
        """Remove one of the presser's reasons; returns the rest."""
        async with self._db.transaction() as tx:
            owner = await wellbeing.reason_owner(tx, reason_id)
            if owner is None:
                raise Expired
            if owner != presser.user_id:
                raise NotYours
            await wellbeing.remove_reason(tx, presser.user_id, reason_id)
            return await wellbeing.reasons(tx, presser.user_id)
