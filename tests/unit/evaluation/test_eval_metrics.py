"""The per-question figures on known strings: ROUGE-L, groundedness, citation precision,
the judge's reply parsing, summaries and thresholds."""

from __future__ import annotations

import pytest

from evaluation import metrics as m
from evaluation.judge import parse_judgement
from evaluation.thresholds import check_thresholds, load_thresholds

ARTICLE = ("Gout is a form of arthritis caused by uric acid crystals in a joint. It often "
           "starts in the big toe with sudden severe pain and swelling.\n\n1. **Treatment**: "
           "Colchicine and anti-inflammatory drugs relieve an attack.")


# ----- ROUGE-L ------------------------------------------------------------------------------

def test_rouge_l_on_known_strings():
    # longest common subsequence "the cat on the mat": 5 of 6 words each way
    assert m.rouge_l("the cat sat on the mat", "the cat lay on the mat") == pytest.approx(5 / 6)
    assert m.rouge_l("identical words here", "identical words here") == pytest.approx(1.0)
    assert m.rouge_l("nothing shared", "completely different text") == 0.0
    assert m.rouge_l("", "reference") == 0.0


def test_rouge_l_ignores_citation_markers_and_reports_precision_and_recall():
    p, r, f = m.rouge_l_scores("the cat sat [1] on the mat [2]", "the cat sat on the mat and slept")
    assert p == pytest.approx(1.0)  # every answer word is in the reference, in order
    assert r == pytest.approx(6 / 8)
    assert f == pytest.approx(2 * p * r / (p + r))


def test_cosine_normalises():
    assert m.cosine([1, 0], [2, 0]) == pytest.approx(1.0)
    assert m.cosine([1, 0], [0, 3]) == pytest.approx(0.0)
    assert m.cosine([1, 1], [1, 0]) == pytest.approx(2 ** -0.5)
    assert m.cosine([0, 0], [1, 0]) == 0.0


# ----- sentences and groundedness ----------------------------------------------------------

def test_cited_sentences_cut_at_marker_groups():
    body = "First claim. [1] Second claim [1][2]. Trailing words without marker."
    assert m.cited_sentences(body) == [("First claim.", [1]), ("Second claim", [1, 2]),
                                       ("Trailing words without marker.", [])]
    assert m.cited_sentences("Only a claim [3].") == [("Only a claim", [3])]  # "." is dropped
    assert m.cited_sentences("") == []


def test_verbatim_sentence_is_supported_whitespace_and_markdown_normalised():
    body = ("Gout is a form of arthritis caused by uric acid crystals in a joint. [1] "
            "**Treatment**: Colchicine and   anti-inflammatory drugs relieve an attack. [1]")
    result = m.groundedness(body, {1: ARTICLE})
    assert (result.score, result.sentences, result.supported, result.unsupported) == (1.0, 2, 2, [])


def test_unsupported_sentence_counts_against_groundedness():
    body = ("It often starts in the big toe with sudden severe pain and swelling. [1] "
            "Gout is cured permanently by drinking cherry juice every morning. [1]")
    result = m.groundedness(body, {1: ARTICLE})
    assert result.score == pytest.approx(0.5)
    assert result.unsupported == ["Gout is cured permanently by drinking cherry juice every morning."]


def test_paraphrase_with_most_content_stems_is_supported():
    # not verbatim, but every content-word stem (gout, arthriti, caus, uric, acid, crystal,
    # joint) occurs in the article: 100% >= 80%
    body = "Uric acid crystals in a joint cause gout, a kind of arthritis [1]."
    assert m.groundedness(body, {1: ARTICLE}).score == 1.0
    # 3 of 5 stems (60%) is not enough
    assert not m.sentence_supported("Uric acid damages kidneys badly", ARTICLE)


def test_wrong_marker_and_uncited_sentence_are_unsupported():
    body = "Gout is a form of arthritis caused by uric acid crystals in a joint. [2] Extra words."
    result = m.groundedness(body, {1: ARTICLE})  # [2] names no cited article
    assert result.score == 0.0 and result.sentences == 2


def test_sentence_with_two_markers_is_supported_by_either():
    body = "Colchicine and anti-inflammatory drugs relieve an attack. [1][2]"
    assert m.groundedness(body, {1: "Unrelated text about migraine.", 2: ARTICLE}).score == 1.0


def test_no_sentence_means_no_groundedness():
    assert m.groundedness("", {}).score is None


# ----- citations and retrieval ---------------------------------------------------------------

def test_citation_precision():
    assert m.citation_precision([1, 2, 3, 4], relevant={1, 3}) == pytest.approx(0.5)
    assert m.citation_precision([1, 1, 2], relevant={1}) == pytest.approx(0.5)  # each article once
    assert m.citation_precision([], relevant={1}) is None


def test_hits_and_reciprocal_rank():
    ranking = [7, 3, 9, 1, 4, 8]
    assert (m.hit_at(7, ranking, 1), m.hit_at(3, ranking, 1), m.hit_at(3, ranking, 5)) == (1, 0, 1)
    assert m.hit_at(8, ranking, 5) == 0
    assert m.reciprocal_rank(9, ranking) == pytest.approx(1 / 3)
    assert m.reciprocal_rank(99, ranking) == 0.0 and m.rank_of(99, ranking) is None


# ----- summaries ---------------------------------------------------------------------------

def test_summary_is_the_mean_of_non_null_values():
    records = [{"g": 1.0, "refused": False}, {"g": None, "refused": True}, {"g": 0.5, "refused": False}]
    s = m.summarise(records, ["g", "refused", "absent"])
    assert s["metrics"] == {"g": 0.75, "refused": pytest.approx(1 / 3), "absent": None}
    assert s["n"] == {"g": 2, "refused": 3, "absent": 0}
    assert s["stderr"]["g"] == pytest.approx(0.25)


def test_percentile():
    assert m.percentile([1, 2, 3, 4, 5], 50) == 3
    assert m.percentile([1, 2], 50) == 1.5
    assert m.percentile([], 50) is None


# ----- the judge's reply ---------------------------------------------------------------------

@pytest.mark.parametrize("reply, score, reason", [
    ("score: 4; reason: Correct but omits the dose.", 4, "Correct but omits the dose."),
    ("Score: 2\nReason: mostly wrong", 2, "mostly wrong"),
    ('{"score": 5, "reason": "matches the reference"}', 5, "matches the reference"),
    ('```json\n{"score": "3", "reason": "partial"}\n```', 3, "partial"),
    ("4/5 - good answer", 4, None),
    ("Grade 1. The answer contradicts the reference.", 1, None),
    ("I cannot grade this.", None, None),
    ("score: 9; reason: off the scale", None, None),
])
def test_parse_judgement(reply, score, reason):
    got_score, got_reason = parse_judgement(reply)
    assert got_score == score
    if reason is not None:
        assert got_reason == reason
    assert "\n" not in got_reason


# ----- thresholds ----------------------------------------------------------------------------

def test_repository_thresholds_cover_hit_at_1_and_groundedness():
    thresholds = load_thresholds()
    assert 0 < float(thresholds["stored"]["hit@1"]) <= 1
    assert 0 < float(thresholds["stored"]["groundedness"]) <= 1


def test_check_thresholds():
    summary = {"mode": "stored", "metrics": {"hit@1": 0.8, "groundedness": 0.99, "refused": 0.1,
                                             "judge_score": None}}
    assert check_thresholds(summary, {"stored": {"hit@1": 0.7, "groundedness": 0.95}}) == []
    failures = check_thresholds(summary, {"stored": {"hit@1": 0.9, "refused": {"max": 0.05},
                                                     "judge_score": 3}})
    assert len(failures) == 3
    assert "hit@1" in failures[0] and "below" in failures[0]
    assert "above" in failures[1] and "no value" in failures[2]
    assert check_thresholds({"mode": "judged", "metrics": {}}, {"stored": {"hit@1": 1}}) == []
