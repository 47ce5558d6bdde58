"""Every inline keyboard. Callback data carries ids only and stays within 64 bytes."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.domain.checkins import MOODS, Craving
from bot.services.checkins import CheckinView

MAX_CALLBACK_BYTES = 64
ZONE_PREFIX = "tz:"
CHECKIN_PREFIX = "ci:"
_CHECKIN_DATA = re.compile(r"^ci:(\d+):(\d{8}):(m[1-5]|c(?:none|mild|strong))$")


def _button(label: str, data: str) -> InlineKeyboardButton:
    if len(data.encode()) > MAX_CALLBACK_BYTES:
        raise ValueError("callback data over 64 bytes")
    return InlineKeyboardButton(label, callback_data=data)


def zone_choices(zones: Sequence[str]) -> InlineKeyboardMarkup:
    """One button per suggested zone."""
    return InlineKeyboardMarkup([[_button(zone, ZONE_PREFIX + zone)] for zone in zones])


@dataclass(frozen=True)
class CheckinChoice:
    """A decoded mood or craving button."""

    owner_id: int
    local_date: date
    mood: int | None
    craving: Craving | None


def _checkin_data(view: CheckinView, choice: str) -> str:
    return f"{CHECKIN_PREFIX}{view.user_id}:{view.local_date:%Y%m%d}:{choice}"


def checkin(view: CheckinView) -> InlineKeyboardMarkup:
    """Mood 1–5 and craving none/mild/strong; the chosen ones are marked."""
    moods = [
        _button(f"• {m} •" if view.mood == m else str(m), _checkin_data(view, f"m{m}"))
        for m in MOODS
    ]
    cravings = [
        _button(
            ("✓ " if view.craving is craving else "") + f"Craving: {craving.value}",
            _checkin_data(view, f"c{craving.value}"),
        )
        for craving in Craving
    ]
    return InlineKeyboardMarkup([moods, cravings])


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
