"""Small readers shared by handlers: who sent it, what they typed."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from telegram import CallbackQuery, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest

from bot import texts
from bot.handlers.context import Context
from bot.services.errors import Expired, NotYours
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


@asynccontextmanager
async def refusals(query: CallbackQuery) -> AsyncIterator[None]:
    """Answer someone else's or a stale button kindly, and stop there."""
    try:
        yield
    except NotYours:
        await query.answer(texts.NOT_YOUR_BUTTON, show_alert=True)
    except Expired:
        await query.answer(texts.EXPIRED)


async def edit_quietly(
    query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None = None
) -> None:
    """Edit the pressed message; pressing the same choice twice is not an error."""
    try:
        await query.edit_message_text(text, reply_markup=markup)
    except BadRequest as error:
        if "not modified" not in error.message.lower():
            raise


def number_argument(context: Context) -> int | None:
    """The single positive number after a command, if that is what was typed."""
    if context.args and len(context.args) == 1 and context.args[0].isdigit():
        return int(context.args[0])
    return None
