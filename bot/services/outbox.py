"""The outbox as the services see it: enqueue, wake the sender, record what happened."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from enum import Enum

from bot.clock import Clock, epoch_seconds
from bot.domain.dates import from_iso
from bot.storage import check_ins, groups, outbox, users
from bot.storage.database import Connection, Database
from bot.storage.group_commit import GroupCommit
from bot.storage.groups import AnnouncementRow
from bot.storage.outbox import NewMessage, OutboxRow

logger = logging.getLogger(__name__)

CHECKIN, MILESTONE, NUDGE = "checkin", "milestone", "nudge"
ANNOUNCEMENT, CLAP_EDIT, CLAP_NOTE = "announcement", "clap_edit", "clap_note"
ANNOUNCEMENT_FIX = "announcement_fix"  # a post no longer true, edited to say so
TOPIC_NOTICE = "topic_notice"  # the milestones topic was closed or deleted: how to fix it
DIGEST, GROUP_INTRO, GROUP_REPLY = "digest", "group_intro", "group_reply"
CHECK_ON = "check_on"
FUTURE_NOTE = "future_note"
PLEDGE = "pledge"


@dataclass(frozen=True)
class Delivery:
    """A message Telegram accepted, waiting to be recorded."""

    row: OutboxRow
    message_id: int
    shown_claps: int | None
    photo: bool = False  # sent as a photo with a caption


class GroupSay(Enum):
    """The fixed replies a group can get (group sends all go through the outbox)."""

    NOT_ADMIN = "not_admin"
    SETUP = "setup"
    DISABLED = "disabled"
    NOT_SET_UP = "not_set_up"
    CONFIRM_SENT = "confirm_sent"
    NEEDS_START = "needs_start"
    LEFT = "left"
    PRIVATE_ONLY = "private_only"


# Sent messages are kept this long (dedupe keys carry dates, so older ones cannot recur).
KEEP_DONE_SECONDS = 30 * 86400
# A person's group commands get at most this many replies a minute, and never the same
# reply twice in a minute: more would be an echo storm (the commands still take effect).
GROUP_REPLIES_PER_MINUTE = 3
# A group reply this late is no answer any more: it is dropped.
GROUP_REPLY_FRESH_SECONDS = 120


class Outbox:
    """Messages for the sender; the single place that records delivery outcomes."""

    def __init__(
        self, db: Database, clock: Clock, on_unreachable: Callable[[int], None] | None = None
    ) -> None:
        self._db = db
        self._clock = clock
        self._wake = asyncio.Event()
        self._urgent_wake = asyncio.Event()
        self._on_unreachable = on_unreachable
        # Marks notes to future me shown once delivered (set by the services at start-up).
        self.on_future_note: Callable[[Connection, int, int], Awaitable[None]] | None = None
        # What a delivered, or undeliverable, message of a kind sets off (an SOS reaching
        # the sponsor is told to the person; one that cannot reach them, too).
        self.on_delivered: dict[str, Callable[[Connection, OutboxRow], Awaitable[None]]] = {}
        self.on_undeliverable: dict[str, Callable[[Connection, OutboxRow], Awaitable[None]]] = {}
        # (chat, person) -> [(epoch, reply)] of the last minute's group replies
        self._replied: dict[tuple[int, int], list[tuple[int, GroupSay]]] = {}
        self._private_hints: dict[int, int] = {}  # group chat -> last "let's do that privately"
        self._confirmations = GroupCommit(db, self._record_deliveries)

    async def add(self, tx: Connection, messages: Iterable[NewMessage]) -> None:
        """Enqueue inside the caller's transaction; call `notify` after it commits."""
        await outbox.add(tx, messages, epoch_seconds(self._clock))

    def notify(self) -> None:
        """Wake the sender: something was enqueued (in either lane)."""
        self._wake.set()
        self._urgent_wake.set()

    async def wait(self, within: float, *, urgent: bool = False) -> None:
        """Sleep until notified or `within` seconds passed."""
        wake = self._urgent_wake if urgent else self._wake
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(wake.wait(), within)
        wake.clear()

    async def say_in_group(
        self, update_id: int, chat_id: int, say: GroupSay, ref_id: int, user_id: int,
        thread_id: int | None = None, **extra: int | bool,
    ) -> bool:  # fmt: skip
        """Queue a reply to a group command, paced like every group send and throttled per
        person (see `GROUP_REPLIES_PER_MINUTE`), into the forum topic the command came from
        (`thread_id`; None: General). False when throttled."""
        now = epoch_seconds(self._clock)
        if len(self._replied) > 10_000:
            self._replied.clear()
        recent = [(at, said) for at, said in self._replied.get((chat_id, user_id), [])
                  if now - at < 60]  # fmt: skip
        if user_id and (
            len(recent) >= GROUP_REPLIES_PER_MINUTE or any(said is say for _, said in recent)
        ):
            return False
        self._replied[(chat_id, user_id)] = [*recent, (now, say)]
        params: dict[str, object] = {"say": say.value, "ref_id": ref_id, **extra}
        if thread_id is not None:
            params["thread_id"] = thread_id
        message = NewMessage(f"reply:{update_id}", chat_id, GROUP_REPLY, params)
        async with self._db.transaction() as tx:
            await outbox.add(tx, [message], now)
        self.notify()
        return True

    async def say_privately_please(
        self, update_id: int, chat_id: int, thread_id: int | None = None
    ) -> bool:
        """A private-only command typed in a group: one "let's do that privately" a minute
        per group at most. False when it was said too recently."""
        now = epoch_seconds(self._clock)
        if now - self._private_hints.get(chat_id, -60) < 60:
            return False
        self._private_hints[chat_id] = now
        params: dict[str, object] = {"say": GroupSay.PRIVATE_ONLY.value}
        if thread_id is not None:
            params["thread_id"] = thread_id
        message = NewMessage(f"reply:{update_id}", chat_id, GROUP_REPLY, params)
        async with self._db.transaction() as tx:
            await outbox.add(tx, [message], now)
        self.notify()
        return True

    def is_stale_reply(self, row: OutboxRow) -> bool:
        """A group reply that waited too long to still be an answer."""
        age = epoch_seconds(self._clock) - row.created_at_utc
        return row.kind == GROUP_REPLY and age > GROUP_REPLY_FRESH_SECONDS

    async def recover(self) -> int:
        """Start-up: messages claimed before a crash are queued again."""
        async with self._db.transaction() as tx:
            return await outbox.recover_in_flight(tx)

    async def take(
        self, limit: int, skip_chats: Collection[int], *, urgent: bool = False
    ) -> list[OutboxRow]:
        """Claim up to `limit` pending messages of a lane, at most one per chat, none for
        `skip_chats`."""
        if not await outbox.pending(self._db.reader, 1, skip_chats, urgent=urgent):
            return []  # idle: no write transaction just to find nothing
        async with self._db.transaction() as tx:
            rows = await outbox.pending(tx, limit * 4, skip_chats, urgent=urgent)
            chosen: dict[int, OutboxRow] = {}
            for row in rows:
                if row.chat_id not in chosen:
                    chosen[row.chat_id] = row
                if len(chosen) >= limit:
                    break
            await outbox.claim(tx, (row.outbox_id for row in chosen.values()))
        return list(chosen.values())

    async def delivered(
        self, row: OutboxRow, message_id: int, shown_claps: int | None = None,
        *, photo: bool = False,
    ) -> None:  # fmt: skip
        """Record delivery and what it means: a check-in prompt can now be replied to; a
        group announcement can be edited, and claps that came in meanwhile get an edit.

        Deliveries confirmed at the same moment share one transaction (the sender's pace
        at 1,000/s would otherwise be the writer's)."""
        await self._confirmations.submit(Delivery(row, message_id, shown_claps, photo))
        if row.kind in (ANNOUNCEMENT, CLAP_EDIT):
            self.notify()  # a count edit may have been queued

    async def _record_deliveries(self, tx: Connection, done: Sequence[Delivery]) -> None:
        now = epoch_seconds(self._clock)
        await outbox.mark_sent_many(tx, [(d.row.outbox_id, d.message_id) for d in done], now)
        prompts = [
            (d.row.user_id, from_iso(str(d.row.params["local_date"])), d.message_id)
            for d in done
            if d.row.kind == CHECKIN and d.row.user_id is not None
        ]
        await check_ins.set_prompts(tx, prompts)
        follow_up: list[NewMessage] = []
        for delivery in done:
            row, shown_claps = delivery.row, delivery.shown_claps
            hook = self.on_delivered.get(row.kind)
            if hook is not None:
                await hook(tx, row)
            if row.kind == FUTURE_NOTE and row.user_id is not None and self.on_future_note:
                await self.on_future_note(tx, row.user_id, int(row.params["streak_id"]))
            elif row.kind in (ANNOUNCEMENT, CLAP_EDIT) and shown_claps is not None:
                announcement_id = int(row.params["announcement_id"])
                if row.kind == ANNOUNCEMENT:
                    await groups.set_announcement_message(
                        tx, announcement_id, delivery.message_id, delivery.photo
                    )
                found = await groups.announcement(tx, announcement_id) if (
                    row.kind == ANNOUNCEMENT) else None  # fmt: skip
                if found is not None and found.corrected:
                    # Corrected while it was on its way: the post is edited to say so.
                    follow_up.append(NewMessage(f"fix:{announcement_id}", found.chat_id,
                                                ANNOUNCEMENT_FIX,
                                                {"announcement_id": announcement_id}))  # fmt: skip
                if await groups.shown(tx, announcement_id, shown_claps) > shown_claps:
                    found = await groups.announcement(tx, announcement_id)
                    if found is not None:
                        follow_up.append(count_edit(found))
        await outbox.add(tx, follow_up, now)
        if any(d.row.kind in self.on_delivered for d in done):
            self.notify()

    async def retry_later(self, row: OutboxRow, error: str) -> None:
        """Back to the queue."""
        async with self._db.transaction() as tx:
            await outbox.release(tx, row.outbox_id, error)

    async def give_up(self, row: OutboxRow, error: str) -> None:
        """This message will not be sent."""
        logger.warning("outbox %s (%s) failed: %s", row.outbox_id, row.kind, error)
        async with self._db.transaction() as tx:
            await outbox.mark_failed(tx, row.outbox_id, error, epoch_seconds(self._clock))
            await self._undeliverable(tx, [row])

    async def _undeliverable(self, tx: Connection, rows: Sequence[OutboxRow]) -> None:
        hooked = [row for row in rows if row.kind in self.on_undeliverable]
        for row in hooked:
            await self.on_undeliverable[row.kind](tx, row)
        if hooked:
            self.notify()

    async def chat_unreachable(
        self, chat_id: int, error: str, row: OutboxRow | None = None
    ) -> None:
        """A 403 or vanished chat: stop everything waiting for it; pause a person's schedules.
        `row`, the message that found out, may set something off (an SOS: see
        `on_undeliverable`)."""
        async with self._db.transaction() as tx:
            dropped = await outbox.fail_chat(tx, chat_id, error, epoch_seconds(self._clock))
            if row is not None:
                await self._undeliverable(tx, [row])
            if chat_id > 0:
                await users.set_active(tx, chat_id, False)
            else:
                await groups.set_active(tx, chat_id, False)
        if self._on_unreachable is not None:
            self._on_unreachable(chat_id)
        logger.info("chat %s unreachable (%s); dropped %s messages", chat_id, error, dropped)

    async def chat_migrated(self, old_chat_id: int, new_chat_id: int) -> None:
        """A group became a supergroup: re-address what waits for it."""
        async with self._db.transaction() as tx:
            await outbox.move_chat(tx, old_chat_id, new_chat_id)
            await groups.move_chat(tx, old_chat_id, new_chat_id)

    async def prune(self, tx: Connection) -> int:
        """Forget old delivered/abandoned messages."""
        return await outbox.prune(tx, epoch_seconds(self._clock) - KEEP_DONE_SECONDS)


def count_edit(found: AnnouncementRow) -> NewMessage:
    """The edit that shows an announcement's 👏 count.

    One pending edit per generation: claps that come in before it goes out collapse into
    it, and a clap during delivery gets a follow-up edit (see `delivered`).
    """
    return NewMessage(
        f"clapedit:{found.announcement_id}:{found.edits_sent}",
        found.chat_id,
        CLAP_EDIT,
        {"announcement_id": found.announcement_id},
    )
