"""Setting the user's time zone by name, suggestion button or shared location."""

from __future__ import annotations

from telegram import CallbackQuery, Update

from bot import i18n, keyboards, texts
from bot.domain import places
from bot.domain.timezones import exact_zone
from bot.handlers.common import arguments, button, edit_quietly, message_of, sender_id
from bot.handlers.context import Context
from bot.services import locations
from bot.services.errors import Expired


def _local_clock(context: Context, zone: str) -> str:
    return context.services.people.local_time_text(zone)


async def set_timezone(update: Update, context: Context) -> None:
    """`/timezone CITY|COUNTRY|ZONE`: one clear match is stored; several, an abbreviation or
    a near miss get buttons (nothing is guessed)."""
    typed = arguments(context)
    message = message_of(update)
    if not typed:
        await message.reply_text(texts.usage("timezone"))
        return
    found = await context.services.people.set_timezone(sender_id(update), typed)
    if found.zone is not None:
        local = _local_clock(context, found.zone)
        place = i18n.place_name(found.city, found.country, typed, found.place)
        await message.reply_text(texts.timezone_set(found.zone, local, place))
    elif found.suggestions:
        exact = bool(places.cities_named(typed))
        await message.reply_text(
            texts.timezone_suggestions(typed, found.question, exact),
            reply_markup=keyboards.zone_choices(
                [(i18n.place_label(label, zone), zone) for label, zone in found.suggestions]
            ),
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


@button(keyboards.ZONE_PREFIX, 1)
async def pick_zone(query: CallbackQuery, fields: list[str], context: Context) -> None:
    """A suggestion button: store that zone for the presser (their own choice)."""
    zone = exact_zone(fields[0])
    if zone is None:
        raise Expired
    await context.services.people.store_zone(query.from_user.id, zone)
    await query.answer()
    await edit_quietly(query, texts.timezone_set(zone, _local_clock(context, zone)))
