"""Emergency triage: before anything is retrieved, decide whether someone is in danger now.

Two levels:

- ``urgent``: by the message, someone is in danger now. The answer opens with what to do and
  whom to call, whatever the library holds.
- ``info``: the message asks *about* an emergency topic. A one-line "if this is happening now,
  call ..." note, then the normal answer.

Detection reads each sentence (and the whole message) two ways: the unmistakable phrases of
``phrases`` (weighed by ``cues``) and the nearest written exemplars of ``exemplars``, by the
embedding model the assistant already loads. Either can make a sentence urgent; a sentence about a distant event
("last year", "for months") or a general question ("what should you do if someone is
choking?") is *about* the topic instead. Thresholds come from the settings and are
calibrated on data by ``bench/triage_calibrate.py``.

Usage example::

    triage = Triage(ExemplarIndex.load(embedder), settings.triage)
    result = triage.assess("my son swallowed drain cleaner")
    result.level, result.category, result.notice   # "urgent", "poisoning", "Call 911 now ..."
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from assistant.triage import cues, phrases
from assistant.triage.notices import PRIORITY, Notices
from library.sentences import sentences

LEVELS = {None: 0, "info": 1, "urgent": 2}
MAX_CHARS = 4000  # a message is read this far (the patterns' cost grows with length)
# Signs no "mild" or "fine" elsewhere in the sentence can make less than urgent.
NEVER_REASSURED = {"unresponsive", "breathing", "anaphylaxis", "bleeding", "poisoning", "suicide", "child"}
log = logging.getLogger(__name__)
MIN_SENTENCE_WORDS = 5


@dataclass
class TriageResult:
    level: str | None = None  # "urgent", "info" or None
    category: str | None = None  # the leading category
    categories: list[str] = field(default_factory=list)
    notice: str = ""
    numbers: list[tuple[str, str]] = field(default_factory=list)  # (label, number) for tel: links
    evidence: list[dict] = field(default_factory=list)  # what matched, for logs and tuning

    @property
    def urgent(self) -> bool:
        return self.level == "urgent"

    def to_json(self) -> dict:
        return {"level": self.level, "category": self.category, "notice": self.notice or None}

    def stronger(self, other: "TriageResult") -> "TriageResult":
        return other if LEVELS[other.level] > LEVELS[self.level] else self


@dataclass
class _Signal:
    level: str
    category: str
    how: str  # "phrase", "combo", "exemplar", "topic"
    text: str
    score: float = 1.0


class Triage:
    def __init__(self, exemplars, settings):
        """``exemplars``: an ``ExemplarIndex`` (or None: phrases only); ``settings``: ``TriageSettings``."""
        self.exemplars = exemplars
        self.settings = settings
        self.notices = Notices(settings.contacts)

    # ----- public ---------------------------------------------------------------------------
    def assess(self, message: str, standalone: str | None = None) -> TriageResult:
        """The triage of ``message``; of a follow-up, also of its ``standalone`` question (see
        ``follow_up``)."""
        result = self.decide(message, self.signals(message))
        return self.follow_up(result, message, standalone) if standalone else result

    def follow_up(self, result: TriageResult, message: str, standalone: str) -> TriageResult:
        """``result`` (the message's own triage) or, if stronger, that of the message read with
        the conversation (``standalone``). A follow-up saying the conversation's emergency topic
        is happening now ("he has them right now" after "what are the signs of a stroke?") is
        urgent."""
        if result.urgent or standalone.strip() == (message or "").strip():
            return result
        context = self.decide(standalone, self.signals(standalone))
        if context.level == "info" and cues.happening_now(cues.normalise(message)):
            return self.decide(standalone, [_Signal("urgent", context.category, "follow-up", message)])
        return result.stronger(context)

    def signals(self, message: str, *, matches=None) -> list[_Signal]:
        """Every sign found in the message, before the decision. ``matches``: the exemplar
        matches of ``units(message)`` if already computed (the calibration reuses them)."""
        message = (message or "")[:MAX_CHARS]
        text = cues.normalise(message)
        if not text:
            return []
        found: list[_Signal] = []
        sents = [cues.normalise(s) for s in cues.sentences(message)] or [text]
        for sent in sents:
            found += self._phrase_signals(sent)
        found += self._combo_signals(text, sents)
        found += self._topic_signals(text)
        if self.exemplars is not None:
            units = self.units(message)
            try:
                if matches is None:
                    matches = self.exemplars.match(units)
            except Exception:  # the phrases still stand; never lose a notice to the model
                log.exception("triage: exemplar match failed; phrases only")
                matches = []
            found += self._exemplar_signals(units, matches)
        return found

    @staticmethod
    def units(message: str) -> list[str]:
        """The texts compared with the exemplars: the message and each of its sentences."""
        sents = cues.sentences(message)
        whole = re.sub(r"\s+", " ", message or "").strip()
        # A sentence alone is matched only if it says enough: "I'm on paracetamol only." is
        # close to an overdose exemplar by its one topic word.
        return [whole] + [s for s in sents if s != whole and len(s.split()) >= MIN_SENTENCE_WORDS][:8]

    def decide(self, message: str, signals: list[_Signal]) -> TriageResult:
        urgent = [s for s in signals if s.level == "urgent"]
        info = [s for s in signals if s.level == "info"]
        if urgent:
            cats = self._ordered([s.category for s in urgent])
            norm = cues.normalise(message)
            return TriageResult(
                level="urgent", category=cats[0], categories=cats,
                notice=self.notices.urgent(cats, other_person=self._other_person(norm),
                                           carbon_monoxide="carbon monoxide" in norm or " co " in f" {norm} "),
                numbers=self.notices.numbers(cats), evidence=[s.__dict__ for s in urgent])
        if info:
            cats = self._ordered([s.category for s in info])
            return TriageResult(level="info", category=cats[0], categories=cats,
                                notice=self.notices.info(cats[0]), numbers=self.notices.numbers(cats),
                                evidence=[s.__dict__ for s in info])
        return TriageResult()

    # ----- signals ----------------------------------------------------------------------------
    @staticmethod
    def _level_of(sentence: str, category: str | None = None) -> str:
        """What a danger sign in this sentence means: urgent, unless the sentence is about a
        distant event, is a general question, or (for the lesser signs) says it is mild or
        settled."""
        # Thoughts of suicide that come and go are still a reason to reach a crisis line now.
        if cues.distant(sentence, recurring=category != "suicide") or cues.general(sentence):
            return "info"
        if category not in NEVER_REASSURED and cues.reassured(sentence):
            return "info"
        return "urgent"

    def _phrase_signals(self, sent: str) -> list[_Signal]:
        out = [_Signal("urgent", category, "phrase", m.group(0))
               for category, pattern in phrases.URGENT_ANYWAY.items() if (m := pattern.search(sent))]
        for category, pattern in phrases.URGENT.items():
            pos = 0
            while (m := pattern.search(sent, pos)) is not None:
                if not cues.negated(sent, m.start()) and not cues.simile(sent, m.start()):
                    out.append(_Signal(self._level_of(sent, category), category, "phrase", m.group(0)))
                    break
                pos = m.start() + 1  # "no pain, but not breathing": look again after the negated one
        return out

    def _combo_signals(self, text: str, sents: list[str]) -> list[_Signal]:
        out = []
        for category, pairs in phrases.COMBOS.items():
            for context, danger in pairs:
                if not context.search(text):
                    continue
                for sent in sents:
                    m = danger.search(sent)
                    if m and not cues.negated(sent, m.start()):
                        out.append(_Signal(self._level_of(sent, category), category, "combo", m.group(0)))
                        break
        return out

    @staticmethod
    def _topic_signals(text: str) -> list[_Signal]:
        return [_Signal("info", c, "topic", m.group(0))
                for c, p in phrases.TOPIC.items() if (m := p.search(text))]

    def _exemplar_signals(self, units: list[str], matches) -> list[_Signal]:
        out = []
        for unit, m in zip(units, matches):
            level = self.exemplar_level(m, self.urgent_as(cues.normalise(unit)), self.settings)
            if level == "urgent" or (level == "info" and m.urgent >= m.info):
                out.append(_Signal(level, m.urgent_category, "exemplar", m.urgent_exemplar, m.urgent))
            elif level == "info":
                out.append(_Signal("info", m.info_category, "exemplar", unit, m.info))
        return out

    @classmethod
    def urgent_as(cls, unit: str) -> str:
        """What an urgent exemplar match means in this text (see ``_level_of``)."""
        if cues.negated_danger(unit):
            return "info"
        return cls._level_of(unit, "exemplar")

    @staticmethod
    def exemplar_level(m, urgent_as: str, s) -> str | None:
        """What the nearest exemplars say of one text. Urgent when the nearest urgent exemplar
        is close and closer than any non-urgent one: closeness and lead add up,
        ``urgent + urgent_margin_weight * margin >= urgent_similarity``, with a lead of at
        least ``urgent_margin`` (then ``urgent_as`` decides). Info when the text is close to
        an emergency exemplar, and closer to them than to the ordinary ones."""
        if (m.urgent + s.urgent_margin_weight * m.margin >= s.urgent_similarity
                and m.margin >= s.urgent_margin):
            return urgent_as
        if m.topic >= s.info_similarity and m.topic > m.ordinary:
            return "info"
        return None

    # ----- helpers ----------------------------------------------------------------------------
    @staticmethod
    def _ordered(categories: list[str]) -> list[str]:
        seen = list(dict.fromkeys(categories))
        return sorted(seen, key=lambda c: PRIORITY.index(c) if c in PRIORITY else 99)

    @staticmethod
    def _other_person(text: str) -> bool:
        """The thoughts of suicide are someone else's ("my friend wants to end it", "I'm
        worried my son is suicidal"), not the writer's: decided by who the sentence that
        names them is about."""
        for sent in sentences(text):
            m = phrases.URGENT["suicide"].search(sent) or phrases.TOPIC["suicide"].search(sent)
            if not m:
                continue
            said = sent[:m.end()]
            if re.search(r"\b(?:himself|herself|themselves|themself|his (?:own )?life|her (?:own )?life|their (?:own )?lives?)\b", m.group(0)):
                return True
            subjects = re.findall(r"\b(i|i'm|i've|i am|my (?:friend|son|daughter|husband|wife|partner|brother|sister|"
                                  r"mom|dad|mother|father|kid|child|boyfriend|girlfriend|roommate|student|teen\w*)|"
                                  r"he|she|they|he's|she's|they're)\b", said)
            if subjects:
                return not subjects[-1].startswith("i")
        return False
