"""Resolving typed zones and suggesting near misses."""

from __future__ import annotations

import pytest

from bot.domain.timezones import lookup_zone


@pytest.mark.parametrize(
    ("typed", "zone"),
    [("Europe/Berlin", "Europe/Berlin"), ("europe/berlin", "Europe/Berlin"),
     ("America/New York", "America/New_York"), ("UTC", "UTC"), (" Asia/Kolkata ", "Asia/Kolkata")],
)  # fmt: skip
def test_exact_names_resolve(typed: str, zone: str) -> None:
    assert lookup_zone(typed).zone == zone


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [("berlin", "Europe/Berlin"), ("new york", "America/New_York"), ("Europe/Berln", "Europe/Berlin"),
     ("kolkatta", "Asia/Kolkata"), ("sydney", "Australia/Sydney"), ("Tokio", "Asia/Tokyo")],
)  # fmt: skip
def test_near_misses_are_suggested_not_stored(typed: str, suggested: str) -> None:
    found = lookup_zone(typed)
    assert found.zone is None
    assert suggested in found.suggestions
    assert len(found.suggestions) <= 5


@pytest.mark.parametrize("typed", ["", "xyzzy", "<script>", "Mars/Olympus_Mons"])
def test_garbage_gets_no_zone(typed: str) -> None:
    found = lookup_zone(typed)
    assert found.zone is None
    assert all("/" in name for name in found.suggestions)
