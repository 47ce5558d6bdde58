"""Daily check-in: /checkin, /checkintime, mood and craving buttons, notes."""

from __future__ import annotations

import asyncio

from telegram import CallbackQuery, Message, Update

from bot import keyboards, texts
from bot.domain.checkins import Craving
from bot.handlers import conversation
from bot.handlers.common import (
    arguments_in_english,
    button,
    edit_quietly,
    message_of,
    number,
    refusals,
    sender,
)
from bot.handlers.context import Context
from bot.services.errors import Expired


async def checkin(update: Update, context: Context) -> None:
    """`/checkin`: today's prompt, now."""
    message = message_of(update)
    if context.args:
        await message.reply_text(texts.usage("checkin"))
        return
    person = await sender(update, context)
    view = await context.services.checkins.open_today(person)
    prompt = await message.reply_text(
        texts.checkin_prompt(view), reply_markup=keyboards.checkin(view)
    )
    await context.services.checkins.record_prompt(
        person.user_id, view.local_date, prompt.message_id
    )


async def checkin_time(update: Update, context: Context) -> None:
    """`/checkintime HH:MM|off`: when the daily prompt arrives."""
    message = message_of(update)
    person = await sender(update, context)
    typed = arguments_in_english(context, person)
    if not typed:
        current = await context.services.checkins.current_time(person)
        await message.reply_text(texts.checkin_time_current(current))
        return
    try:
        value = await context.services.checkins.set_time(person, typed)
    except ValueError:
        await message.reply_text(texts.usage("checkintime"))
        return
    await message.reply_text(texts.checkin_time_set(value))


async def checkin_button(update: Update, context: Context) -> None:
    """A mood or craving button: save it, show it on the prompt, support a strong craving."""
    query = update.callback_query
    if query is None:
        return
    choice = keyboards.parse_checkin(query.data or "")
    if choice is None:
        await query.answer(texts.EXPIRED)
        return
    async with refusals(query):
        view = await context.services.checkins.choose(
            query.from_user.id,
            choice.owner_id,
            choice.local_date,
            mood=choice.mood,
            craving=choice.craving,
        )
        await asyncio.gather(
            query.answer(texts.CHECKIN_SAVED),
            edit_quietly(query, texts.checkin_prompt(view), keyboards.checkin(view)),
        )
        if choice.craving is Craving.STRONG and isinstance(query.message, Message):
            person = await context.services.people.require(view.user_id)
            await conversation.support_for(query.message, context, person)


@button(keyboards.GOAL_CHECKIN_PREFIX, 2)
async def goal_button(query: CallbackQuery, fields: list[str], context: Context) -> None:
    """A goal's ✅ inside the check-in prompt: count that day, refresh the prompt."""
    day = keyboards.parse_day(fields[1])
    if day is None:
        raise Expired
    presser = await context.services.people.require(query.from_user.id)
    logged = await context.services.goals.log(presser, number(fields[0]), "checkin", day)
    view = await context.services.checkins.view(presser.user_id, day)
    if view is None:
        raise Expired
    await asyncio.gather(
        query.answer(texts.CHECKIN_SAVED),
        edit_quietly(query, texts.checkin_prompt(view), keyboards.checkin(view)),
    )
    if logged.met_now:
        await context.bot.send_message(presser.user_id, texts.goal_met(logged.view))
