"""Who the user is to the bot: their zone, the name peers see, whether they are reachable."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot import i18n
from bot.clock import Clock, epoch_seconds
from bot.domain.dates import local_date
from bot.domain.names import NameProblem, alias_problem, clean_alias, group_name
from bot.domain.timezones import ZoneLookup, lookup_zone, zone_info
from bot.services import timing
from bot.storage import users
from bot.storage.database import Connection, Database

# A user's "last seen" only matters by the day; refreshing it at most this often saves a
# database write on almost every update.
TOUCH_EVERY_SECONDS = 600
_LANGUAGE_CACHE = 100_000  # people; past it the cache starts afresh


@dataclass(frozen=True)
class Person:
    """A user as the services see them: zone resolved, alias defaulted."""

    user_id: int
    first_name: str
    alias: str
    zone: str
    zone_chosen: bool
    is_active: bool
    language: str = "en"  # the language the person reads


class AliasRefused(ValueError):
    """The alias cannot be shown to a group (too long, a mention, a link, hidden chars)."""

    def __init__(self, problem: NameProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


class People:
    """Registering users and their profile settings."""

    def __init__(
        self, db: Database, clock: Clock, default_zone: str, default_language: str = "en"
    ) -> None:
        self._db = db
        self._clock = clock
        self._default_zone = default_zone
        self._default_language = default_language
        self._languages: dict[int, str] = {}  # user id -> language (read once, then kept)
        self._touched: dict[int, tuple[int, str]] = {}  # user id -> (epoch, first name)

    @property
    def default_language(self) -> str:
        """DEFAULT_LANGUAGE."""
        return self._default_language

    @property
    def default_zone(self) -> str:
        """The zone of users who have not chosen one (DEFAULT_TIMEZONE)."""
        return self._default_zone

    def now_utc(self) -> int:
        """Epoch seconds of the injected clock."""
        return epoch_seconds(self._clock)

    async def note_sender(
        self, user_id: int, first_name: str, language_code: str | None = None
    ) -> None:
        """The person wrote: register them (in the language their Telegram is set to, or
        DEFAULT_LANGUAGE), or refresh their name and "last seen"."""
        now = self.now_utc()
        # The hot path of every update: one single-statement write, and only when the user
        # is new, renamed or not refreshed for a while. A new user's daily schedule is made
        # by a trigger in the same statement as the user.
        if self._needs_touch(user_id, first_name, now):
            async with self._db.single_statement() as writer:
                language = i18n.choose(language_code, self._default_language)
                await users.touch(writer, user_id, first_name, now, language)
            self._languages.pop(user_id, None)  # read again: a first contact sets it
            self._touched[user_id] = (now, first_name)

    def _needs_touch(self, user_id: int, first_name: str, now: int) -> bool:
        last = self._touched.get(user_id)
        return last is None or last[1] != first_name or now - last[0] >= TOUCH_EVERY_SECONDS

    def forget_touch(self, user_id: int) -> None:
        """The user became unreachable: their next message must re-activate them."""
        self._touched.pop(user_id, None)

    def prune_touch_cache(self) -> None:
        """Drop entries too old to save a write (keeps memory to recently active users)."""
        cutoff = self.now_utc() - TOUCH_EVERY_SECONDS
        self._touched = {k: v for k, v in self._touched.items() if v[0] >= cutoff}

    async def get(self, user_id: int, connection: Connection | None = None) -> Person | None:
        """The person, or None if they never wrote to the bot."""
        row = await users.get(connection or self._db.reader, user_id)
        if row is None:
            return None
        return Person(
            user_id=row.user_id,
            first_name=row.first_name,
            alias=group_name(row.alias, row.first_name),
            zone=row.timezone or self._default_zone,
            zone_chosen=row.timezone is not None,
            is_active=row.is_active,
            language=self._remember(row.user_id, row.language or self._default_language),
        )

    async def require(self, user_id: int, connection: Connection | None = None) -> Person:
        """Like `get`, for users the gate has already registered."""
        person = await self.get(user_id, connection)
        if person is None:
            raise LookupError(f"user {user_id} is not registered")
        return person

    def today_for(self, person: Person) -> date:
        """The person's local calendar date now."""
        return local_date(self._clock.now(), person.zone)

    async def set_reachable(self, user_id: int) -> None:
        """The user unblocked the bot: their schedules run again."""
        async with self._db.transaction() as tx:
            await users.set_active(tx, user_id, True)

    def local_now(self, person: Person) -> datetime:
        """The wall clock in the person's zone now."""
        return self._clock.now().astimezone(zone_info(person.zone))

    def local_time_text(self, zone: str) -> str:
        """`HH:MM` on the wall clock in `zone` now."""
        return f"{self._clock.now().astimezone(zone_info(zone)):%H:%M}"

    async def set_language(self, user_id: int, language: str) -> str:
        """Store the language chosen with /language (one the bot speaks)."""
        chosen = i18n.choose(language, self._default_language)
        async with self._db.transaction() as tx:
            await users.set_language(tx, user_id, chosen)
        return self._remember(user_id, chosen)

    async def language_of(self, user_id: int) -> str:
        """The language a person reads (DEFAULT_LANGUAGE for someone unknown)."""
        known = self._languages.get(user_id)
        if known is not None:
            return known
        person = await self.get(user_id)  # remembers the language it reads
        if person is None:  # a group member who never wrote privately: no read next time
            return self._remember(user_id, self._default_language)
        return person.language

    async def languages_of(self, user_ids: list[int]) -> dict[int, str]:
        """Many people's languages at once (a batch of check-in prompts)."""
        stored = await users.languages(self._db.reader, user_ids)
        return {
            user_id: self._remember(user_id, stored.get(user_id) or self._default_language)
            for user_id in user_ids
        }

    def _remember(self, user_id: int, language: str) -> str:
        if len(self._languages) > _LANGUAGE_CACHE:
            self._languages.clear()
        self._languages[user_id] = language
        return language

    async def set_timezone(self, user_id: int, text: str) -> ZoneLookup:
        """Store an exact IANA zone; otherwise return suggestions and change nothing."""
        found = lookup_zone(text)
        if found.zone is not None:
            await self.store_zone(user_id, found.zone)
        return found

    async def store_zone(self, user_id: int, zone: str) -> None:
        """Store a zone already known to be valid."""
        async with self._db.transaction() as tx:
            await users.set_timezone(tx, user_id, zone)
            await timing.reschedule_user(tx, user_id, zone, self._clock.now())

    async def set_alias(self, user_id: int, alias: str) -> str:
        """Store the name peers see; whitespace collapsed. Raises AliasRefused."""
        problem = alias_problem(alias)
        if problem is not None:
            raise AliasRefused(problem)
        cleaned = clean_alias(alias)
        async with self._db.single_statement() as writer:
            await users.set_alias(writer, user_id, cleaned)
        return cleaned
