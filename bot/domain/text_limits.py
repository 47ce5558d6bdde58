"""Telegram's length limits, applied to HTML text: split, truncate, shorten echoed input.

Lengths are counted on the HTML source, which is never shorter than what Telegram counts
after parsing tags and entities, so a text that fits here fits there.
"""

from __future__ import annotations

import html

MAX_MESSAGE = 4096
ELLIPSIS = "…"


def _safe_cut(text: str, limit: int) -> int:
    """The largest cut ≤ `limit` that is not inside a tag or an entity, preferring a space."""
    cut = limit
    opening = max(text.rfind("<", 0, cut), text.rfind("&", 0, cut))
    if opening != -1:
        closing = text.find(">" if text[opening] == "<" else ";", opening)
        if closing == -1 or closing >= cut:
            cut = opening  # the tag or entity would be split: cut before it
    space = text.rfind(" ", 0, cut)
    if space > cut // 2:
        cut = space + 1
    return max(cut, 1)


def split_message(text: str, limit: int = MAX_MESSAGE) -> list[str]:
    """Parts of at most `limit` characters, split between lines where possible."""
    parts: list[str] = []
    current = ""
    for line in text.split("\n"):
        candidate = line if not current else current + "\n" + line
        if len(candidate) <= limit:
            current = candidate
            continue
        if current:
            parts.append(current)
        while len(line) > limit:
            cut = _safe_cut(line, limit)
            parts.append(line[:cut])
            line = line[cut:]
        current = line
    if current or not parts:
        parts.append(current)
    return parts


def truncate_message(text: str, limit: int = MAX_MESSAGE) -> str:
    """The text cut to `limit` characters (an edit cannot become two messages)."""
    if len(text) <= limit:
        return text
    head = split_message(text, limit - len(ELLIPSIS))[0]
    return head.rstrip() + ELLIPSIS


def shorten(typed: str, limit: int = 60) -> str:
    """Someone's input, echoed back: at most `limit` characters, then HTML-escaped."""
    collapsed = " ".join(typed.split())
    if len(collapsed) > limit:
        collapsed = collapsed[: limit - 1].rstrip() + ELLIPSIS
    return html.escape(collapsed)
