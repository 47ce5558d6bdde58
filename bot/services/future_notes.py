"""A note to future me: written at one milestone, shown back at the next."""

from __future__ import annotations

from bot.clock import Clock, epoch_seconds
from bot.services.errors import Expired, NotYours
from bot.services.people import Person
from bot.storage import streaks, wellbeing
from bot.storage.database import Connection, Database

AWAITING = "future_note"
MAX_NOTE = 2000


class FutureNotes:
    """Waiting for the note, keeping it, showing it at the next milestone."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    async def ask(self, presser: Person, streak_id: int, key: str) -> None:
        """The button on a congratulation: the next plain message is the note."""
        async with self._db.transaction() as tx:
            streak = await streaks.reset_row(tx, streak_id=streak_id)
            if streak is None:
                raise Expired
            if streak.user_id != presser.user_id:
                raise NotYours
            await wellbeing.set_awaiting(tx, presser.user_id, f"{AWAITING}:{streak_id}:{key}")

    async def keep_if_awaited(self, person: Person, text: str, update_id: int) -> bool:
        """Keep `text` as the awaited note; False when no note was awaited."""
        async with self._db.transaction() as tx:
            awaited = await wellbeing.awaiting(tx, person.user_id)
            if not awaited or not awaited.startswith(AWAITING + ":"):
                return False
            _, streak_text, key = awaited.split(":", 2)
            await wellbeing.add_future_note(
                tx, person.user_id, int(streak_text), key, text[:MAX_NOTE],
                epoch_seconds(self._clock), update_id,
            )  # fmt: skip
            await wellbeing.set_awaiting(tx, person.user_id, None)
        return True

    async def unshown(self, user_id: int, streak_id: int) -> list[tuple[str, str]]:
        """Notes of a streak not shown yet: (milestone written at, text)."""
        return await wellbeing.unshown_future_notes(self._db.reader, user_id, streak_id)

    async def mark_shown(self, tx: Connection, user_id: int, streak_id: int) -> None:
        """They were delivered."""
        await wellbeing.take_future_notes(tx, user_id, streak_id, epoch_seconds(self._clock))
