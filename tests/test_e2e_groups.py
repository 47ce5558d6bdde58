"""End to end: two groups, four people, opt-in announcements, claps, leave, kick, migration,
and a scan proving nothing personal ever reaches a group."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from bot import texts
from bot.clock import ManualClock
from bot.config import Settings
from bot.playground.fake_api import Failure, FakeTelegram
from bot.services.groups import InvitationRefused
from tests.harness import RunningBot, clock_at, running_bot

ALEX, BEA, CAL, DEE = 5001, 5002, 5003, 5004
NAMES = {ALEX: "Alex", BEA: "Bea", CAL: "Cal", DEE: "Dee"}
TUESDAY, SUNDAY = -1001, -1002
SUPERGROUP = -1001000000001
ANONYMOUS = 1087968824


def member_change(fake: FakeTelegram, chat: dict[str, Any], old: str, new: str) -> dict[str, Any]:
    bot_user = {"id": 7000000001, "is_bot": True, "first_name": "Milestone"}
    new_member: dict[str, Any] = {"status": new, "user": bot_user}
    if new == "kicked":
        new_member["until_date"] = 0
    return {
        "my_chat_member": {
            "chat": chat, "from": fake.user(ALEX, "Alex"), "date": 0,
            "old_chat_member": {"status": old, "user": bot_user},
            "new_chat_member": new_member,
        }
    }  # fmt: skip


class Groups:
    """Helpers for talking in groups through the fake."""

    def __init__(self, bot: RunningBot) -> None:
        self.bot = bot
        self.fake = bot.fake

    async def say(self, user_id: int, chat_id: int, text: str, **extra: Any) -> str:
        """A member writes in a group; returns the bot's next message there."""
        before = len(self.fake.sent("sendMessage", chat_id))
        chat = self.fake.group_chat(
            chat_id,
            {TUESDAY: "Tuesday Group", SUNDAY: "Sunday Circle"}.get(chat_id, "Tuesday Group"),
        )
        await self.fake.send_text(
            user_id, text, first_name=NAMES.get(user_id, "Anon"), chat=chat, extra=extra
        )
        sent = await self.fake.wait_sent(before + 1, "sendMessage", chat_id)
        await self.bot.settle()
        return sent[before].text

    async def private(self, user_id: int, text: str) -> str:
        return await self.bot.command(user_id, text, first_name=NAMES[user_id])

    async def press_private(self, user_id: int, label: str) -> str:
        """Press a button on the last private message; returns the edited text."""
        message = self.fake.sent("sendMessage", user_id)[-1]
        data = dict(message.buttons())[label]
        before = len(self.fake.sent("editMessageText", user_id))
        await self.fake.press(
            user_id, data, message_id=message.message_id, first_name=NAMES[user_id]
        )
        edits = await self.fake.wait_sent(before + 1, "editMessageText", user_id)
        return edits[-1].text

    async def clap(self, user_id: int, chat_id: int, announcement: Any) -> str:
        before = len(self.fake.sent("answerCallbackQuery"))
        data = announcement.buttons()[0][1]
        await self.fake.press(
            user_id, data, message_id=announcement.message_id, first_name=NAMES[user_id],
            chat=self.fake.group_chat(chat_id, "Tuesday Group"),
        )  # fmt: skip
        answers = await self.fake.wait_sent(before + 1, "answerCallbackQuery")
        await self.bot.settle()
        return str(answers[-1].params.get("text", ""))

    async def cal_joins_tuesday(self) -> None:
        """Alex sets Tuesday up; Cal (who uses the bot) joins it."""
        await self.say(ALEX, TUESDAY, "/setup")
        await self.private(CAL, "/start")
        await self.say(CAL, TUESDAY, "/join")
        await self.press_private(CAL, "Yes, share my milestones")

    def announcements(self, chat_id: int) -> list[Any]:
        return [c for c in self.fake.sent("sendMessage", chat_id) if c.text.startswith("🎉")]


async def test_two_groups_four_people(
    settings: Settings, fake: FakeTelegram, clock: ManualClock
) -> None:
    fake.chat_members[(TUESDAY, ALEX)] = "administrator"
    fake.chat_members[(SUNDAY, BEA)] = "creator"
    async with running_bot(settings, fake, clock) as bot:
        g = Groups(bot)
        # The bot is added to both groups: a short intro each.
        for chat_id, title in ((TUESDAY, "Tuesday Group"), (SUNDAY, "Sunday Circle")):
            await fake.push(member_change(fake, fake.group_chat(chat_id, title), "left", "member"))
            await fake.wait_sent(1, "sendMessage", chat_id)
        assert fake.sent("sendMessage", TUESDAY)[0].text == texts.GROUP_INTRO

        # Setup by a non-admin is refused; admins (and anonymous admins) may.
        assert await g.say(CAL, TUESDAY, "/setup") == texts.NOT_AN_ADMIN
        assert "Milestone announcements: <b>on</b>" in await g.say(ALEX, TUESDAY, "/setup")
        anonymous = await g.say(ANONYMOUS, SUNDAY, "/setup@milestone_test_bot",
                                sender_chat={"id": SUNDAY, "type": "supergroup", "title": "Sunday Circle"})  # fmt: skip
        assert "Milestone announcements: <b>on</b>" in anonymous

        # Cal never opened the bot: /join gives a deep link, then the private double opt-in.
        assert await g.say(CAL, TUESDAY, "/join") == texts.JOIN_NEEDS_START
        link = fake.sent("sendMessage", TUESDAY)[-1].buttons()[0][1]
        match = re.fullmatch(
            r"https://t\.me/milestone_test_bot\?start=(join_[A-Za-z0-9_-]+)", link
        )
        assert match, link
        assert str(TUESDAY) not in link
        tampered = match[1][:-1] + ("A" if match[1][-1] != "A" else "B")
        expired = texts.invitation_refused(InvitationRefused.EXPIRED)
        assert expired in await g.private(CAL, f"/start {tampered}")
        question = await g.private(CAL, f"/start {match[1]}")
        assert "Share your milestones with <b>Tuesday Group</b>" in question
        assert "<b>Cal</b>" in question
        assert "Never: your clean date" in question
        assert "You'll share your milestones with Tuesday Group" in await g.press_private(
            CAL, "Yes, share my milestones"
        )

        # Dee already uses the bot: a private question straight away; joins both groups.
        await g.private(DEE, "/start")
        assert await g.say(DEE, TUESDAY, "/join") == texts.JOIN_CONFIRM_SENT
        await g.press_private(DEE, "Yes, share my milestones")
        assert await g.say(DEE, SUNDAY, "/join") == texts.JOIN_CONFIRM_SENT
        assert "No problem" in await g.press_private(DEE, "No thanks")  # only Yes joins
        # Asking again within a minute: a fresh private question, no second echo in the group.
        asked = len(fake.texts(DEE))
        await fake.send_text(
            DEE, "/join", first_name="Dee", chat=fake.group_chat(SUNDAY, "Sunday Circle")
        )
        await fake.wait_sent(asked + 1, "sendMessage", DEE)
        await g.press_private(DEE, "Yes, share my milestones")
        assert fake.texts(SUNDAY).count(texts.JOIN_CONFIRM_SENT) == 1
        groups_text = await g.private(DEE, "/groups")
        assert "Tuesday Group" in groups_text and "Sunday Circle" in groups_text

        # Private life that must never reach a group.
        await g.private(CAL, "/goal SECRETGOAL call my sponsor every day for 7 days")
        await g.private(CAL, "/remind 19:00 SECRETREMINDER pills daily")
        await g.private(CAL, "/sponsor SECRETSPONSOR")
        await g.private(CAL, "/checkin")
        await g.private(CAL, "SECRETNOTE feeling shaky today")
        await g.private(BEA, "/start")

        # Cal reaches 30 days: announced in the group Cal joined, nowhere else.
        await g.private(CAL, "/sober 30 days ago")
        [announcement] = g.announcements(TUESDAY)
        assert announcement.text == "🎉 Cal reached 30 days"
        assert g.announcements(SUNDAY) == []

        # Three members clap; a double tap counts once; Cal hears about each.
        assert await g.clap(ALEX, TUESDAY, announcement) == texts.CLAP_COUNTED
        assert await g.clap(ALEX, TUESDAY, announcement) == texts.CLAP_ALREADY
        assert await g.clap(BEA, TUESDAY, announcement) == texts.CLAP_COUNTED
        assert await g.clap(DEE, TUESDAY, announcement) == texts.CLAP_COUNTED
        edits = fake.sent("editMessageReplyMarkup", TUESDAY)
        assert edits[-1].buttons()[0][0] == "👏 3"
        assert len(edits) <= 3
        notes = [t for t in fake.texts(CAL) if "congratulated you" in t]
        assert sorted(notes) == sorted(
            f"👏 {name} from Tuesday Group congratulated you on 30 days!"
            for name in ("Alex", "Bea", "Dee")
        )

        # Dee leaves Tuesday: the next milestone goes to Sunday only.
        assert await g.say(DEE, TUESDAY, "/leave") == texts.LEFT_GROUP
        await g.private(DEE, "/sober 7 days ago")
        assert [a.text for a in g.announcements(SUNDAY)] == ["🎉 Dee reached 1 week"]
        assert len(g.announcements(TUESDAY)) == 1

        # A reset is private; a group hears about a member at most once a day.
        await g.private(DEE, "/reset")
        await g.private(DEE, "/sober 14 days ago")
        assert len(g.announcements(SUNDAY)) == 1

        # The bot is kicked from Sunday: nothing more is sent there.
        await fake.push(
            member_change(fake, fake.group_chat(SUNDAY, "Sunday Circle"), "member", "kicked")
        )
        clock.advance(timedelta(days=1))
        sunday_before = len(fake.attempts("sendMessage", SUNDAY))
        await g.private(DEE, "/sober 30 days ago")
        assert len(fake.attempts("sendMessage", SUNDAY)) == sunday_before

        # Tuesday becomes a supergroup: announcements follow it to the new id.
        migrate = {"migrate_to_chat_id": SUPERGROUP}
        await fake.send_text(
            ALEX,
            "",
            first_name="Alex",
            chat=fake.group_chat(TUESDAY, "Tuesday Group"),
            extra=migrate,
        )
        clock.advance(timedelta(days=1))

        async def moved() -> bool:
            group = await bot.services.groups.by_chat(SUPERGROUP)
            return group is not None

        await bot.eventually(moved)
        await g.private(CAL, "/sober 60 days ago")
        assert [a.text for a in g.announcements(SUPERGROUP)] == ["🎉 Cal reached 60 days"]
        assert len(g.announcements(TUESDAY)) == 1
        assert await g.say(CAL, SUPERGROUP, "/leave") == texts.LEFT_GROUP  # memberships kept

    assert_nothing_personal_reached_a_group(fake)


ALLOWED_FIXED = {
    texts.GROUP_INTRO, texts.NOT_AN_ADMIN, texts.GROUP_NOT_SET_UP, texts.GROUP_DISABLED,
    texts.JOIN_CONFIRM_SENT, texts.JOIN_NEEDS_START, texts.LEFT_GROUP,
}  # fmt: skip
ANNOUNCEMENT = re.compile(r"^🎉 [^\n<>]{1,32} reached \d+ (days?|weeks?|months?|years?)$")
FORBIDDEN = ("SECRET", "reset", "relapse", "craving", "mood", "check-in", "note", "goal",
             "remind", "sponsor", "2026", "2025", "Nov", "Oct", "clean date")  # fmt: skip


def assert_nothing_personal_reached_a_group(fake: FakeTelegram) -> None:
    """Every message sent or edited in a group chat is one of the allowed kinds."""
    group_calls = [
        call for call in fake.calls
        if call.method in {"sendMessage", "editMessageText", "sendPhoto", "editMessageReplyMarkup"}
        and call.chat_id is not None and call.chat_id < 0
    ]  # fmt: skip
    assert len(group_calls) >= 10
    for call in group_calls:
        text = call.text
        allowed = (
            text in ALLOWED_FIXED
            or ANNOUNCEMENT.match(text)
            or text.startswith("⚙️ <b>Milestone Bot in this group</b>")
            or text.startswith("🌱 ")
            or (call.method == "editMessageReplyMarkup" and text == "")  # 👏 count only
        )
        assert allowed, text
        if not text.startswith("⚙️") and text not in ALLOWED_FIXED:
            assert not any(word.lower() in text.lower() for word in FORBIDDEN), text
        for _, data in call.buttons():
            assert data.startswith(("cl:", "gt:", "https://t.me/")), data


async def test_chat_migrated_error_from_a_send_moves_the_group(
    settings: Settings, fake: FakeTelegram, clock: ManualClock
) -> None:
    fake.chat_members[(TUESDAY, ALEX)] = "administrator"
    async with running_bot(settings, fake, clock) as bot:
        g = Groups(bot)
        await g.cal_joins_tuesday()
        fake.fail_chat(
            TUESDAY,
            Failure(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                migrate_to_chat_id=SUPERGROUP,
            ),
        )
        await g.private(CAL, "/sober 3 days ago")
        await fake.wait_sent(1, "sendMessage", SUPERGROUP)
        assert g.announcements(SUPERGROUP)[0].text == "🎉 Cal reached 3 days"
        assert (await bot.services.groups.by_chat(SUPERGROUP)) is not None
        assert (await bot.services.groups.by_chat(TUESDAY)) is None


async def test_claps_burst_is_batched_into_few_edits(
    settings: Settings, fake: FakeTelegram, clock: ManualClock
) -> None:
    fake.chat_members[(TUESDAY, ALEX)] = "administrator"
    async with running_bot(settings, fake, clock) as bot:
        g = Groups(bot)
        await g.cal_joins_tuesday()
        await g.private(CAL, "/sober 3 days ago")
        [announcement] = g.announcements(TUESDAY)
        await bot.sender.stop()  # claps arrive faster than the group's send rate
        chat = fake.group_chat(TUESDAY, "Tuesday Group")
        for member in range(20):
            await fake.press(
                9000 + member,
                announcement.buttons()[0][1],
                message_id=announcement.message_id,
                chat=chat,
            )
        await fake.wait_for(lambda: len(fake.sent("answerCallbackQuery")) >= 20)
        pending = await bot.services.db.reader.execute_fetchall(
            "SELECT count(*) FROM outbox WHERE kind = 'clap_edit' AND state = 'pending'"
        )
        assert next(iter(pending))[0] == 1  # twenty claps, one pending edit


async def test_weekly_digest_on_the_chosen_day(settings: Settings, fake: FakeTelegram) -> None:
    clock = clock_at("2026-11-25T12:00:00")  # a Wednesday
    fake.chat_members[(TUESDAY, ALEX)] = "administrator"
    async with running_bot(settings, fake, clock) as bot:
        g = Groups(bot)
        await g.say(ALEX, TUESDAY, "/setup")
        setup_message = fake.sent("sendMessage", TUESDAY)[-1]
        buttons = dict(setup_message.buttons())
        await fake.press(
            CAL,
            buttons["Weekly digest: off"],
            message_id=setup_message.message_id,
            chat=fake.group_chat(TUESDAY),
        )
        refused = (await fake.wait_sent(1, "answerCallbackQuery"))[-1]
        assert refused.params["text"] == texts.NOT_AN_ADMIN
        await fake.press(
            ALEX,
            buttons["Weekly digest: off"],
            message_id=setup_message.message_id,
            chat=fake.group_chat(TUESDAY),
        )
        edit = (await fake.wait_sent(1, "editMessageText", TUESDAY))[-1]
        assert "Weekly digest: <b>on, Sundays</b>" in edit.text
        await g.private(CAL, "/start")
        await g.say(CAL, TUESDAY, "/join")
        await g.press_private(CAL, "Yes, share my milestones")
        await g.private(CAL, "/sober 7 days ago")
        clock.set(clock_at("2026-11-29T17:59:00").now())
        await bot.tick()
        assert not any(t.startswith("🌱") for t in fake.texts(TUESDAY))
        clock.set(clock_at("2026-11-29T18:00:30").now())
        await bot.tick()
        assert (
            fake.texts(TUESDAY)[-1]
            == "🌱 This week 1 member reached milestones. Every day counts. 💙"
        )
        clock.advance(timedelta(days=7))
        await bot.tick()
        assert (
            fake.texts(TUESDAY)[-1]
            == "🌱 No new milestones this week — and every clean day still counts."
        )
        assert await g.say(ALEX, TUESDAY, "/disable") == texts.GROUP_DISABLED
        clock.advance(timedelta(days=7))
        await bot.tick()
        assert fake.texts(TUESDAY)[-1] == texts.GROUP_DISABLED
