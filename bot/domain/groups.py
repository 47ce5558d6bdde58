"""Peer-group rules that need no I/O: who is an admin, what a join deep link carries."""

from __future__ import annotations

import re
from enum import Enum

# Anonymous group admins write as the group itself (`sender_chat` is the group) and
# Telegram shows them as this bot account.
ANONYMOUS_ADMIN_ID = 1087968824
ADMIN_STATUSES = frozenset({"creator", "administrator"})
JOIN_PREFIX = "join_"
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,40}$")
MAX_DEEP_LINK_PAYLOAD = 64


PRESENT_STATUSES = frozenset({"creator", "administrator", "member"})


def is_in_chat(status: str, is_member: bool | None = None) -> bool:
    """Whether a getChatMember status means the person is in the chat now (a restricted
    member is, unless Telegram says they left)."""
    if status == "restricted":
        return bool(is_member)
    return status in PRESENT_STATUSES


def is_group_admin(status: str | None, *, sender_chat_id: int | None, chat_id: int) -> bool:
    """An admin at the moment of the command: creator/administrator, or an anonymous admin."""
    if sender_chat_id is not None:
        return sender_chat_id == chat_id
    return status in ADMIN_STATUSES


def join_payload(token: str) -> str:
    """The `start` payload of a group's join deep link."""
    payload = JOIN_PREFIX + token
    if not _TOKEN.match(token) or len(payload) > MAX_DEEP_LINK_PAYLOAD:
        raise ValueError("not a join token")
    return payload


def token_from_payload(payload: str) -> str | None:
    """The token in a `join_<token>` payload; None for anything else."""
    if not payload.startswith(JOIN_PREFIX):
        return None
    token = payload[len(JOIN_PREFIX) :]
    return token if _TOKEN.match(token) else None


def deep_link(bot_username: str, token: str) -> str:
    """`https://t.me/<bot>?start=join_<token>`."""
    return f"https://t.me/{bot_username}?start={join_payload(token)}"


class TopicPlace(Enum):
    """Where a forum group's milestones go, seen from the topic a panel is in."""

    HERE = "here"
    GENERAL = "general"
    ELSEWHERE = "elsewhere"


def topic_place(topic_id: int | None, here: int | None) -> TopicPlace:
    """The group's milestones topic as the panel in topic `here` (None: General) says it."""
    if topic_id == here:
        return TopicPlace.HERE
    return TopicPlace.GENERAL if topic_id is None else TopicPlace.ELSEWHERE
