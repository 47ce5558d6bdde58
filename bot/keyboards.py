"""Every inline keyboard. Callback data carries ids only and stays within 64 bytes."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

MAX_CALLBACK_BYTES = 64
ZONE_PREFIX = "tz:"


def _button(label: str, data: str) -> InlineKeyboardButton:
    if len(data.encode()) > MAX_CALLBACK_BYTES:
        raise ValueError("callback data over 64 bytes")
    return InlineKeyboardButton(label, callback_data=data)


def zone_choices(zones: Sequence[str]) -> InlineKeyboardMarkup:
    """One button per suggested zone."""
    return InlineKeyboardMarkup([[_button(zone, ZONE_PREFIX + zone)] for zone in zones])
