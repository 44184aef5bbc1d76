"""What the words of a message say, read with regular expressions: the cues that a message is
*about* an emergency rather than living it (the unmistakable phrases of one are in
``assistant.triage.phrases``).

Patterns are matched on one sentence at a time, after ``normalise`` (lower case, straight
apostrophes, common texting spellings: "cant breath" -> "can't breath").

A match does not count when a negation stands just before it ("no chest pain"), and a
sentence is read as *about* the topic, not urgent, when it is far in time ("last year",
"in 2019", "for months") and says nothing of now, or when it is a general or conditional
question ("what should you do if someone is choking?") with nobody in it.
"""

from __future__ import annotations

import re

from assistant.triage.phrases import TOPIC, URGENT
from library.sentences import open_clause
from library.sentences import sentences as split_sentences
from library.words import SPELLED_WORD

# ----- text -----------------------------------------------------------------------------------

_SPELLINGS = {
    "cant": "can't", "cannot": "can't", "dont": "don't", "wont": "won't", "isnt": "isn't",
    "doesnt": "doesn't", "didnt": "didn't", "hasnt": "hasn't", "havent": "haven't",
    "im": "i'm", "ive": "i've", "hes": "he's", "shes": "she's", "its": "it's", "u": "you",
    "ur": "your", "pls": "please", "plz": "please", "bc": "because", "cuz": "because",
    "brething": "breathing", "breating": "breathing", "breathin": "breathing", "brethe": "breathe",
    "breth": "breathe", "swalowed": "swallowed", "swallowd": "swallowed", "swollowed": "swallowed",
    "unconcious": "unconscious", "unconsious": "unconscious", "siezure": "seizure",
    "seizer": "seizure", "seazure": "seizure", "bleading": "bleeding", "bledding": "bleeding",
    "bleeing": "bleeding", "vomitting": "vomiting", "pils": "pills",
    "chset": "chest", "ches": "chest", "stomache": "stomach", "pregant": "pregnant",
    "pregnat": "pregnant", "dauter": "daughter", "daugher": "daughter", "doughter": "daughter",
    "babys": "baby's", "sucide": "suicide", "suicde": "suicide", "alergic": "allergic",
    "allergick": "allergic", "headach": "headache", "hedache": "headache", "fiver": "fever",
    "feaver": "fever", "overdosed": "overdosed", "overdoes": "overdose", "od'd": "overdosed",
    "odd": "odd", "wnt": "want", "wanna": "want to", "gonna": "going to", "becuase": "because",
    "somthing": "something", "sumthing": "something", "husbend": "husband", "hubby": "husband", "mum": "mom", "mam": "mom",
    "grandma": "grandmother", "granny": "grandmother", "nana": "grandmother",
}


def normalise(text: str) -> str:
    text = (text or "").lower().replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    text = re.sub(r"\.{2,}|\u2026", " ", text)  # "I can't... breathe": one phrase
    text = SPELLED_WORD.sub(lambda m: _SPELLINGS.get(m.group(0), m.group(0)), text)
    return re.sub(r"\s+", " ", text).strip()


def sentences(text: str) -> list[str]:
    """The message's sentences (a whole one-line message is one sentence)."""
    return [p for p in split_sentences(text or "", clauses=True) if re.search(r"[a-zA-Z]", p)]


# Someone in the message: a person living the situation, not "someone" in general.
PERSON = r"(?:i|i'm|i've|i'd|me|my|we|we're|our|us|he|he's|she|she's|they're|him|his|her|their)"
_NOT = r"(?:can't|won't|isn't|doesn't|didn't|not|no longer|stopped|stop)"

# ----- how the message stands to the event --------------------------------------------------------

NEGATION = re.compile(r"\b(?:no|not|never|without|denies|don't|doesn't|didn't|isn't|wasn't|"
                      r"haven't|hasn't|aren't|nor|free of)\b(?:\W+\w+){0,3}\W*$")
# Far in time, or background: the event is not happening now (unless the message says it is).
DISTANT = re.compile(
    r"\b(?:last|past|previous)\s+(?:year|month|summer|winter|spring|fall|autumn|christmas|decade)\b|"
    r"\b(?:\d+|a|one|two|three|four|five|six|several|many|few|couple of)\s+(?:years?|months?|decades?)\s+ago\b|"
    r"\b(?:in|since|back in)\s+(?:19|20)\d\d\b|\bas a (?:child|kid|teen\w*|baby)\b|\bwhen (?:i|he|she) was (?:a |little|young|younger|\d)|"
    r"\bhistory of\b|\bused to\b|\bin the past\b|\byears ago\b|\bmonths ago\b|\bsurvived\b|"
    r"\b(?:chronic|ever since)\b|\bfamily history\b|\bruns in (?:my|the) family\b"
)
# Recurring: the danger words themselves come and go ("I can't breathe sometimes").
RECURRING = re.compile(
    r"\b(?:for|since)\s+(?:months|years|weeks|a long time|ages|a few weeks|several weeks|the past (?:few )?(?:weeks|months|years))\b|"
    r"\b(?:sometimes|occasional|occasionally|every (?:now|once|so often)|from time to time|on and off|off and on|now and then|"
    r"recurr\w*|it passes|goes away|comes and goes)\b"
)
# Only plain words for now override RECURRING ("sometimes, but this one ...").
NOW_WORDS = re.compile(r"\b(?:right now|now|currently|at the moment|tonight|today|this one|this time|this is|"
                       r"(?:i'm|i am|he's|she's|they're) going to|"
                       r"won't (?:stop|go away)|just (?:now|started|happened))\b")
# Said to be happening now (overrides DISTANT).
PRESENT = re.compile(r"\b(?:right now|now|currently|at the moment|just|tonight|suddenly|this one|this time|"
                     r"(?:is|are|am|'m|'s) having|(?:i'm|i am|he's|she's) going to|won't (?:stop|go away|wake)|can't breathe|"
                     r"this (?:morning|afternoon|evening)|"
                     r"today|(?:an?|one|two|few|\d+|couple of) (?:minutes?|mins?|hours?|hrs?) ago|help|hurry|please help|"
                     r"since (?:this|last night|an hour|\d+ ?(?:am|pm)))\b")
# A general or conditional question: about the topic, not about someone's situation.
QUESTION = re.compile(
    r"^(?:what|what's|whats|how|why|when|which|who|is|are|can|could|does|do|should|would|will|where|"
    r"tell me|explain|is it|are there)\b(?!')|"
    r"\b(?:signs? (?:of|that)|symptoms? of|first aid (?:for|if|when)|how to|what to do|ways? to|"
    r"for a (?:first aid )?(?:course|class)|difference between)\b")
# A conditional about anybody ("if someone is choking"), not about the writer's own ("if my baby ...").
CONDITIONAL = re.compile(r"\b(?:if|when|in case)\s+(?:someone|somebody|a person|a child|a baby|a kid|an adult|"
                         r"you|your|people|one|a friend|a family member|a patient|they|a toddler|an infant|"
                         r"a woman|a man|a pregnant)\b|\bwhether\b")
# A person and their state: "my son is", "he can't", "I took", "she's having".
REPORT = re.compile(
    r"\b(?:i|i'm|i've|me|my \w+|we|we're|he|he's|she|she's|they|they're|his \w+|her \w+|our \w+)\b.{0,40}"
    r"\b(?:is|are|am|'m|'s|was|were|has|have|had|having|been|just|took|swallowed|ate|drank|fell|hit|collapsed|"
    r"can't|won't|don't|doesn't|keeps?|started|stopped|suddenly|got|feel|feels|felt|looks?|seems?|says?|said|"
    r"thinking|think|want|wants|need|needs|tried|trying)\b")

# Said to be mild, resolved or under control: a semantic match alone is not urgent then.
REASSURED = re.compile(
    r"\b(?:mild|mildly|slight|slightly|a (?:little|bit)|(?:is|are|seems?|feels?|been|doing|feeling) (?:stable|fine|ok|okay|normal|better|well)|"
    r"(?:eating|feeding|drinking|playing|chatting|sleeping|acting|breathing) (?:fine|well|normally|ok|okay|as usual)|"
    r"(?:(?:is|are|he's|she's) still|still) (?:playing|running around|active|laughing)|"
    r"(?:it|bleeding|pain|seizure|shaking|it's|which) (?:has |had |then )?(?:stopped|went away|settled)|"
    r"(?:goes away|resolved|cleared up|under control|on (?:its|their) own)|otherwise (?:fine|well|ok)|"
    r"no (?:fever|temperature|other symptoms)|nothing serious|routine|check-?up|vaccin\w*|jab)\b")
# Danger said now, or a turn for the worse: reassurance earlier in the message no longer holds.
PRESENT_DANGER = re.compile(r"\b(?:worse|getting worse|worsening|can't|won't|not (?:breathing|waking|responding)|"
                            r"stopped breathing|help|emergency|911|ambulance|suddenly|"
                            r"(?:but|until|then|and) (?:now|today|tonight|this morning|all of a sudden))\b")
_REASSURED_NOW = re.compile(r"\b(?:well|fine|better|ok|okay|good|normal|stable) now\b")


_CONTRAST = re.compile(r"\b(?:but|however|though|although|yet|now|then|suddenly|except)\b")


def reassured(sentence: str) -> bool:
    """Mild, settled or routine, and nothing said to be getting worse. After a contrast only
    the last part counts: "no fever, but she's limp" is not reassuring, "well controlled but
    I get a bit wheezy" is."""
    last = _CONTRAST.split(sentence)[-1]
    return bool(REASSURED.search(last)) and not PRESENT_DANGER.search(last)


_NOT_A_NEGATION = re.compile(r"\b(?:not sure|not okay|not ok|not well|not good|no idea|never (?:had|felt|seen)\b.{0,20}\blike)\b")


_SIMILE = re.compile(r"\b(?:sounds?|sounded|sounding|snor\w*) like\b(?:\W+\w+){0,3}\W*$|\bas if\b(?:\W+\w+){0,3}\W*$")


def simile(sentence: str, start: int) -> bool:
    """The danger words are a comparison ("snores so loud it sounds like I'm choking")."""
    return bool(_SIMILE.search(sentence[max(0, start - 40):start]))


def negated_danger(sentence: str) -> bool:
    """The sentence names a danger only to deny it ("no chest pain, just a cough")."""
    denied = False
    for pattern in (*URGENT.values(), *TOPIC.values()):
        for m in pattern.finditer(sentence):
            if negated(sentence, m.start()):
                denied = True
            elif pattern in URGENT.values():
                return False
    return denied


def negated(sentence: str, start: int) -> bool:
    """A negation in the three words before position ``start``, in the same clause ("I have
    no chest pain"; not "No, he isn't breathing" nor "not sure, but crushing chest pain")."""
    window = open_clause(sentence[max(0, start - 40):start])
    return bool(NEGATION.search(window)) and not _NOT_A_NEGATION.search(window)


def has_person(sentence: str) -> bool:
    return bool(re.search(rf"\b{PERSON}\b", sentence)) or bool(
        re.search(r"\b(?:husband|wife|son|daughter|baby|child|kid|mom|dad|mother|father|friend|"
                  r"brother|sister|grandmother|grandfather|grandpa|partner|boyfriend|girlfriend|"
                  r"roommate|coworker|neighbou?r|toddler|infant|newborn|uncle|aunt|cousin|patient here)\b",
                  sentence))


def distant(sentence: str, recurring: bool = True) -> bool:
    """Far in time or background, and not said to be happening now; with ``recurring``, also
    a danger that comes and goes ("I can't breathe sometimes") unless "this one" is now."""
    plain = _REASSURED_NOW.sub(" ", sentence)
    if recurring and RECURRING.search(sentence) and not NOW_WORDS.search(plain):
        return True
    return bool(DISTANT.search(sentence)) and not PRESENT.search(plain)


def general(sentence: str) -> bool:
    """A general or conditional question, not a report of someone's situation.

    "what do I do, my son swallowed bleach": a report inside a question is still a report."""
    if not QUESTION.search(sentence):
        return False
    if CONDITIONAL.search(sentence):
        return True
    if re.search(r"\b(?:someone|somebody|a person|people|anyone)\b", sentence) and not re.search(
            r"\b(?:my|i|i'm|i've|he|she|he's|she's)\b", sentence):
        return True
    return not PRESENT.search(sentence) and not REPORT.search(sentence)


_NOW = re.compile(
    r"\b(?:right now|happening (?:now|to (?:me|him|her|us))|it's happening|this is happening|"
    r"(?:i|he|she|they|we|my \w+) (?:has|have|had|is having|am having|'s having|are having|got|is showing|"
    r"(?:has|have) got) (?:it|them|these|those|this|that|all of (?:them|these|those)|some of (?:them|these|those)|"
    r"one|the same)(?: (?:right )?now| at the moment| today| again)?|"
    r"(?:i|he|she) think (?:i'm|i am|he's|he is|she's|she is) having (?:one|it)|"
    r"that's what(?:'s| is) happening|(?:what do i|what should i|what should we) do now)\b")


def happening_now(text: str) -> bool:
    """A follow-up that says the topic of the conversation is happening now."""
    return bool(_NOW.search(text))
