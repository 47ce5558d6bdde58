"""SQL for peer groups: `groups`, `memberships`, `announcements`, `claps`."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from bot.storage.database import Connection, fetch_all, fetch_one


@dataclass(frozen=True)
class GroupRow:
    """A group the bot was added to."""

    group_id: int
    chat_id: int
    title: str
    is_active: bool
    announcements: bool
    digest: bool
    digest_weekday: int
    join_token: str
    chips: bool = False  # announcements carry the milestone chip (an admin's choice)
    language: str | None = None  # chosen at /setup; None: the admin's, when first set up
    topic_id: int | None = None  # the forum topic announcements go to; None: General
    topic_admin_id: int | None = None  # who chose it (told if it is closed or deleted)
    timezone: str | None = None  # the group's own zone; None: DEFAULT_TIMEZONE


_GROUP = (
    "group_id, chat_id, title, is_active, announcements, digest, digest_weekday, join_token,"
    " chips, language, topic_id, topic_admin_id, timezone"
)


def _group(row: sqlite3.Row) -> GroupRow:
    return GroupRow(
        group_id=row["group_id"],
        chat_id=row["chat_id"],
        title=row["title"],
        is_active=bool(row["is_active"]),
        announcements=bool(row["announcements"]),
        digest=bool(row["digest"]),
        digest_weekday=row["digest_weekday"],
        join_token=row["join_token"],
        chips=bool(row["chips"]),
        language=row["language"],
        topic_id=row["topic_id"],
        topic_admin_id=row["topic_admin_id"],
        timezone=row["timezone"],
    )


async def upsert(
    connection: Connection, chat_id: int, title: str, token: str, now_utc: int
) -> GroupRow:
    """Create the group (with `token`) or refresh its title and mark it active."""
    await connection.execute(
        "INSERT INTO groups (chat_id, title, join_token, created_at_utc) VALUES (?, ?, ?, ?)"
        " ON CONFLICT(chat_id) DO UPDATE SET title = excluded.title, is_active = 1",
        (chat_id, title, token, now_utc),
    )
    group = await by_chat(connection, chat_id)
    assert group is not None
    return group


async def by_chat(connection: Connection, chat_id: int) -> GroupRow | None:
    """The group with this chat id."""
    row = await fetch_one(connection, f"SELECT {_GROUP} FROM groups WHERE chat_id = ?", (chat_id,))
    return None if row is None else _group(row)


async def by_id(connection: Connection, group_id: int) -> GroupRow | None:
    """The group with this id."""
    row = await fetch_one(
        connection, f"SELECT {_GROUP} FROM groups WHERE group_id = ?", (group_id,)
    )
    return None if row is None else _group(row)


async def by_token(connection: Connection, token: str) -> GroupRow | None:
    """The group a deep-link token belongs to."""
    row = await fetch_one(
        connection, f"SELECT {_GROUP} FROM groups WHERE join_token = ?", (token,)
    )
    return None if row is None else _group(row)


async def set_active(connection: Connection, chat_id: int, active: bool) -> None:
    """The bot is (no longer) in the group."""
    await connection.execute(
        "UPDATE groups SET is_active = ? WHERE chat_id = ?", (int(active), chat_id)
    )


async def set_features(
    connection: Connection, group_id: int, announcements: bool, digest: bool, weekday: int
) -> None:
    """Store an admin's /setup choices."""
    await connection.execute(
        "UPDATE groups SET announcements = ?, digest = ?, digest_weekday = ? WHERE group_id = ?",
        (int(announcements), int(digest), weekday, group_id),
    )


async def move_chat(connection: Connection, old_chat_id: int, new_chat_id: int) -> None:
    """A group became a supergroup: same group, new chat id (memberships stay)."""
    await connection.execute(
        "UPDATE groups SET chat_id = ? WHERE chat_id = ?"
        " AND NOT EXISTS (SELECT 1 FROM groups WHERE chat_id = ?)",
        (new_chat_id, old_chat_id, new_chat_id),
    )


# --- memberships --------------------------------------------------------------------------
async def set_membership(
    connection: Connection, group_id: int, user_id: int, joined: bool, now_utc: int
) -> None:
    """Join or leave."""
    await connection.execute(
        "INSERT INTO memberships (group_id, user_id, joined, updated_at_utc) VALUES (?, ?, ?, ?)"
        " ON CONFLICT(group_id, user_id) DO UPDATE SET joined = excluded.joined,"
        " updated_at_utc = excluded.updated_at_utc",
        (group_id, user_id, int(joined), now_utc),
    )


async def joined_groups(connection: Connection, user_id: int) -> list[GroupRow]:
    """Active groups where the user shares milestones."""
    rows = await fetch_all(
        connection,
        f"SELECT {', '.join('g.' + c.strip() for c in _GROUP.split(','))} FROM groups g"
        " JOIN memberships m ON m.group_id = g.group_id"
        " WHERE m.user_id = ? AND m.joined = 1 AND g.is_active = 1 ORDER BY g.title",
        (user_id,),
    )
    return [_group(row) for row in rows]


async def audiences(
    connection: Connection, user_ids: Sequence[int]
) -> dict[int, list[tuple[int, int]]]:
    """Per user: (group id, chat id) of active groups with announcements where they joined."""
    found: dict[int, list[tuple[int, int]]] = {}
    for start in range(0, len(user_ids), 500):
        chunk = user_ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        rows = await fetch_all(
            connection,
            "SELECT m.user_id, g.group_id, g.chat_id FROM memberships m"
            " JOIN groups g ON g.group_id = m.group_id"
            f" WHERE m.joined = 1 AND g.is_active = 1 AND g.announcements = 1"
            f" AND m.user_id IN ({marks})",
            tuple(chunk),
        )
        for row in rows:
            found.setdefault(row["user_id"], []).append((row["group_id"], row["chat_id"]))
    return found


# --- announcements and claps --------------------------------------------------------------
@dataclass(frozen=True)
class AnnouncementRow:
    """A milestone announced in a group."""

    announcement_id: int
    group_id: int
    chat_id: int
    group_title: str
    user_id: int
    milestone_key: str
    message_id: int | None
    claps: int
    edits_sent: int
    alias: str | None  # the name the group was told, kept as it was
    topic_id: int | None = None  # the group's announcement topic (None: General)
    corrected: int = 0  # 1: withdrawn, the corrected clean date never reached it
    photo: bool = False  # posted as a chip with a caption


async def add_announcement(
    connection: Connection,
    group_id: int,
    user_id: int,
    key: str,
    local_date: str,
    alias: str,
    now_utc: int,
    streak_id: int | None = None,
) -> int | None:
    """A new announcement's id; None when the group already heard about them that day."""
    row = await fetch_one(
        connection,
        "INSERT OR IGNORE INTO announcements"
        " (group_id, user_id, milestone_key, local_date, alias, created_at_utc, streak_id)"
        " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING announcement_id",
        (group_id, user_id, key, local_date, alias, now_utc, streak_id),
    )
    return None if row is None else int(row[0])


async def announcement(connection: Connection, announcement_id: int) -> AnnouncementRow | None:
    """One announcement with its group's chat."""
    row = await fetch_one(
        connection,
        "SELECT a.announcement_id, a.group_id, g.chat_id, g.title, a.user_id, a.milestone_key,"
        " a.message_id, a.claps, a.edits_sent, a.alias, g.topic_id, a.corrected, a.photo"
        " FROM announcements a JOIN groups g ON g.group_id = a.group_id"
        " WHERE a.announcement_id = ?",
        (announcement_id,),
    )
    if row is None:
        return None
    values = tuple(row)
    return AnnouncementRow(
        values[0], values[1], values[2], values[3], values[4], values[5], values[6],
        values[7], values[8], values[9], values[10], values[11], bool(values[12]),
    )  # fmt: skip


async def set_announcement_message(
    connection: Connection, announcement_id: int, message_id: int, photo: bool = False
) -> None:
    """Remember the group message to edit when claps come in (and whether it is a chip)."""
    await connection.execute(
        "UPDATE announcements SET message_id = ?, photo = ? WHERE announcement_id = ?",
        (message_id, int(photo), announcement_id),
    )


async def withdraw(
    connection: Connection, user_id: int, streak_id: int, keys: Sequence[str]
) -> list[tuple[int, int, bool]]:
    """Announcements of `keys` for this streak that are no longer true: marked withdrawn,
    and no longer the day's announcement (the day gets a suffix, so the milestone the
    corrected date reached that day can still be announced). Returns (announcement id,
    chat id, already posted) of each."""
    found = []
    for key in keys:
        rows = await fetch_all(
            connection,
            "UPDATE announcements SET corrected = 1,"
            " local_date = local_date || '~' || announcement_id"
            " WHERE user_id = ? AND streak_id = ? AND milestone_key = ? AND corrected = 0"
            " RETURNING announcement_id, message_id,"
            " (SELECT chat_id FROM groups g WHERE g.group_id = announcements.group_id)",
            (user_id, streak_id, key),
        )
        found += [(int(a), int(chat), m is not None) for a, m, chat in rows]
    return found


async def add_clap(
    connection: Connection, announcement_id: int, user_id: int, name: str, now_utc: int
) -> bool:
    """Count a member's 👏 once; False when they had already clapped."""
    cursor = await connection.execute(
        "INSERT OR IGNORE INTO claps (announcement_id, user_id, name, created_at_utc)"
        " VALUES (?, ?, ?, ?)",
        (announcement_id, user_id, name, now_utc),
    )
    if cursor.rowcount != 1:
        return False
    await connection.execute(
        "UPDATE announcements SET claps = claps + 1 WHERE announcement_id = ?", (announcement_id,)
    )
    return True


async def clapper_name(connection: Connection, announcement_id: int, user_id: int) -> str | None:
    """The name a clapper is shown by: their alias if they use the bot, else their first name."""
    row = await fetch_one(
        connection,
        "SELECT coalesce(u.alias, c.name) FROM claps c LEFT JOIN users u ON u.user_id = c.user_id"
        " WHERE c.announcement_id = ? AND c.user_id = ?",
        (announcement_id, user_id),
    )
    return None if row is None else str(row[0])


async def shown(connection: Connection, announcement_id: int, claps: int) -> int:
    """An edit (or the announcement) went out showing `claps`; returns the count now."""
    row = await fetch_one(
        connection,
        "UPDATE announcements SET edits_sent = edits_sent + 1, shown_claps = ?"
        " WHERE announcement_id = ? RETURNING claps",
        (claps, announcement_id),
    )
    return int(row[0]) if row else claps


async def milestone_members(connection: Connection, group_id: int, since_utc: int) -> int:
    """How many members were announced since a time (the weekly digest)."""
    row = await fetch_one(
        connection,
        "SELECT count(DISTINCT user_id) FROM announcements"
        " WHERE group_id = ? AND created_at_utc >= ? AND corrected = 0",
        (group_id, since_utc),
    )
    return int(row[0]) if row else 0


async def end_membership(connection: Connection, chat_id: int, user_id: int, now_utc: int) -> bool:
    """The member left or was removed from the group chat; True when they had joined."""
    cursor = await connection.execute(
        "UPDATE memberships SET joined = 0, updated_at_utc = ?"
        " WHERE joined = 1 AND user_id = ?"
        " AND group_id = (SELECT group_id FROM groups WHERE chat_id = ?)",
        (now_utc, user_id, chat_id),
    )
    return cursor.rowcount > 0


# --- invitations --------------------------------------------------------------------------
@dataclass(frozen=True)
class InvitationRow:
    """An invitation to share milestones with a group, for one person."""

    invitation_id: int
    token: str
    group_id: int
    user_id: int
    expires_at_utc: int
    used: bool
    revoked: bool


_INVITATION = "invitation_id, token, group_id, user_id, expires_at_utc, used_at_utc, revoked"


def _invitation(row: sqlite3.Row) -> InvitationRow:
    return InvitationRow(
        invitation_id=row["invitation_id"],
        token=row["token"],
        group_id=row["group_id"],
        user_id=row["user_id"],
        expires_at_utc=row["expires_at_utc"],
        used=row["used_at_utc"] is not None,
        revoked=bool(row["revoked"]),
    )


async def add_invitation(
    connection: Connection, token: str, group_id: int, user_id: int, now_utc: int, expires: int
) -> InvitationRow:
    """A new invitation bound to `user_id`."""
    row = await fetch_one(
        connection,
        "INSERT INTO invitations (token, group_id, user_id, created_at_utc, expires_at_utc)"
        f" VALUES (?, ?, ?, ?, ?) RETURNING {_INVITATION}",
        (token, group_id, user_id, now_utc, expires),
    )
    assert row is not None
    return _invitation(row)


async def invitation_by_id(connection: Connection, invitation_id: int) -> InvitationRow | None:
    """An invitation by its id (join buttons carry it)."""
    row = await fetch_one(
        connection,
        f"SELECT {_INVITATION} FROM invitations WHERE invitation_id = ?",
        (invitation_id,),
    )
    return None if row is None else _invitation(row)


async def invitation_by_token(connection: Connection, token: str) -> InvitationRow | None:
    """An invitation by its token (deep links carry it)."""
    row = await fetch_one(
        connection, f"SELECT {_INVITATION} FROM invitations WHERE token = ?", (token,)
    )
    return None if row is None else _invitation(row)


async def use_invitation(connection: Connection, invitation_id: int, now_utc: int) -> None:
    """The invitation was accepted; it cannot be used again."""
    await connection.execute(
        "UPDATE invitations SET used_at_utc = ? WHERE invitation_id = ?", (now_utc, invitation_id)
    )


async def revoke_invitations(connection: Connection, group_id: int) -> int:
    """Every open invitation of a group stops working (/disable, the bot removed)."""
    cursor = await connection.execute(
        "UPDATE invitations SET revoked = 1 WHERE group_id = ? AND revoked = 0"
        " AND used_at_utc IS NULL",
        (group_id,),
    )
    return cursor.rowcount


async def set_chips(connection: Connection, group_id: int, chips: bool) -> None:
    """An admin's choice: announcements with the chip picture, or text only."""
    await connection.execute(
        "UPDATE groups SET chips = ? WHERE group_id = ?", (int(chips), group_id)
    )


async def set_language(connection: Connection, group_id: int, language: str) -> None:
    """The language a group's announcements and digest are written in."""
    await connection.execute(
        "UPDATE groups SET language = ? WHERE group_id = ?", (language, group_id)
    )


async def language_of_chat(connection: Connection, chat_id: int) -> str | None:
    """A group's language by its chat id (None: not chosen, or not a group we know)."""
    row = await fetch_one(connection, "SELECT language FROM groups WHERE chat_id = ?", (chat_id,))
    return None if row is None else row["language"]


async def set_topic(
    connection: Connection, group_id: int, topic_id: int | None, admin_id: int | None
) -> None:
    """The forum topic announcements and the digest go to (None: General), and who chose it."""
    await connection.execute(
        "UPDATE groups SET topic_id = ?, topic_admin_id = ? WHERE group_id = ?",
        (topic_id, admin_id, group_id),
    )


async def set_timezone(connection: Connection, group_id: int, zone: str) -> None:
    """The group's own time zone (its digest day and time)."""
    await connection.execute("UPDATE groups SET timezone = ? WHERE group_id = ?", (zone, group_id))
