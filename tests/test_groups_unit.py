"""Peer-group rules: who counts as an admin; join deep-link tokens."""

from __future__ import annotations

import pytest

from bot.domain.groups import (
    ANONYMOUS_ADMIN_ID,
    deep_link,
    is_group_admin,
    join_payload,
    token_from_payload,
)
from bot.services.groups import new_join_token

GROUP = -100123


@pytest.mark.parametrize(
    ("status", "sender_chat", "admin"),
    [
        ("creator", None, True),
        ("administrator", None, True),
        ("member", None, False),
        ("restricted", None, False),
        ("left", None, False),
        ("kicked", None, False),
        (None, GROUP, True),  # anonymous admin: writes as the group itself
        (None, -100999, False),  # a linked channel or another chat is not an admin
        ("administrator", -100999, False),
    ],
)
def test_admin_check(status: str | None, sender_chat: int | None, admin: bool) -> None:
    assert is_group_admin(status, sender_chat_id=sender_chat, chat_id=GROUP) is admin


def test_anonymous_admin_account_id() -> None:
    assert ANONYMOUS_ADMIN_ID == 1087968824


def test_deep_link_token_round_trip() -> None:
    token = new_join_token()
    assert token != new_join_token()
    assert str(GROUP) not in token
    payload = join_payload(token)
    assert len(payload) <= 64
    assert token_from_payload(payload) == token
    link = deep_link("milestone_test_bot", token)
    assert link == f"https://t.me/milestone_test_bot?start=join_{token}"


@pytest.mark.parametrize(
    "payload",
    ["", "join_", "join_short", "hello", "join_abc$def-ghijklmnop", "JOIN_abcdefghijklmnopq",
     "join_" + "a" * 60, "join_-100123"],
)  # fmt: skip
def test_tampered_or_foreign_payloads_are_rejected(payload: str) -> None:
    assert token_from_payload(payload) is None


def test_join_payload_refuses_non_tokens() -> None:
    with pytest.raises(ValueError, match="not a join token"):
        join_payload("-100123")
