"""Pictures the bot draws (Pillow, with the DejaVu font it ships): /progress and chips.

Drawing is CPU work: callers run it off the event loop (`asyncio.to_thread`).
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from PIL import ImageFont

FONT_FILES = {"regular": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf"}


@cache
def font(size: int, weight: str = "regular") -> ImageFont.FreeTypeFont:
    """The shipped font at a size (same pictures on every machine)."""
    path = resources.files("bot.assets").joinpath("fonts", FONT_FILES[weight])
    with resources.as_file(path) as file:
        return ImageFont.truetype(str(file), size)
