"""Print the tuning rows a bank misses (never the held-out ones): what to tune on."""

from __future__ import annotations

import sys

from tests.intent_tables import report


def main() -> None:
    for language in sys.argv[1:]:
        found = report(language, "tune")
        print(f"# {language}: tuning rows read wrongly (label -> got: text)")
        for label, got, text in sorted(found.misses):
            print(f"{label} -> {got}: {text}")


if __name__ == "__main__":
    main()
