"""Offline lookup of the time zone at a shared location."""

from __future__ import annotations

import asyncio
from functools import cache

from timezonefinder import TimezoneFinder


@cache
def _finder() -> TimezoneFinder:
    return TimezoneFinder()


def _zone_at(latitude: float, longitude: float) -> str | None:
    zone: str | None = _finder().timezone_at(lng=longitude, lat=latitude)
    if zone is None or zone.startswith("Etc/"):
        return None  # at sea: a fixed offset is no one's home clock
    return zone


async def zone_at(latitude: float, longitude: float) -> str | None:
    """The IANA zone at a point, or None at sea / off the map. Runs off the event loop."""
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    return await asyncio.to_thread(_zone_at, latitude, longitude)
