"""End to end: progress you can see (picture, chips, pledge, reasons, money kept) and data
that is yours (/export, /deleteme, /privacy), and the operator's /stats."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta
from pathlib import Path

from PIL import Image

from bot import texts
from bot.clock import ManualClock
from bot.config import Settings
from bot.playground.fake_api import FakeTelegram
from bot.storage.personal_data import tables_mentioning
from tests.harness import clock_at, make_settings, running_bot
from tests.test_e2e_groups import TUESDAY, Groups

MAY, OPERATOR = 9201, 9999


async def test_progress_is_a_picture_readable_on_a_phone(
    settings: Settings, fake: FakeTelegram, clock: ManualClock, tmp_path: Path
) -> None:
    async with running_bot(settings, fake, clock) as bot:
        await bot.command(MAY, "/sober 100 days ago")
        await bot.command(MAY, "/goal go to 3 meetings this week")
        await bot.command(MAY, "/checkin")
        prompt = fake.sent("sendMessage", MAY)[-1]
        await fake.press(MAY, f"ci:{MAY}:20261125:m5", message_id=prompt.message_id)
        await bot.handled()
        caption = await bot.command(MAY, "/progress")
        assert "Grey days are days without a check-in" in caption
        photo = fake.sent("sendPhoto", MAY)[-1]
        image = Image.open(io.BytesIO(photo.files["photo"]))
        assert image.format == "PNG" and image.size[0] <= 1280
        (tmp_path / "progress.png").write_bytes(photo.files["photo"])
        assert "Usage" in await bot.command(MAY, "/progress 3 years")
        year = await bot.tap(MAY, "1 year")
        assert "last 12 months" in year


async def test_reasons_the_morning_pledge_and_money_kept(
    settings: Settings, fake: FakeTelegram
) -> None:
    clock = clock_at("2026-11-25T12:00:00+00:00")
    async with running_bot(settings, fake, clock) as bot:
        await bot.command(MAY, "/timezone London, UK")
        await bot.command(MAY, "/sober 10 days ago")
        assert "to be there for my kids" in await bot.command(MAY, "/why to be there for my kids")
        await bot.command(MAY, "/why to wake up without shame")
        assert "Usage" in await bot.command(MAY, "/why " + "x" * 201)
        listing = await bot.command(MAY, "/why")
        assert "wake up without shame" in listing
        assert "remove" in await bot.tap(MAY, "🗑 to wake up without shame")
        assert "craving is a wave" in (support := await bot.command(MAY, "i need a drink"))
        assert "to be there for my kids" in support  # their reasons, in the hard moment

        assert "07:00" in await bot.command(MAY, "/pledge 7am")
        await bot.command(MAY, "/goal journal every night")
        clock.set(clock_at("2026-11-26T07:00:30+00:00").now())
        await bot.tick()
        pledge = fake.texts(MAY)[-1]
        assert "Just for today" in pledge and "for my kids" in pledge and "journal" in pledge
        assert "Committed" in await bot.tap(MAY, "🤝 I commit for today")

        assert "£20.00 a day" in await bot.command(MAY, "/spend 20 per day")
        days = await bot.command(MAY, "/days")
        assert "Money kept: <b>£220.00</b>" in days  # 11 days clean on the 26th
        assert "Pledged 1 day running" in days
        await bot.command(MAY, "/reset")
        await bot.tap(MAY, "Yes, record it")
        assert "Money kept" not in await bot.command(MAY, "/days")  # a reset starts it again


async def test_chips_and_a_note_to_future_me(settings: Settings, fake: FakeTelegram) -> None:
    clock = clock_at("2026-11-25T12:00:00")
    async with running_bot(settings, fake, clock) as bot:
        await bot.command(MAY, "/name May")
        await bot.command(MAY, "/sober 3 days ago")
        chip = fake.sent("sendPhoto", MAY)[-1]
        assert "<b>3 days</b> clean" in chip.text
        assert Image.open(io.BytesIO(chip.files["photo"])).size == (640, 640)
        assert "Write a few words" in await bot.tap(MAY, "✉️ Note to future me")
        assert texts.FUTURE_NOTE_KEPT in await bot.command(MAY, "the first days were the hardest")
        clock.set(clock_at("2026-11-29T20:00:30").now())  # 1 week, at the check-in time
        await bot.command(MAY, "/days")
        await bot.tick()
        later = fake.texts(MAY)
        assert any("<b>1 week</b> clean" in text for text in later)
        assert any("At 3 days, you wrote to yourself" in text and "hardest" in text
                   for text in later)  # fmt: skip


async def test_groups_can_show_the_chip_with_announcements(
    settings: Settings, fake: FakeTelegram, clock: ManualClock
) -> None:
    fake.chat_members[(TUESDAY, 5001)] = "administrator"
    async with running_bot(settings, fake, clock) as bot:
        g = Groups(bot)
        await g.cal_joins_tuesday()
        setup = next(c for c in fake.sent("sendMessage", TUESDAY) if "in this group" in c.text)
        await fake.press(5001, dict(setup.buttons())["Chip pictures: off"],
                         message_id=setup.message_id, chat=fake.group_chat(TUESDAY))  # fmt: skip
        await bot.handled()
        await g.private(5003, "/sober 30 days ago")
        [post] = fake.sent("sendPhoto", TUESDAY)
        assert post.text == "🎉 Cal reached 30 days"
        assert post.buttons()[0][1].startswith("cl:")


async def test_export_is_everything_as_json_and_csv(
    settings: Settings, fake: FakeTelegram, clock: ManualClock
) -> None:
    async with running_bot(settings, fake, clock) as bot:
        await bot.command(MAY, "/sober 2026-11-01")
        await bot.command(MAY, "/checkin")
        prompt = fake.sent("sendMessage", MAY)[-1]
        await bot.command(MAY, "a quiet walk by the canal", reply_to=prompt.message_id)
        await bot.command(MAY, "/goal journal every night because it keeps me honest")
        await bot.command(MAY, "/done 1")
        await bot.command(MAY, "/why my health, and Zoë")
        await bot.command(MAY, "/export")
        document = fake.sent("sendDocument", MAY)[-1]
        exported = json.loads(document.files["document"])
        assert exported["schema_version"] == 2
        assert exported["streaks"][0]["clean_date"] == "2026-11-01"
        check_in = exported["check_ins"][0]
        assert check_in["notes"][0]["text"] == "a quiet walk by the canal"
        assert check_in["notes"][0]["written_at"] == "2026-11-25T12:00:00Z"
        assert check_in["question"] == texts.JOURNAL_QUESTIONS[check_in["question_id"]]
        [goal] = exported["goals"]
        assert goal["title"] == "journal every night"  # its reason in its own field
        assert goal["reason"] == "it keeps me honest"
        assert goal["kind"] == "daily" and goal["period_start"] == "2026-11-25"  # its schedule
        assert goal["progress"] == ["2026-11-25"]
        assert exported["reasons"][0]["text"] == "my health, and Zoë"
        # Every time is ISO 8601 UTC: no epoch number anywhere.
        times = [value for section in exported.values() if isinstance(section, list | dict)
                 for value in _values(section)]  # fmt: skip
        assert not any(isinstance(v, int) and v > 10**9 for v in times)
        assert exported["profile"]["created_at"] == "2026-11-25T12:00:00Z"
        await bot.command(MAY, "/export csv")
        archive = zipfile.ZipFile(io.BytesIO(fake.sent("sendDocument", MAY)[-1].files["document"]))
        assert "notes.csv" in archive.namelist()
        notes = archive.read("notes.csv")
        assert notes.startswith("\ufeff".encode())  # Excel reads UTF-8 with a BOM
        assert "a quiet walk by the canal" in notes.decode("utf-8-sig")
        assert "Zoë" in archive.read("reasons.csv").decode("utf-8-sig")


def _values(section: object) -> list[object]:
    if isinstance(section, dict):
        return [v for value in section.values() for v in _values(value)]
    if isinstance(section, list):
        return [v for value in section for v in _values(value)]
    return [section]


async def test_deleteme_removes_every_row_and_nothing_goes_out_afterwards(
    settings: Settings, fake: FakeTelegram, clock: ManualClock
) -> None:
    fake.chat_members[(TUESDAY, 5001)] = "administrator"
    async with running_bot(settings, fake, clock) as bot:
        g = Groups(bot)
        await g.cal_joins_tuesday()
        cal = 5003
        await g.private(cal, "/sober 30 days ago")  # announced in the group just now
        await g.private(cal, "/goal journal every night")
        await g.private(cal, "/remind 19:00 breathe daily")
        await g.private(cal, "/why my daughter")
        await g.private(cal, "/checkin")
        await bot.tick()
        bot.sender._paused_until = 10**12  # a prompt is queued but cannot go out yet
        async with bot.services.db.transaction() as tx:
            await tx.execute(
                "INSERT INTO outbox (dedupe_key, chat_id, user_id, kind, params, created_at_utc)"
                " VALUES ('checkin:5003:2026-11-26', 5003, 5003, 'checkin',"
                ' \'{"local_date": "2026-11-26"}\', 0)'
            )
        asked = len(fake.messages(cal))
        await fake.send_text(cal, "/deleteme", first_name="Cal")
        await fake.wait_for(lambda: len(fake.messages(cal)) > asked)
        assert "Delete everything?" in fake.texts(cal)[-1]
        await bot.tap(cal, "Yes, delete everything", first_name="Cal")
        # Its own stored update goes with the rest: wait for the answer itself.
        await fake.wait_for(lambda: any("I removed everything about you" in c.text
                                        for c in fake.sent("editMessageText", cal)))  # fmt: skip
        done = fake.sent("editMessageText", cal)[-1].text
        assert "I removed everything about you" in done and "group announcements" in done
        assert await tables_mentioning(bot.services.db.reader, cal) == []
        assert [call.params["message_id"] for call in fake.sent("deleteMessage", TUESDAY)]
        bot.sender._paused_until = 0
        sent_before = len(fake.messages(cal))
        clock.advance(timedelta(days=1))
        await bot.tick()
        await bot.settle()
        assert len(fake.messages(cal)) == sent_before


async def test_privacy_says_what_is_stored_and_how_to_export_and_delete(
    settings: Settings, fake: FakeTelegram, clock: ManualClock
) -> None:
    async with running_bot(settings, fake, clock) as bot:
        privacy = await bot.command(MAY, "/privacy")
        for words in ("What I store", "Who sees what", "How long", "/export", "/deleteme"):
            assert words in privacy


async def test_stats_are_counts_for_operators_only(
    db_path: Path, fake: FakeTelegram, clock: ManualClock
) -> None:
    settings = make_settings(db_path, fake, operator_ids=str(OPERATOR))
    async with running_bot(settings, fake, clock) as bot:
        await bot.command(MAY, "/sober today")
        assert await bot.command(MAY, "/stats") == texts.NOT_AN_OPERATOR
        stats = await bot.command(OPERATOR, "/stats")
        assert "People: 2" in stats and "Outbox backlog: 0" in stats
        assert "May" not in stats and str(MAY) not in stats
