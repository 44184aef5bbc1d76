"""Is a sentence supported by the article it cites? Decided sentence by sentence, after a
language model's answer is complete, with what runs on this machine without a new download.

For each sentence (a *claim*) and the articles it may come from:

1. **Candidates.** The articles' sentences and list items, and each pair of neighbouring
   sentences (a claim may sum up two), ranked by how many of the claim's content words
   (stemmed, stop words out) they hold; the best few go on.
2. **Meaning.** The claim and those candidates are embedded with the model the assistant has
   loaded already (MiniLM); the candidate closest in meaning and words is the *evidence*.
3. **Consistency**, what similarity misses: every number of the claim (a dose, a percentage,
   an age, a duration, with its unit) must be in the evidence; a negation ("not", "never",
   "cannot") must be on both sides or neither; a word with an opposite in the evidence
   ("increases" / "decreases", "men" / "women", "before" / "after") is a contradiction; and
   every name of the claim (a drug, a condition, a gene: a word rare in everyday English)
   must be in the article.

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
from dataclasses import dataclass

import numpy as np

from library.sentences import LIST_ITEM, sentences

_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
# a number with what it counts: "10 mg", "2.5%", "1 in 4", "65 years", "two weeks"
_NUMBER_WORDS = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
                 "eight": "8", "nine": "9", "ten": "10", "twelve": "12", "twenty": "20", "half": "50%",
                 "hundred": "100", "thousand": "1000", "once": "1", "twice": "2"}
_NEGATION = re.compile(r"\b(?:not|no|never|cannot|can't|cant|don't|dont|doesn't|doesnt|didn't|didnt|"
                       r"isn't|isnt|aren't|arent|won't|wont|shouldn't|shouldnt|without|none|neither|nor|"
                       r"nothing|unable|fails? to)\b|n't\b", re.IGNORECASE)
# words that say "not" in other words: "unlikely" for "not likely", "prevents" for "does not let"
_NEGATIVE_MEANING = re.compile(r"\b(?:unlikely|rarely|seldom|hardly|lacks?|lacking|absent|free of|"
                               r"prevents? \w+(?: \w+)? from|fails? to|unable|no longer|neither)\b", re.IGNORECASE)
# Words whose opposite in the evidence contradicts the claim: pairs of opposites, and groups
# of alternatives where any other member counts ("kidney" in the claim, "liver" in the evidence).
_PAIRS = [
    ({"increase", "increases", "increased", "raise", "raises", "rise", "higher", "more", "greater",
      "worsen", "worsens", "worse"},
     {"decrease", "decreases", "decreased", "lower", "lowers", "reduce", "reduces", "reduced", "less",
      "fewer", "improve", "improves", "better", "milder"}),
    ({"before"}, {"after"}), ({"always"}, {"never"}), ({"common", "frequent"}, {"rare", "rarely", "uncommon"}),
    ({"benign"}, {"malignant", "cancerous"}), ({"acute"}, {"chronic"}), ({"dominant"}, {"recessive"}),
    ({"safe"}, {"unsafe", "dangerous", "harmful"}), ({"quickly", "fast", "rapidly", "faster"}, {"slowly", "slower"}),
    ({"high"}, {"low"}), ({"early"}, {"late"}),
]
_ALTERNATIVES = [
    [{"men", "male", "males", "boys"}, {"women", "female", "females", "girls"}],
    [{"children", "child", "kids", "infants", "babies", "newborns"}, {"adults", "adult", "elderly"}],
    [{"kidney", "kidneys", "renal"}, {"liver", "hepatic"}, {"heart", "cardiac"}, {"lung", "lungs"}, {"brain"},
     {"skin"}, {"bone", "bones"}, {"eye", "eyes"}, {"stomach"}, {"bladder"}, {"colon", "bowel"},
     {"pancreas"}, {"thyroid"}],
    [{"type 1"}, {"type 2"}],
    [{"virus", "viral"}, {"bacteria", "bacterial"}, {"fungus", "fungal"}],
    [{"mother", "maternal", "mothers"}, {"father", "paternal", "fathers"}],
    [{"white", "whites", "caucasian"}, {"black", "blacks", "african"}, {"hispanic", "hispanics", "latino"},
     {"asian", "asians"}],
]
MAX_NAME_ZIPF = 2.5  # a word rarer than this in everyday English names something


@dataclass(frozen=True)
class Evidence:
    article_id: int
    text: str


@dataclass
class Verdict:
    supported: bool
    score: float  # how close the best evidence is, 0..1 (similarity and word coverage)
    evidence: Evidence | None
    reason: str = ""  # why not supported: "numbers", "negation", "opposite", "name", "weak"
    similarity: float = 0.0
    coverage: float = 0.0

    def to_json(self) -> dict:
        return {"supported": self.supported, "score": round(self.score, 3),
                "evidence": ({"article_id": self.evidence.article_id, "text": self.evidence.text}
                             if self.evidence else None),
                **({"reason": self.reason} if self.reason else {})}


class SupportChecker:
    """Sentence-level support of claims against articles (``check_many``)."""

    def __init__(self, embed=None, *, min_similarity: float = 0.72, min_coverage: float = 0.6,
                 candidates: int = 6):
        import Stemmer
        from bm25s.stopwords import STOPWORDS_EN

        self.embed = embed  # texts -> vectors; None: words and consistency only
        self.min_similarity = min_similarity
        self.min_coverage = min_coverage
        self.candidates = candidates
        self.stemmer = Stemmer.Stemmer("english")
        self.stopwords = set(STOPWORDS_EN) | {"may", "also", "can", "might", "could", "would", "should",
                                              "will", "often", "usually", "sometimes", "some", "many"}
        self._units: dict[int, list[tuple[str, frozenset[str]]]] = {}
        self._vectors: dict[str, np.ndarray] = {}

    # ----- words ---------------------------------------------------------------------------
    def terms(self, text: str) -> frozenset[str]:
        words = [w.lower().strip("'-") for w in _WORD.findall(text or "")]
        return frozenset(self.stemmer.stemWords([w for w in words if w and w not in self.stopwords]))

    def units(self, article) -> list[tuple[str, frozenset[str]]]:
        """The article read as a person sees it (``assistant.compose.structure``): its
        sentences, its list items (also with their lead-in: "Adults under 50 should have:
        1,000 mg of calcium daily"), and each pair of neighbouring sentences, with their terms."""
        if article.id not in self._units:
            from assistant.compose.structure import parse

            texts: list[str] = []
            for block in parse(article.answer or ""):
                if block.kind == "list":
                    texts += block.parts + ([f"{block.lead} {p}" for p in block.parts] if block.lead else [])
                else:
                    texts += block.parts + [f"{a} {b}" for a, b in zip(block.parts, block.parts[1:])]
            if not texts:
                for line in (article.answer or "").split("\n"):
                    texts += sentences(LIST_ITEM.sub("", line, count=1).strip())
            texts = list(dict.fromkeys(t for t in texts if len(t.split()) >= 2))
            self._units[article.id] = [(t, self.terms(t)) for t in texts]
        return self._units[article.id]

    # ----- checking ------------------------------------------------------------------------
    def check_many(self, claims: list[tuple[str, list]]) -> list[Verdict]:
        """A verdict for each (sentence, articles it may come from)."""
        picked = []
        for sentence, articles in claims:
            want = self.terms(sentence)
            scored = []
            for article in articles:
                for text, terms in self.units(article):
                    overlap = len(want & terms) / len(want) if want else 0.0
                    # a pair of sentences must earn its length: prefer the single sentence
                    scored.append((overlap - 0.001 * len(terms), overlap, article, text))
            scored.sort(key=lambda s: -s[0])
            picked.append((sentence, articles, want, scored[:self.candidates]))
        if self.embed is not None:
            texts = {s for s, _, _, _ in picked} | {t for *_, c in picked for *_, t in c}
            new = [t for t in texts if t not in self._vectors]
            if new:
                for t, v in zip(new, self.embed(new)):
                    v = np.asarray(v, dtype=np.float32)
                    self._vectors[t] = v / (np.linalg.norm(v) or 1.0)
        return [self._verdict(sentence, articles, want, cands) for sentence, articles, want, cands in picked]

    def _verdict(self, sentence: str, articles: list, want: frozenset[str], cands: list) -> Verdict:
        """The sentence's verdict: every clause of it must be supported ("X, and Y" is two
        claims; a sentence that adds Y to a supported X is not supported)."""
        if not cands:
            return Verdict(False, 0.0, None, "weak")
        whole = " ".join(a.answer for a in articles)
        verdict = self._clause(sentence, cands, whole)
        clauses = _clauses(sentence)
        if len(clauses) == 1:
            return verdict
        # "X, and Y": each claim on its own evidence (a summary of two sentences is supported,
        # a sentence that adds Y to a supported X is not)
        parts = []
        for clause in clauses:
            terms = self.terms(clause)
            ranked = sorted(((len(terms & self.terms(text)) / len(terms) if terms else 0.0, a, text)
                             for _, _, a, text in self._all_candidates(articles)), key=lambda c: -c[0])[:3]
            ranked.append((0.0, next(a for a in articles if a.id == verdict.evidence.article_id),
                           verdict.evidence.text))
            parts.append(self._clause(clause, [(o, o, a, text) for o, a, text in ranked], whole))
        failed = next((p for p in parts if not p.supported), None)
        if failed is not None:
            return Verdict(False, failed.score, failed.evidence, failed.reason, failed.similarity, failed.coverage)
        return Verdict(True, min(p.score for p in parts), parts[0].evidence, "",
                       min(p.similarity for p in parts), min(p.coverage for p in parts))

    def _all_candidates(self, articles: list):
        for article in articles:
            for text, _ in self.units(article):
                yield 0.0, 0.0, article, text

    def _clause(self, claim: str, cands: list, whole: str) -> Verdict:
        want = self.terms(claim)
        best = None
        for _, _, article, text in cands:
            overlap = len(want & self.terms(text)) / len(want) if want else 0.0
            sim = self._similarity(claim, text) if self.embed is not None else overlap
            key = 0.5 * sim + 0.5 * overlap
            if best is None or key > best[0]:
                best = (key, sim, overlap, article, text)
        key, sim, overlap, article, text = best
        aligned = max(sentences(text), key=lambda x: len(want & self.terms(x)), default=text)
        reason = (self._numbers(claim, text) or self._negation(claim, aligned)
                  or self._opposite(claim, aligned) or self._prefixed(claim, aligned)
                  or self._names(claim, text, whole))
        strong = (sim >= self.min_similarity and overlap >= self.min_coverage) or overlap >= 0.9 \
            or (sim >= 0.85 and overlap >= 0.5)
        if not reason and not strong:
            reason = "weak"
        return Verdict(not reason, key, Evidence(article.id, text), reason, sim, overlap)

    def _similarity(self, a: str, b: str) -> float:
        missing = [t for t in (a, b) if t not in self._vectors]
        if missing:
            for t, v in zip(missing, self.embed(missing)):
                v = np.asarray(v, dtype=np.float32)
                self._vectors[t] = v / (np.linalg.norm(v) or 1.0)
        return float(self._vectors[a] @ self._vectors[b])

    @staticmethod
    def _numbers(claim: str, evidence: str) -> str:
        """Every number of the claim (digits, or words: "twice", "two") is in the evidence."""
        def found(text: str) -> set[str]:
            low = text.lower()
            out = {m.replace(",", "") for m in re.findall(r"(?<![\w.])\d+(?:[.,]\d+)*", low)}
            return out | {_NUMBER_WORDS[w] for w in _WORD.findall(low) if w in _NUMBER_WORDS}

        missing = found(claim) - found(evidence) - {"1"}
        return "numbers" if missing else ""

    @staticmethod
    def _negation(claim: str, evidence: str) -> str:
        """A "not" on one side only, unless the other side says it in other words."""
        mine, theirs = bool(_NEGATION.search(claim)), bool(_NEGATION.search(evidence))
        if mine and not theirs and not _NEGATIVE_MEANING.search(evidence):
            return "negation"
        if theirs and not mine and not _NEGATIVE_MEANING.search(claim):
            return "negation"
        return ""

    @staticmethod
    def _opposite(claim: str, evidence: str) -> str:
        def words(text: str) -> set[str]:
            low = text.lower()
            return set(_WORD.findall(low)) | {m.group(0) for m in re.finditer(r"type [12]", low)}

        mine, theirs = words(claim), words(evidence)
        for a, b in _PAIRS:
            for this, other in ((a, b), (b, a)):
                if mine & this and not theirs & this and theirs & other and not mine & other:
                    return "opposite"
        for group in _ALTERNATIVES:
            said = [k for k, g in enumerate(group) if mine & g]
            there = [k for k, g in enumerate(group) if theirs & g]
            if said and there and not set(said) & set(there):
                return "opposite"
        return ""

    @staticmethod
    def _prefixed(claim: str, evidence: str) -> str:
        """"reversible" against "non-reversible", "curable" against "incurable"."""
        def words(text: str) -> set[str]:
            return {w.lower() for w in _WORD.findall(text)}

        mine, theirs = words(claim), words(evidence)
        for a, b in ((mine, theirs), (theirs, mine)):
            for w in a:
                if len(w) >= 5 and any(f"{p}{w}" in b for p in ("non-", "non", "un", "in", "ir", "im", "dis")) \
                        and not any(f"{p}{w}" in a for p in ("non-", "non", "un", "in", "ir", "im", "dis")):
                    return "opposite"
        return ""

    @staticmethod
    def _names(claim: str, evidence: str, article_text: str) -> str:
        """A name of the claim (a word rare in everyday English: a drug, a condition, a gene)
        that the article never uses, or that its evidence swaps for another name."""
        from wordfreq import zipf_frequency

        def rare(text: str) -> set[str]:
            return {w.lower() for w in _WORD.findall(text) if len(w) >= 4
                    and zipf_frequency(w.lower(), "en") < MAX_NAME_ZIPF}

        def stem(w: str) -> str:
            return w[:6] if len(w) >= 6 else w

        have = {stem(w.lower()) for w in _WORD.findall(article_text)}
        here = {stem(w.lower()) for w in _WORD.findall(evidence)}
        mine = rare(claim)
        if any(stem(w) not in have for w in mine):
            return "name"
        theirs = {stem(w) for w in rare(evidence)}
        if any(stem(w) not in here for w in mine) and theirs - {stem(w) for w in rare(claim)}:
            return "name"  # "leukocytosis" where the evidence says "leukopenia"
        return ""


_CLAUSE = re.compile(r",?\s+(?:and (?:it|they|this|these|the)|but|while|whereas|which|and then|and also|"
                     r"although)\s+|;\s+|,\s+and\s+(?=[a-z]+\s+\w+)", re.IGNORECASE)


def _clauses(sentence: str) -> list[str]:
    """A sentence's claims: "X, and Y", "X, but Y", "X; Y" (each side at least four words)."""
    parts = [p.strip(" ,.") for p in _CLAUSE.split(sentence)]
    if len(parts) < 2 or any(len(p.split()) < 4 for p in parts):
        return [sentence]
    return parts
