"""Keep the topic straight: does a message stand alone, or continue the conversation?

Without a language model the assistant decides from the words, with the library as its
dictionary. A *topic word* is a word of the articles' questions that names something (a
condition, a drug, a body part: "fibrillation", "metformin", "knee") and is neither a
question word nor a general medical word ("treatment", "symptoms", "children"). Misspelled
topic words count ("atrail", "anemai").

- A message that names its own topic, before any pronoun, stands alone: "wat causes anemia
  in wemen" after two questions on atrial fibrillation is about anemia.
- A message that refers back ("how is it treated?", "is that her pills?") or has no topic of
  its own ("and the side effects?", "what about in children?") continues the last topic:
  the topic phrase of the last question that had one is put in place of the pronoun, or
  after the message: "how is atrial fibrillation treated?".
- "what about metformin?" keeps the last question and changes its topic: "what are the side
  effects of metformin?".

Usage example::

    reader = FollowUps.from_library(library)
    reader.standalone("how is it treated?", ["what is atrial fibrillation"])
    # 'how is atrial fibrillation treated?'
"""

from __future__ import annotations

import difflib
import re
from collections import Counter, defaultdict
from functools import lru_cache

from wordfreq import zipf_frequency

from assistant.followup_cues import (BACK, BY_PRONOUN, CONTINUES, DEFINITE, GENERAL, GENERAL_BY_START, ORDINAL,
                                     PERSON, QUALIFIER, REFERRING, SWITCH, TEMPLATE, WHICH, dummy_it, is_statement,
                                     tells, tokens_of)
from library.words import LETTER_WORD

MAX_PHRASE_WORDS = 4
OWN_WORDS = 3  # words of its own (not general) that make a short question stand alone
SWITCH_WORDS = 5  # "and prostate cancer?": a short message naming only a new topic
LONG_MESSAGE = 9  # a message this long naming a topic tells its own story
MIN_CORRECTED = 5
MAX_QUESTION_SHARE = 0.05  # a word in more article questions than this is a template word
# A word more common than this in everyday English (wordfreq's Zipf scale: 4 = once per 100,000
# words) is not a name: "eat", "range", "warning", "iron" appear in article questions too.
MAX_ZIPF = 4.4
TYPO_ZIPF = 3.0  # a word at least this common is an English word, not a misspelling


class FollowUps:
    def __init__(self, topic_words: set[str], vocab: set[str] | None = None,
                 phrases: set[str] | None = None):
        self.topic_words = frozenset(topic_words)
        # names of two or more everyday words ("pink eye"), as token tuples
        self.phrases = frozenset(tuple(p.split()) for p in phrases or ())
        self.vocab = frozenset(vocab or topic_words)  # every word of the articles' questions
        self._buckets: dict[str, list[str]] = defaultdict(list)
        for word in self.topic_words:
            if len(word) >= MIN_CORRECTED - 1:
                self._buckets[word[:2]].append(word)
        self.topic = lru_cache(maxsize=20_000)(self._topic)

    def __getstate__(self) -> dict:  # a saved snapshot holds the words, not the cache
        state = dict(self.__dict__)
        state.pop("topic", None)
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self.topic = lru_cache(maxsize=20_000)(self._topic)

    @classmethod
    def from_library(cls, library) -> FollowUps:
        """Topic words from the library's article questions and titles."""
        df: Counter[str] = Counter()
        named: Counter[str] = Counter()
        articles = library.articles if library is not None else []
        for article in articles:
            df.update(set(tokens_of(f"{article.question} {article.title}")))
            m = TEMPLATE.match(" ".join(article.question.split()))
            if m:
                named[" ".join(tokens_of(m.group("name")))] += 1
        limit = max(20, MAX_QUESTION_SHARE * len(articles))
        names = {w for w, n in df.items() if n <= limit and len(w) >= 3 and w not in GENERAL
                 and zipf_frequency(w, "en") < MAX_ZIPF}
        phrases = {p for p in named if 2 <= len(p.split()) <= MAX_PHRASE_WORDS
                   and not any(w in names for w in p.split())
                   and sum(w not in GENERAL for w in p.split()) >= 2}
        return cls(names, set(df), phrases)

    def _phrase_tokens(self, tokens: list[str]) -> set[int]:
        """Indexes of the tokens inside a name of two or more words ("hair loss", "pink eye")."""
        out: set[int] = set()
        for i in range(len(tokens) - 1):  # "pink eye" for "pinkeye", "heart burn"
            if len(tokens[i]) >= 3 and tokens[i] + tokens[i + 1] in self.topic_words:
                out.update((i, i + 1))
        for n in range(MAX_PHRASE_WORDS, 1, -1):
            for i in range(len(tokens) - n + 1):
                if tuple(tokens[i:i + n]) in self.phrases:
                    out.update(range(i, i + n))
        return out

    def _topic(self, word: str) -> bool:
        """Whether ``word`` (lower case) names a topic, allowing a typo in a longer word."""
        if word in GENERAL or len(word) < 3:
            return False
        if word in self.topic_words or (word.endswith("s") and word[:-1] in self.topic_words):
            return True
        common = zipf_frequency(word, "en")
        if common >= MAX_ZIPF:
            return False  # an everyday word ("first", "iron"), not a misspelt name
        if word + "s" in self.topic_words:
            return True
        if len(word) < MIN_CORRECTED or common >= TYPO_ZIPF:
            return False
        if difflib.get_close_matches(word, self._buckets.get(word[:2], ()), n=1, cutoff=0.8):
            return True  # a misspelt name ("atrail")
        if word in self.vocab or difflib.get_close_matches(word, GENERAL_BY_START.get(word[:2], ()), n=1,
                                                           cutoff=0.8):
            return False  # a word the library's questions use as a general one, or a misspelt one
        # a rare word the library's questions never use: a name it lacks ("kyphosis")
        return word.isalpha()

    # ----- reading a message ---------------------------------------------------------------
    def topic_phrase(self, text: str) -> str:
        """The words of ``text`` that name its topic, as written ("high blood pressure"): the
        run of topic words (joined by other words of the library's questions, or "of") with
        the most topic words, or ""."""
        words = list(LETTER_WORD.finditer(text or ""))
        in_phrase = self._phrase_tokens([m.group(0).lower().strip("'-") for m in words])
        flags = []
        for k, m in enumerate(words):
            w = m.group(0).lower().strip("'-")
            known = w in self.vocab or w + "s" in self.vocab or (w.endswith("s") and w[:-1] in self.vocab)
            flags.append(2 if self.topic(w) or k in in_phrase else
                         1 if (known and w not in GENERAL) or w == "of" else 0)
        best, best_key = None, None
        i = 0
        while i < len(words):
            if flags[i] == 0:
                i += 1
                continue
            j = i
            while j + 1 < len(words) and flags[j + 1]:
                j += 1
            s, e = i, j
            while s <= e and flags[s] != 2:
                s += 1
            while e >= s and flags[e] != 2:
                e -= 1
            if s <= e and e < j and words[e + 1].group(0).lower() != "of":
                e += 1  # the word a name qualifies: "prostate cancer", "hepatitis c"
            if s <= e and s > i and words[s - 1].group(0).lower() != "of":
                s -= 1  # the word qualifying a name: "multiple sclerosis"
            if s <= e:
                # most names (a name of several words counts once), then the first
                names = sum(f == 2 and (k not in in_phrase or k + 1 not in in_phrase)
                            for k, f in enumerate(flags[s:e + 1], s))
                key = (names, -s, e - s)
                if best_key is None or key > best_key:
                    best, best_key = (s, e), key
            i = j + 1
        if best is None:
            return ""
        return text[words[best[0]].start():words[best[1]].end()]

    def stands_alone(self, message: str) -> bool:
        """Whether a message can be read without the conversation before it."""
        tokens = tokens_of(message)
        in_phrase = self._phrase_tokens(tokens)
        topics = [i for i, t in enumerate(tokens) if self.topic(t) or i in in_phrase]
        refers = [i for i, t in enumerate(tokens) if REFERRING.fullmatch(t) and not dummy_it(tokens, i)]
        if tokens and tokens[-1] in ("one", "ones") and not (len(tokens) > 1 and tokens[-2] in ("which", "each")):
            refers.append(len(tokens) - 1)  # "how long does it take to pass one?"
        story = next((i for i, t in enumerate(tokens) if tells(tokens, i)), None)
        if story is not None and len(tokens) >= LONG_MESSAGE and (not refers or story < refers[0]):
            return True  # "my eye has been twitching for 3 days, what causes that": its own story
        if topics:
            if refers and refers[-1] == len(tokens) - 1 and tokens[-1] in ("it", "them", "this", "that"):
                return False  # "does ibuprofen interact with it?": the last word refers back
            if len(tokens) >= LONG_MESSAGE:
                return True  # "my fingers go numb and white, could it be scleroderma": its own story
            # "my dad has gout, is it genetic?": the pronoun refers to the message's own topic
            return not refers or topics[0] < refers[0]
        if refers or CONTINUES.search(message):
            return False
        # a long question with no topic word, or one saying enough of its own ("can stress make
        # your hair fall out"): about something new
        return len(tokens) > 7 or sum(t not in GENERAL for t in tokens) >= OWN_WORDS

    def standalone(self, message: str, previous: list[str]) -> str:
        """The message as a question that stands alone, given the earlier questions (as they
        were understood, oldest first)."""
        if previous:
            earlier = self._earlier_topic(message, previous)
            if earlier:
                return self._with_topic(message, earlier)
            qualifier = QUALIFIER.match(message)
            if qualifier and not self.topic_phrase(qualifier.group("rest")):
                return f"{previous[-1].rstrip(' ?.!')} {qualifier.group('rest')}"
        switch = SWITCH.match(message) if previous else None
        if switch and len(tokens_of(message)) <= SWITCH_WORDS + 2 and not REFERRING.search(switch.group("rest")):
            name = self._new_name(switch.group("rest"), previous[-1])
            if name:
                return self._switch_topic(name, previous)
        if not previous or self.stands_alone(message):
            return message
        topic = next((p for p in (self.topic_phrase(q) for q in reversed(previous)) if p), "")
        if not topic or (is_statement(previous[-1]) and REFERRING.search(message)):
            # "is that normal?" after "i'm 30 weeks pregnant and my ankles are swollen": the story
            return f"{previous[-1].rstrip(' .,;')}, {message}"
        return self._with_topic(message, topic)

    def _earlier_topic(self, message: str, previous: list[str]) -> str:
        """The topic of a question before the last one that the message goes back to ("back to
        the first one", "the earlier question", "for my grandma" when only an earlier question
        was about her), or ""."""
        topics = [t for t in (self.topic_phrase(q) for q in previous) if t]
        distinct = list(dict.fromkeys(t.lower() for t in topics))
        if len(distinct) < 2:
            return ""
        if WHICH.search(message) and not self.topic_phrase(message):
            return f"{distinct[-2]} or {distinct[-1]}"
        own = self.topic_phrase(message).lower()
        for m in DEFINITE.finditer(message):
            word = m.group("w").lower()
            if word in GENERAL or (own and own not in distinct[-2::-1][0]):
                continue
            for topic in distinct[-2::-1]:  # topics before the last one, latest first
                if word in topic.split() and word not in distinct[-1].split() and (not own or own in topic):
                    return topic
        ordinal = ORDINAL.search(message)
        if ordinal or BACK.search(message):
            own = self.topic_phrase(message).lower()
            if own and own in distinct:
                return ""  # "back to gout": it names its topic
            first = ordinal and ordinal.group("which").lower() in ("first", "1st", "original")
            return distinct[0] if first else distinct[-2]
        if self.stands_alone(message):
            return ""
        tokens = tokens_of(message)
        people = {PERSON[t] for t in tokens if t in PERSON} or {
            who for t in tokens for who in BY_PRONOUN.get(t, ())}  # "his condition": the dad's
        if people:
            last = {PERSON[t] for t in tokens_of(previous[-1]) if t in PERSON}
            for q in reversed(previous[:-1]):
                if people & {PERSON[t] for t in tokens_of(q) if t in PERSON} and not people & last:
                    return self.topic_phrase(q)
        return ""

    def _with_topic(self, message: str, topic: str) -> str:
        """The message with ``topic`` in place of its pronoun, or after it."""
        own = self.topic_phrase(message)  # "is that her pills?": the message's own words stay
        tokens = tokens_of(message)
        m = None if own else next(
            (m for m in re.finditer(r"\b(it|this|that|they|them)\b", message, re.IGNORECASE)
             if not dummy_it(tokens, len(tokens_of(message[:m.start()])))), None)
        if m:
            return message[:m.start()] + topic + message[m.end():]
        m = None if own else re.search(r"\b(its|their)\b", message, re.IGNORECASE)
        if m:
            return message[:m.start()] + topic + "'s" + message[m.end():]
        return f"{message.rstrip()} ({topic})"

    def _new_name(self, rest: str, last: str) -> str:
        """The name in "what about <rest>?": its topic phrase, or a short phrase of words
        rarer than everyday English that the last question did not use ("mono", "aspirin")."""
        name = self.topic_phrase(rest)
        if name:
            return name
        tokens = tokens_of(rest)
        own = [t for t in tokens if t not in GENERAL]
        if (not own or len(tokens) > 3 or set(own) & set(tokens_of(last))
                or any(zipf_frequency(t, "en") >= MAX_ZIPF for t in own)):
            return ""
        return re.sub(r"^(?:the|a|an|my|your)\s+", "", rest.strip(" ?.!"), flags=re.IGNORECASE)

    def _switch_topic(self, new: str, previous: list[str]) -> str:
        """ "what about metformin?" after "side effects of lisinopril?": the last question
        with its topic changed."""
        last = previous[-1]
        old = self.topic_phrase(last)
        if old and old in last:
            return last.replace(old, new, 1)
        return new
