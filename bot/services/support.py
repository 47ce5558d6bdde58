"""What someone in a hard moment is shown: the crisis line that fits them, their sponsor."""

from __future__ import annotations

from dataclasses import dataclass

from bot.config import DEFAULT_CRISIS_TEXT, Settings
from bot.domain.crisis import CrisisLine, crisis_line_for_zone
from bot.services.people import Person
from bot.storage import sponsors
from bot.storage.database import Database


@dataclass(frozen=True)
class CrisisInfo:
    """A national line from the table, or the operator's (or default) text."""

    line: CrisisLine | None
    text: str | None


@dataclass(frozen=True)
class SponsorContact:
    """Who to call, and a t.me link when they have a username."""

    name: str
    username: str | None


class Support:
    """Crisis lines and the people to call."""

    def __init__(self, db: Database, settings: Settings) -> None:
        self._db = db
        self._settings = settings

    def crisis_for(self, person: Person | None) -> CrisisInfo:
        """The operator's CRISIS_TEXT if set; else the person's country's line; else the
        default text."""
        if self._settings.crisis_text:
            return CrisisInfo(None, self._settings.crisis_text)
        line = crisis_line_for_zone(person.zone) if person is not None else None
        return CrisisInfo(line, None if line else DEFAULT_CRISIS_TEXT)

    async def sponsor_of(self, user_id: int) -> SponsorContact | None:
        """The person's sponsor, if they named one."""
        row = await sponsors.get(self._db.reader, user_id)
        return None if row is None else SponsorContact(row.name, row.username)
