"""Is a sentence supported by the article it cites? Decided sentence by sentence, after a
language model's answer is complete, with what runs on this machine without a new download.

For each sentence (a *claim*) and the articles it may come from:

1. **Candidates.** The articles' sentences and list items, and each pair of neighbouring
   sentences (a claim may sum up two), ranked by how many of the claim's content words
   (stemmed, stop words out) they hold; the best few go on.
2. **Meaning.** The claim and those candidates are embedded with the model the assistant has
   loaded already (MiniLM); the candidate closest in meaning and words is the *evidence*.
3. **Consistency** (``assistant.verify.consistency``), what similarity misses: every number
   of the claim (a dose, a percentage, an age, a duration, with its unit) must be in the
   evidence; a negation ("not", "never", "cannot") must be on both sides or neither; a word
   with an opposite in the evidence ("increases" / "decreases", "men" / "women", "before" /
   "after") is a contradiction; and every name of the claim (a drug, a condition, a gene: a
   word rare in everyday English) must be in the article.
4. **Contradiction** (optional, ``verify.contradiction``): what the steps above accepted is
   read together with its evidence by a small cross-encoder
   (:mod:`assistant.verify.contradiction`); a pair it reads as contradicting is not supported.

A claim is *supported* when its evidence is close enough in meaning (``min_similarity``),
holds enough of its content words (``min_coverage``), and no consistency check fails. The
thresholds are calibrated on ``bench/data/support_cases_*.jsonl`` (``bench/support_check.py``).

Usage example::

    checker = SupportChecker(embedder.embed_documents)
    verdicts = checker.check_many([("Gout is caused by uric acid crystals.", [article])])
    verdicts[0].supported, verdicts[0].evidence.text
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from assistant.verify import consistency
from library.bounded import Bounded
from library.sentences import LIST_ITEM, sentences
from library.sentences import claims as sentence_claims
from library.words import content_stems, search_stop_words

MAX_ARTICLES_KEPT = 2_000  # articles read into units, remembered
MAX_VECTORS_KEPT = 20_000  # sentence vectors remembered (about 30 MB)


@dataclass(frozen=True)
class Evidence:
    article_id: int
    text: str


@dataclass
class Verdict:
    supported: bool
    score: float  # how close the best evidence is, 0..1 (similarity and word coverage)
    evidence: Evidence | None
    reason: str = ""  # why not: "numbers", "negation", "opposite", "name", "weak", "contradiction"
    similarity: float = 0.0
    coverage: float = 0.0
    # (claim, evidence text) of each accepted claim: the whole sentence, or each of its clauses
    pairs: list[tuple[str, str]] = field(default_factory=list, repr=False)


class SupportChecker:
    """Sentence-level support of claims against articles (``check_many``)."""

    def __init__(self, embed=None, *, min_similarity: float = 0.72, min_coverage: float = 0.6,
                 candidates: int = 4, words_alone: float | None = None, contradiction=None):
        self.embed = embed  # texts -> vectors; None: words and consistency only
        # a veto on what the rest accepted (assistant.verify.contradiction.ContradictionModel)
        self.contradiction = contradiction
        self.min_similarity = min_similarity
        self.min_coverage = min_coverage
        self.candidates = candidates
        # accept on words alone at this coverage, whatever the similarity (None: never); more
        # paraphrases accepted, fewer unsupported sentences caught (bench/support_check.py)
        self.words_alone = words_alone if words_alone is not None else 2.0
        self.stop_words = search_stop_words() | {  # as calibrated, and hedges, which are not evidence
            "may", "also", "can", "might", "could", "would", "should", "will", "often", "usually",
            "sometimes", "some", "many"}
        # remembered across answers, within bounds (a server answers for weeks)
        self._units: Bounded = Bounded(MAX_ARTICLES_KEPT)
        self._vectors: Bounded = Bounded(MAX_VECTORS_KEPT)

    # ----- words ---------------------------------------------------------------------------
    def terms(self, text: str) -> frozenset[str]:
        return frozenset(content_stems(text, self.stop_words))

    def units(self, article) -> list[tuple[str, frozenset[str]]]:
        """The article read as a person sees it (``assistant.compose.structure``): its
        sentences, its list items (also with their lead-in: "Adults under 50 should have:
        1,000 mg of calcium daily"), and each pair of neighbouring sentences, with their terms."""
        answer = article.answer or ""
        key = (article.id, getattr(article, "hash", ""), hash(answer))  # a re-ingested article is read anew
        units = self._units.get(key)
        if units is None:
            from assistant.compose.structure import article_blocks

            texts: list[str] = []
            for block in article_blocks(article):
                if block.kind == "list":
                    texts += block.parts + ([f"{block.lead} {p}" for p in block.parts] if block.lead else [])
                else:
                    texts += block.parts + [f"{a} {b}" for a, b in zip(block.parts, block.parts[1:])]
            if not texts:
                for line in answer.split("\n"):
                    texts += sentences(LIST_ITEM.sub("", line, count=1).strip())
            texts = list(dict.fromkeys(t for t in texts if len(t.split()) >= 2))
            units = [(t, self.terms(t)) for t in texts]
            self._units[key] = units
        return units

    # ----- checking ------------------------------------------------------------------------
    def _candidates(self, claim: str, articles: list, n: int) -> list[tuple]:
        """The ``n`` units holding most of the claim's content words: (article, text, terms)."""
        want = self.terms(claim)
        scored = []
        for article in articles:
            for text, terms in self.units(article):
                overlap = len(want & terms) / len(want) if want else 0.0
                # a pair of sentences must earn its length: prefer the single sentence
                scored.append((overlap - 0.001 * len(terms), article, text, terms))
        scored.sort(key=lambda c: -c[0])
        return [c[1:] for c in scored[:n]]

    def check_many(self, claims: list[tuple[str, list]]) -> list[Verdict]:
        """A verdict for each (sentence, articles it may come from)."""
        plans = []
        for sentence, articles in claims:
            clauses = sentence_claims(sentence)
            parts = [(c, self._candidates(c, articles, 3)) for c in clauses] if len(clauses) > 1 else []
            plans.append((sentence, articles, self._candidates(sentence, articles, self.candidates), parts))
        if self.embed is not None:  # one batch for the whole answer
            texts = {t for sentence, _, cands, parts in plans
                     for t in [sentence, *(c[1] for c in cands), *(c for c, _ in parts),
                               *(x[1] for _, cc in parts for x in cc)]}
            new = [t for t in texts if t not in self._vectors]
            if new:
                for t, v in zip(new, self.embed(new)):
                    v = np.asarray(v, dtype=np.float32)
                    self._vectors[t] = v / (np.linalg.norm(v) or 1.0)
        verdicts = [self._verdict(*plan) for plan in plans]
        if self.contradiction is not None:  # one batch: each accepted claim against its evidence
            vetted = [(v, claim, evidence) for v in verdicts if v.supported for claim, evidence in v.pairs]
            flags = self.contradiction.contradicted([(evidence, claim) for _, claim, evidence in vetted])
            for (v, _, _), flag in zip(vetted, flags):
                if flag:
                    v.supported, v.reason = False, "contradiction"
        return verdicts

    def _verdict(self, sentence: str, articles: list, cands: list, parts: list) -> Verdict:
        """The sentence's verdict: every clause of it must be supported ("X, and Y" is two
        claims; a sentence that adds Y to a supported X is not supported)."""
        if not cands:
            return Verdict(False, 0.0, None, "weak")
        quoted = " ".join(sentence.split()).rstrip(".")
        for article in articles:  # copied word for word (whole words): the article's own text
            if len(quoted.split()) >= 3 and re.search(rf"(?<!\w){re.escape(quoted)}(?!\w)",
                                                      " ".join((article.answer or "").split())):
                return Verdict(True, 1.0, Evidence(article.id, sentence), "", 1.0, 1.0)
        whole = " ".join(a.answer for a in articles)
        verdict = self._clause(sentence, cands, whole)
        if not parts:
            if verdict.supported:
                verdict.pairs = [(sentence, verdict.evidence.text)]
            return verdict
        # "X, and Y": each claim on its own evidence (a summary of two sentences is supported,
        # a sentence that adds Y to a supported X is not)
        best = next(c for c in cands if c[1] == verdict.evidence.text)
        results = [self._clause(clause, [*ccands, best], whole) for clause, ccands in parts]
        failed = next((r for r in results if not r.supported), None)
        if failed is not None:
            return failed
        return Verdict(True, min(r.score for r in results), results[0].evidence, "",
                       min(r.similarity for r in results), min(r.coverage for r in results),
                       [(clause, r.evidence.text) for (clause, _), r in zip(parts, results)])

    def _clause(self, claim: str, cands: list, whole: str) -> Verdict:
        """The claim against its candidates: the best one that supports it (close in meaning
        and words, and consistent), else the closest one and why it does not."""
        want = self.terms(claim)
        verdicts = []
        for article, text, terms in cands:
            overlap = len(want & terms) / len(want) if want else 0.0
            sim = self._similarity(claim, text) if self.embed is not None else overlap
            key = 0.5 * sim + 0.5 * overlap
            aligned = max(sentences(text), key=lambda x: len(want & self.terms(x)), default=text)
            reason = (consistency.numbers(claim, f"{text} {article.question}")
                      or consistency.negation(claim, aligned, self.terms)
                      or consistency.opposite(claim, aligned) or consistency.opposite(claim, text, pairs_only=True)
                      or consistency.prefixed(claim, aligned)
                      or consistency.names(claim, aligned, whole, article.question))
            strong = (sim >= self.min_similarity and overlap >= self.min_coverage) or overlap >= 0.9 \
                or (sim >= 0.85 and overlap >= 0.5) or overlap >= self.words_alone
            if not reason and not strong:
                reason = "weak"
            verdicts.append(Verdict(not reason, key, Evidence(article.id, text), reason, sim, overlap))
        supporting = [v for v in verdicts if v.supported]
        return max(supporting or verdicts, key=lambda v: v.score)

    def _similarity(self, a: str, b: str) -> float:
        found = {t: self._vectors.get(t) for t in (a, b)}
        missing = [t for t, v in found.items() if v is None]
        if missing:
            for t, v in zip(missing, self.embed(missing)):
                v = np.asarray(v, dtype=np.float32)
                found[t] = self._vectors[t] = v / (np.linalg.norm(v) or 1.0)
        return float(found[a] @ found[b])
