"""National crisis lines, by the country of a person's time zone.

The table (`bot/data/crisis_lines.csv`) has one row per country: the service, its numbers
and the official page each comes from, with a note of how it was checked. The country of
a zone comes from the tz database's own zone.tab (see `places.zone_countries`).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

from bot.domain import places


@dataclass(frozen=True)
class CrisisLine:
    """A country's crisis line(s)."""

    country: str
    service: str
    numbers: str
    source: str


@cache
def crisis_lines() -> dict[str, CrisisLine]:
    """ISO country code → its line, from the table in the repository."""
    text = resources.files("bot.data").joinpath("crisis_lines.csv").read_text("utf-8")
    return {
        row["country"]: CrisisLine(row["country"], row["service"], row["numbers"], row["source"])
        for row in csv.DictReader(text.splitlines())
    }


def crisis_line_for_zone(zone: str) -> CrisisLine | None:
    """The crisis line of the country a zone belongs to; None when the table has none."""
    country = places.zone_countries().get(zone)
    return None if country is None else crisis_lines().get(country)
