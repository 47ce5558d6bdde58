"""Turning what people type into an IANA time zone, with suggestions for near misses."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

MAX_SUGGESTIONS = 5
_NOT_SUGGESTED_PREFIXES = ("Etc/", "SystemV/", "posix", "right/", "US/", "Canada/", "Brazil/")


@dataclass(frozen=True)
class ZoneLookup:
    """Either an exact `zone`, or `suggestions` to offer (possibly none)."""

    zone: str | None
    suggestions: tuple[str, ...] = ()


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


def lookup_zone(text: str) -> ZoneLookup:
    """Exact IANA names (any case) resolve; city names and typos become suggestions."""
    wanted = "_".join(text.strip().split()).lower()
    if not wanted:
        return ZoneLookup(None)
    exact = _by_lower_name().get(wanted)
    if exact is not None:
        return ZoneLookup(exact)
    return ZoneLookup(None, _suggest(wanted))


def _suggest(wanted: str) -> tuple[str, ...]:
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
