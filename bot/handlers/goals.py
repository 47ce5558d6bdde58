"""Small goals: /goal, /goals, /done, /drop and their buttons."""

from __future__ import annotations

from telegram import CallbackQuery, Update

from bot import keyboards, texts
from bot.handlers.common import (
    arguments,
    button,
    edit_quietly,
    message_of,
    number,
    number_argument,
    sender,
)
from bot.handlers.context import Context
from bot.services.errors import Expired
from bot.services.goals import Drafted, TitleTooLong, TooManyGoals
from bot.services.people import Person


async def goal(update: Update, context: Context) -> None:
    """`/goal TEXT`: set a goal, or ask how often when the text doesn't say."""
    message = message_of(update)
    typed = arguments(context)
    if not typed:
        await message.reply_text(texts.usage("goal"))
        return
    try:
        result = await context.services.goals.create(
            await sender(update, context), typed, update.update_id
        )
    except TitleTooLong:
        await message.reply_text(texts.GOAL_TOO_LONG + texts.usage("goal"))
    except TooManyGoals:
        await message.reply_text(texts.TOO_MANY_GOALS)
    else:
        if isinstance(result, Drafted):
            await message.reply_text(
                texts.goal_schedule_question(result.title),
                reply_markup=keyboards.goal_schedule(result.goal_id),
            )
        else:
            await message.reply_text(texts.goal_set(result))


async def goals_list(update: Update, context: Context) -> None:
    """`/goals`: open goals with progress bars, days left and reasons."""
    message = message_of(update)
    if context.args:
        await message.reply_text(texts.usage("goals"))
        return
    views = await context.services.goals.views(await sender(update, context))
    await message.reply_text(texts.goals_list(views))


async def done(update: Update, context: Context) -> None:
    """`/done N` counts today for goal N; `/done` alone offers buttons."""
    message = message_of(update)
    person = await sender(update, context)
    if not context.args:
        open_today = await context.services.goals.open_today(person)
        if not open_today:
            await message.reply_text(texts.NO_OPEN_GOALS_TODAY)
            return
        await message.reply_text(
            texts.PICK_GOAL_DONE, reply_markup=keyboards.goals_to_log(open_today)
        )
        return
    number = number_argument(context)
    if number is None:
        await message.reply_text(texts.usage("done"))
        return
    try:
        logged = await context.services.goals.log_number(person, number)
    except Expired:
        count = len(await context.services.goals.views(person))
        await message.reply_text(texts.goal_choice_prompt_number(count))
        return
    await message.reply_text(texts.goal_logged(logged.view, logged.newly, logged.met_now))


async def drop(update: Update, context: Context) -> None:
    """`/drop N`: asks first."""
    message = message_of(update)
    number = number_argument(context)
    if number is None:
        await message.reply_text(texts.usage("drop"))
        return
    person = await sender(update, context)
    try:
        view = await context.services.goals.goal_for_number(person, number)
    except Expired:
        count = len(await context.services.goals.views(person))
        await message.reply_text(texts.goal_choice_prompt_number(count))
        return
    await message.reply_text(
        texts.goal_drop_question(view), reply_markup=keyboards.goal_drop(view.goal_id)
    )


async def _presser(query: CallbackQuery, context: Context) -> Person:
    return await context.services.people.require(query.from_user.id)


@button(keyboards.GOAL_SCHEDULE_PREFIX, 2)
async def schedule_button(query: CallbackQuery, fields: list[str], context: Context) -> None:
    """Once / every day / N× a week for a goal whose schedule was unclear."""
    presser = await _presser(query, context)
    try:
        view = await context.services.goals.choose_schedule(presser, number(fields[0]), fields[1])
    except TooManyGoals:
        await query.answer(texts.TOO_MANY_GOALS, show_alert=True)
        return
    await query.answer()
    await edit_quietly(query, texts.goal_set(view))


@button(keyboards.GOAL_DONE_PREFIX, 1)
async def done_button(query: CallbackQuery, fields: list[str], context: Context) -> None:
    """A goal button under /done."""
    presser = await _presser(query, context)
    logged = await context.services.goals.log(presser, number(fields[0]), "done")
    await query.answer(texts.CHECKIN_SAVED)
    await edit_quietly(query, texts.goal_logged(logged.view, logged.newly, logged.met_now))


@button(keyboards.GOAL_DROP_PREFIX, 2)
async def drop_button(query: CallbackQuery, fields: list[str], context: Context) -> None:
    """Yes, drop it / Keep it."""
    presser = await _presser(query, context)
    goal_id = number(fields[0])
    if fields[1] == "no":
        await context.services.goals.check_owner(presser, goal_id)
        await query.answer()
        await edit_quietly(query, texts.GOAL_KEPT)
    elif fields[1] == "yes":
        await _drop(query, context, presser, goal_id)
    else:
        raise Expired


@button(keyboards.GOAL_MISSED_PREFIX, 2)
async def missed_button(query: CallbackQuery, fields: list[str], context: Context) -> None:
    """Try again / make it smaller / drop, after a period ended short."""
    presser = await _presser(query, context)
    goal_id = number(fields[0])
    if fields[1] == "drop":
        await _drop(query, context, presser, goal_id)
        return
    if fields[1] == "smaller":
        choices = await context.services.goals.smaller_choices(presser, goal_id)
        await query.answer()
        await edit_quietly(query, texts.GOAL_HOW_MANY, keyboards.goal_smaller(goal_id, choices))
        return
    target = None
    if fields[1].startswith("s"):
        target = number(fields[1][1:])
    elif fields[1] != "again":
        raise Expired
    choice = "smaller" if target is not None else "again"
    view = await context.services.goals.after_miss(presser, goal_id, choice, target)
    await query.answer()
    await edit_quietly(query, texts.goal_retry(view))


async def _drop(query: CallbackQuery, context: Context, presser: Person, goal_id: int) -> None:
    title = await context.services.goals.drop(presser, goal_id)
    await query.answer()
    await edit_quietly(query, texts.goal_dropped(title))
