"""Build `bot/data/intents/index_<lang>.npz` (the ready index, restored at start instead of
built: about a tenth the time; the learnt weights below are stored in it too, as numbers,
so the start does not read them from text), `<intent>_<lang>.tsv` — for danger to life,
a relapse and a use about to happen, a logistic regression that tells that intent from
everything else in a language's bank, over the reader's own tf-idf features and the
words' letter runs — and `danger_decision.tsv` (with `--decision`): one more, learnt
from every bank at once, that weighs the danger and relapse models with how close each
kind of example comes (`intents.danger_evidence`).

The decision is re-learnt only on purpose (`make decision`), not with every bank change:
it is shared by all six languages, and re-learnt after a round of 1,400 Russian and
Ukrainian lines it moved English (five-fold: 7 danger lines fewer found at the threshold,
or 4 more false alarms at the one the threshold rule then picked), while the decision as
it was weighs the new models with no language losing a line (2026-12-02). After a bank
round, `make bench` shows whether the threshold rule still picks the stored threshold.

The decision learns from each bank line as the reader would see a message it never met: the
models learnt on the other four fifths of the bank, and the closest examples with the line's
whole run of `RUN` neighbours left out (a block's lines are each other's paraphrases; with
only the line itself left out, the closest example looked far more telling than it is).
Measured the same way (bench/understanding.py prints it), the reader finds 84–91 % of the
danger lines (the nearest examples alone: 62–70 %), 78–83 % of the relapses and 55–75 % of
the uses about to happen (measured 2026-12-02, after that day's second Russian and
Ukrainian round). The weights are learnt here, with scikit-learn, so the bot itself needs
nothing but the weights. Run after changing a bank (`make lemmas` runs it; about a minute).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from bot.domain import intents, phrase_banks
from bot.domain.matcher import learnt_arrays

DATA = Path(__file__).resolve().parent.parent / "bot" / "data" / "intents"
C = 30.0
DECISION_C = 1.0
# Lines a model does not learn from: a danger line told with a relapse ("drank again and
# i want to be dead") is danger first, and no evidence that a relapse's words mean none.
LEFT_OUT = {"relapse": ("danger",)}
RUN = 25  # lines held out together when the bank is measured on itself
MIN_WEIGHT = 0.08  # smaller weights change no decision and cost memory


def _model() -> LogisticRegression:
    """One intent's model, untrained."""
    return LogisticRegression(C=C, max_iter=5000, class_weight="balanced")


def store_index(
    code: str, found: phrase_banks.Index, models: dict[str, Any] | None = None
) -> Path:
    """Write a built index's arrays, with its bank's hash, for `phrase_banks.index` to
    restore (and the learnt models' weights, `matcher.learnt_arrays`, beside them)."""
    path = DATA / f"index_{code}.npz"
    bank = np.frombuffer(phrase_banks.bank_hash(code).encode(), np.uint8)
    arrays: dict[str, Any] = {"bank": bank, **found.arrays(), **(models or {})}
    if isinstance(found.language.lemmas, phrase_banks.LemmaTable):
        arrays.update(found.language.lemmas.arrays())
    np.savez_compressed(path, **arrays)
    return path


def learn(index: phrase_banks.Index, intent: str) -> tuple[float, list[tuple[str, float]]]:
    """The intercept and the weights that matter of one intent's model."""
    kept = [e for e in index.examples if e.label not in LEFT_OUT.get(intent, ())]
    vectors = [index.vector(example.text) for example in kept]
    labels = [example.label == intent for example in kept]
    encoder = DictVectorizer()
    model = _model()
    model.fit(encoder.fit_transform(vectors), labels)
    weights = [
        (feature, float(weight))
        for feature, weight in zip(encoder.get_feature_names_out(), model.coef_[0], strict=True)
        if abs(weight) >= MIN_WEIGHT
    ]
    return float(model.intercept_[0]), weights


def runs_of(index: phrase_banks.Index) -> list[range]:
    """The bank's lines in runs of `RUN` in file order: a run is mostly one block, written
    together, whose lines are each other's paraphrases."""
    size = len(index.examples)
    return [range(start, min(size, start + RUN)) for start in range(0, size, RUN)]


def out_of_fold(index: phrase_banks.Index) -> dict[str, list[float]]:
    """Each bank line's probability by each learnt model (`phrase_banks.MODELS`), learnt on
    the other four fifths of the bank with the line's whole run held out with it: a message
    the bank has never seen has no sibling paraphrase in it either (the same folds every
    time)."""
    examples = index.examples
    vectors = DictVectorizer().fit_transform([index.vector(e.text) for e in examples])
    groups = [number for number, run in enumerate(runs_of(index)) for _ in run]
    found: dict[str, list[float]] = {}
    for intent in phrase_banks.MODELS:
        labels = np.array([e.label == intent for e in examples])
        learnt = np.array([e.label not in LEFT_OUT.get(intent, ()) for e in examples])
        probabilities = np.zeros(len(examples))
        for train, test in GroupKFold(5).split(vectors, labels, groups):
            train = train[learnt[train]]
            model = _model()
            model.fit(vectors[train], labels[train])
            probabilities[test] = model.predict_proba(vectors[test])[:, 1]
        found[intent] = probabilities.tolist()
    return found


def left_out_scores(index: phrase_banks.Index) -> list[dict[str, tuple[float, int]]]:
    """Each bank line's closest examples with its own run left out."""
    return [
        index.scores(index.examples[position].text, skip=run)
        for run in runs_of(index)
        for position in run
    ]


def evidence_of(index: phrase_banks.Index) -> tuple[list[dict[str, float]], list[bool]]:
    """What the danger decision weighs for each line of a bank, as it would for a message
    the bank had never seen (its run left out, the models out of fold), and whether the
    line is danger."""
    learnt = out_of_fold(index)
    evidence = [
        intents.danger_evidence(best, learnt["danger"][position], learnt["relapse"][position])
        for position, best in enumerate(left_out_scores(index))
    ]
    return evidence, [example.label == "danger" for example in index.examples]


def learn_decision(
    evidence: list[dict[str, float]], truth: list[bool]
) -> tuple[float, list[tuple[str, float]]]:
    """The danger decision: a logistic regression over the evidence of every bank's lines."""
    encoder = DictVectorizer()
    model = LogisticRegression(C=DECISION_C, max_iter=5000)
    model.fit(encoder.fit_transform(evidence), truth)
    names = encoder.get_feature_names_out()
    return float(model.intercept_[0]), [
        (str(name), float(weight)) for name, weight in zip(names, model.coef_[0], strict=True)
    ]


def build_decision() -> int:
    """Learn the danger decision from every bank and write `danger_decision.tsv`."""
    evidence: list[dict[str, float]] = []
    truth: list[bool] = []
    for code in phrase_banks.LANGUAGES:
        found = phrase_banks.index(code)
        if found is not None:
            lines, labels = evidence_of(found)
            evidence += lines
            truth += labels
    intercept, weights = learn_decision(evidence, truth)
    lines = [
        f"# The danger decision: a logistic regression (C={DECISION_C:g}) over"
        " intents.danger_evidence,",
        "# learnt from every bank's lines five-fold, each with its run of siblings held out.",
        f"# bank {phrase_banks.banks_hash()}. Re-learnt by scripts/build_models.py --decision"
        " (make decision),",
        "# never by a bank round alone: after one, make bench shows whether the threshold rule",
        "# still picks intents._DANGER_DECISION.",
        f"intercept\t{intercept:.6f}",
        *(f"{name}\t{weight:.6f}" for name, weight in sorted(weights)),
    ]
    (DATA / "danger_decision.tsv").write_text("\n".join(lines) + "\n", "utf-8")
    phrase_banks.decision.cache_clear()
    return len(weights)


def build(code: str) -> dict[str, int]:
    phrase_banks.index.cache_clear()
    phrase_banks.model.cache_clear()
    (DATA / f"index_{code}.npz").unlink(missing_ok=True)  # built afresh, never restored
    index = phrase_banks.index(code)
    if index is None:
        return {}
    sizes = {}
    models: dict[str, Any] = {}
    for intent in phrase_banks.MODELS:
        intercept, weights = learn(index, intent)
        lines = [
            f"# {intent} model for {code}: logistic regression (C={C:g}) over the bank's tf-idf;",
            f"# bank {phrase_banks.bank_hash(code)}. Rebuilt by scripts/build_models.py"
            " (make lemmas).",
            f"intercept\t{intercept:.6f}",
            *(f"{feature}\t{weight:.5f}" for feature, weight in sorted(weights)),
        ]
        text = "\n".join(lines) + "\n"
        (DATA / f"{intent}_{code}.tsv").write_text(text, "utf-8")
        sizes[intent] = len(weights)
        # Stored as the reader reads them from the file (its rounding included).
        intercept, named, _ = phrase_banks.parse_learnt(text)
        models.update(
            learnt_arrays(
                intent, intercept, index.weights_of(named), phrase_banks.model_hash(text)
            )
        )
    store_index(code, index, models)
    return sizes


def main() -> None:
    codes = [argument for argument in sys.argv[1:] if not argument.startswith("--")]
    for code in codes or phrase_banks.LANGUAGES:
        print(code, build(code))
    if "--decision" in sys.argv:
        print("danger decision", build_decision())


if __name__ == "__main__":
    main()
