"""A plain private message in, an answer plan out (SPEC §3). No Telegram here.

The plan says what to answer and which buttons to offer; the handler only renders it.
Nothing a person owns changes on the strength of a reading: a note replying to a check-in
is kept (they chose to write it there), a message offered to the journal is held until
they tap, and everything else waits for a button.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, time, timedelta
from enum import Enum

from bot.domain.calendar import add_months
from bot.domain.intents import Claim, Intent, Reading, read_message
from bot.domain.local_time import hhmm
from bot.domain.reminders import (
    ReminderPlan,
    ReminderRequest,
    other_half,
    parse_reminder_request,
)
from bot.services.checkins import CheckIns
from bot.services.clean_time import CleanTime, DaysView, HistoryView
from bot.services.errors import Expired
from bot.services.future_notes import FutureNotes
from bot.services.goals import Goals
from bot.services.journal import Journal, NoteTooLong
from bot.services.people import People, Person
from bot.services.reasons import Reasons
from bot.services.reminders import Reminders, ReminderSet
from bot.services.support import CrisisInfo, SponsorContact, Support


class Answer(Enum):
    """The kinds of answer a plain message gets."""

    CRISIS = "crisis"  # the crisis line, first and alone
    SUPPORT = "support"  # coping steps, reasons, sponsor, line, "check on me"
    RELAPSE = "relapse"  # kindness, and buttons to record it (or to start counting)
    PROGRESS = "progress"  # log it for the goal?
    WIN = "win"
    DAYS = "days"
    NEXT_MILESTONE = "next_milestone"
    LONGEST = "longest"
    CHECKIN_TIME = "checkin_time"
    PRIVACY = "privacy"
    REMINDER = "reminder"  # a reminder asked for in words, prepared
    REMINDER_UNCLEAR = "reminder_unclear"
    COUNT = "count"  # a stated count, with the real one
    THANKS = "thanks"
    GREETING = "greeting"
    JOURNAL_OFFER = "journal_offer"
    NOTE_SAVED = "note_saved"
    FUTURE_NOTE_KEPT = "future_note_kept"
    NOTE_TOO_LONG = "note_too_long"


@dataclass(frozen=True)
class SupportPlan:
    """What the craving help shows."""

    crisis: CrisisInfo
    sponsor: SponsorContact | None
    reasons: list[str]
    urgent: bool = False  # a use about to happen
    distress: bool = False
    note_kept: bool = False


@dataclass(frozen=True)
class Plan:
    """An answer, and what it needs to be rendered."""

    answer: Answer
    reading: Reading
    today: date
    crisis: CrisisInfo
    support: SupportPlan | None = None
    relapse_on: date | None = None
    has_clean_date: bool = True
    goal_id: int | None = None
    goal_title: str | None = None
    days: DaysView | None = None
    history: HistoryView | None = None
    checkin_time: str | None = None
    reminder: ReminderRequest | None = None
    note_id: int | None = None
    note_day: date | None = None
    claim: Claim | None = None
    claim_matches: bool = False
    first_name: str = ""


class Conversation:
    """Reads a message and decides the answer."""

    def __init__(
        self,
        people: People,
        clean_time: CleanTime,
        checkins: CheckIns,
        goals: Goals,
        journal: Journal,
        future_notes: FutureNotes,
        support: Support,
        reasons: Reasons,
        reminders: Reminders,
    ) -> None:
        self._people = people
        self._clean_time = clean_time
        self._checkins = checkins
        self._goals = goals
        self._journal = journal
        self._future_notes = future_notes
        self._support = support
        self._reasons = reasons
        self._reminders = reminders

    async def support_plan(
        self,
        person: Person,
        *,
        urgent: bool = False,
        distress: bool = False,
        note_kept: bool = False,
    ) -> SupportPlan:
        """The craving help for a person: their sponsor, their reasons, their line."""
        sponsor = await self._support.sponsor_of(person.user_id)
        reasons = [reason.text for reason in await self._reasons.of(person.user_id)]
        return SupportPlan(
            self._support.crisis_for(person), sponsor, reasons,
            urgent=urgent, distress=distress, note_kept=note_kept,
        )  # fmt: skip

    async def plan(
        self, person: Person, text: str, update_id: int, reply_to: int | None = None
    ) -> Plan:
        """What to answer a plain private message."""
        goals = [(view.goal_id, view.title) for view in await self._goals.views(person)]
        reading = read_message(text, goals, (person.language, "en"))
        today = self._people.today_for(person)
        crisis = self._support.crisis_for(person)

        plan = Plan(Answer.JOURNAL_OFFER, reading, today, crisis)
        note_day = await self._journal.note_target(person, reply_to)
        if reading.intent is Intent.DANGER:
            if note_day is not None:  # kept, quietly: nothing they send is lost
                await self._keep(person, note_day, text, update_id)
            return replace(plan, answer=Answer.CRISIS)
        if await self._future_notes.keep_if_awaited(person, text, update_id):
            return replace(plan, answer=Answer.FUTURE_NOTE_KEPT)
        if note_day is not None:
            if not await self._keep(person, note_day, text, update_id):
                return replace(plan, answer=Answer.NOTE_TOO_LONG)
            if reading.intent in (Intent.USE_NOW, Intent.CRAVING, Intent.DISTRESS):
                urgent = reading.intent is Intent.USE_NOW
                return replace(plan, answer=Answer.SUPPORT, support=await self.support_plan(
                    person, urgent=urgent, note_kept=True))  # fmt: skip
            if reading.intent is not Intent.RELAPSE:
                return replace(plan, answer=Answer.NOTE_SAVED, note_day=note_day)
        return await self._answer(person, text, update_id, reading, plan)

    async def _answer(self, person: Person, text: str, update_id: int, reading: Reading,
                      plan: Plan) -> Plan:  # fmt: skip
        intent = reading.intent
        if intent in (Intent.USE_NOW, Intent.CRAVING, Intent.DISTRESS):
            support = await self.support_plan(
                person, urgent=intent is Intent.USE_NOW, distress=intent is Intent.DISTRESS
            )
            return replace(plan, answer=Answer.SUPPORT, support=support)
        if intent is Intent.RELAPSE:
            return replace(
                plan,
                answer=Answer.RELAPSE,
                relapse_on=await self._clean_time.relapse_day(person, reading.when),
                has_clean_date=await self._clean_time.has_clean_date(person),
            )
        if intent is Intent.PROGRESS and reading.goal_id is not None:
            goal = await self._goals.get(reading.goal_id)
            if goal is not None:
                return replace(
                    plan, answer=Answer.PROGRESS, goal_id=goal.goal_id, goal_title=goal.title
                )
        if intent in (Intent.PROGRESS, Intent.WIN):
            return replace(plan, answer=Answer.WIN)
        if intent in (Intent.ASK_DAYS, Intent.ASK_MILESTONE):
            days = await self._clean_time.days(person)
            answer = Answer.DAYS if intent is Intent.ASK_DAYS else Answer.NEXT_MILESTONE
            return replace(plan, answer=answer, days=days, has_clean_date=days is not None)
        if intent is Intent.ASK_STREAK:
            return replace(
                plan, answer=Answer.LONGEST, history=await self._clean_time.history(person)
            )
        if intent is Intent.ASK_CHECKIN:
            return replace(
                plan,
                answer=Answer.CHECKIN_TIME,
                checkin_time=await self._checkins.current_time(person),
            )
        if intent is Intent.ASK_PRIVACY:
            return replace(plan, answer=Answer.PRIVACY)
        if intent is Intent.REMIND:
            return await self._reminder(person, text, update_id, plan)
        if intent is Intent.COUNT and reading.claim is not None:
            days = await self._clean_time.days(person)
            matches = days is not None and claim_matches(reading.claim, days)
            return replace(
                plan, answer=Answer.COUNT, claim=reading.claim, days=days,
                claim_matches=matches, has_clean_date=days is not None,
            )  # fmt: skip
        if intent is Intent.THANKS:
            return replace(plan, answer=Answer.THANKS)
        if intent is Intent.GREETING:
            return replace(plan, answer=Answer.GREETING, first_name=person.first_name)
        return await self._offer_journal(person, text, update_id, plan)

    async def _reminder(self, person: Person, text: str, update_id: int, plan: Plan) -> Plan:
        now_local = self._people.local_now(person)
        request = parse_reminder_request(text, now_local.time())
        if request is None:
            return replace(plan, answer=Answer.REMINDER_UNCLEAR)
        # The words are held as an offered note: the reminder is made only on "Set it".
        try:
            note = await self._journal.offer(person, text, update_id)
        except NoteTooLong:
            return replace(plan, answer=Answer.NOTE_TOO_LONG)
        return replace(plan, answer=Answer.REMINDER, reminder=request, note_id=note.note_id)

    async def offered_reminder(self, presser: Person, note_id: int) -> ReminderRequest:
        """The reminder a held message asked for (Change time shows other times for it)."""
        note = await self._journal.offered(presser, note_id)
        request = parse_reminder_request(note.text, self._people.local_now(presser).time())
        if request is None:
            raise Expired
        return request

    async def set_offered_reminder(
        self, presser: Person, note_id: int, at: time, update_id: int
    ) -> ReminderSet:
        """Set it: the prepared reminder, at the time tapped; the held words then go."""
        request = await self.offered_reminder(presser, note_id)
        made = await self._reminders.create(
            presser, ReminderPlan(at, request.text, request.repeat), update_id
        )
        await self._journal.discard(presser, note_id)
        return made

    async def drop_offered_reminder(self, presser: Person, note_id: int) -> None:
        """No thanks: nothing is set and the held words go."""
        await self._journal.discard(presser, note_id)

    async def _offer_journal(self, person: Person, text: str, update_id: int, plan: Plan) -> Plan:
        try:
            note = await self._journal.offer(person, text, update_id)
        except NoteTooLong:
            return replace(plan, answer=Answer.NOTE_TOO_LONG)
        return replace(plan, answer=Answer.JOURNAL_OFFER, note_id=note.note_id)

    async def _keep(self, person: Person, day: date, text: str, update_id: int) -> bool:
        try:
            await self._journal.add(person, day, text, update_id)
        except NoteTooLong:
            return False
        return True


def claim_matches(claim: Claim, days: DaysView) -> bool:
    """Whether a stated count is today's count ("30 days" on day 30, "6 months" today)."""
    if claim.unit == "day":
        return claim.number == days.days
    if claim.unit == "week":
        return claim.number * 7 == days.days
    months = claim.number * (12 if claim.unit == "year" else 1)
    return add_months(days.clean_date, months) == days.today


def claimed_clean_date(claim: Claim, today: date) -> date:
    """The clean date a stated count means ("30 days" today → 30 days ago)."""
    if claim.unit in ("day", "week"):
        return today - timedelta(days=claim.number * (7 if claim.unit == "week" else 1))
    return add_months(today, -claim.number * (12 if claim.unit == "year" else 1))


def start_counting_from(relapse_on: date | None, today: date) -> date:
    """The clean date a relapse gives someone who had none: the day after, never later
    than today."""
    if relapse_on is None:
        return today
    return min(relapse_on + timedelta(days=1), today)


def other_times(at: time) -> list[str]:
    """Change time: the other half of the day, and the half hours around both."""
    chosen: list[time] = []
    for base in (at, other_half(at)):
        minutes = base.hour * 60 + base.minute
        for delta in (-60, -30, 0, 30, 60):
            moment = (minutes + delta) % (24 * 60)
            candidate = time(moment // 60, moment % 60)
            if candidate not in chosen:
                chosen.append(candidate)
    return [hhmm(value) for value in sorted(chosen)]
