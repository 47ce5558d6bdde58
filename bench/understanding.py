"""The reading of plain messages: held-out recall and precision per intent and language,
and what it costs (per-message p99, RSS and start time of the banks and lemma tables).

Prints one JSON object (for `python -m bench`) and, on stderr, the tables themselves.
"""

from __future__ import annotations

import json
import resource
import sys
import time


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    import bot.domain.intents  # noqa: F401  (the code, before its data)

    before = _rss_mb()
    started = time.perf_counter()
    from bot.domain import phrase_banks

    phrase_banks.indexes()
    load_seconds = time.perf_counter() - started
    added_mb = _rss_mb() - before

    from tests.intent_tables import LANGUAGES, read, report, rows

    figures: dict[str, float] = {
        "banks_load_s": load_seconds,
        "banks_rss_mb": added_mb,
    }
    samples = []
    for language in LANGUAGES:
        for row in rows(language):
            for _ in range(3):
                began = time.perf_counter()
                read(row, language)
                samples.append(time.perf_counter() - began)
    samples.sort()
    figures["read_p50_ms"] = samples[len(samples) // 2] * 1000
    figures["read_p99_ms"] = samples[int(len(samples) * 0.99)] * 1000
    figures["read_max_ms"] = samples[-1] * 1000

    for language in LANGUAGES:
        for split in ("tune", "heldout"):
            found = report(language, split)
            print(f"\n{language} {split}: intent recall precision n", file=sys.stderr)
            for label, (recall, precision, support) in sorted(found.per_intent.items()):
                print(
                    f"  {label:14s} {recall:6.1%} {precision:6.1%} {support:4d}", file=sys.stderr
                )
                if split == "heldout" and support:
                    figures[f"{language}_heldout_{label}_recall"] = recall
            if split == "heldout":
                figures[f"{language}_heldout_negatives_as_danger"] = len(found.negatives_as_danger)
                figures[f"{language}_heldout_negatives_as_relapse"] = len(
                    found.negatives_as_relapse
                )
    figures.update(_danger_cross_validation())
    print(json.dumps(figures))


def _danger_cross_validation() -> dict[str, float]:
    """On each bank itself, five-fold: danger lines found and false alarms, for the reader
    (the danger model learnt on four fifths, with the nearest examples) and for the nearest
    examples alone (the line itself left out)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    from bot.domain import intents, phrase_banks
    from scripts.build_danger_model import C

    found: dict[str, float] = {}
    for code in phrase_banks.LANGUAGES:
        index = phrase_banks.index(code)
        if index is None:
            continue
        truth = [example.label == "danger" for example in index.examples]
        vectors = DictVectorizer().fit_transform(
            [index.vector(example.text) for example in index.examples]
        )
        model = LogisticRegression(C=C, max_iter=5000, class_weight="balanced")
        folds = StratifiedKFold(5, shuffle=True, random_state=0)
        probability = cross_val_predict(model, vectors, truth, cv=folds, method="predict_proba")
        nearest = [
            intents._decide(index.scores(example.text, skip=position))[0] is intents.Intent.DANGER
            for position, example in enumerate(index.examples)
        ]
        # The reader's rule: the model sure on its own, or a danger example nearest and the
        # model not against it.
        reader = [
            p >= intents._DANGER_PROBABILITY or (near and p >= intents._DANGER_CONFIRM)
            for p, near in zip(probability[:, 1], nearest, strict=True)
        ]
        dangers = sum(truth)
        for name, said in (("reader", reader), ("nearest", nearest)):
            found[f"{code}_cv_danger_found_{name}"] = (
                sum(1 for t, s in zip(truth, said, strict=True) if t and s) / dangers
            )
            found[f"{code}_cv_false_alarms_{name}"] = sum(
                1 for t, s in zip(truth, said, strict=True) if s and not t
            )
    return found


if __name__ == "__main__":
    main()
