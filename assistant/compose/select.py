"""Answer selection across articles: of the sentences and list items of the retrieved articles
(and of the other articles on the same topic they link to), the one that answers *this*
question leads the answer.

A unit (a sentence, or a short list with its lead-in) is scored by what makes it an answer
to the question as ``assistant.understand`` read it:

- its **focus**: the unit's article is about the question's topic (its stored topic is one of
  the names the message uses, or it was retrieved near the top), or the unit names it;
- its **aspect**: the question's own words beyond the topic ("milk", "beers", "come back"),
  rarer words weighing more;
- the **cue of the type**: how an answer of that kind is worded (a time span for "how long",
  "call your provider if" for "when to see a doctor", "do not take ... with" for an
  interaction, both names for a comparison, a modal verdict for a yes/no question);
- the **article's type**: an article whose stored question asks the same kind (its outlook for
  "how long", its "Do I need to see a doctor for" for "when should I see a doctor");
- its **meaning**: the cosine similarity of the unit to the question (MiniLM), for the few
  best units by the rest ("milk" and "dairy products").

When the best unit holds neither the aspect nor the cue, the library does not answer the
question itself and the answer says so first (``not_answered_line``). The wording the scores
look for is in ``wording``; the first paragraph built from the choice, in ``lead``.

Usage example::

    selector = AnswerSelector(reader, lookup=library.get, embed=embedder.embed_queries)
    choice = selector.select("can I take cipro with milk?", hits)
    choice.unit.text, choice.unit.article.id, choice.answered
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.compose.structure import Block, article_blocks
from assistant.compose.wording import ANSWER_CUES, ENDS_SENTENCE, FURNITURE_LEAD, REFERS_BACK, SEE_ALSO, VERDICT
from assistant.understand.forms import article_form, topic_names
from assistant.understand.names import name_key as _key
from assistant.understand.reader import ANSWERED_BY, TYPE_WORDS, QuestionReader, Understanding, asking_sentences
from library.words import content_stems, plain


@lru_cache(maxsize=4096)
def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


@lru_cache(maxsize=65536)
def _stems(text: str) -> frozenset[str]:
    """A unit's content stems, once per text (the same articles' units recur across questions)."""
    return frozenset(content_stems(text))

NOT_ANSWERED_PREFIX = "The library does not answer this question directly"


W_ASPECT, W_CUE, W_TYPE, W_FOCUS, W_SIMILARITY, W_RANK, W_VERDICT = 2.0, 1.0, 0.6, 1.0, 3.0, 0.3, 0.3
W_NAMES, W_GENERIC = 0.5, 0.5
W_PREDICATE = 1.0
# words of a type too common in any sentence to say that a unit answers the question
_WEAK_PREDICATES = {"get", "gets", "getting", "one", "another", "thing", "things", "way", "ways", "need", "needs",
                    "like", "much", "many", "lot", "kind", "type", "types", "should", "make", "makes", "going",
                    "goes", "good", "bad", "okay", "best", "better", "worse", "real", "sure", "true", "feel",
                    "feels", "start", "started", "keep", "usually", "common", "possible", "mean", "means", "happen",
                    "happens", "help", "helps", "side", "effects", "effect", "safe", "often", "normal"}
GENERIC_STEMS = 3  # content words beyond the topic's at most this: a generic sentence
MAX_ARTICLES = 12  # retrieved articles and same-topic articles whose units are read
PAGE_ARTICLES = 12  # of one page's articles, at most this many are read
EMBED_UNITS = 8  # the best units by words whose meaning is compared (one batch)
MAX_UNIT_WORDS = 70
# a unit further in meaning from the message than this (MiniLM cosine) is not presented as the
# answer, whatever its words: below it, 1 lead in 9 held a key fact on the key-fact sets
# (``answer.min_unit_similarity``)
MIN_ANSWER_SIMILARITY = 0.45


@dataclass
class Unit:
    text: str  # verbatim from the article (a list rendered with its lead-in)
    article: object  # the LibraryArticle it is copied from
    block: Block
    index: int  # sentence or first item shown, in its block
    source_rank: int  # 0 for the first retrieved article; siblings after the retrieved ones
    score: float = 0.0
    parts: dict = field(default_factory=dict)


@dataclass
class Choice:
    unit: Unit | None
    understanding: Understanding
    answered: bool  # the unit holds the question's aspect or the cue of its type
    units: list[Unit] = field(default_factory=list)  # every unit scored, best first
    floor: float | None = None  # the least similarity a unit shown as the answer has (None: no model)


class AnswerSelector:
    def __init__(self, reader: QuestionReader | None = None, lookup=None, embed=None, embed_units=None,
                 min_similarity: float = MIN_ANSWER_SIMILARITY, pages=None, fetch=None):
        self.reader = reader or QuestionReader()
        self.min_similarity = min_similarity  # the leading unit's least cosine to the message
        # a page's URL -> the ids of the articles taken from it (a drug's page gives its dosage,
        # precautions, side effects... as articles of their own; the sources show one per page)
        self.pages = pages
        self.lookup = lookup  # article id -> LibraryArticle (the siblings); None: hits only
        # ids -> whole articles, for the siblings chosen (a light library's lookup gives their
        # questions only); None: the lookup's articles are whole
        self.fetch = fetch
        self.embed = embed  # texts -> vectors (the question); None: words alone
        self.embed_units = embed_units  # texts -> vectors (the units, read shorter); None: embed

    # ----- where units come from ------------------------------------------------------------
    def articles(self, understanding: Understanding, hits: list) -> list[tuple[object, int]]:
        """The retrieved articles; then the other articles on the message's focus (the library's
        articles whose stored topic it is) and those the first retrieved ones link to, those of
        the type asked for first."""
        out, seen = [], set()
        for rank, h in enumerate(hits[:5]):
            if h.article.id not in seen:
                out.append((h.article, rank))
                seen.add(h.article.id)
        if self.lookup is None:
            return out
        wanted = ANSWERED_BY.get(understanding.type, set())
        more: list[int] = []
        if self.pages is not None:  # the other articles of the best pages, shown as one source each
            for h in hits[:2]:
                more += list(self.pages(h.article.url))[:PAGE_ARTICLES] if h.article.url else []
        if understanding.focus:
            more += sorted(self.reader.names.get(_key(understanding.focus[0]), ()))[:40]
        for h in hits[:3]:
            more += [rel.get("id") for rel in h.article.related or () if isinstance(rel, dict)]
        found = [a for a in (self.lookup(i) for i in dict.fromkeys(more)) if a is not None and a.id not in seen]
        found.sort(key=lambda a: article_form(a.question)[0] not in wanted)
        chosen = found[:MAX_ARTICLES - len(out)]
        if self.fetch is not None and chosen:
            chosen = [a for a in self.fetch([a.id for a in chosen]) if a is not None]
        for a in chosen:
            out.append((a, 5))
        return out

    def units(self, article, rank: int) -> list[Unit]:
        out = []
        for block in article_blocks(article):
            if block.questions:
                continue
            if block.kind == "list":
                text = (block.lead + "\n" if block.lead else "") + "\n".join(f"- {p}" for p in block.parts)
                if len(text.split()) <= MAX_UNIT_WORDS and block.lead:
                    out.append(Unit(text, article, block, 0, rank))
                for i, p in enumerate(block.parts):
                    if len(p.split()) >= 6 and ENDS_SENTENCE.search(p) and not SEE_ALSO.search(p):  # a sentence
                        out.append(Unit(p, article, block, i, rank))
            else:
                for i, s in enumerate(block.parts):
                    if (4 <= len(s.split()) <= MAX_UNIT_WORDS and not FURNITURE_LEAD.search(s)
                            and not SEE_ALSO.search(s)
                            and ENDS_SENTENCE.search(s)):  # a lead-in or a heading says nothing alone
                        out.append(Unit(s, article, block, i, rank))
        return out

    # ----- scoring --------------------------------------------------------------------------
    def score(self, u: Understanding, unit: Unit, aspect: dict[str, float], focus_keys: set[str],
              focus_stems: set[str] = frozenset(), asked: frozenset[str] = frozenset(),
              first_is_focus: bool = True) -> None:
        text = unit.text
        stems = _stems(text) | _stems(unit.block.heading)
        kind, topic = article_form(unit.article.question)
        topic_keys = {_key(n) for n in topic_names(topic)}
        about = bool(topic_keys & focus_keys) or any(k and k in _key(text) for k in focus_keys)
        # the head of a focus of several words ("lice" of "head lice") names its kind: half
        heads = {k.split()[-1] for k in focus_keys if " " in k and len(k.split()[-1]) > 3}
        partial = any(f" {h} " in f" {_key(text)} " for h in heads)
        focus = 1.0 if about else (0.5 if (unit.source_rank == 0 and first_is_focus) or partial else 0.0)
        total = sum(aspect.values()) or 1.0
        aspect_share = sum(w for s, w in aspect.items() if s in stems) / total if aspect else 0.0
        cue = ANSWER_CUES.get(u.type)
        has_cue = bool(cue and cue.search(text))
        if u.comparison and len(u.focus) >= 2:
            has_cue = has_cue and sum(1 for f in u.focus if _key(f).split()[-1] in _key(text)) >= 2
        verdict = bool(VERDICT.search(text)) if u.yes_no else False
        type_match = u.cued and kind in ANSWERED_BY.get(u.type, set())
        if not u.cued:  # "can I give my baby aspirin?": no kind asked, a verdict is the cue
            has_cue = verdict
        # a sentence saying little beyond the topic ("Carvedilol may cause side effects.")
        generic = len(stems - focus_stems) <= GENERIC_STEMS
        back = 0.5 if REFERS_BACK.match(text) else 0.0
        # a sentence that names what is asked about answers on its own ("Caffeine ... can cause")
        text_key = f" {_key(text)} "
        names = bool(u.focus) and any(f" {_key(f)} " in text_key for f in u.focus[:2])
        # a yes/no question's verb ("can I catch it", "does it spread") said by the unit too
        predicate = bool(asked & stems)
        score = (W_PREDICATE * predicate + W_ASPECT * aspect_share + W_CUE * has_cue + W_VERDICT * verdict + W_TYPE * type_match
                 + W_FOCUS * focus + W_NAMES * names - W_GENERIC * generic - W_RANK * min(unit.source_rank, 5) / 5 - back
                 - 0.2 * unit.block.index / 10)
        unit.parts = {"aspect": aspect_share, "cue": has_cue, "type": type_match, "focus": focus, "names": names,
                      "predicate": predicate}
        unit.score = score

    def select(self, question: str, hits: list, understanding: Understanding | None = None,
               exclude: frozenset[int] = frozenset()) -> Choice:
        u = understanding or self.reader.read(question)
        if not hits:
            return Choice(None, u, False)
        # the names the message uses, and the topic of the article retrieval put first (the
        # message may name it otherwise: "G6PD deficiency", "glucose-6-phosphate dehydrogenase ...")
        focus_keys = {_key(f) for f in u.focus}
        first = {_key(n) for n in topic_names(article_form(hits[0].article.question)[1])}
        named = {w for k in focus_keys for w in k.split()} | set(_key(question).split())
        first_is_focus = not focus_keys or any(set(k.split()) & named for k in first)
        if first_is_focus:
            focus_keys |= first  # unless the message names another topic ("mono", not "MMA")
        # an aspect word weighs by how rare it is in English and among these units, and half
        # as much when only the background sentences hold it ("...I get super dizzy")
        aspect: dict[str, float] = {}
        for word in u.aspect:
            for stem in content_stems(word):
                rarity = max(0.0, 6.0 - _zipf(word))
                aspect[stem] = max(aspect.get(stem, 0.0), rarity * u.aspect_weights.get(word, 1.0))
        units = [x for a, rank in self.articles(u, hits) if a.id not in exclude for x in self.units(a, rank)]
        if not units:
            return Choice(None, u, False)
        unit_stems = [_stems(x.text) for x in units]
        n = len(units)
        for stem in list(aspect):
            df = sum(1 for st in unit_stems if stem in st)
            aspect[stem] *= math.log(1 + n / (1 + df))
        aspect = {k: v for k, v in aspect.items() if v > 0}
        focus_stems = set(content_stems(" ".join(focus_keys))) | set(content_stems(
            "side effects symptoms signs treatment causes cause may can"))
        asked = frozenset(st for w in plain(" ".join(asking_sentences(question))).split()
                          if u.yes_no and w in TYPE_WORDS and w not in _WEAK_PREDICATES
                          for st in content_stems(w))
        for x in units:
            self.score(u, x, aspect, focus_keys, focus_stems, asked, first_is_focus)
        units.sort(key=lambda x: -x.score)
        if self.embed is not None:
            top = units[:EMBED_UNITS]
            # the message, and the sentences that ask on their own when there is background
            # ("My son was just diagnosed with mono. How long until he feels normal?")
            asking = " ".join(asking_sentences(question))
            queries = self.embed([question, asking] if asking.strip() and asking != question else [question])
            vectors = (self.embed_units or self.embed)([x.text for x in top])
            for x, v in zip(top, vectors):
                sim = max(sum(a * b for a, b in zip(q, v)) for q in queries)
                x.parts["similarity"] = sim
                x.score += W_SIMILARITY * sim
            units = sorted(top, key=lambda x: -x.score) + units[EMBED_UNITS:]
        # a unit answers when it is about the focus and holds the aspect, the type's cue, or is
        # copied from an article whose stored question asks this kind of answer (question
        # entailment): the best such unit leads; none: the answer says the library does not
        # with a model, a unit it did not compare (beyond the best EMBED_UNITS) never leads
        missing = 0.0 if self.embed is not None else 1.0
        answering = [x for x in units if answers(x)
                     and x.parts.get("similarity", missing) >= self.min_similarity]
        floor = self.min_similarity if self.embed is not None else None
        if answering:
            return Choice(answering[0], u, True, units, floor)
        return Choice(units[0], u, False, units, floor)


def answers(unit: Unit) -> bool:
    """A unit that answers: about the focus, and holding the aspect, the cue of the type or
    copied from an article whose stored question asks this kind of answer."""
    p = unit.parts
    return p.get("focus", 0) > 0 and bool(p.get("aspect", 0) > 0 or p.get("cue") or p.get("type"))


def not_answered_line(u: Understanding, topic: str) -> str:
    about = f" about {topic}" if topic else ""
    return f"{NOT_ANSWERED_PREFIX}. Here is what it says{about}."
