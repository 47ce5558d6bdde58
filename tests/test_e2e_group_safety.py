"""End to end: nothing a stranger does reaches a group, and a group hears only what it may."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot import texts
from bot.clock import ManualClock
from bot.config import Settings
from bot.playground.fake_api import FakeTelegram
from bot.services.groups import InvitationRefused
from tests.harness import running_bot
from tests.test_e2e_groups import ALEX, BEA, CAL, DEE, NAMES, TUESDAY, Groups, member_change

EVE = 5666
NAMES[EVE] = "Eve"


def left_member(fake: FakeTelegram, user_id: int) -> dict[str, Any]:
    """The service message a group gets when someone leaves or is removed."""
    return {"left_chat_member": fake.user(user_id, NAMES.get(user_id, "Anon"))}


async def test_a_copied_join_button_or_leaked_link_does_nothing_for_anyone_else(
    settings: Settings, fake: FakeTelegram, clock: ManualClock
) -> None:
    fake.chat_members[(TUESDAY, ALEX)] = "administrator"
    fake.chat_members[(TUESDAY, EVE)] = "left"  # Eve is not in the group
    async with running_bot(settings, fake, clock) as bot:
        g = Groups(bot)
        await g.say(ALEX, TUESDAY, "/setup")
        await g.private(CAL, "/start")
        await g.say(CAL, TUESDAY, "/join")
        yes = dict(fake.sent("sendMessage", CAL)[-1].buttons())["Yes, share my milestones"]

        # Eve copies Cal's button data (invitation ids are sequential) and presses it.
        await g.private(EVE, "/start")
        await fake.press(EVE, yes, message_id=1, first_name="Eve")
        refused = await fake.wait_sent(1, "answerCallbackQuery")
        assert refused[-1].params["text"] == texts.NOT_YOUR_BUTTON
        assert "Buy cheap" not in await g.private(EVE, "/name Buy cheap pills t.me/spam")
        await g.private(EVE, "/sober 30 days ago")
        assert g.announcements(TUESDAY) == []
        assert "Tuesday Group" not in await g.private(EVE, "/groups")

        # A deep link made for Cal (who had not started the bot) is Cal's alone.
        await g.say(BEA, TUESDAY, "/join")
        link = fake.sent("sendMessage", TUESDAY)[-1].buttons()[0][1]
        payload = link.split("start=")[1]
        assert texts.invitation_refused(InvitationRefused.NOT_YOURS) in await g.private(
            EVE, f"/start {payload}"
        )
        # It expires after a day …
        clock.advance(timedelta(hours=25))
        assert texts.invitation_refused(InvitationRefused.EXPIRED) in await g.private(
            BEA, f"/start {payload}"
        )
        # … and /disable revokes open ones, even if /setup turns sharing back on.
        assert await g.say(DEE, TUESDAY, "/join") == texts.JOIN_NEEDS_START
        fresh = fake.sent("sendMessage", TUESDAY)[-1].buttons()[0][1].split("start=")[1]
        assert await g.say(BEA, TUESDAY, "/join") == texts.JOIN_CONFIRM_SENT
        bea_question = fake.sent("sendMessage", BEA)[-1]
        await g.say(ALEX, TUESDAY, "/disable")
        await g.say(ALEX, TUESDAY, "/setup")
        assert texts.invitation_refused(InvitationRefused.EXPIRED) in await g.private(
            DEE, f"/start {fresh}"
        )
        await fake.press(BEA, dict(bea_question.buttons())["Yes, share my milestones"],
                         message_id=bea_question.message_id, first_name="Bea")  # fmt: skip
        answer = (await fake.wait_sent(2, "answerCallbackQuery"))[-1]
        assert answer.params["text"] == texts.invitation_refused(InvitationRefused.EXPIRED)
        # A fresh /join gives Cal a working invitation of Cal's own.
        await g.say(CAL, TUESDAY, "/join")
        assert "You'll share your milestones with Tuesday Group" in await g.press_private(
            CAL, "Yes, share my milestones"
        )
        assert "Tuesday Group" not in await g.private(EVE, "/groups")


async def test_someone_who_left_the_group_cannot_join_and_is_never_announced(
    settings: Settings, fake: FakeTelegram, clock: ManualClock
) -> None:
    fake.chat_members[(TUESDAY, ALEX)] = "administrator"
    async with running_bot(settings, fake, clock) as bot:
        g = Groups(bot)
        await g.say(ALEX, TUESDAY, "/setup")
        # Cal asks to join, then leaves the group before pressing Yes.
        await g.private(CAL, "/start")
        await g.say(CAL, TUESDAY, "/join")
        fake.chat_members[(TUESDAY, CAL)] = "left"
        await fake.send_text(ALEX, "", chat=fake.group_chat(TUESDAY), extra=left_member(fake, CAL))
        question = fake.sent("sendMessage", CAL)[-1]
        await fake.press(CAL, dict(question.buttons())["Yes, share my milestones"],
                         message_id=question.message_id, first_name="Cal")  # fmt: skip
        answer = (await fake.wait_sent(1, "answerCallbackQuery"))[-1]
        assert answer.params["text"] == texts.invitation_refused(InvitationRefused.NOT_IN_GROUP)

        # Bea joins properly, then leaves the group chat: her milestone is not announced.
        await g.private(BEA, "/start")
        await g.say(BEA, TUESDAY, "/join")
        await g.press_private(BEA, "Yes, share my milestones")
        await fake.send_text(ALEX, "", chat=fake.group_chat(TUESDAY), extra=left_member(fake, BEA))
        await bot.eventually(lambda: _shares(bot, BEA))
        await g.private(BEA, "/sober 30 days ago")
        assert g.announcements(TUESDAY) == []


async def _shares(bot: Any, user_id: int) -> bool:
    rows = await bot.services.db.reader.execute_fetchall(
        "SELECT joined FROM memberships WHERE user_id = ?", (user_id,)
    )
    return [tuple(row) for row in rows] == [(0,)]


async def test_a_member_kicked_without_a_service_message_is_caught_by_the_live_check(
    settings: Settings, fake: FakeTelegram, clock: ManualClock
) -> None:
    fake.chat_members[(TUESDAY, ALEX)] = "administrator"
    async with running_bot(settings, fake, clock) as bot:
        g = Groups(bot)
        await g.cal_joins_tuesday()
        fake.chat_members[(TUESDAY, CAL)] = "kicked"
        clock.advance(timedelta(minutes=10))  # past the membership cache
        await g.private(CAL, "/sober 30 days ago")
        assert g.announcements(TUESDAY) == []
        assert "Tuesday Group" not in await g.private(CAL, "/groups")


async def test_claps_count_other_members_once_and_edits_keep_the_announced_name(
    settings: Settings, fake: FakeTelegram, clock: ManualClock
) -> None:
    fake.chat_members[(TUESDAY, ALEX)] = "administrator"
    fake.chat_members[(TUESDAY, EVE)] = "left"  # a public group's visitor can press buttons
    async with running_bot(settings, fake, clock) as bot:
        g = Groups(bot)
        await g.cal_joins_tuesday()
        await g.private(CAL, "/name Cal R")
        await g.private(CAL, "/sober 30 days ago")
        [announcement] = g.announcements(TUESDAY)
        assert announcement.text == "🎉 Cal R reached 30 days"
        await g.private(CAL, "/name Someone Else")  # renamed after the announcement

        assert await g.clap(CAL, TUESDAY, announcement) == texts.CLAP_OWN
        assert await g.clap(EVE, TUESDAY, announcement) == texts.CLAP_NOT_MEMBER
        assert await g.clap(BEA, TUESDAY, announcement) == texts.CLAP_COUNTED
        # The count lives in the button: the post's words (and the name) never change.
        assert fake.sent("editMessageText", TUESDAY) == []
        edits = fake.sent("editMessageReplyMarkup", TUESDAY)
        assert len(edits) == 1 and edits[-1].buttons()[0][0] == "👏 1"
        notes = [t for t in fake.texts(CAL) if "congratulated you" in t]
        assert notes == ["👏 Bea from Tuesday Group congratulated you on 30 days!"]


async def test_names_shown_to_groups_are_plain(
    settings: Settings, fake: FakeTelegram, clock: ManualClock
) -> None:
    async with running_bot(settings, fake, clock) as bot:
        for typed in ("@spam_channel", "Buy pills t.me/spam", "win www.example.com",
                      "Al\u202eex", "Al\u200bex", "Al\x07ex", "x" * 33):  # fmt: skip
            reply = await bot.command(CAL, f"/name {typed}")
            assert "Peers will see you as" not in reply, typed
        assert "Peers will see you as <b>Cal R.</b>" in await bot.command(CAL, "/name  Cal   R. ")
        # A Telegram first name with a link is never shown as it is.
        await bot.command(EVE, "/start", first_name="Eve t.me/spam")
        person = await bot.services.people.require(EVE)
        assert person.alias == "A member"


async def test_forty_leaves_get_one_reply_and_an_announcement_does_not_wait(
    settings: Settings, fake: FakeTelegram, clock: ManualClock
) -> None:
    fake.chat_members[(TUESDAY, ALEX)] = "administrator"
    async with running_bot(settings, fake, clock) as bot:
        g = Groups(bot)
        await g.cal_joins_tuesday()
        before = len(fake.texts(TUESDAY))
        chat = fake.group_chat(TUESDAY)
        for _ in range(40):
            await fake.send_text(BEA, "/leave", first_name="Bea", chat=chat)
        await g.private(CAL, "/sober 30 days ago")
        await bot.handled()
        said = fake.texts(TUESDAY)[before:]
        assert said.count(texts.LEFT_GROUP) == 1
        assert "🎉 Cal reached 30 days" in said


async def test_the_bot_says_nothing_in_a_channel(
    settings: Settings, fake: FakeTelegram, clock: ManualClock
) -> None:
    channel = {"id": -100999, "type": "channel", "title": "News"}
    async with running_bot(settings, fake, clock) as bot:
        await fake.push(member_change(fake, channel, "left", "administrator"))
        await fake.push({"channel_post": {"message_id": 1, "date": 0, "chat": channel,
                                          "text": "/setup"}})  # fmt: skip
        await bot.command(CAL, "/start")  # handled after the channel's updates
        await bot.settle()
        assert fake.attempts("sendMessage", -100999) == []
