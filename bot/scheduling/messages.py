"""Turning outbox rows (kind + ids) into the text and buttons sent, at send time."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from telegram import InlineKeyboardMarkup

from bot import i18n, keyboards, texts
from bot.domain import milestones
from bot.domain.dates import from_iso
from bot.domain.groups import TopicPlace, deep_link, topic_place
from bot.services.container import Services
from bot.services.goals import GOAL_MISSED
from bot.services.links import (
    CALL_CHECK,
    LINK_NOTICE,
    SOS_ANSWER,
    SOS_ASK,
    SOS_NEXT,
    SOS_REACHED,
    SOS_STOPPED,
    SOS_UNREACHABLE,
    SPONSEE_MILESTONE,
)
from bot.services.outbox import (
    ANNOUNCEMENT,
    ANNOUNCEMENT_FIX,
    CHECK_ON,
    CHECKIN,
    CLAP_EDIT,
    CLAP_NOTE,
    DIGEST,
    FUTURE_NOTE,
    GROUP_INTRO,
    GROUP_REPLY,
    MILESTONE,
    NUDGE,
    PLEDGE,
    TOPIC_NOTICE,
    GroupSay,
)
from bot.services.reminders import REMINDER, SPONSOR_PURPOSE
from bot.storage import links as link_rows
from bot.storage.groups import GroupRow
from bot.storage.outbox import OutboxRow


@dataclass(frozen=True)
class Rendered:
    """What to send, or which message to edit."""

    text: str
    markup: InlineKeyboardMarkup | None = None
    edit_message_id: int | None = None  # edit this message instead of sending a new one
    shown_claps: int | None = None  # the 👏 count this text shows (announcements)
    photo: bytes | str | None = None  # a picture (PNG bytes, or Telegram's file id) + caption
    chip: tuple[int, str] | None = None  # (user, chip key): remember the uploaded file id
    buttons_only: bool = False  # the edit changes the buttons, not the text (👏 counts)
    caption: bool = False  # the edited message is a photo: its caption is the text
    thread_id: int | None = None  # the forum topic (None: General, or not a forum)


Renderer = Callable[[Services, OutboxRow], Awaitable[Rendered | None]]


async def _checkin(services: Services, row: OutboxRow) -> Rendered | None:
    if row.user_id is None:
        return None
    view = await services.checkins.view(row.user_id, from_iso(str(row.params["local_date"])))
    if view is None:
        return None
    return Rendered(texts.checkin_prompt(view), keyboards.checkin(view))


async def _milestone(services: Services, row: OutboxRow) -> Rendered | None:
    milestone = milestones.by_key(str(row.params["milestone"]))
    if milestone is None or row.user_id is None:
        return None
    clean_date = from_iso(str(row.params["clean_date"]))
    if "streak_id" in row.params and not await services.clean_time.still_true(
        row.user_id, int(row.params["streak_id"]), clean_date
    ):
        return None  # the date was corrected before this went out
    reached_on = milestone.reached_on(clean_date)
    upcoming, upcoming_on = milestones.next_after(clean_date, reached_on)
    quiet = bool(row.params.get("quiet", False))
    kept = await services.money.kept_text(row.user_id, (reached_on - clean_date).days)
    text = texts.milestone_congratulation(
        milestone, upcoming, upcoming_on, quiet=quiet, money_kept=kept
    )
    markup = None
    if "streak_id" in row.params:
        markup = keyboards.note_to_future_me(int(row.params["streak_id"]), milestone.key)
    person = await services.people.get(row.user_id)
    if person is None:
        return None
    return Rendered(
        text, markup, **await _chip(services, row.user_id, milestone.key, person.alias)
    )


async def _chip(services: Services, user_id: int, key: str, alias: str) -> dict[str, Any]:
    """The chip as a photo: Telegram's file id if it was sent before, else the PNG."""
    chip_key = f"{key}:{alias}"
    file_id = await services.progress.chip_file_id(user_id, chip_key)
    if file_id is not None:
        return {"photo": file_id}
    return {"photo": await services.progress.chip(key, alias), "chip": (user_id, chip_key)}


async def _future_note(services: Services, row: OutboxRow) -> Rendered | None:
    if row.user_id is None:
        return None
    notes = await services.future_notes.unshown(row.user_id, int(row.params["streak_id"]))
    if not notes:
        return None
    return Rendered(texts.future_notes(notes))


async def _check_on(services: Services, row: OutboxRow) -> Rendered | None:
    return Rendered(texts.CHECK_ON, keyboards.check_on_answer())


async def _nudge(services: Services, row: OutboxRow) -> Rendered | None:
    return Rendered(texts.NUDGE)


async def _reminder(services: Services, row: OutboxRow) -> Rendered | None:
    reminder = await services.reminders.get(int(row.params["reminder_id"]))
    if reminder is None or reminder.deleted:
        return None  # a finished one-off (or last day) is inactive but still due today
    goal = await services.goals.get(reminder.goal_id) if reminder.goal_id else None
    day = from_iso(str(row.params["local_date"]))
    sponsor = None
    if reminder.purpose == SPONSOR_PURPOSE:
        sponsor = await services.support.sponsor_of(reminder.user_id)
    username = sponsor.username if sponsor else None
    text = texts.reminder_message(reminder.text, goal.title if goal else None, username)
    return Rendered(text, keyboards.reminder(reminder.reminder_id, day, sponsor_username=username))


async def _goal_missed(services: Services, row: OutboxRow) -> Rendered | None:
    goal = await services.goals.get(int(row.params["goal_id"]))
    if goal is None or goal.state not in ("active", "missed"):
        return None
    text = texts.goal_missed(goal.title, int(row.params["done"]), int(row.params["target"]))
    return Rendered(text, keyboards.goal_missed(goal.goal_id))


async def _announcement(services: Services, row: OutboxRow) -> Rendered | None:
    found = await services.groups.announcement(int(row.params["announcement_id"]))
    milestone = milestones.by_key(found.milestone_key) if found else None
    if found is None or milestone is None:
        return None
    markup = keyboards.clap(found.announcement_id, found.claps)
    if row.kind == CLAP_EDIT:
        if found.message_id is None:
            return None  # not sent yet: the announcement will show the count itself
        return Rendered("", markup, found.message_id, found.claps, buttons_only=True)
    if found.corrected:
        return None  # a corrected clean date never reached it: it is not posted
    if not await services.groups.still_shares(found):
        return None  # they left the group chat: nothing about them goes there
    person = await services.people.get(found.user_id)
    alias = found.alias or (person.alias if person else None)
    if alias is None:
        return None
    text = texts.announcement(
        alias, texts.milestone_text(milestone)
    )  # the name as announced, never renamed
    group = await services.groups.by_chat(found.chat_id)
    if group is not None and group.chips:
        chip = await services.progress.chip(milestone.key, alias)
        return Rendered(
            text, markup, shown_claps=found.claps, photo=chip, thread_id=found.topic_id
        )
    return Rendered(text, markup, shown_claps=found.claps, thread_id=found.topic_id)


async def _announcement_fix(services: Services, row: OutboxRow) -> Rendered | None:
    """A post the corrected clean date made untrue, edited to say so (👏 count kept)."""
    found = await services.groups.announcement(int(row.params["announcement_id"]))
    if found is None or found.message_id is None or not found.corrected:
        return None
    return Rendered(
        texts.ANNOUNCEMENT_WITHDRAWN,
        keyboards.clap(found.announcement_id, found.claps),
        found.message_id,
        caption=found.photo,
    )


async def _pledge(services: Services, row: OutboxRow) -> Rendered | None:
    if row.user_id is None:
        return None
    person = await services.people.get(row.user_id)
    if person is None:
        return None
    day = from_iso(str(row.params["local_date"]))
    reasons = [reason.text for reason in await services.reasons.of(row.user_id)]
    goals = [view.title for view in await services.goals.views(person)]
    return Rendered(texts.pledge(reasons, goals), keyboards.pledge(row.user_id, day))


async def _clap_note(services: Services, row: OutboxRow) -> Rendered | None:
    found = await services.groups.announcement(int(row.params["announcement_id"]))
    if found is None:
        return None
    name = await services.groups.clapper_name(found.announcement_id, int(row.params["clapper_id"]))
    milestone = milestones.by_key(found.milestone_key)
    if name is None or milestone is None:
        return None
    return Rendered(texts.clap_note(name, found.group_title, texts.milestone_text(milestone)))


async def _digest(services: Services, row: OutboxRow) -> Rendered | None:
    group = await services.groups.by_chat(row.chat_id)
    topic = group.topic_id if group is not None else None
    return Rendered(texts.digest(int(row.params["count"])), thread_id=topic)


async def _group_intro(services: Services, row: OutboxRow) -> Rendered | None:
    return Rendered(texts.GROUP_INTRO)


_FIXED_GROUP_REPLIES = {
    GroupSay.NOT_ADMIN: texts.NOT_AN_ADMIN,
    GroupSay.DISABLED: texts.GROUP_DISABLED,
    GroupSay.NOT_SET_UP: texts.GROUP_NOT_SET_UP,
    GroupSay.CONFIRM_SENT: texts.JOIN_CONFIRM_SENT,
    GroupSay.LEFT: texts.LEFT_GROUP,
}


async def _group_reply(services: Services, row: OutboxRow) -> Rendered | None:
    """A reply to a group command, in the forum topic the command came from."""
    if services.outbox.is_stale_reply(row):
        return None
    say = GroupSay(str(row.params["say"]))
    thread = int(row.params["thread_id"]) if "thread_id" in row.params else None
    if say in _FIXED_GROUP_REPLIES:
        return Rendered(_FIXED_GROUP_REPLIES[say], thread_id=thread)
    if say is GroupSay.PRIVATE_ONLY:
        chat = keyboards.open_private_chat(f"https://t.me/{services.bot_username}")
        return Rendered(texts.PRIVATE_ONLY_IN_GROUP, chat, thread_id=thread)
    group = await services.groups.by_chat(row.chat_id)
    if group is None:
        return None
    if say is GroupSay.SETUP:
        forum = bool(row.params.get("forum", False))
        text, markup = setup_panel(services, group, thread, forum=forum)
        return Rendered(text, markup, thread_id=thread)
    token = await services.groups.invitation_token(int(row.params.get("ref_id", 0)))
    if token is None:
        return None
    link = deep_link(services.bot_username, token)
    return Rendered(texts.JOIN_NEEDS_START, keyboards.open_private_chat(link), thread_id=thread)


def setup_panel(
    services: Services, group: GroupRow, here: int | None, *, forum: bool
) -> tuple[str, InlineKeyboardMarkup]:
    """The /setup panel as seen in topic `here` (None: General, or not a forum)."""
    weekday = texts.WEEKDAYS[group.digest_weekday]
    place = topic_place(group.topic_id, here) if forum else None
    text = texts.group_setup(
        group.announcements, group.digest, group.digest_weekday, group.chips,
        services.groups.zone_of(group), place,
    )  # fmt: skip
    move = None
    if place is not None and place is not TopicPlace.HERE:
        move = TopicPlace.GENERAL if here is None else TopicPlace.HERE
    markup = keyboards.group_setup(
        group.announcements, group.digest, weekday, group.chips, group.language, move_here=move
    )
    return text, markup


async def _topic_notice(services: Services, row: OutboxRow) -> Rendered | None:
    group = await services.groups.by_id(int(row.params["group_id"]))
    if group is None:
        return None
    return Rendered(texts.topic_notice(group.title, bool(row.params["closed"])))


# --- linked people and SOS ------------------------------------------------------------------
async def _alert_open(services: Services, alert_id: int) -> bool:
    found = await link_rows.alert(services.db.reader, alert_id)
    return found is not None and found.state == "open"


async def _first_name(services: Services, user_id: int) -> str | None:
    person = await services.people.get(user_id)
    return None if person is None else person.first_name


async def _sos_ask(services: Services, row: OutboxRow) -> Rendered | None:
    alert_id = int(row.params["alert_id"])
    person = await services.people.get(int(row.params["person_id"]))
    if person is None or not await _alert_open(services, alert_id):
        return None  # stopped before it went out: nothing to ask
    return Rendered(texts.sos_ask(person.alias, person.user_id), keyboards.sos_answers(alert_id))


async def _to_the_person(services: Services, row: OutboxRow, text: str) -> Rendered:
    """A message about the person's own SOS, with "I'm okay now" while it is open."""
    alert_id = int(row.params["alert_id"])
    markup = keyboards.sos_status(alert_id) if await _alert_open(services, alert_id) else None
    return Rendered(text, markup)


async def _sos_reached(services: Services, row: OutboxRow) -> Rendered | None:
    name = await _first_name(services, int(row.params["helper_id"]))
    return None if name is None else await _to_the_person(services, row, texts.sos_reached(name))


async def _sos_answer(services: Services, row: OutboxRow) -> Rendered | None:
    name = await _first_name(services, int(row.params["helper_id"]))
    if name is None:
        return None
    return await _to_the_person(services, row, texts.sos_answer(name, str(row.params["answer"])))


async def _sos_next(services: Services, row: OutboxRow) -> Rendered | None:
    person = await services.people.get(row.chat_id)
    if person is None:
        return None
    asked = await link_rows.asks(services.db.reader, int(row.params["alert_id"]))
    next_id = row.params.get("next_id")
    before = [ask.helper_id for ask in asked if ask.helper_id != next_id]
    previous = await _first_name(services, before[-1]) if before else None
    next_name = await _first_name(services, int(next_id)) if next_id else None
    text = texts.sos_next(
        previous, next_name, str(row.params["why"]), services.support.crisis_for(person)
    )
    return await _to_the_person(services, row, text)


async def _sos_unreachable(services: Services, row: OutboxRow) -> Rendered | None:
    person = await services.people.get(row.chat_id)
    helper_id = int(row.params["helper_id"])
    name = await _first_name(services, helper_id)
    if person is None or name is None:
        return None
    sponsor = await services.support.sponsor_of(person.user_id)
    helpers = await services.links.helpers(person)
    is_sponsor = any(h.user_id == helper_id and h.role == "sponsor" for h in helpers)
    username = sponsor.username if sponsor is not None and is_sponsor else None
    text = texts.sos_unreachable(name, username, services.support.crisis_for(person))
    return await _to_the_person(services, row, text)


async def _sos_stopped(services: Services, row: OutboxRow) -> Rendered | None:
    person = await services.people.get(int(row.params["person_id"]))
    return None if person is None else Rendered(texts.sos_stopped(person.alias))


async def _link_notice(services: Services, row: OutboxRow) -> Rendered | None:
    say = str(row.params["say"])
    text = texts.link_notice(say, str(row.params["name"]), str(row.params["role"]))
    if say == "accepted":
        link_id = int(row.params["link_id"])
        if await link_rows.link_by_id(services.db.reader, link_id) is None:
            return None  # unlinked before this went out
        return Rendered(text, keyboards.link_accepted(link_id))
    return Rendered(text)


async def _sponsee_milestone(services: Services, row: OutboxRow) -> Rendered | None:
    person = await services.people.get(int(row.params["person_id"]))
    milestone = milestones.by_key(str(row.params["milestone"]))
    if person is None or milestone is None:
        return None
    watchers = await link_rows.milestone_watchers(services.db.reader, person.user_id)
    if row.chat_id not in watchers:
        return None  # unlinked, or stopped sharing, meanwhile
    return Rendered(texts.sponsee_milestone(person.alias, milestone))


async def _call_check(services: Services, row: OutboxRow) -> Rendered | None:
    sponsor = await services.support.sponsor_of(row.chat_id)
    if sponsor is None:
        return None
    day = from_iso(str(row.params["local_date"]))
    return Rendered(
        texts.call_check(sponsor.name), keyboards.call_check(int(row.params["reminder_id"]), day)
    )


RENDERERS: dict[str, Renderer] = {
    SOS_ASK: _sos_ask,
    SOS_REACHED: _sos_reached,
    SOS_ANSWER: _sos_answer,
    SOS_NEXT: _sos_next,
    SOS_UNREACHABLE: _sos_unreachable,
    SOS_STOPPED: _sos_stopped,
    LINK_NOTICE: _link_notice,
    SPONSEE_MILESTONE: _sponsee_milestone,
    CALL_CHECK: _call_check,
    GROUP_REPLY: _group_reply,
    ANNOUNCEMENT: _announcement,
    CLAP_EDIT: _announcement,
    ANNOUNCEMENT_FIX: _announcement_fix,
    CLAP_NOTE: _clap_note,
    DIGEST: _digest,
    GROUP_INTRO: _group_intro,
    TOPIC_NOTICE: _topic_notice,
    REMINDER: _reminder,
    GOAL_MISSED: _goal_missed,
    CHECKIN: _checkin,
    MILESTONE: _milestone,
    NUDGE: _nudge,
    CHECK_ON: _check_on,
    PLEDGE: _pledge,
    FUTURE_NOTE: _future_note,
}


async def render(services: Services, row: OutboxRow) -> Rendered | None:
    """The message for an outbox row, in the language of the chat it goes to (the
    person's, or the group's); None when it no longer makes sense to send."""
    renderer = RENDERERS.get(row.kind)
    if renderer is None:
        return None
    with i18n.speaking(await language_of_chat(services, row.chat_id)):
        return await renderer(services, row)


async def language_of_chat(services: Services, chat_id: int) -> str:
    """A private chat's person's language, or a group's."""
    if chat_id > 0:
        return await services.people.language_of(chat_id)
    return await services.groups.language_of(chat_id)


async def render_prompts(
    services: Services, rows: Sequence[OutboxRow]
) -> dict[int, Rendered | None]:
    """Check-in prompts of a claimed batch, read in one statement (outbox id -> message).

    Thousands of prompts fall due in the same minute; one read for all of them keeps the
    sender's pace. Other kinds are rendered one by one by `render`."""
    prompts = {
        row.outbox_id: (row.user_id, from_iso(str(row.params["local_date"])))
        for row in rows
        if row.kind == CHECKIN and row.user_id is not None
    }
    if not prompts:
        return {}
    views = await services.checkins.views(prompts.values())
    languages = await services.people.languages_of([user for user, _ in prompts.values()])
    rendered: dict[int, Rendered | None] = {}
    for outbox_id, key in prompts.items():
        view = views.get(key)
        if view is None:
            rendered[outbox_id] = None
            continue
        with i18n.speaking(languages[key[0]]):
            rendered[outbox_id] = Rendered(texts.checkin_prompt(view), keyboards.checkin(view))
    return rendered
