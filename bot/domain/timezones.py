"""Turning what people type into an IANA time zone, with suggestions for near misses."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from bot.domain import places

MAX_SUGGESTIONS = 5
_NOT_SUGGESTED_PREFIXES = ("Etc/", "SystemV/", "posix", "right/", "US/", "Canada/", "Brazil/")
# Abbreviations name a clock, not a place: most follow summer time only as part of a pair
# (EST/EDT), and the fixed-offset zones of the same name never do. So we ask which place.
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "est": ("America/New_York", "America/Toronto", "America/Detroit"),
    "edt": ("America/New_York", "America/Toronto", "America/Detroit"),
    "et": ("America/New_York", "America/Toronto"),
    "eastern": ("America/New_York", "America/Toronto"),
    "cst": ("America/Chicago", "America/Winnipeg", "America/Mexico_City"),
    "cdt": ("America/Chicago", "America/Winnipeg"),
    "ct": ("America/Chicago", "America/Winnipeg"),
    "central": ("America/Chicago", "America/Winnipeg"),
    "mst": ("America/Denver", "America/Phoenix", "America/Edmonton"),
    "mdt": ("America/Denver", "America/Edmonton"),
    "mt": ("America/Denver", "America/Phoenix"),
    "pst": ("America/Los_Angeles", "America/Vancouver"),
    "pdt": ("America/Los_Angeles", "America/Vancouver"),
    "pt": ("America/Los_Angeles", "America/Vancouver"),
    "pacific": ("America/Los_Angeles", "America/Vancouver"),
    "akst": ("America/Anchorage",), "hst": ("Pacific/Honolulu",),
    "gmt": ("Europe/London", "Europe/Dublin", "Europe/Lisbon", "Africa/Abidjan"),
    "bst": ("Europe/London",), "ist": ("Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem"),
    "wet": ("Europe/Lisbon", "Atlantic/Canary"), "west": ("Europe/Lisbon", "Atlantic/Canary"),
    "cet": ("Europe/Berlin", "Europe/Paris", "Europe/Madrid", "Europe/Rome", "Europe/Warsaw"),
    "cest": ("Europe/Berlin", "Europe/Paris", "Europe/Madrid", "Europe/Rome", "Europe/Warsaw"),
    "met": ("Europe/Berlin", "Europe/Paris"),
    "eet": ("Europe/Athens", "Europe/Helsinki", "Europe/Kyiv", "Europe/Bucharest"),
    "eest": ("Europe/Athens", "Europe/Helsinki", "Europe/Kyiv", "Europe/Bucharest"),
    "msk": ("Europe/Moscow",), "sast": ("Africa/Johannesburg",), "jst": ("Asia/Tokyo",),
    "kst": ("Asia/Seoul",),
    "aest": ("Australia/Sydney", "Australia/Melbourne", "Australia/Brisbane"),
    "aedt": ("Australia/Sydney", "Australia/Melbourne"), "acst": ("Australia/Adelaide",),
    "awst": ("Australia/Perth",), "nzst": ("Pacific/Auckland",), "nzdt": ("Pacific/Auckland",),
    "brt": ("America/Sao_Paulo",), "art": ("America/Argentina/Buenos_Aires",),
    "pht": ("Asia/Manila",), "sgt": ("Asia/Singapore",),
}  # fmt: skip


class ZoneQuestion(Enum):
    """What the suggestion buttons answer."""

    NONE = "none"
    WHICH_PLACE = "which_place"  # several places have that name, or a near miss
    WHICH_CLOCK = "which_clock"  # an abbreviation like EST: which place's clock?
    WHICH_PART = "which_part"  # a country with several time zones


@dataclass(frozen=True)
class ZoneLookup:
    """Either an exact `zone` (with the `place` it was found by), or labelled suggestions."""

    zone: str | None
    suggestions: tuple[tuple[str, str], ...] = ()  # (label, zone)
    place: str | None = None
    question: ZoneQuestion = ZoneQuestion.NONE
    country: str | None = None  # ISO code of the place found (its name is said per language)
    city: str | None = None  # the city found, as GeoNames names it

    @property
    def suggested_zones(self) -> tuple[str, ...]:
        """The zones offered, in order."""
        return tuple(zone for _, zone in self.suggestions)


@cache
def zone_info(name: str) -> ZoneInfo:
    """The ZoneInfo for a name, kept for the process (zoneinfo's own LRU holds only 8)."""
    return ZoneInfo(name)


@cache
def known_zones() -> frozenset[str]:
    """Every IANA zone this machine knows."""
    return frozenset(available_timezones())


@cache
def _by_lower_name() -> dict[str, str]:
    return {name.lower(): name for name in known_zones()}


@cache
def _suggestable() -> tuple[str, ...]:
    return tuple(
        sorted(
            name
            for name in known_zones()
            if "/" in name and not name.startswith(_NOT_SUGGESTED_PREFIXES)
        )
    )


def exact_zone(name: str) -> str | None:
    """A zone name exactly as a suggestion button carries it, if it is a real zone."""
    return name if name in known_zones() else None


def zone_city(zone: str) -> str:
    """`America/New_York` → `New York`."""
    return zone.rsplit("/", 1)[-1].replace("_", " ")


def _same_clock(zones: tuple[str, ...]) -> bool:
    """Whether the zones keep the same time all year (e.g. Berlin and Busingen)."""
    instants = (datetime(2026, 1, 15, 12, tzinfo=UTC), datetime(2026, 7, 15, 12, tzinfo=UTC))
    offsets = {tuple(instant.astimezone(zone_info(z)).utcoffset() for instant in instants)
               for z in zones}  # fmt: skip
    return len(offsets) == 1


def lookup_zone(text: str) -> ZoneLookup:
    """What someone typed for their zone: an IANA name, a city (`manchester`,
    `são paulo`, `Manchester, UK`), a country with one clock (`UK`), or an abbreviation
    (`EST`, always asked: which place?). Near misses become suggestions; nothing is
    guessed."""
    typed = " ".join(text.split())
    wanted = typed.lower()
    if not wanted or len(wanted) > 80:
        return ZoneLookup(None)
    if wanted in ABBREVIATIONS:
        zones = ABBREVIATIONS[wanted]
        return ZoneLookup(None, tuple((zone_city(z), z) for z in zones),
                          question=ZoneQuestion.WHICH_CLOCK)  # fmt: skip
    exact = _by_lower_name().get("_".join(wanted.split()))
    # Zone names without a slash are old aliases ("Japan", "Eire") or fixed clocks: the
    # country and city tables below name them better.
    if exact is not None and ("/" in exact or exact == "UTC"):
        return ZoneLookup(exact)
    code = places.country_code(typed)
    if code is not None:
        return _country(code)
    cities = places.cities_named(typed)
    if cities:
        return _cities(cities)
    return ZoneLookup(None, _near_misses(wanted), question=ZoneQuestion.WHICH_PLACE)


def _country(code: str) -> ZoneLookup:
    zones = places.zones_of_country().get(code, ())
    name = places.country_names().get(code, code)
    if zones and _same_clock(zones):
        return ZoneLookup(zones[0], place=name, country=code)
    ordered: list[str] = []
    for zone in [city.zone for city in places.cities_of_country(code)] + list(zones):
        if not any(_same_clock((zone, kept)) for kept in ordered):
            ordered.append(zone)  # one button per clock, named after its biggest city
    choices = tuple((f"{zone_city(z)} ({name})", z) for z in ordered[:MAX_SUGGESTIONS])
    return ZoneLookup(None, choices, question=ZoneQuestion.WHICH_PART)


def _cities(cities: tuple[places.City, ...]) -> ZoneLookup:
    zones = tuple(dict.fromkeys(city.zone for city in cities))
    if _same_clock(zones):
        found = cities[0]
        return ZoneLookup(
            found.zone, place=found.label, country=found.country_code, city=found.name
        )
    choices: list[tuple[str, str]] = []
    for city in cities:
        if city.zone in {zone for _, zone in choices}:
            continue
        same_label = any(label.startswith(city.label) for label, _ in choices)
        label = f"{city.label} ({zone_city(city.zone)} time)" if same_label else city.label
        choices.append((label, city.zone))
    return ZoneLookup(None, tuple(choices[:MAX_SUGGESTIONS]), question=ZoneQuestion.WHICH_PLACE)


def _near_misses(wanted: str) -> tuple[tuple[str, str], ...]:
    found: list[tuple[str, str]] = []
    for name in difflib.get_close_matches(places.normalise(wanted), places.city_names(), n=3,
                                          cutoff=0.8):  # fmt: skip
        city = places.cities_named(name)[0]
        if (city.label, city.zone) not in found:
            found.append((city.label, city.zone))
    for zone in _zone_suggestions("_".join(wanted.split())):
        if zone not in {z for _, z in found}:
            found.append((zone_city(zone), zone))
    return tuple(found[:MAX_SUGGESTIONS])


def _zone_suggestions(wanted: str) -> tuple[str, ...]:
    candidates = _suggestable()
    city_of = {name: name.rsplit("/", 1)[-1].lower() for name in candidates}
    same_city = [name for name in candidates if city_of[name] == wanted]
    if same_city:
        return tuple(same_city[:MAX_SUGGESTIONS])
    partial = [name for name in candidates if wanted in name.lower()] if len(wanted) >= 3 else []
    close_cities = difflib.get_close_matches(wanted, list(set(city_of.values())), n=5, cutoff=0.75)
    close_names = difflib.get_close_matches(
        wanted, [name.lower() for name in candidates], n=5, cutoff=0.75
    )
    found: list[str] = []
    for name in candidates:
        if city_of[name] in close_cities and name not in found:
            found.append(name)
    by_lower = _by_lower_name()
    for lowered in close_names:
        name = by_lower[lowered]
        if name not in found:
            found.append(name)
    for name in partial:
        if name not in found:
            found.append(name)
    return tuple(found[:MAX_SUGGESTIONS])
