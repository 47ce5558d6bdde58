"""The routing table: every command, button and message route, in one place.

`register` adds them to an Application; `publish_commands` tells Telegram the command
menus (private and group scopes) from the same table.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from enum import Enum
from typing import Any

from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    Update,
)
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.ext.filters import BaseFilter

from bot import i18n, keyboards
from bot.handlers import (
    checkin,
    clean_time,
    conversation,
    gate,
    goals,
    groups,
    membership,
    onboarding,
    progress,
    reminders,
    sponsors,
    timezone,
)
from bot.handlers.context import Context
from bot.i18n import N_

Callback = Callable[[Update, Context], Coroutine[Any, Any, None]]


class Scope(Enum):
    """Where a command works and is listed."""

    PRIVATE = "private"
    GROUP = "group"


@dataclass(frozen=True)
class CommandRoute:
    """A slash command."""

    name: str
    description: str
    callback: Callback
    scope: Scope = Scope.PRIVATE
    listed: bool = True  # shown in Telegram's command menu


@dataclass(frozen=True)
class ButtonRoute:
    """An inline button, matched on its callback-data prefix."""

    prefix: str
    callback: Callback


@dataclass(frozen=True)
class MessageRoute:
    """Non-command messages, matched by a filter; order matters (first match wins)."""

    name: str
    filter: BaseFilter
    callback: Callback


PRIVATE = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
GROUP_COMMAND = filters.ChatType.GROUPS & filters.UpdateType.MESSAGE & filters.COMMAND
# The update types the routes below use; Telegram sends nothing else.
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.MY_CHAT_MEMBER]

COMMANDS: tuple[CommandRoute, ...] = (
    # Getting started and staying safe
    CommandRoute("start", N_("Start here"), onboarding.start),
    CommandRoute("help", N_("What I can do"), onboarding.help_command),
    CommandRoute("crisis", N_("Help right now"), onboarding.crisis),
    CommandRoute("privacy", N_("What is stored, who sees what"), onboarding.privacy),
    CommandRoute("language", N_("The language I speak to you"), onboarding.language),
    # Clean time
    CommandRoute("sober", N_("Set your clean date"), clean_time.sober),
    CommandRoute("days", N_("Days clean and next milestone"), clean_time.days),
    CommandRoute("reset", N_("Record a relapse (private)"), clean_time.reset),
    CommandRoute("history", N_("Your streaks and milestones"), clean_time.history),
    # Daily check-in
    CommandRoute("checkin", N_("Today's check-in now"), checkin.checkin),
    CommandRoute("checkintime", N_("When the daily check-in arrives"), checkin.checkin_time),
    CommandRoute("journal", N_("Your notes and check-ins"), conversation.journal),
    CommandRoute("progress", N_("Your progress, as a picture"), progress.progress),
    CommandRoute("why", N_("Your reasons"), progress.why),
    CommandRoute("pledge", N_('A morning "just for today"'), progress.pledge),
    CommandRoute("spend", N_("Money kept since your clean date"), progress.spend),
    # Small goals, sponsor, reminders
    CommandRoute("goal", N_("Set a small goal"), goals.goal),
    CommandRoute("goals", N_("Your goals and progress"), goals.goals_list),
    CommandRoute("done", N_("Log today's progress on a goal"), goals.done),
    CommandRoute("drop", N_("Drop a goal"), goals.drop),
    CommandRoute("sponsor", N_("Your sponsor and people: invite, SOS"), reminders.sponsor),
    CommandRoute("sponsees", N_("People who linked you"), sponsors.sponsees),
    CommandRoute("remind", N_("Set a reminder"), reminders.remind),
    CommandRoute("reminders", N_("Your reminders"), reminders.reminders_list),
    # Peer groups (private side)
    CommandRoute("groups", N_("Groups you share milestones with"), groups.groups_list),
    # Profile
    CommandRoute("timezone", N_("Set your time zone"), timezone.set_timezone),
    CommandRoute("name", N_("The name peers see"), onboarding.name),
    CommandRoute("export", N_("Everything stored about you, as a file"), progress.export),
    CommandRoute("deleteme", N_("Delete everything about you"), progress.delete_me),
    CommandRoute("stats", N_("Operators: counts"), progress.stats, listed=False),
    # In groups
    CommandRoute("setup", N_("Admins: turn milestone sharing on"), groups.setup, Scope.GROUP),
    CommandRoute("disable", N_("Admins: turn it off"), groups.disable, Scope.GROUP),
    CommandRoute("join", N_("Share your milestones here"), groups.join, Scope.GROUP),
    CommandRoute("leave", N_("Stop sharing your milestones here"), groups.leave, Scope.GROUP),
)

BUTTONS: tuple[ButtonRoute, ...] = (
    ButtonRoute(keyboards.ZONE_PREFIX, timezone.pick_zone),
    ButtonRoute(keyboards.CHECKIN_PREFIX, checkin.checkin_button),
    ButtonRoute(keyboards.GOAL_CHECKIN_PREFIX, checkin.goal_button),
    ButtonRoute(keyboards.GOAL_SCHEDULE_PREFIX, goals.schedule_button),
    ButtonRoute(keyboards.GOAL_DONE_PREFIX, goals.done_button),
    ButtonRoute(keyboards.GOAL_DROP_PREFIX, goals.drop_button),
    ButtonRoute(keyboards.GOAL_MISSED_PREFIX, goals.missed_button),
    ButtonRoute(keyboards.REMINDER_PREFIX, reminders.reminder_button),
    ButtonRoute(keyboards.REMINDER_DELETE_PREFIX, reminders.delete_button),
    ButtonRoute(keyboards.SPONSOR_PREFIX, reminders.sponsor_button),
    ButtonRoute(keyboards.CLAP_PREFIX, groups.clap_button),
    ButtonRoute(keyboards.GROUP_TOGGLE_PREFIX, groups.toggle_button),
    ButtonRoute(keyboards.JOIN_PREFIX, groups.join_button),
    ButtonRoute(keyboards.LEAVE_PREFIX, groups.leave_button),
    ButtonRoute(keyboards.RESET_PREFIX, clean_time.reset_button),
    ButtonRoute(keyboards.UNDO_RESET_PREFIX, clean_time.undo_reset_button),
    ButtonRoute(keyboards.SOBER_DATE_PREFIX, clean_time.sober_date_button),
    ButtonRoute(keyboards.CHECK_ON_PREFIX, conversation.check_on_button),
    ButtonRoute(keyboards.PROGRESS_PREFIX, conversation.progress_button),
    ButtonRoute(keyboards.KEEP_NOTE_PREFIX, conversation.keep_note_button),
    ButtonRoute(keyboards.REMINDER_OFFER_PREFIX, conversation.reminder_offer_button),
    ButtonRoute(keyboards.JOURNAL_PAGE_PREFIX, conversation.journal_page_button),
    ButtonRoute(keyboards.HELP_PREFIX, onboarding.help_button),
    ButtonRoute(keyboards.LANGUAGE_PREFIX, onboarding.language_button),
    ButtonRoute(keyboards.PROGRESS_SPAN_PREFIX, progress.progress_span_button),
    ButtonRoute(keyboards.LINK_INVITE_PREFIX, sponsors.invite_button),
    ButtonRoute(keyboards.LINK_ANSWER_PREFIX, sponsors.answer_button),
    ButtonRoute(keyboards.UNLINK_PREFIX, sponsors.unlink_button),
    ButtonRoute(keyboards.SHARE_PREFIX, sponsors.share_button),
    ButtonRoute(keyboards.SOS_PREFIX, sponsors.sos_button),
    ButtonRoute(keyboards.SOS_ANSWER_PREFIX, sponsors.sos_answer_button),
    ButtonRoute(keyboards.CALL_CHECK_PREFIX, sponsors.call_check_button),
    ButtonRoute(keyboards.REASON_DELETE_PREFIX, progress.reason_remove_button),
    ButtonRoute(keyboards.PLEDGE_PREFIX, progress.pledge_button),
    ButtonRoute(keyboards.DELETE_ME_PREFIX, progress.delete_me_button),
    ButtonRoute(keyboards.FUTURE_NOTE_PREFIX, progress.future_note_button),
)

MESSAGES: tuple[MessageRoute, ...] = (
    MessageRoute("group migrated", filters.StatusUpdate.MIGRATE, groups.migrated),
    MessageRoute("member left", filters.StatusUpdate.LEFT_CHAT_MEMBER, groups.member_left),
    MessageRoute("location", PRIVATE & filters.LOCATION, timezone.shared_location),
    MessageRoute("unknown command", PRIVATE & filters.COMMAND, onboarding.unknown_command),
    MessageRoute("private command in a group", GROUP_COMMAND, groups.private_only),
    MessageRoute("plain words", PRIVATE & filters.TEXT, conversation.plain_text),
)


def _scope_filter(scope: Scope) -> BaseFilter:
    chats = filters.ChatType.PRIVATE if scope is Scope.PRIVATE else filters.ChatType.GROUPS
    return chats & filters.UpdateType.MESSAGE


def register(application: Application[Any, Context, Any, Any, Any, Any]) -> None:
    """Add the gate, every route and the error handler to the application."""
    application.add_handler(TypeHandler(Update, gate.admit), group=-1)
    for command in COMMANDS:
        application.add_handler(
            CommandHandler(command.name, command.callback, filters=_scope_filter(command.scope))
        )
    for button in BUTTONS:
        pattern = "^" + re.escape(button.prefix)
        application.add_handler(CallbackQueryHandler(button.callback, pattern=pattern))
    application.add_handler(CallbackQueryHandler(onboarding.unknown_button))
    for route in MESSAGES:
        application.add_handler(MessageHandler(route.filter, route.callback))
    application.add_handler(
        ChatMemberHandler(membership.bot_membership, ChatMemberHandler.MY_CHAT_MEMBER)
    )
    application.add_error_handler(gate.on_error)


def private_command_names() -> list[str]:
    """Every private command's name (for "did you mean /…?")."""
    return [command.name for command in COMMANDS if command.scope is Scope.PRIVATE]


def commands_for(scope: Scope) -> list[BotCommand]:
    """The command menu for one scope, in the current language."""
    return [
        BotCommand(command.name, i18n.gettext(command.description))
        for command in COMMANDS
        if command.scope is scope and command.listed
    ]


def telegram_language(language: str) -> str:
    """Telegram's two-letter `language_code` for a language of the bot (pt_BR → pt)."""
    return language.split("_")[0]


async def publish_commands(bot: Bot) -> None:
    """Publish the private and group command menus: English for everyone, and one per
    language the bot speaks (`language_code`)."""
    for language in (None, *[code for code in i18n.LANGUAGES if code != i18n.SOURCE]):
        code = None if language is None else telegram_language(language)
        with i18n.speaking(language or i18n.SOURCE):
            private, group = commands_for(Scope.PRIVATE), commands_for(Scope.GROUP)
        await bot.set_my_commands(
            private, scope=BotCommandScopeAllPrivateChats(), language_code=code
        )
        if group:
            await bot.set_my_commands(
                group, scope=BotCommandScopeAllGroupChats(), language_code=code
            )
