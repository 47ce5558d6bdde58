"""The /progress picture: check-ins coloured by mood, streaks, milestones, goals, money kept.

One PNG, at most 1200 px wide (readable on a phone), light background. A day without a
check-in is a neutral grey, never red: missing a day is not failing.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from PIL import Image, ImageDraw

from bot.drawing import font
from bot.i18n import gettext as _
from bot.i18n import month_name, ngettext, short_weekday

WIDTH = 1200
MARGIN = 48
BACKGROUND = (250, 250, 247)
INK = (38, 50, 56)
SOFT_INK = (96, 110, 118)
NO_CHECKIN = (226, 229, 232)  # neutral grey
ANSWERED = (236, 222, 188)  # checked in, no mood given: a warm sand
# Mood 1 (very low) to 5 (great): calm to bright, none of them alarming.
MOOD_COLOURS = {
    1: (196, 181, 230),
    2: (160, 196, 236),
    3: (150, 214, 198),
    4: (104, 194, 140),
    5: (38, 150, 88),
}
BAR_EMPTY = (228, 232, 236)
BAR_FULL = (72, 160, 120)


@dataclass(frozen=True)
class ProgressData:
    """What the picture shows; gathered by the service, drawn here."""

    title: str
    first: date
    last: date
    check_ins: dict[date, int | None]  # date -> mood (None: checked in without a mood)
    current_days: int | None
    longest_days: int
    milestones: Sequence[tuple[str, date]]  # reached in the window, and the next one
    next_milestone: tuple[str, date] | None
    goals: Sequence[tuple[str, int, int]]  # (title, done, target)
    money_kept: str | None
    pledge_streak: int


def _cell_and_gap(weeks: int) -> tuple[int, int]:
    step = max(14, min(40, (WIDTH - 2 * MARGIN - 60) // weeks))
    gap = max(2, step // 8)
    return step - gap, gap


CALENDAR_TOP = 140
CALENDAR_LEFT = MARGIN + 56


def cell_box(first: date, last: date, day: date) -> tuple[int, int, int, int]:
    """Where a day's square is drawn: (left, top, right, bottom)."""
    start = first - timedelta(days=first.weekday())  # weeks start on Monday
    cell, gap = _cell_and_gap((last - start).days // 7 + 1)
    week, weekday = divmod((day - start).days, 7)
    left = CALENDAR_LEFT + week * (cell + gap)
    top = CALENDAR_TOP + weekday * (cell + gap)
    return left, top, left + cell, top + cell


def render_progress(data: ProgressData) -> bytes:
    """The PNG for `data`."""
    start = data.first - timedelta(days=data.first.weekday())  # weeks start on Monday
    weeks = (data.last - start).days // 7 + 1
    cell, gap = _cell_and_gap(weeks)
    calendar_height = 7 * (cell + gap)
    goals_height = 34 * len(data.goals) + (56 if data.goals else 0)
    height = 140 + calendar_height + 40 + 154 + goals_height + 24
    image = Image.new("RGB", (WIDTH, height), BACKGROUND)
    draw = ImageDraw.Draw(image)

    y = MARGIN - 8
    draw.text((MARGIN, y), data.title, font=font(34, "bold"), fill=INK)
    y += 48
    stats = _stats(data)
    size = 22  # smaller until it fits: some languages say it in more letters
    while size > 14 and draw.textlength(stats, font=font(size)) > WIDTH - 2 * MARGIN:
        size -= 1
    draw.text((MARGIN, y), stats, font=font(size), fill=SOFT_INK)
    y = CALENDAR_TOP

    left = CALENDAR_LEFT
    for row in range(7):
        name = short_weekday(row) if row % 2 == 0 else ""
        if name:
            draw.text((MARGIN, y + row * (cell + gap) + cell // 2 - 9), name, font=font(15),
                      fill=SOFT_INK)  # fmt: skip
    month_seen = None
    for week in range(weeks):
        x = left + week * (cell + gap)
        for weekday in range(7):
            day = start + timedelta(days=week * 7 + weekday)
            if day < data.first or day > data.last:
                continue
            if day.month != month_seen and day.day <= 7 and weekday == 0:
                draw.text((x, y - 22), month_name(day), font=font(15), fill=SOFT_INK)
                month_seen = day.month
            colour = NO_CHECKIN
            if day in data.check_ins:
                mood = data.check_ins[day]
                colour = MOOD_COLOURS[mood] if mood is not None else ANSWERED
            top = y + weekday * (cell + gap)
            draw.rounded_rectangle((x, top, x + cell, top + cell), radius=max(2, cell // 5),
                                   fill=colour)  # fmt: skip
    y += calendar_height + 14
    y = _legend(draw, y)
    y = _timeline(draw, y + 28, data)
    if data.goals:
        y = _goals(draw, y + 16, data.goals)
    output = io.BytesIO()
    image.save(output, format="PNG", optimize=False)
    return output.getvalue()


def _stats(data: ProgressData) -> str:
    parts = []
    if data.current_days is not None:
        days = data.current_days
        parts.append(ngettext("{count} day clean", "{count} days clean", days).format(count=days))
    longest = data.longest_days
    parts.append(
        ngettext("longest streak {count} day", "longest streak {count} days", longest).format(
            count=longest
        )
    )
    if data.pledge_streak:
        pledged = data.pledge_streak
        parts.append(
            ngettext("pledged {count} day running", "pledged {count} days running", pledged)
            .format(count=pledged)
        )  # fmt: skip
    if data.money_kept:
        parts.append(_("{money} kept").format(money=data.money_kept))
    return "  ·  ".join(parts)


def _legend(draw: ImageDraw.ImageDraw, y: int) -> int:
    x = MARGIN
    items = [(_("no check-in"), NO_CHECKIN), (_("checked in"), ANSWERED)]
    items += [
        (_("mood {mood}").format(mood=mood), colour) for mood, colour in MOOD_COLOURS.items()
    ]
    size = 16  # smaller until the row fits, in every language

    def row_width(size: int) -> int:
        return sum(48 + int(draw.textlength(label, font=font(size))) for label, _ in items)

    while size > 11 and row_width(size) > WIDTH - 2 * MARGIN:
        size -= 1
    for label, colour in items:
        draw.rounded_rectangle((x, y, x + 18, y + 18), radius=4, fill=colour)
        draw.text((x + 24, y - 1), label, font=font(size), fill=SOFT_INK)
        x += 30 + int(draw.textlength(label, font=font(size))) + 18
    return y + 24


def _timeline(draw: ImageDraw.ImageDraw, y: int, data: ProgressData) -> int:
    """Milestones on a line from the first day shown to the next milestone."""
    draw.text((MARGIN, y), _("Milestones"), font=font(22, "bold"), fill=INK)
    y += 76  # room for labels above the line
    end = data.next_milestone[1] if data.next_milestone else data.last
    span = max(1, (end - data.first).days)
    line_left, line_right = MARGIN + 10, WIDTH - MARGIN - 10
    draw.line((line_left, y, line_right, y), fill=(200, 206, 210), width=4)

    def x_of(day: date) -> int:
        return line_left + int((line_right - line_left) * (day - data.first).days / span)

    today_x = x_of(data.last)
    draw.line((today_x, y - 14, today_x, y + 14), fill=SOFT_INK, width=2)
    draw.text((today_x - 22, y + 18), _("today"), font=font(15), fill=SOFT_INK)
    for index, (label, day) in enumerate(data.milestones):
        x = x_of(max(day, data.first))
        draw.ellipse((x - 9, y - 9, x + 9, y + 9), fill=BAR_FULL)
        offset = -40 if index % 2 == 0 else 18
        width = int(draw.textlength(label, font=font(16)))
        left = min(max(MARGIN, x - width // 2), WIDTH - MARGIN - width)
        draw.text((left, y + offset), label, font=font(16), fill=INK)
    if data.next_milestone:
        label, day = data.next_milestone
        x = x_of(day)
        draw.ellipse((x - 9, y - 9, x + 9, y + 9), outline=BAR_FULL, width=3, fill=BACKGROUND)
        text = _("next: {milestone}").format(milestone=label)
        width = int(draw.textlength(text, font=font(16)))
        draw.text((min(x - width // 2, WIDTH - MARGIN - width), y - 40), text, font=font(16),
                  fill=INK)  # fmt: skip
    return y + 50


def _goals(draw: ImageDraw.ImageDraw, y: int, goals: Sequence[tuple[str, int, int]]) -> int:
    draw.text((MARGIN, y), _("Goals"), font=font(22, "bold"), fill=INK)
    y += 40
    bar_left, bar_width = WIDTH - MARGIN - 360, 300
    for title, done, target in goals:
        shown = title if len(title) <= 60 else title[:59] + "…"
        draw.text((MARGIN, y), shown, font=font(18), fill=INK)
        draw.rounded_rectangle((bar_left, y + 2, bar_left + bar_width, y + 20), radius=9,
                               fill=BAR_EMPTY)  # fmt: skip
        filled = int(bar_width * min(done, target) / max(target, 1))
        if filled:
            draw.rounded_rectangle((bar_left, y + 2, bar_left + filled, y + 20), radius=9,
                                   fill=BAR_FULL)  # fmt: skip
        draw.text((bar_left + bar_width + 12, y), f"{min(done, target)}/{target}", font=font(18),
                  fill=SOFT_INK)  # fmt: skip
        y += 34
    return y
