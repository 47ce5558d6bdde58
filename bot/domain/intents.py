"""Reading a plain message the way a person meant it. Pure: no I/O, no Telegram.

The reading only decides what to *offer*; nothing is ever changed on a guess. The words
come from the phrase banks (`bot/data/intents/`, one per language), matched by nearest
labelled example (`matcher.py`), beside the models learnt from each bank (danger, a
relapse, a use about to happen) and the danger decision learnt from all of them
(`scripts/build_models.py`); rules here only do what meaning needs: the order of SPEC §3
(danger first), hard negatives that outvote their intent, the day a relapse names, the
goal a piece of progress belongs to, a count and a reminder's time.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from functools import cache, partial

from babel import Locale

from bot.domain import phrase_banks
from bot.domain.matcher import Index
from bot.domain.wording import clauses, fold, known_share, script_of


class Intent(Enum):
    """What a message is mainly about."""

    DANGER = "danger"
    USE_NOW = "use_now"
    RELAPSE = "relapse"
    CRAVING = "craving"
    DISTRESS = "distress"
    WIN = "win"
    PROGRESS = "progress"
    ASK_DAYS = "ask_days"
    ASK_MILESTONE = "ask_milestone"
    ASK_STREAK = "ask_streak"
    ASK_CHECKIN = "ask_checkin"
    ASK_PRIVACY = "ask_privacy"
    REMIND = "remind"
    COUNT = "count"
    THANKS = "thanks"
    GREETING = "greeting"
    OTHER = "other"


@dataclass(frozen=True)
class Claim:
    """A count a person states: "30 days", "2 months", "day 12"."""

    number: int
    unit: str  # "day", "week", "month" or "year"


@dataclass(frozen=True)
class Reading:
    """An intent, and what the words say beside it."""

    intent: Intent
    when: str | None = None  # a relapse's day as typed: "last night", "on saturday"
    goal_id: int | None = None  # an active goal the message reports progress on
    language: str = "en"  # the bank the message matched best
    claim: Claim | None = None  # a stated count
    score: float = 0.0  # the closest example's cosine (for measuring, never shown)


# Where a message is about the most urgent thing, that thing is answered (SPEC §3).
URGENT = (Intent.DANGER, Intent.USE_NOW, Intent.RELAPSE, Intent.CRAVING, Intent.DISTRESS)
# The closest example decides; below this cosine nothing is close enough to say.
_THRESHOLD = 0.2
# Danger is answered even when an ordinary example is a little closer: missing it costs most.
# (Where a language has no learnt models: the examples alone.)
_DANGER_THRESHOLD = 0.2
_DANGER_SHARE = 0.9
# The learnt decision's probability that answers danger (`scripts/build_models.py`): the
# lowest, in steps of 0.01, at which every tuning line is read right and, five-fold on the
# banks with each run of sibling lines held out, more danger is found in every language
# than by the fixed rules it replaced, with no more false alarms.
_DANGER_DECISION = 0.43
# A danger example this close and the closest is danger unless the danger model is under
# `_DANGER_CONFIRM` ("i od'd": few words, all of them about it).
_DANGER_CLOSEST = 0.3
_DANGER_CONFIRM = 0.2
# Without the decision, the danger model's probability that answers danger on its own.
_DANGER_PROBABILITY = 0.6
# Where the closest example is plainly a use about to happen (at least `_PLAINLY`), the
# danger model must be this sure to answer danger instead.
_DANGER_SURE = 0.9
_PLAINLY = 0.4
# The relapse model's probability that answers a relapse the nearest examples did not see
# (five-fold on the banks: 10–17 points more relapses found, few more false ones).
_RELAPSE_PROBABILITY = 0.6
# What a model never overrules with a relapse or a use about to happen.
_LIFTED = (Intent.DANGER, Intent.USE_NOW, Intent.RELAPSE)
# Likewise the use-now model's probability that answers a use about to happen the nearest
# examples did not see (five-fold on the banks, runs held out: 467 → 601 of 867 found, for
# 21 more false ones among 18,000 lines, most of them cravings, relapses and danger).
_USE_NOW_PROBABILITY = 0.7
# An example of another kind this close is not overruled by the relapse model: "i used the
# app" is "i used the app today", however often "i used" is a relapse (five-fold on the
# banks: 2 relapses of 1,826 fewer found, 3 fewer false ones).
_PLAINLY_OTHER = 0.7
# Below this the relapse model overrules a relapse example being the closest.
_RELAPSE_CONFIRM = 0.1
_LABELS = {intent.value: intent for intent in Intent}
# A second language reads a message only when it knows nearly as many of its words as the
# first: "wo ist die fernbedienung" is German, never English "die".
_CLEARLY_ONE_LANGUAGE = 0.1
# The use-now model's probability that is evidence enough for a use about to happen.
_USE_NOW_EVIDENT = 0.7
# Answers that cannot rest on a shared word alone ("rather", "on the way home").
_NEEDS_EVIDENCE = (Intent.USE_NOW, Intent.RELAPSE)


def _candidates(text: str, languages: Sequence[str]) -> list[Index]:
    """The banks to read a message against: those of its script, the person's first, then
    the ones that know most of its words."""
    script = script_of(text)
    found = [
        index
        for code in phrase_banks.LANGUAGES
        if phrase_banks.SCRIPTS.get(code) == script and (index := phrase_banks.index(code))
    ]
    if not found:
        return [index] if (index := phrase_banks.index("en")) is not None else []
    preferred = {code: rank for rank, code in enumerate(languages)}
    words = [word for clause in clauses(text) for word in clause]
    shares = {index.language.code: known_share(words, index.language) for index in found}
    found.sort(
        key=lambda index: (-shares[index.language.code], preferred.get(index.language.code, 9))
    )
    best = shares[found[0].language.code]
    return [
        index for index in found[:2] if shares[index.language.code] >= best - _CLEARLY_ONE_LANGUAGE
    ]


def _decide(
    best: dict[str, tuple[float, int]],
    danger_probability: float | None = None,
    relapse_probability: float | None = None,
    evident: Callable[[Intent], bool] = lambda intent: True,
    asked: bool = False,
    use_now_probability: float | None = None,
) -> tuple[Intent, float]:
    """Danger first (`_is_danger`), then the label of the closest example (a hard negative
    is "other"). The relapse model, where it is sure, overrules a relapse example that is
    merely closest, and answers a relapse the examples missed; the use-now model answers a
    use about to happen they missed. Neither answers a question ("does alcohol-free beer
    count as a slip?" is asked, not told), nor overrules the bank's own hard negative of
    that kind ("drank some tea") or an example of another kind that is plainly close. A
    score under `_THRESHOLD` means no example is close; `evident` says whether the message
    holds the bank's own evidence for an answer that cannot rest on shared words alone."""
    intent, value = _nearest(best, danger_probability, relapse_probability)
    if (
        intent is Intent.RELAPSE
        and relapse_probability is not None
        and relapse_probability < _RELAPSE_CONFIRM
    ):
        # The model is sure it is no relapse ("at my sister's wedding i didn't drink at
        # all" shares every word but one with a relapse): the next closest decides.
        rest = {label: found for label, found in best.items() if label != intent.value}
        intent, value = _nearest(rest, danger_probability, relapse_probability)
    if intent in _NEEDS_EVIDENCE and not evident(intent):
        intent = Intent.OTHER
    if asked or intent in _LIFTED or value >= _PLAINLY_OTHER:
        return intent, value
    for lifted, probability, needed in (
        (Intent.RELAPSE, relapse_probability, _RELAPSE_PROBABILITY),
        (Intent.USE_NOW, use_now_probability, _USE_NOW_PROBABILITY),
    ):
        # A model sure of what the examples missed, unless the closest example is the
        # bank's own hard negative of that kind.
        if probability is None or probability < needed:
            continue
        if _closest(best) != f"not {lifted.value}":
            return lifted, probability
    return intent, value


def _closest(best: dict[str, tuple[float, int]]) -> str | None:
    """The label of the closest example."""
    return max(best, key=lambda label: best[label][0]) if best else None


def _nearest(
    best: dict[str, tuple[float, int]],
    danger_probability: float | None,
    relapse_probability: float | None = None,
    threshold: float = _DANGER_DECISION,
) -> tuple[Intent, float]:
    """Danger by the learnt decision (at `threshold`) or the examples, else the closest
    example's label."""
    if not best:
        if danger_probability is not None and danger_probability >= _DANGER_PROBABILITY:
            return Intent.DANGER, danger_probability
        return Intent.OTHER, 0.0
    top, label = max((value, label) for label, (value, _) in best.items())
    if _is_danger(best, top, label, danger_probability, relapse_probability, threshold):
        return Intent.DANGER, best.get(Intent.DANGER.value, (top, -1))[0]
    if label == Intent.DANGER.value:  # the model says no: the next closest decides
        rest = [(value, name) for name, (value, _) in best.items() if name != label]
        if not rest:
            return Intent.OTHER, 0.0
        top, label = max(rest)
    if top < _THRESHOLD or label not in _LABELS:
        return Intent.OTHER, top
    return _LABELS[label], top


def _is_danger(
    best: dict[str, tuple[float, int]],
    top: float,
    label: str,
    danger_probability: float | None,
    relapse_probability: float | None,
    threshold: float = _DANGER_DECISION,
) -> bool:
    """Whether a message is about danger to life. With the language's models, the learnt
    decision says so, or a danger example that is the closest by a fair margin with the
    danger model not against it ("i od'd"); a use about to happen that is plainly one ("the
    bottle is in front of me") stays one — with the crisis line too — unless the danger
    model is sure. With none, a danger example (nearly) the closest."""
    danger = best.get(Intent.DANGER.value, (0.0, -1))[0]
    if danger_probability is None:
        return danger >= _DANGER_THRESHOLD and danger >= top * _DANGER_SHARE
    if label == Intent.USE_NOW.value and top >= _PLAINLY and danger_probability < _DANGER_SURE:
        return False
    closest = label == Intent.DANGER.value and danger >= _DANGER_CLOSEST
    if closest and danger_probability >= _DANGER_CONFIRM:
        return True
    learnt = phrase_banks.decision("danger")
    if learnt is None or relapse_probability is None:
        near = danger >= _DANGER_THRESHOLD and danger >= top * _DANGER_SHARE
        return danger_probability >= _DANGER_PROBABILITY or (
            near and danger_probability >= _DANGER_CONFIRM
        )
    evidence = danger_evidence(best, danger_probability, relapse_probability)
    return learnt.probability(evidence) >= threshold


# The closest examples the learnt danger decision weighs, by label.
EVIDENCE_LABELS = ("danger", "not danger", "use_now", "craving", "relapse", "distress", "other",
                   "not relapse", "win")  # fmt: skip


def danger_evidence(
    best: dict[str, tuple[float, int]], danger_probability: float, relapse_probability: float
) -> dict[str, float]:
    """What the learnt danger decision weighs (`scripts/build_models.py` learns it from
    every bank, five-fold): the danger and relapse models' log-odds and how close the
    message comes to each kind of example."""
    danger = best.get(Intent.DANGER.value, (0.0, -1))[0]
    top = max((value for value, _ in best.values()), default=0.0)
    others = max((value for name, (value, _) in best.items() if name != "danger"), default=0.0)
    odds = _log_odds(danger_probability)
    evidence = {
        "danger model": odds,
        "relapse model": _log_odds(relapse_probability),
        "closest": top,
        "danger less the closest": danger - top,
        "danger is closest": 1.0 if danger > 0.0 and danger >= others else 0.0,
        "danger less the next": danger - others,
        "danger model by danger": odds * danger,
    }
    evidence.update((f"{name} example", best.get(name, (0.0, -1))[0]) for name in EVIDENCE_LABELS)
    return evidence


def _log_odds(probability: float) -> float:
    clipped = min(max(probability, 1e-4), 1.0 - 1e-4)
    return math.log(clipped / (1.0 - clipped))


def _probabilities(index: Index, text: str) -> tuple[float | None, ...]:
    """What the language's learnt models (`phrase_banks.MODELS`: danger, relapse, a use
    about to happen) say of the message, in that order (None: no model)."""
    code = index.language.code
    models = [phrase_banks.model(intent, code) for intent in phrase_banks.MODELS]
    present = [model for model in models if model is not None]
    margins = iter(index.margins(text, *(model.weights for model in present)))
    return tuple(None if model is None else model.logistic(next(margins)) for model in models)


def _evident(index: Index, text: str, use_now_probability: float | None, intent: Intent) -> bool:
    """Whether the message holds the bank's own words for the intent, or — for a use about
    to happen — the use-now model is fairly sure of one ("im going to drink", "got the gear
    in my hand": every word is shared with cravings and relapses)."""
    if (
        intent is Intent.USE_NOW
        and use_now_probability is not None
        and use_now_probability >= _USE_NOW_EVIDENT
    ):
        return True
    return index.indicative(text, intent.value)


def classify(text: str, languages: Sequence[str] = ("en",)) -> tuple[Intent, str, float]:
    """The intent of a message, the language it was read in, and how close it came. The
    language that knows the message's words best reads it; the next one only when the
    first finds nothing."""
    fallback = languages[0] if languages else "en"
    for index in _candidates(text, languages):
        danger, relapse, use_now = _probabilities(index, text)
        intent, value = _decide(
            index.scores(text),
            danger,
            relapse,
            partial(_evident, index, text, use_now),
            text.rstrip().endswith("?"),
            use_now,
        )
        if intent is not Intent.OTHER or value >= _THRESHOLD:
            # Something in this language's bank is close (a hard negative counts too).
            return intent, index.language.code, value
    return Intent.OTHER, fallback, 0.0


# --- what the words say beside the intent ----------------------------------------------------
_WHEN = re.compile(
    r"\b(?:last night|yesterday(?: evening| morning| afternoon| night)?|this morning"
    r"|this afternoon|this evening|tonight|today|just now|an hour ago|earlier(?: today)?"
    r"|(?:on |last )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"|(?:\d+|a|one|two|three|four|five|six) days? ago|the other day|over the weekend"
    r"|at the weekend|on the weekend|all weekend)\b"
)
_CLAIM = re.compile(
    r"\b(?:(\d{1,4}|one|two|three|four|five|six|seven|eight|nine|ten|a) "
    r"(day|days|week|weeks|month|months|year|years)\b|day (\d{1,4})\b)"
)
_CLAIM_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                "seven": 7, "eight": 8, "nine": 9, "ten": 10, "a": 1}  # fmt: skip

# Words for the same doing; a goal and a message that share one are about the same thing.
_CONCEPTS = {
    "meeting": "meeting", "meetings": "meeting", "session": "meeting", "sessions": "meeting",
    "group": "meeting", "groups": "meeting", "aa": "meeting", "na": "meeting", "ca": "meeting",
    "fellowship": "meeting", "attend": "meeting", "attended": "meeting",
    "call": "call", "calls": "call", "called": "call", "calling": "call", "phone": "call",
    "phoned": "call", "rang": "call", "ring": "call", "spoke": "call", "talked": "call",
    "talk": "call", "texted": "call", "sponsor": "sponsor",
    "walk": "move", "walked": "move", "walks": "move", "walking": "move", "run": "move",
    "ran": "move", "running": "move", "runs": "move", "jog": "move", "jogged": "move",
    "gym": "move", "workout": "move", "exercise": "move", "exercised": "move", "hike": "move",
    "hiked": "move", "swim": "move", "swam": "move", "yoga": "move", "stretch": "move",
    "journal": "journal", "journaled": "journal", "journalled": "journal", "wrote": "journal",
    "write": "journal", "writing": "journal", "diary": "journal",
    "meditate": "meditate", "meditated": "meditate", "meditation": "meditate",
    "pray": "meditate", "prayed": "meditate", "prayer": "meditate", "breathing": "meditate",
    "sleep": "sleep", "slept": "sleep", "bed": "sleep", "read": "read", "reading": "read",
    "book": "read", "cook": "cook", "cooked": "cook", "meal": "cook", "ate": "cook",
    "therapy": "therapy", "therapist": "therapy", "counsellor": "therapy",
    "counselor": "therapy", "counselling": "therapy", "step": "steps", "steps": "steps",
    "volunteer": "service", "volunteered": "service", "service": "service",
    "trigger": "trigger", "triggers": "trigger", "identified": "trigger",
}  # fmt: skip
_DONE_WORDS = re.compile(
    r"\b(?:went|did|done|finished|made it|managed|completed|got to|been to|just|today i|i have"
    r"|tonight i|this morning i)\b|\b\w+ed\b|\b(?:ran|rang|spoke|wrote|swam|slept|ate|read|met"
    r"|sat|prayed|hiked)\b"
)
# "my mum called", "he went to a meeting": someone else's doing.
_SOMEONE_ELSE = re.compile(r"^(?:my|his|her|their|he|she|they|someone|somebody|we) ")
_NOT_DONE = re.compile(r"\b(?:not|never|didnt|didn't|did not|couldnt|couldn't|skipped|missed)\b")


def _words(text: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", fold(text)))


def _concepts(words: Sequence[str]) -> set[str]:
    return {_CONCEPTS[word] for word in words if word in _CONCEPTS}


def matching_goal(message: str, goals: Sequence[tuple[int, str]]) -> int | None:
    """The active goal a message reports doing, by a shared concept (walk/ran, call/rang)."""
    plain = _words(message)
    if not _DONE_WORDS.search(plain) or _SOMEONE_ELSE.match(plain) or _NOT_DONE.search(plain):
        return None
    said = _concepts(plain.split())
    for goal_id, title in goals:
        if said & _concepts(_words(title).split()):
            return goal_id
    return None


def stated_claim(text: str, language: str = "en") -> Claim | None:
    """A count someone states ("30 days today!!", "day 12", "one year clean", "90 дней")."""
    plain = _words(text)
    match = _CLAIM.search(plain)
    if match is not None:
        if match[3] is not None:
            return Claim(int(match[3]), "day")
        number = int(match[1]) if match[1].isdigit() else _CLAIM_WORDS[match[1]]
        return Claim(number, match[2].rstrip("s"))
    units = phrase_banks.values(language).units
    words = plain.split()
    for position, word in enumerate(words):
        unit = units.get(word)
        if unit is None:
            continue
        before = words[position - 1] if position else ""
        after = words[position + 1] if position + 1 < len(words) else ""
        if before.isdigit() and len(before) <= 4:
            return Claim(int(before), unit)
        if unit == "day" and after.isdigit() and len(after) <= 4:  # "día 12", "день 5"
            return Claim(int(after), unit)
    return None


def relapse_when(text: str, language: str = "en") -> str | None:
    """The words that date a relapse ("last night", "on saturday"), as the date reader
    understands them (English), if any."""
    found = _WHEN.search(_words(text))
    if found is not None:
        return found.group(0)
    if language == "en":
        return None
    index = phrase_banks.index(language)
    lemmas = index.language.lemmas if index is not None else {}
    words = _words(text).split()
    for phrase, english in phrase_banks.values(language).when:
        for start in range(len(words) - len(phrase) + 1):
            if tuple(words[start : start + len(phrase)]) == phrase:
                return english
    weekdays = _weekdays(language)
    for word in words:
        day = weekdays.get(word) or weekdays.get(lemmas.get(word, word))
        if day is not None:
            return day
    return None


@cache
def _weekdays(language: str) -> dict[str, str]:
    """A language's weekday names (folded) → the English one, from Babel's CLDR data."""
    english = Locale.parse("en").days["format"]["wide"]
    names: dict[str, str] = {}
    for width in ("wide", "abbreviated"):
        for number, name in Locale.parse(language).days["format"][width].items():
            names.setdefault(fold(str(name)).strip("."), str(english[number]).lower())
    return names


def warm_up() -> None:
    """Load every language's bank, lemma table, index and learnt models once (about 0.3 s;
    off the loop)."""
    for index in phrase_banks.indexes():
        for intent in phrase_banks.MODELS:
            phrase_banks.model(intent, index.language.code)
    read_message("hello")


def read_message(
    text: str, goals: Sequence[tuple[int, str]] = (), languages: Sequence[str] = ("en",)
) -> Reading:
    """What a plain private message is about, and what to offer (never what to do)."""
    if not fold(text).strip():
        return Reading(Intent.OTHER)
    intent, language, score = classify(text, languages)
    goal_id = matching_goal(text, goals) if intent not in (Intent.DANGER, Intent.USE_NOW) else None
    if intent is Intent.RELAPSE:
        return Reading(intent, when=relapse_when(text, language), language=language, score=score)
    if intent in (Intent.PROGRESS, Intent.WIN, Intent.OTHER) and goal_id is not None:
        return Reading(Intent.PROGRESS, goal_id=goal_id, language=language, score=score)
    if intent is Intent.PROGRESS:  # doing something no goal of theirs names: still a win
        intent = Intent.WIN
    if intent is Intent.COUNT:
        claim = stated_claim(text, language)
        if claim is None:
            intent = Intent.OTHER
        return Reading(intent, language=language, claim=claim, score=score)
    return Reading(intent, goal_id=goal_id, language=language, score=score)
