"""Changes to the bot's own membership: blocked or unblocked in a private chat."""

from __future__ import annotations

from telegram import ChatMember, Update
from telegram.constants import ChatType

from bot.handlers.context import Context

_GONE = {ChatMember.BANNED, ChatMember.LEFT}


def is_gone(status: str) -> bool:
    """Whether a membership status means the bot can no longer write there."""
    return status in _GONE


async def bot_membership(update: Update, context: Context) -> None:
    """Private: blocking pauses the person's schedules, unblocking resumes them.
    Groups: added → a short intro; removed or kicked → nothing is sent there again."""
    change = update.my_chat_member
    if change is None:
        return
    if change.chat.type != ChatType.PRIVATE:
        was_in = not is_gone(change.old_chat_member.status)
        if is_gone(change.new_chat_member.status):
            await context.services.groups.bot_removed(change.chat.id)
        elif not was_in:
            await context.services.groups.bot_added(change.chat.id, change.chat.title or "")
        return
    if is_gone(change.new_chat_member.status):
        await context.services.outbox.chat_unreachable(change.chat.id, "Blocked")
    else:
        await context.services.people.set_reachable(change.chat.id)
