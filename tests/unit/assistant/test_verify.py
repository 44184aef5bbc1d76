"""assistant.verify: every sentence of a model's answer checked against the articles it cites
(words and consistency here, without the embedding model; bench/support_check.py measures
the real check on 270 labelled cases), markers put right, unsupported sentences marked or
dropped, and the verdicts in the answer and its JSON."""

from __future__ import annotations

import re

import pytest

from assistant.verify.attribute import NOT_FOUND, copied_sentences, split_claims, verify_answer
from assistant.verify.support import SupportChecker
from assistant_fixtures import INTERFERON_QUESTION, fake_chat
from library.records import ArticleRecord

GOUT = ArticleRecord(id=11, question="What is gout?", title="Gout", url="https://x/gout", hash="h", answer=(
    "Gout is a kind of arthritis caused by too much uric acid in the blood. Gout is more common in men "
    "than in women. An attack usually goes away within 10 days. The attack is not likely to spread to "
    "other joints.\n\nColchicine is taken for 3 days during an attack.\n\nTreatment may include:\n"
    "- Nonsteroidal anti-inflammatory drugs\n- Corticosteroids"))
LUPUS = ArticleRecord(id=22, question="What is lupus?", title="Lupus", url="https://x/lupus", hash="h",
                      answer="Lupus is an autoimmune disease. It can affect the skin, joints and kidneys.")


@pytest.fixture(scope="module")
def checker() -> SupportChecker:
    return SupportChecker(None)  # words and consistency only


@pytest.mark.parametrize("sentence, supported, reason", [
    ("Gout is a kind of arthritis caused by too much uric acid in the blood.", True, ""),  # verbatim
    ("An attack of gout usually goes away within 10 days.", True, ""),  # reworded
    ("Gout is caused by too much uric acid, and an attack usually goes away within 10 days.", True, ""),
    ("The attack is unlikely to spread to other joints.", True, ""),  # "not likely" in other words
    ("Treatment may include corticosteroids.", True, ""),  # a list item with its lead-in
    ("An attack usually goes away within 100 days.", False, "numbers"),
    ("Colchicine is taken for 3 weeks during an attack.", False, "numbers"),  # the unit changed
    ("The attack is likely to spread to other joints.", False, "negation"),
    ("Gout is more common in women than in men.", False, "opposite"),
    ("Allopurinol is taken for 3 days during an attack.", False, "name"),  # a drug the article lacks
    ("Gout is caused by too much uric acid, and it damages the kidneys within a month.", False, "weak"),
])
def test_each_kind_of_sentence(checker, sentence, supported, reason):
    verdict = checker.check_many([(sentence, [GOUT])])[0]
    assert (verdict.supported, verdict.reason) == (supported, reason), verdict
    if supported:
        # the evidence is the article's own text (a list item with its lead-in: "...include: Item")
        assert verdict.evidence.article_id == GOUT.id
        assert all(part in GOUT.answer for part in re.split(r"(?<=:) ", verdict.evidence.text))


def test_a_marker_after_the_full_stop_belongs_to_the_sentence_before():
    claims = split_claims("Gout hurts. [1] Lupus is autoimmune [2].\n- Corticosteroids [1]")
    assert [(t, m) for _, t, _, m in claims] == [("Gout hurts.", [1]), ("Lupus is autoimmune.", [2]),
                                                  ("Corticosteroids", [1])]


def test_markers_are_put_right_and_unsupported_sentences_marked(checker):
    body = ("Gout is caused by too much uric acid in the blood. [1] Lupus can affect the skin, joints and "
            "kidneys [1].\n\nAn attack usually goes away within 100 days [1]. Gout is more common in men "
            "than in women.\n\nI hope this helps.")
    checked = verify_answer(body, {1: GOUT, 2: LUPUS}, checker)
    assert checked.body == (
        "Gout is caused by too much uric acid in the blood. [1] Lupus can affect the skin, joints and "
        f"kidneys. [2]\n\nAn attack usually goes away within 100 days. {NOT_FOUND} Gout is more common in "
        "men than in women. [1]\n\nI hope this helps.")
    assert [(s.change, s.supported, s.citations) for s in checked.sentences if s.claim] == [
        ("", True, [1]), ("moved", True, [2]), ("unsupported", False, []), ("attributed", True, [1])]
    assert not checked.grounded and checked.supported_share == 0.75
    assert checked.sentences[2].to_json() == {
        "text": "An attack usually goes away within 100 days.", "citations": [], "supported": False,
        "score": round(checked.sentences[2].score, 3), "change": "unsupported",
        "evidence": {"article_id": 11, "text": "An attack usually goes away within 10 days."}}
    dropped = verify_answer(body, {1: GOUT, 2: LUPUS}, checker, unsupported="drop")
    assert "100 days" not in dropped.body and NOT_FOUND not in dropped.body


def test_an_answer_is_grounded_only_when_every_sentence_is_supported(checker):
    assert verify_answer("Gout is more common in men than in women [1].", {1: GOUT}, checker).grounded
    assert not verify_answer("I hope this helps.", {1: GOUT}, checker).grounded  # no claim at all


def test_the_offline_answer_s_sentences_are_their_own_evidence():
    body = "Gout is a kind of arthritis. It hurts. [1]\n\nTreatment may include:\n- Corticosteroids [1]"
    out = copied_sentences(body, {1: 11})
    assert [s["text"] for s in out] == ["Gout is a kind of arthritis.", "It hurts.", "Treatment may include:",
                                        "Corticosteroids"]
    assert all(s["supported"] and s["citations"] == [1] and s["evidence"] == {"article_id": 11, "text": s["text"]}
               for s in out)


# ----- through the assistant, with the fake chat model -------------------------------------------

COPIED = ("They enhance the host's immune response against the hepatitis B virus (HBV) by activating various "
          "immune cells, including natural killer (NK) cells and T lymphocytes")
INVENTED = "Interferon cures hepatitis B in 95 percent of patients within two weeks"


def test_a_model_answer_is_checked_sentence_by_sentence(seed_assistant):
    from assistant_fixtures import run_stream

    reply = f"{COPIED} [1]. {INVENTED} [1]."
    assistant = seed_assistant(chat_model=fake_chat(reply), verify={"check": True, "min_similarity": 0.0})
    texts, answer = run_stream(assistant.stream(INTERFERON_QUESTION))
    assert answer.answerer.startswith("llm:") and not answer.grounded
    assert [(s["supported"], s["citations"]) for s in answer.sentences] == [(True, [1]), (False, [])]
    assert answer.sentences[0]["evidence"]["article_id"] == answer.sources[0].id
    assert f"{INVENTED}. {NOT_FOUND}" in answer.body
    assert "not found in the articles it cites" in answer.notice
    assert answer.to_json()["sentences"] == answer.sentences
    # the text streamed as the model wrote it; the verdicts came with the final answer
    assert INVENTED in texts[-2] and NOT_FOUND not in texts[-2] and texts[-1] == answer.text


def test_the_offline_answer_carries_its_sentences(seed_assistant):
    answer = seed_assistant().ask(INTERFERON_QUESTION)
    assert answer.sentences and all(s["supported"] for s in answer.sentences)
    assert {s["evidence"]["article_id"] for s in answer.sentences} <= {c.id for c in answer.citations}


ASPIRIN = ArticleRecord(id=33, question="Aspirin and children", title="Aspirin", url="https://x/a", hash="h",
                        answer="Aspirin is not recommended for children under 16 because of Reye syndrome.")


@pytest.mark.parametrize("body, expected", [
    # a marker glued after the full stop still ends its sentence; the invented one is caught
    ("Gout is more common in men than in women.[1] Gout is cured by drinking milk.[1]",
     f"Gout is more common in men than in women. [1] Gout is cured by drinking milk. {NOT_FOUND}"),
    # "[1, 2]" is two markers; a sentence keeps only the marker of the article that supports it
    ("Gout is more common in men than in women [1, 2].", "Gout is more common in men than in women. [1]"),
    ("Gout is more common in men than in women [1][2].", "Gout is more common in men than in women. [1]"),
    # a marker alone on the next line belongs to the sentence above
    ("Gout is more common in men than in women.\n[1]", "Gout is more common in men than in women. [1]"),
    # every cited sentence is checked: one-word items, courtesy openings, questions
    ("Treatment may include:\n- Corticosteroids [1]\n- Allopurinol [1]",
     f"Treatment may include:\n- Corticosteroids [1]\n- Allopurinol {NOT_FOUND}"),
    ("Consulting a doctor within 2 days cures gout in 90% of people [1].",
     f"Consulting a doctor within 2 days cures gout in 90% of people. {NOT_FOUND}"),
    ("Did you know gout affects 90% of women? [1]", f"Did you know gout affects 90% of women? {NOT_FOUND}"),
    # headings and lead-ins citing nothing are not claims
    ("## Symptoms\n**Who gets it:**\nGout is more common in men than in women.",
     "## Symptoms\n**Who gets it:**\nGout is more common in men than in women. [1]"),
])
def test_what_the_review_found(checker, body, expected):
    assert verify_answer(body, {1: GOUT, 2: LUPUS}, checker).body == expected


def test_word_for_word_means_whole_words(checker):
    claim = "Aspirin is not recommended for children under 1."
    assert not checker.check_many([(claim, [ASPIRIN])])[0].supported
    assert checker.check_many([("Aspirin is not recommended for children under 16.", [ASPIRIN])])[0].supported


def test_dropping_leaves_no_empty_item(checker):
    out = verify_answer("- Gout cures cancer in 90% of people [1]\n- Corticosteroids [1]", {1: GOUT}, checker,
                        unsupported="drop")
    assert out.body == "- Corticosteroids [1]"


def test_the_notice_says_what_the_check_found(seed_assistant):
    # no marker at all, but every sentence is found: attributed, grounded, no "cites none"
    reply = f"{COPIED}."
    answer = seed_assistant(chat_model=fake_chat(reply), verify={"check": True, "min_similarity": 0.0}).ask(
        INTERFERON_QUESTION)
    assert answer.grounded and answer.citations and answer.notice == ""
    # nothing found, dropped: the person is told why the answer is empty
    answer = seed_assistant(chat_model=fake_chat(f"{INVENTED}."),
                            verify={"check": True, "unsupported": "drop"}).ask(INTERFERON_QUESTION)
    assert not answer.grounded and "None of the language model's sentences" in answer.notice
    assert answer.body == "Read the articles listed below." and answer.sources


class FakeVeto:
    """Stands in for the cross-encoder: a claim holding "only" contradicts its evidence."""

    def __init__(self):
        self.pairs = []

    def contradicted(self, pairs):
        self.pairs += pairs
        return ["only" in claim for _, claim in pairs]


def test_the_contradiction_veto_reads_each_accepted_clause_with_its_evidence():
    veto = FakeVeto()
    checker = SupportChecker(None, contradiction=veto)
    kept, vetoed, clauses, verbatim, weak = checker.check_many([
        ("An attack of gout usually goes away within 10 days.", [GOUT]),
        ("An attack of gout only usually goes away within 10 days.", [GOUT]),
        ("Gout is caused by too much uric acid, and an attack usually goes away within 10 days.", [GOUT]),
        ("Gout is a kind of arthritis caused by too much uric acid in the blood.", [GOUT]),
        ("Lupus is an autoimmune disease.", [GOUT]),
    ])
    assert (kept.supported, kept.reason) == (True, "")
    assert (vetoed.supported, vetoed.reason) == (False, "contradiction")
    assert clauses.supported and len(clauses.pairs) == 2  # each clause against its own evidence
    assert verbatim.supported and not verbatim.pairs  # the article's own words need no reading
    assert not weak.supported
    read = [claim for _, claim in veto.pairs]
    assert "Lupus is an autoimmune disease." not in read  # only what the rest accepted is read
    assert all(evidence in GOUT.answer for evidence, _ in veto.pairs)


def test_the_veto_setting_names_the_package_it_needs(monkeypatch):
    from assistant.verify import contradiction

    monkeypatch.setattr(contradiction, "PACKAGE", "no_such_package_for_the_veto")
    with pytest.raises(RuntimeError, match=r"verify\.contradiction.*no-such-package-for-the-veto.*\[nli\]"):
        contradiction.ContradictionModel.load()


def test_what_is_checked_is_said_by_the_draft_not_by_the_answerer_name(seed_assistant):
    """A draft is checked unless it says its sentences were copied, whatever its answerer's name."""
    from assistant.answerer import Draft
    from assistant_fixtures import run_stream

    body = f"{COPIED} [1]. {INVENTED} [1]."

    class Writer:  # a new answerer that writes, under a name that is not "llm:..."
        def __init__(self, name, copied):
            self.name, self.copied = name, copied

        def stream(self, question, hits, exclude=frozenset()):
            yield body
            yield Draft(body, [(1, hits[0].article.id)], grounded=True, answerer=self.name,
                        sources=[h.article for h in hits[:4]], copied=self.copied)

        def condense(self, question, history):
            return None

    assistant = seed_assistant(chat_model=fake_chat("unused"), verify={"check": True, "min_similarity": 0.0})
    assistant.answerer = Writer("house-writer", copied=False)
    _, written = run_stream(assistant.stream(INTERFERON_QUESTION))
    assert [s["supported"] for s in written.sentences] == [True, False] and not written.grounded
    assert f"{INVENTED}. {NOT_FOUND}" in written.body

    assistant.answerer = Writer("llm:says-copied", copied=True)
    _, copied = run_stream(assistant.stream(INTERFERON_QUESTION))
    assert NOT_FOUND not in copied.body and copied.grounded  # taken at its word: not checked
