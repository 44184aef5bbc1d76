"""Acronyms the library itself defines, spelled out in a person's question.

People write the short form ("I have NPH", "does effexor cause ED", "anesthesia for FXTAS
persons"); articles name the condition in full in their questions and mostly in their
answers. Neither the embedding model nor BM25 can tell that "nph" is normal pressure
hydrocephalus, but the library says so where it defines it: "Normal pressure hydrocephalus
(NPH) is ...". Those definitions are read from every article with the Schwartz-Hearst
algorithm (the ``abbreviations`` package) when the retriever starts, and a question's
acronym is followed by its long form before it is searched: "I have nph (normal pressure
hydrocephalus)".

Only what the library defines is expanded, so nothing outside it is guessed. A short form
is expanded when the question writes it all in capitals or all in lower case, and the
library never uses its lower-case spelling as an ordinary word: "nph" and "NPH" yes, "CAT
scan" no (the library defines CAT, but "cat" is also a word there), "Med" no. When the
library defines one short form several ways, the most frequent definition is used if it
holds at least two thirds of them; otherwise the acronym is left as written.

Usage example::

    acronyms = Acronyms.from_texts(article.text for article in library.articles)
    acronyms.expand("Nph. Any exercise class for people with nph?")
    # -> 'Nph (normal pressure hydrocephalus). Any exercise class for people with nph?'
"""

from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from library.words import LETTERS_FIRST

_SHORT = re.compile(r"[A-Za-z][A-Za-z0-9-]{1,9}")
MIN_SHARE = 2 / 3  # the leading definition's share of all definitions of one short form


class Acronyms:
    def __init__(self, definitions: dict[str, str], lowercase_words: set[str]):
        self.definitions = definitions  # lower-case short form -> long form
        self.lowercase_words = lowercase_words  # short forms also used as ordinary words

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> Acronyms:
        from abbreviations import schwartz_hearst

        logging.getLogger("abbreviations").setLevel(logging.ERROR)
        logging.getLogger("abbreviations.schwartz_hearst").setLevel(logging.ERROR)
        found: dict[str, Counter] = defaultdict(Counter)
        words: set[str] = set()
        for text in texts:
            words.update(w for w in LETTERS_FIRST.findall(text) if w.islower())
            try:
                pairs = schwartz_hearst.extract_abbreviation_definition_pairs(
                    doc_text=text, most_common_definition=False, first_definition=False)
            except Exception:  # the extractor trips on odd punctuation; skip that article
                continue
            for short, long in pairs.items():
                long = long.strip(" \"'()[],.;:").lower()
                if _SHORT.fullmatch(short) and any(c.isupper() for c in short) and long:
                    found[short.lower()][long] += 1
        definitions = {}
        for short, counts in found.items():
            long, n = counts.most_common(1)[0]
            if n / sum(counts.values()) >= MIN_SHARE and long != short:
                definitions[short] = long
        return cls(definitions, {w for w in words if w in definitions})

    def __len__(self) -> int:
        return len(self.definitions)

    def expand(self, text: str) -> str:
        """``text`` with each defined acronym followed by its long form, once per acronym."""
        done: set[str] = set()

        def spell_out(match: re.Match) -> str:
            word = match.group(0)
            key = word.lower()
            long = self.definitions.get(key)
            if not long or key in done or long in text.lower():
                return word
            # "NPH" or "nph", never a word the library also uses in lower case ("cat", "aids")
            if (not word.isupper() and not word.islower()) or key in self.lowercase_words:
                return word
            done.add(key)
            return f"{word} ({long})"

        return _SHORT.sub(spell_out, text)
