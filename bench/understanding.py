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
    from bot.domain import intents  # the code, before its data

    before = _rss_mb()
    started = time.perf_counter()
    intents.warm_up()  # every bank, lemma table and learnt model
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
    figures.update(_relapse_cross_validation())
    print(json.dumps(figures))


def _danger_cross_validation() -> dict[str, float]:
    """On each bank itself, five-fold: danger lines found and false alarms, for the reader
    (the danger model learnt on four fifths, with the nearest examples) and for the nearest
    examples alone (the line itself left out)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    from bot.domain import intents, phrase_banks
    from scripts.build_models import C

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
        bests = [
            index.scores(example.text, skip=position)
            for position, example in enumerate(index.examples)
        ]
        nearest = [intents._nearest(best, None)[0] is intents.Intent.DANGER for best in bests]
        # The reader's own rule, with the model learnt on the other four fifths.
        reader = [
            intents._nearest(best, float(p))[0] is intents.Intent.DANGER
            for best, p in zip(bests, probability[:, 1], strict=True)
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


def _relapse_cross_validation() -> dict[str, float]:
    """On each bank itself, five-fold: relapse lines found and false ones, for the reader
    (nearest examples, then the relapse model learnt on four fifths) and for the nearest
    examples alone (the line itself left out)."""
    from functools import partial

    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    from bot.domain import intents, phrase_banks
    from scripts.build_models import C

    found: dict[str, float] = {}
    for code in phrase_banks.LANGUAGES:
        index = phrase_banks.index(code)
        if index is None:
            continue
        vectors = DictVectorizer().fit_transform(
            [index.vector(example.text) for example in index.examples]
        )
        folds = StratifiedKFold(5, shuffle=True, random_state=0)
        learnt = {}
        for intent in ("danger", "relapse"):
            truth = [example.label == intent for example in index.examples]
            model = LogisticRegression(C=C, max_iter=5000, class_weight="balanced")
            learnt[intent] = cross_val_predict(
                model, vectors, truth, cv=folds, method="predict_proba"
            )[:, 1]
        truth = [example.label == "relapse" for example in index.examples]
        readers: dict[str, list[bool]] = {"reader": [], "nearest": []}
        for position, example in enumerate(index.examples):
            best = index.scores(example.text, skip=position)
            danger = float(learnt["danger"][position])
            relapse = float(learnt["relapse"][position])
            asked = example.text.rstrip().endswith("?")

            evident = partial(intents._evident, index, example.text)
            for name, probability in (("reader", relapse), ("nearest", None)):
                said = intents._decide(best, danger, probability, evident, asked)[0]
                readers[name].append(said is intents.Intent.RELAPSE)
        relapses = sum(truth)
        for name, said in readers.items():
            found[f"{code}_cv_relapse_found_{name}"] = (
                sum(1 for t, s in zip(truth, said, strict=True) if t and s) / relapses
            )
            found[f"{code}_cv_false_relapses_{name}"] = sum(
                1 for t, s in zip(truth, said, strict=True) if s and not t
            )
    return found


if __name__ == "__main__":
    main()
