"""Plain private messages, read the way people mean them (SPEC §3), and their buttons.

The reading only chooses what to offer; nothing changes until the person taps a button.
"""

from __future__ import annotations

from datetime import timedelta

from telegram import CallbackQuery, InlineKeyboardMarkup, Message, Update

from bot import keyboards, texts
from bot.domain.local_time import hhmm, parse_hhmm
from bot.domain.timezones import zone_info
from bot.handlers.common import button, edit_quietly, message_of, number, sender
from bot.handlers.context import Context
from bot.services.conversation import (
    Answer,
    Plan,
    SupportPlan,
    claimed_clean_date,
    other_times,
    start_counting_from,
)
from bot.services.errors import Expired
from bot.services.people import Person
from bot.services.reminders import ReminderTextTooLong, TooManyReminders


async def plain_text(update: Update, context: Context) -> None:
    """A plain private message: read, planned by the conversation service, rendered."""
    message = message_of(update)
    person = await sender(update, context)
    plan = await context.services.conversation.plan(
        person, message.text or "", update.update_id, _replied_to(message)
    )
    sos = await sos_for(context, person) if plan.answer is Answer.SUPPORT else None
    text, markup = render(plan, sos)
    await message.reply_text(text, reply_markup=markup)


def _replied_to(message: Message) -> int | None:
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.is_bot:
        return replied.message_id
    return None


def render(
    plan: Plan, sos: tuple[str, int] | None = None
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The text and buttons of a plan. Every answer but the crisis line itself carries a
    way to help; the craving help carries the SOS (`sos`: the first linked person's name,
    and the owner) when someone is linked."""
    answer = plan.answer
    if answer is Answer.CRISIS:
        return texts.danger_reply(plan.crisis), None
    if answer is Answer.SUPPORT and plan.support is not None:
        return _support_text(plan.support), _support_buttons(plan.support, sos)
    text, markup = _ordinary(plan)
    return text, keyboards.with_help(markup)


def _ordinary(plan: Plan) -> tuple[str, InlineKeyboardMarkup | None]:
    answer, today = plan.answer, plan.today
    if answer is Answer.RELAPSE:
        if not plan.has_clean_date:
            start = start_counting_from(plan.relapse_on, today)
            return texts.relapse_heard_no_date(start), keyboards.start_counting(start)
        return texts.relapse_heard(plan.relapse_on), keyboards.relapse_choices(
            plan.relapse_on, today
        )
    if answer is Answer.PROGRESS and plan.goal_id is not None:
        return texts.progress_offer(plan.goal_title or ""), keyboards.progress_offer(plan.goal_id)
    if answer is Answer.WIN:
        return texts.WIN_REPLY, None
    if answer in (Answer.DAYS, Answer.NEXT_MILESTONE):
        if plan.days is None:
            return texts.NO_CLEAN_DATE, None
        if answer is Answer.DAYS:
            return texts.days(plan.days), None
        return texts.next_milestone(plan.days), None
    if answer is Answer.LONGEST and plan.history is not None:
        return texts.longest_streak(plan.history), None
    if answer is Answer.CHECKIN_TIME:
        return texts.checkin_time_answer(plan.checkin_time), None
    if answer is Answer.PRIVACY:
        return texts.PRIVACY, None
    if answer is Answer.REMINDER and plan.reminder is not None and plan.note_id is not None:
        request = plan.reminder
        at = hhmm(request.at)
        text = texts.reminder_offer(request.text, at, request.repeat.value, request.tomorrow)
        return text, keyboards.reminder_offer(plan.note_id, at)
    if answer is Answer.REMINDER_UNCLEAR:
        return texts.REMINDER_UNCLEAR, None
    if answer is Answer.COUNT and plan.claim is not None:
        claimed = texts.claim_words(plan.claim.number, plan.claim.unit)
        text = texts.count_answer(claimed, plan.days, plan.claim_matches)
        offer = claimed_clean_date(plan.claim, today) if not plan.claim_matches else None
        return text, keyboards.count_from(offer) if offer is not None else None
    if answer is Answer.THANKS:
        return texts.THANKS_REPLY, None
    if answer is Answer.GREETING:
        return texts.greeting_reply(plan.first_name or "there"), None
    if answer is Answer.FUTURE_NOTE_KEPT:
        return texts.FUTURE_NOTE_KEPT, None
    if answer is Answer.NOTE_SAVED and plan.note_day is not None:
        return texts.note_saved(plan.note_day), None
    if answer is Answer.NOTE_TOO_LONG:
        return texts.NOTE_TOO_LONG, None
    if plan.note_id is not None:
        return texts.JOURNAL_OFFER, keyboards.keep_note(plan.note_id)
    return texts.HELP_ALWAYS_HERE, None


def _support_text(support: SupportPlan) -> str:
    if support.urgent:  # a use about to happen, even written as a check-in note (kept)
        return texts.use_now_support(support.crisis, support.sponsor, support.reasons)
    return texts.craving_support(
        support.crisis, support.sponsor, distress=support.distress,
        note_kept=support.note_kept, reasons=support.reasons,
    )  # fmt: skip


def _support_buttons(
    support: SupportPlan, sos: tuple[str, int] | None = None
) -> InlineKeyboardMarkup:
    sponsor = support.sponsor
    return keyboards.support(
        sponsor.name if sponsor else None, sponsor.username if sponsor else None, sos
    )


async def sos_for(context: Context, person: Person) -> tuple[str, int] | None:
    """The "🆘 Ask Sam for help" button's (name, owner), when someone is linked."""
    helper = await context.services.links.first_helper(person)
    return None if helper is None else (helper.name, person.user_id)


async def _support(message: Message, context: Context, person: Person) -> None:
    """Coping steps, the sponsor's link, the crisis line, "check on me", and the SOS."""
    support = await context.services.conversation.support_plan(person)
    markup = _support_buttons(support, await sos_for(context, person))
    await message.reply_text(_support_text(support), reply_markup=markup)


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


@button(keyboards.REMINDER_OFFER_PREFIX, 2)
async def reminder_offer_button(query: CallbackQuery, fields: list[str], context: Context) -> None:
    """A reminder asked for in words: Set it (at the time on the button) · Change time · No."""
    presser = await context.services.people.require(query.from_user.id)
    conversation = context.services.conversation
    note_id, choice = number(fields[0]), fields[1]
    if choice == "no":
        await conversation.drop_offered_reminder(presser, note_id)
        await query.answer()
        await edit_quietly(query, texts.REMINDER_NOT_SET)
        return
    if choice == "change":
        request = await conversation.offered_reminder(presser, note_id)
        times = other_times(request.at)
        await query.answer()
        await edit_quietly(
            query, texts.reminder_times(request.text), keyboards.reminder_times(note_id, times)
        )
        return
    at = parse_hhmm(f"{choice[:2]}:{choice[2:]}") if len(choice) == 4 else None
    if at is None:
        raise Expired
    try:
        made = await conversation.set_offered_reminder(presser, note_id, at, context.update_id)
    except ReminderTextTooLong:
        await query.answer(texts.REMINDER_TOO_LONG, show_alert=True)
        return
    except TooManyReminders:
        await query.answer(texts.TOO_MANY_REMINDERS, show_alert=True)
        return
    await query.answer(texts.CHECKIN_SAVED)
    await edit_quietly(query, texts.reminder_set(made))


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
