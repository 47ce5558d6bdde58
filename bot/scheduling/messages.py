"""Turning outbox rows (kind + ids) into the text and buttons sent, at send time."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from telegram import InlineKeyboardMarkup

from bot import keyboards, texts
from bot.domain import milestones
from bot.domain.dates import from_iso
from bot.services.container import Services
from bot.services.goals import GOAL_MISSED
from bot.services.outbox import CHECKIN, MILESTONE, NUDGE
from bot.services.reminders import REMINDER
from bot.storage.outbox import OutboxRow


@dataclass(frozen=True)
class Rendered:
    """What to send."""

    text: str
    markup: InlineKeyboardMarkup | None = None


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
    if milestone is None:
        return None
    clean_date = from_iso(str(row.params["clean_date"]))
    upcoming, upcoming_on = milestones.next_after(clean_date, milestone.reached_on(clean_date))
    return Rendered(texts.milestone_congratulation(milestone, upcoming, upcoming_on))


async def _nudge(services: Services, row: OutboxRow) -> Rendered | None:
    return Rendered(texts.NUDGE)


async def _reminder(services: Services, row: OutboxRow) -> Rendered | None:
    reminder = await services.reminders.get(int(row.params["reminder_id"]))
    if reminder is None or not reminder.active:
        return None
    goal = await services.goals.get(reminder.goal_id) if reminder.goal_id else None
    day = from_iso(str(row.params["local_date"]))
    text = texts.reminder_message(reminder.text, goal.title if goal else None)
    return Rendered(text, keyboards.reminder(reminder.reminder_id, day))


async def _goal_missed(services: Services, row: OutboxRow) -> Rendered | None:
    goal = await services.goals.get(int(row.params["goal_id"]))
    if goal is None or goal.state not in ("active", "missed"):
        return None
    text = texts.goal_missed(goal.title, int(row.params["done"]), int(row.params["target"]))
    return Rendered(text, keyboards.goal_missed(goal.goal_id))


RENDERERS: dict[str, Renderer] = {
    REMINDER: _reminder,
    GOAL_MISSED: _goal_missed,
    CHECKIN: _checkin,
    MILESTONE: _milestone,
    NUDGE: _nudge,
}


async def render(services: Services, row: OutboxRow) -> Rendered | None:
    """The message for an outbox row; None when it no longer makes sense to send."""
    renderer = RENDERERS.get(row.kind)
    return None if renderer is None else await renderer(services, row)
