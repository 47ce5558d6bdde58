"""Nearest labelled examples: a message scored against a phrase bank. Pure: no I/O.

Each example and each message becomes a weighted bag of features — lemmas, pairs of
neighbouring lemmas, and letter triples of longer words (typos, endings the lemma table
does not know) — weighted by how rare a feature is in the bank (tf-idf) and normalised,
so the score of a message against an example is their cosine. An intent's score is that
of its closest example. The decision (which intent wins) is `intents.py`'s. The postings
are numpy arrays: one message against every example of a bank takes a few vector
operations (about 0.2 ms), where a loop over them in Python took five times as long.
"""

from __future__ import annotations

import itertools
import math
import sys
import zlib
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

from bot.domain.wording import HABITUAL, NEGATED, SOMEONE_ELSE, Language, clauses, lemma_words

MARKS = NEGATED + HABITUAL + SOMEONE_ELSE

_PAIR_WEIGHT = 1.0
_TRIPLE_WEIGHT = 0.25
_MIN_TRIPLE_WORD = 5
_UNSEEN_SHARE = 1.0  # a word no example has weighs as much as a rare one
_COMMON_SHARE = 0.03  # a feature in more than this share of examples is too common to count
_MIN_COMMON = 10
_INDICATIVE_SHARE = 0.5
_SHARPNESS = 1.5  # idf to this power: words most examples share say almost nothing
# The learnt models also read letter runs of 3 to 5 (of each word with its edges), hashed
# into this many buckets: five-fold on the banks they find 3–5 points more danger lines for
# the same false alarms ("sewerslide", "od'd", endings the lemma table does not know).
GRAM_BUCKETS = 1 << 16
_GRAM_SIZES = (3, 4, 5)


@dataclass(frozen=True)
class Example:
    """One labelled message of a bank: `label` is an intent, or `not <intent>`."""

    label: str
    text: str


def features(words: Sequence[str]) -> dict[str, float]:
    """Raw feature counts of a lemmatised message."""
    counted: dict[str, float] = defaultdict(float)
    for word in words:
        counted[word] += 1.0
        plain = word.lstrip(MARKS)
        if len(plain) >= _MIN_TRIPLE_WORD:
            marked = f"<{plain}>"
            sign = word[: len(word) - len(plain)]
            for start in range(len(marked) - 2):
                counted[f"{sign}#{marked[start : start + 3]}"] += _TRIPLE_WEIGHT
    for first, second in itertools.pairwise(words):
        counted[f"{first} {second}"] += _PAIR_WEIGHT
    return counted


def _word_grams(word: str) -> tuple[int, ...]:
    marked = f"<{word}>".encode()
    return tuple(
        zlib.crc32(marked[start : start + size]) & (GRAM_BUCKETS - 1)
        for size in _GRAM_SIZES
        for start in range(len(marked) - size + 1)
    )


@lru_cache(maxsize=4096)  # people reuse their words: each one's runs are worked out once
def _cached_grams(word: str) -> array[int]:
    return array("H", _word_grams(word))  # GRAM_BUCKETS is 2**16: two bytes a bucket


def gram_counts(text: str) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """The message's letter runs of 3 to 5 (of each word with its edges), by bucket (a
    stable hash: crc32), and how often each occurs."""
    words = (word for clause in clauses(text) for word in clause)
    counted = Counter(itertools.chain.from_iterable(_cached_grams(word) for word in words))
    size = len(counted)
    return (
        np.fromiter(counted.keys(), np.int64, size),
        np.fromiter(counted.values(), np.int64, size),
    )


_SEPARATE = "\x01"
# A learnt model's weights that are not zero: their numbers (sorted) and values.
Weights = tuple[NDArray[np.int32], NDArray[np.float32]]


def _pack(strings: Sequence[str]) -> NDArray[np.uint8]:
    """Strings as one array of UTF-8 bytes, NUL between them."""
    return np.frombuffer("\x00".join(strings).encode(), np.uint8)


def _unpack(packed: NDArray[Any]) -> list[str]:
    text = packed.tobytes().decode()
    return text.split("\x00") if text else []


def _unit(values: NDArray[np.float64]) -> NDArray[np.float64]:
    norm = math.sqrt(float(values @ values))
    return values / norm if norm else values


@dataclass(frozen=True)
class _Known:
    """A message's features (`bag`), the numbers and counts of those an index keeps, and
    the weight in its norm of those it never saw."""

    text: str
    bag: dict[str, float]
    numbers: NDArray[np.int64]
    counts: NDArray[np.float64]
    unknown: float


class Index:
    """A bank's examples in one language, ready to score messages against."""

    def __init__(
        self,
        language: Language,
        examples: Iterable[Example],
        stored: Mapping[str, NDArray[Any]] | None = None,
    ) -> None:
        """The index of a bank: built from its examples, or restored from what `arrays`
        gave when it was built (`make lemmas` stores it; loading takes a tenth the time)."""
        self.language = language
        self.examples = list(examples)
        self._last = _Known("", {}, np.zeros(0, np.int64), np.zeros(0), 0.0)
        self._join: tuple[tuple[Weights, ...], tuple[NDArray[np.int32], NDArray[np.float32]]] = (
            (),
            (np.zeros(0, np.int32), np.zeros((0, 0), np.float32)),
        )
        if stored is None:
            self._build()
        else:
            self._restore(stored)
        # Derived, for `scores`: each feature's postings count, each label's example count,
        # and the hard negatives by position.
        self._lengths = np.diff(self._starts)
        self._label_sizes = np.diff(self._label_starts, append=len(self.examples))
        self._negative_at = np.flatnonzero(self._negative)

    def _build(self) -> None:
        self._models: dict[str, NDArray[Any]] = {}
        language = self.language
        bags = [features(lemma_words(example.text, language)) for example in self.examples]
        documents = len(bags) or 1
        frequency: dict[str, int] = defaultdict(int)
        by_label: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for example, bag in zip(self.examples, bags, strict=True):
            for feature in bag:
                frequency[feature] += 1
                by_label[feature][example.label] += 1
        # A feature many examples of many kinds share ("i", "the", "today") says nothing
        # and costs the most to score (its postings list is the longest): it is left out.
        # One that is frequent because one intent uses it ("die", "drank") stays.
        common = max(_MIN_COMMON, int(documents * _COMMON_SHARE))
        kept = [
            f
            for f, n in frequency.items()
            if n <= common or max(by_label[f].values()) >= n * _INDICATIVE_SHARE
        ]
        # Every kept feature gets a number; its idf and postings live in flat numpy arrays
        # by that number (the postings as one CSR matrix: examples and weights of feature
        # n from `_starts[n]` to `_starts[n + 1]`), so a message is scored against every
        # example in a few vector operations.
        self._ids = {sys.intern(f): number for number, f in enumerate(kept)}
        self._features = [sys.intern(f) for f in kept]
        self._idf = np.array(
            [math.log((1 + documents) / (1 + frequency[f])) + 1.0 for f in kept], np.float64
        )
        self._sharp = self._idf**_SHARPNESS
        self._documents = documents
        self._unseen_idf = math.log(1 + documents) + 1.0
        self._common = frozenset(f for f in frequency if f not in self._ids)
        numbers: list[int] = []
        positions: list[int] = []
        weights: list[float] = []
        for position, bag in enumerate(bags):
            found = [(n, count) for f, count in bag.items() if (n := self._ids.get(f)) is not None]
            row = np.array([count for _, count in found]) * self._sharp[[n for n, _ in found]]
            row /= math.sqrt(float(row @ row)) or 1.0
            numbers.extend(n for n, _ in found)
            positions.extend([position] * len(found))
            weights.extend(row.tolist())
        by_feature = np.argsort(np.array(numbers, np.int32), kind="stable")
        self._positions = np.array(positions, np.int32)[by_feature]
        self._weights = np.array(weights, np.float32)[by_feature]
        self._starts = np.zeros(len(kept) + 1, np.int64)
        self._starts[1:] = np.cumsum(np.bincount(np.array(numbers, np.int64), minlength=len(kept)))
        self._indicative = _indicative_features(self.examples, bags)
        self._labels = sorted({example.label for example in self.examples})
        label_of = {label: number for number, label in enumerate(self._labels)}
        numbered = np.array([label_of[example.label] for example in self.examples], np.int32)
        # Examples in label order, for each label's best in one pass (`np.maximum.reduceat`).
        self._label_order = np.argsort(numbered, kind="stable")
        self._label_starts = np.searchsorted(
            numbered[self._label_order], np.arange(len(self._labels))
        )
        self._negative = np.array([label.startswith("not ") for label in self._labels])[numbered]
        # Letter runs for the learnt models: idf by bucket, 0 for a bucket fewer than two
        # examples have (it says nothing the model could have learnt).
        seen = np.zeros(GRAM_BUCKETS, np.int32)
        for example in self.examples:
            seen[gram_counts(example.text)[0]] += 1
        self._gram_idf = np.where(
            seen >= 2, np.log((1 + documents) / (1 + seen)) + 1.0, 0.0
        ).astype(np.float32)

    def arrays(self) -> dict[str, NDArray[Any]]:
        """Everything the index computed, as arrays (for `numpy.savez`)."""
        indicative = [
            _SEPARATE.join((label, *sorted(wanted))) for label, wanted in self._indicative.items()
        ]
        return {
            "features": _pack(self._features),
            "idf": self._idf,
            "documents": np.array(self._documents, np.int64),
            "common": _pack(sorted(self._common)),
            "starts": self._starts,
            "positions": self._positions,
            "weights": self._weights,
            "indicative": _pack(indicative),
            "labels": _pack(self._labels),
            "label_order": self._label_order,
            "label_starts": self._label_starts,
            "negative": self._negative,
            "gram_idf": self._gram_idf,
        }

    def _restore(self, stored: Mapping[str, NDArray[Any]]) -> None:
        self._models = {name: stored[name] for name in stored if name.startswith("model_")}
        self._features = [sys.intern(f) for f in _unpack(stored["features"])]
        self._ids = {f: number for number, f in enumerate(self._features)}
        self._idf = stored["idf"].astype(np.float64)
        self._sharp = self._idf**_SHARPNESS
        self._documents = int(stored["documents"])
        self._unseen_idf = math.log(1 + self._documents) + 1.0
        self._common = frozenset(_unpack(stored["common"]))
        self._starts = stored["starts"]
        self._positions = stored["positions"]
        self._weights = stored["weights"]
        self._indicative = {
            label: frozenset(wanted)
            for label, *wanted in (
                entry.split(_SEPARATE) for entry in _unpack(stored["indicative"])
            )
        }
        self._labels = _unpack(stored["labels"])
        self._label_order = stored["label_order"]
        self._label_starts = stored["label_starts"]
        self._negative = stored["negative"]
        self._gram_idf = stored["gram_idf"]
        if len(self._negative) != len(self.examples):
            raise ValueError("the stored index is of another bank")

    def stored_model(self, intent: str, learnt_hash: str) -> tuple[float, Weights] | None:
        """A learnt model's intercept and weights as stored with the index
        (`learnt_arrays`), when they were stored from the file whose hash is given."""
        prefix = f"model_{intent}_"
        kept = self._models.get(f"{prefix}hash")
        if kept is None or _unpack(kept) != [learnt_hash]:
            return None
        numbers, values = self._models[f"{prefix}numbers"], self._models[f"{prefix}values"]
        return float(self._models[f"{prefix}intercept"]), (numbers, values)

    def indicative(self, text: str, label: str) -> bool:
        """Whether the message holds a word or word pair that the bank uses mostly for
        `label` (its own evidence, beyond words every message shares)."""
        wanted = self._indicative.get(label)
        if wanted is None:
            return True
        return any(feature in wanted for feature in self._bag(text))

    def _bag(self, text: str) -> dict[str, float]:
        """A message's features (the last one is kept: it is asked for twice in a row)."""
        return self._known(text).bag

    def _known(self, text: str) -> _Known:
        """A message's features, and those the index keeps by number (for the last message:
        the examples and the models read the same)."""
        if self._last.text != text:
            bag = features(lemma_words(text, self.language))
            numbers: list[int] = []
            counts: list[float] = []
            unknown = 0.0
            # Words the bank never saw count in the norm: an unknown message is far away.
            unseen = (self._unseen_idf * _UNSEEN_SHARE) ** _SHARPNESS
            for f, count in bag.items():
                number = self._ids.get(f)
                if number is not None:
                    numbers.append(number)
                    counts.append(count)
                elif f not in self._common:
                    unknown += (count * unseen) ** 2
            at = np.array(numbers, np.int64)
            self._last = _Known(text, bag, at, np.array(counts, np.float64), unknown)
        return self._last

    def vector(self, text: str) -> dict[str, float]:
        """What the learnt models read, as named features: the message's tf-idf weights
        (unit length) and its letter runs (`$<bucket>`, unit length), side by side."""
        lemmas, grams = self._learnt_parts(text)
        parts = (1 if len(lemmas[0]) else 0) + (1 if len(grams[0]) else 0)
        scale = 1.0 / math.sqrt(parts) if parts else 1.0
        named = {
            self._features[number]: float(weight) * scale
            for number, weight in zip(lemmas[0].tolist(), lemmas[1], strict=True)
        }
        named.update(
            (f"${bucket}", float(weight) * scale)
            for bucket, weight in zip(grams[0].tolist(), grams[1], strict=True)
        )
        return named

    def _learnt_parts(
        self, text: str
    ) -> tuple[
        tuple[NDArray[np.int64], NDArray[np.float64]],
        tuple[NDArray[np.int64], NDArray[np.float64]],
    ]:
        """Feature numbers and unit weights of the message's lemmas, and buckets and unit
        weights of its letter runs (sublinear counts)."""
        known = self._known(text)
        numbers = known.numbers
        lemma_weights = _unit(known.counts * self._idf[numbers])
        buckets, counts = gram_counts(text)
        gram_weights = (1.0 + np.log(counts.astype(np.float64))) * self._gram_idf[buckets]
        kept = gram_weights > 0.0
        return (numbers, lemma_weights), (buckets[kept], _unit(gram_weights[kept]))

    def weights_of(self, weights: dict[str, float]) -> Weights:
        """A learnt model's weights that are not zero, by number: a feature's number, then
        `len(features)` plus a letter-run bucket (features the index does not keep can
        never be in a message's vector). Sparse: most of the 65,536 buckets weigh nothing,
        and a dense array per model and language took 6 MB."""
        by_number: dict[int, float] = {}
        for feature, weight in weights.items():
            if feature.startswith("$") and feature[1:].isdigit():
                by_number[len(self._ids) + int(feature[1:])] = weight
            elif (number := self._ids.get(feature)) is not None:
                by_number[number] = weight
        numbers = sorted(by_number)
        return (
            np.array(numbers, np.int32),
            np.array([by_number[number] for number in numbers], np.float32),
        )

    def margins(self, text: str, *models: Weights) -> list[float]:
        """The dot product of what the models read (`vector`) with each model's weights
        (`weights_of`)."""
        (numbers, lemma_weights), (buckets, gram_weights) = self._learnt_parts(text)
        if not len(numbers):
            # No word the bank knows ("and", "hmm"): letter runs alone are no evidence.
            return [0.0 for _ in models]
        known, values = self._joined(models)
        if not len(known):
            return [0.0 for _ in models]
        parts = 2 if len(buckets) else 1
        at = np.concatenate([numbers, buckets + len(self._ids)])
        row = np.concatenate([lemma_weights, gram_weights]) / math.sqrt(parts)
        spots = np.minimum(np.searchsorted(known, at), len(known) - 1)
        hit = known[spots] == at
        return [float(margin) for margin in row[hit] @ values[spots[hit]].astype(np.float64)]

    def _joined(self, models: Sequence[Weights]) -> tuple[NDArray[np.int32], NDArray[np.float32]]:
        """The models' weights side by side: every number any of them weighs, and a column
        per model (0 where it weighs nothing), so all are read in one lookup. Kept for the
        models last asked for (they are the same every time)."""
        if len(self._join[0]) == len(models) and all(
            mine is theirs for mine, theirs in zip(self._join[0], models, strict=True)
        ):
            return self._join[1]
        known = np.unique(np.concatenate([np.zeros(0, np.int32), *(n for n, _ in models)]))
        values = np.zeros((len(known), len(models)), np.float32)
        for column, (numbers, weights) in enumerate(models):
            values[np.searchsorted(known, numbers), column] = weights
        self._join = (tuple(models), (known, values))
        return known, values

    def scores(
        self, text: str, skip: int | Sequence[int] | None = None
    ) -> dict[str, tuple[float, int]]:
        """Each label's best cosine with the message, and which example gave it (`skip`:
        examples left out, to measure the bank on its own lines)."""
        known = self._known(text)
        at = known.numbers
        if not len(at):
            return {}
        weighted = known.counts * self._sharp[at]
        norm = math.sqrt(float(weighted @ weighted) + known.unknown) or 1.0
        lengths = self._lengths[at]
        # Every posting of the message's features in one gather (numpy calls, not their
        # work, are most of the cost here): the k-th posting of a feature is its start + k.
        ends = np.cumsum(lengths)
        postings = np.arange(int(ends[-1])) + np.repeat(self._starts[at] - ends + lengths, lengths)
        found = self._positions[postings]
        theirs = self._weights[postings].astype(np.float64)
        size = len(self.examples)
        # (bincount with weights gives floats; numpy's stubs say integers)
        score = np.asarray(np.bincount(found, np.repeat(weighted / norm, lengths) * theirs, size))
        # A hard negative counts only as far as the message holds what makes it one
        # ("used to", "not anymore"), not just the words it shares.
        negative = self._negative_at
        score[negative] *= np.sqrt(np.bincount(found, theirs * theirs, size)[negative])
        if skip is not None:
            score[np.asarray(skip, np.int64)] = 0.0
        ordered = score[self._label_order]
        tops = np.maximum.reduceat(ordered, self._label_starts)
        # Each label's first example at its best (as argmax would pick), for all at once.
        at_top = np.flatnonzero(ordered == np.repeat(tops, self._label_sizes))
        firsts = at_top[np.searchsorted(at_top, self._label_starts)]
        present = np.flatnonzero(tops > 0.0)
        return {
            self._labels[number]: (top, example)
            for number, top, example in zip(
                present.tolist(),
                tops[present].tolist(),
                self._label_order[firsts[present]].tolist(),
                strict=True,
            )
        }


def learnt_arrays(
    intent: str, intercept: float, weights: Weights, learnt_hash: str
) -> dict[str, NDArray[Any]]:
    """A learnt model as arrays to store with its index (`Index.stored_model`)."""
    numbers, values = weights
    return {
        f"model_{intent}_hash": _pack([learnt_hash]),
        f"model_{intent}_intercept": np.array(intercept, np.float64),
        f"model_{intent}_numbers": numbers,
        f"model_{intent}_values": values,
    }


def _indicative_features(
    examples: Sequence[Example], bags: Sequence[dict[str, float]]
) -> dict[str, frozenset[str]]:
    """Per label, the lemmas and pairs that appear mostly in its examples (at least twice,
    and in at least `_INDICATIVE_SHARE` of the examples that have them)."""
    seen: dict[str, int] = defaultdict(int)
    by_label: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for example, bag in zip(examples, bags, strict=True):
        for feature in bag:
            if feature.startswith(("#", "!#", "~#", "@#")):
                continue  # letter triples are for typos, not evidence
            seen[feature] += 1
            by_label[example.label][feature] += 1
    return {
        label: frozenset(
            f for f, n in counts.items() if n >= 2 and n / seen[f] >= _INDICATIVE_SHARE
        )
        for label, counts in by_label.items()
    }
