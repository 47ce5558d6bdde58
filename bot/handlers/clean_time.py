"""Clean time commands: /sober, /days, /reset, /history."""

from __future__ import annotations

from telegram import Update

from bot import texts
from bot.domain.dates import DateInputError
from bot.handlers.common import arguments, message_of, sender
from bot.handlers.context import Context
from bot.services.clean_time import CleanDateRefused


async def sober(update: Update, context: Context) -> None:
    """`/sober DATE`: set or correct the clean date."""
    typed = arguments(context)
    message = message_of(update)
    if not typed:
        await message.reply_text(texts.usage("sober"))
        return
    try:
        view = await context.services.clean_time.set_clean_date(
            await sender(update, context), typed
        )
    except DateInputError as error:
        await message.reply_text(texts.date_problem(error.problem, "sober"))
    except CleanDateRefused as error:
        await message.reply_text(texts.date_refused(error.refusal, error.boundary))
    else:
        await message.reply_text(texts.clean_date_set(view))


async def days(update: Update, context: Context) -> None:
    """`/days`: the count and the next milestone."""
    message = message_of(update)
    if context.args:
        await message.reply_text(texts.usage("days"))
        return
    view = await context.services.clean_time.days(await sender(update, context))
    await message.reply_text(texts.NO_CLEAN_DATE if view is None else texts.days(view))


async def reset(update: Update, context: Context) -> None:
    """`/reset [DATE]`: record a relapse, kindly and privately."""
    message = message_of(update)
    try:
        view = await context.services.clean_time.reset(
            await sender(update, context), arguments(context) or None
        )
    except DateInputError as error:
        await message.reply_text(texts.date_problem(error.problem, "reset"))
    except CleanDateRefused as error:
        await message.reply_text(texts.date_refused(error.refusal, error.boundary))
    else:
        await message.reply_text(texts.reset(view))


async def history(update: Update, context: Context) -> None:
    """`/history`: streaks, the longest, milestones with dates."""
    message = message_of(update)
    if context.args:
        await message.reply_text(texts.usage("history"))
        return
    view = await context.services.clean_time.history(await sender(update, context))
    await message.reply_text(texts.history(view))
