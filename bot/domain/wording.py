"""From a message to the words that carry its meaning, per language. Pure: no I/O.

A message is folded (case, accents on Latin letters, stretched letters), split into
clauses, its contractions spelled out, its words lemmatised with a table built from
simplemma (`bot/data/intents/lemmas_<lang>.tsv`, see `scripts/build_lemmas.py`), and the
words a negator governs marked with `!` ("i didn't drink" → `i do !drink`), so that
"drank" and "didn't drink" are different words to the matcher.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, TypeVar, overload

import numpy as np
from numpy.typing import NDArray

NEGATED = "!"
HABITUAL = "~"  # "i used to drink": a past habit, not something that happened
SOMEONE_ELSE = "@"  # "my dad drank": another person's doing
_NEGATION_REACH = 3  # words a negator governs, within its clause
_STRETCHED = re.compile(r"(.)\1{2,}")
_CYRILLIC_APOSTROPHE = re.compile(r"(?<=[а-яіїєґ])['`](?=[а-яіїєґ])")
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
_CLAUSE = re.compile(r"[.,;:!?¿¡()\n…]+|\s[-–—]+\s")
_T = TypeVar("_T")
_SEEN_FORMS = 4096  # forms looked up lately, kept with their lemma's number
_KNOWN_WORDS = 4096  # words weighed lately, kept with whether a language knows them


@dataclass(frozen=True)
class Language:
    """What reading one language needs: its negators, contractions, fillers and lemmas."""

    code: str
    negators: frozenset[str] = frozenset()
    contractions: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    stopwords: frozenset[str] = frozenset()
    breaks: frozenset[str] = frozenset()  # words that end a negation's reach: "but"
    lemmas: Mapping[str, str] = field(default_factory=dict)
    # Marker phrases by their first word, the longest first: "used to", "my dad", "he".
    habitual: Mapping[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    others: Mapping[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    # Whether it knows a word (`known_share`), for the words of recent messages: every
    # message is weighed against each language of its script, and most words recur.
    known_words: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)


@lru_cache(maxsize=256)  # a message is folded by each step that reads it: once is enough
def fold(text: str) -> str:
    """Casefolded, NFC, curly quotes straightened, accents dropped from Latin letters
    (people type "recai" for "recaí"), ё as е, no apostrophe inside a Cyrillic word;
    Cyrillic й, ї stay as they are."""
    plain = unicodedata.normalize("NFKC", text).casefold()
    plain = plain.replace("’", "'").replace("‘", "'").replace("ʼ", "'").replace("ё", "е")
    # Inside a Cyrillic word an apostrophe is often typed as ` or left out ("пʼю", "п'ю",
    # "п`ю", "пю"): all four meet as the last.
    plain = _CYRILLIC_APOSTROPHE.sub("", plain)
    decomposed = unicodedata.normalize("NFD", plain)
    kept: list[str] = []
    for char in decomposed:
        if unicodedata.combining(char) and kept and kept[-1].isascii():
            continue
        kept.append(char)
    plain = unicodedata.normalize("NFC", "".join(kept)).replace("ß", "ss")
    return _STRETCHED.sub(r"\1\1", plain)


@lru_cache(maxsize=256)  # read by the lemmas, the letter runs and the language guess
def clauses(text: str) -> tuple[tuple[str, ...], ...]:
    """The folded words of each clause."""
    return tuple(
        tuple(words) for part in _CLAUSE.split(fold(text)) if (words := _WORD.findall(part))
    )


def _starts(words: list[str], at: int, phrases: Mapping[str, tuple[tuple[str, ...], ...]]) -> int:
    """The length of the marker phrase starting at `at`, or 0."""
    for phrase in phrases.get(words[at], ()):
        if tuple(words[at : at + len(phrase)]) == phrase:
            return len(phrase)
    return 0


def lemma_words(text: str, language: Language) -> list[str]:
    """The message as lemmas, fillers left out, and marked: `!` for what a negator
    governs, `~` for a past habit ("used to"), `@` for someone else's doing ("my dad")."""
    out: list[str] = []
    for clause in clauses(text):
        words = [part for raw in clause for part in language.contractions.get(raw, (raw,))]
        negated = habitual = 0
        other = False
        position = 0
        while position < len(words):
            word = words[position]
            if word in language.breaks:
                negated = habitual = 0
                other = False
            if not other and (length := _starts(words, position, language.others)):
                other = True
                out.extend(SOMEONE_ELSE + w for w in words[position : position + length])
                position += length
                continue
            if length := _starts(words, position, language.habitual):
                habitual = _NEGATION_REACH
                out.append(HABITUAL + "_".join(words[position : position + length]))
                position += length
                continue
            position += 1
            if word in language.negators:
                negated = _NEGATION_REACH
                out.append(word)
                continue
            if word in language.stopwords:
                continue
            lemma = language.lemmas.get(word, word)
            if negated:
                lemma, negated = NEGATED + lemma, negated - 1
            elif habitual:
                lemma, habitual = HABITUAL + lemma, habitual - 1
            if other:
                lemma = SOMEONE_ELSE + lemma
            out.append(lemma)
    return out


def known_share(words: Sequence[str], language: Language) -> float:
    """How many of a message's (folded) words the language's tables know (0..1): which of
    the languages that share a script the message is most likely written in."""
    if not words:
        return 0.0
    known = 0
    seen = language.known_words
    for word in words:
        found = seen.get(word)
        if found is None:
            if len(seen) >= _KNOWN_WORDS:
                seen.clear()
            found = seen[word] = (
                word in language.lemmas
                or word in language.negators
                or word in language.stopwords
                or word in language.contractions
            )
        known += found
    return known / len(words)


def script_of(text: str) -> str:
    """ "cyrillic", "latin" or "other": the script most letters of a message are in."""
    cyrillic = latin = other = 0
    for char in text:
        if not char.isalpha():
            continue
        if "\u0400" <= char <= "\u04ff":
            cyrillic += 1
        elif char.isascii() or "\u00c0" <= char <= "\u024f":
            latin += 1
        else:
            other += 1
    best = max(cyrillic, latin, other)
    if best == 0:
        return "latin"
    return "cyrillic" if best == cyrillic else "latin" if best == latin else "other"


class LemmaTable(Mapping[str, str]):
    """A form → lemma table, packed: the forms as UTF-8 in sorted arrays of one width each
    (one array per byte length, so nothing is padded), each with its lemma's number. As
    dicts, the six languages' 143,000 forms took 20 MB; packed, the reader as a whole
    takes 11 MB less (56.8 → 45.7 MB), and stored beside the index (`make lemmas`) it
    loads as arrays. A look-up is a binary search (about 2 µs); the words of recent
    messages are kept with their answer."""

    def __init__(self, pairs: Iterable[tuple[str, str]] = ()) -> None:
        numbers: dict[str, int] = {}
        by_size: dict[int, tuple[list[bytes], list[int]]] = {}
        for form, lemma in pairs:
            encoded = form.encode()
            forms, found = by_size.setdefault(len(encoded), ([], []))
            forms.append(encoded)
            found.append(numbers.setdefault(lemma, len(numbers)))
        self._lemmas = list(numbers)
        self._forms: dict[int, tuple[NDArray[np.bytes_], NDArray[np.int32]]] = {}
        for size, (forms, found) in by_size.items():
            packed = np.array(forms, f"S{size}")
            order = np.argsort(packed)
            self._forms[size] = (packed[order], np.array(found, np.int32)[order])
        self._size = sum(len(forms) for forms, _ in by_size.values())
        self._seen: dict[str, int] = {}  # the words of recent messages: most recur

    def arrays(self) -> dict[str, NDArray[Any]]:
        """The packed table as arrays (for `numpy.savez`; `restored` reads them back)."""
        found: dict[str, NDArray[Any]] = {
            "lemma_names": np.frombuffer("\x00".join(self._lemmas).encode(), np.uint8)
        }
        for size, (forms, numbers) in self._forms.items():
            found[f"lemma_forms_{size}"] = forms
            found[f"lemma_numbers_{size}"] = numbers
        return found

    @classmethod
    def restored(cls, stored: Mapping[str, NDArray[Any]]) -> LemmaTable:
        """The table `arrays` gave (for the six languages 8 ms, where building it took 140)."""
        table = cls()
        names = stored["lemma_names"].tobytes().decode()
        table._lemmas = [sys.intern(name) for name in names.split("\x00")] if names else []
        for name, forms in stored.items():
            if name.startswith("lemma_forms_"):
                size = int(name.removeprefix("lemma_forms_"))
                table._forms[size] = (forms, stored[f"lemma_numbers_{size}"])
        table._size = sum(len(forms) for forms, _ in table._forms.values())
        return table

    def _number(self, form: str) -> int:
        number = self._seen.get(form)
        if number is None:
            if len(self._seen) >= _SEEN_FORMS:
                self._seen.clear()
            number = self._seen[form] = self._search(form)
        return number

    def _search(self, form: str) -> int:
        encoded = form.encode()
        found = self._forms.get(len(encoded))
        if found is not None:
            forms, numbers = found
            at = int(np.searchsorted(forms, encoded))
            if at < len(forms) and forms[at] == encoded:
                return int(numbers[at])
        return -1

    def __getitem__(self, form: str) -> str:
        number = self._number(form)
        if number < 0:
            raise KeyError(form)
        return self._lemmas[number]

    @overload
    def get(self, form: str, /) -> str | None: ...
    @overload
    def get(self, form: str, default: str | _T, /) -> str | _T: ...
    def get(self, form: str, default: object = None, /) -> object:
        number = self._number(form)
        return self._lemmas[number] if number >= 0 else default

    def __contains__(self, form: object) -> bool:
        return isinstance(form, str) and self._number(form) >= 0

    def __iter__(self) -> Iterator[str]:
        for forms, _ in self._forms.values():
            yield from (form.decode() for form in forms.tolist())

    def __len__(self) -> int:
        return self._size
