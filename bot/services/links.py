"""A sponsor who can be reached: people linked with consent, the SOS and its answers, and
"did you reach Sam?".

Consent both ways: a person invites with a deep link bound to them; the invited person
sees what linking means and accepts or declines, and nothing reaches them before that.
Linked, the helper sees days clean and milestones (if the person shares them), never
notes, moods, cravings, goals or resets. An SOS goes through the outbox's urgent lane.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import Enum

from bot.clock import Clock, epoch_seconds
from bot.domain.dates import iso, local_date
from bot.services.clean_time import CleanTime, DaysView
from bot.services.outbox import Outbox
from bot.services.people import People, Person
from bot.storage import links, reminders, schedules, sponsors
from bot.storage.database import Connection, Database
from bot.storage.links import SPONSOR, TRUSTED, InvitationRow, LinkRow
from bot.storage.outbox import NewMessage, OutboxRow
from bot.storage.schedules import ScheduleRow

LINK_PREFIX = "sp_"  # the `start` payload of an invitation: sp_<token>
INVITATION_DAYS = 7
MAX_TRUSTED = 3  # "my people", beside the sponsor
MAX_OPEN_INVITATIONS = 5
SOS_REPEAT_SECONDS = 600  # one SOS per person per 10 minutes
CALL_CHECK_SECONDS = 3600  # "did you reach Sam?" an hour after the call reminder

# Outbox kinds; every SOS kind goes through the urgent lane (see storage.outbox).
SOS_ASK, SOS_REACHED, SOS_ANSWER = "sos_ask", "sos_reached", "sos_answer"
SOS_NEXT, SOS_UNREACHABLE, SOS_STOPPED = "sos_next", "sos_unreachable", "sos_stopped"
LINK_NOTICE, SPONSEE_MILESTONE, CALL_CHECK = "link_notice", "sponsee_milestone", "call_check"
# Schedule kinds
SOS_WAIT = "sos_wait"  # no answer in SOS_ANSWER_MINUTES: the next person

CALLING, WRITING, CANNOT, UNREACHABLE = "calling", "writing", "cannot", "unreachable"
HELPING = frozenset({CALLING, WRITING})


class Refusal(Enum):
    """Why an invitation cannot be used or made."""

    EXPIRED = "expired"  # unknown, expired, used, declined or revoked
    OWN = "own"  # the inviter opened their own link
    NOT_FOR_YOU = "not_for_you"  # the sponsor's @username is known and it is not theirs
    ALREADY = "already"  # already linked to this person
    FULL = "full"  # the person has a sponsor (or three trusted people) linked already
    TOO_MANY = "too_many"  # too many open invitations


class LinkRefused(Exception):
    """An invitation refused, with why."""

    def __init__(self, refusal: Refusal) -> None:
        super().__init__(refusal.value)
        self.refusal = refusal


class NotAsked(Exception):
    """An SOS button pressed by someone the alert did not reach, or an unknown alert."""


@dataclass(frozen=True)
class Invitation:
    """An open invitation as the invited person sees it."""

    invitation_id: int
    token: str
    inviter_name: str
    role: str
    expires_on: date


@dataclass(frozen=True)
class Helper:
    """One of a person's people, as the person sees them."""

    link_id: int
    user_id: int
    name: str
    role: str
    share_milestones: bool
    share_calls: bool


@dataclass(frozen=True)
class Sponsee:
    """What a helper sees of someone who linked them: days and milestones, and nothing else."""

    link_id: int
    name: str
    role: str
    days: DaysView | None
    last_call: date | None  # only if the person shares it


class SosOutcome(Enum):
    """What a confirm tap did."""

    SENT = "sent"
    ALREADY = "already"  # an SOS went out less than 10 minutes ago
    NOBODY = "nobody"  # nobody linked (unlinked meanwhile)


@dataclass(frozen=True)
class SosStarted:
    """The alert, and who it went to first."""

    outcome: SosOutcome
    alert_id: int | None
    helper_name: str | None


def _message(key: str, chat_id: int, kind: str, **params: object) -> NewMessage:
    return NewMessage(key, chat_id, kind, dict(params), chat_id)


class Links:
    """Invitations, links, SOS alerts and logged sponsor calls."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        people: People,
        outbox: Outbox,
        clean_time: CleanTime,
        answer_minutes: float = 10.0,
    ) -> None:
        self._db = db
        self._clock = clock
        self._people = people
        self._outbox = outbox
        self._clean_time = clean_time
        self._answer_seconds = int(answer_minutes * 60)

    def _now(self) -> int:
        return epoch_seconds(self._clock)

    # --- invitations ----------------------------------------------------------------------
    async def invite(self, person: Person, role: str) -> InvitationRow:
        """A new invitation link bound to `person`."""
        helpers = await links.helpers_of(self._db.reader, person.user_id)
        if role == SPONSOR and any(h.role == SPONSOR for h in helpers):
            raise LinkRefused(Refusal.FULL)
        if role == TRUSTED and sum(h.role == TRUSTED for h in helpers) >= MAX_TRUSTED:
            raise LinkRefused(Refusal.FULL)
        now = self._now()
        async with self._db.transaction() as tx:
            if await links.open_invitations(tx, person.user_id, now) >= MAX_OPEN_INVITATIONS:
                raise LinkRefused(Refusal.TOO_MANY)
            return await links.add_invitation(
                tx, secrets.token_urlsafe(16), person.user_id, role, now,
                now + INVITATION_DAYS * 86400,
            )  # fmt: skip

    async def cancel_invitations(self, person: Person) -> int:
        """The person's open links stop working."""
        async with self._db.transaction() as tx:
            return await links.revoke_open(tx, person.user_id, self._now())

    async def invitation(
        self, opener: Person, *, token: str | None = None, invitation_id: int | None = None,
        opener_username: str | None = None,
    ) -> Invitation:  # fmt: skip
        """An invitation `opener` may still answer; raises LinkRefused otherwise."""
        reader = self._db.reader
        if token is not None:
            row = await links.invitation_by_token(reader, token)
        else:
            row = await links.invitation_by_id(reader, invitation_id or 0)
        if row is None or row.state != links.OPEN or row.expires_at_utc <= self._now():
            raise LinkRefused(Refusal.EXPIRED)
        if row.inviter_id == opener.user_id:
            raise LinkRefused(Refusal.OWN)
        inviter = await self._people.get(row.inviter_id)
        if inviter is None:
            raise LinkRefused(Refusal.EXPIRED)
        if row.role == SPONSOR and opener_username is not None:
            named = await sponsors.get(reader, row.inviter_id)
            if named and named.username and named.username.lower() != opener_username.lower():
                raise LinkRefused(Refusal.NOT_FOR_YOU)
        helpers = await links.helpers_of(reader, row.inviter_id)
        if any(h.helper_id == opener.user_id for h in helpers):
            raise LinkRefused(Refusal.ALREADY)
        expires = datetime.fromtimestamp(row.expires_at_utc, UTC)
        return Invitation(
            row.invitation_id, row.token, inviter.alias, row.role,
            local_date(expires, opener.zone),
        )  # fmt: skip

    async def accept(
        self, opener: Person, invitation_id: int, opener_username: str | None = None
    ) -> Invitation:
        """Linked: the inviter is told, with a button to unlink at once if it is not Sam."""
        invitation = await self.invitation(
            opener, invitation_id=invitation_id, opener_username=opener_username
        )
        now = self._now()
        async with self._db.transaction() as tx:
            row = await links.invitation_by_id(tx, invitation_id)
            assert row is not None
            helpers = await links.helpers_of(tx, row.inviter_id)
            taken = any(h.role == SPONSOR for h in helpers) if row.role == SPONSOR else (
                sum(h.role == TRUSTED for h in helpers) >= MAX_TRUSTED
            )  # fmt: skip
            if taken:
                raise LinkRefused(Refusal.FULL)
            if not await links.answer_invitation(tx, invitation_id, links.ACCEPTED, opener.user_id,
                                                 now):  # fmt: skip
                raise LinkRefused(Refusal.EXPIRED)
            link = await links.add_link(tx, row.inviter_id, opener.user_id, row.role, now)
            if link is None:
                raise LinkRefused(Refusal.ALREADY)
            await self._outbox.add(tx, [_message(
                f"link:accepted:{link.link_id}", row.inviter_id, LINK_NOTICE,
                say="accepted", link_id=link.link_id, name=opener.first_name, role=row.role,
            )])  # fmt: skip
        self._outbox.notify()
        return invitation

    async def decline(self, opener: Person, invitation_id: int) -> Invitation:
        """Declined: the invitation closes and the inviter is told, kindly."""
        invitation = await self.invitation(opener, invitation_id=invitation_id)
        row = await links.invitation_by_id(self._db.reader, invitation_id)
        assert row is not None
        async with self._db.transaction() as tx:
            if await links.answer_invitation(
                tx, invitation_id, links.DECLINED, opener.user_id, self._now()
            ):
                await self._outbox.add(tx, [_message(
                    f"link:declined:{invitation_id}", row.inviter_id, LINK_NOTICE,
                    say="declined", name=opener.first_name, role=row.role,
                )])  # fmt: skip
        self._outbox.notify()
        return invitation

    # --- links ----------------------------------------------------------------------------
    async def helpers(self, person: Person) -> list[Helper]:
        """The person's linked people, the sponsor first."""
        rows = await links.helpers_of(self._db.reader, person.user_id)
        return [await self._helper(row) for row in rows]

    async def _helper(self, row: LinkRow) -> Helper:
        helper = await self._people.get(row.helper_id)
        name = helper.first_name if helper is not None else "?"
        return Helper(
            row.link_id, row.helper_id, name, row.role, row.share_milestones, row.share_calls
        )

    async def sponsees(self, helper: Person) -> list[Sponsee]:
        """The people who linked `helper`: days clean and milestones, nothing else."""
        found = []
        for row in await links.people_helped_by(self._db.reader, helper.user_id):
            person = await self._people.get(row.person_id)
            if person is None:
                continue
            days = await self._clean_time.days(person) if row.share_milestones else None
            last = await links.last_call(self._db.reader, person.user_id) if row.share_calls \
                else None  # fmt: skip
            found.append(Sponsee(
                row.link_id, person.alias, row.role, days,
                date.fromisoformat(last) if last else None,
            ))  # fmt: skip
        return found

    async def _own_link(self, presser: Person, link_id: int) -> LinkRow:
        row = await links.link_by_id(self._db.reader, link_id)
        if row is None or presser.user_id not in (row.person_id, row.helper_id):
            raise LinkRefused(Refusal.EXPIRED)
        return row

    async def _other_side(self, presser: Person, row: LinkRow) -> str:
        """The name of the other person of a link, as the presser knows them."""
        other = row.helper_id if presser.user_id == row.person_id else row.person_id
        person = await self._people.get(other)
        if person is None:
            return "?"
        return person.first_name if other == row.helper_id else person.alias

    async def unlink(self, presser: Person, link_id: int) -> str:
        """Either side ends the link at once; the other is told. Returns the other's name."""
        row = await self._own_link(presser, link_id)
        name = await self._other_side(presser, row)
        by_person = presser.user_id == row.person_id
        other = row.helper_id if by_person else row.person_id
        said_name = presser.first_name if by_person else presser.alias
        async with self._db.transaction() as tx:
            await links.remove_link(tx, link_id)
            await self._outbox.add(tx, [_message(
                f"link:ended:{link_id}", other, LINK_NOTICE, say="ended", name=said_name,
                role=row.role,
            )])  # fmt: skip
        self._outbox.notify()
        return name

    async def share(self, presser: Person, link_id: int, *, milestones: bool) -> Helper:
        """The person chooses what a helper sees (milestones, and calls logged, together)."""
        row = await self._own_link(presser, link_id)
        if row.person_id != presser.user_id:
            raise LinkRefused(Refusal.EXPIRED)
        async with self._db.transaction() as tx:
            await links.set_sharing(tx, link_id, milestones=milestones, calls=milestones)
        updated = await links.link_by_id(self._db.reader, link_id)
        assert updated is not None
        return await self._helper(updated)

    async def farewell(self, tx: Connection, person: Person) -> None:
        """/deleteme: everyone linked either way is told the link ended (the rows go with
        the person's)."""
        notices = []
        for row in await links.helpers_of(tx, person.user_id):
            notices.append(_message(f"link:ended:{row.link_id}", row.helper_id, LINK_NOTICE,
                                    say="ended", name=person.alias, role=row.role))  # fmt: skip
        for row in await links.people_helped_by(tx, person.user_id):
            notices.append(_message(f"link:ended:{row.link_id}", row.person_id, LINK_NOTICE,
                                    say="ended", name=person.first_name,
                                    role=row.role))  # fmt: skip
        # Not keyed to the person: these go to the others after the person's rows are gone.
        await self._outbox.add(tx, [NewMessage(m.dedupe_key, m.chat_id, m.kind, m.params)
                                    for m in notices])  # fmt: skip

    # --- SOS ------------------------------------------------------------------------------
    async def first_helper(self, person: Person) -> Helper | None:
        """Who an SOS reaches first (the button says their name)."""
        rows = await links.helpers_of(self._db.reader, person.user_id)
        return await self._helper(rows[0]) if rows else None

    async def start_sos(self, person: Person, update_id: int) -> SosStarted:
        """The confirm tap: the first of the person's people is asked at once."""
        now = self._now()
        async with self._db.transaction() as tx:
            latest = await links.latest_alert(tx, person.user_id)
            # One SOS per 10 minutes, unless the last one was stopped by the person's own
            # "I'm okay now": then a new hard moment must not hear "already on its way".
            recent = latest is not None and now - latest.created_at_utc < SOS_REPEAT_SECONDS
            if latest is not None and recent and latest.state == "open":
                first = await links.asks(tx, latest.alert_id)
                name = await self._name(first[0].helper_id) if first else None
                return SosStarted(SosOutcome.ALREADY, latest.alert_id, name)
            helpers = await links.helpers_of(tx, person.user_id)
            if not helpers:
                return SosStarted(SosOutcome.NOBODY, None, None)
            alert = await links.add_alert(tx, person.user_id, update_id, now)
            if alert is None:  # this tap, replayed after a restart
                return SosStarted(SosOutcome.ALREADY, None, None)
            await self._ask(tx, alert.alert_id, person.user_id, helpers[0].helper_id, now)
        self._outbox.notify()
        return SosStarted(SosOutcome.SENT, alert.alert_id, await self._name(helpers[0].helper_id))

    async def _name(self, user_id: int) -> str:
        person = await self._people.get(user_id)
        return person.first_name if person is not None else "?"

    async def _ask(
        self, tx: Connection, alert_id: int, person_id: int, helper_id: int, now: int
    ) -> None:
        await links.add_ask(tx, alert_id, helper_id, now)
        # Keyed to the person asking (user_id): their /deleteme takes it back if unsent.
        await self._outbox.add(tx, [NewMessage(
            f"sos:{alert_id}:{helper_id}", helper_id, SOS_ASK,
            {"alert_id": alert_id, "person_id": person_id}, person_id,
        )])  # fmt: skip
        await schedules.upsert(
            tx, SOS_WAIT, person_id, alert_id, "00:00", now + self._answer_seconds
        )

    async def _ask_next(self, tx: Connection, alert_id: int, person_id: int, why: str) -> None:
        """Ask the next person not asked yet; tell the person, with the crisis line."""
        now = self._now()
        asked = {ask.helper_id for ask in await links.asks(tx, alert_id)}
        waiting = [h for h in await links.helpers_of(tx, person_id) if h.helper_id not in asked]
        if waiting:
            await self._ask(tx, alert_id, person_id, waiting[0].helper_id, now)
            next_id: int | None = waiting[0].helper_id
        else:
            await schedules.delete(tx, SOS_WAIT, person_id, alert_id)
            next_id = None
            if why == UNREACHABLE:
                return  # the person was just shown the line with "I couldn't reach Sam"
        await self._outbox.add(tx, [_message(
            f"sosnext:{alert_id}:{why}:{len(asked)}", person_id, SOS_NEXT, alert_id=alert_id,
            why=why, next_id=next_id,
        )])  # fmt: skip

    async def answer(self, helper: Person, alert_id: int, answer: str) -> str:
        """A helper's one-tap answer reaches the person at once. Returns the person's name."""
        if answer not in (CALLING, WRITING, CANNOT):
            raise NotAsked
        now = self._now()
        async with self._db.transaction() as tx:
            alert = await links.alert(tx, alert_id)
            if alert is None or not await links.answer_ask(tx, alert_id, helper.user_id,
                                                           answer, now):  # fmt: skip
                raise NotAsked
            if alert.state == "open":
                await self._outbox.add(tx, [_message(
                    f"sosanswer:{alert_id}:{helper.user_id}:{answer}", alert.person_id,
                    SOS_ANSWER, alert_id=alert_id, helper_id=helper.user_id, answer=answer,
                )])  # fmt: skip
                if answer in HELPING:
                    await schedules.delete(tx, SOS_WAIT, alert.person_id, alert_id)
                elif not any(a.answer in HELPING for a in await links.asks(tx, alert_id)):
                    await self._ask_next(tx, alert_id, alert.person_id, CANNOT)
        self._outbox.notify()
        person = await self._people.get(alert.person_id)
        return person.alias if person is not None else "?"

    async def okay_now(self, person: Person, alert_id: int) -> bool:
        """ "I'm okay now": everyone reached hears the alert has stopped."""
        async with self._db.transaction() as tx:
            alert = await links.alert(tx, alert_id)
            if alert is None or alert.person_id != person.user_id:
                raise NotAsked
            if not await links.stop_alert(tx, alert_id, self._now()):
                return False
            await schedules.delete(tx, SOS_WAIT, person.user_id, alert_id)
            await self._outbox.add(tx, [
                NewMessage(f"sosstop:{alert_id}:{ask.helper_id}", ask.helper_id, SOS_STOPPED,
                           {"alert_id": alert_id, "person_id": person.user_id}, person.user_id)
                for ask in await links.asks(tx, alert_id)
                if ask.answer != UNREACHABLE
            ])  # fmt: skip
        self._outbox.notify()
        return True

    async def waited(self, tx: Connection, rows: Sequence[ScheduleRow]) -> int:
        """The tick: an SOS nobody answered in time goes to the next person."""
        count = 0
        for row in rows:
            await schedules.delete_ids(tx, [row.schedule_id])
            alert = await links.alert(tx, row.ref_id)
            if alert is None or alert.state != "open":
                continue
            if any(ask.answer in HELPING for ask in await links.asks(tx, alert.alert_id)):
                continue
            await self._ask_next(tx, alert.alert_id, alert.person_id, "waited")
            count += 1
        return count

    async def ask_delivered(self, tx: Connection, row: OutboxRow) -> None:
        """The SOS reached the helper's chat: the person sees who was reached."""
        await self._outbox.add(tx, [_message(
            f"sosreached:{row.params['alert_id']}:{row.chat_id}", int(row.params["person_id"]),
            SOS_REACHED, alert_id=row.params["alert_id"], helper_id=row.chat_id,
        )])  # fmt: skip

    async def ask_undeliverable(self, tx: Connection, row: OutboxRow) -> None:
        """The helper blocked the bot (403) or the send failed: the person is told at once,
        with the helper's @link and the crisis line, and the next person is asked."""
        alert_id, person_id = int(row.params["alert_id"]), int(row.params["person_id"])
        alert = await links.alert(tx, alert_id)
        if alert is None or alert.state != "open":
            return  # stopped meanwhile: nothing to tell
        await links.answer_ask(tx, alert_id, row.chat_id, UNREACHABLE, self._now())
        await self._outbox.add(tx, [_message(
            f"sosunreachable:{alert_id}:{row.chat_id}", person_id, SOS_UNREACHABLE,
            alert_id=alert_id, helper_id=row.chat_id,
        )])  # fmt: skip
        await self._ask_next(tx, alert_id, person_id, UNREACHABLE)

    # --- milestones and calls -------------------------------------------------------------
    async def milestone_notes(
        self, tx: Connection, reached: Sequence[tuple[int, str, date]]
    ) -> list[NewMessage]:
        """A milestone a person shares reaches each helper they allowed, privately."""
        messages = []
        for user_id, key, day in reached:
            for helper_id in await links.milestone_watchers(tx, user_id):
                messages.append(NewMessage(
                    f"sponsee:{user_id}:{helper_id}:{key}:{iso(day)}", helper_id,
                    SPONSEE_MILESTONE, {"person_id": user_id, "milestone": key}, user_id,
                ))  # fmt: skip
        return messages

    async def call_check_due(
        self, tx: Connection, user_id: int, reminder_id: int, fired_at: int
    ) -> None:
        """The sponsor-call reminder fired: ask "did you reach Sam?" an hour later."""
        await schedules.upsert(
            tx, CALL_CHECK, user_id, reminder_id, "00:00", fired_at + CALL_CHECK_SECONDS
        )

    async def call_checks(self, tx: Connection, rows: Sequence[ScheduleRow], now: datetime) -> int:
        """The tick: the questions due."""
        messages = []
        for row in rows:
            await schedules.delete_ids(tx, [row.schedule_id])
            if row.user_id is None:
                continue
            person = await self._people.get(row.user_id, tx)
            if person is None:
                continue
            day = local_date(now - timedelta(seconds=CALL_CHECK_SECONDS), person.zone)
            reminder = await reminders.get(tx, row.ref_id)
            if reminder is None or reminder.deleted or day in (reminder.settled_on,
                                                               reminder.skip_on):  # fmt: skip
                continue  # ✅ already, skipped, or deleted: no question
            messages.append(_message(
                f"callcheck:{row.ref_id}:{iso(day)}", row.user_id, CALL_CHECK,
                reminder_id=row.ref_id, local_date=iso(day),
            ))  # fmt: skip
        await self._outbox.add(tx, messages)
        return len(messages)

    async def log_call(self, person: Person, day: date, answer: str) -> None:
        """The person's answer to "did you reach Sam?" (what was said is never asked)."""
        async with self._db.transaction() as tx:
            await links.log_call(tx, person.user_id, iso(day), answer, self._now())
