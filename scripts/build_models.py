"""Build `bot/data/intents/index_<lang>.npz` (the ready index, restored at start instead of
built: about a tenth the time) and `<intent>_<lang>.tsv`: for danger to life and for a
relapse, a logistic regression that tells that intent from everything else in a language's
bank, over the reader's own tf-idf features and the words' letter runs.

Five-fold on the banks themselves (bench/understanding.py prints it), the reader that asks
the danger model as well as the nearest examples finds 86–89 % of the danger lines it was
not trained on (the nearest examples alone: 67–76 %), and the one that asks the relapse
model finds 81–84 % of the relapses (alone: 56–65 %) with fewer false ones. The weights
are learnt here, with scikit-learn, so the bot itself needs nothing but the weights. Run
after changing a bank (`make lemmas` runs it).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from bot.domain import phrase_banks

DATA = Path(__file__).resolve().parent.parent / "bot" / "data" / "intents"
C = 30.0
MIN_WEIGHT = 0.08  # smaller weights change no decision and cost memory


def store_index(code: str, found: phrase_banks.Index) -> Path:
    """Write a built index's arrays, with its bank's hash, for `phrase_banks.index` to
    restore."""
    path = DATA / f"index_{code}.npz"
    bank = np.frombuffer(phrase_banks.bank_hash(code).encode(), np.uint8)
    arrays: dict[str, Any] = {"bank": bank, **found.arrays()}
    np.savez_compressed(path, **arrays)
    return path


def learn(index: phrase_banks.Index, intent: str) -> tuple[float, list[tuple[str, float]]]:
    """The intercept and the weights that matter of one intent's model."""
    vectors = [index.vector(example.text) for example in index.examples]
    labels = [example.label == intent for example in index.examples]
    encoder = DictVectorizer()
    model = LogisticRegression(C=C, max_iter=5000, class_weight="balanced")
    model.fit(encoder.fit_transform(vectors), labels)
    weights = [
        (feature, float(weight))
        for feature, weight in zip(encoder.get_feature_names_out(), model.coef_[0], strict=True)
        if abs(weight) >= MIN_WEIGHT
    ]
    return float(model.intercept_[0]), weights


def build(code: str) -> dict[str, int]:
    phrase_banks.index.cache_clear()
    phrase_banks.model.cache_clear()
    (DATA / f"index_{code}.npz").unlink(missing_ok=True)  # built afresh, never restored
    index = phrase_banks.index(code)
    if index is None:
        return {}
    store_index(code, index)
    sizes = {}
    for intent in phrase_banks.MODELS:
        intercept, weights = learn(index, intent)
        lines = [
            f"# {intent} model for {code}: logistic regression (C={C:g}) over the bank's tf-idf;",
            f"# bank {phrase_banks.bank_hash(code)}. Rebuilt by scripts/build_models.py"
            " (make lemmas).",
            f"intercept\t{intercept:.6f}",
            *(f"{feature}\t{weight:.5f}" for feature, weight in sorted(weights)),
        ]
        (DATA / f"{intent}_{code}.tsv").write_text("\n".join(lines) + "\n", "utf-8")
        sizes[intent] = len(weights)
    return sizes


def main() -> None:
    for code in sys.argv[1:] or phrase_banks.LANGUAGES:
        print(code, build(code))


if __name__ == "__main__":
    main()
