"""End to end, issue 17: a sponsor who can be reached.

Jo invites Sam into the bot with a link bound to Jo; Sam accepts (a stranger with the same
link cannot); at 23:00 with a strong craving, Jo reaches Sam in two taps and Sam answers in
one. No answer → the next person and the crisis line; a sponsor who blocked the bot → Jo is
told at once; "I'm okay now" stops it for everyone. Sam sees days and milestones, never what
Jo wrote. Transcripts are kept in the test's folder (printed with `-s`).
"""

from __future__ import annotations

import asyncio
import re
import time
from datetime import timedelta
from pathlib import Path

from bot.config import Settings
from bot.playground.fake_api import Failure, FakeTelegram
from bot.storage import personal_data
from bot.storage.outbox import NewMessage
from tests.harness import RunningBot, clock_at, make_settings, running_bot
from tests.test_e2e_people_talk import keep_transcript

JO, SAM, ANA, STRANGER = 7101, 7102, 7103, 7104
CRAVING = "the craving is really strong tonight"


def plain(text: str) -> str:
    """A message as read: without its HTML tags."""
    return re.sub(r"<[^>]+>", "", text)


async def _start(bot: RunningBot, user_id: int, name: str) -> None:
    await bot.command(user_id, "/start", first_name=name)
    await bot.command(user_id, "/timezone London, UK", first_name=name)


async def _invite(bot: RunningBot, fake: FakeTelegram, label: str) -> str:
    """Jo taps an invite button; returns the start payload of the link."""
    said = await bot.tap(JO, label, first_name="Jo")
    found = re.search(r"start=(sp_[A-Za-z0-9_-]+)", said)
    assert found, said
    return found.group(1)


async def _link(bot: RunningBot, fake: FakeTelegram, user_id: int, name: str, label: str) -> str:
    payload = await _invite(bot, fake, label)
    question = await bot.command(user_id, f"/start {payload}", first_name=name)
    assert "asks you to be" in question
    return await bot.tap(user_id, "✅ Accept", first_name=name)


async def _jo_with_sam(bot: RunningBot, fake: FakeTelegram) -> None:
    fake.usernames[SAM] = "sam_sponsor"
    await _start(bot, JO, "Jo")
    await bot.command(JO, "/sober 40 days ago", first_name="Jo")
    saved = await bot.command(JO, "/sponsor Sam @sam_sponsor", first_name="Jo")
    assert "Saved your sponsor" in saved
    await bot.command(SAM, "/start", first_name="Sam")
    accepted = await _link(bot, fake, SAM, "Sam", "🔗 Invite Sam into the bot")
    assert "linked as Jo's sponsor" in accepted


async def _sos(bot: RunningBot) -> str:
    help_ = await bot.command(JO, CRAVING, first_name="Jo")
    assert "A craving is a wave" in help_
    confirm = await bot.tap(JO, "🆘 Ask Sam for help", first_name="Jo")
    assert "Send Sam an SOS now?" in confirm
    return await bot.tap(JO, "🆘 Yes, ask Sam now", first_name="Jo")


async def test_jo_reaches_sam_in_two_taps_and_sam_answers_in_one(
    settings: Settings, fake: FakeTelegram, tmp_path: Path
) -> None:
    clock = clock_at("2026-12-01T12:00:00+00:00")
    async with running_bot(settings, fake, clock) as bot:
        fake.usernames[STRANGER] = "not_sam"
        await _start(bot, JO, "Jo")
        await bot.command(JO, "/sober 40 days ago", first_name="Jo")
        await bot.command(JO, "/sponsor Sam @sam_sponsor", first_name="Jo")
        payload = await _invite(bot, fake, "🔗 Invite Sam into the bot")
        assert fake.messages(SAM) == []  # nothing reaches Sam before they accept

        # A stranger with the link (not @sam_sponsor) links nothing; Jo's own tap neither.
        refused = await bot.command(STRANGER, f"/start {payload}", first_name="Kim")
        assert "meant for someone else" in refused
        own = await bot.command(JO, f"/start {payload}", first_name="Jo")
        assert "your own invitation" in own

        fake.usernames[SAM] = "sam_sponsor"
        question = await bot.command(SAM, f"/start {payload}", first_name="Sam")
        assert "Jo asks you to be their sponsor" in question
        assert "never their notes, moods, cravings, goals or resets" in question
        accepted = await bot.tap(SAM, "✅ Accept", first_name="Sam")
        assert "linked as Jo's sponsor" in accepted
        await bot.settle()
        told = fake.messages(JO)[-1]
        assert "Sam accepted" in told.text
        assert [label for label, _ in told.buttons()] == ["🎉 Share my milestones", "Unlink"]
        used_again = await bot.command(STRANGER, f"/start {payload}", first_name="Kim")
        assert "no longer open" in used_again

        # 23:00, a strong craving: the help carries the SOS; two taps reach Sam.
        clock.set(clock.now().replace(hour=23))
        sam_before = len(fake.messages(SAM))
        sent = await _sos(bot)
        assert "I'm asking Sam now" in sent
        await bot.settle()
        ask = fake.messages(SAM)[sam_before]
        assert "Jo is asking for help right now" in plain(ask.text)
        assert f"tg://user?id={JO}" in ask.text  # one tap opens Jo's profile
        assert [label for label, _ in ask.buttons()] == [
            "📞 I'm calling", "💬 I'll write", "Can't right now"
        ]  # fmt: skip
        assert "📨 Sam has your SOS." in fake.texts(JO)

        # A second SOS within 10 minutes: already on its way (nothing new reaches Sam).
        await bot.tap(JO, "🆘 Ask Sam for help", first_name="Jo")
        await bot.tap(JO, "🆘 Yes, ask Sam now", first_name="Jo")
        alerts = [c for c in fake.sent("answerCallbackQuery") if "already on its way" in
                  str(c.params.get("text", ""))]  # fmt: skip
        assert alerts
        assert sum("asking for help" in t for t in fake.texts(SAM)) == 1

        # Someone else's button: Jo cannot answer for Sam.
        answer_data = dict(ask.buttons())["📞 I'm calling"]
        await fake.press(JO, answer_data, message_id=ask.message_id, first_name="Jo")
        await bot.handled()
        assert "This button isn't yours." in str(fake.sent("answerCallbackQuery")[-1].params)

        answered = await bot.tap(SAM, "📞 I'm calling", first_name="Sam")
        assert "Jo knows you're calling" in answered
        await bot.settle()
        assert "📞 Sam is calling you now." in fake.texts(JO)

        okay = await bot.tap(JO, "💙 I'm okay now", first_name="Jo")
        assert "told everyone I reached" in okay
        await bot.settle()
        assert "Jo says they're okay now" in fake.texts(SAM)[-1]
        # Okay, then hard again within minutes: a new SOS goes, not "already on its way".
        again = await _sos(bot)
        assert "I'm asking Sam now" in again
        await bot.settle()
        assert sum("asking for help" in t for t in fake.texts(SAM)) == 2
        await bot.tap(JO, "💙 I'm okay now", first_name="Jo")

        # What Sam sees: days and milestones, never what Jo wrote or felt.
        seen = await bot.command(SAM, "/sponsees", first_name="Sam")
        assert "Jo" in seen and "doesn't share" in seen  # milestones not shared yet
        await bot.tap(JO, "🎉 Share my milestones", first_name="Jo")
        seen = await bot.command(SAM, "/sponsees", first_name="Sam")
        assert "40 days clean" in seen and "next: 60 days" in seen
        for text in fake.texts(SAM):
            assert "really strong" not in text and "craving is" not in text

        keep_transcript(fake, JO, tmp_path, "sos-jo")
        keep_transcript(fake, SAM, tmp_path, "sos-sam")


async def test_no_answer_goes_to_the_next_person_with_the_crisis_line(
    settings: Settings, fake: FakeTelegram, tmp_path: Path
) -> None:
    clock = clock_at("2026-12-01T22:00:00+00:00")
    async with running_bot(settings, fake, clock) as bot:
        await _jo_with_sam(bot, fake)
        await bot.command(ANA, "/start", first_name="Ana")
        await bot.command(JO, "/sponsor", first_name="Jo")
        accepted = await _link(bot, fake, ANA, "Ana", "➕ Invite someone you trust")
        assert "one of Jo's people" in accepted

        await _sos(bot)
        await bot.settle()
        assert not any("asking for help" in t for t in fake.texts(ANA))  # Sam first

        clock.advance(timedelta(minutes=9))
        await bot.tick()
        assert not any("asking for help" in t for t in fake.texts(ANA))
        clock.advance(timedelta(minutes=1, seconds=5))
        await bot.tick()
        assert any("Jo is asking for help right now" in plain(t) for t in fake.texts(ANA))
        told = "\n".join(fake.texts(JO)[-2:])
        assert "No answer from Sam yet. I've asked Ana too." in told
        assert "📨 Ana has your SOS." in told
        assert "Samaritans" in told  # the crisis line again (London)

        await bot.tap(ANA, "Can't right now", first_name="Ana")
        await bot.settle()
        last = "\n".join(fake.texts(JO)[-2:])
        assert "Ana can't right now." in last
        assert "nobody else linked" in last and "Samaritans" in last
        # Sam answers late: Jo still hears it.
        await bot.tap(SAM, "💬 I'll write", first_name="Sam")
        await bot.settle()
        assert "💬 Sam is writing to you now." in fake.texts(JO)
        keep_transcript(fake, JO, tmp_path, "sos-next-person")


async def test_a_sponsor_who_blocked_the_bot_jo_is_told_at_once(
    settings: Settings, fake: FakeTelegram, tmp_path: Path
) -> None:
    clock = clock_at("2026-12-01T22:00:00+00:00")
    async with running_bot(settings, fake, clock) as bot:
        await _jo_with_sam(bot, fake)
        fake.fail_chat(SAM, Failure(403, "Forbidden: bot was blocked by the user"))
        started = time.monotonic()
        await _sos(bot)
        await bot.settle()
        told = "\n".join(fake.texts(JO)[-2:])
        assert time.monotonic() - started < 5
        assert "I couldn't reach Sam" in told
        assert "https://t.me/sam_sponsor" in told  # the @link Jo saved
        assert "Samaritans" in told
        keep_transcript(fake, JO, tmp_path, "sos-blocked")


async def test_declined_unlinked_exported_and_deleted_on_both_sides(
    settings: Settings, fake: FakeTelegram
) -> None:
    clock = clock_at("2026-12-01T12:00:00+00:00")
    async with running_bot(settings, fake, clock) as bot:
        await _start(bot, JO, "Jo")
        await bot.command(ANA, "/start", first_name="Ana")
        listing = await bot.command(JO, "/sponsor", first_name="Jo")
        assert "Nobody is linked yet" in listing
        payload = await _invite(bot, fake, "➕ Invite someone you trust")
        await bot.command(ANA, f"/start {payload}", first_name="Ana")
        declined = await bot.tap(ANA, "Decline", first_name="Ana")
        assert "Nothing was linked" in declined
        await bot.settle()
        assert "Ana declined the invitation" in fake.texts(JO)[-1]
        assert await bot.services.links.helpers(await bot.services.people.require(JO)) == []

        # Linked, then unlinked by the helper: Jo is told at once.
        await bot.command(JO, "/sponsor", first_name="Jo")
        await _link(bot, fake, ANA, "Ana", "➕ Invite someone you trust")
        await bot.command(ANA, "/sponsees", first_name="Ana")
        unlinked = await bot.tap(ANA, "Unlink Jo", first_name="Ana")
        assert "Unlinked from Jo" in unlinked
        await bot.settle()
        assert "The link with Ana has ended" in fake.texts(JO)[-1]
        assert "SOS" not in str(fake.messages(JO)[-1].buttons())

        # Linked again: both exports show it; Ana's /deleteme ends it and leaves no trace.
        await bot.command(JO, "/sponsor", first_name="Jo")
        await _link(bot, fake, ANA, "Ana", "➕ Invite someone you trust")
        jo = await bot.services.people.require(JO)
        ana = await bot.services.people.require(ANA)
        mine = await bot.services.personal_data.document(jo)
        theirs = await bot.services.personal_data.document(ana)
        assert [row["name"] for row in mine["linked_people"]] == ["Ana"]
        assert [row["name"] for row in theirs["people_who_linked_me"]] == ["Jo"]
        await bot.command(ANA, "/deleteme", first_name="Ana")
        await bot.tap(ANA, "Yes, delete everything", first_name="Ana")
        await bot.settle()
        assert "The link with Ana has ended" in fake.texts(JO)[-1]
        assert await bot.services.links.helpers(jo) == []
        left = await personal_data.tables_mentioning(bot.services.db.reader, ANA)
        assert left == [], left


async def test_did_you_reach_sam_counts_once_and_the_sponsor_sees_a_call_was_logged(
    settings: Settings, fake: FakeTelegram
) -> None:
    clock = clock_at("2026-12-01T12:00:00+00:00")
    async with running_bot(settings, fake, clock) as bot:
        await _jo_with_sam(bot, fake)
        await bot.tap(JO, "🎉 Share my milestones", first_name="Jo")
        await bot.command(JO, "/goal call my sponsor every evening for 7 days", first_name="Jo")
        await bot.command(JO, "/sponsor Sam @sam_sponsor", first_name="Jo")
        await bot.tap(JO, "Daily at 21:00", first_name="Jo")
        clock.set(clock.now().replace(hour=21, minute=0, second=30))
        await bot.tick()
        assert "Call Sam" in fake.texts(JO)[-1]
        clock.advance(timedelta(minutes=59))
        await bot.tick()
        assert "Did you reach Sam?" not in fake.texts(JO)[-1]
        clock.advance(timedelta(minutes=2))
        await bot.tick()
        assert fake.texts(JO)[-1] == "📞 Did you reach Sam?"
        assert (
            await bot.tap(JO, "Yes", first_name="Jo")
            == "🙌 Well done for reaching out. I've logged the call."
        )
        await bot.tap(JO, "Yes", first_name="Jo")
        goals = await bot.command(JO, "/goals", first_name="Jo")
        assert "1/7" in goals, goals
        seen = await bot.command(SAM, "/sponsees", first_name="Sam")
        assert "📞 Call logged: Tue 1 Dec" in seen


async def test_a_shared_milestone_reaches_the_sponsor_privately(
    settings: Settings, fake: FakeTelegram
) -> None:
    clock = clock_at("2026-12-01T12:00:00+00:00")
    async with running_bot(settings, fake, clock) as bot:
        await _jo_with_sam(bot, fake)  # 40 days: next is 60
        await bot.command(JO, "/sober 59 days ago", first_name="Jo")
        await bot.tap(JO, "🎉 Share my milestones", first_name="Jo")
        clock.advance(timedelta(days=1))
        await bot.tick()
        assert "🎉 Jo reached 60 days today." in "\n".join(fake.texts(SAM))


async def test_an_sos_overtakes_thousands_of_queued_check_ins(
    tmp_path: Path, fake: FakeTelegram
) -> None:
    """The urgent lane: with 1,500 prompts queued at 100/s, Sam has Jo's SOS within a second."""
    settings = make_settings(tmp_path / "bot.sqlite3", fake, send_rate_per_second=100)
    clock = clock_at("2026-12-01T12:00:00+00:00")
    async with running_bot(settings, fake, clock) as bot:
        await _jo_with_sam(bot, fake)
        await bot.command(JO, CRAVING, first_name="Jo")
        await bot.tap(JO, "🆘 Ask Sam for help", first_name="Jo")
        confirm = fake.messages(JO)[-1]
        backlog = [NewMessage(f"load:{i}", 900000 + i, "nudge", {}, None) for i in range(1500)]
        async with bot.services.db.transaction() as tx:
            await bot.services.outbox.add(tx, backlog)
        bot.services.outbox.notify()
        await asyncio.sleep(0.5)
        started = time.monotonic()
        data = dict(confirm.buttons())["🆘 Yes, ask Sam now"]
        await fake.press(JO, data, message_id=confirm.message_id, first_name="Jo")
        await fake.wait_for(lambda: any("asking for help" in t for t in fake.texts(SAM)), 5)
        took = time.monotonic() - started
        drained = len([c for c in fake.sent("sendMessage") if (c.chat_id or 0) >= 900000])
        assert took < 1.5, took
        assert 1500 - drained > 500  # the backlog was still draining


async def test_the_person_deleting_everything_ends_the_link_and_leaves_no_trace(
    settings: Settings, fake: FakeTelegram
) -> None:
    clock = clock_at("2026-12-01T22:00:00+00:00")
    async with running_bot(settings, fake, clock) as bot:
        await _jo_with_sam(bot, fake)
        await _sos(bot)
        await bot.tap(SAM, "💬 I'll write", first_name="Sam")
        await bot.command(JO, "/deleteme", first_name="Jo")
        await bot.tap(JO, "Yes, delete everything", first_name="Jo")
        await bot.settle()
        assert "The link with Jo has ended" in fake.texts(SAM)[-1]
        sam = await bot.services.people.require(SAM)
        assert await bot.services.links.sponsees(sam) == []
        left = await personal_data.tables_mentioning(bot.services.db.reader, JO)
        assert left == [], left
