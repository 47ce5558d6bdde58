"""Which language a short chat message is written in: the banks' own known-word share
(what the reader uses) against py3langid limited to the six languages, on every labelled
message of the tables. py3langid is righter (about 98 % against 80 %) but costs about 94 MB
and 0.8 s to load, past the reader's budget (60 MB, 1 s), so the reader keeps its own and
breaks ties towards the person's language.

Prints one JSON object for `python -m bench`."""

from __future__ import annotations

import json
import time

from bot.domain import intents
from tests.intent_tables import LANGUAGES, rows


def main() -> None:
    figures: dict[str, float] = {}
    samples = [(language, row.text) for language in LANGUAGES for row in rows(language)]
    started = time.perf_counter()
    right = sum(
        1
        for language, text in samples
        if (found := intents._candidates(text, ("en",))) and found[0].language.code == language
    )
    figures["banks_language_right_share"] = right / len(samples)
    figures["banks_language_ms_per_message"] = (
        (time.perf_counter() - started) * 1000 / len(samples)
    )
    try:
        import py3langid
    except ImportError:
        print(json.dumps(figures))
        return
    codes = {"pt_BR": "pt"}
    loading = time.perf_counter()
    py3langid.set_languages(["en", "es", "pt", "ru", "uk", "de"])
    py3langid.classify("warm up")
    figures["py3langid_load_s"] = time.perf_counter() - loading
    started = time.perf_counter()
    right = sum(
        1
        for language, text in samples
        if py3langid.classify(text)[0] == codes.get(language, language)
    )
    figures["py3langid_right_share"] = right / len(samples)
    figures["py3langid_ms_per_message"] = (time.perf_counter() - started) * 1000 / len(samples)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
