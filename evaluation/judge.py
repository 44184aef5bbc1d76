"""A 1-5 correctness grade of an answer against a reference answer, by a chat model: the
stored-answer evaluation's ``judge_score`` (``evaluation.runner.evaluate_stored``).

The judge is asked for one line (``score: 4; reason: ...``); ``parse_judgement`` also reads JSON,
``4/5`` or a bare digit, since small models do not always follow the format. Any failure of the
model gives ``(None, reason)`` and the evaluation goes on.

Usage example::

    judge = default_judge(assistant)          # None for the extractive answerer
    judge.grade(question, stored_answer, answer_body)   # -> (4, "Correct but omits ...")
"""

from __future__ import annotations

import json
import re

from evaluation import metrics as m

JUDGE_TEXT_CHARS = 3000

JUDGE_SYSTEM = """You grade answers to health questions for correctness.
Compare the ANSWER with the REFERENCE answer, which is correct. Grade 1 to 5:
5 = correct and consistent with the reference; 4 = correct but misses minor points;
3 = partly correct or misses important points; 2 = mostly wrong or off the question;
1 = wrong, contradicts the reference, or does not answer.
Reply with exactly one line: score: <1-5>; reason: <one short sentence>"""

JUDGE_HUMAN = """QUESTION: {question}

REFERENCE: {reference}

ANSWER: {answer}

Your grade (one line):"""

_SCORE_LABELLED = re.compile(r"\b(?:score|grade|rating)\b\W{0,4}([1-5])(?:\s*(?:/|out of)\s*5)?\b",
                             re.IGNORECASE)
_SCORE_ANY = re.compile(r"(?<![\d.])([1-5])(?:\s*(?:/|out of)\s*5)?(?![\d.])")
_REASON = re.compile(r"\breason\b\W{0,3}(.+)", re.IGNORECASE | re.DOTALL)


def parse_judgement(text: str) -> tuple[int | None, str]:
    """``(score 1-5 or None, one-line reason)`` from whatever the judge wrote.

    Accepts ``score: 4; reason: ...``, JSON ``{"score": 4, "reason": "..."}``, ``4/5 ...``
    or a bare leading digit; the reason falls back to the text without the score.
    """
    text = (text or "").strip()
    score: int | None = None
    reason = ""
    candidate = text.strip("` \n")
    if candidate.lower().startswith("json"):
        candidate = candidate[4:].strip()
    if candidate.startswith("{"):
        try:
            data = json.loads(candidate[: candidate.rfind("}") + 1])
            raw = data.get("score", data.get("grade"))
            score = int(raw) if raw is not None and 1 <= int(float(raw)) <= 5 else None
            reason = str(data.get("reason", "") or "")
        except (ValueError, TypeError, AttributeError):
            score = None
    if score is None:
        match = _SCORE_LABELLED.search(text) or _SCORE_ANY.search(text)
        score = int(match.group(1)) if match else None
    if not reason:
        match = _REASON.search(text)
        reason = match.group(1) if match else _SCORE_LABELLED.sub("", text)
    reason = m.normalise_space(reason).strip(" ;:-\"'")
    return score, reason[:300]


class AnswerJudge:
    """A 1-5 correctness grade of an answer against the stored answer, by a chat model.

    ``prompt | chat model | text`` (LCEL); any failure of the model gives ``(None, reason)``.

    Usage example::

        judge = AnswerJudge(make_chat_model(settings))
        judge.grade(question, stored_answer, answer_body)   # -> (4, "Correct but omits ...")
    """

    def __init__(self, chat_model, name: str | None = None):
        from langchain_core.output_parsers import StrOutputParser
        from langchain_core.prompts import ChatPromptTemplate

        self.name = name or f"llm:{getattr(chat_model, 'model_name', None) or type(chat_model).__name__}"
        self.chain = (ChatPromptTemplate.from_messages([("system", JUDGE_SYSTEM),
                                                        ("human", JUDGE_HUMAN)])
                      | chat_model | StrOutputParser())

    def grade(self, question: str, reference: str, answer: str) -> tuple[int | None, str]:
        try:
            text = self.chain.invoke({"question": question,
                                      "reference": _clip(reference, JUDGE_TEXT_CHARS),
                                      "answer": _clip(m.strip_markers(answer), JUDGE_TEXT_CHARS)})
        except Exception as exc:  # a judge failure must not stop the evaluation
            return None, f"judge failed ({type(exc).__name__})"
        score, reason = parse_judgement(text)
        if score is None:
            return None, f"judge reply not understood: {m.normalise_space(text)[:120]}"
        return score, reason


def default_judge(assistant, chat_model=None) -> AnswerJudge | None:
    """A judge when the assistant answers with a language model, built from the same settings
    (or from ``chat_model``); None for the extractive answerer."""
    if chat_model is None and assistant.answerer_name == "extractive":
        return None
    if chat_model is None:
        from assistant.llm import make_chat_model

        chat_model = make_chat_model(assistant.settings)
    return AnswerJudge(chat_model)


def _clip(text: str, n: int) -> str:
    text = text or ""
    return text if len(text) <= n else text[:n].rsplit(" ", 1)[0] + " ..."


