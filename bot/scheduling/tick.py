"""The one scheduler tick: claim due schedule rows in batches, fill the outbox, move them on."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from bot.clock import epoch_seconds
from bot.domain.checkins import PROMPT_GRACE_SECONDS, is_silent, question_index
from bot.domain.dates import from_iso, iso, local_date
from bot.operations.metrics import Metrics
from bot.services import timing
from bot.services.container import Services
from bot.services.goals import ZoneOf
from bot.services.groups import DIGEST_KIND
from bot.services.links import CALL_CHECK, SOS_WAIT
from bot.services.milestone_awards import AwardCheck
from bot.services.outbox import CHECK_ON, CHECKIN, NUDGE
from bot.storage import check_ins, inbox, schedules, users
from bot.storage.database import Connection
from bot.storage.outbox import NewMessage
from bot.storage.schedules import ScheduleRow

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
# A schedule row whose handling fails is tried again this much later (and logged).
FAILED_ROW_RETRY_SECONDS = 3600
# Replayed updates come back within minutes; a few days of ids is plenty.
KEEP_UPDATE_IDS_SECONDS = 3 * 86400


@dataclass
class TickReport:
    """What one tick did (logged as counts, never content)."""

    claimed: int = 0
    prompts: int = 0
    milestones: int = 0
    nudges: int = 0
    reminders: int = 0
    goal_feedback: int = 0
    digests: int = 0
    follow_ups: int = 0
    pledges: int = 0
    sos_escalations: int = 0
    batches: int = 0


KindHandler = Callable[[Connection, Sequence[ScheduleRow], datetime, TickReport], Awaitable[None]]


def _local_date_of(epoch: int, zone: str) -> date:
    return local_date(datetime.fromtimestamp(epoch, UTC), zone)


def _prompt(user_id: int, day: date) -> NewMessage:
    return NewMessage(
        f"checkin:{user_id}:{iso(day)}", user_id, CHECKIN, {"local_date": iso(day)}, user_id
    )


def _nudge(user_id: int, last_seen: date) -> NewMessage:
    # Keyed by the day they were last seen: one nudge per silence.
    return NewMessage(f"nudge:{user_id}:{iso(last_seen)}", user_id, NUDGE, {}, user_id)


class Tick:
    """Claims due rows from SQLite; every claimed row is moved on or deleted in the same batch."""

    def __init__(
        self, services: Services, metrics: Metrics | None = None, batch_size: int = BATCH_SIZE
    ) -> None:
        self._services = services
        self._metrics = metrics or Metrics()
        self.last_finished = time.monotonic()  # /healthz: how long since a tick finished
        self._batch_size = batch_size
        self._lock = asyncio.Lock()
        self._zone_of = ZoneOf(services.people)
        self._kinds: dict[str, KindHandler] = {
            schedules.DAILY: self._daily,
            timing.REMINDER: self._reminders,
            timing.SNOOZE: self._reminders,
            timing.GOAL_PERIOD: self._goal_periods,
            DIGEST_KIND: self._digests,
            CHECK_ON: self._check_ons,
            timing.PLEDGE: self._pledges,
            SOS_WAIT: self._sos_waits,
            CALL_CHECK: self._call_checks,
        }

    async def run(self) -> TickReport:
        """Claim and handle everything due now, batch by batch, yielding between batches."""
        async with self._lock:  # a slow tick and the next one never overlap
            started = time.perf_counter()
            report = await self._run_batches()
            self.last_finished = time.monotonic()
            self._metrics.ticked(time.perf_counter() - started, time.time())
        if report.claimed:
            logger.info(
                "tick: %s due, %s prompts, %s milestones, %s nudges, %s reminders,"
                " %s goal notes in %s batches",
                report.claimed, report.prompts, report.milestones, report.nudges,
                report.reminders, report.goal_feedback, report.batches,
            )  # fmt: skip
        return report

    async def _run_batches(self) -> TickReport:
        services = self._services
        now = services.clock.now()
        now_utc = epoch_seconds(services.clock)
        report = TickReport()
        while True:
            try:
                async with services.db.transaction() as tx:
                    rows = await schedules.due(tx, now_utc, self._batch_size)
                    if not rows:
                        await inbox.prune(tx, now_utc - KEEP_UPDATE_IDS_SECONDS)
                        await services.outbox.prune(tx)
                        services.people.prune_touch_cache()
                        break
                    await self._handle(tx, rows, now, report)
            except Exception:
                logger.exception("tick batch failed; retrying its rows one by one")
                rows = await schedules.due(services.db.reader, now_utc, self._batch_size)
                await self._one_by_one(rows, now, report)
            report.claimed += len(rows)
            report.batches += 1
            services.outbox.notify()
            await asyncio.sleep(0)  # let updates and the sender run between batches
        return report

    async def _one_by_one(
        self, rows: Sequence[ScheduleRow], now: datetime, report: TickReport
    ) -> None:
        """After a failed batch: every row alone, so one bad row cannot hold up the rest."""
        for row in rows:
            try:
                async with self._services.db.transaction() as tx:
                    await self._handle(tx, [row], now, report)
            except Exception:
                logger.exception(
                    "schedule %s (%s) failed; retrying later", row.schedule_id, row.kind
                )
                retry_at = int(now.timestamp()) + FAILED_ROW_RETRY_SECONDS
                async with self._services.db.transaction() as tx:
                    await schedules.move(tx, [(retry_at, row.local_time, row.schedule_id)])

    async def _handle(
        self, tx: Connection, rows: Sequence[ScheduleRow], now: datetime, report: TickReport
    ) -> None:
        by_kind: dict[str, list[ScheduleRow]] = {}
        for row in rows:
            by_kind.setdefault(row.kind, []).append(row)
        for kind, kind_rows in by_kind.items():
            handler = self._kinds.get(kind)
            if handler is None:
                logger.error("dropping %s schedules of unknown kind %r", len(kind_rows), kind)
                await schedules.delete_ids(tx, [row.schedule_id for row in kind_rows])
                continue
            await handler(tx, kind_rows, now, report)

    async def _reminders(
        self, tx: Connection, rows: Sequence[ScheduleRow], now: datetime, report: TickReport
    ) -> None:
        report.reminders += await self._services.reminders.fire(tx, rows, now, self._zone_of)

    async def _goal_periods(
        self, tx: Connection, rows: Sequence[ScheduleRow], now: datetime, report: TickReport
    ) -> None:
        report.goal_feedback += await self._services.goals.judge_periods(
            tx, rows, now, self._zone_of
        )

    async def _check_ons(
        self, tx: Connection, rows: Sequence[ScheduleRow], now: datetime, report: TickReport
    ) -> None:
        report.follow_ups += await self._services.followups.fire(tx, rows)

    async def _pledges(
        self, tx: Connection, rows: Sequence[ScheduleRow], now: datetime, report: TickReport
    ) -> None:
        report.pledges += await self._services.pledges.fire(tx, rows, now)

    async def _sos_waits(
        self, tx: Connection, rows: Sequence[ScheduleRow], now: datetime, report: TickReport
    ) -> None:
        report.sos_escalations += await self._services.links.waited(tx, rows)

    async def _call_checks(
        self, tx: Connection, rows: Sequence[ScheduleRow], now: datetime, report: TickReport
    ) -> None:
        report.follow_ups += await self._services.links.call_checks(tx, rows, now)

    async def _digests(
        self, tx: Connection, rows: Sequence[ScheduleRow], now: datetime, report: TickReport
    ) -> None:
        report.digests += await self._services.groups.digests(tx, rows, now)

    async def _daily(
        self, tx: Connection, rows: Sequence[ScheduleRow], now: datetime, report: TickReport
    ) -> None:
        """Check-in prompt, milestone check and the one gentle nudge, per user per day."""
        services = self._services
        now_utc = int(now.timestamp())
        default_zone = services.settings.default_timezone
        question_count = services.checkins.question_count
        facts = await users.daily_facts(tx, [row.user_id for row in rows if row.user_id])
        moves: list[tuple[int, str, int]] = []
        checks: list[AwardCheck] = []
        opened: list[tuple[int, date, int]] = []
        nudges: list[NewMessage] = []
        for row in rows:
            fact = facts.get(row.user_id or 0)
            if fact is None:
                continue
            zone = fact.timezone or default_zone
            local_time = timing.daily_time(fact.checkin_time)
            due = row.next_due_at_utc
            if due == schedules.UNSCHEDULED:  # new user: their first occurrence after joining
                joined = datetime.fromtimestamp(fact.created_at_utc, UTC)
                due = timing.next_due(local_time, zone, joined)
                if due > now_utc:
                    moves.append((due, local_time, row.schedule_id))
                    continue
            moves.append((timing.next_due(local_time, zone, now), local_time, row.schedule_id))
            if not fact.is_active:
                continue  # blocked the bot: paused until they write again
            today = _local_date_of(now_utc, zone)
            last_seen = _local_date_of(fact.last_seen_at_utc, zone)
            silent = is_silent(last_seen, today)
            if fact.streak_id is not None and fact.clean_date is not None:
                clean_date = from_iso(fact.clean_date)
                check = AwardCheck(fact.user_id, fact.streak_id, clean_date, today, quiet=silent)
                checks.append(check)
            if silent:
                if fact.nudged_at_utc is None or fact.nudged_at_utc < fact.last_seen_at_utc:
                    nudges.append(_nudge(fact.user_id, last_seen))
                continue
            late = now_utc - due > PROMPT_GRACE_SECONDS
            if fact.checkin_time is None or late:
                continue
            day = _local_date_of(due, zone)
            opened.append((fact.user_id, day, question_index(fact.user_id, day, question_count)))
        asked = await check_ins.existing(tx, [(user_id, day) for user_id, day, _ in opened])
        opened = [item for item in opened if (item[0], item[1]) not in asked]
        prompts = [_prompt(user_id, day) for user_id, day, _ in opened]
        celebrated = await services.awards.award(tx, checks)
        await check_ins.open_many(tx, opened, now_utc)
        await services.outbox.add(tx, [*nudges, *prompts])
        await users.mark_nudged(tx, [message.chat_id for message in nudges], now_utc)
        await schedules.move(tx, moves)
        report.prompts += len(prompts)
        report.milestones += len(celebrated)
        report.nudges += len(nudges)
