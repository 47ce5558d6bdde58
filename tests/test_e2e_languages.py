"""End to end, issue 16: a person in Madrid, São Paulo, St Petersburg, Kyiv or Berlin uses
the bot without reading a word of English.

Each conversation starts with Telegram set to the person's language: /start, the zone by a
city named in their language, the clean date in their words, the check-in at its time, a
milestone announced in an English-speaking group (the private note stays in their
language), and a relapse told in their words. The transcripts are written to the test's
folder (and printed with `-s`).
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest

from bot import i18n, texts
from bot.config import Settings
from bot.playground.fake_api import FakeTelegram
from tests.harness import clock_at, running_bot
from tests.test_e2e_people_talk import keep_transcript

PERSON, ADMIN, GROUP = 9301, 9302, -9301
# Words a reply in another language never holds; names and commands aside.
ENGLISH = re.compile(
    r"\b(?:the|you|your|and|with|today|days|milestone|reached|congratulations"
    r"|tomorrow|yesterday|please|tap|share)\b",
    re.IGNORECASE,
)

CASES = [
    # language code, first name, city as they write it, clean date in words, a relapse told
    # in words, the local clock's zone
    ("es", "Lucía", "Madrid", "hace 29 días", "recaí anoche", "Europe/Madrid"),
    ("pt-br", "João", "São Paulo", "há 29 dias", "tive uma recaída ontem", "America/Sao_Paulo"),
    ("ru", "Олег", "Санкт-Петербург", "29 дней назад", "я сорвался вчера", "Europe/Moscow"),
    ("uk", "Оксана", "Київ", "29 днів тому", "я зірвалася вчора", "Europe/Kyiv"),
    ("de", "Jonas", "München", "vor 29 Tagen", "ich habe gestern getrunken", "Europe/Berlin"),
]


def english_in(text: str) -> list[str]:
    """English words in a reply, leaving out commands and the people's own names."""
    plain = re.sub(r"/\w+|<[^>]+>|https?://\S+|Milestone Bot", " ", text)
    return ENGLISH.findall(plain)


@pytest.mark.parametrize(
    ("code", "name", "city", "clean", "relapse", "zone"), CASES, ids=[c[0] for c in CASES]
)
async def test_a_person_uses_the_bot_in_their_language(
    settings: Settings,
    fake: FakeTelegram,
    tmp_path: Path,
    code: str,
    name: str,
    city: str,
    clean: str,
    relapse: str,
    zone: str,
) -> None:
    language = i18n.choose(code)
    clock = clock_at("2026-12-01T09:00:00+00:00")
    fake.language_codes[PERSON] = code
    fake.language_codes[ADMIN] = "en"
    fake.chat_members[(GROUP, ADMIN)] = "administrator"
    async with running_bot(settings, fake, clock) as bot:
        started = await bot.command(PERSON, "/start", first_name=name)
        with i18n.speaking(language):
            assert started == texts.start(name)
        assert started != texts.start(name)  # in English it reads otherwise
        placed = await bot.command(PERSON, f"/timezone {city}", first_name=name)
        choices = fake.messages(PERSON)[-1].buttons()
        if choices:  # "Madrid" is also a town elsewhere: the biggest comes first
            placed = await bot.tap(PERSON, choices[0][0], first_name=name)
        assert city in placed and zone.split("/")[0] not in placed
        assert (await bot.services.people.require(PERSON)).zone == zone
        counted = await bot.command(PERSON, f"/sober {clean}", first_name=name)
        assert "29" in counted

        # The group speaks English (its admin's language); the person joins it.
        group = fake.group_chat(GROUP, "Tuesday Group")
        await fake.send_text(ADMIN, "/setup", first_name="Alex", chat=group)
        await fake.wait_sent(1, "sendMessage", GROUP)
        await fake.send_text(PERSON, "/join", first_name=name, chat=group)
        await bot.handled()
        question = fake.messages(PERSON)[-1]
        await bot.tap(PERSON, question.buttons()[0][0], first_name=name)

        # The check-in comes at 20:00 their time, in their language.
        local_evening = clock.now().astimezone(i18n_zone(zone)).replace(hour=20, minute=1)
        clock.set(local_evening)
        await bot.tick()
        prompt = fake.messages(PERSON)[-1]
        assert prompt.buttons(), "the check-in prompt has its mood buttons"
        assert "Craving" not in " ".join(label for label, _ in prompt.buttons())

        # The next evening: 30 days. The group hears it in English, the person privately in
        # their own language.
        clock.advance(timedelta(days=1))
        await bot.tick()
        [announcement] = [t for t in fake.texts(GROUP) if t.startswith("🎉")]
        assert announcement == f"🎉 {name} reached 30 days"
        with i18n.speaking(language):
            thirty = i18n.days_text(30)
        assert any(thirty in t for t in fake.texts(PERSON))

        heard = await bot.command(PERSON, relapse, first_name=name)
        labels = [label for label, _ in fake.messages(PERSON)[-1].buttons()]
        with i18n.speaking(language):
            not_now, record = i18n.gettext("Not now"), i18n.gettext("Record it for {date}")
        assert heard.startswith("💙")
        assert not_now in labels and not_now != "Not now"
        assert labels[0].startswith(record.split("{")[0])  # the day the words named

        transcript = keep_transcript(fake, PERSON, tmp_path, f"speaks-{language}")
        for said in fake.texts(PERSON):
            assert english_in(said) == [], said
        assert transcript


def i18n_zone(zone: str):  # type: ignore[no-untyped-def]
    from zoneinfo import ZoneInfo

    return ZoneInfo(zone)


async def test_command_menus_are_published_in_every_language(
    settings: Settings, fake: FakeTelegram
) -> None:
    async with running_bot(settings, fake, clock_at("2026-12-01T09:00:00+00:00")):
        menus = fake.sent("setMyCommands")
    by_language: dict[str | None, list[dict[str, str]]] = {}
    for call in menus:
        if call.params.get("scope", {}).get("type") == "all_private_chats":
            by_language[call.params.get("language_code")] = call.params["commands"]
    assert set(by_language) == {None, "es", "pt", "ru", "uk", "de"}
    english = {c["command"]: c["description"] for c in by_language[None]}
    assert english["days"] == "Days clean and next milestone"
    for code in ("es", "pt", "ru", "uk", "de"):
        menu = {c["command"]: c["description"] for c in by_language[code]}
        assert menu.keys() == english.keys()  # the same commands, described in the language
        assert all(menu[name] != english[name] for name in ("days", "sober", "language"))


async def test_language_is_changed_with_buttons_named_in_themselves(
    settings: Settings, fake: FakeTelegram
) -> None:
    fake.language_codes[PERSON] = "hi"  # a language the bot does not speak: the default
    async with running_bot(settings, fake, clock_at("2026-12-01T09:00:00+00:00")) as bot:
        assert "Hi Asha" in await bot.command(PERSON, "/start", first_name="Asha")
        await bot.command(PERSON, "/language", first_name="Asha")
        labels = [label for label, _ in fake.messages(PERSON)[-1].buttons()]
        assert {"Español", "Português (Brasil)", "Русский", "Українська", "Deutsch"} <= {
            label.removeprefix("✓ ") for label in labels
        }
        await bot.tap(PERSON, "Українська", first_name="Asha")
        with i18n.speaking("uk"):
            expected = texts.start("Asha")
        assert await bot.command(PERSON, "/start", first_name="Asha") == expected


async def test_the_words_commands_read_are_understood_in_the_persons_language(
    settings: Settings, fake: FakeTelegram
) -> None:
    fake.language_codes[PERSON] = "es"
    async with running_bot(settings, fake, clock_at("2026-12-01T09:00:00+00:00")) as bot:
        await bot.command(PERSON, "/timezone Madrid", first_name="Lucía")
        off = await bot.command(PERSON, "/checkintime apagado", first_name="Lucía")
        daily = await bot.command(PERSON, "/remind 19:00 llamar a Luis diario", first_name="Lucía")
        spent = await bot.command(PERSON, "/spend 12 EUR por día", first_name="Lucía")
    with i18n.speaking("es"):
        assert off == texts.checkin_time_set(None)
    assert "llamar a Luis" in daily and "diario" not in daily and "19:00" in daily
    assert "12" in spent and english_in(spent) == []
