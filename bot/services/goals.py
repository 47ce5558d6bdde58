"""Small goals: set, track, complete, miss, retry, drop."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from bot.clock import Clock, epoch_seconds
from bot.domain.dates import iso, local_date
from bot.domain.goals import (
    MAX_ACTIVE_GOALS,
    MAX_TITLE_LENGTH,
    GoalKind,
    GoalPlan,
    NeedsSchedule,
    Period,
    PeriodKind,
    first_period,
    next_period,
    parse_goal,
    plan_for_choice,
    retry_period,
    smaller,
    smaller_choices,
)
from bot.domain.local_time import hhmm, parse_hhmm
from bot.domain.reminders import Repeat
from bot.services import timing
from bot.services.errors import Expired, NotYours
from bot.services.outbox import Outbox
from bot.services.people import People, Person
from bot.storage import goals, reminders, schedules
from bot.storage.database import Connection, Database
from bot.storage.goals import GoalRow
from bot.storage.outbox import NewMessage
from bot.storage.schedules import ScheduleRow

GOAL_MISSED = "goal_missed"
SCHEDULE_CHOICES = ("once", "daily", "w2", "w3")


class TooManyGoals(ValueError):
    """Already at the limit of open goals."""


class TitleTooLong(ValueError):
    """The goal text is over the limit."""


@dataclass(frozen=True)
class GoalView:
    """A goal as /goals shows it."""

    number: int
    goal_id: int
    title: str
    reason: str | None
    kind: GoalKind
    target: int
    done: int
    period_end: date | None
    days_left: int | None
    state: str
    repeats: bool
    logged_today: bool
    period_days: int = 7

    @property
    def met(self) -> bool:
        """This period's target is reached."""
        return self.done >= self.target


@dataclass(frozen=True)
class Drafted:
    """The schedule was unclear; the goal waits for an answer to "how often?"."""

    goal_id: int
    title: str


@dataclass(frozen=True)
class Logged:
    """The result of counting a day."""

    view: GoalView
    newly: bool  # False: that day was already counted
    met_now: bool  # this day completed the period's target


def plan_of(goal: GoalRow) -> GoalPlan:
    """The plan stored in a goal row."""
    return GoalPlan(
        title=goal.title,
        kind=GoalKind(goal.kind),
        target=goal.target,
        period=PeriodKind(goal.period_kind),
        period_days=goal.period_days,
        repeats=goal.repeats,
        reminder_at=parse_hhmm(goal.reminder_time) if goal.reminder_time else None,
        reason=goal.reason,
    )


def _with_plan(goal: GoalRow, plan: GoalPlan, period: Period, state: str) -> GoalRow:
    return replace(
        goal,
        title=plan.title or goal.title,
        kind=plan.kind.value,
        target=plan.target,
        period_kind=plan.period.value,
        period_days=plan.period_days,
        repeats=plan.repeats,
        period_start=period.start,
        period_end=period.end,
        state=state,
    )


class Goals:
    """Use cases of small goals."""

    def __init__(self, db: Database, clock: Clock, people: People, outbox: Outbox) -> None:
        self._db = db
        self._clock = clock
        self._people = people
        self._outbox = outbox

    # --- creating -------------------------------------------------------------------------
    async def create(self, person: Person, text: str, update_id: int) -> GoalView | Drafted:
        """Parse and store a goal, or keep it as a draft and ask how often. The same update
        handled again (after a crash) finds the goal it made instead of adding another."""
        title = " ".join(text.split())
        if len(title) > MAX_TITLE_LENGTH:
            raise TitleTooLong
        parsed = parse_goal(title)
        today = self._people.today_for(person)
        async with self._db.transaction() as tx:
            made = await goals.by_update(tx, update_id)
            if made is not None and made.state == goals.DRAFT:
                return Drafted(made.goal_id, made.title)
            if made is None:
                if len(await goals.open_for(tx, person.user_id)) >= MAX_ACTIVE_GOALS:
                    raise TooManyGoals
                if isinstance(parsed, NeedsSchedule):
                    plan = _draft_plan(parsed)
                    draft = self._row(person, plan, Period(today, None), goals.DRAFT)
                    goal_id = await goals.insert(tx, draft, self._now(), update_id)
                    return Drafted(goal_id, title)
                goal_id = await self._start(tx, person, parsed, today, update_id)
            else:
                goal_id = made.goal_id
            views = await self._views(tx, person, today)
        found = next((view for view in views if view.goal_id == goal_id), None)
        if found is None:
            raise Expired  # replayed after the goal was already finished or dropped
        return found

    async def choose_schedule(self, presser: Person, goal_id: int, choice: str) -> GoalView:
        """The answer to "how often?" turns a draft into an active goal."""
        if choice not in SCHEDULE_CHOICES:
            raise Expired
        today = self._people.today_for(presser)
        async with self._db.transaction() as tx:
            draft = await self._owned(tx, presser, goal_id, {goals.DRAFT})
            if len(await goals.open_for(tx, presser.user_id)) >= MAX_ACTIVE_GOALS:
                raise TooManyGoals
            reminder_at = parse_hhmm(draft.reminder_time) if draft.reminder_time else None
            plan = plan_for_choice(choice, draft.title, reminder_at, draft.reason)
            period = first_period(plan, today)
            await goals.update(tx, _with_plan(draft, plan, period, goals.ACTIVE), self._now())
            await self._schedule(tx, presser, goal_id, plan, period)
            views = await self._views(tx, presser, today)
        return next(view for view in views if view.goal_id == goal_id)

    def _row(self, person: Person, plan: GoalPlan, period: Period, state: str) -> GoalRow:
        total_end = None
        if plan.total_days:
            total_end = period.start + _days(plan.total_days - 1)
        return GoalRow(
            goal_id=0,
            user_id=person.user_id,
            title=plan.title,
            reason=plan.reason,
            kind=plan.kind.value,
            target=plan.target,
            period_kind=plan.period.value,
            period_days=plan.period_days,
            repeats=plan.repeats,
            ends_on=total_end,
            period_start=period.start,
            period_end=period.end,
            reminder_time=hhmm(plan.reminder_at) if plan.reminder_at else None,
            state=state,
        )

    async def _start(
        self,
        tx: Connection,
        person: Person,
        plan: GoalPlan,
        today: date,
        update_id: int | None = None,
    ) -> int:
        period = first_period(plan, today)
        goal_id = await goals.insert(
            tx, self._row(person, plan, period, goals.ACTIVE), self._now(), update_id
        )
        await self._schedule(tx, person, goal_id, plan, period)
        return goal_id

    async def _schedule(
        self, tx: Connection, person: Person, goal_id: int, plan: GoalPlan, period: Period
    ) -> None:
        """The period check at 23:59 on its last day, and the goal's daily reminder."""
        if period.end is not None:
            due = timing.end_of_day_due(period.end, person.zone)
            await schedules.upsert(tx, timing.GOAL_PERIOD, person.user_id, goal_id, "23:59", due)
        if plan.reminder_at is None:
            return
        at = hhmm(plan.reminder_at)
        existing = await reminders.for_goal(tx, goal_id)
        ends_on = None if plan.repeats else period.end
        if existing:
            reminder_id = existing[0].reminder_id
            await reminders.renew(tx, reminder_id, ends_on)
        else:
            repeat = Repeat.DAILY if ends_on is None else Repeat.UNTIL
            reminder_id = await reminders.insert(
                tx, person.user_id, plan.title, at, repeat.value, ends_on, goal_id, self._now()
            )
        due = timing.next_due(at, person.zone, self._clock.now())
        await schedules.upsert(tx, timing.REMINDER, person.user_id, reminder_id, at, due)

    # --- reading --------------------------------------------------------------------------
    async def get(self, goal_id: int) -> GoalRow | None:
        """A goal by id (rendering)."""
        return await goals.get(self._db.reader, goal_id)

    async def views(self, person: Person) -> list[GoalView]:
        """Open goals with progress, numbered as /done and /drop expect."""
        return await self._views(self._db.reader, person, self._people.today_for(person))

    async def _views(self, connection: Connection, person: Person, today: date) -> list[GoalView]:
        rows = await goals.open_for(connection, person.user_id)
        logged = await goals.logged_on(connection, [row.goal_id for row in rows], today)
        views = []
        for number, row in enumerate(rows, start=1):
            done = await goals.progress_in(
                connection, row.goal_id, row.period_start, row.period_end
            )
            views.append(_view(number, row, done, today, row.goal_id in logged))
        return views

    async def open_today(self, person: Person) -> list[GoalView]:
        """Active goals with nothing counted today (for /done buttons and the check-in)."""
        return [
            view
            for view in await self.views(person)
            if view.state == goals.ACTIVE and not view.logged_today and not view.met
        ]

    # --- progress -------------------------------------------------------------------------
    async def log(
        self, presser: Person, goal_id: int, source: str, on: date | None = None
    ) -> Logged:
        """Count a day (today by default) for the presser's goal. Raises NotYours/Expired."""
        today = self._people.today_for(presser)
        day = on or today
        async with self._db.transaction() as tx:
            goal = await self._owned(tx, presser, goal_id, {goals.ACTIVE})
            if day < goal.period_start or (goal.period_end and day > goal.period_end):
                raise Expired
            before = await goals.progress_in(tx, goal_id, goal.period_start, goal.period_end)
            newly = await goals.log_progress(tx, goal_id, day, source, self._now())
            done = before + int(newly)
            met_now = newly and before < goal.target <= done
            if met_now and not goal.repeats:
                await goals.update(tx, replace(goal, state=goals.COMPLETED), self._now())
                await self._unschedule(tx, goal)
            views = await self._views(tx, presser, today)
        view = next((v for v in views if v.goal_id == goal_id), None)
        if view is None:  # completed just now: no longer listed as open
            view = _view(0, replace(goal, state=goals.COMPLETED), done, today, True)
        return Logged(view, newly, met_now)

    async def log_number(self, person: Person, number: int) -> Logged:
        """`/done n`: count today for the n-th open goal."""
        views = await self.views(person)
        if not 1 <= number <= len(views):
            raise Expired
        return await self.log(person, views[number - 1].goal_id, "done")

    # --- dropping and missing -------------------------------------------------------------
    async def goal_for_number(self, person: Person, number: int) -> GoalView:
        """The n-th open goal (for /drop's confirmation)."""
        views = await self.views(person)
        if not 1 <= number <= len(views):
            raise Expired
        return views[number - 1]

    async def drop(self, presser: Person, goal_id: int) -> str:
        """Drop an open goal; returns its title."""
        async with self._db.transaction() as tx:
            goal = await self._owned(tx, presser, goal_id, {goals.ACTIVE, goals.MISSED})
            await goals.update(tx, replace(goal, state=goals.DROPPED), self._now())
            await self._unschedule(tx, goal)
        return goal.title

    async def check_owner(self, presser: Person, goal_id: int) -> None:
        """Raise NotYours/Expired unless the presser owns this open goal."""
        await self._owned(self._db.reader, presser, goal_id, {goals.ACTIVE, goals.MISSED})

    async def after_miss(
        self, presser: Person, goal_id: int, choice: str, target: int | None = None
    ) -> GoalView:
        """Answer to the missed-period feedback: "again", or "smaller" to `target` (the
        title's number follows); drop is `drop`."""
        today = self._people.today_for(presser)
        async with self._db.transaction() as tx:
            goal = await self._owned(tx, presser, goal_id, {goals.ACTIVE, goals.MISSED})
            plan = plan_of(goal)
            if choice == "smaller":
                plan = smaller(plan, target)
            elif choice != "again":
                raise Expired
            if goal.state == goals.MISSED:
                period = (
                    retry_period(plan, today) if choice == "again" else first_period(plan, today)
                )
            else:  # a repeating goal already rolled on: the change applies to this period
                period = Period(goal.period_start, goal.period_end)
            await goals.update(tx, _with_plan(goal, plan, period, goals.ACTIVE), self._now())
            await self._schedule(tx, presser, goal_id, plan, period)
            views = await self._views(tx, presser, today)
        return next(view for view in views if view.goal_id == goal_id)

    async def sponsor_goal(self, person: Person) -> int | None:
        """An active goal about calling the sponsor, for the sponsor reminder's ✅."""
        for view in await self.views(person):
            title = view.title.lower()
            if "sponsor" in title and view.state == goals.ACTIVE:
                return view.goal_id
        return None

    async def smaller_choices(self, presser: Person, goal_id: int) -> list[int]:
        """The targets "make it smaller" can offer for a goal."""
        async with self._db.transaction() as tx:
            goal = await self._owned(tx, presser, goal_id, {goals.ACTIVE, goals.MISSED})
        return smaller_choices(goal.target)

    async def _owned(
        self, tx: Connection, presser: Person, goal_id: int, states: set[str]
    ) -> GoalRow:
        goal = await goals.get(tx, goal_id)
        if goal is None:
            raise Expired
        if goal.user_id != presser.user_id:
            raise NotYours
        if goal.state not in states:
            raise Expired
        return goal

    async def _unschedule(self, tx: Connection, goal: GoalRow) -> None:
        await schedules.delete(tx, timing.GOAL_PERIOD, goal.user_id, goal.goal_id)
        for reminder in await reminders.for_goal(tx, goal.goal_id):
            await reminders.deactivate(tx, reminder.reminder_id)
            await schedules.delete(tx, timing.REMINDER, goal.user_id, reminder.reminder_id)
            await schedules.delete(tx, timing.SNOOZE, goal.user_id, reminder.reminder_id)

    # --- the tick: periods that ended -----------------------------------------------------
    async def judge_periods(
        self, tx: Connection, rows: Sequence[ScheduleRow], now: datetime, zone_of: ZoneOf
    ) -> int:
        """At 23:59 on a period's last day: roll on, complete, or send gentle feedback."""
        feedback: list[NewMessage] = []
        for row in rows:
            goal = await goals.get(tx, row.ref_id)
            if goal is None or goal.state != goals.ACTIVE or goal.period_end is None:
                await schedules.delete_ids(tx, [row.schedule_id])
                continue
            zone = await zone_of(tx, goal.user_id)
            today = local_date(now, zone)
            if today < goal.period_end:  # moved by a zone change: not over yet
                due = timing.end_of_day_due(goal.period_end, zone)
                await schedules.move(tx, [(due, "23:59", row.schedule_id)])
                continue
            done = await goals.progress_in(tx, goal.goal_id, goal.period_start, goal.period_end)
            if done < goal.target:
                feedback.append(_missed_message(goal, done))
            finished = goal.ends_on is not None and goal.period_end >= goal.ends_on
            if goal.repeats and not finished:
                plan = plan_of(goal)
                period = next_period(plan, Period(goal.period_start, goal.period_end))
                await goals.update(tx, _with_plan(goal, plan, period, goals.ACTIVE), self._now())
                due = timing.end_of_day_due(period.end or goal.period_end, zone)
                await schedules.move(tx, [(due, "23:59", row.schedule_id)])
                continue
            state = goals.MISSED if done < goal.target else goals.COMPLETED
            await goals.update(tx, replace(goal, state=state), self._now())
            await self._unschedule(tx, goal)
        await self._outbox.add(tx, feedback)
        return len(feedback)

    def _now(self) -> int:
        return epoch_seconds(self._clock)


class ZoneOf:
    """Looks up a user's zone inside a transaction (the tick's helper)."""

    def __init__(self, people: People) -> None:
        self._people = people

    async def __call__(self, tx: Connection, user_id: int) -> str:
        return (await self._people.require(user_id, tx)).zone


def _missed_message(goal: GoalRow, done: int) -> NewMessage:
    assert goal.period_end is not None
    return NewMessage(
        dedupe_key=f"goalmiss:{goal.goal_id}:{iso(goal.period_end)}",
        chat_id=goal.user_id,
        user_id=goal.user_id,
        kind=GOAL_MISSED,
        params={"goal_id": goal.goal_id, "done": done, "target": goal.target},
    )


def _draft_plan(parsed: NeedsSchedule) -> GoalPlan:
    return GoalPlan(
        parsed.title, GoalKind.ONCE, 1, PeriodKind.NONE, reminder_at=parsed.reminder_at,
        reason=parsed.reason,
    )  # fmt: skip


def _days(count: int) -> timedelta:
    return timedelta(days=count)


def _view(number: int, row: GoalRow, done: int, today: date, logged_today: bool) -> GoalView:
    days_left = None if row.period_end is None else max(0, (row.period_end - today).days + 1)
    return GoalView(
        number=number,
        goal_id=row.goal_id,
        title=row.title,
        reason=row.reason,
        kind=GoalKind(row.kind),
        target=row.target,
        done=done,
        period_end=row.period_end,
        days_left=days_left,
        state=row.state,
        repeats=row.repeats,
        logged_today=logged_today,
        period_days=row.period_days,
    )


__all__ = ["Drafted", "GoalView", "Goals", "Logged", "TitleTooLong", "TooManyGoals", "time"]
