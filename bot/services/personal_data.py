"""The person's data is theirs: /export (JSON, or CSV for spreadsheets) and /deleteme.
And the operator's /stats: counts, never names."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Awaitable, Callable
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from bot import i18n, texts
from bot.clock import Clock, epoch_seconds
from bot.domain.goals import title_without_reason
from bot.services.people import People, Person
from bot.storage import personal_data
from bot.storage.database import Connection, Database
from bot.storage.personal_data import Counts, Erased

# 2: every time ISO 8601 UTC (`created_at`, not `created_at_utc` epochs); a check-in's
# question beside its id; a goal's title without its reason; CSV files with a UTF-8 BOM.
EXPORT_SCHEMA_VERSION = 2
# Telegram lets a bot delete its own group messages for 48 hours.
DELETABLE_SECONDS = 48 * 3600


class PersonalData:
    """Export, delete, count."""

    def __init__(self, db: Database, clock: Clock, people: People) -> None:
        self._db = db
        self._clock = clock
        self._people = people
        # Inside the erasing transaction, first: the people linked either way are told.
        self.before_erase: Callable[[Connection, Person], Awaitable[None]] | None = None

    async def _record(self, person: Person) -> dict[str, list[dict[str, Any]]]:
        """The person's rows, as schema 2 shows them: times ISO 8601 UTC, a goal's title
        without its reason, a check-in's question beside its id."""
        record = await personal_data.read_all(self._db.reader, person.user_id)
        shown = {name: [_times(row) for row in rows] for name, rows in record.items()}
        for goal in shown["goals"]:
            goal["title"] = title_without_reason(goal["title"] or "")
        with i18n.speaking(person.language):
            for check_in in shown["check_ins"]:
                check_in["question"] = _question(check_in.get("question_id"))
        return shown

    async def document(self, person: Person) -> dict[str, Any]:
        """Everything stored about the person, as one JSON-ready document."""
        record = await self._record(person)
        notes_by_day: dict[str, list[dict[str, Any]]] = {}
        for note in record.pop("notes"):
            notes_by_day.setdefault(note["local_date"], []).append(
                {"text": note["text"], "written_at": note["created_at"]}
            )
        check_ins = {row["local_date"]: {**row, "notes": []} for row in record["check_ins"]}
        for day, notes in notes_by_day.items():
            entry = check_ins.setdefault(
                day, {"local_date": day, "mood": None, "craving": None, "question_id": None,
                      "question": None, "answered_at": None, "notes": []},
            )  # fmt: skip
            entry["notes"] = notes
        progress: dict[int, list[str]] = {}
        for row in record.pop("goal_progress"):
            progress.setdefault(row["goal_id"], []).append(row["local_date"])
        goals = [
            {**goal, "progress": progress.get(goal["goal_id"], [])} for goal in record["goals"]
        ]
        profile = record["profile"][0] if record["profile"] else {}
        return {
            "schema_version": EXPORT_SCHEMA_VERSION,
            "generated_at": _iso(epoch_seconds(self._clock)),
            "profile": profile,
            "streaks": record["streaks"],
            "milestones": record["milestones"],
            "check_ins": [check_ins[day] for day in sorted(check_ins)],
            "goals": goals,
            "reminders": record["reminders"],
            "sponsor": record["sponsor"][0] if record["sponsor"] else None,
            "pledges": record["pledges"],
            "reasons": record["reasons"],
            "notes_to_future_me": record["notes_to_future_me"],
            "groups": record["groups"],
            "linked_people": record["linked_people"],
            "people_who_linked_me": record["people_who_linked_me"],
            "link_invitations": record["link_invitations"],
            "sos_alerts": record["sos_alerts"],
            "sos_answers_given": record["sos_answers_given"],
            "sponsor_calls": record["sponsor_calls"],
        }

    async def export_json(self, person: Person) -> bytes:
        """The document as a UTF-8 JSON file."""
        document = await self.document(person)
        return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")

    async def export_csv(self, person: Person) -> bytes:
        """A zip of CSV files, one per section, for spreadsheets."""
        record = await self._record(person)
        output = io.BytesIO()
        with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, rows in record.items():
                text = io.StringIO()
                columns = list(rows[0]) if rows else ["(empty)"]
                writer = csv.DictWriter(text, fieldnames=columns)
                writer.writeheader()
                writer.writerows(rows)
                # With a BOM, Excel reads the file as UTF-8 (accents, Cyrillic, emoji).
                archive.writestr(f"{name}.csv", "\ufeff" + text.getvalue())
        return output.getvalue()

    async def erase(self, person: Person) -> Erased:
        """Every row about the person. Their data key goes first, in a commit of its own:
        from then on nothing they wrote can be read from any copy (the WAL, a backup, a
        replica). Then the rows, overwritten as they go (secure_delete), and the WAL is
        folded in and cut to nothing."""
        since = epoch_seconds(self._clock) - DELETABLE_SECONDS
        assert self._db.keyring is not None
        self._db.keyring.shred(person.user_id)
        async with self._db.transaction() as tx:
            if self.before_erase is not None:
                await self.before_erase(tx, person)
            erased = await personal_data.erase(tx, person.user_id, since)
        self._people.forget_touch(person.user_id)
        await self._db.checkpoint()
        return erased

    async def counts(self) -> Counts:
        """The operator's numbers."""
        now = self._clock.now()
        return await personal_data.counts(
            self._db.reader, epoch_seconds(self._clock), now.date().isoformat()
        )


def _iso(epoch: int | None) -> str | None:
    """An epoch second as ISO 8601 UTC: `2026-11-25T12:00:00Z`."""
    if epoch is None:
        return None
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _times(row: dict[str, Any]) -> dict[str, Any]:
    """`created_at_utc: 1796148049` → `created_at: "2026-…Z"`, for every time column."""
    return {
        (key.removesuffix("_utc") if key.endswith("_at_utc") else key): (
            _iso(value) if key.endswith("_at_utc") else value
        )
        for key, value in row.items()
    }


def _question(question_id: int | None) -> str | None:
    """The journaling question a check-in asked, in the person's language."""
    if question_id is None:
        return None
    questions = texts.JOURNAL_QUESTIONS
    return questions[question_id % len(questions)]


__all__ = ["Counts", "Erased", "PersonalData", "asdict"]
