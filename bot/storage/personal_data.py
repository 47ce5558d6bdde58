"""SQL for a person's whole record: reading it for /export, removing it for /deleteme,
and the operator's counts (never names) for /stats."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from bot.storage.database import Connection, fetch_all, fetch_one
from bot.storage.sealing import opened

# What the export reads, section by section: (name, SQL with the user id as its parameter).
EXPORT_QUERIES: tuple[tuple[str, str], ...] = (
    ("profile", "SELECT user_id, first_name, alias, timezone, checkin_time, pledge_time,"
     " spend_amount, spend_currency, spend_period, created_at_utc FROM users"
     " WHERE user_id = ?"),
    ("streaks", "SELECT streak_id, clean_date, ended_on, created_at_utc FROM streaks"
     " WHERE user_id = ? ORDER BY clean_date, streak_id"),
    ("milestones", "SELECT a.streak_id, a.milestone_key, a.reached_on, a.celebrated"
     " FROM milestone_awards a JOIN streaks s ON s.streak_id = a.streak_id"
     " WHERE s.user_id = ? ORDER BY a.reached_on, a.milestone_key"),
    ("check_ins", "SELECT local_date, mood, craving, question_id, answered_at_utc FROM check_ins"
     " WHERE user_id = ? ORDER BY local_date"),
    ("notes", "SELECT local_date, text, text_sealed, created_at_utc FROM journal_notes"
     " WHERE user_id = ? AND kept = 1 ORDER BY local_date, created_at_utc, note_id"),
    ("goals", "SELECT goal_id, title, title_sealed, reason, reason_sealed, kind, target,"
     " period_kind, period_start,"
     " period_end, repeats, state, created_at_utc FROM goals WHERE user_id = ?"
     " ORDER BY goal_id"),
    ("goal_progress", "SELECT p.goal_id, p.local_date, p.source FROM goal_progress p"
     " JOIN goals g ON g.goal_id = p.goal_id WHERE g.user_id = ? ORDER BY p.goal_id,"
     " p.local_date"),
    ("reminders", "SELECT reminder_id, text, text_sealed, at_time, repeat, ends_on, goal_id,"
     " active,"
     " purpose FROM reminders WHERE user_id = ? AND deleted_at_utc IS NULL"
     " ORDER BY reminder_id"),
    ("sponsor", "SELECT name, name_sealed, username, username_sealed FROM sponsors"
     " WHERE user_id = ?"),
    ("pledges", "SELECT local_date, committed_at_utc FROM pledges WHERE user_id = ?"
     " ORDER BY local_date"),
    ("reasons", "SELECT text, text_sealed, created_at_utc FROM reasons WHERE user_id = ?"
     " ORDER BY reason_id"),
    ("notes_to_future_me", "SELECT written_at_key, text, text_sealed, created_at_utc,"
     " shown_at_utc"
     " FROM future_notes WHERE user_id = ? ORDER BY note_id"),
    ("groups", "SELECT g.title, m.joined, m.updated_at_utc FROM memberships m"
     " JOIN groups g ON g.group_id = m.group_id WHERE m.user_id = ? ORDER BY g.title"),
    ("linked_people", "SELECT u.first_name AS name, l.role, l.share_milestones, l.share_calls,"
     " l.created_at_utc FROM links l JOIN users u ON u.user_id = l.helper_id"
     " WHERE l.person_id = ? ORDER BY l.created_at_utc"),
    ("people_who_linked_me", "SELECT coalesce(u.alias, u.first_name) AS name, l.role,"
     " l.created_at_utc FROM links l JOIN users u ON u.user_id = l.person_id"
     " WHERE l.helper_id = ? ORDER BY l.created_at_utc"),
    ("link_invitations", "SELECT role, state, created_at_utc, expires_at_utc"
     " FROM link_invitations WHERE inviter_id = ? ORDER BY invitation_id"),
    ("sos_alerts", "SELECT alert_id, state, created_at_utc, stopped_at_utc FROM sos_alerts"
     " WHERE person_id = ? ORDER BY alert_id"),
    ("sos_answers_given", "SELECT alert_id, answer, asked_at_utc, answered_at_utc"
     " FROM sos_asks WHERE helper_id = ? ORDER BY alert_id"),
    ("sponsor_calls", "SELECT local_date, answer, answered_at_utc FROM sponsor_calls"
     " WHERE user_id = ? ORDER BY local_date"),
)  # fmt: skip


async def read_all(connection: Connection, user_id: int) -> dict[str, list[dict[str, Any]]]:
    """Every section of the person's record, as rows of named columns."""
    found: dict[str, list[dict[str, Any]]] = {}
    for name, sql in EXPORT_QUERIES:
        rows = await fetch_all(connection, sql, (user_id,))
        found[name] = [await _in_plain(connection, user_id, row) for row in rows]
    return found


async def _in_plain(connection: Connection, user_id: int, row: sqlite3.Row) -> dict[str, Any]:
    """A row with its sealed text opened: the person gets their own words back."""
    columns = dict(zip(row.keys(), tuple(row), strict=True))
    for name in [key for key in columns if key.endswith("_sealed")]:
        plain = name.removesuffix("_sealed")
        columns[plain] = await opened(connection, user_id, row, plain)
        del columns[name]
    return columns


@dataclass(frozen=True)
class Erased:
    """What /deleteme removed, and the group posts still young enough to delete."""

    counts: dict[str, int]
    group_posts: list[tuple[int, int]]  # (chat id, message id)


async def erase(connection: Connection, user_id: int, posts_since_utc: int) -> Erased:
    """Every row about the person, in the caller's transaction.

    The users row cascades to streaks (and their awards and notes), check-ins, journal,
    goals (and progress), reminders, sponsor, memberships, announcements (and claps on
    them), reasons, pledges, chips, links either way (and their invitations, SOS alerts and
    answers) and logged calls. What refers to the person without a foreign key is
    removed here: their outbox messages, stored updates, invitations and claps on others'
    milestones (those counts go down by one).
    """
    counts = {}
    for name, sql in _COUNTS:
        row = await fetch_one(connection, sql, (user_id,) * sql.count("?"))
        counts[name] = int(row[0]) if row else 0
    posts = await fetch_all(
        connection,
        "SELECT g.chat_id, a.message_id FROM announcements a JOIN groups g"
        " ON g.group_id = a.group_id WHERE a.user_id = ? AND a.message_id IS NOT NULL"
        " AND a.created_at_utc >= ? AND g.is_active = 1",
        (user_id, posts_since_utc),
    )
    await connection.execute(
        "UPDATE announcements SET claps = claps - 1 WHERE announcement_id IN"
        " (SELECT announcement_id FROM claps WHERE user_id = ?)",
        (user_id,),
    )
    for sql in _WITHOUT_FOREIGN_KEY:
        await connection.execute(sql, (user_id,) * sql.count("?"))
    await connection.execute("DELETE FROM users WHERE user_id = ?", (user_id,))
    return Erased(counts, [(row[0], row[1]) for row in posts])


_COUNTS = (
    ("clean-time streaks", "SELECT count(*) FROM streaks WHERE user_id = ?"),
    ("check-ins", "SELECT count(*) FROM check_ins WHERE user_id = ?"),
    ("journal notes", "SELECT count(*) FROM journal_notes WHERE user_id = ?"),
    ("goals", "SELECT count(*) FROM goals WHERE user_id = ?"),
    ("reminders", "SELECT count(*) FROM reminders WHERE user_id = ?"),
    ("reasons", "SELECT count(*) FROM reasons WHERE user_id = ?"),
    ("pledges", "SELECT count(*) FROM pledges WHERE user_id = ?"),
    ("group memberships", "SELECT count(*) FROM memberships WHERE user_id = ?"),
    ("group announcements", "SELECT count(*) FROM announcements WHERE user_id = ?"),
    ("queued messages", "SELECT count(*) FROM outbox WHERE (chat_id = ? OR user_id = ?)"
     " AND state IN ('pending', 'sending')"),
)  # fmt: skip
_WITHOUT_FOREIGN_KEY = (
    "DELETE FROM outbox WHERE chat_id = ? OR user_id = ?",
    "DELETE FROM inbox WHERE user_id = ?",
    "DELETE FROM invitations WHERE user_id = ?",
    "DELETE FROM claps WHERE user_id = ?",
    "DELETE FROM schedules WHERE user_id = ?",
)


async def tables_mentioning(connection: Connection, value: int) -> list[str]:
    """Tables with any column equal to `value` (tests use this to prove a deletion)."""
    tables = [
        row[0]
        for row in await fetch_all(
            connection,
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        )
    ]
    found = []
    for table in tables:
        columns = [row[1] for row in await fetch_all(connection, f"PRAGMA table_info({table})")]
        where = " OR ".join(f'"{column}" = ?' for column in columns)
        row = await fetch_one(
            connection,
            f"SELECT EXISTS(SELECT 1 FROM {table} WHERE {where})",
            [value] * len(columns),
        )
        if row is not None and row[0]:
            found.append(table)
    return found


@dataclass(frozen=True)
class Counts:
    """The operator's view: counts only, never names."""

    people: int
    active_7_days: int
    groups: int
    check_ins_today: int
    outbox_backlog: int
    oldest_unsent_seconds: int | None


async def counts(connection: Connection, now_utc: int, today: str) -> Counts:
    """How the bot is doing, in numbers."""

    async def one(sql: str, *parameters: object) -> int | None:
        row: sqlite3.Row | None = await fetch_one(connection, sql, parameters)
        return None if row is None or row[0] is None else int(row[0])

    oldest = await one(
        "SELECT min(created_at_utc) FROM outbox WHERE state IN ('pending', 'sending')"
    )
    return Counts(
        people=await one("SELECT count(*) FROM users") or 0,
        active_7_days=await one(
            "SELECT count(*) FROM users WHERE last_seen_at_utc >= ?", now_utc - 7 * 86400
        ) or 0,
        groups=await one("SELECT count(*) FROM groups WHERE is_active = 1") or 0,
        check_ins_today=await one(
            "SELECT count(*) FROM check_ins WHERE local_date = ? AND answered_at_utc IS NOT NULL",
            today,
        ) or 0,
        outbox_backlog=await one(
            "SELECT count(*) FROM outbox WHERE state IN ('pending', 'sending')"
        ) or 0,
        oldest_unsent_seconds=None if oldest is None else now_utc - oldest,
    )  # fmt: skip
