"""Private commands that explain the bot: /start, /help, /crisis, /privacy, /name, fallbacks."""

from __future__ import annotations

from telegram import Update

from bot import keyboards, texts
from bot.domain.groups import JOIN_PREFIX, token_from_payload
from bot.handlers.common import arguments, message_of, sender
from bot.handlers.context import Context
from bot.services.groups import InvitationError
from bot.services.people import AliasRefused


async def start(update: Update, context: Context) -> None:
    """Greet, explain privacy, point at the next steps; `join_<token>` continues a group opt-in."""
    person = await sender(update, context)
    message = message_of(update)
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
    """Commands by task and the crisis line."""
    await message_of(update).reply_text(texts.help_text(context.services.settings.crisis_text))


async def crisis(update: Update, context: Context) -> None:
    """Crisis resources from config."""
    await message_of(update).reply_text(texts.crisis(context.services.settings.crisis_text))


async def privacy(update: Update, context: Context) -> None:
    """What is stored and who sees what."""
    await message_of(update).reply_text(texts.PRIVACY)


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
    """A command the bot does not have."""
    await message_of(update).reply_text(texts.UNKNOWN_COMMAND)


async def unknown_button(update: Update, context: Context) -> None:
    """A button whose data no route knows (an old version's, or forged): stop the spinner."""
    if update.callback_query is not None:
        await update.callback_query.answer(texts.EXPIRED)
