"""The reading of plain messages: held-out recall and precision per intent and language,
danger found and harmless lines read as danger on the probes written apart from the banks,
and what it costs (per-message p99, RSS and start time of the banks and lemma tables).

Prints one JSON object (for `python -m bench`) and, on stderr, the tables themselves.
"""

from __future__ import annotations

import gc
import json
import resource
import sys
import time
from typing import Any


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
    gc.freeze()  # as the bot does once it has loaded them (bot/app.py)

    from tests.intent_tables import LANGUAGES, PROBE_KINDS, probe_report, read, report, rows

    figures: dict[str, float] = {
        "banks_load_s": load_seconds,
        "banks_rss_mb": added_mb,
    }
    # Three passes over every line: a message is read once a pass, so what is kept of the
    # last messages read (their folded words) never makes it look cheaper than it is.
    samples = []
    lines = [(row, language) for language in LANGUAGES for row in rows(language)]
    for _ in range(3):
        for row, language in lines:
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
    print("\nprobes (never tuned on): danger found, harmless read as danger", file=sys.stderr)
    for language in LANGUAGES:
        for kind in PROBE_KINDS:
            probe = probe_report(language, kind)
            print(
                f"  {language:5s} {kind:5s} danger {probe.danger_found:2d}/{probe.danger}"
                f"  harmless as danger {probe.safe_as_danger:2d}/{probe.safe}",
                file=sys.stderr,
            )
            figures[f"{language}_probe_{kind}_danger_recall"] = probe.danger_found / probe.danger
            figures[f"{language}_probe_{kind}_safe_as_danger"] = probe.safe_as_danger
    figures.update(_cross_validation())
    print(json.dumps(figures))


def _cross_validation() -> dict[str, float]:
    """On each bank itself, five-fold with each line's run of siblings held out with it
    (scripts/build_models.py): danger lines found and false alarms, relapse lines and uses
    about to happen found and false ones, for the reader (the nearest examples and the models learnt on
    the other four fifths, and the danger decision — learnt from these same out-of-fold
    readings of every bank: 16 weights over 18,000 lines) and for the nearest examples
    alone."""
    from functools import partial

    from bot.domain import intents, phrase_banks
    from scripts.build_models import left_out_scores, out_of_fold

    found: dict[str, float] = {}
    readings: dict[str, tuple[list[bool], list[Any], list[float], list[float]]] = {}
    for code in phrase_banks.LANGUAGES:
        index = phrase_banks.index(code)
        if index is None:
            continue
        examples = index.examples
        learnt = out_of_fold(index)
        bests = left_out_scores(index)
        readings[code] = (
            [e.label == "danger" for e in examples], bests, learnt["danger"], learnt["relapse"]
        )  # fmt: skip
        danger_said = {
            "reader": [
                intents._nearest(best, danger, relapse)[0] is intents.Intent.DANGER
                for best, danger, relapse in zip(
                    bests, learnt["danger"], learnt["relapse"], strict=True
                )
            ],
            "nearest": [
                intents._nearest(best, None)[0] is intents.Intent.DANGER for best in bests
            ],
        }
        relapse_said: dict[str, list[bool]] = {"reader": [], "nearest": []}
        use_now_said: dict[str, list[bool]] = {"reader": [], "nearest": []}
        for position, example in enumerate(examples):
            asked = example.text.rstrip().endswith("?")
            danger = learnt["danger"][position]
            for name, relapse, use_now in (
                ("reader", learnt["relapse"][position], learnt["use_now"][position]),
                ("nearest", None, None),
            ):
                evident = partial(intents._evident, index, example.text, use_now)
                said = intents._decide(bests[position], danger, relapse, evident, asked, use_now)[
                    0
                ]
                relapse_said[name].append(said is intents.Intent.RELAPSE)
                use_now_said[name].append(said is intents.Intent.USE_NOW)
        for intent, said_by, false_name in (
            ("danger", danger_said, "false_alarms"),
            ("relapse", relapse_said, "false_relapses"),
            ("use_now", use_now_said, "false_uses"),
        ):
            truth = [e.label == intent for e in examples]
            for name, said in said_by.items():
                hits = sum(1 for t, s in zip(truth, said, strict=True) if t and s)
                found[f"{code}_cv_{intent}_found_{name}"] = hits / sum(truth)
                found[f"{code}_cv_{false_name}_{name}"] = sum(
                    1 for t, s in zip(truth, said, strict=True) if s and not t
                )
    found["danger_threshold_stored"] = intents._DANGER_DECISION
    found["danger_threshold_rule_pick"] = _threshold_rule(readings)
    return found


def _threshold_rule(
    readings: dict[str, tuple[list[bool], list[Any], list[float], list[float]]],
) -> float:
    """The rule the danger decision's threshold was chosen by, on the banks as they are: the
    lowest threshold (0.30 to 0.60, by 0.01) at which, five-fold, the decision finds more
    danger lines than the fixed rules in every language with no more false alarms in all.
    0 when none does: the decision no longer earns its place."""
    from bot.domain import intents

    def counted(threshold: float | None) -> dict[str, tuple[int, int]]:
        """Danger found and false alarms per language; `None`: the fixed rules (the reader
        falls back on them when it has no relapse model to weigh)."""
        per: dict[str, tuple[int, int]] = {}
        decided = threshold is not None
        at = intents._DANGER_DECISION if threshold is None else threshold
        for code, (truth, bests, danger, relapse) in readings.items():
            said = [
                intents._nearest(best, d, r if decided else None, at)[0] is intents.Intent.DANGER
                for best, d, r in zip(bests, danger, relapse, strict=True)
            ]
            per[code] = (
                sum(t and s for t, s in zip(truth, said, strict=True)),
                sum(s and not t for t, s in zip(truth, said, strict=True)),
            )
        return per

    fixed = counted(None)
    for step in range(30, 61):
        decided = counted(step / 100)
        if all(decided[code][0] > fixed[code][0] for code in fixed) and sum(
            alarms for _, alarms in decided.values()
        ) <= sum(alarms for _, alarms in fixed.values()):
            return step / 100
    return 0.0


if __name__ == "__main__":
    main()
