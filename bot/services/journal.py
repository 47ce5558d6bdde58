"""The journal: every note kept with its time, check-in answers beside them, page by page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from bot.clock import Clock, epoch_seconds
from bot.domain.checkins import MAX_NOTE_LENGTH, Craving
from bot.domain.timezones import zone_info
from bot.services.errors import Expired, NotYours
from bot.services.people import People, Person
from bot.storage import check_ins, journal
from bot.storage.database import Connection, Database
from bot.storage.journal import NoteRow

PAGE_DAYS = 7
# An offer to keep a message in the journal can be answered for this long.
OFFER_SECONDS = 2 * 86400


class NoteTooLong(ValueError):
    """A note over the limit; nothing was saved."""


@dataclass(frozen=True)
class JournalDay:
    """One day of the journal."""

    local_date: date
    mood: int | None
    craving: Craving | None
    notes: tuple[tuple[str, str], ...]  # (local HH:MM, text)


@dataclass(frozen=True)
class JournalPage:
    """Up to `PAGE_DAYS` days, newest first, and whether older ones exist."""

    first: date
    last: date
    days: tuple[JournalDay, ...]
    has_older: bool


class Journal:
    """Notes and the journal view."""

    def __init__(self, db: Database, clock: Clock, people: People) -> None:
        self._db = db
        self._clock = clock
        self._people = people

    async def note_target(self, person: Person, reply_to: int | None) -> date | None:
        """The day a message is a note for: the check-in prompt it replies to, or today's
        check-in while it waits for its first note. None: not a note."""
        reader = self._db.reader
        if reply_to is not None:
            prompt = await check_ins.by_prompt(reader, person.user_id, reply_to)
            if prompt is not None:
                return prompt.local_date
        today = await check_ins.get(reader, person.user_id, self._people.today_for(person))
        if today is not None and today.notes == 0 and today.prompt_message_id is not None:
            return today.local_date
        return None

    async def add(self, person: Person, day: date, text: str, update_id: int) -> NoteRow:
        """Keep a note on `day` (appended; a replayed update adds nothing)."""
        if len(text) > MAX_NOTE_LENGTH:
            raise NoteTooLong
        async with self._db.transaction() as tx:
            return await journal.add(tx, person.user_id, day, text, self._now(),
                                     kept=True, update_id=update_id)  # fmt: skip

    async def offer(self, person: Person, text: str, update_id: int) -> NoteRow:
        """Hold a message until the person says whether to keep it (nothing is lost)."""
        if len(text) > MAX_NOTE_LENGTH:
            raise NoteTooLong
        today = self._people.today_for(person)
        async with self._db.transaction() as tx:
            return await journal.add(tx, person.user_id, today, text, self._now(),
                                     kept=False, update_id=update_id)  # fmt: skip

    async def keep(self, presser: Person, note_id: int) -> date:
        """Yes, keep it: on today's page."""
        today = self._people.today_for(presser)
        async with self._db.transaction() as tx:
            note = await self._offered(tx, presser, note_id)
            if not note.kept:
                await journal.keep(tx, note_id, today, self._now())
        return today if not note.kept else note.local_date

    async def discard(self, presser: Person, note_id: int) -> None:
        """No thanks: the offered message is not kept."""
        async with self._db.transaction() as tx:
            note = await self._offered(tx, presser, note_id)
            if not note.kept:
                await journal.delete(tx, note_id)

    async def offered(self, presser: Person, note_id: int) -> NoteRow:
        """A message held for the presser (re-checked: theirs, still there)."""
        async with self._db.transaction() as tx:
            return await self._offered(tx, presser, note_id)

    async def _offered(self, tx: Connection, presser: Person, note_id: int) -> NoteRow:
        note = await journal.get(tx, note_id)
        if note is None:
            raise Expired
        if note.user_id != presser.user_id:
            raise NotYours
        return note

    async def page(self, person: Person, last: date | None = None) -> JournalPage:
        """`PAGE_DAYS` days ending on `last` (today when None), newest first."""
        last = last or self._people.today_for(person)
        first = last - timedelta(days=PAGE_DAYS - 1)
        reader = self._db.reader
        answers = {row.local_date: row for row in
                   await check_ins.between(reader, person.user_id, first, last)}  # fmt: skip
        notes: dict[date, list[tuple[str, str]]] = {}
        zone = zone_info(person.zone)
        for note in await journal.kept_between(reader, person.user_id, first, last):
            at = datetime.fromtimestamp(note.created_at_utc, UTC).astimezone(zone)
            notes.setdefault(note.local_date, []).append((f"{at:%H:%M}", note.text))
        days = []
        for offset in range(PAGE_DAYS):
            day = last - timedelta(days=offset)
            answer = answers.get(day)
            mood = answer.mood if answer else None
            craving = Craving(answer.craving) if answer and answer.craving else None
            if mood is None and craving is None and day not in notes:
                continue
            days.append(JournalDay(day, mood, craving, tuple(notes.get(day, ()))))
        earliest = await journal.earliest(reader, person.user_id)
        has_older = (earliest is not None and earliest < first) or await check_ins.answered_before(
            reader, person.user_id, first
        )
        return JournalPage(first, last, tuple(days), has_older)

    def _now(self) -> int:
        return epoch_seconds(self._clock)
