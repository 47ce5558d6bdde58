"""A milestone chip: a round token with the milestone ("90 DAYS", "1 YEAR") and the name.

In many fellowships a chip or keytag marks clean time; this is its picture.
"""

from __future__ import annotations

import io
import math

from PIL import Image, ImageDraw

from bot.drawing import font
from bot.i18n import gettext as _

SIZE = 640
BACKGROUND = (250, 250, 247)
# The metal of the chip grows with the time it marks.
TIERS = (
    (7, ((214, 226, 236), (120, 144, 160))),  # up to a week: silver-blue
    (90, ((178, 223, 199), (46, 125, 87))),  # up to 90 days: green
    (365, ((236, 208, 160), (158, 106, 38))),  # up to a year: bronze
    (10**6, ((242, 218, 120), (150, 112, 10))),  # a year and more: gold
)


def _colours(days: int) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    for limit, colours in TIERS:
        if days <= limit:
            return colours
    return TIERS[-1][1]


def _fitted(draw: ImageDraw.ImageDraw, text: str, weight: str, start: int, width: int) -> int:
    size = start
    while size > 14 and draw.textlength(text, font=font(size, weight)) > width:
        size -= 2
    return size


def render_chip(label: str, name: str, days: int) -> bytes:
    """The PNG of a chip: `label` like "90 days", `name` the person's alias."""
    face, metal = _colours(days)
    image = Image.new("RGB", (SIZE, SIZE), BACKGROUND)
    draw = ImageDraw.Draw(image)
    centre = SIZE // 2
    outer = SIZE // 2 - 16
    draw.ellipse((centre - outer, centre - outer, centre + outer, centre + outer), fill=metal)
    inner = outer - 22
    draw.ellipse((centre - inner, centre - inner, centre + inner, centre + inner), fill=face)
    ring = inner - 26
    draw.ellipse((centre - ring, centre - ring, centre + ring, centre + ring),
                 outline=metal, width=4)  # fmt: skip
    # Small stars around the ring, like the stamping on a chip.
    for step in range(12):
        angle = step * math.tau / 12
        x = centre + int((inner - 13) * math.cos(angle))
        y = centre + int((inner - 13) * math.sin(angle))
        draw.ellipse((x - 4, y - 4, x + 4, y + 4), fill=metal)

    number, _space, unit = label.upper().partition(" ")
    size = _fitted(draw, number, "bold", 170, 2 * ring - 90)
    draw.text((centre, centre - 40), number, font=font(size, "bold"), fill=metal, anchor="mm")
    draw.text((centre, centre + 70), unit or "DAY", font=font(44, "bold"), fill=metal,
              anchor="mm")  # fmt: skip
    shown = name if len(name) <= 24 else name[:23] + "…"
    name_size = _fitted(draw, shown, "regular", 34, 2 * ring - 120)
    draw.text((centre, centre + 140), shown, font=font(name_size), fill=(60, 60, 60), anchor="mm")
    # Translators: the motto on a milestone chip, printed in capitals round its top.
    motto = _("One day at a time").upper()
    draw.text((centre, centre - 170), motto, font=font(22, "bold"), fill=metal, anchor="mm")
    output = io.BytesIO()
    image.save(output, format="PNG")
    return output.getvalue()
