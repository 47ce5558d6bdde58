"""Nearest labelled examples: a message scored against a phrase bank. Pure: no I/O.

Each example and each message becomes a weighted bag of features — lemmas, pairs of
neighbouring lemmas, and letter triples of longer words (typos, endings the lemma table
does not know) — weighted by how rare a feature is in the bank (tf-idf) and normalised,
so the score of a message against an example is their cosine. An intent's score is that
of its closest example. The decision (which intent wins) is `intents.py`'s.
"""

from __future__ import annotations

import itertools
import math
import sys
from array import array
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.domain.wording import HABITUAL, NEGATED, SOMEONE_ELSE, Language, lemma_words

MARKS = NEGATED + HABITUAL + SOMEONE_ELSE

_PAIR_WEIGHT = 1.0
_TRIPLE_WEIGHT = 0.25
_MIN_TRIPLE_WORD = 5
_UNSEEN_SHARE = 1.0  # a word no example has weighs as much as a rare one
_COMMON_SHARE = 0.03  # a feature in more than this share of examples is too common to count
_MIN_COMMON = 10
_INDICATIVE_SHARE = 0.5
_SHARPNESS = 1.5  # idf to this power: words most examples share say almost nothing


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


class Index:
    """A bank's examples in one language, ready to score messages against."""

    def __init__(self, language: Language, examples: Iterable[Example]) -> None:
        self.language = language
        self.examples = list(examples)
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
        self._idf = {
            f: math.log((1 + documents) / (1 + n)) + 1.0
            for f, n in frequency.items()
            if n <= common or max(by_label[f].values()) >= n * _INDICATIVE_SHARE
        }
        self._unseen_idf = math.log(1 + documents) + 1.0
        self._common = frozenset(f for f in frequency if f not in self._idf)
        # Postings as two compact arrays per feature (positions, weights): a tuple per
        # posting took about four times the memory for the same numbers.
        positions: dict[str, array[int]] = defaultdict(lambda: array("i"))
        weights: dict[str, array[float]] = defaultdict(lambda: array("f"))
        for position, bag in enumerate(bags):
            weighted = {
                f: count * self._idf[f] ** _SHARPNESS for f, count in bag.items() if f in self._idf
            }
            norm = math.sqrt(sum(w * w for w in weighted.values())) or 1.0
            for feature, weight in weighted.items():
                positions[feature].append(position)
                weights[feature].append(weight / norm)
        self._postings = {sys.intern(f): (positions[f], weights[f]) for f in positions}
        self._indicative = _indicative_features(self.examples, bags)
        self._labels = [example.label for example in self.examples]
        self._negative = [label.startswith("not ") for label in self._labels]
        self._last: tuple[str, dict[str, float]] = ("", {})

    def indicative(self, text: str, label: str) -> bool:
        """Whether the message holds a word or word pair that the bank uses mostly for
        `label` (its own evidence, beyond words every message shares)."""
        wanted = self._indicative.get(label)
        if wanted is None:
            return True
        return any(feature in wanted for feature in self._bag(text))

    def _bag(self, text: str) -> dict[str, float]:
        """A message's features (the last one is kept: it is asked for twice in a row)."""
        if self._last[0] != text:
            self._last = (text, features(lemma_words(text, self.language)))
        return self._last[1]

    def vector(self, text: str) -> dict[str, float]:
        """The message as tf-idf weights, unit length (what the danger model reads)."""
        weighted = {
            f: count * self._idf[f] for f, count in self._bag(text).items() if f in self._idf
        }
        norm = math.sqrt(sum(w * w for w in weighted.values())) or 1.0
        return {f: w / norm for f, w in weighted.items()}

    def scores(self, text: str, skip: int | None = None) -> dict[str, tuple[float, int]]:
        """Each label's best cosine with the message, and which example gave it (`skip`:
        an example left out, to measure the bank on its own lines)."""
        bag = self._bag(text)
        weighted = {
            f: count * self._idf[f] ** _SHARPNESS for f, count in bag.items() if f in self._idf
        }
        # Words the bank never saw still count in the norm: an unknown message is far away.
        unseen = (self._unseen_idf * _UNSEEN_SHARE) ** _SHARPNESS
        unknown = sum(
            (count * unseen) ** 2
            for f, count in bag.items()
            if f not in self._idf and f not in self._common
        )
        norm = math.sqrt(sum(w * w for w in weighted.values()) + unknown) or 1.0
        totals: dict[int, float] = {}
        covered: dict[int, float] = {}
        negative = self._negative
        for feature, weight in weighted.items():
            found, example_weights = self._postings[feature]
            for position, example_weight in zip(found, example_weights, strict=True):
                totals[position] = totals.get(position, 0.0) + weight * example_weight
                if negative[position]:
                    covered[position] = covered.get(position, 0.0) + example_weight**2
        best: dict[str, tuple[float, int]] = {}
        totals.pop(skip, None)  # type: ignore[arg-type]
        labels = self._labels
        for position, total in totals.items():
            label = labels[position]
            score = total / norm
            if negative[position]:
                # A hard negative counts only as far as the message holds what makes it
                # one ("used to", "not anymore"), not just the words it shares.
                score *= math.sqrt(covered[position])
            if score > best.get(label, (0.0, -1))[0]:
                best[label] = (score, position)
        return best


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
