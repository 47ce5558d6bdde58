"""Every user-facing string, in the current language (`bot.i18n`).

One message is one msgid with named placeholders, filled after the lookup, so translators
can reorder words. Messages are HTML: user text always passes through `esc`. Constant
messages are kept untranslated in `_MESSAGES` and translated when used: `texts.THANKS_REPLY`
goes through the module's `__getattr__`.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from datetime import date
from typing import overload

from bot.domain.checkins import MAX_NOTE_LENGTH, Craving
from bot.domain.dates import DateProblem
from bot.domain.goals import (
    MAX_ACTIVE_GOALS,
    MAX_TITLE_LENGTH,
    NUMBER_WORDS,
    GoalKind,
    progress_bar,
)
from bot.domain.groups import TopicPlace
from bot.domain.milestones import Milestone, by_key
from bot.domain.money import SpendPlan, format_money
from bot.domain.names import MAX_ALIAS_LENGTH, NameProblem
from bot.domain.reminders import MAX_REMINDER_TEXT, SNOOZE_MINUTES, Repeat, SponsorProblem
from bot.domain.text_limits import shorten
from bot.domain.timezones import ZoneQuestion
from bot.i18n import (
    N_,
    amount,
    country_name,
    days_text,
    human_date,
    ngettext,
    weekday_name,
)
from bot.i18n import (
    current as i18n_current,
)
from bot.i18n import gettext as _
from bot.i18n import (
    zone_city as i18n_zone_city,
)
from bot.services.checkins import CheckinView
from bot.services.clean_time import DateRefusal, DaysView, HistoryView, ResetPreview, ResetView
from bot.services.goals import GoalView
from bot.services.groups import InvitationRefused
from bot.services.journal import JournalPage
from bot.services.links import Helper, Refusal, Sponsee
from bot.services.reminders import ReminderSet
from bot.services.support import CrisisInfo, SponsorContact
from bot.storage.personal_data import Counts
from bot.storage.reminders import ReminderRow

# Constant messages by name, untranslated (each section adds its own); `texts.NAME` is the
# message in the current language.
_MESSAGES: dict[str, str] = {}
# Constant messages with a count in them, which need the count's plural form.
_COUNTED: dict[str, Callable[[], str]] = {}


def __getattr__(name: str) -> str:
    """`texts.THANKS_REPLY` and the other constant messages, translated at use (PEP 562)."""
    if name in _MESSAGES:
        return _(_MESSAGES[name])
    if name in _COUNTED:
        return _COUNTED[name]()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def esc(text: str) -> str:
    """HTML-escape user-provided text."""
    return html.escape(text, quote=False)


# --- counts: one msgid pair per noun (Russian and Ukrainian have three forms) -------------
def claim_words(number: int, unit: str) -> str:
    """`30 days`, `1 year`."""
    return amount(number, unit)


def milestone_text(milestone: Milestone) -> str:
    """A milestone as people say it: `90 days`, `1 week`, `18 months`, `2 years`."""
    return amount(*milestone.amount)


# --- usage, one entry per command: (syntax, example) -------------------------------------
# Commands and numbers alone ("/days", "/done 1") are not marked: nothing to translate.
_USAGE: dict[str, tuple[str, str]] = {
    "timezone": (
        # Translators: how a command is typed, after “Usage:”. Keep the commands (and words
        # the bot reads, like off, daily, csv) as they are; words in capitals stand for what
        # people type, and the examples may be local.
        N_("/timezone CITY or COUNTRY — or share your location"),
        N_("/timezone Manchester"),
    ),
    "sober": (
        N_("/sober DATE — today, yesterday, 2026-01-31, 31.01.2026, Jan 31 2026, 3 days ago"),
        "/sober 2026-01-31",
    ),
    "days": ("/days", "/days"),
    "reset": (
        N_("/reset [DATE] — the day it happened, today if left out"),
        N_("/reset yesterday"),
    ),
    "history": ("/history", "/history"),
    "name": (N_("/name ALIAS — the name peers see, up to 32 characters"), N_("/name Alex")),
    "checkin": (N_("/checkin — today's check-in, right now"), "/checkin"),
    "checkintime": (N_("/checkintime HH:MM or /checkintime off"), "/checkintime 20:30"),
    "goal": (
        N_("/goal WHAT [HOW OFTEN] [at HH:MM] [because WHY]"),
        N_("/goal go to a meeting twice a week"),
    ),
    "goals": ("/goals", "/goals"),
    "done": (N_("/done N — the number from /goals (or /done alone for buttons)"), "/done 1"),
    "drop": (N_("/drop N — the number from /goals"), "/drop 2"),
    "sponsor": (
        N_("/sponsor NAME [@username] — no phone numbers, please"),
        N_("/sponsor Sam @sam_k"),
    ),
    "remind": (
        N_("/remind HH:MM TEXT [daily | weekdays | for N days]"),
        N_("/remind 19:00 call Sam daily"),
    ),
    "reminders": ("/reminders", "/reminders"),
    "groups": ("/groups", "/groups"),
    "journal": ("/journal", "/journal"),
    "progress": ("/progress [8w | 6m | 1y]", "/progress 6m"),
    "why": (N_("/why REASON — or /why alone to see them"), N_("/why to be there for my kids")),
    "pledge": (N_("/pledge HH:MM or /pledge off"), "/pledge 7:00"),
    "spend": (
        N_("/spend AMOUNT [CURRENCY] per day|week — or /spend off"),
        N_("/spend 20 per day"),
    ),
    "export": (N_("/export — or /export csv for spreadsheets"), "/export"),
}


def usage(command: str) -> str:
    """How to use a command, with an example."""
    syntax, example = _USAGE[command]
    return _("Usage: <code>{syntax}</code>\nFor example: <code>{example}</code>").format(
        syntax=esc(_(syntax)), example=esc(_(example))
    )


# --- onboarding ---------------------------------------------------------------------------
_MESSAGES.update(
    PRIVACY_PARAGRAPH=N_(
        "🔒 What you tell me stays between us. I keep your clean date, check-ins and goals in "
        "one private database, never show them to anyone, and post nothing to a group unless "
        "you opt in — and then only your chosen name and the milestone you reached."
    ),
)


def start(first_name: str) -> str:
    """Greeting for /start."""
    name = esc(first_name)
    hello = _("Hi {name} 👋").format(name=name) if name else _("Hi there 👋")
    # Translators: follows “Hi Alex 👋”; {privacy} is the paragraph on what stays private.
    welcome = _(
        "I'm Milestone Bot. I help you count your clean time, notice your progress and "
        "celebrate it — one day at a time.\n\n"
        "{privacy} /privacy has the details.\n\n"
        "<b>Next steps</b>\n"
        "1. Your time zone: <code>/timezone</code> and your city, like "
        "<code>/timezone Manchester</code> (or share a location)\n"
        "2. Your clean date: <code>/sober 2026-01-31</code> (or <code>/sober today</code>)\n"
        "3. Then <code>/days</code> shows your count and next milestone.\n\n"
        "/help lists everything I can do."
    ).format(privacy=_(_MESSAGES["PRIVACY_PARAGRAPH"]))
    return f"{hello} {welcome}"


_MESSAGES.update(
    HELP_SHORT=N_(
        "I'm here for your clean time, your day and your small goals. Just write to me the "
        "way you'd talk — or tap one of these:"
    ),
)


_MESSAGES.update(LANGUAGE_QUESTION=N_("🌐 Which language shall I write to you in?"))


def language_set(language: str) -> str:
    """A language chosen (this is written in it already); `language` is its name in itself."""
    # Translators: {language} is the language's name in itself, like “Español” or “Deutsch”.
    return _("🌐 From now on I'll write to you in {language}.").format(language=language)


def help_all(info: CrisisInfo) -> str:
    """Every command by task, then the crisis line."""
    # Translators: {crisis} is the crisis line, a paragraph of its own.
    return _(
        "<b>Clean time</b>\n"
        "/sober DATE — your clean date (like <code>/sober last tuesday</code>)\n"
        "/days — days clean and your next milestone\n"
        "/reset [DATE] — record a relapse, privately; Undo for 24 h\n"
        "/history — your streaks and milestones\n\n"
        "<b>Each day</b>\n"
        "/checkin — today's check-in now · /checkintime 9pm — when it comes (or off)\n"
        "/journal — your notes and check-ins, a week at a time\n\n"
        "<b>Small goals and people</b>\n"
        "/goal — like <code>/goal go to a meeting twice a week</code> · /goals · /done · /drop\n"
        "/sponsor NAME [@username] — who to call · /remind 7pm call Sam · /reminders\n\n"
        "<b>Peer groups</b>\n"
        "/join in a group — share milestones there (only your name + the milestone)\n"
        "/groups — where you share\n\n"
        "<b>You</b>\n"
        "/timezone CITY · /name ALIAS · /language · /privacy\n\n"
        "<b>If things are hard right now</b>\n{crisis}"
    ).format(crisis=crisis(info))


def crisis(info: CrisisInfo) -> str:
    """The crisis line that fits the person (their country's, or the operator's text)."""
    if info.line is not None:
        # Translators: {service} is a helpline's name, {numbers} how to reach it.
        return _(
            "💙 If you're in danger or thinking about ending your life, please reach out now — "
            "<b>{service}</b>: {numbers}.\nIf you're in immediate danger, call your local "
            "emergency number. You don't have to get through this alone."
        ).format(service=esc(info.line.service), numbers=esc(info.line.numbers))
    if info.lines:
        listed = "\n".join(
            f"• {esc(country_name(line.country))} — <b>{esc(line.service)}</b>: "
            f"{esc(line.numbers)}"
            for line in info.lines
        )
        # Translators: {lines} lists one helpline per country where the person's language is
        # spoken (we don't know their country yet); /timezone tells us where they are.
        return _(
            "💙 If you're in danger or thinking about ending your life, please reach out now:\n"
            "{lines}\nIf you're in immediate danger, call your local emergency number. "
            "Tell me your city with /timezone and I'll show the line where you are. "
            "You don't have to get through this alone."
        ).format(lines=listed)
    # Translators: {text} is the crisis text the bot's operator configured.
    return _("💙 {text}\nYou don't have to get through this alone.").format(
        text=esc(info.text or "")
    )


def danger_reply(info: CrisisInfo) -> str:
    """Danger to life: the crisis line first, nothing else."""
    # Translators: {crisis} is the crisis line, a paragraph of its own.
    return _(
        "I'm really glad you told me. What you're feeling matters, and you deserve help "
        "right now.\n\n{crisis}\n\nI'm here too — write to me any time."
    ).format(crisis=crisis(info))


_MESSAGES.update(
    PRIVACY=N_(
        "<b>Your privacy</b>\n\n"
        "<b>What I store</b>: your Telegram id and first name; the name you chose for peers; "
        "your time zone and check-in and pledge times; your clean dates, streaks and "
        "milestones; check-in answers (mood, craving) and journal notes with their times; "
        "goals and their progress; reminders; your sponsor's name and username; your reasons "
        "(/why); pledges; what using cost (/spend); notes to future you; the groups you share "
        "with.\n\n"
        "<b>Who sees what</b>: only you. A group you joined sees your chosen name and the "
        "milestone reached (and its chip picture if the group turned that on) — never resets, "
        "dates, moods, notes, goals or reminders. The operator sees counts, never names.\n\n"
        "<b>How long</b>: until you delete it. Messages you send are stored only until they "
        "are handled (at most 3 days after); sent messages' records go after 30 days. Logs "
        "hold ids and counts, never what you write. Everything lives in one database on the "
        "operator's machine; nothing is sold or shared.\n\n"
        "<b>Yours to take or remove</b>: /export sends you everything (or /export csv for "
        "spreadsheets); /deleteme removes every row about you, at once."
    ),
    EXPIRED=N_("This button has expired."),
    NOT_YOUR_BUTTON=N_("This button isn't yours."),
)


def unknown_command(closest: str | None) -> str:
    """A command the bot does not have, with the closest one."""
    if closest:
        # Translators: {command} is one of the bot's commands, without its slash.
        return _(
            "I don't know that command — did you mean /{command}? /help shows the rest."
        ).format(command=closest)
    return _("I don't know that command. You can also just write to me; /help shows the rest.")


_MESSAGES.update(
    PRIVATE_ONLY_IN_GROUP=N_(
        "Let's do that privately 🔒 — your clean time, goals and check-ins stay between us. "
        "Tap below to open our chat."
    ),
    SOMETHING_WENT_WRONG=N_(
        "Something went wrong on my side — nothing you saved was lost. Please try again in a "
        "moment."
    ),
)


# --- time zone ----------------------------------------------------------------------------
def timezone_set(zone: str, local_time: str, place: str | None = None) -> str:
    """Confirmation of a stored zone, with the place it was found by and its clock now."""
    city = esc(i18n_zone_city(zone))
    if place:
        # Translators: {city} is the city a time zone is named after: “Salford (London
        # time)”; {time} is the clock there now.
        return _(
            "🕰 Time zone set: <b>{place}</b> ({city} time) — it's <b>{time}</b> there now.\n"
            "If that's not your clock, send /timezone with your city."
        ).format(place=esc(place), city=city, time=local_time)
    # Translators: {city} is the city a time zone is named after: “London time”.
    return _(
        "🕰 Time zone set: <b>{city} time</b> — it's <b>{time}</b> there now.\n"
        "If that's not your clock, send /timezone with your city."
    ).format(city=city, time=local_time)


_ZONE_QUESTIONS = {
    # Translators: {typed} is what the person typed, like “CET” or “GMT+1”.
    ZoneQuestion.WHICH_CLOCK: N_(
        "“{typed}” names a clock, not a place, and the clock changes with summer time in "
        "some places but not others. Which place's time do you live by?"
    ),
    ZoneQuestion.WHICH_PART: N_("“{typed}” has more than one time zone. Which one is yours?"),
}


def timezone_suggestions(typed: str, question: ZoneQuestion, exact_name: bool) -> str:
    """Several places fit (or near misses); buttons follow."""
    if question in _ZONE_QUESTIONS:
        return _(_ZONE_QUESTIONS[question]).format(typed=shorten(typed))
    if exact_name:
        return _("There's more than one “{typed}”. Which one is yours?").format(
            typed=shorten(typed)
        )
    return _("I don't know a place called “{typed}”. Did you mean one of these?").format(
        typed=shorten(typed)
    )


def timezone_unknown(typed: str) -> str:
    """No zone matched."""
    unknown = _(
        "I couldn't find a place called “{typed}”. Try the nearest big city or your country "
        "— or share your location (📎 → Location)."
    ).format(typed=shorten(typed))
    return unknown + "\n" + usage("timezone")


_MESSAGES.update(
    LOCATION_UNRESOLVED=N_(
        "I couldn't tell the time zone of that place. Try <code>/timezone</code> with your city."
    ),
)


# --- clean time ---------------------------------------------------------------------------
def date_problem(problem: DateProblem, command: str) -> str:
    """A date that cannot be read or used."""
    if problem is DateProblem.FUTURE:
        why = _("That date is in the future. Please give today or a day before.")
    elif problem is DateProblem.TOO_OLD:
        why = _("That date is more than a century ago — could there be a typo?")
    elif problem is DateProblem.AMBIGUOUS:
        return _("Day first or month first? Tap the date you mean:")
    else:
        why = _("I couldn't read that date.")
    return why + "\n" + usage(command)


def date_refused(refusal: DateRefusal, boundary: date | None) -> str:
    """A readable date that conflicts with the history."""
    if refusal is DateRefusal.NO_CLEAN_DATE:
        return _("You haven't set a clean date yet. Start with <code>/sober DATE</code>.")
    # Translators: stands for a date that is not known, in “Please pick then or later.”
    when = human_date(boundary) if boundary else _("then")
    if refusal is DateRefusal.BEFORE_LAST_RESET:
        return _("That's before your last restart on {date}. Please pick {date} or later.").format(
            date=when
        )
    return _("That's before your clean date, {date}. Please pick {date} or later.").format(
        date=when
    )


def days_with_extras(view: DaysView, money_kept: str | None, pledge_streak: int) -> str:
    """/days: the count, the next milestone, money kept and the pledge streak."""
    lines = [days(view)]
    if money_kept and view.clean_date <= view.today:
        lines.append(_("💰 Money kept: <b>{amount}</b>").format(amount=esc(money_kept)))
    if pledge_streak:
        # Translators: the days in a row the person tapped the morning pledge.
        pledged = ngettext(
            "🤝 Pledged {count} day running.", "🤝 Pledged {count} days running.", pledge_streak
        )
        lines.append(pledged.format(count=pledge_streak))
    return "\n".join(lines)


def days(view: DaysView) -> str:
    """The day count and the next milestone."""
    milestone = milestone_text(view.next_milestone)
    if view.clean_date > view.today:
        # Translators: {milestone} is like “1 day” or “90 days”.
        return _(
            "🌱 Your new clean time starts tomorrow, {date}. Tonight, be gentle with yourself. "
            "Next milestone: <b>{milestone}</b> on {milestone_date}."
        ).format(
            date=human_date(view.clean_date),
            milestone=milestone,
            milestone_date=human_date(view.next_on),
        )
    if view.days == 0:
        head = _("🌱 Today is day one. Every journey starts exactly here.")
    else:
        # Translators: {days} is a count of days, like “90 days”.
        head = _("🌿 <b>{days}</b> clean — since {date}.").format(
            days=days_text(view.days), date=human_date(view.clean_date)
        )
    # Translators: under the day count; {milestone} is like “90 days” or “1 year”.
    to_next = ngettext(
        "Next milestone: <b>{milestone}</b> on {date} — {count} day to go.",
        "Next milestone: <b>{milestone}</b> on {date} — {count} days to go.",
        view.days_to_next,
    ).format(milestone=milestone, date=human_date(view.next_on), count=view.days_to_next)
    return f"{head}\n{to_next}"


def clean_date_set(view: DaysView) -> str:
    """Confirmation of /sober; a date that passed milestones says the last one and its day
    (recorded, never cheered as if it were today: one reached today gets its own 🎉)."""
    saved = _("✅ Clean date saved: {date}.").format(date=human_date(view.clean_date))
    text = saved + "\n" + days(view)
    if view.milestone_today is None and view.last_milestone is not None:
        milestone, on = view.last_milestone
        # Translators: {milestone} is like “60 days”; {date} like “Mon 2 Nov 2026”.
        text += "\n" + _(
            "🏅 Your last milestone, <b>{milestone}</b>, was on {date}. It's recorded in /history."
        ).format(milestone=milestone_text(milestone), date=human_date(on))
    return text


_MESSAGES.update(
    NO_CLEAN_DATE=N_("You haven't set a clean date yet. Try <code>/sober 2026-01-31</code>."),
)


def reset_question(preview: ResetPreview) -> str:
    """Before a relapse is recorded: the day, and the new clean date it gives."""
    return _(
        "Record a relapse on <b>{date}</b>?\n"
        "Your new clean date would be <b>{new_clean_date}</b>, the day after. "
        "Your history and your longest streak stay, and no group hears about it."
    ).format(
        date=human_date(preview.relapse_on), new_clean_date=human_date(preview.new_clean_date)
    )


def relapse_heard(day: date | None) -> str:
    """A relapse told in words: kindness first; nothing changes unless they choose."""
    kindness = _(
        "💙 Thank you for telling me. That took courage. A slip doesn't erase the days you "
        "lived clean, or what you learned in them — they're still yours."
    )
    if day is not None:
        ask = _(
            "If you'd like, I can record it for {date} — or leave everything as it is. "
            "Nothing changes unless you say so."
        ).format(date=human_date(day))
    else:
        ask = _(
            "If you'd like, I can record it — which day was it? Or leave everything as it is. "
            "Nothing changes unless you say so."
        )
    return kindness + "\n\n" + ask


def relapse_heard_no_date(start: date) -> str:
    """A relapse told in words by someone without a clean date yet: kindness, and a way
    to start counting when they are ready."""
    return _(
        "💙 Thank you for telling me. That took courage, and it doesn't undo what you're "
        "working toward. A new start can begin whenever you choose.\n\n"
        "If you'd like, I can start counting your clean time from <b>{date}</b> — "
        "or another day, or not now. Nothing changes unless you say so."
    ).format(date=human_date(start))


_MESSAGES.update(
    CLEAN_DATE_OTHER_DAY=N_(
        "Tell me the day your clean time starts with /sober — for example "
        "<code>/sober today</code> or <code>/sober 2026-11-28</code>."
    ),
    RELAPSE_NOT_NOW=N_(
        "Okay — nothing has changed. Be kind to yourself today. If you want to talk it "
        "through, your sponsor or a meeting can help, and I'm here."
    ),
    RELAPSE_OTHER_DAY=N_(
        "Tell me the day with /reset and the date — for example "
        "<code>/reset last saturday</code> or <code>/reset 21/11</code>. I'll ask before "
        "changing anything."
    ),
    RESET_CANCELLED=N_("Cancelled — nothing changed."),
)


def reset(view: ResetView) -> str:
    """A relapse recorded, met with compassion; Undo follows for 24 h."""
    when = human_date(view.new_clean_date)
    if view.new_clean_date > view.today:
        new_start = _("Your new clean time starts tomorrow, {date}.").format(date=when)
    else:
        new_start = _("Your new clean time began {date}.").format(date=when)
    # Translators: {last} and {longest} are counts of days, like “90 days”; {new_start} is
    # “Your new clean time began Sat 28 Nov 2026.” (or “… starts tomorrow, …”).
    return _(
        "💙 Thank you for being honest — that takes courage. A slip doesn't erase what you "
        "learned or the days you lived clean.\n\n"
        "Your last streak: <b>{last}</b>. Your longest: <b>{longest}</b> — both stay in "
        "/history.\n{new_start} This is private; no group hears about it.\n\n"
        "If you can, reach out to someone you trust today. /crisis is there if you need it.\n"
        "Tapped by mistake? Undo works for 24 hours."
    ).format(
        last=days_text(view.ended_days), longest=days_text(view.longest_days), new_start=new_start
    )


def reset_undone(view: DaysView) -> str:
    """After Undo: the streak as it was."""
    return _("↩️ Undone — your streak is back exactly as it was.") + "\n" + days(view)


def history(view: HistoryView) -> str:
    """Streaks newest first with their milestones."""
    if not view.streaks:
        return _(_MESSAGES["NO_CLEAN_DATE"])
    longest = days_text(view.longest_days)
    lines = [_("<b>Your history</b> — longest streak: {days}").format(days=longest)]
    for item in view.streaks:
        start, count = human_date(item.streak.clean_date), days_text(item.days)
        if item.streak.ended_on is None:
            # Translators: a streak still going: “• Sat 28 Nov 2026 → now: 90 days”.
            streak = _("• {start} → now: {days}").format(start=start, days=count)
        else:
            streak = f"• {start} → {human_date(item.streak.ended_on)}: {count}"
        lines.append("\n" + streak)
        for milestone, on in item.reached:
            lines.append(f"   🏅 {milestone_text(milestone)} — {human_date(on)}")
    return "\n".join(lines)


# --- alias --------------------------------------------------------------------------------
def alias_set(alias: str) -> str:
    """Confirmation of /name."""
    return _("Peers will see you as <b>{alias}</b>.").format(alias=esc(alias))


_ALIAS_PROBLEMS = {
    NameProblem.EMPTY: N_("Please type the name after /name."),
    NameProblem.MENTION: N_("Please leave out the @ — peers see a plain name, not a username."),
    NameProblem.LINK: N_("A name can't contain a link or a web address."),
    NameProblem.HIDDEN: N_("That name has hidden or control characters — please type it plainly."),
}


def alias_refused(problem: NameProblem) -> str:
    """Why a /name was refused (the name is shown to groups, so it must be plain)."""
    if problem is NameProblem.TOO_LONG:
        why = ngettext(
            "That name is too long — please keep it to {count} character.",
            "That name is too long — please keep it to {count} characters.",
            MAX_ALIAS_LENGTH,
        ).format(count=MAX_ALIAS_LENGTH)
    else:
        why = _(_ALIAS_PROBLEMS[problem])
    return why + "\n" + usage("name")


# --- daily check-in -----------------------------------------------------------------------
# Curated journaling questions: gratitude, triggers noticed, coping used, values acted on,
# connection with others. The order is part of the rotation; append, don't reorder.
JOURNAL_QUESTIONS: tuple[str, ...] = (
    # Translators: the journaling questions, one in each daily check-in.
    N_("What is one thing you're grateful for today?"),
    N_("Did anything today make you want to use? What did you notice first?"),
    N_("What helped you get through a hard moment today?"),
    N_("Which of your values did you act on today?"),
    N_("Who did you connect with today, even briefly?"),
    N_("What's one small thing you did today just for you?"),
    N_("Was there a place, person or feeling today that you now recognise as a trigger?"),
    N_("Which coping tool did you reach for today — and did it help?"),
    N_("When did you feel most like yourself today?"),
    N_("Who could you reach out to tomorrow?"),
    N_("What is something your body did for you today that you can thank it for?"),
    N_("What did you say no to today that protected your recovery?"),
    N_("What's a moment from today you'd like to remember?"),
    N_("What was the hardest feeling today, and what did you do with it?"),
    N_("How did you show honesty today, with yourself or someone else?"),
    N_("What made you smile today?"),
    N_("What did you notice about your sleep, food or energy today?"),
    N_("Who supported you recently, and how might you thank them?"),
    N_("What would you tell someone on their first day clean?"),
    N_("Was there a moment today you paused before reacting? What happened?"),
    N_("Which meeting, reading or slogan stayed with you lately?"),
    N_("What are you looking forward to this week?"),
    N_("What does a good day in recovery look like for you right now?"),
    N_("How did you take care of someone else today?"),
    N_("What's one thing you've learned about yourself this month?"),
    N_("What situations feel easier now than they did a few weeks ago?"),
    N_("Where did you feel calm today?"),
    N_("What is one step you took today toward the life you want?"),
    N_("How did you ask for help, or how could you next time?"),
    N_("Which thought pattern showed up today, and how did you answer it?"),
    N_("What are three things that went okay today, however small?"),
    N_("Who in your life believes in you? What would they say about today?"),
    N_("How did you practise patience today?"),
    N_("What boundary did you keep or would you like to set?"),
    N_("What does your future self thank you for today?"),
)

_MOOD_ANSWERS = {
    # Translators: a check-in answer, the mood from 1 (very low) to 5 (great).
    1: N_("mood 1 (very low)"),
    2: N_("mood 2 (low)"),
    3: N_("mood 3 (okay)"),
    4: N_("mood 4 (good)"),
    5: N_("mood 5 (great)"),
}
_CRAVING_ANSWERS = {
    # Translators: a check-in answer, how strong today's cravings were.
    Craving.NONE: N_("craving: none"),
    Craving.MILD: N_("craving: mild"),
    Craving.STRONG: N_("craving: strong"),
}


def _checkin_answers(mood: int | None, craving: Craving | None) -> list[str]:
    """The check-in answers given so far: `mood 4 (good)`, `craving: none`."""
    answers = []
    if mood is not None:
        answers.append(_(_MOOD_ANSWERS[mood]))
    if craving is not None:
        answers.append(_(_CRAVING_ANSWERS[craving]))
    return answers


def checkin_prompt(view: CheckinView) -> str:
    """The daily prompt; answers chosen so far are shown under it."""
    lines = [_("📝 <b>Check-in · {date}</b>").format(date=human_date(view.local_date))]
    if view.days is not None:
        lines.append(_("Day {day} of your clean time.").format(day=view.days))
    question = JOURNAL_QUESTIONS[view.question_id % len(JOURNAL_QUESTIONS)]
    lines += [
        "",
        _("How are you feeling? (1 = very low, 5 = great)\nAny cravings today?"),
        "",
        f"✍️ <i>{_(question)}</i>",
        _("Reply to this message with a few words, if you like."),
    ]
    chosen = _checkin_answers(view.mood, view.craving)
    if view.has_note:
        chosen.append(_("note saved"))
    if chosen:
        lines += ["", "✅ " + " · ".join(chosen)]
    if view.goals:
        lines += ["", _("🎯 Tap a goal you moved forward today:")]
    return "\n".join(lines)


def craving_support(
    info: CrisisInfo,
    sponsor: SponsorContact | None,
    *,
    distress: bool = False,
    note_kept: bool = False,
    reasons: list[str] | None = None,
) -> str:
    """A craving or a hard moment: a human answer, coping steps, their reasons, the
    sponsor, the line."""
    if note_kept:
        opening = _(
            "💙 Thank you for writing this down, even now — I've kept it in today's journal. "
            "You reached out instead of reaching for it, and that counts."
        )
    elif distress:
        opening = _(
            "💙 That sounds really hard, and I'm glad you told me. You're not alone in it."
        )
    else:
        opening = _("💙 Thank you for telling me. You reached out instead of reaching for it.")
    coping = _(
        "A craving is a wave: it rises, peaks and passes, usually within 20–30 minutes. "
        "Some things that help right now:\n"
        "• Breathe slowly: in for 4, hold for 4, out for 6 — five times.\n"
        "• Change where you are: step outside, walk, drink a glass of water.\n"
        "• Play the tape forward: picture tomorrow morning after using, and after not.\n"
        "• Delay: decide to wait 15 minutes, then check in with yourself again.\n"
        "• Call someone: a sponsor, a friend from your group, a helpline."
    )
    lines = [opening, coping]
    if reasons:
        lines.append("\n" + _("<b>Remember why</b>"))
        lines += [f"• {esc(reason)}" for reason in reasons]
    if sponsor is not None:
        sponsor_link = sponsor_line(sponsor.name, sponsor.username)
        lines.append("\n" + _("Your sponsor: {sponsor}").format(sponsor=sponsor_link))
    lines.append("\n" + crisis(info))
    lines.append("\n" + _("Would you like me to check on you in 20 minutes?"))
    return "\n".join(lines)


def use_now_support(
    info: CrisisInfo, sponsor: SponsorContact | None, reasons: list[str] | None = None
) -> str:
    """A use about to happen: urgent help before anything else."""
    lines = [
        _(
            "💙 Thank you for writing to me first — that matters. Right now, before anything "
            "else:\n"
            "• Put distance between you and it: pour it away, leave it outside, step out of "
            "the place, get into a room where it isn't.\n"
            "• Call someone this minute, before deciding anything.\n"
            "• You only have to get through the next 20 minutes, not forever."
        )
    ]
    if sponsor is not None:
        sponsor_link = sponsor_line(sponsor.name, sponsor.username)
        lines.append("\n" + _("📞 Call your sponsor now: {sponsor}").format(sponsor=sponsor_link))
    if reasons:
        lines.append("\n" + _("<b>Remember why</b>"))
        lines += [f"• {esc(reason)}" for reason in reasons]
    lines.append("\n" + crisis(info))
    lines.append("\n" + _("Would you like me to check on you in 20 minutes?"))
    return "\n".join(lines)


def check_on_set(at_local: str) -> str:
    """The follow-up was scheduled."""
    return _(
        "I'll check on you at {time}. If you write before then, I'll know you're here. 💙"
    ).format(time=at_local)


_MESSAGES.update(
    CHECK_ON=N_("Checking in, as you asked 💙 How are you doing now?"),
    CHECK_ON_BETTER=N_(
        "I'm really glad. You rode that wave — remember this the next time one comes. 🌿"
    ),
    CHECK_ON_DECLINED=N_("Okay. I'm here whenever you want to write. 💙"),
)


def progress_offer(title: str) -> str:
    """Progress told in words that matches an active goal."""
    return _("That counts 💙 Shall I log today for “{title}”?").format(title=esc(title))


_MESSAGES.update(
    WIN_REPLY=N_(
        "That's a real win 💪 Getting through it the way you did counts — notice it, and give "
        "yourself some credit tonight. I'm here whenever you want to write."
    ),
    HELP_ALWAYS_HERE=N_("If it gets hard, one tap below and I'm with you."),
)


def next_milestone(view: DaysView) -> str:
    """Asked in words: the next milestone and its date."""
    # Translators: {milestone} is like “90 days” or “1 year”; {to_go} and {days} are counts
    # of days, like “3 days”.
    return _(
        "🏅 Your next milestone is <b>{milestone}</b>, on {date} — {to_go} to go. "
        "You're at {days} today."
    ).format(
        milestone=milestone_text(view.next_milestone),
        date=human_date(view.next_on),
        to_go=days_text(view.days_to_next),
        days=days_text(view.days),
    )


def longest_streak(view: HistoryView) -> str:
    """Asked in words: the longest streak, then the history."""
    if not view.streaks:
        return _(_MESSAGES["NO_CLEAN_DATE"])
    # Translators: {days} is a count of days, like “90 days”.
    longest = _("🌿 Your longest streak: <b>{days}</b>.").format(days=days_text(view.longest_days))
    return longest + "\n\n" + history(view)


def checkin_time_answer(value: str | None) -> str:
    """Asked in words: when the check-in comes, and how to change it."""
    if value is None:
        return _(
            "Your daily check-in is <b>off</b>. To have it again, send "
            "<code>/checkintime 20:00</code> (or any time you like)."
        )
    return _(
        "⏰ Your daily check-in comes at <b>{time}</b> your time. To change it, send "
        "<code>/checkintime</code> and the time — for example "
        "<code>/checkintime 21:30</code>, or <code>/checkintime off</code>."
    ).format(time=value)


# A reminder offered from words, by how often it repeats and whether it starts tomorrow.
_REMINDER_OFFERS = {
    # Translators: {text} is what to be reminded of, in the person's words; {time} is like
    # 19:00. Nothing is set yet: buttons to set it follow.
    ("once", False): N_(
        "⏰ Shall I remind you “{text}” at <b>{time}</b>? Nothing is set until you tap."
    ),
    ("once", True): N_(
        "⏰ Shall I remind you “{text}” at <b>{time}</b> tomorrow? Nothing is set until you tap."
    ),
    ("daily", False): N_(
        "⏰ Shall I remind you “{text}” at <b>{time}</b> every day? Nothing is set until you tap."
    ),
    # Translators: “tomorrow every day”: every day, starting tomorrow.
    ("daily", True): N_(
        "⏰ Shall I remind you “{text}” at <b>{time}</b> tomorrow every day? Nothing is set "
        "until you tap."
    ),
    ("weekdays", False): N_(
        "⏰ Shall I remind you “{text}” at <b>{time}</b> on weekdays? Nothing is set until you "
        "tap."
    ),
    ("weekdays", True): N_(
        "⏰ Shall I remind you “{text}” at <b>{time}</b> tomorrow on weekdays? Nothing is set "
        "until you tap."
    ),
}


def reminder_offer(text: str, at: str, repeat: str, tomorrow: bool) -> str:
    """A reminder asked for in words, prepared but not set."""
    offer = _REMINDER_OFFERS.get((repeat, tomorrow), _REMINDER_OFFERS["once", tomorrow])
    return _(offer).format(text=esc(shorten(text, 120)), time=at)


def reminder_times(text: str) -> str:
    """Change time: pick another."""
    return _("What time should I remind you “{text}”?").format(text=esc(shorten(text, 120)))


_MESSAGES.update(
    REMINDER_UNCLEAR=N_(
        "I can set a reminder for you — I just need the time and what it's for. For example "
        "<code>/remind 19:00 call Sam</code> or <code>/remind 8pm go to my meeting</code>."
    ),
    REMINDER_NOT_SET=N_("Okay — no reminder set."),
)


def count_answer(claimed: str, view: DaysView | None, matches: bool) -> str:
    """A count stated in words, beside the one on record."""
    if view is None:
        # Translators: {claimed} is the count the person stated, like “30 days”.
        return _(
            "🎉 {claimed} — that's something to be proud of. I haven't got a clean date for "
            "you yet; if you'd like me to count with you, tap below or use /sober."
        ).format(claimed=esc(claimed))
    if matches:
        return _("🎉 Yes — {claimed} today, by my count too. Well done; that's real.").format(
            claimed=esc(claimed)
        )
    # Translators: {days} is a count of days, like “90 days”.
    return _(
        "🌿 That's worth celebrating. By my count you're at <b>{days}</b> today (clean since "
        "{date}). If your date is different, <code>/sober</code> and the date puts it right."
    ).format(days=days_text(view.days), date=human_date(view.clean_date))


_MESSAGES.update(
    PROGRESS_NOT_LOGGED=N_("Okay, not logged. Well done all the same. 🌿"),
    THANKS_REPLY=N_("You're very welcome 💙 I'm here whenever you need me."),
)


def greeting_reply(name: str) -> str:
    """Hi back."""
    return _(
        "Hi {name} 💙 How are you doing today? Write whatever's on your mind, or tap /help."
    ).format(name=esc(name))


_MESSAGES.update(
    JOURNAL_OFFER=N_(
        "I'm here, and I read every word. Would you like me to keep this in today's journal? "
        "Only you can see it."
    ),
)


def note_kept(day: date) -> str:
    """An offered message was kept."""
    return _("📝 Kept in your journal for {date}. /journal shows your week.").format(
        date=human_date(day)
    )


_MESSAGES.update(
    NOTE_NOT_KEPT=N_("Okay, I haven't kept it. I'm still here if you want to talk. 💙"),
)


def journal_page(page: JournalPage) -> str:
    """/journal: a week of check-ins and notes, newest first."""
    head = _("📓 <b>Your journal</b> · {first} – {last}").format(
        first=human_date(page.first), last=human_date(page.last)
    )
    if not page.days:
        empty = _("Nothing written these days. Reply to a check-in, or just write to me.")
        return f"{head}\n\n{empty}"
    blocks = []
    for day in page.days:
        lines = [f"<b>{human_date(day.local_date)}</b>"]
        answers = _checkin_answers(day.mood, day.craving)
        if answers:
            lines.append(" · ".join(answers))
        lines += [f"🕰 {at} — {esc(text)}" for at, text in day.notes]
        blocks.append("\n".join(lines))
    return head + "\n\n" + "\n\n".join(blocks)


def note_saved(day: date) -> str:
    """A note was kept in the journal."""
    return _("📝 Kept in your journal for {date}, with the time. Thank you for writing.").format(
        date=human_date(day)
    )


def _note_too_long() -> str:
    return ngettext(
        "That note is over {count} character, so I didn't save it. "
        "Could you shorten it a little and send it again?",
        "That note is over {count} characters, so I didn't save it. "
        "Could you shorten it a little and send it again?",
        MAX_NOTE_LENGTH,
    ).format(count=MAX_NOTE_LENGTH)


_COUNTED.update(NOTE_TOO_LONG=_note_too_long)
# Translators: a check-in answer was saved (a short pop-up).
_MESSAGES.update(CHECKIN_SAVED=N_("Saved ✓"))


def checkin_time_set(value: str | None) -> str:
    """Confirmation of /checkintime."""
    if value is None:
        return _(
            "Daily check-ins are off. I'll still quietly notice your milestones. "
            "<code>/checkintime 20:00</code> turns them back on."
        )
    return _("⏰ Your daily check-in will arrive at <b>{time}</b> your time.").format(time=value)


def checkin_time_current(value: str | None) -> str:
    """What /checkintime without arguments says."""
    if value:
        now = _("Your daily check-in is at <b>{time}</b>.").format(time=value)
    else:
        now = _("Your daily check-in is <b>off</b>.")
    return now + "\n" + usage("checkintime")


# What each milestone means, drawing on the chip and keytag tradition (24 hours is not a year).
_MILESTONE_WORDS = {
    # Translators: what reaching a milestone means, in the tradition of recovery chips and
    # keytags (“rooms” and “fellowships” are 12-step meetings).
    "1d": N_(
        "24 hours. In many rooms the first chip is for exactly this — one day. "
        "You did the hardest one."
    ),
    "3d": N_(
        "3 days. The body starts to clear around now, even if the mind takes longer. "
        "Be gentle with both."
    ),
    "1w": N_("One week. Seven mornings you chose this — a pattern is starting."),
    "2w": N_(
        "Two weeks. Sleep, appetite and mood often begin to settle about now. "
        "Notice what feels different."
    ),
    "30d": N_(
        "30 days — a whole month, and the first keytag in many fellowships. "
        "Take a moment to be proud."
    ),
    "60d": N_(
        "60 days. Two months of showing up — for yourself, and for the people who walk with you."
    ),
    "90d": N_(
        "90 days. For many people this is the first real landmark: new habits are taking root."
    ),
    "6m": N_("Six months — half a year. Seasons have changed while you kept going."),
    "9m": N_("Nine months. Long enough for a whole new way of living to grow."),
    "1y": N_(
        "One year. A whole turn of the calendar — every birthday, holiday and hard "
        "Tuesday, clean. That's something to celebrate with the people who helped."
    ),
    "18m": N_("18 months. A year and a half of choosing this, one day at a time."),
}


def milestone_words(milestone: Milestone) -> str:
    """The words for a milestone (every anniversary after the first has its own line)."""
    words = _MILESTONE_WORDS.get(milestone.key)
    if words is not None:
        return _(words)
    # Translators: {milestone} is an anniversary, like “5 years”.
    return _(
        "{milestone}. Another full year — your recovery is part of who you are now, "
        "and it still happens one day at a time."
    ).format(milestone=milestone_text(milestone))


def milestone_congratulation(
    milestone: Milestone,
    upcoming: Milestone,
    upcoming_on: date,
    *,
    quiet: bool = False,
    money_kept: str | None = None,
) -> str:
    """The private note on the day a milestone is reached (a chip's caption, ≤ 1,024
    characters); for someone who has gone quiet, worded so that it leaves room."""
    money = ""
    if money_kept:
        money = "\n" + _("Money kept so far: <b>{amount}</b>.").format(amount=esc(money_kept))
    values = {
        "milestone": milestone_text(milestone),
        "words": milestone_words(milestone),
        "money": money,
        "next": milestone_text(upcoming),
        "date": human_date(upcoming_on),
    }
    if quiet:
        # Translators: {milestone} and {next} are like “90 days”; {words} is what the
        # milestone means; {money} is empty or a line “Money kept so far: …”.
        return _(
            "💙 If today's count is right, you've reached <b>{milestone}</b> — {words}{money}\n"
            "If things have changed, that's okay too: /reset is private, and I'm here either "
            "way. Next milestone: {next} on {date}."
        ).format(**values)
    # Translators: {milestone} and {next} are like “90 days”; {words} is what the milestone
    # means; {money} is empty or a line “Money kept so far: …”.
    return _(
        "🎉 <b>{milestone}</b> clean — congratulations!\n{words}{money}\n"
        "Next milestone: {next} on {date}. One day at a time. 💙"
    ).format(**values)


def progress_caption(span_words: str) -> str:
    """Under the /progress picture."""
    # Translators: {span} is how far back the picture goes, like “8 weeks”.
    return _(
        "📈 Your last {span}. Grey days are days without a check-in — not failures. "
        "Every coloured square is a day you showed up for yourself."
    ).format(span=span_words)


def reasons(items: list[str], *, added: bool) -> str:
    """/why: the person's reasons."""
    if not items:
        return _(
            "💙 What are you doing this for? Add a reason with /why — for example "
            "<code>/why to be there for my kids</code>. I'll show them to you in hard moments "
            "and in the morning pledge."
        )
    head = _("💙 Kept. Your reasons:") if added else _("💙 Your reasons:")
    lines = [head, *[f"• {esc(item)}" for item in items]]
    lines.append("\n" + _("Add another with /why …; tap one below to remove it."))
    return "\n".join(lines)


def reason_refused(why: str) -> str:
    """A reason that cannot be kept."""
    if why == "full":
        return _("You have 10 reasons already — remove one with /why first. 💙")
    return _("Please keep a reason to 200 characters.") + "\n" + usage("why")


def pledge_time_set(value: str | None) -> str:
    """Confirmation of /pledge."""
    if value is None:
        return _("The morning pledge is off. <code>/pledge 7:00</code> turns it back on.")
    return _(
        "🌅 Each morning at <b>{time}</b> I'll send a “just for today” with your reasons "
        "and today's goals. One tap to commit."
    ).format(time=value)


_MESSAGES.update(SPEND_OFF=N_("Okay — I won't count money any more."))


def spend_set(plan: SpendPlan, kept: str | None) -> str:
    """Confirmation of /spend."""
    amount = esc(format_money(plan.amount, plan.currency, i18n_current()))
    if plan.period == "day":
        noted = _("💰 Noted: using cost about {amount} a day.").format(amount=amount)
    else:
        noted = _("💰 Noted: using cost about {amount} a week.").format(amount=amount)
    sentences = [noted]
    if kept:
        so_far = _("In this clean time you've kept <b>{amount}</b> so far.")
        sentences.append(so_far.format(amount=esc(kept)))
    sentences.append(_("/days shows it as it grows."))
    return " ".join(sentences)


_MESSAGES.update(
    EXPORT_CAPTION=N_(
        "📦 Everything I store about you. It's yours — keep it somewhere safe, as it holds "
        "personal notes."
    ),
    DELETE_ME_QUESTION=N_(
        "This deletes <b>everything</b> I store about you — clean dates, check-ins, notes, "
        "goals, reminders, reasons, group memberships — at once, and it can't be undone. "
        "Recent group announcements about you are removed too. You can /export first. "
        "Delete everything?"
    ),
    DELETE_ME_KEPT=N_("Nothing was deleted. 💙"),
)


def deleted(counts: dict[str, int], group_posts: int) -> str:
    """What /deleteme removed (each count's name is translated if it was marked)."""
    lines = [_("🗑 Done. I removed everything about you:")]
    lines += [f"• {_(name)}: {count}" for name, count in counts.items() if count]
    if group_posts:
        removed = _("• group announcements removed from chats: {count}")
        lines.append(removed.format(count=group_posts))
    farewell = _(
        "Nothing is scheduled for you any more. If you write again, you start fresh. "
        "Take care of yourself. 💙"
    )
    lines.append("\n" + farewell)
    return "\n".join(lines)


_MESSAGES.update(NOT_AN_OPERATOR=N_("That command is for the bot's operator."))


def stats(counts: Counts) -> str:
    """The operator's /stats: counts, never names."""
    if counts.oldest_unsent_seconds is None:
        oldest = _("none waiting")
    else:
        # Translators: a number of seconds, short.
        oldest = _("{seconds} s").format(seconds=counts.oldest_unsent_seconds)
    return _(
        "<b>Milestone Bot</b>\n"
        "People: {people}\nActive in 7 days: {active}\n"
        "Groups: {groups}\nCheck-ins today: {check_ins}\n"
        "Outbox backlog: {backlog}\nOldest unsent: {oldest}"
    ).format(
        people=counts.people,
        active=counts.active_7_days,
        groups=counts.groups,
        check_ins=counts.check_ins_today,
        backlog=counts.outbox_backlog,
        oldest=oldest,
    )


def pledge(reasons: list[str], goals: list[str]) -> str:
    """The morning pledge: just for today, their reasons, today's goals."""
    lines = [
        _(
            "🌅 <b>Just for today</b>\n"
            "Just for today, I'll stay clean. I don't have to do forever — only today."
        )
    ]
    if reasons:
        lines += ["", _("<b>Why it matters to you</b>"), *[f"• {esc(r)}" for r in reasons]]
    if goals:
        lines += ["", _("<b>Today's small steps</b>"), *[f"• {esc(g)}" for g in goals[:5]]]
    return "\n".join(lines)


def pledge_committed(streak: int) -> str:
    """After 🤝."""
    if streak <= 1:
        return _("🤝 Committed — today. One day at a time. 💙")
    # Translators: the days in a row the person tapped the morning pledge.
    return ngettext(
        "🤝 Committed — {count} day running. One day at a time. 💙",
        "🤝 Committed — {count} days running. One day at a time. 💙",
        streak,
    ).format(count=streak)


def future_notes(notes: list[tuple[str, str]]) -> str:
    """Notes to future me, shown back at the next milestone."""
    blocks = []
    for key, text in notes:
        milestone = by_key(key)
        if milestone:
            # Translators: {milestone} is the milestone the note was written at, like “30 days”.
            block = _("✉️ At {milestone}, you wrote to yourself:\n<i>{text}</i>").format(
                milestone=milestone_text(milestone), text=esc(text)
            )
        else:
            block = _("✉️ Earlier, you wrote to yourself:\n<i>{text}</i>").format(text=esc(text))
        blocks.append(block)
    return "\n\n".join(blocks)


_MESSAGES.update(
    FUTURE_NOTE_ASK=N_(
        "✉️ Write a few words to your future self — what today feels like, what helped, what "
        "you hope for. I'll keep them safe and show them to you at your next milestone."
    ),
    FUTURE_NOTE_KEPT=N_("✉️ Kept. I'll show it to you at your next milestone. 💙"),
    NUDGE=N_(
        "Hi, just checking in 💙 No pressure and nothing to catch up on — we're here whenever "
        "you want. /checkin or /days anytime."
    ),
)


# --- small goals --------------------------------------------------------------------------
def _goal_line(view: GoalView) -> str:
    lines = [f"<b>{view.number}.</b> {esc(view.title)}"]
    status = [progress_bar(view.done, view.target)]
    if view.state == "missed":
        status.append(_("waiting for your choice (try again, smaller, or drop)"))
    elif view.days_left is not None:
        # Translators: the days left in a goal's round.
        left = ngettext("{count} day left", "{count} days left", view.days_left)
        status.append(left.format(count=view.days_left))
    if view.logged_today:
        # Translators: the goal was logged today.
        status.append(_("✅ today"))
    lines.append("    " + " · ".join(status))
    if view.reason:
        # Translators: {reason} is the person's own words from “/goal … because …”.
        lines.append("    " + _("💡 because {reason}").format(reason=esc(view.reason)))
    return "\n".join(lines)


def goals_list(views: list[GoalView]) -> str:
    """/goals."""
    if not views:
        return _(
            "No goals yet. Small and concrete works best, for example:\n"
            "<code>/goal go to a meeting twice a week</code>\n"
            "<code>/goal call my sponsor every evening for 7 days at 19:00</code>"
        )
    body = "\n\n".join(_goal_line(view) for view in views)
    return _("🎯 <b>Your goals</b>\n\n{goals}\n\n/done N logs today · /drop N removes one").format(
        goals=body
    )


def goal_plan(view: GoalView) -> str:
    """How a goal runs, in plain words: "3 times by Sun 29 Nov, then again each week"."""
    end = human_date(view.period_end) if view.period_end else None
    if view.kind is GoalKind.ONCE:
        if end is None:
            return _("once — tell me with /done when it's done")
        return _("once by {date} — tell me with /done when it's done").format(date=end)
    if view.kind is GoalKind.DAILY and view.target == view.period_days:
        every = _("every day until {date}").format(date=end) if end else _("every day")
        # Translators: {plan} is “every day” or “every day until Sat 28 Nov 2026”.
        return _("{plan}, then a fresh week").format(plan=every) if view.repeats else every
    things = counted_things(view.title, view.target)
    if things:
        plan = f"{view.target} {things}"
    elif view.target == 1:
        # Translators: a goal done one time in its round.
        plan = _("once")
    else:
        # Translators: how often a goal is done in its round: “3 times by Sun 29 Nov”.
        times = ngettext("{count} time", "{count} times", view.target)
        plan = times.format(count=view.target)
    if end:
        # Translators: {plan} is how many, like “3 times” or “2 meetings”.
        plan = _("{plan} by {date}").format(plan=plan, date=end)
    if view.repeats:
        # Translators: {plan} is like “3 times by Sun 29 Nov”.
        plan = _("{plan}, then again each week").format(plan=plan)
    return plan


def counted_things(title: str, target: int) -> str | None:
    """The noun a goal counts, from its title: "go to 3 meetings" → "meetings"."""
    words = title.lower().split()
    spelled = {str(n) for n in (target,)} | {w for w, n in NUMBER_WORDS.items() if n == target}
    for index, word in enumerate(words[:-1]):
        if word in spelled:
            noun = words[index + 1].strip(".,!")
            if noun.isalpha() and noun not in {"times", "days", "a", "of", "in", "per"}:
                return noun
    return None


def goal_set(view: GoalView) -> str:
    """Confirmation of /goal."""
    # Translators: {plan} is how the goal runs, like “3 times by Sun 29 Nov”; {goal} is the
    # goal's line with its progress bar.
    return _("🎯 Goal set: {title}\n{plan}.\n{goal}").format(
        title=esc(view.title), plan=goal_plan(view), goal=_goal_line(view)
    )


_MESSAGES.update(GOAL_HOW_MANY=N_("How many would feel doable? Smaller steps still count. 🌱"))


def goal_schedule_question(title: str) -> str:
    """The parser could not tell how often."""
    return _("🎯 “{title}” — how often would you like to do this?").format(title=esc(title))


def _goal_too_long() -> str:
    # Translators: how to use /goal follows on the next line.
    return ngettext(
        "That goal is over {count} character — could you shorten it?\n",
        "That goal is over {count} characters — could you shorten it?\n",
        MAX_TITLE_LENGTH,
    ).format(count=MAX_TITLE_LENGTH)


def _too_many_goals() -> str:
    return ngettext(
        "You already have {count} open goal. Finishing or dropping one makes room — "
        "fewer goals often means more progress.",
        "You already have {count} open goals. Finishing or dropping one makes room — "
        "fewer goals often means more progress.",
        MAX_ACTIVE_GOALS,
    ).format(count=MAX_ACTIVE_GOALS)


_COUNTED.update(GOAL_TOO_LONG=_goal_too_long, TOO_MANY_GOALS=_too_many_goals)
_MESSAGES.update(
    NO_OPEN_GOALS_TODAY=N_("Nothing left to log today — every open goal is done for today. 🌿"),
    PICK_GOAL_DONE=N_("Which goal did you move forward today?"),
)


def goal_logged(view: GoalView, newly: bool, met_now: bool) -> str:
    """After /done or a ✅ button."""
    if met_now:
        return goal_met(view)
    bar = progress_bar(view.done, view.target)
    if not newly:
        return _("Already counted for today: {title} — {progress}").format(
            title=esc(view.title), progress=bar
        )
    return _("✅ Logged: {title}\n{progress}").format(title=esc(view.title), progress=bar)


def goal_met(view: GoalView) -> str:
    """A goal's target reached."""
    text = _(
        "🎉 Goal reached: <b>{title}</b> — {progress}\n"
        "Progress, not perfection — and this is real progress."
    ).format(title=esc(view.title), progress=progress_bar(view.done, view.target))
    if view.repeats:
        text += " " + _("It starts again with the next round.")
    if view.reason:
        # Translators: {reason} is the person's own words from “/goal … because …”.
        text += "\n" + _("That's {reason} in action.").format(reason=esc(view.reason))
    return text


def goal_missed(title: str, done: int, target: int) -> str:
    """A period ended short of the target: feedback, not failure."""
    # Translators: “{done} of {target}”: how many times the goal was done, of how many.
    return _(
        "🌱 The round for “{title}” has ended: {done} of {target}.\n"
        "That's feedback, not failure. What got in the way? Maybe the goal was too big, or "
        "the week was hard. Whatever it was, you can choose what comes next:"
    ).format(title=esc(title), done=done, target=target)


def goal_drop_question(view: GoalView) -> str:
    """/drop N asks first."""
    return _("Drop “{title}”? Its progress so far won't be counted any more.").format(
        title=esc(view.title)
    )


def goal_dropped(title: str) -> str:
    """After a drop is confirmed."""
    return _(
        "Dropped “{title}”. Letting go of a goal that doesn't fit is a good decision too."
    ).format(title=esc(title))


_MESSAGES.update(GOAL_KEPT=N_("Kept it. 👍"))


def goal_retry(view: GoalView) -> str:
    """After "try again" or "make it smaller"."""
    title, bar = esc(view.title), progress_bar(view.done, view.target)
    if view.period_end:
        return _("💪 New round until {date}: {title}\n{progress}").format(
            date=human_date(view.period_end), title=title, progress=bar
        )
    return _("💪 New round: {title}\n{progress}").format(title=title, progress=bar)


def goal_choice_prompt_number(count: int) -> str:
    """/done or /drop with a number that isn't on the list."""
    if count == 0:
        return _("You have no open goals. Start one with <code>/goal …</code>.")
    # Translators: {count} is the number of the last goal in /goals.
    return _("Pick a number from 1 to {count} — /goals shows them.").format(count=count)


# --- sponsor ------------------------------------------------------------------------------
def sponsor_line(name: str, username: str | None) -> str:
    """The sponsor as shown after a strong craving: a tap-to-open link when there's a username."""
    if username:
        return f'{esc(name)} — <a href="https://t.me/{esc(username)}">@{esc(username)}</a>'
    return esc(name)


def sponsor_set(name: str, username: str | None) -> str:
    """/sponsor saved; reminder offer follows."""
    return _("🤝 Saved your sponsor: {sponsor}\nWould you like a daily reminder to call?").format(
        sponsor=sponsor_line(name, username)
    )


def sponsor_problem(problem: SponsorProblem) -> str:
    """A refused /sponsor."""
    if problem is SponsorProblem.PHONE:
        why = _(
            "Please leave the phone number out — I only keep a name and, if you like, a "
            "Telegram @username."
        )
    elif problem is SponsorProblem.TOO_LONG:
        why = _("That name is quite long — a first name is enough.")
    else:
        return usage("sponsor")
    return why + "\n" + usage("sponsor")


_MESSAGES.update(SPONSOR_NO_REMINDER=N_("No reminder. You can add one any time with /remind."))


# --- reminders ----------------------------------------------------------------------------
_REPEAT_WORDS = {
    # Translators: how often a reminder comes: “at 19:00 every day”.
    Repeat.ONCE: N_("once"),
    Repeat.DAILY: N_("every day"),
    Repeat.WEEKDAYS: N_("on weekdays"),
    Repeat.UNTIL: N_("every day"),
}


def _repeat_words(repeat: Repeat, ends_on: date | None) -> str:
    """`every day`, `on weekdays until Sat 28 Nov 2026`."""
    words = _(_REPEAT_WORDS[repeat])
    if ends_on is None:
        return words
    # Translators: {repeat} is how often a reminder comes, like “every day”.
    return _("{repeat} until {date}").format(repeat=words, date=human_date(ends_on))


def reminder_set(reminder: ReminderSet) -> str:
    """Confirmation of /remind."""
    text, first_on = esc(reminder.text), human_date(reminder.first_on)
    if reminder.repeat is Repeat.ONCE:
        return _("⏰ I'll remind you at <b>{time}</b> on {date}: {text}").format(
            time=reminder.at, date=first_on, text=text
        )
    # Translators: {repeat} is like “every day” or “on weekdays until Sat 28 Nov 2026”.
    return _("⏰ I'll remind you at <b>{time}</b> {repeat}, starting {date}: {text}").format(
        time=reminder.at,
        repeat=_repeat_words(reminder.repeat, reminder.ends_on),
        date=first_on,
        text=text,
    )


def _reminder_too_long() -> str:
    return ngettext(
        "Please keep the reminder text under {count} character.",
        "Please keep the reminder text under {count} characters.",
        MAX_REMINDER_TEXT,
    ).format(count=MAX_REMINDER_TEXT)


_COUNTED.update(REMINDER_TOO_LONG=_reminder_too_long)
_MESSAGES.update(
    TOO_MANY_REMINDERS=N_("You have 20 reminders already — /reminders lets you remove some."),
)


def reminders_list(rows: list[ReminderRow]) -> str:
    """/reminders."""
    if not rows:
        return _("No reminders yet. For example: <code>/remind 19:00 call Sam daily</code>")
    lines = [_("⏰ <b>Your reminders</b> — tap one below to remove it")]
    for index, row in enumerate(rows, start=1):
        repeat = _repeat_words(Repeat(row.repeat), row.ends_on)
        lines.append(f"{index}. {row.at_time} {repeat}: {esc(row.text)}")
    return "\n".join(lines)


def reminder_message(
    text: str, goal_title: str | None, sponsor_username: str | None = None
) -> str:
    """A reminder as it arrives (the sponsor call carries their link)."""
    about = f"\n🎯 {esc(goal_title)}" if goal_title and goal_title != text else ""
    link = ""
    if sponsor_username:
        link = f'\n💬 <a href="https://t.me/{esc(sponsor_username)}">@{esc(sponsor_username)}</a>'
    return _("⏰ Reminder: {text}").format(text=esc(text)) + about + link


def reminder_done(text: str) -> str:
    """The reminder after ✅."""
    return _("✅ Done: {text} — well done.").format(text=esc(text))


def reminder_snoozed(text: str) -> str:
    """The reminder after ⏰."""
    return ngettext(
        "⏰ Snoozed for {count} minute: {text}",
        "⏰ Snoozed for {count} minutes: {text}",
        SNOOZE_MINUTES,
    ).format(count=SNOOZE_MINUTES, text=esc(text))


def reminder_skipped(text: str) -> str:
    """The reminder after Skip today."""
    return _("Skipped for today: {text}. See you tomorrow.").format(text=esc(text))


def reminder_removed(text: str) -> str:
    """After a delete button in /reminders."""
    return _("Removed the reminder: {text}").format(text=esc(text))


# --- peer groups (everything here may be seen by a whole group) ---------------------------
_MESSAGES.update(
    GROUP_INTRO=N_(
        "👋 Hi, I'm Milestone Bot. Members of this group can choose to share their recovery "
        "milestones here — only the name they pick and the milestone reached (“Alex reached "
        "90 days”), nothing else.\nA group admin turns it on with /setup."
    ),
    NOT_AN_ADMIN=N_("Only group admins can change this — thanks for understanding. 🙏"),
    GROUP_NOT_SET_UP=N_(
        "Milestone sharing isn't on in this group yet — an admin can turn it on with /setup."
    ),
    GROUP_DISABLED=N_(
        "Milestone announcements and the digest are off for this group. /setup turns them on "
        "again."
    ),
    JOIN_CONFIRM_SENT=N_("I've sent you a private message to confirm. 💙"),
    JOIN_NEEDS_START=N_(
        "To share your milestones here, first open a private chat with me — the button below "
        "takes you there and continues where you left off."
    ),
    LEFT_GROUP=N_("Done — your milestones won't be shared here any more."),
    CLAP_COUNTED=N_("Counted — thank you! 👏"),
    CLAP_ALREADY=N_("You've already congratulated them — it's counted. 👏"),
    CLAP_OWN=N_("This one is yours — enjoy the cheers! 💙"),
    CLAP_NOT_MEMBER=N_("Only members of this group can cheer here."),
)


class _Weekdays(Sequence[str]):
    """The days' names, Monday first, in the current language when looked up."""

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...
    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        if isinstance(index, slice):
            return [weekday_name(day) for day in range(7)[index]]
        return weekday_name(range(7)[index])

    def __len__(self) -> int:
        return 7


# `WEEKDAYS[0]` is "Monday" (in the current language); new code calls `i18n.weekday_name`.
WEEKDAYS: Sequence[str] = _Weekdays()


def group_setup(
    announcements: bool, digest: bool, weekday: int, chips: bool = False,
    zone: str | None = None, topic: TopicPlace | None = None,
) -> str:  # fmt: skip
    """/setup's message; toggles below. `zone`: the group's time zone; `topic`: where, in
    a forum group, milestones are posted as seen from the panel's own topic."""
    if announcements:
        announcing = _("Milestone announcements: <b>on</b>")
    else:
        announcing = _("Milestone announcements: <b>off</b>")
    if chips:
        chip_pictures = _("Chip picture with announcements: <b>on</b>")
    else:
        chip_pictures = _("Chip picture with announcements: <b>off</b>")
    if digest:
        # Translators: {weekday} is a day's name, like “Monday”: “on, Mondays”.
        digesting = _("Weekly digest: <b>on, {weekday}s</b>").format(weekday=weekday_name(weekday))
    else:
        digesting = _("Weekly digest: <b>off</b>")
    members = _(
        "Members: /join to share your milestones here (you confirm privately); /leave stops it."
    )
    heading = _("⚙️ <b>Milestone Bot in this group</b>")
    lines = [heading, announcing, chip_pictures, digesting]
    if zone is not None:
        # Translators: {zone} is a time zone's name, like “Europe/Madrid”.
        lines.append(_("Group time zone: <b>{zone}</b> (the digest's day and hour)").format(
            zone=esc(zone)))  # fmt: skip
    if topic is TopicPlace.HERE:
        lines.append(_("Milestones are posted in: <b>this topic</b>"))
    elif topic is TopicPlace.GENERAL:
        lines.append(_("Milestones are posted in: <b>General</b>"))
    elif topic is TopicPlace.ELSEWHERE:
        lines.append(_("Milestones are posted in: <b>another topic</b>"))
    return "\n".join([*lines, "", members])


def topic_notice(group_title: str, closed: bool) -> str:
    """To the admin who chose a forum topic that Telegram now refuses."""
    if closed:
        # Translators: to a group admin, privately; {group} is the group's name.
        return _(
            "📍 The topic I post milestones in, in <b>{group}</b>, is closed, so I posted in "
            "General instead and will keep posting there. To use a topic again, reopen it (or "
            "pick another) and run /setup in it."
        ).format(group=esc(group_title))
    # Translators: to a group admin, privately; {group} is the group's name.
    return _(
        "📍 The topic I post milestones in, in <b>{group}</b>, was deleted, so I posted in "
        "General instead and will keep posting there. To choose a topic, run /setup in it."
    ).format(group=esc(group_title))


def announcement(alias: str, milestone_label: str) -> str:
    """The only thing a group ever hears about a member."""
    # Translators: in a group; {alias} is the member's chosen name, {milestone} like “90 days”.
    return _("🎉 {alias} reached {milestone}").format(alias=esc(alias), milestone=milestone_label)


_MESSAGES.update(
    # Translators: an alert to a group admin who tapped "Use my time zone" without one.
    GROUP_ZONE_NEEDS_YOURS=N_(
        "Set your own time zone with me privately first (/timezone), then tap again."
    ),
)

_MESSAGES.update(
    # Translators: in a group: a milestone post edited after the member corrected their
    # clean date (the date never reached it). Says nothing else about them.
    ANNOUNCEMENT_WITHDRAWN=N_("✏️ Corrected: this milestone was posted by mistake. 💙"),
)


def digest(count: int) -> str:
    """The weekly digest."""
    if count == 0:
        return _("🌱 No new milestones this week — and every clean day still counts.")
    return ngettext(
        "🌱 This week {count} member reached milestones. Every day counts. 💙",
        "🌱 This week {count} members reached milestones. Every day counts. 💙",
        count,
    ).format(count=count)


# --- peer groups, private side ------------------------------------------------------------
def join_question(group_title: str, alias: str) -> str:
    """The private half of the double opt-in: exactly what will be shared."""
    return _(
        "Share your milestones with <b>{group}</b>?\n\n"
        "The group will see only: your name for peers (<b>{alias}</b>, change it with "
        "/name) and the milestones you reach, like “90 days”.\n"
        "Never: your clean date, resets, check-ins, moods, notes, goals or reminders.\n"
        "You can stop any time with /leave there or /groups here."
    ).format(group=esc(group_title), alias=esc(alias))


def joined(group_title: str, *, asks_for_date: bool) -> str:
    """After Yes; someone without a clean date is asked for one (nothing is announced
    without it)."""
    text = _("✅ You'll share your milestones with {group}. Your peers can cheer you on.").format(
        group=esc(group_title)
    )
    if asks_for_date:
        text += "\n\n" + _(
            "When did your clean time start? Tell me with /sober and a date — "
            "for example <code>/sober 2026-09-01</code> or <code>/sober today</code>."
        )
    return text


_MESSAGES.update(JOIN_DECLINED=N_("No problem — nothing is shared."))
_INVITATION_REFUSALS = {
    InvitationRefused.EXPIRED: N_(
        "This invitation has expired. Send /join in the group for a fresh one."
    ),
    InvitationRefused.NOT_YOURS: N_(
        "This invitation was made for someone else. To share your own milestones, "
        "send /join in the group."
    ),
    InvitationRefused.NOT_IN_GROUP: N_(
        "You don't seem to be in that group any more, so nothing was shared. "
        "If you rejoin it, send /join there."
    ),
}


def invitation_refused(refusal: InvitationRefused) -> str:
    """Why a join link or button did nothing."""
    return _(_INVITATION_REFUSALS[refusal])


def groups_list(titles: list[str]) -> str:
    """/groups."""
    if not titles:
        return _("You don't share milestones with any group. Run /join in a group to start.")
    lines = [_("👥 <b>You share your milestones with</b>")]
    lines += [f"• {esc(title)}" for title in titles]
    lines.append(_("Tap a group below to stop sharing with it."))
    return "\n".join(lines)


def left_group(group_title: str) -> str:
    """After a /groups leave button."""
    return _("Stopped sharing with {group}.").format(group=esc(group_title))


def clap_note(name: str, group_title: str, milestone_label: str) -> str:
    """The achiever's private note (aliases only)."""
    # Translators: {name} is the peer's chosen name; {milestone} is like “90 days”.
    return _("👏 {name} from {group} congratulated you on {milestone}!").format(
        name=esc(name), group=esc(group_title), milestone=milestone_label
    )


# --- a sponsor who can be reached: links with consent, SOS, "did you reach Sam?" ----------
def mention(name: str, user_id: int) -> str:
    """A person's name that opens their Telegram profile (so a sponsor can write at once)."""
    return f'<a href="tg://user?id={user_id}">{esc(name)}</a>'


def my_people(sponsor: SponsorContact | None, helpers: Sequence[Helper]) -> str:
    """`/sponsor` without a name: who is linked, and how to invite."""
    lines = [_("🤝 <b>Your people</b>")]
    if sponsor is not None:
        lines.append(
            _("Sponsor: {sponsor}").format(sponsor=sponsor_line(sponsor.name, sponsor.username))
        )
    for helper in helpers:
        if helper.role == "sponsor":
            line = _("🔗 {name} is linked as your sponsor.")
        else:
            line = _("🔗 {name} is linked as one of your people.")
        line = line.format(name=esc(helper.name))
        if helper.share_milestones:
            line += " " + _("They hear of your milestones.")
        lines.append(line)
    if not helpers:
        lines.append(
            _(
                "Nobody is linked yet. Invite your sponsor (and up to three people you trust) "
                "into the bot: when a craving is strong, one tap asks them for help and they can "
                "answer with one tap."
            )
        )
    lines.append(_("To save your sponsor's name: /sponsor Sam @sam"))
    return "\n".join(lines)


def link_invitation(link: str, role: str, name: str | None) -> str:
    """The deep link to send, and what it does."""
    if role == "sponsor" and name:
        opening = _("🔗 Send {name} this link:").format(name=esc(name))
    elif role == "sponsor":
        opening = _("🔗 Send your sponsor this link:")
    else:
        opening = _("🔗 Send this link to someone you trust:")
    return (
        opening
        + f"\n{esc(link)}\n\n"
        + _(
            "It works once and for 7 days. When they open it, they see what linking means and "
            "accept or decline; nothing reaches them before they accept. Linked, they can get "
            "your SOS and see your days clean and milestones if you share them — never your "
            "notes, moods, cravings, goals or resets."
        )
    )


def link_share_text(name: str) -> str:
    """The text Telegram's share sheet puts before the link."""
    return _("{name} would like you to be their support person in Milestone Bot.").format(
        name=name
    )


def link_question(inviter: str, role: str, expires_on: date) -> str:
    """What the invited person reads before they accept or decline."""
    if role == "sponsor":
        opening = _("🤝 {name} asks you to be their sponsor in Milestone Bot.")
    else:
        opening = _("🤝 {name} asks you to be one of their trusted people in Milestone Bot.")
    return (
        opening.format(name=esc(inviter))
        + "\n\n"
        + _(
            "If you accept:\n"
            "• When it gets hard, {name} can send you an SOS. You get a message at once and can "
            "answer with one tap (calling, writing, or can't right now).\n"
            "• With /sponsees you see their days clean and milestones, if they share them — never "
            "their notes, moods, cravings, goals or resets.\n"
            "• Either of you can unlink at any time, and the other is told.\n\n"
            "This invitation is open until {date}."
        ).format(name=esc(inviter), date=human_date(expires_on))
    )


def link_refused(refusal: Refusal) -> str:
    """An invitation that cannot be used (or made)."""
    if refusal is Refusal.OWN:
        return _("This is your own invitation link — send it to the person you'd like to link.")
    if refusal is Refusal.NOT_FOR_YOU:
        return _("This invitation was meant for someone else. Nothing was linked.")
    if refusal is Refusal.ALREADY:
        return _("You're already linked with them. 💙")
    if refusal is Refusal.FULL:
        return _(
            "There's no room for another link: one sponsor and up to three trusted people. "
            "Unlink someone first with /sponsor."
        )
    if refusal is Refusal.TOO_MANY:
        return _("You have several invitations open already. Cancel them with /sponsor first.")
    return _(
        "This invitation is no longer open (it was used, cancelled, or is older than 7 days). "
        "Ask for a new link."
    )


def link_accepted_here(inviter: str, role: str) -> str:
    """The invited person accepted."""
    if role == "sponsor":
        text = _("✅ You're now linked as {name}'s sponsor.")
    else:
        text = _("✅ You're now linked as one of {name}'s people.")
    return (
        text.format(name=esc(inviter))
        + " "
        + _(
            "If they send an SOS, you'll get a message from me at once. /sponsees shows who "
            "linked you; you can unlink there."
        )
    )


def link_declined_here(inviter: str) -> str:
    """The invited person declined."""
    return _("Declined. Nothing was linked; I'll let {name} know, kindly.").format(
        name=esc(inviter)
    )


def link_notice(say: str, name: str, role: str) -> str:
    """The other side of a link hears what changed."""
    if say == "accepted" and role == "sponsor":
        return _(
            "✅ {name} accepted: they're linked as your sponsor. When a craving is strong, "
            "“🆘 Ask {name} for help” will be there. If this isn't who you meant, unlink below."
        ).format(name=esc(name))
    if say == "accepted":
        return _(
            "✅ {name} accepted: they're linked as one of your people. If this isn't who you "
            "meant, unlink below."
        ).format(name=esc(name))
    if say == "declined":
        return _(
            "{name} declined the invitation. That's okay — you can still call them, and "
            "/crisis is always there."
        ).format(name=esc(name))
    return _("🔗 The link with {name} has ended.").format(name=esc(name))


def unlinked(name: str) -> str:
    """After an unlink button."""
    return _("Unlinked from {name}. They've been told.").format(name=esc(name))


def sharing_set(name: str, shared: bool) -> str:
    """After the share-milestones toggle."""
    if shared:
        text = _("🎉 {name} will hear of your milestones, and see that a call was logged.")
    else:
        text = _("{name} won't hear of your milestones any more.")
    return text.format(name=esc(name))


def sponsees(people: Sequence[Sponsee]) -> str:
    """`/sponsees`: days clean and milestones of the people who linked you, nothing else."""
    if not people:
        return _(
            "Nobody has linked you yet. When someone invites you into the bot, their link "
            "brings you here."
        )
    lines = [_("🤝 <b>People who linked you</b>")]
    for person in people:
        if person.days is None:
            lines.append(_("• {name} — doesn't share their days").format(name=esc(person.name)))
        else:
            lines.append(_("• {name} — {days} clean; next: {milestone} on {date}").format(
                name=esc(person.name), days=days_text(person.days.days),
                milestone=milestone_text(person.days.next_milestone),
                date=human_date(person.days.next_on),
            ))  # fmt: skip
        if person.last_call is not None:
            lines.append("  " + _("📞 Call logged: {date}").format(
                date=human_date(person.last_call)))  # fmt: skip
    return "\n".join(lines)


def sponsee_milestone(name: str, milestone: Milestone) -> str:
    """A linked person's milestone, told privately to their sponsor."""
    return _("🎉 {name} reached {milestone} today. A message from you would mean a lot.").format(
        name=esc(name), milestone=milestone_text(milestone)
    )


def sos_confirm(name: str) -> str:
    """The first tap on "Ask Sam for help": one more to send."""
    return _(
        "🆘 Send {name} an SOS now? They'll get “asking for help right now” at once, with "
        "buttons to answer."
    ).format(name=esc(name))


def sos_sent(name: str) -> str:
    """The SOS went out."""
    return _(
        "🆘 I'm asking {name} now. I'll tell you when it reaches them and what they answer. "
        "Stay with me: breathe slowly, and move away from it if you can."
    ).format(name=esc(name))


def sos_already(name: str | None) -> str:
    """A second tap within 10 minutes."""
    if name:
        return _("🆘 Your SOS is already on its way to {name}. I'll tell you as soon as they "
                 "answer.").format(name=esc(name))  # fmt: skip
    return _("🆘 Your SOS is already on its way.")


def sos_ask(name: str, user_id: int) -> str:
    """What the sponsor receives."""
    return _(
        "🆘 <b>{name} is asking for help right now.</b>\nThey pressed SOS in Milestone Bot. A "
        "call or a message from you can help them through the next few minutes. Tap their name "
        "to open their profile."
    ).format(name=mention(name, user_id))


def sos_answered_here(name: str, answer: str) -> str:
    """The sponsor's message after their answer."""
    if answer == "calling":
        return _("📞 Thank you. {name} knows you're calling.").format(name=esc(name))
    if answer == "writing":
        return _("💬 Thank you. {name} knows you'll write.").format(name=esc(name))
    return _("Thank you for answering. I've told {name} and I'm asking their next person.").format(
        name=esc(name)
    )


def sos_reached(name: str) -> str:
    """The person: the SOS reached the helper's chat."""
    return _("📨 {name} has your SOS.").format(name=esc(name))


def sos_answer(name: str, answer: str) -> str:
    """The person: the helper's answer, as it comes."""
    if answer == "calling":
        return _("📞 {name} is calling you now.").format(name=esc(name))
    if answer == "writing":
        return _("💬 {name} is writing to you now.").format(name=esc(name))
    return _("{name} can't right now.").format(name=esc(name))


def sos_next(previous: str | None, next_name: str | None, why: str, info: CrisisInfo) -> str:
    """Nobody answered in time (or someone couldn't): the next person, and the line again."""
    if why == "waited" and previous:
        opening = _("No answer from {name} yet.").format(name=esc(previous))
    else:
        opening = ""
    if next_name:
        step = _("I've asked {name} too.").format(name=esc(next_name))
    else:
        step = _("There's nobody else linked to ask. Please call a line now:")
    said = " ".join(part for part in (opening, step) if part)
    if why == "unreachable":  # "I couldn't reach Sam" came with the line just now
        return said
    return said + "\n\n" + crisis(info)


def sos_unreachable(name: str, username: str | None, info: CrisisInfo) -> str:
    """The helper blocked the bot: told at once, with their @link and the line."""
    text = _("⚠️ I couldn't reach {name} — they may have blocked the bot.").format(name=esc(name))
    if username:
        text += " " + _("Try them directly: {link}").format(
            link=f'<a href="https://t.me/{esc(username)}">@{esc(username)}</a>'
        )
    return text + "\n\n" + crisis(info)


def sos_stopped(name: str) -> str:
    """Everyone reached: the alert is over."""
    return _(
        "💙 {name} says they're okay now — the SOS has stopped. Thank you for being there."
    ).format(name=esc(name))


def call_check(name: str) -> str:
    """An hour after the call reminder."""
    return _("📞 Did you reach {name}?").format(name=esc(name))


_MESSAGES.update(
    SOS_OKAY=N_("💙 I'm glad. I've told everyone I reached that you're okay now."),
    SOS_CANCELLED=N_("Okay, no SOS sent. The help is still here whenever you need it."),
    SOS_NOBODY=N_("Nobody is linked any more, so no SOS went out. Please call a line: /crisis"),
    LINK_INVITE_CANCELLED=N_("Invitation cancelled: the link no longer works."),
    CALL_YES=N_("🙌 Well done for reaching out. I've logged the call."),
    CALL_NOT_YET=N_("Okay. There's still time today — even a short message counts."),
    CALL_COULDNT=N_(
        "That happens. Leaving a message counts too, and you can try again tomorrow. "
        "If it's hard right now: /crisis"
    ),
    PRIVACY_SEALED=N_(
        "<b>Locked with your own key</b>: what you write — notes, reasons, goals, reminders, "
        "your sponsor's name and username, notes to future you, and your messages while they "
        "wait to be handled — is stored encrypted with a key that is yours alone. Not "
        "encrypted: ids, dates, times, numbers and choices (like a mood or a craving), and the "
        "name groups see. Backups hold only the encrypted text, never your key. /deleteme "
        "destroys your key first, so no copy anywhere can show what you wrote."
    ),
    PRIVACY_LINKS=N_(
        "<b>People you link</b>: a sponsor or trusted person you invite with /sponsor sees only "
        "what you share — your days clean and milestones, and that a call was logged — never "
        "notes, moods, cravings, goals or resets. An SOS sends them your name and that you're "
        "asking for help, nothing you wrote."
    ),
)
