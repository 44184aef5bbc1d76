"""What a piece of an exported page is: a heading (on its own line or run into the sentence it
heads), a lead-in, the last item of a flattened list running on into the text after it, a
closing repeat of what was said, a bracket the page cut in two. ``structure`` reads an answer's
lines with these.

Usage example::

    strip_run_in_heading("Biologic therapy Biologic therapy is a treatment.")
    # ('Biologic therapy', 'Biologic therapy is a treatment.')
"""

from __future__ import annotations

import re

from library.sentences import sentences
from library.words import WORD_PART

_FINITE_VERB = re.compile(r"\b(?:is|are|was|were|can|cannot|may|might|do|does|did|has|have|had|will|would|"
                          r"should|must|could|need|needs)\b")
_BINDS = {"by", "of", "with", "and", "or", "the", "a", "an", "to", "for", "in", "from", "as", "like", "than",
          "on", "at", "into", "including", "called", "named", "such"}
_CAPITAL_AFTER_LOWER = re.compile(r"(?<=[a-z)])\s+(?=[A-Z][a-z]+\s+[A-Za-z])")
_RUN_IN_HEADING = re.compile(r"^(?P<h>[A-Z][^.!?:]{2,60}?) (?P=h)\b", re.IGNORECASE)
_SMALL = r"(?:of|and|the|for|to|in|with|a|an|or|on|by|&)"
_TITLE_WORD = r"(?:\(?[A-Z][\w'()/,-]*)"
_STARTER = (r"(?:The|A|An|Your|This|These|Those|It|If|In|Most|Many|Some|There|People|You|"
            r"Patients|Children|When|Although|Because|Doctors|Each|Every|Several|All|Treatment|"
            r"Surgery|Symptoms|Researchers|Scientists|About|Once|Unlike|During|After|Before)")
_TITLE_HEADING = re.compile(rf"^(?P<h>{_TITLE_WORD}(?:\s+(?:{_TITLE_WORD}|{_SMALL})){{0,6}})\s+(?={_STARTER}\s)")
_SMALL_WORDS = {"of", "and", "the", "for", "to", "in", "with", "a", "an", "or", "on", "by", "&"}
_CAPS_HEADING = re.compile(r"^(?P<h>[A-Z][A-Z0-9,&/()'-]*(?:\s+[A-Z0-9,&/()'-]+){1,9})\s+(?=[A-Z][a-z])")
COLON_HEADING = re.compile(r"^(?P<h>[A-Z][\w,()'/-]*(?:\s+[\w,()'/-]+){0,7})\s+:(?:\s+|$)")
_SUBHEADING = re.compile(r"(?<=\S)\s+(?=[A-Z][^A-Z:.!?]{2,40}:$)")
_STARTS_SENTENCE = re.compile(rf"(?<=\S)\s+(?=(?:{_STARTER[3:-1]}|Several|Other|Tell|Talk|Call|Ask|Get|"
                              r"Take|Keep|Avoid|Never|Always|Note|Learn|Read|For|NIH|Treatment|"
                              r"Diagnosis|Signs)\s)")


def balanced(text: str) -> str:
    """Without a closing bracket the text never opened: exported pages cut a parenthesis in two
    ("...Symptoms may be mild or severe.)")."""
    while text.endswith(")") and text.count(")") > text.count("("):
        text = text[:-1].rstrip()
    return text


def without_echo(text: str) -> str:
    """The text without its closing repeat ("Gender. Men have a higher risk. Gender. Men have a
    higher risk."): cut where every sentence left was said before."""
    said = sentences(text)
    ends, at = [], 0
    for sentence in said:  # where each sentence ends, in order
        at = text.index(sentence, at) + len(sentence)
        ends.append(at)
    for k in range(1, len(said)):
        if all(s in said[:k] for s in said[k:]):
            return text[:ends[k - 1]].rstrip()
    return text


def repeats(text: str, items: list[str]) -> bool:
    """Whether ``text`` only says the items again (a page that printed its list twice)."""
    said = set(WORD_PART.findall(text.lower()))
    return len(said) >= 3 and said <= {w for i in items for w in WORD_PART.findall(i.lower())}


def is_heading(line: str, next_line: str | None) -> bool:
    """A short line that is not a sentence and is followed by text: a heading."""
    text = line.strip().strip("*").strip()
    if not text or next_line is None:
        return False
    if re.fullmatch(r"\*\*[^*]+\*\*:?", line.strip()):
        return True
    return 0 < len(WORD_PART.findall(text)) <= 8 and not re.search(r"[.!;,]$", text) and not text.endswith(":")


def is_question_heading(sentence: str) -> bool:
    """"What are the symptoms of X?" at the start of a paragraph: the page's heading."""
    return sentence.endswith("?") and len(sentence.split()) <= 25


def split_lead(text: str) -> tuple[str, str]:
    """A paragraph ending in a lead-in: (the sentences before it, the lead-in sentence)."""
    parts = sentences(text)
    if len(parts) <= 1:
        return "", text
    lead = parts[-1]
    return text[:text.rindex(lead)].strip(), lead


def cut_last_item(item: str, others: list[str]) -> tuple[str, str]:
    """The last item of a flattened list runs on into the rest of the page: (the item, the rest).

    It ends at its first sentence end; when the other items are short phrases, also before a
    word that starts a sentence ("Weight loss Tell your provider...")."""
    cuts = []
    sub = _SUBHEADING.search(item)  # "...or tongue Gastrointestinal:": the next list's heading
    if sub:
        cuts.append(sub.start())
    first = sentences(item)[0] if item else ""
    if len(first) < len(item):
        cuts.append(len(first))
    lengths = sorted(len(o.split()) for o in others)
    if others and lengths[len(lengths) // 2] <= 15 and sum(o.rstrip().endswith(".") for o in others) <= len(others) / 3:
        m = _STARTS_SENTENCE.search(item)
        if m:
            cuts.append(m.start())
        # "...and other children Babies do not develop at the same rate.": a sentence after a
        # phrase, the capital after a lower-case word
        for m in _CAPITAL_AFTER_LOWER.finditer(item):
            rest = item[m.end():]
            if (len(rest.split()) >= 5 and re.match(r"[^.!?]*[a-z][.!?]", rest)
                    and item[:m.start()].split()[-1].lower() not in _BINDS
                    and _FINITE_VERB.search(" ".join(rest.split()[:6]).lower())):
                cuts.append(m.start())
                break
    if not cuts:
        return item, ""
    cut = min(cuts)
    return item[:cut].strip(), item[cut:].strip()


def strip_run_in_heading(text: str) -> tuple[str, str]:
    """A heading run into the sentence it heads: ``"Biologic therapy Biologic therapy is a..."``,
    ``"Controlling the Infection The main goal..."``, ``"SIDE EFFECTS Most medicines..."``,
    ``"Symptoms : ..."`` -> (heading, the sentence)."""
    m = _RUN_IN_HEADING.match(text)
    if m and len(m.group("h").split()) <= 6:
        return m.group("h"), text[len(m.group("h")) + 1:]
    m = _CAPS_HEADING.match(text) or COLON_HEADING.match(text)
    if m:
        return m.group("h").strip(), text[m.end():]
    m = _TITLE_HEADING.match(text)
    if m and m.group("h").split()[-1].lower() not in _SMALL_WORDS:
        return m.group("h"), text[m.end():]
    return "", text
