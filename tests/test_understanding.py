"""The reading, measured on the labelled tables (tests/data/intents_<lang>.tsv).

Danger is heard on every tuning line in every language, and no tuning negative is read as
danger or as a relapse. On the held-out half (never tuned on) the target is 95 %: it is
guarded where it is reached, and Ukrainian (93.8 %) is guarded at what it reaches;
held-out relapse recall meets its target of 85 % in every language.
The full per-intent report is bench/understanding.py.
"""

from __future__ import annotations

import re
import time
from dataclasses import replace
from importlib import resources

import pytest

from bot.domain import phrase_banks
from bot.domain.intents import Intent, danger_evidence, read_message
from bot.domain.matcher import Index
from bot.domain.wording import LemmaTable, clauses
from tests.intent_tables import LANGUAGES, PROBE_KINDS, probe_report, report, rows


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_has_a_bank_and_a_table(language: str) -> None:
    assert phrase_banks.index(language) is not None
    assert sum(1 for row in rows(language) if row.label == "danger") >= 40


def test_english_table_is_large_and_split_once() -> None:
    table = rows("en")
    assert len(table) >= 600
    assert {row.split for row in table} == {"tune", "heldout"}
    assert len({row.label for row in table}) >= 15


@pytest.mark.parametrize("language", LANGUAGES)
def test_danger_is_heard_on_every_tuning_line(language: str) -> None:
    found = report(language, "tune")
    missed = [text for label, _, text in found.misses if label == "danger"]
    assert missed == []


# Held-out danger recall: the target is 0.95, and it is guarded where it is reached. Russian
# reached it with the bank round of 2026-12-02 (31 of 32 lines, from 30); Ukrainian stands at
# 30 of 32 (0.94, measured 2026-12-02), under the target: its floor is what it reaches. Each
# line of 32 is three points, so a floor at the highest value ever measured would fail on
# noise: the changes of 2026-12-02 moved single lines both ways
# (en 70 → 71 → 70, de 32 → 31, pt 31 → 32) while, five-fold on the banks with each run of
# sibling lines held out, the learnt decision found more danger lines than the fixed rules
# in every language (1–3 %) with fewer false alarms.
HELD_OUT_DANGER_FLOOR = {"en": 0.95, "es": 0.95, "pt_BR": 0.95, "ru": 0.95, "uk": 0.93, "de": 0.95}


@pytest.mark.parametrize("language", LANGUAGES)
def test_held_out_danger_recall_never_falls_below_what_was_reached(language: str) -> None:
    recall, _, support = report(language, "heldout").per_intent["danger"]
    assert support >= 15
    assert recall >= HELD_OUT_DANGER_FLOOR[language]


# The probes (tests/data/probes_<lang>.tsv), written apart from the banks and never tuned
# on, as measured on 2026-12-02 after that day's bank round: danger lines found (of 25; of
# 30 short), and harmless lines read as danger (of 15 mixed, 25 multi, 30 short). A change
# may move one danger line or two harmless ones before this fails: 25 or 30 lines a kind
# are too few to tell more from noise.
PROBE_MEASURED = {
    ("en", "mixed"): (25, 0), ("en", "multi"): (23, 2),
    ("es", "mixed"): (24, 1), ("es", "multi"): (23, 5),
    ("pt_BR", "mixed"): (21, 1), ("pt_BR", "multi"): (24, 4),
    ("ru", "mixed"): (23, 0), ("ru", "multi"): (24, 2),
    ("uk", "mixed"): (22, 2), ("uk", "multi"): (25, 1),
    ("de", "mixed"): (21, 0), ("de", "multi"): (23, 4),
    ("en", "short"): (30, 3), ("es", "short"): (29, 4), ("pt_BR", "short"): (29, 5),
    ("ru", "short"): (30, 5), ("uk", "short"): (29, 2), ("de", "short"): (28, 3),
    ("en", "judge"): (68, 15), ("es", "judge"): (77, 16), ("pt_BR", "judge"): (71, 10),
    ("ru", "judge"): (75, 20), ("uk", "judge"): (78, 26), ("de", "judge"): (67, 18),
}  # fmt: skip


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", PROBE_KINDS)
def test_probes_kept_apart_from_the_banks_are_read_no_worse(language: str, kind: str) -> None:
    found, harmless = PROBE_MEASURED[language, kind]
    probe = probe_report(language, kind)
    assert probe.danger >= 25 and probe.safe >= 15
    assert probe.danger_found >= found - 1
    assert probe.safe_as_danger <= harmless + 2


@pytest.mark.parametrize("language", LANGUAGES)
def test_held_out_relapse_recall_meets_the_target(language: str) -> None:
    recall, _, support = report(language, "heldout").per_intent["relapse"]
    assert support >= 10
    assert recall >= 0.85


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_tuning_negative_is_read_as_danger_or_relapse(language: str) -> None:
    found = report(language, "tune")
    assert found.negatives_as_danger == []
    assert found.negatives_as_relapse == []


@pytest.mark.parametrize(
    "text",
    [
        "i don't see the point anymore",
        "everyone would be better off without me",
        "i've been saving up pills",
        "i'm thinking of ending it",
    ],
)
def test_danger_said_indirectly_from_the_issue(text: str) -> None:
    assert read_message(text).intent is Intent.DANGER


@pytest.mark.parametrize(
    "text",
    [
        "i've got the bottle in front of me",
        "my dealer is on his way",
        "sitting outside the pub right now",
        "im dyin for a drink rn",
        "just bought a bottle of vodka",
    ],
)
def test_a_use_about_to_happen_from_the_issue(text: str) -> None:
    assert read_message(text).intent in (Intent.USE_NOW, Intent.CRAVING)
    assert read_message(text).intent is not Intent.RELAPSE


@pytest.mark.parametrize(
    "text",
    [
        "used again on saturday",
        "i drunk last night",
        "got on it last night with the lads",
        "ive been drinking all weekend",
        "had one glass of champagne at the christening",
        "i was back on the gear yesterday",
        "day 1 again",
        "had a bit of a wobble and drank on friday",
        "had a few beers on friday, back to day one i guess",
    ],
)
def test_relapses_told_differently_from_the_issue(text: str) -> None:
    assert read_message(text).intent is Intent.RELAPSE


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("how many days do i have?", Intent.ASK_DAYS),
        ("what's my clean time", Intent.ASK_DAYS),
        ("how long have i been sober", Intent.ASK_DAYS),
        ("when is my next milestone", Intent.ASK_MILESTONE),
        ("can i change my check in time?", Intent.ASK_CHECKIN),
        ("remind me to call sam at 7", Intent.REMIND),
        ("can you remind me tomorrow at 9 to go to my meeting", Intent.REMIND),
        ("30 days today!!", Intent.COUNT),
        ("rough day at work but i kept it together", Intent.WIN),
    ],
)
def test_questions_and_wins_from_the_issue(text: str, intent: Intent) -> None:
    assert read_message(text).intent is intent


@pytest.mark.parametrize(
    "text",
    [
        "i am done with drinking",  # was a craving ("could really do with a drink")
        "that was my last drink ever",  # was a question about days
        "quit drinking today, for good",
        "im done with weed",
        "no more gambling, deleted the apps",
    ],
)
def test_deciding_to_stop_is_heard_as_a_win(text: str) -> None:
    assert read_message(text).intent is Intent.WIN


# The plainest cravings in Russian and Ukrainian: "хочу выпить" was read as danger (its closest
# example was "хочу выпить так чтобы уже не очнуться"), "хочу бухнути" as nothing at all; the
# same words with a wish not to wake up stay danger.
@pytest.mark.parametrize(
    ("text", "language", "intent"),
    [
        ("хочу выпить", "ru", Intent.CRAVING),
        ("очень хочу выпить", "ru", Intent.CRAVING),
        ("хочу уколоться", "ru", Intent.CRAVING),
        ("хочу выпить и не проснуться", "ru", Intent.DANGER),
        ("хочу бухнути", "uk", Intent.CRAVING),
        ("хочу випити", "uk", Intent.CRAVING),
        ("хочу бухнути і не прокинутись", "uk", Intent.DANGER),
    ],
)
def test_a_plain_craving_is_a_craving_and_a_wish_not_to_wake_is_danger(
    text: str, language: str, intent: Intent
) -> None:
    assert read_message(text, (), (language, "en")).intent is intent


@pytest.mark.parametrize(
    "text",
    ["i used to drink", "my dad relapsed", "i won't drink tonight", "i didn't drink today"],
)
def test_negation_tense_and_someone_else_are_not_a_relapse_or_craving(text: str) -> None:
    assert read_message(text).intent not in (
        Intent.RELAPSE, Intent.CRAVING, Intent.USE_NOW, Intent.DANGER
    )  # fmt: skip


@pytest.mark.parametrize("language", LANGUAGES)
def test_lemma_tables_are_rebuilt_after_a_bank_changes(language: str) -> None:
    index = phrase_banks.index(language)
    assert index is not None
    known = index.language.lemmas
    words = {
        part
        for example in index.examples
        for clause in clauses(example.text)
        for raw in clause
        for part in index.language.contractions.get(raw, (raw,))
    }
    missing = sorted(words - set(known))
    assert missing == [], "run `make lemmas`"


def test_a_packed_lemma_table_answers_as_the_dict_it_replaces() -> None:
    pairs = {"drank": "drink", "drunk": "drink", "выпил": "выпить", "пил": "пить",
             "вип'ю": "випити", "bebí": "beber", "a": "a", "ab": "ab"}  # fmt: skip
    table = LemmaTable(pairs.items())
    assert dict(table) == pairs
    assert len(table) == len(pairs)
    for form, lemma in pairs.items():
        assert table[form] == lemma
        assert table.get(form, "?") == lemma
        assert form in table
    for absent in ("", "drin", "drankk", "выпила", "пиль", "bebi", "b", "zz"):
        assert absent not in table
        assert table.get(absent) is None
        assert table.get(absent, absent) == absent
        with pytest.raises(KeyError):
            table[absent]
    # Looked up again (the words of recent messages are kept): the same answers.
    assert [table.get(form) for form in pairs] == list(pairs.values())
    assert table.get("drin") is None


def test_reading_one_message_costs_little() -> None:
    index = phrase_banks.index("en")
    assert index is not None
    started = time.perf_counter()
    for _ in range(200):
        read_message("i've got the bottle in front of me and nobody to call")
    assert (time.perf_counter() - started) / 200 < 0.005  # bench: p99 <= 1 ms


@pytest.mark.parametrize("language", LANGUAGES)
def test_stored_indexes_are_of_the_current_banks_and_read_alike(language: str) -> None:
    stored = phrase_banks.stored_index(language)
    assert stored is not None, "run `make lemmas`"
    assert phrase_banks.stored_hash(stored) == phrase_banks.bank_hash(language), (
        "run `make lemmas`"
    )
    # The restored index reads every line of the table as one built afresh does, with the
    # lemma table restored beside it.
    restored = phrase_banks.index(language)
    assert restored is not None
    lemma_text = resources.files("bot.data").joinpath("intents", f"lemmas_{language}.tsv")
    parsed = phrase_banks.parse_lemmas(lemma_text.read_text("utf-8"))
    assert isinstance(restored.language.lemmas, LemmaTable)
    assert dict(restored.language.lemmas) == dict(parsed)
    built = Index(replace(restored.language, lemmas=parsed), restored.examples)
    danger = phrase_banks.model("danger", language)
    assert danger is not None
    for row in rows(language):
        assert restored.scores(row.text) == built.scores(row.text), row.text
        assert restored.margins(row.text, danger.weights) == built.margins(
            row.text, danger.weights
        ), row.text


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("intent", phrase_banks.MODELS)
def test_learnt_models_are_learnt_from_the_current_banks(language: str, intent: str) -> None:
    model = phrase_banks.model(intent, language)
    assert model is not None
    assert model.learnt_from == phrase_banks.bank_hash(language), "run `make lemmas`"


@pytest.mark.parametrize("language", LANGUAGES)
def test_learnt_weights_stored_with_the_index_are_those_of_the_files(language: str) -> None:
    index = phrase_banks.index(language)
    assert index is not None
    for intent in phrase_banks.MODELS:
        text = resources.files("bot.data").joinpath("intents", f"{intent}_{language}.tsv")
        learnt = text.read_text("utf-8")
        stored = index.stored_model(intent, phrase_banks.model_hash(learnt))
        assert stored is not None, "run `make lemmas`"
        intercept, named, _ = phrase_banks.parse_learnt(learnt)
        numbers, values = index.weights_of(named)
        assert stored[0] == intercept
        assert stored[1][0].tolist() == numbers.tolist()
        assert stored[1][1].tolist() == values.tolist()
        # A file changed by hand is read as it is, never overruled by what was stored.
        edited = learnt.replace("intercept\t", "intercept\t1", 1)
        assert index.stored_model(intent, phrase_banks.model_hash(edited)) is None


def test_the_danger_decision_weighs_what_the_reader_gives_and_names_its_banks() -> None:
    # Re-learnt only on purpose (`make decision`); `make bench` shows whether the threshold
    # rule still picks the stored threshold for the banks as they are now.
    learnt = phrase_banks.decision("danger")
    assert learnt is not None
    assert re.fullmatch(r"[0-9a-f]{16}", learnt.learnt_from)
    assert set(learnt.weights) == set(danger_evidence({}, 0.5, 0.5))


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # A strong wish joined to dying is danger, not a craving for a drink.
        ("hoy tengo muchas ganas de morir", "es"),
        ("дуже хочеться померти сьогодні", "uk"),
        ("очень хочется умереть сегодня", "ru"),
        ("i really want to die today", "en"),
        ("tô com muita vontade de morrer hoje", "pt_BR"),
        ("ich will heute so sehr sterben", "de"),
    ],
)
def test_a_strong_wish_to_die_is_danger(text: str, language: str) -> None:
    assert read_message(text, languages=(language,)).intent is Intent.DANGER


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("я тут", "uk"),
        ("хай", "uk"),
        ("я тут", "ru"),
        ("хай", "ru"),
        ("still here", "en"),
        ("me again", "en"),
        ("aquí sigo", "es"),
        ("tô aqui", "pt_BR"),
        ("bin wieder da", "de"),
    ],
)
def test_short_everyday_messages_are_neither_danger_nor_a_relapse(
    text: str, language: str
) -> None:
    assert read_message(text, languages=(language,)).intent not in (
        Intent.DANGER,
        Intent.RELAPSE,
        Intent.USE_NOW,
    )


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # Every word is shared with cravings and relapses, and no example is close: the
        # use-now model hears them (they were answered with the journal offer).
        ("im going to drink", "en"),
        ("got the gear in my hand", "en"),
        ("wife's out, im off to the pub", "en"),
        ("got a gram sitting on the side", "en"),
        ("только что купил бутылку водки", "ru"),
    ],
)
def test_a_use_about_to_happen_in_words_no_example_has(text: str, language: str) -> None:
    assert read_message(text, languages=(language,)).intent is Intent.USE_NOW
