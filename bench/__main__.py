"""`python -m bench` (make bench): runs every benchmark in its own process and prints figures.

Numbers are printed, never asserted: the pass/fail run is `make test`.
"""

from __future__ import annotations

import json
import subprocess
import sys

BENCHMARKS = {
    "bench.claim_100k": "100,000 users due in the same minute (target: loop block < 100 ms, RSS < 300 MB)",
    "bench.buttons": "check-in button updates/s vs a bare PTB button bot (target >= 80 %)",
    "bench.commands": "commands/s and latency with and without the inbox vs a bare PTB bot, API 40 ms (target >= 80 %)",
    "bench.progress": "/progress 1 year (target <= 300 ms, loop block < 50 ms); chip cache hit rate",
    "bench.outbox_rate": "outbox rate with injected 429s (target >= 95 % of configured, 0 duplicates)",
    "bench.sender_ceiling": "sender ceiling: 3,000 prompts due at once, 1,000/s allowed (target >= 800/s)",
    "bench.playground_roundtrip": "playground round trip page -> bot -> page (target p99 < 100 ms)",
    "bench.understanding": "reading plain messages: held-out recall per intent and language; p99 <= 1 ms, banks <= 60 MB and <= 1 s",
    "bench.language_id": "which language a short message is in: the banks' known words vs py3langid",
    "bench.sos_latency": "SOS tap -> sponsor's message while 3,000 prompts drain at 25/s (target p99 <= 3 s)",
    "bench.encryption": "sealing what people write: commands/s and /journal with vs without (target <= 10 % slower); sealing 100k older rows",
    "bench.metrics_overhead": "commands/s with metrics (scraped every second) vs none (target < 5 % slower)",
}


def run(module: str) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, "-m", module], capture_output=True, text=True, check=True, timeout=1800
    )
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def main() -> None:
    for module, title in BENCHMARKS.items():
        print(f"\n== {title}")
        for key, value in run(module).items():
            shown = f"{value:,.3f}" if isinstance(value, float) else f"{value:,}"
            print(f"  {key:45s} {shown:>14s}")


if __name__ == "__main__":
    main()
