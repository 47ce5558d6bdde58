"""The labelled tables in `tests/data/intents_<lang>.tsv`, and recall/precision over them.

Each table was split once, at random, into a tuning part and a held-out part; nothing in
a phrase bank is written to make a held-out line pass. The report is `make bench`'s.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bot.domain.intents import Intent, read_message

DATA = Path(__file__).parent / "data"
LANGUAGES = ("en", "es", "pt_BR", "ru", "uk", "de")
GOALS = [
    (1, "go to 3 meetings this week"),
    (2, "call my sponsor every evening for 7 days"),
    (3, "walk 20 min 5 times in 2 weeks"),
    (4, "journal every night"),
    (5, "meditate 10 minutes every morning"),
]
# What a reading counts as against a label: progress without a goal of theirs is a win.
_SAME = {"progress": {"progress"}, "win": {"win", "progress"}}


@dataclass(frozen=True)
class Row:
    split: str
    label: str
    text: str


def rows(language: str) -> list[Row]:
    path = DATA / f"intents_{language}.tsv"
    if not path.is_file():
        return []
    found = []
    for line in path.read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        split, label, text = line.split("\t", 2)
        found.append(Row(split, label, text))
    return found


def read(row: Row, language: str) -> str:
    return read_message(row.text, GOALS, (language, "en")).intent.value


def matches(label: str, got: str) -> bool:
    return got in _SAME.get(label, {label})


@dataclass(frozen=True)
class Report:
    per_intent: dict[str, tuple[float, float, int]]  # recall, precision, support
    misses: list[tuple[str, str, str]]  # label, got, text
    negatives_as_danger: list[str]
    negatives_as_relapse: list[str]


def report(language: str, split: str) -> Report:
    selected = [row for row in rows(language) if row.split == split]
    got = [(row, read(row, language)) for row in selected]
    support = Counter(row.label for row in selected)
    hits: Counter[str] = Counter()
    predicted: Counter[str] = Counter()
    correct_predicted: Counter[str] = Counter()
    misses = []
    for row, reading in got:
        predicted[reading] += 1
        if matches(row.label, reading):
            hits[row.label] += 1
            correct_predicted[reading] += 1
        else:
            misses.append((row.label, reading, row.text))
    labels = sorted(set(support) | set(predicted))
    per_intent = {
        label: (
            hits[label] / support[label] if support[label] else float("nan"),
            correct_predicted[label] / predicted[label] if predicted[label] else float("nan"),
            support[label],
        )
        for label in labels
    }
    urgent_like = {"danger"}
    negatives_as_danger = [
        row.text for row, reading in got if reading == "danger" and row.label not in urgent_like
    ]
    negatives_as_relapse = [
        row.text
        for row, reading in got
        if reading == "relapse" and row.label not in {"relapse", "danger", "use_now"}
    ]
    return Report(per_intent, misses, negatives_as_danger, negatives_as_relapse)


@dataclass(frozen=True)
class ProbeReport:
    danger_found: int
    danger: int
    safe_as_danger: int
    safe: int


def probe_report(language: str, kind: str) -> ProbeReport:
    """Danger found, and harmless lines read as danger, on one kind of the probes in
    `tests/data/probes_<lang>.tsv`: written apart from the banks by people who never saw
    them, and never tuned on (`mixed`: danger told with drinking or using, and relapses
    or cravings in the same strong words; `multi`: several sentences, one of them danger
    or none; `short`: mostly one to ten words, indirect danger or everyday recovery talk in
    the same words; `judge`: 80 danger and 80 harmless lines of every length, the judges of
    session 8's bank rounds)."""
    path = DATA / f"probes_{language}.tsv"
    counts: Counter[tuple[str, bool]] = Counter()
    for line in path.read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        found_kind, label, text = line.split("\t", 2)
        if found_kind == kind:
            said = read(Row(kind, label, text), language) == "danger"
            counts[label, said] += 1
    return ProbeReport(
        counts["danger", True],
        counts["danger", True] + counts["danger", False],
        counts["safe", True],
        counts["safe", True] + counts["safe", False],
    )


PROBE_KINDS = ("mixed", "multi", "short", "judge")


def every_intent() -> list[str]:
    return [intent.value for intent in Intent]
