"""Every user-facing string. User text always passes through `esc` (messages are HTML)."""

from __future__ import annotations

import html
from datetime import date

from bot.domain.checkins import MAX_NOTE_LENGTH, Craving
from bot.domain.dates import DateProblem, human
from bot.domain.goals import (
    MAX_ACTIVE_GOALS,
    MAX_TITLE_LENGTH,
    NUMBER_WORDS,
    GoalKind,
    progress_bar,
)
from bot.domain.milestones import Milestone, by_key
from bot.domain.money import SpendPlan, format_money
from bot.domain.names import MAX_ALIAS_LENGTH, NameProblem
from bot.domain.reminders import MAX_REMINDER_TEXT, SNOOZE_MINUTES, Repeat, SponsorProblem
from bot.domain.text_limits import shorten
from bot.domain.timezones import ZoneQuestion, zone_city
from bot.services.checkins import CheckinView
from bot.services.clean_time import DateRefusal, DaysView, HistoryView, ResetPreview, ResetView
from bot.services.goals import GoalView
from bot.services.groups import InvitationRefused
from bot.services.journal import JournalPage
from bot.services.reminders import ReminderSet
from bot.services.support import CrisisInfo, SponsorContact
from bot.storage.personal_data import Counts
from bot.storage.reminders import ReminderRow


def esc(text: str) -> str:
    """HTML-escape user-provided text."""
    return html.escape(text, quote=False)


def plural(count: int, one: str, many: str | None = None) -> str:
    """`1 day`, `2 days`."""
    return f"{count} {one if count == 1 else (many or one + 's')}"


# --- usage, one entry per command: (syntax, example) -------------------------------------
USAGE: dict[str, tuple[str, str]] = {
    "timezone": ("/timezone CITY or COUNTRY — or share your location", "/timezone Manchester"),
    "sober": (
        "/sober DATE — today, yesterday, 2026-01-31, 31.01.2026, Jan 31 2026, 3 days ago",
        "/sober 2026-01-31",
    ),
    "days": ("/days", "/days"),
    "reset": ("/reset [DATE] — the day it happened, today if left out", "/reset yesterday"),
    "history": ("/history", "/history"),
    "name": ("/name ALIAS — the name peers see, up to 32 characters", "/name Alex"),
    "checkin": ("/checkin — today's check-in, right now", "/checkin"),
    "checkintime": ("/checkintime HH:MM or /checkintime off", "/checkintime 20:30"),
    "goal": (
        "/goal WHAT [HOW OFTEN] [at HH:MM] [because WHY]",
        "/goal go to a meeting twice a week",
    ),
    "goals": ("/goals", "/goals"),
    "done": ("/done N — the number from /goals (or /done alone for buttons)", "/done 1"),
    "drop": ("/drop N — the number from /goals", "/drop 2"),
    "sponsor": ("/sponsor NAME [@username] — no phone numbers, please", "/sponsor Sam @sam_k"),
    "remind": (
        "/remind HH:MM TEXT [daily | weekdays | for N days]",
        "/remind 19:00 call Sam daily",
    ),
    "reminders": ("/reminders", "/reminders"),
    "groups": ("/groups", "/groups"),
    "journal": ("/journal", "/journal"),
    "progress": ("/progress [8w | 6m | 1y]", "/progress 6m"),
    "why": ("/why REASON — or /why alone to see them", "/why to be there for my kids"),
    "pledge": ("/pledge HH:MM or /pledge off", "/pledge 7:00"),
    "spend": ("/spend AMOUNT [CURRENCY] per day|week — or /spend off", "/spend 20 per day"),
    "export": ("/export — or /export csv for spreadsheets", "/export"),
}


def usage(command: str) -> str:
    """How to use a command, with an example."""
    syntax, example = USAGE[command]
    return f"Usage: <code>{esc(syntax)}</code>\nFor example: <code>{esc(example)}</code>"


# --- onboarding ---------------------------------------------------------------------------
PRIVACY_PARAGRAPH = (
    "🔒 What you tell me stays between us. I keep your clean date, check-ins and goals in "
    "one private database, never show them to anyone, and post nothing to a group unless "
    "you opt in — and then only your chosen name and the milestone you reached."
)


def start(first_name: str) -> str:
    """Greeting for /start."""
    return (
        f"Hi {esc(first_name) or 'there'} 👋 I'm Milestone Bot. I help you count your clean "
        "time, notice your progress and celebrate it — one day at a time.\n\n"
        f"{PRIVACY_PARAGRAPH} /privacy has the details.\n\n"
        "<b>Next steps</b>\n"
        "1. Your time zone: <code>/timezone</code> and your city, like "
        "<code>/timezone Manchester</code> (or share a location)\n"
        "2. Your clean date: <code>/sober 2026-01-31</code> (or <code>/sober today</code>)\n"
        "3. Then <code>/days</code> shows your count and next milestone.\n\n"
        "/help lists everything I can do."
    )


HELP_SHORT = (
    "I'm here for your clean time, your day and your small goals. Just write to me the way "
    "you'd talk — or tap one of these:"
)


def help_all(info: CrisisInfo) -> str:
    """Every command by task, then the crisis line."""
    return (
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
        "/timezone CITY · /name ALIAS · /privacy\n\n"
        f"<b>If things are hard right now</b>\n{crisis(info)}"
    )


def crisis(info: CrisisInfo) -> str:
    """The crisis line that fits the person (their country's, or the operator's text)."""
    if info.line is not None:
        line = f"<b>{esc(info.line.service)}</b>: {esc(info.line.numbers)}"
        return (
            f"💙 If you're in danger or thinking about ending your life, please reach out now — "
            f"{line}.\nIf you're in immediate danger, call your local emergency number. "
            "You don't have to get through this alone."
        )
    return f"💙 {esc(info.text or '')}\nYou don't have to get through this alone."


def danger_reply(info: CrisisInfo) -> str:
    """Danger to life: the crisis line first, nothing else."""
    return (
        "I'm really glad you told me. What you're feeling matters, and you deserve help "
        "right now.\n\n" + crisis(info) + "\n\nI'm here too — write to me any time."
    )


PRIVACY = (
    "<b>Your privacy</b>\n\n"
    "<b>What I store</b>: your Telegram id and first name; the name you chose for peers; "
    "your time zone and check-in and pledge times; your clean dates, streaks and milestones; "
    "check-in answers (mood, craving) and journal notes with their times; goals and their "
    "progress; reminders; your sponsor's name and username; your reasons (/why); pledges; "
    "what using cost (/spend); notes to future you; the groups you share with.\n\n"
    "<b>Who sees what</b>: only you. A group you joined sees your chosen name and the "
    "milestone reached (and its chip picture if the group turned that on) — never resets, "
    "dates, moods, notes, goals or reminders. The operator sees counts, never names.\n\n"
    "<b>How long</b>: until you delete it. Messages you send are stored only until they are "
    "handled (at most 3 days after); sent messages' records go after 30 days. Logs hold ids "
    "and counts, never what you write. Everything lives in one database on the operator's "
    "machine; nothing is sold or shared.\n\n"
    "<b>Yours to take or remove</b>: /export sends you everything (or /export csv for "
    "spreadsheets); /deleteme removes every row about you, at once."
)

EXPIRED = "This button has expired."
NOT_YOUR_BUTTON = "This button isn't yours."


def unknown_command(closest: str | None) -> str:
    """A command the bot does not have, with the closest one."""
    if closest:
        return f"I don't know that command — did you mean /{closest}? /help shows the rest."
    return "I don't know that command. You can also just write to me; /help shows the rest."


PRIVATE_ONLY_IN_GROUP = (
    "Let's do that privately 🔒 — your clean time, goals and check-ins stay between us. "
    "Tap below to open our chat."
)
SOMETHING_WENT_WRONG = (
    "Something went wrong on my side — nothing you saved was lost. Please try again in a moment."
)


# --- time zone ----------------------------------------------------------------------------
def timezone_set(zone: str, local_time: str, place: str | None = None) -> str:
    """Confirmation of a stored zone, with the place it was found by and its clock now."""
    where = (
        f"<b>{esc(place)}</b> ({esc(zone_city(zone))} time)"
        if place
        else (f"<b>{esc(zone_city(zone))} time</b>")
    )
    return (
        f"🕰 Time zone set: {where} — it's <b>{local_time}</b> there now.\n"
        "If that's not your clock, send /timezone with your city."
    )


_ZONE_QUESTIONS = {
    ZoneQuestion.WHICH_CLOCK: (
        "“{typed}” names a clock, not a place, and the clock changes with summer time in "
        "some places but not others. Which place's time do you live by?"
    ),
    ZoneQuestion.WHICH_PART: "“{typed}” has more than one time zone. Which one is yours?",
}


def timezone_suggestions(typed: str, question: ZoneQuestion, exact_name: bool) -> str:
    """Several places fit (or near misses); buttons follow."""
    if question in _ZONE_QUESTIONS:
        return _ZONE_QUESTIONS[question].format(typed=shorten(typed))
    if exact_name:
        return f"There's more than one “{shorten(typed)}”. Which one is yours?"
    return f"I don't know a place called “{shorten(typed)}”. Did you mean one of these?"


def timezone_unknown(typed: str) -> str:
    """No zone matched."""
    return (
        f"I couldn't find a place called “{shorten(typed)}”. Try the nearest big city or "
        "your country — or share your location (📎 → Location).\n" + usage("timezone")
    )


LOCATION_UNRESOLVED = (
    "I couldn't tell the time zone of that place. Try <code>/timezone</code> with your city."
)


# --- clean time ---------------------------------------------------------------------------
def date_problem(problem: DateProblem, command: str) -> str:
    """A date that cannot be read or used."""
    if problem is DateProblem.FUTURE:
        return "That date is in the future. Please give today or a day before.\n" + usage(command)
    if problem is DateProblem.TOO_OLD:
        return "That date is more than a century ago — could there be a typo?\n" + usage(command)
    if problem is DateProblem.AMBIGUOUS:
        return "Day first or month first? Tap the date you mean:"
    return "I couldn't read that date.\n" + usage(command)


def date_refused(refusal: DateRefusal, boundary: date | None) -> str:
    """A readable date that conflicts with the history."""
    if refusal is DateRefusal.NO_CLEAN_DATE:
        return "You haven't set a clean date yet. Start with <code>/sober DATE</code>."
    when = human(boundary) if boundary else "then"
    if refusal is DateRefusal.BEFORE_LAST_RESET:
        return f"That's before your last restart on {when}. Please pick {when} or later."
    return f"That's before your clean date, {when}. Please pick {when} or later."


def days_with_extras(view: DaysView, money_kept: str | None, pledge_streak: int) -> str:
    """/days: the count, the next milestone, money kept and the pledge streak."""
    lines = [days(view)]
    if money_kept and view.clean_date <= view.today:
        lines.append(f"💰 Money kept: <b>{esc(money_kept)}</b>")
    if pledge_streak:
        lines.append(f"🤝 Pledged {plural(pledge_streak, 'day')} running.")
    return "\n".join(lines)


def days(view: DaysView) -> str:
    """The day count and the next milestone."""
    if view.clean_date > view.today:
        return (
            f"🌱 Your new clean time starts tomorrow, {human(view.clean_date)}. Tonight, be "
            "gentle with yourself. Next milestone: <b>"
            f"{view.next_milestone.label}</b> on {human(view.next_on)}."
        )
    if view.days == 0:
        head = "🌱 Today is day one. Every journey starts exactly here."
    else:
        head = f"🌿 <b>{plural(view.days, 'day')}</b> clean — since {human(view.clean_date)}."
    to_next = plural(view.days_to_next, "day")
    return (
        f"{head}\nNext milestone: <b>{view.next_milestone.label}</b> on "
        f"{human(view.next_on)} — {to_next} to go."
    )


def clean_date_set(view: DaysView) -> str:
    """Confirmation of /sober."""
    return f"✅ Clean date saved: {human(view.clean_date)}.\n{days(view)}"


NO_CLEAN_DATE = "You haven't set a clean date yet. Try <code>/sober 2026-01-31</code>."


def reset_question(preview: ResetPreview) -> str:
    """Before a relapse is recorded: the day, and the new clean date it gives."""
    return (
        f"Record a relapse on <b>{human(preview.relapse_on)}</b>?\n"
        f"Your new clean date would be <b>{human(preview.new_clean_date)}</b>, the day after. "
        "Your history and your longest streak stay, and no group hears about it."
    )


def relapse_heard(day: date | None) -> str:
    """A relapse told in words: kindness first; nothing changes unless they choose."""
    ask = (
        f"If you'd like, I can record it for {human(day)} — or leave everything as it is."
        if day is not None
        else "If you'd like, I can record it — which day was it? Or leave everything as it is."
    )
    return (
        "💙 Thank you for telling me. That took courage. A slip doesn't erase the days you "
        "lived clean, or what you learned in them — they're still yours.\n\n"
        f"{ask} Nothing changes unless you say so."
    )


def relapse_heard_no_date(start: date) -> str:
    """A relapse told in words by someone without a clean date yet: kindness, and a way
    to start counting when they are ready."""
    return (
        "💙 Thank you for telling me. That took courage, and it doesn't undo what you're "
        "working toward. A new start can begin whenever you choose.\n\n"
        f"If you'd like, I can start counting your clean time from <b>{human(start)}</b> — "
        "or another day, or not now. Nothing changes unless you say so."
    )


CLEAN_DATE_OTHER_DAY = (
    "Tell me the day your clean time starts with /sober — for example "
    "<code>/sober today</code> or <code>/sober 2026-11-28</code>."
)


RELAPSE_NOT_NOW = (
    "Okay — nothing has changed. Be kind to yourself today. If you want to talk it through, "
    "your sponsor or a meeting can help, and I'm here."
)
RELAPSE_OTHER_DAY = (
    "Tell me the day with /reset and the date — for example <code>/reset last saturday</code> "
    "or <code>/reset 21/11</code>. I'll ask before changing anything."
)
RESET_CANCELLED = "Cancelled — nothing changed."


def reset(view: ResetView) -> str:
    """A relapse recorded, met with compassion; Undo follows for 24 h."""
    when = human(view.new_clean_date)
    starts = f"starts tomorrow, {when}" if view.new_clean_date > view.today else f"began {when}"
    return (
        "💙 Thank you for being honest — that takes courage. A slip doesn't erase what you "
        "learned or the days you lived clean.\n\n"
        f"Your last streak: <b>{plural(view.ended_days, 'day')}</b>. "
        f"Your longest: <b>{plural(view.longest_days, 'day')}</b> — both stay in /history.\n"
        f"Your new clean time {starts}. This is private; no "
        "group hears about it.\n\n"
        "If you can, reach out to someone you trust today. /crisis is there if you need it.\n"
        "Tapped by mistake? Undo works for 24 hours."
    )


def reset_undone(view: DaysView) -> str:
    """After Undo: the streak as it was."""
    return "↩️ Undone — your streak is back exactly as it was.\n" + days(view)


def history(view: HistoryView) -> str:
    """Streaks newest first with their milestones."""
    if not view.streaks:
        return NO_CLEAN_DATE
    lines = [f"<b>Your history</b> — longest streak: {plural(view.longest_days, 'day')}"]
    for item in view.streaks:
        end = "now" if item.streak.ended_on is None else human(item.streak.ended_on)
        lines.append(f"\n• {human(item.streak.clean_date)} → {end}: {plural(item.days, 'day')}")
        for milestone, on in item.reached:
            lines.append(f"   🏅 {milestone.label} — {human(on)}")
    return "\n".join(lines)


# --- alias --------------------------------------------------------------------------------
def alias_set(alias: str) -> str:
    """Confirmation of /name."""
    return f"Peers will see you as <b>{esc(alias)}</b>."


_ALIAS_PROBLEMS = {
    NameProblem.EMPTY: "Please type the name after /name.",
    NameProblem.TOO_LONG: (
        f"That name is too long — please keep it to {MAX_ALIAS_LENGTH} characters."
    ),
    NameProblem.MENTION: "Please leave out the @ — peers see a plain name, not a username.",
    NameProblem.LINK: "A name can't contain a link or a web address.",
    NameProblem.HIDDEN: "That name has hidden or control characters — please type it plainly.",
}


def alias_refused(problem: NameProblem) -> str:
    """Why a /name was refused (the name is shown to groups, so it must be plain)."""
    return _ALIAS_PROBLEMS[problem] + "\n" + usage("name")


# --- daily check-in -----------------------------------------------------------------------
# Curated journaling questions: gratitude, triggers noticed, coping used, values acted on,
# connection with others. The order is part of the rotation; append, don't reorder.
JOURNAL_QUESTIONS: tuple[str, ...] = (
    "What is one thing you're grateful for today?",
    "Did anything today make you want to use? What did you notice first?",
    "What helped you get through a hard moment today?",
    "Which of your values did you act on today?",
    "Who did you connect with today, even briefly?",
    "What's one small thing you did today just for you?",
    "Was there a place, person or feeling today that you now recognise as a trigger?",
    "Which coping tool did you reach for today — and did it help?",
    "When did you feel most like yourself today?",
    "Who could you reach out to tomorrow?",
    "What is something your body did for you today that you can thank it for?",
    "What did you say no to today that protected your recovery?",
    "What's a moment from today you'd like to remember?",
    "What was the hardest feeling today, and what did you do with it?",
    "How did you show honesty today, with yourself or someone else?",
    "What made you smile today?",
    "What did you notice about your sleep, food or energy today?",
    "Who supported you recently, and how might you thank them?",
    "What would you tell someone on their first day clean?",
    "Was there a moment today you paused before reacting? What happened?",
    "Which meeting, reading or slogan stayed with you lately?",
    "What are you looking forward to this week?",
    "What does a good day in recovery look like for you right now?",
    "How did you take care of someone else today?",
    "What's one thing you've learned about yourself this month?",
    "What situations feel easier now than they did a few weeks ago?",
    "Where did you feel calm today?",
    "What is one step you took today toward the life you want?",
    "How did you ask for help, or how could you next time?",
    "Which thought pattern showed up today, and how did you answer it?",
    "What are three things that went okay today, however small?",
    "Who in your life believes in you? What would they say about today?",
    "How did you practise patience today?",
    "What boundary did you keep or would you like to set?",
    "What does your future self thank you for today?",
)

MOOD_WORDS = {1: "very low", 2: "low", 3: "okay", 4: "good", 5: "great"}
CRAVING_WORDS = {Craving.NONE: "none", Craving.MILD: "mild", Craving.STRONG: "strong"}


def checkin_prompt(view: CheckinView) -> str:
    """The daily prompt; answers chosen so far are shown under it."""
    lines = [f"📝 <b>Check-in · {human(view.local_date)}</b>"]
    if view.days is not None:
        lines.append(f"Day {view.days} of your clean time.")
    lines += [
        "",
        "How are you feeling? (1 = very low, 5 = great)",
        "Any cravings today?",
        "",
        f"✍️ <i>{JOURNAL_QUESTIONS[view.question_id % len(JOURNAL_QUESTIONS)]}</i>",
        "Reply to this message with a few words, if you like.",
    ]
    chosen = []
    if view.mood is not None:
        chosen.append(f"mood {view.mood} ({MOOD_WORDS[view.mood]})")
    if view.craving is not None:
        chosen.append(f"craving: {CRAVING_WORDS[view.craving]}")
    if view.has_note:
        chosen.append("note saved")
    if chosen:
        lines += ["", "✅ " + " · ".join(chosen)]
    if view.goals:
        lines += ["", "🎯 Tap a goal you moved forward today:"]
    return "\n".join(lines)


_COPING = (
    "• Breathe slowly: in for 4, hold for 4, out for 6 — five times.",
    "• Change where you are: step outside, walk, drink a glass of water.",
    "• Play the tape forward: picture tomorrow morning after using, and after not.",
    "• Delay: decide to wait 15 minutes, then check in with yourself again.",
    "• Call someone: a sponsor, a friend from your group, a helpline.",
)


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
        opening = (
            "💙 Thank you for writing this down, even now — I've kept it in today's journal. "
            "You reached out instead of reaching for it, and that counts."
        )
    elif distress:
        opening = "💙 That sounds really hard, and I'm glad you told me. You're not alone in it."
    else:
        opening = "💙 Thank you for telling me. You reached out instead of reaching for it."
    lines = [
        opening,
        "A craving is a wave: it rises, peaks and passes, usually within 20–30 minutes. "
        "Some things that help right now:",
        *_COPING,
    ]
    if reasons:
        lines.append("\n<b>Remember why</b>")
        lines += [f"• {esc(reason)}" for reason in reasons]
    if sponsor is not None:
        lines.append(f"\nYour sponsor: {sponsor_line(sponsor.name, sponsor.username)}")
    lines.append("\n" + crisis(info))
    lines.append("\nWould you like me to check on you in 20 minutes?")
    return "\n".join(lines)


def use_now_support(
    info: CrisisInfo, sponsor: SponsorContact | None, reasons: list[str] | None = None
) -> str:
    """A use about to happen: urgent help before anything else."""
    lines = [
        "💙 Thank you for writing to me first — that matters. Right now, before anything else:",
        "• Put distance between you and it: pour it away, leave it outside, step out of the "
        "place, get into a room where it isn't.",
        "• Call someone this minute, before deciding anything.",
        "• You only have to get through the next 20 minutes, not forever.",
    ]
    if sponsor is not None:
        lines.append(f"\n📞 Call your sponsor now: {sponsor_line(sponsor.name, sponsor.username)}")
    if reasons:
        lines.append("\n<b>Remember why</b>")
        lines += [f"• {esc(reason)}" for reason in reasons]
    lines.append("\n" + crisis(info))
    lines.append("\nWould you like me to check on you in 20 minutes?")
    return "\n".join(lines)


def check_on_set(at_local: str) -> str:
    """The follow-up was scheduled."""
    return f"I'll check on you at {at_local}. If you write before then, I'll know you're here. 💙"


CHECK_ON = "Checking in, as you asked 💙 How are you doing now?"
CHECK_ON_BETTER = "I'm really glad. You rode that wave — remember this the next time one comes. 🌿"
CHECK_ON_DECLINED = "Okay. I'm here whenever you want to write. 💙"


def progress_offer(title: str) -> str:
    """Progress told in words that matches an active goal."""
    return f"That counts 💙 Shall I log today for “{esc(title)}”?"


WIN_REPLY = (
    "That's a real win 💪 Getting through it the way you did counts — notice it, and give "
    "yourself some credit tonight. I'm here whenever you want to write."
)
HELP_ALWAYS_HERE = "If it gets hard, one tap below and I'm with you."


def next_milestone(view: DaysView) -> str:
    """Asked in words: the next milestone and its date."""
    to_next = plural(view.days_to_next, "day")
    return (
        f"🏅 Your next milestone is <b>{view.next_milestone.label}</b>, on "
        f"{human(view.next_on)} — {to_next} to go. You're at "
        f"{plural(view.days, 'day')} today."
    )


def longest_streak(view: HistoryView) -> str:
    """Asked in words: the longest streak, then the history."""
    if not view.streaks:
        return NO_CLEAN_DATE
    return f"🌿 Your longest streak: <b>{plural(view.longest_days, 'day')}</b>.\n\n" + history(
        view
    )


def checkin_time_answer(value: str | None) -> str:
    """Asked in words: when the check-in comes, and how to change it."""
    if value is None:
        return (
            "Your daily check-in is <b>off</b>. To have it again, send "
            "<code>/checkintime 20:00</code> (or any time you like)."
        )
    return (
        f"⏰ Your daily check-in comes at <b>{value}</b> your time. To change it, send "
        "<code>/checkintime</code> and the time — for example <code>/checkintime 21:30</code>, "
        "or <code>/checkintime off</code>."
    )


_REPEAT_SAID = {"once": "", "daily": " every day", "weekdays": " on weekdays"}


def reminder_offer(text: str, at: str, repeat: str, tomorrow: bool) -> str:
    """A reminder asked for in words, prepared but not set."""
    when = " tomorrow" if tomorrow else ""
    return (
        f"⏰ Shall I remind you “{esc(shorten(text, 120))}” at <b>{at}</b>{when}"
        f"{_REPEAT_SAID.get(repeat, '')}? Nothing is set until you tap."
    )


def reminder_times(text: str) -> str:
    """Change time: pick another."""
    return f"What time should I remind you “{esc(shorten(text, 120))}”?"


REMINDER_UNCLEAR = (
    "I can set a reminder for you — I just need the time and what it's for. For example "
    "<code>/remind 19:00 call Sam</code> or <code>/remind 8pm go to my meeting</code>."
)
REMINDER_NOT_SET = "Okay — no reminder set."


_UNIT_WORDS = {"day": ("day", "days"), "week": ("week", "weeks"), "month": ("month", "months"),
               "year": ("year", "years")}  # fmt: skip


def claim_words(number: int, unit: str) -> str:
    """`30 days`, `1 year`."""
    one, many = _UNIT_WORDS.get(unit, (unit, unit + "s"))
    return plural(number, one, many)


def count_answer(claimed: str, view: DaysView | None, matches: bool) -> str:
    """A count stated in words, beside the one on record."""
    if view is None:
        return (
            f"🎉 {esc(claimed)} — that's something to be proud of. I haven't got a clean date "
            "for you yet; if you'd like me to count with you, tap below or use /sober."
        )
    if matches:
        return f"🎉 Yes — {esc(claimed)} today, by my count too. Well done; that's real."
    return (
        f"🌿 That's worth celebrating. By my count you're at <b>{plural(view.days, 'day')}</b> "
        f"today (clean since {human(view.clean_date)}). If your date is different, "
        "<code>/sober</code> and the date puts it right."
    )


PROGRESS_NOT_LOGGED = "Okay, not logged. Well done all the same. 🌿"
THANKS_REPLY = "You're very welcome 💙 I'm here whenever you need me."


def greeting_reply(name: str) -> str:
    """Hi back."""
    return (
        f"Hi {esc(name)} 💙 How are you doing today? Write whatever's on your mind, or tap /help."
    )


JOURNAL_OFFER = (
    "I'm here, and I read every word. Would you like me to keep this in today's journal? "
    "Only you can see it."
)


def note_kept(day: date) -> str:
    """An offered message was kept."""
    return f"📝 Kept in your journal for {human(day)}. /journal shows your week."


NOTE_NOT_KEPT = "Okay, I haven't kept it. I'm still here if you want to talk. 💙"


def journal_page(page: JournalPage) -> str:
    """/journal: a week of check-ins and notes, newest first."""
    head = f"📓 <b>Your journal</b> · {human(page.first)} – {human(page.last)}"
    if not page.days:
        empty = "Nothing written these days. Reply to a check-in, or just write to me."
        return f"{head}\n\n{empty}"
    blocks = []
    for day in page.days:
        lines = [f"<b>{human(day.local_date)}</b>"]
        answers = []
        if day.mood is not None:
            answers.append(f"mood {day.mood} ({MOOD_WORDS[day.mood]})")
        if day.craving is not None:
            answers.append(f"craving: {CRAVING_WORDS[day.craving]}")
        if answers:
            lines.append(" · ".join(answers))
        lines += [f"🕰 {at} — {esc(text)}" for at, text in day.notes]
        blocks.append("\n".join(lines))
    return head + "\n\n" + "\n\n".join(blocks)


def note_saved(day: date) -> str:
    """A note was kept in the journal."""
    return f"📝 Kept in your journal for {human(day)}, with the time. Thank you for writing."


NOTE_TOO_LONG = (
    f"That note is over {MAX_NOTE_LENGTH} characters, so I didn't save it. "
    "Could you shorten it a little and send it again?"
)
CHECKIN_SAVED = "Saved ✓"


def checkin_time_set(value: str | None) -> str:
    """Confirmation of /checkintime."""
    if value is None:
        return (
            "Daily check-ins are off. I'll still quietly notice your milestones. "
            "<code>/checkintime 20:00</code> turns them back on."
        )
    return f"⏰ Your daily check-in will arrive at <b>{value}</b> your time."


def checkin_time_current(value: str | None) -> str:
    """What /checkintime without arguments says."""
    now = f"at <b>{value}</b>" if value else "<b>off</b>"
    return f"Your daily check-in is {now}.\n" + usage("checkintime")


# What each milestone means, drawing on the chip and keytag tradition (24 hours is not a year).
MILESTONE_WORDS = {
    "1d": "24 hours. In many rooms the first chip is for exactly this — one day. "
    "You did the hardest one.",
    "3d": "3 days. The body starts to clear around now, even if the mind takes longer. "
    "Be gentle with both.",
    "1w": "One week. Seven mornings you chose this — a pattern is starting.",
    "2w": "Two weeks. Sleep, appetite and mood often begin to settle about now. "
    "Notice what feels different.",
    "30d": "30 days — a whole month, and the first keytag in many fellowships. "
    "Take a moment to be proud.",
    "60d": "60 days. Two months of showing up — for yourself, and for the people who "
    "walk with you.",
    "90d": "90 days. For many people this is the first real landmark: new habits are taking root.",
    "6m": "Six months — half a year. Seasons have changed while you kept going.",
    "9m": "Nine months. Long enough for a whole new way of living to grow.",
    "1y": "One year. A whole turn of the calendar — every birthday, holiday and hard "
    "Tuesday, clean. That's something to celebrate with the people who helped.",
    "18m": "18 months. A year and a half of choosing this, one day at a time.",
}


def milestone_words(milestone: Milestone) -> str:
    """The words for a milestone (every anniversary after the first has its own line)."""
    return MILESTONE_WORDS.get(
        milestone.key,
        f"{milestone.label}. Another full year — your recovery is part of who you are now, "
        "and it still happens one day at a time.",
    )


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
    money = f"\nMoney kept so far: <b>{esc(money_kept)}</b>." if money_kept else ""
    if quiet:
        return (
            f"💙 If today's count is right, you've reached <b>{milestone.label}</b> — "
            f"{milestone_words(milestone)}{money}\n"
            "If things have changed, that's okay too: /reset is private, and I'm here either "
            f"way. Next milestone: {upcoming.label} on {human(upcoming_on)}."
        )
    return (
        f"🎉 <b>{milestone.label}</b> clean — congratulations!\n{milestone_words(milestone)}"
        f"{money}\nNext milestone: {upcoming.label} on {human(upcoming_on)}. "
        "One day at a time. 💙"
    )


def progress_caption(span_words: str) -> str:
    """Under the /progress picture."""
    return (
        f"📈 Your last {span_words}. Grey days are days without a check-in — not failures. "
        "Every coloured square is a day you showed up for yourself."
    )


def reasons(items: list[str], *, added: bool) -> str:
    """/why: the person's reasons."""
    if not items:
        return (
            "💙 What are you doing this for? Add a reason with /why — for example "
            "<code>/why to be there for my kids</code>. I'll show them to you in hard moments "
            "and in the morning pledge."
        )
    head = "💙 Kept. Your reasons:" if added else "💙 Your reasons:"
    lines = [head, *[f"• {esc(item)}" for item in items]]
    lines.append("\nAdd another with /why …; tap one below to remove it.")
    return "\n".join(lines)


def reason_refused(why: str) -> str:
    """A reason that cannot be kept."""
    if why == "full":
        return "You have 10 reasons already — remove one with /why first. 💙"
    return f"Please keep a reason to {200} characters.\n" + usage("why")


def pledge_time_set(value: str | None) -> str:
    """Confirmation of /pledge."""
    if value is None:
        return "The morning pledge is off. <code>/pledge 7:00</code> turns it back on."
    return (
        f"🌅 Each morning at <b>{value}</b> I'll send a “just for today” with your reasons "
        "and today's goals. One tap to commit."
    )


SPEND_OFF = "Okay — I won't count money any more."


def spend_set(plan: SpendPlan, kept: str | None) -> str:
    """Confirmation of /spend."""
    per = "a day" if plan.period == "day" else "a week"
    amount = format_money(plan.amount, plan.currency)
    so_far = f" In this clean time you've kept <b>{esc(kept)}</b> so far." if kept else ""
    return f"💰 Noted: using cost about {esc(amount)} {per}.{so_far} /days shows it as it grows."


EXPORT_CAPTION = (
    "📦 Everything I store about you. It's yours — keep it somewhere safe, as it holds "
    "personal notes."
)
DELETE_ME_QUESTION = (
    "This deletes <b>everything</b> I store about you — clean dates, check-ins, notes, goals, "
    "reminders, reasons, group memberships — at once, and it can't be undone. Recent group "
    "announcements about you are removed too. You can /export first. Delete everything?"
)
DELETE_ME_KEPT = "Nothing was deleted. 💙"


def deleted(counts: dict[str, int], group_posts: int) -> str:
    """What /deleteme removed."""
    lines = ["🗑 Done. I removed everything about you:"]
    lines += [f"• {name}: {count}" for name, count in counts.items() if count]
    if group_posts:
        lines.append(f"• group announcements removed from chats: {group_posts}")
    lines.append(
        "\nNothing is scheduled for you any more. If you write again, you start fresh. "
        "Take care of yourself. 💙"
    )
    return "\n".join(lines)


NOT_AN_OPERATOR = "That command is for the bot's operator."


def stats(counts: Counts) -> str:
    """The operator's /stats: counts, never names."""
    oldest = (
        "none waiting" if counts.oldest_unsent_seconds is None
        else f"{counts.oldest_unsent_seconds} s"
    )  # fmt: skip
    return (
        "<b>Milestone Bot</b>\n"
        f"People: {counts.people}\nActive in 7 days: {counts.active_7_days}\n"
        f"Groups: {counts.groups}\nCheck-ins today: {counts.check_ins_today}\n"
        f"Outbox backlog: {counts.outbox_backlog}\nOldest unsent: {oldest}"
    )


def pledge(reasons: list[str], goals: list[str]) -> str:
    """The morning pledge: just for today, their reasons, today's goals."""
    lines = [
        "🌅 <b>Just for today</b>",
        "Just for today, I'll stay clean. I don't have to do forever — only today.",
    ]
    if reasons:
        lines += ["", "<b>Why it matters to you</b>", *[f"• {esc(r)}" for r in reasons]]
    if goals:
        lines += ["", "<b>Today's small steps</b>", *[f"• {esc(g)}" for g in goals[:5]]]
    return "\n".join(lines)


def pledge_committed(streak: int) -> str:
    """After 🤝."""
    days = "today" if streak <= 1 else f"{streak} days running"
    return f"🤝 Committed — {days}. One day at a time. 💙"


def future_notes(notes: list[tuple[str, str]]) -> str:
    """Notes to future me, shown back at the next milestone."""
    blocks = []
    for key, text in notes:
        milestone = by_key(key)
        when = f"At {milestone.label}" if milestone else "Earlier"
        blocks.append(f"✉️ {when}, you wrote to yourself:\n<i>{esc(text)}</i>")
    return "\n\n".join(blocks)


FUTURE_NOTE_ASK = (
    "✉️ Write a few words to your future self — what today feels like, what helped, what "
    "you hope for. I'll keep them safe and show them to you at your next milestone."
)
FUTURE_NOTE_KEPT = "✉️ Kept. I'll show it to you at your next milestone. 💙"


NUDGE = (
    "Hi, just checking in 💙 No pressure and nothing to catch up on — we're here whenever "
    "you want. /checkin or /days anytime."
)


# --- small goals --------------------------------------------------------------------------
def _goal_line(view: GoalView) -> str:
    lines = [f"<b>{view.number}.</b> {esc(view.title)}"]
    status = progress_bar(view.done, view.target)
    if view.state == "missed":
        status += " · waiting for your choice (try again, smaller, or drop)"
    elif view.days_left is not None:
        status += f" · {plural(view.days_left, 'day')} left"
    if view.logged_today:
        status += " · ✅ today"
    lines.append(f"    {status}")
    if view.reason:
        lines.append(f"    💡 because {esc(view.reason)}")
    return "\n".join(lines)


def goals_list(views: list[GoalView]) -> str:
    """/goals."""
    if not views:
        return (
            "No goals yet. Small and concrete works best, for example:\n"
            "<code>/goal go to a meeting twice a week</code>\n"
            "<code>/goal call my sponsor every evening for 7 days at 19:00</code>"
        )
    body = "\n\n".join(_goal_line(view) for view in views)
    return f"🎯 <b>Your goals</b>\n\n{body}\n\n/done N logs today · /drop N removes one"


def goal_plan(view: GoalView) -> str:
    """How a goal runs, in plain words: "3 times by Sun 29 Nov, then again each week"."""
    by = f" by {human(view.period_end)}" if view.period_end else ""
    if view.kind is GoalKind.ONCE:
        return f"once{by} — tell me with /done when it's done"
    if view.kind is GoalKind.DAILY and view.target == view.period_days:
        every = f"every day until {human(view.period_end)}" if view.period_end else "every day"
        return every + (", then a fresh week" if view.repeats else "")
    again = ", then again each week" if view.repeats else ""
    things = counted_things(view.title, view.target)
    if things:
        return f"{view.target} {things}{by}{again}"
    times = "once" if view.target == 1 else f"{view.target} times"
    return f"{times}{by}{again}"


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
    return f"🎯 Goal set: {esc(view.title)}\n{goal_plan(view)}.\n{_goal_line(view)}"


GOAL_HOW_MANY = "How many would feel doable? Smaller steps still count. 🌱"


def goal_schedule_question(title: str) -> str:
    """The parser could not tell how often."""
    return f"🎯 “{esc(title)}” — how often would you like to do this?"


GOAL_TOO_LONG = f"That goal is over {MAX_TITLE_LENGTH} characters — could you shorten it?\n"
TOO_MANY_GOALS = (
    f"You already have {MAX_ACTIVE_GOALS} open goals. Finishing or dropping one makes room — "
    "fewer goals often means more progress."
)
NO_OPEN_GOALS_TODAY = "Nothing left to log today — every open goal is done for today. 🌿"
PICK_GOAL_DONE = "Which goal did you move forward today?"


def goal_logged(view: GoalView, newly: bool, met_now: bool) -> str:
    """After /done or a ✅ button."""
    if met_now:
        return goal_met(view)
    if not newly:
        bar = progress_bar(view.done, view.target)
        return f"Already counted for today: {esc(view.title)} — {bar}"
    return f"✅ Logged: {esc(view.title)}\n{progress_bar(view.done, view.target)}"


def goal_met(view: GoalView) -> str:
    """A goal's target reached."""
    again = " It starts again with the next round." if view.repeats else ""
    reason = f"\nThat's {esc(view.reason)} in action." if view.reason else ""
    return (
        f"🎉 Goal reached: <b>{esc(view.title)}</b> — {progress_bar(view.done, view.target)}\n"
        f"Progress, not perfection — and this is real progress.{again}{reason}"
    )


def goal_missed(title: str, done: int, target: int) -> str:
    """A period ended short of the target: feedback, not failure."""
    return (
        f"🌱 The round for “{esc(title)}” has ended: {done} of {target}.\n"
        "That's feedback, not failure. What got in the way? Maybe the goal was too big, or "
        "the week was hard. Whatever it was, you can choose what comes next:"
    )


def goal_drop_question(view: GoalView) -> str:
    """/drop N asks first."""
    return f"Drop “{esc(view.title)}”? Its progress so far won't be counted any more."


def goal_dropped(title: str) -> str:
    """After a drop is confirmed."""
    return f"Dropped “{esc(title)}”. Letting go of a goal that doesn't fit is a good decision too."


GOAL_KEPT = "Kept it. 👍"


def goal_retry(view: GoalView) -> str:
    """After "try again" or "make it smaller"."""
    until = f" until {human(view.period_end)}" if view.period_end else ""
    return f"💪 New round{until}: {esc(view.title)}\n{progress_bar(view.done, view.target)}"


def goal_choice_prompt_number(count: int) -> str:
    """/done or /drop with a number that isn't on the list."""
    if count == 0:
        return "You have no open goals. Start one with <code>/goal …</code>."
    return f"Pick a number from 1 to {count} — /goals shows them."


# --- sponsor ------------------------------------------------------------------------------
def sponsor_line(name: str, username: str | None) -> str:
    """The sponsor as shown after a strong craving: a tap-to-open link when there's a username."""
    if username:
        return f'{esc(name)} — <a href="https://t.me/{esc(username)}">@{esc(username)}</a>'
    return esc(name)


def sponsor_set(name: str, username: str | None) -> str:
    """/sponsor saved; reminder offer follows."""
    return (
        f"🤝 Saved your sponsor: {sponsor_line(name, username)}\n"
        "Would you like a daily reminder to call?"
    )


def sponsor_problem(problem: SponsorProblem) -> str:
    """A refused /sponsor."""
    if problem is SponsorProblem.PHONE:
        return (
            "Please leave the phone number out — I only keep a name and, if you like, a "
            "Telegram @username.\n" + usage("sponsor")
        )
    if problem is SponsorProblem.TOO_LONG:
        return "That name is quite long — a first name is enough.\n" + usage("sponsor")
    return usage("sponsor")


SPONSOR_NO_REMINDER = "No reminder. You can add one any time with /remind."


# --- reminders ----------------------------------------------------------------------------
_REPEAT_WORDS = {
    Repeat.ONCE: "once",
    Repeat.DAILY: "every day",
    Repeat.WEEKDAYS: "on weekdays",
    Repeat.UNTIL: "every day",
}


def reminder_set(reminder: ReminderSet) -> str:
    """Confirmation of /remind."""
    if reminder.repeat is Repeat.ONCE:
        return (
            f"⏰ I'll remind you at <b>{reminder.at}</b> on {human(reminder.first_on)}: "
            f"{esc(reminder.text)}"
        )
    until = f" until {human(reminder.ends_on)}" if reminder.ends_on else ""
    return (
        f"⏰ I'll remind you at <b>{reminder.at}</b> {_REPEAT_WORDS[reminder.repeat]}{until}, "
        f"starting {human(reminder.first_on)}: {esc(reminder.text)}"
    )


REMINDER_TOO_LONG = f"Please keep the reminder text under {MAX_REMINDER_TEXT} characters."
TOO_MANY_REMINDERS = "You have 20 reminders already — /reminders lets you remove some."


def reminders_list(rows: list[ReminderRow]) -> str:
    """/reminders."""
    if not rows:
        return "No reminders yet. For example: <code>/remind 19:00 call Sam daily</code>"
    lines = ["⏰ <b>Your reminders</b> — tap one below to remove it"]
    for index, row in enumerate(rows, start=1):
        repeat = _REPEAT_WORDS[Repeat(row.repeat)]
        until = f" until {human(row.ends_on)}" if row.ends_on else ""
        lines.append(f"{index}. {row.at_time} {repeat}{until}: {esc(row.text)}")
    return "\n".join(lines)


def reminder_message(
    text: str, goal_title: str | None, sponsor_username: str | None = None
) -> str:
    """A reminder as it arrives (the sponsor call carries their link)."""
    about = f"\n🎯 {esc(goal_title)}" if goal_title and goal_title != text else ""
    link = ""
    if sponsor_username:
        link = f'\n💬 <a href="https://t.me/{esc(sponsor_username)}">@{esc(sponsor_username)}</a>'
    return f"⏰ Reminder: {esc(text)}{about}{link}"


def reminder_done(text: str) -> str:
    """The reminder after ✅."""
    return f"✅ Done: {esc(text)} — well done."


def reminder_snoozed(text: str) -> str:
    """The reminder after ⏰."""
    return f"⏰ Snoozed for {SNOOZE_MINUTES} minutes: {esc(text)}"


def reminder_skipped(text: str) -> str:
    """The reminder after Skip today."""
    return f"Skipped for today: {esc(text)}. See you tomorrow."


def reminder_removed(text: str) -> str:
    """After a delete button in /reminders."""
    return f"Removed the reminder: {esc(text)}"


# --- peer groups (everything here may be seen by a whole group) ---------------------------
GROUP_INTRO = (
    "👋 Hi, I'm Milestone Bot. Members of this group can choose to share their recovery "
    "milestones here — only the name they pick and the milestone reached (“Alex reached "
    "90 days”), nothing else.\nA group admin turns it on with /setup."
)
NOT_AN_ADMIN = "Only group admins can change this — thanks for understanding. 🙏"
GROUP_NOT_SET_UP = (
    "Milestone sharing isn't on in this group yet — an admin can turn it on with /setup."
)
GROUP_DISABLED = (
    "Milestone announcements and the digest are off for this group. /setup turns them on again."
)
JOIN_CONFIRM_SENT = "I've sent you a private message to confirm. 💙"
JOIN_NEEDS_START = (
    "To share your milestones here, first open a private chat with me — the button below "
    "takes you there and continues where you left off."
)
LEFT_GROUP = "Done — your milestones won't be shared here any more."
CLAP_COUNTED = "Counted — thank you! 👏"
CLAP_ALREADY = "You've already congratulated them — it's counted. 👏"
CLAP_OWN = "This one is yours — enjoy the cheers! 💙"
CLAP_NOT_MEMBER = "Only members of this group can cheer here."
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def group_setup(announcements: bool, digest: bool, weekday: int, chips: bool = False) -> str:
    """/setup's message; toggles below."""
    state = "on" if announcements else "off"
    digest_state = f"on, {WEEKDAYS[weekday]}s" if digest else "off"
    return (
        "⚙️ <b>Milestone Bot in this group</b>\n"
        f"Milestone announcements: <b>{state}</b>\n"
        f"Chip picture with announcements: <b>{'on' if chips else 'off'}</b>\n"
        f"Weekly digest: <b>{digest_state}</b>\n\n"
        "Members: /join to share your milestones here (you confirm privately); /leave stops it."
    )


def announcement(alias: str, milestone_label: str) -> str:
    """The only thing a group ever hears about a member."""
    return f"🎉 {esc(alias)} reached {milestone_label}"


def digest(count: int) -> str:
    """The weekly digest."""
    if count == 0:
        return "🌱 No new milestones this week — and every clean day still counts."
    members = "member" if count == 1 else "members"
    return f"🌱 This week {count} {members} reached milestones. Every day counts. 💙"


# --- peer groups, private side ------------------------------------------------------------
def join_question(group_title: str, alias: str) -> str:
    """The private half of the double opt-in: exactly what will be shared."""
    return (
        f"Share your milestones with <b>{esc(group_title)}</b>?\n\n"
        f"The group will see only: your name for peers (<b>{esc(alias)}</b>, change it with "
        "/name) and the milestones you reach, like “90 days”.\n"
        "Never: your clean date, resets, check-ins, moods, notes, goals or reminders.\n"
        "You can stop any time with /leave there or /groups here."
    )


def joined(group_title: str, *, asks_for_date: bool) -> str:
    """After Yes; someone without a clean date is asked for one (nothing is announced
    without it)."""
    text = f"✅ You'll share your milestones with {esc(group_title)}. Your peers can cheer you on."
    if asks_for_date:
        text += (
            "\n\nWhen did your clean time start? Tell me with /sober and a date — "
            "for example <code>/sober 2026-09-01</code> or <code>/sober today</code>."
        )
    return text


JOIN_DECLINED = "No problem — nothing is shared."
_INVITATION_REFUSALS = {
    InvitationRefused.EXPIRED: (
        "This invitation has expired. Send /join in the group for a fresh one."
    ),
    InvitationRefused.NOT_YOURS: (
        "This invitation was made for someone else. To share your own milestones, "
        "send /join in the group."
    ),
    InvitationRefused.NOT_IN_GROUP: (
        "You don't seem to be in that group any more, so nothing was shared. "
        "If you rejoin it, send /join there."
    ),
}


def invitation_refused(refusal: InvitationRefused) -> str:
    """Why a join link or button did nothing."""
    return _INVITATION_REFUSALS[refusal]


def groups_list(titles: list[str]) -> str:
    """/groups."""
    if not titles:
        return "You don't share milestones with any group. Run /join in a group to start."
    lines = ["👥 <b>You share your milestones with</b>"]
    lines += [f"• {esc(title)}" for title in titles]
    lines.append("Tap a group below to stop sharing with it.")
    return "\n".join(lines)


def left_group(group_title: str) -> str:
    """After a /groups leave button."""
    return f"Stopped sharing with {esc(group_title)}."


def clap_note(name: str, group_title: str, milestone_label: str) -> str:
    """The achiever's private note (aliases only)."""
    return f"👏 {esc(name)} from {esc(group_title)} congratulated you on {milestone_label}!"
