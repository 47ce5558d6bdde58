"""Clean time: /sober, /days, /reset (asks first; Undo for 24 h), /history, and buttons."""

from __future__ import annotations

from telegram import CallbackQuery, InputFile, Message, Update

from bot import keyboards, texts
from bot.domain.dates import DateInputError, DateProblem
from bot.handlers.common import arguments, button, edit_quietly, message_of, number, sender
from bot.handlers.context import Context
from bot.services.clean_time import CleanDateRefused, DaysView
from bot.services.errors import Expired


async def _date_problem(
    message: Message, error: DateInputError, command: str, prefix: str
) -> None:
    """A date that can't be used; an ambiguous one (03/04) is asked with buttons."""
    markup = None
    if error.problem is DateProblem.AMBIGUOUS:
        markup = keyboards.date_choices(prefix, error.choices)
    await message.reply_text(texts.date_problem(error.problem, command), reply_markup=markup)


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
        await _date_problem(message, error, "sober", keyboards.SOBER_DATE_PREFIX)
    except CleanDateRefused as error:
        await message.reply_text(texts.date_refused(error.refusal, error.boundary))
    else:
        await _date_saved(message, context, view)


async def _date_saved(message: Message, context: Context, view: DaysView) -> None:
    """The answer to a clean date: with the chip of the last milestone it passed, when that
    was before today (one reached today comes as its own congratulation)."""
    text = texts.clean_date_set(view)
    if view.milestone_today is not None or view.last_milestone is None:
        await message.reply_text(text)
        return
    person = await context.services.people.require(message.chat.id)
    chip = await context.services.progress.chip(view.last_milestone[0].key, person.alias)
    await message.reply_photo(InputFile(chip, filename="chip.png"), caption=text)


@button(keyboards.SOBER_DATE_PREFIX, 1)
async def sober_date_button(query: CallbackQuery, fields: list[str], context: Context) -> None:
    """The clean date meant, when the typed one could be read two ways."""
    day = keyboards.parse_day(fields[0])
    if day is None:
        raise Expired
    presser = await context.services.people.require(query.from_user.id)
    try:
        view = await context.services.clean_time.set_clean_date(presser, day.isoformat())
    except (DateInputError, CleanDateRefused) as error:
        raise Expired from error
    await query.answer()
    await edit_quietly(query, texts.clean_date_set(view))


async def days(update: Update, context: Context) -> None:
    """`/days`: the count and the next milestone."""
    message = message_of(update)
    if context.args:
        await message.reply_text(texts.usage("days"))
        return
    person = await sender(update, context)
    view = await context.services.clean_time.days(person)
    if view is None:
        await message.reply_text(texts.NO_CLEAN_DATE)
        return
    kept = await context.services.money.kept_text(person.user_id, view.days)
    pledged = await context.services.pledges.streak(person)
    await message.reply_text(texts.days_with_extras(view, kept, pledged))


async def reset(update: Update, context: Context) -> None:
    """`/reset [DATE]`: shows what would be recorded and asks first."""
    message = message_of(update)
    try:
        preview = await context.services.clean_time.preview_reset(
            await sender(update, context), arguments(context) or None
        )
    except DateInputError as error:
        await _date_problem(message, error, "reset", keyboards.RESET_PREFIX)
    except CleanDateRefused as error:
        await message.reply_text(texts.date_refused(error.refusal, error.boundary))
    else:
        await message.reply_text(
            texts.reset_question(preview),
            reply_markup=keyboards.reset_question(preview.relapse_on),
        )


_NOT_RECORDED = {
    "no": texts.RESET_CANCELLED,  # /reset's Cancel
    "notnow": texts.RELAPSE_NOT_NOW,  # a relapse told in words: "Not now"
    "other": texts.RELAPSE_OTHER_DAY,
    "sober": texts.CLEAN_DATE_OTHER_DAY,  # no clean date yet: "Another day"
}


@button(keyboards.RESET_PREFIX, 1)
async def reset_button(query: CallbackQuery, fields: list[str], context: Context) -> None:
    """Record the relapse on the chosen day (the person's own choice), or not."""
    presser = await context.services.people.require(query.from_user.id)
    if fields[0] in _NOT_RECORDED:
        await query.answer()
        await edit_quietly(query, _NOT_RECORDED[fields[0]])
        return
    day = keyboards.parse_day(fields[0])
    if day is None:
        raise Expired
    try:
        view = await context.services.clean_time.reset(presser, day, context.update_id)
    except CleanDateRefused as error:
        await query.answer(texts.date_refused(error.refusal, error.boundary), show_alert=True)
        return
    await query.answer()
    await edit_quietly(query, texts.reset(view), keyboards.undo_reset(view.streak_id))


@button(keyboards.UNDO_RESET_PREFIX, 1)
async def undo_reset_button(query: CallbackQuery, fields: list[str], context: Context) -> None:
    """Undo a reset (24 h): the streak as it was."""
    presser = await context.services.people.require(query.from_user.id)
    view = await context.services.clean_time.undo_reset(presser, number(fields[0]))
    await query.answer()
    await edit_quietly(query, texts.reset_undone(view))


async def history(update: Update, context: Context) -> None:
    """`/history`: streaks, the longest, milestones with dates."""
    message = message_of(update)
    if context.args:
        await message.reply_text(texts.usage("history"))
        return
    view = await context.services.clean_time.history(await sender(update, context))
    await message.reply_text(texts.history(view))
