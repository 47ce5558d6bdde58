"""The phrase banks in `bot/data/intents/`: one file per language (see FORMAT.md there).

Read once, on first use; a bank is data, not code, so a new language is a new file.
"""

from __future__ import annotations

import hashlib
import io
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import numpy as np
from numpy.typing import NDArray

from bot.domain.matcher import Example, Index, Weights
from bot.domain.wording import Language, LemmaTable, fold

LANGUAGES = ("en", "es", "pt_BR", "ru", "uk", "de")
SCRIPTS = {"en": "latin", "es": "latin", "pt_BR": "latin", "de": "latin",
           "ru": "cyrillic", "uk": "cyrillic"}  # fmt: skip
_DESCRIBING = {"negators", "contractions", "stopwords", "breaks", "habitual", "others"}


@dataclass(frozen=True)
class Bank:
    """One language's phrase bank, parsed."""

    code: str
    sections: dict[str, list[str]]


def parse_bank(code: str, text: str) -> Bank:
    """Sections of a bank file: `[name]` then one line each; `#` lines are comments."""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1].strip(), [])
        elif current is not None:
            current.append(line)
    return Bank(code, sections)


def _data(name: str) -> str | None:
    path = resources.files("bot.data").joinpath("intents", name)
    return path.read_text("utf-8") if path.is_file() else None


def parse_lemmas(text: str) -> LemmaTable:
    """`form<TAB>lemma` lines."""
    return LemmaTable(
        (form, lemma)
        for form, _, lemma in (line.partition("\t") for line in text.splitlines())
        if form and lemma
    )


def language_of(bank: Bank, lemmas: Mapping[str, str]) -> Language:
    """The wording rules a bank declares, with its lemma table."""
    sections = bank.sections
    contractions: dict[str, tuple[str, ...]] = {}
    for line in sections.get("contractions", []):
        form, _, expansion = line.partition("=")
        if form.strip() and expansion.strip():
            contractions[fold(form.strip())] = tuple(fold(expansion).split())

    def words(name: str) -> frozenset[str]:
        return frozenset(fold(word) for line in sections.get(name, []) for word in line.split())

    def phrases(name: str) -> dict[str, tuple[tuple[str, ...], ...]]:
        found = {tuple(fold(line).split()) for line in sections.get(name, []) if line.split()}
        by_first: dict[str, list[tuple[str, ...]]] = {}
        for phrase in sorted(found, key=len, reverse=True):  # the longest first
            by_first.setdefault(phrase[0], []).append(phrase)
        return {first: tuple(found) for first, found in by_first.items()}

    return Language(
        code=bank.code,
        habitual=phrases("habitual"),
        others=phrases("others"),
        negators=words("negators"),
        contractions=contractions,
        stopwords=words("stopwords"),
        breaks=words("breaks"),
        lemmas=lemmas,
    )


def examples_of(bank: Bank) -> list[Example]:
    """Every labelled example line of a bank."""
    return [
        Example(name, line)
        for name, lines in bank.sections.items()
        if name not in _DESCRIBING
        for line in lines
    ]


def bank_hash(code: str) -> str:
    """What an index and the learnt models were made from: the bank and its lemma table."""
    return _hash_of(_data(f"{code}.txt") or "", _data(f"lemmas_{code}.tsv") or "")


def _hash_of(bank: str, lemmas: str) -> str:
    digest = hashlib.sha256()
    for text in (bank, lemmas):
        digest.update(text.encode("utf-8"))
    return digest.hexdigest()[:16]


@cache
def index(code: str) -> Index | None:
    """The ready index of a language, or None when it has no bank: restored from the one
    `make lemmas` stored (`index_<lang>.npz`, the packed lemma table with it) when it was
    made from this bank, else built."""
    text = _data(f"{code}.txt")
    if text is None:
        return None
    bank = parse_bank(code, text)
    lemma_text = _data(f"lemmas_{code}.tsv") or ""
    examples = examples_of(bank)
    stored = stored_index(code)
    if (
        stored is not None
        and "lemma_names" in stored
        and stored_hash(stored) == _hash_of(text, lemma_text)
    ):
        return Index(language_of(bank, LemmaTable.restored(stored)), examples, stored)
    return Index(language_of(bank, parse_lemmas(lemma_text)), examples)


def stored_index(code: str) -> dict[str, NDArray[Any]] | None:
    """The arrays `make lemmas` stored for a language's index, if any."""
    path = resources.files("bot.data").joinpath("intents", f"index_{code}.npz")
    if not path.is_file():
        return None
    with np.load(io.BytesIO(path.read_bytes())) as stored:
        return {name: stored[name] for name in stored.files}


def stored_hash(stored: dict[str, NDArray[Any]]) -> str:
    """The bank hash a stored index was made from."""
    return bytes(stored["bank"].tobytes()).decode()


def indexes() -> list[Index]:
    """Every language's index (loads them all)."""
    return [found for code in LANGUAGES if (found := index(code)) is not None]


@dataclass(frozen=True)
class Values:
    """Words that carry a value beside the intent, in one language (`<lang>.values.txt`)."""

    units: dict[str, str]  # folded word -> day | week | month | year
    when: tuple[tuple[tuple[str, ...], str], ...]  # (folded words, English phrase), longest first
    keywords: dict[tuple[str, ...], str]  # folded words a command reads -> its English word


@cache
def values(code: str) -> Values:
    """A language's units and relapse days (empty when it has none)."""
    bank = parse_bank(code, _data(f"{code}.values.txt") or "")
    units = {
        fold(word): unit.strip()
        for line in bank.sections.get("units", [])
        for unit, _, words in [line.partition(":")]
        for word in words.split()
    }
    when = []
    for line in bank.sections.get("when", []):
        phrase, _, english = line.partition("=")
        if phrase.strip() and english.strip():
            when.append((tuple(fold(phrase).split()), english.strip()))
    when.sort(key=lambda item: -len(item[0]))
    keywords: dict[tuple[str, ...], str] = {}
    for line in bank.sections.get("keywords", []):
        english, _, natives = line.partition("=")
        for native in natives.split(","):
            if native.strip():
                keywords[tuple(fold(native).split())] = english.strip()
    return Values(units, tuple(when), keywords)


def english_when(text: str, code: str) -> str | None:
    """A whole date said in a language's own words ("anoche", "вчера вечером") as the
    English the date reader knows, or None."""
    words = tuple(fold(text).split())
    for phrase, english in values(code).when:
        if phrase == words:
            return english
    return None


# The intents with a learnt model beside the nearest examples (`<intent>_<lang>.tsv`).
MODELS = ("danger", "relapse", "use_now")


@dataclass(frozen=True)
class LearntModel:
    """A logistic regression learnt from a language's bank: this intent or not."""

    intent: str
    intercept: float
    weights: Weights  # by the index's feature number (`Index.weights_of`)
    learnt_from: str  # the bank's hash the weights were learnt from

    def logistic(self, margin: float) -> float:
        """The probability of a margin (`Index.margins`) with this model's weights."""
        value = self.intercept + margin
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, value))))


@cache
def model(intent: str, code: str) -> LearntModel | None:
    """A language's learnt model of an intent, or None when none was learnt: its weights as
    `make lemmas` stored them beside the index when they are of this very file (reading
    the 170,000 lines of the six languages' files took 0.8 s of a 1.1 s start), else read
    from the file."""
    text = _data(f"{intent}_{code}.tsv")
    found = index(code)
    if text is None or found is None:
        return None
    learnt_from = _learnt_from(text)
    stored = found.stored_model(intent, model_hash(text))
    if stored is not None:
        intercept, weights = stored
        return LearntModel(intent, intercept, weights, learnt_from)
    intercept, named, learnt_from = parse_learnt(text)
    return LearntModel(intent, intercept, found.weights_of(named), learnt_from)


def model_hash(text: str) -> str:
    """The hash a learnt file's stored weights are kept under."""
    return _hash_of(text, "")


def _learnt_from(text: str) -> str:
    """The bank hash a learnt file names in its header (`# bank <hash>`)."""
    found = re.search(r"^# bank (\S+)", text, re.MULTILINE)
    return found[1].rstrip(".") if found is not None else ""


def parse_learnt(text: str) -> tuple[float, dict[str, float], str]:
    """A learnt file's intercept, weights by name and the hash it names (`# bank <hash>`)."""
    intercept, weights, learnt_from = 0.0, {}, ""
    for line in text.splitlines():
        if line.startswith("# bank "):
            learnt_from = line.split()[2].rstrip(".")
        if not line or line.startswith("#"):
            continue
        feature, _, weight = line.rpartition("\t")
        if feature == "intercept":
            intercept = float(weight)
        else:
            weights[feature] = float(weight)
    return intercept, weights, learnt_from


@dataclass(frozen=True)
class Decision:
    """A logistic regression over named evidence the reader already has (what the learnt
    models and the closest examples say), learnt from every bank at once."""

    intercept: float
    weights: dict[str, float]
    learnt_from: str  # `banks_hash()` of the banks it was learnt from

    def probability(self, evidence: dict[str, float]) -> float:
        value = self.intercept + sum(
            weight * evidence.get(name, 0.0) for name, weight in self.weights.items()
        )
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, value))))


def banks_hash() -> str:
    """What a decision learnt from every bank was made from: each bank's `bank_hash`."""
    return hashlib.sha256(" ".join(bank_hash(code) for code in LANGUAGES).encode()).hexdigest()[
        :16
    ]


@cache
def decision(name: str) -> Decision | None:
    """A decision learnt from every bank (`<name>_decision.tsv`), or None when none was."""
    text = _data(f"{name}_decision.tsv")
    if text is None:
        return None
    return Decision(*parse_learnt(text))


def keywords_in_english(text: str, code: str) -> str:
    """A command's arguments with the words the bot reads said in English ("diario" →
    daily, "aus" → off, "por día" → per day); everything else as the person typed it."""
    keywords = values(code).keywords
    if not keywords:
        return text
    longest = max(len(phrase) for phrase in keywords)
    words = text.split()
    out: list[str] = []
    position = 0
    while position < len(words):
        for size in range(min(longest, len(words) - position), 0, -1):
            english = keywords.get(
                tuple(fold(" ".join(words[position : position + size])).split())
            )
            if english is not None:
                out.append(english)
                position += size
                break
        else:
            out.append(words[position])
            position += 1
    return " ".join(out)
