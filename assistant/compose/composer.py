"""Compose an answer around the best article: the part of it that answers the question, with
its paragraphs and lists, cited once per paragraph or list.

A QuickTakes article is a curated answer to a question, so the offline answer is the best part
of the best article, not a mosaic of sentences:

1. The best article's blocks (``structure.parse``: paragraphs and lists, furniture dropped)
   are scored against the question: its rarer words (stemmed), the words of the heading a
   block sits under, the passage dense search matched, and the article's opening for "what
   is" questions. Lists of questions (to ask a doctor) count only when the person asks for
   questions.
2. From the best block on, blocks of the same section follow until about ``max_words``; a
   paragraph is cut at a sentence end, a list at an item (its lead-in stays with it).
3. A yes/no question ("can asthma go away?") leads with the article's sentence that answers
   it, when one shares most of the question's words.
4. A second or third article adds a paragraph only for question words the first did not
   cover (a message with two questions, an aspect missing), never repeating a sentence.

Every sentence and list item is copied word for word from the article its marker names.

Usage example::

    composer = Composer(max_words=180)
    body, cited = composer.compose("how is atrial fibrillation treated", hits)
    composer.focus("how is atrial fibrillation treated", hits[0])   # the part, for a model
"""

from __future__ import annotations

import math
import re

from assistant.compose.furniture import is_furniture
from assistant.compose.intents import INTENT_BONUS, INTENTS
from assistant.compose.part import Part, said_keys
from assistant.compose.structure import Block, article_blocks
from library.sentences import sentences
from library.words import TERM, content_stems, same_family, search_stop_words

_YES_NO = re.compile(r"^\W*(?:can|could|does|do|did|is|are|was|were|will|would|should|may|might|"
                     r"has|have|had|am)\b", re.IGNORECASE)
_ASKS_QUESTIONS = re.compile(r"\b(?:questions?|ask (?:my|the|a|your) (?:doctor|provider|surgeon|"
                             r"nurse|pharmacist))\b", re.IGNORECASE)
_WHAT_IS = re.compile(r"^\W*(?:what|who)(?:'s| is| are)\b|\bwhat (?:is|are)\b", re.IGNORECASE)
# Question words that say what kind of answer is wanted, not what it is about.
_QUESTION_WORDS = {"what", "how", "does", "can", "is", "are", "do", "why", "when", "which", "who",
                   "should", "could", "would", "will", "may", "might", "tell", "know", "please",
                   "thank", "thanks", "hi", "hello", "question", "get", "got", "want", "need"}
SECOND_ARTICLE_WORDS = 90
# A sentence that opens by pointing back ("They...", "These feelings...", "If so...") needs the
# block before it.
_REFERS_BACK = re.compile(r"^\W*(?:it|its|they|their|them|these|this|those|he|she|his|her|such|both|"
                          r"another|however|but|and|so|then|also|in addition|if (?:they|it|this|so|that))\b",
                          re.IGNORECASE)
SECOND_ARTICLE_SIMILARITY_GAP = 0.05  # a later article adds a paragraph only if about as close


class Composer:
    def __init__(self, max_words: int = 180, max_articles: int = 3, selector=None):
        # assistant.compose.select.AnswerSelector: the unit that answers leads (None: the
        # best article's part alone, as before issue 20)
        self.selector = selector
        self.max_words = max_words
        self.max_articles = max_articles
        self.stopwords = search_stop_words() | _QUESTION_WORDS

    def terms(self, text: str) -> set[str]:
        return set(content_stems(text, self.stopwords, TERM))

    # ----- one article ---------------------------------------------------------------------
    def part(self, question: str, hit, max_words: int, want: set[str] | None = None,
             shown: list[str] | None = None) -> Part | None:
        """The part of ``hit``'s article that answers ``question`` (or, with ``want``, the
        part that covers those question words); None when no block is worth showing."""
        blocks = article_blocks(hit.article)
        asks_questions = bool(_ASKS_QUESTIONS.search(question))
        blocks = [b for b in blocks if asks_questions or not b.questions]
        if not blocks:
            return None
        q_terms = want if want is not None else self.terms(question)
        title_terms = self.terms(hit.article.question)
        block_terms = [self.terms(b.text) for b in blocks]
        heading_terms = [self.terms(b.heading) for b in blocks]
        df: dict[str, int] = {}
        for terms in block_terms:
            for t in terms & q_terms:
                df[t] = df.get(t, 0) + 1
        n = len(blocks)
        passage_terms = self.terms(hit.passage) if getattr(hit, "passage", "") else set()
        what_is = bool(_WHAT_IS.search(question)) and want is None

        def weight(t: str) -> float:
            # words of the article's own question (its topic) say little about which block
            return math.log(1 + n / df[t]) * (0.3 if t in title_terms else 1.0)

        asked = [k for k, (q, _) in enumerate(INTENTS) if q.search(question)] if want is None else []
        # an article that is itself the answer to that kind of question ("What are the
        # treatments for melanoma?" for "how do you treat melanoma") answers from its opening
        whole = bool(asked) and all(INTENTS[k][0].search(hit.article.question) for k in asked)
        wanted_headings = [] if whole else [INTENTS[k][1] for k in asked]
        what_is = what_is or whole

        def score(i: int) -> float:
            b = blocks[i]
            s = sum(weight(t) for t in block_terms[i] & q_terms)
            if any(h.search(b.heading) for h in wanted_headings):
                s += INTENT_BONUS
            s += 1.5 * sum(weight(t) for t in heading_terms[i] & q_terms if t in df)
            s += 1.0 * sum(1 for t in (heading_terms[i] & q_terms) if t not in df)
            if passage_terms and block_terms[i]:
                s += 0.8 * len(block_terms[i] & passage_terms) / len(block_terms[i])
            if b.index == 0:
                s += 1.2 if what_is else 0.4
            return s

        scores = [score(i) for i in range(n)]
        best = 0 if whole else max(range(n), key=lambda i: (scores[i], -i))
        if (blocks[best].kind == "list" and len(blocks[best].lead.split()) < 6 and best > 0
                and blocks[best - 1].kind == "paragraph" and blocks[best - 1].heading == blocks[best].heading
                and want is None):
            best -= 1  # "For example:" needs the paragraph it is an example of
        for _ in range(2):  # "If they get onto the eyes...": a part does not open on a reference
            if (want is None and best > 0 and blocks[best - 1].heading == blocks[best].heading
                    and _REFERS_BACK.match(blocks[best].lead or blocks[best].parts[0])):
                best -= 1
        if want is not None and len(block_terms[best] & want) < max(1, len(want) / 2):
            return None  # no block of this article says much of what is missing
        part = Part([])
        words = 0
        for i in range(best, n):
            b = blocks[i]
            if i > best and (b.heading != blocks[best].heading
                             or (scores[i] <= 0 and not (i == best + 1 and b.kind == "list"))):
                break  # the next section: only the one that answers
            fit = self._fit(b, max_words - words, first=not part.blocks)
            if fit == 0:
                break
            part.blocks.append((b, fit))
            words = part.words()
            if fit < len(b.parts) or words >= max_words * 0.5:
                break
        if shown:
            part = self._without_repeats(part, shown)
        if not part.blocks:
            return None
        if _YES_NO.search(question) and want is None:
            part.lead_sentence = self._answering_sentence(question, blocks, part)
        return part

    @staticmethod
    def _fit(block: Block, budget: int, first: bool) -> int:
        """How many of the block's sentences or items fit in ``budget`` words (the first block
        shows at least one sentence, or two items)."""
        words = len(block.lead.split()) if block.kind == "list" else 0
        n = 0
        for p in block.parts:
            words += len(p.split())
            if words > budget and not (first and n < (2 if block.kind == "list" else 1)):
                break
            n += 1
        if block.kind == "list" and n == 1 and len(block.parts) > 1 and not first:
            return 0  # a lead-in with a single item of a longer list reads as cut off
        return n

    def _repeats(self, terms: set[str], other: set[str]) -> bool:
        return bool(terms) and len(terms & other) >= 0.7 * len(terms)

    def _without_repeats(self, part: Part, shown: list[str]) -> Part:
        """The part with sentences already said left out (a list item whole)."""
        said = [self.terms(s) for s in shown]
        kept = []
        for block, n in part.blocks:
            parts = [p for p in block.parts[:n] if not any(self._repeats(self.terms(p), s) for s in said)]
            if parts:
                kept.append((Block(block.kind, parts, block.lead, block.heading, block.numbered,
                                   block.index, block.questions), len(parts)))
        return Part(kept)

    def _answering_sentence(self, question: str, blocks: list[Block], part: Part) -> str:
        """For a yes/no question: the article's sentence sharing most of its words, if it
        shares at least half of them and is not already the part's first sentence."""
        q = self.terms(question)
        if len(q) < 2:
            return ""
        best, best_share = "", 0.0
        for b in blocks:
            for s in (b.parts if b.kind == "paragraph" else []):
                share = len(self.terms(s) & q) / len(q)
                if share > best_share and len(s.split()) <= 40:
                    best, best_share = s, share
        first = part.sentences()[0] if part.sentences() else ""
        return best if best_share >= 0.5 and best != first else ""

    # ----- the answer ----------------------------------------------------------------------
    def compose(self, question: str, hits: list) -> tuple[str, list[int]]:
        body, articles = self.compose_answer(question, hits)
        return body, [a.id for a in articles]

    def compose_answer(self, question: str, hits: list, exclude: frozenset[int] = frozenset()) -> tuple[str, list]:
        """The answer body (paragraphs and lists, one ``[n]`` at the end of each) and the cited
        articles in marker order. With a selector, the unit that answers the question leads
        (or, when none does, a line saying so), and the best article's part follows as context."""
        if not hits:
            return "", []
        choice = self.selector.select(question, hits, exclude=exclude) if self.selector is not None else None
        if choice is None or choice.unit is None:
            return self._assemble([], self._parts(question, hits, self.max_words), articles=hits)
        from assistant.compose.lead import answer_pieces
        from assistant.compose.select import not_answered_line

        if choice.answered:
            pieces = answer_pieces(choice)
            lead = " ".join(pieces)
            budget = max(60, self.max_words - len(lead.split()))
            said = set().union(*(said_keys(p) for p in pieces))  # each piece, not the joined text re-split
            return self._assemble([(choice.unit.article, lead)], self._parts(question, hits, budget),
                                  said=said, articles=hits)
        topic = choice.understanding.focus[0] if choice.understanding.focus else ""
        body, cited = self._assemble([], self._parts(question, hits, self.max_words), articles=hits)
        if not body:
            return body, cited
        return f"{not_answered_line(choice.understanding, topic)}\n\n{body}", cited

    def _assemble(self, leads: list[tuple[object, str]], parts: list | tuple,
                  said: set[str] | None = None, articles: list = ()) -> tuple[str, list]:
        """Paragraphs in order, each ending with the ``[n]`` of its article, numbered by first
        appearance; the articles cited, in marker order."""
        if isinstance(parts, tuple):  # the opening of the best article, when no part is worth it
            text, aid = parts
            article = next(h.article for h in articles if h.article.id == aid)
            leads = leads + ([(article, text)] if text else [])
            parts = []
        items = list(leads) + [(hit.article, p) for hit, part in parts for p in part.paragraphs(said)]
        cited: list = []
        paragraphs = []
        for article, text in items:
            ids = [a.id for a in cited]
            if article.id not in ids:
                cited.append(article)
                ids.append(article.id)
            paragraphs.append(f"{text} [{ids.index(article.id) + 1}]")
        return "\n\n".join(paragraphs), cited

    def _parts(self, question: str, hits: list, max_words: int):
        """What each article contributes: [(hit, Part)], or (opening text, article id) when no
        article has a block worth showing."""
        parts = []
        for i, hit in enumerate(hits[:self.max_articles]):  # an article of links only says nothing
            first = self.part(question, hit, max_words)
            if first is not None:
                parts, hits = [(hit, first)], hits[i:]
                break
        if not parts:
            # no article has a block worth showing (pages of links, tables): the best one's
            # opening sentences as they are, rather than no answer
            return self._opening(hits[0].article.answer), hits[0].article.id
        covered = self.terms(hits[0].article.question) | {t for s in first.sentences() for t in self.terms(s)}
        wanted = self.terms(question)
        topic = wanted & self.terms(hits[0].article.question)  # what the first article is about
        top = hits[0].score
        top_similarity = hits[0].dense_similarity
        for hit in hits[1:self.max_articles]:
            missing = {t for t in wanted - covered if not any(same_family(t, c) for c in covered)}
            if (not missing or hit.score < 0.75 * top
                    or hit.dense_similarity < top_similarity - SECOND_ARTICLE_SIMILARITY_GAP):
                continue  # nothing missing, or an article much less about the question
            have = self.terms(hit.article.question) | self.terms(hit.article.answer)
            if len(missing & have) < max(1, len(missing) / 2) or (topic and not topic & have):
                continue  # says little of what is missing, or is about something else
            shown = [s for _, p in parts for s in p.sentences()]
            extra = self.part(question, hit, SECOND_ARTICLE_WORDS, want=missing & have, shown=shown)
            if extra is None:
                continue
            parts.append((hit, extra))
            covered |= {t for s in extra.sentences() for t in self.terms(s)}
        return parts

    def _opening(self, answer: str, skip_furniture: bool = True) -> str:
        """The answer's first sentences up to ``max_words`` (furniture left out, unless that
        leaves nothing)."""
        shown, words = [], 0
        for line in answer.split("\n"):
            for s in sentences(line):
                if skip_furniture and is_furniture(s):
                    continue
                if shown and words + len(s.split()) > self.max_words:
                    return " ".join(shown)
                shown.append(s)
                words += len(s.split())
        return " ".join(shown) if shown or not skip_furniture else self._opening(answer, False)

    def focus(self, question: str, hit, max_words: int | None = None) -> str:
        """The part of one article that answers the question, as plain Markdown (what a
        language model is shown instead of a raw chunk)."""
        part = self.part(question, hit, max_words or self.max_words)
        return "\n\n".join(part.paragraphs()) if part is not None else ""
