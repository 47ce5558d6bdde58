"""SQL for linked sponsors and trusted people, their invitations, SOS alerts and logged calls."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from bot.storage.database import Connection, fetch_all, fetch_one

SPONSOR, TRUSTED = "sponsor", "trusted"
OPEN, ACCEPTED, DECLINED, REVOKED = "open", "accepted", "declined", "revoked"


@dataclass(frozen=True)
class InvitationRow:
    """An invitation into the bot, bound to the person who made it."""

    invitation_id: int
    token: str
    inviter_id: int
    role: str
    expires_at_utc: int
    state: str


@dataclass(frozen=True)
class LinkRow:
    """Someone (`person_id`) and one of their people (`helper_id`)."""

    link_id: int
    person_id: int
    helper_id: int
    role: str
    share_milestones: bool
    share_calls: bool
    created_at_utc: int


_INVITATION = "invitation_id, token, inviter_id, role, expires_at_utc, state"
_LINK = "link_id, person_id, helper_id, role, share_milestones, share_calls, created_at_utc"


def _invitation(row: sqlite3.Row) -> InvitationRow:
    return InvitationRow(
        row["invitation_id"], row["token"], row["inviter_id"], row["role"],
        row["expires_at_utc"], row["state"],
    )  # fmt: skip


def _link(row: sqlite3.Row) -> LinkRow:
    return LinkRow(
        row["link_id"], row["person_id"], row["helper_id"], row["role"],
        bool(row["share_milestones"]), bool(row["share_calls"]), row["created_at_utc"],
    )  # fmt: skip


# --- invitations --------------------------------------------------------------------------
async def add_invitation(
    connection: Connection, token: str, inviter_id: int, role: str, now_utc: int, expires: int
) -> InvitationRow:
    """A new open invitation."""
    row = await fetch_one(
        connection,
        "INSERT INTO link_invitations (token, inviter_id, role, created_at_utc, expires_at_utc)"
        f" VALUES (?, ?, ?, ?, ?) RETURNING {_INVITATION}",
        (token, inviter_id, role, now_utc, expires),
    )
    assert row is not None
    return _invitation(row)


async def invitation_by_token(connection: Connection, token: str) -> InvitationRow | None:
    """An invitation by the token its deep link carries."""
    row = await fetch_one(
        connection, f"SELECT {_INVITATION} FROM link_invitations WHERE token = ?", (token,)
    )
    return None if row is None else _invitation(row)


async def invitation_by_id(connection: Connection, invitation_id: int) -> InvitationRow | None:
    """An invitation by id (its buttons carry it)."""
    row = await fetch_one(
        connection,
        f"SELECT {_INVITATION} FROM link_invitations WHERE invitation_id = ?",
        (invitation_id,),
    )
    return None if row is None else _invitation(row)


async def open_invitations(connection: Connection, inviter_id: int, now_utc: int) -> int:
    """How many of the person's invitations are still open."""
    row = await fetch_one(
        connection,
        "SELECT count(*) FROM link_invitations WHERE inviter_id = ? AND state = 'open'"
        " AND expires_at_utc > ?",
        (inviter_id, now_utc),
    )
    return int(row[0]) if row else 0


async def answer_invitation(
    connection: Connection, invitation_id: int, state: str, by: int, now_utc: int
) -> bool:
    """Close an open invitation (accepted, declined, revoked); False if it was not open."""
    cursor = await connection.execute(
        "UPDATE link_invitations SET state = ?, answered_by = ?, answered_at_utc = ?"
        " WHERE invitation_id = ? AND state = 'open'",
        (state, by, now_utc, invitation_id),
    )
    return cursor.rowcount == 1


async def revoke_open(connection: Connection, inviter_id: int, now_utc: int) -> int:
    """Every open invitation of the person stops working."""
    cursor = await connection.execute(
        "UPDATE link_invitations SET state = 'revoked', answered_at_utc = ?"
        " WHERE inviter_id = ? AND state = 'open'",
        (now_utc, inviter_id),
    )
    return cursor.rowcount


# --- links --------------------------------------------------------------------------------
async def add_link(
    connection: Connection, person_id: int, helper_id: int, role: str, now_utc: int
) -> LinkRow | None:
    """Link two people; None if they already are (the first link stands)."""
    row = await fetch_one(
        connection,
        "INSERT INTO links (person_id, helper_id, role, created_at_utc) VALUES (?, ?, ?, ?)"
        f" ON CONFLICT DO NOTHING RETURNING {_LINK}",
        (person_id, helper_id, role, now_utc),
    )
    return None if row is None else _link(row)


async def helpers_of(connection: Connection, person_id: int) -> list[LinkRow]:
    """The person's people: the sponsor first, then the others in the order they accepted."""
    rows = await fetch_all(
        connection,
        f"SELECT {_LINK} FROM links WHERE person_id = ?"
        " ORDER BY role = 'sponsor' DESC, created_at_utc, link_id",
        (person_id,),
    )
    return [_link(row) for row in rows]


async def people_helped_by(connection: Connection, helper_id: int) -> list[LinkRow]:
    """Everyone who linked `helper_id`."""
    rows = await fetch_all(
        connection,
        f"SELECT {_LINK} FROM links WHERE helper_id = ? ORDER BY created_at_utc, link_id",
        (helper_id,),
    )
    return [_link(row) for row in rows]


async def link_by_id(connection: Connection, link_id: int) -> LinkRow | None:
    """One link."""
    row = await fetch_one(connection, f"SELECT {_LINK} FROM links WHERE link_id = ?", (link_id,))
    return None if row is None else _link(row)


async def remove_link(connection: Connection, link_id: int) -> None:
    """Unlink."""
    await connection.execute("DELETE FROM links WHERE link_id = ?", (link_id,))


async def set_sharing(
    connection: Connection, link_id: int, *, milestones: bool, calls: bool
) -> None:
    """What the helper may see."""
    await connection.execute(
        "UPDATE links SET share_milestones = ?, share_calls = ? WHERE link_id = ?",
        (int(milestones), int(calls), link_id),
    )


async def milestone_watchers(connection: Connection, person_id: int) -> list[int]:
    """The people who hear of the person's milestones (the person allowed it)."""
    rows = await fetch_all(
        connection,
        "SELECT helper_id FROM links WHERE person_id = ? AND share_milestones = 1",
        (person_id,),
    )
    return [int(row[0]) for row in rows]


# --- SOS ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class AlertRow:
    """One SOS."""

    alert_id: int
    person_id: int
    created_at_utc: int
    state: str


@dataclass(frozen=True)
class AskRow:
    """Who an alert reached and their answer."""

    helper_id: int
    asked_at_utc: int
    answer: str | None


async def add_alert(
    connection: Connection, person_id: int, update_id: int, now_utc: int
) -> AlertRow | None:
    """A new alert; None when this update already made one (a replay)."""
    row = await fetch_one(
        connection,
        "INSERT INTO sos_alerts (person_id, update_id, created_at_utc) VALUES (?, ?, ?)"
        " ON CONFLICT(update_id) DO NOTHING"
        " RETURNING alert_id, person_id, created_at_utc, state",
        (person_id, update_id, now_utc),
    )
    return None if row is None else AlertRow(*tuple(row))


async def alert(connection: Connection, alert_id: int) -> AlertRow | None:
    """One alert."""
    row = await fetch_one(
        connection,
        "SELECT alert_id, person_id, created_at_utc, state FROM sos_alerts WHERE alert_id = ?",
        (alert_id,),
    )
    return None if row is None else AlertRow(*tuple(row))


async def latest_alert(connection: Connection, person_id: int) -> AlertRow | None:
    """The person's most recent alert."""
    row = await fetch_one(
        connection,
        "SELECT alert_id, person_id, created_at_utc, state FROM sos_alerts WHERE person_id = ?"
        " ORDER BY created_at_utc DESC, alert_id DESC LIMIT 1",
        (person_id,),
    )
    return None if row is None else AlertRow(*tuple(row))


async def stop_alert(connection: Connection, alert_id: int, now_utc: int) -> bool:
    """The person is okay now; False if it was already stopped."""
    cursor = await connection.execute(
        "UPDATE sos_alerts SET state = 'stopped', stopped_at_utc = ?"
        " WHERE alert_id = ? AND state = 'open'",
        (now_utc, alert_id),
    )
    return cursor.rowcount == 1


async def add_ask(connection: Connection, alert_id: int, helper_id: int, now_utc: int) -> bool:
    """The alert goes to `helper_id`; False if it already went."""
    cursor = await connection.execute(
        "INSERT OR IGNORE INTO sos_asks (alert_id, helper_id, asked_at_utc) VALUES (?, ?, ?)",
        (alert_id, helper_id, now_utc),
    )
    return cursor.rowcount == 1


async def asks(connection: Connection, alert_id: int) -> list[AskRow]:
    """Everyone the alert reached, first asked first."""
    rows = await fetch_all(
        connection,
        "SELECT helper_id, asked_at_utc, answer FROM sos_asks WHERE alert_id = ?"
        " ORDER BY asked_at_utc, rowid",
        (alert_id,),
    )
    return [AskRow(*tuple(row)) for row in rows]


async def answer_ask(
    connection: Connection, alert_id: int, helper_id: int, answer: str, now_utc: int
) -> bool:
    """Record a helper's answer; False if they were not asked."""
    cursor = await connection.execute(
        "UPDATE sos_asks SET answer = ?, answered_at_utc = ? WHERE alert_id = ? AND helper_id = ?",
        (answer, now_utc, alert_id, helper_id),
    )
    return cursor.rowcount == 1


# --- calls --------------------------------------------------------------------------------
async def log_call(
    connection: Connection, user_id: int, local_date: str, answer: str, now_utc: int
) -> None:
    """ "Did you reach Sam?" answered for a day (a later answer replaces an earlier one)."""
    await connection.execute(
        "INSERT INTO sponsor_calls (user_id, local_date, answer, answered_at_utc)"
        " VALUES (?, ?, ?, ?) ON CONFLICT(user_id, local_date) DO UPDATE SET"
        " answer = excluded.answer, answered_at_utc = excluded.answered_at_utc",
        (user_id, local_date, answer, now_utc),
    )


async def last_call(connection: Connection, user_id: int) -> str | None:
    """The last local date the person said they reached their sponsor."""
    row = await fetch_one(
        connection,
        "SELECT max(local_date) FROM sponsor_calls WHERE user_id = ? AND answer = 'yes'",
        (user_id,),
    )
    return None if row is None else row[0]
