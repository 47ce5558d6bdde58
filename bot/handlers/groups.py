"""Peer groups: /setup, /disable, /join, /leave in groups; 👏; /groups and opt-in in private."""

from __future__ import annotations

from telegram import CallbackQuery, Chat, MaybeInaccessibleMessage, Message, Update
from telegram.error import Forbidden

from bot import i18n, keyboards, texts
from bot.domain.groups import is_group_admin
from bot.handlers.common import button, edit_quietly, message_of, number, sender
from bot.handlers.context import Context
from bot.scheduling.messages import setup_panel
from bot.services.errors import Expired, NotYours
from bot.services.groups import ClapRefused, InvitationError, InvitationRefused
from bot.services.outbox import GroupSay


def _group_chat(update: Update) -> Chat:
    chat = update.effective_chat
    if chat is None:
        raise ValueError("no chat")
    return chat


async def _is_admin(update: Update, context: Context) -> bool:
    """Checked with getChatMember at the moment of the command; anonymous admins count."""
    message = message_of(update)
    chat = message.chat
    if message.sender_chat is not None:
        return is_group_admin(None, sender_chat_id=message.sender_chat.id, chat_id=chat.id)
    user = update.effective_user
    if user is None:
        return False
    member = await context.bot.get_chat_member(chat.id, user.id)
    return is_group_admin(member.status, sender_chat_id=None, chat_id=chat.id)


def topic_of(message: MaybeInaccessibleMessage | None) -> int | None:
    """The forum topic a message is in (None: General, or not a forum). A reply thread in
    an ordinary group also has a `message_thread_id`: only a topic message counts."""
    if not isinstance(message, Message) or not message.is_topic_message:
        return None
    return message.message_thread_id


async def _say(
    update: Update, context: Context, say: GroupSay, ref_id: int = 0, **extra: int | bool
) -> None:
    """A reply in the group, through the outbox (paced, throttled per person), in the
    topic the command came from."""
    user = update.effective_user
    await context.services.outbox.say_in_group(
        update.update_id, _group_chat(update).id, say, ref_id, user.id if user else 0,
        topic_of(message_of(update)), **extra,
    )  # fmt: skip


async def setup(update: Update, context: Context) -> None:
    """`/setup` (admins): announcements on; shows the toggles."""
    if not await _is_admin(update, context):
        await _say(update, context, GroupSay.NOT_ADMIN)
        return
    chat = _group_chat(update)
    user = update.effective_user
    anonymous = message_of(update).sender_chat is not None
    admin = None if user is None or anonymous else await context.services.people.get(user.id)
    topic = topic_of(message_of(update))
    group = await context.services.groups.setup(chat.id, chat.title or "", admin, topic)
    await _say(update, context, GroupSay.SETUP, group.group_id, forum=bool(chat.is_forum))


async def disable(update: Update, context: Context) -> None:
    """`/disable` (admins): announcements and digest off."""
    if not await _is_admin(update, context):
        await _say(update, context, GroupSay.NOT_ADMIN)
        return
    await context.services.groups.disable(_group_chat(update).id)
    await _say(update, context, GroupSay.DISABLED)


async def join(update: Update, context: Context) -> None:
    """`/join`: an invitation for this member only — a private Yes/No, or a deep link for
    someone who never opened the bot."""
    chat = _group_chat(update)
    user = update.effective_user
    group = await context.services.groups.by_chat(chat.id)
    if group is None or not group.is_active or not group.announcements:
        await _say(update, context, GroupSay.NOT_SET_UP)
        return
    if user is None or message_of(update).sender_chat is not None:
        return  # an anonymous admin cannot join as themselves
    context.services.groups.members.remember(chat.id, user.id, True)  # they just wrote here
    invitation = await context.services.groups.invite(group, user.id)
    person = await context.services.people.get(user.id)
    if person is not None:
        try:
            await context.bot.send_message(
                user.id,
                texts.join_question(group.title, person.alias),
                reply_markup=keyboards.join_question(invitation.invitation_id),
            )
        except Forbidden:
            person = None  # they blocked the bot: the deep link brings them back
    say = GroupSay.CONFIRM_SENT if person is not None else GroupSay.NEEDS_START
    await _say(update, context, say, invitation.invitation_id)


async def leave(update: Update, context: Context) -> None:
    """`/leave` in the group: stop sharing there at once."""
    chat = _group_chat(update)
    user = update.effective_user
    group = await context.services.groups.by_chat(chat.id)
    if group is None or user is None:
        return
    await context.services.groups.leave(user.id, group.group_id)
    await _say(update, context, GroupSay.LEFT)


async def private_only(update: Update, context: Context) -> None:
    """/days, /sober … typed in a group: "let's do that privately", with a link button."""
    message = message_of(update)
    command = (message.text or "").split()[0][1:] if message.text else ""
    name, _, addressed = command.partition("@")
    if addressed and addressed.lower() != (context.bot.username or "").lower():
        return  # a command for another bot
    from bot.handlers import private_command_names  # the routing table imports this module

    if name.lower() in private_command_names():
        await context.services.outbox.say_privately_please(
            update.update_id, message.chat.id, topic_of(message)
        )


async def migrated(update: Update, context: Context) -> None:
    """A group became a supergroup: the same group under a new id."""
    message = message_of(update)
    if message.migrate_to_chat_id is not None:
        await context.services.groups.migrated(message.chat.id, message.migrate_to_chat_id)
    elif message.migrate_from_chat_id is not None:
        await context.services.groups.migrated(message.migrate_from_chat_id, message.chat.id)


async def member_left(update: Update, context: Context) -> None:
    """Someone left the group chat or was removed: their milestones stop there at once."""
    message = message_of(update)
    gone = message.left_chat_member
    if gone is not None and not gone.is_bot:
        await context.services.groups.member_left(message.chat.id, gone.id)


_CLAP_ANSWERS = {
    None: texts.CLAP_COUNTED,
    ClapRefused.ALREADY: texts.CLAP_ALREADY,
    ClapRefused.OWN: texts.CLAP_OWN,
    ClapRefused.NOT_MEMBER: texts.CLAP_NOT_MEMBER,
}


@button(keyboards.CLAP_PREFIX, 1)
async def clap_button(query: CallbackQuery, fields: list[str], context: Context) -> None:
    """👏 under an announcement: each other member of the group counts once."""
    if query.message is None:
        raise Expired
    refused = await context.services.groups.clap(
        number(fields[0]), query.message.chat.id, query.from_user.id, query.from_user.first_name
    )
    await query.answer(_CLAP_ANSWERS[refused])


@button(keyboards.GROUP_TOGGLE_PREFIX, 1)
async def toggle_button(query: CallbackQuery, fields: list[str], context: Context) -> None:
    """A /setup toggle: re-checks that the presser is an admin now."""
    if query.message is None:
        raise Expired
    chat_id = query.message.chat.id
    member = await context.bot.get_chat_member(chat_id, query.from_user.id)
    if not is_group_admin(member.status, sender_chat_id=None, chat_id=chat_id):
        await query.answer(texts.NOT_AN_ADMIN, show_alert=True)
        return
    here = topic_of(query.message)
    groups = context.services.groups
    if fields[0] == "t":
        group = await groups.use_topic(chat_id, here, query.from_user.id)
    elif fields[0] == "z":
        presser = await context.services.people.get(query.from_user.id)
        if presser is None or not presser.zone_chosen:
            await query.answer(texts.GROUP_ZONE_NEEDS_YOURS, show_alert=True)
            return
        group = await groups.use_zone(chat_id, presser.zone)
    else:
        group = await groups.toggle(chat_id, fields[0])
    await query.answer()
    i18n.set_language(group.language or context.services.people.default_language)
    text, markup = setup_panel(
        context.services, group, here, forum=bool(query.message.chat.is_forum)
    )
    await edit_quietly(query, text, markup)


@button(keyboards.JOIN_PREFIX, 2)
async def join_button(query: CallbackQuery, fields: list[str], context: Context) -> None:
    """Yes / No in private, on an invitation made for the presser only."""
    invitation_id = number(fields[0])
    if fields[1] not in ("yes", "no"):
        raise Expired
    presser = await context.services.people.require(query.from_user.id)
    try:
        if fields[1] == "no":
            await context.services.groups.invitation(presser.user_id, invitation_id=invitation_id)
            await query.answer()
            await edit_quietly(query, texts.JOIN_DECLINED)
            return
        group = await context.services.groups.confirm_join(presser, invitation_id)
    except InvitationError as error:
        if error.refusal is InvitationRefused.NOT_YOURS:
            raise NotYours from error
        await query.answer(texts.invitation_refused(error.refusal), show_alert=True)
        return
    await query.answer()
    has_date = await context.services.clean_time.has_clean_date(presser)
    await edit_quietly(query, texts.joined(group.title, asks_for_date=not has_date))


async def groups_list(update: Update, context: Context) -> None:
    """`/groups`: where the user shares milestones, with leave buttons."""
    message = message_of(update)
    if context.args:
        await message.reply_text(texts.usage("groups"))
        return
    joined = await context.services.groups.joined(await sender(update, context))
    markup = keyboards.leave_groups([(g.group_id, g.title) for g in joined]) if joined else None
    await message.reply_text(texts.groups_list([g.title for g in joined]), reply_markup=markup)


@button(keyboards.LEAVE_PREFIX, 1)
async def leave_button(query: CallbackQuery, fields: list[str], context: Context) -> None:
    """A leave button in /groups."""
    group = await context.services.groups.leave(query.from_user.id, number(fields[0]))
    await query.answer()
    await edit_quietly(query, texts.left_group(group.title))
