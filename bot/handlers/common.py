"""Small readers shared by handlers: who sent it, what they typed."""

from __future__ import annotations

from telegram import Message, Update

from bot.handlers.context import Context
from bot.services.people import Person


def message_of(update: Update) -> Message:
    """The message a command or text handler is answering."""
    message = update.effective_message
    if message is None:
        raise ValueError("update carries no message")
    return message


def sender_id(update: Update) -> int:
    """Telegram id of the person behind the update."""
    user = update.effective_user
    if user is None:
        raise ValueError("update has no sender")
    return user.id


def arguments(context: Context) -> str:
    """Everything after the command, whitespace collapsed."""
    return " ".join(context.args or [])


async def sender(update: Update, context: Context) -> Person:
    """The registered person who sent the update (the gate registered them)."""
    return await context.services.people.require(sender_id(update))
