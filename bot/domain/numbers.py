"""Numbers people and buttons type: ASCII digits within range, nothing else."""

from __future__ import annotations

# SQLite integers are 64-bit; ids and counts here stay far below this.
MAX_NUMBER = 2**53


def strict_number(text: str, maximum: int = MAX_NUMBER) -> int | None:
    """`text` as a whole number from 0 to `maximum`, or None.

    `str.isdigit` also accepts "²" and other digits `int` refuses or reads differently, and
    an id too large for SQLite raises OverflowError: both are refused here.
    """
    if not text or len(text) > len(str(maximum)) or not (text.isascii() and text.isdigit()):
        return None
    value = int(text)
    return value if value <= maximum else None
