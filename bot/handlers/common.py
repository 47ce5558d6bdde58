"""Small readers shared by handlers: who sent it, what they typed."""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from typing import Any

from telegram import CallbackQuery, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest

from bot import keyboards, texts
from bot.domain import phrase_banks
from bot.domain.numbers import strict_number
from bot.handlers.context import Context
from bot.services.errors import Expired, NotYours
from bot.services.people import Person

Callback = Callable[[Update, Context], Coroutine[Any, Any, None]]


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


def arguments_in_english(context: Context, person: Person) -> str:
    """The arguments with the words commands read ("off", "daily", "per day") taken in the
    person's language too: "/checkintime aus", "/remind 19:00 llamar a Luis diario"."""
    return phrase_banks.keywords_in_english(arguments(context), person.language)


def ending_in_english(context: Context, person: Person, words: int = 4) -> str:
    """Like `arguments_in_english`, for the last few words only (a reminder's "diario"):
    the person's own text before them stays as they wrote it."""
    typed = arguments(context).split()
    head, tail = typed[:-words], " ".join(typed[-words:])
    return " ".join([*head, phrase_banks.keywords_in_english(tail, person.language)]).strip()


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
    if context.args and len(context.args) == 1:
        return strict_number(context.args[0])
    return None


ButtonHandler = Callable[[CallbackQuery, list[str], Context], Coroutine[Any, Any, None]]


def button(prefix: str, count: int) -> Callable[[ButtonHandler], Callback]:
    """Turn `handler(query, fields, context)` into a PTB callback for buttons `prefix…`.

    The callback data's `count` fields are split out; malformed data, someone else's button
    (NotYours) and stale ones (Expired) are answered kindly and go no further.
    """

    def wrap(handler: ButtonHandler) -> Callback:
        @functools.wraps(handler)
        async def callback(update: Update, context: Context) -> None:
            query = update.callback_query
            if query is None:
                return
            fields = keyboards.parts(query.data, prefix, count)
            async with refusals(query):
                if fields is None:
                    raise Expired
                await handler(query, fields, context)

        return callback

    return wrap


def number(field: str) -> int:
    """A numeric id from callback data; anything else is a stale button."""
    value = strict_number(field)
    if value is None:
        raise Expired
    return value
