"""Every sentence of a language model's answer proven against its sources, and its markers
put right.

``verify_answer`` splits the finished answer into sentences (list items count as sentences;
a marker after the full stop belongs to the sentence before it) and checks each one
(``assistant.verify.support``):

- against the articles it cites; a sentence the cited articles do not support but another
  numbered source does gets that source's marker instead (*moved*);
- a sentence with no marker is checked against all the sources and, when one supports it,
  gets its marker (*attributed*);
- a sentence no source supports loses its markers and is marked "(not found in the cited
  articles)", or dropped (``unsupported="drop"``).

The answer is grounded only when every sentence is supported. Sentences that make no claim
(a question back, "I hope this helps.") are left as they are and not counted.

Usage example::

    checked = verify_answer(body, {1: article_a, 2: article_b}, SupportChecker(embed))
    checked.body, checked.grounded, [s.to_json() for s in checked.sentences]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.answer import MARKER
from assistant.verify.support import Evidence, SupportChecker
from library.sentences import LIST_ITEM, paragraphs, sentences

NOT_FOUND = "*(not found in the cited articles)*"
_LEADING_MARKERS = re.compile(r"^(?:\s*\[\d{1,3}\])+")
_MARKERS_RUN = re.compile(r"\s*(?:\[\d{1,3}\]\s*)+")
# no claim to check: the text around an answer
_NO_CLAIM = re.compile(r"^\W*(?:i hope\b|hope this helps|please (?:talk|ask|see|consult)\b|talk to\b|ask your\b|"
                       r"consult (?:a|your)\b|see your\b|if you have (?:more|any other) questions\b|sources?:|"
                       r"in summary:?$)", re.IGNORECASE)
_ONLY_MARKERS = re.compile(r"\s*(?:\[\d{1,3}\]\s*)+")
_HEADING = re.compile(r"^\s*#{1,6}\s+")
_GROUPED = re.compile(r"\[(\d{1,3}(?:\s*[,;]\s*\d{1,3})+)\]")
_AFTER_STOP = re.compile(r"([.!?])((?:\[\d{1,3}\])+)")


def _normalise_markers(body: str) -> str:
    """"[1, 2]" as "[1][2]", and a marker glued after the full stop ("blood.[1] Gout") put
    before it, so the sentence it belongs to ends where it should."""
    body = _GROUPED.sub(lambda m: "".join(f"[{n}]" for n in re.split(r"\s*[,;]\s*", m.group(1))), body)
    return _AFTER_STOP.sub(lambda m: f"{m.group(2)}{m.group(1)}", body)


def _no_claim(text: str, markers: list[int]) -> bool:
    """Text that makes no claim to check: a heading, a lead-in, a closing courtesy, a
    question back, when it cites nothing (a cited sentence is always checked)."""
    if markers:
        return False
    bare = text.strip().strip("*").strip()
    return (not bare or bare.endswith((":", "?")) or bool(_NO_CLAIM.search(bare))
            or (len(bare.split()) <= 6 and not re.search(r"[.!]$", bare)))


@dataclass
class CheckedSentence:
    text: str  # the sentence without its markers
    citations: list[int]  # the markers it carries after checking
    supported: bool
    score: float = 0.0
    evidence: Evidence | None = None
    change: str = ""  # "attributed", "moved", "unsupported" or ""
    claim: bool = True  # False: no claim to check ("I hope this helps.")

    def to_json(self) -> dict:
        return {"text": self.text, "citations": self.citations, "supported": self.supported,
                "score": round(self.score, 3),
                "evidence": ({"article_id": self.evidence.article_id, "text": self.evidence.text}
                             if self.evidence else None),
                **({"change": self.change} if self.change else {})}


@dataclass
class CheckedAnswer:
    body: str
    sentences: list[CheckedSentence] = field(default_factory=list)

    @property
    def grounded(self) -> bool:
        claims = [s for s in self.sentences if s.claim]
        return bool(claims) and all(s.supported for s in claims)

    @property
    def supported_share(self) -> float:
        claims = [s for s in self.sentences if s.claim]
        return sum(s.supported for s in claims) / len(claims) if claims else 0.0


def split_claims(body: str) -> list[tuple[str, str, str, list[int]]]:
    """(line prefix, sentence text, separator after it, markers) for every sentence of every
    line; a marker that opens a sentence ("... blood. [1] It is ...") goes to the one before."""
    out: list[tuple[str, str, str, list[int]]] = []
    for line in _normalise_markers(body or "").split("\n"):
        only = _ONLY_MARKERS.fullmatch(line)
        last = next((k for k in range(len(out) - 1, -1, -1) if out[k][1]), None)
        if only and last is not None:  # "...blood.\n[1]": the marker of the sentence above
            p, t, sep, ms = out[last]
            out[last] = (p, t, sep, ms + [int(n) for n in MARKER.findall(line)])
            continue
        marker = LIST_ITEM.match(line) or _HEADING.match(line)
        prefix = marker.group(0) if marker else ""
        text = line[len(prefix):]
        pieces = sentences(text)
        if not pieces:
            out.append((prefix, "", "\n", []))
            continue
        for k, piece in enumerate(pieces):
            lead = _LEADING_MARKERS.match(piece)
            if lead and out and k > 0:
                p, t, sep, ms = out[-1]
                out[-1] = (p, t, sep, ms + [int(n) for n in MARKER.findall(lead.group(0))])
                piece = piece[lead.end():].strip()
                if not piece:
                    continue
            numbers = [int(n) for n in MARKER.findall(piece)]
            plain = _MARKERS_RUN.sub(" ", piece).strip()
            plain = re.sub(r"\s+([.!?,;:])", r"\1", plain)
            out.append((prefix if k == 0 else "", plain, " ", numbers))
        p, t, _, ms = out[-1]
        out[-1] = (p, t, "\n", ms)
    return out


def verify_answer(body: str, sources: dict[int, object], checker: SupportChecker,
                  unsupported: str = "mark") -> CheckedAnswer:
    """The answer with every sentence checked against ``sources`` (marker number -> article)."""
    claims = split_claims(body)
    checks = []
    for prefix, text, sep, numbers in claims:
        if not text or _no_claim(text, numbers) or not re.search(r"[A-Za-z0-9]", text):
            checks.append(None)
            continue
        cited = [n for n in dict.fromkeys(numbers) if n in sources]
        checks.append((text, cited))
    # first against the cited articles (or all of them, for a sentence citing none)
    first = checker.check_many([(text, [sources[n] for n in (cited or sources)])
                                for text, cited in (c for c in checks if c is not None)])
    retry_at = [i for i, c in enumerate(checks) if c is not None]
    verdicts = dict(zip(retry_at, first))
    # then, for a cited sentence its articles do not support, against the other sources
    second = [(i, checks[i][0], [n for n in sources if n not in checks[i][1]]) for i in retry_at
              if checks[i][1] and not verdicts[i].supported and len(sources) > len(checks[i][1])]
    others = checker.check_many([(text, [sources[n] for n in rest]) for _, text, rest in second])
    moved = {i: v for (i, _, _), v in zip(second, others) if v.supported}

    by_id = {getattr(a, "id", None): n for n, a in sources.items()}
    checked: list[CheckedSentence] = []
    lines: list[str] = []
    line = ""
    for i, (prefix, text, sep, numbers) in enumerate(claims):
        check = checks[i]
        if check is None:
            sentence = CheckedSentence(text, [n for n in numbers if n in sources], True, claim=False)
        else:
            _, cited = check
            verdict = moved.get(i, verdicts[i])
            n = by_id.get(verdict.evidence.article_id) if verdict.evidence else None
            if not verdict.supported:
                sentence = CheckedSentence(text, [], False, verdict.score, verdict.evidence, "unsupported")
            elif i in moved:
                sentence = CheckedSentence(text, [n], True, verdict.score, verdict.evidence, "moved")
            elif not cited:
                sentence = CheckedSentence(text, [n], True, verdict.score, verdict.evidence, "attributed")
            else:
                # the marker of the article the evidence is in, and only that one
                sentence = CheckedSentence(text, [n], True, verdict.score, verdict.evidence,
                                           "" if n in cited and len(cited) == 1 else "moved")
        if text:
            checked.append(sentence)
        if text and not sentence.supported and unsupported == "drop":
            rendered = ""
        elif text and not sentence.supported:
            rendered = f"{text} {NOT_FOUND}"
        else:
            rendered = text + "".join(f" [{n}]" for n in sentence.citations) if text else ""
        if prefix:
            line = prefix
        line = (line + (" " if line and not line.endswith(" ") and rendered else "") + rendered)
        if sep == "\n":
            dropped_item = prefix and not line[len(prefix):].strip() and text
            if not dropped_item:  # a list item whose only sentence was dropped goes with it
                lines.append(line.rstrip() if line.strip() or not prefix else "")
            line = ""
    out = "\n".join(lines)
    out = re.sub(r"\n{3,}", "\n\n", out).strip()
    return CheckedAnswer(out, checked)


def copied_sentences(body: str, cited: dict[int, int]) -> list[dict]:
    """The sentences of an answer copied from the articles (the offline answer): each is its
    own evidence, cited by the marker closing its paragraph (``cited``: marker -> article id)."""
    out = []
    for paragraph in paragraphs(body):
        numbers = [int(n) for n in MARKER.findall(paragraph) if int(n) in cited]
        if not numbers:
            continue  # the assistant's own words ("The library does not answer this ..."), no claim
        for _, text, _, _ in split_claims(paragraph):
            if text:
                out.append(CheckedSentence(text, numbers, True, 1.0, Evidence(cited[numbers[0]], text)).to_json())
    return out
