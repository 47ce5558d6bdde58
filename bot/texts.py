"""Every user-facing string. User text always passes through `esc` (messages are HTML)."""

from __future__ import annotations

import html
from datetime import date

from bot.domain.dates import DateProblem, human
from bot.services.clean_time import DateRefusal, DaysView, HistoryView, ResetView


def esc(text: str) -> str:
    """HTML-escape user-provided text."""
    return html.escape(text, quote=False)


def plural(count: int, one: str, many: str | None = None) -> str:
    """`1 day`, `2 days`."""
    return f"{count} {one if count == 1 else (many or one + 's')}"


# --- usage, one entry per command: (syntax, example) -------------------------------------
USAGE: dict[str, tuple[str, str]] = {
    "timezone": ("/timezone Area/City — or share your location", "/timezone Europe/Berlin"),
    "sober": (
        "/sober DATE — today, yesterday, 2026-01-31, 31.01.2026, Jan 31 2026, 3 days ago",
        "/sober 2026-01-31",
    ),
    "days": ("/days", "/days"),
    "reset": ("/reset [DATE] — the day it happened, today if left out", "/reset yesterday"),
    "history": ("/history", "/history"),
    "name": ("/name ALIAS — the name peers see, up to 32 characters", "/name Alex"),
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
        "1. Your time zone: <code>/timezone Europe/Berlin</code> (or share a location)\n"
        "2. Your clean date: <code>/sober 2026-01-31</code> (or <code>/sober today</code>)\n"
        "3. Then <code>/days</code> shows your count and next milestone.\n\n"
        "/help lists everything I can do."
    )


def help_text(crisis_text: str) -> str:
    """Commands by task, then the crisis line."""
    return (
        "<b>Clean time</b>\n"
        "/sober DATE — set your clean date\n"
        "/days — days clean and your next milestone\n"
        "/reset [DATE] — record a relapse; your history is kept\n"
        "/history — your streaks and milestones\n\n"
        "<b>You</b>\n"
        "/timezone Area/City — your time zone (or share a location)\n"
        "/name ALIAS — the name peers see\n"
        "/privacy — what I store and who sees what\n\n"
        f"<b>If things are hard right now</b>\n{crisis(crisis_text)}"
    )


def crisis(crisis_text: str) -> str:
    """Crisis resources from config."""
    return f"💙 {esc(crisis_text)}\nYou don't have to get through this alone."


PRIVACY = (
    "<b>Your privacy</b>\n"
    "• Stored: your Telegram id and first name, the name you chose for peers, your time "
    "zone, clean dates and streaks.\n"
    "• Seen by: only you. Nothing is posted to any group unless you join it there, and "
    "then only your chosen name and the milestone reached — never resets, dates or notes.\n"
    "• Logs hold ids and counts, never what you write.\n"
    "• Everything lives in one database on the operator's machine; nothing is sold or "
    "shared."
)

EXPIRED = "This button has expired."
NOT_YOUR_BUTTON = "This button isn't yours."
UNKNOWN_COMMAND = "I don't know that command. /help lists what I can do."
FREE_TEXT_HINT = "I read commands here. /help shows what I can do."
SOMETHING_WENT_WRONG = (
    "Something went wrong on my side — nothing you saved was lost. Please try again in a moment."
)


# --- time zone ----------------------------------------------------------------------------
def timezone_set(zone: str, local_time: str) -> str:
    """Confirmation of a stored zone."""
    return f"🕰 Time zone set to <b>{esc(zone)}</b> — it's {local_time} there now."


def timezone_suggestions(typed: str) -> str:
    """Near misses were found; buttons follow."""
    return f"I don't know the zone “{esc(typed)}”. Did you mean one of these?"


def timezone_unknown(typed: str) -> str:
    """No zone matched."""
    return (
        f"I couldn't find a time zone called “{esc(typed)}”. Use an IANA name like "
        "<code>Europe/Berlin</code> or <code>America/New_York</code>, or share your location.\n"
        + usage("timezone")
    )


LOCATION_UNRESOLVED = (
    "I couldn't tell the time zone of that place. Try <code>/timezone Area/City</code>."
)


# --- clean time ---------------------------------------------------------------------------
def date_problem(problem: DateProblem, command: str) -> str:
    """A date that cannot be read or used."""
    if problem is DateProblem.FUTURE:
        return "That date is in the future. Please give today or a day before.\n" + usage(command)
    if problem is DateProblem.TOO_OLD:
        return "That date is more than a century ago — could there be a typo?\n" + usage(command)
    return "I couldn't read that date.\n" + usage(command)


def date_refused(refusal: DateRefusal, boundary: date | None) -> str:
    """A readable date that conflicts with the history."""
    if refusal is DateRefusal.NO_CLEAN_DATE:
        return "You haven't set a clean date yet. Start with <code>/sober DATE</code>."
    when = human(boundary) if boundary else "then"
    if refusal is DateRefusal.BEFORE_LAST_RESET:
        return f"That's before your last restart on {when}. Please pick {when} or later."
    return f"That's before your clean date, {when}. Please pick {when} or later."


def days(view: DaysView) -> str:
    """The day count and the next milestone."""
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


def reset(view: ResetView) -> str:
    """A relapse, met with compassion."""
    return (
        "💙 Thank you for being honest — that takes courage. A slip doesn't erase what you "
        "learned or the days you lived clean.\n\n"
        f"Your last streak: <b>{plural(view.ended_days, 'day')}</b>. "
        f"Your longest: <b>{plural(view.longest_days, 'day')}</b> — both stay in /history.\n"
        f"Your new clean date is {human(view.new_clean_date)}. This is private; "
        "no group hears about it.\n\n"
        "If you can, reach out to someone you trust today. /crisis is there if you need it."
    )


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


def alias_too_long(limit: int) -> str:
    """Refusal of an over-long alias."""
    return f"That name is too long — please keep it to {limit} characters.\n" + usage("name")
