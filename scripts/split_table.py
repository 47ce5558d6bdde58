"""Add the split column to a new labelled table, once: per label, half tuning, half held-out,
at random with a fixed seed. Run only on a table that has no split column yet."""

from __future__ import annotations

import random
import sys
from collections import defaultdict
from pathlib import Path

SEED = 20261201
HEADER = [
    "# split<TAB>intent<TAB>text. Split once at random (seed 20261201), half by label;",
    "# the held-out rows are never used to tune a phrase bank (tests/intent_tables.py).",
]


def split(path: Path) -> dict[str, int]:
    lines = path.read_text("utf-8").splitlines()
    rng = random.Random(SEED)
    by_label: dict[str, list[int]] = defaultdict(list)
    for number, line in enumerate(lines):
        if line.strip() and not line.startswith("#"):
            if line.count("\t") != 1:
                raise SystemExit(f"{path}:{number + 1}: not intent<TAB>text (split already?)")
            by_label[line.split("\t")[0]].append(number)
    chosen: dict[int, str] = {}
    for _label, numbers in sorted(by_label.items()):
        rng.shuffle(numbers)
        held = len(numbers) // 2
        for rank, number in enumerate(numbers):
            chosen[number] = "tune" if rank < len(numbers) - held else "heldout"
    out = [f"{chosen[n]}\t{line}" if n in chosen else line for n, line in enumerate(lines)]
    path.write_text("\n".join(HEADER + out) + "\n", "utf-8")
    return {part: list(chosen.values()).count(part) for part in ("tune", "heldout")}


if __name__ == "__main__":
    for name in sys.argv[1:]:
        print(name, split(Path(name)))
