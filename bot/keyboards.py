"""Every inline keyboard. Labels are in the current language (`bot.i18n`); callback data
carries ids only and stays within 64 bytes."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlencode

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.domain.checkins import MOODS, Craving
from bot.domain.groups import TopicPlace
from bot.i18n import NATIVE_NAMES, human_date, language_name
from bot.i18n import gettext as _
from bot.services.checkins import CheckinView
from bot.services.goals import GoalView
from bot.services.links import Helper, Sponsee
from bot.storage.reminders import ReminderRow

MAX_CALLBACK_BYTES = 64
ZONE_PREFIX = "tz:"
CHECKIN_PREFIX = "ci:"
GOAL_CHECKIN_PREFIX = "cg:"  # cg:<goal>:<yyyymmdd>
GOAL_SCHEDULE_PREFIX = "gs:"  # gs:<goal>:<once|daily|w2|w3>
GOAL_DONE_PREFIX = "gd:"  # gd:<goal>
GOAL_DROP_PREFIX = "gx:"  # gx:<goal>:<yes|no>
GOAL_MISSED_PREFIX = "gm:"  # gm:<goal>:<again|smaller|s<N>|drop>
REMINDER_PREFIX = "rm:"  # rm:<reminder>:<yyyymmdd>:<d|z|s>
REMINDER_DELETE_PREFIX = "rx:"  # rx:<reminder>
SPONSOR_PREFIX = "sp:"  # sp:<HHMM|no>
SPONSOR_CALL_TIMES = ("19:00", "20:00", "21:00")
CLAP_PREFIX = "cl:"  # cl:<announcement>
GROUP_TOGGLE_PREFIX = "gt:"  # gt:<a|d|w>
JOIN_PREFIX = "jn:"  # jn:<invitation>:<yes|no>
LEAVE_PREFIX = "gl:"  # gl:<group>
RESET_PREFIX = "rs:"  # rs:<yyyymmdd> (record a relapse that day) | rs:<no|notnow|other>
UNDO_RESET_PREFIX = "ru:"  # ru:<streak>
SOBER_DATE_PREFIX = "sd:"  # sd:<yyyymmdd> (an ambiguous clean date, chosen)
CHECK_ON_PREFIX = "co:"  # co:<set|better|hard|no>
PROGRESS_PREFIX = "pg:"  # pg:<goal>|pg:no
KEEP_NOTE_PREFIX = "jk:"  # jk:<note>:<y|n>
JOURNAL_PAGE_PREFIX = "jp:"  # jp:<yyyymmdd> (the last day of the page)
HELP_PREFIX = "hp:"  # hp:<days|checkin|goals|sos|now|all>
FUTURE_NOTE_PREFIX = "fn:"  # fn:<streak>:<milestone key>
REASON_DELETE_PREFIX = "wx:"  # wx:<reason>
PLEDGE_PREFIX = "pl:"  # pl:<owner>:<yyyymmdd>
DELETE_ME_PREFIX = "dm:"  # dm:<yes|no>
PROGRESS_SPAN_PREFIX = "ps:"  # ps:<8w|6m|1y>
REMINDER_OFFER_PREFIX = "ro:"  # ro:<note>:<HHMM|change|no>
LANGUAGE_PREFIX = "lg:"  # lg:<language>
LINK_INVITE_PREFIX = "li:"  # li:<sponsor|trusted|cancel>
LINK_ANSWER_PREFIX = "la:"  # la:<invitation>:<yes|no>
UNLINK_PREFIX = "ul:"  # ul:<link>
SHARE_PREFIX = "sh:"  # sh:<link>:<on|off>
SOS_PREFIX = "so:"  # so:<ask|go|no>:<owner> | so:ok:<alert>
SOS_ANSWER_PREFIX = "sa:"  # sa:<alert>:<calling|writing|cannot>
CALL_CHECK_PREFIX = "cc:"  # cc:<reminder>:<yyyymmdd>:<yes|not_yet|couldnt>
# Two buttons side by side hold about this many letters each on a phone.
_SIDE_BY_SIDE = 18
_CHECKIN_DATA = re.compile(r"^ci:(\d{1,15}):(\d{8}):(m[1-5]|c(?:none|mild|strong))$", re.ASCII)


def _button(label: str, data: str) -> InlineKeyboardButton:
    if len(data.encode()) > MAX_CALLBACK_BYTES:
        raise ValueError("callback data over 64 bytes")
    return InlineKeyboardButton(label, callback_data=data)


def zone_choices(choices: Sequence[tuple[str, str]]) -> InlineKeyboardMarkup:
    """One button per suggested place: (label, zone)."""
    return InlineKeyboardMarkup(
        [[_button(_short(label, 40), ZONE_PREFIX + zone)] for label, zone in choices]
    )


@dataclass(frozen=True)
class CheckinChoice:
    """A decoded mood or craving button."""

    owner_id: int
    local_date: date
    mood: int | None
    craving: Craving | None


def _short(text: str, limit: int = 32) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _checkin_data(view: CheckinView, choice: str) -> str:
    return f"{CHECKIN_PREFIX}{view.user_id}:{view.local_date:%Y%m%d}:{choice}"


def _craving_label(craving: Craving) -> str:
    labels = {
        # Translators: buttons in the daily check-in: how strong today's cravings are.
        Craving.NONE: _("Craving: none"),
        Craving.MILD: _("Craving: mild"),
        Craving.STRONG: _("Craving: strong"),
    }
    return labels[craving]


def checkin(view: CheckinView) -> InlineKeyboardMarkup:
    """Mood 1–5, craving none/mild/strong (chosen ones marked), then today's goals."""
    day = f"{view.local_date:%Y%m%d}"
    moods = [
        _button(f"✓ {m}" if view.mood == m else str(m), _checkin_data(view, f"m{m}"))
        for m in MOODS
    ]
    cravings = [
        _button(
            ("✓ " if view.craving is craving else "") + _craving_label(craving),
            _checkin_data(view, f"c{craving.value}"),
        )
        for craving in Craving
    ]
    goal_rows = [
        [_button(("✅ " if done else "⬜ ") + _short(title), f"{GOAL_CHECKIN_PREFIX}{goal}:{day}")]
        for goal, title, done in view.goals
    ]
    return InlineKeyboardMarkup([moods, cravings, *goal_rows])


def parse_checkin(data: str) -> CheckinChoice | None:
    """Decode check-in button data; None if malformed."""
    match = _CHECKIN_DATA.match(data)
    if match is None:
        return None
    try:
        day = date(int(match[2][:4]), int(match[2][4:6]), int(match[2][6:]))
    except ValueError:
        return None
    choice = match[3]
    if choice.startswith("m"):
        return CheckinChoice(int(match[1]), day, int(choice[1:]), None)
    return CheckinChoice(int(match[1]), day, None, Craving(choice[1:]))


def parts(data: str | None, prefix: str, count: int) -> list[str] | None:
    """The `count` fields after `prefix` in callback data, or None when it doesn't fit."""
    if not data or not data.startswith(prefix):
        return None
    fields = data[len(prefix) :].split(":")
    return fields if len(fields) == count and all(fields) else None


def parse_day(text: str) -> date | None:
    """`20261125` → a date; None if malformed."""
    if len(text) != 8 or not (text.isascii() and text.isdigit()):
        return None
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None


def goal_schedule(goal_id: int) -> InlineKeyboardMarkup:
    """Once / every day / 2× / 3× a week, for a goal whose schedule was unclear."""
    base = f"{GOAL_SCHEDULE_PREFIX}{goal_id}:"
    return InlineKeyboardMarkup(
        # Translators: buttons: how often to do a goal (“Once”, “Every day”, “2× a week”).
        [[_button(_("Once"), base + "once"), _button(_("Every day"), base + "daily")],
         [_button(_("2× a week"), base + "w2"), _button(_("3× a week"), base + "w3")]]
    )  # fmt: skip


def goals_to_log(views: Sequence[GoalView]) -> InlineKeyboardMarkup:
    """/done alone: one button per goal still open today."""
    return InlineKeyboardMarkup(
        [[_button(f"✅ {view.number}. {_short(view.title)}", f"{GOAL_DONE_PREFIX}{view.goal_id}")]
         for view in views]
    )  # fmt: skip


def goal_drop(goal_id: int) -> InlineKeyboardMarkup:
    """/drop N asks first."""
    return InlineKeyboardMarkup(
        [[_button(_("Yes, drop it"), f"{GOAL_DROP_PREFIX}{goal_id}:yes"),
          _button(_("Keep it"), f"{GOAL_DROP_PREFIX}{goal_id}:no")]]
    )  # fmt: skip


def goal_missed(goal_id: int) -> InlineKeyboardMarkup:
    """Try again / make it smaller / drop."""
    return InlineKeyboardMarkup(
        # Translators: buttons after a goal's round ended short of its target.
        [[_button(_("Try again"), f"{GOAL_MISSED_PREFIX}{goal_id}:again"),
          _button(_("Make it smaller"), f"{GOAL_MISSED_PREFIX}{goal_id}:smaller")],
         [_button(_("Drop it"), f"{GOAL_MISSED_PREFIX}{goal_id}:drop")]]
    )  # fmt: skip


def goal_smaller(goal_id: int, choices: Sequence[int]) -> InlineKeyboardMarkup:
    """Make it smaller: how many would feel doable?"""
    return InlineKeyboardMarkup(
        [[_button(str(n), f"{GOAL_MISSED_PREFIX}{goal_id}:s{n}") for n in choices]]
    )


def reminder(
    reminder_id: int, day: date, *, sponsor_username: str | None = None
) -> InlineKeyboardMarkup:
    """✅ Done, ⏰ Snooze 30 min, Skip today; the sponsor's chat when it's the call reminder."""
    base = f"{REMINDER_PREFIX}{reminder_id}:{day:%Y%m%d}:"
    # Translators: buttons under a reminder as it arrives.
    rows = [[_button(_("✅ Done"), base + "d"), _button(_("⏰ Snooze 30 min"), base + "z")],
            [_button(_("Skip today"), base + "s")]]  # fmt: skip
    if sponsor_username:
        link = f"https://t.me/{sponsor_username}"
        # Translators: a button that opens a chat with the sponsor's Telegram @username.
        label = _("💬 Open @{username}").format(username=sponsor_username)
        rows.insert(0, [InlineKeyboardButton(label, url=link)])
    return InlineKeyboardMarkup(rows)


def reminders_to_delete(rows: Sequence[ReminderRow]) -> InlineKeyboardMarkup:
    """/reminders: a delete button per reminder."""
    return InlineKeyboardMarkup(
        [[_button(f"🗑 {index}. {_short(row.text)}", f"{REMINDER_DELETE_PREFIX}{row.reminder_id}")]
         for index, row in enumerate(rows, start=1)]
    )  # fmt: skip


def sponsor_reminder(invite_name: str | None = None) -> InlineKeyboardMarkup:
    """After /sponsor: a daily call reminder at one of a few times, or none; and, while the
    sponsor is not linked, the invitation into the bot."""
    # Translators: a button: a reminder to call the sponsor every day at {time}, like 19:00.
    daily_at = _("Daily at {time}")
    rows = [[_button(daily_at.format(time=at), f"{SPONSOR_PREFIX}{at.replace(':', '')}")
             for at in SPONSOR_CALL_TIMES],
            [_button(_("No reminder"), f"{SPONSOR_PREFIX}no")]]  # fmt: skip
    if invite_name is not None:
        label = _("🔗 Invite {name} into the bot").format(name=_short(invite_name, 20))
        rows.append([_button(label, f"{LINK_INVITE_PREFIX}sponsor")])
    return InlineKeyboardMarkup(rows)


def clap(announcement_id: int, claps: int) -> InlineKeyboardMarkup:
    """👏 under an announcement, with the count so far."""
    # Translators: the button under a milestone announced in a group, before anyone tapped it.
    label = f"👏 {claps}" if claps else _("👏 Congratulate")
    return InlineKeyboardMarkup([[_button(label, f"{CLAP_PREFIX}{announcement_id}")]])


def group_setup(
    announcements: bool,
    digest: bool,
    weekday_name: str,
    chips: bool = False,
    language: str | None = None,
    *,
    move_here: TopicPlace | None = None,
) -> InlineKeyboardMarkup:
    """/setup toggles (admins only, re-checked on press). `move_here`, in a forum group
    whose milestones go elsewhere: HERE offers "post them in this topic", GENERAL "post
    them in General" (where the panel is)."""
    # Translators: /setup's toggle buttons in a group; a tap switches it on or off.
    announcing = _("Announcements: on ✓") if announcements else _("Announcements: off")
    chip_pictures = _("Chip pictures: on ✓") if chips else _("Chip pictures: off")
    digesting = _("Weekly digest: on ✓") if digest else _("Weekly digest: off")
    rows = [
        [_button(announcing, GROUP_TOGGLE_PREFIX + "a")],
        [_button(chip_pictures, GROUP_TOGGLE_PREFIX + "c")],
        [_button(digesting, GROUP_TOGGLE_PREFIX + "d")],
    ]
    if digest:
        # Translators: a button; {weekday} is a day's name, like “Monday”. A tap picks the next.
        day = _("Digest day: {weekday}").format(weekday=weekday_name)
        rows.append([_button(day, GROUP_TOGGLE_PREFIX + "w")])
    if language is not None:
        # Translators: a button; {language} is named in itself (“Español”). A tap picks the
        # next language the group's announcements and digest are written in.
        spoken = _("Group language: {language}").format(language=language_name(language))
        rows.append([_button(spoken, GROUP_TOGGLE_PREFIX + "l")])
    # Translators: a /setup button: the group's digest follows the presser's own time zone.
    rows.append([_button(_("🕐 Use my time zone"), GROUP_TOGGLE_PREFIX + "z")])
    if move_here is TopicPlace.HERE:
        # Translators: a /setup button in a forum topic: milestones are posted in this topic.
        rows.append([_button(_("📍 Post milestones in this topic"), GROUP_TOGGLE_PREFIX + "t")])
    elif move_here is TopicPlace.GENERAL:
        # Translators: a /setup button in a forum's General topic.
        rows.append([_button(_("📍 Post milestones in General"), GROUP_TOGGLE_PREFIX + "t")])
    return InlineKeyboardMarkup(rows)


def join_question(invitation_id: int) -> InlineKeyboardMarkup:
    """Yes / No in private: the second half of the double opt-in (for this person only)."""
    return InlineKeyboardMarkup(
        # Translators: buttons: share milestones with a group (its name is in the message).
        [[_button(_("Yes, share my milestones"), f"{JOIN_PREFIX}{invitation_id}:yes")],
         [_button(_("No thanks"), f"{JOIN_PREFIX}{invitation_id}:no")]]
    )  # fmt: skip


def open_private_chat(link: str) -> InlineKeyboardMarkup:
    """A URL button to the bot's private chat with the join payload."""
    # Translators: a button in a group that opens the private chat with the bot.
    return InlineKeyboardMarkup([[InlineKeyboardButton(_("Open Milestone Bot"), url=link)]])


def leave_groups(groups: Sequence[tuple[int, str]]) -> InlineKeyboardMarkup:
    """/groups: one leave button per group."""
    # Translators: a button: stop sharing milestones with the group {group}.
    leave = _("Leave {group}")
    return InlineKeyboardMarkup(
        [[_button(leave.format(group=_short(title)), f"{LEAVE_PREFIX}{group_id}")]
         for group_id, title in groups]
    )  # fmt: skip


def _day(day: date) -> str:
    return f"{day:%Y%m%d}"


def reset_question(relapse_on: date) -> InlineKeyboardMarkup:
    """Yes, record it / Cancel (nothing changes before this)."""
    return InlineKeyboardMarkup(
        # Translators: buttons: record a relapse (the clean time restarts), or not.
        [[_button(_("Yes, record it"), f"{RESET_PREFIX}{_day(relapse_on)}"),
          _button(_("Cancel"), f"{RESET_PREFIX}no")]]
    )  # fmt: skip


def relapse_choices(day: date | None, today: date) -> InlineKeyboardMarkup:
    """After a relapse told in words: record it for that day (or pick one), or not."""
    if day is not None:
        # Translators: a button: record a relapse on {date}, like “Sat 28 Nov”.
        record = _("Record it for {date}").format(date=human_date(day, year=False))
        first = [_button(record, f"{RESET_PREFIX}{_day(day)}")]
    else:
        yesterday = today - timedelta(days=1)
        # Translators: buttons: the day of a relapse, told in words.
        first = [_button(_("It was today"), f"{RESET_PREFIX}{_day(today)}"),
                 _button(_("Yesterday"), f"{RESET_PREFIX}{_day(yesterday)}")]  # fmt: skip
    return InlineKeyboardMarkup(
        [first, [_button(_("Another day"), f"{RESET_PREFIX}other"),
                 _button(_("Not now"), f"{RESET_PREFIX}notnow")]]
    )  # fmt: skip


def date_choices(prefix: str, days: Sequence[date]) -> InlineKeyboardMarkup:
    """One button per possible reading of a typed date (03/04: 3 Apr or 4 Mar), side by
    side while they are short ("Fri 3 Apr 2026"), else one a row (a phone cuts two
    "miércoles 4 de marzo de 2026" short)."""
    buttons = [_button(human_date(d), f"{prefix}{_day(d)}") for d in days]
    if max(len(b.text) for b in buttons) <= _SIDE_BY_SIDE:
        return InlineKeyboardMarkup([buttons])
    return InlineKeyboardMarkup([[b] for b in buttons])


def undo_reset(streak_id: int) -> InlineKeyboardMarkup:
    """Undo, for 24 hours after a reset."""
    return InlineKeyboardMarkup([[_button(_("↩️ Undo"), f"{UNDO_RESET_PREFIX}{streak_id}")]])


def support(
    sponsor_name: str | None, sponsor_username: str | None, sos: tuple[str, int] | None = None
) -> InlineKeyboardMarkup:
    """Ask Sam for help (an SOS, when someone is linked) · message the sponsor · check on me
    in 20 minutes · I need help now · I'm okay now. `sos` is (first helper's name, owner)."""
    rows = []
    if sos is not None:
        rows.append([sos_button(*sos)])
    if sponsor_name and sponsor_username:
        # Translators: a button that opens a chat with the sponsor, {name}.
        label = _("💬 Message {name}").format(name=_short(sponsor_name, 24))
        rows.append([InlineKeyboardButton(label, url=f"https://t.me/{sponsor_username}")])
    # Translators: a button: send a message in 20 minutes to ask how the person is.
    rows.append([_button(_("⏰ Check on me in 20 min"), f"{CHECK_ON_PREFIX}set")])
    rows.append([_button(_("💙 I need help now"), f"{HELP_PREFIX}now"),
                 _button(_("I'm okay for now"), f"{CHECK_ON_PREFIX}no")])  # fmt: skip
    return InlineKeyboardMarkup(rows)


HELP_ROW_DATA = (f"{HELP_PREFIX}sos", f"{HELP_PREFIX}now")


def with_help(markup: InlineKeyboardMarkup | None = None) -> InlineKeyboardMarkup:
    """Any reply to a plain message: its own buttons, then a way to help, one tap away."""
    rows = [list(row) for row in markup.inline_keyboard] if markup is not None else []
    rows.append([_button(_("🆘 I'm struggling"), HELP_ROW_DATA[0]),
                 _button(_("💙 I need help now"), HELP_ROW_DATA[1])])  # fmt: skip
    return InlineKeyboardMarkup(rows)


def start_counting(start: date) -> InlineKeyboardMarkup:
    """A relapse told by someone with no clean date: start counting (a day they choose)."""
    # Translators: a button: start counting clean time from {date}, like “Sat 28 Nov”.
    start_from = _("Start from {date}").format(date=human_date(start, year=False))
    return InlineKeyboardMarkup(
        [[_button(start_from, f"{SOBER_DATE_PREFIX}{_day(start)}")],
         [_button(_("Another day"), f"{RESET_PREFIX}sober"),
          _button(_("Not now"), f"{RESET_PREFIX}notnow")]]
    )  # fmt: skip


def count_from(clean_date: date) -> InlineKeyboardMarkup:
    """A count stated in words: set the clean date it means."""
    # Translators: a button: count clean time from {date}, like “Sat 28 Nov”.
    count = _("Count from {date}").format(date=human_date(clean_date, year=False))
    return InlineKeyboardMarkup([[_button(count, f"{SOBER_DATE_PREFIX}{_day(clean_date)}")]])


def reminder_offer(note_id: int, at: str) -> InlineKeyboardMarkup:
    """Set it · change time · no."""
    base = f"{REMINDER_OFFER_PREFIX}{note_id}:"
    return InlineKeyboardMarkup(
        # Translators: buttons under a reminder offered from words.
        [[_button(_("✅ Set it"), base + at.replace(":", "")),
          _button(_("🕐 Change time"), base + "change")],
         [_button(_("No thanks"), base + "no")]]
    )  # fmt: skip


def reminder_times(note_id: int, times: Sequence[str]) -> InlineKeyboardMarkup:
    """Other times for a prepared reminder."""
    base = f"{REMINDER_OFFER_PREFIX}{note_id}:"
    buttons = [_button(at, base + at.replace(":", "")) for at in times]
    return InlineKeyboardMarkup([buttons[i : i + 3] for i in range(0, len(buttons), 3)])


def check_on_answer() -> InlineKeyboardMarkup:
    """The follow-up's question."""
    return InlineKeyboardMarkup(
        # Translators: answers to “How are you doing now?” after a craving.
        [[_button(_("Better now"), f"{CHECK_ON_PREFIX}better"),
          _button(_("Still hard"), f"{CHECK_ON_PREFIX}hard")]]
    )  # fmt: skip


def progress_offer(goal_id: int) -> InlineKeyboardMarkup:
    """Log it for the goal / not now."""
    return InlineKeyboardMarkup(
        # Translators: log today's progress on a goal, or not.
        [[_button(_("✅ Log it"), f"{PROGRESS_PREFIX}{goal_id}"),
          _button(_("Not now"), f"{PROGRESS_PREFIX}no")]]
    )  # fmt: skip


def keep_note(note_id: int) -> InlineKeyboardMarkup:
    """Keep it in today's journal / no thanks."""
    return InlineKeyboardMarkup(
        # Translators: keep the person's message in today's journal, or not.
        [[_button(_("📝 Keep it"), f"{KEEP_NOTE_PREFIX}{note_id}:y"),
          _button(_("No thanks"), f"{KEEP_NOTE_PREFIX}{note_id}:n")]]
    )  # fmt: skip


def journal_older(before: date) -> InlineKeyboardMarkup:
    """The previous week of the journal."""
    # Translators: a button: the week before in the journal.
    older = _("◀️ Older")
    return InlineKeyboardMarkup([[_button(older, f"{JOURNAL_PAGE_PREFIX}{_day(before)}")]])


def help_menu() -> InlineKeyboardMarkup:
    """/help: the things people come for, one tap away."""
    return InlineKeyboardMarkup(
        # Translators: buttons under /help.
        [[_button(_("My days"), f"{HELP_PREFIX}days"),
          _button(_("Check in"), f"{HELP_PREFIX}checkin")],
         [_button(_("Goals"), f"{HELP_PREFIX}goals"),
          _button(_("All commands"), f"{HELP_PREFIX}all")],
         [_button(_("🆘 I'm struggling"), HELP_ROW_DATA[0]),
          _button(_("💙 I need help now"), HELP_ROW_DATA[1])]]
    )  # fmt: skip


def note_to_future_me(streak_id: int, milestone_key: str) -> InlineKeyboardMarkup:
    """Under a private congratulation."""
    # Translators: a button under a milestone: write a note to read at the next one.
    note = _("✉️ Note to future me")
    return InlineKeyboardMarkup(
        [[_button(note, f"{FUTURE_NOTE_PREFIX}{streak_id}:{milestone_key}")]]
    )


def reasons_to_remove(reasons: Sequence[tuple[int, str]]) -> InlineKeyboardMarkup:
    """/why: a remove button per reason."""
    return InlineKeyboardMarkup(
        [[_button(f"🗑 {_short(text, 30)}", f"{REASON_DELETE_PREFIX}{reason_id}")]
         for reason_id, text in reasons]
    )  # fmt: skip


def pledge(owner_id: int, day: date) -> InlineKeyboardMarkup:
    """The morning pledge's one button."""
    return InlineKeyboardMarkup(
        [[_button(_("🤝 I commit for today"), f"{PLEDGE_PREFIX}{owner_id}:{_day(day)}")]]
    )


def delete_me() -> InlineKeyboardMarkup:
    """/deleteme asks first."""
    return InlineKeyboardMarkup(
        [[_button(_("Yes, delete everything"), f"{DELETE_ME_PREFIX}yes")],
         [_button(_("Keep my data"), f"{DELETE_ME_PREFIX}no")]]
    )  # fmt: skip


def progress_spans() -> InlineKeyboardMarkup:
    """Other spans of /progress."""
    return InlineKeyboardMarkup(
        # Translators: buttons under the /progress picture: how far back it shows.
        [[_button(_("8 weeks"), f"{PROGRESS_SPAN_PREFIX}8w"),
          _button(_("6 months"), f"{PROGRESS_SPAN_PREFIX}6m"),
          _button(_("1 year"), f"{PROGRESS_SPAN_PREFIX}1y")]]
    )  # fmt: skip


def language_choices(current: str) -> InlineKeyboardMarkup:
    """/language: one button per language, each named in itself; the current one marked."""
    buttons = [
        _button(("✓ " if language == current else "") + name, LANGUAGE_PREFIX + language)
        for language, name in NATIVE_NAMES.items()
    ]
    return InlineKeyboardMarkup([buttons[i : i + 2] for i in range(0, len(buttons), 2)])


# --- linked people and SOS ----------------------------------------------------------------
def sos_button(name: str, owner_id: int) -> InlineKeyboardButton:
    """🆘 Ask Sam for help (the first tap; a confirm follows)."""
    # Translators: a button that sends an SOS to the person's sponsor, {name}, after a confirm.
    return _button(_("🆘 Ask {name} for help").format(name=_short(name, 20)),
                   f"{SOS_PREFIX}ask:{owner_id}")  # fmt: skip


def sos_only(name: str, owner_id: int) -> InlineKeyboardMarkup:
    """The SOS button alone (under /crisis)."""
    return InlineKeyboardMarkup([[sos_button(name, owner_id)]])


def sos_confirm(name: str, owner_id: int) -> InlineKeyboardMarkup:
    """The confirm tap, or cancel."""
    return InlineKeyboardMarkup([
        [_button(_("🆘 Yes, ask {name} now").format(name=_short(name, 20)),
                 f"{SOS_PREFIX}go:{owner_id}")],
        [_button(_("Cancel"), f"{SOS_PREFIX}no:{owner_id}")],
    ])  # fmt: skip


def sos_status(alert_id: int) -> InlineKeyboardMarkup:
    """Under the person's "I'm asking Sam now": I'm okay now."""
    return InlineKeyboardMarkup([[_button(_("💙 I'm okay now"), f"{SOS_PREFIX}ok:{alert_id}")]])


def sos_answers(alert_id: int) -> InlineKeyboardMarkup:
    """The sponsor's one-tap answers."""
    base = f"{SOS_ANSWER_PREFIX}{alert_id}:"
    return InlineKeyboardMarkup([
        [_button(_("📞 I'm calling"), base + "calling"),
         _button(_("💬 I'll write"), base + "writing")],
        [_button(_("Can't right now"), base + "cannot")],
    ])  # fmt: skip


def my_people(
    helpers: Sequence[Helper], *, invite_sponsor: str | None, invite_trusted: bool
) -> InlineKeyboardMarkup | None:
    """Per linked person: share milestones (toggle) and unlink; then the invitations.
    `invite_sponsor` is the sponsor's name ("" when not saved), None when one is linked."""
    rows = []
    for helper in helpers:
        name = _short(helper.name, 16)
        if helper.share_milestones:
            share = _button(_("✓ Milestones shared"), f"{SHARE_PREFIX}{helper.link_id}:off")
        else:
            share = _button(_("Share milestones"), f"{SHARE_PREFIX}{helper.link_id}:on")
        unlink = _button(_("Unlink {name}").format(name=name), f"{UNLINK_PREFIX}{helper.link_id}")
        rows.append([share, unlink])
    if invite_sponsor is not None:
        label = (_("🔗 Invite {name} into the bot").format(name=_short(invite_sponsor, 20))
                 if invite_sponsor else _("🔗 Invite your sponsor into the bot"))  # fmt: skip
        rows.append([_button(label, f"{LINK_INVITE_PREFIX}sponsor")])
    if invite_trusted:
        rows.append([_button(_("➕ Invite someone you trust"), f"{LINK_INVITE_PREFIX}trusted")])
    return InlineKeyboardMarkup(rows) if rows else None


def link_invitation(link: str, share_text: str) -> InlineKeyboardMarkup:
    """Send the link through Telegram's share sheet, or cancel it."""
    shared = "https://t.me/share/url?" + urlencode({"url": link, "text": share_text})
    return InlineKeyboardMarkup([
        [InlineKeyboardButton(_("📤 Send the link"), url=shared)],
        [_button(_("Cancel invitation"), f"{LINK_INVITE_PREFIX}cancel")],
    ])  # fmt: skip


def link_question(invitation_id: int) -> InlineKeyboardMarkup:
    """Accept or decline an invitation."""
    base = f"{LINK_ANSWER_PREFIX}{invitation_id}:"
    return InlineKeyboardMarkup(
        [[_button(_("✅ Accept"), base + "yes"), _button(_("Decline"), base + "no")]]
    )


def link_accepted(link_id: int) -> InlineKeyboardMarkup:
    """Under "Sam accepted": share milestones with them, or unlink at once."""
    return InlineKeyboardMarkup([
        [_button(_("🎉 Share my milestones"), f"{SHARE_PREFIX}{link_id}:on")],
        [_button(_("Unlink"), f"{UNLINK_PREFIX}{link_id}")],
    ])  # fmt: skip


def sponsees(people: Sequence[Sponsee]) -> InlineKeyboardMarkup | None:
    """An unlink button per person who linked you."""
    rows = [[_button(_("Unlink {name}").format(name=_short(person.name, 20)),
                     f"{UNLINK_PREFIX}{person.link_id}")] for person in people]  # fmt: skip
    return InlineKeyboardMarkup(rows) if rows else None


def call_check(reminder_id: int, day: date) -> InlineKeyboardMarkup:
    """Did you reach Sam? Yes · Not yet · Couldn't."""
    base = f"{CALL_CHECK_PREFIX}{reminder_id}:{day:%Y%m%d}:"
    return InlineKeyboardMarkup([[
        _button(_("Yes"), base + "yes"), _button(_("Not yet"), base + "not_yet"),
        _button(_("Couldn't"), base + "couldnt"),
    ]])  # fmt: skip
