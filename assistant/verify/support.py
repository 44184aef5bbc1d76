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

from library.bounded import Bounded
from library.sentences import LIST_ITEM, sentences
from library.sentences import claims as sentence_claims
from library.words import LETTER_WORD, NUMBER_OR_WORD, content_stems, search_stop_words

# a number with what it counts: "10 mg", "2.5%", "1 in 4", "65 years", "two weeks"
_WITH_UNIT = re.compile(r"(?<![\w.])(\d+(?:[.,]\d+)*)\s*(%|percent|mg|mcg|micrograms?|milligrams?|grams?|g|kg|ml|"
                        r"iu|units?|inch(?:es)?|pounds?|calories|hours?|days?|weeks?|months?|years?|minutes?|"
                        r"seconds?)\b")
_UNIT_OF = {"percent": "%", "milligram": "mg", "milligrams": "mg", "microgram": "mcg", "micrograms": "mcg",
            "gram": "g", "grams": "g", "unit": "units", "inch": "inches", "pound": "pounds",
            **{f"{u}s": u for u in ("hour", "day", "week", "month", "year", "minute", "second")}}
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
    ({"increase", "increases", "increased", "raise", "raises", "rise", "higher", "greater",
      "worsen", "worsens", "worse"},
     {"decrease", "decreases", "decreased", "lower", "lowers", "reduce", "reduces", "reduced", "fewer",
      "improve", "improves", "better", "milder"}),
    ({"before"}, {"after"}), ({"always"}, {"never"}), ({"common", "frequent"}, {"rare", "rarely", "uncommon"}),
    ({"benign"}, {"malignant", "cancerous"}), ({"acute"}, {"chronic"}), ({"dominant"}, {"recessive"}),
    ({"safe"}, {"unsafe", "dangerous", "harmful"}), ({"quickly", "fast", "rapidly", "faster"}, {"slowly", "slower"}),
    ({"high"}, {"low"}), ({"early"}, {"late"}), ({"more"}, {"less"}),
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
_PREFIXES = ("non-", "non", "un", "in", "ir", "im", "dis")
MAX_NAME_ZIPF = 2.5  # a word rarer than this in everyday English names something
SWAPPED_NAME_ZIPF = 3.0  # a name the evidence swaps for another may be a little more common


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
            reason = (self._numbers(claim, f"{text} {article.question}") or self._negation(claim, aligned)
                      or self._opposite(claim, aligned) or self._opposite(claim, text, pairs_only=True)
                      or self._prefixed(claim, aligned)
                      or self._names(claim, aligned, whole, article.question))
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

    @staticmethod
    def _numbers(claim: str, evidence: str) -> str:
        """Every number of the claim (digits, or words: "twice", "two") is in the evidence,
        with the same unit when it has one ("6 weeks" is not "6 months")."""
        def found(text: str) -> tuple[set[str], set[tuple[str, str]]]:
            low = text.lower()
            values = {m.replace(",", "") for m in re.findall(r"(?<![\w.])\d+(?:[.,]\d+)*", low)}
            values |= {_NUMBER_WORDS[w] for w in LETTER_WORD.findall(low) if w in _NUMBER_WORDS
                       and w not in ("one", "once")}  # "one of the most..." counts nothing
            units = {(v.replace(",", ""), _UNIT_OF.get(u, u)) for v, u in _WITH_UNIT.findall(low)}
            return values, units

        (values, units), (have, have_units) = found(claim), found(evidence)
        if values - have:
            return "numbers"
        for value, unit in units:
            if (value, unit) not in have_units and any(v == value for v, _ in have_units):
                return "numbers"  # the same number counting something else
        return ""

    def _negation(self, claim: str, evidence: str) -> str:
        """A "not" on one side only, about what both sides talk of (the words it governs are
        shared), unless the other side says it in other words ("unlikely")."""
        shared = self.terms(claim) & self.terms(evidence)

        def negated(text: str) -> bool:
            for m in _NEGATION.finditer(text):
                governed = self.terms(" ".join(text[m.end():].split()[:8]))
                if governed & shared:
                    return True
            return False

        mine, theirs = negated(claim), negated(evidence)
        if mine and not theirs and not _NEGATIVE_MEANING.search(evidence):
            return "negation"
        if theirs and not mine and not _NEGATIVE_MEANING.search(claim):
            return "negation"
        return ""

    @staticmethod
    def _opposite(claim: str, evidence: str, pairs_only: bool = False) -> str:
        def words(text: str) -> set[str]:
            low = text.lower()
            return set(LETTER_WORD.findall(low)) | {m.group(0) for m in re.finditer(r"type [12]", low)}

        mine, theirs = words(claim), words(evidence)
        for a, b in _PAIRS:
            for this, other in ((a, b), (b, a)):
                if mine & this and not theirs & this and theirs & other and not mine & other:
                    return "opposite"
        if pairs_only:
            return ""
        for group in _ALTERNATIVES:
            said = [k for k, g in enumerate(group) if mine & g]
            there = [k for k, g in enumerate(group) if theirs & g]
            if said and there and not set(said) & set(there):
                return "opposite"
        if _order(claim) and _order(evidence) and _order(claim) == tuple(reversed(_order(evidence))):
            return "opposite"  # "men are more likely than women" where women are more likely than men
        pairs, there = _number_owners(claim), dict(_number_owners(evidence))
        if any(value in there and there[value] != owner for value, owner in pairs):
            return "opposite"  # "below 50 for men" where 50 is the women's figure
        return ""

    @staticmethod
    def _prefixed(claim: str, evidence: str) -> str:
        """"reversible" against "non-reversible", "curable" against "incurable"."""
        def words(text: str) -> set[str]:
            return {w.lower() for w in LETTER_WORD.findall(text)}

        mine, theirs = words(claim), words(evidence)
        for a, b, text in ((mine, theirs, claim), (theirs, mine, evidence)):
            for w in a:
                if len(w) >= 5 and any(f"{p}{w}" in b for p in _PREFIXES) and not any(f"{p}{w}" in a for p in _PREFIXES) \
                        and not re.search(rf"\b(?:not|no|never)\s+(?:\w+\s+)?{re.escape(w)}\b", text.lower()):
                    return "opposite"  # ("not likely" is "unlikely")
        return ""

    @staticmethod
    def _names(claim: str, evidence: str, article_text: str, topic: str = "") -> str:
        """A name of the claim (a word rare in everyday English: a drug, a condition, a gene)
        that the article never uses, or that its evidence swaps for another name."""
        from wordfreq import zipf_frequency

        def rare(text: str, limit: float = MAX_NAME_ZIPF) -> set[str]:
            return {w.lower() for w in LETTER_WORD.findall(text) if len(w) >= 4
                    and zipf_frequency(w.lower(), "en") < limit}

        def stem(w: str) -> str:
            return w[:6] if len(w) >= 6 else w

        have = {stem(w.lower()) for w in LETTER_WORD.findall(article_text)}
        here = {stem(w.lower()) for w in LETTER_WORD.findall(evidence)}
        if any(stem(w) not in have for w in rare(claim)):
            return "name"
        about = {stem(w.lower()) for w in LETTER_WORD.findall(topic)}  # the article's topic is no swap
        mine = {w for w in rare(claim, SWAPPED_NAME_ZIPF) if stem(w) not in about}
        theirs = {stem(w) for w in rare(evidence)} - about
        if any(stem(w) not in here for w in mine) and theirs - {stem(w) for w in mine}:
            return "name"  # "leukocytosis" or "herpes simplex" where the evidence names another
        return ""


def _member(word: str) -> tuple[int, int] | None:
    """(group, member) of an alternative ("men" -> the sexes, men)."""
    for g, group in enumerate(_ALTERNATIVES):
        for k, members in enumerate(group):
            if word in members:
                return g, k
    return None


def _order(text: str) -> tuple | None:
    """The two alternatives on either side of "than": ("men", "women") -> their members."""
    low = text.lower()
    if " than " not in low:
        return None
    before, after = low.split(" than ", 1)
    a = next((m for w in reversed(LETTER_WORD.findall(before)) for m in [_member(w)] if m), None)
    b = next((m for w in LETTER_WORD.findall(after)[:4] for m in [_member(w)] if m), None)
    return (a, b) if a and b and a[0] == b[0] and a != b else None


def _number_owners(text: str) -> list[tuple[str, tuple[int, int]]]:
    """Each number with the alternative named closest to it within four words ("50 mg/dL for
    women": 50 belongs to women)."""
    tokens = NUMBER_OR_WORD.findall(text.lower())
    out = []
    for i, t in enumerate(tokens):
        if t[0].isdigit():
            after = [m for j in range(i + 1, min(len(tokens), i + 5)) for m in [_member(tokens[j])] if m]
            before = [m for j in range(i - 1, max(-1, i - 3), -1) for m in [_member(tokens[j])] if m]
            owner = (after or before or [None])[0]
            if owner:
                out.append((t.replace(",", ""), owner))
    return out

