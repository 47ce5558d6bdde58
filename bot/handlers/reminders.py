"""Reminders and sponsors: /remind, /reminders, /sponsor and their buttons."""

from __future__ import annotations

from telegram import CallbackQuery, Update

from bot import keyboards, texts
from bot.domain.reminders import Repeat, SponsorProblem, parse_remind, parse_sponsor
from bot.handlers import sponsors
from bot.handlers.common import (
    arguments,
    button,
    edit_quietly,
    ending_in_english,
    message_of,
    number,
    sender,
)
from bot.handlers.context import Context
from bot.services.errors import Expired
from bot.services.reminders import ReminderTextTooLong, TooManyReminders
from bot.storage.links import SPONSOR


async def remind(update: Update, context: Context) -> None:
    """`/remind HH:MM TEXT [daily|weekdays|for N days]`."""
    message = message_of(update)
    person = await sender(update, context)
    plan = parse_remind(arguments(context)) or parse_remind(ending_in_english(context, person))
    if plan is None:
        await message.reply_text(texts.usage("remind"))
        return
    if plan.repeat is Repeat.ONCE:  # "… diario", "… täglich": the repeat in their words
        plan = parse_remind(ending_in_english(context, person)) or plan
    try:
        reminder = await context.services.reminders.create(person, plan, update.update_id)
    except ReminderTextTooLong:
        await message.reply_text(texts.REMINDER_TOO_LONG + "\n" + texts.usage("remind"))
    except TooManyReminders:
        await message.reply_text(texts.TOO_MANY_REMINDERS)
    else:
        await message.reply_text(texts.reminder_set(reminder))


async def reminders_list(update: Update, context: Context) -> None:
    """`/reminders`: the list, with a delete button for each."""
    message = message_of(update)
    if context.args:
        await message.reply_text(texts.usage("reminders"))
        return
    rows = await context.services.reminders.active(await sender(update, context))
    markup = keyboards.reminders_to_delete(rows) if rows else None
    await message.reply_text(texts.reminders_list(rows), reply_markup=markup)


async def sponsor(update: Update, context: Context) -> None:
    """`/sponsor NAME [@username]`: who to call; then offers a daily call reminder and the
    invitation into the bot. `/sponsor` alone: the people linked, and invitations."""
    message = message_of(update)
    person = await sender(update, context)
    if not context.args:  # who is linked, and the invitations
        await sponsors.show_my_people(message, context, person)
        return
    parsed = parse_sponsor(arguments(context))
    if isinstance(parsed, SponsorProblem):
        await message.reply_text(texts.sponsor_problem(parsed))
        return
    await context.services.reminders.set_sponsor(person, parsed)
    linked = any(h.role == SPONSOR for h in await context.services.links.helpers(person))
    await message.reply_text(
        texts.sponsor_set(parsed.name, parsed.username),
        reply_markup=keyboards.sponsor_reminder(None if linked else parsed.name),
    )


@button(keyboards.SPONSOR_PREFIX, 1)
async def sponsor_button(query: CallbackQuery, fields: list[str], context: Context) -> None:
    """Daily call reminder at a chosen time, or none."""
    presser = await context.services.people.require(query.from_user.id)
    await query.answer()
    if fields[0] == "no":
        await edit_quietly(query, texts.SPONSOR_NO_REMINDER)
        return
    at = f"{fields[0][:2]}:{fields[0][2:]}"
    reminder = await context.services.reminders.remind_to_call_sponsor(
        presser, at, context.update_id
    )
    await edit_quietly(query, texts.reminder_set(reminder))


@button(keyboards.REMINDER_PREFIX, 3)
async def reminder_button(query: CallbackQuery, fields: list[str], context: Context) -> None:
    """✅ Done / ⏰ Snooze 30 min / Skip today on a reminder."""
    day = keyboards.parse_day(fields[1])
    if day is None:
        raise Expired
    presser = await context.services.people.require(query.from_user.id)
    reminder_id, action = number(fields[0]), fields[2]
    service = context.services.reminders
    if action == "d":
        answered = await service.done(presser, reminder_id, day)
        await query.answer(texts.CHECKIN_SAVED)
        await edit_quietly(query, texts.reminder_done(answered.reminder.text))
        logged = answered.logged
        if logged is not None and logged.met_now:
            await context.bot.send_message(presser.user_id, texts.goal_met(logged.view))
    elif action == "z":
        answered = await service.snooze(presser, reminder_id, day)
        await query.answer()
        await edit_quietly(query, texts.reminder_snoozed(answered.reminder.text))
    elif action == "s":
        answered = await service.skip(presser, reminder_id, day)
        await query.answer()
        await edit_quietly(query, texts.reminder_skipped(answered.reminder.text))
    else:
        raise Expired


@button(keyboards.REMINDER_DELETE_PREFIX, 1)
async def delete_button(query: CallbackQuery, fields: list[str], context: Context) -> None:
    """A delete button in /reminders."""
    presser = await context.services.people.require(query.from_user.id)
    removed = await context.services.reminders.delete(presser, number(fields[0]))
    await query.answer()
    await edit_quietly(query, texts.reminder_removed(removed.text))
