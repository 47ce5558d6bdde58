"""A sponsor who can be reached: invitations into the bot, /sponsees, unlinking, the SOS and
its one-tap answers, and "did you reach Sam?"."""

from __future__ import annotations

from telegram import CallbackQuery, Message, Update

from bot import keyboards, texts
from bot.handlers.common import button, edit_quietly, message_of, number, sender
from bot.handlers.context import Context
from bot.services.errors import Expired, NotYours
from bot.services.links import (
    LINK_PREFIX,
    MAX_TRUSTED,
    LinkRefused,
    NotAsked,
    SosOutcome,
)
from bot.services.people import Person
from bot.storage.links import SPONSOR, TRUSTED


def invitation_token(payload: str) -> str | None:
    """The token of an `sp_<token>` start payload; None for anything else."""
    if not payload.startswith(LINK_PREFIX):
        return None
    token = payload[len(LINK_PREFIX) :]
    usable = 16 <= len(token) <= 40 and all(c.isalnum() or c in "-_" for c in token)
    return token if usable and token.isascii() else None


async def opened_invitation(update: Update, context: Context, payload: str) -> None:
    """`/start sp_<token>`: what linking means, then Accept or Decline."""
    message = message_of(update)
    person = await sender(update, context)
    username = update.effective_user.username if update.effective_user else None
    try:
        invitation = await context.services.links.invitation(
            person, token=invitation_token(payload) or "", opener_username=username
        )
    except LinkRefused as refused:
        await message.reply_text(texts.link_refused(refused.refusal))
        return
    await message.reply_text(
        texts.link_question(invitation.inviter_name, invitation.role, invitation.expires_on),
        reply_markup=keyboards.link_question(invitation.invitation_id),
    )


async def show_my_people(message: Message, context: Context, person: Person) -> None:
    """Who is linked, with share and unlink buttons, and the invitations still possible."""
    services = context.services
    helpers = await services.links.helpers(person)
    sponsor = await services.support.sponsor_of(person.user_id)
    has_sponsor = any(helper.role == SPONSOR for helper in helpers)
    markup = keyboards.my_people(
        helpers,
        invite_sponsor=None if has_sponsor else (sponsor.name if sponsor else ""),
        invite_trusted=sum(helper.role == TRUSTED for helper in helpers) < MAX_TRUSTED,
    )
    await message.reply_text(texts.my_people(sponsor, helpers), reply_markup=markup)


async def sponsees(update: Update, context: Context) -> None:
    """`/sponsees`: days clean and milestones of the people who linked you, nothing else."""
    people = await context.services.links.sponsees(await sender(update, context))
    await message_of(update).reply_text(
        texts.sponsees(people), reply_markup=keyboards.sponsees(people)
    )


@button(keyboards.LINK_INVITE_PREFIX, 1)
async def invite_button(query: CallbackQuery, fields: list[str], context: Context) -> None:
    """Invite the sponsor (or someone trusted) into the bot: a link bound to the presser."""
    presser = await context.services.people.require(query.from_user.id)
    links = context.services.links
    if fields[0] == "cancel":
        await links.cancel_invitations(presser)
        await query.answer()
        await edit_quietly(query, texts.LINK_INVITE_CANCELLED)
        return
    if fields[0] not in (SPONSOR, TRUSTED):
        raise Expired
    try:
        invitation = await links.invite(presser, fields[0])
    except LinkRefused as refused:
        await query.answer()
        if isinstance(query.message, Message):
            await query.message.reply_text(texts.link_refused(refused.refusal))
        return
    sponsor = await context.services.support.sponsor_of(presser.user_id)
    name = sponsor.name if sponsor and fields[0] == SPONSOR else None
    link = f"https://t.me/{context.services.bot_username}?start={LINK_PREFIX}{invitation.token}"
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.reply_text(
            texts.link_invitation(link, fields[0], name),
            reply_markup=keyboards.link_invitation(link, texts.link_share_text(presser.alias)),
        )


@button(keyboards.LINK_ANSWER_PREFIX, 2)
async def answer_button(query: CallbackQuery, fields: list[str], context: Context) -> None:
    """Accept or decline an invitation (checked again: it may have closed meanwhile)."""
    presser = await context.services.people.require(query.from_user.id)
    invitation_id, choice = number(fields[0]), fields[1]
    links = context.services.links
    try:
        if choice == "yes":
            invitation = await links.accept(presser, invitation_id, query.from_user.username)
            text = texts.link_accepted_here(invitation.inviter_name, invitation.role)
        elif choice == "no":
            invitation = await links.decline(presser, invitation_id)
            text = texts.link_declined_here(invitation.inviter_name)
        else:
            raise Expired
    except LinkRefused as refused:
        text = texts.link_refused(refused.refusal)
    await query.answer()
    await edit_quietly(query, text)


@button(keyboards.UNLINK_PREFIX, 1)
async def unlink_button(query: CallbackQuery, fields: list[str], context: Context) -> None:
    """Either side ends a link at once; the other is told."""
    presser = await context.services.people.require(query.from_user.id)
    try:
        name = await context.services.links.unlink(presser, number(fields[0]))
    except LinkRefused as refused:
        raise Expired from refused
    await query.answer()
    await edit_quietly(query, texts.unlinked(name))


@button(keyboards.SHARE_PREFIX, 2)
async def share_button(query: CallbackQuery, fields: list[str], context: Context) -> None:
    """The person chooses whether a helper hears of their milestones."""
    presser = await context.services.people.require(query.from_user.id)
    if fields[1] not in ("on", "off"):
        raise Expired
    try:
        helper = await context.services.links.share(
            presser, number(fields[0]), milestones=fields[1] == "on"
        )
    except LinkRefused as refused:
        raise Expired from refused
    await query.answer()
    await edit_quietly(query, texts.sharing_set(helper.name, helper.share_milestones))


@button(keyboards.SOS_PREFIX, 2)
async def sos_button(query: CallbackQuery, fields: list[str], context: Context) -> None:
    """🆘 Ask Sam → one confirm tap → sent; Cancel; and "I'm okay now"."""
    presser = await context.services.people.require(query.from_user.id)
    links = context.services.links
    choice, value = fields[0], number(fields[1])
    if choice == "ok":
        try:
            await links.okay_now(presser, value)
        except NotAsked as wrong:
            raise NotYours from wrong
        await query.answer()
        await edit_quietly(query, texts.SOS_OKAY)
        return
    if value != presser.user_id:
        raise NotYours  # bound to its person, like a group invitation
    if choice == "no":
        await query.answer()
        await edit_quietly(query, texts.SOS_CANCELLED)
        return
    if choice == "ask":
        helper = await links.first_helper(presser)
        await query.answer()
        if not isinstance(query.message, Message):
            return
        if helper is None:
            await query.message.reply_text(texts.SOS_NOBODY)
            return
        await query.message.reply_text(
            texts.sos_confirm(helper.name),
            reply_markup=keyboards.sos_confirm(helper.name, presser.user_id),
        )
        return
    if choice != "go":
        raise Expired
    started = await links.start_sos(presser, context.update_id)
    if started.outcome is SosOutcome.ALREADY:
        await query.answer(texts.sos_already(started.helper_name), show_alert=True)
        await edit_quietly(query, texts.sos_already(started.helper_name))
        return
    await query.answer()
    if started.outcome is SosOutcome.NOBODY:
        await edit_quietly(query, texts.SOS_NOBODY)
    else:
        assert started.alert_id is not None
        assert started.helper_name is not None
        await edit_quietly(
            query, texts.sos_sent(started.helper_name), keyboards.sos_status(started.alert_id)
        )


@button(keyboards.SOS_ANSWER_PREFIX, 2)
async def sos_answer_button(query: CallbackQuery, fields: list[str], context: Context) -> None:
    """The sponsor's one-tap answer reaches the person at once."""
    presser = await context.services.people.require(query.from_user.id)
    try:
        name = await context.services.links.answer(presser, number(fields[0]), fields[1])
    except NotAsked as wrong:
        raise NotYours from wrong
    await query.answer()
    await edit_quietly(query, texts.sos_answered_here(name, fields[1]))


@button(keyboards.CALL_CHECK_PREFIX, 3)
async def call_check_button(query: CallbackQuery, fields: list[str], context: Context) -> None:
    """Did you reach Sam? Yes settles the call reminder for the day, and counts once for a
    sponsor goal (as the reminder's ✅ does)."""
    presser = await context.services.people.require(query.from_user.id)
    reminder_id, day, answer = number(fields[0]), keyboards.parse_day(fields[1]), fields[2]
    if day is None or answer not in ("yes", "not_yet", "couldnt"):
        raise Expired
    if answer == "yes":
        await context.services.reminders.done(presser, reminder_id, day)  # NotYours if not
    await context.services.links.log_call(presser, day, answer)
    await query.answer()
    reply = {"yes": texts.CALL_YES, "not_yet": texts.CALL_NOT_YET, "couldnt": texts.CALL_COULDNT}
    await edit_quietly(query, reply[answer])
