"""The evaluation on a small fake-embedder index: stored answers, leave one out, judged
questions, the language-model judge, feedback; and the run folder they are written to."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pytest

from evaluation.report import FILES, write_run
from evaluation.judge import AnswerJudge, default_judge
from evaluation.records import KEYS_BY_MODE
from evaluation.runner import (
    evaluate_judged,
    evaluate_stored,
    sample_articles,
)
from eval_testdata import HTML_ID

IRON_CAUSES, IRON_TREATED = 910001, 910002


def load_folder(folder: Path) -> tuple[dict, list[dict]]:
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    records = [json.loads(line) for line in (folder / "results.jsonl").read_text(encoding="utf-8").splitlines()]
    return summary, records


def assert_summary_is_mean_of_records(summary: dict, records: list[dict]) -> None:
    """Recomputed independently of metrics.summarise: plain Python over the JSON."""
    assert summary["questions"] == len(records)
    for key, value in summary["metrics"].items():
        vals = [float(r[key]) for r in records if r.get(key) is not None]
        assert summary["n"][key] == len(vals), key
        if vals:
            assert value == pytest.approx(sum(vals) / len(vals), abs=1e-12), key
        else:
            assert value is None, key


@pytest.fixture(scope="module")
def stored_run(extractive_assistant):
    return evaluate_stored(extractive_assistant, sample=100, seed=3, progress=False)


def test_sample_is_seeded_and_stable(extractive_assistant):
    lib = extractive_assistant.library
    first = [a.id for a in sample_articles(lib, 4, seed=1)]
    assert first == [a.id for a in sample_articles(lib, 4, seed=1)]
    assert first != [a.id for a in sample_articles(lib, 4, seed=2)]
    assert len(sample_articles(lib, 100, seed=1)) == len(lib) == 8


def test_stored_answers_every_article_found_and_grounded(stored_run):
    ev = stored_run
    assert ev.mode == "stored" and len(ev.records) == 8
    metrics = ev.summary["metrics"]
    assert set(metrics) == set(KEYS_BY_MODE["stored"])
    # each article's own question finds it first (the fake embedder matches the question
    # record exactly) and the extractive answer copies sentences verbatim
    assert metrics["hit@1"] == metrics["hit@5"] == metrics["mrr"] == 1.0
    assert metrics["groundedness"] == 1.0
    assert metrics["refused"] == 0.0
    assert metrics["judge_score"] is None  # no language model configured
    assert 0 < metrics["rouge_l"] <= 1 and 0 < metrics["similarity"] <= 1
    for r in ev.records:
        assert r["source_rank"] == 1 and r["cited_ids"][0] == r["id"]
        assert r["latency_ms"] > 0 and r["stored_answer"]
        assert r["judge_score"] is None and r["judge_reason"] is None
        # citation precision: the source and its related articles count
        relevant = {r["id"], *r["related_ids"]}
        assert r["citation_precision"] == pytest.approx(
            sum(1 for c in r["cited_ids"] if c in relevant) / len(r["cited_ids"]))


def test_run_folder_has_four_files_and_summary_is_the_mean(stored_run, tmp_path):
    folder = write_run(tmp_path / "run", stored_run)
    assert sorted(p.name for p in folder.iterdir()) == sorted(FILES)
    summary, records = load_folder(folder)
    assert_summary_is_mean_of_records(summary, records)
    assert summary["run"]["sample"] == 8 and summary["run"]["seed"] == 3
    assert summary["latency_percentiles_ms"]["p50"] is not None


def test_html_report_is_self_contained_and_escaped(stored_run, tmp_path):
    folder = write_run(tmp_path / "run", stored_run, worst=20)
    page = (folder / "report.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert page.count("data:image/png;base64,") >= 4  # similarity, groundedness, hit@k, latency
    assert not re.search(r"<script|<link|<iframe|@import|url\(", page, re.IGNORECASE)
    assert not re.search(r"""src=(?!["']?data:)""", page)  # nothing loaded from anywhere
    # the article with HTML in its answer is shown escaped, both sides
    assert any(r["id"] == HTML_ID and "<script>" in r["stored_answer"] for r in stored_run.records)
    assert "&lt;script&gt;alert(&#x27;owned&#x27;)&lt;/script&gt;" in page
    assert "<b>every year</b>" not in page and "Vaccines &amp; boosters" in page
    md = (folder / "report.md").read_text(encoding="utf-8")
    assert "<script>" not in md and "| hit@1 | 1.000 |" in md


def test_leave_one_out_hides_the_source(extractive_assistant, tmp_path):
    ev = evaluate_stored(extractive_assistant, sample=100, seed=3, leave_one_out=True, progress=False)
    assert ev.mode == "leave_one_out"
    for r in ev.records:
        assert r["id"] not in r["sources"] and r["source_rank"] is None
        assert r["hit@1"] is None and r["hit@5"] is None and r["mrr"] is None
        if r["cited_ids"]:  # only related articles count, never the (hidden) source
            related = set(r["related_ids"])
            assert r["citation_precision"] == pytest.approx(
                sum(1 for c in r["cited_ids"] if c in related) / len(r["cited_ids"]))
        if r["refused"]:
            assert r["rouge_l"] == r["similarity"] == 0.0 and r["groundedness"] is None
    # the two iron articles are related to each other: each cites the other
    iron = next(r for r in ev.records if r["id"] == IRON_CAUSES)
    assert not iron["refused"] and iron["cited_ids"][0] == IRON_TREATED
    assert iron["citation_precision"] > 0
    assert ev.summary["metrics"]["hit@1"] is None
    folder = write_run(tmp_path / "loo", ev)
    assert_summary_is_mean_of_records(*load_folder(folder))


def test_refusals_score_zero_similarity(make_assistant):
    assistant = make_assistant(min_similarity=1.01)  # refuse everything
    ev = evaluate_stored(assistant, sample=3, seed=1, progress=False)
    assert ev.summary["metrics"]["refused"] == 1.0
    assert ev.summary["metrics"]["similarity"] == 0.0 and ev.summary["metrics"]["rouge_l"] == 0.0
    assert ev.summary["metrics"]["groundedness"] is None  # a refusal claims nothing
    assert ev.summary["metrics"]["citation_precision"] is None


# ----- the language-model judge ----------------------------------------------------------------

def chat(*replies: str, cycle: bool = False):
    from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
    from langchain_core.messages import AIMessage

    messages = [AIMessage(content=r) for r in replies]
    return GenericFakeChatModel(messages=itertools.cycle(messages) if cycle else iter(messages))


def test_judge_grades_llm_answers_and_groundedness_finds_the_invented_sentence(make_assistant):
    answer_model = chat("Iron deficiency anemia is caused by too little iron in the body [1]. "
                        "The moon is made of green cheese [1].", cycle=True)
    assistant = make_assistant(chat_model=answer_model)
    assert default_judge(make_assistant()) is None  # extractive: no judge
    judge = default_judge(assistant, chat_model=chat("score: 3; reason: Half of it is invented.",
                                                     "I refuse to grade"))
    assert isinstance(judge, AnswerJudge)
    articles = [assistant.library.get(IRON_CAUSES), assistant.library.get(IRON_TREATED)]
    ev = evaluate_stored(assistant, articles=articles, judge=judge, progress=False)
    first, second = ev.records
    assert first["answerer"].startswith("llm:")
    assert first["groundedness"] == 0.5
    assert first["unsupported"] == ["The moon is made of green cheese."]
    # the sentence check marked it too, and the run reports it per answer
    assert "The moon is made of green cheese. *(not found in the cited articles)*" in first["answer"]
    assert first["supported_share"] == 0.5 and first["fully_grounded"] == 0.0
    assert (first["judge_score"], first["judge_reason"]) == (3, "Half of it is invented.")
    assert second["judge_score"] is None and "not understood" in second["judge_reason"]
    assert ev.summary["metrics"]["judge_score"] == 3.0 and ev.summary["n"]["judge_score"] == 1


def test_judge_failure_does_not_stop_the_run(make_assistant):
    from langchain_core.language_models.fake_chat_models import GenericFakeChatModel

    class Broken(GenericFakeChatModel):
        def _generate(self, *a, **kw):
            raise ConnectionError("down")

    judge = AnswerJudge(Broken(messages=iter([])))
    assert judge.grade("q", "reference", "answer") == (None, "judge failed (ConnectionError)")


# ----- judged questions ---------------------------------------------------------------------

def test_judged_questions_per_question_figures_average_to_judged_metrics(extractive_assistant, tmp_path):
    from evaluation.judged import load_qrels, load_questions

    qfile, rfile = tmp_path / "q.jsonl", tmp_path / "qrels.tsv"
    qfile.write_text("\n".join(json.dumps(q) for q in [
        {"qid": "a", "subject": "anemia", "message": "Why am I low on iron? What causes iron deficiency anemia?"},
        {"qid": "b", "subject": "headache", "message": "Which pills stop migraine attacks coming back?"},
        {"qid": "c", "subject": "toe", "message": "My big toe hurts, is it gout?"},
    ]), encoding="utf-8")
    rfile.write_text("a\t4\t910001\na\t2\t910002\nb\t4\t910004\nb\t3\t910003\nc\t1\t910006\n",
                     encoding="utf-8")
    questions, qrels = load_questions(qfile), load_qrels(rfile)
    ev = evaluate_judged(extractive_assistant, questions, qrels, progress=False)
    assert [r["id"] for r in ev.records] == ["a", "b", "c"]
    for key in ("avg_score", "mrr@10", "map@10", "p@1", "judged@10"):
        assert ev.summary["metrics"][key] == pytest.approx(ev.summary["judged_metrics"][key]), key
    a = ev.records[0]
    assert a["sources"][0] == 910001 and a["avg_score"] == 3 and a["p@1"] == 1.0
    assert a["grades"][0] == 4
    folder = write_run(tmp_path / "judged", ev)
    assert_summary_is_mean_of_records(*load_folder(folder))
    assert "Lowest-scoring questions" in (folder / "report.html").read_text(encoding="utf-8")


# ----- feedback -----------------------------------------------------------------------------

def test_feedback_thumbs_down_asked_again(extractive_assistant, tmp_path):
    from evaluation.feedback_set import evaluate_feedback, load_feedback
    from history.feedback import record_feedback

    path = tmp_path / "feedback.jsonl"
    old = {"question": "What is gout?", "answer": "Gout is <i>rare</i>.", "citations": [],
           "answerer": "extractive"}
    record_feedback(path, old, "down", "Too short & wrong")
    record_feedback(path, {**old, "question": "What causes iron deficiency anemia?"}, "up")
    with open(path, "a", encoding="utf-8") as fh:
        fh.write("not json\n")
    record_feedback(path, {**old, "question": "How does the flu vaccine work?"}, "down", "")
    entries, skipped = load_feedback(path)
    assert [e.record.question for e in entries] == ["What is gout?", "How does the flu vaccine work?"]
    assert skipped == ["line 3: not JSON (Expecting value)"]

    ev = evaluate_feedback(extractive_assistant, entries, progress=False)
    first = ev.records[0]
    assert first["id"] == entries[0].key and first["comment"] == "Too short & wrong"
    assert first["old_answer"] == "Gout is <i>rare</i>." and first["changed"] is True
    assert first["answer"].startswith("Gout is a form of arthritis") and first["refused"] is False
    assert first["citations"][0]["id"] == 910006 and first["groundedness"] == 1.0
    folder = write_run(tmp_path / "fb", ev)
    assert_summary_is_mean_of_records(*load_folder(folder))
    page = (folder / "report.html").read_text(encoding="utf-8")
    assert "Gout is &lt;i&gt;rare&lt;/i&gt;." in page and "Too short &amp; wrong" in page


def test_a_feedback_case_keeps_its_id_when_a_deleted_conversation_takes_lines_out(tmp_path):
    from evaluation.feedback_set import load_feedback
    from history.feedback import forget_conversation, record_feedback

    path = tmp_path / "feedback.jsonl"
    answer = {"question": "What is gout?", "answer": "…", "citations": [], "answerer": "extractive"}
    record_feedback(path, answer, "down", conversation_id="c-gone", turn=0)
    record_feedback(path, {**answer, "question": "What is lupus?"}, "down", conversation_id="c-kept", turn=2)
    record_feedback(path, {**answer, "question": "How is flu spread?"}, "down")  # not saved
    before = {e.record.question: e.key for e in load_feedback(path)[0]}
    assert before["What is lupus?"] == "feedback:c-kept:2"
    forget_conversation(path, "c-gone")
    after = {e.record.question: e.key for e in load_feedback(path)[0]}
    assert after == {q: k for q, k in before.items() if q != "What is gout?"}  # the lines moved up
    assert len(set(before.values())) == 3
