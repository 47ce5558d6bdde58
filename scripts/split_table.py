"""Add the split column once: stratified by label, half tuning, half held-out, seeded."""

import random
import sys
from collections import defaultdict

path = sys.argv[1]
lines = open(path, encoding="utf-8").read().splitlines()
rng = random.Random(20261201)
by_label = defaultdict(list)
for i, line in enumerate(lines):
    if line.strip() and not line.startswith("#"):
        assert line.count("\t") == 1, line
        by_label[line.split("\t")[0]].append(i)
split = {}
for label, idx in sorted(by_label.items()):
    rng.shuffle(idx)
    half = len(idx) // 2
    for n, i in enumerate(idx):
        split[i] = "tune" if n < (len(idx) - half) else "heldout"
out = []
for i, line in enumerate(lines):
    out.append(f"{split[i]}\t{line}" if i in split else line)
header = [
    "# split<TAB>intent<TAB>text. Split once at random (seed 20261201), half by label;",
    "# the held-out rows are never used to tune a phrase bank (tests/intent_tables.py).",
]
open(path, "w", encoding="utf-8").write("\n".join(header + out) + "\n")
print(path, {s: list(split.values()).count(s) for s in ("tune", "heldout")})
