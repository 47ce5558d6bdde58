"""Who is in a group chat right now: asked of Telegram (getChatMember), cached a few minutes."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.clock import Clock, epoch_seconds

# Asks Telegram whether a user is in a chat now (True/False). Set when the bot starts.
MemberLookup = Callable[[int, int], Awaitable[bool]]
CACHE_SECONDS = 300


class LiveMembership:
    """Membership of group chats as Telegram sees it, re-checked every few minutes."""

    def __init__(self, clock: Clock, lookup: MemberLookup | None = None) -> None:
        self._clock = clock
        self.lookup = lookup
        self._cache: dict[tuple[int, int], tuple[int, bool]] = {}

    async def is_in(self, chat_id: int, user_id: int) -> bool:
        """Whether the user is in the chat now (cached for `CACHE_SECONDS`)."""
        now = epoch_seconds(self._clock)
        cached = self._cache.get((chat_id, user_id))
        if cached is not None and now - cached[0] < CACHE_SECONDS:
            return cached[1]
        if self.lookup is None:
            raise RuntimeError("membership lookup is not connected (the bot is not running)")
        present = await self.lookup(chat_id, user_id)
        self.remember(chat_id, user_id, present)
        return present

    def remember(self, chat_id: int, user_id: int, present: bool) -> None:
        """Telegram told us (a member left, was removed, or just spoke)."""
        if len(self._cache) > 50_000:
            self._cache.clear()
        self._cache[(chat_id, user_id)] = (epoch_seconds(self._clock), present)
