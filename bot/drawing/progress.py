"""The /progress picture: check-ins coloured by mood, streaks, milestones, goals, money kept.

One PNG drawn for the size Telegram shows it at (photos are about 320–400 px wide in a
chat): 720 px wide with big type, so at half size every word is still about 12 px or more.
The calendar fills the width, every month is named, and no two labels ever overlap
(each text's box is kept while drawing; the tests check it). A day without a check-in is
a neutral grey, never red: missing a day is not failing.
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

WIDTH = 720
MARGIN = 28
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


CALENDAR_LEFT = MARGIN + 64  # room for the weekday names
CALENDAR_TOP = 190
LABEL = 24  # month names, weekdays, timeline labels
SMALL = 20  # the smallest text drawn (about 10 px at chat size)


# Past half a year, the weeks are drawn in two blocks, one above the other: a year in one
# row would make squares (and month names) too small to read at chat size.
MOST_WEEKS_IN_A_ROW = 27
BLOCK_GAP = 48  # room for the next block's month names


def _cell_and_gap(weeks: int) -> tuple[int, int]:
    """The calendar fills the width whatever the span (8 weeks: big squares)."""
    step = max(8, (WIDTH - MARGIN - CALENDAR_LEFT) // _per_block(weeks))
    gap = max(1, step // 9)
    return step - gap, gap


def _per_block(weeks: int) -> int:
    return weeks if weeks <= MOST_WEEKS_IN_A_ROW else -(-weeks // 2)


def _block_height(weeks: int) -> int:
    cell, gap = _cell_and_gap(weeks)
    return 7 * (cell + gap) + BLOCK_GAP


def cell_box(first: date, last: date, day: date) -> tuple[int, int, int, int]:
    """Where a day's square is drawn: (left, top, right, bottom)."""
    start = first - timedelta(days=first.weekday())  # weeks start on Monday
    weeks = (last - start).days // 7 + 1
    cell, gap = _cell_and_gap(weeks)
    week, weekday = divmod((day - start).days, 7)
    block, column = divmod(week, _per_block(weeks))
    left = CALENDAR_LEFT + column * (cell + gap)
    top = CALENDAR_TOP + block * _block_height(weeks) + weekday * (cell + gap)
    return left, top, left + cell, top + cell


Box = tuple[int, int, int, int]


class Canvas:
    """The picture being drawn, with the box of every text on it (they must never overlap)."""

    def __init__(self, height: int) -> None:
        self.image = Image.new("RGB", (WIDTH, height), BACKGROUND)
        self.draw = ImageDraw.Draw(self.image)
        self.texts: list[tuple[str, Box]] = []

    def width_of(self, text: str, size: int, weight: str = "regular") -> int:
        return int(self.draw.textlength(text, font=font(size, weight)))

    def box_of(self, xy: tuple[int, int], text: str, size: int, weight: str = "regular") -> Box:
        left, top, right, bottom = self.draw.textbbox(xy, text, font=font(size, weight))
        return int(left), int(top), int(right), int(bottom)

    def free(self, box: Box, pad: int = 4) -> bool:
        """Whether `box` (padded) touches no text drawn so far."""
        return not any(overlap(box, other, pad) for _, other in self.texts)

    def text(self, xy: tuple[int, int], text: str, size: int, fill: tuple[int, int, int],
             weight: str = "regular") -> Box:  # fmt: skip
        box = self.box_of(xy, text, size, weight)
        self.draw.text(xy, text, font=font(size, weight), fill=fill)
        self.texts.append((text, box))
        return box


def overlap(a: Box, b: Box, pad: int = 0) -> bool:
    """Whether two boxes overlap (closer than `pad` counts)."""
    return a[0] < b[2] + pad and b[0] < a[2] + pad and a[1] < b[3] + pad and b[1] < a[3] + pad


def _fitting(canvas: Canvas, text: str, size: int, room: int, weight: str = "regular") -> int:
    """The largest size up to `size` at which `text` fits in `room` pixels (at least SMALL)."""
    while size > SMALL and canvas.width_of(text, size, weight) > room:
        size -= 1
    return size


def render_progress(data: ProgressData) -> bytes:
    """The PNG for `data`."""
    png, _ = render_progress_with_boxes(data)
    return png


def render_progress_with_boxes(data: ProgressData) -> tuple[bytes, list[tuple[str, Box]]]:
    """The PNG for `data`, and the box of every text drawn on it."""
    start = data.first - timedelta(days=data.first.weekday())  # weeks start on Monday
    weeks = (data.last - start).days // 7 + 1
    cell, gap = _cell_and_gap(weeks)
    per_block = _per_block(weeks)
    blocks = -(-weeks // per_block)
    calendar_height = blocks * _block_height(weeks) - BLOCK_GAP
    goals_height = 76 * len(data.goals) + (60 if data.goals else 0)
    height = CALENDAR_TOP + calendar_height + 110 + 440 + goals_height + 24
    canvas = Canvas(height)

    title_size = _fitting(canvas, data.title, 40, WIDTH - 2 * MARGIN, "bold")
    canvas.text((MARGIN, MARGIN - 8), data.title, title_size, INK, "bold")
    y = MARGIN + 50
    for line in _stats_lines(canvas, _stats(data)):
        canvas.text((MARGIN, y), line, 26, SOFT_INK)
        y += 34

    # Mon, Wed, Fri, Sun: no taller than two rows, so they never touch.
    day_size = min(LABEL, 2 * (cell + gap) - 8)
    for block in range(blocks):
        block_top = CALENDAR_TOP + block * _block_height(weeks)
        for row in range(0, 7, 2):
            name = short_weekday(row)
            size = min(day_size, _fitting(canvas, name, LABEL, CALENDAR_LEFT - MARGIN - 6))
            top = block_top + row * (cell + gap) + (cell - size) // 2 - 2
            canvas.text((MARGIN, top), name, size, SOFT_INK)
        in_block = range(block * per_block, min(weeks, (block + 1) * per_block))
        _month_names(canvas, data.first, data.last, start, in_block, cell + gap, block_top)
    for week in range(weeks):
        for weekday in range(7):
            day = start + timedelta(days=week * 7 + weekday)
            if day < data.first or day > data.last:
                continue
            colour = NO_CHECKIN
            if day in data.check_ins:
                mood = data.check_ins[day]
                colour = MOOD_COLOURS[mood] if mood is not None else ANSWERED
            box = cell_box(data.first, data.last, day)
            canvas.draw.rounded_rectangle(box, radius=max(2, cell // 5), fill=colour)
    y = CALENDAR_TOP + calendar_height + 20
    y = _legend(canvas, y)
    y = _timeline(canvas, y + 30, data)
    if data.goals:
        y = _goals(canvas, y + 16, data.goals)
    output = io.BytesIO()
    canvas.image.crop((0, 0, WIDTH, min(height, y + 24))).save(output, format="PNG")
    return output.getvalue(), canvas.texts


def _stats_lines(canvas: Canvas, stats: str) -> list[str]:
    """The day counts, wrapped at their separators to fit the width."""
    lines: list[str] = []
    for part in stats.split("  ·  "):
        joined = f"{lines[-1]}  ·  {part}" if lines else part
        if lines and canvas.width_of(joined, 26) <= WIDTH - 2 * MARGIN:
            lines[-1] = joined
        else:
            lines.append(part)
    return lines[:2]


def _month_names(canvas: Canvas, first: date, last: date, start: date, weeks: range,
                 step: int, top: int) -> None:  # fmt: skip
    """Every month named above the week its first day falls in (a block's first week too),
    at a size where no two names touch."""
    marks: list[tuple[int, str]] = []
    for week in weeks:
        monday = start + timedelta(days=7 * week)
        days = [monday + timedelta(days=n) for n in range(7)]
        shown = [day for day in days if first <= day <= last]
        if not shown:
            continue
        firsts = [day for day in shown if day.day == 1]
        if week == weeks.start or firsts:
            day = firsts[0] if firsts else shown[0]
            marks.append((CALENDAR_LEFT + (week - weeks.start) * step, month_name(day)))
    # The first, partial month keeps its name only with room before the next one.
    if len(marks) > 1 and marks[1][0] - marks[0][0] < 3 * canvas.width_of(marks[0][1], 16) // 2:
        marks.pop(0)
    size = LABEL
    while size > 12:
        ends = [x + canvas.width_of(name, size) for x, name in marks]
        if all(ends[i] + 6 <= marks[i + 1][0] for i in range(len(marks) - 1)):
            break
        size -= 1
    for x, name in marks:
        canvas.text((x, top - size - 10), name, size, SOFT_INK)


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


def _legend(canvas: Canvas, y: int) -> int:
    """The colours, wrapped into as many rows as the width needs."""
    items = [(_("no check-in"), NO_CHECKIN), (_("checked in"), ANSWERED)]
    items += [
        (_("mood {mood}").format(mood=mood), colour) for mood, colour in MOOD_COLOURS.items()
    ]
    x = MARGIN
    for label, colour in items:
        width = 30 + canvas.width_of(label, SMALL + 2)
        if x + width > WIDTH - MARGIN:
            x, y = MARGIN, y + 34
        canvas.draw.rounded_rectangle((x, y + 2, x + 22, y + 24), radius=5, fill=colour)
        canvas.text((x + 30, y), label, SMALL + 2, SOFT_INK)
        x += width + 22
    return y + 34


def _timeline(canvas: Canvas, y: int, data: ProgressData) -> int:
    """Milestones on a line from the first day shown to the next milestone; each label in
    the first row, above or below the line, where it touches no other (rows only as many
    as the labels need)."""
    canvas.text((MARGIN, y), _("Milestones"), 30, INK, "bold")
    end = data.next_milestone[1] if data.next_milestone else data.last
    span = max(1, (end - data.first).days)
    line_left, line_right = MARGIN + 12, WIDTH - MARGIN - 12

    def x_of(day: date) -> int:
        return line_left + int((line_right - line_left) * (min(max(day, data.first), end)
                                                            - data.first).days / span)  # fmt: skip

    labels: list[tuple[int, str, bool]] = [(x_of(day), label, False)
                                           for label, day in data.milestones]  # fmt: skip
    if data.next_milestone:
        label, day = data.next_milestone
        labels.append((x_of(day), _("next: {milestone}").format(milestone=label), True))
    labels.append((x_of(data.last), _("today"), False))
    # Placed against a line at 0 first: nearest the line, alternating above and below.
    slots = [side * (n + 1) for n in range(5) for side in (-1, 1)]
    placed: list[tuple[int, int, str, int, str, Box]] = []  # left, top, text, size, weight
    for x, text, bold in labels:
        weight = "bold" if bold else "regular"
        size = _fitting(canvas, text, LABEL, WIDTH - 2 * MARGIN, weight)
        width = canvas.width_of(text, size, weight)
        left = min(max(MARGIN, x - width // 2), WIDTH - MARGIN - width)
        for slot in slots:
            top = (LABEL + 12) * slot - (LABEL + 4 if slot < 0 else -4)
            box = canvas.box_of((left, top), text, size, weight)
            if not any(overlap(box, other[5], 4) for other in placed):
                placed.append((left, top, text, size, weight, box))
                break
    highest = min([p[5][1] for p in placed] + [-20])
    line_y = y + 56 - highest
    canvas.draw.line((line_left, line_y, line_right, line_y), fill=(200, 206, 210), width=5)
    for _label, day in data.milestones:
        x = x_of(day)
        canvas.draw.ellipse((x - 11, line_y - 11, x + 11, line_y + 11), fill=BAR_FULL)
    if data.next_milestone:
        x = x_of(data.next_milestone[1])
        canvas.draw.ellipse((x - 11, line_y - 11, x + 11, line_y + 11), outline=BAR_FULL,
                            width=4, fill=BACKGROUND)  # fmt: skip
    today_x = x_of(data.last)
    canvas.draw.line((today_x, line_y - 18, today_x, line_y + 18), fill=SOFT_INK, width=3)
    lowest = line_y + 24
    for left, top, text, size, weight, _box in placed:
        box = canvas.text((left, line_y + top), text, size, INK, weight)
        lowest = max(lowest, box[3])
    return lowest + 20


def _goals(canvas: Canvas, y: int, goals: Sequence[tuple[str, int, int]]) -> int:
    """Each goal's title on its own line, its bar and count below it."""
    canvas.text((MARGIN, y), _("Goals"), 30, INK, "bold")
    y += 50
    bar_width = WIDTH - 2 * MARGIN - 90
    for title, done, target in goals:
        shown = title if len(title) <= 44 else title[:43] + "…"
        size = _fitting(canvas, shown, 24, WIDTH - 2 * MARGIN)
        canvas.text((MARGIN, y), shown, size, INK)
        bar_top = y + 34
        canvas.draw.rounded_rectangle((MARGIN, bar_top, MARGIN + bar_width, bar_top + 22),
                                      radius=11, fill=BAR_EMPTY)  # fmt: skip
        filled = int(bar_width * min(done, target) / max(target, 1))
        if filled:
            canvas.draw.rounded_rectangle((MARGIN, bar_top, MARGIN + filled, bar_top + 22),
                                          radius=11, fill=BAR_FULL)  # fmt: skip
        canvas.text((MARGIN + bar_width + 14, bar_top - 3), f"{min(done, target)}/{target}", 24,
                    SOFT_INK)  # fmt: skip
        y += 76
    return y
