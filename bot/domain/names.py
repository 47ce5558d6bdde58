"""The name a group sees: a plain name, never a mention, a link or hidden characters."""

from __future__ import annotations

import re
import unicodedata
from enum import Enum

MAX_ALIAS_LENGTH = 32
FALLBACK_NAME = "A member"

# Control, format (zero-width, direction overrides), private-use, surrogate, unassigned,
# and line/paragraph separators: nothing a reader can see or should be steered by.
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"})
_LINK = re.compile(
    r"(?:https?://|www\.|tg://|\b(?:t|telegram)\.me\b|"
    r"\b[\w-]+\.(?:com|net|org|me|io|ru|info|biz|xyz|top|link|ly|gg|app|dev|co|uk|de|online"
    r"|site|shop|store|click|club|live|pro|vip|cc|tk|su|ua|in)\b)",
    re.IGNORECASE,
)


class NameProblem(Enum):
    """Why a name cannot be shown to a group."""

    EMPTY = "empty"
    TOO_LONG = "too_long"
    MENTION = "mention"
    LINK = "link"
    HIDDEN = "hidden"


def _has_hidden(text: str) -> bool:
    return any(unicodedata.category(char) in _HIDDEN_CATEGORIES for char in text)


def alias_problem(typed: str) -> NameProblem | None:
    """What is wrong with a name someone chose, or None when a group may see it."""
    name = " ".join(typed.split())
    if not name:
        return NameProblem.EMPTY
    if _has_hidden(name):
        return NameProblem.HIDDEN
    if len(name) > MAX_ALIAS_LENGTH:
        return NameProblem.TOO_LONG
    if "@" in name:
        return NameProblem.MENTION
    if _LINK.search(name):
        return NameProblem.LINK
    return None


def clean_alias(typed: str) -> str:
    """The name as stored: whitespace collapsed (check `alias_problem` first)."""
    return " ".join(typed.split())


def group_name(alias: str | None, first_name: str) -> str:
    """The name shown to a group: the chosen alias, else the Telegram first name made plain,
    else a neutral fallback (a first name is whatever the person typed into Telegram)."""
    if alias is not None and alias_problem(alias) is None:
        return clean_alias(alias)
    plain = "".join(c for c in first_name if unicodedata.category(c) not in _HIDDEN_CATEGORIES)
    plain = " ".join(plain.split())[:MAX_ALIAS_LENGTH].strip()
    if not plain or alias_problem(plain) is not None:
        return FALLBACK_NAME
    return plain
