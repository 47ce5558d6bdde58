"""Setting the user's time zone by name, suggestion button or shared location."""

from __future__ import annotations

from telegram import Update

from bot import keyboards, texts
from bot.domain.timezones import lookup_zone
from bot.handlers.common import arguments, message_of, sender_id
from bot.handlers.context import Context
from bot.services import locations


def _local_clock(context: Context, zone: str) -> str:
    return context.services.people.local_time_text(zone)


async def set_timezone(update: Update, context: Context) -> None:
    """`/timezone Area/City`: exact names are stored, near misses get suggestion buttons."""
    typed = arguments(context)
    message = message_of(update)
    if not typed:
        await message.reply_text(texts.usage("timezone"))
        return
    found = await context.services.people.set_timezone(sender_id(update), typed)
    if found.zone is not None:
        await message.reply_text(texts.timezone_set(found.zone, _local_clock(context, found.zone)))
    elif found.suggestions:
        await message.reply_text(
            texts.timezone_suggestions(typed),
            reply_markup=keyboards.zone_choices(found.suggestions),
        )
    else:
        await message.reply_text(texts.timezone_unknown(typed))


async def shared_location(update: Update, context: Context) -> None:
    """A shared location: its zone is looked up offline and stored."""
    location = message_of(update).location
    if location is None:
        return
    zone = await locations.zone_at(location.latitude, location.longitude)
    if zone is None:
        await message_of(update).reply_text(texts.LOCATION_UNRESOLVED)
        return
    await context.services.people.store_zone(sender_id(update), zone)
    await message_of(update).reply_text(texts.timezone_set(zone, _local_clock(context, zone)))


async def pick_zone(update: Update, context: Context) -> None:
    """A suggestion button was pressed: store that zone for the presser."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    found = lookup_zone(query.data.removeprefix(keyboards.ZONE_PREFIX))
    if found.zone is None:
        await query.answer(texts.EXPIRED)
        return
    await context.services.people.store_zone(query.from_user.id, found.zone)
    await query.answer()
    await query.edit_message_text(
        texts.timezone_set(found.zone, _local_clock(context, found.zone))
    )
