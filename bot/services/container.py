"""All services of one running bot, built once at start-up."""

from __future__ import annotations

from dataclasses import dataclass

from bot.clock import Clock
from bot.config import Settings
from bot.services.clean_time import CleanTime
from bot.services.people import People
from bot.storage.database import Database


@dataclass
class Services:
    """What handlers and the scheduler call."""

    settings: Settings
    clock: Clock
    db: Database
    people: People
    clean_time: CleanTime

    @classmethod
    def create(cls, settings: Settings, clock: Clock, db: Database) -> Services:
        """Wire the services together."""
        people = People(db, clock, settings.default_timezone)
        return cls(
            settings=settings,
            clock=clock,
            db=db,
            people=people,
            clean_time=CleanTime(db, people),
        )
