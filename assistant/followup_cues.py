"""What a message's words say about the conversation, for ``assistant.followup``: words that
refer back ("it", "that", "the infection"), continue ("and", "what about"), switch the topic
("what about metformin?"), qualify the last question ("and in toddlers?"), go back to an earlier
topic ("back to the first one"), name the people it is about, or tell rather than ask; and the
general words of article questions that name no topic.

Usage example::

    tokens_of("Is it safe to take?")             # ['is', 'it', 'safe', 'to', 'take']
    dummy_it(tokens_of("Is it safe to take?"), 1)   # True: an "it" that refers to nothing
"""

from __future__ import annotations

import re
from collections import defaultdict

from library.words import LETTER_WORD, STOP_WORDS, words

REFERRING = re.compile(r"\b(it|its|it's|this|that|these|those|they|them|their|theirs|he|she|his|her|"
                       r"him)\b", re.IGNORECASE)
CONTINUES = re.compile(r"^\W*(?:and|also|plus|but|so|then|what about|how about|and what about|"
                       r"same (?:for|with)|what if)\b", re.IGNORECASE)
_FILLER = r"(?:(?:ok(?:ay)?|so|alright|well|hmm+|right)\W+)?"
_WHAT = r"(?:what|wat|wht|whta|how)"
SWITCH = re.compile(rf"^\W*{_FILLER}(?:(?:and\s+)?{_WHAT} about|and)\s+(?P<rest>.+?)\W*$", re.IGNORECASE)
# "and in toddlers?", "what about for a breastfed baby?": the last question, for someone else
QUALIFIER = re.compile(rf"^\W*{_FILLER}(?:(?:and\s+)?{_WHAT} about|and)\s+(?P<rest>(?:in|for|during|with|while|"
                       r"after|before|at|on)\b.+?)\W*$", re.IGNORECASE)
# "going back to the first one", "the earlier question": a topic before the last one
BACK = re.compile(r"\b(?:back to|go(?:ing)? back|return(?:ing)? to)\b", re.IGNORECASE)
ORDINAL = re.compile(r"\b(?P<which>first|1st|original|earlier|previous|other|prior)\s+(?:one|question|"
                     r"thing|topic|test|condition|issue|problem|med|medicine|drug|one i asked)\b", re.IGNORECASE)
# the people a conversation is about: "for my grandma" returns to "my grandmother was just
# diagnosed with osteoporosis"
PERSON = {w: who for who, words in {
    "grandmother": "grandma grandmother granny nana gran", "grandfather": "grandpa grandfather granddad",
    "mother": "mom mother mum mommy mama", "father": "dad father daddy papa",
    "husband": "husband hubby", "wife": "wife", "son": "son", "daughter": "daughter",
    "baby": "baby infant newborn", "toddler": "toddler", "sister": "sister", "brother": "brother",
    "boyfriend": "boyfriend", "girlfriend": "girlfriend", "partner": "partner",
}.items() for w in words.split()}
BY_PRONOUN = {**dict.fromkeys(("he", "him", "his"), ("grandfather", "father", "husband", "son", "brother",
                                                      "boyfriend")),
              **dict.fromkeys(("she", "her", "hers"), ("grandmother", "mother", "wife", "daughter", "sister",
                                                       "girlfriend"))}
# Article questions are written on templates; the name in "What is (are) Pink Eye ?" is a
# topic even when its words are everyday English ("pink eye", "high blood pressure").
TEMPLATE = re.compile(r"^(?:what (?:is|are) \(are\)|what (?:is|are)|what causes|how to (?:prevent|diagnose)|"
                      r"who is at risk for|what is the outlook for|what are the (?:signs and )?symptoms of|"
                      r"what are the (?:treatments|complications|stages) (?:of|for)|"
                      r"do you have information about)\s+(?P<name>[^?]+?)\s*\?*\s*$", re.IGNORECASE)
# "is it safe to...", "how long does it take to...": an "it" that refers to nothing before
_DUMMY_AFTER = frozenset("safe ok okay alright normal possible bad good dangerous true common necessary "
                         "harmful wise better worse risky healthy unusual worth too".split())
_ANTECEDENT = frozenset("something anything everything nothing one ones thing things someone anyone "
                        "people foods food medicine medicines drugs exercises ways way".split())
# a person telling: "i have...", "my eye has been...", "my son fell..."
_I = frozenset("i i'm i've im ive".split())
_TELLING = frozenset("is has have had was were keeps kept gets got feels felt hurts hurt been started "
                     "fell went can't cant won't does did just".split())
# "which one causes weight gain?": a choice between the last two topics
WHICH = re.compile(r"\bwhich (?:one|of (?:them|the two|those))\b|\bthe difference\b|\bboth\b|\bcompare\b",
                   re.IGNORECASE)
# "the infection", "that rash": a definite reference to a word of an earlier topic
DEFINITE = re.compile(r"\b(?:the|that|this|those|these)\s+(?P<w>[a-z][a-z'-]{2,})\b", re.IGNORECASE)
# Words of article questions that do not name a topic: function words, question and template
# words, and the general words of medicine and of people.
GENERAL = STOP_WORDS | frozenset("""
now are (are) is(are) there any anything something
what's how's who's don't can't won't i'm i've it's
tell know want need please thank thanks hi hello question questions answer ask asked
information info learn read find help mean means meaning called call get gets getting got go
goes going make makes take takes taking use used using do done feel feels feeling felt
treatment treatments treat treated treating therapy therapies cure cured cures manage managing
management symptom symptoms sign signs cause causes caused causing risk risks factor factors
diagnose diagnosed diagnosis diagnosing test tests testing tested prevent prevented prevention
preventing outlook prognosis research clinical trial trials study studies genetic genetics
gene genes change changes inherited inherit inheritance related affected affect affects
people person patient patients many much long often how common rare type types kind kinds form
forms stage stages causes problem problems condition conditions disease diseases disorder
disorders syndrome illness health healthy medical medicine medicines drug drugs medication
medications side effect effects dose doses dosage safe safety normal best good bad worse better
child children kid kids baby babies infant infants adult adults teen teens teenager teenagers
woman women man men female male older old elderly young age aged pregnant pregnancy family
mom mother dad father son daughter wife husband friend parent parents
doctor doctors provider nurse hospital care home day days week weeks month months year years
vaccine vaccines vaccination vaccinations shot shots injection injections antibiotic antibiotics
pill pills tablet tablets cream creams ointment surgery surgeries operation operations
exercise exercises diet diets food foods supplement supplements remedy remedies therapy
time times life live living lives new way ways work works happen happens possible important
should would could may might must shall also still even every well really sure lot lots
hereditary curable fatal trigger triggers healing reoccur reoccurring
toddler toddlers newborn newborns breastfed senior seniors grandma grandmother grandpa grandfather
granny grandparent grandparents
""".split())
GENERAL_BY_START: dict[str, list[str]] = defaultdict(list)
for _w in GENERAL:
    GENERAL_BY_START[_w[:2]].append(_w)


def tokens_of(text: str) -> list[str]:
    return words(text, LETTER_WORD)  # a number names no topic


def dummy_it(tokens: list[str], i: int) -> bool:
    """Whether tokens[i] is an "it" that points at nothing: "is it safe to take...", "how
    long does it take to heal", "what does it mean when..."."""
    if tokens[i] == "that" and i and tokens[i - 1] in _ANTECEDENT:
        return True  # "something that gets passed down": a relative "that"
    if tokens[i] != "it":
        return False
    after = tokens[i + 1] if i + 1 < len(tokens) else ""
    before = tokens[i - 1] if i else ""
    return ((before in ("is", "isn't", "was", "would", "will") and after in _DUMMY_AFTER)
            or (after in ("take", "takes") and "to" in tokens[i + 2:i + 5])
            or (before in ("does", "do") and after == "mean"))


def tells(tokens: list[str], i: int) -> bool:
    """Whether a first-person account starts at tokens[i] ("i have", "my eye has been")."""
    nxt = tokens[i + 1:i + 4]
    if i and tokens[i - 1] in _AUXILIARY:
        return False  # "do i have to...", "should i take...": asking, not telling
    return ((tokens[i] in _I and bool(nxt) and nxt[0] not in _AUXILIARY and nxt[:2] != ["have", "to"])
            or (tokens[i] == "my" and any(t in _TELLING for t in nxt[1:3])))


_AUXILIARY = frozenset("do does did can could should would will may might must am shall".split())


def is_statement(text: str) -> bool:
    """A message that tells, not asks: "i'm 30 weeks pregnant and my ankles are swollen"."""
    first = tokens_of(text)[:1]
    return not text.rstrip().endswith("?") and not (first and (first[0] in _QUESTION_STARTS))


_QUESTION_STARTS = frozenset("what wat whats what's how why when where which who whom whose is are am was "
                             "were do does did can could should would will may might has have had any "
                             "tell explain".split())
