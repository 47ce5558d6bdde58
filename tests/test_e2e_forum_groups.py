"""End to end: a forum group with topics 1 (General), 7 and 9, as recovery groups run them;
a group's own time zone; and milestone posts that stay true when a clean date is corrected."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot import texts
from bot.config import Settings
from bot.playground.fake_api import Call, FakeTelegram
from tests.harness import RunningBot, clock_at, running_bot
from tests.test_e2e_people_talk import keep_transcript

FORUM = -1009000000007
ADA, BEN, CAL, DEV, ELI = 6101, 6102, 6103, 6104, 6105
NAMES = {ADA: "Ada", BEN: "Ben", CAL: "Cal", DEV: "Dev", ELI: "Eli"}
PANEL = "⚙️ <b>Milestone Bot in this group</b>"
SEND_METHODS = {"sendMessage", "sendPhoto", "sendDocument"}


class Forum:
    """Talking in the forum group through the fake, topic by topic."""

    def __init__(self, bot: RunningBot) -> None:
        self.bot = bot
        self.fake = bot.fake
        self.chat = self.fake.forum_chat(FORUM, "Recovery Forum", topics=(1, 7, 9))

    def sent_here(self) -> list[Call]:
        return self.fake.messages(FORUM)

    async def say(self, user_id: int, text: str, topic: int | None) -> Call:
        """A member writes in a topic (None: General); returns the bot's next post there."""
        before = len(self.sent_here())
        extra = self.fake.in_topic(topic) if topic is not None else {}
        await self.fake.send_text(
            user_id, text, first_name=NAMES[user_id], chat=self.chat, extra=extra
        )
        await self.fake.wait_for(lambda: len(self.sent_here()) > before)
        await self.bot.settle()
        return self.sent_here()[before]

    async def tap_panel(self, user_id: int, label: str, panel: Call, topic: int) -> Call:
        """An admin taps a /setup button on the panel in `topic`; returns the edit."""
        data = dict(panel.buttons())[label]
        before = len(self.fake.sent("editMessageText", FORUM))
        await self.fake.press(
            user_id, data, message_id=panel.message_id, chat=self.chat,
            first_name=NAMES[user_id], message_extra=self.fake.in_topic(topic),
        )  # fmt: skip
        await self.bot.handled()
        edits = self.fake.sent("editMessageText", FORUM)
        assert len(edits) > before, "the panel was not edited"
        return edits[-1]

    async def joins(self, user_id: int, topic: int) -> None:
        """A member who uses the bot joins from a topic and confirms privately."""
        await self.bot.command(user_id, "/start", first_name=NAMES[user_id])
        reply = await self.say(user_id, "/join", topic)
        assert reply.text == texts.JOIN_CONFIRM_SENT
        await self.bot.tap(user_id, "Yes, share my milestones", first_name=NAMES[user_id])

    def announcements(self) -> list[Call]:
        return [call for call in self.sent_here() if call.text.startswith("🎉")]


def topic_of(call: Call) -> int | None:
    value = call.params.get("message_thread_id")
    return None if value is None else int(value)


def no_send_named_general(fake: FakeTelegram) -> None:
    """General is addressed by leaving message_thread_id out: never 1."""
    for call in fake.calls:
        if call.method in SEND_METHODS and call.chat_id == FORUM:
            assert call.params.get("message_thread_id") != 1, call.params


async def test_a_forum_group_gets_everything_in_its_milestones_topic(
    settings: Settings, fake: FakeTelegram, tmp_path: Path
) -> None:
    clock = clock_at("2026-12-01T10:00:00")
    for admin in (ADA, CAL):
        fake.chat_members[(FORUM, admin)] = "administrator"
    async with running_bot(settings, fake, clock) as bot:
        forum = Forum(bot)
        # Ada sets the group up from topic 7 ("Milestones"): the panel answers there.
        await bot.command(ADA, "/start", first_name="Ada")
        panel = await forum.say(ADA, "/setup", 7)
        assert topic_of(panel) == 7
        assert panel.text.startswith(PANEL)
        assert "Milestones are posted in: <b>this topic</b>" in panel.text
        # Every reply goes to the topic its command came from.
        await bot.command(BEN, "/start", first_name="Ben")
        confirm = await forum.say(BEN, "/join", 7)
        assert (confirm.text, topic_of(confirm)) == (texts.JOIN_CONFIRM_SENT, 7)
        await bot.tap(BEN, "Yes, share my milestones", first_name="Ben")
        link = await forum.say(DEV, "/join", 9)  # Dev never opened the bot: a deep link
        assert (link.text, topic_of(link)) == (texts.JOIN_NEEDS_START, 9)
        privately = await forum.say(ELI, "/days", 9)
        assert (privately.text, topic_of(privately)) == (texts.PRIVATE_ONLY_IN_GROUP, 9)
        general = await forum.say(BEN, "/leave", None)  # from General: to General
        assert (general.text, topic_of(general)) == (texts.LEFT_GROUP, None)
        clock.advance(timedelta(minutes=2))  # the same reply twice a minute is an echo
        await forum.joins(BEN, 7)

        # Ben's 30 days: the announcement goes to the Milestones topic.
        await bot.command(BEN, "/sober 30 days ago", first_name="Ben")
        [ben] = forum.announcements()
        assert (ben.text, topic_of(ben)) == ("🎉 Ben reached 30 days", 7)

        # General is closed. Cal, a second admin, runs /setup in topic 9: answered in 9,
        # and milestones move there (/setup in a topic makes it the one).
        fake.closed_topics[FORUM].add(1)
        panel9 = await forum.say(CAL, "/setup", 9)
        assert topic_of(panel9) == 9 and panel9.text.startswith(PANEL)
        assert "Milestones are posted in: <b>this topic</b>" in panel9.text
        group = await bot.services.groups.by_chat(FORUM)
        assert group is not None and group.topic_id == 9
        # Ada's panel in topic 7, touched again, says so and offers to bring them back.
        edited = await forum.tap_panel(ADA, "Weekly digest: off", panel, 7)
        assert "Milestones are posted in: <b>another topic</b>" in edited.text
        edited = await forum.tap_panel(ADA, "📍 Post milestones in this topic", edited, 7)
        assert "Milestones are posted in: <b>this topic</b>" in edited.text
        assert "📍 Post milestones in this topic" not in dict(edited.buttons())
        group = await bot.services.groups.by_chat(FORUM)
        assert group is not None and group.topic_id == 7
        fake.closed_topics[FORUM].discard(1)

        # Topic 7 is closed: the next announcement goes to General once, the admin who
        # chose the topic (Ada) is told privately how to fix it, and later ones go straight
        # to General.
        fake.closed_topics[FORUM].add(7)
        await forum.joins(DEV, 9)
        dev_private = len(fake.texts(ADA))
        await bot.command(DEV, "/sober 7 days ago", first_name="Dev")
        dev = forum.announcements()[-1]
        assert (dev.text, topic_of(dev)) == ("🎉 Dev reached 1 week", None)
        refused = [call for call in fake.attempts("sendMessage", FORUM) if call.status == 400]
        assert [topic_of(call) for call in refused] == [7]
        [notice] = fake.texts(ADA)[dev_private:]
        assert "is closed" in notice and "Recovery Forum" in notice and "/setup" in notice
        clock.advance(timedelta(days=1))
        await bot.command(BEN, "/sober 60 days ago", first_name="Ben")
        assert (forum.announcements()[-1].text, topic_of(forum.announcements()[-1])) == (
            "🎉 Ben reached 60 days", None,
        )  # fmt: skip
        assert len([c for c in fake.attempts("sendMessage", FORUM) if c.status == 400]) == 1

        # A deleted topic: the same, told as deleted.
        await forum.say(ADA, "/setup", 9)
        fake.forums[FORUM].discard(9)
        ada_private = len(fake.texts(ADA))
        clock.advance(timedelta(days=1))
        await bot.command(DEV, "/sober 14 days ago", first_name="Dev")
        assert topic_of(forum.announcements()[-1]) is None
        [deleted] = fake.texts(ADA)[ada_private:]
        assert "was deleted" in deleted

        no_send_named_general(fake)
        transcript = keep_transcript(fake, FORUM, tmp_path, "forum")
    assert "[topic 7] bot: 🎉 Ben reached 30 days" in transcript
    assert "[topic 9] Cal: /setup" in transcript


async def test_the_digest_follows_the_groups_own_day(
    settings: Settings, fake: FakeTelegram
) -> None:
    # Sunday 6 Dec 2026, 10:00 UTC is 23:00 Sunday in Auckland: that Sunday's 18:00 has
    # passed there, though not in UTC. The group keeps its admin's zone, not DEFAULT_TIMEZONE.
    clock = clock_at("2026-12-06T10:00:00")
    fake.chat_members[(FORUM, ADA)] = "administrator"
    async with running_bot(settings, fake, clock) as bot:
        forum = Forum(bot)
        await bot.command(ADA, "/start", first_name="Ada")
        await bot.command(ADA, "/timezone Pacific/Auckland", first_name="Ada")
        panel = await forum.say(ADA, "/setup", 7)
        assert "Group time zone: <b>Pacific/Auckland</b>" in panel.text
        edited = await forum.tap_panel(ADA, "Weekly digest: off", panel, 7)
        assert "Weekly digest: <b>on, Sundays</b>" in edited.text
        group = await bot.services.groups.by_chat(FORUM)
        assert group is not None and group.timezone == "Pacific/Auckland"
        [due] = await bot.services.db.reader.execute_fetchall(
            "SELECT next_due_at_utc FROM schedules WHERE kind = 'digest'"
        )
        local = datetime.fromtimestamp(due[0], ZoneInfo("Pacific/Auckland"))
        assert (local.weekday(), local.hour, local.minute) == (6, 18, 0)  # Sunday 18:00 there
        assert local.day == 13  # the 6th's has passed in Auckland
        # At Auckland's Sunday 18:00 (05:00 UTC) the digest goes out, in topic 7.
        clock.set(datetime.fromtimestamp(due[0] + 30, ZoneInfo("UTC")))
        await bot.tick()
        await bot.settle()
        digest = [call for call in fake.messages(FORUM) if call.text.startswith("🌱")]
        assert len(digest) == 1 and topic_of(digest[0]) == 7

        # An admin of London taps "use my time zone": the next digest is London's Sunday.
        await bot.command(CAL, "/start", first_name="Cal")
        await bot.command(CAL, "/timezone Europe/London", first_name="Cal")
        fake.chat_members[(FORUM, CAL)] = "administrator"
        edited = await forum.tap_panel(CAL, "🕐 Use my time zone", edited, 7)
        assert "Group time zone: <b>Europe/London</b>" in edited.text
        [due] = await bot.services.db.reader.execute_fetchall(
            "SELECT next_due_at_utc FROM schedules WHERE kind = 'digest'"
        )
        local = datetime.fromtimestamp(due[0], ZoneInfo("Europe/London"))
        assert (local.weekday(), local.hour) == (6, 18)
        # Someone with no zone of their own is told to set one first; nothing changes.
        fake.chat_members[(FORUM, DEV)] = "administrator"
        await bot.command(DEV, "/start", first_name="Dev")
        answers = len(fake.sent("answerCallbackQuery"))
        data = dict(edited.buttons())["🕐 Use my time zone"]
        await fake.press(DEV, data, message_id=edited.message_id, chat=forum.chat,
                         first_name="Dev", message_extra=fake.in_topic(7))  # fmt: skip
        await bot.handled()
        answer = fake.sent("answerCallbackQuery")[answers]
        assert answer.params.get("text") == texts.GROUP_ZONE_NEEDS_YOURS
        group = await bot.services.groups.by_chat(FORUM)
        assert group is not None and group.timezone == "Europe/London"


def group_posts(fake: FakeTelegram) -> list[Call]:
    return [c for c in fake.messages(FORUM) if c.text.startswith("🎉")]


def edits_of(fake: FakeTelegram, message_id: int) -> list[Call]:
    methods = {"editMessageText", "editMessageCaption"}
    return [
        call for call in fake.calls
        if call.method in methods and call.status == 200 and call.chat_id == FORUM
        and int(call.params["message_id"]) == message_id
    ]  # fmt: skip


def cheers(fake: FakeTelegram, user_id: int, since: int = 0) -> list[str]:
    return [t for t in fake.texts(user_id)[since:] if t.startswith("🎉")]


async def test_milestones_stay_true_when_a_date_is_corrected(
    settings: Settings, fake: FakeTelegram, tmp_path: Path
) -> None:
    clock = clock_at("2026-12-01T10:00:00")  # Tuesday 1 December
    fake.chat_members[(FORUM, ADA)] = "administrator"
    async with running_bot(settings, fake, clock) as bot:
        forum = Forum(bot)
        await forum.say(ADA, "/setup", 7)
        await forum.joins(ELI, 7)

        # Eli types a date 400 days back: the year is recorded and said, never cheered
        # as if it were today, and the group hears nothing (it was 35 days ago).
        reply = await bot.command(ELI, "/sober 400 days ago", first_name="Eli")
        assert "🎉" not in reply
        assert "Your last milestone, <b>1 year</b>, was on Tue 27 Oct 2026" in reply
        assert fake.messages(ELI)[-1].method == "sendPhoto"  # with its chip
        assert group_posts(fake) == []

        # A minute later Eli corrects it to 60 days back: 60 days is today. Congratulated,
        # announced, and the year is gone from the records.
        clock.advance(timedelta(minutes=1))
        before = len(fake.texts(ELI))
        await bot.command(ELI, "/sober 60 days ago", first_name="Eli")
        assert [t.split("\n")[0] for t in cheers(fake, ELI, before)] == [
            "🎉 <b>60 days</b> clean — congratulations!"
        ]
        assert [c.text for c in group_posts(fake)] == ["🎉 Eli reached 60 days"]
        history = await bot.command(ELI, "/history", first_name="Eli")
        assert "1 year" not in history and "60 days" in history

        # Eli types a date where 90 days is today: announced. Corrected to 85 days back
        # within the hour: the post is edited to say so, its 👏 count kept.
        clock.advance(timedelta(days=1))
        await bot.command(ELI, "/sober 90 days ago", first_name="Eli")
        ninety = group_posts(fake)[-1]
        assert ninety.text == "🎉 Eli reached 90 days"
        await bot.command(ADA, "/start", first_name="Ada")
        await fake.press(ADA, ninety.buttons()[0][1], message_id=ninety.message_id,
                         chat=forum.chat, first_name="Ada",
                         message_extra=fake.in_topic(7))  # fmt: skip
        await bot.handled()
        await bot.settle()
        clock.advance(timedelta(minutes=30))
        reply = await bot.command(ELI, "/sober 85 days ago", first_name="Eli")
        assert "🎉" not in reply
        assert "Your last milestone, <b>60 days</b>" in reply
        [fix] = edits_of(fake, ninety.message_id)
        assert fix.text == texts.ANNOUNCEMENT_WITHDRAWN
        assert fix.buttons()[0][0] == "👏 1"  # the count stays
        # Five days later Eli really reaches 90 days: congratulated and announced again.
        before = len(fake.texts(ELI))
        for _ in range(5):
            clock.advance(timedelta(days=1))
            await bot.tick()
            await bot.command(ELI, "/days", first_name="Eli")  # Eli is around every day
        await bot.settle()
        assert [t.split("\n")[0] for t in cheers(fake, ELI, before)] == [
            "🎉 <b>90 days</b> clean — congratulations!"
        ]
        assert group_posts(fake)[-1].text == "🎉 Eli reached 90 days"
        assert group_posts(fake)[-1].message_id != ninety.message_id

        # The same day: a year announced, corrected to 6 months: the year's post says it was
        # corrected, and the 6 months (today, on the corrected date) is announced the same day.
        clock.advance(timedelta(days=1))
        await forum.joins(DEV, 7)
        await bot.command(DEV, "/sober 365 days ago", first_name="Dev")
        year = group_posts(fake)[-1]
        assert year.text == "🎉 Dev reached 1 year"
        await bot.command(DEV, "/sober 2026-06-08", first_name="Dev")  # 6 months today
        assert edits_of(fake, year.message_id)[-1].text == texts.ANNOUNCEMENT_WITHDRAWN
        assert group_posts(fake)[-1].text == "🎉 Dev reached 6 months"

        # /sober 89 days ago: the last milestone, 60 days, said with its day; no 🎉 anywhere.
        await forum.joins(BEN, 7)
        posts = len(group_posts(fake))
        before = len(fake.texts(BEN))
        reply = await bot.command(BEN, "/sober 89 days ago", first_name="Ben")
        assert "<b>89 days</b> clean" in reply
        assert "Your last milestone, <b>60 days</b>, was on Mon 9 Nov 2026" in reply
        assert cheers(fake, BEN, before) == []

        # /reset 2 days ago: today is day 1, and that is congratulated (the day after the
        # relapse day, never the same day).
        await bot.command(BEN, "/reset 2 days ago", first_name="Ben")
        before = len(fake.texts(BEN))
        await bot.tap(BEN, "Yes, record it", first_name="Ben")
        await bot.settle()
        assert [t.split("\n")[0] for t in cheers(fake, BEN, before)] == [
            "🎉 <b>1 day</b> clean — congratulations!"
        ]
        assert len(group_posts(fake)) == posts + 1  # "Ben reached 1 day", like any day-after
        one_day = group_posts(fake)[-1]
        # Ben undoes the reset: the 89 days run on, and the 1 day post is corrected.
        await bot.tap(BEN, "↩️ Undo", first_name="Ben")
        await bot.settle()
        assert edits_of(fake, one_day.message_id)[-1].text == texts.ANNOUNCEMENT_WITHDRAWN
        keep_transcript(fake, FORUM, tmp_path, "forum-corrections")
        keep_transcript(fake, ELI, tmp_path, "eli-corrections")
    assert_every_group_post_is_allowed(fake)


async def test_a_chip_post_corrected_is_captioned_and_a_queued_one_never_goes(
    settings: Settings, fake: FakeTelegram
) -> None:
    clock = clock_at("2026-12-01T10:00:00")
    fake.chat_members[(FORUM, ADA)] = "administrator"
    async with running_bot(settings, fake, clock) as bot:
        forum = Forum(bot)
        panel = await forum.say(ADA, "/setup", 7)
        await forum.tap_panel(ADA, "Chip pictures: off", panel, 7)
        await forum.joins(ELI, 7)
        await bot.command(ELI, "/sober 30 days ago", first_name="Eli")
        [chip] = fake.sent("sendPhoto", FORUM)
        assert chip.text == "🎉 Eli reached 30 days" and topic_of(chip) == 7
        clock.advance(timedelta(minutes=5))
        await bot.command(ELI, "/sober 20 days ago", first_name="Eli")
        [fix] = edits_of(fake, chip.message_id)
        assert fix.method == "editMessageCaption" and fix.text == texts.ANNOUNCEMENT_WITHDRAWN

        # A post still waiting (the sender stopped) when the date is corrected never goes,
        # nor does the congratulation that was queued with it.
        await forum.joins(DEV, 7)
        await bot.sender.stop()
        await fake.send_text(DEV, "/sober 30 days ago", first_name="Dev")
        await bot.handled(sending=False)
        await fake.send_text(DEV, "/sober 25 days ago", first_name="Dev")
        await bot.handled(sending=False)
        [waiting] = await bot.services.db.reader.execute_fetchall(
            "SELECT milestone_key, corrected, message_id FROM announcements WHERE user_id = ?",
            (DEV,),
        )
        assert tuple(waiting) == ("30d", 1, None)  # queued, then withdrawn before it went
    async with running_bot(settings, fake, clock) as bot:
        await bot.settle()
        posts = [call.text for call in fake.messages(FORUM) if "Dev" in call.text]
        assert posts == []
        assert not any("🎉 <b>30 days</b>" in text for text in fake.texts(DEV))
        stale = await bot.services.db.reader.execute_fetchall(
            "SELECT kind, last_error FROM outbox WHERE chat_id IN (?, ?) AND state = 'failed'",
            (DEV, FORUM),
        )
        assert sorted(tuple(row) for row in stale) == [
            ("announcement", "stale"), ("milestone", "stale"),
        ]  # fmt: skip


ALLOWED_GROUP_TEXTS = {
    texts.GROUP_INTRO, texts.NOT_AN_ADMIN, texts.GROUP_NOT_SET_UP, texts.GROUP_DISABLED,
    texts.JOIN_CONFIRM_SENT, texts.JOIN_NEEDS_START, texts.LEFT_GROUP,
    texts.PRIVATE_ONLY_IN_GROUP, texts.ANNOUNCEMENT_WITHDRAWN,
}  # fmt: skip


def assert_every_group_post_is_allowed(fake: FakeTelegram) -> None:
    """SPEC §7 unchanged: only the alias and the milestone, or fixed texts, reach a group."""
    for call in fake.calls:
        if call.chat_id != FORUM or call.status != 200 or call.method in {"getChatMember"}:
            continue
        text: Any = call.text
        if call.method == "editMessageReplyMarkup" or not text:
            continue
        ok = (
            text in ALLOWED_GROUP_TEXTS
            or text.startswith(PANEL)
            or (text.startswith("🎉 ") and " reached " in text and "\n" not in text)
        )
        assert ok, text
