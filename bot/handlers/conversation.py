"""Plain private messages, read the way people mean them (SPEC §3), and their buttons.

The reading only chooses what to offer; nothing changes until the person taps a button.
"""

from __future__ import annotations

from datetime import date, timedelta

from telegram import CallbackQuery, Message, Update

from bot import keyboards, texts
from bot.domain.intents import Intent, Reading, read_message
from bot.domain.timezones import zone_info
from bot.handlers.common import button, edit_quietly, message_of, number, sender
from bot.handlers.context import Context
from bot.services.errors import Expired
from bot.services.journal import NoteTooLong
from bot.services.people import Person


async def plain_text(update: Update, context: Context) -> None:
    """A plain private message: crisis, relapse, craving, progress, thanks, or the journal."""
    message = message_of(update)
    text = message.text or ""
    person = await sender(update, context)
    services = context.services
    goals = [(view.goal_id, view.title) for view in await services.goals.views(person)]
    reading = read_message(text, goals)
    note_day = await services.journal.note_target(person, _replied_to(message))
    if reading.intent is Intent.DANGER:
        if note_day is not None:  # kept, quietly: nothing they send is lost
            await _keep(context, person, note_day, text, update.update_id)
        await message.reply_text(texts.danger_reply(services.support.crisis_for(person)))
        return
    if await services.future_notes.keep_if_awaited(person, text, update.update_id):
        await message.reply_text(texts.FUTURE_NOTE_KEPT)
        return
    if note_day is not None:
        await _note(update, context, person, note_day, reading)
        return
    await _answer(update, context, person, reading)


def _replied_to(message: Message) -> int | None:
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.is_bot:
        return replied.message_id
    return None


async def _keep(context: Context, person: Person, day: date, text: str, update_id: int) -> bool:
    try:
        await context.services.journal.add(person, day, text, update_id)
    except NoteTooLong:
        return False
    return True


async def _note(
    update: Update, context: Context, person: Person, day: date, reading: Reading
) -> None:
    """A note for a check-in: kept with its time; a hard one gets a human answer."""
    message = message_of(update)
    if not await _keep(context, person, day, message.text or "", update.update_id):
        await message.reply_text(texts.NOTE_TOO_LONG)
        return
    if reading.intent in (Intent.CRAVING, Intent.DISTRESS):
        await _support(message, context, person, note_kept=True)
    elif reading.intent is Intent.RELAPSE:
        await _relapse(message, context, person, reading)
    else:
        await message.reply_text(texts.note_saved(day))


async def _answer(update: Update, context: Context, person: Person, reading: Reading) -> None:
    message = message_of(update)
    if reading.intent is Intent.RELAPSE:
        await _relapse(message, context, person, reading)
    elif reading.intent in (Intent.CRAVING, Intent.DISTRESS):
        await _support(message, context, person, distress=reading.intent is Intent.DISTRESS)
    elif reading.intent is Intent.PROGRESS and reading.goal_id is not None:
        goal = await context.services.goals.get(reading.goal_id)
        if goal is None:
            raise Expired
        await message.reply_text(
            texts.progress_offer(goal.title), reply_markup=keyboards.progress_offer(goal.goal_id)
        )
    elif reading.intent is Intent.THANKS:
        await message.reply_text(texts.THANKS_REPLY)
    elif reading.intent is Intent.GREETING:
        await message.reply_text(texts.greeting_reply(person.first_name or "there"))
    else:
        await _offer_journal(update, context, person)


async def _offer_journal(update: Update, context: Context, person: Person) -> None:
    message = message_of(update)
    try:
        note = await context.services.journal.offer(person, message.text or "", update.update_id)
    except NoteTooLong:
        await message.reply_text(texts.NOTE_TOO_LONG)
        return
    await message.reply_text(texts.JOURNAL_OFFER, reply_markup=keyboards.keep_note(note.note_id))


async def _relapse(message: Message, context: Context, person: Person, reading: Reading) -> None:
    """Kindness, and buttons to record it for the right day — or not."""
    today = context.services.people.today_for(person)
    day = await context.services.clean_time.relapse_day(person, reading.when)
    if not await context.services.clean_time.has_clean_date(person):
        await message.reply_text(texts.relapse_heard_no_date())
        return
    await message.reply_text(
        texts.relapse_heard(day), reply_markup=keyboards.relapse_choices(day, today)
    )


async def _support(
    message: Message,
    context: Context,
    person: Person,
    *,
    distress: bool = False,
    note_kept: bool = False,
) -> None:
    """Coping steps, the sponsor's link, the crisis line, and "check on me"."""
    services = context.services
    sponsor = await services.support.sponsor_of(person.user_id)
    reasons = [reason.text for reason in await services.reasons.of(person.user_id)]
    text = texts.craving_support(
        services.support.crisis_for(person), sponsor, distress=distress, note_kept=note_kept,
        reasons=reasons,
    )  # fmt: skip
    markup = keyboards.support(
        sponsor.name if sponsor else None, sponsor.username if sponsor else None
    )
    await message.reply_text(text, reply_markup=markup)


async def support_for(message: Message, context: Context, person: Person) -> None:
    """The craving help, for other handlers (a strong craving in the check-in)."""
    await _support(message, context, person)


# --- buttons ----------------------------------------------------------------------------------
@button(keyboards.CHECK_ON_PREFIX, 1)
async def check_on_button(query: CallbackQuery, fields: list[str], context: Context) -> None:
    """Check on me in 20 minutes · I'm okay · the follow-up's Better / Still hard."""
    presser = await context.services.people.require(query.from_user.id)
    choice = fields[0]
    if choice == "set":
        due = await context.services.followups.schedule(presser)
        at = f"{due.astimezone(zone_info(presser.zone)):%H:%M}"
        await query.answer()
        await query.get_bot().send_message(presser.user_id, texts.check_on_set(at))
    elif choice in ("no", "better"):
        await query.answer()
        text = texts.CHECK_ON_BETTER if choice == "better" else texts.CHECK_ON_DECLINED
        await edit_quietly(query, text)
    elif choice == "hard":
        await query.answer()
        if isinstance(query.message, Message):
            await _support(query.message, context, presser)
    else:
        raise Expired


@button(keyboards.PROGRESS_PREFIX, 1)
async def progress_button(query: CallbackQuery, fields: list[str], context: Context) -> None:
    """Log the progress told in words, for the goal it matched."""
    presser = await context.services.people.require(query.from_user.id)
    if fields[0] == "no":
        await query.answer()
        await edit_quietly(query, texts.PROGRESS_NOT_LOGGED)
        return
    logged = await context.services.goals.log(presser, number(fields[0]), "done")
    await query.answer(texts.CHECKIN_SAVED)
    await edit_quietly(query, texts.goal_logged(logged.view, logged.newly, logged.met_now))


@button(keyboards.KEEP_NOTE_PREFIX, 2)
async def keep_note_button(query: CallbackQuery, fields: list[str], context: Context) -> None:
    """Keep it in today's journal / no thanks."""
    presser = await context.services.people.require(query.from_user.id)
    note_id = number(fields[0])
    if fields[1] == "y":
        day = await context.services.journal.keep(presser, note_id)
        await query.answer(texts.CHECKIN_SAVED)
        await edit_quietly(query, texts.note_kept(day))
    elif fields[1] == "n":
        await context.services.journal.discard(presser, note_id)
        await query.answer()
        await edit_quietly(query, texts.NOTE_NOT_KEPT)
    else:
        raise Expired


async def journal(update: Update, context: Context) -> None:
    """`/journal`: the last 7 days — mood, craving, every note with its time."""
    message = message_of(update)
    if context.args:
        await message.reply_text(texts.usage("journal"))
        return
    page = await context.services.journal.page(await sender(update, context))
    markup = keyboards.journal_older(page.first) if page.has_older else None
    await message.reply_text(texts.journal_page(page), reply_markup=markup)


@button(keyboards.JOURNAL_PAGE_PREFIX, 1)
async def journal_page_button(query: CallbackQuery, fields: list[str], context: Context) -> None:
    """◀️ Older: the week before."""
    day = keyboards.parse_day(fields[0])
    if day is None:
        raise Expired
    presser = await context.services.people.require(query.from_user.id)
    page = await context.services.journal.page(presser, day - timedelta(days=1))
    markup = keyboards.journal_older(page.first) if page.has_older else None
    await query.answer()
    await edit_quietly(query, texts.journal_page(page), markup)
