"""Peer groups: setup by admins, double opt-in, announcements, congratulations, digest."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from enum import Enum
from typing import NamedTuple

from bot import i18n
from bot.clock import Clock, epoch_seconds
from bot.domain.dates import iso, local_date
from bot.domain.local_time import resolve
from bot.domain.timezones import zone_info
from bot.services.errors import Expired
from bot.services.membership import LiveMembership
from bot.services.outbox import (
    ANNOUNCEMENT,
    ANNOUNCEMENT_FIX,
    CLAP_NOTE,
    DIGEST,
    GROUP_INTRO,
    TOPIC_NOTICE,
    Outbox,
    count_edit,
)
from bot.services.people import People, Person
from bot.storage import groups, schedules
from bot.storage.database import Connection, Database
from bot.storage.groups import AnnouncementRow, GroupRow
from bot.storage.outbox import NewMessage
from bot.storage.schedules import ScheduleRow

INVITATION_SECONDS = 24 * 3600
DIGEST_KIND = "digest"
DIGEST_TIME = "18:00"
_DIGEST_AT = time(18, 0)
WEEK = timedelta(days=7)


class ClapRefused(Enum):
    """Why a 👏 did not count."""

    ALREADY = "already"  # this member had already clapped
    OWN = "own"  # the achiever's own milestone
    NOT_MEMBER = "not_member"  # not in the group chat


class InvitationRefused(Enum):
    """Why an invitation cannot be used."""

    EXPIRED = "expired"  # too old, revoked, already used, or the group stopped sharing
    NOT_YOURS = "not_yours"  # made for somebody else
    NOT_IN_GROUP = "not_in_group"  # the person is no longer in the group chat


class InvitationError(Exception):
    """An invitation that cannot be used, and why."""

    def __init__(self, refusal: InvitationRefused) -> None:
        super().__init__(refusal.value)
        self.refusal = refusal


@dataclass(frozen=True)
class Invitation:
    """An invitation someone may accept, with its group."""

    invitation_id: int
    token: str
    group: GroupRow


class Reached(NamedTuple):
    """A milestone a member reached on their local `day`, to be told to their groups."""

    user_id: int
    key: str
    day: date
    streak_id: int | None = None


def new_join_token() -> str:
    """An opaque, unguessable deep-link token (16 url-safe characters)."""
    return secrets.token_urlsafe(12)


class Groups:
    """Use cases of peer groups."""

    def __init__(
        self, db: Database, clock: Clock, people: People, outbox: Outbox, members: LiveMembership
    ) -> None:
        self._db = db
        self._clock = clock
        self._people = people
        self._outbox = outbox
        self.members = members
        self._default_zone = people.default_zone

    # --- the bot's membership ----------------------------------------------------------------
    async def bot_added(self, chat_id: int, title: str) -> GroupRow:
        """Added to a group: remember it and say hello (through the outbox)."""
        async with self._db.transaction() as tx:
            group = await groups.upsert(tx, chat_id, title, new_join_token(), self._now())
            await self._outbox.add(
                tx,
                [NewMessage(f"intro:{group.group_id}:{self._now()}", chat_id, GROUP_INTRO, {})],
            )
        self._outbox.notify()
        return group

    async def bot_removed(self, chat_id: int) -> None:
        """Removed or kicked: nothing is sent there again, open invitations stop working."""
        await self._outbox.chat_unreachable(chat_id, "Removed")
        async with self._db.transaction() as tx:
            group = await groups.by_chat(tx, chat_id)
            if group is not None:
                await groups.revoke_invitations(tx, group.group_id)

    async def migrated(self, old_chat_id: int, new_chat_id: int) -> None:
        """The group became a supergroup: one group, a new id."""
        await self._outbox.chat_migrated(old_chat_id, new_chat_id)

    # --- admins ------------------------------------------------------------------------------
    async def setup(
        self, chat_id: int, title: str, admin: Person | None = None, topic_id: int | None = None
    ) -> GroupRow:
        """An admin's /setup: announcements on (digest as it was), posted in the forum topic
        it came from (`topic_id`; None: General). The group speaks the admin's language and
        keeps the admin's time zone until an admin chooses others (`admin`: None for an
        anonymous admin)."""
        async with self._db.transaction() as tx:
            group = await groups.upsert(tx, chat_id, title, new_join_token(), self._now())
            await groups.set_features(tx, group.group_id, True, group.digest, group.digest_weekday)
            language = group.language or (admin.language if admin else None)
            language = language or self._people.default_language
            if group.language is None:
                await groups.set_language(tx, group.group_id, language)
            zone = group.timezone
            if zone is None and admin is not None and admin.zone_chosen:
                zone = admin.zone
                await groups.set_timezone(tx, group.group_id, zone)
            admin_id = admin.user_id if admin is not None else None
            await groups.set_topic(tx, group.group_id, topic_id, admin_id)
            if group.digest:  # the digest's day follows the group's zone
                due = self._next_digest(group.digest_weekday, self._clock.now(), zone)
                await schedules.upsert(tx, DIGEST_KIND, None, group.group_id, DIGEST_TIME, due)
        return replace(
            group, announcements=True, language=language, timezone=zone, topic_id=topic_id,
            topic_admin_id=admin_id,
        )  # fmt: skip

    def zone_of(self, group: GroupRow) -> str:
        """The group's time zone (its own, or DEFAULT_TIMEZONE)."""
        return group.timezone or self._default_zone

    async def use_zone(self, chat_id: int, zone: str) -> GroupRow:
        """An admin's "use my time zone": the group's digest follows it from now on."""
        async with self._db.transaction() as tx:
            group = await groups.by_chat(tx, chat_id)
            if group is None or not group.is_active:
                raise Expired
            await groups.set_timezone(tx, group.group_id, zone)
            if group.digest:
                due = self._next_digest(group.digest_weekday, self._clock.now(), zone)
                await schedules.upsert(tx, DIGEST_KIND, None, group.group_id, DIGEST_TIME, due)
            updated = await groups.by_id(tx, group.group_id)
        assert updated is not None
        return updated

    async def use_topic(self, chat_id: int, topic_id: int | None, admin_id: int) -> GroupRow:
        """An admin's panel button: milestones go to this topic (None: General)."""
        async with self._db.transaction() as tx:
            group = await groups.by_chat(tx, chat_id)
            if group is None or not group.is_active:
                raise Expired
            await groups.set_topic(tx, group.group_id, topic_id, admin_id)
            updated = await groups.by_id(tx, group.group_id)
        assert updated is not None
        return updated

    async def topic_unusable(self, chat_id: int, topic_id: int, closed: bool) -> None:
        """Telegram refused the group's milestones topic (closed or deleted): announcements
        go to General from now on, and the admin who chose it is told how to fix it
        (privately; in General when the admin was anonymous)."""
        async with self._db.transaction() as tx:
            group = await groups.by_chat(tx, chat_id)
            if group is None or group.topic_id != topic_id:
                return  # not the milestones topic (a reply's topic), or already moved
            await groups.set_topic(tx, group.group_id, None, None)
            admin = group.topic_admin_id
            to = admin if admin is not None else chat_id
            notice = NewMessage(
                f"topicgone:{group.group_id}:{topic_id}:{self._now()}", to, TOPIC_NOTICE,
                {"group_id": group.group_id, "closed": closed}, admin,
            )  # fmt: skip
            await self._outbox.add(tx, [notice])
        self._outbox.notify()

    async def disable(self, chat_id: int) -> None:
        """An admin's /disable: no announcements, no digest."""
        async with self._db.transaction() as tx:
            group = await groups.by_chat(tx, chat_id)
            if group is not None:
                await groups.set_features(tx, group.group_id, False, False, group.digest_weekday)
                await schedules.delete(tx, DIGEST_KIND, None, group.group_id)
                await groups.revoke_invitations(tx, group.group_id)

    async def toggle(self, chat_id: int, setting: str) -> GroupRow:
        """A /setup button: `a` announcements, `d` digest on/off, `w` the digest's weekday,
        `c` chips, `l` the group's language."""
        async with self._db.transaction() as tx:
            group = await groups.by_chat(tx, chat_id)
            if group is None or not group.is_active:
                raise Expired
            announcements, digest, weekday = (
                group.announcements,
                group.digest,
                group.digest_weekday,
            )
            if setting == "a":
                announcements = not announcements
            elif setting == "d":
                digest = not digest
            elif setting == "w":
                weekday = (weekday + 1) % 7
            elif setting == "c":
                await groups.set_chips(tx, group.group_id, not group.chips)
            elif setting == "l":  # the next language the bot speaks
                current = group.language or self._people.default_language
                languages = i18n.LANGUAGES
                following = languages[(languages.index(current) + 1) % len(languages)]
                await groups.set_language(tx, group.group_id, following)
            else:
                raise Expired
            await groups.set_features(tx, group.group_id, announcements, digest, weekday)
            if digest:
                due = self._next_digest(weekday, self._clock.now(), group.timezone)
                await schedules.upsert(tx, DIGEST_KIND, None, group.group_id, DIGEST_TIME, due)
            else:
                await schedules.delete(tx, DIGEST_KIND, None, group.group_id)
            updated = await groups.by_id(tx, group.group_id)
        assert updated is not None
        return updated

    async def language_of(self, chat_id: int) -> str:
        """The language a group reads (its own, or DEFAULT_LANGUAGE until one is chosen)."""
        language = await groups.language_of_chat(self._db.reader, chat_id)
        return language or self._people.default_language

    async def by_chat(self, chat_id: int) -> GroupRow | None:
        """The group of a chat."""
        return await groups.by_chat(self._db.reader, chat_id)

    async def by_id(self, group_id: int) -> GroupRow | None:
        """A group by its stable id."""
        return await groups.by_id(self._db.reader, group_id)

    # --- members ---------------------------------------------------------------------------
    async def invite(self, group: GroupRow, user_id: int) -> Invitation:
        """/join: an invitation for this person only, valid for a day."""
        now = self._now()
        async with self._db.transaction() as tx:
            row = await groups.add_invitation(
                tx, new_join_token(), group.group_id, user_id, now, now + INVITATION_SECONDS
            )
        return Invitation(row.invitation_id, row.token, group)

    async def invitation(self, user_id: int, *, token: str | None = None,
                         invitation_id: int | None = None) -> Invitation:  # fmt: skip
        """An invitation `user_id` may still accept; raises InvitationError otherwise."""
        reader = self._db.reader
        if token is not None:
            row = await groups.invitation_by_token(reader, token)
        else:
            row = await groups.invitation_by_id(reader, invitation_id or 0)
        if row is None:
            raise InvitationError(InvitationRefused.EXPIRED)
        if row.user_id != user_id:
            raise InvitationError(InvitationRefused.NOT_YOURS)
        group = await groups.by_id(reader, row.group_id)
        usable = not (row.used or row.revoked or row.expires_at_utc <= self._now())
        if group is None or not usable or not group.is_active or not group.announcements:
            raise InvitationError(InvitationRefused.EXPIRED)
        return Invitation(row.invitation_id, row.token, group)

    async def invitation_token(self, invitation_id: int) -> str | None:
        """The deep-link token of an invitation (the group reply carries its id only)."""
        row = await groups.invitation_by_id(self._db.reader, invitation_id)
        return None if row is None else row.token

    async def confirm_join(self, presser: Person, invitation_id: int) -> GroupRow:
        """Yes in private: checked live that they are still in the group, then joined."""
        invitation = await self.invitation(presser.user_id, invitation_id=invitation_id)
        group = invitation.group
        if not await self.members.is_in(group.chat_id, presser.user_id):
            raise InvitationError(InvitationRefused.NOT_IN_GROUP)
        async with self._db.transaction() as tx:
            await groups.set_membership(tx, group.group_id, presser.user_id, True, self._now())
            await groups.use_invitation(tx, invitation.invitation_id, self._now())
        return group

    async def member_left(self, chat_id: int, user_id: int) -> None:
        """Someone left the group chat or was removed: their milestones stop at once."""
        self.members.remember(chat_id, user_id, False)
        async with self._db.transaction() as tx:
            await groups.end_membership(tx, chat_id, user_id, self._now())

    async def leave(self, user_id: int, group_id: int) -> GroupRow:
        """Stop sharing with a group (at once)."""
        async with self._db.transaction() as tx:
            group = await groups.by_id(tx, group_id)
            if group is None:
                raise Expired
            await groups.end_membership(tx, group.chat_id, user_id, self._now())
        return group

    async def joined(self, person: Person) -> list[GroupRow]:
        """The groups a member shares milestones with."""
        return await groups.joined_groups(self._db.reader, person.user_id)

    # --- announcements -----------------------------------------------------------------------
    async def announce(self, tx: Connection, reached: Sequence[Reached]) -> int:
        """A milestone reached → one announcement per group the member joined.

        A group hears about a member at most once a day. Returns how many were queued.
        """
        if not reached:
            return 0
        audiences = await groups.audiences(tx, [item.user_id for item in reached])
        messages = []
        for user_id, key, day, streak_id in reached:
            if user_id not in audiences:
                continue
            person = await self._people.get(user_id, tx)
            if person is None:
                continue
            for group_id, chat_id in audiences[user_id]:
                # The name is frozen here: a later /name never rewrites what a group was told.
                announcement_id = await groups.add_announcement(
                    tx, group_id, user_id, key, iso(day), person.alias, self._now(), streak_id
                )
                if announcement_id is not None:
                    messages.append(
                        NewMessage(f"announce:{announcement_id}", chat_id, ANNOUNCEMENT,
                                   {"announcement_id": announcement_id})
                    )  # fmt: skip
        await self._outbox.add(tx, messages)
        return len(messages)

    async def correct(
        self, tx: Connection, user_id: int, streak_id: int, keys: Sequence[str]
    ) -> int:
        """A corrected clean date never reached these milestones: every group post of them is
        edited to say it was corrected (the 👏 count stays); one not yet posted never will
        be. Returns how many posts get the edit."""
        if not keys:
            return 0
        withdrawn = await groups.withdraw(tx, user_id, streak_id, keys)
        edits = [
            NewMessage(f"fix:{announcement_id}", chat_id, ANNOUNCEMENT_FIX,
                       {"announcement_id": announcement_id})
            for announcement_id, chat_id, posted in withdrawn
            if posted
        ]  # fmt: skip
        await self._outbox.add(tx, edits)
        return len(edits)

    async def announcement(self, announcement_id: int) -> AnnouncementRow | None:
        """One announcement (rendering)."""
        return await groups.announcement(self._db.reader, announcement_id)

    async def still_shares(self, found: AnnouncementRow) -> bool:
        """Before an announcement goes out: the member is still in the group chat (asked of
        Telegram); if not, their sharing there ends."""
        if await self.members.is_in(found.chat_id, found.user_id):
            return True
        await self.member_left(found.chat_id, found.user_id)
        return False

    async def clap(
        self, announcement_id: int, chat_id: int, user_id: int, name: str
    ) -> ClapRefused | None:
        """A member's 👏: counted once (never the achiever's own, never a non-member's); the
        count edit and the achiever's note are queued. Returns why it did not count."""
        found = await groups.announcement(self._db.reader, announcement_id)
        if found is None or found.chat_id != chat_id:
            raise Expired
        if user_id == found.user_id:
            return ClapRefused.OWN
        if not await self.members.is_in(chat_id, user_id):
            return ClapRefused.NOT_MEMBER
        async with self._db.transaction() as tx:
            found = await groups.announcement(tx, announcement_id)
            if found is None:
                raise Expired
            if not await groups.add_clap(tx, announcement_id, user_id, name, self._now()):
                return ClapRefused.ALREADY
            note = NewMessage(
                f"clapnote:{announcement_id}:{user_id}", found.user_id, CLAP_NOTE,
                {"announcement_id": announcement_id, "clapper_id": user_id}, found.user_id,
            )  # fmt: skip
            await self._outbox.add(tx, [count_edit(found), note])
        self._outbox.notify()
        return None

    async def clapper_name(self, announcement_id: int, user_id: int) -> str | None:
        """How the achiever's thank-you note names a clapper."""
        return await groups.clapper_name(self._db.reader, announcement_id, user_id)

    # --- the weekly digest -------------------------------------------------------------------
    async def digests(self, tx: Connection, rows: Sequence[ScheduleRow], now: datetime) -> int:
        """On each group's day: how many members reached milestones this week."""
        messages = []
        for row in rows:
            group = await groups.by_id(tx, row.ref_id)
            if group is None or not group.is_active or not group.digest:
                await schedules.delete_ids(tx, [row.schedule_id])
                continue
            count = await groups.milestone_members(
                tx, group.group_id, int((now - WEEK).timestamp())
            )
            day = iso(local_date(now, self.zone_of(group)))
            messages.append(
                NewMessage(f"digest:{group.group_id}:{day}", group.chat_id, DIGEST,
                           {"count": count})
            )  # fmt: skip
            due = self._next_digest(group.digest_weekday, now, group.timezone)
            await schedules.move(tx, [(due, DIGEST_TIME, row.schedule_id)])
        await self._outbox.add(tx, messages)
        return len(messages)

    def _next_digest(self, weekday: int, after: datetime, zone_name: str | None) -> int:
        """18:00 on the digest's weekday, in the group's zone."""
        zone = zone_info(zone_name or self._default_zone)
        day = after.astimezone(zone).date()
        while True:
            if day.weekday() == weekday:
                instant = resolve(day, _DIGEST_AT, zone)
                if instant > after:
                    return int(instant.timestamp())
            day += timedelta(days=1)

    def _now(self) -> int:
        return epoch_seconds(self._clock)
