"""The library's own question forms: every stored question is written from a template ("What are
the symptoms of {topic} ?", "How should {topic} be used and what is the dosage ?"), so each
article's *type of answer* and *topic* are read from its question exactly.

The types are the library's (MedQuAD's question types), named as a person would ask for them:
definition, cause, symptom, diagnosis, treatment, prevention, outlook, complication, risk,
when_doctor, diet, side_effect, interaction, dosage, inheritance; plus the library's own
kinds no person asks by name (frequency, research, support, brand_names, information,
precautions, overdose, other). ``bench/question_types.py`` reports how many stored questions
the forms read (all but a few percent on the whole corpus).

Usage example::

    article_form("What is the outlook for Bell's Palsy ?")   # ("outlook", "Bell's Palsy")
"""

from __future__ import annotations

import re

# The types a person asks for (assistant.understand.reader detects them in a message).
TYPES = ("definition", "cause", "symptom", "diagnosis", "treatment", "prevention", "outlook",
         "complication", "risk", "when_doctor", "diet", "side_effect", "interaction", "dosage",
         "inheritance", "comparison")

_T = r"(?P<topic>.+?)"
# (pattern, type), first match wins; the topic is what the template leaves.
_FORMS = [(re.compile(p, re.IGNORECASE), t) for p, t in [
    (rf"^what is \(are\) {_T}\s*\??$", "definition"),
    (rf"^do you have information about {_T}\s*\??$", "information"),
    (rf"^what are the (?:signs and )?symptoms of {_T}\s*\??$", "symptom"),
    (rf"^what are the treatments? for {_T}\s*\??$", "treatment"),
    (rf"^is there any treatment for {_T}\s*\??$", "treatment"),
    (rf"^how (?:can|is|are) {_T} (?:be )?treated\s*\??$", "treatment"),
    (rf"^how many people are affected by {_T}\s*\??$", "frequency"),
    (rf"^what are the genetic changes related to {_T}\s*\??$", "cause"),
    (rf"^what is the outlook for {_T}\s*\??$", "outlook"),
    (rf"^what is the prognosis for {_T}\s*\??$", "outlook"),
    (rf"^what research (?:\(or clinical trials\) )?is being done for {_T}\s*\??$", "research"),
    (rf"^who is at risk for {_T}\??\s*\??$", "risk"),
    (rf"^what to do for {_T}\s*\??$", "diet"),
    (rf"^do i need to see a doctor for {_T}\s*\??$", "when_doctor"),
    (rf"^what are the complications of {_T}\s*\??$", "complication"),
    (rf"^what are the stages of {_T}\s*\??$", "outlook"),
    (rf"^what causes {_T}\s*\??$", "cause"),
    (rf"^how to diagnose {_T}\s*\??$", "diagnosis"),
    (rf"^how (?:can|is|are) {_T} (?:be )?diagnosed\s*\??$", "diagnosis"),
    (rf"^how to prevent {_T}\s*\??$", "prevention"),
    (rf"^is {_T} inherited\s*\??$", "inheritance"),
    (rf"^what are the brand names(?: of combination products)? of {_T}\s*\??$", "brand_names"),
    (rf"^how should {_T} be used and what is the dosage\s*\??$", "dosage"),
    (rf"^what is the dosage of {_T}\s*\??$", "dosage"),
    (rf"^what should i do if i forget a dose of {_T}\s*\??$", "dosage"),
    (rf"^what (?:are the )?side effects(?: or risks)? (?:of|can) {_T}(?: cause)?\s*\??$", "side_effect"),
    (rf"^what special dietary instructions should i follow with {_T}\s*\??$", "diet"),
    (rf"^are there interactions between {_T} and (?:other medications|herbs and supplements|foods)\s*\??$",
     "interaction"),
    (rf"^are there safety concerns or special precautions about {_T}\s*\??$", "precautions"),
    (rf"^what important warning or information should i know about {_T}\s*\??$", "precautions"),
    (rf"^what to do in case of emergency or overdose of {_T}\s*\??$", "overdose"),
    (rf"^who should get {_T} and why is it prescribed\s*\??$", "definition"),
    (rf"^what is the action of {_T} and how does it work\s*\??$", "definition"),
    (rf"^how effective is {_T}\s*\??$", "treatment"),
    (rf"^where to find support for people with {_T}\s*\??$", "support"),
    (rf"^how can i learn more about {_T}\s*\??$", "information"),
    (rf"^what other information should i know about {_T}\s*\??$", "other"),
    (rf"^what should i know about storage and disposal of {_T}\s*\??$", "other"),
    (rf"^(?:how (?:is|are|can) )?{_T} (?:be )?(?:treated)\b.*$", "treatment"),
    (rf"^how (?:can|is|are) {_T} (?:be )?prevented\b.*$", "prevention"),
    (rf"^what (?:is|are) {_T}\s*\??$", "definition"),
]]


def article_form(question: str) -> tuple[str, str]:
    """The type and topic of a stored question; ("", question) when no form reads it."""
    text = " ".join((question or "").split())
    for pattern, kind in _FORMS:
        m = pattern.match(text)
        if m:
            topic = m.group("topic").strip(" ?")
            # "Parasites - Scabies", "Back pain - acute": the topic is the named part
            return kind, topic
    return "", text.strip(" ?")


def topic_names(topic: str) -> list[str]:
    """The names a topic goes by: "Parasites - Enterobiasis (also known as Pinworm Infection)"
    gives "enterobiasis", "pinworm infection"; "Tuberculosis (TB)" gives "tuberculosis", "tb"."""
    names = []
    for piece in re.split(r"\s+-\s+", topic):
        inner = re.findall(r"\(([^()]+)\)", piece)
        outer = re.sub(r"\s*\([^()]*\)", "", piece).strip()
        names.append(outer)
        for i in inner:
            names.append(re.sub(r"^(?:also known as|or|aka)\s+", "", i.strip(), flags=re.IGNORECASE))
    if len(names) > 1 and names[0].lower() in {"parasites", "parasite"}:
        names = names[1:]
    return [n.lower() for n in names if n and len(n) > 1]
