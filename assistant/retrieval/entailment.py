"""Question entailment as a re-ranking stage: among the fused candidates, an article whose
stored question *entails* the message (the same topic, the same kind of answer) moves up.

The MedQuAD paper's answer to consumer questions (Ben Abacha & Demner-Fushman 2019) re-ranks
the retrieved questions by recognising question entailment; here it is read from the library's
own question forms (``assistant.understand``): each stored question has a type and a topic,
and the message has a type and a focus. A candidate about the message's focus gets ``weight``
more; one whose stored question also asks the type of answer wanted gets ``weight`` again.
Only the first ``top`` candidates are re-ordered, so an article far down never jumps up.
Each judged candidate carries its judgement (``Candidate.entailment``: 1 entailed, 0.5 the
same topic, 0 neither), which the refusal reads; with ``weight`` 0 the stage only judges.

Usage example::

    stage = QuestionEntailment(library, QuestionReader.from_library(library), weight=0.06)
    candidates = stage(query, fused)
"""

from __future__ import annotations

from dataclasses import replace

from assistant.understand.forms import article_form, topic_names
from assistant.understand.names import name_key as _key
from assistant.understand.reader import ANSWERED_BY, QuestionReader


class QuestionEntailment:
    name = "entailment"

    def __init__(self, library, reader: QuestionReader, weight: float = 0.06, top: int = 20):
        self.library = library
        self.reader = reader
        self.weight = weight
        self.top = top
        self._forms: dict[int, tuple[str, set[str]]] = {}

    def form(self, article) -> tuple[str, set[str]]:
        if article.id not in self._forms:
            kind, topic = article_form(article.question)
            self._forms[article.id] = (kind, {_key(n) for n in topic_names(topic)})
        return self._forms[article.id]

    def __call__(self, query, candidates: list) -> list:
        if not candidates:
            return candidates
        u = self.reader.read(query.text)
        focus = {_key(f) for f in u.focus}
        if not focus:
            return candidates
        wanted = ANSWERED_BY.get(u.type, set())
        head = []
        for c in candidates[:self.top]:
            article = self.library.meta(c.article_id)
            if article is None:
                head.append(c)
                continue
            kind, topic = self.form(article)
            about = bool(topic & focus)
            entailed = about and kind in wanted
            bonus = self.weight * about + self.weight * entailed
            head.append(replace(c, score=c.score + bonus, entailment=1.0 if entailed else 0.5 if about else 0.0))
        if self.weight <= 0:  # judge only: the refusal reads the judgement, the order stays
            return head + candidates[self.top:]
        return sorted(head, key=lambda c: -c.score) + candidates[self.top:]
