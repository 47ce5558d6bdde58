"""What someone in a hard moment is shown: the crisis line that fits them, their sponsor."""

from __future__ import annotations

from dataclasses import dataclass

from bot import i18n
from bot.config import DEFAULT_CRISIS_TEXT, Settings
from bot.domain.crisis import CrisisLine, crisis_line_for_zone, crisis_lines
from bot.services.people import Person
from bot.storage import sponsors
from bot.storage.database import Database


@dataclass(frozen=True)
class CrisisInfo:
    """A national line from the table, or the operator's (or default) text."""

    line: CrisisLine | None
    text: str | None
    # Without a zone, the lines of the countries where the person's language is spoken.
    lines: tuple[CrisisLine, ...] = ()


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
        if person is None:
            return CrisisInfo(None, DEFAULT_CRISIS_TEXT)
        if person.zone_chosen or person.language == i18n.SOURCE:
            line = crisis_line_for_zone(person.zone)
            return CrisisInfo(line, None if line else DEFAULT_CRISIS_TEXT)
        # No zone yet: the country the language names (pt-br → Brazil), or each country
        # where it is spoken, so nobody has to find their line first.
        lines = crisis_lines()
        region = i18n.REGION_COUNTRY.get(person.language)
        if region in lines:
            return CrisisInfo(lines[region], None)
        spoken = tuple(
            lines[code] for code in i18n.COUNTRIES_OF.get(person.language, ()) if code in lines
        )
        if len(spoken) == 1:
            return CrisisInfo(spoken[0], None)
        return CrisisInfo(None, DEFAULT_CRISIS_TEXT, spoken)

    async def sponsor_of(self, user_id: int) -> SponsorContact | None:
        """The person's sponsor, if they named one."""
        row = await sponsors.get(self._db.reader, user_id)
        return None if row is None else SponsorContact(row.name, row.username)
