"""What runs before and after every handler: filtering, noting the sender, errors.

Replays never get this far: the inbox stores each update id once (see `bot.receiving`)."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ChatType
from telegram.error import Forbidden, TelegramError
from telegram.ext import ApplicationHandlerStop

from bot import i18n, texts
from bot.handlers.context import Context
from bot.receiving.dispatcher import is_passing
from bot.receiving.errors import describe

logger = logging.getLogger(__name__)


def is_ignored(update: Update) -> bool:
    """Edits, channels and other bots never reach a handler."""
    if update.edited_message or update.edited_channel_post or update.channel_post:
        return True
    chat = update.effective_chat
    if chat is not None and chat.type == ChatType.CHANNEL:
        return True  # channels are not groups: the bot says nothing there
    user = update.effective_user
    if user is None or not user.is_bot:
        return False
    message = update.effective_message
    chat = update.effective_chat
    # Anonymous admins write as the group itself (shown as the GroupAnonymousBot account).
    anonymous_admin = (
        message is not None
        and chat is not None
        and message.sender_chat is not None
        and message.sender_chat.id == chat.id
    )
    return not anonymous_admin


def registers_sender(update: Update) -> bool:
    """Private messages and button presses make (or refresh) a user row."""
    chat = update.effective_chat
    private = chat is not None and chat.type == ChatType.PRIVATE
    return private and (update.message is not None or update.callback_query is not None)


async def admit(update: Update, context: Context) -> None:
    """Stop ignored updates; note that the sender wrote."""
    if is_ignored(update):
        raise ApplicationHandlerStop
    user = update.effective_user
    people = context.services.people
    if user is not None and registers_sender(update):
        await people.note_sender(user.id, user.first_name, user.language_code)
        if update.message is not None:  # they wrote first: no "checking on you" needed
            await context.services.followups.person_wrote(user.id)
    if user is not None:  # everything this update answers is in the person's language
        i18n.set_language(await people.language_of(user.id))


async def on_error(update: object, context: Context) -> None:
    """Log the update id and traceback (never the text); tell the user kindly."""
    if not isinstance(update, Update):
        logger.error("background error", exc_info=context.error)
        return
    update_id = update.update_id
    if context.error is not None and context.bot_data.dispatcher is not None:
        context.bot_data.dispatcher.record_failure(update_id, context.error)
    chat = update.effective_chat
    if isinstance(context.error, Forbidden) and chat is not None:
        # They blocked the bot while we were answering: pause them like the sender does.
        logger.info("update %s: chat %s blocked the bot", update_id, chat.id)
        await context.services.outbox.chat_unreachable(chat.id, "Forbidden")
        return
    if context.error is not None and is_passing(context.error):
        # A full disk, a locked database, Telegram unreachable after retries: the update is
        # tried again shortly (the dispatcher), so the person gets the real answer then.
        logger.warning("update %s failed for a passing reason (%s)", update_id,
                       describe(context.error))  # fmt: skip
        return
    logger.error("update %s failed", update_id, exc_info=context.error)
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(texts.SOMETHING_WENT_WRONG, show_alert=True)
        elif chat is not None and chat.type == ChatType.PRIVATE:
            await context.bot.send_message(chat.id, texts.SOMETHING_WENT_WRONG)
    except TelegramError:
        logger.warning("could not tell update %s about the failure", update_id)
