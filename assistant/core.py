"""The assistant: question in, grounded and cited answer out.

Steps: emergency triage of the message -> follow-up rewritten as a standalone question (and
triaged too) -> hybrid retrieval -> refusal when nothing is close enough -> answer (language
model if configured, else extractive) -> markers checked against the sources -> notes added.
An urgent message is never only refused: its notice leads, streamed before anything else.

Usage example::

    assistant = build_assistant(settings)               # assistant.factory
    answer = assistant.ask("How does interferon work against hepatitis B?")
    answer.text, answer.citations, answer.refused
    for event in assistant.stream("and its side effects?", conversation):  # assistant.conversation
        ...   # {"type": "triage", ...} if urgent, {"type": "text", "text": so_far} ...,
              # then {"type": "answer", "answer": Answer}
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterator
from dataclasses import replace

from assistant.answer import Answer, Citation, Source, markers
from assistant.answerer import UNGROUNDED, Answerer, Draft
from assistant.conversation import Conversation
from assistant.followup import FollowUps
from assistant.memory import MemoryTrim
from assistant.retrieval.retriever import one_per_page
from assistant.safety import DISCLAIMER
from assistant.triage import TriageResult
from assistant.verify.attribute import copied_sentences, verify_answer

NONE_SUPPORTED = ("None of the language model's sentences was found in the articles it was given, "
                  "so they are not shown.")
NONE_SUPPORTED_BODY = "Read the articles listed below."
NOT_ALL_SUPPORTED = ("Some sentences of this answer were not found in the articles it cites; they "
                     "are marked.")

log = logging.getLogger(__name__)
REFUSAL = ("The QuickTakes library does not cover this question, so no answer is given. "
           "The closest articles are listed below; they may not answer it.")
URGENT_NOT_COVERED = ("The QuickTakes library has no article that answers this message. The closest "
                      "articles are listed below; they may not apply.")
URGENT_TOPIC_ARTICLES = ("The QuickTakes library has no article that answers this message itself. "
                         "Articles on the topic are listed below; they are not a substitute for help now.")
# What the library is searched for when an urgent message itself matches nothing.
TOPIC_QUERIES = {
    "heart": "heart attack warning signs", "stroke": "stroke warning signs",
    "breathing": "choking and trouble breathing emergency", "anaphylaxis": "anaphylaxis",
    "unresponsive": "unconscious person first aid", "bleeding": "severe bleeding first aid",
    "poisoning": "poisoning and overdose", "suicide": "suicidal thoughts and depression",
    "seizure": "seizure first aid", "child": "danger signs in a sick baby or child",
    "head_injury": "head injury warning signs", "headache": "sudden severe headache and meningitis",
    "pregnancy": "bleeding and pain in pregnancy", "burns": "severe burns",
    "vision": "sudden vision loss", "sepsis": "sepsis",
}


class Assistant:
    def __init__(self, retriever, settings, answerer: Answerer, triage=None, followups=None, verifier=None):
        self.retriever = retriever
        # every sentence of a model's answer proven against its sources (assistant.verify)
        self.verifier = verifier
        self.memory = MemoryTrim()  # freed native memory returned every few answers
        # how a follow-up is read without a model (assistant.followup.FollowUps)
        self.followups = followups or FollowUps.from_library(getattr(retriever, "library", None))
        self.settings = settings
        self.answerer = answerer  # assistant.answerer: extractive, or a model with a fallback
        self.triage = triage  # assistant.triage.Triage (None: no triage, tests of other parts only)

    @property
    def answerer_name(self) -> str:
        return self.answerer.name

    @property
    def library(self):
        return self.retriever.library

    # ----- public API --------------------------------------------------------------------
    def ask(self, question: str, history=None, *, k: int | None = None,
            subject: str | None = None, exclude: frozenset[int] = frozenset()) -> Answer:
        answer = None
        for event in self.stream(question, history, k=k, subject=subject, exclude=exclude):
            if event["type"] == "answer":
                answer = event["answer"]
        return answer

    def stream(self, question: str, history=None, *, k: int | None = None,
               subject: str | None = None, exclude: frozenset[int] = frozenset()) -> Iterator[dict]:
        started = time.perf_counter()
        question = (question or "").strip()
        conversation = Conversation.of(history)
        triage = self._triage(question)
        yield from self._announce(triage, None)
        previous = conversation.understood()
        if previous and not triage.urgent:
            # the simple reading of a follow-up first: a model's rewrite may take seconds
            triage = yield from self._announce(
                self._follow_up(triage, question, self._fallback_standalone(question, previous)), triage)
        standalone, notice = self._standalone(question, conversation)
        if not triage.urgent:
            triage = yield from self._announce(self._follow_up(triage, question, standalone), triage)
        t_triage = time.perf_counter()

        t0 = time.perf_counter()
        try:
            answer, retrieval, t1 = yield from self._retrieve_and_answer(
                question, standalone, notice, triage, k=k, subject=subject, exclude=exclude)
        except Exception:
            if not triage.urgent:
                raise
            # whatever failed after the notice, the person still gets the notice
            log.exception("answering an urgent message failed; the notice is the answer")
            retrieval, t1 = None, time.perf_counter()
            answer = Answer(question=question, body=URGENT_NOT_COVERED, citations=[], sources=[],
                            refused=True, grounded=False, answerer=self.answerer_name, emergency=True,
                            emergency_notice=triage.notice, triage=triage, disclaimer=DISCLAIMER)
        t2 = time.perf_counter()
        answer.timings_ms = {"triage_ms": (t_triage - started) * 1000,
                             "retrieve_ms": (t1 - t0) * 1000, "answer_ms": (t2 - t1) * 1000,
                             "total_ms": (t2 - started) * 1000,
                             **(retrieval.timings_ms if retrieval is not None else {})}
        yield {"type": "text", "text": answer.text}
        yield {"type": "answer", "answer": answer}
        self.memory.answered()  # every few answers, freed native memory goes back to the system

    # ----- steps -------------------------------------------------------------------------
    def _retrieve_and_answer(self, question, standalone, notice, triage, *, k, subject, exclude):
        """Retrieval, refusal or the answerer's answer; returns (answer, retrieval, t_retrieved)."""
        retrieval = self.retriever.retrieve(standalone, k=k, subject=subject or None,
                                            exclude=exclude)
        t1 = time.perf_counter()
        hits = one_per_page(retrieval.hits)
        sources = [self._source(h) for h in hits]
        base = dict(question=question, sources=sources, emergency=triage.urgent,
                    standalone_question=standalone if standalone != question else "",
                    disclaimer=DISCLAIMER, emergency_notice=triage.notice if triage.urgent else "",
                    triage=triage)

        if not retrieval.covered:
            body = REFUSAL
            if triage.urgent:  # the notice is the answer; articles on its topic may follow
                body = URGENT_NOT_COVERED
                topic = self.retriever.retrieve(TOPIC_QUERIES.get(triage.category, triage.category),
                                                k=k, subject=subject or None, exclude=exclude)
                if topic.covered:
                    base["sources"] = [self._source(h) for h in one_per_page(topic.hits)]
                    body = URGENT_TOPIC_ARTICLES
            answer = Answer(body=body, citations=[], refused=True, grounded=False,
                            answerer=self.answerer_name, notice=notice, **base)
        else:
            answer = yield from self._answer(standalone, hits, base, notice, exclude)
        return answer, retrieval, t1

    def _triage(self, text: str) -> TriageResult:
        return self.triage.assess(text) if self.triage is not None else TriageResult()

    def _follow_up(self, triage: TriageResult, question: str, standalone: str) -> TriageResult:
        if self.triage is None or standalone == question:
            return triage
        return self.triage.follow_up(triage, question, standalone)

    @staticmethod
    def _announce(triage: TriageResult, before: TriageResult | None):
        """Stream the urgent notice the moment a message becomes urgent (once); returns ``triage``."""
        if triage.urgent and not (before is not None and before.urgent):
            yield {"type": "triage", "triage": triage}
            yield {"type": "text", "text": triage.notice}
        return triage

    def _standalone(self, question: str, conversation: Conversation) -> tuple[str, str]:
        """The question as it stands alone, and a notice if the rewrite failed."""
        previous = conversation.understood()
        if not previous:
            return question, ""
        try:
            condensed = self.answerer.condense(question, conversation.messages())
        except Exception as exc:  # fall back to the simple rule below
            notice = f"The language model could not rewrite the follow-up ({type(exc).__name__})."
            return self._fallback_standalone(question, previous), notice
        if condensed is not None:
            return condensed, ""
        return self._fallback_standalone(question, previous), ""

    def _fallback_standalone(self, question: str, previous: list[str]) -> str:
        """Without a language model: a message that cannot stand alone is read with the topic
        of the earlier questions (as they were understood); one naming its own topic starts a
        new one (``assistant.followup``)."""
        return self.followups.standalone(question, previous)

    @staticmethod
    def _snippet(text: str) -> str:
        snippet = re.sub(r"\s+", " ", text).strip()
        if len(snippet) > 280:
            snippet = snippet[:280].rsplit(" ", 1)[0] + " …"
        return snippet

    def _source(self, hit) -> Source:
        return Source(id=hit.article.id, title=hit.article.title, url=hit.article.url,
                      score=hit.score, subject=hit.article.subject,
                      similarity=hit.dense_similarity, snippet=self._snippet(hit.passage),
                      related=list(hit.article.related))

    def _answer(self, question: str, hits, base: dict, notice: str, exclude: frozenset[int] = frozenset()):
        """Stream the answerer's text (after the triage's lead), then build the ``Answer``."""
        t = base["triage"]
        lead = (t.notice + "\n\n") if t is not None and t.notice and t.level in ("urgent", "info") else ""
        draft = None
        for item in self.answerer.stream(question, hits, **({"exclude": exclude} if exclude else {})):
            if isinstance(item, Draft):
                draft = item
            else:
                yield {"type": "text", "text": lead + item}
        if draft is None:
            raise RuntimeError(f"the answerer {self.answerer_name!r} ended without an answer")
        by_id = {h.article.id: h.article for h in hits}
        by_id.update({a.id: a for a in draft.sources})
        body, pairs, grounded, sentences = draft.body, draft.citations, draft.grounded, []
        if not draft.copied and self.verifier is not None and hits:
            # written (a model): every sentence is proven against the articles it was shown
            sources = {n: a for n, a in enumerate(draft.sources, 1)}
            if not sources:  # the answerer broke the Draft contract: nothing can support a sentence
                log.warning("answerer %r wrote a draft naming no sources: none of its sentences can "
                            "be shown as supported", draft.answerer or self.answerer_name)
            checked = verify_answer(draft.body, sources, self.verifier, self.settings.verify.unsupported)
            body, grounded = checked.body, checked.grounded
            pairs = [(n, sources[n].id) for n in dict.fromkeys(markers(body)) if n in sources]
            sentences = [c.to_json() for c in checked.sentences if c.claim]
            # the notice says what the check found, not what the model's markers were
            draft.notice = (NONE_SUPPORTED if not body.strip() else
                            NOT_ALL_SUPPORTED if not grounded and pairs else UNGROUNDED if not pairs else "")
            if not body.strip():
                body = NONE_SUPPORTED_BODY
        elif draft.copied:
            sentences = copied_sentences(body, dict(pairs))
        citations = [Citation(n, aid, by_id[aid].title, by_id[aid].url) for n, aid in pairs]
        listed = {s.id for s in base["sources"]} | {s.url for s in base["sources"] if s.url}
        cited_ids = {aid for _, aid in pairs}
        for _, aid in pairs:  # a cited article the retrieval did not list (a same-topic sibling)
            a = by_id[aid]
            if aid in listed:
                continue
            stand_in = next((i for i, s in enumerate(base["sources"])
                             if a.url and s.url == a.url and s.id not in cited_ids), None)
            if stand_in is not None:
                # another article of its page stands for the page: the cited one takes its place
                # (same page, same link), so its card carries its [n] and the passage quoted
                sources = list(base["sources"])
                sources[stand_in] = replace(sources[stand_in], id=a.id, title=a.title, subject=a.subject,
                                            snippet=self._snippet(a.answer), related=list(a.related))
                base["sources"] = sources
                listed.add(aid)
                continue
            base["sources"] = [*base["sources"], Source(
                id=a.id, title=a.title, url=a.url, score=0.0, subject=a.subject, similarity=0.0,
                snippet=self._snippet(a.answer), related=list(a.related))]
            listed |= {aid, a.url}
        return Answer(body=body, citations=citations, grounded=grounded,
                      answerer=draft.answerer or self.answerer_name, sentences=sentences,
                      notice=" ".join(p for p in (notice, draft.notice) if p), **base)
