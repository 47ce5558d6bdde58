"""Turning outbox rows (kind + ids) into the text and buttons sent, at send time."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from telegram import InlineKeyboardMarkup

from bot import keyboards, texts
from bot.domain import milestones
from bot.domain.dates import from_iso
from bot.services.container import Services
from bot.services.outbox import CHECKIN, MILESTONE, NUDGE
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


RENDERERS: dict[str, Renderer] = {
    CHECKIN: _checkin,
    MILESTONE: _milestone,
    NUDGE: _nudge,
}


async def render(services: Services, row: OutboxRow) -> Rendered | None:
    """The message for an outbox row; None when it no longer makes sense to send."""
    renderer = RENDERERS.get(row.kind)
    return None if renderer is None else await renderer(services, row)
