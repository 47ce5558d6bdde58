"""Reading a plain message the way a person meant it. Pure: no I/O, no Telegram.

The reading only decides what to *offer*; nothing is ever changed on a guess. Order
matters and follows SPEC §3: danger to life, a relapse told in words, a craving, distress,
progress on an active goal, thanks, a greeting, anything else.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum


class Intent(Enum):
    """What a message is mainly about."""

    DANGER = "danger"
    RELAPSE = "relapse"
    CRAVING = "craving"
    DISTRESS = "distress"
    PROGRESS = "progress"
    THANKS = "thanks"
    GREETING = "greeting"
    OTHER = "other"


@dataclass(frozen=True)
class Reading:
    """An intent, the words that date a relapse ("last night"), and a matching goal."""

    intent: Intent
    when: str | None = None  # a relapse's day as typed: "last night", "on saturday"
    goal_id: int | None = None  # an active goal the message reports progress on


# --- normalising ----------------------------------------------------------------------------
_CONTRACTIONS = {
    "didnt": "did not", "didn't": "did not", "havent": "have not", "haven't": "have not",
    "hasnt": "has not", "hasn't": "has not", "dont": "do not", "don't": "do not",
    "doesnt": "does not", "doesn't": "does not", "cant": "can not", "can't": "can not",
    "cannot": "can not", "wont": "will not", "won't": "will not", "wasnt": "was not",
    "wasn't": "was not", "isnt": "is not", "isn't": "is not", "arent": "are not",
    "aren't": "are not", "im": "i am", "i'm": "i am", "ive": "i have", "i've": "i have",
    "wanna": "want to", "gonna": "going to",
    "gotta": "have to", "kinda": "kind of", "shouldnt": "should not",
    "shouldn't": "should not", "couldnt": "could not", "couldn't": "could not",
    "its": "it is", "it's": "it is", "thx": "thanks", "ty": "thanks", "tysm": "thanks",
    "tnx": "thanks", "kms": "kill myself", "u": "you", "ur": "your", "idk": "i do not know",
    "od": "overdose", "od'd": "overdosed", "mtg": "meeting",
}  # fmt: skip
# Words that matter most, for typo tolerance ("relasped", "craveing", "sucidal").
_KEY_WORDS = (
    "relapsed", "relapse", "craving", "cravings", "suicide", "suicidal", "overdose",
    "overdosed", "tempted", "drinking", "struggling", "anxious", "meeting", "sponsor",
    "drank", "slipped", "terrible", "horrible", "exhausted", "overwhelmed", "hopeless",
    "journaled", "meditated", "thanks", "thank",
)  # fmt: skip


def normalise(text: str) -> str:
    """Lowercase words, contractions spelled out, stretched letters and typos mended."""
    plain = unicodedata.normalize("NFKC", text).casefold().replace("’", "'").replace("‘", "'")
    plain = re.sub(r"(.)\1{2,}", r"\1\1", plain)  # "sooooo" -> "soo"
    words = re.findall(r"[a-z0-9']+", plain)
    mended = []
    for word in words:
        word = word.strip("'")
        if word in _CONTRACTIONS:
            mended.append(_CONTRACTIONS[word])
        elif len(word) >= 6 and word not in _KEY_WORDS:
            close = difflib.get_close_matches(word, _KEY_WORDS, n=1, cutoff=0.84)
            mended.append(close[0] if close else word)
        else:
            mended.append(word)
    return " ".join(mended)


# --- danger to life -------------------------------------------------------------------------
_DANGER = re.compile(
    r"\b(?:kill|killing|end|ending|hurt|hurting|harm|harming|cut|cutting) (?:my ?self|me)\b"
    r"|\bsuicid\w*"
    r"|\b(?:want|wanted|wish|going|ready|plan|planning|like) to die\b"
    r"|\bwish i (?:was|were) dead\b|\bbetter off dead\b|\bwant to be dead\b"
    r"|\bend (?:it all|my life|it tonight|everything)\b|\btake my (?:own )?life\b"
    r"|\bno (?:reason|point) (?:to|in) (?:live|living|going on|being here)\b"
    r"|\bdo not want to (?:live|be alive|exist|wake up|be here any ?more)\b"
    r"|\boverdos\w*|\btook (?:too many|all (?:my|the)|a bunch of|a handful of) (?:pills|tablets)\b"
    r"|\bcan not (?:go on|do this any ?more|keep going)\b|\bself ?harm\w*"
    r"|\bjump (?:off|in front of)\b|\bnot want to be here any ?more\b"
)
_NOT_DANGER = re.compile(
    r"\b(?:not|never|no longer|no) (?:feeling )?suicidal\b|\bno (?:thoughts of )?suicid"
    r"|\bsuicide (?:prevention|awareness)\b"
)

# --- a relapse told in words ----------------------------------------------------------------
_SUBSTANCES = (
    r"drinks?|beers?|wine|vodka|whiskey|whisky|gin|rum|shots?|lines?|coke|cocaine|crack"
    r"|meth|heroin|pills?|weed|joint|spliff|bottle|glass|pint|pints|drugs|molly|mdma|ket"
    r"|ketamine|oxy|fentanyl|speed|benzos?|xanax|cans?|a bet|bets"
)
_AFTER_USED = (
    r"(?=$| again\b| last\b| yesterday\b| today\b| this\b| tonight\b| on\b| at\b| after\b"
    r"| and\b| but\b| so\b| earlier\b| before\b| once\b| a bit\b| a little\b| heroin\b| meth\b"
    r"| coke\b| cocaine\b| crack\b| drugs\b| pills\b| weed\b| for\b| over\b| with\b)"
)
_RELAPSE = re.compile(
    r"\bi (?:drank|relapsed|slipped|lapsed|picked up|smoked|snorted|shot up|injected"
    r"|gambled|binged|caved|gave in|messed up|screwed up|fucked up|blew it)\b"
    rf"|\bi used{_AFTER_USED}"
    rf"|\b(?:had|drank|took|did|smoked|bought|got|downed|necked) (?:a |some |a few |few "
    rf"|too many |a couple of |like |two |three |\d+ )?(?:{_SUBSTANCES})\b"
    r"|\bgot (?:drunk|high|wasted|hammered|loaded|stoned|smashed|blackout drunk)\b"
    r"|\b(?:relapsed|slipped up|fell off the wagon|broke my (?:sobriety|streak|clean time)"
    r"|lost my (?:sobriety|streak|clean time)|threw it all away|thrown it all away"
    r"|back to (?:day )?(?:one|1|zero|0|square one)|went on a bender|been drinking again"
    r"|been using again|started drinking again|started using again|using again|drinking again"
    r"|had a relapse|i had a slip|had a slip|i relapse)\b"
)
_NOT_RELAPSE = re.compile(
    r"\b(?:used|use) to\b(?! (?:get|feel|cope|forget|numb|sleep))"
    r"|\b(?:did not|have not|has not|never|almost|nearly|close to|wanted to|want to|urge to"
    r"|tempted to|thought about|thinking about|dreamt|dreamed|dream|without|instead of"
    r"|not|no) (?:\w+ ){0,2}(?:drink|drank|drunk|use|used|relapse|relapsed|slip|slipped"
    r"|smoke|smoked|pick up|picked up|had a|get high|got high|gamble|gambled)"
    r"|\bdrank (?:some |a |a lot of |lots of )?(?:water|coffee|tea|juice|soda|milk|pop|lemonade"
    r"|smoothie|coke zero|diet coke|kombucha)"
    r"|\bused (?:the|my|this|an|a|your|some|what|every|it|them|up)\b"
    r"|\b(?:my|his|her|their|a friend|friend|mum|mom|dad|brother|sister|partner|husband|wife"
    r"|he|she|they|someone) (?:\w+ ){0,2}(?:relapsed|drank|used|slipped|got drunk|got high)\b"
    r"|\bif i (?:drink|use|drank|used|relapse)\b|\bafraid (?:i will|i might|of) (?:relapse|drink)"
    r"|\bscared (?:i will|i might|of) (?:relapse|drink)"
)
_WHEN = re.compile(
    r"\b(?:last night|yesterday(?: evening| morning| afternoon| night)?|this morning"
    r"|this afternoon|this evening|tonight|today|just now|an hour ago|earlier(?: today)?"
    r"|(?:on |last )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"|(?:\d+|a|one|two|three|four|five|six) days? ago|the other day|over the weekend"
    r"|at the weekend|on the weekend)\b"
)

# --- cravings and distress ------------------------------------------------------------------
_CRAVING = re.compile(
    r"\bcrav\w*"
    rf"|\b(?:want|wanted|need|needed|dying for|could use|could really use|gasping for"
    rf"|desperate for|itching for|itching to|fancy|fancied) (?:a |to |some |another |one )?"
    rf"(?:drink|drinks|use|using|get high|get drunk|get wasted|smoke|hit|fix|beer|bottle"
    rf"|line|score|relapse|pills|gamble|bet|{_SUBSTANCES})\b"
    r"|\b(?:urge|urges|tempted|temptation|triggered|triggering|obsessing)\b"
    r"|\bthinking (?:about|of) (?:drinking|using|a drink|getting high|relapsing|picking up"
    r"|scoring)|\b(?:hands are shaking|shaking|the shakes|withdrawal|withdrawals|sweats"
    r"|clucking|dope sick)\b"
    r"|\bhard not to (?:drink|use)\b|\bon the edge of (?:drinking|using|relapse)"
    r"|\babout to (?:drink|use|relapse|pick up)\b|\bgoing to (?:drink|use|relapse|pick up)\b"
    r"|\b(?:almost|nearly|so close to|came close to) (?:drank|drink|drinking|used|use|using"
    r"|relapsed|relapse|picked up|pick up|gave in)\b"
)
_NOT_CRAVING = re.compile(
    r"\b(?:no|not|without|zero|less|fewer|never|barely any) (?:\w+ ){0,2}(?:crav\w*|urges?"
    r"|tempted|shaking|triggered)"
    r"|\bcrav\w* (?:is|are|was|were|has|have) (?:gone|better|easier|passed|fading|less)"
    r"|\bcraving free\b|\b(?:beat|beaten|got through|rode out|surfed) (?:the |a |my |that )?"
    r"(?:crav\w*|urges?)"
)
_FEELINGS = (
    r"awful|terrible|rubbish|shit|shitty|crap|crappy|horrible|hopeless|worthless|lonely|alone"
    r"|empty|anxious|scared|afraid|terrified|overwhelmed|panicky|panicking|low|down|depressed"
    r"|sad|lost|broken|numb|exhausted|miserable|useless|ashamed|guilty|angry|furious|awful"
    r"|unwell|sick|stressed|frightened|desperate|a mess|like a failure|like giving up"
)
_DISTRESS = re.compile(
    rf"\b(?:feel|feeling|felt|feels|am|was|i am so|i am really|i am just) (?:so |really |very "
    rf"|pretty |quite |completely |totally |super |a bit |kind of |still |just |like )*"
    rf"(?:{_FEELINGS})\b"
    r"|\b(?:panic attack|can not sleep|not sleeping|struggling|falling apart|breaking down"
    r"|losing it|on edge|not ok|not okay|not coping|can not cope|hard day|rough day|bad day"
    r"|horrible day|awful day|terrible day|having a hard time|having a rough time|help me"
    r"|i need help|need to talk|so tired of|fed up|can not stop crying|crying|in a bad place"
    r"|dark place|hate myself|hate my life)\b"
)
_NOT_DISTRESS = re.compile(
    r"\bnot (?:so |too |that |feeling )?(?:bad|awful|terrible|low|down|anxious|sad|lonely)\b"
    r"|\bno longer (?:\w+ )?(?:anxious|sad|low|depressed|lonely)\b|\bnot struggling\b"
)

# --- progress on a goal ---------------------------------------------------------------------
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
_THANKS = re.compile(
    r"\b(?:thank you|thanks|thank u|cheers|much appreciated|appreciate (?:it|you|that)"
    r"|you are (?:a star|the best|great|amazing)|that helped|this helps|that helps)\b"
)
_GREETING = re.compile(
    r"^(?:hi|hey|hello|hiya|heya|yo|howdy|good (?:morning|afternoon|evening|night)|morning"
    r"|evening|gm|gn|night|hi there|hello there|hey there)\b"
)


def _concepts(words: Sequence[str]) -> set[str]:
    return {_CONCEPTS[word] for word in words if word in _CONCEPTS}


def _matching_goal(message: str, goals: Sequence[tuple[int, str]]) -> int | None:
    """The active goal a message reports doing, by a shared concept (walk/ran, call/rang)."""
    if not _DONE_WORDS.search(message) or _SOMEONE_ELSE.match(message):
        return None
    said = _concepts(message.split())
    for goal_id, title in goals:
        if said & _concepts(normalise(title).split()):
            return goal_id
    return None


def read_message(text: str, goals: Sequence[tuple[int, str]] = ()) -> Reading:
    """What a plain private message is about, and what to offer (never what to do)."""
    message = normalise(text)
    if not message:
        return Reading(Intent.OTHER)
    if _DANGER.search(message) and not _NOT_DANGER.search(message):
        return Reading(Intent.DANGER)
    if _RELAPSE.search(message) and not _NOT_RELAPSE.search(message):
        when = _WHEN.search(message)
        return Reading(Intent.RELAPSE, when=when.group(0) if when else None)
    goal_id = _matching_goal(message, goals)
    if _CRAVING.search(message) and not _NOT_CRAVING.search(message):
        return Reading(Intent.CRAVING, goal_id=goal_id)
    if _DISTRESS.search(message) and not _NOT_DISTRESS.search(message):
        return Reading(Intent.DISTRESS, goal_id=goal_id)
    if goal_id is not None:
        return Reading(Intent.PROGRESS, goal_id=goal_id)
    if _THANKS.search(message):
        return Reading(Intent.THANKS)
    if _GREETING.search(message) and len(message.split()) <= 6:
        return Reading(Intent.GREETING)
    return Reading(Intent.OTHER)
