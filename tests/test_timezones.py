"""Resolving what people type for their time zone: places, countries, clocks, near misses."""

from __future__ import annotations

import pytest

from bot.domain.timezones import ZoneQuestion, lookup_zone


@pytest.mark.parametrize(
    ("typed", "zone"),
    [("Europe/Berlin", "Europe/Berlin"), ("europe/berlin", "Europe/Berlin"),
     ("America/New York", "America/New_York"), ("UTC", "UTC"), (" Asia/Kolkata ", "Asia/Kolkata")],
)  # fmt: skip
def test_zone_names_resolve(typed: str, zone: str) -> None:
    assert lookup_zone(typed).zone == zone


@pytest.mark.parametrize(
    ("typed", "zone", "place"),
    [
        ("são paulo", "America/Sao_Paulo", "São Paulo, Brazil"),
        ("Sao Paulo", "America/Sao_Paulo", "São Paulo, Brazil"),
        ("Manchester, UK", "Europe/London", "Manchester, United Kingdom"),
        ("munich", "Europe/Berlin", "Munich, Germany"),
        ("München", "Europe/Berlin", "Munich, Germany"),
        ("new york", "America/New_York", "New York City, United States"),
        ("UK", "Europe/London", "United Kingdom"),
        ("england", "Europe/London", "United Kingdom"),
        ("Germany", "Europe/Berlin", "Germany"),  # Büsingen keeps Berlin's clock
        ("ireland", "Europe/Dublin", "Ireland"),
        ("japan", "Asia/Tokyo", "Japan"),
    ],
)
def test_cities_and_countries_with_one_clock_resolve(typed: str, zone: str, place: str) -> None:
    found = lookup_zone(typed)
    assert (found.zone, found.place) == (zone, place)


@pytest.mark.parametrize(
    ("typed", "question", "offered"),
    [
        ("manchester", ZoneQuestion.WHICH_PLACE, {"Europe/London", "America/New_York"}),
        ("london", ZoneQuestion.WHICH_PLACE, {"Europe/London", "America/Toronto"}),
        ("EST", ZoneQuestion.WHICH_CLOCK, {"America/New_York", "America/Toronto"}),
        ("gmt", ZoneQuestion.WHICH_CLOCK, {"Europe/London", "Europe/Dublin"}),
        ("CET", ZoneQuestion.WHICH_CLOCK, {"Europe/Berlin", "Europe/Paris"}),
        ("PST", ZoneQuestion.WHICH_CLOCK, {"America/Los_Angeles"}),
        ("usa", ZoneQuestion.WHICH_PART, {"America/New_York", "America/Los_Angeles"}),
        ("australia", ZoneQuestion.WHICH_PART, {"Australia/Sydney", "Australia/Perth"}),
        ("spain", ZoneQuestion.WHICH_PART, {"Europe/Madrid", "Atlantic/Canary"}),
        ("berln", ZoneQuestion.WHICH_PLACE, {"Europe/Berlin"}),
        ("Europe/Berln", ZoneQuestion.WHICH_PLACE, {"Europe/Berlin"}),
    ],
)
def test_several_answers_are_asked_never_guessed(
    typed: str, question: ZoneQuestion, offered: set[str]
) -> None:
    found = lookup_zone(typed)
    assert found.zone is None
    assert found.question is question
    assert offered <= set(found.suggested_zones)
    assert len(found.suggestions) <= 5


@pytest.mark.parametrize("typed", ["EST", "GMT", "MST", "HST", "CET", "EST5EDT", "Zulu"])
def test_fixed_offset_clock_names_are_never_stored_as_zones(typed: str) -> None:
    assert lookup_zone(typed).zone is None


@pytest.mark.parametrize("typed", ["", "xyzzy", "<script>", "Mars/Olympus_Mons", "&" * 1000])
def test_garbage_gets_no_zone(typed: str) -> None:
    found = lookup_zone(typed)
    assert found.zone is None
    assert all("/" in zone or zone == "UTC" for zone in found.suggested_zones)
