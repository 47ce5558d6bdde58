"""The gettext catalogues: every language has every message, nothing fuzzy, every
placeholder and tag kept, plurals in the language's own number of forms.

Run `make messages` after changing a text; a translator then fills the new entries."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from bot import i18n

LOCALES = Path(__file__).resolve().parent.parent / "bot" / "locales"
TRANSLATED = [language for language in i18n.LANGUAGES if language != i18n.SOURCE]
_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
_TAG = re.compile(r"</?(?:b|i|code|a)(?: [^>]*)?>")


def catalogue(language: str) -> Catalog:
    with (LOCALES / language / "LC_MESSAGES" / "messages.po").open("rb") as po:
        return read_po(po, locale=language)


def template() -> Catalog:
    with (LOCALES / "messages.pot").open("rb") as pot:
        return read_po(pot)


def _ids(message: Message) -> tuple[str, ...]:
    return message.id if isinstance(message.id, tuple) else (message.id,)


def _strings(message: Message) -> tuple[str, ...]:
    return message.string if isinstance(message.string, tuple) else (message.string,)


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_is_translated_and_none_is_fuzzy(language: str) -> None:
    wanted = {_ids(m)[0] for m in template() if m.id}
    found = catalogue(language)
    have = {_ids(m)[0]: m for m in found if m.id}
    assert sorted(wanted - set(have)) == [], "run `make messages`, then translate"
    fuzzy = [m.id for m in found if m.id and m.fuzzy]
    empty = [m.id for m in found if m.id and not all(_strings(m))]
    assert fuzzy == []
    assert empty == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_placeholders_and_tags_survive_translation(language: str) -> None:
    broken = []
    for message in catalogue(language):
        if not message.id:
            continue
        source = " ".join(_ids(message))
        wanted = set(_PLACEHOLDER.findall(source))
        tags = sorted(_TAG.findall(_ids(message)[0]))  # each form is a whole message
        for translated in _strings(message):
            if set(_PLACEHOLDER.findall(translated)) - wanted:
                broken.append((message.id, translated))  # a placeholder the code never fills
            elif translated and not _tags_kept(tags, _TAG.findall(translated)):
                broken.append((message.id, translated))
    assert broken == []


def _tags_kept(source: list[str], translated: list[str]) -> bool:
    """Every tag of the source is there, and every tag the translation opens it closes (a
    translator may bold one more word, never break Telegram's HTML)."""
    have = Counter(translated)
    if Counter(source) - have:
        return False
    names = {re.sub(r"[</>]| .*", "", tag) for tag in translated}
    return all(
        sum(1 for tag in translated if tag.startswith(f"<{name}"))
        == sum(1 for tag in translated if tag == f"</{name}>")
        for name in names
    )


@pytest.mark.parametrize("language", TRANSLATED)
def test_plurals_have_the_languages_forms(language: str) -> None:
    found = catalogue(language)
    for message in found:
        if message.id and isinstance(message.id, tuple):
            assert len(_strings(message)) == found.num_plurals, message.id


def test_the_template_is_current() -> None:
    """Every text in the code is in the template (so translators see it)."""
    from babel.messages.extract import extract_from_dir

    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
    root = LOCALES.parent
    method_map = [("**.py", "python")]
    extracted = {
        (found[2] if isinstance(found[2], str) else found[2][0])
        for found in extract_from_dir(root, method_map, keywords=keywords)
    }
    in_template = {_ids(m)[0] for m in template() if m.id}
    assert sorted(extracted - in_template) == [], "run `make messages`"


def test_russian_counts_days_in_three_forms() -> None:
    with i18n.speaking("ru"):
        assert [i18n.days_text(n) for n in (1, 3, 5, 21)] == [
            "1 день", "3 дня", "5 дней", "21 день",
        ]  # fmt: skip


@pytest.mark.parametrize(
    ("language", "year", "expected"),
    [
        # "el mar, 1 dic 2026" read as "the sea": Spanish names the day and month in full,
        # as in "puedo anotarlo el martes 1 de diciembre".
        ("es", True, "martes 1 de diciembre de 2026"),
        ("es", False, "martes 1 de diciembre"),
        # "para ter., 1 de dez. de 2026" was stiff: Brazilians write "1º de dezembro".
        ("pt_BR", True, "1º de dezembro de 2026"),
        ("pt_BR", False, "1º de dezembro"),
        ("pt_BR", None, "15 de dezembro de 2026"),
        ("ru", True, "вт, 1 декабря 2026"),
        ("uk", True, "вт, 1 грудня 2026"),
        ("de", True, "Di., 1. Dez. 2026"),
        ("en", True, "Tue 1 Dec 2026"),
    ],
)
def test_dates_read_as_the_language_writes_them_in_a_sentence(
    language: str, year: bool | None, expected: str
) -> None:
    from datetime import date

    day = date(2026, 12, 15) if year is None else date(2026, 12, 1)
    with i18n.speaking(language):
        assert i18n.human_date(day, year=year is not False) == expected


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_every_date_pattern_reads_every_day_of_the_year(language: str) -> None:
    """A catalogue's date pattern is code: a broken one would fail at the first date."""
    from datetime import date, timedelta

    for offset in range(365):
        day = date(2026, 1, 1) + timedelta(days=offset)
        with i18n.speaking(i18n.SOURCE):
            in_english = i18n.human_date(day)
        with i18n.speaking(language):
            long, short = i18n.human_date(day), i18n.human_date(day, year=False)
        assert str(day.day) in short and "2026" not in short
        assert long.startswith(short) and long.endswith("2026")
        assert (long == in_english) == (language == i18n.SOURCE), long


def test_a_choice_of_long_dates_puts_each_on_its_own_row() -> None:
    """Two "miércoles 4 de marzo de 2026" side by side are cut short on a phone."""
    from datetime import date

    from bot import keyboards

    days = (date(2026, 4, 3), date(2026, 3, 4))
    with i18n.speaking("es"):
        rows = keyboards.date_choices("d:", days).inline_keyboard
    assert [[b.text for b in row] for row in rows] == [
        ["viernes 3 de abril de 2026"], ["miércoles 4 de marzo de 2026"]
    ]  # fmt: skip
    with i18n.speaking(i18n.SOURCE):
        [row] = keyboards.date_choices("d:", days).inline_keyboard
    assert [b.text for b in row] == ["Fri 3 Apr 2026", "Wed 4 Mar 2026"]
