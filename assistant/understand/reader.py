"""Question understanding: what a person's message is about (its focus), what kind of answer it
wants (its type), whether it asks yes or no, and the words that narrow it (its aspect).

- **Type**: cue words of each type, read in the sentences that ask (those ending in "?", or
  the first one); when several types' cues are there, the more specific wins (a comparison
  over an interaction over a dosage ... over a definition: ``question_types``). A cause asked
  of a drug is a side effect ("does metformin cause weight loss").
- **Focus**: the library's own topic names (``forms.article_form`` of every stored question,
  their brand names from the "brand names of" articles), found in the message longest first;
  two for a comparison or an interaction when the message names two.
- **Aspect**: the message's content words that are neither the focus nor the type's cue
  ("weight loss", "at night").

Measured on labelled messages written blind (``bench/question_types.py``).

Usage example::

    reader = QuestionReader.from_library(library)
    u = reader.read("Is it dangerous to have a couple of beers with hydrocodone?")
    u.type, u.yes_no, u.focus, u.aspect    # "interaction", True, ["hydrocodone"], ["dangerous", ...]
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from assistant.understand.forms import article_form, topic_names
from assistant.understand.names import is_drug, name_key, normalise_name
from assistant.understand.question_types import asking_sentences, question_type
from library.sentences import comma_parts
from library.words import STOP_WORDS

_R = lambda p: re.compile(p, re.IGNORECASE)  # noqa: E731
_YES_NO = _R(r"^\W*(?:(?:and|but|so|also|ok|okay|well|hi|hello),?\s+)?(?:can|could|does|do|did|is|are|was|"
             r"were|will|would|should|shall|may|might|has|have|had|am|isn't|aren't|doesn't|don't|won't)\b")
_ASK_WORDS = {"what", "how", "why", "when", "which", "who", "whats", "can", "could", "does", "do", "is", "are",
              "should", "will", "would", "may", "might", "i", "my", "me", "we", "our", "you", "it", "its", "im",
              "ive", "get", "got", "take", "taking", "know", "tell", "please", "thanks", "thank", "mean",
              "really", "actually", "just", "still", "ok", "okay", "mom", "dad", "son", "daughter", "husband",
              "wife", "doctor", "dr", "said", "says", "told", "year", "old", "years"}
# Words that say the type, not what the question is about: never an aspect.
TYPE_WORDS = {"long", "cause", "causes", "caused", "causing", "symptoms", "symptom", "signs", "sign", "treat",
              "treated", "treatment", "treatments", "treating", "cure", "prevent", "prevented", "prevention",
              "risk", "risks", "contagious", "difference", "different", "side", "effects", "effect", "dose",
              "dosage", "diagnose", "diagnosed", "diagnosis", "test", "tested", "outlook", "prognosis", "normal",
              "safe", "bad", "good", "okay", "dangerous", "help", "helps", "happen", "happens", "mean", "means",
              "need", "needs", "supposed", "going", "goes", "one", "another", "thing", "things", "way", "ways",
              "best", "worse", "better", "get", "gets", "getting", "usually", "common", "possible", "true",
              "hype", "real", "sure", "like", "feel", "feels", "much", "many", "often", "lot", "kind", "type",
              "types", "should", "stop", "started", "start", "keep", "make", "makes", "worry", "worried",
              "inherited", "genetic", "hereditary", "complications", "spread", "catch"}
# Everyday words and the library's words for the same thing (kinds of thing, not articles).
LAY_TERMS = {"beer": "alcohol", "beers": "alcohol", "wine": "alcohol", "liquor": "alcohol", "drinks": "alcohol",
             "drinking": "alcohol", "booze": "alcohol", "milk": "dairy", "cheese": "dairy", "yogurt": "dairy",
             "guys": "males", "men": "males", "boys": "males", "man": "male", "girls": "females",
             "women": "females", "woman": "female", "kids": "children", "kid": "child", "baby": "infant",
             "babies": "infants", "pregnant": "pregnancy", "q-tips": "cotton swab", "cups": "sharing",
             "kissing": "kiss", "kisses": "kiss", "pee": "urine", "poop": "stool", "tummy": "stomach",
             "belly": "abdomen", "shot": "vaccine", "shots": "vaccines", "pills": "tablets", "meds": "medicines",
             "sex": "sexual", "older": "age", "weight": "weight", "period": "menstrual"}
# Generic heads a topic's name may carry or not ("Kawasaki disease", "Kawasaki syndrome").
_GENERIC_HEAD = re.compile(r"\s+(?:disease|syndrome|disorder|infection|infections|deficiency|condition|"
                           r"in adults|in children|in women|in men|overview)$")
COMMON_ZIPF = 5.3  # a one-word name this common ("early", "heart") is not a focus alone
LAY_NAME_ZIPF = 3.6  # a name in brackets after the library's name ("(mono)") rarer than this in
# English is another name for it; a common word in brackets ("(heart)") is not
# "Name (other name)": one word in brackets (an optional ®) after a word; the name is read
# from the words before it
_ADJECTIVE = re.compile(r"(?:ic|ous|ou|al|ive|ed|ing|ary|ful|less)$")
_NAMED_PAIR = re.compile(r"(?<=[A-Za-z] )\(([A-Za-z][A-Za-z-]{2,})®?\)")

# the library's kinds that answer each type a person asks for
ANSWERED_BY = {
    "definition": {"definition", "information"}, "cause": {"cause"}, "symptom": {"symptom"},
    "diagnosis": {"diagnosis"}, "treatment": {"treatment"}, "prevention": {"prevention"},
    "outlook": {"outlook"}, "complication": {"complication"}, "risk": {"risk", "frequency"},
    "when_doctor": {"when_doctor"}, "diet": {"diet"}, "side_effect": {"side_effect"},
    "interaction": {"interaction", "diet"}, "dosage": {"dosage"}, "inheritance": {"inheritance"},
    "comparison": {"definition"},
}
DRUG_SUBJECTS = {"drugs", "herbs and supplements", "herbs-and-supplements"}


@dataclass
class Understanding:
    question: str
    type: str  # one of forms.TYPES
    yes_no: bool
    focus: list[str] = field(default_factory=list)  # the library's names, lower case
    aspect: list[str] = field(default_factory=list)  # content words beyond focus and type
    types: list[str] = field(default_factory=list)  # every type whose cue is there, best first
    # how much each aspect word counts: 1 in a sentence that asks, 0.5 in the background only
    aspect_weights: dict[str, float] = field(default_factory=dict)
    cued: bool = True  # False: no cue of any type; "definition" is only the default


    @property
    def comparison(self) -> bool:
        return self.type == "comparison"


_SIDES = _R(r"\bbetween (?:a |an |the )?(?P<a>[\w' -]+?) and (?:a |an |the )?(?P<b>[\w' -]+?)(?:\?|$|,|\.| for\b| in\b)|"
            r"(?P<c>[\w'-]+(?: [\w'-]+)?) (?:vs\.?|versus|or|compared (?:to|with)) (?:a |an |the )?(?P<d>[\w'-]+(?: [\w'-]+)?)")


def _zipf(word: str) -> float:
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # pragma: no cover - wordfreq is a dependency
        return 0.0
    return zipf_frequency(word, "en")


class QuestionReader:
    """Reads messages against the library's topic names (``from_library``)."""

    def __init__(self, names: dict[str, set[int]] | None = None, drug_names: set[str] | None = None,
                 aliases: dict[str, str] | None = None, display: dict[str, str] | None = None):
        self.names = names or {}  # a topic name (``name_key``) -> the articles about it
        self.drug_names = drug_names or set()
        self.aliases = aliases or {}  # a brand name -> the library's name ("cipro" -> "ciprofloxacin")
        self.display = display or {}  # a key -> the name as the library writes it (lower case)
        self.longest = max((len(n.split()) for n in self.names), default=1)
        self.conditions: set[str] = set()  # names with a symptoms or treatments article
        # another name an article gives in brackets after the library's ("infectious
        # mononucleosis (mono)", "acetaminophen (Tylenol)"): the message's focus, never spelled
        # out for retrieval (searching them lowered judged retrieval: docs/benchmarks.md)
        self.other_names: dict[str, str] = {}

    @classmethod
    def from_library(cls, library) -> QuestionReader:
        names: dict[str, set[int]] = {}
        display: dict[str, str] = {}
        drugs: set[str] = set()
        aliases: dict[str, str] = {}
        other_names: dict[str, str] = {}  # "(mono)", "(Tylenol)": read as the focus, not searched
        conditions: set[str] = set()
        kind = ""

        def add(name: str, aid: int, drug: bool) -> None:
            key = name_key(name)
            if not key or key[0].isdigit():
                return
            if kind in ("symptom", "treatment"):
                conditions.add(key)
            names.setdefault(key, set()).add(aid)
            display.setdefault(key, name)
            if drug:
                drugs.add(key)

        articles = list(getattr(library, "articles", []))
        for a in articles:
            kind, topic = article_form(a.question)
            if not kind:
                continue
            drug = (a.subject or "").lower() in DRUG_SUBJECTS
            for name in topic_names(topic):
                add(name, a.id, drug)
                short = _GENERIC_HEAD.sub("", name)
                if short != name and len(short) > 3:
                    add(short, a.id, drug)  # "kawasaki" for "kawasaki syndrome" and "kawasaki disease"
                first = name.split()[0]
                if drug and len(first) >= 5 and first != name and _zipf(first) < 3.5:
                    add(first, a.id, drug)  # "glucosamine" for "glucosamine hydrochloride"
            if kind == "brand_names":
                generic = name_key(topic_names(topic)[0]) if topic_names(topic) else ""
                for item in re.split(r"(?:^|\s)-\s+|®|,", a.answer):
                    brand = name_key(item.strip().split(" ")[0]) if item.strip() else ""
                    if generic and len(brand) >= 4 and brand not in names and _zipf(brand) < 3.5:
                        aliases.setdefault(brand, generic)
        # "loperamide (Imodium)", "infectious mononucleosis (mono)", "acetaminophen (Tylenol)":
        # a drug's brand or a condition's everyday name, as the articles write it after the
        # library's own name (a topic name, or a drug word a topic name begins with)
        known = set(names) | {k.split()[0] for k in names  # "acetaminophen" of "acetaminophen overdose"
                              if len(k.split()[0]) >= 6 and (k in drugs or _zipf(k.split()[0]) < 3.5)}
        topic_words = {w for k in names for w in k.split()}
        pairs: Counter = Counter()
        seen: Counter = Counter()  # every bracketed word, after a name or not
        brands: set[str] = set()  # bracketed words written with a capital ("(Tylenol)")
        for a in articles:
            for m in _NAMED_PAIR.finditer(a.answer):
                if m.group(1).isupper():
                    continue  # an acronym ("(CRP)"): the Schwartz-Hearst table of retrieval spells those
                short = name_key(m.group(1))
                seen[short] += 1
                if m.group(1)[0].isupper():
                    brands.add(short)
                words = name_key(a.answer[max(0, m.start() - 60):m.start()]).split()[-4:]
                for size in (4, 3, 2, 1):  # the longest tail of the words before it that is a name
                    name = " ".join(words[-size:])
                    if len(words) >= size and name in known:
                        if size > 1 or _zipf(name) < LAY_NAME_ZIPF:  # not "bone (clavicle)"
                            pairs[(short, name)] += 1
                        break
        for (short, name), n in pairs.most_common():
            # after this name at least half the times it is bracketed ("(malignant)" follows
            # "cancerous" far more often than "Mesothelioma"), and twice unless it is a brand or
            # follows a name of several words ("infectious mononucleosis (mono)"); a name is a
            # noun, never an adjective ("(metastatic)", "(cancerous)", "(twisting)")
            if n < 0.5 * seen[short] or (n < 2 and short not in brands and " " not in name):
                continue
            if _ADJECTIVE.search(short) or short in topic_words:
                continue  # a word of the library's own topic names ("vertigo") is no other name
            if (len(short) >= 3 and short not in names and short not in aliases and short != name
                    and short not in STOP_WORDS and _zipf(short) < LAY_NAME_ZIPF
                    and not short.isdigit()):
                if name in drugs and short[:1].isalpha():  # "loperamide (Imodium)": a brand, searched too
                    aliases.setdefault(short, name)
                else:
                    other_names.setdefault(short, name)
        reader = cls(names, drugs, aliases, display)
        reader.other_names = other_names
        reader.conditions = conditions
        return reader

    def is_condition(self, name: str) -> bool:
        """A name the library writes symptoms or treatments of (a condition, not a substance)."""
        return name_key(name) in self.conditions

    def expand(self, text: str) -> str:
        """``text`` with each brand name the library knows followed by its own name, as the
        retrieval searches it ("cipro" -> "cipro (ciprofloxacin)"); unchanged when none."""
        if not self.aliases:
            return text

        def spelled(m: re.Match) -> str:
            name = self.aliases.get(name_key(m.group(0)))
            shown = self.display.get(name, name) if name else ""
            if not shown or shown.lower() in text.lower():  # already spelled out (an acronym)
                return m.group(0)
            return f"{m.group(0)} ({shown})"

        return re.sub(r"\b[A-Za-z][A-Za-z-]{3,}\b", spelled, text)

    def focus(self, question: str) -> list[str]:
        """The library topic names the message names, the most specific first (more words, then
        rarer), without overlaps; a very common word alone ("early") only if nothing else."""
        words = name_key(question).split()
        taken = [False] * len(words)
        found: list[tuple[str, int]] = []
        for size in range(min(self.longest, len(words)), 0, -1):
            for i in range(len(words) - size + 1):
                if any(taken[i:i + size]):
                    continue
                gram = " ".join(words[i:i + size])
                name = gram if gram in self.names else self.aliases.get(gram, "") or self.other_names.get(gram, "")
                if not name or (size == 1 and (gram in STOP_WORDS or gram in _ASK_WORDS or gram in TYPE_WORDS
                                               or len(gram) < 2)):
                    continue
                found.append((name, size))
                taken[i:i + size] = [True] * size
        common = [n for n, size in found if size == 1 and _zipf(n) >= COMMON_ZIPF]
        ranked = sorted((f for f in found if f[0] not in common), key=lambda f: (-f[1], _zipf(f[0])))
        names = [n for n, _ in ranked] or common
        return list(dict.fromkeys(self.display.get(n, n) for n in names))

    def read(self, question: str) -> Understanding:
        kind, kinds = question_type(question)
        kinds_found = list(kinds)
        focus = self.focus(question)
        words = name_key(question).split()
        drugs = [w for w in words if is_drug(w, self.drug_names)] + [f for f in focus
                                                                     if is_drug(name_key(f), self.drug_names)]
        if kind == "cause" and drugs:
            kind = "side_effect"  # "does metformin cause weight loss", "can atorvastatin make..."
        elif kind == "diet" and drugs:
            kind = "interaction"  # "can I eat grapefruit if I'm taking simvastatin"
        elif kind in ("definition", "treatment") and len(set(drugs)) >= 2 and re.search(
                r"\b(?:ok|okay|safe|fine|alright)\b[^.?!]{0,20}\b(?:take|use|have)\b", question, re.IGNORECASE):
            kind = "interaction"  # "I take warfarin. Is it ok to take glucosamine?"
        elif kind == "cause" and focus and self.is_condition(focus[0]) and re.search(
                rf"\b{re.escape(name_key(focus[0]).split()[-1])}\w*\b[^.?!]{{0,15}}\b(?:cause|make|give)", name_key(question)):
            kind = "symptom"  # "does ovarian cancer cause bloating": what the condition does
        kinds = [kind] + [k for k in kinds if k != kind]
        if kind == "comparison":
            m = _SIDES.search(question.lower())
            if m:
                sides = [x.strip() for x in (m.group("a") or m.group("c"), m.group("b") or m.group("d")) if x]
                focus = list(dict.fromkeys([*sides, *focus]))
        yes_no = any(_YES_NO.search(c) for p in asking_sentences(question) for c in comma_parts(p))
        primary = set(name_key(focus[0]).split()) if focus else set()
        weights: dict[str, float] = {}
        asking = set(normalise_name(" ".join(asking_sentences(question))).split())
        for w in dict.fromkeys(normalise_name(question).split()):
            other = self.aliases.get(name_key(w)) or self.other_names.get(name_key(w))
            if (w in STOP_WORDS or w in _ASK_WORDS or w in TYPE_WORDS or name_key(w) in primary or len(w) < 3
                    or w.isdigit() or (other and set(name_key(other).split()) <= primary)):
                continue  # the focus by another name ("cipro" for ciprofloxacin) is not an aspect
            weight = 1.0 if w in asking else 0.5
            for term in (w, LAY_TERMS.get(w, w)):
                weights[term] = max(weights.get(term, 0.0), weight)
        aspect = list(weights)
        return Understanding(question, kind, yes_no, focus, aspect, kinds, weights, cued=bool(kinds_found))
