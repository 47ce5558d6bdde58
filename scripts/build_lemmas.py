"""Build `bot/data/intents/lemmas_<lang>.tsv` from the phrase banks and simplemma.

simplemma's own dictionaries take about 537 MB and 4 s to load for the six languages
(measured here), far over the reader's budget (60 MB, 1 s). The bot needs only the forms
of the lemmas its banks use: every form whose lemma a bank word has, so "drinking",
"drank" and "drunk" all meet "drink". Run after changing a bank (`make lemmas`).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import simplemma
from simplemma.strategies.dictionaries.dictionary_factory import DefaultDictionaryFactory

from bot.domain.phrase_banks import LANGUAGES, examples_of, language_of, parse_bank
from bot.domain.wording import clauses, fold

DATA = Path(__file__).resolve().parent.parent / "bot" / "data" / "intents"
SIMPLEMMA_CODE = {"pt_BR": "pt"}


def build(code: str) -> int:
    bank_path = DATA / f"{code}.txt"
    if not bank_path.is_file():
        return 0
    bank = parse_bank(code, bank_path.read_text("utf-8"))
    language = language_of(bank, {})
    lang = SIMPLEMMA_CODE.get(code, code)
    # Lemmatised as written, accents kept ("bebí" → beber; "bebi" is not a Spanish word),
    # then folded the way messages are.
    written: set[str] = set()
    for example in examples_of(bank):
        written.update(re.findall(r"[^\W_]+(?:'[^\W_]+)*", example.text.casefold()))
    table: dict[str, str] = {}
    # Little words stay themselves: simplemma reads Spanish "de" as dar and "se" as saber.
    kept = {word for word in written if len(fold(word)) <= 2}
    kept |= set(language.stopwords) | set(language.negators)
    for word in kept:
        table[fold(word)] = fold(word)
    for word in sorted(written, key=lambda w: (w.isascii(), w)):  # accented spellings first
        table.setdefault(fold(word), fold(simplemma.lemmatize(word, lang=lang)))
    for example in examples_of(bank):
        for clause in clauses(example.text):
            for raw in clause:
                for part in language.contractions.get(raw, (raw,)):
                    table.setdefault(part, fold(simplemma.lemmatize(part, lang=lang)))
    wanted = set(table.values())
    dictionary = DefaultDictionaryFactory().get_dictionary(lang)
    for form, lemma in dictionary.items():
        folded_lemma = fold(lemma)
        if folded_lemma in wanted:
            table.setdefault(fold(form), folded_lemma)
    for lemma in wanted:
        table.setdefault(lemma, lemma)
    lines = [f"{form}\t{lemma}" for form, lemma in sorted(table.items()) if " " not in form]
    (DATA / f"lemmas_{code}.tsv").write_text("\n".join(lines) + "\n", "utf-8")
    return len(lines)


def main() -> None:
    for code in sys.argv[1:] or LANGUAGES:
        print(code, build(code))


if __name__ == "__main__":
    main()
