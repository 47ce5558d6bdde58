"""All services of one running bot, built once at start-up."""

from __future__ import annotations

from dataclasses import dataclass

from bot.clock import Clock
from bot.config import Settings
from bot.services.checkins import CheckIns
from bot.services.clean_time import CleanTime
from bot.services.conversation import Conversation
from bot.services.followups import FollowUps
from bot.services.future_notes import FutureNotes
from bot.services.goals import Goals
from bot.services.groups import Groups
from bot.services.journal import Journal
from bot.services.links import SOS_ASK, Links
from bot.services.membership import LiveMembership
from bot.services.milestone_awards import MilestoneAwards
from bot.services.money_kept import MoneyKept
from bot.services.outbox import Outbox
from bot.services.people import People
from bot.services.personal_data import PersonalData
from bot.services.pledges import Pledges
from bot.services.progress import Progress
from bot.services.reasons import Reasons
from bot.services.reminders import Reminders
from bot.services.support import Support
from bot.storage.database import Database


@dataclass
class Services:
    """What handlers and the scheduler call."""

    settings: Settings
    clock: Clock
    db: Database
    people: People
    outbox: Outbox
    awards: MilestoneAwards
    clean_time: CleanTime
    checkins: CheckIns
    goals: Goals
    groups: Groups
    reminders: Reminders
    journal: Journal
    followups: FollowUps
    support: Support
    reasons: Reasons
    pledges: Pledges
    money: MoneyKept
    progress: Progress
    personal_data: PersonalData
    future_notes: FutureNotes
    conversation: Conversation
    links: Links
    bot_username: str = "milestone_bot"  # set from getMe at start-up (deep links)

    @classmethod
    def create(
        cls, settings: Settings, clock: Clock, db: Database, *, question_count: int
    ) -> Services:
        """Wire the services together."""
        people = People(db, clock, settings.default_timezone, settings.default_language)
        outbox = Outbox(db, clock, on_unreachable=people.forget_touch)
        groups = Groups(db, clock, people, outbox, LiveMembership(clock))
        awards = MilestoneAwards(outbox, clock, groups)
        goals = Goals(db, clock, people, outbox)
        pledges = Pledges(db, clock, people, outbox)
        money = MoneyKept(db)
        future_notes = FutureNotes(db, clock)
        outbox.on_future_note = future_notes.mark_shown
        clean_time = CleanTime(db, people, awards, outbox)
        checkins = CheckIns(db, clock, people, question_count)
        journal = Journal(db, clock, people)
        support = Support(db, settings)
        reasons = Reasons(db, clock)
        reminders = Reminders(db, clock, people, outbox, goals)
        links = Links(db, clock, people, outbox, clean_time, settings.sos_answer_minutes)
        outbox.on_delivered[SOS_ASK] = links.ask_delivered
        outbox.on_undeliverable[SOS_ASK] = links.ask_undeliverable
        awards.helpers_of = links.milestone_notes
        personal_data = PersonalData(db, clock, people)
        personal_data.before_erase = links.farewell
        conversation = Conversation(
            people, clean_time, checkins, goals, journal, future_notes, support, reasons,
            reminders,
        )  # fmt: skip
        return cls(
            settings=settings,
            clock=clock,
            db=db,
            people=people,
            outbox=outbox,
            awards=awards,
            clean_time=clean_time,
            checkins=checkins,
            goals=goals,
            groups=groups,
            reminders=reminders,
            journal=journal,
            followups=FollowUps(db, clock, outbox),
            support=support,
            reasons=reasons,
            pledges=pledges,
            money=money,
            progress=Progress(db, people, goals, money, pledges),
            personal_data=personal_data,
            future_notes=future_notes,
            conversation=conversation,
            links=links,
        )
