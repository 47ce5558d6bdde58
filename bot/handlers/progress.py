"""Seeing progress and owning one's data: /progress, /why, /pledge, /spend, /export,
/deleteme, /stats, and the note to future me."""

from __future__ import annotations

import logging

from telegram import CallbackQuery, InputFile, Update
from telegram.error import TelegramError

from bot import i18n, keyboards, texts
from bot.domain.money import SpendProblem
from bot.handlers.common import (
    arguments,
    arguments_in_english,
    button,
    edit_quietly,
    message_of,
    number,
    sender,
)
from bot.handlers.context import Context
from bot.services.errors import Expired
from bot.services.progress import DEFAULT_SPAN, SPANS
from bot.services.reasons import ReasonRefused

logger = logging.getLogger(__name__)


async def progress(update: Update, context: Context) -> None:
    """`/progress [8w|6m|1y]`: one picture of check-ins, streaks, milestones and goals."""
    message = message_of(update)
    span = (arguments(context) or DEFAULT_SPAN).lower()
    if span not in SPANS:
        await message.reply_text(texts.usage("progress"))
        return
    person = await sender(update, context)
    picture = await context.services.progress.picture(person, span)
    await message.reply_photo(
        InputFile(picture, filename="progress.png"),
        caption=texts.progress_caption(i18n.amount(*SPANS[span][1])),
        reply_markup=keyboards.progress_spans(),
    )


@button(keyboards.PROGRESS_SPAN_PREFIX, 1)
async def progress_span_button(query: CallbackQuery, fields: list[str], context: Context) -> None:
    """Another span of /progress, as a new picture."""
    if fields[0] not in SPANS:
        raise Expired
    presser = await context.services.people.require(query.from_user.id)
    picture = await context.services.progress.picture(presser, fields[0])
    await query.answer()
    await query.get_bot().send_photo(
        presser.user_id,
        InputFile(picture, filename="progress.png"),
        caption=texts.progress_caption(i18n.amount(*SPANS[fields[0]][1])),
        reply_markup=keyboards.progress_spans(),
    )


async def why(update: Update, context: Context) -> None:
    """`/why [reason]`: add a reason, or list them with remove buttons."""
    message = message_of(update)
    person = await sender(update, context)
    typed = arguments(context)
    if typed:
        try:
            reasons = await context.services.reasons.add(person, typed, update.update_id)
        except ReasonRefused as refused:
            await message.reply_text(texts.reason_refused(str(refused)))
            return
    else:
        reasons = await context.services.reasons.of(person.user_id)
    markup = keyboards.reasons_to_remove([(r.reason_id, r.text) for r in reasons])
    await message.reply_text(
        texts.reasons([r.text for r in reasons], added=bool(typed)),
        reply_markup=markup if reasons else None,
    )


@button(keyboards.REASON_DELETE_PREFIX, 1)
async def reason_remove_button(query: CallbackQuery, fields: list[str], context: Context) -> None:
    """🗑 on a reason in /why."""
    presser = await context.services.people.require(query.from_user.id)
    reasons = await context.services.reasons.remove(presser, number(fields[0]))
    await query.answer()
    markup = keyboards.reasons_to_remove([(r.reason_id, r.text) for r in reasons])
    await edit_quietly(
        query, texts.reasons([r.text for r in reasons], added=False), markup if reasons else None
    )


async def pledge(update: Update, context: Context) -> None:
    """`/pledge HH:MM|off`: the optional morning "just for today"."""
    message = message_of(update)
    person = await sender(update, context)
    typed = arguments_in_english(context, person)
    if not typed:
        await message.reply_text(texts.usage("pledge"))
        return
    try:
        value = await context.services.pledges.set_time(person, typed)
    except ValueError:
        await message.reply_text(texts.usage("pledge"))
        return
    await message.reply_text(texts.pledge_time_set(value))


@button(keyboards.PLEDGE_PREFIX, 2)
async def pledge_button(query: CallbackQuery, fields: list[str], context: Context) -> None:
    """🤝 I commit for today."""
    day = keyboards.parse_day(fields[1])
    if day is None:
        raise Expired
    presser = await context.services.people.require(query.from_user.id)
    streak = await context.services.pledges.commit(presser, number(fields[0]), day)
    await query.answer(texts.CHECKIN_SAVED)
    await edit_quietly(query, texts.pledge_committed(streak))


async def spend(update: Update, context: Context) -> None:
    """`/spend AMOUNT [CUR] per day|week` (or `off`): what using used to cost."""
    message = message_of(update)
    person = await sender(update, context)
    typed = arguments_in_english(context, person)
    if typed.lower() == "off":
        await context.services.money.clear(person)
        await message.reply_text(texts.SPEND_OFF)
        return
    try:
        plan = await context.services.money.set(person, typed)
    except SpendProblem:
        await message.reply_text(texts.usage("spend"))
        return
    view = await context.services.clean_time.days(person)
    kept = await context.services.money.kept_text(person.user_id, view.days if view else 0)
    await message.reply_text(texts.spend_set(plan, kept))


async def export(update: Update, context: Context) -> None:
    """`/export [csv]`: everything stored about the person, as a file."""
    message = message_of(update)
    person = await sender(update, context)
    kind = arguments_in_english(context, person).lower()
    if kind not in ("", "json", "csv"):
        await message.reply_text(texts.usage("export"))
        return
    data = context.services.personal_data
    if kind == "csv":
        content, name = await data.export_csv(person), "milestone-bot-data.zip"
    else:
        content, name = await data.export_json(person), "milestone-bot-data.json"
    await message.reply_document(InputFile(content, filename=name), caption=texts.EXPORT_CAPTION)


async def delete_me(update: Update, context: Context) -> None:
    """`/deleteme`: asks first."""
    await message_of(update).reply_text(
        texts.DELETE_ME_QUESTION, reply_markup=keyboards.delete_me()
    )


@button(keyboards.DELETE_ME_PREFIX, 1)
async def delete_me_button(query: CallbackQuery, fields: list[str], context: Context) -> None:
    """Yes: every row about the presser goes, in one transaction; recent group posts too."""
    if fields[0] == "no":
        await query.answer()
        await edit_quietly(query, texts.DELETE_ME_KEPT)
        return
    if fields[0] != "yes":
        raise Expired
    person = await context.services.people.get(query.from_user.id)
    if person is None:
        raise Expired
    erased = await context.services.personal_data.erase(person)
    bot = query.get_bot()
    removed_posts = 0
    for chat_id, message_id in erased.group_posts:
        try:
            await bot.delete_message(chat_id, message_id)
            removed_posts += 1
        except TelegramError as error:
            logger.info("could not delete a group post (%s)", type(error).__name__)
    await query.answer()
    await edit_quietly(query, texts.deleted(erased.counts, removed_posts))


async def stats(update: Update, context: Context) -> None:
    """`/stats` for operators: counts only, never names."""
    message = message_of(update)
    user = update.effective_user
    if user is None or user.id not in context.services.settings.operator_ids:
        await message.reply_text(texts.NOT_AN_OPERATOR)
        return
    await message.reply_text(texts.stats(await context.services.personal_data.counts()))


@button(keyboards.FUTURE_NOTE_PREFIX, 2)
async def future_note_button(query: CallbackQuery, fields: list[str], context: Context) -> None:
    """✉️ Note to future me: the next message is the note."""
    presser = await context.services.people.require(query.from_user.id)
    await context.services.future_notes.ask(presser, number(fields[0]), fields[1])
    await query.answer()
    await query.get_bot().send_message(presser.user_id, texts.FUTURE_NOTE_ASK)
