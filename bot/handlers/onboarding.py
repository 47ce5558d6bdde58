"""Private commands that explain the bot: /start, /help, /crisis, /privacy, /name, fallbacks."""

from __future__ import annotations

import difflib

from telegram import CallbackQuery, Message, Update

from bot import i18n, keyboards, texts
from bot.domain.groups import JOIN_PREFIX, token_from_payload
from bot.handlers import conversation, sponsors
from bot.handlers.common import arguments, button, edit_quietly, message_of, sender
from bot.handlers.context import Context
from bot.services.errors import Expired
from bot.services.groups import InvitationError
from bot.services.links import LINK_PREFIX
from bot.services.people import AliasRefused


async def start(update: Update, context: Context) -> None:
    """Greet, explain privacy, point at the next steps; `join_<token>` continues a group opt-in."""
    person = await sender(update, context)
    message = message_of(update)
    if context.args and context.args[0].startswith(LINK_PREFIX):
        await sponsors.opened_invitation(update, context, context.args[0])
        return
    if context.args and context.args[0].startswith(JOIN_PREFIX):
        token = token_from_payload(context.args[0]) or ""
        try:
            invitation = await context.services.groups.invitation(person.user_id, token=token)
        except InvitationError as error:
            await message.reply_text(texts.invitation_refused(error.refusal))
            return
        await message.reply_text(
            texts.join_question(invitation.group.title, person.alias),
            reply_markup=keyboards.join_question(invitation.invitation_id),
        )
        return
    await message.reply_text(texts.start(person.first_name))


async def help_command(update: Update, context: Context) -> None:
    """A short menu: the things people come for, one tap away."""
    await message_of(update).reply_text(texts.HELP_SHORT, reply_markup=keyboards.help_menu())


async def crisis(update: Update, context: Context) -> None:
    """The crisis line for the person's country (or the operator's text)."""
    person = await sender(update, context)
    helper = await context.services.links.first_helper(person)
    markup = None if helper is None else keyboards.sos_only(helper.name, person.user_id)
    await message_of(update).reply_text(
        texts.crisis(context.services.support.crisis_for(person)), reply_markup=markup
    )


@button(keyboards.HELP_PREFIX, 1)
async def help_button(query: CallbackQuery, fields: list[str], context: Context) -> None:
    """A /help menu button: answers as the command would."""
    presser = await context.services.people.require(query.from_user.id)
    services = context.services
    message = query.message if isinstance(query.message, Message) else None
    await query.answer()
    if message is None:
        return
    choice = fields[0]
    if choice == "days":
        view = await services.clean_time.days(presser)
        await message.reply_text(texts.NO_CLEAN_DATE if view is None else texts.days(view))
    elif choice == "checkin":
        view_ = await services.checkins.open_today(presser)
        prompt = await message.reply_text(
            texts.checkin_prompt(view_), reply_markup=keyboards.checkin(view_)
        )
        await services.checkins.record_prompt(presser.user_id, view_.local_date, prompt.message_id)
    elif choice == "goals":
        await message.reply_text(texts.goals_list(await services.goals.views(presser)))
    elif choice == "sos":
        await conversation.support_for(message, context, presser)
    elif choice == "now":
        await message.reply_text(texts.danger_reply(services.support.crisis_for(presser)))
    elif choice == "all":
        await message.reply_text(texts.help_all(services.support.crisis_for(presser)))
    else:
        raise Expired


async def privacy(update: Update, context: Context) -> None:
    """What is stored and who sees what."""
    await message_of(update).reply_text(
        "\n\n".join([texts.PRIVACY, texts.PRIVACY_SEALED, texts.PRIVACY_LINKS])
    )


async def name(update: Update, context: Context) -> None:
    """Set the alias peers see."""
    alias = arguments(context)
    message = message_of(update)
    if not alias:
        await message.reply_text(texts.usage("name"))
        return
    try:
        stored = await context.services.people.set_alias(
            (await sender(update, context)).user_id, alias
        )
    except AliasRefused as refused:
        await message.reply_text(texts.alias_refused(refused.problem))
        return
    await message.reply_text(texts.alias_set(stored))


async def unknown_command(update: Update, context: Context) -> None:
    """A command the bot does not have: the closest one it does."""
    typed = (message_of(update).text or "").split()[0].lstrip("/").split("@")[0].lower()
    from bot.handlers import private_command_names  # the routing table imports this module

    names = private_command_names()
    close = difflib.get_close_matches(typed, names, n=1, cutoff=0.6)
    await message_of(update).reply_text(texts.unknown_command(close[0] if close else None))


async def unknown_button(update: Update, context: Context) -> None:
    """A button whose data no route knows (an old version's, or forged): stop the spinner."""
    if update.callback_query is not None:
        await update.callback_query.answer(texts.EXPIRED)


async def language(update: Update, context: Context) -> None:
    """`/language`: the language I speak to you (buttons, each named in itself)."""
    person = await sender(update, context)
    await message_of(update).reply_text(
        texts.LANGUAGE_QUESTION, reply_markup=keyboards.language_choices(person.language)
    )


@button(keyboards.LANGUAGE_PREFIX, 1)
async def language_button(query: CallbackQuery, fields: list[str], context: Context) -> None:
    """A language chosen: stored, and the answer already in it."""
    if fields[0] not in i18n.LANGUAGES:
        raise Expired
    chosen = await context.services.people.set_language(query.from_user.id, fields[0])
    i18n.set_language(chosen)
    await query.answer()
    await edit_quietly(query, texts.language_set(i18n.NATIVE_NAMES[chosen]))
