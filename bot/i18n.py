"""The language a message is written in: gettext catalogues, plurals and dates by Babel.

Texts live in `bot/locales/<lang>/LC_MESSAGES/messages.po` (extracted with Babel from
`texts.py` and `keyboards.py`; `make messages`). They are compiled when first used, in
memory, so a fresh clone runs without a build step. The language of what is being written
is a context variable: a handler sets it from the person it answers, the scheduler from the
person (or group) a message is for.
"""

from __future__ import annotations

import gettext as gettext_module
import io
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from functools import cache
from importlib import resources

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, get_timezone_location
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LANGUAGES = ("en", "es", "pt_BR", "ru", "uk", "de")
SOURCE = "en"
# Each language named in itself, for /language.
NATIVE_NAMES = {"en": "English", "es": "Español", "pt_BR": "Português (Brasil)",
                "ru": "Русский", "uk": "Українська", "de": "Deutsch"}  # fmt: skip
# The country a language's region names ("pt-br" → Brazil); others have several.
REGION_COUNTRY = {"pt_BR": "BR"}
COUNTRIES_OF = {"es": ("ES", "MX", "AR", "CO", "CL", "PE"), "de": ("DE", "AT", "CH"),
                "ru": ("RU", "KZ", "BY"), "uk": ("UA",), "pt_BR": ("BR",),
                "en": ("GB", "US", "IE", "AU", "CA", "NZ")}  # fmt: skip

_current: ContextVar[str] = ContextVar("language", default=SOURCE)


def choose(language_code: str | None, default: str = SOURCE) -> str:
    """The bot's language for a Telegram `language_code` ("pt-br" → pt_BR, "es-419" → es,
    "hi" → the default)."""
    if not language_code:
        return default
    try:
        locale = Locale.parse(language_code.replace("_", "-"), sep="-")
    except (ValueError, UnknownLocaleError):
        return default
    full = f"{locale.language}_{locale.territory}" if locale.territory else locale.language
    if full in LANGUAGES:
        return full
    if locale.language == "pt":
        return "pt_BR"  # the only Portuguese the bot speaks
    return locale.language if locale.language in LANGUAGES else default


def current() -> str:
    """The language being written in now."""
    return _current.get()


def set_language(language: str) -> None:
    """Write in `language` from here on in this task (a handler, for its update)."""
    _current.set(language if language in LANGUAGES else SOURCE)


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """Write in `language` inside the block (a scheduled message for one person)."""
    token = _current.set(language if language in LANGUAGES else SOURCE)
    try:
        yield
    finally:
        _current.reset(token)


@cache
def translations(language: str) -> gettext_module.NullTranslations:
    """A language's catalogue, compiled from its .po in memory."""
    if language == SOURCE:
        return gettext_module.NullTranslations()
    path = resources.files("bot").joinpath("locales", language, "LC_MESSAGES", "messages.po")
    if not path.is_file():
        return gettext_module.NullTranslations()
    with path.open("rb") as po:
        catalog = read_po(po, locale=language)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext_module.GNUTranslations(compiled)


def N_(message: str) -> str:
    """Mark a message for extraction, to be translated where it is used."""
    return message


def gettext(message: str) -> str:
    """`message` in the current language."""
    return translations(current()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form for `count` in the current language's plural rules (three in ru and uk)."""
    return translations(current()).ngettext(singular, plural, count)


def locale() -> Locale:
    """Babel's locale of the current language."""
    return Locale.parse(current())


def pgettext(context: str, message: str) -> str:
    """`message` in the current language, as translated where `context` holds."""
    return translations(current()).pgettext(context, message)


def human_date(day: date, *, year: bool = True) -> str:
    """A date as it reads in a sentence of the current language: `Tue 1 Dec 2026`,
    `martes 1 de diciembre de 2026`, `1º de dezembro de 2026`, `вт, 1 декабря 2026`.

    Each language's pattern is in its catalogue: CLDR's short forms read wrongly in a
    sentence ("el mar, 1 dic" is "the sea"; "2 нояб. 2026 г.." ends in two dots)."""
    first = day.day == 1  # Brazilians write the first of a month "1º"
    # A Babel (CLDR) date pattern each: letters for the parts, 'quoted' words kept.
    if first and year:
        # Translators: date pattern, the 1st of a month in a sentence: “on Tue 1 Dec 2026”.
        pattern = pgettext("first of a month", "EEE d MMM y")
    elif first:
        # Translators: date pattern, the 1st of a month, no year: “Tue 1 Dec” (on buttons).
        pattern = pgettext("first of a month", "EEE d MMM")
    elif year:
        # Translators: date pattern for a date in a sentence: “on Sat 28 Nov 2026”.
        pattern = gettext("EEE d MMM y")
    else:
        # Translators: date pattern for a date in a sentence, no year: “Sat 28 Nov”.
        pattern = gettext("EEE d MMM")
    return format_date(day, pattern, locale=locale())


def weekday_name(weekday: int) -> str:
    """Monday is 0: `Monday`, `lunes`, `понедельник`."""
    names = locale().days["format"]["wide"]
    return str(names[weekday])


def short_weekday(weekday: int) -> str:
    """Monday is 0: `Mon`, `lun`, `пн`."""
    return str(locale().days["format"]["abbreviated"][weekday])


def month_name(day: date) -> str:
    """The month of a date, short, standing alone: `Nov`, `nov`, `нояб.`."""
    return format_date(day, "LLL", locale=locale())


def days_text(count: int) -> str:
    """`1 day`, `2 days` (`21 день`, `22 дня`, `25 дней`)."""
    # Translators: a count of days on its own: “<b>90 days</b> clean”, “longest streak: 3 days”.
    return ngettext("{count} day", "{count} days", count).format(count=count)


def weeks_text(count: int) -> str:
    """`1 week`, `2 weeks`."""
    # Translators: a count of weeks on its own, like the milestone “2 weeks”.
    return ngettext("{count} week", "{count} weeks", count).format(count=count)


def months_text(count: int) -> str:
    """`1 month`, `6 months`."""
    # Translators: a count of months on its own, like the milestone “6 months”.
    return ngettext("{count} month", "{count} months", count).format(count=count)


def years_text(count: int) -> str:
    """`1 year`, `2 years`."""
    # Translators: a count of years on its own, like the milestone “2 years”.
    return ngettext("{count} year", "{count} years", count).format(count=count)


def amount(count: int, unit: str) -> str:
    """A count of days, weeks, months or years as people say it: `90 days`, `1 year`."""
    return {"day": days_text, "week": weeks_text, "month": months_text, "year": years_text}[unit](
        count
    )


def country_name(code: str) -> str:
    """A country's name in the current language (`ES` → `España`, `Spain`, `Испания`)."""
    return str(locale().territories.get(code, code))


def language_name(language: str) -> str:
    """A language named in itself (`Español`), for choosing one."""
    return NATIVE_NAMES.get(language, language)


def zone_city(zone: str) -> str:
    """The city a zone is named after, in the current language (`Europe/Moscow` →
    `Moscow`, `Москва`)."""
    try:
        return str(get_timezone_location(zone, locale=locale(), return_city=True))
    except (LookupError, ValueError):
        return zone.rsplit("/", 1)[-1].replace("_", " ")


def place_name(
    city: str | None, country: str | None, typed: str, fallback: str | None
) -> str | None:
    """Where a zone was found, in the reader's language: the city as they named it when
    that is not GeoNames' own name ("Київ", "Múnich"), and the country's name in their
    language ("Madrid, España")."""
    if country is None:
        return fallback
    if city is None:
        return country_name(country)
    written = " ".join(typed.partition(",")[0].split())
    if not written or _plain(written) == _plain(city):
        shown = city
    else:
        shown = written.title() if written.islower() else written
    return f"{shown}, {country_name(country)}"


def _plain(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def place_label(label: str, zone: str) -> str:
    """A suggested place ("Kyiv (Ukraine)", "Manchester, United Kingdom") with its country
    and zone city in the reader's language."""
    from bot.domain import places  # the gazetteer loads only when places are named

    code = places.zone_countries().get(zone)
    english = places.country_names().get(code or "", "")
    if code and english and english in label:
        label = label.replace(english, country_name(code))
    city = zone.rsplit("/", 1)[-1].replace("_", " ")
    if label.startswith(city + " ("):
        label = zone_city(zone) + label[len(city) :]
    return label
